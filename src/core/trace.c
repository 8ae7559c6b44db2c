/* SPDX-License-Identifier: MIT */
/* Trace points' sink registration and emission (core/trace.h). */
#include <errno.h>

#include "core/internal.h"
#include "core/trace.h"

uint32_t core_trace_classes;
static av_trace_sink_fn trace_sink;
static void *trace_opaque;

#define TRACE_ALL_CLASSES                                                     \
	(AV_TRACE_CLASS_EXIT | AV_TRACE_CLASS_IRQ | AV_TRACE_CLASS_TIMER |    \
	 AV_TRACE_CLASS_REQUEST)

int av_trace_set_sink(uint32_t classes, av_trace_sink_fn fn, void *opaque)
{
	if (classes & ~TRACE_ALL_CLASSES)
		return -EINVAL;
	if (classes && !fn)
		return -EINVAL;
	if (!classes) {
		__atomic_store_n(&core_trace_classes, 0, __ATOMIC_RELEASE);
		__atomic_store_n(&trace_sink, NULL, __ATOMIC_RELEASE);
		return 0;
	}
	/* Sink first, then the classes that make sites call it: a site that
	 * sees a class loads the sink with acquire (trace_emit). */
	__atomic_store_n(&trace_opaque, opaque, __ATOMIC_RELEASE);
	__atomic_store_n(&trace_sink, fn, __ATOMIC_RELEASE);
	__atomic_store_n(&core_trace_classes, classes, __ATOMIC_RELEASE);
	return 0;
}

uint64_t trace_now(void)
{
	return plat_monotonic_ns();
}

void trace_emit(uint32_t vcpu, uint32_t type, uint64_t ts, uint64_t dur,
		uint64_t arg0, uint64_t arg1)
{
	av_trace_sink_fn fn = __atomic_load_n(&trace_sink, __ATOMIC_ACQUIRE);
	struct av_trace_event e = {
		.ts_ns = ts,
		.dur_ns = dur,
		.vcpu = vcpu,
		.type = type,
		.arg0 = arg0,
		.arg1 = arg1,
	};

	if (fn)
		fn(__atomic_load_n(&trace_opaque, __ATOMIC_ACQUIRE), &e);
}

void trace_instant(av_vcpu *v, uint32_t type, uint64_t arg0, uint64_t arg1)
{
	trace_emit(v ? v->id : AV_TRACE_VCPU_NONE, type, trace_now(), 0, arg0,
		   arg1);
}
