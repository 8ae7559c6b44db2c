/* SPDX-License-Identifier: MIT */
/*
 * PMUv3 register model (Arm ARM D11, registers D17.5), after KVM's
 * arch/arm64/kvm/pmu-emul.c and the PMU part of sys_regs.c.
 *
 * Counting.  Counters are computed lazily from two sources: guest cycles,
 * which are nanoseconds spent loaded on the vCPU (a nominal 1 GHz clock:
 * KVM's cycle counter also counts only while the vCPU runs), and
 * instructions retired as the engine counts them (vcpu_insns_retired).
 * pmu_sync() adds what both sources advanced since the last sync to every
 * enabled counter and records overflows.  Events other than SW_INCR,
 * CPU_CYCLES and INST_RETIRED count nothing (PMCEID0_EL0 says which are
 * implemented).  The exception-level filters of PMEVTYPER<n>_EL0 and
 * PMCCFILTR_EL0 (P, U, NSK, NSU, NSH, M) are kept but not applied: both
 * sources count EL0 and EL1 together.
 *
 * Overflow.  An overflow sets PMOVSSET_EL0; the interrupt line (PPI 7,
 * INTID 23) is high while PMCR_EL0.E and a counter is enabled, overflowed
 * and has its PMINTENSET_EL1 bit (kvm_pmu_overflow_status).  While loaded,
 * a host timer kicks the vCPU at the next cycle overflow and the engine
 * stops at the next instruction-count overflow, so the interrupt comes
 * when the counter wraps, not at the next unrelated exit.
 *
 * Lock: vcpu_pmu.lock, taken before any irqchip lock.  Registers change only
 * on the vCPU's thread (traps, load/put) or through one-reg, which the core
 * refuses while the vCPU runs; the host timer only kicks.
 */
#include <errno.h>

#include "irqchip/irqchip.h"
#include "platform/platform.h"
#include "pmu/pmu.h"

#define PMCR_E (1ull << 0)
#define PMCR_P (1ull << 1)
#define PMCR_C (1ull << 2)
#define PMCR_D (1ull << 3)
#define PMCR_LC (1ull << 6)
/* Writable: E, D, X, DP, LC (P and C are write-only actions). */
#define PMCR_RW_MASK 0x79ull
#define PMCR_N_SHIFT 11
#define PMCR_IMP_ARM (0x41ull << 24)

#define CYCLE_IDX 31
#define COUNTER_MASK (((1ull << PMU_NR_COUNTERS) - 1) | (1ull << CYCLE_IDX))

/* PMUSERENR_EL0 (D17.5.16). */
#define USERENR_EN (1ull << 0)
#define USERENR_SW (1ull << 1)
#define USERENR_CR (1ull << 2)
#define USERENR_ER (1ull << 3)
#define USERENR_MASK 0xfull

/* PMEVTYPER<n>_EL0 / PMCCFILTR_EL0: filters P U NSK NSU NSH M, evtCount
 * [9:0] (PMUv3 for Armv8.0 has 10-bit event numbers). */
#define EVTYPER_MASK 0xfc0003ffull
#define CCFILTR_MASK 0xfc000000ull

struct vcpu_pmu {
	plat_mutex lock;
	av_vcpu *v;
	uint64_t pmcr;    /* E, D, X, DP, LC */
	uint64_t cnten, inten, ovs; /* bit n: counter n; bit 31: cycles */
	uint64_t selr, userenr, ccfiltr;
	uint64_t evtyper[PMU_NR_COUNTERS];
	uint64_t evcntr[PMU_NR_COUNTERS]; /* 32-bit counters */
	uint64_t ccntr;
	uint64_t div_rem; /* PMCR_EL0.D: cycles towards the next count */
	/* the sources as of the last sync */
	uint64_t src_cycles, src_insns;
	uint64_t guest_ns, load_ns; /* guest cycles: ns spent loaded */
	bool loaded;
	bool line;
	bool owned;      /* set_owner done: inject as the owner */
	plat_timer *timer;
};

static struct vcpu_pmu *pmu_of(av_vcpu *v)
{
	return vcpu_pmu(v);
}

static uint64_t guest_cycles(struct vcpu_pmu *p)
{
	return p->guest_ns +
	       (p->loaded ? plat_monotonic_ns() - p->load_ns : 0);
}

static bool counting(struct vcpu_pmu *p, unsigned idx)
{
	return (p->pmcr & PMCR_E) && (p->cnten & (1ull << idx));
}

static unsigned event_of(struct vcpu_pmu *p, unsigned n)
{
	return (unsigned)(p->evtyper[n] & 0x3ff);
}

/* Add delta to a 32-bit event counter; overflow when it wraps (D11.5). */
static void evcntr_add(struct vcpu_pmu *p, unsigned n, uint64_t delta)
{
	uint64_t v = p->evcntr[n] + delta;

	if (v >> 32)
		p->ovs |= 1ull << n;
	p->evcntr[n] = (uint32_t)v;
}

/* The cycle counter is 64 bits; it overflows from bit 63 with PMCR.LC
 * set, from bit 31 otherwise (D17.5.2 PMCR_EL0.LC). */
static void ccntr_add(struct vcpu_pmu *p, uint64_t delta)
{
	uint64_t old = p->ccntr, v = old + delta;

	if (p->pmcr & PMCR_LC ? v < old : (v >> 32) != (old >> 32))
		p->ovs |= 1ull << CYCLE_IDX;
	p->ccntr = v;
}

static void pmu_sync(struct vcpu_pmu *p)
{
	uint64_t cyc = guest_cycles(p), ins = vcpu_insns_retired(p->v);
	uint64_t dcyc = cyc - p->src_cycles, dins = ins - p->src_insns;

	p->src_cycles = cyc;
	p->src_insns = ins;
	if (counting(p, CYCLE_IDX)) {
		uint64_t n = dcyc;

		if (p->pmcr & PMCR_D) { /* count every 64th cycle */
			n = (p->div_rem + dcyc) / 64;
			p->div_rem = (p->div_rem + dcyc) % 64;
		}
		if (n)
			ccntr_add(p, n);
	}
	for (unsigned i = 0; i < PMU_NR_COUNTERS; i++) {
		if (!counting(p, i))
			continue;
		if (event_of(p, i) == PMU_EV_CPU_CYCLES)
			evcntr_add(p, i, dcyc);
		else if (event_of(p, i) == PMU_EV_INST_RETIRED)
			evcntr_add(p, i, dins);
	}
}

static bool overflow_status(struct vcpu_pmu *p)
{
	return (p->pmcr & PMCR_E) && (p->ovs & p->cnten & p->inten);
}

static void pmu_update_line(struct vcpu_pmu *p)
{
	av_vcpu *v = p->v;
	av_vm *vm = vcpu_vm(v);
	const struct irqchip_flow *ic = vm_irqchip(vm);
	bool level = overflow_status(p);

	if (level == p->line)
		return;
	p->line = level;
	if (vm_config(vm)->irqchip == AV_IRQCHIP_USER) {
		/* Reported in device_irq_level at the next exit; make it
		 * come now, as the timer does. */
		vcpu_request_and_kick(v, REQ_USER_IRQ);
		return;
	}
	if (ic && ic->inject_irq)
		ic->inject_irq(vm, v, PMU_IRQ, level, p->owned ? p : NULL);
}

/* Cycles until the first cycle-based counter overflows, 0 if none. */
static uint64_t cycles_to_overflow(struct vcpu_pmu *p)
{
	uint64_t best = 0;

	if (counting(p, CYCLE_IDX)) {
		uint64_t left = p->pmcr & PMCR_LC ? -p->ccntr
						  : (1ull << 32) -
							  (uint32_t)p->ccntr;

		if (p->pmcr & PMCR_D)
			left = left > UINT64_MAX / 64 ? UINT64_MAX
						      : left * 64 - p->div_rem;
		best = left ? left : 1;
	}
	for (unsigned i = 0; i < PMU_NR_COUNTERS; i++) {
		uint64_t left = (1ull << 32) - p->evcntr[i];

		if (counting(p, i) && event_of(p, i) == PMU_EV_CPU_CYCLES &&
		    (!best || left < best))
			best = left;
	}
	return best;
}

/* While loaded: a host timer at the next cycle overflow, and an engine
 * alarm at the next instruction-count overflow. */
static void pmu_arm(struct vcpu_pmu *p)
{
	uint64_t cyc = cycles_to_overflow(p), ins = 0;

	if (!p->loaded)
		return;
	if (cyc && cyc < UINT64_MAX / 2)
		plat_timer_arm(p->timer, plat_monotonic_ns() + cyc);
	else
		plat_timer_cancel(p->timer);
	for (unsigned i = 0; i < PMU_NR_COUNTERS; i++) {
		uint64_t left = (1ull << 32) - p->evcntr[i];

		if (counting(p, i) && event_of(p, i) == PMU_EV_INST_RETIRED &&
		    (!ins || left < ins))
			ins = left;
	}
	vcpu_set_insn_alarm(p->v, ins ? p->src_insns + ins : 0);
}

static void pmu_timer_expired(void *arg)
{
	vcpu_kick(arg); /* pmu_vcpu_sync folds the overflow */
}

void pmu_vcpu_load(av_vcpu *v)
{
	struct vcpu_pmu *p = pmu_of(v);

	plat_mutex_lock(&p->lock);
	pmu_sync(p);
	p->loaded = true;
	p->load_ns = plat_monotonic_ns();
	pmu_update_line(p);
	pmu_arm(p);
	plat_mutex_unlock(&p->lock);
}

bool pmu_enabled(av_vcpu *v)
{
	return __atomic_load_n(&pmu_of(v)->pmcr, __ATOMIC_RELAXED) & PMCR_E;
}

/* Loaded, between two rounds of the run loop (core/run.c keeps the vCPU
 * loaded across them): the counters brought up to date, an overflow made
 * the interrupt's level (what the put at every exit used to do), and the
 * next overflow's alarm re-armed. */
void pmu_vcpu_sync(av_vcpu *v)
{
	struct vcpu_pmu *p = pmu_of(v);

	/* PMCR_EL0.E clear: nothing counts, no overflow can come (the
	 * write that cleared it synced and disarmed); the next access syncs. */
	if (!pmu_enabled(v))
		return;
	plat_mutex_lock(&p->lock);
	if (p->loaded) {
		pmu_sync(p);
		pmu_update_line(p);
		pmu_arm(p);
	}
	plat_mutex_unlock(&p->lock);
}

void pmu_vcpu_put(av_vcpu *v)
{
	struct vcpu_pmu *p = pmu_of(v);

	plat_mutex_lock(&p->lock);
	p->guest_ns += plat_monotonic_ns() - p->load_ns;
	p->loaded = false;
	pmu_sync(p);
	plat_timer_cancel(p->timer);
	vcpu_set_insn_alarm(v, 0);
	pmu_update_line(p);
	plat_mutex_unlock(&p->lock);
}

uint64_t pmu_user_levels(av_vcpu *v)
{
	struct vcpu_pmu *p = pmu_of(v);
	bool line;

	plat_mutex_lock(&p->lock);
	line = p->line;
	plat_mutex_unlock(&p->lock);
	return line ? AV_DEV_PMU : 0;
}

/* ---- system registers ---- */

#define ENC_PMCR SYSREG_ENC(3, 3, 9, 12, 0)
#define ENC_PMCNTENSET SYSREG_ENC(3, 3, 9, 12, 1)
#define ENC_PMCNTENCLR SYSREG_ENC(3, 3, 9, 12, 2)
#define ENC_PMOVSCLR SYSREG_ENC(3, 3, 9, 12, 3)
#define ENC_PMSWINC SYSREG_ENC(3, 3, 9, 12, 4)
#define ENC_PMSELR SYSREG_ENC(3, 3, 9, 12, 5)
#define ENC_PMCEID0 SYSREG_ENC(3, 3, 9, 12, 6)
#define ENC_PMCEID1 SYSREG_ENC(3, 3, 9, 12, 7)
#define ENC_PMCCNTR SYSREG_ENC(3, 3, 9, 13, 0)
#define ENC_PMXEVTYPER SYSREG_ENC(3, 3, 9, 13, 1)
#define ENC_PMXEVCNTR SYSREG_ENC(3, 3, 9, 13, 2)
#define ENC_PMUSERENR SYSREG_ENC(3, 3, 9, 14, 0)
#define ENC_PMOVSSET SYSREG_ENC(3, 3, 9, 14, 3)
#define ENC_PMINTENSET SYSREG_ENC(3, 0, 9, 14, 1)
#define ENC_PMINTENCLR SYSREG_ENC(3, 0, 9, 14, 2)
#define ENC_PMCCFILTR SYSREG_ENC(3, 3, 14, 15, 7)
/* PMEVCNTR<n>_EL0: CRn 14, CRm 0b10:n[4:3], op2 n[2:0]; PMEVTYPER<n>_EL0:
 * CRm 0b11:n[4:3] (D17.5.9, D17.5.10). */
#define IS_PMEV(enc) (((enc) & ~(uint32_t)SYSREG_ENC(0, 0, 0, 7, 7)) == \
		      SYSREG_ENC(3, 3, 14, 8, 0))
#define PMEV_N(enc) ((((enc) >> 3) & 3) << 3 | ((enc)&7))
#define PMEV_IS_TYPER(enc) (((enc) >> 5) & 1)

/* PMCEID0_EL0: bit n = common event n is implemented (D17.5.4). */
#define PMCEID0_VAL                                                            \
	((1ull << PMU_EV_SW_INCR) | (1ull << PMU_EV_INST_RETIRED) |            \
	 (1ull << PMU_EV_CPU_CYCLES))

/* The EL0 access checks of D17.5 (each register's pseudocode): allowed if
 * PMUSERENR_EL0.EN, or the bit that opens that register alone; otherwise
 * trapped to EL1 (AArch64.SystemAccessTrap(EL1, 0x18)): -EPERM. */
static int el0_check(struct vcpu_pmu *p, unsigned el, uint64_t also)
{
	if (el != 0 || (p->userenr & (USERENR_EN | also)))
		return 0;
	return -EPERM;
}

/* The counter an access by index reaches: 0..N-1, or CYCLE_IDX. */
static bool counter_valid(unsigned n)
{
	return n < PMU_NR_COUNTERS || n == CYCLE_IDX;
}

static int evtyper_access(struct vcpu_pmu *p, unsigned n, bool is_write,
			  uint64_t *val)
{
	if (n == CYCLE_IDX) {
		if (is_write)
			p->ccfiltr = *val & CCFILTR_MASK;
		else
			*val = p->ccfiltr;
		return 0;
	}
	if (n >= PMU_NR_COUNTERS)
		return -EACCES; /* KVM: UNDEFINED for absent counters */
	if (is_write)
		p->evtyper[n] = *val & EVTYPER_MASK;
	else
		*val = p->evtyper[n];
	return 0;
}

static int evcntr_access(struct vcpu_pmu *p, unsigned n, bool is_write,
			 uint64_t *val)
{
	if (!counter_valid(n))
		return -EACCES;
	if (n == CYCLE_IDX) {
		if (is_write)
			p->ccntr = *val;
		else
			*val = p->ccntr;
		return 0;
	}
	if (is_write)
		p->evcntr[n] = (uint32_t)*val;
	else
		*val = p->evcntr[n];
	return 0;
}

static void sw_incr(struct vcpu_pmu *p, uint64_t mask)
{
	for (unsigned i = 0; i < PMU_NR_COUNTERS; i++)
		if ((mask & (1ull << i)) && counting(p, i) &&
		    event_of(p, i) == PMU_EV_SW_INCR)
			evcntr_add(p, i, 1);
}

static int pmu_access(struct vcpu_pmu *p, uint32_t enc, unsigned el,
		      bool is_write, uint64_t *val)
{
	unsigned sel = (unsigned)(p->selr & 31);
	int ret;

	if (IS_PMEV(enc)) {
		unsigned n = PMEV_N(enc);

		if (PMEV_IS_TYPER(enc)) {
			ret = el0_check(p, el, 0);
			return ret ? ret
				   : evtyper_access(p, n, is_write, val);
		}
		if (n == CYCLE_IDX) /* PMEVCNTR31 does not exist */
			return -EACCES;
		ret = el0_check(p, el, is_write ? 0 : USERENR_ER);
		return ret ? ret : evcntr_access(p, n, is_write, val);
	}
	switch (enc) {
	case ENC_PMCR:
		if ((ret = el0_check(p, el, 0)))
			return ret;
		if (!is_write) {
			*val = p->pmcr | (uint64_t)PMU_NR_COUNTERS << PMCR_N_SHIFT |
			       PMCR_IMP_ARM;
			return 0;
		}
		p->pmcr = *val & PMCR_RW_MASK;
		if (*val & PMCR_P) /* reset the event counters */
			for (unsigned i = 0; i < PMU_NR_COUNTERS; i++)
				p->evcntr[i] = 0;
		if (*val & PMCR_C) {
			p->ccntr = 0;
			p->div_rem = 0;
		}
		return 0;
	case ENC_PMCNTENSET:
	case ENC_PMCNTENCLR:
	case ENC_PMOVSSET:
	case ENC_PMOVSCLR: {
		uint64_t *r = (enc == ENC_PMCNTENSET || enc == ENC_PMCNTENCLR)
				      ? &p->cnten
				      : &p->ovs;

		if ((ret = el0_check(p, el, 0)))
			return ret;
		if (!is_write)
			*val = *r;
		else if (enc == ENC_PMCNTENSET || enc == ENC_PMOVSSET)
			*r |= *val & COUNTER_MASK;
		else
			*r &= ~*val;
		return 0;
	}
	case ENC_PMINTENSET:
	case ENC_PMINTENCLR:
		if (!is_write)
			*val = p->inten;
		else if (enc == ENC_PMINTENSET)
			p->inten |= *val & COUNTER_MASK;
		else
			p->inten &= ~*val;
		return 0;
	case ENC_PMSWINC:
		if (!is_write)
			return -EACCES; /* write-only */
		if ((ret = el0_check(p, el, USERENR_SW)))
			return ret;
		sw_incr(p, *val);
		return 0;
	case ENC_PMSELR:
		if ((ret = el0_check(p, el, USERENR_ER)))
			return ret;
		if (is_write)
			p->selr = *val & 31;
		else
			*val = p->selr;
		return 0;
	case ENC_PMCEID0:
	case ENC_PMCEID1:
		if (is_write)
			return -EACCES;
		if ((ret = el0_check(p, el, 0)))
			return ret;
		*val = enc == ENC_PMCEID0 ? PMCEID0_VAL : 0;
		/* An engine that cannot count instructions (the EL2 engine
		 * on a CPU without INST_RETIRED to borrow) does not offer
		 * the event: counting nothing would be a wrong count. */
		if (enc == ENC_PMCEID0 && !vm_counts_insns(vcpu_vm(p->v)))
			*val &= ~(1ull << PMU_EV_INST_RETIRED);
		return 0;
	case ENC_PMCCNTR:
		if ((ret = el0_check(p, el, is_write ? 0 : USERENR_CR)))
			return ret;
		return evcntr_access(p, CYCLE_IDX, is_write, val);
	case ENC_PMXEVTYPER:
		if ((ret = el0_check(p, el, 0)))
			return ret;
		return evtyper_access(p, sel, is_write, val);
	case ENC_PMXEVCNTR:
		if ((ret = el0_check(p, el, is_write ? 0 : USERENR_ER)))
			return ret;
		if (sel == CYCLE_IDX)
			return -EACCES; /* KVM: UNDEFINED */
		return evcntr_access(p, sel, is_write, val);
	case ENC_PMUSERENR:
		if (!is_write) {
			*val = p->userenr;
			return 0;
		}
		if (el == 0)
			return -EACCES; /* read-only at EL0 */
		p->userenr = *val & USERENR_MASK;
		return 0;
	default:
		return -EACCES;
	}
}

static int pmu_sysreg(av_vcpu *v, uint32_t enc, unsigned el, bool is_write,
		      uint64_t *val)
{
	struct vcpu_pmu *p = pmu_of(v);
	int ret;

	plat_mutex_lock(&p->lock);
	pmu_sync(p); /* counters as of now, before reading or changing */
	ret = pmu_access(p, enc, el, is_write, val);
	if (!ret && is_write) {
		pmu_update_line(p);
		pmu_arm(p);
	}
	plat_mutex_unlock(&p->lock);
	return ret;
}

static int pmu_sysreg_read(av_vcpu *v, uint32_t enc, unsigned el,
			   uint64_t *val)
{
	return pmu_sysreg(v, enc, el, false, val);
}

static int pmu_sysreg_write(av_vcpu *v, uint32_t enc, unsigned el,
			    uint64_t val)
{
	return pmu_sysreg(v, enc, el, true, &val);
}

#define PMU_REG(enc, name) { enc, name, pmu_sysreg_read, pmu_sysreg_write }
#define PMEV(crm)                                                              \
	PMU_REG(SYSREG_ENC(3, 3, 14, crm, 0), "PMEV"),                         \
	PMU_REG(SYSREG_ENC(3, 3, 14, crm, 1), "PMEV"),                         \
	PMU_REG(SYSREG_ENC(3, 3, 14, crm, 2), "PMEV"),                         \
	PMU_REG(SYSREG_ENC(3, 3, 14, crm, 3), "PMEV"),                         \
	PMU_REG(SYSREG_ENC(3, 3, 14, crm, 4), "PMEV"),                         \
	PMU_REG(SYSREG_ENC(3, 3, 14, crm, 5), "PMEV"),                         \
	PMU_REG(SYSREG_ENC(3, 3, 14, crm, 6), "PMEV"),                         \
	PMU_REG(SYSREG_ENC(3, 3, 14, crm, 7), "PMEV")

/* Every PMEVCNTR<n>/PMEVTYPER<n> encoding is listed (n up to 30, and
 * PMCCFILTR_EL0 as PMEVTYPER31): those past PMCR_EL0.N are UNDEFINED. */
static const struct sysreg_desc pmu_sysregs[] = {
	PMU_REG(ENC_PMCR, "PMCR_EL0"),
	PMU_REG(ENC_PMCNTENSET, "PMCNTENSET_EL0"),
	PMU_REG(ENC_PMCNTENCLR, "PMCNTENCLR_EL0"),
	PMU_REG(ENC_PMOVSCLR, "PMOVSCLR_EL0"),
	PMU_REG(ENC_PMSWINC, "PMSWINC_EL0"),
	PMU_REG(ENC_PMSELR, "PMSELR_EL0"),
	PMU_REG(ENC_PMCEID0, "PMCEID0_EL0"),
	PMU_REG(ENC_PMCEID1, "PMCEID1_EL0"),
	PMU_REG(ENC_PMCCNTR, "PMCCNTR_EL0"),
	PMU_REG(ENC_PMXEVTYPER, "PMXEVTYPER_EL0"),
	PMU_REG(ENC_PMXEVCNTR, "PMXEVCNTR_EL0"),
	PMU_REG(ENC_PMUSERENR, "PMUSERENR_EL0"),
	PMU_REG(ENC_PMOVSSET, "PMOVSSET_EL0"),
	PMU_REG(ENC_PMINTENSET, "PMINTENSET_EL1"),
	PMU_REG(ENC_PMINTENCLR, "PMINTENCLR_EL1"),
	PMEV(8), PMEV(9), PMEV(10), PMEV(11),
	PMEV(12), PMEV(13), PMEV(14), PMEV(15),
};
#define NR_PMU_SYSREGS (sizeof(pmu_sysregs) / sizeof(pmu_sysregs[0]))

int pmu_vm_init(av_vm *vm)
{
	return vm_register_sysregs(vm, pmu_sysregs, NR_PMU_SYSREGS);
}

int pmu_vcpu_init(av_vcpu *v)
{
	struct vcpu_pmu *p = plat_zalloc(sizeof(*p));

	if (!p)
		return -ENOMEM;
	p->v = v;
	plat_mutex_init(&p->lock);
	p->timer = plat_timer_create(pmu_timer_expired, v);
	if (!p->timer) {
		plat_mutex_destroy(&p->lock);
		plat_free(p);
		return -ENOMEM;
	}
	vcpu_set_pmu(v, p);
	return 0;
}

void pmu_vcpu_destroy(av_vcpu *v)
{
	struct vcpu_pmu *p = pmu_of(v);

	if (!p)
		return;
	plat_timer_destroy(p->timer);
	plat_mutex_destroy(&p->lock);
	plat_free(p);
	vcpu_set_pmu(v, NULL);
}

void pmu_vcpu_reset(av_vcpu *v)
{
	struct vcpu_pmu *p = pmu_of(v);

	plat_mutex_lock(&p->lock);
	pmu_sync(p);
	p->pmcr = p->cnten = p->inten = p->ovs = 0;
	p->selr = p->userenr = p->ccfiltr = 0;
	for (unsigned i = 0; i < PMU_NR_COUNTERS; i++)
		p->evtyper[i] = p->evcntr[i] = 0;
	p->ccntr = p->div_rem = 0;
	pmu_update_line(p);
	plat_mutex_unlock(&p->lock);
}

int pmu_first_run(av_vcpu *v)
{
	struct vcpu_pmu *p = pmu_of(v);
	const struct irqchip_flow *ic = vm_irqchip(vcpu_vm(v));
	int ret = 0;

	plat_mutex_lock(&p->lock);
	/* KVM kvm_arm_pmu_v3_init: the PMU owns its PPI in the vGIC. */
	if (ic && ic->set_owner && !p->owned) {
		ret = ic->set_owner(v, PMU_IRQ, p);
		p->owned = !ret;
	}
	plat_mutex_unlock(&p->lock);
	return ret;
}

int pmu_get_reg(av_vcpu *v, uint32_t enc, uint64_t *val)
{
	for (unsigned i = 0; i < NR_PMU_SYSREGS; i++)
		if (pmu_sysregs[i].enc == enc) {
			if (enc == ENC_PMSWINC) {
				*val = 0;
				return 0;
			}
			return pmu_sysreg(v, enc, 1, false, val) ? -ENOENT : 0;
		}
	return -ENOENT;
}

int pmu_set_reg(av_vcpu *v, uint32_t enc, uint64_t val)
{
	for (unsigned i = 0; i < NR_PMU_SYSREGS; i++)
		if (pmu_sysregs[i].enc == enc) {
			if (enc == ENC_PMCEID0 || enc == ENC_PMCEID1)
				return 0; /* read-only: KVM ignores a match */
			return pmu_sysreg(v, enc, 1, true, &val) ? -EINVAL : 0;
		}
	return -ENOENT;
}
