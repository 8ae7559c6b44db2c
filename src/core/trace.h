/* SPDX-License-Identifier: MIT */
/*
 * The core's trace points (KVM's trace_kvm_* tracepoints, for
 * `armvisor run --trace`).  An event is a timestamp, a vCPU, a type and two
 * arguments (struct av_trace_event); the core hands it to the sink the
 * VMM registered with av_trace_set_sink, which buffers and writes it.
 *
 * Off, a site is one load of a global and one predictable branch
 * (trace_on); the timestamp is taken only when the class is on.
 * Freestanding: the EL2 image builds it and never registers a sink.
 */
#ifndef AV_CORE_TRACE_H
#define AV_CORE_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "armvisor/armvisor.h"

extern uint32_t core_trace_classes; /* AV_TRACE_CLASS_* enabled */

static inline bool trace_on(uint32_t cls)
{
	return __builtin_expect(
		(__atomic_load_n(&core_trace_classes, __ATOMIC_RELAXED) &
		 cls) != 0,
		0);
}

/* The clock of trace timestamps (plat_monotonic_ns). */
uint64_t trace_now(void);
/* Hand one event to the sink (call only when trace_on said yes). */
void trace_emit(uint32_t vcpu, uint32_t type, uint64_t ts, uint64_t dur,
		uint64_t arg0, uint64_t arg1);
/* An instant on v's track (v NULL: the VMM's). */
void trace_instant(av_vcpu *v, uint32_t type, uint64_t arg0, uint64_t arg1);

#define TRACE_INSTANT(cls, v, type, a0, a1)                                  \
	do {                                                                 \
		if (trace_on(cls))                                           \
			trace_instant((v), (type), (a0), (a1));              \
	} while (0)

#endif
