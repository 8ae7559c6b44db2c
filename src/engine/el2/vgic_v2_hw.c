// SPDX-License-Identifier: MIT
/*
 * GICH accessors and the GICV mapping (vgic_hw.h).  GICH register offsets:
 * IHI 0048B 5.3 (GICH_HCR 0x00, VTR 0x04, VMCR 0x08, MISR 0x10, EISR0/1
 * 0x20/0x24, ELRSR0/1 0x30/0x34, APR 0xf0, LR<n> 0x100 + 4n).
 */
#include "engine/el2/stage2.h"
#include "engine/el2/vgic_hw.h"
#include "platform/el2/arch.h"

#define GICH_HCR 0x000
#define GICH_VTR 0x004
#define GICH_VMCR 0x008
#define GICH_MISR 0x010
#define GICH_EISR0 0x020
#define GICH_EISR1 0x024
#define GICH_ELRSR0 0x030
#define GICH_ELRSR1 0x034
#define GICH_APR 0x0f0
#define GICH_LR0 0x100

static uintptr_t gich;

static inline uint32_t rd(unsigned off)
{
	return *(volatile uint32_t *)(gich + off);
}

static inline void wr(unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(gich + off) = v;
}

void el2_vgic_v2_init(uint64_t gich_pa)
{
	gich = (uintptr_t)gich_pa;
}

uint32_t el2_vgic_v2_read_vtr(void)
{
	return rd(GICH_VTR);
}

unsigned el2_vgic_v2_nr_lrs(void)
{
	/* GICH_VTR.ListRegs [5:0] + 1 */
	return (rd(GICH_VTR) & 0x3f) + 1;
}

uint32_t el2_vgic_v2_read_lr(unsigned n)
{
	return rd(GICH_LR0 + 4 * n);
}

void el2_vgic_v2_write_lr(unsigned n, uint32_t v)
{
	wr(GICH_LR0 + 4 * n, v);
}

uint32_t el2_vgic_v2_read_hcr(void)
{
	return rd(GICH_HCR);
}

void el2_vgic_v2_write_hcr(uint32_t v)
{
	wr(GICH_HCR, v);
}

uint32_t el2_vgic_v2_read_vmcr(void)
{
	return rd(GICH_VMCR);
}

void el2_vgic_v2_write_vmcr(uint32_t v)
{
	wr(GICH_VMCR, v);
}

uint32_t el2_vgic_v2_read_apr(void)
{
	return rd(GICH_APR);
}

void el2_vgic_v2_write_apr(uint32_t v)
{
	wr(GICH_APR, v);
}

uint32_t el2_vgic_v2_read_misr(void)
{
	return rd(GICH_MISR);
}

uint64_t el2_vgic_v2_read_eisr(void)
{
	return (uint64_t)rd(GICH_EISR1) << 32 | rd(GICH_EISR0);
}

uint64_t el2_vgic_v2_read_elrsr(void)
{
	return (uint64_t)rd(GICH_ELRSR1) << 32 | rd(GICH_ELRSR0);
}

void el2_vgic_v2_reset_cpu(void)
{
	unsigned lrs = el2_vgic_v2_nr_lrs();

	wr(GICH_HCR, 0);
	for (unsigned i = 0; i < lrs; i++)
		wr(GICH_LR0 + 4 * i, 0);
	wr(GICH_APR, 0);
	wr(GICH_VMCR, 0);
}

int el2_vgic_v2_map_gicv(struct el2_s2 *s2, uint64_t gicc_ipa,
			 uint64_t gicv_pa)
{
	/* GICV mirrors GICC's layout, 8 KiB with GICV_DIR at 0x1000
	 * (IHI 0048B 5.5): the guest's GICC accesses then go to the virtual
	 * CPU interface without a trap. */
	return el2_s2_map(s2, gicc_ipa, gicv_pa, 0x2000, EL2_S2_DEVICE);
}
