/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 translation of a VM (Arm ARM D8, VMSAv8-64 stage 2 for the EL1&0
 * regime): 4 KiB granule, 40-bit IPA starting at level 1 with two
 * concatenated level-1 tables (D8.2.x, "concatenated translation tables"),
 * 1 GiB / 2 MiB blocks or 4 KiB pages as alignment allows.  Anything not
 * mapped faults to EL2 (EC 0x24 / 0x20): that is how MMIO is trapped.
 */
#ifndef AV_EL2_STAGE2_H
#define AV_EL2_STAGE2_H

#include <stdint.h>

#define EL2_IPA_BITS 40

enum el2_s2_mem {
	EL2_S2_NORMAL,   /* guest RAM: Normal Write-Back, RW, executable */
	EL2_S2_DEVICE,   /* a device frame (GICV): Device-nGnRE, RW, XN */
};

struct el2_s2 {
	uint64_t *root; /* 2 x 4 KiB level-1 tables, 8 KiB aligned */
	uint64_t vttbr; /* VTTBR_EL2 value: VMID [55:48] | root */
	unsigned tables; /* pages used, root included */
};

/* VTCR_EL2 for every VM (same on every pCPU). */
uint64_t el2_s2_vtcr(void);
/* 0, or -ENOMEM; -EINVAL if the CPU has fewer than 40 PA bits. */
int el2_s2_init(struct el2_s2 *s2, uint8_t vmid);
/* Map [ipa, ipa + size) to [pa, ...): page-aligned.  -EEXIST if part is
 * mapped already, -EINVAL on bad ranges, -ENOMEM. */
int el2_s2_map(struct el2_s2 *s2, uint64_t ipa, uint64_t pa, uint64_t size,
	       enum el2_s2_mem mem);
/* Unmap [ipa, ipa + size) (whole blocks/pages only, else -EBUSY) and
 * invalidate the TLBs of this VMID on every pCPU. The caller runs with this
 * VM's VTTBR_EL2 loaded. */
int el2_s2_unmap(struct el2_s2 *s2, uint64_t ipa, uint64_t size);
/* Walk: the PA of ipa, or -ENOENT if unmapped. */
int el2_s2_translate(const struct el2_s2 *s2, uint64_t ipa, uint64_t *pa);

#endif
