// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the command line parser (vmm/cli.c).  The input is argv
 * after "armvisor", arguments separated by NUL bytes.  Parsing must never
 * crash, and must fail with a message or succeed.  When it accepts a `run`,
 * the library must accept the result too (issue 9: what the CLI accepts
 * the core must not refuse): av_vm_create takes the config, vCPU 0 takes
 * the timer INTIDs, and its first av_vcpu_run gets past the first-run
 * checks (distinct timer INTIDs) to the guest's first instruction, an HVC.
 */
#include <errno.h>

#include "fuzz.h"

#include "armvisor/armvisor.h"
#include "vmm/cli.h"
#include "vmm/platform.h"
#include "vmm/vmm.h"

#define MAX_ARGS 48
#define RAM_SIZE (64u << 10)

static uint8_t *ram;

static void check_core_accepts(const struct vmm_options *o)
{
	static const uint32_t hvc = 0xd4000002; /* hvc #0 */
	const int irqs[2] = {o->vtimer_irq, o->ptimer_irq};
	const uint64_t attrs[2] = {AV_ARM_VCPU_TIMER_IRQ_VTIMER,
				   AV_ARM_VCPU_TIMER_IRQ_PTIMER};
	int err = 0;
	av_vm *vm = av_vm_create(&o->vm, &err);
	av_vcpu *v;

	FUZZ_CHECK(vm && err == 0);
	FUZZ_CHECK(av_vm_set_user_memory_region(vm, 0, VIRT_RAM_BASE, RAM_SIZE,
						ram) == 0);
	FUZZ_CHECK(vmm_place_gic(vm, o->vm.irqchip) == 0);
	v = av_vcpu_create(vm, 0, 0, &err);
	FUZZ_CHECK(v && err == 0);
	for (int i = 0; i < 2; i++)
		if (irqs[i] != VMM_TIMER_IRQ_DEFAULT)
			FUZZ_CHECK(av_vcpu_set_attr(v, AV_ARM_VCPU_TIMER_CTRL,
						    attrs[i], &irqs[i]) == 0);
	memcpy(ram, &hvc, sizeof(hvc));
	FUZZ_CHECK(av_vcpu_set_one_reg(v, AV_REG_PC, VIRT_RAM_BASE) == 0);
	FUZZ_CHECK(av_vcpu_run(v) == 0);
	FUZZ_CHECK(av_vcpu_run_struct(v)->exit_reason == AV_EXIT_HYPERCALL);
	FUZZ_CHECK(av_vm_destroy(vm) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);
	char *argv[MAX_ARGS + 2];
	int argc = 0;
	struct vmm_options o;
	char err[512];

	if (!buf)
		abort();
	if (!ram) {
		ram = aligned_alloc(4096, RAM_SIZE);
		if (!ram)
			abort();
	}
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[argc++] = (char *)"armvisor";
	for (size_t at = 0; at <= size && argc <= MAX_ARGS;) {
		argv[argc++] = buf + at;
		at += strlen(buf + at) + 1;
	}
	argv[argc] = NULL;

	err[0] = '\0';
	if (vmm_parse_args(argc, argv, &o, err, sizeof(err))) {
		FUZZ_CHECK(err[0] != '\0'); /* a refusal always says why */
	} else if (o.command == VMM_CMD_RUN) {
		FUZZ_CHECK(o.image != NULL);
		check_core_accepts(&o);
	}
	free(buf);
	return 0;
}
