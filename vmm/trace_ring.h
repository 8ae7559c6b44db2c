/* SPDX-License-Identifier: MIT */
/*
 * A ring of trace events (vmm/trace.c keeps one per vCPU and one for the
 * VMM).  Any thread may push (a vCPU's own, a timer callback, another vCPU
 * sending it an SGI); one writer thread pops.  A full ring drops its
 * oldest event and counts it: a trace never slows the guest down waiting
 * for the disk.  A mutex per ring, held for a copy of one event: the
 * pushers of one ring rarely meet, and the lock keeps the drop-oldest
 * rule simple and ThreadSanitizer-clean (tests/unit/test_trace_ring.c).
 */
#ifndef VMM_TRACE_RING_H
#define VMM_TRACE_RING_H

#include <pthread.h>
#include <stdint.h>

#include "armvisor/armvisor.h"

struct trace_ring {
	pthread_mutex_t lock;
	struct av_trace_event *ev;
	uint32_t mask;	  /* capacity - 1, capacity a power of two */
	uint64_t head;	  /* next to pop */
	uint64_t tail;	  /* next to push */
	uint64_t dropped; /* oldest events overwritten */
};

/* capacity: rounded up to a power of two, at least 2.  0 or -ENOMEM. */
int trace_ring_init(struct trace_ring *r, uint32_t capacity);
void trace_ring_destroy(struct trace_ring *r);
void trace_ring_push(struct trace_ring *r, const struct av_trace_event *e);
/* Up to max events, oldest first; returns how many. */
unsigned trace_ring_pop(struct trace_ring *r, struct av_trace_event *out,
			unsigned max);
uint64_t trace_ring_dropped(struct trace_ring *r);

#endif
