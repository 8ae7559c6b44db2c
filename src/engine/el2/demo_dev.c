// SPDX-License-Identifier: MIT
/*
 * The demo VMM's devices (demo.h): a PL011 that only transmits, an echo
 * register, and the EL1 physical timer and counter trapped by
 * CNTHCTL_EL2.EL1PCEN/EL1PCTEN = 0.
 */
#include <string.h>

#include "engine/el2/demo.h"
#include "platform/el2/arch.h"
#include "platform/el2/log.h"
#include "platform/el2/machine.h"
#include "platform/el2/spinlock.h"

uint64_t demo_cntvoff;

/* ---- PL011 (ARM DDI 0183): UARTDR 0x000, UARTFR 0x018 ---- */
#define UARTDR 0x000
#define UARTFR 0x018
#define UARTFR_RXFE (1u << 4)
#define UARTFR_TXFE (1u << 7)

static el2_spinlock line_lock = EL2_SPINLOCK_INIT;
static char line[80];
static unsigned line_len;
static int exit_status = -1;

/* Watch the console for "EXIT: STATUS=N" (PLATFORM.md exit protocol). */
static void console_byte(char c)
{
	el2_spin_lock(&line_lock);
	if (c == '\n' || c == '\r') {
		static const char key[] = "EXIT: STATUS=";
		unsigned k = sizeof(key) - 1;

		line[line_len < sizeof(line) ? line_len : sizeof(line) - 1] = 0;
		if (line_len > k && !memcmp(line, key, k)) {
			int v = 0;

			for (unsigned i = k; line[i] >= '0' && line[i] <= '9';
			     i++)
				v = v * 10 + (line[i] - '0');
			exit_status = v;
		}
		line_len = 0;
	} else if (line_len < sizeof(line) - 1) {
		line[line_len++] = c;
	}
	el2_spin_unlock(&line_lock);
	el2_console_putc(c);
}

int demo_console_status(void)
{
	return exit_status;
}

static int uart_access(const struct el2_exit *e, uint64_t off,
		       uint64_t *value)
{
	if (e->mmio.is_write) {
		if (off == UARTDR)
			console_byte((char)e->mmio.value);
		return 0;
	}
	*value = off == UARTFR ? UARTFR_TXFE | UARTFR_RXFE : 0;
	return 0;
}

/* ---- the echo register: 8 bytes, reads return what was written ---- */
static uint64_t echo_reg;

static int echo_access(const struct el2_exit *e, uint64_t off,
		       uint64_t *value)
{
	unsigned shift = 8 * (unsigned)off;
	uint64_t mask = e->mmio.len == 8 ? ~0ull
					 : ((1ull << (8 * e->mmio.len)) - 1);

	if (off + e->mmio.len > 8)
		return -1;
	if (e->mmio.is_write)
		echo_reg = (echo_reg & ~(mask << shift)) |
			   (e->mmio.value & mask) << shift;
	else
		*value = (echo_reg >> shift) & mask;
	return 0;
}

int demo_mmio(struct demo_vcpu *d, const struct el2_exit *e, uint64_t *value)
{
	uint64_t ipa = e->mmio.ipa;

	d->n_mmio++;
	if (ipa >= el2_manifest.vm.uart_ipa &&
	    ipa < el2_manifest.vm.uart_ipa + 0x1000)
		return uart_access(e, ipa - el2_manifest.vm.uart_ipa, value);
	if (ipa >= DEMO_ECHO_IPA && ipa < DEMO_ECHO_IPA + 8)
		return echo_access(e, ipa - DEMO_ECHO_IPA, value);
	return -1;
}

/* ---- EL1 physical timer and counter (Arm ARM D11.2) ---- */
#define ENC_CNTPCT_EL0 EL2_SYSREG_ENC(3, 3, 14, 0, 1)
#define ENC_CNTP_TVAL_EL0 EL2_SYSREG_ENC(3, 3, 14, 2, 0)
#define ENC_CNTP_CTL_EL0 EL2_SYSREG_ENC(3, 3, 14, 2, 1)
#define ENC_CNTP_CVAL_EL0 EL2_SYSREG_ENC(3, 3, 14, 2, 2)
#define CTL_ENABLE 1u
#define CTL_IMASK 2u
#define CTL_ISTATUS 4u

int demo_sysreg(struct demo_vcpu *d, const struct el2_exit *e,
		uint64_t *value)
{
	/* The VM's physical count: the hardware's minus the VM offset, as
	 * the virtual count (KVM without a separate physical offset). */
	uint64_t now = read_sysreg(cntpct_el0) - demo_cntvoff;
	bool w = e->sysreg.is_write;
	uint64_t v = e->sysreg.value;

	d->n_sysreg++;
	switch (e->sysreg.enc) {
	case ENC_CNTPCT_EL0:
		if (w)
			return -1;
		*value = now;
		return 0;
	case ENC_CNTP_CTL_EL0:
		/* ISTATUS is computed, never stored (Arm ARM D11.2.4: the
		 * condition is CVAL <= count while enabled). */
		if (w) {
			d->ptimer_ctl = v & (CTL_ENABLE | CTL_IMASK);
		} else {
			*value = d->ptimer_ctl;
			if ((d->ptimer_ctl & CTL_ENABLE) &&
			    d->ptimer_cval <= now)
				*value |= CTL_ISTATUS;
		}
		return 0;
	case ENC_CNTP_CVAL_EL0:
		if (w)
			d->ptimer_cval = v;
		else
			*value = d->ptimer_cval;
		return 0;
	case ENC_CNTP_TVAL_EL0:
		/* TVAL reads (CVAL - count) as signed 32 bits; a write sets
		 * CVAL = count + sign-extended TVAL (Arm ARM D11.2.4). */
		if (w)
			d->ptimer_cval = now + (uint64_t)(int64_t)(int32_t)v;
		else
			*value = (uint32_t)(d->ptimer_cval - now);
		return 0;
	}
	return -1;
}
