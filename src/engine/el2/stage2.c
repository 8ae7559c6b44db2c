// SPDX-License-Identifier: MIT
/*
 * Stage-2 tables (stage2.h).  Descriptor formats: Arm ARM D8.3 (block, page
 * and table descriptors); stage-2 attributes: MemAttr[5:2] (D8.6.x, stage 2
 * memory type and cacheability), S2AP[7:6], SH[9:8], AF[10], XN[54:53].
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "engine/el2/stage2.h"
#include "platform/el2/alloc.h"
#include "platform/el2/arch.h"

#define PTE_VALID (1ull << 0)
#define PTE_TYPE_TABLE (3ull << 0) /* levels 1-2 */
#define PTE_TYPE_BLOCK (1ull << 0) /* levels 1-2 */
#define PTE_TYPE_PAGE (3ull << 0)  /* level 3 */
#define PTE_ADDR_MASK 0x000000fffffff000ull /* 40-bit output addresses */
#define S2_MEMATTR_NORMAL_WB (0xfull << 2) /* Outer WB, Inner WB */
#define S2_MEMATTR_DEVICE_nGnRE (0x1ull << 2)
#define S2_AP_RW (3ull << 6)
#define S2_SH_IS (3ull << 8)
#define S2_AF (1ull << 10)
#define S2_XN (2ull << 53) /* XN[1:0] = 0b10: no execution at EL1 or EL0 */

/* VTCR_EL2 (Arm ARM D19.2 VTCR_EL2) */
#define VTCR_RES1 (1ull << 31)
#define VTCR_T0SZ(bits) ((uint64_t)(64 - (bits)))
#define VTCR_SL0_L1 (1ull << 6) /* 4 KiB granule: start at level 1 */
#define VTCR_IRGN0_WBWA (1ull << 8)
#define VTCR_ORGN0_WBWA (1ull << 10)
#define VTCR_SH0_IS (3ull << 12)
#define VTCR_TG0_4K (0ull << 14)
#define VTCR_PS_40 (2ull << 16)

#define SZ_4K 0x1000ull

uint64_t el2_s2_vtcr(void)
{
	return VTCR_RES1 | VTCR_T0SZ(EL2_IPA_BITS) | VTCR_SL0_L1 |
	       VTCR_IRGN0_WBWA | VTCR_ORGN0_WBWA | VTCR_SH0_IS | VTCR_TG0_4K |
	       VTCR_PS_40;
}

static uint64_t *new_table(struct el2_s2 *s2, size_t pages)
{
	uint64_t *t = el2_heap_alloc(&el2_heap, pages * SZ_4K, pages * SZ_4K);

	if (t) {
		memset(t, 0, pages * SZ_4K);
		s2->tables += pages;
	}
	return t;
}

int el2_s2_init(struct el2_s2 *s2, uint8_t vmid)
{
	/* ID_AA64MMFR0_EL1.PARange >= 2: 40-bit PAs (VTCR_EL2.PS must not
	 * exceed it, Arm ARM D8.1.x). */
	if ((read_sysreg(id_aa64mmfr0_el1) & 0xf) < 2)
		return -EINVAL;
	s2->tables = 0;
	s2->root = new_table(s2, 2);
	if (!s2->root)
		return -ENOMEM;
	s2->vttbr = (uint64_t)vmid << 48 | (uintptr_t)s2->root;
	return 0;
}

static uint64_t leaf_attrs(enum el2_s2_mem mem, unsigned level)
{
	uint64_t a = (level == 3 ? PTE_TYPE_PAGE : PTE_TYPE_BLOCK) | S2_AP_RW |
		     S2_AF;

	if (mem == EL2_S2_NORMAL)
		return a | S2_MEMATTR_NORMAL_WB | S2_SH_IS;
	return a | S2_MEMATTR_DEVICE_nGnRE | S2_XN;
}

/* Level-L index of ipa: level 1 uses IPA[39:30] over the concatenated
 * root (1024 entries), levels 2 and 3 nine bits each. */
static unsigned index_of(uint64_t ipa, unsigned level)
{
	unsigned shift = 39 - 9 * level; /* 30, 21, 12 */

	return (ipa >> shift) & (level == 1 ? 1023 : 511);
}

static uint64_t level_size(unsigned level)
{
	return 1ull << (39 - 9 * level);
}

int el2_s2_map(struct el2_s2 *s2, uint64_t ipa, uint64_t pa, uint64_t size,
	       enum el2_s2_mem mem)
{
	if (!size || (ipa | pa | size) & (SZ_4K - 1) || ipa + size < ipa ||
	    ipa + size > (1ull << EL2_IPA_BITS) ||
	    pa + size > (1ull << EL2_IPA_BITS))
		return -EINVAL;
	while (size) {
		uint64_t *table = s2->root;
		unsigned level = 1;

		for (;;) {
			uint64_t bs = level_size(level);
			uint64_t *e = &table[index_of(ipa, level)];

			/* A block here if it fits and both sides align. */
			if (level == 3 ||
			    (size >= bs && !((ipa | pa) & (bs - 1)))) {
				if (*e & PTE_VALID)
					return -EEXIST;
				*e = pa | leaf_attrs(mem, level);
				ipa += bs;
				pa += bs;
				size -= bs;
				break;
			}
			if (!(*e & PTE_VALID)) {
				uint64_t *next = new_table(s2, 1);

				if (!next)
					return -ENOMEM;
				/* Table contents before the pointer (D8.2.x
				 * ordering of table updates). */
				dsb(ishst);
				*e = (uintptr_t)next | PTE_TYPE_TABLE;
			} else if ((*e & 3) != PTE_TYPE_TABLE) {
				return -EEXIST; /* inside a block */
			}
			table = (uint64_t *)(uintptr_t)(*e & PTE_ADDR_MASK);
			level++;
		}
	}
	/* Invalid-to-valid changes need no TLB maintenance: faulting
	 * entries are never held in a TLB (Arm ARM D8.16.x). */
	dsb(ishst);
	return 0;
}

static uint64_t *leaf_of(const struct el2_s2 *s2, uint64_t ipa,
			 unsigned *levelp)
{
	uint64_t *table = s2->root;

	for (unsigned level = 1; level <= 3; level++) {
		uint64_t *e = &table[index_of(ipa, level)];

		if (!(*e & PTE_VALID))
			return NULL;
		if (level == 3 || (*e & 3) == PTE_TYPE_BLOCK) {
			*levelp = level;
			return e;
		}
		table = (uint64_t *)(uintptr_t)(*e & PTE_ADDR_MASK);
	}
	return NULL;
}

int el2_s2_translate(const struct el2_s2 *s2, uint64_t ipa, uint64_t *pa)
{
	unsigned level;
	uint64_t *e = leaf_of(s2, ipa, &level);

	if (!e)
		return -ENOENT;
	*pa = (*e & PTE_ADDR_MASK & ~(level_size(level) - 1)) |
	      (ipa & (level_size(level) - 1));
	return 0;
}

int el2_s2_unmap(struct el2_s2 *s2, uint64_t ipa, uint64_t size)
{
	uint64_t end = ipa + size;

	if ((ipa | size) & (SZ_4K - 1) || end < ipa)
		return -EINVAL;
	/* First check that every leaf is covered whole. */
	for (uint64_t a = ipa; a < end;) {
		unsigned level;
		uint64_t *e = leaf_of(s2, a, &level);
		uint64_t bs = level_size(level);

		if (!e) {
			a = (a & ~(SZ_4K - 1)) + SZ_4K;
			continue;
		}
		if ((a & (bs - 1)) || a + bs > end)
			return -EBUSY;
		a += bs;
	}
	for (uint64_t a = ipa; a < end;) {
		unsigned level;
		uint64_t *e = leaf_of(s2, a, &level);

		if (!e) {
			a += SZ_4K;
			continue;
		}
		*e = 0;
		dsb(ishst);
		/* Break: TLBI by IPA for stage 2, then the combined stage 1
		 * entries of this VMID (Arm ARM D8.16.x, "TLB maintenance
		 * for stage 2"). */
		asm volatile("tlbi ipas2e1is, %0" : : "r"(a >> 12) : "memory");
		a += level_size(level);
	}
	dsb(ish);
	asm volatile("tlbi vmalle1is" : : : "memory");
	dsb(ish);
	isb();
	return 0;
}
