/* SPDX-License-Identifier: MIT */
/*
 * The core as src/timer and src/irqchip see it: VM and vCPU accessors,
 * requests and kicks, the sysreg and MMIO dispatch tables, and the
 * irqchip_flow ops table.  Nothing here names the engine.
 */
#ifndef AV_CORE_CORE_H
#define AV_CORE_CORE_H

#include <stdbool.h>
#include <stdint.h>

#include "armvisor/armvisor.h"
#include "core/stats.h"
#include "core/trace.h"

/* ---- vCPU modes (Documentation/virt/kvm/vcpu-requests.rst) ------------- */
enum vcpu_mode {
	OUTSIDE_GUEST_MODE = 0,
	IN_GUEST_MODE = 1,
	EXITING_GUEST_MODE = 2,
};

/* ---- requests ------------------------------------------------------------
 * A request number is a bit index (0..31) plus flags, as KVM_REQUEST_*.
 * NO_WAKEUP: only vCPUs in guest mode need interrupting; a sleeping vCPU sees
 * it when it wakes for another reason.  WAIT: kvm_make_all_cpus_request waits
 * until every vCPU that had to be interrupted has left guest mode.
 */
#define REQ_MASK 0xffu
#define REQ_NO_WAKEUP (1u << 8)
#define REQ_WAIT (1u << 9)

#define REQ_SLEEP (0 | REQ_WAIT)       /* system event: stay out of the guest */
#define REQ_POWER_ON 1                 /* CPU_ON: reset to the pending entry */
#define REQ_IRQ_PENDING 2              /* irqchip state changed: re-flush */
#define REQ_EXIT_USER 3                /* return -EINTR from av_vcpu_run */
#define REQ_TIMER 4                    /* a timer deadline passed */
#define REQ_USER_IRQ (5 | REQ_NO_WAKEUP) /* user-irqchip level changed */
#define REQ_CORE_FIRST_FREE 8          /* irqchip/timer may use 8..31 */

/* Set the request bit; full barrier before, so that data the request guards
 * is visible to the vCPU that sees the bit (kvm_make_request). */
void vcpu_make_request(av_vcpu *v, unsigned req);
/* Test without clearing. */
bool vcpu_test_request(av_vcpu *v, unsigned req);
/* Test and clear; barrier after, pairing with vcpu_make_request. */
bool vcpu_check_request(av_vcpu *v, unsigned req);
void vcpu_clear_request(av_vcpu *v, unsigned req);
bool vcpu_requests_pending(av_vcpu *v);
/* Interrupt a vCPU in guest mode, or wake it if it sleeps (kvm_vcpu_kick). */
void vcpu_kick(av_vcpu *v);
/* Wake only if sleeping; true if it was woken (kvm_vcpu_wake_up). */
bool vcpu_wake_up(av_vcpu *v);
/* make_request + kick (honouring NO_WAKEUP); kvm_make_all_cpus_request. */
void vcpu_request_and_kick(av_vcpu *v, unsigned req);
void vm_make_all_cpus_request(av_vm *vm, unsigned req);
enum vcpu_mode vcpu_mode(av_vcpu *v);

/* ---- accessors --------------------------------------------------------- */
unsigned vcpu_index(const av_vcpu *v);
uint64_t vcpu_get_mpidr(const av_vcpu *v); /* MPIDR_EL1 value, bit 31 set */
av_vm *vcpu_vm(const av_vcpu *v);
unsigned vm_nr_vcpus(const av_vm *vm);
av_vcpu *vm_get_vcpu(av_vm *vm, unsigned i); /* NULL if not created yet */
/* The vCPU whose MPIDR affinity (Aff3..Aff0, other bits ignored) matches. */
av_vcpu *vm_vcpu_by_mpidr(av_vm *vm, uint64_t mpidr);
const struct av_vm_config *vm_config(const av_vm *vm);
bool vm_has_run(const av_vm *vm);   /* any vCPU entered the guest */
bool vcpu_has_run(const av_vcpu *v);
void *vm_irqchip_data(av_vm *vm);
void vm_set_irqchip_data(av_vm *vm, void *data);
void *vcpu_irqchip_data(av_vcpu *v);
void vcpu_set_irqchip_data(av_vcpu *v, void *data);
struct vcpu_timers *vcpu_timers(av_vcpu *v);
struct debug_regs *vcpu_debug(av_vcpu *v);
void vcpu_set_debug(av_vcpu *v, struct debug_regs *d);
struct vcpu_pmu *vcpu_pmu(av_vcpu *v);
void vcpu_set_pmu(av_vcpu *v, struct vcpu_pmu *p);
struct av_run *vcpu_run_struct(av_vcpu *v);
/* PSTATE.{I,F} as last seen on exit (for WFI wake-up rules and tests). */
uint32_t vcpu_pstate(av_vcpu *v);
/* Does the VM's engine run guests on a GIC CPU interface with
 * virtualization support of this version (3: ICH_*_EL2, 2: GICH/GICV),
 * whose list registers the vGIC may use?  Never on Unicorn or null. */
bool vm_hw_gic_cpuif(av_vm *vm, int gic_version);

/* ---- timers the CPU runs itself (KVM get_timer_map: direct contexts) ---
 * An engine on virtualization hardware runs some EL1 timers in the CPU
 * while the vCPU is loaded (Armv8.0 cannot trap the virtual timer at all);
 * src/timer keeps such a context's state in the CPU between
 * timer_vcpu_load and timer_vcpu_put and in memory otherwise.  Each call is
 * made on the vCPU's own physical CPU.  NULL (Unicorn, null): every timer
 * is emulated, every access traps.
 */
struct timer_hw_ops {
	unsigned direct_mask; /* bit n: timer index n (0 = virtual) is direct */
	/* Give the CPU the timer's state; cntvoff: what the physical count
	 * minus the guest's must be (CNTVOFF_EL2 for the virtual timer). */
	void (*load)(av_vcpu *v, unsigned idx, uint64_t ctl, uint64_t cval,
		     uint64_t cntvoff);
	/* Read the CPU's state (ENABLE, IMASK; CVAL); with stop, also turn
	 * the CPU's timer off so that it cannot fire while unloaded. */
	void (*read)(av_vcpu *v, unsigned idx, uint64_t *ctl, uint64_t *cval,
		     bool stop);
	/* Mask or unmask the timer's physical interrupt: masked while its
	 * level is high and already given to the irqchip (or user space),
	 * so that it does not trap again and again (KVM
	 * kvm_timer_vcpu_load_nogic). */
	void (*mask_irq)(av_vcpu *v, unsigned idx, bool masked);
	/* The physical INTID of each direct timer's interrupt (0: none);
	 * the irqchip may hand it to the guest with a list register's HW
	 * bit (irq_phys_source.hw_intid). */
	uint32_t intid[2];
};
const struct timer_hw_ops *vcpu_timer_hw(av_vcpu *v);

/* ---- what the engine counts (for the PMU) ------------------------------
 * Instructions the vCPU retired, as the engine counts them (monotonic; an
 * engine that cannot count returns 0).  The alarm makes a running vCPU
 * leave the guest once that count reaches at (0 = no alarm). */
uint64_t vcpu_insns_retired(av_vcpu *v);
/* Can the VM's engine count them at all (engine.h ENGINE_CAP_NO_INSN_COUNT)? */
bool vm_counts_insns(av_vm *vm);
void vcpu_set_insn_alarm(av_vcpu *v, uint64_t at);

/* ---- line levels the engine delivers (HCR_EL2.VI / VF) ----------------- */
/* Set by the irqchip (flush_hwstate) or the user-irqchip pins. */
void vcpu_set_irq_lines(av_vcpu *v, bool irq, bool fiq);

/* ---- system registers ----------------------------------------------------
 * Encoding as KVM's sysreg index: op0<<14 | op1<<11 | CRn<<7 | CRm<<3 | op2.
 * A handler returns 0; -ENOENT to leave the register to the CPU model; -EPERM
 * for a configurable trap to EL1 (EC 0x18, e.g. an EL0 access that
 * CNTKCTL_EL1 forbids); any other error makes the access UNDEFINED (EC 0).
 * el is the accessing EL.  Handlers see EL0 accesses only to op1 = 3
 * encodings: every other one is UNDEFINED at EL0 (core_sysreg_access).
 */
#define SYSREG_ENC(op0, op1, crn, crm, op2)                                    \
	(((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))
struct sysreg_desc {
	uint32_t enc;
	const char *name;
	int (*read)(av_vcpu *v, uint32_t enc, unsigned el, uint64_t *val);
	int (*write)(av_vcpu *v, uint32_t enc, unsigned el, uint64_t val);
};
/* Register a table (kept by pointer) for one VM; later tables win. */
int vm_register_sysregs(av_vm *vm, const struct sysreg_desc *table,
			unsigned n);

/* ---- MMIO devices owned by the core (in-kernel devices) ---------------- */
struct mmio_ops {
	/* offset from base; len 1, 2, 4 or 8.  Return 0, or -EIO for an
	 * external abort.  Never fail for a width the device does not serve:
	 * RAZ/WI it as the device's spec says. */
	int (*read)(void *opaque, av_vcpu *v, uint64_t offset, unsigned len,
		    uint64_t *val);
	int (*write)(void *opaque, av_vcpu *v, uint64_t offset, unsigned len,
		     uint64_t val);
};
int vm_register_mmio(av_vm *vm, uint64_t base, uint64_t size,
		     const struct mmio_ops *ops, void *opaque);

/* ---- hypercalls owned by the core (rVIC/rVID) ---------------------------
 * handler returns true if it handled func (x[0..3] hold the results). */
typedef bool (*hvc_handler_fn)(av_vcpu *v, uint64_t x[8]);
int vm_register_hvc(av_vm *vm, uint32_t first, uint32_t last,
		    hvc_handler_fn fn);

/* ---- irqchip_flow (the rVIC series' refactor of KVM's vgic entry points) -
 * All callbacks optional: the core calls only those that are set.
 */
struct irq_phys_source; /* a physical line: see irqchip/irqchip.h */
struct irqchip_flow {
	const char *name;
	void (*destroy)(av_vm *vm);
	int (*vcpu_init)(av_vcpu *v);
	void (*vcpu_destroy)(av_vcpu *v);
	void (*vcpu_blocking)(av_vcpu *v);
	void (*vcpu_unblocking)(av_vcpu *v);
	void (*vcpu_load)(av_vcpu *v);
	void (*vcpu_put)(av_vcpu *v);
	bool (*vcpu_pending_irq)(av_vcpu *v); /* WFI wake-up check */
	/* The vCPU's IRQ/FIQ inputs at entry; without it, the lines the
	 * flow sets with vcpu_set_irq_line. */
	void (*vcpu_lines)(av_vcpu *v, bool *irq, bool *fiq);
	/* The user irqchip (KVM_CAP_ARM_USER_IRQ): device levels go to the
	 * VMM in run->device_irq_level instead of to an in-kernel chip.
	 * vcpu_notify_user: a level differs from the last report (the run
	 * loop exits with AV_EXIT_INTR); vcpu_report_levels: fill the run
	 * struct at every exit. */
	bool reports_levels;
	bool (*vcpu_notify_user)(av_vcpu *v);
	void (*vcpu_report_levels)(av_vcpu *v);
	int (*vcpu_first_run)(av_vcpu *v);
	void (*flush_hwstate)(av_vcpu *v);   /* before guest entry */
	void (*sync_hwstate)(av_vcpu *v);    /* after guest exit */
	/* cpu is the target for private interrupts, ignored for SPIs. */
	int (*inject_irq)(av_vm *vm, av_vcpu *cpu, uint32_t intid, bool level,
			  void *owner);
	int (*inject_userspace_irq)(av_vm *vm, uint32_t type, uint32_t vcpu,
				    uint32_t irq, bool level);
	bool (*map_is_active)(av_vcpu *v, uint32_t vintid);
	void (*reset_mapped_irq)(av_vcpu *v, uint32_t vintid);
	int (*map_phys_irq)(av_vcpu *v, uint32_t vintid,
			    struct irq_phys_source *src);
	int (*unmap_phys_irq)(av_vcpu *v, uint32_t vintid);
	int (*set_owner)(av_vcpu *v, uint32_t intid, void *owner);
	/* av_vm_set/get_irqchip_attr (KVM_SET/GET_DEVICE_ATTR on the
	 * irqchip device): -ENXIO for a group the chip does not have. */
	int (*set_attr)(av_vm *vm, uint32_t group, uint64_t attr,
			const void *val);
	int (*get_attr)(av_vm *vm, uint32_t group, uint64_t attr, void *val);
};
const struct irqchip_flow *vm_irqchip(av_vm *vm);
/* Device levels go to user space (the user irqchip), not to a chip. */
bool vm_reports_levels(av_vm *vm);

#endif
