/* SPDX-License-Identifier: MIT */
/*
 * Self-hosted debug registers (Arm ARM D2 "AArch64 Self-hosted Debug",
 * registers in D17.3), as KVM presents them to a guest
 * (arch/arm64/kvm/sys_regs.c): breakpoint and watchpoint value/control
 * registers, MDSCR_EL1, the OS lock, and RAZ/WI for the Debug
 * Communications Channel, the claim tags and the OS double lock (which
 * ID_AA64DFR0_EL1 says is not implemented).  Every other debug encoding
 * (trace, external debug) is left unhandled, so the engine makes it
 * UNDEFINED.
 *
 * The registers belong to the vCPU's thread (sysreg traps and one-reg, which
 * the core refuses while the vCPU runs), so no lock is needed.
 */
#include <errno.h>

#include "debug/debug.h"
#include "platform/platform.h"

#define ENC_MDCCINT SYSREG_ENC(2, 0, 0, 2, 0)
#define ENC_MDSCR SYSREG_ENC(2, 0, 0, 2, 2)
#define ENC_OSDTRRX SYSREG_ENC(2, 0, 0, 0, 2)
#define ENC_OSDTRTX SYSREG_ENC(2, 0, 0, 3, 2)
#define ENC_OSECCR SYSREG_ENC(2, 0, 0, 6, 2)
#define ENC_MDCCSR SYSREG_ENC(2, 3, 0, 1, 0)
#define ENC_DBGDTR SYSREG_ENC(2, 3, 0, 4, 0)
#define ENC_DBGDTRRXTX SYSREG_ENC(2, 3, 0, 5, 0)
#define ENC_MDRAR SYSREG_ENC(2, 0, 1, 0, 0)
#define ENC_OSLAR SYSREG_ENC(2, 0, 1, 0, 4)
#define ENC_OSLSR SYSREG_ENC(2, 0, 1, 1, 4)
#define ENC_OSDLR SYSREG_ENC(2, 0, 1, 3, 4)
#define ENC_DBGPRCR SYSREG_ENC(2, 0, 1, 4, 4)
#define ENC_DBGCLAIMSET SYSREG_ENC(2, 0, 7, 8, 6)
#define ENC_DBGCLAIMCLR SYSREG_ENC(2, 0, 7, 9, 6)
#define ENC_DBGAUTHSTATUS SYSREG_ENC(2, 0, 7, 14, 6)
#define ENC_ID_AA64DFR0 SYSREG_ENC(3, 0, 0, 5, 0)
#define ENC_ID_AA64DFR1 SYSREG_ENC(3, 0, 0, 5, 1)

/* DBGBVR/DBGBCR/DBGWVR/DBGWCR <n>: op0 2, op1 0, CRn 0, CRm n, op2 4..7. */
#define DBG_BPWP_OP2(enc) ((enc)&7)
#define DBG_BPWP_N(enc) (((enc) >> 3) & 15)
static bool is_bpwp(uint32_t enc)
{
	return (enc & ~(uint32_t)SYSREG_ENC(0, 0, 0, 15, 7)) ==
		       SYSREG_ENC(2, 0, 0, 0, 0) &&
	       DBG_BPWP_OP2(enc) >= 4;
}

/* Writable bits (RES0 elsewhere).  DBGBCR: E, PMC, BAS, HMC, SSC, LBN, BT
 * (D17.3.2); DBGWCR: E, PAC, LSC, BAS, HMC, SSC, LBN, WT, MASK (D17.3.12);
 * MDSCR_EL1: SS, ERR, TDCC, KDE, HDE, MDE, SC2, TDA, INTdis, TXU, RXO
 * (D17.3.16; the DCC status bits read as 0: no DCC). */
#define DBGBCR_RW 0x00ffe1e7ull
#define DBGWCR_RW 0x1f1fffffull
#define DBGVR_MASK 0xfffffffffffffffcull
#define MDSCR_MASK 0x0ce8f041ull

/* OSLSR_EL1.OSLM = 0b10: the OS lock is implemented (D17.3.22). */
#define OSLSR_OSLM_IMPL (1u << 3)
#define OSLSR_OSLK (1u << 1)

static struct debug_regs *regs_of(av_vcpu *v)
{
	return vcpu_debug(v);
}

/* The DCC registers at EL0 are trapped when MDSCR_EL1.TDCC is set
 * (D17.3.16 TDCC: "trapped to EL1", EC 0x18). */
static int dcc_el0_check(struct debug_regs *d, unsigned el)
{
	return el == 0 && (d->mdscr & MDSCR_TDCC) ? -EPERM : 0;
}

/* KVM trap_raz_wi: the OS-lock data transfer and catch registers (no
 * external debugger), the OS double lock (not implemented), power-down
 * control and the claim tags. */
static bool raz_wi(uint32_t enc)
{
	switch (enc) {
	case ENC_OSDTRRX:
	case ENC_OSDTRTX:
	case ENC_OSECCR:
	case ENC_OSDLR:
	case ENC_DBGPRCR:
	case ENC_DBGCLAIMSET:
	case ENC_DBGCLAIMCLR:
		return true;
	default:
		return false;
	}
}

static int bpwp_read(struct debug_regs *d, uint32_t enc, uint64_t *val)
{
	unsigned n = DBG_BPWP_N(enc);

	switch (DBG_BPWP_OP2(enc)) {
	case 4:
		if (n >= DEBUG_NR_BPS)
			return -EACCES;
		*val = d->bvr[n];
		return 0;
	case 5:
		if (n >= DEBUG_NR_BPS)
			return -EACCES;
		*val = d->bcr[n];
		return 0;
	case 6:
		if (n >= DEBUG_NR_WPS)
			return -EACCES;
		*val = d->wvr[n];
		return 0;
	default:
		if (n >= DEBUG_NR_WPS)
			return -EACCES;
		*val = d->wcr[n];
		return 0;
	}
}

static int bpwp_write(struct debug_regs *d, uint32_t enc, uint64_t val)
{
	unsigned n = DBG_BPWP_N(enc);

	switch (DBG_BPWP_OP2(enc)) {
	case 4:
		if (n >= DEBUG_NR_BPS)
			return -EACCES;
		d->bvr[n] = val & DBGVR_MASK;
		break;
	case 5:
		if (n >= DEBUG_NR_BPS)
			return -EACCES;
		d->bcr[n] = val & DBGBCR_RW;
		break;
	case 6:
		if (n >= DEBUG_NR_WPS)
			return -EACCES;
		d->wvr[n] = val & DBGVR_MASK;
		break;
	default:
		if (n >= DEBUG_NR_WPS)
			return -EACCES;
		d->wcr[n] = val & DBGWCR_RW;
		break;
	}
	d->gen++;
	return 0;
}

uint64_t debug_id_aa64dfr0(void)
{
	/* DebugVer 0b0110 (Armv8.0 debug), TraceVer 0 (no trace), PMUVer
	 * 0b0001 (PMUv3, src/pmu), BRPs = 6 - 1, WRPs = 4 - 1, CTX_CMPs = 0
	 * (one context-aware breakpoint: the last), PMSVer 0, DoubleLock
	 * 0b1111 (not implemented: OSDLR_EL1 is RAZ/WI). */
	return 0x6ull | 0x1ull << 8 | (uint64_t)(DEBUG_NR_BPS - 1) << 12 |
	       (uint64_t)(DEBUG_NR_WPS - 1) << 20 | 0xfull << 36;
}

static int debug_read(av_vcpu *v, uint32_t enc, unsigned el, uint64_t *val)
{
	struct debug_regs *d = regs_of(v);
	int ret;

	if (is_bpwp(enc))
		return bpwp_read(d, enc, val);
	switch (enc) {
	case ENC_MDSCR:
		*val = d->mdscr;
		return 0;
	case ENC_MDCCINT:
		*val = d->mdccint;
		return 0;
	case ENC_MDCCSR:
	case ENC_DBGDTR:
	case ENC_DBGDTRRXTX:
		ret = dcc_el0_check(d, el);
		if (!ret)
			*val = 0;
		return ret;
	case ENC_OSLSR:
		*val = OSLSR_OSLM_IMPL | (d->oslk ? OSLSR_OSLK : 0);
		return 0;
	case ENC_DBGAUTHSTATUS:
		/* Non-secure invasive and non-invasive debug implemented and
		 * enabled; no Secure state (D17.3.6). */
		*val = 0xf;
		return 0;
	case ENC_ID_AA64DFR0:
		*val = debug_id_aa64dfr0();
		return 0;
	case ENC_ID_AA64DFR1:
	case ENC_MDRAR: /* no memory-mapped debug ROM */
		*val = 0;
		return 0;
	default:
		if (raz_wi(enc)) {
			*val = 0;
			return 0;
		}
		return -EACCES; /* OSLAR_EL1 is write-only */
	}
}

static int debug_write(av_vcpu *v, uint32_t enc, unsigned el, uint64_t val)
{
	struct debug_regs *d = regs_of(v);

	if (is_bpwp(enc))
		return bpwp_write(d, enc, val);
	switch (enc) {
	case ENC_MDSCR:
		d->mdscr = val & MDSCR_MASK;
		d->gen++;
		return 0;
	case ENC_MDCCINT:
		d->mdccint = val & (1ull << 29 | 1ull << 30);
		return 0;
	case ENC_OSLAR:
		/* D17.3.21: OSLAR_EL1.OSLK sets or clears the OS lock. */
		d->oslk = val & 1;
		d->gen++;
		return 0;
	case ENC_DBGDTR:
	case ENC_DBGDTRRXTX:
		return dcc_el0_check(d, el);
	default:
		if (raz_wi(enc))
			return 0;
		/* read-only: MDCCSR, MDRAR, OSLSR, DBGAUTHSTATUS, IDs */
		return -EACCES;
	}
}

#define DBG_REG(enc, name) { enc, name, debug_read, debug_write }
#define BPWP(n)                                                                \
	DBG_REG(SYSREG_ENC(2, 0, 0, n, 4), "DBGBVR" #n "_EL1"),                \
	DBG_REG(SYSREG_ENC(2, 0, 0, n, 5), "DBGBCR" #n "_EL1"),                \
	DBG_REG(SYSREG_ENC(2, 0, 0, n, 6), "DBGWVR" #n "_EL1"),                \
	DBG_REG(SYSREG_ENC(2, 0, 0, n, 7), "DBGWCR" #n "_EL1")

/* Every breakpoint/watchpoint encoding (0..15) is listed: those past the
 * implemented ones are UNDEFINED (-EACCES), not left to a CPU model. */
static const struct sysreg_desc debug_sysregs[] = {
	BPWP(0), BPWP(1), BPWP(2), BPWP(3), BPWP(4), BPWP(5), BPWP(6),
	BPWP(7), BPWP(8), BPWP(9), BPWP(10), BPWP(11), BPWP(12), BPWP(13),
	BPWP(14), BPWP(15),
	DBG_REG(ENC_MDCCINT, "MDCCINT_EL1"),
	DBG_REG(ENC_MDSCR, "MDSCR_EL1"),
	DBG_REG(ENC_OSDTRRX, "OSDTRRX_EL1"),
	DBG_REG(ENC_OSDTRTX, "OSDTRTX_EL1"),
	DBG_REG(ENC_OSECCR, "OSECCR_EL1"),
	DBG_REG(ENC_MDCCSR, "MDCCSR_EL0"),
	DBG_REG(ENC_DBGDTR, "DBGDTR_EL0"),
	DBG_REG(ENC_DBGDTRRXTX, "DBGDTRRX_EL0/DBGDTRTX_EL0"),
	DBG_REG(ENC_MDRAR, "MDRAR_EL1"),
	DBG_REG(ENC_OSLAR, "OSLAR_EL1"),
	DBG_REG(ENC_OSLSR, "OSLSR_EL1"),
	DBG_REG(ENC_OSDLR, "OSDLR_EL1"),
	DBG_REG(ENC_DBGPRCR, "DBGPRCR_EL1"),
	DBG_REG(ENC_DBGCLAIMSET, "DBGCLAIMSET_EL1"),
	DBG_REG(ENC_DBGCLAIMCLR, "DBGCLAIMCLR_EL1"),
	DBG_REG(ENC_DBGAUTHSTATUS, "DBGAUTHSTATUS_EL1"),
	DBG_REG(ENC_ID_AA64DFR0, "ID_AA64DFR0_EL1"),
	DBG_REG(ENC_ID_AA64DFR1, "ID_AA64DFR1_EL1"),
};

int debug_vm_init(av_vm *vm)
{
	return vm_register_sysregs(vm, debug_sysregs,
				   sizeof(debug_sysregs) /
					   sizeof(debug_sysregs[0]));
}

int debug_vcpu_init(av_vcpu *v)
{
	struct debug_regs *d = plat_zalloc(sizeof(*d));

	if (!d)
		return -ENOMEM;
	vcpu_set_debug(v, d);
	return 0;
}

void debug_vcpu_destroy(av_vcpu *v)
{
	plat_free(vcpu_debug(v));
	vcpu_set_debug(v, NULL);
}

void debug_vcpu_reset(av_vcpu *v)
{
	struct debug_regs *d = regs_of(v);
	uint32_t gen = d->gen;

	*d = (struct debug_regs){ .gen = gen + 1 };
}

static bool is_debug_reg(uint32_t enc)
{
	for (unsigned i = 0; i < sizeof(debug_sysregs) / sizeof(debug_sysregs[0]);
	     i++)
		if (debug_sysregs[i].enc == enc)
			return true;
	return false;
}

int debug_get_reg(av_vcpu *v, uint32_t enc, uint64_t *val)
{
	if (!is_debug_reg(enc))
		return -ENOENT;
	if (enc == ENC_OSLAR) {
		*val = 0; /* write-only: reads as 0 here */
		return 0;
	}
	return debug_read(v, enc, 1, val) ? -ENOENT : 0;
}

int debug_set_reg(av_vcpu *v, uint32_t enc, uint64_t val)
{
	struct debug_regs *d = regs_of(v);

	if (enc == ENC_OSLSR) {
		/* KVM restores the OS lock through OSLSR_EL1's OSLK bit. */
		d->oslk = val & OSLSR_OSLK;
		d->gen++;
		return 0;
	}
	if (!is_debug_reg(enc))
		return -ENOENT;
	return debug_write(v, enc, 1, val) ? -EINVAL : 0;
}

/* ---- when do debug events generate exceptions ---- */

bool debug_exceptions_enabled(const struct debug_regs *d, unsigned el,
			      bool d_masked)
{
	/* AArch64.GenerateDebugExceptionsFrom(): never with the OS lock
	 * locked; from EL0 (debug exceptions go to EL1) always; from EL1
	 * only with MDSCR_EL1.KDE set and PSTATE.D clear. */
	if (d->oslk)
		return false;
	if (el == 0)
		return true;
	return (d->mdscr & MDSCR_KDE) && !d_masked;
}

bool debug_bpwp_enabled(const struct debug_regs *d, unsigned el,
			bool d_masked)
{
	return (d->mdscr & MDSCR_MDE) &&
	       debug_exceptions_enabled(d, el, d_masked);
}

bool debug_step_enabled(const struct debug_regs *d, unsigned el,
			bool d_masked)
{
	return (d->mdscr & MDSCR_SS) &&
	       debug_exceptions_enabled(d, el, d_masked);
}

/*
 * D2.8.3 / D2.9.3 privilege and security state filtering, for a guest in
 * Non-secure EL1/EL0 with no EL2 of its own: PMC/PAC bit 0 selects EL1,
 * bit 1 EL0; SSC 0b00 (both states) and 0b01 (Non-secure) match, 0b10
 * (Secure only) and the EL2/EL3 combinations with HMC never do.
 */
static bool priv_match(unsigned pmc, unsigned ssc, unsigned el)
{
	if (ssc > 1)
		return false;
	return el == 0 ? (pmc & 2) : (pmc & 1);
}

/* Addresses compare on bits [48:2] (DBGBVR_EL1 bits [63:49] are a sign
 * extension of bit 48, D17.3.3). */
#define VA_CMP_MASK 0x0001fffffffffffcull

static bool ctx_bp_match(const struct debug_regs *d, unsigned n, unsigned el,
			 uint32_t ctxid)
{
	uint64_t c = d->bcr[n];

	return n == DEBUG_CTX_BP && (c & DBGBCR_E) &&
	       priv_match(DBGBCR_PMC(c), DBGBCR_SSC(c), el) &&
	       (uint32_t)d->bvr[n] == ctxid;
}

int debug_bp_match(const struct debug_regs *d, uint64_t pc, unsigned el,
		   uint32_t ctxid)
{
	for (unsigned n = 0; n < DEBUG_NR_BPS; n++) {
		uint64_t c = d->bcr[n];

		if (!(c & DBGBCR_E) ||
		    !priv_match(DBGBCR_PMC(c), DBGBCR_SSC(c), el))
			continue;
		switch (DBGBCR_BT(c)) {
		case BT_ADDR:
		case BT_ADDR | 1: /* linked: also the context breakpoint */
			/* An A64 instruction needs BAS = 0b1111 (D2.8.5). */
			if (DBGBCR_BAS(c) != 0xf ||
			    ((pc ^ d->bvr[n]) & VA_CMP_MASK))
				break;
			if ((DBGBCR_BT(c) & 1) &&
			    !ctx_bp_match(d, (c >> 16) & 15, el, ctxid))
				break;
			return (int)n;
		case BT_CTXID:
			if (ctx_bp_match(d, n, el, ctxid))
				return (int)n;
			break;
		default:
			break; /* linked context, VMID, ...: not on their own */
		}
	}
	return -1;
}

/* Does [va, va + size) touch a byte that watchpoint n watches? */
static bool wp_hit(uint64_t c, uint64_t wv, uint64_t va, unsigned size)
{
	unsigned mask = DBGWCR_MASK(c), bas = DBGWCR_BAS(c), nbytes = 8;
	uint64_t base;

	if (mask) {
		/* D2.9.6: MASK 0b00011..0b11111 watches a 2^MASK aligned
		 * range; 0b00001 and 0b00010 are reserved. */
		uint64_t lo;

		if (mask < 3)
			return false;
		lo = wv & ~((1ull << mask) - 1);
		return va < lo + (1ull << mask) && va + size > lo;
	}
	/* BAS selects bytes of the doubleword at DBGWVR[..:3], or of the
	 * word at DBGWVR[..:2] when bit 2 is set (D17.3.12 BAS). */
	base = wv & ~7ull;
	if (wv & 4) {
		base = wv & ~3ull;
		nbytes = 4;
	}
	for (unsigned i = 0; i < nbytes; i++) {
		uint64_t b = base + i;

		if ((bas & (1u << i)) && b >= va && b - va < size)
			return true;
	}
	return false;
}

int debug_wp_match(const struct debug_regs *d, uint64_t va, unsigned size,
		   bool is_write, unsigned el, uint64_t *far)
{
	for (unsigned n = 0; n < DEBUG_NR_WPS; n++) {
		uint64_t c = d->wcr[n];

		if (!(c & DBGWCR_E) ||
		    !priv_match(DBGWCR_PAC(c), DBGWCR_SSC(c), el))
			continue;
		/* LSC: 0b01 loads, 0b10 stores, 0b11 both (D17.3.12). */
		if (!(DBGWCR_LSC(c) & (is_write ? 2 : 1)))
			continue;
		if (wp_hit(c, d->wvr[n], va, size)) {
			/* D2.9.7: FAR holds the address of the access. */
			*far = va;
			return (int)n;
		}
	}
	return -1;
}

unsigned debug_bp_addresses(const struct debug_regs *d,
			    uint64_t addr[DEBUG_NR_BPS])
{
	unsigned k = 0;

	for (unsigned n = 0; n < DEBUG_NR_BPS; n++) {
		uint64_t c = d->bcr[n];

		if ((c & DBGBCR_E) && (DBGBCR_BT(c) & ~1u) == BT_ADDR)
			addr[k++] = d->bvr[n];
	}
	return k;
}

bool debug_needs_every_insn(const struct debug_regs *d)
{
	if (d->mdscr & MDSCR_SS)
		return true;
	if (!(d->mdscr & MDSCR_MDE))
		return false;
	for (unsigned n = 0; n < DEBUG_NR_WPS; n++)
		if (d->wcr[n] & DBGWCR_E)
			return true;
	return (d->bcr[DEBUG_CTX_BP] & DBGBCR_E) &&
	       DBGBCR_BT(d->bcr[DEBUG_CTX_BP]) == BT_CTXID;
}
