/* SPDX-License-Identifier: MIT */
/*
 * vCPU requests, modes and kicks, as Linux Documentation/virt/kvm/
 * vcpu-requests.rst describes them.
 *
 * The handshake that keeps a request made just before guest entry from being
 * missed (vcpu-requests.rst "Ensuring Requests Are Seen"): the vCPU writes
 * mode = IN_GUEST_MODE, issues a full barrier, then reads requests; the
 * requester writes the request bit, issues a full barrier, then reads mode
 * (in vcpu_kick, via the cmpxchg IN_GUEST_MODE -> EXITING_GUEST_MODE).  With
 * sequentially consistent atomics on both sides, at least one of the two sees
 * the other's write: either the vCPU aborts entry, or it gets kicked.
 */
#include "core/internal.h"

static uint32_t req_bit(unsigned req)
{
	return 1u << (req & REQ_MASK);
}

/* req_<name> for the core's requests 0..5, req_other for the rest. */
static enum vcpu_stat req_stat(unsigned req)
{
	unsigned n = req & REQ_MASK, other = VCPU_STAT_REQ_LAST -
					       VCPU_STAT_REQ_FIRST;

	return VCPU_STAT_REQ_FIRST + (n < other ? n : other);
}

void vcpu_make_request(av_vcpu *v, unsigned req)
{
	/* seq_cst RMW: orders the caller's earlier writes before the bit
	 * (kvm_make_request's smp_wmb) and the bit before the mode read. */
	atomic_fetch_or(&v->requests, req_bit(req));
	vcpu_stat_inc_any(v, req_stat(req));
	TRACE_INSTANT(AV_TRACE_CLASS_REQUEST, v, AV_TRACE_REQUEST,
		      req & REQ_MASK, 0);
}

/* A kick reached v: it woke (how 0) or was interrupted in guest mode. */
static void vcpu_kicked(av_vcpu *v, unsigned how)
{
	vcpu_stat_inc_any(v, VCPU_STAT_KICKS_RECEIVED);
	TRACE_INSTANT(AV_TRACE_CLASS_REQUEST, v, AV_TRACE_KICK, how, 0);
}

bool vcpu_test_request(av_vcpu *v, unsigned req)
{
	return atomic_load(&v->requests) & req_bit(req);
}

bool vcpu_check_request(av_vcpu *v, unsigned req)
{
	if (!vcpu_test_request(v, req))
		return false;
	/* Clear, then a full barrier so that reads of the data the request
	 * guards happen after (kvm_check_request's smp_mb__after_atomic). */
	atomic_fetch_and(&v->requests, ~req_bit(req));
	atomic_thread_fence(memory_order_seq_cst);
	return true;
}

void vcpu_clear_request(av_vcpu *v, unsigned req)
{
	atomic_fetch_and(&v->requests, ~req_bit(req));
}

bool vcpu_requests_pending(av_vcpu *v)
{
	return atomic_load(&v->requests) != 0;
}

enum vcpu_mode vcpu_mode(av_vcpu *v)
{
	return (enum vcpu_mode)atomic_load(&v->mode);
}

bool vcpu_wake_up(av_vcpu *v)
{
	if (!atomic_load(&v->sleeping))
		return false;
	plat_event_signal(&v->wake);
	vcpu_kicked(v, 0);
	return true;
}

/* kvm_vcpu_exiting_guest_mode: IN_GUEST_MODE -> EXITING_GUEST_MODE. */
static int vcpu_exiting_guest_mode(av_vcpu *v)
{
	int expected = IN_GUEST_MODE;

	if (atomic_compare_exchange_strong(&v->mode, &expected,
					   EXITING_GUEST_MODE))
		return IN_GUEST_MODE;
	return expected;
}

/* Returns true if the vCPU was in guest mode and has been interrupted. */
static bool vcpu_kick_running(av_vcpu *v)
{
	vm_stat_inc(v->vm, VM_STAT_KICKS_SENT);
	if (vcpu_exiting_guest_mode(v) != IN_GUEST_MODE)
		return false;
	engine_vcpu_kick(v->ev);
	vcpu_kicked(v, 1);
	return true;
}

void vcpu_kick(av_vcpu *v)
{
	if (vcpu_wake_up(v))
		return;
	vcpu_kick_running(v);
}

/* Wait until a vCPU we interrupted has left guest mode (KVM_REQUEST_WAIT:
 * the IPI has been acknowledged). */
static void vcpu_wait_exited(av_vcpu *v)
{
	while (atomic_load(&v->mode) == EXITING_GUEST_MODE)
		plat_yield();
}

void vcpu_request_and_kick(av_vcpu *v, unsigned req)
{
	vcpu_make_request(v, req);
	if (!(req & REQ_NO_WAKEUP) && vcpu_wake_up(v))
		return;
	if (vcpu_kick_running(v) && (req & REQ_WAIT))
		vcpu_wait_exited(v);
}

void vm_make_all_cpus_request(av_vm *vm, unsigned req)
{
	unsigned n = atomic_load(&vm->nr_created);

	for (unsigned i = 0; i < n; i++) {
		av_vcpu *v = vm->vcpus[i];

		vcpu_make_request(v, req);
		if (!(req & REQ_NO_WAKEUP) && vcpu_wake_up(v))
			continue;
		vcpu_kick_running(v);
	}
	if (!(req & REQ_WAIT))
		return;
	for (unsigned i = 0; i < n; i++)
		vcpu_wait_exited(vm->vcpus[i]);
}
