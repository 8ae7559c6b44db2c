/* SPDX-License-Identifier: MIT */
/*
 * What the fuzz targets share (tests/fuzz/, README "Fuzzing").  Each target
 * is one file defining LLVMFuzzerTestOneInput; it is linked either with
 * libFuzzer (make fuzz, clang -fsanitize=fuzzer,address,undefined) or with
 * replay.c, which feeds it the committed corpus and crash reproducers
 * (make test).
 *
 * Inputs that drive a device are a sequence of fixed 16-byte operations,
 * so that a seed is easy to write by hand and a mutation changes one field.
 */
#ifndef AV_TESTS_FUZZ_H
#define AV_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property every input must keep; a violation is a crash to report. */
#define FUZZ_CHECK(cond)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: fuzz check failed: %s\n",      \
				__FILE__, __LINE__, #cond);                    \
			abort();                                               \
		}                                                              \
	} while (0)

/* One operation: what to do, on which vCPU, how wide, where, what value. */
struct fuzz_op {
	uint8_t kind;
	uint8_t cpu;
	uint8_t size; /* log2 of the access width in the low 2 bits */
	uint8_t region;
	uint32_t offset; /* little-endian, like the whole input */
	uint64_t value;
};
_Static_assert(sizeof(struct fuzz_op) == 16, "fuzz_op is 16 bytes");

#define FUZZ_MAX_OPS 1024

/* The i-th operation after 'skip' header bytes; false past the end (a
 * partial last operation is ignored). */
static inline int fuzz_op_at(const uint8_t *data, size_t size, size_t skip,
			     size_t i, struct fuzz_op *op)
{
	size_t at = skip + i * sizeof(*op);

	if (i >= FUZZ_MAX_OPS || at > size || size - at < sizeof(*op))
		return 0;
	memcpy(op, data + at, sizeof(*op));
	return 1;
}

static inline unsigned fuzz_width(const struct fuzz_op *op)
{
	return 1u << (op->size & 3);
}

static inline uint64_t fuzz_mask(uint64_t v, unsigned len)
{
	return len >= 8 ? v : v & ((1ull << (len * 8)) - 1);
}

#endif
