// SPDX-License-Identifier: MIT
/*
 * The guest's EL1/EL0 registers by one-reg id (sysregs.h).
 *
 * One table (SYSREGS below) lists every register: name, encoding (Arm ARM
 * D19 / C5.3 "system register encodings"), access (RW, or RO for the
 * identification registers) and the CPU feature it needs.  From it come the
 * MRS/MSR switch (an MRS names its register in the instruction, so each
 * encoding is its own case) and the reset loop.  Registers of a feature the
 * CPU lacks are UNDEFINED even at EL2, so the feature check comes first.
 */
#include <errno.h>
#include <stddef.h>

#include "armvisor/armvisor.h"
#include "engine/el2/exit.h"
#include "engine/el2/hyp.h"
#include "engine/el2/sysregs.h"
#include "engine/el2/vcpu.h"
#include "platform/el2/arch.h"
#include "platform/el2/cpucall.h"
#include "platform/el2/percpu.h"

/* features */
enum feat {
	F_ANY,
	F_PAUTH,
	F_SVE,
	F_SME,
	F_PMU,
	F_BRP0, /* F_BRP0 + n: breakpoint n exists */
	F_WRP0 = F_BRP0 + 16,
	F_PMEV0 = F_WRP0 + 16, /* + n: event counter n exists */
	F_NR = F_PMEV0 + 31,
};

#define SREG(o0, o1, cn, cm, o2) s##o0##_##o1##_c##cn##_c##cm##_##o2

/* Debug breakpoint/watchpoint n: DBGBVR/BCR/WVR/WCR<n>_EL1 = 2,0,0,n,4..7 */
#define DBG(X, n)                                                              \
	X(DBGBVR##n##_EL1, 2, 0, 0, n, 4, RW, F_BRP0 + n)                      \
	X(DBGBCR##n##_EL1, 2, 0, 0, n, 5, RW, F_BRP0 + n)                      \
	X(DBGWVR##n##_EL1, 2, 0, 0, n, 6, RW, F_WRP0 + n)                      \
	X(DBGWCR##n##_EL1, 2, 0, 0, n, 7, RW, F_WRP0 + n)
/* PMU event counter n: PMEVCNTR<n>_EL0 = 3,3,14,8+n/8,n%8, PMEVTYPER<n>_EL0
 * = 3,3,14,12+n/8,n%8 (the table spells CRm/op2 out). */
#define PMEV(X, n, cm_c, cm_t, o2)                                             \
	X(PMEVCNTR##n##_EL0, 3, 3, 14, cm_c, o2, RW, F_PMEV0 + n)              \
	X(PMEVTYPER##n##_EL0, 3, 3, 14, cm_t, o2, RW, F_PMEV0 + n)

#define SYSREGS(X)                                                             \
	/* identification (read-only) */                                       \
	X(MIDR_EL1, 3, 0, 0, 0, 0, RO, F_ANY)                                  \
	X(MPIDR_EL1, 3, 0, 0, 0, 5, RO, F_ANY)                                 \
	X(REVIDR_EL1, 3, 0, 0, 0, 6, RO, F_ANY)                                \
	X(ID_AA64PFR0_EL1, 3, 0, 0, 4, 0, RO, F_ANY)                           \
	X(ID_AA64PFR1_EL1, 3, 0, 0, 4, 1, RO, F_ANY)                           \
	X(ID_AA64ZFR0_EL1, 3, 0, 0, 4, 4, RO, F_ANY)                           \
	X(ID_AA64SMFR0_EL1, 3, 0, 0, 4, 5, RO, F_ANY)                          \
	X(ID_AA64DFR0_EL1, 3, 0, 0, 5, 0, RO, F_ANY)                           \
	X(ID_AA64DFR1_EL1, 3, 0, 0, 5, 1, RO, F_ANY)                           \
	X(ID_AA64AFR0_EL1, 3, 0, 0, 5, 4, RO, F_ANY)                           \
	X(ID_AA64AFR1_EL1, 3, 0, 0, 5, 5, RO, F_ANY)                           \
	X(ID_AA64ISAR0_EL1, 3, 0, 0, 6, 0, RO, F_ANY)                          \
	X(ID_AA64ISAR1_EL1, 3, 0, 0, 6, 1, RO, F_ANY)                          \
	X(ID_AA64ISAR2_EL1, 3, 0, 0, 6, 2, RO, F_ANY)                          \
	X(ID_AA64MMFR0_EL1, 3, 0, 0, 7, 0, RO, F_ANY)                          \
	X(ID_AA64MMFR1_EL1, 3, 0, 0, 7, 1, RO, F_ANY)                          \
	X(ID_AA64MMFR2_EL1, 3, 0, 0, 7, 2, RO, F_ANY)                          \
	X(CLIDR_EL1, 3, 1, 0, 0, 1, RO, F_ANY)                                 \
	X(AIDR_EL1, 3, 1, 0, 0, 7, RO, F_ANY)                                  \
	X(CTR_EL0, 3, 3, 0, 0, 1, RO, F_ANY)                                   \
	X(DCZID_EL0, 3, 3, 0, 0, 7, RO, F_ANY)                                 \
	X(ACTLR_EL1, 3, 0, 1, 0, 1, RO, F_ANY)                                 \
	/* memory system, exceptions, context */                               \
	X(SCTLR_EL1, 3, 0, 1, 0, 0, RW, F_ANY)                                 \
	X(CPACR_EL1, 3, 0, 1, 0, 2, RW, F_ANY)                                 \
	X(ZCR_EL1, 3, 0, 1, 2, 0, RW, F_SVE)                                   \
	X(SMCR_EL1, 3, 0, 1, 2, 6, RW, F_SME)                                  \
	X(TTBR0_EL1, 3, 0, 2, 0, 0, RW, F_ANY)                                 \
	X(TTBR1_EL1, 3, 0, 2, 0, 1, RW, F_ANY)                                 \
	X(TCR_EL1, 3, 0, 2, 0, 2, RW, F_ANY)                                   \
	X(APIAKEYLO_EL1, 3, 0, 2, 1, 0, RW, F_PAUTH)                           \
	X(APIAKEYHI_EL1, 3, 0, 2, 1, 1, RW, F_PAUTH)                           \
	X(APIBKEYLO_EL1, 3, 0, 2, 1, 2, RW, F_PAUTH)                           \
	X(APIBKEYHI_EL1, 3, 0, 2, 1, 3, RW, F_PAUTH)                           \
	X(APDAKEYLO_EL1, 3, 0, 2, 2, 0, RW, F_PAUTH)                           \
	X(APDAKEYHI_EL1, 3, 0, 2, 2, 1, RW, F_PAUTH)                           \
	X(APDBKEYLO_EL1, 3, 0, 2, 2, 2, RW, F_PAUTH)                           \
	X(APDBKEYHI_EL1, 3, 0, 2, 2, 3, RW, F_PAUTH)                           \
	X(APGAKEYLO_EL1, 3, 0, 2, 3, 0, RW, F_PAUTH)                           \
	X(APGAKEYHI_EL1, 3, 0, 2, 3, 1, RW, F_PAUTH)                           \
	X(AFSR0_EL1, 3, 0, 5, 1, 0, RW, F_ANY)                                 \
	X(AFSR1_EL1, 3, 0, 5, 1, 1, RW, F_ANY)                                 \
	X(ESR_EL1, 3, 0, 5, 2, 0, RW, F_ANY)                                   \
	X(FAR_EL1, 3, 0, 6, 0, 0, RW, F_ANY)                                   \
	X(PAR_EL1, 3, 0, 7, 4, 0, RW, F_ANY)                                   \
	X(MAIR_EL1, 3, 0, 10, 2, 0, RW, F_ANY)                                 \
	X(AMAIR_EL1, 3, 0, 10, 3, 0, RW, F_ANY)                                \
	X(VBAR_EL1, 3, 0, 12, 0, 0, RW, F_ANY)                                 \
	X(CONTEXTIDR_EL1, 3, 0, 13, 0, 1, RW, F_ANY)                           \
	X(TPIDR_EL1, 3, 0, 13, 0, 4, RW, F_ANY)                                \
	X(CNTKCTL_EL1, 3, 0, 14, 1, 0, RW, F_ANY)                              \
	X(CSSELR_EL1, 3, 2, 0, 0, 0, RW, F_ANY)                                \
	X(TPIDR_EL0, 3, 3, 13, 0, 2, RW, F_ANY)                                \
	X(TPIDRRO_EL0, 3, 3, 13, 0, 3, RW, F_ANY)                              \
	X(TPIDR2_EL0, 3, 3, 13, 0, 5, RW, F_SME)                               \
	/* the EL1 virtual timer (direct: it runs in the CPU) */               \
	X(CNTFRQ_EL0, 3, 3, 14, 0, 0, RO, F_ANY)                               \
	X(CNTVCT_EL0, 3, 3, 14, 0, 2, RO, F_ANY)                               \
	X(CNTV_CTL_EL0, 3, 3, 14, 3, 1, RW, F_ANY)                             \
	X(CNTV_CVAL_EL0, 3, 3, 14, 3, 2, RW, F_ANY)                            \
	/* debug */                                                            \
	X(MDCCINT_EL1, 2, 0, 0, 2, 0, RW, F_ANY)                               \
	X(MDSCR_EL1, 2, 0, 0, 2, 2, RW, F_ANY)                                 \
	X(OSLSR_EL1, 2, 0, 1, 1, 4, RO, F_ANY)                                 \
	X(OSDLR_EL1, 2, 0, 1, 3, 4, RW, F_ANY)                                 \
	DBG(X, 0) DBG(X, 1) DBG(X, 2) DBG(X, 3) DBG(X, 4) DBG(X, 5)            \
	DBG(X, 6) DBG(X, 7) DBG(X, 8) DBG(X, 9) DBG(X, 10) DBG(X, 11)          \
	DBG(X, 12) DBG(X, 13) DBG(X, 14) DBG(X, 15)                            \
	/* PMUv3 */                                                            \
	X(PMINTENSET_EL1, 3, 0, 9, 14, 1, RW, F_PMU)                           \
	X(PMCR_EL0, 3, 3, 9, 12, 0, RW, F_PMU)                                 \
	X(PMCNTENSET_EL0, 3, 3, 9, 12, 1, RW, F_PMU)                           \
	X(PMOVSSET_EL0, 3, 3, 9, 14, 3, RW, F_PMU)                             \
	X(PMSELR_EL0, 3, 3, 9, 12, 5, RW, F_PMU)                               \
	X(PMCEID0_EL0, 3, 3, 9, 12, 6, RO, F_PMU)                              \
	X(PMCEID1_EL0, 3, 3, 9, 12, 7, RO, F_PMU)                              \
	X(PMCCNTR_EL0, 3, 3, 9, 13, 0, RW, F_PMU)                              \
	X(PMUSERENR_EL0, 3, 3, 9, 14, 0, RW, F_PMU)                            \
	X(PMCCFILTR_EL0, 3, 3, 14, 15, 7, RW, F_PMU)                           \
	PMEV(X, 0, 8, 12, 0) PMEV(X, 1, 8, 12, 1) PMEV(X, 2, 8, 12, 2)         \
	PMEV(X, 3, 8, 12, 3) PMEV(X, 4, 8, 12, 4) PMEV(X, 5, 8, 12, 5)         \
	PMEV(X, 6, 8, 12, 6) PMEV(X, 7, 8, 12, 7) PMEV(X, 8, 9, 13, 0)         \
	PMEV(X, 9, 9, 13, 1) PMEV(X, 10, 9, 13, 2) PMEV(X, 11, 9, 13, 3)       \
	PMEV(X, 12, 9, 13, 4) PMEV(X, 13, 9, 13, 5) PMEV(X, 14, 9, 13, 6)      \
	PMEV(X, 15, 9, 13, 7) PMEV(X, 16, 10, 14, 0) PMEV(X, 17, 10, 14, 1)    \
	PMEV(X, 18, 10, 14, 2) PMEV(X, 19, 10, 14, 3) PMEV(X, 20, 10, 14, 4)   \
	PMEV(X, 21, 10, 14, 5) PMEV(X, 22, 10, 14, 6) PMEV(X, 23, 10, 14, 7)   \
	PMEV(X, 24, 11, 15, 0) PMEV(X, 25, 11, 15, 1) PMEV(X, 26, 11, 15, 2)   \
	PMEV(X, 27, 11, 15, 3) PMEV(X, 28, 11, 15, 4) PMEV(X, 29, 11, 15, 5)   \
	PMEV(X, 30, 11, 15, 6)

enum access { RO, RW };

static const struct sysreg_desc {
	uint16_t enc;
	uint8_t access, feat;
} table[] = {
#define X(name, o0, o1, cn, cm, o2, acc, f)                                    \
	{ EL2_SYSREG_ENC(o0, o1, cn, cm, o2), acc, f },
	SYSREGS(X)
#undef X
};

#define NR_SYSREGS (sizeof(table) / sizeof(table[0]))

/* ---- which registers this CPU has ---- */
static bool feat_known;
static bool feat_has[F_NR];

static void probe_features(void)
{
	uint64_t dfr0 = read_sysreg(id_aa64dfr0_el1);
	unsigned brps = ((dfr0 >> 12) & 0xf) + 1, wrps = ((dfr0 >> 20) & 0xf) + 1;
	unsigned pmev = 0;

	feat_has[F_ANY] = true;
	feat_has[F_PAUTH] = el2_cpu_has_pauth();
	feat_has[F_SVE] = el2_cpu_has_sve();
	feat_has[F_SME] = el2_cpu_has_sme();
	feat_has[F_PMU] = el2_cpu_has_pmu();
	if (feat_has[F_PMU])
		pmev = (read_sysreg(pmcr_el0) >> 11) & 0x1f; /* PMCR_EL0.N */
	for (unsigned n = 0; n < 16; n++) {
		feat_has[F_BRP0 + n] = n < brps;
		feat_has[F_WRP0 + n] = n < wrps;
	}
	for (unsigned n = 0; n < 31; n++)
		feat_has[F_PMEV0 + n] = n < pmev;
	feat_known = true;
}

static const struct sysreg_desc *lookup(uint32_t enc)
{
	if (!feat_known)
		probe_features();
	for (unsigned i = 0; i < NR_SYSREGS; i++) {
		if (table[i].enc == enc)
			return feat_has[table[i].feat] ? &table[i] : NULL;
	}
	return NULL;
}

bool el2_sysreg_exists(uint32_t enc)
{
	return lookup(enc) != NULL;
}

/* ---- the hardware access: one case per encoding ---- */
static uint64_t hw_read(uint32_t enc)
{
	switch (enc) {
#define X(name, o0, o1, cn, cm, o2, acc, f)                                    \
	case EL2_SYSREG_ENC(o0, o1, cn, cm, o2):                               \
		return read_sysreg(SREG(o0, o1, cn, cm, o2));
		SYSREGS(X)
#undef X
	}
	return 0;
}

#define WRITE_CASE_RO(o0, o1, cn, cm, o2)
#define WRITE_CASE_RW(o0, o1, cn, cm, o2)                                      \
	case EL2_SYSREG_ENC(o0, o1, cn, cm, o2):                               \
		write_sysreg(val, SREG(o0, o1, cn, cm, o2));                   \
		break;

static void hw_write(uint32_t enc, uint64_t val)
{
	switch (enc) {
#define X(name, o0, o1, cn, cm, o2, acc, f) WRITE_CASE_##acc(o0, o1, cn, cm, o2)
		SYSREGS(X)
#undef X
	}
	isb();
}

/* ---- reset ---- */
#define PMCR_C (1ull << 2) /* reset the cycle counter */
#define PMCR_P (1ull << 1) /* reset the event counters */
#define SYS_OSLAR_EL1 s2_0_c1_c0_4
#define SYS_PMCNTENCLR_EL0 s3_3_c9_c12_2
#define SYS_PMOVSCLR_EL0 s3_3_c9_c12_3
#define SYS_PMINTENCLR_EL1 s3_0_c9_c14_2

void el2_sysregs_reset_el1(struct el2_vcpu *v)
{
	(void)v;
	if (!feat_known)
		probe_features();
	for (unsigned i = 0; i < NR_SYSREGS; i++) {
		if (table[i].access == RW && feat_has[table[i].feat])
			hw_write(table[i].enc, 0);
	}
	hw_write(EL2_SYSREG_ENC(3, 0, 1, 0, 0), EL2_SCTLR_EL1_RESET);
	if (feat_has[F_PMU]) {
		/* Set/clear pairs: the CLR views clear what SET cannot. */
		write_sysreg(~0ull, SYS_PMCNTENCLR_EL0);
		write_sysreg(~0ull, SYS_PMOVSCLR_EL0);
		write_sysreg(~0ull, SYS_PMINTENCLR_EL1);
		write_sysreg(PMCR_C | PMCR_P, pmcr_el0);
		write_sysreg(0, pmcr_el0);
		/* The guest's PMU is the core's (MDCR_EL2.TPM, hyp.c).  The
		 * CPU's PMUSERENR_EL0.EN = 1 lets every EL0 access reach that
		 * trap instead of being trapped to EL1 by the CPU first (Arm
		 * ARM D17.5.16: the EL1 trap has priority), so the model's
		 * PMUSERENR_EL0 decides, as on the Unicorn engine. */
		write_sysreg(1, pmuserenr_el0);
	}
	/* The guest's OS lock is the core's (src/debug: OSLAR/OSLSR trapped
	 * by MDCR_EL2.TDOSA, debug_hw.c): the CPU's own stays unlocked so
	 * that the breakpoints the engine loads can fire. */
	write_sysreg(0, SYS_OSLAR_EL1);
	isb();
}

/* ---- one-reg ids ---- */
#define CORE_PREFIX (AV_REG_ARM64 | AV_REG_ARM_CORE)
#define SIZE_MASK 0x00f0000000000000ull
#define SIZE_U32 0x0020000000000000ull
#define SYSREG_PREFIX (AV_REG_ARM64 | AV_REG_SIZE_U64 | AV_REG_ARM64_SYSREG)
/* struct kvm_regs word offsets (KVM's arm64 uapi, AV_REG_CORE) */
#define CORE_SP 62
#define CORE_PC 64
#define CORE_PSTATE 66
#define CORE_SP_EL1 68
#define CORE_ELR_EL1 70
#define CORE_SPSR_EL1 72 /* spsr[KVM_SPSR_EL1 = 0] */
#define CORE_FPSR 212    /* fp_regs.fpsr: after vregs[32] at 84 */
#define CORE_FPCR 213

struct reg_call {
	struct el2_vcpu *v;
	uint64_t id, val;
	bool write;
	int ret;
};

static bool pstate_ok(uint64_t ps)
{
	unsigned m = ps & PSR_MODE_MASK;

	/* AArch64 EL0t, EL1t or EL1h only: never a PSTATE that would ERET
	 * to EL2 or to AArch32. */
	return !(ps & PSR_MODE32) && !(ps >> 32) &&
	       (m == PSR_MODE_EL0t || m == PSR_MODE_EL1t || m == PSR_MODE_EL1h);
}

/* Registers kept in the trap frame: reachable from any pCPU while the
 * vCPU is outside the guest. */
static int frame_reg(struct el2_vcpu *v, uint64_t word, uint64_t *val,
		     bool write)
{
	uint64_t *slot;

	if (word < 62) {
		if (word & 1)
			return -ENOENT;
		slot = &v->frame.x[word / 2];
	} else if (word == CORE_PC) {
		slot = &v->frame.elr;
	} else if (word == CORE_PSTATE) {
		if (write && !pstate_ok(*val))
			return -EINVAL;
		slot = &v->frame.spsr;
	} else {
		return 1; /* not a frame register */
	}
	if (write)
		*slot = *val;
	else
		*val = *slot;
	return 0;
}

/* Registers in the CPU: run on the vCPU's pCPU. */
static int cpu_core_reg(uint64_t id, uint64_t *val, bool write)
{
	uint64_t word = id & 0xffff;
	bool u32 = (id & SIZE_MASK) == SIZE_U32;

	if (u32 != (word == CORE_FPSR || word == CORE_FPCR))
		return -ENOENT;
	switch (word) {
	case CORE_SP:
		if (write)
			write_sysreg(*val, sp_el0);
		else
			*val = read_sysreg(sp_el0);
		return 0;
	case CORE_SP_EL1:
		if (write)
			write_sysreg(*val, sp_el1);
		else
			*val = read_sysreg(sp_el1);
		return 0;
	case CORE_ELR_EL1:
		if (write)
			write_sysreg(*val, elr_el1);
		else
			*val = read_sysreg(elr_el1);
		return 0;
	case CORE_SPSR_EL1:
		if (write)
			write_sysreg(*val, spsr_el1);
		else
			*val = read_sysreg(spsr_el1);
		return 0;
	case CORE_FPSR:
	case CORE_FPCR:
		if (write && (*val >> 32))
			return -EINVAL;
		if (word == CORE_FPSR) {
			if (write)
				write_sysreg(*val, fpsr);
			else
				*val = read_sysreg(fpsr);
		} else {
			if (write)
				write_sysreg(*val, fpcr);
			else
				*val = read_sysreg(fpcr);
		}
		return 0;
	}
	return -ENOENT;
}

static int cpu_sysreg(struct el2_vcpu *v, uint32_t enc, uint64_t *val,
		      bool write)
{
	const struct sysreg_desc *d = lookup(enc);
	uint64_t cur;

	if (!d)
		return -ENOENT;
	/* What the guest reads as MIDR_EL1 / MPIDR_EL1 is VPIDR_EL2 /
	 * VMPIDR_EL2 (Arm ARM D19.2 VPIDR_EL2, VMPIDR_EL2). */
	if (enc == EL2_SYSREG_ENC(3, 0, 0, 0, 5))
		cur = v->vmpidr;
	else if (enc == EL2_SYSREG_ENC(3, 0, 0, 0, 0))
		cur = read_sysreg(vpidr_el2);
	else
		cur = hw_read(enc);
	if (!write) {
		*val = cur;
		return 0;
	}
	if (d->access == RO)
		return *val == cur ? 0 : -EINVAL;
	hw_write(enc, *val);
	return 0;
}

static void reg_call_fn(void *arg)
{
	struct reg_call *c = arg;

	if ((c->id & ~0xffffull & ~SIZE_MASK) == CORE_PREFIX)
		c->ret = cpu_core_reg(c->id, &c->val, c->write);
	else
		c->ret = cpu_sysreg(c->v, (uint32_t)(c->id & 0xffff), &c->val,
				    c->write);
}

static int access_reg(struct el2_vcpu *v, uint64_t id, uint64_t *val,
		      bool write)
{
	struct reg_call c = { v, id, write ? *val : 0, write, -ENOENT };

	if ((id & ~0xffffull & ~SIZE_MASK) == CORE_PREFIX) {
		if ((id & SIZE_MASK) == AV_REG_SIZE_U64) {
			int r = frame_reg(v, id & 0xffff, val, write);

			if (r <= 0)
				return r;
		}
	} else if ((id & ~0xffffull) != SYSREG_PREFIX) {
		return -ENOENT;
	}
	el2_cpu_call(v->pcpu, reg_call_fn, &c);
	if (!write && !c.ret)
		*val = c.val;
	return c.ret;
}

int el2_vcpu_get_reg(struct el2_vcpu *v, uint64_t id, uint64_t *val)
{
	return access_reg(v, id, val, false);
}

int el2_vcpu_set_reg(struct el2_vcpu *v, uint64_t id, uint64_t val)
{
	return access_reg(v, id, &val, true);
}

unsigned el2_vcpu_reg_list(uint64_t *ids, unsigned max)
{
	static const uint16_t core[] = { CORE_SP, CORE_PC, CORE_PSTATE,
					 CORE_SP_EL1, CORE_ELR_EL1,
					 CORE_SPSR_EL1 };
	unsigned n = 0;

	if (!feat_known)
		probe_features();
	for (unsigned i = 0; i < 31; i++, n++) {
		if (n < max)
			ids[n] = AV_REG_X(i);
	}
	for (unsigned i = 0; i < sizeof(core) / sizeof(core[0]); i++, n++) {
		if (n < max)
			ids[n] = AV_REG_CORE(core[i]);
	}
	for (unsigned i = 0; i < 2; i++, n++) {
		if (n < max)
			ids[n] = CORE_PREFIX | SIZE_U32 | (CORE_FPSR + i);
	}
	for (unsigned i = 0; i < NR_SYSREGS; i++) {
		if (!feat_has[table[i].feat])
			continue;
		if (n < max)
			ids[n] = SYSREG_PREFIX | table[i].enc;
		n++;
	}
	return n;
}
