// SPDX-License-Identifier: MIT
/*
 * The EL2 engine: engine/engine.h on Armv8 virtualization hardware.  Guest
 * code runs on the CPU at EL1 under stage 2; every trap comes back from
 * el2_vcpu_run as a struct el2_exit and is handed to src/core as the
 * engine_exit it means (ARCHITECTURE.md "Execution at EL2").
 *
 * One vCPU per physical CPU: vCPU n runs on pCPU n, and engine_vcpu_enter
 * is only ever called there (the image's VMM runs each vCPU's loop on its
 * own pCPU).  The guest's EL1 system registers and FP/SIMD state simply
 * stay in that CPU: the hypervisor never runs EL1 code and is built with
 * -mgeneral-regs-only.  What core needs of another pCPU's vCPU (one-reg)
 * is forwarded there by el2_vcpu_get_reg/set_reg.
 *
 * Interrupts (issue 11): on a GICv3 the vGIC's list registers are the
 * hardware's ICH_LR<n>_EL2 (src/irqchip/vgic/vgic_cpuif_hw.c, the
 * maintenance interrupt in vgic_hw_cpuif.c), and in active mode the
 * virtual timer's PPI 27 goes to the guest with the LR's HW bit.  Other
 * irqchips keep part 1's path (issue 10): the virtual IRQ/FIQ lines
 * (HCR_EL2.VI/VF) with the CPU interface emulated by src/irqchip: on GICv3
 * ICH_HCR_EL2.TALL0|TALL1|TC trap the guest's ICC_* accesses (EC 0x18,
 * measured: they trap with ICH_HCR_EL2.En = 0); on GICv2 the guest's GICC
 * window is left out of stage 2, so it faults and is emulated like any
 * device.
 */
#include <errno.h>
#include <stdatomic.h>
#include <string.h>

#include "core/core.h"
#include "core/core_engine.h"
#include "core/stats.h"
#include "engine/el2/debug_hw.h"
#include "engine/el2/gic.h"
#include "engine/el2/guest_s1.h"
#include "engine/el2/irq.h"
#include "engine/el2/sysregs.h"
#include "engine/el2/vcpu.h"
#include "engine/el2/vgic_hw.h"
#include "irqchip/vgic/vgic_hw_regs.h"
#include "engine/engine.h"
#include "platform/platform.h"
#include "platform/el2/arch.h"
#include "platform/el2/clock.h"
#include "platform/el2/hosttimer.h"
#include "platform/el2/log.h"
#include "platform/el2/machine.h"
#include "platform/el2/percpu.h"

#define EL2_MAX_SLOTS 4

struct engine_vm {
	av_vm *vm;
	struct el2_vm hw;
	bool hw_ready;
	struct memslot slots[EL2_MAX_SLOTS];
	unsigned nr_slots;
	unsigned aborts_logged; /* no-syndrome accesses reported so far */
	/* The virtual timer's interrupt goes to the guest with the LR's HW
	 * bit (hardware vGICv3 CPU interface, active mode). */
	bool hw_timer;
	bool hw_cpuif; /* the vGIC is on the GIC's virtual interface */
};

struct engine_vcpu {
	struct engine_vm *evm;
	av_vcpu *v;
	struct el2_vcpu hw;
	struct el2_exit last; /* the exit the core is answering */
	bool answer_due;      /* last needs the entry's answer */
	bool reset_due;       /* a reset asked on another pCPU */
	uint64_t reset_pc, reset_x0;
	bool loaded;          /* el2_vcpu_load done on its pCPU */
	bool dbg_loaded;      /* the debug model is in the CPU as of dbg_gen */
	uint32_t dbg_gen;
	_Atomic bool kick;
};

/* The engine's vCPU of a core vCPU (the one this pCPU runs). */
static struct engine_vcpu *vcpu_engine(av_vcpu *v)
{
	struct el2_vcpu *hw = this_cpu()->vcpu;

	(void)v;
	return (struct engine_vcpu *)((char *)hw -
				      __builtin_offsetof(struct engine_vcpu,
							 hw));
}

const char *engine_cpu_model(void)
{
	return "el2 (hardware)";
}

/* ---- the EL1 virtual timer, direct (core.h struct timer_hw_ops) ----
 *
 * Armv8.0 cannot trap the guest's CNTV_* (CNTHCTL_EL2 has no such
 * control): the virtual timer lives in the CPU while the vCPU is loaded,
 * CNTVOFF_EL2 giving the context's offset.  Its interrupt (PPI 27 at EL2,
 * whatever INTID the guest sees) is masked at the GIC while its level has
 * been taken in by the core and unmasked when the level drops (mask mode,
 * and any irqchip but the hardware vGICv3); with the hardware vGICv3 in
 * active mode it is held active instead and handed over with the list
 * register's HW bit (timer_hw_ops.intid, vgic_hw_cpuif.c).  The
 * EL1 physical timer is emulated: CNTHCTL_EL2 traps CNTP_* and CNTPCT
 * (hyp.c), and src/timer serves them with a background timer.
 */
#define TIMER_VIRT 0
#define CNT_CTL_ENABLE_BIT 1u /* CNTV_CTL_EL0.ENABLE */

/* Per pCPU: the vCPU's virtual timer is out of the CPU (between put and
 * load), so that CNTV can serve an idle wait (el2_wait_timer_arm). */
static bool cntv_free[EL2_MAX_CPUS];

static void vtimer_load(av_vcpu *v, unsigned idx, uint64_t ctl,
			uint64_t cval, uint64_t cntvoff)
{
	struct engine_vcpu *ev = vcpu_engine(v);

	cntv_free[this_cpu_index()] = false;
	el2_vcpu_set_cntvoff(&ev->hw, cntvoff);
	write_sysreg(cval, cntv_cval_el0);
	write_sysreg(ctl, cntv_ctl_el0);
	isb();
}

static void vtimer_read(av_vcpu *v, unsigned idx, uint64_t *ctl,
			uint64_t *cval, bool stop)
{
	*ctl = read_sysreg(cntv_ctl_el0);
	*cval = read_sysreg(cntv_cval_el0);
	if (stop) {
		write_sysreg(0, cntv_ctl_el0);
		isb();
		cntv_free[this_cpu_index()] = true;
	}
}

/* With the HW bit the physical PPI is held active instead of masked
 * (vgic_hw_cpuif.c); the guest's deactivation releases it. */
static void vtimer_mask_irq(av_vcpu *v, unsigned idx, bool masked)
{
	if (vcpu_engine(v)->evm->hw_timer)
		el2_vtimer_hw_set_active(masked);
	else
		el2_gic_enable(GIC_PPI_VIRT_TIMER, !masked);
}

/*
 * An idle wait of this pCPU (hosttimer.h): while its vCPU's virtual timer
 * is out of the CPU, CNTV is free and wakes the WFI itself, through
 * PPI 27: the wait is then usually for that very timer's deadline, and
 * PPI 27 is what the guest gets anyway.  Only with the HW bit (PPI 27
 * always enabled; taken at EL2 it is left active, and timer_direct_load's
 * mask_irq settles its active state at the next load, whatever fired),
 * and only while PPI 27 is inactive (else it could not signal).  TVAL
 * counts from now whatever CNTVOFF_EL2 holds; it is a signed 32-bit
 * down-count, so a longer wait wakes early and the caller waits again.
 */
bool el2_wait_timer_arm(uint64_t deadline_ns)
{
	struct el2_vcpu *hw = this_cpu()->vcpu;
	uint64_t cval = el2_ns_to_cval(deadline_ns), now;

	if (!hw || !cntv_free[this_cpu_index()] ||
	    !vcpu_engine(NULL)->evm->hw_timer ||
	    el2_vtimer_hw_is_active())
		return false;
	now = el2_ticks();
	cval = cval > now ? cval - now : 1;
	write_sysreg(cval > 0x7fffffffu ? 0x7fffffffu : cval, cntv_tval_el0);
	write_sysreg(CNT_CTL_ENABLE_BIT, cntv_ctl_el0);
	isb();
	return true;
}

void el2_wait_timer_disarm(void)
{
	write_sysreg(0, cntv_ctl_el0);
	isb();
}

static const struct timer_hw_ops el2_timer_hw = {
	.direct_mask = 1u << TIMER_VIRT,
	.load = vtimer_load,
	.read = vtimer_read,
	.mask_irq = vtimer_mask_irq,
	.intid = { GIC_PPI_VIRT_TIMER, 0 },
};

const struct timer_hw_ops *engine_timer_hw(struct engine_vcpu *ev)
{
	return &el2_timer_hw;
}

/* The vGIC's list registers are the GIC's: ICH_LR<n>_EL2 on a GICv3,
 * GICH_LR<n> with GICV at the guest's GICC on a GICv2
 * (src/irqchip/vgic/vgic_cpuif_hw.c).  Instructions retired are not
 * counted (see engine_vcpu_insns). */
unsigned engine_vm_caps(struct engine_vm *evm)
{
	return ENGINE_CAP_NO_INSN_COUNT |
	       (el2_gic_version() == 3 ? ENGINE_CAP_GICV3_CPUIF
				       : ENGINE_CAP_GICV2_CPUIF);
}

/* The VMs that exist, for el2_engine_map_gicv (the image runs one). */
static struct engine_vm *vms[4];

static void vms_set(struct engine_vm *evm, bool on)
{
	for (unsigned i = 0; i < 4; i++) {
		if (on ? !vms[i] : vms[i] == evm) {
			vms[i] = on ? evm : NULL;
			return;
		}
	}
}

/* The hardware vGICv2 CPU interface (vgic_hw_regs.h): the GICV frame at
 * the guest's GICC address, so that its CPU-interface accesses go to the
 * GIC's virtual CPU interface without a trap (IHI 0048B 5.5). */
int el2_engine_map_gicv(struct av_vm *vm, uint64_t gicc_ipa)
{
	for (unsigned i = 0; i < 4; i++) {
		struct engine_vm *evm = vms[i];

		if (!evm || evm->vm != vm)
			continue;
		if (!evm->hw_ready)
			return -EBUSY; /* no stage 2 before the RAM */
		return el2_vgic_v2_map_gicv(&evm->hw.s2, gicc_ipa,
					    el2_manifest.plat.gicv_pa);
	}
	return -ENODEV;
}

/*
 * PPI 27 taken at EL2, in either mode.  While the guest ran, the exit that
 * took it brings the vCPU back to the run loop.  Otherwise the vCPU is in
 * the run loop or asleep in WFI with its timer loaded
 * (engine_vcpu_idle_loaded): the CPU's own timer is then its background
 * timer, and REQ_TIMER wakes it or is seen before the next entry.
 */
void el2_vtimer_fired(void)
{
	struct engine_vcpu *ev;

	if (!this_cpu()->vcpu)
		return;
	ev = vcpu_engine(NULL);
	if (!ev->v || vcpu_mode(ev->v) == IN_GUEST_MODE)
		return;
	vcpu_make_request(ev->v, REQ_TIMER);
	if (vcpu_wake_up(ev->v))
		vcpu_stat_inc_any(ev->v, VCPU_STAT_BG_TIMER_WAKEUP);
}

/* PPI 27 at EL2 (mask mode, or no hardware vGIC): mask it (the core takes
 * the level in at the IRQ exit that follows and unmasks it when the level
 * drops) and let it be deactivated. */
static bool vtimer_irq(unsigned intid, void *arg)
{
	el2_stats_vtimer_irq();
	el2_gic_enable(GIC_PPI_VIRT_TIMER, false);
	el2_vtimer_fired();
	return true;
}

/* ---- VM ---- */

int engine_vm_create(av_vm *vm, struct engine_vm **out)
{
	struct engine_vm *evm = plat_zalloc(sizeof(*evm));

	if (!evm)
		return -ENOMEM;
	evm->vm = vm;
	vms_set(evm, true);
	*out = evm;
	return 0;
}

void engine_vm_destroy(struct engine_vm *evm)
{
	vms_set(evm, false);
	plat_free(evm);
}

/*
 * Guest RAM: a memslot's host address is its physical address (the image
 * maps physical memory 1:1 at EL2), and stage 2 maps the slot's IPA range
 * onto it.  One RAM slot, as the image's VMM creates.
 */
int engine_vm_set_memslots(struct engine_vm *evm, const struct memslot *s,
			   unsigned n)
{
	struct av_el2_vm_desc d = { 0 };
	int r;

	if (n > EL2_MAX_SLOTS)
		return -ENOSPC;
	if (n != 1 || evm->hw_ready)
		return -EINVAL; /* one RAM slot, set once */
	memcpy(evm->slots, s, n * sizeof(*s));
	evm->nr_slots = n;
	d.ram_ipa = s[0].gpa;
	d.ram_size = s[0].size;
	d.ram_pa = (uintptr_t)s[0].host;
	d.nr_vcpus = vm_config(evm->vm)->nr_vcpus;
	r = el2_vm_init(&evm->hw, &d, 1);
	if (r)
		return r;
	evm->hw_ready = true;
	return 0;
}

/* ---- vCPU ---- */

int engine_vcpu_create(struct engine_vm *evm, av_vcpu *v,
		       struct engine_vcpu **out)
{
	struct engine_vcpu *ev;
	unsigned id = vcpu_index(v);

	if (!evm->hw_ready)
		return -ENOMEM; /* no RAM: as the API promises */
	if (id >= el2_nr_cpus)
		return -EINVAL; /* one vCPU per pCPU */
	ev = plat_zalloc(sizeof(*ev));
	if (!ev)
		return -ENOMEM;
	ev->evm = evm;
	ev->v = v;
	el2_vcpu_init(&ev->hw, &evm->hw, id, id);
	*out = ev;
	return 0;
}

void engine_vcpu_destroy(struct engine_vcpu *ev)
{
	plat_free(ev);
}

static bool on_own_pcpu(const struct engine_vcpu *ev)
{
	return this_cpu_index() == ev->hw.pcpu;
}

/* First time on its pCPU: VTTBR, VMPIDR, CNTVOFF, and the CPU interface
 * traps of part 1. */
static void vcpu_load_once(struct engine_vcpu *ev)
{
	const struct av_vm_config *cfg = vm_config(ev->evm->vm);
	unsigned gic = el2_gic_version();
	/* The vGIC runs on the GIC's virtual interface when the guest's GIC
	 * is the host's version (vgic_cpuif_hw.c). */
	bool hw_cpuif = vm_hw_gic_cpuif(ev->evm->vm, (int)gic) &&
			cfg->irqchip == (gic == 3 ? AV_IRQCHIP_GICV3
						  : AV_IRQCHIP_GICV2);

	if (ev->loaded)
		return;
	el2_vcpu_load(&ev->hw);
	ev->evm->hw_cpuif = hw_cpuif;
	ev->evm->hw_timer = hw_cpuif &&
			    cfg->timer_irq_mode == AV_TIMER_IRQ_MODE_ACTIVE;
	if (ev->evm->hw_timer) {
		el2_irq_register(GIC_PPI_VIRT_TIMER, el2_vtimer_hw_irq, NULL);
		el2_gic_enable(GIC_PPI_VIRT_TIMER, true);
	} else {
		el2_irq_register(GIC_PPI_VIRT_TIMER, vtimer_irq, NULL);
	}
	if (hw_cpuif)
		el2_hwvgic_cpu_init(); /* ICH_HCR_EL2 / GICH is the vGIC's */
	else if (gic == 3)
		el2_vgic_v3_write_hcr(ICH_HCR_TALL0 | ICH_HCR_TALL1 |
				      ICH_HCR_TC);
	ev->loaded = true;
}

void engine_vcpu_reset(struct engine_vcpu *ev, uint64_t pc, uint64_t x0)
{
	ev->answer_due = false;
	ev->dbg_loaded = false; /* the reset clears the CPU's registers */
	if (!on_own_pcpu(ev)) {
		/* The EL1 state lives in the vCPU's own CPU: done there at
		 * its first entry. */
		ev->reset_due = true;
		ev->reset_pc = pc;
		ev->reset_x0 = x0;
		ev->hw.frame.elr = pc;
		ev->hw.frame.x[0] = x0;
		return;
	}
	vcpu_load_once(ev);
	ev->reset_due = false;
	el2_vcpu_reset(&ev->hw, pc, x0);
}

uint32_t engine_pstate(struct engine_vcpu *ev)
{
	return (uint32_t)ev->hw.frame.spsr;
}

int engine_get_reg(struct engine_vcpu *ev, uint64_t id, uint64_t *val)
{
	return el2_vcpu_get_reg(&ev->hw, id, val);
}

int engine_set_reg(struct engine_vcpu *ev, uint64_t id, uint64_t val)
{
	int r = el2_vcpu_set_reg(&ev->hw, id, val);

	/* A reset still to be done on the vCPU's pCPU keeps what the VMM set
	 * since (PC, x0). */
	if (!r && ev->reset_due && id == AV_REG_PC)
		ev->reset_pc = val;
	if (!r && ev->reset_due && id == AV_REG_X(0))
		ev->reset_x0 = val;
	return r;
}

void engine_vcpu_kick(struct engine_vcpu *ev)
{
	atomic_store(&ev->kick, true);
	el2_vcpu_kick(&ev->hw); /* an SGI if it runs on another pCPU */
}

void engine_vcpu_clear_kick(struct engine_vcpu *ev)
{
	atomic_store(&ev->kick, false);
}

/* The PMU's counts (core.h vcpu_insns_retired).  The guest's PMU is the
 * core's model (MDCR_EL2.TPM traps every PMU register, hyp.c): its cycle
 * counter runs on time, and instructions retired are not counted here
 * (ENGINE_CAP_NO_INSN_COUNT, so the model does not offer the event).  A
 * CPU whose PMU counts INST_RETIRED could lend a counter reserved for EL2
 * (MDCR_EL2.HPMN) for it; QEMU 7.2's counts it only with -icount. */
uint64_t engine_vcpu_insns(struct engine_vcpu *ev)
{
	return 0;
}

void engine_vcpu_set_insn_alarm(struct engine_vcpu *ev, uint64_t at)
{
}

/* The vCPU owns its pCPU: with the hardware vGIC it may sleep with the
 * interface and its virtual timer loaded, the timer's PPI 27 waking it
 * (el2_vtimer_fired).  Not with the emulated CPU interface, whose WFI
 * wake-up the core's model decides from what put leaves in memory. */
bool engine_vcpu_idle_loaded(struct engine_vcpu *ev)
{
	return ev->loaded && ev->evm->hw_cpuif && on_own_pcpu(ev);
}

void engine_vcpu_put(struct engine_vcpu *ev)
{
	(void)ev; /* nothing is shared: the vCPU owns its pCPU */
}

/* ---- entering the guest ---- */

/* Apply the core's answer to the last exit before the guest goes on. */
static void finish_last_exit(struct engine_vcpu *ev,
			     const struct engine_entry *in)
{
	struct el2_exit *e = &ev->last;

	if (!ev->answer_due)
		return;
	ev->answer_due = false;
	switch (in->result) {
	case ENGINE_DONE:
		el2_vcpu_complete(&ev->hw, e, in->val);
		break;
	case ENGINE_TRAP_EL1:
		/* The same syndrome, now EL1's (EC 0x18 ISS layout is shared:
		 * Arm ARM D17.2.37). */
		el2_vcpu_inject_sync(&ev->hw, e, e->esr);
		break;
	case ENGINE_EXT_ABORT:
		el2_vcpu_inject_abort(&ev->hw, e);
		break;
	case ENGINE_MODEL: /* trapped, and not the core's: nothing here */
	case ENGINE_UNDEF:
	default:
		el2_vcpu_inject_undef(&ev->hw, e);
		break;
	}
}

/* An access the hardware gave no syndrome for (ISV = 0: LDP/STP, ...) or
 * a fetch outside RAM: KVM reports the former to user space
 * (KVM_EXIT_ARM_NISV); with nothing there to emulate it, the guest gets
 * the external abort a bus would give, and the log says why. */
static void abort_no_syndrome(struct engine_vcpu *ev, const struct el2_exit *e)
{
	if (ev->evm->aborts_logged < 8) {
		ev->evm->aborts_logged++;
		el2_log("vCPU %u: %s at IPA %#llx (FAR %#llx) has no valid "
			"syndrome: external abort to the guest",
			ev->hw.id,
			e->kind == EL2_EXIT_IABT ? "instruction fetch"
						 : "data access",
			(unsigned long long)e->abort.ipa,
			(unsigned long long)e->far);
	}
	el2_vcpu_inject_abort(&ev->hw, e);
}

/* The guest's debug registers (the core's model, trapped by MDCR_EL2)
 * into the CPU when they changed: by a trapped write, one-reg or reset. */
static void load_debug(struct engine_vcpu *ev)
{
	const struct debug_regs *d = vcpu_debug(ev->v);

	if (!d || (ev->dbg_loaded && d->gen == ev->dbg_gen))
		return;
	el2_debug_load(d);
	ev->dbg_gen = d->gen;
	ev->dbg_loaded = true;
}

/*
 * Alignment faults on Device memory.  Any access to Device memory that is
 * not aligned to its size generates an Alignment fault, whatever
 * SCTLR_EL1.A says (Arm ARM B2.5.2 "Alignment of data accesses"; with the
 * MMU off data accesses are Device-nGnRnE, D8.2.11), and so does DC ZVA on
 * any type of Device memory (C6.2 DC ZVA).  It is decided by the stage-1
 * memory type and reported before anything stage 2 finds (an Alignment
 * fault is taken to EL1, ahead of the access itself), so a real CPU
 * raises it at EL1 and the access never reaches EL2.  QEMU 7.2's CPU model does neither for
 * Device memory: the access arrives here as a stage-2 fault on an emulated
 * device.  The rule the Unicorn engine applies (uc_mmio.c precheck()) is
 * applied here too: the stage-1 memory type of the VA (AT, guest_s1.c)
 * decides, and the guest gets the Alignment fault (FSC 0x21, FAR = the VA)
 * instead of the access being emulated.
 */
#define FSC_ALIGNMENT 0x21

static bool from_el0(const struct engine_vcpu *ev)
{
	return (ev->hw.frame.spsr & PSR_MODE_MASK) == PSR_MODE_EL0t;
}

static bool va_is_device(const struct engine_vcpu *ev, uint64_t va)
{
	uint64_t ipa;
	uint8_t attr;

	return !el2_guest_s1_translate(va, from_el0(ev), &ipa, &attr) &&
	       el2_attr_is_device(attr);
}

/* An MMIO access with syndrome that a CPU would have faulted at EL1. */
static bool mmio_alignment_fault(struct engine_vcpu *ev,
				 const struct el2_exit *e)
{
	if (!el2_mmio_unaligned(e) || !va_is_device(ev, e->far))
		return false;
	el2_vcpu_inject_dabt(&ev->hw, e, FSC_ALIGNMENT, e->mmio.is_write);
	return true;
}

/* An abort without syndrome (DC ZVA reports ISV = 0) that is DC ZVA on
 * Device memory. */
static bool dabt_alignment_fault(struct engine_vcpu *ev,
				 const struct el2_exit *e)
{
	uint32_t insn;

	if (e->kind != EL2_EXIT_DABT || e->abort.s1ptw ||
	    e->abort.cache_maint)
		return false;
	if (el2_guest_read_insn(&ev->hw, ev->hw.frame.elr, from_el0(ev),
				&insn) ||
	    !el2_insn_is_dc_zva(insn) ||
	    !va_is_device(ev, e->far))
		return false;
	el2_vcpu_inject_dabt(&ev->hw, e, FSC_ALIGNMENT, true);
	return true;
}

/* AV_EL2_F_TRACE_EXITS (ARMVISOR_EL2_TRACE=1): every exit in the log. */
static void trace_exit(const struct engine_vcpu *ev, const struct el2_exit *e)
{
	if (!(el2_manifest.flags & AV_EL2_F_TRACE_EXITS))
		return;
	el2_log("vCPU %u: %s esr %#x pc %#llx far %#llx val %#llx lines %d%d", ev->hw.id,
		el2_exit_kind_name(e->kind), e->esr,
		(unsigned long long)ev->hw.frame.elr,
		(unsigned long long)e->far, (unsigned long long)(e->kind == EL2_EXIT_MMIO ? e->mmio.value : 0), ev->hw.irq_line, ev->hw.fiq_line);
}

int engine_vcpu_enter(struct engine_vcpu *ev, const struct engine_entry *in,
		      struct engine_exit *exit)
{
	struct el2_exit *e = &ev->last;

	memset(exit, 0, sizeof(*exit));
	exit->kind = ENGINE_EXIT_KICK;
	if (!on_own_pcpu(ev)) {
		exit->kind = ENGINE_EXIT_ERROR;
		exit->code = EINVAL;
		return -EINVAL;
	}
	vcpu_load_once(ev);
	if (ev->reset_due) {
		ev->reset_due = false;
		el2_vcpu_reset(&ev->hw, ev->reset_pc, ev->reset_x0);
	}
	finish_last_exit(ev, in);
	load_debug(ev);
	el2_vcpu_set_lines(&ev->hw, in->irq, in->fiq);
	for (;;) {
		if (atomic_load(&ev->kick))
			return 0;
		uint64_t maint = el2_stats_maint_irqs();
		if (ev->evm->hw_timer)
			el2_vtimer_hw_guest_entry();
		int r = el2_vcpu_run(&ev->hw, e);

		el2_stats_exit(e);
		if (el2_stats_maint_irqs() != maint)
			vcpu_stat_add(ev->v, VCPU_STAT_MAINT_IRQ,
				      el2_stats_maint_irqs() - maint);
		if (r) {
			trace_exit(ev, e);
			exit->kind = ENGINE_EXIT_ERROR;
			exit->code = e->esr;
			exit->pc = ev->hw.frame.elr;
			return -EIO;
		}
		trace_exit(ev, e);
		switch (e->kind) {
		case EL2_EXIT_IRQ:
			/* Physical interrupts were handled (kicks, timers,
			 * their callbacks): back to the run loop. */
			return 0;
		case EL2_EXIT_WFX:
			el2_vcpu_skip_insn(&ev->hw);
			if (e->wfx.is_wfe)
				continue; /* not trapped (HCR_EL2.TWE = 0) */
			exit->kind = ENGINE_EXIT_WFI;
			return 0;
		case EL2_EXIT_HVC:
			exit->kind = ENGINE_EXIT_HVC;
			exit->code = e->call.imm;
			return 0;
		case EL2_EXIT_SMC:
			/* HCR_EL2.TSC: the trap's ELR is the SMC itself; the
			 * call is done when the guest resumes after it. */
			el2_vcpu_skip_insn(&ev->hw);
			exit->kind = ENGINE_EXIT_SMC;
			exit->code = e->call.imm;
			return 0;
		case EL2_EXIT_SYSREG:
			/* HCR_EL2.TIDCP traps the IMPLEMENTATION DEFINED
			 * space: unless the core models a register there,
			 * it is UNDEFINED to the guest, as KVM makes it (an
			 * unknown trapped register injects UNDEF): a guest
			 * must not reach the host CPU's own controls.  (QEMU
			 * 7.2 does not implement the trap: docs/el2.md.) */
			if (el2_sysreg_is_impdef(e->sysreg.enc) &&
			    !core_sysreg_traps(ev->v, e->sysreg.enc)) {
				el2_vcpu_inject_undef(&ev->hw, e);
				continue;
			}
			exit->kind = ENGINE_EXIT_SYSREG;
			exit->sysreg.enc = e->sysreg.enc;
			exit->sysreg.is_write = e->sysreg.is_write;
			exit->sysreg.el = (ev->hw.frame.spsr >> 2) & 3;
			exit->sysreg.val = e->sysreg.value;
			ev->answer_due = true;
			return 0;
		case EL2_EXIT_MMIO:
			if (mmio_alignment_fault(ev, e))
				continue;
			exit->kind = ENGINE_EXIT_MMIO;
			exit->mmio.addr = e->mmio.ipa;
			exit->mmio.len = e->mmio.len;
			exit->mmio.is_write = e->mmio.is_write;
			exit->mmio.val = e->mmio.value;
			ev->answer_due = true;
			return 0;
		case EL2_EXIT_DABT:
			if (dabt_alignment_fault(ev, e))
				continue;
			abort_no_syndrome(ev, e);
			continue;
		case EL2_EXIT_IABT:
			abort_no_syndrome(ev, e);
			continue;
		default:
			exit->kind = ENGINE_EXIT_ERROR;
			exit->code = e->esr;
			exit->pc = ev->hw.frame.elr;
			return -EIO;
		}
	}
}
