// SPDX-License-Identifier: MIT
/*
 * ICH_*_EL2 accessors (vgic_hw.h).  The registers are named by their
 * encodings (IHI 0069 12.4, "virtual interface control system registers"):
 * ICH_AP0R<n>_EL2 S3_4_C12_C8_n, ICH_AP1R<n>_EL2 S3_4_C12_C9_n,
 * ICH_LR<n>_EL2 S3_4_C12_C12_n (n < 8) and S3_4_C12_C13_(n-8).  An MRS/MSR
 * names its register in the instruction, so each index has its own case.
 */
#include "engine/el2/vgic_hw.h"
#include "platform/el2/arch.h"

#define LR_CASE(n, crm, op2)                                                   \
	case n:                                                                \
		return read_sysreg(s3_4_c12_##crm##_##op2)
#define LR_WCASE(n, crm, op2)                                                  \
	case n:                                                                \
		write_sysreg(v, s3_4_c12_##crm##_##op2);                       \
		break

uint32_t el2_vgic_v3_read_vtr(void)
{
	return (uint32_t)read_sysreg(SYS_ICH_VTR_EL2);
}

unsigned el2_vgic_v3_nr_lrs(void)
{
	return (el2_vgic_v3_read_vtr() & 0x1f) + 1;
}

unsigned el2_vgic_v3_nr_aprs(void)
{
	unsigned pre = ((el2_vgic_v3_read_vtr() >> 26) & 7) + 1;

	/* 5 bits: 32 groups, one register; 6: two; 7: four. */
	return pre >= 7 ? 4 : pre == 6 ? 2 : 1;
}

uint64_t el2_vgic_v3_read_lr(unsigned n)
{
	switch (n) {
	LR_CASE(0, c12, 0); LR_CASE(1, c12, 1); LR_CASE(2, c12, 2);
	LR_CASE(3, c12, 3); LR_CASE(4, c12, 4); LR_CASE(5, c12, 5);
	LR_CASE(6, c12, 6); LR_CASE(7, c12, 7); LR_CASE(8, c13, 0);
	LR_CASE(9, c13, 1); LR_CASE(10, c13, 2); LR_CASE(11, c13, 3);
	LR_CASE(12, c13, 4); LR_CASE(13, c13, 5); LR_CASE(14, c13, 6);
	LR_CASE(15, c13, 7);
	}
	return 0;
}

void el2_vgic_v3_write_lr(unsigned n, uint64_t v)
{
	switch (n) {
	LR_WCASE(0, c12, 0); LR_WCASE(1, c12, 1); LR_WCASE(2, c12, 2);
	LR_WCASE(3, c12, 3); LR_WCASE(4, c12, 4); LR_WCASE(5, c12, 5);
	LR_WCASE(6, c12, 6); LR_WCASE(7, c12, 7); LR_WCASE(8, c13, 0);
	LR_WCASE(9, c13, 1); LR_WCASE(10, c13, 2); LR_WCASE(11, c13, 3);
	LR_WCASE(12, c13, 4); LR_WCASE(13, c13, 5); LR_WCASE(14, c13, 6);
	LR_WCASE(15, c13, 7);
	}
}

uint32_t el2_vgic_v3_read_ap0r(unsigned n)
{
	switch (n) {
	case 0: return (uint32_t)read_sysreg(s3_4_c12_c8_0);
	case 1: return (uint32_t)read_sysreg(s3_4_c12_c8_1);
	case 2: return (uint32_t)read_sysreg(s3_4_c12_c8_2);
	case 3: return (uint32_t)read_sysreg(s3_4_c12_c8_3);
	}
	return 0;
}

void el2_vgic_v3_write_ap0r(unsigned n, uint32_t v)
{
	switch (n) {
	case 0: write_sysreg(v, s3_4_c12_c8_0); break;
	case 1: write_sysreg(v, s3_4_c12_c8_1); break;
	case 2: write_sysreg(v, s3_4_c12_c8_2); break;
	case 3: write_sysreg(v, s3_4_c12_c8_3); break;
	}
}

uint32_t el2_vgic_v3_read_ap1r(unsigned n)
{
	switch (n) {
	case 0: return (uint32_t)read_sysreg(s3_4_c12_c9_0);
	case 1: return (uint32_t)read_sysreg(s3_4_c12_c9_1);
	case 2: return (uint32_t)read_sysreg(s3_4_c12_c9_2);
	case 3: return (uint32_t)read_sysreg(s3_4_c12_c9_3);
	}
	return 0;
}

void el2_vgic_v3_write_ap1r(unsigned n, uint32_t v)
{
	switch (n) {
	case 0: write_sysreg(v, s3_4_c12_c9_0); break;
	case 1: write_sysreg(v, s3_4_c12_c9_1); break;
	case 2: write_sysreg(v, s3_4_c12_c9_2); break;
	case 3: write_sysreg(v, s3_4_c12_c9_3); break;
	}
}

uint32_t el2_vgic_v3_read_hcr(void)
{
	return (uint32_t)read_sysreg(SYS_ICH_HCR_EL2);
}

void el2_vgic_v3_write_hcr(uint32_t v)
{
	write_sysreg(v, SYS_ICH_HCR_EL2);
	isb();
}

uint32_t el2_vgic_v3_read_vmcr(void)
{
	return (uint32_t)read_sysreg(SYS_ICH_VMCR_EL2);
}

void el2_vgic_v3_write_vmcr(uint32_t v)
{
	write_sysreg(v, SYS_ICH_VMCR_EL2);
}

uint32_t el2_vgic_v3_read_misr(void)
{
	return (uint32_t)read_sysreg(SYS_ICH_MISR_EL2);
}

uint32_t el2_vgic_v3_read_eisr(void)
{
	return (uint32_t)read_sysreg(SYS_ICH_EISR_EL2);
}

uint32_t el2_vgic_v3_read_elrsr(void)
{
	return (uint32_t)read_sysreg(SYS_ICH_ELRSR_EL2);
}

void el2_vgic_v3_reset_cpu(void)
{
	unsigned lrs = el2_vgic_v3_nr_lrs(), aprs = el2_vgic_v3_nr_aprs();

	el2_vgic_v3_write_hcr(0);
	for (unsigned i = 0; i < lrs; i++)
		el2_vgic_v3_write_lr(i, 0);
	for (unsigned i = 0; i < aprs; i++) {
		el2_vgic_v3_write_ap0r(i, 0);
		el2_vgic_v3_write_ap1r(i, 0);
	}
	el2_vgic_v3_write_vmcr(0);
	isb();
}
