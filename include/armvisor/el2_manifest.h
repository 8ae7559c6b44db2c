/* SPDX-License-Identifier: MIT */
/*
 * The EL2 image's manifest: what the host tool tells the hypervisor image
 * (build/el2/armvisor-el2.bin) about the VM to run and about the physical
 * platform it runs on, so that the image needs no device-tree parser.
 *
 * The host tool writes one struct av_el2_manifest (little-endian, the layout
 * below, no padding surprises: every field is naturally aligned) to a file
 * and QEMU places it at AV_EL2_MANIFEST_PA:
 *   -device loader,file=manifest.bin,addr=0x40010000,force-raw=on
 * The image checks it (magic, version, size, ranges inside RAM, no overlaps)
 * and refuses a bad one with a message and a non-zero exit status.
 *
 * Freestanding-safe: stdint.h only.  Shared by the host tool and the image.
 */
#ifndef ARMVISOR_EL2_MANIFEST_H
#define ARMVISOR_EL2_MANIFEST_H

#include <stdint.h>

/* "AVEL2MAN" read as a little-endian 64-bit word. */
#define AV_EL2_MANIFEST_MAGIC 0x4e414d324c455641ull
#define AV_EL2_MANIFEST_VERSION 2u
/* Fixed physical address: above QEMU's boot stub at the RAM base
 * (0x4000_0000, 40 bytes) and below the image (RAM base + 0x80000). */
#define AV_EL2_MANIFEST_PA 0x40010000ull
#define AV_EL2_MANIFEST_MAX_SIZE 4096u

#define AV_EL2_MAX_PCPUS 8u

/* What the image does with the VM description. */
#define AV_EL2_MODE_VM 1u       /* run the VM with the core (not yet wired) */
#define AV_EL2_MODE_DEMO 2u     /* run the VM with the built-in test handler */
#define AV_EL2_MODE_SELFTEST 3u /* no VM: the hypervisor's own self-tests */

/* flags */
/* QEMU runs with -semihosting-config enable=on,target=native: the image may
 * end with SYS_EXIT_EXTENDED (a status) instead of PSCI SYSTEM_OFF. */
#define AV_EL2_F_SEMIHOSTING (1u << 0)
/* Hypervisor log lines go out through semihosting (QEMU: its stderr)
 * instead of the physical UART, apart from the guest's console stream. */
#define AV_EL2_F_LOG_SEMIHOSTING (1u << 1)
/* Log every guest exit (debugging). */
#define AV_EL2_F_TRACE_EXITS (1u << 2)
/* When the VM stops, log every counter (av_vcpu_get_stats,
 * av_vm_get_stats) as "stats: vcpu N NAME VALUE" / "stats: vm NAME VALUE"
 * lines, which the host tool turns into --stats output (vmm/el2_run.c),
 * and each vCPU's exits by kind with the physical interrupts behind them
 * (ARMVISOR_EL2_STATS=1, tests/el2/hwbit.sh). */
#define AV_EL2_F_STATS (1u << 3)
/* halt_poll_ns below is the VM's AV_CAP_HALT_POLL (--halt-poll-ns);
 * without it the core's default applies. */
#define AV_EL2_F_HALT_POLL (1u << 4)
#define AV_EL2_F_ALL (AV_EL2_F_SEMIHOSTING | AV_EL2_F_LOG_SEMIHOSTING | \
		      AV_EL2_F_TRACE_EXITS | AV_EL2_F_STATS | \
		      AV_EL2_F_HALT_POLL)

/* The guest's interrupt controller. */
#define AV_EL2_IRQCHIP_GICV3 1u
#define AV_EL2_IRQCHIP_GICV2 2u
#define AV_EL2_IRQCHIP_RVIC 3u
#define AV_EL2_IRQCHIP_USER 4u  /* the VMM's own GIC (--irqchip user) */

/* The VM: every address is a guest IPA unless it says PA. */
struct av_el2_vm_desc {
	uint64_t ram_ipa;     /* guest RAM, 2 MiB aligned */
	uint64_t ram_size;    /* multiple of 2 MiB */
	uint64_t ram_pa;      /* where guest RAM is in physical memory */
	uint64_t entry_ipa;   /* boot vCPU PC (EL1h, DAIF masked, MMU off) */
	uint64_t dtb_ipa;     /* x0 at entry, 0 = none */
	uint64_t initrd_ipa;  /* 0 = none */
	uint64_t initrd_size;
	uint64_t cntfrq;      /* must equal the hardware's CNTFRQ_EL0 */
	uint32_t nr_vcpus;    /* 1..nr_pcpus: vCPU n runs on pCPU n */
	uint32_t irqchip;     /* AV_EL2_IRQCHIP_* */
	uint32_t vtimer_intid; /* EL1 virtual timer PPI (16..31), default 27 */
	uint32_t ptimer_intid; /* EL1 physical timer PPI (16..31), default 30 */
	uint32_t timer_irq_mode; /* AV_TIMER_IRQ_MODE_* (armvisor.h) */
	uint32_t nr_lrs;       /* vGIC list registers, 0 = default */
	uint32_t rvic_trusted; /* rVIC sizes, 0 = defaults */
	uint32_t rvic_total;
	/* The guest's device windows (the VMM owns the guest memory map). */
	uint64_t gicd_ipa;    /* GIC distributor (v2 and v3) */
	uint64_t gicr_ipa;    /* GICv3 redistributors, 128 KiB per vCPU */
	uint64_t gicc_ipa;    /* GICv2 CPU interface, 8 KiB */
	uint64_t uart_ipa;    /* PL011, 4 KiB */
	uint64_t vm_flags;    /* reserved for the core, must be 0 */
};

/* The physical platform the host tool chose (QEMU virt: see
 * av_el2_platform_qemu_virt in tests/el2/mkmanifest.c). */
struct av_el2_platform {
	uint32_t gic_version; /* 2 or 3 */
	uint32_t nr_pcpus;    /* 1..AV_EL2_MAX_PCPUS */
	uint64_t gicd_pa;     /* 64 KiB */
	uint64_t gicr_pa;     /* v3: first redistributor, 64 KiB aligned */
	uint64_t gicr_stride; /* v3: 0x20000 (RD + SGI frames) */
	uint64_t gicc_pa;     /* v2: physical CPU interface (8 KiB) */
	uint64_t gich_pa;     /* v2: virtual interface control (GICH) */
	uint64_t gicv_pa;     /* v2: virtual CPU interface (GICV, 8 KiB) */
	uint64_t uart_pa;     /* PL011 */
	uint64_t ram_pa;      /* all of the machine's RAM */
	uint64_t ram_size;
	uint64_t hyp_ram_pa;  /* the hypervisor's part: image, manifest, heap */
	uint64_t hyp_ram_size;
	uint64_t pcpu_mpidr[AV_EL2_MAX_PCPUS]; /* [0] = the boot CPU */
};

struct av_el2_manifest {
	uint64_t magic;   /* AV_EL2_MANIFEST_MAGIC */
	uint32_t version; /* AV_EL2_MANIFEST_VERSION */
	uint32_t size;    /* sizeof(struct av_el2_manifest) */
	uint32_t mode;    /* AV_EL2_MODE_* */
	uint32_t flags;   /* AV_EL2_F_* */
	struct av_el2_vm_desc vm;
	struct av_el2_platform plat;
	uint64_t halt_poll_ns; /* with AV_EL2_F_HALT_POLL: ..UINT32_MAX; else 0 */
	uint64_t reserved[7]; /* must be 0 */
};

#endif
