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
 * that do not exist.
 * Then 16-byte operations (fuzz.h) on vCPU cpu % n:
 *   MMIO read/write   region 0: distributor, 1: redistributors (v3) or CPU
 *                     interface (v2); offset modulo the frame, aligned to
 *                     the width when size bit 2 is set; 1..8 bytes
 *   ICC read/write    the register offset % 23 of the list below (v3)
 *   IRQ line          av_vm_irq_line SPI or PPI, INTID offset % 1100
 *   exit              the vCPU leaves the guest (LRs folded back)
 *   run               av_vcpu_run until the guest's next HVC: the real run
 *                     loop (flush, engine entry, sync); the first one also
 *                     maps the timers' PPIs as hardware interrupts
 *   timer             one-reg: the virtual (region bit 0: physical) timer's
 *                     CTL = value[1:0] (ENABLE, IMASK) and CVAL 0 (fires at
 *                     the next run; value bit 2) or ~0 (never)
 * Header bit 7: timers in mask mode (else active, hardware-mapped).
 * Accesses reach the handlers the library registered through
 * core_mmio_access and core_sysreg_access, the calls the engine makes when
 * the guest touches them, with the run loop modelled around them
 * (fuzz_vm.h).
 */
#include "fuzz.h"
#include "fuzz_vm.h"

#define GICD_BASE FUZZ_GICD /* where fuzz_vm placed them */
#define GICC_BASE FUZZ_GICC
#define GICR_BASE FUZZ_GICR
#define GICR_STRIDE 0x20000ull

enum {
	OP_MMIO_READ,
	OP_MMIO_WRITE,
	OP_ICC_READ,
	OP_ICC_WRITE,
	OP_IRQ_LINE,
	OP_EXIT,
	OP_RUN,
	OP_TIMER,
	NR_OPS
};

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

struct gic_vm {
	struct fuzz_vm f;
	bool v2;
};

static uint64_t mmio_addr(const struct gic_vm *g, const struct fuzz_op *op)
{
	uint32_t off = op->offset;

	if (op->size & 4) /* a naturally aligned access, as guests make */
		off &= ~(fuzz_width(op) - 1);
	if (!(op->region & 1))
		return GICD_BASE + off % (g->v2 ? 0x1000 : 0x10000);
	if (g->v2)
		return GICC_BASE + off % 0x2000;
	return GICR_BASE + off % (GICR_STRIDE * g->f.n);
}

static void do_op(struct gic_vm *g, const struct fuzz_op *op)
{
	struct fuzz_vm *f = &g->f;
	unsigned i = op->cpu % f->n, len = fuzz_width(op);
	uint64_t val = op->value;
	unsigned kind = op->kind % NR_OPS;
	av_vcpu *v = kind == OP_IRQ_LINE ? NULL : fuzz_vcpu(f, i, 0);

	switch (kind) {
	case OP_MMIO_READ:
	case OP_MMIO_WRITE: {
		uint64_t addr = mmio_addr(g, op);

		/* Only frames the library serves: anything else would be an
		 * MMIO exit to a VMM that is not there. */
		FUZZ_CHECK(vm_find_mmio(f->vm, addr) != NULL);
		fuzz_enter(f, i);
		val = fuzz_mask(val, len);
		(void)core_mmio_access(v, addr, len, kind == OP_MMIO_WRITE,
				       &val);
		if (kind == OP_MMIO_READ)
			FUZZ_CHECK(val == fuzz_mask(val, len));
		break;
	}
	case OP_ICC_READ:
	case OP_ICC_WRITE:
		fuzz_enter(f, i);
		(void)core_sysreg_access(v, icc_regs[op->offset % NR_ICC],
					 kind == OP_ICC_WRITE,
					 (op->size & 4) ? 0 : 1, &val);
		break;
	case OP_IRQ_LINE:
		(void)av_vm_irq_line(
		    f->vm, (op->region & 1) ? AV_IRQ_TYPE_PPI : AV_IRQ_TYPE_SPI,
		    op->region >> 1 & 7, op->offset % 1100,
		    (int)(op->value & 1));
		break;
	case OP_EXIT:
		fuzz_leave(f, i);
		break;
	case OP_RUN:
		fuzz_run_to_hvc(f, i);
		break;
	case OP_TIMER: {
		bool phys = op->region & 1;

		fuzz_leave(f, i);
		FUZZ_CHECK(av_vcpu_set_one_reg(v,
					       phys ? AV_REG_ARM_PTIMER_CVAL
						    : AV_REG_ARM_TIMER_CVAL,
					       (op->value & 4) ? 0 : ~0ull) ==
			   0);
		FUZZ_CHECK(av_vcpu_set_one_reg(v,
					       phys ? AV_REG_ARM_PTIMER_CTL
						    : AV_REG_ARM_TIMER_CTL,
					       op->value & 3) == 0);
		break;
	}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gic_vm g;
	struct av_vm_config cfg = {0};
	struct fuzz_op op;

	if (size < 1)
		return 0;
	cfg.irqchip = data[0] & 1 ? AV_IRQCHIP_GICV2 : AV_IRQCHIP_GICV3;
	cfg.nr_vcpus = 1 + (data[0] >> 1 & 3);
	cfg.nr_lrs = 1 + (data[0] >> 3 & 15);
	cfg.timer_irq_mode =
	    data[0] >> 7 ? AV_TIMER_IRQ_MODE_MASK : AV_TIMER_IRQ_MODE_ACTIVE;
	fuzz_vm_create(&g.f, &cfg);
	g.v2 = data[0] & 1;
	for (size_t i = 0; fuzz_op_at(data, size, 1, i, &op); i++)
		do_op(&g, &op);
	fuzz_vm_destroy(&g.f);
	return 0;
}
