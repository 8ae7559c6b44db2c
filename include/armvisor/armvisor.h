/* SPDX-License-Identifier: MIT */
/*
 * armvisor public API: a KVM-like ABI as a C library.
 *
 * Shape and numbers follow Linux Documentation/virt/kvm/api.rst wherever KVM
 * defines one (exit reasons, one-reg ids, attribute groups, IRQ line encoding,
 * device_irq_level bits), so that a KVM user recognises them.  Every call that
 * can fail returns a negative errno value (-EINVAL, -EBUSY, -ENXIO, ...), as
 * KVM's ioctls do.
 *
 * Threading: one thread at a time runs a given vCPU (av_vcpu_run; a second
 * concurrent caller gets -EBUSY); av_vcpu_kick, av_vm_irq_line,
 * av_vcpu_power_on and av_vm_system_event may be called from any thread.
 *
 * Lifetime: av_vm_destroy frees the VM and its vCPUs.  It refuses with
 * -EBUSY, freeing nothing, while any thread is inside av_vcpu_run of one of
 * its vCPUs: stop those threads first (av_vm_system_event or av_vcpu_kick
 * with AV_KICK_EXIT, then join them).  No other call on the VM or its vCPUs
 * may run concurrently with av_vm_destroy, and none may follow it.
 *
 * Every function taking a handle accepts NULL: it returns -EINVAL, or for
 * the accessors NULL (av_vcpu_run_struct, av_vm_vcpu), AV_VCPU_ID_NONE
 * (av_vcpu_id) or 0 (av_vcpu_mpidr); av_vcpu_kick does nothing and
 * av_vm_check_extension answers for the library (KVM: on /dev/kvm).
 */
#ifndef ARMVISOR_ARMVISOR_H
#define ARMVISOR_ARMVISOR_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AV_API_VERSION 1

typedef struct av_vm av_vm;
typedef struct av_vcpu av_vcpu;

/* ---- VM ---------------------------------------------------------------- */

enum av_irqchip_kind {
	AV_IRQCHIP_USER = 0,  /* no in-kernel irqchip: KVM_CAP_ARM_USER_IRQ style */
	AV_IRQCHIP_GICV3 = 1,
	AV_IRQCHIP_GICV2 = 2,
	AV_IRQCHIP_RVIC = 3,
};

#define AV_MAX_VCPUS 64
#define AV_GICV2_MAX_VCPUS 8          /* GICv2's 8-bit CPU target lists */
#define AV_DEFAULT_CNTFRQ 62500000ull /* 62.5 MHz, as QEMU virt */
#define AV_MIN_CNTFRQ 1000ull         /* 1 kHz */
#define AV_MAX_CNTFRQ 1000000000ull   /* 1 GHz: exact ns <-> tick scaling */
#define AV_MAX_LRS 16                 /* ICH_LR<n>_EL2: at most 16 */
/* rVIC sizes: multiples of 32, trusted >= 32, total >= 64, total <= 2048 */
#define AV_RVIC_IRQ_ALIGN 32
#define AV_RVIC_MIN_TRUSTED 32
#define AV_RVIC_MIN_TOTAL 64
#define AV_RVIC_MAX_TOTAL 2048

/* av_vm_create refuses (-EINVAL) any field outside these ranges. */
struct av_vm_config {
	unsigned nr_vcpus;            /* 1..AV_MAX_VCPUS (GICv2: ..8) */
	enum av_irqchip_kind irqchip; /* chosen once, at creation */
	uint64_t cntfrq;              /* Hz, AV_MIN..AV_MAX_CNTFRQ; 0 = default */
	unsigned nr_lrs;              /* vGIC list registers, ..16; 0 = 4 */
	unsigned timer_irq_mode;      /* AV_TIMER_IRQ_MODE_*; 0 = active */
	unsigned rvic_trusted;        /* rVIC trusted interrupts; 0 = 32 */
	unsigned rvic_total;          /* rVIC interrupts in total; 0 = 64 */
};

#define AV_TIMER_IRQ_MODE_ACTIVE 0 /* timer IRQ hardware-mapped (active state) */
#define AV_TIMER_IRQ_MODE_MASK 1   /* timer masked while its IRQ is pending */

/* Returns NULL and sets *err (negative errno) on failure. */
av_vm *av_vm_create(const struct av_vm_config *cfg, int *err);
/* 0, or -EBUSY while a vCPU is inside av_vcpu_run (see "Lifetime" above). */
int av_vm_destroy(av_vm *vm);

/*
 * KVM_SET_USER_MEMORY_REGION: back guest physical [gpa, gpa+size) with the
 * caller's memory (page aligned, not overlapping another slot or a device
 * range).  Only before the first vCPU is created (-EBUSY after).
 */
int av_vm_set_user_memory_region(av_vm *vm, unsigned slot, uint64_t gpa,
				 uint64_t size, void *host);

/* KVM_CHECK_EXTENSION / KVM_ENABLE_CAP. */
#define AV_CAP_ARM_USER_IRQ 148      /* KVM_CAP_ARM_USER_IRQ */
#define AV_CAP_NR_VCPUS 9            /* KVM_CAP_NR_VCPUS */
#define AV_CAP_ARM_PSCI_0_2 102      /* hypercalls reach user space as exits */
#define AV_CAP_COUNTER_OFFSET 227    /* KVM_CAP_COUNTER_OFFSET */
#define AV_CAP_ARM_PMU_V3 126        /* KVM_CAP_ARM_PMU_V3: PPI 7 = INTID 23 */
/* KVM_CAP_HALT_POLL: enable with arg = the VM's longest halt poll in ns
 * (0 = never poll; at most UINT32_MAX); default AV_HALT_POLL_NS_DEFAULT.
 * A vCPU that sleeps in WFI with its timers still loaded (the EL2 engine
 * with the hardware vGIC) first polls for a wake-up, for a time that grows
 * while wake-ups come within it (KVM Documentation/virt/kvm/
 * halt-polling.rst). */
#define AV_CAP_HALT_POLL 182
#define AV_HALT_POLL_NS_DEFAULT 500000 /* KVM arm64 KVM_HALT_POLL_NS_DEFAULT */
int av_vm_check_extension(av_vm *vm, uint32_t cap);
int av_vm_enable_cap(av_vm *vm, uint32_t cap, uint64_t arg);

/*
 * KVM_IRQ_LINE.  type: AV_IRQ_TYPE_CPU (irq = AV_IRQ_CPU_IRQ/FIQ, only with
 * the user irqchip), AV_IRQ_TYPE_SPI (irq = INTID 32..), AV_IRQ_TYPE_PPI
 * (irq = INTID 16..31 of vCPU 'vcpu').
 */
#define AV_IRQ_TYPE_CPU 0
#define AV_IRQ_TYPE_SPI 1
#define AV_IRQ_TYPE_PPI 2
#define AV_IRQ_CPU_IRQ 0
#define AV_IRQ_CPU_FIQ 1
int av_vm_irq_line(av_vm *vm, uint32_t type, uint32_t vcpu, uint32_t irq,
		   int level);

/* KVM_ARM_SET_COUNTER_OFFSET: both timers' offset; later CNT writes ignored.
 * -EBUSY while any vCPU is inside av_vcpu_run (KVM: lock_all_vcpus). */
int av_vm_set_counter_offset(av_vm *vm, uint64_t offset);

/*
 * System events (KVM_SYSTEM_EVENT_*): every vCPU leaves av_vcpu_run with
 * AV_EXIT_SYSTEM_EVENT and stays out of the guest from then on.
 */
#define AV_SYSTEM_EVENT_SHUTDOWN 1
#define AV_SYSTEM_EVENT_RESET 2
#define AV_SYSTEM_EVENT_CRASH 3
int av_vm_system_event(av_vm *vm, uint32_t type);

/* ---- vCPU -------------------------------------------------------------- */

/*
 * KVM_CREATE_VCPU + KVM_ARM_VCPU_INIT.  ids are 0..nr_vcpus-1.  The vCPU
 * resets to EL1h, DAIF masked, MMU off, PC 0; with AV_VCPU_POWER_OFF it starts
 * powered off (KVM_ARM_VCPU_POWER_OFF) and waits for av_vcpu_power_on.
 * Returns NULL and sets *err on failure.
 */
#define AV_VCPU_POWER_OFF (1u << 0)
av_vcpu *av_vcpu_create(av_vm *vm, unsigned id, unsigned flags, int *err);
#define AV_VCPU_ID_NONE (~0u) /* av_vcpu_id(NULL) */
unsigned av_vcpu_id(const av_vcpu *v);
uint64_t av_vcpu_mpidr(const av_vcpu *v);
av_vcpu *av_vm_vcpu(av_vm *vm, unsigned id);

/* Exit reasons: KVM_EXIT_* numbers. */
#define AV_EXIT_UNKNOWN 0
#define AV_EXIT_HYPERCALL 3
#define AV_EXIT_MMIO 6
#define AV_EXIT_INTR 10
#define AV_EXIT_INTERNAL_ERROR 17
#define AV_EXIT_SYSTEM_EVENT 24

/* Internal error sub-reasons (run->internal.suberror). */
#define AV_INTERNAL_ERROR_EMULATION 1 /* engine failed to run guest code */
#define AV_INTERNAL_ERROR_TIMER_IRQ 2 /* vtimer and ptimer share one INTID */
#define AV_INTERNAL_ERROR_IRQCHIP 4   /* the irqchip could not start */

/* device_irq_level bits (KVM_ARM_DEV_EL1_VTIMER / _PTIMER / _PMU). */
#define AV_DEV_EL1_VTIMER (1u << 0)
#define AV_DEV_EL1_PTIMER (1u << 1)
#define AV_DEV_PMU (1u << 2)

struct av_run {
	/* in */
	uint8_t immediate_exit; /* return -EINTR at once, as KVM */
	uint8_t pad0[3];
	/* out */
	uint32_t exit_reason;
	/* out: user-irqchip line levels, refreshed on every exit */
	uint64_t device_irq_level;
	union {
		/* AV_EXIT_MMIO: for reads, fill data[] before the next run */
		struct {
			uint64_t phys_addr;
			uint8_t data[8];
			uint32_t len;
			uint8_t is_write;
		} mmio;
		/*
		 * AV_EXIT_HYPERCALL (HVC/SMC the core does not own, SMCCC 1.1):
		 * nr = function id (x0), args = x1..x6.  The VMM writes ret[]
		 * and the core copies it into x0..x3 before the guest resumes.
		 */
		struct {
			uint64_t nr;
			uint64_t args[6];
			uint64_t ret[4];
			uint32_t flags; /* AV_HYPERCALL_SMC if it came by SMC */
		} hypercall;
		struct {
			uint32_t type;
			uint32_t ndata;
			uint64_t data[4];
		} system_event;
		struct {
			uint32_t suberror;
			uint32_t ndata;
			uint64_t data[4];
		} internal;
	};
};

#define AV_HYPERCALL_SMC 1u

struct av_run *av_vcpu_run_struct(av_vcpu *v);

/*
 * KVM_RUN: 0 with run->exit_reason set, or -EINTR (exit_reason
 * AV_EXIT_INTR) when kicked with AV_KICK_EXIT, when immediate_exit is set,
 * or when a user-irqchip line level changed.  -EBUSY, run untouched, if
 * another thread is inside av_vcpu_run of this vCPU.  A first run that cannot
 * start returns a negative errno with exit_reason AV_EXIT_INTERNAL_ERROR
 * (e.g. -EINVAL, suberror AV_INTERNAL_ERROR_TIMER_IRQ, when both timers
 * share one INTID), as KVM_RUN fails in kvm_vcpu_first_run_init.
 */
int av_vcpu_run(av_vcpu *v);

/* Interrupt the vCPU: a running guest stops and a sleeping vCPU wakes.  With
 * AV_KICK_EXIT its av_vcpu_run returns -EINTR (KVM: a signal). */
#define AV_KICK_EXIT 1u
void av_vcpu_kick(av_vcpu *v, unsigned flags);

/* KVM_SET_VCPU_EVENTS ext_dabt_pending: the access of the current MMIO exit
 * becomes a synchronous external abort in the guest. */
int av_vcpu_inject_ext_abort(av_vcpu *v);

/*
 * Power state (PSCI policy is the VMM's; this is the mechanism, as KVM's
 * mp_state plus its CPU_ON reset request).
 */
#define AV_POWER_OFF 0
#define AV_POWER_ON 1
#define AV_POWER_ON_PENDING 2
/* OFF -> ON_PENDING atomically; the target starts at pc with x0 = context
 * at EL1h, DAIF masked, MMU off.  -EALREADY if on, -EINPROGRESS if pending. */
int av_vcpu_power_on(av_vcpu *target, uint64_t pc, uint64_t context);
/* The calling vCPU's thread: stop it; av_vcpu_run sleeps until powered on. */
int av_vcpu_power_off(av_vcpu *self);
int av_vcpu_power_state(const av_vcpu *v);

/* ---- one-reg (KVM_GET_ONE_REG / KVM_SET_ONE_REG ids) ------------------- */

#define AV_REG_ARM64 0x6000000000000000ull
#define AV_REG_SIZE_U64 0x0030000000000000ull
#define AV_REG_ARM_CORE (0x0010ull << 16)
#define AV_REG_ARM64_SYSREG (0x0013ull << 16)
/* Offsets in struct kvm_regs, in 32-bit words. */
#define AV_REG_CORE(word) (AV_REG_ARM64 | AV_REG_SIZE_U64 | AV_REG_ARM_CORE | (word))
#define AV_REG_X(n) AV_REG_CORE((n) * 2)
#define AV_REG_SP AV_REG_CORE(62)
#define AV_REG_PC AV_REG_CORE(64)
#define AV_REG_PSTATE AV_REG_CORE(66)
#define AV_REG_SP_EL1 AV_REG_CORE(68)
#define AV_REG_ELR_EL1 AV_REG_CORE(70)
#define AV_SYS_REG(op0, op1, crn, crm, op2)                                    \
	(AV_REG_ARM64 | AV_REG_SIZE_U64 | AV_REG_ARM64_SYSREG |                \
	 ((uint64_t)(op0) << 14) | ((uint64_t)(op1) << 11) |                   \
	 ((uint64_t)(crn) << 7) | ((uint64_t)(crm) << 3) | (uint64_t)(op2))
#define AV_REG_MPIDR_EL1 AV_SYS_REG(3, 0, 0, 0, 5)
/* Timer ids, as KVM froze them (CVAL and CNT encodings are swapped). */
#define AV_REG_ARM_TIMER_CTL AV_SYS_REG(3, 3, 14, 3, 1)
#define AV_REG_ARM_TIMER_CNT AV_SYS_REG(3, 3, 14, 3, 2)
#define AV_REG_ARM_TIMER_CVAL AV_SYS_REG(3, 3, 14, 0, 2)
#define AV_REG_ARM_PTIMER_CTL AV_SYS_REG(3, 3, 14, 2, 1)
#define AV_REG_ARM_PTIMER_CVAL AV_SYS_REG(3, 3, 14, 2, 2)
#define AV_REG_ARM_PTIMER_CNT AV_SYS_REG(3, 3, 14, 0, 1)

/*
 * System register ids (AV_SYS_REG) reach the guest's EL0/EL1 registers
 * only: op0 2 or 3 with op1 0..3.  EL2/EL3 registers and the EL12/EL02
 * aliases (op1 4..7) are the hypervisor's own and give -ENOENT, as does any
 * id the CPU model does not have.
 */
int av_vcpu_get_one_reg(av_vcpu *v, uint64_t id, uint64_t *val);
int av_vcpu_set_one_reg(av_vcpu *v, uint64_t id, uint64_t val);

/* ---- attributes (KVM_SET_DEVICE_ATTR on a vCPU) ------------------------ */
#define AV_ARM_VCPU_TIMER_CTRL 1
#define AV_ARM_VCPU_TIMER_IRQ_VTIMER 0
#define AV_ARM_VCPU_TIMER_IRQ_PTIMER 1
int av_vcpu_set_attr(av_vcpu *v, uint32_t group, uint64_t attr,
		     const void *val);
int av_vcpu_get_attr(av_vcpu *v, uint32_t group, uint64_t attr, void *val);

/* ---- rVIC device API (KVM_CREATE_DEVICE / KVM_SET_DEVICE_ATTR shape) ----
 * For a VM created with AV_IRQCHIP_USER: create the rVIC as its in-kernel
 * irqchip, before any vCPU exists (-EBUSY after; -EEXIST if the config
 * already chose gicv3/gicv2/rvic).  Then, before any vCPU runs, optionally
 * set the sizes once (group NR_IRQS, val = two uint32_t: trusted, total;
 * trusted >= 32, total >= 64, both multiples of 32, total <= 2048, else
 * -EINVAL; -EBUSY when already set, initialised or run) and INIT (group
 * CTRL, attr CTRL_INIT; done implicitly at the first run otherwise).  A VM
 * created with AV_IRQCHIP_RVIC has its rVIC from the config
 * (rvic_trusted/rvic_total, 0 = 32/64, validated the same way).
 */
#define AV_DEV_TYPE_ARM_RVIC 0x7201 /* armvisor's own: KVM has no rVIC */
#define AV_DEV_ARM_RVIC_GRP_NR_IRQS 3 /* KVM_DEV_ARM_VGIC_GRP_NR_IRQS */
#define AV_DEV_ARM_RVIC_GRP_CTRL 4    /* KVM_DEV_ARM_VGIC_GRP_CTRL */
#define AV_DEV_ARM_RVIC_CTRL_INIT 0   /* KVM_DEV_ARM_VGIC_CTRL_INIT */
int av_vm_create_irqchip(av_vm *vm, uint32_t type);
/* Debug one-reg (read-only, armvisor's own coprocessor group 0x0ff0): how
 * many times the vCPU's run loop left the guest (engine exits plus MMIO
 * exits to the VMM; in-kernel hypercalls and sysreg traps are not exits).
 * The VMM prints it per vCPU at exit when ARMVISOR_STATS is set
 * (bench/bench_irq_cost.sh uses it for "exits per interrupt"). */
#define AV_REG_ARMVISOR_STAT_EXITS \
	(AV_REG_ARM64 | AV_REG_SIZE_U64 | (0x0ff0ull << 16) | 0)
int av_vm_set_irqchip_attr(av_vm *vm, uint32_t group, uint64_t attr,
			   const void *val);
int av_vm_get_irqchip_attr(av_vm *vm, uint32_t group, uint64_t attr,
			   void *val);

/* ---- vGIC frame addresses (KVM_DEV_ARM_VGIC_GRP_ADDR) -------------------
 * The VMM owns the guest's memory map: before the first vCPU runs it tells
 * the vGIC where its frames live, as kvmtool does (KVM
 * devices/arm-vgic-v3.rst and arm-vgic.rst).  group AV_DEV_ARM_VGIC_GRP_ADDR,
 * attr one of the types below, val a uint64_t guest physical address:
 *   GICv3: DIST (64 KiB frame) and REDIST (128 KiB per vCPU), each 64 KiB
 *   aligned; GICv2: DIST (4 KiB) and CPU (8 KiB), each 4 KiB aligned.
 * -ENXIO: a type for the other GIC version (or no vGIC); -EINVAL: not
 * aligned, or overlaps RAM or another device; -E2BIG: beyond the 40-bit
 * IPA space; -EEXIST: already set; -EBUSY: a vCPU has run.  A first run
 * with a frame unset fails with -ENXIO (suberror IRQCHIP).
 */
#define AV_DEV_ARM_VGIC_GRP_ADDR 0     /* KVM_DEV_ARM_VGIC_GRP_ADDR */
#define AV_VGIC_V2_ADDR_TYPE_DIST 0    /* KVM_VGIC_V2_ADDR_TYPE_DIST */
#define AV_VGIC_V2_ADDR_TYPE_CPU 1     /* KVM_VGIC_V2_ADDR_TYPE_CPU */
#define AV_VGIC_V3_ADDR_TYPE_DIST 2    /* KVM_VGIC_V3_ADDR_TYPE_DIST */
#define AV_VGIC_V3_ADDR_TYPE_REDIST 3  /* KVM_VGIC_V3_ADDR_TYPE_REDIST */

/* ---- statistics (KVM_GET_STATS_FD, flattened) ---------------------------
 * Counters of one vCPU or of the VM, as KVM's binary stats give them
 * (Documentation/virt/kvm/api.rst "KVM_GET_STATS_FD"): a descriptor (name,
 * type, unit, base-10 exponent) and a value, here in one struct.  Names
 * follow kvm_stat's where KVM has the counter (exits, mmio_exit_user,
 * wfi_exit_stat, halt_wait_ns, ...); irq_injected_<INTID> counts a private
 * interrupt made pending for the vCPU.  Values are read while the vCPU
 * runs, each atomically (a set of values, not one snapshot).
 * av_vcpu_get_stats/av_vm_get_stats fill at most max entries and return
 * how many there are (call with max 0 to size the array), or -EINVAL.
 */
#define AV_STATS_NAME_SIZE 48
#define AV_STATS_TYPE_CUMULATIVE 0x0 /* KVM_STATS_TYPE_CUMULATIVE */
#define AV_STATS_UNIT_NONE 0x0       /* KVM_STATS_UNIT_NONE */
#define AV_STATS_UNIT_SECONDS 0x20   /* KVM_STATS_UNIT_SECONDS */
struct av_stat {
	char name[AV_STATS_NAME_SIZE];
	uint32_t flags;   /* AV_STATS_TYPE_* | AV_STATS_UNIT_* */
	int32_t exponent; /* value * 10^exponent units (-9: nanoseconds) */
	uint64_t value;
};
int av_vcpu_get_stats(av_vcpu *v, struct av_stat *out, unsigned max);
int av_vm_get_stats(av_vm *vm, struct av_stat *out, unsigned max);

/* ---- tracing (KVM's tracepoints, for a timeline) ------------------------
 * Process-wide: av_trace_set_sink(classes, fn, opaque) makes the core call
 * fn for each event of the given classes, on the thread where it happens
 * (a vCPU's, a timer callback's, the VMM's); fn must be thread-safe and
 * must not call back into the API.  Set it before any vCPU runs and clear
 * it (classes 0) only once none runs.  With no class enabled each trace
 * site costs one predictable branch.  -EINVAL: an unknown class, or
 * classes without fn.
 */
#define AV_TRACE_CLASS_EXIT (1u << 0)    /* guest, exit and WFI spans */
#define AV_TRACE_CLASS_IRQ (1u << 1)     /* inject, ack, deactivate */
#define AV_TRACE_CLASS_TIMER (1u << 2)   /* CTL/CVAL writes, expiries */
#define AV_TRACE_CLASS_REQUEST (1u << 3) /* requests and kicks */
#define AV_TRACE_VCPU_NONE 0xffffffffu   /* not a vCPU's event (VMM's) */
enum av_trace_type {
	AV_TRACE_GUEST = 1,  /* span: guest ran; arg0: AV_TRACE_EXIT_* */
	AV_TRACE_EXIT,       /* span: exit handled; arg0: AV_TRACE_EXIT_* */
	AV_TRACE_WFI,        /* span: slept in WFI */
	AV_TRACE_INJECT,     /* arg0 INTID, arg1 AV_TRACE_SRC_* */
	AV_TRACE_ACK,        /* arg0 INTID */
	AV_TRACE_DEACTIVATE, /* arg0 INTID */
	AV_TRACE_TIMER_CTL,  /* arg0 timer (0 virtual, 1 physical), arg1 CTL */
	AV_TRACE_TIMER_CVAL, /* arg0 timer, arg1 CVAL */
	AV_TRACE_TIMER_EXPIRE, /* arg0 timer, arg1 its INTID */
	AV_TRACE_REQUEST,    /* arg0 request number */
	AV_TRACE_KICK,       /* arg0 1: interrupted guest mode, 0: woke it */
	AV_TRACE_VMM,        /* the VMM's own (arg0, arg1 its own) */
	AV_TRACE_NR_TYPES
};
/* Why the guest stopped (arg0 of GUEST and EXIT spans). */
enum av_trace_exit {
	AV_TRACE_EXIT_KICK, AV_TRACE_EXIT_WFI, AV_TRACE_EXIT_MMIO_USER,
	AV_TRACE_EXIT_MMIO_KERNEL, AV_TRACE_EXIT_SYSREG,
	AV_TRACE_EXIT_HVC_KERNEL, AV_TRACE_EXIT_HVC_USER,
	AV_TRACE_EXIT_SMC_USER, AV_TRACE_EXIT_ERROR,
};
/* Who made an interrupt pending (arg1 of INJECT). */
enum av_trace_src {
	AV_TRACE_SRC_LINE, /* an input rose (timer, PMU, VMM); on the rVIC,
			    * any intid made pending, signals included */
	AV_TRACE_SRC_SGI,  /* a guest's GIC SGI */
};
struct av_trace_event {
	uint64_t ts_ns;  /* plat monotonic clock (CLOCK_MONOTONIC) */
	uint64_t dur_ns; /* spans; 0 for instants */
	uint32_t vcpu;   /* vCPU index, or AV_TRACE_VCPU_NONE */
	uint32_t type;   /* enum av_trace_type */
	uint64_t arg0, arg1;
};
typedef void (*av_trace_sink_fn)(void *opaque,
				 const struct av_trace_event *e);
int av_trace_set_sink(uint32_t classes, av_trace_sink_fn fn, void *opaque);

/* ---- library ----------------------------------------------------------- */
const char *av_version(void);
/* Text for a negative errno returned by this API (any int is safe). */
const char *av_strerror(int err);

#ifdef __cplusplus
}
#endif
#endif
