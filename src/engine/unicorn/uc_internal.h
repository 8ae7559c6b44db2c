/* SPDX-License-Identifier: MIT */
/* Private state of the Unicorn backend. */
#ifndef AV_ENGINE_UC_INTERNAL_H
#define AV_ENGINE_UC_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <unicorn/unicorn.h>

#include "engine/engine.h"
#include "engine/unicorn/uc_decode.h"
#include "engine/unicorn/uc_fiber.h"

#define UC_MAX_SLOTS 8
#define UC_MAX_IC_RANGES 16

/* Arm ARM D17.2.37 ESR_ELx exception classes used here. */
#define EC_UNKNOWN 0x00
#define EC_SVC64 0x15
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_SYS64 0x18 /* trapped MSR/MRS */
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define EC_BRK 0x3c
#define ESR_IL (1u << 25)
#define ESR_WNR (1u << 6)
#define FSC_EXT_ABORT 0x10
#define FSC_ALIGNMENT 0x21

/* HCR_EL2 bits (Arm ARM D17.2.48). */
#define HCR_FMO (1ull << 3)
#define HCR_IMO (1ull << 4)
#define HCR_AMO (1ull << 5)
#define HCR_VF (1ull << 6)
#define HCR_VI (1ull << 7)
#define HCR_RW (1ull << 31)
#define HCR_BASE (HCR_RW | HCR_IMO | HCR_FMO | HCR_AMO)

#define PSTATE_F (1u << 6)
#define PSTATE_I (1u << 7)
#define PSTATE_DAIF (0xfu << 6)
#define PSTATE_M_MASK 0xfu
#define PSTATE_EL1H 0x5u

/* A synchronous exception the guest owns, waiting to be entered. */
struct pending_exc {
	bool pending;
	uint64_t esr, far, elr;
	bool has_far;
};

/* An MMIO access the VMM answered with "external abort". */
struct pending_mmio_abort {
	bool pending;
	uint64_t addr;
	unsigned len;
	bool is_write;
	uint64_t tb_pc;     /* PC as seen in the callback: the block start */
	uint64_t regs[32];  /* x0..x30, SP before the access completed */
};

/* A range outside RAM whose accesses go to core_mmio_access. */
struct mmio_gap {
	struct engine_vcpu *ev;
	uint64_t base;
};
#define UC_MAX_GAPS (UC_MAX_SLOTS + 2)

/* One slot of the "does the CPU model know this register" cache. */
struct sysreg_known {
	uint32_t enc; /* encoding + 1; 0 = empty */
	bool known;   /* the CPU model has the register */
	bool traps;   /* the core emulates it: an exit */
};
#define UC_KNOWN_CACHE 64

struct engine_vm {
	av_vm *vm;
	struct memslot slots[UC_MAX_SLOTS];
	unsigned nr_slots;
	/* The execution token (ENGINE-NOTES: atomics are not atomic across
	 * instances, so one vCPU of a VM runs guest code at a time).  FIFO,
	 * so no vCPU starves; a kick pulls a waiter out of the queue. */
	pthread_mutex_t token_lock;
	struct engine_vcpu *owner;
	struct engine_vcpu *queue[AV_MAX_VCPUS];
	unsigned q_head, q_len;
	_Atomic unsigned waiters;
	_Atomic unsigned urgent;    /* queued vCPUs back from an exit */
	struct engine_vcpu *vcpus[AV_MAX_VCPUS];
	unsigned nr_vcpus;
};

struct engine_vcpu {
	struct engine_vm *evm;
	av_vcpu *v;
	uc_engine *uc;
	uc_context *reset_ctx;
	pthread_cond_t token_cond;
	struct mmio_gap gaps[UC_MAX_GAPS];
	struct sysreg_known known[UC_KNOWN_CACHE];
	unsigned nr_gaps;

	/* uc_emu_start runs on this fiber; exits are handed to the caller of
	 * engine_vcpu_enter (uc_exit_to_core) and the fiber resumed with the
	 * answer at the next entry. */
	struct uc_fiber fiber;
	const struct engine_entry *in; /* the entry resuming the fiber */
	struct engine_exit *out;       /* where the fiber writes its exit */
	bool in_emu;                   /* parked inside uc_emu_start */
	bool unwinding;                /* reset/destroy: leave uc_emu_start */
	bool has_token;                /* holds the execution token */

	_Atomic bool kick;          /* exit at the next block */
	/* maintenance asked by other vCPUs (under token_lock) */
	_Atomic bool flush_pending; /* any of the three below */
	bool flush_all_code, flush_tlb;
	uint64_t ic_ranges[UC_MAX_IC_RANGES];
	unsigned nr_ic_ranges;
	uint64_t hcr;               /* last HCR_EL2 written */
	uint64_t lines;             /* HCR_VI/VF the core asked for */
	uint64_t slice_start;
	uint64_t block_pc;          /* start of the block running now */
	uint64_t blocks;            /* blocks run while others waited */
	uint64_t wfe_pc, wfe_block; /* last after-WFE block seen */
	unsigned wfe_spins;         /* short WFE-loop periods in a row */
	bool queued_urgent;         /* queued at the head (token_lock) */
	bool urgent_next;           /* the next entry queues urgently */

	/* why uc_emu_start returned */
	bool stop_loop, stop_hvc, stop_smc;
	bool inject_failed;         /* an exception could not be entered */
	uint32_t hvc_imm;

	struct pending_exc exc;     /* to enter through the virtual FIQ */
	bool exc_redirect;          /* VF raised, waiting at the vector */
	/* An MRS/MSR the core traps to EL1 (EC 0x18), left to the CPU model
	 * to fault on: the syndrome to give its EXCP_UDEF at sys_trap_pc. */
	bool sys_trap;
	uint32_t sys_trap_iss;
	uint64_t sys_trap_pc;
	struct pending_mmio_abort mabort;
	uint64_t unmapped_addr;     /* last UC_HOOK_MEM_UNMAPPED address */
	bool unmapped_write;
};

/* uc_engine.c */
int uc_read_sysreg(struct engine_vcpu *ev, uint32_t enc, uint64_t *val);
int uc_write_sysreg(struct engine_vcpu *ev, uint32_t enc, uint64_t val);
void uc_set_hcr(struct engine_vcpu *ev, uint64_t hcr);
void *uc_gpa_to_host(struct engine_vm *evm, uint64_t gpa, uint64_t len);
unsigned uc_current_el(struct engine_vcpu *ev);
void uc_read_gprs(struct engine_vcpu *ev, uint64_t regs[32]);
void uc_write_gprs(struct engine_vcpu *ev, const uint64_t regs[32]);

/* Hand an exit to the core from the fiber; returns the next entry. */
const struct engine_entry *uc_exit_to_core(struct engine_vcpu *ev,
					   const struct engine_exit *e);

/* uc_exception.c */
/* The guest's own stage-1 translation of va for acc at the current EL:
 * 0 and *pa, or the fault status code (uc_decode.h walk_stage1). */
unsigned uc_walk(struct engine_vcpu *ev, uint64_t va, enum walk_access acc,
		 uint64_t *pa);
/* Enter a synchronous exception at EL1 now if the guest is at EL1, or
 * arrange entry through the virtual FIQ if it is at EL0.  elr is the
 * preferred return address. */
int uc_inject_sync(struct engine_vcpu *ev, uint32_t ec, uint32_t iss,
		   uint64_t elr, bool has_far, uint64_t far);
/* Block hook part: at the FIQ vector, turn the VF entry into the pending
 * synchronous exception.  Returns true if it redirected. */
bool uc_exc_redirect(struct engine_vcpu *ev, uint64_t addr);
/* Handle a UC_HOOK_INTR exception number. */
void uc_handle_intr(struct engine_vcpu *ev, uint32_t intno);
/* Resolve an external abort answered by the VMM for an MMIO access. */
void uc_resolve_mmio_abort(struct engine_vcpu *ev);
/* A fetch or access that Unicorn reported as an error return. */
int uc_handle_emu_error(struct engine_vcpu *ev, uc_err err);

#endif
