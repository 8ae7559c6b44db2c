// SPDX-License-Identifier: MIT
/* Sorted per-pCPU timer lists (timerq.h). */
#include <stddef.h>

#include "platform/el2/timerq.h"

bool el2_timerq_insert(struct el2_timerq *q, struct plat_timer *t,
		       uint64_t deadline)
{
	struct plat_timer **pp = &q->head;

	t->deadline = deadline;
	/* After every timer with the same deadline: equal deadlines fire in
	 * the order they were armed. */
	while (*pp && (*pp)->deadline <= deadline)
		pp = &(*pp)->next;
	t->next = *pp;
	*pp = t;
	t->q = q;
	return q->head == t;
}

void el2_timerq_remove(struct el2_timerq *q, struct plat_timer *t)
{
	for (struct plat_timer **pp = &q->head; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			t->next = NULL;
			t->q = NULL;
			return;
		}
	}
}

struct plat_timer *el2_timerq_pop_due(struct el2_timerq *q, uint64_t now_ns)
{
	struct plat_timer *t = q->head;

	if (!t || t->deadline > now_ns)
		return NULL;
	q->head = t->next;
	t->next = NULL;
	t->q = NULL;
	atomic_store_explicit(&t->running, 1, memory_order_relaxed);
	return t;
}

uint64_t el2_timerq_next(const struct el2_timerq *q)
{
	return q->head ? q->head->deadline : 0;
}
