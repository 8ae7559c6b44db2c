/* SPDX-License-Identifier: MIT */
/* The armvisor bare-metal guest SDK: include this one header. */
#ifndef GUEST_SDK_H
#define GUEST_SDK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "console.h"
#include "exceptions.h"
#include "fdt.h"
#include "gic.h"
#include "libc.h"
#include "mmu.h"
#include "psci.h"
#include "report.h"
#include "rvic.h"
#include "smp.h"
#include "spinlock.h"
#include "sysreg.h"
#include "timer.h"

/* Linker symbols (sdk/guest.ld). */
extern char _text[], _etext[], _edata[], __bss_start[], __bss_end[];
extern char __stacks_start[], __stacks_end[], _end[];
extern char _el0_text_start[], _el0_text_end[];

/* The DTB address the boot CPU received in x0. */
extern const void *boot_dtb;
/* RAM as the DT /memory node describes it. */
extern uint64_t ram_base, ram_size;

/* True when the DT looks like QEMU's virt (it has a fw-cfg node, which
 * armvisor never provides): lets tests report known QEMU/KVM differences as
 * INFO instead of failing. */
bool platform_is_qemu(void);

/* True when the CPU is QEMU's TCG model of `-cpu max` (MIDR_EL1 0x000f0510:
 * implementer 0, "reserved for software use", part number 'Q'), whatever
 * the board: on armvisor's EL2 engine the guest runs at EL1 on that CPU
 * model under armvisor's own device tree, so platform_is_qemu() is false
 * there while the CPU model's known deviations still show.  Lets tests
 * report those as INFO. */
bool cpu_is_qemu_max(void);

/* The test's entry point, called on the boot CPU with the MMU on. */
int main(void);

#endif
