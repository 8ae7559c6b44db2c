// SPDX-License-Identifier: MIT
/*
 * mkmanifest: write an EL2 image manifest (include/armvisor/el2_manifest.h)
 * for QEMU's virt machine, for tests/el2/run.sh until the host tool
 * (armvisor run --engine el2) writes its own.
 *
 *   mkmanifest [options] OUT
 *
 * Memory layout (QEMU -m = hyp RAM + guest RAM):
 *   0x4000_0000  hypervisor RAM (--hyp-ram, default 130 MiB): QEMU's boot
 *                stub, the manifest at 0x4001_0000, the image at
 *                0x4008_0000, and QEMU's own DTB, which it puts at
 *                RAM base + min(RAM / 2, 128 MiB), 2 MiB aligned (1 MiB)
 *   after it     guest RAM (--guest-ram, default 64 MiB), IPA 0x4000_0000
 * --print shows the QEMU options that go with the manifest.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "armvisor/el2_manifest.h"
#include "vmm/el2_qemu.h"

#define MiB ((uint64_t)1 << 20)

static uint64_t parse_num(const char *opt, const char *s)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		goto bad;
	if (*end == 'M' || *end == 'm') {
		v *= MiB;
		end++;
	} else if (*end == 'K' || *end == 'k') {
		v *= 1024;
		end++;
	}
	if (*end)
		goto bad;
	return v;
bad:
	fprintf(stderr, "mkmanifest: %s: '%s' is not a number\n", opt, s);
	exit(2);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: mkmanifest [options] OUT\n"
		"  --mode M           selftest, demo or vm (default demo)\n"
		"  --gic N            physical GIC version, 2 or 3 (default 3)\n"
		"  --pcpus N          pCPUs (QEMU -smp), 1..8 (default 1)\n"
		"  --vcpus N          vCPUs, 1..pcpus (default pcpus)\n"
		"  --irqchip K        gicv3, gicv2 or rvic (default: as --gic)\n"
		"  --hyp-ram SIZE     hypervisor RAM (default 130M)\n"
		"  --guest-ram SIZE   guest RAM (default 64M)\n"
		"  --guest-pa PA      guest RAM's PA (default: after hyp RAM)\n"
		"  --entry IPA        guest entry (default 0x40080000)\n"
		"  --dtb IPA          guest x0 (default 0: none)\n"
		"  --initrd IPA,SIZE  initrd range\n"
		"  --cntfrq HZ        counter frequency (default 62500000)\n"
		"  --semihosting      QEMU has semihosting: exit with a status\n"
		"  --log-semihosting  hypervisor logs through semihosting\n"
		"  --trace            log every guest exit\n"
		"  --halt-poll NS     the VM's halt-poll maximum\n"
		"  --magic/--version/--size/--boot-mpidr N, --halt-poll-raw NS\n"
		"                     override (tests)\n"
		"  --print            print the matching QEMU options\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "mode", required_argument, 0, 'm' },
		{ "gic", required_argument, 0, 'g' },
		{ "pcpus", required_argument, 0, 'p' },
		{ "vcpus", required_argument, 0, 'v' },
		{ "irqchip", required_argument, 0, 'i' },
		{ "hyp-ram", required_argument, 0, 'H' },
		{ "guest-ram", required_argument, 0, 'G' },
		{ "guest-pa", required_argument, 0, 'A' },
		{ "entry", required_argument, 0, 'e' },
		{ "dtb", required_argument, 0, 'd' },
		{ "initrd", required_argument, 0, 'I' },
		{ "cntfrq", required_argument, 0, 'f' },
		{ "semihosting", no_argument, 0, 's' },
		{ "log-semihosting", no_argument, 0, 'l' },
		{ "trace", no_argument, 0, 't' },
		{ "magic", required_argument, 0, 1 },
		{ "version", required_argument, 0, 2 },
		{ "size", required_argument, 0, 3 },
		{ "boot-mpidr", required_argument, 0, 4 },
		{ "halt-poll", required_argument, 0, 5 },
		{ "halt-poll-raw", required_argument, 0, 6 },
		{ "print", no_argument, 0, 'P' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct av_el2_manifest m = {
		.magic = AV_EL2_MANIFEST_MAGIC,
		.version = AV_EL2_MANIFEST_VERSION,
		.size = sizeof(m),
		.mode = AV_EL2_MODE_DEMO,
	};
	unsigned gic = 3, pcpus = 1, vcpus = 0, irqchip = 0;
	uint64_t hyp_ram = 130 * MiB, guest_ram = 64 * MiB, guest_pa = 0;
	int64_t boot_mpidr = -1;
	int print = 0, c;
	FILE *f;

	m.vm.entry_ipa = 0x40080000;
	m.vm.cntfrq = 62500000;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (!strcmp(optarg, "selftest"))
				m.mode = AV_EL2_MODE_SELFTEST;
			else if (!strcmp(optarg, "demo"))
				m.mode = AV_EL2_MODE_DEMO;
			else if (!strcmp(optarg, "vm"))
				m.mode = AV_EL2_MODE_VM;
			else
				m.mode = (uint32_t)parse_num("--mode", optarg);
			break;
		case 'g':
			gic = (unsigned)parse_num("--gic", optarg);
			break;
		case 'p':
			pcpus = (unsigned)parse_num("--pcpus", optarg);
			break;
		case 'v':
			vcpus = (unsigned)parse_num("--vcpus", optarg);
			break;
		case 'i':
			irqchip = !strcmp(optarg, "gicv3")   ? AV_EL2_IRQCHIP_GICV3
				  : !strcmp(optarg, "gicv2") ? AV_EL2_IRQCHIP_GICV2
				  : !strcmp(optarg, "rvic")  ? AV_EL2_IRQCHIP_RVIC
							     : 99;
			break;
		case 'H':
			hyp_ram = parse_num("--hyp-ram", optarg);
			break;
		case 'G':
			guest_ram = parse_num("--guest-ram", optarg);
			break;
		case 'A':
			guest_pa = parse_num("--guest-pa", optarg);
			break;
		case 'e':
			m.vm.entry_ipa = parse_num("--entry", optarg);
			break;
		case 'd':
			m.vm.dtb_ipa = parse_num("--dtb", optarg);
			break;
		case 'I': {
			char *comma = strchr(optarg, ',');

			if (!comma) {
				fprintf(stderr, "mkmanifest: --initrd: want "
						"IPA,SIZE\n");
				return 2;
			}
			*comma = 0;
			m.vm.initrd_ipa = parse_num("--initrd", optarg);
			m.vm.initrd_size = parse_num("--initrd", comma + 1);
			break;
		}
		case 'f':
			m.vm.cntfrq = parse_num("--cntfrq", optarg);
			break;
		case 's':
			m.flags |= AV_EL2_F_SEMIHOSTING;
			break;
		case 'l':
			m.flags |= AV_EL2_F_LOG_SEMIHOSTING;
			break;
		case 't':
			m.flags |= AV_EL2_F_TRACE_EXITS;
			break;
		case 1:
			m.magic = parse_num("--magic", optarg);
			break;
		case 2:
			m.version = (uint32_t)parse_num("--version", optarg);
			break;
		case 3:
			m.size = (uint32_t)parse_num("--size", optarg);
			break;
		case 4:
			boot_mpidr = (int64_t)parse_num("--boot-mpidr", optarg);
			break;
		case 5: /* with its flag */
			m.flags |= AV_EL2_F_HALT_POLL;
			m.halt_poll_ns = parse_num("--halt-poll", optarg);
			break;
		case 6: /* the value alone (tests) */
			m.halt_poll_ns = parse_num("--halt-poll-raw", optarg);
			break;
		case 'P':
			print = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind + 1 != argc) {
		usage(stderr);
		return 2;
	}
	if (pcpus < 1 || pcpus > AV_EL2_MAX_PCPUS) {
		/* Still write it: the image must refuse it (tests). */
		fprintf(stderr, "mkmanifest: warning: --pcpus %u\n", pcpus);
	}
	el2_qemu_virt_platform(&m.plat, gic,
			       pcpus <= AV_EL2_MAX_PCPUS ? pcpus : 1,
			       guest_ram);
	m.plat.nr_pcpus = pcpus;
	if (boot_mpidr >= 0)
		m.plat.pcpu_mpidr[0] = (uint64_t)boot_mpidr;
	m.plat.ram_size = hyp_ram + guest_ram;
	m.plat.hyp_ram_size = hyp_ram;

	m.vm.nr_vcpus = vcpus ? vcpus : pcpus;
	m.vm.irqchip = irqchip ? irqchip
			       : gic == 3 ? AV_EL2_IRQCHIP_GICV3
					  : AV_EL2_IRQCHIP_GICV2;
	m.vm.ram_ipa = 0x40000000;
	m.vm.ram_size = guest_ram;
	m.vm.ram_pa = guest_pa ? guest_pa : m.plat.hyp_ram_pa + hyp_ram;
	m.vm.vtimer_intid = 27;
	m.vm.ptimer_intid = 30;
	m.vm.gicd_ipa = 0x08000000;
	if (m.vm.irqchip == AV_EL2_IRQCHIP_GICV3)
		m.vm.gicr_ipa = 0x080a0000;
	if (m.vm.irqchip == AV_EL2_IRQCHIP_GICV2)
		m.vm.gicc_ipa = 0x08010000;
	m.vm.uart_ipa = 0x09000000;

	f = fopen(argv[optind], "wb");
	if (!f || fwrite(&m, sizeof(m), 1, f) != 1 || fclose(f)) {
		fprintf(stderr, "mkmanifest: %s: %s\n", argv[optind],
			strerror(errno));
		return 1;
	}
	if (print)
		printf("-m %" PRIu64 "M -smp %u -machine gic-version=%u "
		       "manifest=%#llx guest_pa=%#" PRIx64 "\n",
		       m.plat.ram_size / MiB, pcpus, gic,
		       (unsigned long long)AV_EL2_MANIFEST_PA, m.vm.ram_pa);
	return 0;
}
