/* SPDX-License-Identifier: MIT */
/* Private state of the Unicorn backend. */
#ifndef AV_ENGINE_UC_INTERNAL_H
#define AV_ENGINE_UC_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <unicorn/unicorn.h>

#include "engine/engine.h"
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
#define EC_PC_ALIGN 0x22
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define EC_BRK 0x3c
#define ESR_IL (1u << 25)
#define ESR_WNR (1u << 6)
#define FSC_ADDR_SIZE_L0 0x00
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
#define PSTATE_D (1u << 9)
#define PSTATE_SS (1u << 21)
#define PSTATE_DAIF (0xfu << 6)
#define PSTATE_M_MASK 0xfu
#define PSTATE_EL1H 0x5u

/* A synchronous exception the guest owns, waiting to be entered. */
struct pending_exc {
	bool pending;
	uint64_t esr, far, elr;
	bool has_far;
};

/* An access outside RAM that aborts (uc_mmio.c): the instruction that
 * made it, found in the block, and the register file before it ran. */
struct pending_mmio_abort {
	bool pending;
	bool found;         /* pc is the instruction; else the block start */
	bool is_write;
	uint32_t fsc;       /* external abort, alignment or address size */
	uint64_t addr;      /* the physical address as accessed */
	uint64_t pc, far;
	uint64_t tb_pc;     /* start of the block it happened in */
	uint64_t regs[32];  /* x0..x30, SP before the access completed */
};

/* Which instruction of the running block the MMIO callbacks belong to. */
struct mmio_cursor {
	uint64_t block_pc;  /* the block it belongs to */
	uint64_t next_pc;   /* where to look for the next access */
	uint64_t pc;        /* the instruction of the last access */
	unsigned left;      /* its callbacks still to come */
};

/* A range outside RAM whose accesses go to core_mmio_access. */
struct mmio_gap {
	struct engine_vcpu *ev;
	uint64_t base;
};
#define UC_MAX_GAPS (UC_MAX_SLOTS + 2)

/* A fault decided in an MRS/MSR hook for the last instruction of a
 * translation block, entered when the next block starts (uc_sysreg.c). */
struct deferred_fault {
	bool pending;
	uint64_t pc;
	uint32_t ec, iss;
};

/* Self-hosted debug as armed in this instance (uc_debug.c). */
struct uc_debug {
	uint32_t gen;             /* debug_regs.gen armed */
	bool armed;               /* hooks installed for gen */
	unsigned nr_bp_hooks;
	uc_hook bp_hooks[8];
	uint64_t bp_addr[8];
	bool insn_hook_on;        /* every instruction hooked */
	uc_hook insn_hook;
	/* software step (D2.12): the instruction being stepped */
	bool stepping;
	uint64_t step_pc;
	bool step_ex;             /* it is a load-exclusive */
	bool eret_seen;           /* an ERET ran: PSTATE.SS from SPSR.SS */
	bool eret_ss;
	/* instruction-fetch translation cache for the hooks */
	uint64_t xl_page;
	void *xl_host;
	uint32_t xl_gen;
};

/* Rate-limited log lines (uc_log.c). */
struct uc_ratelimit {
	unsigned printed;
	unsigned long long suppressed;
};
#define UC_LOG_BURST 10

/* One slot of the "does the core emulate this register" cache. */
struct sysreg_traps_slot {
	uint32_t enc; /* encoding + 1; 0 = empty */
	bool traps;   /* the core emulates it: a SYSREG exit */
};
#define UC_TRAPS_CACHE 64

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
	unsigned nr_gaps;
	unsigned pa_bits;           /* ID_AA64MMFR0_EL1.PARange */

	/* uc_emu_start runs on this fiber; exits are handed to the caller of
	 * engine_vcpu_enter (uc_exit_to_core) and the fiber resumed with the
	 * answer at the next entry. */
	struct uc_fiber fiber;
	const struct engine_entry *in; /* the entry resuming the fiber */
	struct engine_exit *out;       /* where the fiber writes its exit */
	bool in_emu;                   /* parked inside uc_emu_start */
	bool unwinding;                /* reset/destroy: leave uc_emu_start */
	bool has_token;                /* holds the execution token */
	struct sysreg_traps_slot traps[UC_TRAPS_CACHE];

	_Atomic bool kick;          /* exit at the next block */
	_Atomic bool flush_pending; /* other vCPUs' maintenance waits */
	/* maintenance asked by other vCPUs (under token_lock) */
	bool flush_all_code, flush_tlb;
	uint64_t ic_ranges[UC_MAX_IC_RANGES];
	unsigned nr_ic_ranges;
	uint64_t hcr;               /* last HCR_EL2 written */
	uint64_t lines;             /* HCR_VI/VF the core asked for */
	uint64_t slice_start;
	uint64_t block_pc;          /* start of the block running now */
	uint64_t block_end;         /* and its end (block hook size) */
	uint64_t insns;             /* instructions of the blocks started */
	uint64_t insn_alarm;        /* stop when insns reaches it (or MAX) */
	uint32_t xl_gen;            /* bumped when translations may change */
	uint64_t blocks;            /* blocks run while others waited */
	uint64_t wfe_pc, wfe_block; /* last after-WFE block seen */
	unsigned wfe_spins;         /* short WFE-loop periods in a row */
	bool queued_urgent;         /* queued at the head (token_lock) */
	bool urgent_next;           /* the next entry queues urgently */

	/* why uc_emu_start returned */
	bool stop_kick, stop_hvc, stop_smc;
	bool stop_rearm;            /* re-arm debug hooks, then go on */
	bool stopped_at_block;      /* hook_block stopped before stop_pc */
	bool intr_after_stop;       /* hook_intr stopped before intr_no */
	uint32_t intr_no;
	uint64_t stop_pc;
	bool stop_self_flush;       /* drop own stale code, then go on */
	uint32_t hvc_imm;

	struct pending_exc exc;     /* to enter through the virtual FIQ */
	bool exc_redirect;          /* VF raised, waiting at the vector */
	/* An MRS/MSR that faults, left to the CPU model to fault on
	 * (uc_sysreg.c): the EC and ISS to give its EXCP_UDEF at
	 * sys_trap_pc. */
	bool sys_trap;
	uint32_t sys_trap_esr;
	uint64_t sys_trap_pc;
	struct deferred_fault defer;
	struct pending_mmio_abort mabort;
	struct mmio_cursor mcur;
	uint64_t unmapped_addr;     /* last UC_HOOK_MEM_UNMAPPED address */
	bool unmapped_write;
	uint64_t orig_pstate;       /* EL0 entry through VF: PSTATE before */
	bool orig_pstate_valid;
	unsigned fault_loop;        /* entries without a block in between */

	struct uc_debug dbg;
	struct uc_ratelimit rl_abort, rl_intr, rl_error;
};

/* uc_regs.c */
/* Only for registers the model is known to read raw without asserting
 * (uc_regs.c: uc_sysreg_readable). */
int uc_read_sysreg(struct engine_vcpu *ev, uint32_t enc, uint64_t *val);
int uc_write_sysreg(struct engine_vcpu *ev, uint32_t enc, uint64_t val);
void uc_set_hcr(struct engine_vcpu *ev, uint64_t hcr);
unsigned uc_current_el(struct engine_vcpu *ev);
void uc_read_gprs(struct engine_vcpu *ev, uint64_t regs[32]);
void uc_write_gprs(struct engine_vcpu *ev, const uint64_t regs[32]);
void uc_clear_gprs(struct engine_vcpu *ev);

/* uc_mmio.c: guest physical space */
void *uc_gpa_to_host(struct engine_vm *evm, uint64_t gpa, uint64_t len);
/* RAM slots mapped, every gap (and the high VAs) as MMIO to the core. */
int uc_map_guest_space(struct engine_vcpu *ev);

/* uc_engine.c */

/* Hand an exit to the core from the fiber; returns the next entry (the
 * core's answer).  After it, ev->unwinding says the exit is abandoned. */
const struct engine_entry *uc_exit_to_core(struct engine_vcpu *ev,
					   const struct engine_exit *e);

/* uc_exception.c */
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
/* Exceptions whose handling may stop the engine itself (HVC, SMC). */
bool uc_intr_stops(uint32_t intno);
/* Resolve an external abort answered by the VMM for an MMIO access. */
void uc_resolve_mmio_abort(struct engine_vcpu *ev);
/* A fetch or access that Unicorn reported as an error return. */
int uc_handle_emu_error(struct engine_vcpu *ev, uc_err err);
/* If pc cannot be fetched (misaligned, faulting, not RAM), enter the
 * fault it gives and return true. */
bool uc_prefetch_fault(struct engine_vcpu *ev, uint64_t pc);
/* The guest's stage-1 walk of va (uc_decode.h fault codes), and the
 * instruction word at va through it. */
unsigned uc_walk(struct engine_vcpu *ev, uint64_t va, int acc, uint64_t *pa);
bool uc_fetch_insn(struct engine_vcpu *ev, uint64_t va, uint32_t *insn);
/* The accesses of a load/store or DC ZVA about to run at pc, from the
 * registers as they are now; false if insn accesses no memory. */
struct ldst;
bool uc_decode_access(struct engine_vcpu *ev, uint32_t insn, uint64_t pc,
		      struct ldst *d);
/* Is the access at va (a walk already succeeded) to Device memory? */
bool uc_is_device(struct engine_vcpu *ev, uint64_t va);

/* uc_mmio.c: accesses outside RAM (the catch-all MMIO map) */
void uc_mmio_access(struct engine_vcpu *ev, uint64_t addr, unsigned size,
		    bool is_write, uint64_t *val);
/* An access Unicorn could not route at all (UC_HOOK_MEM_UNMAPPED). */
void uc_mmio_unmapped(struct engine_vcpu *ev, uint64_t addr, unsigned size,
		      bool is_write);

/* uc_sysreg.c: MRS/MSR hooks (installed by uc_engine.c) */
uint32_t uc_hook_mrs(uc_engine *uc, uc_arm64_reg reg,
		     const uc_arm64_cp_reg *cp, void *u);
uint32_t uc_hook_msr(uc_engine *uc, uc_arm64_reg reg,
		     const uc_arm64_cp_reg *cp, void *u);
/* Enter a deferred fault if the next block starts at its pc + 4 (block
 * hook, or after uc_emu_start returned).  True if it entered one. */
bool uc_resolve_deferred(struct engine_vcpu *ev, uint64_t next_pc);
/* The syndrome for an EXCP_UDEF the model raised at pc (EC 0x18 for the
 * EL0 accesses that SCTLR_EL1 traps, else EC 0). */
uint32_t uc_udef_syndrome(struct engine_vcpu *ev, uint64_t pc, uint32_t *iss);
/* Encodings the CPU model must never see (debug, PMU, trace, AMU,
 * IMPLEMENTATION DEFINED): armvisor's handler or UNDEFINED. */
bool uc_sysreg_trapped(uint32_t enc);
/* MDCR_EL2 for the model: its debug and PMU registers trap. */
#define UC_MDCR_TRAPS ((1ull << 5) | (1ull << 6) | (1ull << 9) | \
		       (1ull << 10) | (1ull << 11))

/* uc_icache.c: IC/TLBI maintenance across instances */
uint32_t uc_hook_sys(uc_engine *uc, uc_arm64_reg reg,
		     const uc_arm64_cp_reg *cp, void *u);
void uc_apply_flushes(struct engine_vcpu *ev);

/* uc_debug.c: breakpoints, watchpoints, software step */
/* Arm what the guest's debug registers ask for (outside uc_emu_start). */
void uc_debug_arm(struct engine_vcpu *ev);
/* SPSR.SS for an exception the engine enters with preferred return elr. */
bool uc_debug_spsr_ss(struct engine_vcpu *ev, uint64_t elr);

/* uc_log.c */
void uc_log_limited(struct uc_ratelimit *rl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
