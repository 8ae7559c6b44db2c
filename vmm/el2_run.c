// SPDX-License-Identifier: MIT
/*
 * armvisor run --engine el2: the VM runs on the EL2 engine, the hypervisor
 * image (build/el2/armvisor-el2.bin) with the same core built in.  On this
 * host (no EL2 to run it on) the image is booted in
 *   qemu-system-aarch64 -M virt,virtualization=on,gic-version=N -cpu max
 * which emulates EL2, stage 2 and the GIC virtualization interfaces
 * (PLATFORM.md "The EL2 engine").  This side prepares what the armvisor
 * program prepares for the Unicorn engine -- the image and initrd in guest
 * RAM, the device tree (vmm/fdt.c, libfdt) -- and hands it to the image
 * with QEMU's generic loader at the physical addresses the manifest names
 * (include/armvisor/el2_manifest.h).  Then it relays the console, reads
 * "EXIT: STATUS=N" from it with the same console code, and applies the
 * same exit-status and --timeout rules.  The image's own log (semihosting)
 * goes to stderr, apart from the guest console; with --stats it goes to a
 * file first, whose "stats:" lines (AV_EL2_F_STATS) become the same table
 * or JSON as on the Unicorn engine, the rest being copied to stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "console.h"
#include "el2_qemu.h"
#include "loader.h"
#include "platform.h"
#include "stats.h"
#include "vmm.h"

#define EXIT_FAILURE_SETUP 1
#define EXIT_TIMEOUT 124
/* The image's own statuses (src/platform/el2/machine.h). */
#define IMAGE_STATUS_OK 0
#define IMAGE_STATUS_BAD_MANIFEST 2
#define IMAGE_STATUS_VM_ERROR 70

struct el2_run {
	char dir[PATH_MAX - 64]; /* temporary: manifest and blobs */
	char image[PATH_MAX]; /* the hypervisor image */
	const char *qemu;
	pid_t pid;
};

/* The IPA -> PA of guest RAM under QEMU: right after hypervisor RAM. */
static uint64_t guest_pa(const struct guest_ram *ram, uint64_t ipa)
{
	return EL2_QEMU_RAM_PA + EL2_QEMU_HYP_RAM + (ipa - ram->base);
}

/* build/armvisor -> build/el2/armvisor-el2.bin, or $ARMVISOR_EL2_IMAGE. */
static int find_image(struct el2_run *r)
{
	const char *env = getenv("ARMVISOR_EL2_IMAGE");
	char self[PATH_MAX - 32];
	ssize_t n;
	char *slash;

	if (env) {
		snprintf(r->image, sizeof(r->image), "%s", env);
	} else {
		n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		if (n < 0)
			return -1;
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash)
			*slash = '\0';
		snprintf(r->image, sizeof(r->image),
			 "%s/el2/armvisor-el2.bin", self);
	}
	if (access(r->image, R_OK)) {
		fprintf(stderr,
			"armvisor: --engine el2: no hypervisor image at %s "
			"(make el2, or set ARMVISOR_EL2_IMAGE)\n",
			r->image);
		return -1;
	}
	return 0;
}

/* qemu-system-aarch64 in PATH, or $ARMVISOR_QEMU. */
static int find_qemu(struct el2_run *r)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];

	r->qemu = getenv("ARMVISOR_QEMU");
	if (r->qemu) {
		if (!access(r->qemu, X_OK))
			return 0;
		fprintf(stderr, "armvisor: --engine el2: ARMVISOR_QEMU=%s: %s\n",
			r->qemu, strerror(errno));
		return -1;
	}
	r->qemu = "qemu-system-aarch64";
	while (path && *path) {
		size_t len = strcspn(path, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)len, path, r->qemu);
		if (!access(buf, X_OK))
			return 0;
		path += len + (path[len] == ':');
	}
	fprintf(stderr,
		"armvisor: --engine el2 needs qemu-system-aarch64 (Debian "
		"package qemu-system-arm) in PATH, or ARMVISOR_QEMU, to run "
		"the hypervisor image on this host\n");
	return -1;
}

static int write_blob(const struct el2_run *r, const char *name,
		      const void *data, size_t len, char *path, size_t plen)
{
	FILE *f;

	snprintf(path, plen, "%s/%s", r->dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "armvisor: --engine el2: cannot write %s: %s\n",
			path, strerror(errno));
		return -1;
	}
	return 0;
}

static uint32_t manifest_irqchip(enum av_irqchip_kind k)
{
	switch (k) {
	case AV_IRQCHIP_GICV3:
		return AV_EL2_IRQCHIP_GICV3;
	case AV_IRQCHIP_GICV2:
		return AV_EL2_IRQCHIP_GICV2;
	case AV_IRQCHIP_RVIC:
		return AV_EL2_IRQCHIP_RVIC;
	default:
		return AV_EL2_IRQCHIP_USER;
	}
}

static void fill_manifest(struct av_el2_manifest *m,
			  const struct vmm_options *o,
			  const struct guest_ram *ram,
			  const struct loaded_image *img,
			  const struct boot_layout *layout, unsigned vtimer,
			  unsigned ptimer, unsigned gic)
{
	memset(m, 0, sizeof(*m));
	m->magic = AV_EL2_MANIFEST_MAGIC;
	m->version = AV_EL2_MANIFEST_VERSION;
	m->size = sizeof(*m);
	m->mode = AV_EL2_MODE_VM;
	m->flags = AV_EL2_F_SEMIHOSTING | AV_EL2_F_LOG_SEMIHOSTING;
	if (o->stats)
		m->flags |= AV_EL2_F_STATS;
	if (getenv("ARMVISOR_EL2_TRACE")) /* every guest exit in the log */
		m->flags |= AV_EL2_F_TRACE_EXITS;
	if (getenv("ARMVISOR_EL2_STATS")) /* exits by kind, at the end */
		m->flags |= AV_EL2_F_STATS;
	if (o->halt_poll_ns >= 0) {
		m->flags |= AV_EL2_F_HALT_POLL;
		m->halt_poll_ns = (uint64_t)o->halt_poll_ns;
	}
	el2_qemu_virt_platform(&m->plat, gic, o->vm.nr_vcpus, ram->size);
	m->vm.ram_ipa = ram->base;
	m->vm.ram_size = ram->size;
	m->vm.ram_pa = guest_pa(ram, ram->base);
	m->vm.entry_ipa = img->entry;
	m->vm.dtb_ipa = layout->dtb_addr;
	m->vm.initrd_ipa = layout->initrd_addr;
	m->vm.initrd_size = layout->initrd_size;
	m->vm.cntfrq = EL2_QEMU_CNTFRQ;
	m->vm.nr_vcpus = o->vm.nr_vcpus;
	m->vm.irqchip = manifest_irqchip(o->vm.irqchip);
	m->vm.vtimer_intid = vtimer;
	m->vm.ptimer_intid = ptimer;
	m->vm.timer_irq_mode = o->vm.timer_irq_mode;
	m->vm.nr_lrs = o->vm.nr_lrs;
	m->vm.rvic_trusted = o->vm.rvic_trusted;
	m->vm.rvic_total = o->vm.rvic_total;
	m->vm.gicd_ipa = VIRT_GIC_DIST_BASE;
	if (o->vm.irqchip == AV_IRQCHIP_GICV3)
		m->vm.gicr_ipa = VIRT_GICV3_REDIST_BASE;
	if (o->vm.irqchip == AV_IRQCHIP_GICV2 ||
	    o->vm.irqchip == AV_IRQCHIP_USER)
		m->vm.gicc_ipa = VIRT_GICV2_CPU_BASE;
	m->vm.uart_ipa = VIRT_UART_BASE;
}

/* Blobs and their -device loader arguments (QEMU docs/system/generic-
 * loader.rst: file=,addr=,force-raw=on places the bytes as they are). */
struct blob {
	char path[PATH_MAX];
	uint64_t pa;
	char arg[PATH_MAX + 64];
};

static int add_blob(const struct el2_run *r, struct blob *b, const char *name,
		    const void *data, size_t len, uint64_t pa)
{
	if (write_blob(r, name, data, len, b->path, sizeof(b->path)))
		return -1;
	b->pa = pa;
	snprintf(b->arg, sizeof(b->arg), "loader,file=%s,addr=0x%llx,"
		 "force-raw=on", b->path, (unsigned long long)pa);
	return 0;
}

static pid_t start_qemu(const struct el2_run *r, const struct vmm_options *o,
			unsigned gic, uint64_t ram_size, struct blob *blobs,
			unsigned nb, int out_fd, int err_fd)
{
	char machine[96], smp[16], mem[32], *extra;
	const char *argv[48];
	unsigned n = 0;
	pid_t pid;

	snprintf(machine, sizeof(machine), "virt,virtualization=on,"
		 "gic-version=%u", gic);
	snprintf(smp, sizeof(smp), "%u", o->vm.nr_vcpus);
	snprintf(mem, sizeof(mem), "%lluM",
		 (unsigned long long)((EL2_QEMU_HYP_RAM + ram_size) >> 20));
	argv[n++] = r->qemu;
	argv[n++] = "-M";
	argv[n++] = machine;
	argv[n++] = "-cpu";
	argv[n++] = "max";
	argv[n++] = "-smp";
	argv[n++] = smp;
	argv[n++] = "-m";
	argv[n++] = mem;
	argv[n++] = "-nodefaults";
	argv[n++] = "-display";
	argv[n++] = "none";
	argv[n++] = "-no-reboot";
	/* The guest console: QEMU's PL011 on our pipe (stdin for input). */
	argv[n++] = "-chardev";
	argv[n++] = "stdio,id=con,signal=off";
	argv[n++] = "-serial";
	argv[n++] = "chardev:con";
	/* The image's log and exit status (docs/el2.md: semihosting output
	 * goes to QEMU's stderr). */
	argv[n++] = "-semihosting-config";
	argv[n++] = "enable=on,target=native";
	argv[n++] = "-kernel";
	argv[n++] = r->image;
	for (unsigned i = 0; i < nb; i++) {
		argv[n++] = "-device";
		argv[n++] = blobs[i].arg;
	}
	/* Debugging: ARMVISOR_QEMU_ARGS="-d int -D qemu.log" or "-s -S"
	 * (split at spaces; docs/el2.md). */
	extra = getenv("ARMVISOR_QEMU_ARGS");
	if (extra && (extra = strdup(extra))) {
		for (char *tok = strtok(extra, " "); tok && n + 1 < 48;
		     tok = strtok(NULL, " "))
			argv[n++] = tok;
	}
	argv[n] = NULL;

	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "armvisor: --engine el2: fork: %s\n",
			strerror(errno));
		return -1;
	}
	if (pid == 0) {
		dup2(out_fd, STDOUT_FILENO);
		close(out_fd);
		if (err_fd >= 0) {
			dup2(err_fd, STDERR_FILENO);
			close(err_fd);
		}
		/* A group of its own: --timeout ends QEMU and its threads. */
		setpgid(0, 0);
		signal(SIGUSR1, SIG_DFL); /* not our --stats disposition */
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "armvisor: --engine el2: cannot run %s: %s\n",
			argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

/* The files QEMU loaded are removed, unless ARMVISOR_EL2_KEEP is set: then
 * they stay, with where each was placed, for booting the same VM another
 * way (a board's U-Boot, README "Running the EL2 image on an arm64 board"). */
static void remove_dir(const struct el2_run *r, struct blob *blobs,
		       unsigned nb)
{
	if (getenv("ARMVISOR_EL2_KEEP")) {
		fprintf(stderr, "armvisor: --engine el2: files kept:\n");
		for (unsigned i = 0; i < nb; i++)
			fprintf(stderr, "  %s at PA %#llx\n", blobs[i].path,
				(unsigned long long)blobs[i].pa);
		return;
	}
	for (unsigned i = 0; i < nb; i++)
		unlink(blobs[i].path);
	rmdir(r->dir);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Relay QEMU's stdout (the guest console) into the console until QEMU
 * ends or --timeout; returns QEMU's wait status, or -1 on timeout. */
static int relay(struct el2_run *r, int in_fd, struct console *con,
		 unsigned timeout_s)
{
	uint64_t deadline = timeout_s ? now_ms() + timeout_s * 1000ull : 0;
	uint8_t buf[4096];
	int status;

	for (;;) {
		struct pollfd p = { .fd = in_fd, .events = POLLIN };
		int wait_ms = 50;
		ssize_t got;

		if (deadline) {
			uint64_t now = now_ms();

			if (now >= deadline)
				return -1;
			if (deadline - now < (uint64_t)wait_ms)
				wait_ms = (int)(deadline - now);
		}
		if (poll(&p, 1, wait_ms) > 0) {
			got = read(in_fd, buf, sizeof(buf));
			if (got > 0) {
				for (ssize_t i = 0; i < got; i++)
					console_putc(con, buf[i]);
				continue;
			}
			if (got == 0 || (got < 0 && errno != EINTR)) {
				/* QEMU closed its stdout: it is ending. */
				waitpid(r->pid, &status, 0);
				return status;
			}
		}
		console_flush(con, 0);
		if (waitpid(r->pid, &status, WNOHANG) == r->pid) {
			/* Drain what it wrote last. */
			while ((got = read(in_fd, buf, sizeof(buf))) > 0)
				for (ssize_t i = 0; i < got; i++)
					console_putc(con, buf[i]);
			return status;
		}
	}
}

/* ---- --stats: the image's "stats:" log lines -------------------------- */

#define EL2_STATS_MAX 128
#define EL2_STATS_PREFIX "el2: stats: "

static struct av_stat el2_vcpu_stats[AV_EL2_MAX_PCPUS][EL2_STATS_MAX];
static struct av_stat el2_vm_stats[EL2_STATS_MAX];

/* Add "NAME VALUE" to an array of n; false if it is not that. */
static bool parse_stat(const char *s, struct av_stat *st, unsigned *n)
{
	char name[AV_STATS_NAME_SIZE];
	unsigned long long value;

	if (*n >= EL2_STATS_MAX ||
	    sscanf(s, "%47s %llu", name, &value) != 2)
		return false;
	memset(&st[*n], 0, sizeof(st[*n]));
	memcpy(st[*n].name, name, sizeof(name));
	st[*n].value = value;
	if (!strcmp(name, "halt_wait_ns")) {
		st[*n].flags = AV_STATS_UNIT_SECONDS;
		st[*n].exponent = -9;
	}
	(*n)++;
	return true;
}

/* Copy the image's log to stderr, keeping its counters for --stats. */
static void report_log(FILE *log, const struct vmm_options *o)
{
	struct vmm_stats_set s = { .nr_vcpus = o->vm.nr_vcpus };
	unsigned nv[AV_EL2_MAX_PCPUS] = { 0 }, nm = 0;
	char line[512];

	while (fgets(line, sizeof(line), log)) {
		const char *p = line + strlen(EL2_STATS_PREFIX);
		unsigned cpu;
		int used = 0;

		if (strncmp(line, EL2_STATS_PREFIX, strlen(EL2_STATS_PREFIX))) {
			fputs(line, stderr);
		} else if (sscanf(p, "vcpu %u %n", &cpu, &used) == 1 && used &&
			   cpu < AV_EL2_MAX_PCPUS) {
			parse_stat(p + used, el2_vcpu_stats[cpu], &nv[cpu]);
		} else if (!strncmp(p, "vm ", 3)) {
			parse_stat(p + 3, el2_vm_stats, &nm);
		}
	}
	if (!nv[0]) {
		fprintf(stderr, "armvisor: --stats: the EL2 image reported no "
				"counters (the VM did not stop by itself)\n");
		return;
	}
	for (unsigned i = 0; i < s.nr_vcpus && i < AV_EL2_MAX_PCPUS; i++) {
		if (nv[i] != nv[0]) {
			fprintf(stderr, "armvisor: --stats: vCPU %u: %u "
					"counters from the EL2 image, vCPU 0 "
					"%u\n",
				i, nv[i], nv[0]);
			return;
		}
		s.vcpu[i] = el2_vcpu_stats[i];
	}
	s.nr_vcpu_stats = nv[0];
	s.vm = el2_vm_stats;
	s.nr_vm_stats = nm;
	vmm_stats_print(stderr, o->stats, &s);
}

static int exit_status(struct console *con, int qemu_status)
{
	long status;
	int code;

	if (qemu_status < 0)
		return EXIT_TIMEOUT;
	if (console_exit_status(con, &status))
		return console_exit_code(status);
	if (!WIFEXITED(qemu_status)) {
		fprintf(stderr, "armvisor: --engine el2: QEMU ended by signal "
				"%d\n",
			WTERMSIG(qemu_status));
		return EXIT_FAILURE_SETUP;
	}
	code = WEXITSTATUS(qemu_status);
	switch (code) {
	case IMAGE_STATUS_OK:
		return 0; /* powered off without an EXIT line */
	case IMAGE_STATUS_BAD_MANIFEST:
		fprintf(stderr, "armvisor: --engine el2: the hypervisor image "
				"refused the VM description (manifest); see "
				"its message above\n");
		return EXIT_FAILURE_SETUP;
	case IMAGE_STATUS_VM_ERROR:
		fprintf(stderr, "armvisor: --engine el2: the VM stopped on an "
				"error (see the image's log above)\n");
		return EXIT_FAILURE_SETUP;
	default:
		fprintf(stderr, "armvisor: --engine el2: QEMU exited with "
				"status %d\n",
			code);
		return EXIT_FAILURE_SETUP;
	}
}

int vmm_run_el2(const struct vmm_options *o)
{
	static struct console con;
	struct el2_run r = { .pid = -1 };
	struct guest_ram ram = { .base = VIRT_RAM_BASE, .size = o->mem_size };
	struct loaded_image img;
	struct boot_layout layout;
	struct av_el2_manifest m;
	struct blob blobs[4];
	unsigned nb = 0, gic;
	unsigned vtimer = o->vtimer_irq == VMM_TIMER_IRQ_DEFAULT
				  ? VIRT_TIMER_VIRT_INTID
				  : (unsigned)o->vtimer_irq;
	unsigned ptimer = o->ptimer_irq == VMM_TIMER_IRQ_DEFAULT
				  ? VIRT_TIMER_PHYS_INTID
				  : (unsigned)o->ptimer_irq;
	int pipefd[2], qemu_status, status = EXIT_FAILURE_SETUP;
	FILE *log = NULL; /* --stats: QEMU's stderr, the image's log */
	const char *tmp = getenv("TMPDIR");

	signal(SIGPIPE, SIG_IGN);
	/* The image reports its counters only when the VM stops: a SIGUSR1
	 * meant for --stats must not end the run (its default action). */
	if (o->stats)
		signal(SIGUSR1, SIG_IGN);
	if (find_qemu(&r) || find_image(&r))
		return EXIT_FAILURE_SETUP;
	/* The physical GIC is the guest's version (the user irqchip's GIC in
	 * the VMM and the rVIC ride on a GICv3 host). */
	gic = o->vm.irqchip == AV_IRQCHIP_GICV2 ? 2 : 3;
	ram.host = mmap(NULL, ram.size, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (ram.host == MAP_FAILED) {
		fprintf(stderr, "armvisor: --mem: cannot allocate %llu MiB: "
				"%s\n",
			(unsigned long long)(ram.size >> 20), strerror(errno));
		return EXIT_FAILURE_SETUP;
	}
	if (vmm_load_boot_files(o, &ram, &img, &layout) ||
	    vmm_place_dtb(o, &ram, &layout, vtimer, ptimer))
		goto out_ram;
	snprintf(r.dir, sizeof(r.dir), "%s/armvisor-el2.XXXXXX",
		 tmp ? tmp : "/tmp");
	if (!mkdtemp(r.dir)) {
		fprintf(stderr, "armvisor: --engine el2: cannot make a "
				"temporary directory: %s\n",
			strerror(errno));
		goto out_ram;
	}
	fill_manifest(&m, o, &ram, &img, &layout, vtimer, ptimer, gic);
	if (add_blob(&r, &blobs[nb++], "manifest.bin", &m, sizeof(m),
		     AV_EL2_MANIFEST_PA) ||
	    add_blob(&r, &blobs[nb++], "image.bin",
		     ram.host + (img.start - ram.base), img.end - img.start,
		     guest_pa(&ram, img.start)) ||
	    add_blob(&r, &blobs[nb++], "dtb.bin",
		     ram.host + (layout.dtb_addr - ram.base),
		     layout.dtb_max_size, guest_pa(&ram, layout.dtb_addr)))
		goto out_dir;
	if (layout.initrd_size &&
	    add_blob(&r, &blobs[nb++], "initrd.bin",
		     ram.host + (layout.initrd_addr - ram.base),
		     layout.initrd_size, guest_pa(&ram, layout.initrd_addr)))
		goto out_dir;
	if (console_init(&con, STDOUT_FILENO) || pipe(pipefd)) {
		fprintf(stderr, "armvisor: --engine el2: %s\n",
			strerror(errno));
		goto out_dir;
	}
	r.pid = -1;
	if (o->stats && !(log = tmpfile()))
		fprintf(stderr, "armvisor: --stats: cannot keep the EL2 "
				"image's log: %s\n",
			strerror(errno));
	else
		r.pid = start_qemu(&r, o, gic, ram.size, blobs, nb, pipefd[1],
				   log ? fileno(log) : -1);
	close(pipefd[1]);
	if (r.pid < 0)
		goto out_pipe;
	qemu_status = relay(&r, pipefd[0], &con, o->timeout_s);
	if (qemu_status < 0) {
		fprintf(stderr,
			"armvisor: guest did not stop within %u s, stopping "
			"it\n",
			o->timeout_s);
		kill(-r.pid, SIGKILL);
		waitpid(r.pid, NULL, 0);
	}
	console_flush(&con, 1000);
	status = exit_status(&con, qemu_status);
	if (log) {
		rewind(log);
		report_log(log, o);
	}
out_pipe:
	if (log)
		fclose(log);
	close(pipefd[0]);
out_dir:
	remove_dir(&r, blobs, nb);
out_ram:
	munmap(ram.host, ram.size);
	return status;
}
