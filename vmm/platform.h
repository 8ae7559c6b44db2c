/* SPDX-License-Identifier: MIT */
/*
 * The guest-visible `virt` machine: memory map, interrupt numbers and boot
 * layout constants, as /work/shared/PLATFORM.md describes them (mirroring
 * QEMU's hw/arm/virt.c memory map).
 */
#ifndef VMM_PLATFORM_H
#define VMM_PLATFORM_H

#define SZ_4K 0x1000ull
#define SZ_64K 0x10000ull
#define SZ_128K 0x20000ull
#define SZ_512K 0x80000ull
#define SZ_1M 0x100000ull
#define SZ_2M 0x200000ull
#define SZ_1G 0x40000000ull

/* GIC (v2 and v3 share the distributor base). */
#define VIRT_GIC_DIST_BASE 0x08000000ull
#define VIRT_GICV3_DIST_SIZE SZ_64K
#define VIRT_GICV2_DIST_SIZE SZ_4K
#define VIRT_GICV2_CPU_BASE 0x08010000ull
#define VIRT_GICV2_CPU_SIZE 0x2000ull
#define VIRT_GICV3_REDIST_BASE 0x080A0000ull
#define VIRT_GICV3_REDIST_SIZE SZ_128K /* per vCPU: RD + SGI frames */
#define VIRT_GICV2_MAX_CPUS 8	       /* GICv2 ITARGETSR has 8 bits */

/* PL011 UART. */
#define VIRT_UART_BASE 0x09000000ull
#define VIRT_UART_SIZE SZ_4K
#define VIRT_UART_SPI 1			     /* SPI number in the DT */
#define VIRT_UART_INTID (32 + VIRT_UART_SPI) /* INTID 33 */
#define VIRT_UART_CLK_HZ 24000000u	     /* QEMU's "apb-pclk" fixed clock */

/* RAM. */
#define VIRT_RAM_BASE 0x40000000ull
#define VIRT_RAM_DEFAULT_SIZE (256 * SZ_1M)
#define VIRT_RAM_MIN_SIZE (16 * SZ_1M)
#define VIRT_RAM_ALIGN SZ_2M
/* QEMU virt's default 40-bit IPA space ends at 1 TiB; RAM stays below it. */
#define VIRT_RAM_MAX_SIZE ((1ull << 40) - VIRT_RAM_BASE)

/* Boot layout (PLATFORM.md "Boot"). */
#define VIRT_IMAGE_OFFSET SZ_512K /* image at RAM base + 0x80000 */
#define VIRT_DTB_ALIGN SZ_2M
/* Room kept for the DTB: ours is a few KiB even with 64 vCPUs; booting.rst
 * allows up to 2 MiB, but a long --append is the only thing that grows it. */
#define VIRT_DTB_MAX_SIZE SZ_64K

/* Architected timer PPIs, as INTIDs (PPI n = INTID 16 + n). */
#define VIRT_TIMER_SEC_PHYS_INTID 29 /* PPI 13 */
#define VIRT_TIMER_PHYS_INTID 30     /* PPI 14 (EL1 physical timer) */
#define VIRT_TIMER_VIRT_INTID 27     /* PPI 11 (EL1 virtual timer) */
#define VIRT_TIMER_HYP_INTID 26	     /* PPI 10 */
#define VIRT_PMU_INTID 23	     /* PPI 7: PMUv3 overflow (PLATFORM.md) */

/* rVIC defaults (PLATFORM.md). */
#define VIRT_RVIC_DEFAULT_TRUSTED 32
#define VIRT_RVIC_DEFAULT_TOTAL 64
#define VIRT_RVID_UART_INPUT VIRT_UART_SPI /* rVID input = its SPI number */

/*
 * MPIDR_EL1 affinity of vCPU n (PLATFORM.md, as QEMU virt with GICv3):
 * Aff0 = n % 16, Aff1 = n / 16.  This is also the DT cpu node's reg.
 */
static inline unsigned long long virt_cpu_affinity(unsigned n)
{
	return ((unsigned long long)(n / 16) << 8) | (n % 16);
}

#endif
