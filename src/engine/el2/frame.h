/* SPDX-License-Identifier: MIT */
/*
 * The general-purpose register frame of a trap: what entry.S saves on every
 * exception into EL2 and restores on ERET.  For a guest, this is the only
 * state switched on a trap: SP_EL0/SP_EL1, the FP/SIMD registers and the
 * EL1 system registers stay in the CPU (one vCPU per pCPU, the hypervisor
 * never touches them; EL2-DESIGN.md).
 */
#ifndef AV_EL2_FRAME_H
#define AV_EL2_FRAME_H

#define FRAME_X(n) ((n) * 8)
#define FRAME_ELR 256
#define FRAME_SPSR 264
#define FRAME_SIZE 272

/* entry.S return codes of el2_guest_enter: which vector was taken. */
#define EL2_TRAP_SYNC 0
#define EL2_TRAP_IRQ 1
#define EL2_TRAP_FIQ 2
#define EL2_TRAP_SERROR 3
#define EL2_TRAP_AARCH32 4 /* any exception from AArch32: cannot happen */

#ifndef __ASSEMBLER__
#include <stdint.h>

struct el2_gpr_frame {
	uint64_t x[31];
	uint64_t pad;
	uint64_t elr;  /* ELR_EL2: the guest's PC */
	uint64_t spsr; /* SPSR_EL2: the guest's PSTATE */
};

_Static_assert(sizeof(struct el2_gpr_frame) == FRAME_SIZE, "FRAME_SIZE");
_Static_assert(__builtin_offsetof(struct el2_gpr_frame, elr) == FRAME_ELR,
	       "FRAME_ELR");

/* entry.S: load the frame, ERET into the guest; returns EL2_TRAP_* when the
 * guest traps, with the frame saved and ESR_EL2/FAR_EL2/HPFAR_EL2 as the
 * exception left them (nothing else runs at EL2 in between). */
unsigned el2_guest_enter(struct el2_gpr_frame *f);

/* The EL2 vector table (entry.S). */
extern char el2_vectors[];
#endif
#endif
