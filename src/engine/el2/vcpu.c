// SPDX-License-Identifier: MIT
/* VMs and vCPUs on the EL2 engine (vcpu.h). */
#include <errno.h>
#include <string.h>

#include "engine/el2/gic.h"
#include "engine/el2/hyp.h"
#include "engine/el2/irq.h"
#include "engine/el2/sysregs.h"
#include "engine/el2/vcpu.h"
#include "platform/el2/arch.h"
#include "platform/el2/percpu.h"

int el2_vm_init(struct el2_vm *vm, const struct av_el2_vm_desc *d,
		uint8_t vmid)
{
	int r;

	memset(vm, 0, sizeof(*vm));
	vm->ram_ipa = d->ram_ipa;
	vm->ram_size = d->ram_size;
	vm->ram_pa = d->ram_pa;
	vm->nr_vcpus = d->nr_vcpus;
	r = el2_s2_init(&vm->s2, vmid);
	if (!r)
		r = el2_s2_map(&vm->s2, d->ram_ipa, d->ram_pa, d->ram_size,
			       EL2_S2_NORMAL);
	return r;
}

void el2_vcpu_init(struct el2_vcpu *v, struct el2_vm *vm, unsigned id,
		   unsigned pcpu)
{
	memset(v, 0, sizeof(*v));
	v->vm = vm;
	v->id = id;
	v->pcpu = pcpu;
	v->hcr = EL2_HCR_GUEST | (el2_cpu_has_pauth() ? HCR_API | HCR_APK : 0);
	/* PLATFORM.md: Aff0 = n % 16, Aff1 = n / 16; bit 31 is RES1. */
	v->vmpidr = 1ull << 31 | (uint64_t)(id / 16) << 8 | id % 16;
}

void el2_vcpu_load(struct el2_vcpu *v)
{
	write_sysreg(v->vm->s2.vttbr, vttbr_el2);
	write_sysreg(v->vmpidr, vmpidr_el2);
	write_sysreg(v->cntvoff, cntvoff_el2);
	isb();
	/* Nothing of another VMID is cached for this one: the first VM's
	 * TLB entries start clean (Arm ARM D8.16, VMID-tagged entries). */
	asm volatile("tlbi vmalls12e1" : : : "memory");
	dsb(nsh);
	isb();
	this_cpu()->vcpu = v;
	this_cpu()->guest_frame = &v->frame;
}

void el2_vcpu_set_cntvoff(struct el2_vcpu *v, uint64_t off)
{
	v->cntvoff = off;
	if (this_cpu()->vcpu == v) {
		write_sysreg(off, cntvoff_el2);
		isb();
	}
}

void el2_vcpu_reset(struct el2_vcpu *v, uint64_t pc, uint64_t x0)
{
	memset(&v->frame, 0, sizeof(v->frame));
	v->frame.x[0] = x0;
	v->frame.elr = pc;
	/* PLATFORM.md boot state: EL1h, DAIF masked (Arm ARM D1.10 reset:
	 * PSTATE.{D,A,I,F} = 1). */
	v->frame.spsr = PSR_MODE_EL1h | PSR_DAIF;
	v->irq_line = v->fiq_line = false;
	el2_sysregs_reset_el1(v);
	el2_fpsimd_reset();
}

void el2_vcpu_set_lines(struct el2_vcpu *v, bool irq, bool fiq)
{
	v->irq_line = irq;
	v->fiq_line = fiq;
}

/* HCR_EL2 as last written by el2_vcpu_run on each pCPU (0: not yet):
 * only a change is written, since under TCG every write re-evaluates the
 * virtual interrupt lines (HCR_EL2.VI/VF/VSE), on every guest entry. */
static uint64_t hcr_written[EL2_MAX_CPUS];

int el2_vcpu_run(struct el2_vcpu *v, struct el2_exit *e)
{
	uint64_t hcr = v->hcr | (v->irq_line ? HCR_VI : 0) |
		       (v->fiq_line ? HCR_VF : 0);
	uint64_t *last = &hcr_written[this_cpu_index()];
	unsigned trap;

	/* The ERET in el2_guest_enter synchronises the HCR_EL2 write. */
	if (*last != hcr) {
		write_sysreg(hcr, hcr_el2);
		*last = hcr;
	}
	trap = el2_guest_enter(&v->frame);
	v->nr_exits++;
	switch (trap) {
	case EL2_TRAP_SYNC:
		el2_exit_decode(read_sysreg(esr_el2), read_sysreg(far_el2),
				read_sysreg(hpfar_el2), v->frame.x, e);
		return 0;
	case EL2_TRAP_IRQ:
	case EL2_TRAP_FIQ:
		memset(e, 0, sizeof(*e));
		e->kind = EL2_EXIT_IRQ;
		e->irq.handled = el2_irq_handle();
		return 0;
	case EL2_TRAP_SERROR:
		memset(e, 0, sizeof(*e));
		e->kind = EL2_EXIT_SERROR;
		e->esr = (uint32_t)read_sysreg(esr_el2);
		e->ec = ESR_EC(e->esr);
		return 0;
	default:
		memset(e, 0, sizeof(*e));
		e->kind = EL2_EXIT_UNKNOWN;
		e->esr = (uint32_t)read_sysreg(esr_el2);
		e->ec = ESR_EC(e->esr);
		return -EIO;
	}
}

void el2_vcpu_kick(struct el2_vcpu *v)
{
	if (v->pcpu != this_cpu_index())
		el2_gic_send_sgi(v->pcpu, GIC_SGI_KICK);
}

uint64_t el2_vcpu_gpr(const struct el2_vcpu *v, unsigned n)
{
	return n < 31 ? v->frame.x[n] : 0;
}

void el2_vcpu_set_gpr(struct el2_vcpu *v, unsigned n, uint64_t val)
{
	if (n < 31)
		v->frame.x[n] = val;
}

void el2_vcpu_skip_insn(struct el2_vcpu *v)
{
	/* A64 instructions are 4 bytes (ESR_EL2.IL = 1 for every trap we
	 * complete this way). */
	v->frame.elr += 4;
	/* The instruction completed here, not in the guest: as if the CPU
	 * had executed it, PSTATE.BTYPE is 0 after it (Arm ARM D8.4 / C5.2
	 * BTYPE) and software step moves on (D2.12, the step state machine:
	 * PSTATE.SS = 0 makes the step exception of a stepped emulated
	 * instruction come before the next one).  KVM's kvm_skip_instr
	 * does the same. */
	v->frame.spsr &= ~(uint64_t)(PSR_SS | PSR_BTYPE_MASK);
}

void el2_vcpu_complete(struct el2_vcpu *v, const struct el2_exit *e,
		       uint64_t value)
{
	switch (e->kind) {
	case EL2_EXIT_SYSREG:
		if (!e->sysreg.is_write)
			el2_vcpu_set_gpr(v, e->sysreg.rt, value);
		el2_vcpu_skip_insn(v);
		break;
	case EL2_EXIT_MMIO:
		if (!e->mmio.is_write)
			el2_vcpu_set_gpr(v, e->mmio.rt,
					 el2_mmio_read_result(e, value));
		el2_vcpu_skip_insn(v);
		break;
	case EL2_EXIT_WFX:
	case EL2_EXIT_SMC:
		el2_vcpu_skip_insn(v);
		break;
	default: /* HVC: ELR is already the next instruction */
		break;
	}
}
