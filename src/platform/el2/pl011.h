/* SPDX-License-Identifier: MIT */
/* The physical PL011 UART: polled transmit only (the hypervisor's console). */
#ifndef AV_EL2_PL011_H
#define AV_EL2_PL011_H

#include <stdint.h>

/* QEMU virt's PL011 until the manifest names the platform's. */
#define EL2_PL011_DEFAULT_PA 0x09000000ull

void pl011_set_base(uint64_t pa);
void pl011_putc(char c);
void pl011_write(const char *s, unsigned long n);

#endif
