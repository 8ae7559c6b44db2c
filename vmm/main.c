// SPDX-License-Identifier: MIT
/*
 * armvisor: the command line.  Parses options (cli.c), loads the image and
 * initrd into guest RAM (loader.c), creates the VM and its vCPUs through the
 * public API, builds the device tree (fdt.c), wires the PL011 (pl011.c) to
 * the console (console.c), runs one thread per vCPU (vcpu_loop.c) and turns
 * the way the guest stopped into the exit status (PLATFORM.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "fdt.h"
#include "loader.h"
#include "platform.h"
#include "stats.h"
#include "timespec.h"
#include "trace.h"
#include "vmm.h"

#define EXIT_FAILURE_SETUP 1 /* bad image, failing API call, ... */
#define EXIT_TIMEOUT 124     /* as timeout(1) */
#define FLUSH_INTERVAL_MS 50 /* console output never waits longer */
#define STOP_GRACE_S 5	     /* vCPU threads get this long to end */

#define DEFAULT_VTIMER_INTID VIRT_TIMER_VIRT_INTID
#define DEFAULT_PTIMER_INTID VIRT_TIMER_PHYS_INTID

/* ---- PL011 wiring ---------------------------------------------------- */

static void uart_set_irq(void *opaque, bool level)
{
	struct vmm *vmm = opaque;
	/* --irqchip user: the SPI goes to the VMM's GIC. */
	int r = vmm->ugic.gic
		    ? user_gic_set_spi(&vmm->ugic, VIRT_UART_INTID, level)
		    : av_vm_irq_line(vmm->vm, AV_IRQ_TYPE_SPI, 0,
				     VIRT_UART_INTID, level);

	if (r < 0 && r != -ENXIO && !vmm->irq_line_warned) {
		vmm->irq_line_warned = true;
		fprintf(stderr,
			"armvisor: PL011 interrupt (INTID %u): av_vm_irq_line: "
			"%s\n",
			VIRT_UART_INTID, av_strerror(r));
	}
}

static void uart_tx(void *opaque, uint8_t ch)
{
	struct vmm *vmm = opaque;

	console_putc(&vmm->console, ch);
}

const struct pl011_ops vmm_uart_ops = {
    .set_irq = uart_set_irq,
    .tx = uart_tx,
};

/* --irqchip user: what the VMM's GIC could not do (user_gic.c). */
static void user_gic_report(unsigned cpu, const char *what, int err)
{
	fprintf(stderr, "armvisor: vCPU %u: user GIC: %s: %s\n", cpu, what,
		av_strerror(err));
}

/* ---- boot files -------------------------------------------------------- */

int vmm_load_boot_files(const struct vmm_options *o,
			   const struct guest_ram *ram,
			   struct loaded_image *img, struct boot_layout *layout)
{
	char err[512];
	uint8_t *data = NULL, *initrd = NULL;
	size_t len = 0, initrd_len = 0;
	const char *prefix = "IMAGE: ";
	int ret = -1;

	/* Neither file can be larger than RAM: refused before reading. */
	if (loader_read_file(o->image, ram->size, &data, &len, err,
			     sizeof(err)))
		goto out;
	prefix = "";
	if (loader_load_image(ram, data, len, o->image, img, err, sizeof(err)))
		goto out;
	if (o->initrd) {
		prefix = "--initrd: ";
		if (loader_read_file(o->initrd, ram->size, &initrd, &initrd_len,
				     err, sizeof(err)))
			goto out;
		if (initrd_len == 0) {
			snprintf(err, sizeof(err), "%s is empty", o->initrd);
			goto out;
		}
	}
	prefix = "";
	if (loader_plan_layout(ram, img, initrd_len, layout, err, sizeof(err)))
		goto out;
	if (initrd_len &&
	    loader_copy_to_ram(ram, layout->initrd_addr, initrd, initrd_len)) {
		snprintf(err, sizeof(err), "--initrd: cannot place it in RAM");
		goto out;
	}
	ret = 0;
out:
	if (ret)
		fprintf(stderr, "armvisor: %s%s\n", prefix, err);
	free(data);
	free(initrd);
	return ret;
}

/* ---- VM and vCPUs ------------------------------------------------------ */

static int create_vm(struct vmm *vmm, const struct vmm_options *o,
		     const struct guest_ram *ram)
{
	int err = 0, r;

	vmm->vm = av_vm_create(&o->vm, &err);
	if (!vmm->vm) {
		fprintf(stderr,
			"armvisor: cannot create the VM (%u vCPUs, irqchip "
			"%s): %s\n",
			o->vm.nr_vcpus, vmm_irqchip_name(o->vm.irqchip),
			av_strerror(err));
		return -1;
	}
	if (o->halt_poll_ns >= 0) {
		r = av_vm_enable_cap(vmm->vm, AV_CAP_HALT_POLL,
				     (uint64_t)o->halt_poll_ns);
		if (r < 0) {
			fprintf(stderr, "armvisor: --halt-poll-ns: %s\n",
				av_strerror(r));
			return -1;
		}
	}
	r = av_vm_set_user_memory_region(vmm->vm, 0, ram->base, ram->size,
					 ram->host);
	if (r < 0) {
		fprintf(stderr,
			"armvisor: cannot give the VM its RAM (0x%llx, %llu "
			"MiB): %s\n",
			(unsigned long long)ram->base,
			(unsigned long long)(ram->size >> 20), av_strerror(r));
		return -1;
	}
	r = vmm_place_gic(vmm->vm, o->vm.irqchip);
	if (r < 0)
		return -1;
	for (unsigned i = 0; i < vmm->nr_vcpus; i++) {
		/* Secondaries start off and wait for PSCI CPU_ON. */
		vmm->vcpus[i] =
		    av_vcpu_create(vmm->vm, i, i ? AV_VCPU_POWER_OFF : 0, &err);
		if (!vmm->vcpus[i]) {
			fprintf(stderr, "armvisor: cannot create vCPU %u: %s\n",
				i, av_strerror(err));
			return -1;
		}
	}
	return 0;
}

/* The CLI checked the INTID (a PPI, distinct from the other timer's), so
 * only the unexpected is left to say. */
static void report_timer_irq_error(const char *opt, int intid, int r)
{
	if (r == -EBUSY)
		fprintf(stderr,
			"armvisor: %s: too late, the timers are already in "
			"use\n",
			opt);
	else
		fprintf(stderr, "armvisor: %s: INTID %d refused: %s\n", opt,
			intid, av_strerror(r));
}

/*
 * KVM_ARM_VCPU_TIMER_CTRL semantics: set on one vCPU, VM-wide, before the
 * first run.  Then read back what the core uses, so the device tree says
 * exactly the same.
 */
static int configure_timer_irqs(struct vmm *vmm, const struct vmm_options *o,
				unsigned *vtimer, unsigned *ptimer)
{
	static const struct {
		const char *opt;
		uint64_t attr;
		unsigned def;
	} timers[2] = {
	    {"--vtimer-irq", AV_ARM_VCPU_TIMER_IRQ_VTIMER,
	     DEFAULT_VTIMER_INTID},
	    {"--ptimer-irq", AV_ARM_VCPU_TIMER_IRQ_PTIMER,
	     DEFAULT_PTIMER_INTID},
	};
	const int wanted[2] = {o->vtimer_irq, o->ptimer_irq};
	unsigned *out[2] = {vtimer, ptimer};
	av_vcpu *v0 = vmm->vcpus[0];

	for (unsigned i = 0; i < 2; i++) {
		int irq = wanted[i], r;

		if (irq != VMM_TIMER_IRQ_DEFAULT) {
			r = av_vcpu_set_attr(v0, AV_ARM_VCPU_TIMER_CTRL,
					     timers[i].attr, &irq);
			if (r < 0) {
				report_timer_irq_error(timers[i].opt, irq, r);
				return -1;
			}
		}
		if (av_vcpu_get_attr(v0, AV_ARM_VCPU_TIMER_CTRL, timers[i].attr,
				     &irq) < 0)
			irq = wanted[i] != VMM_TIMER_IRQ_DEFAULT
				  ? wanted[i]
				  : (int)timers[i].def;
		*out[i] = (unsigned)irq;
	}
	return 0;
}

/*
 * --dump-dtb: O_NONBLOCK, so that a FIFO nobody reads fails at once (ENXIO)
 * and a pipe or device that cannot take the blob fails with EAGAIN, instead
 * of blocking the VMM before --timeout is armed.  A regular file, /dev/null
 * or a pipe that is being read (e.g. /dev/stdout into dtc) still work.
 */
static int write_file(const char *path, const void *buf, size_t len)
{
	const char *why = NULL;
	size_t done = 0;
	int fd = open(path,
		      O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_NOCTTY |
			  O_CLOEXEC,
		      0666);

	if (fd < 0) {
		why =
		    errno == ENXIO ? "a FIFO with no reader" : strerror(errno);
		goto fail;
	}
	while (done < len) {
		ssize_t n = write(fd, (const char *)buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			why = "would block (a pipe or device not taking the "
			      "blob)";
			goto fail;
		}
		if (n <= 0) {
			why = n < 0 ? strerror(errno) : "nothing written";
			goto fail;
		}
		done += (size_t)n;
	}
	if (close(fd)) {
		fd = -1;
		why = strerror(errno);
		goto fail;
	}
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	fprintf(stderr, "armvisor: --dump-dtb: %s: %s\n", path, why);
	return -1;
}

int vmm_place_dtb(const struct vmm_options *o, const struct guest_ram *ram,
		     const struct boot_layout *layout, unsigned vtimer,
		     unsigned ptimer)
{
	struct dt_config dc = {
	    .nr_vcpus = o->vm.nr_vcpus,
	    /* --irqchip user: the VMM's GIC (user_gic.c; in the EL2 image,
	     * its VMM role) is a GICv2 at the gicv2 addresses, described
	     * exactly as gicv2. */
	    .irqchip = o->vm.irqchip == AV_IRQCHIP_USER ? AV_IRQCHIP_GICV2
							 : o->vm.irqchip,
	    .ram_base = ram->base,
	    .ram_size = ram->size,
	    .bootargs = o->append,
	    .initrd_start = layout->initrd_addr,
	    .initrd_size = layout->initrd_size,
	    .vtimer_intid = vtimer,
	    .ptimer_intid = ptimer,
	    .pmu = av_vm_check_extension(NULL, AV_CAP_ARM_PMU_V3) > 0,
	};
	char err[256];
	void *buf = calloc(1, layout->dtb_max_size);
	int size, ret = -1;

	if (!buf) {
		fprintf(stderr, "armvisor: out of memory for the DTB\n");
		return -1;
	}
	size = dt_build(&dc, buf, layout->dtb_max_size, err, sizeof(err));
	if (size < 0) {
		fprintf(stderr, "armvisor: %s\n", err);
		goto out;
	}
	if (loader_copy_to_ram(ram, layout->dtb_addr, buf, (size_t)size)) {
		fprintf(stderr, "armvisor: the DTB does not fit in RAM\n");
		goto out;
	}
	if (o->dump_dtb && write_file(o->dump_dtb, buf, (size_t)size))
		goto out;
	ret = 0;
out:
	free(buf);
	return ret;
}

/* Boot vCPU: PC = entry, x0 = DTB, x1..x3 = 0 (booting.rst, PLATFORM.md). */
static int set_boot_regs(struct vmm *vmm, uint64_t entry, uint64_t dtb)
{
	const struct {
		uint64_t id;
		uint64_t val;
		const char *name;
	} regs[] = {
	    {AV_REG_PC, entry, "PC"}, {AV_REG_X(0), dtb, "x0"},
	    {AV_REG_X(1), 0, "x1"},   {AV_REG_X(2), 0, "x2"},
	    {AV_REG_X(3), 0, "x3"},
	};

	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		int r =
		    av_vcpu_set_one_reg(vmm->vcpus[0], regs[i].id, regs[i].val);

		if (r < 0) {
			fprintf(stderr,
				"armvisor: cannot set %s of vCPU 0: %s\n",
				regs[i].name, av_strerror(r));
			return -1;
		}
	}
	return 0;
}

/* ---- --stats ------------------------------------------------------------ */

static volatile sig_atomic_t stats_requested; /* SIGUSR1 */

static void on_sigusr1(int sig)
{
	(void)sig;
	stats_requested = 1;
}

static void print_stats(struct vmm *vmm, int mode)
{
	struct vmm_stats_set s;

	if (mode == VMM_STATS_OFF)
		return;
	if (vmm_stats_read(&s, vmm->vm, vmm->vcpus, vmm->nr_vcpus)) {
		fprintf(stderr, "armvisor: --stats: cannot read counters\n");
		return;
	}
	console_flush(&vmm->console, CONSOLE_BEFORE_STDERR_MS);
	vmm_stats_print(stderr, mode, &s);
	vmm_stats_free(&s);
}

/* ---- waiting for the guest -------------------------------------------- */

static int exit_status(struct vmm *vmm)
{
	long status;

	switch (vmm_stop_reason(vmm)) {
	case VMM_STOP_TIMEOUT:
		return EXIT_TIMEOUT;
	case VMM_STOP_ERROR:
		return EXIT_FAILURE_SETUP;
	default:
		break;
	}
	if (console_exit_status(&vmm->console, &status))
		return console_exit_code(status);
	switch (vmm_stop_reason(vmm)) {
	case VMM_STOP_SYSTEM_OFF:
	case VMM_STOP_RESET: /* as QEMU -no-reboot: a clean stop */
		return 0;
	default:
		return 1;
	}
}

/*
 * The main thread: flush console output every FLUSH_INTERVAL_MS, enforce
 * --timeout, and wait for every vCPU thread to end.  Returns false if the
 * threads did not end within STOP_GRACE_S of a stop (the caller then exits
 * without tearing the VM down under them).
 */
static bool wait_for_guest(struct vmm *vmm, unsigned timeout_s,
			   int stats_mode)
{
	struct timespec now, deadline, grace, tick;
	bool grace_set = false;

	clock_gettime(CLOCK_MONOTONIC, &now);
	deadline = now;
	deadline.tv_sec += timeout_s;

	pthread_mutex_lock(&vmm->lock);
	while (vmm->running > 0) {
		tick = now;
		timespec_add_ms(&tick, FLUSH_INTERVAL_MS);
		pthread_cond_timedwait(&vmm->cond, &vmm->lock, &tick);
		if (vmm->running == 0)
			break;
		pthread_mutex_unlock(&vmm->lock);

		console_flush(&vmm->console, 0); /* never waits */
		if (stats_requested) {
			stats_requested = 0;
			print_stats(vmm, stats_mode);
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (timeout_s && vmm_stop_reason(vmm) == VMM_RUNNING &&
		    !timespec_before(&now, &deadline)) {
			fprintf(stderr,
				"armvisor: guest did not stop within %u s, "
				"stopping it\n",
				timeout_s);
			vmm_stop(vmm, VMM_STOP_TIMEOUT);
		}
		if (!grace_set && vmm_stop_reason(vmm) != VMM_RUNNING) {
			grace = now;
			grace.tv_sec += STOP_GRACE_S;
			grace_set = true;
		}
		if (grace_set && !timespec_before(&now, &grace)) {
			fprintf(stderr,
				"armvisor: vCPU threads did not stop within "
				"%d s; exiting anyway\n",
				STOP_GRACE_S);
			return false;
		}
		pthread_mutex_lock(&vmm->lock);
	}
	pthread_mutex_unlock(&vmm->lock);
	for (unsigned i = 0; i < vmm->nr_threads; i++)
		pthread_join(vmm->threads[i], NULL);
	return true;
}

/* Let queued guest output go out, for a bounded time (the writer may be
 * blocked on a stdout nobody reads), and say how much of it was lost. */
static void finish_console(struct console *c)
{
	int e = 0;
	uint64_t lost;

	console_flush(c, CONSOLE_EXIT_DRAIN_MS);
	lost = console_lost(c, &e);
	if (lost)
		fprintf(stderr,
			"armvisor: %llu bytes of console output dropped (%s)\n",
			(unsigned long long)lost,
			e ? strerror(e) : "stdout did not take them in time");
}

/* ---- run ---------------------------------------------------------------- */

static int vmm_init(struct vmm *vmm, const struct vmm_options *o)
{
	pthread_condattr_t ca;

	memset(vmm, 0, sizeof(*vmm));
	vmm->nr_vcpus = o->vm.nr_vcpus;
	vmm->irqchip = o->vm.irqchip;
	pthread_mutex_init(&vmm->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&vmm->cond, &ca);
	pthread_condattr_destroy(&ca);
	if (console_init(&vmm->console, STDOUT_FILENO)) {
		fprintf(stderr, "armvisor: cannot start the console: %s\n",
			strerror(errno));
		return -1;
	}
	pl011_init(&vmm->uart, &vmm_uart_ops, vmm);
	return 0;
}

static int run_vm(const struct vmm_options *o)
{
	static struct vmm vmm; /* big (thread tables); outlives the threads */
	struct guest_ram ram = {.base = VIRT_RAM_BASE, .size = o->mem_size};
	struct loaded_image img;
	struct boot_layout layout;
	unsigned vtimer, ptimer;
	int status;

	signal(SIGPIPE, SIG_IGN); /* a closed stdout must not kill the VMM */
	if (vmm_init(&vmm, o))
		return EXIT_FAILURE_SETUP;

	ram.host = mmap(NULL, ram.size, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (ram.host == MAP_FAILED) {
		fprintf(stderr,
			"armvisor: --mem: cannot allocate %llu MiB of "
			"guest RAM: %s\n",
			(unsigned long long)(ram.size >> 20), strerror(errno));
		return EXIT_FAILURE_SETUP;
	}
	if (vmm_load_boot_files(o, &ram, &img, &layout))
		return EXIT_FAILURE_SETUP;
	if (create_vm(&vmm, o, &ram))
		return EXIT_FAILURE_SETUP;
	if (configure_timer_irqs(&vmm, o, &vtimer, &ptimer))
		return VMM_EXIT_USAGE;
	if (o->vm.irqchip == AV_IRQCHIP_USER &&
	    user_gic_create(&vmm.ugic, vmm.vm, vmm.nr_vcpus,
			    VIRT_GIC_DIST_BASE, VIRT_GICV2_CPU_BASE, vtimer,
			    ptimer, user_gic_report))
		return EXIT_FAILURE_SETUP;
	if (vmm_place_dtb(o, &ram, &layout, vtimer, ptimer) ||
	    set_boot_regs(&vmm, img.entry, layout.dtb_addr))
		return EXIT_FAILURE_SETUP;

	if (o->trace &&
	    vmm_trace_start(o->trace, vmm.nr_vcpus, o->trace_classes))
		return EXIT_FAILURE_SETUP;
	if (o->stats)
		signal(SIGUSR1, on_sigusr1);
	console_start_input(&vmm.uart);
	if (vmm_start_vcpus(&vmm) && vmm.running == 0)
		return EXIT_FAILURE_SETUP;
	if (!wait_for_guest(&vmm, o->timeout_s, o->stats)) {
		finish_console(&vmm.console);
		_exit(exit_status(&vmm));
	}
	finish_console(&vmm.console);
	status = exit_status(&vmm);
	/* Every vCPU thread was joined: counters and trace are final. */
	print_stats(&vmm, o->stats);
	if (getenv("ARMVISOR_STATS")) /* bench/bench_irq_cost.sh */
		for (unsigned i = 0; i < vmm.nr_vcpus; i++) {
			uint64_t n = 0;

			av_vcpu_get_one_reg(vmm.vcpus[i],
					    AV_REG_ARMVISOR_STAT_EXITS, &n);
			fprintf(stderr, "armvisor: stats: vcpu %u exits %llu\n",
				i, (unsigned long long)n);
		}
	/* Every vCPU thread was joined: nothing is inside av_vcpu_run. */
	if (av_vm_destroy(vmm.vm) < 0)
		fprintf(stderr, "armvisor: cannot free the VM: a vCPU is still "
				"running\n");
	user_gic_destroy(&vmm.ugic);
	/* After the VM: its host timers (which may trace) are gone. */
	vmm_trace_finish();
	munmap(ram.host, ram.size);
	return status;
}

int main(int argc, char **argv)
{
	struct vmm_options o;
	char err[512];

	if (vmm_parse_args(argc, argv, &o, err, sizeof(err))) {
		fprintf(stderr, "armvisor: %s\n", err);
		return VMM_EXIT_USAGE;
	}
	switch (o.command) {
	case VMM_CMD_HELP:
		fputs(vmm_usage, stdout);
		return 0;
	case VMM_CMD_VERSION:
		printf("armvisor %s\n", av_version());
		return 0;
	case VMM_CMD_RUN:
		break;
	}
	if (o.engine == VMM_ENGINE_EL2)
		return vmm_run_el2(&o);
	return run_vm(&o);
}
