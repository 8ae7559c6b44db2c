/* SPDX-License-Identifier: MIT */
/* System register access and barriers for the bare-metal guest SDK. */
#ifndef GUEST_SYSREG_H
#define GUEST_SYSREG_H

#include <stdint.h>

#define read_sysreg(r)                                                         \
	({                                                                     \
		uint64_t __v;                                                  \
		asm volatile("mrs %0, " #r : "=r"(__v)::"memory");             \
		__v;                                                           \
	})
#define write_sysreg(v, r)                                                     \
	asm volatile("msr " #r ", %0" ::"r"((uint64_t)(v)) : "memory")

#define isb() asm volatile("isb" ::: "memory")
#define dsb(opt) asm volatile("dsb " #opt ::: "memory")
#define dmb(opt) asm volatile("dmb " #opt ::: "memory")
#define wfe() asm volatile("wfe" ::: "memory")
#define wfi() asm volatile("wfi" ::: "memory")
#define sev() asm volatile("sev" ::: "memory")
#define barrier() asm volatile("" ::: "memory")
#define cpu_relax() asm volatile("yield" ::: "memory")

/* Arm ARM C5.2.1 CurrentEL: EL in bits [3:2]. */
static inline unsigned int current_el(void)
{
	return (read_sysreg(CurrentEL) >> 2) & 3;
}

/* PSTATE.DAIF masks (Arm ARM C5.2.2 DAIF). */
static inline void local_irq_enable(void)
{
	asm volatile("msr daifclr, #3" ::: "memory"); /* I and F */
}
static inline void local_irq_disable(void)
{
	asm volatile("msr daifset, #3" ::: "memory");
}
static inline uint64_t local_daif_save(void)
{
	uint64_t daif = read_sysreg(daif);
	asm volatile("msr daifset, #3" ::: "memory");
	return daif;
}
static inline void local_daif_restore(uint64_t daif)
{
	write_sysreg(daif, daif);
}

/* Arm ARM D17.2.37 ESR_EL1: EC in [31:26], IL in [25], ISS in [24:0]. */
#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define ESR_IL(esr) (((esr) >> 25) & 1)
#define ESR_ISS(esr) ((esr)&0x1ffffff)

/* Exception classes used by the SDK and the tests (Arm ARM D17.2.37). */
#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_SVC64 0x15
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_SYS64 0x18
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_PC_ALIGN 0x22
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define EC_SP_ALIGN 0x26
#define EC_SERROR 0x2f
#define EC_BRK64 0x3c

/* Data/instruction abort ISS fields (Arm ARM D17.2.37, ISS encoding for an
 * exception from a Data Abort / Instruction Abort). */
#define ABT_ISS_ISV (1u << 24)
#define ABT_ISS_SAS(iss) (((iss) >> 22) & 3)
#define ABT_ISS_SSE (1u << 21)
#define ABT_ISS_SRT(iss) (((iss) >> 16) & 0x1f)
#define ABT_ISS_SF (1u << 15)
#define ABT_ISS_FNV (1u << 10)
#define ABT_ISS_EA (1u << 9)
#define ABT_ISS_S1PTW (1u << 7)
#define ABT_ISS_WNR (1u << 6)
#define ABT_ISS_FSC(iss) ((iss)&0x3f)

/* Fault status codes (DFSC/IFSC). */
#define FSC_ADDR_SIZE(lvl) (0x00 + (lvl))
#define FSC_TRANSLATION(lvl) (0x04 + (lvl))
#define FSC_ACCESS_FLAG(lvl) (0x08 + (lvl))
#define FSC_PERMISSION(lvl) (0x0c + (lvl))
#define FSC_SYNC_EXT 0x10
#define FSC_ALIGNMENT 0x21

/* SPSR_EL1.M[3:0] (Arm ARM C5.2.18). */
#define SPSR_MODE_EL0t 0x0
#define SPSR_MODE_EL1t 0x4
#define SPSR_MODE_EL1h 0x5
#define SPSR_DAIF (0xfu << 6)

#endif
