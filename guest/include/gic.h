/* SPDX-License-Identifier: MIT */
/*
 * GIC driver for the guest SDK: GICv3 (distributor, redistributors, ICC_*
 * system-register CPU interface; IHI 0069) and GICv2 (distributor and the
 * memory-mapped CPU interface; IHI 0048B), found in the device tree
 * (`arm,gic-v3`, `arm,cortex-a15-gic`).
 *
 * GICv3: every interrupt is Group 1 (non-secure, DS=1 view) and is taken
 * with ICC_IAR1_EL1.  GICv2: every interrupt stays Group 0 (the reset
 * value), signalled as IRQ (GICC_CTLR.FIQEn = 0), as Linux does on a GIC
 * without security extensions.
 */
#ifndef GUEST_GIC_H
#define GUEST_GIC_H

#include <stdbool.h>
#include <stdint.h>

#define GIC_SPURIOUS 1023

/* ---- MMIO accessors of exact width (one instruction each) ------------- */
static inline uint8_t mmio_read8(uintptr_t a)
{
	uint32_t v;
	asm volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return (uint8_t)v;
}
static inline uint16_t mmio_read16(uintptr_t a)
{
	uint32_t v;
	asm volatile("ldrh %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return (uint16_t)v;
}
static inline uint32_t mmio_read32(uintptr_t a)
{
	uint32_t v;
	asm volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}
static inline uint64_t mmio_read64(uintptr_t a)
{
	uint64_t v;
	asm volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}
static inline void mmio_write8(uintptr_t a, uint8_t v)
{
	asm volatile("strb %w0, [%1]" ::"r"((uint32_t)v), "r"(a) : "memory");
}
static inline void mmio_write16(uintptr_t a, uint16_t v)
{
	asm volatile("strh %w0, [%1]" ::"r"((uint32_t)v), "r"(a) : "memory");
}
static inline void mmio_write32(uintptr_t a, uint32_t v)
{
	asm volatile("str %w0, [%1]" ::"r"(v), "r"(a) : "memory");
}
static inline void mmio_write64(uintptr_t a, uint64_t v)
{
	asm volatile("str %0, [%1]" ::"r"(v), "r"(a) : "memory");
}

/* ---- register offsets (IHI 0069 12.8 Table 12-25, IHI 0048B 4.1.2) --- */
#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IIDR 0x0008
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ISACTIVER 0x0300
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR 0x0800 /* GICv2 */
#define GICD_ICFGR 0x0c00
#define GICD_SGIR 0x0f00      /* GICv2 */
#define GICD_CPENDSGIR 0x0f10 /* GICv2 */
#define GICD_SPENDSGIR 0x0f20 /* GICv2 */
#define GICD_IROUTER 0x6000   /* GICv3, 64-bit per SPI (at 0x6000 + 8n) */
#define GICD_PIDR2_V3 0xffe8
#define GICD_PIDR2_V2 0x0fe8

#define GICD_CTLR_RWP (1u << 31)      /* IHI 0069 12.9.4 */
#define GICD_CTLR_ARE_NS (1u << 4)    /* DS=1: ARE */
#define GICD_CTLR_ENABLE_G1 (1u << 1) /* DS=1: EnableGrp1 */
#define GICD_CTLR_ENABLE_G0 (1u << 0)

/* Redistributor: RD_base frame, then SGI_base frame at +64 KiB. */
#define GICR_CTLR 0x0000
#define GICR_IIDR 0x0004
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_PIDR2 0xffe8
#define GICR_SGI_BASE 0x10000
#define GICR_STRIDE 0x20000
#define GICR_TYPER_LAST (1ull << 4)
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)

/* GICv2 CPU interface (IHI 0048B 4.4). */
#define GICC_CTLR 0x0000
#define GICC_PMR 0x0004
#define GICC_BPR 0x0008
#define GICC_IAR 0x000c
#define GICC_EOIR 0x0010
#define GICC_RPR 0x0014
#define GICC_HPPIR 0x0018
#define GICC_ABPR 0x001c
#define GICC_AIAR 0x0020
#define GICC_AEOIR 0x0024
#define GICC_AHPPIR 0x0028
#define GICC_APR0 0x00d0
#define GICC_IIDR 0x00fc
#define GICC_DIR 0x1000
#define GICC_CTLR_EOIMODE (1u << 9)

/* GICv3 ICC_* system registers at EL1 (IHI 0069 12.2, Table 12-2). */
#define ICC_PMR_EL1 S3_0_C4_C6_0
#define ICC_IAR0_EL1 S3_0_C12_C8_0
#define ICC_EOIR0_EL1 S3_0_C12_C8_1
#define ICC_HPPIR0_EL1 S3_0_C12_C8_2
#define ICC_BPR0_EL1 S3_0_C12_C8_3
#define ICC_AP0R0_EL1 S3_0_C12_C8_4
#define ICC_AP1R0_EL1 S3_0_C12_C9_0
#define ICC_DIR_EL1 S3_0_C12_C11_1
#define ICC_RPR_EL1 S3_0_C12_C11_3
#define ICC_SGI1R_EL1 S3_0_C12_C11_5
#define ICC_ASGI1R_EL1 S3_0_C12_C11_6
#define ICC_SGI0R_EL1 S3_0_C12_C11_7
#define ICC_IAR1_EL1 S3_0_C12_C12_0
#define ICC_EOIR1_EL1 S3_0_C12_C12_1
#define ICC_HPPIR1_EL1 S3_0_C12_C12_2
#define ICC_BPR1_EL1 S3_0_C12_C12_3
#define ICC_CTLR_EL1 S3_0_C12_C12_4
#define ICC_SRE_EL1 S3_0_C12_C12_5
#define ICC_IGRPEN0_EL1 S3_0_C12_C12_6
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_CTLR_EOIMODE (1u << 1)
/* Access an ICC register by the names above (expanded before stringizing). */
#define __gic_str(x) #x
#define __gic_xstr(x) __gic_str(x)
#define icc_read(r)                                                            \
	({                                                                     \
		uint64_t __v;                                                  \
		asm volatile("mrs %0, " __gic_xstr(r) : "=r"(__v)::"memory");  \
		__v;                                                           \
	})
#define icc_write(r, v)                                                        \
	asm volatile("msr " __gic_xstr(r) ", %0" ::"r"((uint64_t)(v))         \
		     : "memory")
/* ICC_SGI1R_EL1 fields (IHI 0069 12.2.22). */
#define ICC_SGI1R_IRM (1ull << 40)

/* ---- discovery ---------------------------------------------------------- */
int gic_version(void); /* 3 or 2 from the DT, 0 if none */
uintptr_t gic_dist_base(void);
uintptr_t gic_cpu_base(void);        /* GICv2 CPU interface, 0 on v3 */
uintptr_t gic_redist_base(int cpu);  /* GICv3 RD_base of cpu, 0 if unknown */
unsigned gic_nr_irqs(void);          /* (TYPER.ITLinesNumber + 1) * 32 */

/* ---- set-up ------------------------------------------------------------- */
void gic_init(void);
void gic_init_secondary(void);

/* ---- per-interrupt configuration (distributor / redistributor) -------- */
void gic_enable_irq(unsigned intid);
void gic_disable_irq(unsigned intid);
void gic_set_priority(unsigned intid, uint8_t prio);
void gic_set_config(unsigned intid, bool edge);
void gic_route_spi(unsigned intid, unsigned cpu);
void gic_set_pending(unsigned intid);
void gic_clear_pending(unsigned intid);
void gic_set_active(unsigned intid);
void gic_clear_active(unsigned intid);
bool gic_is_pending(unsigned intid);
bool gic_is_active(unsigned intid);
bool gic_is_enabled(unsigned intid);

/* ---- CPU interface ------------------------------------------------------ */
uint32_t gic_ack(void); /* raw IAR (GICv2: source CPU in [12:10]) */
static inline unsigned gic_irqnr(uint32_t iar) { return iar & 0x3ff; }
static inline unsigned gic_sgi_source(uint32_t iar) { return (iar >> 10) & 7; }
void gic_eoi(uint32_t iar);
void gic_dir(uint32_t iar);
void gic_set_eoimode(int mode);
void gic_set_pmr(uint8_t pmr);
void gic_set_bpr(unsigned bpr);
uint32_t gic_rpr(void);
uint32_t gic_hppir(void);

/* ---- SGIs --------------------------------------------------------------- */
void gic_send_sgi(unsigned sgi, unsigned cpu);
void gic_send_sgi_list(unsigned sgi, uint32_t cpumask);
void gic_send_sgi_others(unsigned sgi);
void gic_send_sgi_self(unsigned sgi);

#endif
