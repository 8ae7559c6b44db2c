// SPDX-License-Identifier: MIT
/*
 * Identity map for the EL1&0 stage 1 regime (Arm ARM D8.2, D8.3): 4 KiB
 * granule, T0SZ = 25 (39-bit VA), so the walk starts at level 1 with a
 * 512-entry table; level 1 and 2 entries may be blocks (1 GiB, 2 MiB).
 */
#include "sdk.h"

#define ENTRIES 512
#define POOL_TABLES 48
#define DESC_ADDR_MASK 0x0000fffffffff000ul
/* Attribute bits of a block/page descriptor (everything but address/type). */
#define DESC_ATTR_MASK (~DESC_ADDR_MASK & ~3ul)

/* TCR_EL1 fields (Arm ARM D17.2.131). */
#define TCR_T0SZ(n) ((uint64_t)(n))
#define TCR_IRGN0_WBWA (1ul << 8)
#define TCR_ORGN0_WBWA (1ul << 10)
#define TCR_SH0_INNER (3ul << 12)
#define TCR_TG0_4K (0ul << 14)
#define TCR_EPD1 (1ul << 23)
#define TCR_IPS_SHIFT 32

/* SCTLR_EL1 bits (Arm ARM D17.2.118). */
#define SCTLR_M (1ul << 0)
#define SCTLR_A (1ul << 1)
#define SCTLR_C (1ul << 2)
#define SCTLR_SA (1ul << 3)
#define SCTLR_I (1ul << 12)
#define SCTLR_WXN (1ul << 19)
#define SCTLR_SPAN (1ul << 23) /* RES1 without FEAT_PAN: never set PAN */
#define SCTLR_E0E (1ul << 24)
#define SCTLR_EE (1ul << 25)

static uint64_t l1_table[ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint64_t table_pool[POOL_TABLES][ENTRIES]
    __attribute__((aligned(PAGE_SIZE)));
static int pool_used;
static spinlock_t mmu_spin;
struct mmu_regs mmu_boot_regs __attribute__((aligned(64)));

static uint64_t level_shift(int level)
{
	return 12 + 9 * (3 - level); /* L1: 30, L2: 21, L3: 12 */
}

static unsigned int level_index(uint64_t va, int level)
{
	return (va >> level_shift(level)) & (ENTRIES - 1);
}

static uint64_t *alloc_table(void)
{
	if (pool_used >= POOL_TABLES)
		report_abort("mmu: out of page-table pages (%d)", POOL_TABLES);
	uint64_t *t = table_pool[pool_used++];
	memset(t, 0, PAGE_SIZE);
	return t;
}

static void tlb_flush_all(void)
{
	dsb(ishst);
	asm volatile("tlbi vmalle1is" ::: "memory");
	dsb(ish);
	isb();
}

static void tlb_flush_va(uint64_t va)
{
	dsb(ishst);
	asm volatile("tlbi vaae1is, %0" ::"r"(va >> 12) : "memory");
	dsb(ish);
	isb();
}

/*
 * Replace a level-`level` block with a next-level table describing the same
 * output addresses and attributes.  No break-before-make (Arm ARM D8.16.1):
 * the block may hold the code and stack in use, and the emulators this runs
 * on do not model TLB conflict aborts.
 */
static void split_block(uint64_t *entry, int level)
{
	uint64_t *t = alloc_table();
	uint64_t attrs = *entry & DESC_ATTR_MASK;
	uint64_t base = *entry & DESC_ADDR_MASK;
	uint64_t step = 1ul << level_shift(level + 1);
	uint64_t type = level + 1 == 3 ? (PTE_VALID | PTE_TABLE) : PTE_VALID;

	for (int i = 0; i < ENTRIES; i++)
		t[i] = (base + i * step) | attrs | type;
	dsb(ishst);
	*entry = (uint64_t)t | PTE_VALID | PTE_TABLE;
	tlb_flush_all();
}

/* The entry for va at `level`, creating tables and splitting blocks above. */
static uint64_t *walk_create(uint64_t va, int level)
{
	uint64_t *table = l1_table;

	for (int l = 1; l < level; l++) {
		uint64_t *e = &table[level_index(va, l)];

		if (!(*e & PTE_VALID)) {
			uint64_t *t = alloc_table();
			dsb(ishst);
			*e = (uint64_t)t | PTE_VALID | PTE_TABLE;
		} else if (!(*e & PTE_TABLE)) {
			split_block(e, l);
		}
		table = (uint64_t *)(*e & DESC_ADDR_MASK);
	}
	return &table[level_index(va, level)];
}

uint64_t mmu_lookup(uint64_t va, int *level)
{
	uint64_t *table = l1_table;

	for (int l = 1; l <= 3; l++) {
		uint64_t e = table[level_index(va, l)];

		if (level)
			*level = l;
		if (!(e & PTE_VALID))
			return 0;
		if (l == 3 || !(e & PTE_TABLE))
			return e;
		table = (uint64_t *)(e & DESC_ADDR_MASK);
	}
	return 0;
}

bool mmu_enabled(void) { return read_sysreg(sctlr_el1) & SCTLR_M; }

/* The table lock needs exclusives, so Normal memory: with the MMU off
 * (single-CPU phases of a test only) the tables are edited unlocked. */
static bool mmu_lock(void)
{
	bool on = mmu_enabled();

	if (on)
		spin_lock(&mmu_spin);
	return on;
}

static void mmu_unlock(bool locked)
{
	if (locked)
		spin_unlock(&mmu_spin);
}

void mmu_map_page(uint64_t va, uint64_t pa, uint64_t attrs)
{
	bool locked = mmu_lock();
	uint64_t *e = walk_create(va, 3);

	*e = (pa & DESC_ADDR_MASK) | (attrs & DESC_ATTR_MASK) | PTE_VALID |
	     PTE_TABLE;
	tlb_flush_va(va);
	mmu_unlock(locked);
}

void mmu_unmap_page(uint64_t va)
{
	bool locked = mmu_lock();
	uint64_t *e = walk_create(va, 3);

	*e = 0;
	tlb_flush_va(va);
	mmu_unlock(locked);
}

/* Without the lock: used before the MMU (and so exclusives) is on. */
static void map_range_nolock(uint64_t va, uint64_t pa, uint64_t size,
			     uint64_t attrs)
{
	const uint64_t block = 1ul << level_shift(2);

	while (size) {
		bool big =
		    !(va & (block - 1)) && !(pa & (block - 1)) && size >= block;
		uint64_t *e = walk_create(va, big ? 2 : 3);
		uint64_t step = big ? block : PAGE_SIZE;

		*e = (pa & DESC_ADDR_MASK) | (attrs & DESC_ATTR_MASK) |
		     PTE_VALID | (big ? 0 : PTE_TABLE);
		va += step;
		pa += step;
		size -= step;
	}
	tlb_flush_all();
}

void mmu_map_range(uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs)
{
	bool locked = mmu_lock();

	map_range_nolock(va, pa, size, attrs);
	mmu_unlock(locked);
}

static uint64_t sctlr_on(uint64_t sctlr)
{
	sctlr |= SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_SA | SCTLR_SPAN;
	sctlr &= ~(SCTLR_A | SCTLR_WXN | SCTLR_EE | SCTLR_E0E);
	return sctlr;
}

void mmu_enable(void)
{
	write_sysreg(mmu_boot_regs.mair, mair_el1);
	write_sysreg(mmu_boot_regs.tcr, tcr_el1);
	write_sysreg(mmu_boot_regs.ttbr0, ttbr0_el1);
	isb();
	asm volatile("tlbi vmalle1\n\tic iallu" ::: "memory");
	dsb(nsh);
	isb();
	write_sysreg(sctlr_on(read_sysreg(sctlr_el1)), sctlr_el1);
	isb();
}

void mmu_disable(void)
{
	uint64_t sctlr = read_sysreg(sctlr_el1);

	/* Caches off with the MMU; write back dirty lines first would be
	 * needed on hardware with real caches (Arm ARM D7.5.1): the emulators
	 * keep memory coherent, and all data stays valid either way. */
	write_sysreg(sctlr & ~(SCTLR_M | SCTLR_C), sctlr_el1);
	isb();
	asm volatile("ic iallu" ::: "memory");
	dsb(nsh);
	isb();
}

void mmu_init(uint64_t base, uint64_t size)
{
	uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	/* The device window of PLATFORM.md: GIC, UART (Device-nGnRnE). */
	map_range_nolock(0x08000000ul, 0x08000000ul, 0x02000000ul, MMU_DEVICE);
	map_range_nolock(base, base, size, MMU_RAM_DEFAULT);

	/* MAIR_EL1 (Arm ARM D17.2.97): index order matches MT_*. */
	mmu_boot_regs.mair =
	    0x00ul << (8 * MT_DEVICE_nGnRnE) | 0xfful << (8 * MT_NORMAL) |
	    0x44ul << (8 * MT_NORMAL_NC) | 0x04ul << (8 * MT_DEVICE_nGnRE);
	if (parange > 5)
		parange = 5; /* 48 bits: enough, and valid with 4 KiB pages */
	mmu_boot_regs.tcr = TCR_T0SZ(64 - MMU_VA_BITS) | TCR_IRGN0_WBWA |
			    TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_TG0_4K |
			    TCR_EPD1 | parange << TCR_IPS_SHIFT;
	mmu_boot_regs.ttbr0 = (uint64_t)l1_table;
	mmu_boot_regs.sctlr = sctlr_on(read_sysreg(sctlr_el1));
	/* Secondaries read these with the MMU off: clean to PoC. */
	asm volatile("dc cvac, %0" ::"r"(&mmu_boot_regs) : "memory");
	dsb(sy);
	mmu_enable();
}
