// SPDX-License-Identifier: MIT
/*
 * One thread per vCPU, each calling av_vcpu_run in a loop and dispatching
 * its exits (KVM_RUN style): MMIO to the user irqchip's GIC (user_gic.c),
 * the PL011 or back to the guest as an external abort, hypercalls to PSCI, system events end the thread.
 *
 * Stopping: vmm_stop records the first reason, then raises a system event
 * (every vCPU leaves av_vcpu_run and stays out, sleeping ones included) and
 * also sets immediate_exit and kicks each vCPU, as a KVM VMM would signal its
 * threads, so a stop is never lost whatever the vCPU is doing.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "platform.h"
#include "psci.h"
#include "trace.h"
#include "vmm.h"

struct vcpu_thread_arg {
	struct vmm *vmm;
	unsigned id;
};

static struct vcpu_thread_arg thread_args[AV_MAX_VCPUS];

enum vmm_stop vmm_stop_reason(struct vmm *vmm)
{
	return __atomic_load_n(&vmm->stop, __ATOMIC_ACQUIRE);
}

static uint32_t system_event_for(enum vmm_stop reason)
{
	switch (reason) {
	case VMM_STOP_RESET:
		return AV_SYSTEM_EVENT_RESET;
	case VMM_STOP_ERROR:
		return AV_SYSTEM_EVENT_CRASH;
	default:
		return AV_SYSTEM_EVENT_SHUTDOWN;
	}
}

void vmm_stop(struct vmm *vmm, enum vmm_stop reason)
{
	bool first;

	pthread_mutex_lock(&vmm->lock);
	first = vmm->stop == VMM_RUNNING;
	if (first)
		__atomic_store_n(&vmm->stop, reason, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&vmm->lock);
	if (!first)
		return;

	av_vm_system_event(vmm->vm, system_event_for(reason));
	for (unsigned i = 0; i < vmm->nr_vcpus; i++) {
		struct av_run *run = av_vcpu_run_struct(vmm->vcpus[i]);

		__atomic_store_n(&run->immediate_exit, 1, __ATOMIC_RELEASE);
		av_vcpu_kick(vmm->vcpus[i], AV_KICK_EXIT);
	}
	pl011_rx_close(
	    &vmm->uart); /* release a reader blocked on a full FIFO */
}

static void handle_mmio(struct vmm *vmm, unsigned id, av_vcpu *v,
			struct av_run *run)
{
	uint64_t addr = run->mmio.phys_addr;
	uint32_t len = run->mmio.len;
	int g = user_gic_mmio(&vmm->ugic, id, run);

	if (g < 0)
		vmm_stop(vmm, VMM_STOP_ERROR);
	if (g)
		return;
	if (addr >= VIRT_UART_BASE && len <= sizeof(run->mmio.data) &&
	    addr + len <= VIRT_UART_BASE + VIRT_UART_SIZE) {
		pl011_mmio(&vmm->uart, (uint32_t)(addr - VIRT_UART_BASE),
			   run->mmio.data, len, run->mmio.is_write);
		return;
	}
	/* Nothing here: the guest gets a synchronous external abort, as
	 * with KVM's ext_dabt_pending.  Never a VMM crash. */
	int r = av_vcpu_inject_ext_abort(v);

	if (r < 0) {
		fprintf(stderr,
			"armvisor: vCPU %u: %s of %u bytes at 0x%llx hits no "
			"device, and injecting an external abort failed: %s\n",
			id, run->mmio.is_write ? "write" : "read", len,
			(unsigned long long)addr, av_strerror(r));
		vmm_stop(vmm, VMM_STOP_ERROR);
	}
}

/* Returns false when this vCPU's thread should end. */
static bool handle_hypercall(struct vmm *vmm, av_vcpu *v, struct av_run *run)
{
	switch (psci_handle_call(vmm->vm, vmm->nr_vcpus, v, run->hypercall.nr,
				 run->hypercall.args, run->hypercall.ret)) {
	case PSCI_RESUME:
		return true;
	case PSCI_CPU_OFF:
		if (psci_all_cpus_off(vmm->vm, vmm->nr_vcpus)) {
			fprintf(stderr, "armvisor: every vCPU is off (PSCI "
					"CPU_OFF) and none can be woken; "
					"stopping\n");
			vmm_stop(vmm, VMM_STOP_ALL_OFF);
			return false;
		}
		return true; /* av_vcpu_run sleeps until a CPU_ON */
	case PSCI_SYSTEM_OFF:
		vmm_stop(vmm, VMM_STOP_SYSTEM_OFF);
		return false;
	case PSCI_SYSTEM_RESET:
		console_flush(&vmm->console, CONSOLE_BEFORE_STDERR_MS);
		fprintf(stderr, "armvisor: the guest asked for a system reset "
				"(PSCI SYSTEM_RESET); stopping instead of "
				"rebooting\n");
		vmm_stop(vmm, VMM_STOP_RESET);
		return false;
	}
	return true;
}

static const char *internal_error_name(uint32_t suberror)
{
	switch (suberror) {
	case AV_INTERNAL_ERROR_EMULATION:
		return "the engine failed to run guest code";
	case AV_INTERNAL_ERROR_TIMER_IRQ:
		return "the virtual and physical timers share one INTID "
		       "(see --vtimer-irq/--ptimer-irq)";
	case AV_INTERNAL_ERROR_IRQCHIP:
		return "the interrupt controller could not start";
	}
	return "unknown suberror";
}

static void report_internal_error(unsigned id, struct av_run *run)
{
	uint32_t n = run->internal.ndata;

	fprintf(stderr, "armvisor: vCPU %u: internal error %u: %s", id,
		run->internal.suberror,
		internal_error_name(run->internal.suberror));
	if (n > 4)
		n = 4;
	for (uint32_t i = 0; i < n; i++)
		fprintf(stderr, "%s0x%llx", i ? ", " : "; data ",
			(unsigned long long)run->internal.data[i]);
	fputc('\n', stderr);
}

/* A system event this VMM did not ask for: the core stopped the VM. */
static void note_system_event(struct vmm *vmm, unsigned id, struct av_run *run)
{
	if (vmm_stop_reason(vmm) != VMM_RUNNING)
		return;
	switch (run->system_event.type) {
	case AV_SYSTEM_EVENT_SHUTDOWN:
		vmm_stop(vmm, VMM_STOP_SYSTEM_OFF);
		break;
	case AV_SYSTEM_EVENT_RESET:
		vmm_stop(vmm, VMM_STOP_RESET);
		break;
	default:
		fprintf(stderr, "armvisor: vCPU %u: system event %u (crash)\n",
			id, run->system_event.type);
		vmm_stop(vmm, VMM_STOP_ERROR);
		break;
	}
}

/* Returns false when this vCPU's thread should end. */
static bool handle_exit(struct vmm *vmm, unsigned id, av_vcpu *v,
			struct av_run *run)
{
	uint64_t t0 = vmm_trace_clock(); /* 0 unless --trace */
	bool more;

	switch (run->exit_reason) {
	case AV_EXIT_MMIO:
		handle_mmio(vmm, id, v, run);
		vmm_trace_span(VMM_TRACE_MMIO, id, t0, run->mmio.phys_addr);
		return true;
	case AV_EXIT_HYPERCALL:
		more = handle_hypercall(vmm, v, run);
		vmm_trace_span(VMM_TRACE_HYPERCALL, id, t0, run->hypercall.nr);
		return more;
	case AV_EXIT_INTR:
		return true; /* the loop checks the stop reason */
	case AV_EXIT_SYSTEM_EVENT:
		note_system_event(vmm, id, run);
		return false;
	case AV_EXIT_INTERNAL_ERROR:
		console_flush(&vmm->console, CONSOLE_BEFORE_STDERR_MS);
		report_internal_error(id, run);
		vmm_stop(vmm, VMM_STOP_ERROR);
		return false;
	}
	fprintf(stderr, "armvisor: vCPU %u: unexpected exit reason %u\n", id,
		run->exit_reason);
	vmm_stop(vmm, VMM_STOP_ERROR);
	return false;
}

static void *vcpu_thread(void *p)
{
	struct vcpu_thread_arg *arg = p;
	struct vmm *vmm = arg->vmm;
	av_vcpu *v = vmm->vcpus[arg->id];
	struct av_run *run = av_vcpu_run_struct(v);

	while (vmm_stop_reason(vmm) == VMM_RUNNING) {
		int r = av_vcpu_run(v);

		/* --irqchip user: every exit carries the timer and PMU levels
		 * (KVM_CAP_ARM_USER_IRQ) for the VMM's GIC (user_gic.c). */
		if (vmm->ugic.gic && user_gic_exit(&vmm->ugic, arg->id, run)) {
			vmm_stop(vmm, VMM_STOP_ERROR);
			break;
		}
		if (r == -EINTR)
			continue; /* kicked, or a user-irqchip level changed */
		if (r < 0 && run->exit_reason == AV_EXIT_INTERNAL_ERROR) {
			/* e.g. the first run's timer INTID check (KVM fails
			 * KVM_RUN there) also describes itself in run. */
			console_flush(&vmm->console, CONSOLE_BEFORE_STDERR_MS);
			report_internal_error(arg->id, run);
			vmm_stop(vmm, VMM_STOP_ERROR);
			break;
		}
		if (r < 0) {
			fprintf(stderr, "armvisor: vCPU %u: av_vcpu_run: %s\n",
				arg->id, av_strerror(r));
			vmm_stop(vmm, VMM_STOP_ERROR);
			break;
		}
		if (!handle_exit(vmm, arg->id, v, run))
			break;
	}

	pthread_mutex_lock(&vmm->lock);
	vmm->running--;
	pthread_cond_broadcast(&vmm->cond);
	pthread_mutex_unlock(&vmm->lock);
	return NULL;
}

int vmm_start_vcpus(struct vmm *vmm)
{
	for (unsigned i = 0; i < vmm->nr_vcpus; i++) {
		int r;

		thread_args[i].vmm = vmm;
		thread_args[i].id = i;
		pthread_mutex_lock(&vmm->lock);
		vmm->running++;
		pthread_mutex_unlock(&vmm->lock);
		r = pthread_create(&vmm->threads[i], NULL, vcpu_thread,
				   &thread_args[i]);
		if (r) {
			pthread_mutex_lock(&vmm->lock);
			vmm->running--;
			pthread_mutex_unlock(&vmm->lock);
			fprintf(stderr,
				"armvisor: cannot start the thread of vCPU %u: "
				"%s\n",
				i, strerror(r));
			vmm_stop(vmm, VMM_STOP_ERROR);
			return -1;
		}
		vmm->nr_threads++;
	}
	return 0;
}
