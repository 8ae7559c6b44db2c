/* SPDX-License-Identifier: MIT */
/*
 * Exception vectors and handler registration.
 *
 * Every vector saves x0..x30, the interrupted SP, ELR_EL1, SPSR_EL1,
 * ESR_EL1 and FAR_EL1 into a struct exc_frame on the EL1 stack and calls the
 * C dispatcher; on return ELR/SPSR (and every GPR) are reloaded from the
 * frame, so a handler steers the return by editing the frame.
 */
#ifndef GUEST_EXCEPTIONS_H
#define GUEST_EXCEPTIONS_H

#define EXC_FRAME_SIZE 304
#define EXC_FRAME_SP 248
#define EXC_FRAME_ELR 256
#define EXC_FRAME_SPSR 264
#define EXC_FRAME_ESR 272
#define EXC_FRAME_FAR 280
#define EXC_FRAME_VECTOR 288

/* Vector numbers: the entry's offset from VBAR_EL1 / 0x80 (Arm ARM D1.10.2,
 * Table D1-7). */
#define VEC_CUR_SP0_SYNC 0
#define VEC_CUR_SPX_SYNC 4
#define VEC_CUR_SPX_IRQ 5
#define VEC_CUR_SPX_FIQ 6
#define VEC_CUR_SPX_SERROR 7
#define VEC_LOW64_SYNC 8
#define VEC_LOW64_IRQ 9
#define VEC_LOW64_FIQ 10
#define VEC_LOW64_SERROR 11
#define VEC_LOW32_SYNC 12

/* The SVC immediate that ends an el0_call() (handled by the SDK). */
#define EL0_EXIT_SVC 0xe0e0

#ifndef __ASSEMBLY__
#include <stdbool.h>
#include <stdint.h>

struct exc_frame {
	uint64_t regs[31]; /* x0..x30 */
	uint64_t sp;	   /* SP_EL0 if taken from EL0, else the EL1 SP */
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
	uint64_t vector; /* VEC_*: which of the 16 entries was taken */
	uint64_t pad;
};
_Static_assert(sizeof(struct exc_frame) == EXC_FRAME_SIZE, "frame layout");

/* A synchronous exception handler: return true when handled (the frame,
 * possibly edited, is restored), false to fall through to the fatal path. */
typedef bool (*sync_handler_fn)(struct exc_frame *f);
/* IRQ/FIQ hook. */
typedef void (*irq_handler_fn)(struct exc_frame *f);

/* Register (or clear with NULL) the handler for exception class ec; returns
 * the previous one.  Handlers are global, shared by every CPU. */
sync_handler_fn install_sync_handler(unsigned int ec, sync_handler_fn fn);
irq_handler_fn install_irq_handler(irq_handler_fn fn);
irq_handler_fn install_fiq_handler(irq_handler_fn fn);

/* The vector table (2 KiB aligned), already in VBAR_EL1 on every CPU. */
extern char exception_vectors[];

/* Print a frame (unlocked: usable from the fatal path). */
void exc_dump_frame(const struct exc_frame *f);

/*
 * Run fn(arg) at EL0 (SPSR = EL0t, DAIF clear) on the per-CPU EL0 stack, until
 * it executes SVC #EL0_EXIT_SVC; returns its x0 at that point.  fn must live
 * in the .el0text section (section attribute EL0_TEXT or in assembly
 * `.section .el0text, "ax"`); el0_setup() maps that section EL0-executable.
 */
#define EL0_TEXT __attribute__((section(".el0text")))
void el0_setup(void);
uint64_t el0_call(uint64_t (*fn)(uint64_t), uint64_t arg);

void exceptions_init(void);
#endif

#endif
