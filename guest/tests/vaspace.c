// SPDX-License-Identifier: MIT
/*
 * Translation is the guest's own (PLATFORM.md "Guest-visible rules"): any
 * VA its page tables map to RAM is fetched and accessed like the PA,
 * whatever else lives at that number.  Checked with a page of
 * position-independent probes (vaspace.S) run and read through:
 *  - the upper VA range (TTBR1_EL1, Arm ARM D8.2.4 "VA ranges"): a 1 GiB
 *    block at 0xffffff80_40000000 mapping RAM, as an OS maps its kernel;
 *  - an alias in the low range at 0x80000000, a PA with no RAM or device;
 *  - EL0 code and data at 0x10000000 / 0x10001000, a gap of the physical
 *    map, entered with ERET and left with SVC.
 * Each probe reports the address it ran at (ADR .), so an execution that
 * silently happened elsewhere is caught, and writes through the alias are
 * read back through the identity map.
 */
#include "sdk.h"

extern char probe_page[], probe_page_end[];
uint64_t probe_el1(uint64_t *p, uint64_t *pc_out);
uint64_t probe_el0(uint64_t p);

#define HI_BASE 0xffffff8040000000ul /* TTBR1 VA of RAM base 0x40000000 */
#define RAM_BASE 0x40000000ul
#define LOW_ALIAS 0x80000000ul
#define EL0_CODE 0x10000000ul
#define EL0_DATA 0x10001000ul

/* TCR_EL1 fields for TTBR1 (Arm ARM D17.2.131). */
#define TCR_T1SZ(n) ((uint64_t)(n) << 16)
#define TCR_EPD1 (1ul << 23)
#define TCR_IRGN1_WBWA (1ul << 24)
#define TCR_ORGN1_WBWA (1ul << 26)
#define TCR_SH1_INNER (3ul << 28)
#define TCR_TG1_4K (2ul << 30)
#define TCR_T1_MASK (0xfffful << 16)

static uint64_t l1_hi[512] __attribute__((aligned(4096)));
static volatile uint64_t data_page[512] __attribute__((aligned(4096)));

typedef uint64_t (*probe_fn)(uint64_t *p, uint64_t *pc_out);

static void tlb_flush(void)
{
	asm volatile("dsb ishst\n tlbi vmalle1is\n dsb ish\n isb" ::: "memory");
}

/* Map RAM at HI_BASE with a level-1 block in a TTBR1 table (39-bit upper
 * range, like the SDK's TTBR0 side). */
static void map_upper_range(void)
{
	uint64_t tcr = read_sysreg(tcr_el1);

	l1_hi[(HI_BASE >> 30) & 511] = RAM_BASE | MMU_NORMAL | MMU_EL1_RW |
				       PTE_UXN | PTE_VALID; /* block */
	dsb(ish);
	write_sysreg((uint64_t)l1_hi, ttbr1_el1);
	tcr &= ~(TCR_T1_MASK | TCR_EPD1);
	tcr |= TCR_T1SZ(64 - MMU_VA_BITS) | TCR_IRGN1_WBWA | TCR_ORGN1_WBWA |
	       TCR_SH1_INNER | TCR_TG1_4K;
	write_sysreg(tcr, tcr_el1);
	isb();
	tlb_flush();
}

/* Run probe_el1 through va (its page mapped there) on data seen through
 * dva; checks where it ran and what it read and wrote. */
static void check_el1_probe(const char *where, uint64_t code_va, uint64_t dva)
{
	probe_fn fn = (probe_fn)(code_va +
				 ((uintptr_t)probe_el1 - (uintptr_t)probe_page));
	uint64_t *p = (uint64_t *)dva;
	uint64_t pc = 0, r;

	data_page[0] = 0x1234;
	data_page[1] = 0;
	dsb(ish);
	r = fn(p, &pc);
	report(pc == (uint64_t)fn, "%s: code runs at its VA (%#lx)", where,
	       (unsigned long)pc);
	report(r == 0x1235, "%s: load through the mapping (%#lx)", where,
	       (unsigned long)r);
	report(data_page[1] == 0x1236,
	       "%s: store through the mapping, seen at the PA", where);
}

static void test_upper_range(void)
{
	uint64_t hi_code = HI_BASE + ((uintptr_t)probe_page - RAM_BASE);
	uint64_t hi_data = HI_BASE + ((uintptr_t)data_page - RAM_BASE);
	volatile uint64_t *hp = (volatile uint64_t *)hi_data;

	map_upper_range();
	data_page[3] = 0;
	hp[3] = 0xfeedface;
	report(data_page[3] == 0xfeedface && hp[3] == 0xfeedface,
	       "TTBR1: data through 0xffffff80_4xxxxxxx is RAM");
	check_el1_probe("TTBR1", hi_code, hi_data);
}

static void test_low_alias(void)
{
	uint64_t pa = (uintptr_t)probe_page;

	/* A PA with nothing at it, as a number: only the tables say RAM. */
	mmu_map_page(LOW_ALIAS, pa, MMU_NORMAL | MMU_EL1_RO | PTE_UXN);
	mmu_map_page(LOW_ALIAS + PAGE_SIZE, (uintptr_t)data_page,
		     MMU_NORMAL | MMU_EL1_RW | MMU_XN);
	check_el1_probe("alias at 0x80000000", LOW_ALIAS,
			LOW_ALIAS + PAGE_SIZE);
	mmu_unmap_page(LOW_ALIAS);
	mmu_unmap_page(LOW_ALIAS + PAGE_SIZE);
}

static void test_el0_gap(void)
{
	uint64_t entry = EL0_CODE + ((uintptr_t)probe_el0 -
				     (uintptr_t)probe_page);
	uint64_t r;

	el0_setup(); /* EL0 stacks */
	mmu_map_page(EL0_CODE, (uintptr_t)probe_page,
		     MMU_NORMAL | MMU_EL0_RO | PTE_PXN);
	mmu_map_page(EL0_DATA, (uintptr_t)data_page,
		     MMU_NORMAL | MMU_EL0_RW | MMU_XN);
	data_page[0] = 100;
	data_page[1] = data_page[2] = 0;
	dsb(ish);
	r = el0_call((uint64_t(*)(uint64_t))entry, EL0_DATA);
	report(data_page[2] == entry,
	       "EL0 in a low VA gap: code runs at %#lx (ran at %#lx)",
	       (unsigned long)entry, (unsigned long)data_page[2]);
	report(r == 107 && data_page[1] == 107,
	       "EL0 in a low VA gap: load and store through 0x10001000 (%lu)",
	       (unsigned long)r);
	mmu_unmap_page(EL0_CODE);
	mmu_unmap_page(EL0_DATA);
}

int main(void)
{
	if (probe_page_end - probe_page != PAGE_SIZE)
		report_abort("the probe page is not one page");
	test_upper_range();
	test_low_alias();
	test_el0_gap();
	report_summary();
}
