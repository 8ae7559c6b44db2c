/* SPDX-License-Identifier: MIT */
/*
 * The EL2 stage-1 translation (Arm ARM D8, VMSAv8-64, EL2 regime with
 * HCR_EL2.E2H = 0): an identity map, 4 KiB granule, 39-bit VA from a level-1
 * table, 2 MiB blocks.  RAM is Normal Write-Back, MMIO is Device-nGnRE.
 */
#ifndef AV_EL2_MMU_H
#define AV_EL2_MMU_H

#include <stdint.h>

enum el2_mem {
	EL2_MEM_NORMAL, /* Normal Inner/Outer Write-Back, Inner Shareable */
	EL2_MEM_DEVICE, /* Device-nGnRE, execute-never */
};

#define EL2_VA_BITS 39
#define SZ_2M 0x200000ull
#define SZ_1G 0x40000000ull

/* Boot CPU, MMU off: the first GiB (QEMU virt's MMIO) as Device and the
 * 2 MiB blocks holding the image and the manifest as Normal. */
void el2_mmu_boot_map(void);
/* Any pCPU: turn the MMU and caches on with the shared tables. */
void el2_mmu_enable(void);
/* Identity-map [pa, pa + size) rounded out to 2 MiB blocks.  -EINVAL if
 * out of the VA range, -ENOMEM without a level-2 table, -EEXIST if part is
 * already mapped with another kind (no break-before-make at run time). */
int el2_mmu_map(uint64_t pa, uint64_t size, enum el2_mem kind);
/* The kind a PA is mapped with, or -1 if unmapped. */
int el2_mmu_lookup(uint64_t pa);

#endif
