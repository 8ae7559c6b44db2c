// SPDX-License-Identifier: MIT
/* Exception dispatch: per-EC synchronous handlers, IRQ/FIQ hooks, the EL0
 * trampoline and the fatal path for anything unexpected. */
#include "sdk.h"

static sync_handler_fn sync_handlers[64];
static irq_handler_fn irq_handler, fiq_handler;

extern uint64_t el0_call_asm(uint64_t (*fn)(uint64_t), uint64_t arg,
			     uint64_t sp_el0);
extern char el0_return[];

/* One EL0 stack page per CPU, mapped EL0 RW by el0_setup(). */
static uint8_t el0_stacks[MAX_CPUS][PAGE_SIZE]
    __attribute__((aligned(PAGE_SIZE)));

static const char *const vector_names[16] = {
    "cur-SP0 sync", "cur-SP0 IRQ", "cur-SP0 FIQ", "cur-SP0 SError",
    "cur-SPx sync", "cur-SPx IRQ", "cur-SPx FIQ", "cur-SPx SError",
    "low64 sync",   "low64 IRQ",   "low64 FIQ",	  "low64 SError",
    "low32 sync",   "low32 IRQ",   "low32 FIQ",	  "low32 SError",
};

sync_handler_fn install_sync_handler(unsigned int ec, sync_handler_fn fn)
{
	sync_handler_fn old = sync_handlers[ec & 63];

	sync_handlers[ec & 63] = fn;
	dsb(ish);
	return old;
}

irq_handler_fn install_irq_handler(irq_handler_fn fn)
{
	irq_handler_fn old = irq_handler;

	irq_handler = fn;
	dsb(ish);
	return old;
}

irq_handler_fn install_fiq_handler(irq_handler_fn fn)
{
	irq_handler_fn old = fiq_handler;

	fiq_handler = fn;
	dsb(ish);
	return old;
}

void exc_dump_frame(const struct exc_frame *f)
{
	printf_unlocked("  vector %lu (%s) on CPU %d\n", f->vector,
			vector_names[f->vector & 15], smp_processor_id());
	printf_unlocked("  ESR %016lx (EC %#lx IL %lu ISS %#lx)\n", f->esr,
			ESR_EC(f->esr), ESR_IL(f->esr), ESR_ISS(f->esr));
	printf_unlocked("  FAR %016lx ELR %016lx SPSR %016lx SP %016lx\n",
			f->far, f->elr, f->spsr, f->sp);
	for (int i = 0; i < 31; i += 2) {
		if (i == 30)
			printf_unlocked("  x30 %016lx\n", f->regs[30]);
		else
			printf_unlocked("  x%-2d %016lx  x%-2d %016lx\n", i,
					f->regs[i], i + 1, f->regs[i + 1]);
	}
}

static void __attribute__((noreturn)) unexpected(struct exc_frame *f)
{
	printf_unlocked("ERROR: unexpected exception: EC %#lx ESR %#lx FAR "
			"%#lx ELR %#lx\n",
			ESR_EC(f->esr), f->esr, f->far, f->elr);
	exc_dump_frame(f);
	report_exit(EXIT_ABORT);
}

/* SVC #EL0_EXIT_SVC from EL0 ends el0_call(): resume at el0_return at EL1h
 * with DAIF masked, keeping the EL0 x0 as the return value. */
static bool el0_exit(struct exc_frame *f)
{
	if (f->vector != VEC_LOW64_SYNC || ESR_EC(f->esr) != EC_SVC64 ||
	    (f->esr & 0xffff) != EL0_EXIT_SVC)
		return false;
	f->elr = (uint64_t)el0_return;
	f->spsr = SPSR_DAIF | SPSR_MODE_EL1h;
	return true;
}

void exc_dispatch(struct exc_frame *f)
{
	switch (f->vector & 3) {
	case 0: { /* synchronous */
		sync_handler_fn fn = sync_handlers[ESR_EC(f->esr)];

		if (el0_exit(f))
			return;
		if (fn && fn(f))
			return;
		break;
	}
	case 1:
		if (irq_handler) {
			irq_handler(f);
			return;
		}
		break;
	case 2:
		if (fiq_handler) {
			fiq_handler(f);
			return;
		}
		break;
	default:
		break;
	}
	unexpected(f);
}

void el0_setup(void)
{
	for (uintptr_t va = (uintptr_t)_el0_text_start;
	     va < (uintptr_t)_el0_text_end; va += PAGE_SIZE)
		mmu_map_page(va, va, MMU_NORMAL | MMU_EL0_RO | PTE_PXN);
	for (int cpu = 0; cpu < nr_cpus() && cpu < MAX_CPUS; cpu++) {
		uintptr_t va = (uintptr_t)el0_stacks[cpu];
		mmu_map_page(va, va, MMU_NORMAL | MMU_EL0_RW | MMU_XN);
	}
}

uint64_t el0_call(uint64_t (*fn)(uint64_t), uint64_t arg)
{
	uint64_t sp = (uint64_t)el0_stacks[smp_processor_id()] + PAGE_SIZE;

	return el0_call_asm(fn, arg, sp);
}

void exceptions_init(void)
{
	write_sysreg(exception_vectors, vbar_el1);
	isb();
}
