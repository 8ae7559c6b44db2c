// SPDX-License-Identifier: MIT
/*
 * CNTKCTL_EL1's EL0 access controls (Arm ARM D17.8 CNTKCTL_EL1, and each
 * timer register's accessibility pseudocode): with the bit clear, an EL0
 * access to
 *   EL0PCTEN: CNTPCT_EL0            EL0VCTEN: CNTVCT_EL0
 *   (CNTFRQ_EL0 if both are clear)
 *   EL0VTEN:  CNTV_CTL/CVAL/TVAL    EL0PTEN:  CNTP_CTL/CVAL/TVAL
 * is trapped to EL1 with EC 0x18 (trapped MSR/MRS) and an ISS naming the
 * register, the transfer register and the direction; with the bit set it
 * works.  CNTKCTL_EL1 itself is an EL1 register: UNDEFINED at EL0 (EC 0).
 * Every bit is tried alone, then none and all.
 */
#include "arch_timer.h"
#include "sdk.h"

#define TRAPPED 0x7ea9ed0000000000ull /* x0 after a trapped access */

uint64_t el0_rd_cntfrq(uint64_t), el0_rd_cntpct(uint64_t);
uint64_t el0_rd_cntvct(uint64_t), el0_rd_cntv_ctl(uint64_t);
uint64_t el0_rd_cntv_cval(uint64_t), el0_rd_cntv_tval(uint64_t);
uint64_t el0_wr_cntv_cval(uint64_t), el0_wr_cntv_ctl(uint64_t);
uint64_t el0_rd_cntp_ctl(uint64_t), el0_rd_cntp_cval(uint64_t);
uint64_t el0_rd_cntp_tval(uint64_t), el0_wr_cntp_cval(uint64_t);
uint64_t el0_wr_cntp_ctl(uint64_t), el0_rd_cntkctl(uint64_t);

#define ENC(op0, op1, crn, crm, op2)                                           \
	((op0) << 14 | (op1) << 11 | (crn) << 7 | (crm) << 3 | (op2))

static const struct access {
	const char *name;
	uint64_t (*fn)(uint64_t);
	uint32_t needs; /* any of these CNTKCTL bits; 0 = never allowed */
	bool write;
	uint32_t enc;
} accesses[] = {
	{ "CNTFRQ_EL0 read", el0_rd_cntfrq,
	  CNTKCTL_EL0PCTEN | CNTKCTL_EL0VCTEN, false, ENC(3, 3, 14, 0, 0) },
	{ "CNTPCT_EL0 read", el0_rd_cntpct, CNTKCTL_EL0PCTEN, false,
	  ENC(3, 3, 14, 0, 1) },
	{ "CNTVCT_EL0 read", el0_rd_cntvct, CNTKCTL_EL0VCTEN, false,
	  ENC(3, 3, 14, 0, 2) },
	{ "CNTV_CTL_EL0 read", el0_rd_cntv_ctl, CNTKCTL_EL0VTEN, false,
	  ENC(3, 3, 14, 3, 1) },
	{ "CNTV_CVAL_EL0 read", el0_rd_cntv_cval, CNTKCTL_EL0VTEN, false,
	  ENC(3, 3, 14, 3, 2) },
	{ "CNTV_TVAL_EL0 read", el0_rd_cntv_tval, CNTKCTL_EL0VTEN, false,
	  ENC(3, 3, 14, 3, 0) },
	{ "CNTV_CVAL_EL0 write", el0_wr_cntv_cval, CNTKCTL_EL0VTEN, true,
	  ENC(3, 3, 14, 3, 2) },
	{ "CNTV_CTL_EL0 write", el0_wr_cntv_ctl, CNTKCTL_EL0VTEN, true,
	  ENC(3, 3, 14, 3, 1) },
	{ "CNTP_CTL_EL0 read", el0_rd_cntp_ctl, CNTKCTL_EL0PTEN, false,
	  ENC(3, 3, 14, 2, 1) },
	{ "CNTP_CVAL_EL0 read", el0_rd_cntp_cval, CNTKCTL_EL0PTEN, false,
	  ENC(3, 3, 14, 2, 2) },
	{ "CNTP_TVAL_EL0 read", el0_rd_cntp_tval, CNTKCTL_EL0PTEN, false,
	  ENC(3, 3, 14, 2, 0) },
	{ "CNTP_CVAL_EL0 write", el0_wr_cntp_cval, CNTKCTL_EL0PTEN, true,
	  ENC(3, 3, 14, 2, 2) },
	{ "CNTP_CTL_EL0 write", el0_wr_cntp_ctl, CNTKCTL_EL0PTEN, true,
	  ENC(3, 3, 14, 2, 1) },
	{ "CNTKCTL_EL1 read", el0_rd_cntkctl, 0, false, ENC(3, 0, 14, 1, 0) },
};

static volatile uint64_t trap_esr;
static volatile int traps;

/* An EL0 timer access that trapped: note the syndrome, skip the
 * instruction, hand TRAPPED back in x0. */
static bool el0_trap(struct exc_frame *f)
{
	if (f->vector != VEC_LOW64_SYNC)
		return false;
	trap_esr = f->esr;
	traps++;
	f->regs[0] = TRAPPED;
	f->elr += 4;
	return true;
}

/* D17.2.37 ISS for EC 0x18: Op0 [21:20], Op2 [19:17], Op1 [16:14],
 * CRn [13:10], Rt [9:5], CRm [4:1], Direction [0] (1 = read). */
static uint32_t expected_iss(const struct access *a)
{
	uint32_t e = a->enc;

	return ((e >> 14) & 3) << 20 | (e & 7) << 17 | ((e >> 11) & 7) << 14 |
	       ((e >> 7) & 15) << 10 | 0 << 5 /* x0 */ | ((e >> 3) & 15) << 1 |
	       (a->write ? 0 : 1);
}

/* One access under the current CNTKCTL_EL1: true if it behaved. */
static bool try_access(const struct access *a, uint32_t kctl)
{
	bool allowed = a->needs & kctl;
	uint64_t arg = 0, r;
	int before = traps;

	if (a->write && a->fn == el0_wr_cntv_cval)
		arg = timer_read_cval(TIMER_VIRT); /* unchanged */
	else if (a->write && a->fn == el0_wr_cntp_cval)
		arg = timer_read_cval(TIMER_PHYS);
	r = el0_call(a->fn, arg);
	if (allowed) {
		if (traps != before || r == TRAPPED) {
			report_info("CNTKCTL %#x: %s trapped (ESR %#lx), "
				    "should work",
				    kctl, a->name, (unsigned long)trap_esr);
			return false;
		}
		if (a->fn == el0_rd_cntfrq && r != cnt_freq()) {
			report_info("CNTKCTL %#x: CNTFRQ at EL0 %lu != %lu",
				    kctl, (unsigned long)r,
				    (unsigned long)cnt_freq());
			return false;
		}
		return true;
	}
	if (traps == before) {
		report_info("CNTKCTL %#x: %s worked at EL0 (%#lx), should "
			    "trap",
			    kctl, a->name, (unsigned long)r);
		return false;
	}
	if (!a->needs) {
		/* An EL1 register at EL0: UNDEFINED (D1.10.4). */
		if (ESR_EC(trap_esr) != EC_UNKNOWN) {
			report_info("%s at EL0: EC %#lx, want 0 (UNDEFINED)",
				    a->name, (unsigned long)ESR_EC(trap_esr));
			return false;
		}
		return true;
	}
	if (ESR_EC(trap_esr) != EC_SYS64 ||
	    ESR_ISS(trap_esr) != expected_iss(a)) {
		report_info("CNTKCTL %#x: %s: ESR %#lx, want EC 0x18 ISS %#x",
			    kctl, a->name, (unsigned long)trap_esr,
			    expected_iss(a));
		return false;
	}
	return true;
}

int main(void)
{
	static const struct {
		uint32_t bits;
		const char *what;
	} configs[] = {
		{ 0, "none" },
		{ CNTKCTL_EL0PCTEN, "EL0PCTEN" },
		{ CNTKCTL_EL0VCTEN, "EL0VCTEN" },
		{ CNTKCTL_EL0VTEN, "EL0VTEN" },
		{ CNTKCTL_EL0PTEN, "EL0PTEN" },
		{ CNTKCTL_EL0PCTEN | CNTKCTL_EL0VCTEN | CNTKCTL_EL0VTEN |
			  CNTKCTL_EL0PTEN,
		  "all four" },
	};
	const unsigned n = sizeof(accesses) / sizeof(accesses[0]);

	el0_setup();
	install_sync_handler(EC_SYS64, el0_trap);
	install_sync_handler(EC_UNKNOWN, el0_trap);
	timer_disable(TIMER_VIRT);
	timer_disable(TIMER_PHYS);
	for (unsigned c = 0; c < sizeof(configs) / sizeof(configs[0]); c++) {
		unsigned good = 0;

		cntkctl_write(configs[c].bits);
		report((cntkctl_read() & 0x303) == configs[c].bits,
		       "CNTKCTL_EL1 = %#x reads back", configs[c].bits);
		for (unsigned i = 0; i < n; i++)
			good += try_access(&accesses[i], configs[c].bits);
		report(good == n,
		       "CNTKCTL_EL1 %s: %u/%u EL0 accesses allowed or "
		       "trapped as the bits say",
		       configs[c].what, good, n);
	}
	cntkctl_write(0);
	return 0;
}
