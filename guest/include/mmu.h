/* SPDX-License-Identifier: MIT */
/*
 * Identity-mapped stage 1 translation for EL1&0 (TTBR0_EL1 only): 4 KiB
 * granule, 39-bit VA (T0SZ = 25, walks start at level 1), Arm ARM D8.
 * sdk_boot() maps RAM (from the DT /memory node) Normal write-back, the
 * device window 0x08000000..0x0A000000 Device-nGnRnE, and turns the MMU and
 * caches on before main().  Everything else is unmapped.
 */
#ifndef GUEST_MMU_H
#define GUEST_MMU_H

#include <stdbool.h>
#include <stdint.h>

#define PAGE_SIZE 4096ul
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define MMU_VA_BITS 39

/* MAIR_EL1 attribute indices (Arm ARM D17.2.97 MAIR_EL1). */
#define MT_DEVICE_nGnRnE 0 /* 0x00 */
#define MT_NORMAL 1	   /* 0xff: inner/outer write-back, RW-allocate */
#define MT_NORMAL_NC 2	   /* 0x44 */
#define MT_DEVICE_nGnRE 3  /* 0x04 */

/* Descriptor attribute bits (Arm ARM D8.3 VMSAv8-64 descriptor formats). */
#define PTE_VALID (1ul << 0)
#define PTE_TABLE (1ul << 1) /* table (L0-2) / page (L3) */
#define PTE_ATTRIDX(i) ((uint64_t)(i) << 2)
#define PTE_AP_EL0 (1ul << 6) /* AP[1]: EL0 access */
#define PTE_AP_RO (1ul << 7)  /* AP[2]: read-only */
#define PTE_SH_INNER (3ul << 8)
#define PTE_AF (1ul << 10)
#define PTE_NG (1ul << 11)
#define PTE_PXN (1ul << 53)
#define PTE_UXN (1ul << 54)

/* Convenient attribute sets for mmu_map_page(). */
#define MMU_NORMAL (PTE_ATTRIDX(MT_NORMAL) | PTE_SH_INNER | PTE_AF)
#define MMU_DEVICE (PTE_ATTRIDX(MT_DEVICE_nGnRnE) | PTE_AF | PTE_PXN | PTE_UXN)
/* AP[2:1] (Arm ARM D8.4.1.2): 00 EL1 RW, 01 EL1+EL0 RW, 10 EL1 RO,
 * 11 EL1+EL0 RO.  A page writable at EL0 is never executable at EL1. */
#define MMU_EL1_RW 0ul
#define MMU_EL1_RO PTE_AP_RO
#define MMU_EL0_RW PTE_AP_EL0
#define MMU_EL0_RO (PTE_AP_EL0 | PTE_AP_RO)
#define MMU_XN (PTE_PXN | PTE_UXN)
/* Default RAM mapping: EL1 RWX, no EL0 access, not EL0-executable. */
#define MMU_RAM_DEFAULT (MMU_NORMAL | MMU_EL1_RW | PTE_UXN)

/* Build the identity map and enable the MMU on this CPU (boot CPU). */
void mmu_init(uint64_t ram_base, uint64_t ram_size);
/* Turn the MMU on/off on the calling CPU with the shared tables. */
void mmu_enable(void);
void mmu_disable(void);
bool mmu_enabled(void);

/* Map one 4 KiB page va -> pa with attrs (MMU_* | PTE_*), splitting blocks
 * as needed; the TLB entry is invalidated on every CPU (inner shareable). */
void mmu_map_page(uint64_t va, uint64_t pa, uint64_t attrs);
void mmu_unmap_page(uint64_t va);
/* Map [va, va+size) to [pa, ...), 2 MiB blocks where aligned. */
void mmu_map_range(uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs);
/* Walk the tables: returns the leaf descriptor mapping va (0 if none) and
 * the level the walk stopped at (the fault level for an unmapped va). */
uint64_t mmu_lookup(uint64_t va, int *level);

/* The register values secondaries load (crt0.S reads these with the MMU
 * off, so they are cleaned to the point of coherency). */
struct mmu_regs {
	uint64_t mair, tcr, ttbr0, sctlr;
};
extern struct mmu_regs mmu_boot_regs;

#endif
