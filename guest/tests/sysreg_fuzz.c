// SPDX-License-Identifier: MIT
/*
 * sysreg_fuzz: MRS and MSR of every system register encoding (op0 2 and
 * 3: 32768 of them, everything a CPU model can know) with 0, all-ones and
 * random values at EL1, and of the EL0 space (op1 = 3) plus random other
 * encodings at EL0.  The instructions are generated at run time into
 * executable pages (DC CVAU, DSB, IC IVAU, DSB, ISB after writing them).
 * A vector handler skips whatever is UNDEFINED or trapped.  The guest
 * skips the registers that would take the guest itself down (its
 * translation, vectors, stack pointer selection, CPU number, interrupt
 * masks, the GIC CPU interface, the counter frequency); the VMM must
 * survive all the rest (issue 9: "no value written to any system register
 * can crash or hang the VMM").  Passing means reaching the end.
 */
#include "sdk.h"

#define STUBS_PER_PAGE (PAGE_SIZE / 8)
#define EL0_RANDOM 4000

/* EL1 stubs: insn; ret.  EL0 stubs: insn; svc #EL0_EXIT_SVC. */
static uint32_t el1_page[PAGE_SIZE / 4] __attribute__((aligned(PAGE_SIZE)));
static uint32_t el0_page[PAGE_SIZE / 4] __attribute__((aligned(PAGE_SIZE)));

static volatile uint64_t traps[64], total;
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static bool skip_any(struct exc_frame *f)
{
	traps[ESR_EC(f->esr)]++;
	f->elr += 4;
	return true;
}

static uint32_t sys_insn(bool read, unsigned op0, unsigned op1, unsigned crn,
			 unsigned crm, unsigned op2)
{
	return (read ? 0xd5300000u : 0xd5100000u) | (op0 & 1) << 19 |
	       op1 << 16 | crn << 12 | crm << 8 | op2 << 5; /* Rt = x0 */
}

/* Registers this guest itself depends on (see the top). */
static bool critical(unsigned op0, unsigned op1, unsigned crn, unsigned crm,
		     unsigned op2, bool write)
{
	if (op0 != 3)
		return false;
	if (op1 == 0 && crn == 1 && crm == 0 && op2 == 0)
		return write; /* SCTLR_EL1 */
	if (op1 == 0 && crn == 2 && crm == 0)
		return write; /* TTBR0, TTBR1, TCR */
	if (op1 == 0 && crn == 10 && crm == 2)
		return write; /* MAIR_EL1 */
	if (op1 == 0 && crn == 12 && crm == 0)
		return write; /* VBAR_EL1, RVBAR, RMR */
	if (crn == 4 && crm == 2 && (op1 == 0 || op1 == 3))
		return write; /* SPSel, DAIF, PAN, UAO, DIT, SSBS, TCO, ... */
	if (op1 == 0 && crn == 4 && crm == 1 && op2 == 0)
		return write; /* SP_EL0 */
	if (op1 == 0 && crn == 13 && crm == 0 && op2 == 4)
		return write; /* TPIDR_EL1: smp_processor_id() */
	if (op1 == 3 && crn == 14 && crm == 0 && op2 == 0)
		return write; /* CNTFRQ_EL0 (writable on QEMU virt) */
	if (op1 == 0 && crn == 12 && crm >= 8)
		return true; /* ICC_*: GIC CPU interface, SGIs */
	if (op1 == 0 && crn == 4 && crm == 6 && op2 == 0)
		return true; /* ICC_PMR_EL1 */
	return false;
}

static void sync_code(void *page)
{
	for (uintptr_t a = (uintptr_t)page; a < (uintptr_t)page + PAGE_SIZE;
	     a += 64)
		asm volatile("dc cvau, %0" ::"r"(a) : "memory");
	dsb(ish);
	for (uintptr_t a = (uintptr_t)page; a < (uintptr_t)page + PAGE_SIZE;
	     a += 64)
		asm volatile("ic ivau, %0" ::"r"(a) : "memory");
	dsb(ish);
	isb();
}

typedef uint64_t (*stub_fn)(uint64_t);

static unsigned nstubs;
static uint64_t vals[STUBS_PER_PAGE];

static void flush_el1(void)
{
	sync_code(el1_page);
	for (unsigned i = 0; i < nstubs; i++) {
		((stub_fn)&el1_page[2 * i])(vals[i]);
		total++;
	}
	nstubs = 0;
}

static void add_el1(uint32_t insn, uint64_t val)
{
	el1_page[2 * nstubs] = insn;
	el1_page[2 * nstubs + 1] = 0xd65f03c0u; /* ret */
	vals[nstubs++] = val;
	if (nstubs == STUBS_PER_PAGE)
		flush_el1();
}

static void flush_el0(void)
{
	sync_code(el0_page);
	for (unsigned i = 0; i < nstubs; i++) {
		el0_call((stub_fn)&el0_page[2 * i], vals[i]);
		total++;
	}
	nstubs = 0;
}

static void add_el0(uint32_t insn, uint64_t val)
{
	el0_page[2 * nstubs] = insn;
	el0_page[2 * nstubs + 1] = 0xd4000001u | (EL0_EXIT_SVC << 5);
	vals[nstubs++] = val;
	if (nstubs == STUBS_PER_PAGE)
		flush_el0();
}

static void quiet_devices(void)
{
	/* what the writes may have armed: debug events, PMU, timers */
	write_sysreg(0, mdscr_el1);
	write_sysreg(0, pmcr_el0);
	write_sysreg(~0ul, pmintenclr_el1);
	write_sysreg(~0ul, pmcntenclr_el0);
	write_sysreg(0, cntv_ctl_el0);
	write_sysreg(0, cntp_ctl_el0);
	isb();
}

int main(void)
{
	uint64_t el1_total, undef;

	for (unsigned ec = 0; ec < 64; ec++)
		if (ec != EC_SVC64) /* SVC: the SDK's EL0 exit */
			install_sync_handler(ec, skip_any);
	el0_setup();
	mmu_map_page((uint64_t)el0_page, (uint64_t)el0_page,
		     MMU_NORMAL | MMU_EL0_RW); /* EL0-executable */

	/* EL1: every encoding, read, then written with three values */
	for (unsigned enc = 0; enc < 32768; enc++) {
		unsigned op0 = 2 + (enc >> 14), op1 = (enc >> 11) & 7;
		unsigned crn = (enc >> 7) & 15, crm = (enc >> 3) & 15;
		unsigned op2 = enc & 7;
		const uint64_t v[3] = {0, ~0ul, rnd()};

		if (!critical(op0, op1, crn, crm, op2, false))
			add_el1(sys_insn(true, op0, op1, crn, crm, op2), 0);
		if (critical(op0, op1, crn, crm, op2, true))
			continue;
		for (int k = 0; k < 3; k++)
			add_el1(sys_insn(false, op0, op1, crn, crm, op2), v[k]);
	}
	flush_el1();
	quiet_devices();
	el1_total = total;
	undef = traps[EC_UNKNOWN];
	report(true, "EL1: %lu MRS/MSR run, %lu UNDEFINED, %lu trapped",
	       el1_total, undef, traps[EC_SYS64]);
	report(undef > 0 && undef < el1_total, "some UNDEFINED, not all");

	/* EL0: the op1 = 3 space, then random encodings */
	for (unsigned enc = 0; enc < 32768; enc++) {
		unsigned op0 = 2 + (enc >> 14), op1 = (enc >> 11) & 7;
		unsigned crn = (enc >> 7) & 15, crm = (enc >> 3) & 15;
		unsigned op2 = enc & 7;

		if (op1 != 3)
			continue;
		if (!critical(op0, op1, crn, crm, op2, false))
			add_el0(sys_insn(true, op0, op1, crn, crm, op2), 0);
		if (!critical(op0, op1, crn, crm, op2, true))
			add_el0(sys_insn(false, op0, op1, crn, crm, op2),
				rnd());
	}
	for (int i = 0; i < EL0_RANDOM; i++) {
		unsigned enc = (unsigned)rnd() & 32767;
		unsigned op0 = 2 + (enc >> 14), op1 = (enc >> 11) & 7;
		unsigned crn = (enc >> 7) & 15, crm = (enc >> 3) & 15;
		unsigned op2 = enc & 7;
		bool rd = rnd() & 1;

		if (!critical(op0, op1, crn, crm, op2, !rd))
			add_el0(sys_insn(rd, op0, op1, crn, crm, op2), rnd());
	}
	flush_el0();
	quiet_devices();
	report(true, "EL0: %lu MRS/MSR run, %lu UNDEFINED or trapped in all",
	       total - el1_total, traps[EC_UNKNOWN] + traps[EC_SYS64] - undef);
	for (unsigned ec = 0; ec < 64; ec++)
		if (traps[ec] && ec != EC_UNKNOWN && ec != EC_SYS64)
			report_info("EC %#x: %lu", ec, traps[ec]);
	report(true, "the guest and the VMM survived");
	return 0;
}
