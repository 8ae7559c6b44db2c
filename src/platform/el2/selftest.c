// SPDX-License-Identifier: MIT
/*
 * AV_EL2_MODE_SELFTEST: the hypervisor's own building blocks checked at EL2
 * on every pCPU, no guest.  Each check prints "PASS: ..." or "FAIL: ..." on
 * the console stream; the run ends with "EXIT: STATUS=1" (all passed) or
 * "EXIT: STATUS=3" and exit status 0 or 1 (tests/el2/run.sh).
 *
 * pCPU 0 leads: it starts each phase and the others join it through a
 * barrier; results are kept per pCPU and reported by pCPU 0.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "engine/el2/gic.h"
#include "engine/el2/hyptimer.h"
#include "engine/el2/irq.h"
#include "engine/el2/sysregs.h"
#include "engine/el2/vcpu.h"
#include "engine/el2/vgic_hw.h"
#include "platform/el2/alloc.h"
#include "platform/el2/clock.h"
#include "platform/el2/hosttimer.h"
#include "platform/el2/log.h"
#include "platform/el2/machine.h"
#include "platform/el2/percpu.h"
#include "platform/platform.h"

#define SCTLR_M (1ull << 0)
#define SCTLR_C (1ull << 2)
#define SCTLR_I (1ull << 12)
#define PINGS 50
#define MUTEX_ROUNDS 5000

extern char el2_stacks[];

static _Atomic unsigned failures, checks;
static _Atomic unsigned barrier_count, barrier_gen;

static void check(bool ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void check(bool ok, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	atomic_fetch_add(&checks, 1);
	if (!ok)
		atomic_fetch_add(&failures, 1);
	el2_console_printf("%s: %s\n", ok ? "PASS" : "FAIL", msg);
}

/* Every pCPU waits here until all have arrived (sense by generation). */
static void barrier(void)
{
	unsigned gen = atomic_load(&barrier_gen);

	if (atomic_fetch_add(&barrier_count, 1) + 1 == el2_nr_cpus) {
		atomic_store(&barrier_count, 0);
		atomic_fetch_add(&barrier_gen, 1);
		dsb(ish);
		sev();
		return;
	}
	while (atomic_load(&barrier_gen) == gen)
		wfe();
}

/* ---- 1. each pCPU came up right ---- */
static struct {
	uint64_t el, sctlr, sp, tpidr, mpidr;
} seen[EL2_MAX_CPUS];

static void phase_boot(unsigned cpu)
{
	uint64_t sp;

	asm volatile("mov %0, sp" : "=r"(sp));
	seen[cpu].el = current_el();
	seen[cpu].sctlr = read_sysreg(sctlr_el2);
	seen[cpu].sp = sp;
	seen[cpu].tpidr = read_sysreg(tpidr_el2);
	seen[cpu].mpidr = this_mpidr();
}

static void report_boot(void)
{
	for (unsigned i = 0; i < el2_nr_cpus; i++) {
		uintptr_t lo = (uintptr_t)el2_stacks + i * EL2_STACK_SIZE;

		check(seen[i].el == 2 &&
			      (seen[i].sctlr & (SCTLR_M | SCTLR_C | SCTLR_I)) ==
				      (SCTLR_M | SCTLR_C | SCTLR_I),
		      "pCPU %u runs at EL%lu with MMU and caches on "
		      "(SCTLR_EL2 %#lx)",
		      i, (unsigned long)seen[i].el,
		      (unsigned long)seen[i].sctlr);
		check(seen[i].sp > lo && seen[i].sp <= lo + EL2_STACK_SIZE &&
			      seen[i].tpidr == (uintptr_t)&el2_cpus[i] &&
			      seen[i].mpidr ==
				      el2_manifest.plat.pcpu_mpidr[i],
		      "pCPU %u has its own stack, per-CPU data and the "
		      "manifest's MPIDR %#lx",
		      i, (unsigned long)seen[i].mpidr);
	}
}

/* ---- 2. events and SGI kicks between pCPUs ---- */
static plat_event ping[EL2_MAX_CPUS], pong;
static _Atomic unsigned pongs;

static void phase_events(unsigned cpu)
{
	if (cpu == 0 && el2_nr_cpus == 1) {
		el2_console_printf("SKIP: plat_event ping-pong between pCPUs "
				   "(one pCPU)\n");
	} else if (cpu == 0) {
		unsigned ok = 0;

		for (unsigned i = 1; i < el2_nr_cpus; i++) {
			for (unsigned n = 0; n < PINGS; n++) {
				uint64_t dl = el2_ns() + 2000000000ull;

				plat_event_signal(&ping[i]);
				if (plat_event_wait(&pong, dl))
					ok++;
			}
		}
		check(ok == PINGS * (el2_nr_cpus - 1) &&
			      atomic_load(&pongs) == ok,
		      "plat_event ping-pong with SGI wake-ups: %u of %u round "
		      "trips",
		      ok, PINGS * (el2_nr_cpus - 1));
	} else {
		for (unsigned n = 0; n < PINGS; n++) {
			if (!plat_event_wait(&ping[cpu],
					     el2_ns() + 2000000000ull))
				break;
			atomic_fetch_add(&pongs, 1);
			plat_event_signal(&pong);
		}
	}
}

/* ---- 3. one-shot timers and waits with a deadline ---- */
struct timer_probe {
	plat_event done;
	uint64_t deadline, fired_at;
	unsigned fired_on;
	_Atomic unsigned count;
};

static struct timer_probe probes[EL2_MAX_CPUS];
static uint64_t wait_late[EL2_MAX_CPUS], timer_late[EL2_MAX_CPUS];
static bool timer_ok[EL2_MAX_CPUS], wait_ok[EL2_MAX_CPUS];

static void probe_fire(void *arg)
{
	struct timer_probe *p = arg;

	p->fired_at = el2_ns();
	p->fired_on = this_cpu_index();
	atomic_fetch_add(&p->count, 1);
	plat_event_signal(&p->done);
}

static void phase_timers(unsigned cpu)
{
	struct timer_probe *p = &probes[cpu];
	plat_timer *t = plat_timer_create(probe_fire, p);
	plat_timer *never = plat_timer_create(probe_fire, p);
	plat_event idle;
	uint64_t dl;
	bool got;

	plat_event_init(&p->done);
	plat_event_init(&idle);
	/* A timer armed then cancelled must not fire; one armed after it,
	 * 2 ms + 0.1 ms * cpu ahead, must fire once, on this pCPU, not
	 * before its deadline. */
	plat_timer_arm(never, el2_ns() + 1000000);
	plat_timer_cancel(never);
	p->deadline = el2_ns() + 2000000 + 100000 * cpu;
	plat_timer_arm(t, p->deadline);
	got = plat_event_wait(&p->done, el2_ns() + 2000000000ull);
	/* Let a wrongly still armed 'never' show itself. */
	el2_udelay(2000);
	el2_irq_handle();
	timer_ok[cpu] = got && atomic_load(&p->count) == 1 &&
			p->fired_on == cpu && p->fired_at >= p->deadline;
	timer_late[cpu] = p->fired_at - p->deadline;
	plat_timer_destroy(t);
	plat_timer_destroy(never);

	/* A wait nobody signals ends at its deadline, not before. */
	dl = el2_ns() + 3000000;
	got = plat_event_wait(&idle, dl);
	wait_late[cpu] = el2_ns() - dl;
	wait_ok[cpu] = !got && el2_ns() >= dl;
}

static void report_timers(void)
{
	for (unsigned i = 0; i < el2_nr_cpus; i++) {
		check(timer_ok[i], "pCPU %u: plat_timer fired once, on its "
		      "pCPU, %lu us after its deadline (a cancelled one "
		      "never)", i, (unsigned long)(timer_late[i] / 1000));
		check(wait_ok[i], "pCPU %u: plat_event_wait with no signal "
		      "returned false %lu us after its deadline", i,
		      (unsigned long)(wait_late[i] / 1000));
	}
}

/* ---- 4. spinlock mutex under contention ---- */
static plat_mutex mutex;
static uint64_t shared_counter;

static void phase_mutex(unsigned cpu)
{
	(void)cpu;
	for (unsigned i = 0; i < MUTEX_ROUNDS; i++) {
		plat_mutex_lock(&mutex);
		/* A non-atomic read-modify-write: lost updates if the lock
		 * does not exclude. */
		uint64_t v = *(volatile uint64_t *)&shared_counter;

		*(volatile uint64_t *)&shared_counter = v + 1;
		plat_mutex_unlock(&mutex);
	}
}

/* ---- 5. pCPU 0 alone: time, allocator, GIC EOImode, CNTHP ---- */
static void check_time(void)
{
	bool ok = true;
	uint64_t prev = 0;

	for (unsigned i = 0; i < 2000 && ok; i++) {
		uint64_t t = el2_ticks() + i * 7919;
		uint64_t ns = el2_ticks_to_ns(t);

		ok = counter_ns_to_ticks(ns, el2_cntfrq) == t && ns >= prev;
		prev = ns;
	}
	check(ok, "plat_monotonic_ns from CNTPCT_EL0 converts back to the "
	      "same tick (CNTFRQ %lu Hz)", (unsigned long)el2_cntfrq);
	ok = true;
	for (uint64_t ns = 1; ns < 5000000000ull && ok; ns = ns * 3 + 1) {
		uint64_t c = el2_ns_to_cval(ns);

		ok = el2_ticks_to_ns(c) >= ns && el2_ticks_to_ns(c - 1) < ns;
	}
	check(ok, "the deadline -> CVAL conversion gives the first tick at "
	      "the deadline");
}

static void check_alloc(void)
{
	void *p[64];
	size_t free0, free1, largest;
	bool ok = true;

	el2_heap_stats(&el2_heap, &free0, &largest);
	for (unsigned i = 0; i < 64; i++) {
		size_t align = (i % 5 == 0) ? 4096 : 16;

		p[i] = el2_heap_alloc(&el2_heap, 24 + i * 37, align);
		ok &= p[i] && !((uintptr_t)p[i] & (align - 1));
		if (p[i])
			memset(p[i], 0xa5, 24 + i * 37);
	}
	ok &= el2_heap_check(&el2_heap) == 0;
	for (unsigned i = 0; i < 64; i += 2)
		plat_free(p[i]);
	ok &= el2_heap_check(&el2_heap) == 0;
	for (unsigned i = 1; i < 64; i += 2)
		plat_free(p[i]);
	el2_heap_stats(&el2_heap, &free1, &largest);
	ok &= el2_heap_check(&el2_heap) == 0 && free1 == free0;
	ok &= el2_heap_free(&el2_heap, (char *)p[3] + 16) != 0;
	check(ok, "allocator: aligned blocks, frees merge back to %lu bytes "
	      "free, a bad pointer is refused", (unsigned long)free1);
}

static bool held_active;

static bool hold_sgi(unsigned intid, void *arg)
{
	(void)arg;
	/* Priority dropped (EOIR written), still active. */
	held_active = el2_gic_is_active(intid) &&
		      el2_gic_running_priority() == 0xff;
	return false; /* leave it active */
}

static bool count_sgi(unsigned intid, void *arg)
{
	(void)intid;
	atomic_fetch_add((_Atomic unsigned *)arg, 1);
	return true;
}

static void check_gic(void)
{
	static _Atomic unsigned again;
	const unsigned sgi = 7;
	unsigned n;

	el2_irq_register(sgi, hold_sgi, NULL);
	el2_gic_enable(sgi, true);
	el2_gic_send_sgi(0, sgi);
	el2_udelay(100);
	n = el2_irq_handle();
	check(n == 1 && held_active && el2_gic_is_active(sgi),
	      "GICv%u EOImode 1: after EOI the SGI is still active and the "
	      "running priority is idle", el2_gic_version());
	/* While active, a second one stays pending and is not taken. */
	el2_irq_register(sgi, count_sgi, &again);
	el2_gic_send_sgi(0, sgi);
	el2_udelay(100);
	n = el2_irq_handle();
	check(n == 0 && el2_gic_is_pending(sgi),
	      "GICv%u: an active SGI's new instance waits (pending)",
	      el2_gic_version());
	el2_gic_deactivate(sgi);
	el2_udelay(100);
	n = el2_irq_handle();
	check(n == 1 && atomic_load(&again) == 1 && !el2_gic_is_active(sgi),
	      "GICv%u: deactivating lets the pending SGI in",
	      el2_gic_version());
	el2_gic_enable(sgi, false);
}

/* The virtualization registers hold what is written (LRs, VMCR, APRs),
 * from this pCPU, with no guest. */
static void check_vgic_hw(void)
{
	const uint64_t lr3 = 0x50a0000000000000ull | 33; /* pending G1 */
	const uint32_t lr2 = 0x10000000u | 0x80u << 23 >> 3 | 33;
	unsigned lrs;
	bool ok;

	if (el2_gic_version() == 3) {
		lrs = el2_vgic_v3_nr_lrs();
		el2_vgic_v3_write_lr(lrs - 1, lr3);
		el2_vgic_v3_write_vmcr(0xf0000001); /* VPMR 0xf0, VENG0 */
		el2_vgic_v3_write_ap1r(0, 1);
		isb();
		/* VPMR [31:24] and VENG0 [0] read back; the binary points
		 * may be raised to their minimum (IHI 0069 12.4.x). */
		ok = el2_vgic_v3_read_lr(lrs - 1) == lr3 &&
		     (el2_vgic_v3_read_vmcr() & 0xff000001) == 0xf0000001 &&
		     el2_vgic_v3_read_ap1r(0) == 1 &&
		     !(el2_vgic_v3_read_elrsr() & (1u << (lrs - 1)));
		el2_vgic_v3_reset_cpu();
		ok &= el2_vgic_v3_read_elrsr() == (1u << lrs) - 1;
		check(ok && lrs >= 1 && lrs <= 16,
		      "ICH_VTR_EL2: %u list registers; ICH_LR, ICH_VMCR, "
		      "ICH_AP1R hold what EL2 writes, ICH_ELRSR follows",
		      lrs);
	} else {
		lrs = el2_vgic_v2_nr_lrs();
		el2_vgic_v2_write_lr(lrs - 1, lr2);
		el2_vgic_v2_write_apr(1);
		ok = el2_vgic_v2_read_lr(lrs - 1) == lr2 &&
		     el2_vgic_v2_read_apr() == 1 &&
		     !(el2_vgic_v2_read_elrsr() & (1ull << (lrs - 1)));
		el2_vgic_v2_reset_cpu();
		ok &= el2_vgic_v2_read_elrsr() == (1ull << lrs) - 1;
		check(ok && lrs >= 1 && lrs <= 64,
		      "GICH_VTR: %u list registers; GICH_LR, GICH_APR hold "
		      "what EL2 writes, GICH_ELRSR follows", lrs);
	}
}

/* Every register of the one-reg table reads, and takes back its own value
 * (an encoding the CPU lacks would be an UNDEFINED exception at EL2) --
 * except CNTVCT_EL0, read-only and never the same twice. */
static void check_sysreg_table(void)
{
	static uint64_t ids[512];
	struct el2_vcpu v = { .pcpu = 0, .vmpidr = 1ull << 31 };
	unsigned n = el2_vcpu_reg_list(ids, 512), bad = 0;

	for (unsigned i = 0; i < n && i < 512; i++) {
		uint64_t val;

		bool cntvct = (ids[i] & 0xffff) == 0xdf02;

		if (el2_vcpu_get_reg(&v, ids[i], &val) ||
		    (!cntvct && el2_vcpu_set_reg(&v, ids[i], val))) {
			el2_log("one-reg %#lx: not readable or writable",
				(unsigned long)ids[i]);
			bad++;
		}
	}
	check(n <= 512 && n > 40 && !bad,
	      "one-reg: all %u registers of this CPU read and write back", n);
}

static uint64_t cnthp_seen;

static void cnthp_probe(void)
{
	cnthp_seen = el2_ticks();
	el2_timers_expire();
}

static void check_cnthp(void)
{
	uint64_t cval = el2_ticks() + el2_cntfrq / 1000; /* 1 ms */
	uint64_t end = el2_ns() + 1000000000ull;

	/* Take CNTHP ourselves for a moment. */
	el2_hyptimer_init_cpu(cnthp_probe);
	cnthp_seen = 0;
	el2_hyptimer_set(cval);
	while (!cnthp_seen && el2_ns() < end) {
		wfi();
		el2_irq_handle();
	}
	check(cnthp_seen >= cval,
	      "CNTHP (PPI 26) fires at EL2 not before its CVAL (%lu ticks "
	      "late)", (unsigned long)(cnthp_seen - cval));
	el2_timers_init_cpu();
}

static void st_boot(void)
{
	for (unsigned i = 0; i < EL2_MAX_CPUS; i++)
		plat_event_init(&ping[i]);
	plat_event_init(&pong);
	plat_mutex_init(&mutex);
}

static void st_cpu_main(unsigned cpu)
{
	barrier();
	phase_boot(cpu);
	barrier();
	phase_events(cpu);
	barrier();
	phase_timers(cpu);
	barrier();
	phase_mutex(cpu);
	barrier();
	if (cpu != 0) {
		for (;;)
			el2_idle_until(0);
	}
	report_boot();
	report_timers();
	check(shared_counter == (uint64_t)MUTEX_ROUNDS * el2_nr_cpus,
	      "plat_mutex: %lu increments from %u pCPUs, none lost",
	      (unsigned long)shared_counter, el2_nr_cpus);
	check_time();
	check_alloc();
	check_gic();
	check_vgic_hw();
	check_sysreg_table();
	check_cnthp();
	el2_console_printf("SUMMARY: %u checks, %u failures\n",
			   atomic_load(&checks), atomic_load(&failures));
	el2_console_printf("EXIT: STATUS=%d\n",
			   atomic_load(&failures) ? 3 : 1);
	el2_machine_exit(atomic_load(&failures) ? EL2_STATUS_FAIL
						 : EL2_STATUS_OK);
}

const struct el2_app el2_app_selftest = {
	.name = "selftest",
	.boot = st_boot,
	.cpu_main = st_cpu_main,
};
