/* SPDX-License-Identifier: MIT */
/*
 * AArch64 helpers of the EL2 image: system-register access, barriers, the
 * few instructions C needs.  Registers that binutils may not name for plain
 * Armv8.0 (-march=armv8-a) are reached by their generic encoding
 * "s<op0>_<op1>_c<CRn>_c<CRm>_<op2>" (Arm ARM C5.3).
 */
#ifndef AV_EL2_ARCH_H
#define AV_EL2_ARCH_H

#include <stdint.h>

#define __stringify_1(x) #x
#define __stringify(x) __stringify_1(x)

#define read_sysreg(r)                                                         \
	({                                                                     \
		uint64_t __v;                                                  \
		asm volatile("mrs %0, " __stringify(r) : "=r"(__v));           \
		__v;                                                           \
	})
#define write_sysreg(v, r)                                                     \
	asm volatile("msr " __stringify(r) ", %x0" : : "rZ"((uint64_t)(v)))

#ifdef __aarch64__
#define isb() asm volatile("isb" : : : "memory")
#define dsb(opt) asm volatile("dsb " #opt : : : "memory")
#define dmb(opt) asm volatile("dmb " #opt : : : "memory")
#define wfi() asm volatile("wfi" : : : "memory")
#define wfe() asm volatile("wfe" : : : "memory")
#define sev() asm volatile("sev" : : : "memory")
#define cpu_relax() asm volatile("yield" : : : "memory")
#else
/* Host unit tests of the plain-C parts (allocator, timer lists): the hints
 * and barriers become compiler barriers. */
#define isb() asm volatile("" : : : "memory")
#define dsb(opt) asm volatile("" : : : "memory")
#define dmb(opt) asm volatile("" : : : "memory")
#define wfi() asm volatile("" : : : "memory")
#define wfe() asm volatile("" : : : "memory")
#define sev() asm volatile("" : : : "memory")
#define cpu_relax() asm volatile("" : : : "memory")
#endif

/* Generic encodings (Arm ARM C5.3 / D19) of registers used by name below. */
#define SYS_ICC_SRE_EL2 s3_4_c12_c9_5
#define SYS_ICC_SRE_EL1 s3_0_c12_c12_5
#define SYS_ICC_IAR1_EL1 s3_0_c12_c12_0
#define SYS_ICC_EOIR1_EL1 s3_0_c12_c12_1
#define SYS_ICC_DIR_EL1 s3_0_c12_c11_1
#define SYS_ICC_PMR_EL1 s3_0_c4_c6_0
#define SYS_ICC_BPR1_EL1 s3_0_c12_c12_3
#define SYS_ICC_CTLR_EL1 s3_0_c12_c12_4
#define SYS_ICC_IGRPEN1_EL1 s3_0_c12_c12_7
#define SYS_ICC_SGI1R_EL1 s3_0_c12_c11_5
#define SYS_ICC_RPR_EL1 s3_0_c12_c11_3
#define SYS_ICH_HCR_EL2 s3_4_c12_c11_0
#define SYS_ICH_VTR_EL2 s3_4_c12_c11_1
#define SYS_ICH_MISR_EL2 s3_4_c12_c11_2
#define SYS_ICH_EISR_EL2 s3_4_c12_c11_3
#define SYS_ICH_ELRSR_EL2 s3_4_c12_c11_5
#define SYS_ICH_VMCR_EL2 s3_4_c12_c11_7
#define SYS_ZCR_EL2 s3_4_c1_c2_0
#define SYS_SMCR_EL2 s3_4_c1_c2_6

/* DAIF */
static inline uint64_t local_daif_save_mask(void)
{
	uint64_t f = read_sysreg(daif);

	asm volatile("msr daifset, #0xf" : : : "memory");
	return f;
}

static inline void local_daif_restore(uint64_t f)
{
	write_sysreg(f, daif);
}

/* MPIDR_EL1 affinity fields Aff3..Aff0 (Arm ARM D19.2.x MPIDR_EL1). */
#define MPIDR_AFF_MASK 0xff00ffffffull

static inline uint64_t this_mpidr(void)
{
	return read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
}

static inline unsigned current_el(void)
{
	return (read_sysreg(CurrentEL) >> 2) & 3;
}

#endif
