/* SPDX-License-Identifier: MIT */
/*
 * What Unicorn 2.0.1 does not tell us about a synchronous abort
 * (ENGINE-NOTES "The syndrome and fault address are not in the public
 * API"): the address a load/store accesses, from the instruction and the
 * register file, and the fault status, from a walk of the guest's own
 * stage-1 tables.  Pure functions: unit-tested in tests/unit/test_decode.c.
 */
#ifndef AV_ENGINE_UC_DECODE_H
#define AV_ENGINE_UC_DECODE_H

#include <stdbool.h>
#include <stdint.h>

struct ldst {
	uint64_t va;    /* first byte accessed */
	uint64_t va2;   /* second element of a pair, else va */
	unsigned size;  /* bytes of one element */
	bool is_write;
	bool is_pair;
};

/* Arm ARM C4.1.66 "Loads and Stores".  x[0..30] = X0..X30, x[31] = SP.
 * Returns false if insn is not a load/store that accesses memory. */
bool decode_ldst(uint32_t insn, const uint64_t x[32], uint64_t pc,
		 struct ldst *out);

/* True if insn ends a translation block (any branch, exception or ERET). */
bool insn_is_branch(uint32_t insn);

enum walk_access { WALK_READ, WALK_WRITE, WALK_EXEC };

/* The stage-1 EL1&0 regime (Arm ARM D8), 4 KiB granule.  pa_bits: the
 * implemented PA size (ID_AA64MMFR0_EL1.PARange); 0 means 48. */
struct walk_regs {
	uint64_t sctlr, tcr, ttbr0, ttbr1;
	unsigned pa_bits;
};

/* Reads 8 bytes of guest physical memory; false if not RAM. */
typedef bool (*walk_read_fn)(void *opaque, uint64_t pa, uint64_t *val);

/* 0 and *pa on success, else WALK_FAULT | the fault status code for
 * ESR.{D,I}FSC: translation 0b0001LL, access flag 0b0010LL, permission
 * 0b0011LL, external abort on walk 0b0101LL, address size 0b0000LL (L =
 * level; an address size fault at level 0 is FSC 0, hence the flag). */
#define WALK_FAULT 0x100u
#define WALK_FSC(r) ((r)&0x3fu)
unsigned walk_stage1(const struct walk_regs *r, uint64_t va,
		     enum walk_access acc, unsigned el, walk_read_fn rd,
		     void *opaque, uint64_t *pa);
/* The same, also giving the leaf's AttrIndx (MAIR_EL1 index); with the MMU
 * off, WALK_DEVICE_ATTR: data accesses are Device-nGnRnE (Arm ARM D8.2.11). */
#define WALK_DEVICE_ATTR 8u
unsigned walk_stage1_attr(const struct walk_regs *r, uint64_t va,
			  enum walk_access acc, unsigned el, walk_read_fn rd,
			  void *opaque, uint64_t *pa, unsigned *attr_idx);

/* The DC ZVA block an instruction zeroes (Arm ARM C6.2.73, DCZID_EL0.BS =
 * 4: 64 bytes); false if insn is not DC ZVA. */
bool decode_dc_zva(uint32_t insn, const uint64_t x[32], struct ldst *out);

#endif
