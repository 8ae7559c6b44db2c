/* SPDX-License-Identifier: MIT */
/*
 * The EL2 image's allocator: first fit over an address-ordered free list in
 * one region (the image's .heap section), blocks of 16-byte multiples with a
 * 16-byte header, neighbours merged on free, any power-of-two alignment
 * (page-aligned stage-2 tables come from here too).  One spinlock.  Plain
 * C: tests/unit/test_el2_logic.c runs it on the host.
 */
#ifndef AV_EL2_ALLOC_H
#define AV_EL2_ALLOC_H

#include <stddef.h>
#include <stdint.h>

#include "platform/el2/spinlock.h"

struct el2_heap {
	el2_spinlock lock;
	struct el2_free_block *free; /* address order */
	uintptr_t base, end;
	size_t used; /* bytes in allocated blocks, headers included */
};

/* Take [base, base + size) (16-byte aligned inside) as the heap. */
void el2_heap_init(struct el2_heap *h, void *base, size_t size);
/* size bytes aligned to align (0 or a power of two, else NULL; below 16
 * means 16), or NULL when no free block fits.
 * The memory is not cleared. */
void *el2_heap_alloc(struct el2_heap *h, size_t size, size_t align);
/* Free a block from el2_heap_alloc; NULL is ignored.  A pointer that is not
 * an allocated block's is refused (returns -1) and the heap is untouched. */
int el2_heap_free(struct el2_heap *h, void *p);
/* Walk the heap and check every invariant; 0 if sound. */
int el2_heap_check(struct el2_heap *h);
/* Bytes free in total and in the largest block. */
void el2_heap_stats(struct el2_heap *h, size_t *free_total,
		    size_t *largest);

/* The image's heap (platform_el2.c). */
extern struct el2_heap el2_heap;

#endif
