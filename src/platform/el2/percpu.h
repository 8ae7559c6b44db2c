/* SPDX-License-Identifier: MIT */
/*
 * Per-pCPU data of the EL2 image.  TPIDR_EL2 points at this pCPU's struct
 * el2_cpu from the first instruction of head.S on (Arm ARM D19.2: TPIDR_EL2
 * is software's to use).  The first fields are read by assembly
 * (engine/el2/guest_entry.S): keep the offsets below in step.
 */
#ifndef AV_EL2_PERCPU_H
#define AV_EL2_PERCPU_H

#define EL2_MAX_CPUS 8 /* = AV_EL2_MAX_PCPUS, checked below */
#define EL2_STACK_SHIFT 15 /* 32 KiB per pCPU */
#define EL2_STACK_SIZE (1 << EL2_STACK_SHIFT)

/* Offsets used by assembly. */
#define EL2_CPU_HOST_CTX 0     /* x19..x30, sp saved by el2_guest_enter */
#define EL2_CPU_GUEST_FRAME 104 /* struct el2_gpr_frame * of the running vCPU */
#define EL2_CPU_SIZE_LOG2 10   /* sizeof(struct el2_cpu) <= 1024 */

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

#include "armvisor/el2_manifest.h"
#include "platform/el2/arch.h"
#include "platform/el2/timerq.h"

_Static_assert(EL2_MAX_CPUS == AV_EL2_MAX_PCPUS, "EL2_MAX_CPUS");

struct el2_gpr_frame;
struct el2_vcpu;

struct el2_cpu {
	uint64_t host_ctx[13];              /* EL2_CPU_HOST_CTX */
	struct el2_gpr_frame *guest_frame;  /* EL2_CPU_GUEST_FRAME */
	unsigned index;                     /* 0 = boot CPU */
	uint64_t mpidr;                     /* affinity fields */
	_Atomic bool online;                /* reached C with the MMU on */
	/* GIC: the physical driver's per-CPU state */
	uintptr_t gicr_rd;     /* v3: this CPU's redistributor RD frame */
	uint8_t gicv2_mask;    /* v2: this CPU interface's bit in ITARGETSR */
	/* the one-shot host timers armed on this pCPU */
	struct el2_timerq timers;
	/* Deadline of a plat_event_wait in progress here (ns, 0 = none). */
	uint64_t wait_deadline;
	/* That deadline is on the guest's CNTV, out of use (el2_wait_timer_arm). */
	bool wait_on_cntv;
	/* CNTHP_CVAL_EL2 as programmed, 0 = CNTHP off (hyptimer.c). */
	uint64_t hyp_cval;
	struct el2_vcpu *vcpu; /* the vCPU this pCPU runs, if any */
	uint64_t irqs_taken;   /* statistics */
} __attribute__((aligned(1 << EL2_CPU_SIZE_LOG2)));

_Static_assert(sizeof(struct el2_cpu) <= (1 << EL2_CPU_SIZE_LOG2),
	       "struct el2_cpu grew past EL2_CPU_SIZE_LOG2");
_Static_assert(__builtin_offsetof(struct el2_cpu, guest_frame) ==
		       EL2_CPU_GUEST_FRAME,
	       "EL2_CPU_GUEST_FRAME");

extern struct el2_cpu el2_cpus[EL2_MAX_CPUS];
extern unsigned el2_nr_cpus;

static inline struct el2_cpu *this_cpu(void)
{
	return (struct el2_cpu *)read_sysreg(tpidr_el2);
}

static inline unsigned this_cpu_index(void)
{
	return this_cpu()->index;
}

/* Index of the pCPU with this MPIDR affinity, or -1. */
int el2_cpu_index_of(uint64_t mpidr);

#endif
#endif
