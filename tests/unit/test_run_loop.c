// SPDX-License-Identifier: MIT
/*
 * The run loop itself (src/core/run.c), exit by exit, over the null
 * engine: which exits the core answers in place without leaving
 * av_vcpu_run (its fast loop), which go to the VMM and how their answers
 * come back at the next entry, WFI blocking and its wake-ups, and kicks.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "null_harness.h"

#define ENC_CNTFRQ SYSREG_ENC(3, 3, 14, 0, 0)
#define ENC_CNTKCTL SYSREG_ENC(3, 0, 14, 1, 0)
#define ENC_CNTV_CTL SYSREG_ENC(3, 3, 14, 3, 1)
#define ENC_CNTV_CVAL SYSREG_ENC(3, 3, 14, 3, 2)
#define ENC_SCTLR SYSREG_ENC(3, 0, 1, 0, 0)
#define ENC_MPIDR SYSREG_ENC(3, 0, 0, 0, 5)
#define ENC_ICC_PMR SYSREG_ENC(3, 0, 4, 6, 0)
#define ENC_ICC_IAR1 SYSREG_ENC(3, 0, 12, 12, 0)
#define ENC_ICC_IGRPEN1 SYSREG_ENC(3, 0, 12, 12, 7)
#define PL011 0x09000000ull
#define SPI 40

static av_vm *vm_of(enum av_irqchip_kind chip)
{
	struct av_vm_config cfg = { .nr_vcpus = 1, .irqchip = chip };

	return nh_vm_new(&cfg);
}

static int64_t push_sysreg(av_vcpu *v, uint32_t enc, bool is_write,
			   unsigned el, uint64_t val)
{
	struct engine_exit e = { .kind = ENGINE_EXIT_SYSREG };

	e.sysreg.enc = enc;
	e.sysreg.is_write = is_write;
	e.sysreg.el = el;
	e.sysreg.val = val;
	return null_engine_push_exit(v, &e);
}

static int64_t push_mmio(av_vcpu *v, uint64_t addr, unsigned len,
			 bool is_write, uint64_t val)
{
	struct engine_exit e = { .kind = ENGINE_EXIT_MMIO };

	e.mmio.addr = addr;
	e.mmio.len = len;
	e.mmio.is_write = is_write;
	e.mmio.val = val;
	return null_engine_push_exit(v, &e);
}

static struct null_answer answer(av_vcpu *v, int64_t seq)
{
	struct null_answer a;

	assert_int_equal(null_engine_answer(v, seq, &a), 0);
	return a;
}

static uint64_t stat_exits(av_vcpu *v)
{
	uint64_t n = 0;

	assert_int_equal(av_vcpu_get_one_reg(v, AV_REG_ARMVISOR_STAT_EXITS,
					     &n),
			 0);
	return n;
}

static struct null_stats stats(av_vcpu *v)
{
	struct null_stats s;

	null_engine_stats(v, &s);
	return s;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* SPI 40 (GICv3) and the CPU interface set up to signal it. */
static void gic_ready(av_vcpu *v)
{
	uint64_t val;

	val = 2; /* GICD_CTLR.EnableGrp1A */
	assert_int_equal(nh_mmio(v, NH_GICD, 4, true, &val), 0);
	val = 1u << (SPI % 32);
	assert_int_equal(nh_mmio(v, NH_GICD + 0x100 + SPI / 32 * 4, 4, true,
				 &val),
			 0);
	val = 0x80;
	assert_int_equal(nh_mmio(v, NH_GICD + 0x400 + SPI, 1, true, &val), 0);
	val = 0xff;
	assert_int_equal(nh_sysreg(v, ENC_ICC_PMR, true, 1, &val), 0);
	val = 1;
	assert_int_equal(nh_sysreg(v, ENC_ICC_IGRPEN1, true, 1, &val), 0);
}

/* ---- the fast loop: trapped system registers -------------------------- */

/* An engine that cannot count instructions (ENGINE_CAP_NO_INSN_COUNT: the
 * EL2 engine) gets a PMU that does not offer INST_RETIRED: the guest's
 * MRS PMCEID0_EL0 lists SW_INCR and CPU_CYCLES only (src/pmu). */
static void test_pmu_without_insn_count(void **state)
{
	for (int no_count = 0; no_count < 2; no_count++) {
		struct engine_entry a;
		av_vm *vm;

		null_engine_set_caps(no_count ? ENGINE_CAP_NO_INSN_COUNT : 0);
		vm = vm_of(AV_IRQCHIP_GICV3);
		null_engine_set_caps(0);
		a = nh_guest_sysreg(av_vm_vcpu(vm, 0),
				    SYSREG_ENC(3, 3, 9, 12, 6), false, 1, 0);
		assert_int_equal(a.result, ENGINE_DONE);
		assert_int_equal(a.val, no_count ? (1ull | 1ull << 17)
						 : (1ull | 1ull << 8 |
						    1ull << 17));
		nh_vm_free(vm);
	}
}

static void test_sysreg_in_place(void **state)
{
	av_vm *vm = vm_of(AV_IRQCHIP_GICV3);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	int64_t s[7];
	uint64_t exits;
	struct null_stats before;

	nh_run(v); /* first run done: what follows is the steady state */
	exits = stat_exits(v);
	before = stats(v);
	s[0] = push_sysreg(v, ENC_CNTV_CVAL, true, 1, 0x123456789ull);
	s[1] = push_sysreg(v, ENC_CNTV_CVAL, false, 1, 0);
	s[2] = push_sysreg(v, ENC_CNTFRQ, false, 1, 0);
	s[3] = push_sysreg(v, ENC_CNTFRQ, true, 1, 1000); /* read-only */
	/* CNTKCTL_EL1 resets to 0: EL0 may not touch the virtual timer
	 * (Arm ARM D17.8): a trap to EL1, EC 0x18. */
	s[4] = push_sysreg(v, ENC_CNTV_CTL, false, 0, 0);
	s[5] = push_sysreg(v, ENC_SCTLR, false, 1, 0); /* not the core's */
	s[6] = push_sysreg(v, ENC_MPIDR, false, 1, 0);
	nh_run(v);

	assert_int_equal(answer(v, s[0]).entry.result, ENGINE_DONE);
	assert_int_equal(answer(v, s[1]).entry.result, ENGINE_DONE);
	assert_int_equal(answer(v, s[1]).entry.val, 0x123456789ull);
	assert_int_equal(answer(v, s[2]).entry.result, ENGINE_DONE);
	assert_int_equal(answer(v, s[2]).entry.val, AV_DEFAULT_CNTFRQ);
	assert_int_equal(answer(v, s[3]).entry.result, ENGINE_UNDEF);
	assert_int_equal(answer(v, s[4]).entry.result, ENGINE_TRAP_EL1);
	assert_int_equal(answer(v, s[5]).entry.result, ENGINE_MODEL);
	assert_int_equal(answer(v, s[6]).entry.result, ENGINE_DONE);
	assert_int_equal(answer(v, s[6]).entry.val, av_vcpu_mpidr(v));
	/* All answered in place: one full entry, one exit (the drained
	 * script), no return to the caller in between. */
	for (int i = 0; i < 7; i++)
		assert_false(answer(v, s[i]).loop_entry);
	assert_int_equal(stats(v).loop_enters, before.loop_enters + 1);
	assert_int_equal(stats(v).enters, before.enters + 8);
	assert_int_equal(stat_exits(v), exits + 1);
	nh_vm_free(vm);
}

/* An in-kernel device (the distributor) is answered in place too. */
static void test_in_kernel_mmio(void **state)
{
	av_vm *vm = vm_of(AV_IRQCHIP_GICV3);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	int64_t s;
	uint64_t exits;

	nh_run(v);
	exits = stat_exits(v);
	s = push_mmio(v, NH_GICD + 0x8, 4, false, 0); /* GICD_IIDR */
	nh_run(v);
	assert_int_equal(answer(v, s).entry.result, ENGINE_DONE);
	assert_int_equal(answer(v, s).entry.val, 0x4b00343b);
	assert_false(answer(v, s).loop_entry);
	assert_int_equal(stat_exits(v), exits + 1);
	nh_vm_free(vm);
}

/* ---- exits to the VMM -------------------------------------------------- */

static void test_mmio_to_vmm(void **state)
{
	av_vm *vm = vm_of(AV_IRQCHIP_GICV3);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	struct av_run *run = av_vcpu_run_struct(v);
	int64_t rd, wr, ab;

	assert_int_equal(av_vcpu_inject_ext_abort(v), -EINVAL);
	rd = push_mmio(v, PL011 + 0x18, 4, false, 0);
	assert_int_equal(av_vcpu_run(v), 0);
	assert_int_equal(run->exit_reason, AV_EXIT_MMIO);
	assert_int_equal(run->mmio.phys_addr, PL011 + 0x18);
	assert_int_equal(run->mmio.len, 4);
	assert_false(run->mmio.is_write);
	struct null_answer a;

	assert_int_equal(null_engine_answer(v, rd, &a), -EAGAIN); /* not yet */
	/* The instruction is half done: its PC is not the VMM's to move. */
	assert_int_equal(av_vcpu_set_one_reg(v, AV_REG_PC, 0x1000), -EBUSY);
	memcpy(run->mmio.data, "\xef\xbe\xad\xde", 4);

	wr = push_mmio(v, PL011, 8, true, 0x1122334455667788ull);
	ab = push_mmio(v, PL011 + 4, 2, false, 0);
	assert_int_equal(av_vcpu_run(v), 0);
	/* The read's answer came back with the next entry. */
	assert_int_equal(answer(v, rd).entry.result, ENGINE_DONE);
	assert_int_equal(answer(v, rd).entry.val, 0xdeadbeef);
	assert_true(answer(v, rd).loop_entry);
	assert_int_equal(run->exit_reason, AV_EXIT_MMIO);
	assert_true(run->mmio.is_write);
	assert_int_equal(run->mmio.len, 8);
	assert_memory_equal(run->mmio.data,
			    "\x88\x77\x66\x55\x44\x33\x22\x11", 8);

	assert_int_equal(av_vcpu_run(v), 0);
	assert_int_equal(answer(v, wr).entry.result, ENGINE_DONE);
	assert_int_equal(run->exit_reason, AV_EXIT_MMIO);
	assert_int_equal(run->mmio.phys_addr, PL011 + 4);
	/* No device there: the VMM answers with an external abort. */
	assert_int_equal(av_vcpu_inject_ext_abort(v), 0);
	nh_run(v);
	assert_int_equal(answer(v, ab).entry.result, ENGINE_EXT_ABORT);
	assert_int_equal(av_vcpu_set_one_reg(v, AV_REG_PC, 0x1000), 0);
	nh_vm_free(vm);
}

static void test_hvc_to_vmm(void **state)
{
	struct av_vm_config cfg = { .nr_vcpus = 1,
				    .irqchip = AV_IRQCHIP_RVIC };
	av_vm *vm = nh_vm_new(&cfg);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	struct av_run *run = av_vcpu_run_struct(v);
	uint64_t x[8] = { 0x84000000, 1, 2, 3, 4, 5, 6, 7 }; /* PSCI_VERSION */
	uint64_t own[8] = { 0xc5000200 };                   /* rVIC VERSION */
	int64_t s, t, u;

	s = null_engine_push_call(v, false, 0, x);
	assert_int_equal(av_vcpu_run(v), 0);
	assert_int_equal(run->exit_reason, AV_EXIT_HYPERCALL);
	assert_int_equal(run->hypercall.nr, 0x84000000);
	for (int i = 0; i < 6; i++)
		assert_int_equal(run->hypercall.args[i], x[i + 1]);
	assert_int_equal(run->hypercall.flags, 0);
	/* Pre-filled: SMCCC NOT_SUPPORTED, x1..x3 preserved. */
	assert_int_equal(run->hypercall.ret[0], (uint64_t)-1);
	assert_int_equal(run->hypercall.ret[1], 1);
	assert_int_equal(run->hypercall.ret[3], 3);
	run->hypercall.ret[0] = 0x10000;
	run->hypercall.ret[1] = 11;
	run->hypercall.ret[2] = 12;
	run->hypercall.ret[3] = 13;

	x[0] = 0xc4000003; /* SMC: CPU_ON, 64-bit */
	t = null_engine_push_call(v, true, 0, x);
	assert_int_equal(av_vcpu_run(v), 0);
	assert_int_equal(answer(v, s).x[0], 0x10000);
	assert_int_equal(answer(v, s).x[1], 11);
	assert_int_equal(answer(v, s).x[2], 12);
	assert_int_equal(answer(v, s).x[3], 13);
	assert_int_equal(run->exit_reason, AV_EXIT_HYPERCALL);
	assert_int_equal(run->hypercall.flags, AV_HYPERCALL_SMC);
	assert_int_equal(run->hypercall.nr, 0xc4000003);

	/* A call the core owns never reaches the VMM. */
	u = null_engine_push_call(v, false, 0, own);
	nh_run(v);
	assert_int_equal(answer(v, t).x[0], (uint64_t)-1);
	assert_int_equal(answer(v, t).x[1], 1);
	assert_int_equal(answer(v, u).x[0], 0);
	assert_int_equal(answer(v, u).x[1], 3); /* rVIC 0.3 */
	assert_false(answer(v, u).loop_entry);
	nh_vm_free(vm);
}

/* ---- WFI --------------------------------------------------------------- */

struct runner {
	av_vcpu *v;
	pthread_t t;
	int ret;
	_Atomic bool done;
	double took;
};

static void *runner_main(void *arg)
{
	struct runner *r = arg;
	double t0 = now_s();

	r->ret = av_vcpu_run(r->v);
	r->took = now_s() - t0;
	atomic_store(&r->done, true);
	return NULL;
}

static void run_async(struct runner *r, av_vcpu *v)
{
	r->v = v;
	atomic_store(&r->done, false);
	assert_int_equal(pthread_create(&r->t, NULL, runner_main, r), 0);
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static void test_wfi_wakes_on_interrupt(void **state)
{
	av_vm *vm = vm_of(AV_IRQCHIP_GICV3);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	struct engine_exit wfi = { .kind = ENGINE_EXIT_WFI };
	struct runner r;

	gic_ready(v);
	nh_run(v);
	assert_false(nh_irq(v));
	null_engine_push_exit(v, &wfi);
	run_async(&r, v);
	sleep_ms(50);
	assert_false(atomic_load(&r.done));
	/* A kick alone is no reason to leave WFI (KVM kvm_vcpu_check_block). */
	av_vcpu_kick(v, 0);
	sleep_ms(30);
	assert_false(atomic_load(&r.done));
	/* An interrupt is, even with PSTATE.I set (the reset state; Arm ARM
	 * D1.16.2). */
	assert_int_equal(av_vm_irq_line(vm, AV_IRQ_TYPE_SPI, 0, SPI, 1), 0);
	pthread_join(r.t, NULL);
	assert_int_equal(r.ret, 0);
	assert_true(r.took >= 0.075);
	assert_true(nh_irq(v)); /* re-entered with the line */
	nh_vm_free(vm);
}

static void test_wfi_kick_exit(void **state)
{
	av_vm *vm = vm_of(AV_IRQCHIP_GICV3);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	struct engine_exit wfi = { .kind = ENGINE_EXIT_WFI };
	struct runner r;

	null_engine_push_exit(v, &wfi);
	run_async(&r, v);
	sleep_ms(30);
	assert_false(atomic_load(&r.done));
	av_vcpu_kick(v, AV_KICK_EXIT);
	pthread_join(r.t, NULL);
	assert_int_equal(r.ret, -EINTR);
	assert_int_equal(av_vcpu_run_struct(v)->exit_reason, AV_EXIT_INTR);
	nh_vm_free(vm);
}

/* The background timer ends a WFI at the virtual timer's deadline. */
static void test_wfi_timer(void **state)
{
	av_vm *vm = vm_of(AV_IRQCHIP_GICV3);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	struct engine_exit wfi = { .kind = ENGINE_EXIT_WFI };
	uint64_t cnt, val;
	struct runner r;

	gic_ready(v);
	val = 1u << 27; /* vtimer PPI: GICR_ISENABLER0 */
	assert_int_equal(nh_mmio(v, NH_GICR + 0x10000 + 0x100, 4, true, &val),
			 0);
	nh_run(v); /* first run: the timer's INTID is mapped */
	assert_int_equal(av_vcpu_get_one_reg(v, AV_REG_ARM_TIMER_CNT, &cnt), 0);
	/* 40 ms at 62.5 MHz */
	assert_int_equal(av_vcpu_set_one_reg(v, AV_REG_ARM_TIMER_CVAL,
					     cnt + 2500000),
			 0);
	assert_int_equal(av_vcpu_set_one_reg(v, AV_REG_ARM_TIMER_CTL, 1), 0);
	null_engine_push_exit(v, &wfi);
	run_async(&r, v);
	pthread_join(r.t, NULL);
	assert_int_equal(r.ret, 0);
	assert_true(r.took >= 0.035);
	assert_true(r.took < 5);
	assert_true(nh_irq(v));
	nh_vm_free(vm);
}

/* ---- kicks and the fast loop ------------------------------------------ */

static void kick_on_second_entry(av_vcpu *v, const struct engine_entry *in,
				 void *arg)
{
	unsigned *n = arg;

	if (++*n == 2)
		av_vcpu_kick(v, 0); /* as if from another thread, now */
}

static void test_kick_ends_fast_loop(void **state)
{
	av_vm *vm = vm_of(AV_IRQCHIP_GICV3);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	struct null_stats before;
	uint64_t exits;
	unsigned n = 0;
	int64_t s[3];

	nh_run(v);
	exits = stat_exits(v);
	before = stats(v);
	for (int i = 0; i < 3; i++)
		s[i] = push_sysreg(v, ENC_CNTFRQ, false, 1, 0);
	null_engine_set_hook(v, kick_on_second_entry, &n);
	nh_run(v);
	null_engine_set_hook(v, NULL, NULL);
	/* The kick arrived while the guest ran after the first exit: the
	 * fast loop ended, the run loop went round (a second full entry),
	 * and the rest of the script ran after it. */
	assert_int_equal(stats(v).kicks, before.kicks + 1);
	assert_int_equal(stats(v).loop_enters, before.loop_enters + 2);
	assert_int_equal(stat_exits(v), exits + 2);
	assert_false(answer(v, s[0]).loop_entry);
	assert_true(answer(v, s[1]).loop_entry == false);
	for (int i = 0; i < 3; i++)
		assert_int_equal(answer(v, s[i]).entry.val, AV_DEFAULT_CNTFRQ);
	nh_vm_free(vm);
}

/* An acknowledge in the fast loop drops the line: the vGIC kicks its own
 * vCPU, and the next entry has the new line. */
static void test_self_kick_relines(void **state)
{
	av_vm *vm = vm_of(AV_IRQCHIP_GICV3);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	int64_t ack, frq;

	gic_ready(v);
	assert_int_equal(av_vm_irq_line(vm, AV_IRQ_TYPE_SPI, 0, SPI, 1), 0);
	nh_run(v);
	assert_true(nh_irq(v));
	ack = push_sysreg(v, ENC_ICC_IAR1, false, 1, 0);
	frq = push_sysreg(v, ENC_CNTFRQ, false, 1, 0);
	nh_run(v);
	assert_int_equal(answer(v, ack).entry.val, SPI);
	assert_true(answer(v, ack).loop_entry);
	assert_false(answer(v, ack).entry.irq);
	assert_false(answer(v, frq).loop_entry);
	nh_vm_free(vm);
}

static void exit_user_on_first(av_vcpu *v, const struct engine_entry *in,
			       void *arg)
{
	bool *done = arg;

	if (!*done) {
		*done = true;
		av_vcpu_kick(v, AV_KICK_EXIT);
	}
}

/* AV_KICK_EXIT during the fast loop: av_vcpu_run returns -EINTR, the rest
 * of the guest's work is still to do. */
static void test_kick_exit_in_fast_loop(void **state)
{
	av_vm *vm = vm_of(AV_IRQCHIP_GICV3);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	bool done = false;

	nh_run(v);
	for (int i = 0; i < 3; i++)
		push_sysreg(v, ENC_CNTFRQ, false, 1, 0);
	null_engine_set_hook(v, exit_user_on_first, &done);
	assert_int_equal(av_vcpu_run(v), -EINTR);
	assert_int_equal(av_vcpu_run_struct(v)->exit_reason, AV_EXIT_INTR);
	assert_int_equal(stats(v).queued, 3);
	null_engine_set_hook(v, NULL, NULL);
	nh_run(v);
	assert_int_equal(stats(v).queued, 0);
	nh_vm_free(vm);
}

/* ---- av_vcpu_get_stats / av_vm_get_stats and the trace sink ---- */

static uint64_t named_stat(av_vcpu *v, const char *name)
{
	struct av_stat st[128];
	int n = av_vcpu_get_stats(v, st, 128);

	assert_true(n > 0 && n <= 128);
	for (int i = 0; i < n; i++)
		if (!strcmp(st[i].name, name))
			return st[i].value;
	fail_msg("no counter %s", name);
	return 0;
}

static void test_stats_api(void **state)
{
	av_vm *vm = vm_of(AV_IRQCHIP_GICV3);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	struct av_stat st[128], one;
	uint64_t sysreg, mmio, exits;
	int n;

	assert_int_equal(av_vcpu_get_stats(NULL, st, 1), -EINVAL);
	assert_int_equal(av_vm_get_stats(NULL, st, 1), -EINVAL);
	assert_int_equal(av_vcpu_get_stats(v, NULL, 1), -EINVAL);
	n = av_vcpu_get_stats(v, NULL, 0); /* sizing call */
	assert_true(n > 32);
	assert_int_equal(av_vcpu_get_stats(v, &one, 1), n); /* truncated */
	assert_string_equal(one.name, "exits");
	assert_int_equal(av_vcpu_get_stats(v, st, 128), n);
	assert_string_equal(st[n - 1].name, "irq_injected_31");
	for (int i = 0; i < n; i++)
		if (!strcmp(st[i].name, "halt_wait_ns")) {
			assert_int_equal(st[i].flags, AV_STATS_UNIT_SECONDS);
			assert_int_equal(st[i].exponent, -9);
		}
	n = av_vm_get_stats(vm, st, 128);
	assert_true(n >= 2);
	assert_string_equal(st[0].name, "kicks_sent");

	nh_run(v);
	sysreg = named_stat(v, "sysreg_exit");
	mmio = named_stat(v, "mmio_exit_kernel");
	exits = named_stat(v, "exits");
	for (int i = 0; i < 5; i++)
		push_sysreg(v, ENC_CNTFRQ, false, 1, 0);
	push_mmio(v, NH_GICD + 0x8, 4, false, 0);
	nh_run(v);
	assert_int_equal(named_stat(v, "sysreg_exit"), sysreg + 5);
	assert_int_equal(named_stat(v, "mmio_exit_kernel"), mmio + 1);
	/* The same counter as the debug one-reg. */
	assert_int_equal(named_stat(v, "exits"), exits + 1);
	assert_int_equal(named_stat(v, "exits"), stat_exits(v));
	nh_vm_free(vm);
}

static struct av_trace_event traced[256];
static unsigned nr_traced;

static void collect(void *opaque, const struct av_trace_event *e)
{
	assert_ptr_equal(opaque, traced);
	if (nr_traced < 256)
		traced[nr_traced++] = *e;
}

static void test_trace_sink(void **state)
{
	av_vm *vm = vm_of(AV_IRQCHIP_GICV3);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	unsigned guest = 0, exit = 0;

	assert_int_equal(av_trace_set_sink(1u << 20, collect, traced),
			 -EINVAL);
	assert_int_equal(av_trace_set_sink(AV_TRACE_CLASS_EXIT, NULL, NULL),
			 -EINVAL);
	nh_run(v);
	nr_traced = 0;
	assert_int_equal(av_trace_set_sink(AV_TRACE_CLASS_EXIT, collect,
					   traced),
			 0);
	push_sysreg(v, ENC_CNTFRQ, false, 1, 0);
	push_sysreg(v, ENC_CNTFRQ, false, 1, 0);
	nh_run(v);
	assert_int_equal(av_trace_set_sink(0, NULL, NULL), 0);
	for (unsigned i = 0; i < nr_traced; i++) {
		const struct av_trace_event *e = &traced[i];

		assert_int_equal(e->vcpu, 0);
		assert_true(e->ts_ns > 0);
		if (e->type == AV_TRACE_GUEST && e->arg0 == AV_TRACE_EXIT_SYSREG)
			guest++;
		if (e->type == AV_TRACE_EXIT && e->arg0 == AV_TRACE_EXIT_SYSREG) {
			exit++;
			/* The exit span starts where the guest span ended. */
			assert_true(i > 0 && traced[i - 1].type == AV_TRACE_GUEST);
			assert_int_equal(e->ts_ns, traced[i - 1].ts_ns +
							   traced[i - 1].dur_ns);
		}
	}
	assert_int_equal(guest, 2);
	assert_int_equal(exit, 2);
	/* Off: nothing more arrives. */
	nr_traced = 0;
	push_sysreg(v, ENC_CNTFRQ, false, 1, 0);
	nh_run(v);
	assert_int_equal(nr_traced, 0);
	nh_vm_free(vm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sysreg_in_place),
		cmocka_unit_test(test_pmu_without_insn_count),
		cmocka_unit_test(test_in_kernel_mmio),
		cmocka_unit_test(test_mmio_to_vmm),
		cmocka_unit_test(test_hvc_to_vmm),
		cmocka_unit_test(test_wfi_wakes_on_interrupt),
		cmocka_unit_test(test_wfi_kick_exit),
		cmocka_unit_test(test_wfi_timer),
		cmocka_unit_test(test_kick_ends_fast_loop),
		cmocka_unit_test(test_self_kick_relines),
		cmocka_unit_test(test_kick_exit_in_fast_loop),
		cmocka_unit_test(test_stats_api),
		cmocka_unit_test(test_trace_sink),
	};

	return cmocka_run_group_tests_name("run_loop", tests, NULL, NULL);
}
