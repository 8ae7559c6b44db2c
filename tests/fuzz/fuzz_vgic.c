// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the vGIC's guest interfaces -- the GICv3 distributor and
 * redistributors, the GICv2 distributor and CPU interface (MMIO), and the
 * GICv3 ICC_* system registers -- on a real VM made through the public API.
 *
 * Header byte: bit 0 GICv2 (else v3), bits 1-2 vCPUs - 1, bits 3-6 list
 * registers - 1.  vCPUs are created when an operation first comes from
 * them (in id order, as the API wants): fewer than the VM was configured
 * for is legal, and the GIC must cope with frames and SGI targets of vCPUs
 * that do not exist (and creating one costs ~1-4 ms of Unicorn setup).
 * Then 16-byte operations (fuzz.h) on vCPU cpu % n:
 *   MMIO read/write   region 0: distributor, 1: redistributors (v3) or CPU
 *                     interface (v2); offset modulo the frame, aligned to
 *                     the width when size bit 2 is set; 1..8 bytes
 *   ICC read/write    the register offset % 23 of the list below (v3)
 *   IRQ line          av_vm_irq_line SPI or PPI, INTID offset % 1100
 *   exit              the vCPU leaves the guest (LRs folded back)
 *   run               av_vcpu_run until the HVC at RAM base: the real run
 *                     loop (flush, engine entry, sync); the first one also
 *                     maps the timers' PPIs as hardware interrupts
 * Header bit 7: timers in mask mode (else active, hardware-mapped).
 * Accesses reach the handlers the library registered through
 * core_mmio_access and core_sysreg_access, the calls the engine makes when
 * the guest touches them; before its first access a vCPU "enters" as the
 * run loop does (flush_hwstate, vcpu_load) and it "exits" (vcpu_put,
 * sync_hwstate) on an exit operation and at the end.  No guest code runs.
 */
#include <stdbool.h>

#include "fuzz.h"

#include "armvisor/armvisor.h"
#include "core/core_engine.h"
#include "core/internal.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE (64u << 10)
#define GICD_BASE 0x08000000ull	     /* PLATFORM.md memory map */
#define GICC_BASE 0x08010000ull
#define GICR_BASE 0x080A0000ull
#define GICR_STRIDE 0x20000ull

enum { OP_MMIO_READ, OP_MMIO_WRITE, OP_ICC_READ, OP_ICC_WRITE, OP_IRQ_LINE,
       OP_EXIT, OP_RUN, NR_OPS };

/* The GICv3 CPU interface registers (Arm ARM D13.2, IHI 0069 12.2). */
static const uint32_t icc_regs[] = {
    SYSREG_ENC(3, 0, 4, 6, 0),	 /* ICC_PMR_EL1 */
    SYSREG_ENC(3, 0, 12, 8, 0),	 /* ICC_IAR0_EL1 */
    SYSREG_ENC(3, 0, 12, 8, 1),	 /* ICC_EOIR0_EL1 */
    SYSREG_ENC(3, 0, 12, 8, 2),	 /* ICC_HPPIR0_EL1 */
    SYSREG_ENC(3, 0, 12, 8, 3),	 /* ICC_BPR0_EL1 */
    SYSREG_ENC(3, 0, 12, 8, 4),	 /* ICC_AP0R0_EL1 */
    SYSREG_ENC(3, 0, 12, 8, 5),	 /* ICC_AP0R1_EL1 */
    SYSREG_ENC(3, 0, 12, 9, 0),	 /* ICC_AP1R0_EL1 */
    SYSREG_ENC(3, 0, 12, 9, 1),	 /* ICC_AP1R1_EL1 */
    SYSREG_ENC(3, 0, 12, 11, 1), /* ICC_DIR_EL1 */
    SYSREG_ENC(3, 0, 12, 11, 3), /* ICC_RPR_EL1 */
    SYSREG_ENC(3, 0, 12, 11, 5), /* ICC_SGI1R_EL1 */
    SYSREG_ENC(3, 0, 12, 11, 6), /* ICC_ASGI1R_EL1 */
    SYSREG_ENC(3, 0, 12, 11, 7), /* ICC_SGI0R_EL1 */
    SYSREG_ENC(3, 0, 12, 12, 0), /* ICC_IAR1_EL1 */
    SYSREG_ENC(3, 0, 12, 12, 1), /* ICC_EOIR1_EL1 */
    SYSREG_ENC(3, 0, 12, 12, 2), /* ICC_HPPIR1_EL1 */
    SYSREG_ENC(3, 0, 12, 12, 3), /* ICC_BPR1_EL1 */
    SYSREG_ENC(3, 0, 12, 12, 4), /* ICC_CTLR_EL1 */
    SYSREG_ENC(3, 0, 12, 12, 5), /* ICC_SRE_EL1 */
    SYSREG_ENC(3, 0, 12, 12, 6), /* ICC_IGRPEN0_EL1 */
    SYSREG_ENC(3, 0, 12, 12, 7), /* ICC_IGRPEN1_EL1 */
    SYSREG_ENC(3, 0, 12, 8, 6),	 /* ICC_AP0R2_EL1 (not implemented) */
};
#define NR_ICC (sizeof(icc_regs) / sizeof(icc_regs[0]))

static uint8_t *ram;

struct fuzz_vm {
	av_vm *vm;
	av_vcpu *vcpus[4];
	bool in_guest[4];
	unsigned n;	  /* configured */
	unsigned created; /* vcpus[0..created) exist */
	bool v2;
};

static av_vcpu *vcpu(struct fuzz_vm *f, unsigned i)
{
	int err;

	while (f->created <= i) {
		f->vcpus[f->created] = av_vcpu_create(f->vm, f->created, 0,
						      &err);
		FUZZ_CHECK(f->vcpus[f->created] != NULL);
		f->created++;
	}
	return f->vcpus[i];
}

/* The run loop's order around engine_vcpu_enter (core/run.c). */
static void enter(struct fuzz_vm *f, unsigned i)
{
	const struct irqchip_flow *ic = f->vm->irqchip;

	if (f->in_guest[i])
		return;
	if (ic->flush_hwstate)
		ic->flush_hwstate(f->vcpus[i]);
	if (ic->vcpu_load)
		ic->vcpu_load(f->vcpus[i]);
	f->in_guest[i] = true;
}

static void leave(struct fuzz_vm *f, unsigned i)
{
	const struct irqchip_flow *ic = f->vm->irqchip;

	if (!f->in_guest[i])
		return;
	if (ic->vcpu_put)
		ic->vcpu_put(f->vcpus[i]);
	if (ic->sync_hwstate)
		ic->sync_hwstate(f->vcpus[i]);
	f->in_guest[i] = false;
}

static uint64_t mmio_addr(const struct fuzz_vm *f, const struct fuzz_op *op)
{
	uint32_t off = op->offset;

	if (op->size & 4) /* a naturally aligned access, as guests make */
		off &= ~(fuzz_width(op) - 1);
	if (!(op->region & 1))
		return GICD_BASE + off % (f->v2 ? 0x1000 : 0x10000);
	if (f->v2)
		return GICC_BASE + off % 0x2000;
	return GICR_BASE + off % (GICR_STRIDE * f->n);
}

/* The real run loop, briefly: the guest's first instruction is an HVC. */
static void run_to_hvc(struct fuzz_vm *f, unsigned i)
{
	av_vcpu *v = f->vcpus[i];

	leave(f, i);
	FUZZ_CHECK(av_vcpu_set_one_reg(v, AV_REG_PC, RAM_BASE) == 0);
	FUZZ_CHECK(av_vcpu_run(v) == 0);
	FUZZ_CHECK(av_vcpu_run_struct(v)->exit_reason == AV_EXIT_HYPERCALL);
}

static void do_op(struct fuzz_vm *f, const struct fuzz_op *op)
{
	unsigned i = op->cpu % f->n, len = fuzz_width(op);
	uint64_t val = op->value;
	unsigned kind = op->kind % NR_OPS;
	av_vcpu *v = kind == OP_IRQ_LINE ? NULL : vcpu(f, i);

	switch (kind) {
	case OP_MMIO_READ:
	case OP_MMIO_WRITE: {
		uint64_t addr = mmio_addr(f, op);

		/* Only frames the library serves: anything else would be an
		 * MMIO exit to a VMM that is not there. */
		FUZZ_CHECK(vm_find_mmio(f->vm, addr) != NULL);
		enter(f, i);
		val = fuzz_mask(val, len);
		(void)core_mmio_access(v, addr, len, kind == OP_MMIO_WRITE,
				       &val);
		if (kind == OP_MMIO_READ)
			FUZZ_CHECK(val == fuzz_mask(val, len));
		break;
	}
	case OP_ICC_READ:
	case OP_ICC_WRITE:
		enter(f, i);
		(void)core_sysreg_access(v, icc_regs[op->offset % NR_ICC],
					 kind == OP_ICC_WRITE,
					 (op->size & 4) ? 0 : 1, &val);
		break;
	case OP_IRQ_LINE:
		(void)av_vm_irq_line(f->vm,
				     (op->region & 1) ? AV_IRQ_TYPE_PPI
						      : AV_IRQ_TYPE_SPI,
				     op->region >> 1 & 7, op->offset % 1100,
				     (int)(op->value & 1));
		break;
	case OP_EXIT:
		leave(f, i);
		break;
	case OP_RUN:
		run_to_hvc(f, i);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_vm f = {0};
	struct av_vm_config cfg = {0};
	struct fuzz_op op;
	int err;

	if (size < 1)
		return 0;
	if (!ram) {
		static const uint32_t hvc = 0xd4000002; /* hvc #0 */

		ram = aligned_alloc(4096, RAM_SIZE);
		if (!ram)
			abort();
		memcpy(ram, &hvc, sizeof(hvc));
	}
	f.v2 = data[0] & 1;
	f.n = 1 + (data[0] >> 1 & 3);
	cfg.nr_vcpus = f.n;
	cfg.irqchip = f.v2 ? AV_IRQCHIP_GICV2 : AV_IRQCHIP_GICV3;
	cfg.nr_lrs = 1 + (data[0] >> 3 & 15);
	cfg.timer_irq_mode = data[0] >> 7 ? AV_TIMER_IRQ_MODE_MASK
					  : AV_TIMER_IRQ_MODE_ACTIVE;
	f.vm = av_vm_create(&cfg, &err);
	FUZZ_CHECK(f.vm != NULL);
	FUZZ_CHECK(av_vm_set_user_memory_region(f.vm, 0, RAM_BASE, RAM_SIZE,
						ram) == 0);
	for (size_t i = 0; fuzz_op_at(data, size, 1, i, &op); i++)
		do_op(&f, &op);
	for (unsigned i = 0; i < f.created; i++)
		leave(&f, i);
	FUZZ_CHECK(av_vm_destroy(f.vm) == 0);
	return 0;
}
