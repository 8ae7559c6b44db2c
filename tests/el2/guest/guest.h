/* SPDX-License-Identifier: MIT */
/* The EL2 demo's test guest: shared helpers (guest_lib.c). */
#ifndef EL2_GUEST_H
#define EL2_GUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "platform/el2/arch.h"

#define UART_BASE 0x09000000ul
#define ECHO_IPA 0x0a000000ul     /* the demo's echo register */
#define HOLE_IPA 0x0c000000ul     /* no device, not RAM */
#define NOEXEC_IPA 0x0b000000ul   /* no device, not RAM */
#define DTB_IPA 0x43000000ul      /* what run.sh puts in the manifest */
#define GICC_IPA 0x08010000ul     /* GICv2 CPU interface (PLATFORM.md) */
#define GICC_CTLR 0x000
#define GICC_PMR 0x004
#define GICC_IAR 0x00c
#define GICC_EOIR 0x010
#define GICC_IIDR 0x0fc

struct frame {
	uint64_t x[31];
	uint64_t elr, spsr, pad;
};

struct hvc_res {
	uint64_t x0, x1, x2, x3, x4, x5;
};

/* HVC #imm with x0..x3; returns x0..x5. */
#define hvc(imm, a0, a1, a2, a3)                                               \
	({                                                                     \
		register uint64_t r0 asm("x0") = (a0);                         \
		register uint64_t r1 asm("x1") = (a1);                         \
		register uint64_t r2 asm("x2") = (a2);                         \
		register uint64_t r3 asm("x3") = (a3);                         \
		register uint64_t r4 asm("x4");                                \
		register uint64_t r5 asm("x5");                                \
		asm volatile("hvc #" #imm                                      \
			     : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3),         \
			       "=r"(r4), "=r"(r5)                              \
			     :                                                 \
			     : "memory");                                      \
		(struct hvc_res){ r0, r1, r2, r3, r4, r5 };                    \
	})

void uart_puts(const char *s);
void gprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void report(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
__attribute__((noreturn)) void finish(void);

/* Exits of this vCPU as counted by the demo (HVC #4). */
struct counts {
	uint64_t sysreg, wfx, mmio, undef, abort, irq;
};
struct counts counts(void);

/* The next synchronous exception is expected: the handler records it and
 * resumes at ELR + 4 (skip) or at x30 (ret_lr). */
struct expect {
	volatile bool armed, seen, ret_lr;
	volatile uint64_t esr, far, elr;
};
extern struct expect expect;
void expect_exception(bool ret_lr);

/* IRQ handler state */
extern volatile unsigned vtimer_irqs, other_irqs;
extern volatile uint64_t vtimer_irq_count; /* CNTVCT in the handler */
extern volatile bool irq_read_iar; /* acknowledge + EOI at the vGIC */
extern unsigned gic_version;       /* the demo's physical GIC (HVC #5) */
extern volatile uint64_t irq_iar;

static inline uint64_t cntvct(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

static inline void irq_enable(void)
{
	asm volatile("msr daifclr, #2" : : : "memory");
}

static inline void irq_disable(void)
{
	asm volatile("msr daifset, #2" : : : "memory");
}

#endif
