/* SPDX-License-Identifier: MIT */
/*
 * `armvisor run --trace FILE`: the core's trace events (av_trace_set_sink)
 * written as Chrome trace-event JSON (the "JSON Object Format" that
 * Perfetto's UI and chrome://tracing open): one track (tid) per vCPU and
 * one for the VMM.  Events go into per-track rings (trace_ring.h); one
 * writer thread drains them into FILE every few milliseconds.
 */
#ifndef VMM_TRACE_H
#define VMM_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "armvisor/armvisor.h"

/* Events a ring holds per track before the oldest are dropped. */
#define VMM_TRACE_RING_EVENTS 65536

/* Open FILE, start the writer and register the sink.  0, or -1 with a
 * message on stderr. */
int vmm_trace_start(const char *path, unsigned nr_vcpus, uint32_t classes);
/* The VMM's own span on its track (e.g. a PL011 access it emulated for
 * vCPU vcpu); no-op unless tracing. */
enum vmm_trace_what { VMM_TRACE_MMIO, VMM_TRACE_HYPERCALL };
void vmm_trace_span(enum vmm_trace_what what, unsigned vcpu, uint64_t t0_ns,
		    uint64_t arg);
uint64_t vmm_trace_clock(void); /* 0 unless tracing */
/* Unregister, drain, close the JSON; say on stderr how many events were
 * dropped.  Only once no vCPU runs. */
void vmm_trace_finish(void);

/* Names for the JSON (also used by tests): NULL for an unknown value. */
const char *vmm_trace_type_name(uint32_t type);
const char *vmm_trace_exit_name(uint64_t why);

#endif
