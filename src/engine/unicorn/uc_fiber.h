/* SPDX-License-Identifier: MIT */
/*
 * A fiber: a second stack on the calling thread, switched to and from by
 * hand.  The Unicorn engine runs each vCPU's uc_emu_start on one, so that a
 * hook (an MMIO callback, a trapped MRS, an HVC) can hand an exit back to
 * the core as a value and be resumed in place at the next engine entry:
 * Unicorn requires those hooks to finish synchronously (ENGINE-NOTES), and
 * a fiber makes "finish" wait for the core without another thread.
 *
 * The switch saves only what the C ABI says a call preserves (x86-64 SysV:
 * rbx, rbp, r12-r15, MXCSR and the x87 control word; AAPCS64: x19-x30 and
 * d8-d15), so it costs nanoseconds; ucontext's swapcontext measured 736 ns
 * a round trip here (a sigprocmask system call each way).  Libunicorn has
 * no thread-local state on its execution path (its one TLS variable is the
 * guest random-number seed), so a fiber may be resumed by another thread
 * than the one that suspended it, as KVM_RUN may be called from any thread.
 * Switches are announced to AddressSanitizer and ThreadSanitizer (their
 * fiber APIs) when built with them.
 */
#ifndef AV_ENGINE_UC_FIBER_H
#define AV_ENGINE_UC_FIBER_H

#include <stdbool.h>
#include <stddef.h>

struct uc_fiber {
	void *sp;       /* the fiber's saved stack pointer while suspended */
	void *back_sp;  /* the resumer's, while the fiber runs */
	void *stack;    /* mmap'd, with a guard page below */
	size_t size;
	void *usable;   /* the stack above the guard page */
	size_t usable_size;
	void (*fn)(void *arg);
	void *arg;
	bool running;   /* between uc_fiber_resume and uc_fiber_yield */
	bool finished;  /* fn returned: the fiber cannot be resumed */
	/* sanitizer bookkeeping */
	void *asan_fake_stack;
	const void *back_bottom;
	size_t back_size;
	void *tsan_fiber, *tsan_back;
};

/* Prepare f to run fn(arg) on a stack of `size` bytes at its first resume.
 * Returns 0 or -ENOMEM. */
int uc_fiber_init(struct uc_fiber *f, size_t size, void (*fn)(void *),
		  void *arg);
void uc_fiber_destroy(struct uc_fiber *f);
/* From outside the fiber: run it until it yields or fn returns. */
void uc_fiber_resume(struct uc_fiber *f);
/* From inside the fiber: go back to whoever resumed it. */
void uc_fiber_yield(struct uc_fiber *f);

#endif
