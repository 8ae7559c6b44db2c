/* SPDX-License-Identifier: MIT */
/* The physical PL011 UART, polled: the hypervisor's console and the guest
 * console's way out and in (the image's VMM). */
#ifndef AV_EL2_UART_H
#define AV_EL2_UART_H

#include <stdint.h>

/* QEMU virt's PL011 until the manifest names the platform's. */
#define EL2_PL011_DEFAULT_PA 0x09000000ull

void el2_uart_set_base(uint64_t pa);
void el2_uart_putc(char c);
void el2_uart_write(const char *s, unsigned long n);
/* A received character, or -1 if none is waiting. */
int el2_uart_getc(void);

#endif
