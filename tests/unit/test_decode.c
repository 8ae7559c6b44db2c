/* SPDX-License-Identifier: MIT */
/* Load/store decoding and the stage-1 walk used to build ESR/FAR for
 * synchronous aborts (src/engine/unicorn/uc_decode.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "engine/unicorn/uc_decode.h"

static uint64_t regs[32];

static void setup_regs(void)
{
	for (int i = 0; i < 31; i++)
		regs[i] = 0x1000ull * (i + 1);
	regs[31] = 0x80000; /* SP */
}

static struct ldst dec(uint32_t insn, bool expect)
{
	struct ldst d;

	memset(&d, 0, sizeof(d));
	assert_int_equal(decode_ldst(insn, regs, 0x40000000, &d), expect);
	return d;
}

static void test_unsigned_offset(void **s)
{
	setup_regs();
	struct ldst d = dec(0xf9400441, true); /* ldr x1, [x2, #8] */
	assert_int_equal(d.va, regs[2] + 8);
	assert_int_equal(d.size, 8);
	assert_false(d.is_write);
	d = dec(0x3dc00820, true); /* ldr q0, [x1, #32] */
	assert_int_equal(d.va, regs[1] + 32);
	assert_int_equal(d.size, 16);
}

static void test_index_forms(void **s)
{
	setup_regs();
	struct ldst d = dec(0xb8004483, true); /* str w3, [x4], #4 */
	assert_int_equal(d.va, regs[4]);       /* post-index: base */
	assert_int_equal(d.size, 4);
	assert_true(d.is_write);
	d = dec(0x385fdc20, true); /* ldrb w0, [x1, #-3]! */
	assert_int_equal(d.va, regs[1] - 3);
	assert_int_equal(d.size, 1);
	d = dec(0xf8627820, true); /* ldr x0, [x1, x2, lsl #3] */
	assert_int_equal(d.va, regs[1] + regs[2] * 8);
	regs[2] = (uint64_t)-1; /* w2 = -1, sign-extended */
	d = dec(0xb862d820, true); /* ldr w0, [x1, w2, sxtw #2] */
	assert_int_equal(d.va, regs[1] - 4);
}

static void test_pairs_and_sp(void **s)
{
	setup_regs();
	struct ldst d = dec(0xa9bf07e0, true); /* stp x0, x1, [sp, #-16]! */
	assert_int_equal(d.va, regs[31] - 16);
	assert_int_equal(d.va2, regs[31] - 8);
	assert_true(d.is_pair);
	assert_true(d.is_write);
	d = dec(0x28c10ca2, true); /* ldp w2, w3, [x5], #8 */
	assert_int_equal(d.va, regs[5]);
	assert_int_equal(d.size, 4);
	assert_false(d.is_write);
}

static void test_exclusive_literal_simd(void **s)
{
	setup_regs();
	struct ldst d = dec(0xc85f7c20, true); /* ldxr x0, [x1] */
	assert_int_equal(d.va, regs[1]);
	assert_false(d.is_write);
	d = dec(0xc89ffce3, true); /* stlr x3, [x7] */
	assert_int_equal(d.va, regs[7]);
	assert_true(d.is_write);
	d = dec(0x58000085, true); /* ldr x5, .+16 */
	assert_int_equal(d.va, 0x40000000 + 16);
	d = dec(0x4c407060, true); /* ld1 {v0.16b}, [x3] */
	assert_int_equal(d.va, regs[3]);
}

static void test_not_memory(void **s)
{
	setup_regs();
	dec(0x8b020020, false); /* add */
	dec(0xf9800000, false); /* prfm */
	dec(0xd4000001, false); /* svc */
}

static void test_branch_classes(void **s)
{
	assert_true(insn_is_branch(0x14000002));  /* b */
	assert_true(insn_is_branch(0x94000002));  /* bl */
	assert_true(insn_is_branch(0xd65f03c0));  /* ret */
	assert_true(insn_is_branch(0xd69f03e0));  /* eret */
	assert_true(insn_is_branch(0xb4000040));  /* cbz */
	assert_true(insn_is_branch(0xd4000001));  /* svc */
	assert_false(insn_is_branch(0xd5033f9f)); /* dsb */
	assert_false(insn_is_branch(0xf9400441)); /* ldr */
}

/* ---- walker over a fake physical memory ---- */

#define MEM_BASE 0x40000000ull
static uint64_t mem[4 * 512]; /* 4 tables of 512 entries */

static bool rd(void *opaque, uint64_t pa, uint64_t *val)
{
	if (pa < MEM_BASE || pa >= MEM_BASE + sizeof(mem))
		return false;
	*val = mem[(pa - MEM_BASE) / 8];
	return true;
}

#define TBL(i) (MEM_BASE + (i) * 4096ull)
#define PAGE_ATTR ((1ull << 10) | 3) /* AF, valid page */

static struct walk_regs walk_setup(void)
{
	memset(mem, 0, sizeof(mem));
	/* 39-bit VA (T0SZ = 25): start at level 1.  L1[1] -> L2 table at
	 * TBL(1); L2[0] -> L3 table at TBL(2); L3 pages below. */
	mem[1] = TBL(1) | 3;
	mem[512 + 0] = TBL(2) | 3;
	mem[1024 + 0] = 0x50000000ull | PAGE_ATTR;                   /* RW EL1 */
	mem[1024 + 1] = 0x50001000ull | PAGE_ATTR | (1 << 6);        /* EL0 RW */
	mem[1024 + 2] = 0x50002000ull | PAGE_ATTR | (1 << 7);        /* RO */
	mem[1024 + 3] = 0x50003000ull | 3;                           /* AF=0 */
	mem[1024 + 4] = 0x50004000ull | PAGE_ATTR | (1 << 6) | (1ull << 54);
	/* L1[2]: a 1 GiB block */
	mem[2] = 0x80000000ull | (1ull << 10) | 1;
	struct walk_regs r = {
		.sctlr = 1,
		.tcr = 25 | (25ull << 16) | (2ull << 30),
		.ttbr0 = TBL(0),
		.ttbr1 = TBL(3),
	};
	return r;
}

static void test_walk_ok_and_faults(void **s)
{
	struct walk_regs r = walk_setup();
	uint64_t pa = 0, va = 1ull << 30; /* L1 index 1 */

	assert_int_equal(walk_stage1(&r, va + 0x123, WALK_READ, 1, rd, NULL, &pa), 0);
	assert_int_equal(pa, 0x50000123);
	/* unmapped L3 entry: translation fault, level 3 */
	assert_int_equal(walk_stage1(&r, va + 9 * 4096, WALK_READ, 1, rd, NULL, &pa), WALK_FAULT | 0x07);
	/* unmapped L1 entry: level 1 */
	assert_int_equal(walk_stage1(&r, 5ull << 30, WALK_READ, 1, rd, NULL, &pa), WALK_FAULT | 0x05);
	/* access flag fault, level 3 */
	assert_int_equal(walk_stage1(&r, va + 3 * 4096, WALK_READ, 1, rd, NULL, &pa), WALK_FAULT | 0x0b);
	/* EL0 on an EL1-only page: permission fault, level 3 */
	assert_int_equal(walk_stage1(&r, va, WALK_READ, 0, rd, NULL, &pa), WALK_FAULT | 0x0f);
	assert_int_equal(walk_stage1(&r, va + 4096, WALK_WRITE, 0, rd, NULL, &pa), 0);
	/* write to read-only */
	assert_int_equal(walk_stage1(&r, va + 2 * 4096, WALK_WRITE, 1, rd, NULL, &pa), WALK_FAULT | 0x0f);
	/* UXN at EL0; EL1 may not execute an EL0-writable page */
	assert_int_equal(walk_stage1(&r, va + 4 * 4096, WALK_EXEC, 0, rd, NULL, &pa), WALK_FAULT | 0x0f);
	assert_int_equal(walk_stage1(&r, va + 4096, WALK_EXEC, 1, rd, NULL, &pa), WALK_FAULT | 0x0f);
	/* 1 GiB block at L1 */
	assert_int_equal(walk_stage1(&r, (2ull << 30) + 0x1234, WALK_READ, 1, rd, NULL, &pa), 0);
	assert_int_equal(pa, 0x80001234);
	/* above the 39-bit range: translation fault level 0 */
	assert_int_equal(walk_stage1(&r, 1ull << 40, WALK_READ, 1, rd, NULL, &pa), WALK_FAULT | 0x04);
	/* TTBR1 region with an empty table: level 1 */
	assert_int_equal(walk_stage1(&r, 0xffffffc000000000ull, WALK_READ, 1, rd, NULL, &pa), WALK_FAULT | 0x05);
	/* MMU off: flat */
	r.sctlr = 0;
	assert_int_equal(walk_stage1(&r, 0x9000000, WALK_READ, 1, rd, NULL, &pa), 0);
	assert_int_equal(pa, 0x9000000);
}

/* Issue 9 finding 9: the PA size bounds flat (MMU off) and translated
 * output addresses: Address size fault (FSC 0b0000LL, flagged). */
static void test_walk_pa_size(void **s)
{
	struct walk_regs r = walk_setup();
	uint64_t pa = 0;
	unsigned attr = 0;

	r.pa_bits = 44;
	/* a 4 KiB page whose output address is at 2^44: level 3 */
	mem[1024 + 5] = (1ull << 44) | PAGE_ATTR;
	assert_int_equal(walk_stage1(&r, (1ull << 30) + 5 * 4096, WALK_READ, 1,
				     rd, NULL, &pa),
			 WALK_FAULT | 0x03);
	/* memory attributes of the leaf: AttrIndx */
	mem[1024 + 6] = 0x50006000ull | PAGE_ATTR | (3 << 2);
	assert_int_equal(walk_stage1_attr(&r, (1ull << 30) + 6 * 4096,
					  WALK_READ, 1, rd, NULL, &pa, &attr),
			 0);
	assert_int_equal(attr, 3);
	r.sctlr = 0;
	assert_int_equal(walk_stage1(&r, (1ull << 44) - 8, WALK_READ, 1, rd,
				     NULL, &pa),
			 0);
	assert_int_equal(walk_stage1(&r, 1ull << 44, WALK_READ, 1, rd, NULL,
				     &pa),
			 WALK_FAULT | 0x00);
	assert_int_equal(walk_stage1_attr(&r, 0x9000000, WALK_READ, 1, rd, NULL,
					  &pa, &attr),
			 0);
	assert_int_equal(attr, WALK_DEVICE_ATTR); /* MMU off: Device */
}

static void test_dc_zva(void **s)
{
	uint64_t regs[32] = {0};
	struct ldst d;

	regs[3] = 0x40001234;
	assert_true(decode_dc_zva(0xd50b7423, regs, &d)); /* dc zva, x3 */
	assert_int_equal(d.va, 0x40001200);
	assert_int_equal(d.size, 64);
	assert_true(d.is_write);
	assert_false(decode_dc_zva(0xd50b7e23, regs, &d)); /* dc civac */
	assert_false(decode_dc_zva(0xf9400441, regs, &d)); /* ldr */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unsigned_offset),
		cmocka_unit_test(test_index_forms),
		cmocka_unit_test(test_pairs_and_sp),
		cmocka_unit_test(test_exclusive_literal_simd),
		cmocka_unit_test(test_not_memory),
		cmocka_unit_test(test_branch_classes),
		cmocka_unit_test(test_walk_ok_and_faults),
		cmocka_unit_test(test_walk_pa_size),
		cmocka_unit_test(test_dc_zva),
	};
	return cmocka_run_group_tests_name("decode", tests, NULL, NULL);
}
