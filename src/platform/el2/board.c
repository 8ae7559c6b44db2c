// SPDX-License-Identifier: MIT
/*
 * The board interface of vmm/image (vmm/image/board.h): what the image's
 * VMM needs of the platform, and el2_app_vm, the AV_EL2_MODE_VM app that
 * hands pCPUs to that VMM.
 */
#include <stdarg.h>

#include "platform/el2/arch.h"
#include "platform/el2/hosttimer.h"
#include "platform/el2/log.h"
#include "platform/el2/machine.h"
#include "platform/el2/uart.h"
#include "platform/platform.h"
#include "vmm/image/board.h"

const struct av_el2_manifest *board_manifest(void)
{
	return &el2_manifest;
}

void board_console_putc(uint8_t c)
{
	el2_uart_putc((char)c); /* raw: the guest writes its own CR/LF */
}

int board_console_getc(void)
{
	return el2_uart_getc();
}

void board_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	el2_vlog(fmt, ap);
	va_end(ap);
}

struct every {
	plat_timer *t;
	uint64_t period;
	uint64_t (*fn)(void);
};

static void every_fire(void *arg)
{
	struct every *e = arg;
	uint64_t next = e->fn();

	plat_timer_arm(e->t, plat_monotonic_ns() + (next ? next : e->period));
}

void board_every(uint64_t period_ns, uint64_t (*fn)(void))
{
	struct every *e = plat_zalloc(sizeof(*e));

	if (!e)
		el2_panic("board_every: out of memory");
	e->period = period_ns;
	e->fn = fn;
	e->t = plat_timer_create(every_fire, e);
	if (!e->t)
		el2_panic("board_every: no timer");
	plat_timer_arm(e->t, plat_monotonic_ns() + period_ns);
}

void board_relax(void)
{
	plat_yield();
}

void board_idle_forever(void)
{
	for (;;)
		el2_idle_until(0);
}

void board_exit(int status)
{
	el2_machine_exit(status);
}

static void vm_app_boot(void)
{
	board_vmm.boot();
}

static void vm_app_cpu_main(unsigned cpu)
{
	board_vmm.cpu_main(cpu);
}

const struct el2_app el2_app_vm = {
	.name = "vm",
	.boot = vm_app_boot,
	.cpu_main = vm_app_cpu_main,
};
