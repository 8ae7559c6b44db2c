// SPDX-License-Identifier: MIT
/* The test guest's console, report lines and exception handlers. */
#include <stdarg.h>
#include <stdio.h>

#include "guest.h"

#define UARTDR 0x000
#define UARTFR 0x018
#define UARTFR_TXFF (1u << 5)
#define PSCI_SYSTEM_OFF 0x84000008ul

static unsigned passes, failures;

void uart_puts(const char *s)
{
	volatile uint32_t *fr = (volatile uint32_t *)(UART_BASE + UARTFR);
	volatile uint32_t *dr = (volatile uint32_t *)(UART_BASE + UARTDR);

	for (; *s; s++) {
		while (*fr & UARTFR_TXFF)
			;
		*dr = (uint8_t)*s;
	}
}

static void vprint(const char *prefix, const char *fmt, va_list ap)
{
	char buf[256];
	unsigned n = 0;

	while (*prefix && n < sizeof(buf) - 1)
		buf[n++] = *prefix++;
	vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	uart_puts(buf);
}

void gprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint("", fmt, ap);
	va_end(ap);
}

void report(bool ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(ok ? "PASS: " : "FAIL: ", fmt, ap);
	va_end(ap);
	uart_puts("\n");
	if (ok)
		passes++;
	else
		failures++;
}

void info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint("INFO: ", fmt, ap);
	va_end(ap);
	uart_puts("\n");
}

void skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint("SKIP: ", fmt, ap);
	va_end(ap);
	uart_puts("\n");
}

void finish(void)
{
	gprintf("SUMMARY: %u tests, %u failures\n", passes + failures, failures);
	gprintf("EXIT: STATUS=%d\n", failures ? 3 : 1);
	hvc(0, PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		wfi();
}

struct counts counts(void)
{
	struct hvc_res r = hvc(4, ~0ul, 0, 0, 0); /* this vCPU's */

	return (struct counts){ r.x0, r.x1, r.x2, r.x3, r.x4, r.x5 };
}

struct expect expect;

void expect_exception(bool ret_lr)
{
	expect.seen = false;
	expect.ret_lr = ret_lr;
	expect.esr = expect.far = expect.elr = 0;
	expect.armed = true;
}

void guest_sync(struct frame *f);
void guest_irq(struct frame *f);
void guest_bad(struct frame *f);

void guest_sync(struct frame *f)
{
	uint64_t esr = read_sysreg(esr_el1);

	if (!expect.armed) {
		gprintf("FAIL: unexpected exception ESR_EL1 %#lx ELR %#lx FAR "
		       "%#lx\n", (unsigned long)esr, (unsigned long)f->elr,
		       (unsigned long)read_sysreg(far_el1));
		failures++;
		finish();
	}
	expect.armed = false;
	expect.seen = true;
	expect.esr = esr;
	expect.far = read_sysreg(far_el1);
	expect.elr = f->elr;
	f->elr = expect.ret_lr ? f->x[30] : f->elr + 4;
}

volatile unsigned vtimer_irqs, other_irqs;
volatile uint64_t vtimer_irq_count;
volatile bool irq_read_iar;
unsigned gic_version;
volatile uint64_t irq_iar;

#define CNT_CTL_ENABLE 1u
#define CNT_CTL_IMASK 2u
#define CNT_CTL_ISTATUS 4u

void guest_irq(struct frame *f)
{
	uint64_t ctl = read_sysreg(cntv_ctl_el0);

	(void)f;
	if (irq_read_iar) {
		/* Acknowledge and end it at the virtual CPU interface:
		 * ICV_* registers (v3, HCR_EL2.IMO = 1) or GICV behind the
		 * GICC window (v2).  EOImode 0: EOI also deactivates. */
		if (gic_version == 3) {
			irq_iar = read_sysreg(SYS_ICC_IAR1_EL1);
			if (irq_iar < 1020)
				write_sysreg(irq_iar, SYS_ICC_EOIR1_EL1);
		} else {
			irq_iar = *(volatile uint32_t *)(GICC_IPA + GICC_IAR);
			if ((irq_iar & 0x3ff) < 1020)
				*(volatile uint32_t *)(GICC_IPA + GICC_EOIR) =
					(uint32_t)irq_iar;
		}
	}
	if ((ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS)) ==
	    (CNT_CTL_ENABLE | CNT_CTL_ISTATUS)) {
		/* Our timer fired: mask it (the line drops), then tell the
		 * VMM the interrupt is handled. */
		vtimer_irq_count = cntvct();
		write_sysreg(ctl | CNT_CTL_IMASK, cntv_ctl_el0);
		isb();
		vtimer_irqs++;
	} else {
		other_irqs++;
	}
	hvc(2, 0, 0, 0, 0);
}

void guest_bad(struct frame *f)
{
	gprintf("FAIL: unexpected vector, ESR_EL1 %#lx ELR %#lx\n",
	       (unsigned long)read_sysreg(esr_el1), (unsigned long)f->elr);
	failures++;
	finish();
}
