/* SPDX-License-Identifier: MIT */
/*
 * Guest exits as values: what a trap from the guest to EL2 means, decoded
 * from ESR_EL2, FAR_EL2 and HPFAR_EL2 (Arm ARM D17.2.37 ESR_EL2, D17.2.55
 * HPFAR_EL2) into a struct the run loop dispatches on.  el2_exit_decode is
 * plain C: tests/unit/test_el2_logic.c runs it on the host.
 */
#ifndef AV_EL2_EXIT_H
#define AV_EL2_EXIT_H

#include <stdbool.h>
#include <stdint.h>

/* Exception classes (ESR_ELx.EC, Arm ARM D17.2.37) */
#define ESR_EC_UNKNOWN 0x00
#define ESR_EC_WFX 0x01
#define ESR_EC_FP 0x07
#define ESR_EC_PAC 0x09
#define ESR_EC_HVC64 0x16
#define ESR_EC_SMC64 0x17
#define ESR_EC_SYS64 0x18
#define ESR_EC_SVE 0x19
#define ESR_EC_IABT_LOW 0x20
#define ESR_EC_IABT_CUR 0x21
#define ESR_EC_DABT_LOW 0x24
#define ESR_EC_DABT_CUR 0x25
#define ESR_EC_SERROR 0x2f
#define ESR_EC_SHIFT 26
#define ESR_IL (1u << 25)
#define ESR_EC(esr) (((esr) >> ESR_EC_SHIFT) & 0x3f)
#define ESR_ISS(esr) ((esr) & 0x1ffffff)

/* Data/instruction abort ISS fields (Arm ARM D17.2.37, ISS encoding for an
 * exception from a Data Abort) */
#define ESR_DABT_ISV (1u << 24)
#define ESR_DABT_SAS_SHIFT 22
#define ESR_DABT_SSE (1u << 21)
#define ESR_DABT_SRT_SHIFT 16
#define ESR_DABT_SF (1u << 15)
#define ESR_DABT_FNV (1u << 10)
#define ESR_DABT_EA (1u << 9)
#define ESR_DABT_CM (1u << 8)
#define ESR_DABT_S1PTW (1u << 7)
#define ESR_DABT_WNR (1u << 6)
#define ESR_FSC_MASK 0x3f
#define ESR_FSC_EXTABT 0x10 /* synchronous external abort, not on a walk */

/* Encoding of a system register as in AV_SYS_REG's low 16 bits:
 * op0[15:14] op1[13:11] CRn[10:7] CRm[6:3] op2[2:0]. */
#define EL2_SYSREG_ENC(op0, op1, crn, crm, op2)                               \
	((uint32_t)(op0) << 14 | (uint32_t)(op1) << 11 |                       \
	 (uint32_t)(crn) << 7 | (uint32_t)(crm) << 3 | (uint32_t)(op2))

enum el2_exit_kind {
	EL2_EXIT_IRQ = 1,  /* physical interrupts were taken and handled at
			    * EL2 (kicks, timers): re-check requests */
	EL2_EXIT_WFX,      /* WFI or WFE trapped (PC at the instruction) */
	EL2_EXIT_HVC,      /* HVC (PC after it: the guest's x0..x17 are the
			    * call's arguments in the frame) */
	EL2_EXIT_SMC,      /* SMC trapped by HCR_EL2.TSC (PC at it) */
	EL2_EXIT_SYSREG,   /* MRS/MSR trapped (PC at it) */
	EL2_EXIT_MMIO,     /* data access to an unmapped IPA, with syndrome */
	EL2_EXIT_DABT,     /* data abort at EL2 that is not MMIO: no valid
			    * syndrome (ISV = 0), a stage-1 walk through
			    * unmapped IPA, a cache maintenance by VA, or a
			    * fault other than a translation fault */
	EL2_EXIT_IABT,     /* instruction fetch from an unmapped IPA */
	EL2_EXIT_SERROR,   /* SError routed to EL2 (HCR_EL2.AMO) */
	EL2_EXIT_UNKNOWN,  /* any other exception class (see ec) */
};

struct el2_exit {
	enum el2_exit_kind kind;
	uint32_t esr; /* ESR_EL2 */
	uint32_t ec;
	uint64_t far; /* FAR_EL2: the faulting VA of an abort */
	union {
		struct {
			uint16_t imm; /* HVC/SMC #imm16 */
		} call;
		struct {
			bool is_wfe;
		} wfx;
		struct {
			uint32_t enc; /* EL2_SYSREG_ENC */
			uint8_t rt;   /* 31 = XZR */
			bool is_write;
			uint64_t value; /* MSR: the value written */
		} sysreg;
		struct {
			uint64_t ipa;
			uint8_t len; /* 1, 2, 4 or 8 bytes */
			uint8_t rt;  /* 31 = XZR/WZR */
			bool is_write;
			bool sign_extend; /* SSE: LDRSB/LDRSH/LDRSW */
			bool sf;          /* Xt (64-bit) destination */
			uint64_t value;   /* store: the bytes written */
		} mmio;
		struct {
			uint64_t ipa; /* valid if ipa_valid */
			bool ipa_valid;
			bool is_write;
			bool s1ptw;      /* fault on the guest's stage-1 walk */
			bool cache_maint;
			uint8_t fsc;
		} abort;
		struct {
			unsigned handled; /* interrupts acknowledged */
		} irq;
	};
};

/*
 * Fill e from a synchronous trap: esr/far/hpfar as read at EL2 right after
 * the exit, x the guest's x0..x30 (for the value an MSR or a store
 * writes).  Returns e->kind.
 */
enum el2_exit_kind el2_exit_decode(uint64_t esr, uint64_t far, uint64_t hpfar,
				   const uint64_t x[31], struct el2_exit *e);

/* The value a completed MMIO read puts in Xt: len bytes of data, sign- or
 * zero-extended as the instruction asked, truncated to 32 bits for Wt
 * (Arm ARM C6.2 LDRSB/LDRSH/LDRSW and LDR (immediate) semantics). */
uint64_t el2_mmio_read_result(const struct el2_exit *e, uint64_t data);

const char *el2_exit_kind_name(enum el2_exit_kind k);

/* ---- questions about an exit that the syndrome alone does not answer ---- */

/* An IMPLEMENTATION DEFINED system register encoding (EL2_SYSREG_ENC):
 * op0 = 3 with CRn = 11 or 15, the space HCR_EL2.TIDCP traps (Arm ARM
 * D19.2 HCR_EL2.TIDCP). */
bool el2_sysreg_is_impdef(uint32_t enc);
/* Is the A64 instruction DC ZVA, Xt (SYS #3, C7, C4, #1; Arm ARM C6.2 DC
 * ZVA, C5.3 SYS)? */
bool el2_insn_is_dc_zva(uint32_t insn);
/* Is a MAIR-encoded memory attribute (PAR_EL1.ATTR) a Device type:
 * 0b0000dd00 (Arm ARM D17.2.97 MAIR_EL1 Attr<n>)? */
bool el2_attr_is_device(uint8_t attr);
/* An MMIO exit whose address (FAR, the VA) is not aligned to its size. */
bool el2_mmio_unaligned(const struct el2_exit *e);

#endif
