/* SPDX-License-Identifier: MIT */
/*
 * The user-space irqchip (AV_IRQCHIP_USER, KVM api.rst KVM_CAP_ARM_USER_IRQ)
 * driven through the public API only, as a VMM with no in-kernel GIC would:
 * after every av_vcpu_run it reads run->device_irq_level and drives the
 * vCPU's IRQ pin with av_vm_irq_line(AV_IRQ_TYPE_CPU).  Small AArch64 guests
 * written into RAM check that
 *  - the guest gets its timer interrupts (the IRQ vector counts them and
 *    reprograms or masks the timer), one per rising level, none spurious;
 *  - a level that stays high is reported once, not on every entry, and a
 *    vCPU in WFI with such a level costs no host CPU;
 *  - an MMIO exit the VMM holds past the timer deadline loses no event: the
 *    next av_vcpu_run returns AV_EXIT_INTR with the VTIMER bit before the
 *    guest gets further;
 *  - a timer disabled before user space saw it high delivers nothing, and
 *    one disabled after (PSTATE.I set) leaves no stale interrupt behind.
 *
 * Guest layout: code at RAM + 0x80000, VBAR_EL1 = RAM + 0x81000 (the IRQ
 * vector, current EL with SP_ELx, is at VBAR + 0x280: Arm ARM D1.10.2),
 * data at RAM + 0x90000 (its own page: ENGINE-NOTES.md, stores into code
 * pages are slow).  Encodings from aarch64-linux-gnu-as + objdump.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>

#include <cmocka.h>

#include "api_harness.h"

#include "armvisor/armvisor.h"

#define IRQ_VECTOR (RAM_BASE + 0x81280)
#define DATA (RAM_BASE + 0x90000)
#define NO_DEVICE 0x0a000000ull
#define N_IRQS 5

/* VBAR_EL1 = 0x40081000; x20 = DATA. */
static const uint32_t prologue[] = {
	0xd2a80100, /* mov  x0, #0x40080000 */
	0xf2820000, /* movk x0, #0x1000 */
	0xd518c000, /* msr  vbar_el1, x0 */
	0xd5033fdf, /* isb */
	0xd2a80134, /* mov  x20, #0x40090000 */
};

/* IRQ: count, note CNTVCT - CVAL, then reprogram (TVAL = 1 ms) or, at the
 * last one, mask the timer (CTL = ENABLE | IMASK). */
static const uint32_t irq_count_reprogram[] = {
	0xb9400283, /* ldr  w3, [x20] */
	0x11000463, /* add  w3, w3, #1 */
	0xb9000283, /* str  w3, [x20] */
	0xd53be046, /* mrs  x6, cntvct_el0 */
	0xd53be347, /* mrs  x7, cntv_cval_el0 */
	0xcb0700c6, /* sub  x6, x6, x7 */
	0xf9000686, /* str  x6, [x20, #8] */
	0x7100147f, /* cmp  w3, #5 */
	0x5400008a, /* b.ge 1f */
	0xd29e8484, /* mov  x4, #62500 */
	0xd51be304, /* msr  cntv_tval_el0, x4 */
	0xd69f03e0, /* eret */
	0xd2800064, /* 1: mov x4, #3 */
	0xd51be324, /* msr  cntv_ctl_el0, x4 */
	0xd69f03e0, /* eret */
};

/* IRQ: count and mask the virtual timer. */
static const uint32_t irq_count_mask[] = {
	0xb9400283, /* ldr  w3, [x20] */
	0x11000463, /* add  w3, w3, #1 */
	0xb9000283, /* str  w3, [x20] */
	0xd2800064, /* mov  x4, #3 */
	0xd51be324, /* msr  cntv_ctl_el0, x4 */
	0xd69f03e0, /* eret */
};

/* Virtual timer every 1 ms, IRQs unmasked, WFI until 5 arrived; hvc. */
static const uint32_t main_periodic[] = {
	0xd29e8481, /* mov  x1, #62500 */
	0xd51be301, /* msr  cntv_tval_el0, x1 */
	0xd2800021, /* mov  x1, #1 */
	0xd51be321, /* msr  cntv_ctl_el0, x1 */
	0xd50342ff, /* msr  daifclr, #2 */
	0xb9400282, /* 1: ldr w2, [x20] */
	0x7100145f, /* cmp  w2, #5 */
	0x5400006a, /* b.ge 2f */
	0xd503207f, /* wfi */
	0x17fffffc, /* b    1b */
	0xd4000002, /* 2: hvc #0 */
	0x14000000, /* b    . */
};

/* Physical timer already expired, PSTATE.I set: the level stays high while
 * the guest counts 2^20 down; hvc; wfi (must wake: the pin is up); hvc. */
static const uint32_t main_stay_high[] = {
	0xd51be25f, /* msr  cntp_cval_el0, xzr */
	0xd2800021, /* mov  x1, #1 */
	0xd51be221, /* msr  cntp_ctl_el0, x1 */
	0xd2a00205, /* mov  x5, #0x100000 */
	0xf10004a5, /* 1: subs x5, x5, #1 */
	0x54ffffe1, /* b.ne 1b */
	0xd4000002, /* hvc  #0 */
	0xd503207f, /* wfi */
	0xd4000002, /* hvc  #0 */
	0x14000000, /* b    . */
};

/* Physical timer already expired; WFI forever (no pin is driven). */
static const uint32_t main_wfi_high[] = {
	0xd51be25f, /* msr  cntp_cval_el0, xzr */
	0xd2800021, /* mov  x1, #1 */
	0xd51be221, /* msr  cntp_ctl_el0, x1 */
	0xd503207f, /* 1: wfi */
	0x17ffffff, /* b    1b */
};

/* Virtual timer in 20 ms; read a device-less address (MMIO exit into w22);
 * branch (a new block) to hvc. */
static const uint32_t main_held_mmio[] = {
	0xd2a00261, /* mov  x1, #0x130000 */
	0xf2825a01, /* movk x1, #0x12d0      (1250000 ticks = 20 ms) */
	0xd51be301, /* msr  cntv_tval_el0, x1 */
	0xd2800021, /* mov  x1, #1 */
	0xd51be321, /* msr  cntv_ctl_el0, x1 */
	0xd2a14015, /* mov  x21, #0xa000000 */
	0xb94002b6, /* ldr  w22, [x21] */
	0x14000001, /* b    1f */
	0xd4000002, /* 1: hvc #0 */
	0x14000000, /* b    . */
};

/* PSTATE.I set: virtual timer expired and enabled (the level rises), then
 * disabled (it drops); then IRQs unmasked, spin 2^16, hvc. */
static const uint32_t main_disable_masked[] = {
	0xd51be35f, /* msr  cntv_cval_el0, xzr */
	0xd2800021, /* mov  x1, #1 */
	0xd51be321, /* msr  cntv_ctl_el0, x1 */
	0xd51be33f, /* msr  cntv_ctl_el0, xzr */
	0xd50342ff, /* msr  daifclr, #2 */
	0xd2a00025, /* mov  x5, #0x10000 */
	0xf10004a5, /* 1: subs x5, x5, #1 */
	0x54ffffe1, /* b.ne 1b */
	0xd4000002, /* hvc  #0 */
	0x14000000, /* b    . */
};

/* IRQs unmasked, spin 2^16, hvc. */
static const uint32_t main_spin[] = {
	0xd50342ff, /* msr  daifclr, #2 */
	0xd2a00025, /* mov  x5, #0x10000 */
	0xf10004a5, /* 1: subs x5, x5, #1 */
	0x54ffffe1, /* b.ne 1b */
	0xd4000002, /* hvc  #0 */
	0x14000000, /* b    . */
};

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

struct vmh {
	av_vm *vm;
	av_vcpu *v;
	struct av_run *run;
	uint8_t *ram;
	int pin;           /* IRQ pin level last driven */
	unsigned rises;    /* times the VMM raised the pin */
	unsigned intr;     /* AV_EXIT_INTR returns */
};

static void *gpa(struct vmh *h, uint64_t addr)
{
	return h->ram + (addr - RAM_BASE);
}

static void make_vm(struct vmh *h, const uint32_t *main_code, size_t n,
		    const uint32_t *irq, size_t nirq)
{
	memset(h, 0, sizeof(*h));
	h->vm = harness_vm(1, AV_IRQCHIP_USER, &h->ram);
	assert_int_equal(av_vm_check_extension(h->vm, AV_CAP_ARM_USER_IRQ) > 0,
			 1);
	assert_int_equal(av_vm_enable_cap(h->vm, AV_CAP_ARM_USER_IRQ, 0), 0);
	memcpy(gpa(h, ENTRY), prologue, sizeof(prologue));
	memcpy(gpa(h, ENTRY + sizeof(prologue)), main_code, n * 4);
	if (irq)
		memcpy(gpa(h, IRQ_VECTOR), irq, nirq * 4);
	h->v = harness_vcpu(h->vm, 0, ENTRY);
	h->run = av_vcpu_run_struct(h->v);
}

static void free_vm(struct vmh *h)
{
	harness_free(h->vm, h->ram);
}

/* The minimal user-space irqchip: timer lines ORed onto the IRQ pin. */
static void drive_pin(struct vmh *h)
{
	int level = (h->run->device_irq_level &
		     (AV_DEV_EL1_VTIMER | AV_DEV_EL1_PTIMER)) != 0;

	if (level == h->pin)
		return;
	assert_int_equal(av_vm_irq_line(h->vm, AV_IRQ_TYPE_CPU, 0,
					AV_IRQ_CPU_IRQ, level),
			 0);
	h->pin = level;
	h->rises += level;
}

/* Run until an exit other than AV_EXIT_INTR, driving the pin; returns it. */
static uint32_t run_to_exit(struct vmh *h)
{
	for (;;) {
		int r = av_vcpu_run(h->v);

		drive_pin(h);
		if (r == -EINTR) {
			assert_int_equal(h->run->exit_reason, AV_EXIT_INTR);
			h->intr++;
			continue;
		}
		assert_int_equal(r, 0);
		return h->run->exit_reason;
	}
}

static uint32_t data_u32(struct vmh *h, unsigned off)
{
	uint32_t v;

	memcpy(&v, gpa(h, DATA + off), sizeof(v));
	return v;
}

/* Five timer interrupts reach the guest's vector, each from one rising
 * level the VMM saw: no spurious interrupt after the guest reprogrammed or
 * masked the timer (the drop reached the VMM before the guest went on). */
static void test_guest_gets_timer_irqs(void **s)
{
	struct vmh h;
	uint64_t late;

	make_vm(&h, main_periodic, LEN(main_periodic), irq_count_reprogram,
		LEN(irq_count_reprogram));
	assert_int_equal(run_to_exit(&h), AV_EXIT_HYPERCALL);
	assert_int_equal(data_u32(&h, 0), N_IRQS);
	assert_int_equal(h.rises, N_IRQS);
	/* each rise and each drop is one AV_EXIT_INTR */
	assert_int_equal(h.intr, 2 * N_IRQS);
	memcpy(&late, gpa(&h, DATA + 8), sizeof(late));
	assert_true((int64_t)late >= 0); /* never before CVAL */
	printf("INFO: last timer IRQ entered %.1f us after CVAL\n",
	       (double)late * 1e6 / AV_DEFAULT_CNTFRQ);
	free_vm(&h);
}

/* A level that stays high is reported once, not on every entry; WFI with
 * PSTATE.I set wakes on the raised pin (Arm ARM D1.16.2). */
static void test_high_level_reported_once(void **s)
{
	struct vmh h;

	make_vm(&h, main_stay_high, LEN(main_stay_high), NULL, 0);
	assert_int_equal(run_to_exit(&h), AV_EXIT_HYPERCALL);
	assert_int_equal(h.intr, 1);
	assert_true(h.run->device_irq_level & AV_DEV_EL1_PTIMER);
	assert_false(h.run->device_irq_level & AV_DEV_EL1_VTIMER);
	assert_int_equal(h.pin, 1);
	/* wfi, then the second hvc: no further INTR */
	assert_int_equal(run_to_exit(&h), AV_EXIT_HYPERCALL);
	assert_int_equal(h.intr, 1);
	free_vm(&h);
}

static double wall_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The level is high and reported but the VMM leaves the pin low: the vCPU
 * sleeps in WFI (nothing to wake it) and must not poll the expired timer. */
static void test_wfi_with_reported_level_sleeps(void **s)
{
	struct vmh h;
	pthread_t t;
	double cpu0, wall0, cpu, wall;
	int r;

	make_vm(&h, main_wfi_high, LEN(main_wfi_high), NULL, 0);
	assert_int_equal(av_vcpu_run(h.v), -EINTR);
	assert_true(h.run->device_irq_level & AV_DEV_EL1_PTIMER);
	assert_int_equal(pthread_create(&t, NULL, kick_later, h.v), 0);
	cpu0 = cpu_seconds();
	wall0 = wall_seconds();
	r = av_vcpu_run(h.v); /* sleeps until kick_later */
	cpu = cpu_seconds() - cpu0;
	wall = wall_seconds() - wall0;
	pthread_join(t, NULL);
	assert_int_equal(r, -EINTR);
	assert_true(h.run->device_irq_level & AV_DEV_EL1_PTIMER);
	printf("INFO: WFI with a reported level: %.1f ms CPU in %.1f ms\n",
	       cpu * 1e3, wall * 1e3);
	/* A CPU-time bound, not a wall-time one: sleeping costs ~0.2 ms; a
	 * polling loop uses all of the 300 ms on an idle host and still over
	 * 20 ms on one loaded to a tenth of a core per thread. */
	assert_true(cpu < 0.01);
	free_vm(&h);
}

/* The VMM holds an MMIO exit past the timer's deadline: the level is not
 * lost, the next run reports it before the guest reaches its hvc. */
static void test_held_mmio_exit_keeps_timer_event(void **s)
{
	struct vmh h;
	struct timespec ts = { 0, 60 * 1000 * 1000 };
	uint32_t data = 0x1234;
	uint64_t cval, cnt, x22;

	make_vm(&h, main_held_mmio, LEN(main_held_mmio), NULL, 0);
	assert_int_equal(av_vcpu_run(h.v), 0);
	assert_int_equal(h.run->exit_reason, AV_EXIT_MMIO);
	assert_int_equal(h.run->mmio.phys_addr, NO_DEVICE);
	assert_int_equal(h.run->mmio.is_write, 0);
	assert_int_equal(h.run->device_irq_level, 0); /* 20 ms to go */
	memcpy(h.run->mmio.data, &data, 4);
	nanosleep(&ts, NULL); /* hold the exit past the deadline */
	assert_int_equal(av_vcpu_get_one_reg(h.v, AV_REG_ARM_TIMER_CVAL, &cval),
			 0);
	assert_int_equal(av_vcpu_get_one_reg(h.v, AV_REG_ARM_TIMER_CNT, &cnt),
			 0);
	assert_true(cnt >= cval);

	assert_int_equal(av_vcpu_run(h.v), -EINTR);
	assert_int_equal(h.run->exit_reason, AV_EXIT_INTR);
	assert_true(h.run->device_irq_level & AV_DEV_EL1_VTIMER);
	/* the access completed with the VMM's data */
	assert_int_equal(av_vcpu_get_one_reg(h.v, AV_REG_X(22), &x22), 0);
	assert_int_equal(x22, data);
	/* then the guest goes on to its hvc, the level still reported and
	 * not reported again */
	assert_int_equal(av_vcpu_run(h.v), 0);
	assert_int_equal(h.run->exit_reason, AV_EXIT_HYPERCALL);
	assert_true(h.run->device_irq_level & AV_DEV_EL1_VTIMER);
	free_vm(&h);
}

/* A timer that expired and was disabled again before user space saw it
 * (here: set by one-reg between two runs) delivers nothing. */
static void test_disabled_before_seen_delivers_nothing(void **s)
{
	struct vmh h;

	make_vm(&h, main_spin, LEN(main_spin), irq_count_mask,
		LEN(irq_count_mask));
	assert_int_equal(av_vcpu_set_one_reg(h.v, AV_REG_ARM_TIMER_CVAL, 0), 0);
	assert_int_equal(av_vcpu_set_one_reg(h.v, AV_REG_ARM_TIMER_CTL, 1), 0);
	assert_int_equal(av_vcpu_set_one_reg(h.v, AV_REG_ARM_TIMER_CTL, 0), 0);
	assert_int_equal(run_to_exit(&h), AV_EXIT_HYPERCALL);
	assert_int_equal(h.rises, 0);
	assert_int_equal(h.intr, 0);
	assert_int_equal(data_u32(&h, 0), 0);
	assert_int_equal(h.run->device_irq_level, 0);
	free_vm(&h);
}

/* The guest (PSTATE.I set) lets the level rise, then disables the timer:
 * both changes reach user space before the guest goes on (each guest write
 * that changes a level is reported at once), so the pin is down again when
 * the guest unmasks IRQs and no stale interrupt arrives. */
static void test_disable_drops_line_no_stale_irq(void **s)
{
	struct vmh h;

	make_vm(&h, main_disable_masked, LEN(main_disable_masked),
		irq_count_mask, LEN(irq_count_mask));
	assert_int_equal(run_to_exit(&h), AV_EXIT_HYPERCALL);
	assert_int_equal(h.rises, 1);
	assert_int_equal(h.intr, 2);
	assert_int_equal(h.pin, 0);
	assert_int_equal(data_u32(&h, 0), 0);
	assert_int_equal(h.run->device_irq_level, 0);
	free_vm(&h);
}

/* The pin call's rules (KVM api.rst KVM_IRQ_LINE, KVM_ARM_IRQ_TYPE_CPU). */
static void test_irq_line_cpu_rules(void **s)
{
	struct vmh h;
	struct av_vm_config cfg = { .nr_vcpus = 1,
				    .irqchip = AV_IRQCHIP_GICV3 };
	int err;
	av_vm *gic;

	make_vm(&h, main_wfi_high, LEN(main_wfi_high), NULL, 0);
	assert_int_equal(av_vm_irq_line(h.vm, AV_IRQ_TYPE_CPU, 1,
					AV_IRQ_CPU_IRQ, 1),
			 -EINVAL); /* no vCPU 1 */
	assert_int_equal(av_vm_irq_line(h.vm, AV_IRQ_TYPE_CPU, 0, 2, 1),
			 -EINVAL); /* neither IRQ nor FIQ */
	assert_int_equal(av_vm_irq_line(h.vm, AV_IRQ_TYPE_SPI, 0, 33, 1),
			 -ENXIO); /* no in-kernel irqchip */
	free_vm(&h);
	gic = av_vm_create(&cfg, &err);
	assert_non_null(gic);
	assert_int_equal(av_vm_irq_line(gic, AV_IRQ_TYPE_CPU, 0,
					AV_IRQ_CPU_IRQ, 1),
			 -ENXIO); /* the pins belong to the vGIC */
	assert_int_equal(av_vm_enable_cap(gic, AV_CAP_ARM_USER_IRQ, 0),
			 -EINVAL);
	assert_int_equal(av_vm_destroy(gic), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guest_gets_timer_irqs),
		cmocka_unit_test(test_high_level_reported_once),
		cmocka_unit_test(test_wfi_with_reported_level_sleeps),
		cmocka_unit_test(test_held_mmio_exit_keeps_timer_event),
		cmocka_unit_test(test_disabled_before_seen_delivers_nothing),
		cmocka_unit_test(test_disable_drops_line_no_stale_irq),
		cmocka_unit_test(test_irq_line_cpu_rules),
	};
	return cmocka_run_group_tests_name("user_irqchip", tests, NULL, NULL);
}
