/* SPDX-License-Identifier: MIT */
/*
 * What the EL2 image gives the VMM that runs inside it (vmm/image): the
 * manifest, the physical UART that carries the guest console, a log apart
 * from that console, a periodic callback, and the way to end the machine.
 * Implemented by src/platform/el2/board.c.
 */
#ifndef VMM_IMAGE_BOARD_H
#define VMM_IMAGE_BOARD_H

#include <stdint.h>

#include "armvisor/el2_manifest.h"

const struct av_el2_manifest *board_manifest(void);
/* The guest console: one byte out, one byte in (-1 if none waits). */
void board_console_putc(uint8_t c);
int board_console_getc(void);
/* A line for the hypervisor's log (not the guest console). */
void board_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Run fn on this pCPU every period_ns, at the image's safe points; fn
 * returns the delay to its next run, or 0 for period_ns. */
void board_every(uint64_t period_ns, uint64_t (*fn)(void));
/* Spin politely; sleep this pCPU for good. */
void board_relax(void);
__attribute__((noreturn)) void board_idle_forever(void);
/* End the machine with a status (QEMU's exit status under semihosting). */
__attribute__((noreturn)) void board_exit(int status);

/* The VMM: boot on pCPU 0 first, then cpu_main on every pCPU. */
struct board_vmm {
	void (*boot)(void);
	void (*cpu_main)(unsigned cpu);
};
extern const struct board_vmm board_vmm;

#endif
