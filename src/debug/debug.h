/* SPDX-License-Identifier: MIT */
/*
 * Self-hosted debug as the guest sees it (Arm ARM D2 "AArch64 Self-hosted
 * Debug"): the breakpoint, watchpoint and control registers, the OS lock,
 * and the rules that say when a breakpoint, watchpoint or software step
 * generates a debug exception.  Engine-independent: an engine asks these
 * functions what to arm and whether an event matches, and enters the
 * exception itself (the Unicorn engine by hooks, an EL2 engine by loading
 * the registers into the hardware it traps).
 */
#ifndef AV_DEBUG_DEBUG_H
#define AV_DEBUG_DEBUG_H

#include <stdbool.h>
#include <stdint.h>

#include "core/core.h"

/* What the guest sees: 6 breakpoints (the last context-aware), 4
 * watchpoints, as a Cortex-A72 has (TRM "ID_AA64DFR0_EL1"). */
#define DEBUG_NR_BPS 6
#define DEBUG_NR_WPS 4
#define DEBUG_CTX_BP (DEBUG_NR_BPS - 1)

/* MDSCR_EL1 (Arm ARM D17.3.16). */
#define MDSCR_SS (1ull << 0)
#define MDSCR_TDCC (1ull << 12)
#define MDSCR_KDE (1ull << 13)
#define MDSCR_MDE (1ull << 15)

/* DBGBCR<n>_EL1 / DBGWCR<n>_EL1 fields (D17.3.2, D17.3.12). */
#define DBGBCR_E (1ull << 0)
#define DBGBCR_PMC(c) (((c) >> 1) & 3)
#define DBGBCR_BAS(c) (((c) >> 5) & 0xf)
#define DBGBCR_SSC(c) (((c) >> 14) & 3)
#define DBGBCR_BT(c) (((c) >> 20) & 0xf)
#define DBGWCR_E (1ull << 0)
#define DBGWCR_PAC(c) (((c) >> 1) & 3)
#define DBGWCR_LSC(c) (((c) >> 3) & 3)
#define DBGWCR_BAS(c) (((c) >> 5) & 0xff)
#define DBGWCR_SSC(c) (((c) >> 14) & 3)
#define DBGWCR_MASK(c) (((c) >> 24) & 0x1f)

/* Breakpoint types (DBGBCR.BT) this model matches. */
#define BT_ADDR 0x0     /* unlinked instruction address match */
#define BT_CTXID 0x2    /* unlinked context ID match */

struct debug_regs {
	uint64_t bvr[DEBUG_NR_BPS], bcr[DEBUG_NR_BPS];
	uint64_t wvr[DEBUG_NR_WPS], wcr[DEBUG_NR_WPS];
	uint64_t mdscr;
	uint64_t mdccint;
	bool oslk;          /* OSLSR_EL1.OSLK: the OS lock is locked */
	uint32_t gen;       /* bumped at every change: engines re-arm */
};

int debug_vm_init(av_vm *vm);
int debug_vcpu_init(av_vcpu *v);
void debug_vcpu_destroy(av_vcpu *v);
/* vCPU reset (PSCI CPU_ON): everything disabled, OS lock unlocked (KVM
 * resets OSLSR_EL1 to OSLM = 0b10, OSLK = 0). */
void debug_vcpu_reset(av_vcpu *v);
/* One-reg access to a debug register by sysreg encoding (-ENOENT if the
 * encoding is not one of them). */
int debug_get_reg(av_vcpu *v, uint32_t enc, uint64_t *val);
int debug_set_reg(av_vcpu *v, uint32_t enc, uint64_t val);

/* ---- questions an engine asks (pure; the vCPU's own thread) ---- */

/* D2.4 "Enabling debug exceptions": breakpoint, watchpoint and step
 * exceptions are possible at el (0 or 1) with PSTATE.D = d_masked.  From
 * EL0 they need only the OS lock clear; from EL1 also MDSCR_EL1.KDE and
 * PSTATE.D clear. */
bool debug_exceptions_enabled(const struct debug_regs *d, unsigned el,
			      bool d_masked);
/* Breakpoints and watchpoints also need MDSCR_EL1.MDE (D2.8, D2.9). */
bool debug_bpwp_enabled(const struct debug_regs *d, unsigned el,
			bool d_masked);
/* Software step is active-capable (D2.12): MDSCR_EL1.SS and enabled. */
bool debug_step_enabled(const struct debug_regs *d, unsigned el,
			bool d_masked);

/* The instruction addresses of enabled address breakpoints (E = 1,
 * BT = 0b0000), whatever the EL: an engine arms these.  Returns the count. */
unsigned debug_bp_addresses(const struct debug_regs *d,
			    uint64_t addr[DEBUG_NR_BPS]);
/* Something needs every instruction looked at: an enabled watchpoint or
 * context breakpoint (with MDE), or MDSCR_EL1.SS. */
bool debug_needs_every_insn(const struct debug_regs *d);

/* Index of a breakpoint that matches the instruction at pc, executed at
 * el with CONTEXTIDR_EL1 = ctxid; -1 if none (enables not checked). */
int debug_bp_match(const struct debug_regs *d, uint64_t pc, unsigned el,
		   uint32_t ctxid);
/* Index of a watchpoint that matches an access of size bytes at va, or -1.
 * *far is the watched address the access touched (reported in FAR). */
int debug_wp_match(const struct debug_regs *d, uint64_t va, unsigned size,
		   bool is_write, unsigned el, uint64_t *far);

/* ID_AA64DFR0_EL1 as the guest sees it (D17.2.57). */
uint64_t debug_id_aa64dfr0(void);

/* Debug exception syndromes (D17.2.37: ISS encodings for Breakpoint,
 * Watchpoint and Software Step exceptions). */
#define EC_BKPT_LOW 0x30
#define EC_BKPT_CUR 0x31
#define EC_SSTEP_LOW 0x32
#define EC_SSTEP_CUR 0x33
#define EC_WATCH_LOW 0x34
#define EC_WATCH_CUR 0x35
#define DEBUG_FSC 0x22     /* "debug exception" fault status */
#define ISS_WNR (1u << 6)
#define ISS_SS_ISV (1u << 24)
#define ISS_SS_EX (1u << 6)

#endif
