// SPDX-License-Identifier: MIT
/*
 * The VMM's role inside the EL2 image (AV_EL2_MODE_VM): what the armvisor
 * program does with threads on the Unicorn engine, done here with one loop
 * per physical CPU.  It creates the VM the manifest describes through the
 * public API, runs vCPU n's av_vcpu_run loop on pCPU n, and serves the
 * exits that reach a VMM with the same device code as the armvisor
 * program: the PL011 (vmm/pl011.c), the PSCI policy (vmm/psci.c) and, for
 * the user irqchip, the VMM's GICv2 (vmm/user_gic.c: the library's GICv2
 * model as a component, fed by device_irq_level, driving the pins).  The
 * guest console goes out and comes in through the physical UART, which the
 * host tool relays; the host tool reads "EXIT: STATUS=N" from it as the
 * armvisor program does, and ends QEMU on --timeout.
 */
#include <errno.h>
#include <stdatomic.h>
#include <string.h>

#include "armvisor/armvisor.h"
#include "armvisor/el2_manifest.h"
#include "vmm/image/board.h"
#include "vmm/pl011.h"
#include "vmm/psci.h"
#include "vmm/user_gic.h"

/* Status the image ends with when the VM stops on its own (the host tool
 * reads the guest's EXIT line; these say why there was none). */
#define STATUS_OFF 0       /* SYSTEM_OFF, SYSTEM_RESET or all CPUs off */
#define STATUS_ERROR 70    /* internal error of a vCPU, or set-up failed */

static av_vm *vm;
static av_vcpu *vcpus[AV_EL2_MAX_PCPUS];
static unsigned nr_vcpus;
static uint64_t uart_ipa;
static uint32_t uart_intid = 33; /* PLATFORM.md: SPI 1 */
static struct pl011 uart;
static struct user_gic ugic; /* the user irqchip's GIC; .gic NULL if not */
static _Atomic bool ready;

static void uart_set_irq(void *opaque, bool level)
{
	(void)opaque;
	if (ugic.gic)
		user_gic_set_spi(&ugic, uart_intid, level);
	else
		av_vm_irq_line(vm, AV_IRQ_TYPE_SPI, 0, uart_intid, level);
}

static void ugic_report(unsigned cpu, const char *what, int err)
{
	board_log("vm: vCPU %u: user GIC: %s: %s", cpu, what,
		  av_strerror(err));
}

static void uart_tx(void *opaque, uint8_t ch)
{
	(void)opaque;
	board_console_putc(ch);
}

static const struct pl011_ops uart_ops = {
	.set_irq = uart_set_irq,
	.tx = uart_tx,
};

/* Characters typed at the host tool reach the guest's receive FIFO,
 * polled on pCPU 0: every RX_POLL_NS while nothing comes, every
 * RX_FLOW_NS while input flows (the physical UART holds one character at a
 * time, src/platform/el2/uart.c), one kept back while the guest's FIFO is
 * full. */
#define RX_POLL_NS 10000000ull
#define RX_FLOW_NS 100000ull
static int rx_held = -1;

static uint64_t uart_poll_rx(void)
{
	bool moved = false;

	for (;;) {
		if (rx_held < 0)
			rx_held = board_console_getc();
		if (rx_held < 0)
			return moved ? RX_FLOW_NS : 0;
		if (!pl011_rx_push(&uart, (uint8_t)rx_held, false))
			return RX_FLOW_NS; /* the guest has not read yet */
		rx_held = -1;
		moved = true;
	}
}

static __attribute__((noreturn)) void vm_fail(const char *what, int err)
{
	board_log("vm: %s: %s", what, av_strerror(err));
	board_exit(STATUS_ERROR);
}

static int create_vcpus(const struct av_el2_vm_desc *d)
{
	int err = 0;

	for (unsigned i = 0; i < nr_vcpus; i++) {
		/* Secondaries start off and wait for PSCI CPU_ON. */
		vcpus[i] = av_vcpu_create(vm, i, i ? AV_VCPU_POWER_OFF : 0,
					  &err);
		if (!vcpus[i])
			vm_fail("creating a vCPU", err);
	}
	int irqs[2] = { (int)d->vtimer_intid, (int)d->ptimer_intid };
	uint64_t attrs[2] = { AV_ARM_VCPU_TIMER_IRQ_VTIMER,
			      AV_ARM_VCPU_TIMER_IRQ_PTIMER };

	for (int i = 0; i < 2; i++) {
		err = av_vcpu_set_attr(vcpus[0], AV_ARM_VCPU_TIMER_CTRL,
				       attrs[i], &irqs[i]);
		if (err)
			vm_fail("setting a timer INTID", err);
	}
	err = av_vcpu_set_one_reg(vcpus[0], AV_REG_PC, d->entry_ipa);
	if (!err)
		err = av_vcpu_set_one_reg(vcpus[0], AV_REG_X(0), d->dtb_ipa);
	if (err)
		vm_fail("setting the boot vCPU's registers", err);
	return 0;
}

static void place_gic(const struct av_el2_vm_desc *d)
{
	uint64_t frames[2][2];
	int n = 0, err;

	if (d->irqchip == AV_EL2_IRQCHIP_GICV3) {
		frames[0][0] = AV_VGIC_V3_ADDR_TYPE_DIST;
		frames[0][1] = d->gicd_ipa;
		frames[1][0] = AV_VGIC_V3_ADDR_TYPE_REDIST;
		frames[1][1] = d->gicr_ipa;
		n = 2;
	} else if (d->irqchip == AV_EL2_IRQCHIP_GICV2) {
		frames[0][0] = AV_VGIC_V2_ADDR_TYPE_DIST;
		frames[0][1] = d->gicd_ipa;
		frames[1][0] = AV_VGIC_V2_ADDR_TYPE_CPU;
		frames[1][1] = d->gicc_ipa;
		n = 2;
	}
	for (int i = 0; i < n; i++) {
		err = av_vm_set_irqchip_attr(vm, AV_DEV_ARM_VGIC_GRP_ADDR,
					     frames[i][0], &frames[i][1]);
		if (err)
			vm_fail("placing the GIC", err);
	}
}

static enum av_irqchip_kind irqchip_kind(uint32_t k)
{
	switch (k) {
	case AV_EL2_IRQCHIP_GICV3:
		return AV_IRQCHIP_GICV3;
	case AV_EL2_IRQCHIP_GICV2:
		return AV_IRQCHIP_GICV2;
	case AV_EL2_IRQCHIP_RVIC:
		return AV_IRQCHIP_RVIC;
	default:
		return AV_IRQCHIP_USER;
	}
}

/* pCPU 0, before any cpu_main: the VM as the manifest describes it. */
static void vm_boot(void)
{
	const struct av_el2_vm_desc *d = &board_manifest()->vm;
	struct av_vm_config cfg = {
		.nr_vcpus = d->nr_vcpus,
		.irqchip = irqchip_kind(d->irqchip),
		.cntfrq = d->cntfrq,
		.nr_lrs = d->nr_lrs,
		.timer_irq_mode = d->timer_irq_mode,
		.rvic_trusted = d->rvic_trusted,
		.rvic_total = d->rvic_total,
	};
	int err = 0;

	nr_vcpus = d->nr_vcpus;
	uart_ipa = d->uart_ipa;
	vm = av_vm_create(&cfg, &err);
	if (!vm)
		vm_fail("creating the VM", err);
	if (board_manifest()->flags & AV_EL2_F_HALT_POLL) {
		err = av_vm_enable_cap(vm, AV_CAP_HALT_POLL,
				       board_manifest()->halt_poll_ns);
		if (err)
			vm_fail("setting the halt-poll time", err);
	}
	err = av_vm_set_user_memory_region(vm, 0, d->ram_ipa, d->ram_size,
					   (void *)(uintptr_t)d->ram_pa);
	if (err)
		vm_fail("giving the VM its RAM", err);
	place_gic(d);
	create_vcpus(d);
	if (cfg.irqchip == AV_IRQCHIP_USER) {
		err = user_gic_create(&ugic, vm, nr_vcpus, d->gicd_ipa,
				      d->gicc_ipa, d->vtimer_intid,
				      d->ptimer_intid, ugic_report);
		if (err)
			vm_fail("creating the user irqchip's GIC", err);
	}
	pl011_init(&uart, &uart_ops, NULL);
	board_every(RX_POLL_NS, uart_poll_rx);
	atomic_store(&ready, true);
}

/* AV_EL2_F_STATS: the counters, one log line each, for the host tool. */
static void log_stats(void)
{
	static struct av_stat st[128];
	int n;

	for (unsigned i = 0; i < nr_vcpus; i++) {
		n = av_vcpu_get_stats(vcpus[i], st, 128);
		for (int k = 0; k < n && k < 128; k++)
			board_log("stats: vcpu %u %s %llu", i, st[k].name,
				  (unsigned long long)st[k].value);
	}
	n = av_vm_get_stats(vm, st, 128);
	for (int k = 0; k < n && k < 128; k++)
		board_log("stats: vm %s %llu", st[k].name,
			  (unsigned long long)st[k].value);
}

static __attribute__((noreturn)) void vm_stop(int status)
{
	static atomic_bool stopping;

	/* The first to stop ends the machine: the others' vCPUs stop with
	 * it (QEMU exits), and one that stops meanwhile waits for that
	 * rather than cut the counters' lines short.  The counters of
	 * vCPUs still running are read as they run. */
	if (atomic_exchange(&stopping, true))
		board_idle_forever();
	if (board_manifest()->flags & AV_EL2_F_STATS)
		log_stats();
	board_exit(status);
}

static void handle_mmio(av_vcpu *v, struct av_run *run)
{
	uint64_t a = run->mmio.phys_addr;
	int g = user_gic_mmio(&ugic, av_vcpu_id(v), run);

	if (g < 0)
		vm_stop(STATUS_ERROR);
	if (g)
		return;
	if (a >= uart_ipa && a - uart_ipa < 0x1000 &&
	    run->mmio.len <= sizeof(run->mmio.data)) {
		pl011_mmio(&uart, (uint32_t)(a - uart_ipa), run->mmio.data,
			   run->mmio.len, run->mmio.is_write);
		return;
	}
	/* Nothing here: a synchronous external abort, as the armvisor
	 * program answers (KVM ext_dabt_pending). */
	av_vcpu_inject_ext_abort(v);
}

static void handle_hypercall(av_vcpu *v, struct av_run *run)
{
	switch (psci_handle_call(vm, nr_vcpus, v, run->hypercall.nr,
				 run->hypercall.args, run->hypercall.ret)) {
	case PSCI_RESUME:
		break;
	case PSCI_CPU_OFF:
		if (psci_all_cpus_off(vm, nr_vcpus)) {
			board_log("vm: every vCPU is off (PSCI CPU_OFF) and "
				  "none can be woken; stopping");
			vm_stop(STATUS_OFF);
		}
		break;
	case PSCI_SYSTEM_RESET:
		board_log("vm: the guest asked for a system reset (PSCI "
			  "SYSTEM_RESET); stopping instead of rebooting");
		vm_stop(STATUS_OFF);
	case PSCI_SYSTEM_OFF:
		vm_stop(STATUS_OFF);
	}
}

static void vm_cpu_main(unsigned cpu)
{
	av_vcpu *v;
	struct av_run *run;

	while (!atomic_load(&ready))
		board_relax();
	if (cpu >= nr_vcpus)
		board_idle_forever();
	v = vcpus[cpu];
	run = av_vcpu_run_struct(v);
	for (;;) {
		int r = av_vcpu_run(v);

		/* User irqchip: every exit's timer/PMU levels to the GIC. */
		if (ugic.gic && user_gic_exit(&ugic, cpu, run))
			vm_stop(STATUS_ERROR);
		if (r == -EINTR)
			continue;
		if (r < 0) {
			board_log("vm: vCPU %u: av_vcpu_run: %s (exit %u, "
				  "suberror %u)",
				  cpu, av_strerror(r), run->exit_reason,
				  run->internal.suberror);
			vm_stop(STATUS_ERROR);
		}
		switch (run->exit_reason) {
		case AV_EXIT_MMIO:
			handle_mmio(v, run);
			break;
		case AV_EXIT_HYPERCALL:
			handle_hypercall(v, run);
			break;
		case AV_EXIT_INTR:
			break;
		case AV_EXIT_SYSTEM_EVENT:
			vm_stop(STATUS_OFF);
		case AV_EXIT_INTERNAL_ERROR:
		default:
			board_log("vm: vCPU %u: exit %u, suberror %u, data "
				  "%#llx %#llx",
				  cpu, run->exit_reason, run->internal.suberror,
				  (unsigned long long)run->internal.data[0],
				  (unsigned long long)run->internal.data[1]);
			vm_stop(STATUS_ERROR);
		}
	}
}

const struct board_vmm board_vmm = {
	.boot = vm_boot,
	.cpu_main = vm_cpu_main,
};
