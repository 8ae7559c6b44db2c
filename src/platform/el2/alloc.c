// SPDX-License-Identifier: MIT
/* First-fit allocator with address-ordered free list (alloc.h). */
#include <stdbool.h>

#include "platform/el2/alloc.h"

#define HDR 16u
#define MIN_BLOCK 32u /* a free block must hold its header and a link */
#define USED_TAG 0x55534544a110c8edull

/* Header of every block; a free block's second word links the list. */
struct el2_free_block {
	uint64_t size; /* whole block, header included, multiple of 16 */
	union {
		struct el2_free_block *next; /* free */
		uint64_t tag;                /* allocated: USED_TAG ^ size */
	};
};

_Static_assert(sizeof(struct el2_free_block) == HDR, "header size");

static uintptr_t align_up(uintptr_t v, uintptr_t a)
{
	return (v + a - 1) & ~(a - 1);
}

void el2_heap_init(struct el2_heap *h, void *base, size_t size)
{
	uintptr_t b = align_up((uintptr_t)base, HDR);
	uintptr_t e = ((uintptr_t)base + size) & ~(uintptr_t)(HDR - 1);

	el2_spin_init(&h->lock);
	h->base = b;
	h->end = e;
	h->used = 0;
	h->free = NULL;
	if (e > b && e - b >= MIN_BLOCK) {
		h->free = (struct el2_free_block *)b;
		h->free->size = e - b;
		h->free->next = NULL;
	}
}

void *el2_heap_alloc(struct el2_heap *h, size_t size, size_t align)
{
	struct el2_free_block **pp, *b;
	void *ret = NULL;
	size_t need;

	if ((align & (align - 1)) || size > (SIZE_MAX >> 2) ||
	    align > (SIZE_MAX >> 2))
		return NULL;
	if (align < HDR)
		align = HDR;
	need = align_up(size ? size : 1, HDR) + HDR;
	el2_spin_lock(&h->lock);
	for (pp = &h->free; (b = *pp); pp = &b->next) {
		uintptr_t a = (uintptr_t)b, end = a + b->size;
		uintptr_t user = align_up(a + HDR, align);
		uintptr_t gap = user - HDR - a;

		/* A front gap must be able to stand as a free block. */
		if (gap && gap < MIN_BLOCK) {
			user = align_up(a + HDR + MIN_BLOCK, align);
			gap = user - HDR - a;
		}
		if (user - HDR + need > end || user - HDR + need < user - HDR)
			continue;
		uintptr_t blk = user - HDR, tail = end - (blk + need);
		struct el2_free_block *next = b->next;

		if (tail < MIN_BLOCK) { /* too small to stand alone: keep it */
			need += tail;
			tail = 0;
		}
		if (tail) {
			struct el2_free_block *t =
				(struct el2_free_block *)(blk + need);

			t->size = tail;
			t->next = next;
			next = t;
		}
		if (gap) {
			b->size = gap;
			b->next = next;
		} else {
			*pp = next;
		}
		struct el2_free_block *u = (struct el2_free_block *)blk;

		u->size = need;
		u->tag = USED_TAG ^ need;
		h->used += need;
		ret = (void *)user;
		break;
	}
	el2_spin_unlock(&h->lock);
	return ret;
}

int el2_heap_free(struct el2_heap *h, void *p)
{
	struct el2_free_block *u, **pp, *prev = NULL;
	uintptr_t a;

	if (!p)
		return 0;
	a = (uintptr_t)p - HDR;
	if ((uintptr_t)p & (HDR - 1) || a < h->base || a >= h->end)
		return -1;
	u = (struct el2_free_block *)a;
	el2_spin_lock(&h->lock);
	if (u->tag != (USED_TAG ^ u->size) || u->size < MIN_BLOCK ||
	    u->size > h->end - a) {
		el2_spin_unlock(&h->lock);
		return -1;
	}
	h->used -= u->size;
	for (pp = &h->free; *pp && (uintptr_t)*pp < a; pp = &(*pp)->next)
		prev = *pp;
	u->next = *pp;
	*pp = u;
	/* merge with the following block, then with the preceding one */
	if (u->next && a + u->size == (uintptr_t)u->next) {
		u->size += u->next->size;
		u->next = u->next->next;
	}
	if (prev && (uintptr_t)prev + prev->size == a) {
		prev->size += u->size;
		prev->next = u->next;
	}
	el2_spin_unlock(&h->lock);
	return 0;
}

int el2_heap_check(struct el2_heap *h)
{
	struct el2_free_block *f;
	uintptr_t a = h->base;
	size_t used = 0;
	int r = 0;

	el2_spin_lock(&h->lock);
	f = h->free;
	/* Every block, in address order: free ones must be the list's next
	 * entry, allocated ones must carry their tag. */
	while (a < h->end) {
		struct el2_free_block *b = (struct el2_free_block *)a;

		if (b->size < MIN_BLOCK || b->size % HDR ||
		    b->size > h->end - a) {
			r = -1;
			break;
		}
		if (b == f) {
			if (f->next && (uintptr_t)f->next <= a + b->size - 1) {
				r = -2; /* unordered or overlapping list */
				break;
			}
			if (f->next && (uintptr_t)f->next == a + b->size) {
				r = -3; /* two free neighbours not merged */
				break;
			}
			f = f->next;
		} else if (b->tag != (USED_TAG ^ b->size)) {
			r = -4;
			break;
		} else {
			used += b->size;
		}
		a += b->size;
	}
	if (!r && (f || a != h->end))
		r = -5;
	if (!r && used != h->used)
		r = -6;
	el2_spin_unlock(&h->lock);
	return r;
}

void el2_heap_stats(struct el2_heap *h, size_t *free_total, size_t *largest)
{
	size_t t = 0, l = 0;

	el2_spin_lock(&h->lock);
	for (struct el2_free_block *f = h->free; f; f = f->next) {
		t += f->size;
		if (f->size > l)
			l = f->size;
	}
	el2_spin_unlock(&h->lock);
	*free_total = t;
	*largest = l;
}
