// SPDX-License-Identifier: MIT
/* Trace event rings: see trace_ring.h. */
#include "trace_ring.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int trace_ring_init(struct trace_ring *r, uint32_t capacity)
{
	uint32_t cap = 2;

	memset(r, 0, sizeof(*r));
	while (cap < capacity && cap < (1u << 30))
		cap <<= 1;
	r->ev = calloc(cap, sizeof(*r->ev));
	if (!r->ev)
		return -ENOMEM;
	r->mask = cap - 1;
	pthread_mutex_init(&r->lock, NULL);
	return 0;
}

void trace_ring_destroy(struct trace_ring *r)
{
	if (!r->ev)
		return;
	pthread_mutex_destroy(&r->lock);
	free(r->ev);
	r->ev = NULL;
}

void trace_ring_push(struct trace_ring *r, const struct av_trace_event *e)
{
	pthread_mutex_lock(&r->lock);
	if (r->tail - r->head > r->mask) {
		r->head++; /* full: the oldest goes */
		r->dropped++;
	}
	r->ev[r->tail & r->mask] = *e;
	r->tail++;
	pthread_mutex_unlock(&r->lock);
}

unsigned trace_ring_pop(struct trace_ring *r, struct av_trace_event *out,
			unsigned max)
{
	unsigned n = 0;

	pthread_mutex_lock(&r->lock);
	while (n < max && r->head != r->tail) {
		out[n++] = r->ev[r->head & r->mask];
		r->head++;
	}
	pthread_mutex_unlock(&r->lock);
	return n;
}

uint64_t trace_ring_dropped(struct trace_ring *r)
{
	uint64_t d;

	pthread_mutex_lock(&r->lock);
	d = r->dropped;
	pthread_mutex_unlock(&r->lock);
	return d;
}
