/* SPDX-License-Identifier: MIT */
/*
 * Device tree of the `virt` machine (PLATFORM.md "Device tree"), built with
 * libfdt.  Pure: no API calls, so unit tests can build and read it back.
 */
#ifndef VMM_FDT_H
#define VMM_FDT_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include "armvisor/armvisor.h"

/* Fixed phandles (QEMU numbers its own from 0x8000 too). */
#define DT_PHANDLE_CLK 0x8000
#define DT_PHANDLE_INTC 0x8001 /* GIC, or the rVIC */
#define DT_PHANDLE_RVID 0x8002

/* Interrupt specifier values (include/dt-bindings/interrupt-controller). */
#define DT_GIC_SPI 0
#define DT_GIC_PPI 1
#define DT_IRQ_TYPE_LEVEL_HIGH 4

struct dt_config {
	unsigned nr_vcpus;
	enum av_irqchip_kind irqchip;
	uint64_t ram_base;
	uint64_t ram_size;
	const char *bootargs;  /* NULL: no /chosen/bootargs */
	uint64_t initrd_start; /* guest physical */
	uint64_t initrd_size;  /* 0: no initrd */
	unsigned vtimer_intid; /* EL1 virtual timer INTID (27 by default) */
	unsigned ptimer_intid; /* EL1 physical timer INTID (30 by default) */
	bool pmu;              /* the library emulates PMUv3: a /pmu node */
};

/*
 * Build the DTB into buf (bufsize bytes).  Returns its size (> 0), or -1 with
 * a message in err.
 */
int dt_build(const struct dt_config *c, void *buf, size_t bufsize, char *err,
	     size_t errlen);

#endif
