// SPDX-License-Identifier: MIT
/*
 * debug: self-hosted debug (Arm ARM D2), at EL1 and EL0.
 *  - ID_AA64DFR0_EL1 gives the breakpoint and watchpoint counts;
 *  - breakpoints: every breakpoint on consecutive instructions at EL1
 *    (EC 0x31, ELR = the address), one at EL0 (EC 0x30); none with the OS
 *    lock locked, MDSCR_EL1.MDE clear, or PSTATE.D set at EL1.  Writing an
 *    enabled DBGBCR0_EL1 (0x1e3) used to crash the VMM (issue 9, finding 1);
 *  - watchpoints: loads, stores, a pair and byte selection (EC 0x35/0x34,
 *    FAR = the address, WnR), load-only watchpoints ignore stores;
 *  - software step: through EL0 code one instruction at a time (EC 0x32,
 *    ELR = each next instruction, ISV = 1), and step becoming
 *    active-pending at EL1 (EC 0x33).
 */
#include "sdk.h"

#define EC_BKPT_LOW 0x30
#define EC_BKPT_CUR 0x31
#define EC_SSTEP_LOW 0x32
#define EC_SSTEP_CUR 0x33
#define EC_WATCH_LOW 0x34
#define EC_WATCH_CUR 0x35

#define MDSCR_SS (1ul << 0)
#define MDSCR_KDE (1ul << 13)
#define MDSCR_MDE (1ul << 15)
#define SPSR_D (1ul << 9)
#define SPSR_SS (1ul << 21)

/* DBGBCR: E, PMC (bit 1 EL1, bit 2 EL0), BAS = 0b1111 */
#define BCR_E 1ul
#define BCR_EL1 (1ul << 1)
#define BCR_EL0 (2ul << 1)
#define BCR_BAS (0xful << 5)
/* DBGWCR: E, PAC (bit 1 EL1, bit 2 EL0), LSC (bit 3 load, 4 store), BAS */
#define WCR_E 1ul
#define WCR_EL1 (1ul << 1)
#define WCR_EL0 (2ul << 1)
#define WCR_LOAD (1ul << 3)
#define WCR_STORE (2ul << 3)
#define WCR_BAS(b) ((uint64_t)(b) << 5)

extern char bp_seq[], wp_ldr_insn[], wp_str_insn[], wp_ldrb_insn[];
extern char wp_ldp_insn[], ss_el1_next[], el0_bp_insn[];
void bp_seq_call(void) __asm__("bp_seq");
uint64_t wp_ldr(uint64_t *), wp_ldrb(uint8_t *), wp_ldp(uint64_t *);
void wp_str(uint64_t *, uint64_t);
void ss_el1(void);
uint64_t el0_bp(uint64_t), el0_wp(uint64_t), el0_steps(uint64_t);
uint64_t el0_steps_trapped(uint64_t);

#define MAX_HITS 20
static volatile int nhits;
static struct exc_frame hits[MAX_HITS];
static int nbps, nwps;

static void write_bcr(int n, uint64_t v)
{
	switch (n) {
	case 0: write_sysreg(v, dbgbcr0_el1); break;
	case 1: write_sysreg(v, dbgbcr1_el1); break;
	case 2: write_sysreg(v, dbgbcr2_el1); break;
	case 3: write_sysreg(v, dbgbcr3_el1); break;
	case 4: write_sysreg(v, dbgbcr4_el1); break;
	case 5: write_sysreg(v, dbgbcr5_el1); break;
	case 6: write_sysreg(v, dbgbcr6_el1); break;
	case 7: write_sysreg(v, dbgbcr7_el1); break;
	default: report_abort("bcr %d", n);
	}
}

static void write_bvr(int n, uint64_t v)
{
	switch (n) {
	case 0: write_sysreg(v, dbgbvr0_el1); break;
	case 1: write_sysreg(v, dbgbvr1_el1); break;
	case 2: write_sysreg(v, dbgbvr2_el1); break;
	case 3: write_sysreg(v, dbgbvr3_el1); break;
	case 4: write_sysreg(v, dbgbvr4_el1); break;
	case 5: write_sysreg(v, dbgbvr5_el1); break;
	case 6: write_sysreg(v, dbgbvr6_el1); break;
	case 7: write_sysreg(v, dbgbvr7_el1); break;
	default: report_abort("bvr %d", n);
	}
}

static void write_wcr(int n, uint64_t v)
{
	switch (n) {
	case 0: write_sysreg(v, dbgwcr0_el1); break;
	case 1: write_sysreg(v, dbgwcr1_el1); break;
	case 2: write_sysreg(v, dbgwcr2_el1); break;
	case 3: write_sysreg(v, dbgwcr3_el1); break;
	default: report_abort("wcr %d", n);
	}
}

static void write_wvr(int n, uint64_t v)
{
	switch (n) {
	case 0: write_sysreg(v, dbgwvr0_el1); break;
	case 1: write_sysreg(v, dbgwvr1_el1); break;
	case 2: write_sysreg(v, dbgwvr2_el1); break;
	case 3: write_sysreg(v, dbgwvr3_el1); break;
	default: report_abort("wvr %d", n);
	}
}

static void reset_debug(void)
{
	asm volatile("msr daifset, #8" ::: "memory");
	write_sysreg(0, osdlr_el1);
	write_sysreg(0, oslar_el1);
	write_sysreg(0, mdscr_el1);
	for (int i = 0; i < nbps && i < 8; i++) {
		write_bcr(i, 0);
		write_bvr(i, 0);
	}
	for (int i = 0; i < nwps && i < 4; i++) {
		write_wcr(i, 0);
		write_wvr(i, 0);
	}
	isb();
	nhits = 0;
	memset(hits, 0, sizeof(hits));
}

static void record(struct exc_frame *f)
{
	if (nhits < MAX_HITS)
		memcpy(&hits[nhits], f, sizeof(*f));
	nhits++;
}

/* Breakpoints at EL1: return with debug masked (kvm-unit-tests' way), so
 * the same instruction does not break again. */
static bool bp_el1(struct exc_frame *f)
{
	record(f);
	f->spsr |= SPSR_D;
	return true;
}

/* Breakpoints and watchpoints from EL0: disable them all and retry. */
static bool dbg_el0(struct exc_frame *f)
{
	record(f);
	for (int i = 0; i < nbps && i < 8; i++)
		write_bcr(i, 0);
	for (int i = 0; i < nwps && i < 4; i++)
		write_wcr(i, 0);
	isb();
	return true;
}

/* Watchpoints at EL1: disable and retry the access. */
static bool wp_el1(struct exc_frame *f)
{
	return dbg_el0(f);
}

/* Step exceptions from EL0: keep stepping (SPSR.SS = 1) up to 5 steps. */
static bool ss_low(struct exc_frame *f)
{
	record(f);
	if (nhits >= 5)
		write_sysreg(read_sysreg(mdscr_el1) & ~MDSCR_SS, mdscr_el1);
	else
		f->spsr |= SPSR_SS;
	return true;
}

static bool ss_cur(struct exc_frame *f)
{
	record(f);
	write_sysreg(read_sysreg(mdscr_el1) & ~MDSCR_SS, mdscr_el1);
	f->spsr |= SPSR_D;
	return true;
}

static void test_ids(void)
{
	uint64_t dfr0 = read_sysreg(id_aa64dfr0_el1);

	nbps = ((dfr0 >> 12) & 0xf) + 1;
	nwps = ((dfr0 >> 20) & 0xf) + 1;
	report_info("ID_AA64DFR0_EL1 %#lx: %d breakpoints, %d watchpoints",
		    dfr0, nbps, nwps);
	report((dfr0 & 0xf) >= 6, "DebugVer >= Armv8.0 (%lu)", dfr0 & 0xf);
	report(nbps >= 2 && nwps >= 2, "at least 2 breakpoints and watchpoints");
	if (nbps > 8)
		nbps = 8;
	if (nwps > 4)
		nwps = 4;
}

static void test_bp_el1(void)
{
	uint64_t base = (uint64_t)bp_seq;

	reset_debug();
	/* finding 1: an enabled breakpoint on an address never executed */
	write_bvr(0, (uint64_t)test_ids + 0x40000);
	write_bcr(0, 0x1e3);
	write_sysreg(MDSCR_KDE | MDSCR_MDE, mdscr_el1);
	isb();
	asm volatile("msr daifclr, #8" ::: "memory");
	isb();
	asm volatile("msr daifset, #8" ::: "memory");
	report(nhits == 0, "enabled DBGBCR0_EL1 = 0x1e3: VMM alive, no hit");

	reset_debug();
	for (int i = 0; i < nbps; i++) {
		write_bvr(i, base + 4 * i);
		write_bcr(i, BCR_E | BCR_EL1 | BCR_BAS);
	}
	write_sysreg(MDSCR_KDE | MDSCR_MDE, mdscr_el1);
	isb();
	asm volatile("msr daifclr, #8" ::: "memory");
	bp_seq_call();
	report(nhits == nbps, "%d breakpoints hit (want %d)", nhits, nbps);
	for (int i = 0; i < nbps && i < nhits; i++) {
		report(hits[i].elr == base + 4 * i &&
			       ESR_EC(hits[i].esr) == EC_BKPT_CUR &&
			       (hits[i].esr & 0x3f) == 0x22,
		       "breakpoint %d: ELR %#lx, EC %#lx (want %#lx, 0x31)", i,
		       hits[i].elr, ESR_EC(hits[i].esr), base + 4 * i);
	}

	/* PSTATE.D masks EL1 breakpoints; so do MDE = 0 and the OS lock */
	nhits = 0;
	asm volatile("msr daifset, #8\n\tisb\n\t"
		     "nop" ::: "memory");
	{
		/* breakpoint on the instruction after this point, D set */
		extern char bp_dmask[];

		write_bvr(0, (uint64_t)bp_dmask);
		isb();
		asm volatile(".global bp_dmask\nbp_dmask: nop" ::: "memory");
	}
	report(nhits == 0, "no breakpoint with PSTATE.D set (%d)", nhits);
	write_bvr(0, base);
	write_sysreg(MDSCR_KDE, mdscr_el1);
	isb();
	nhits = 0;
	asm volatile("msr daifclr, #8" ::: "memory");
	bp_seq_call();
	asm volatile("msr daifset, #8" ::: "memory");
	report(nhits == 0, "no breakpoint with MDSCR_EL1.MDE clear (%d)",
	       nhits);
	write_sysreg(1, oslar_el1);
	write_sysreg(MDSCR_KDE | MDSCR_MDE, mdscr_el1);
	isb();
	report(read_sysreg(oslsr_el1) & 2, "OSLSR_EL1.OSLK set");
	nhits = 0;
	asm volatile("msr daifclr, #8" ::: "memory");
	bp_seq_call();
	asm volatile("msr daifset, #8" ::: "memory");
	/* AArch64.GenerateDebugExceptionsFrom(): never with OSLK set */
	if (platform_is_qemu() && nhits)
		report_info("QEMU 7.2 takes breakpoints with the OS lock "
			    "locked (%d)", nhits);
	else
		report(nhits == 0, "no breakpoint with the OS lock locked "
		       "(%d)", nhits);
	reset_debug();
}

static void test_bp_el0(void)
{
	reset_debug();
	write_bvr(0, (uint64_t)el0_bp_insn);
	write_bcr(0, BCR_E | BCR_EL0 | BCR_BAS);
	write_sysreg(MDSCR_MDE, mdscr_el1);
	isb();
	{
		uint64_t r = el0_call(el0_bp, 0);

		report(nhits == 1 && hits[0].elr == (uint64_t)el0_bp_insn &&
			       ESR_EC(hits[0].esr) == EC_BKPT_LOW,
		       "EL0 breakpoint: %d hit, ELR %#lx, EC %#lx", nhits,
		       hits[0].elr, ESR_EC(hits[0].esr));
		report(r == 2, "EL0 code resumed at the breakpoint (%lu)", r);
	}
	reset_debug();
}

static uint64_t wdata[4] __attribute__((aligned(64)));

static void check_wp(const char *what, int want_hits, char *insn,
		     uint64_t far, bool wnr, unsigned ec)
{
	report(nhits == want_hits, "%s: %d hit(s) (want %d)", what, nhits,
	       want_hits);
	if (!want_hits || !nhits)
		return;
	report(ESR_EC(hits[0].esr) == ec && (hits[0].esr & 0x3f) == 0x22,
	       "%s: EC %#lx DFSC %#lx", what, ESR_EC(hits[0].esr),
	       hits[0].esr & 0x3f);
	if (insn)
		report(hits[0].elr == (uint64_t)insn, "%s: ELR %#lx (want %p)",
		       what, hits[0].elr, insn);
	report(hits[0].far == far, "%s: FAR %#lx (want %#lx)", what,
	       hits[0].far, far);
	report(!!(hits[0].esr & (1u << 6)) == wnr, "%s: WnR %d", what, wnr);
}

static void arm_wp(uint64_t addr, uint64_t wcr)
{
	reset_debug();
	write_wvr(0, addr);
	write_wcr(0, wcr);
	write_sysreg(MDSCR_KDE | MDSCR_MDE, mdscr_el1);
	isb();
	asm volatile("msr daifclr, #8" ::: "memory");
}

static void test_wp(void)
{
	uint64_t a = (uint64_t)&wdata[1], v;

	wdata[1] = 0x1111;
	arm_wp(a, WCR_E | WCR_EL1 | WCR_LOAD | WCR_STORE | WCR_BAS(0xff));
	v = wp_ldr(&wdata[1]);
	check_wp("EL1 load watchpoint", 1, wp_ldr_insn, a, false,
		 EC_WATCH_CUR);
	report(v == 0x1111, "the load completed after the handler (%#lx)", v);

	arm_wp(a, WCR_E | WCR_EL1 | WCR_LOAD | WCR_STORE | WCR_BAS(0xff));
	wp_str(&wdata[1], 0x2222);
	check_wp("EL1 store watchpoint", 1, wp_str_insn, a, true,
		 EC_WATCH_CUR);
	report(wdata[1] == 0x2222, "the store completed after the handler");

	arm_wp(a, WCR_E | WCR_EL1 | WCR_LOAD | WCR_BAS(0xff));
	wp_str(&wdata[1], 0x3333);
	asm volatile("msr daifset, #8" ::: "memory");
	check_wp("load-only watchpoint, store", 0, NULL, 0, false, 0);

	/* byte 3 of the doubleword: a byte load of byte 0 misses, a
	 * doubleword load hits */
	arm_wp(a, WCR_E | WCR_EL1 | WCR_LOAD | WCR_BAS(1u << 3));
	wp_ldrb((uint8_t *)a);
	asm volatile("msr daifset, #8" ::: "memory");
	check_wp("BAS byte 3, byte 0 loaded", 0, NULL, 0, false, 0);
	arm_wp(a, WCR_E | WCR_EL1 | WCR_LOAD | WCR_BAS(1u << 3));
	wp_ldrb((uint8_t *)a + 3);
	check_wp("BAS byte 3, byte 3 loaded", 1, wp_ldrb_insn, a + 3, false,
		 EC_WATCH_CUR);

	/* second element of a pair */
	arm_wp(a + 8, WCR_E | WCR_EL1 | WCR_LOAD | WCR_BAS(0xff));
	wp_ldp(&wdata[1]);
	check_wp("LDP, second element watched", 1, wp_ldp_insn, a + 8, false,
		 EC_WATCH_CUR);

	/* EL0: the watched data must be EL0-readable */
	{
		uint64_t page = (uint64_t)wdata & PAGE_MASK;

		mmu_map_page(page, page, MMU_NORMAL | MMU_EL0_RW | MMU_XN);
		reset_debug();
		write_wvr(0, a);
		write_wcr(0, WCR_E | WCR_EL0 | WCR_LOAD | WCR_BAS(0xff));
		write_sysreg(MDSCR_MDE, mdscr_el1);
		isb();
		v = el0_call(el0_wp, a);
		check_wp("EL0 load watchpoint", 1, NULL, a, false,
			 EC_WATCH_LOW);
		report(v == wdata[1], "EL0 load completed (%#lx)", v);
	}
	reset_debug();
}

static void test_ss(void)
{
	uint64_t base = (uint64_t)el0_steps, r;

	/* EL0: el0_call enters with SPSR.SS = 0, so the first exception is
	 * the active-pending one before the first instruction (ISV = 0);
	 * each handler then steps one instruction (SPSR.SS = 1). */
	reset_debug();
	write_sysreg(MDSCR_SS, mdscr_el1);
	isb();
	r = el0_call(el0_steps, 0);
	report(nhits == 5, "EL0 stepping: %d step exceptions (want 5)", nhits);
	for (int i = 0; i < nhits && i < 5; i++) {
		bool isv = hits[i].esr & (1u << 24);

		report(hits[i].elr == base + 4 * i &&
			       ESR_EC(hits[i].esr) == EC_SSTEP_LOW &&
			       (hits[i].esr & 0x3f) == 0x22 && isv == (i > 0),
		       "step %d: ELR %#lx (want %#lx) EC %#lx ISV %d", i,
		       hits[i].elr, base + 4 * i, ESR_EC(hits[i].esr), isv);
	}
	report(r == 7, "stepped code computed 7 (%lu)", r);

	/* EL0 again, through an instruction a hypervisor emulates (MRS
	 * PMCCNTR_EL0 with PMUSERENR_EL0.CR): stepping it must end after it
	 * like any other (D2.12: the step state machine), not skip the
	 * next instruction's step exception. */
	reset_debug();
	write_sysreg(1ul << 2, pmuserenr_el0);
	write_sysreg(MDSCR_SS, mdscr_el1);
	isb();
	base = (uint64_t)el0_steps_trapped;
	r = el0_call(el0_steps_trapped, 0);
	write_sysreg(0, pmuserenr_el0);
	isb();
	report(nhits == 5, "EL0 stepping over MRS PMCCNTR_EL0: %d step "
	       "exceptions (want 5)", nhits);
	for (int i = 0; i < nhits && i < 5; i++)
		report(hits[i].elr == base + 4 * i &&
			       ESR_EC(hits[i].esr) == EC_SSTEP_LOW,
		       "step %d over MRS: ELR %#lx (want %#lx) EC %#lx", i,
		       hits[i].elr, base + 4 * i, ESR_EC(hits[i].esr));
	report(r == 7, "stepped code with MRS computed 7 (%lu)", r);

	/* EL1: unmask D with SS and KDE: active-pending at once */
	reset_debug();
	write_sysreg(MDSCR_SS | MDSCR_KDE, mdscr_el1);
	isb();
	ss_el1();
	report(nhits == 1 && hits[0].elr == (uint64_t)ss_el1_next &&
		       ESR_EC(hits[0].esr) == EC_SSTEP_CUR,
	       "EL1 step: %d exception, ELR %#lx (want %p), EC %#lx", nhits,
	       hits[0].elr, ss_el1_next, ESR_EC(hits[0].esr));
	reset_debug();
}

int main(void)
{
	install_sync_handler(EC_BKPT_CUR, bp_el1);
	install_sync_handler(EC_BKPT_LOW, dbg_el0);
	install_sync_handler(EC_WATCH_CUR, wp_el1);
	install_sync_handler(EC_WATCH_LOW, dbg_el0);
	install_sync_handler(EC_SSTEP_LOW, ss_low);
	install_sync_handler(EC_SSTEP_CUR, ss_cur);
	el0_setup();
	test_ids();
	test_bp_el1();
	test_bp_el0();
	test_wp();
	test_ss();
	return 0;
}
