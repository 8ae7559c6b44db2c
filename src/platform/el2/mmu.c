// SPDX-License-Identifier: MIT
/*
 * EL2 stage-1 identity map (mmu.h).  Block and table descriptor formats:
 * Arm ARM D8.3 (VMSAv8-64 translation table format descriptors); memory
 * attributes through MAIR_EL2 (D19.2 MAIR_EL2; D8.6 memory attributes).
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "armvisor/el2_manifest.h"
#include "platform/el2/arch.h"
#include "platform/el2/mmu.h"

#define PTE_VALID (1ull << 0)
#define PTE_TABLE (3ull << 0) /* level 1/2: next-level table */
#define PTE_BLOCK (1ull << 0) /* level 1/2: block */
#define PTE_ATTRIDX(n) ((uint64_t)(n) << 2)
/* AP[1] is RES1 in a regime with one privilege level (Arm ARM D8.4.1.2,
 * "stage 1 data access permissions": EL2 with E2H = 0). AP[2] = 0: RW. */
#define PTE_AP1 (1ull << 6)
#define PTE_SH_IS (3ull << 8)
#define PTE_AF (1ull << 10)
#define PTE_XN (1ull << 54) /* EL2 regime: one XN bit */
#define PTE_ADDR_MASK 0x0000fffffffff000ull

/* MAIR_EL2 attribute indexes */
#define MT_DEVICE_nGnRnE 0
#define MT_DEVICE_nGnRE 1
#define MT_NORMAL 2
#define MAIR_VALUE ((0x00ull << (8 * MT_DEVICE_nGnRnE)) | \
		    (0x04ull << (8 * MT_DEVICE_nGnRE)) |  \
		    (0xffull << (8 * MT_NORMAL)))

/* TCR_EL2 (E2H = 0), Arm ARM D19.2 TCR_EL2 */
#define TCR_RES1 ((1ull << 31) | (1ull << 23))
#define TCR_T0SZ(bits) ((uint64_t)(64 - (bits)))
#define TCR_IRGN0_WBWA (1ull << 8)
#define TCR_ORGN0_WBWA (1ull << 10)
#define TCR_SH0_IS (3ull << 12)
#define TCR_TG0_4K (0ull << 14)
#define TCR_PS_SHIFT 16

#define SCTLR_M (1ull << 0)
#define SCTLR_C (1ull << 2)
#define SCTLR_SA (1ull << 3)
#define SCTLR_I (1ull << 12)

#define L2_TABLES 16 /* 16 GiB of mappable address space */

static uint64_t l1_table[512] __attribute__((aligned(4096)));
static uint64_t l2_tables[L2_TABLES][512] __attribute__((aligned(4096)));
static unsigned l2_used;

static uint64_t block_attrs(enum el2_mem kind)
{
	if (kind == EL2_MEM_NORMAL)
		return PTE_BLOCK | PTE_ATTRIDX(MT_NORMAL) | PTE_AP1 |
		       PTE_SH_IS | PTE_AF;
	/* Device memory is Outer Shareable whatever SH says (D8.6.2). */
	return PTE_BLOCK | PTE_ATTRIDX(MT_DEVICE_nGnRE) | PTE_AP1 | PTE_AF |
	       PTE_XN;
}

static uint64_t *l2_for(uint64_t va, bool alloc)
{
	uint64_t *e = &l1_table[(va >> 30) & 511];

	if ((*e & 3) == PTE_TABLE)
		return (uint64_t *)(uintptr_t)(*e & PTE_ADDR_MASK);
	if (!alloc || l2_used == L2_TABLES)
		return NULL;
	uint64_t *t = l2_tables[l2_used++];

	for (unsigned i = 0; i < 512; i++)
		t[i] = 0;
	/* The table is complete before the descriptor that points to it
	 * becomes visible to the walker (Arm ARM D8.2.x, ordering of
	 * translation table updates). */
	dsb(ishst);
	*e = (uint64_t)(uintptr_t)t | PTE_TABLE;
	return t;
}

int el2_mmu_map(uint64_t pa, uint64_t size, enum el2_mem kind)
{
	uint64_t start = pa & ~(SZ_2M - 1);
	uint64_t end = (pa + size + SZ_2M - 1) & ~(SZ_2M - 1);
	uint64_t want = block_attrs(kind);

	if (!size || end < start || end > (1ull << EL2_VA_BITS))
		return -EINVAL;
	for (uint64_t a = start; a < end; a += SZ_2M) {
		uint64_t *l2 = l2_for(a, true);
		uint64_t *e;

		if (!l2)
			return -ENOMEM;
		e = &l2[(a >> 21) & 511];
		if (*e & PTE_VALID) {
			if ((*e & ~PTE_ADDR_MASK) != want)
				return -EEXIST;
			continue;
		}
		*e = a | want;
	}
	/* New valid entries replace invalid ones only: no TLB entry can
	 * hold them, a barrier is enough (Arm ARM D8.16, TLB maintenance
	 * "... not required when changing an invalid entry"). */
	dsb(ishst);
	isb();
	return 0;
}

int el2_mmu_lookup(uint64_t pa)
{
	uint64_t *l2, e;

	if (pa >= (1ull << EL2_VA_BITS))
		return -1;
	l2 = l2_for(pa, false);
	if (!l2)
		return -1;
	e = l2[(pa >> 21) & 511];
	if (!(e & PTE_VALID))
		return -1;
	return (e & PTE_XN) ? EL2_MEM_DEVICE : EL2_MEM_NORMAL;
}

extern char _start_image[], _end[];

void el2_mmu_boot_map(void)
{
	/* MMU off: nothing is cached, plain stores reach memory. */
	el2_mmu_map(0, SZ_1G, EL2_MEM_DEVICE);
	el2_mmu_map((uintptr_t)_start_image,
		    (uintptr_t)_end - (uintptr_t)_start_image, EL2_MEM_NORMAL);
	/* The manifest (below the image). */
	el2_mmu_map(AV_EL2_MANIFEST_PA, AV_EL2_MANIFEST_MAX_SIZE, EL2_MEM_NORMAL);
}

static uint64_t tcr_value(void)
{
	/* PS: the CPU's physical address size, at most 40 bits (our
	 * descriptors never hold more). ID_AA64MMFR0_EL1.PARange: 0 = 32,
	 * 1 = 36, 2 = 40 bits (Arm ARM D19.2). */
	uint64_t pa_range = read_sysreg(id_aa64mmfr0_el1) & 0xf;
	uint64_t ps = pa_range < 2 ? pa_range : 2;

	return TCR_RES1 | TCR_T0SZ(EL2_VA_BITS) | TCR_IRGN0_WBWA |
	       TCR_ORGN0_WBWA | TCR_SH0_IS | TCR_TG0_4K | ps << TCR_PS_SHIFT;
}

void el2_mmu_enable(void)
{
	write_sysreg(MAIR_VALUE, mair_el2);
	write_sysreg(tcr_value(), tcr_el2);
	write_sysreg((uintptr_t)l1_table, ttbr0_el2);
	isb();
	asm volatile("tlbi alle2" : : : "memory");
	asm volatile("ic iallu" : : : "memory");
	dsb(nsh);
	isb();
	write_sysreg(read_sysreg(sctlr_el2) | SCTLR_M | SCTLR_C | SCTLR_SA |
			     SCTLR_I,
		     sctlr_el2);
	isb();
}
