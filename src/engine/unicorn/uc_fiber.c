/* SPDX-License-Identifier: MIT */
/* Fibers for the Unicorn engine: see uc_fiber.h for why and what. */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "engine/unicorn/uc_fiber.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#define ASAN_START(save, bottom, size)                                         \
	__sanitizer_start_switch_fiber(save, bottom, size)
#define ASAN_FINISH(save, bottom, size)                                        \
	__sanitizer_finish_switch_fiber(save, bottom, size)
#else
#define ASAN_START(save, bottom, size) ((void)(save), (void)(bottom), (void)(size))
#define ASAN_FINISH(save, bottom, size) ((void)(save), (void)(bottom), (void)(size))
#endif

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#define HAVE_TSAN_FIBERS 1
#endif

/*
 * uc_ctx_switch(&save_sp, new_sp): push the callee-saved registers, store
 * the stack pointer in *save_sp, load new_sp, pop and return into whatever
 * that stack was switched away from (or, the first time, uc_ctx_start with
 * the entry function and its argument in callee-saved registers).
 */
void uc_ctx_switch(void **save_sp, void *new_sp);
void uc_ctx_start(void);

#if defined(__x86_64__)
/* Frame: [MXCSR, x87 CW] r15 r14 r13 r12 rbx rbp ret: 8 slots. */
#define FRAME_SLOTS 8
__asm__(".text\n"
	".globl uc_ctx_switch\n"
	".type uc_ctx_switch,@function\n"
	"uc_ctx_switch:\n"
	"	pushq %rbp\n"
	"	pushq %rbx\n"
	"	pushq %r12\n"
	"	pushq %r13\n"
	"	pushq %r14\n"
	"	pushq %r15\n"
	"	subq $8, %rsp\n"
	"	stmxcsr (%rsp)\n"
	"	fnstcw 4(%rsp)\n"
	"	movq %rsp, (%rdi)\n"
	"	movq %rsi, %rsp\n"
	"	ldmxcsr (%rsp)\n"
	"	fldcw 4(%rsp)\n"
	"	addq $8, %rsp\n"
	"	popq %r15\n"
	"	popq %r14\n"
	"	popq %r13\n"
	"	popq %r12\n"
	"	popq %rbx\n"
	"	popq %rbp\n"
	"	ret\n"
	".size uc_ctx_switch, .-uc_ctx_switch\n"
	".globl uc_ctx_start\n"
	".type uc_ctx_start,@function\n"
	"uc_ctx_start:\n"
	"	movq %r13, %rdi\n"
	"	callq *%r12\n"
	"	ud2\n"
	".size uc_ctx_start, .-uc_ctx_start\n");

static void frame_init(uint64_t *frame, void (*fn)(void *), void *arg)
{
	/* MXCSR 0x1f80 and CW 0x037f: the ABI's initial values. */
	frame[0] = 0x1f80ull | (0x037full << 32);
	frame[1] = 0;                   /* r15 */
	frame[2] = 0;                   /* r14 */
	frame[3] = (uint64_t)arg;       /* r13 */
	frame[4] = (uint64_t)fn;        /* r12 */
	frame[5] = 0;                   /* rbx */
	frame[6] = 0;                   /* rbp */
	frame[7] = (uint64_t)uc_ctx_start;
}
#elif defined(__aarch64__)
/* Frame: x19..x30 (12 slots) then d8..d15 (8 slots). */
#define FRAME_SLOTS 20
__asm__(".text\n"
	".globl uc_ctx_switch\n"
	".type uc_ctx_switch,%function\n"
	"uc_ctx_switch:\n"
	"	sub sp, sp, #160\n"
	"	stp x19, x20, [sp, #0]\n"
	"	stp x21, x22, [sp, #16]\n"
	"	stp x23, x24, [sp, #32]\n"
	"	stp x25, x26, [sp, #48]\n"
	"	stp x27, x28, [sp, #64]\n"
	"	stp x29, x30, [sp, #80]\n"
	"	stp d8, d9, [sp, #96]\n"
	"	stp d10, d11, [sp, #112]\n"
	"	stp d12, d13, [sp, #128]\n"
	"	stp d14, d15, [sp, #144]\n"
	"	mov x2, sp\n"
	"	str x2, [x0]\n"
	"	mov sp, x1\n"
	"	ldp x19, x20, [sp, #0]\n"
	"	ldp x21, x22, [sp, #16]\n"
	"	ldp x23, x24, [sp, #32]\n"
	"	ldp x25, x26, [sp, #48]\n"
	"	ldp x27, x28, [sp, #64]\n"
	"	ldp x29, x30, [sp, #80]\n"
	"	ldp d8, d9, [sp, #96]\n"
	"	ldp d10, d11, [sp, #112]\n"
	"	ldp d12, d13, [sp, #128]\n"
	"	ldp d14, d15, [sp, #144]\n"
	"	add sp, sp, #160\n"
	"	ret\n"
	".size uc_ctx_switch, .-uc_ctx_switch\n"
	".globl uc_ctx_start\n"
	".type uc_ctx_start,%function\n"
	"uc_ctx_start:\n"
	"	mov x0, x20\n"
	"	blr x19\n"
	"	brk #0\n"
	".size uc_ctx_start, .-uc_ctx_start\n");

static void frame_init(uint64_t *frame, void (*fn)(void *), void *arg)
{
	memset(frame, 0, FRAME_SLOTS * sizeof(*frame));
	frame[0] = (uint64_t)fn;            /* x19 */
	frame[1] = (uint64_t)arg;           /* x20 */
	frame[11] = (uint64_t)uc_ctx_start; /* x30 */
}
#else
#error "uc_fiber: add the context switch for this host architecture"
#endif

static void fiber_main(void *arg)
{
	struct uc_fiber *f = arg;

	ASAN_FINISH(NULL, &f->back_bottom, &f->back_size);
	f->fn(f->arg);
	f->finished = true;
	f->running = false;
	/* Leaving for good: no fake stack to keep (ASan). */
#if defined(HAVE_TSAN_FIBERS)
	__tsan_switch_to_fiber(f->tsan_back, 0);
#endif
	ASAN_START(NULL, f->back_bottom, f->back_size);
	uc_ctx_switch(&f->sp, f->back_sp);
	__builtin_trap(); /* never resumed */
}

int uc_fiber_init(struct uc_fiber *f, size_t size, void (*fn)(void *),
		  void *arg)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	uint8_t *base;
	uint64_t *frame;

	memset(f, 0, sizeof(*f));
	size = (size + page - 1) & ~(page - 1);
	/* A guard page below the stack: an overflow faults, it never
	 * corrupts the heap. */
	base = mmap(NULL, size + page, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED)
		return -ENOMEM;
	mprotect(base, page, PROT_NONE);
	f->stack = base;
	f->size = size + page;
	f->usable = base + page;
	f->usable_size = size;
	f->fn = fn;
	f->arg = arg;
	frame = (uint64_t *)((uintptr_t)(base + page + size) & ~(uintptr_t)15) -
		FRAME_SLOTS;
	frame_init(frame, fiber_main, f);
	f->sp = frame;
#if defined(HAVE_TSAN_FIBERS)
	f->tsan_fiber = __tsan_create_fiber(0);
#endif
	return 0;
}

void uc_fiber_destroy(struct uc_fiber *f)
{
	if (!f->stack)
		return;
#if defined(HAVE_TSAN_FIBERS)
	__tsan_destroy_fiber(f->tsan_fiber);
#endif
	munmap(f->stack, f->size);
	f->stack = NULL;
}

void uc_fiber_resume(struct uc_fiber *f)
{
	void *fake = NULL;

	if (f->finished)
		return;
	f->running = true;
#if defined(HAVE_TSAN_FIBERS)
	f->tsan_back = __tsan_get_current_fiber();
	__tsan_switch_to_fiber(f->tsan_fiber, 0);
#endif
	ASAN_START(&fake, f->usable, f->usable_size);
	uc_ctx_switch(&f->back_sp, f->sp);
	ASAN_FINISH(fake, NULL, NULL);
}

void uc_fiber_yield(struct uc_fiber *f)
{
	f->running = false;
#if defined(HAVE_TSAN_FIBERS)
	__tsan_switch_to_fiber(f->tsan_back, 0);
#endif
	ASAN_START(&f->asan_fake_stack, f->back_bottom, f->back_size);
	uc_ctx_switch(&f->sp, f->back_sp);
	ASAN_FINISH(f->asan_fake_stack, &f->back_bottom, &f->back_size);
}
