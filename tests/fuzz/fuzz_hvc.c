// SPDX-License-Identifier: MIT
/*
 * Fuzz target: hypercall dispatch -- the VMM's PSCI/SMCCC handler
 * (vmm/psci.c psci_handle_call, as vcpu_loop.c calls it for an
 * AV_EXIT_HYPERCALL) and the rVIC/rVID hypercalls the core serves inside
 * the guest's HVC (core_hvc_fast, the engine's call) on an rVIC VM made
 * through the public API.
 *
 * Header byte: bits 0-1 vCPUs - 1, bit 2 rVIC sizes 64,256 (else 32,64).
 * vCPU 0 starts on, the others off, as the VMM starts them; an operation on
 * a vCPU that is not on is dropped (it runs nothing), except that one whose
 * CPU_ON is pending first really runs, as the VMM's thread would: its first
 * instruction at the CPU_ON entry point is an HVC back to us (the null
 * engine's scripted exit).  Then 16-byte
 * operations (fuzz.h) on vCPU cpu % n:
 *   PSCI      function offset % 13 of the list below (or the raw offset when
 *             region bit 0 is set); x1 = value (an MPIDR when small), or a
 *             function of the list (region bit 1: for *_FEATURES); x2 = the
 *             entry point for CPU_ON (where an HVC waits), else region
 *             bits 2-3 (AFFINITY_INFO's level); x3 = region (context id)
 *   rVIC      function offset % 15 of the list below (or raw with region bit
 *             0); x1 = value[15:0], x2 = value[31:16], x3 = value[63:32]
 *   SPI line  av_vm_irq_line SPI 32 + offset % 96 (rVID inputs), level
 *   enter/exit the vCPU enters or leaves the guest (flush/sync_hwstate)
 */
#include "fuzz.h"
#include "fuzz_vm.h"

#include "vmm/psci.h"

enum { OP_PSCI, OP_RVIC, OP_SPI, OP_ENTER, OP_EXIT, NR_OPS };

static const uint32_t psci_fns[] = {
    SMCCC_VERSION,
    SMCCC_ARCH_FEATURES,
    PSCI_0_2_FN_VERSION,
    PSCI_0_2_FN_CPU_SUSPEND,
    PSCI_0_2_FN_CPU_OFF,
    PSCI_0_2_FN_CPU_ON,
    PSCI_0_2_FN_AFFINITY_INFO,
    PSCI_0_2_FN_SYSTEM_OFF,
    PSCI_0_2_FN_SYSTEM_RESET,
    PSCI_1_0_FN_PSCI_FEATURES,
    PSCI_0_2_FN64_CPU_ON,
    PSCI_0_2_FN64_AFFINITY_INFO,
    0xc4000012u, /* an unknown PSCI id */
};

/* rVIC 0.3 (0xc5000200..0x20a) and rVID 0.3 (0xc5000100..0x102), plus
 * unallocated ids inside the range the rVIC registered. */
static const uint32_t rvic_fns[] = {
    0xc5000200u, 0xc5000201u, 0xc5000202u, 0xc5000203u, 0xc5000204u,
    0xc5000205u, 0xc5000206u, 0xc5000207u, 0xc5000208u, 0xc5000209u,
    0xc500020au, 0xc5000100u, 0xc5000101u, 0xc5000102u, 0xc50002ffu,
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void do_op(struct fuzz_vm *f, const struct fuzz_op *op)
{
	unsigned i = op->cpu % f->n;
	av_vcpu *v = f->vcpus[i];

	/* A vCPU whose CPU_ON is pending runs to the HVC at its entry point:
	 * the core resets it and powers it on (core/run.c REQ_POWER_ON). */
	if (av_vcpu_power_state(v) == AV_POWER_ON_PENDING) {
		fuzz_run_to_hvc(f, i);
		FUZZ_CHECK(av_vcpu_power_state(v) == AV_POWER_ON);
	}
	if (av_vcpu_power_state(v) != AV_POWER_ON)
		return;
	switch (op->kind % NR_OPS) {
	case OP_PSCI: {
		uint64_t fn = (op->region & 1)
				  ? op->offset
				  : psci_fns[op->offset % N(psci_fns)];
		bool cpu_on = (uint32_t)fn == PSCI_0_2_FN_CPU_ON ||
			      (uint32_t)fn == PSCI_0_2_FN64_CPU_ON;
		uint64_t args[6] = {
		    (op->region & 2) ? psci_fns[op->value % N(psci_fns)]
				     : op->value,
		    cpu_on ? FUZZ_HVC_AT : (uint64_t)(op->region >> 2 & 3),
		    op->region,
		    0,
		    0,
		    0};
		uint64_t ret[4] = {~0ull, 0, 0, 0};

		fuzz_leave(f, i); /* an exit to the VMM */
		(void)psci_handle_call(f->vm, f->n, v, fn, args, ret);
		(void)psci_all_cpus_off(f->vm, f->n);
		break;
	}
	case OP_RVIC: {
		uint32_t fn = (op->region & 1)
				  ? 0xc5000000u | (op->offset & 0x3ff)
				  : rvic_fns[op->offset % N(rvic_fns)];
		uint64_t x[8] = {fn,
				 op->value & 0xffff,
				 op->value >> 16 & 0xffff,
				 op->value >> 32,
				 0,
				 0,
				 0,
				 0};
		bool in_range = fn >= 0xc5000100u && fn <= 0xc50002ffu;

		fuzz_enter(f, i);
		FUZZ_CHECK(core_hvc_fast(v, x) == in_range);
		break;
	}
	case OP_SPI:
		(void)av_vm_irq_line(f->vm, AV_IRQ_TYPE_SPI, 0,
				     32 + op->offset % 96,
				     (int)(op->value & 1));
		break;
	case OP_ENTER:
		fuzz_enter(f, i);
		break;
	case OP_EXIT:
		fuzz_leave(f, i);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_vm f;
	struct av_vm_config cfg = {0};
	struct fuzz_op op;

	if (size < 1)
		return 0;
	cfg.nr_vcpus = 1 + (data[0] & 3);
	cfg.irqchip = AV_IRQCHIP_RVIC;
	if (data[0] & 4) {
		cfg.rvic_trusted = 64;
		cfg.rvic_total = 256;
	}
	fuzz_vm_create(&f, &cfg);
	fuzz_vcpu(&f, 0, 0);
	fuzz_vcpu(&f, cfg.nr_vcpus - 1, AV_VCPU_POWER_OFF);
	/* The rVIC initialises at the first run (KVM vgic style). */
	FUZZ_CHECK(av_vm_set_irqchip_attr(f.vm, AV_DEV_ARM_RVIC_GRP_CTRL,
					  AV_DEV_ARM_RVIC_CTRL_INIT,
					  NULL) == 0);
	for (size_t i = 0; fuzz_op_at(data, size, 1, i, &op); i++)
		do_op(&f, &op);
	fuzz_vm_destroy(&f);
	return 0;
}
