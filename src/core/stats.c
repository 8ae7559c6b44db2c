/* SPDX-License-Identifier: MIT */
/*
 * Counters (core/stats.h) and their descriptors for av_vcpu_get_stats /
 * av_vm_get_stats, KVM's binary stats in one flat array.
 */
#include <errno.h>
#include <string.h>

#include "core/internal.h"

struct stat_desc {
	const char *name;
	uint32_t flags;
	int32_t exponent;
};

#define CUM(n) { n, AV_STATS_TYPE_CUMULATIVE | AV_STATS_UNIT_NONE, 0 }

/* Index = enum vcpu_stat, up to the per-INTID block. */
static const struct stat_desc vcpu_descs[VCPU_STAT_IRQ_INJECTED] = {
	[VCPU_STAT_EXITS] = CUM("exits"),
	[VCPU_STAT_MMIO_EXIT_USER] = CUM("mmio_exit_user"),
	[VCPU_STAT_MMIO_EXIT_KERNEL] = CUM("mmio_exit_kernel"),
	[VCPU_STAT_SYSREG_EXIT] = CUM("sysreg_exit"),
	[VCPU_STAT_HVC_EXIT_KERNEL] = CUM("hvc_exit_kernel"),
	[VCPU_STAT_HVC_EXIT_USER] = CUM("hvc_exit_user"),
	[VCPU_STAT_WFI_EXIT] = CUM("wfi_exit_stat"),
	[VCPU_STAT_KICK_EXIT] = CUM("kick_exits"),
	[VCPU_STAT_IRQ_WINDOW_EXIT] = CUM("irq_window_exits"),
	[VCPU_STAT_EXCEPTION] = CUM("exception_entries"),
	[VCPU_STAT_INTERNAL_ERROR] = CUM("internal_error_exits"),
	[VCPU_STAT_HALT_WAKEUP] = CUM("halt_wakeup"),
	[VCPU_STAT_HALT_WAIT_NS] = { "halt_wait_ns",
				     AV_STATS_TYPE_CUMULATIVE |
					     AV_STATS_UNIT_SECONDS,
				     -9 },
	[VCPU_STAT_HALT_ATTEMPTED_POLL] = CUM("halt_attempted_poll"),
	[VCPU_STAT_HALT_SUCCESSFUL_POLL] = CUM("halt_successful_poll"),
	[VCPU_STAT_HALT_POLL_SUCCESS_NS] = { "halt_poll_success_ns",
					     AV_STATS_TYPE_CUMULATIVE |
						     AV_STATS_UNIT_SECONDS,
					     -9 },
	[VCPU_STAT_HALT_POLL_FAIL_NS] = { "halt_poll_fail_ns",
					  AV_STATS_TYPE_CUMULATIVE |
						  AV_STATS_UNIT_SECONDS,
					  -9 },
	[VCPU_STAT_KICKS_RECEIVED] = CUM("kicks_received"),
	[VCPU_STAT_REQ_FIRST + 0] = CUM("req_sleep"),
	[VCPU_STAT_REQ_FIRST + 1] = CUM("req_power_on"),
	[VCPU_STAT_REQ_FIRST + 2] = CUM("req_irq_pending"),
	[VCPU_STAT_REQ_FIRST + 3] = CUM("req_exit_user"),
	[VCPU_STAT_REQ_FIRST + 4] = CUM("req_timer"),
	[VCPU_STAT_REQ_FIRST + 5] = CUM("req_user_irq"),
	[VCPU_STAT_REQ_LAST] = CUM("req_other"),
	[VCPU_STAT_TIMER_EXPIRED_VTIMER] = CUM("timer_expired_vtimer"),
	[VCPU_STAT_TIMER_EXPIRED_PTIMER] = CUM("timer_expired_ptimer"),
	[VCPU_STAT_BG_TIMER_WAKEUP] = CUM("bg_timer_wakeup"),
	[VCPU_STAT_LR_OVERFLOW] = CUM("lr_overflow"),
	[VCPU_STAT_MAINT_IRQ] = CUM("maint_irq"),
	[VCPU_STAT_TOKEN_HANDOFF] = CUM("token_handoff"),
	[VCPU_STAT_IRQ_ACK] = CUM("irq_ack"),
	[VCPU_STAT_IRQ_DEACTIVATE] = CUM("irq_deactivate"),
};

static const struct stat_desc vm_descs[NR_VM_STATS] = {
	[VM_STAT_KICKS_SENT] = CUM("kicks_sent"),
	[VM_STAT_IRQ_LINE_HIGH] = CUM("irq_line_high"),
};

void vcpu_stat_add(av_vcpu *v, enum vcpu_stat id, uint64_t n)
{
	/* One writer: no read-modify-write needed, only atomicity of each
	 * access for the reporter. */
	atomic_store_explicit(&v->stats.c[id],
			      atomic_load_explicit(&v->stats.c[id],
						   memory_order_relaxed) +
				      n,
			      memory_order_relaxed);
}

void vcpu_stat_inc_any(av_vcpu *v, enum vcpu_stat id)
{
	atomic_fetch_add_explicit(&v->stats.c[id], 1, memory_order_relaxed);
}

void vcpu_stat_irq_injected(av_vcpu *v, uint32_t intid)
{
	if (intid < VCPU_STAT_NR_INTIDS)
		vcpu_stat_inc_any(v, VCPU_STAT_IRQ_INJECTED + intid);
}

void vm_stat_inc(av_vm *vm, enum vm_stat id)
{
	atomic_fetch_add_explicit(&vm->stats.c[id], 1, memory_order_relaxed);
}

void irq_note_injected(av_vcpu *v, uint32_t intid, unsigned src)
{
	if (v)
		vcpu_stat_irq_injected(v, intid);
	TRACE_INSTANT(AV_TRACE_CLASS_IRQ, v, AV_TRACE_INJECT, intid, src);
}

void irq_note_ack(av_vcpu *v, uint32_t intid)
{
	vcpu_stat_inc(v, VCPU_STAT_IRQ_ACK);
	TRACE_INSTANT(AV_TRACE_CLASS_IRQ, v, AV_TRACE_ACK, intid, 0);
}

void irq_note_deactivate(av_vcpu *v, uint32_t intid)
{
	vcpu_stat_inc(v, VCPU_STAT_IRQ_DEACTIVATE);
	TRACE_INSTANT(AV_TRACE_CLASS_IRQ, v, AV_TRACE_DEACTIVATE, intid, 0);
}

static void stat_fill(struct av_stat *s, const char *name, uint32_t flags,
		      int32_t exponent, uint64_t value)
{
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < AV_STATS_NAME_SIZE - 1 && name[i]; i++)
		s->name[i] = name[i];
	s->flags = flags;
	s->exponent = exponent;
	s->value = value;
}

/* "irq_injected_27" without snprintf (the EL2 image has no stdio). */
static void intid_name(char *buf, uint32_t intid)
{
	static const char prefix[] = "irq_injected_";
	size_t n = sizeof(prefix) - 1;

	memcpy(buf, prefix, n);
	if (intid >= 10)
		buf[n++] = (char)('0' + intid / 10);
	buf[n++] = (char)('0' + intid % 10);
	buf[n] = '\0';
}

int av_vcpu_get_stats(av_vcpu *v, struct av_stat *out, unsigned max)
{
	unsigned i;

	if (!v || (max && !out))
		return -EINVAL;
	for (i = 0; i < NR_VCPU_STATS && i < max; i++) {
		uint64_t val = atomic_load_explicit(&v->stats.c[i],
						    memory_order_relaxed);

		if (i < VCPU_STAT_IRQ_INJECTED) {
			const struct stat_desc *d = &vcpu_descs[i];

			stat_fill(&out[i], d->name, d->flags, d->exponent,
				  val);
		} else {
			char name[AV_STATS_NAME_SIZE];

			intid_name(name, i - VCPU_STAT_IRQ_INJECTED);
			stat_fill(&out[i], name, AV_STATS_TYPE_CUMULATIVE, 0,
				  val);
		}
	}
	return NR_VCPU_STATS;
}

int av_vm_get_stats(av_vm *vm, struct av_stat *out, unsigned max)
{
	if (!vm || (max && !out))
		return -EINVAL;
	for (unsigned i = 0; i < NR_VM_STATS && i < max; i++)
		stat_fill(&out[i], vm_descs[i].name, vm_descs[i].flags,
			  vm_descs[i].exponent,
			  atomic_load_explicit(&vm->stats.c[i],
					       memory_order_relaxed));
	return NR_VM_STATS;
}
