/* SPDX-License-Identifier: MIT */
/* Load/store decoding and the stage-1 walk; see uc_decode.h. */
#include "engine/unicorn/uc_decode.h"

static uint64_t bits(uint32_t insn, unsigned hi, unsigned lo)
{
	return (insn >> lo) & ((1u << (hi - lo + 1)) - 1);
}

static int64_t sext(uint64_t v, unsigned width)
{
	uint64_t m = 1ull << (width - 1);

	return (int64_t)((v ^ m) - m);
}

static uint64_t base_reg(const uint64_t x[32], unsigned rn)
{
	return x[rn]; /* rn == 31 is SP here */
}

static uint64_t index_reg(const uint64_t x[32], unsigned rm)
{
	return rm == 31 ? 0 : x[rm]; /* XZR */
}

/* Arm ARM C6.2 ExtendReg: option 010 UXTW, 011 UXTX/LSL, 110 SXTW, 111
 * SXTX. */
static uint64_t extend_reg(uint64_t v, unsigned option, unsigned shift)
{
	switch (option) {
	case 2:
		v = (uint32_t)v;
		break;
	case 6:
		v = (uint64_t)(int64_t)(int32_t)v;
		break;
	default:
		break;
	}
	return v << shift;
}

static bool decode_pair(uint32_t insn, const uint64_t x[32], struct ldst *o)
{
	unsigned opc = bits(insn, 31, 30), v = bits(insn, 26, 26);
	unsigned mode = bits(insn, 24, 23), l = bits(insn, 22, 22);
	unsigned scale;
	int64_t off;

	if (v)
		scale = 2 + opc; /* S, D, Q */
	else
		scale = (opc & 2) ? 3 : 2; /* X, or W / LDPSW */
	if (scale > 4)
		return false;
	off = sext(bits(insn, 21, 15), 7) * (1ll << scale);
	o->va = base_reg(x, bits(insn, 9, 5)) + (mode == 1 ? 0 : off);
	o->size = 1u << scale;
	o->va2 = o->va + o->size;
	o->is_write = !l;
	o->is_pair = true;
	return true;
}

static bool decode_reg(uint32_t insn, const uint64_t x[32], struct ldst *o)
{
	unsigned size = bits(insn, 31, 30), v = bits(insn, 26, 26);
	unsigned opc = bits(insn, 23, 22), rn = bits(insn, 9, 5);
	unsigned scale = size;
	uint64_t base = base_reg(x, rn);

	if (v && (opc & 2)) {
		if (size)
			return false;
		scale = 4; /* 128-bit Q register */
	}
	if (!v && size == 3 && opc == 2)
		return false; /* PRFM: no access */
	o->size = 1u << scale;
	o->is_write = v ? !(opc & 1) : opc == 0;
	o->is_pair = false;
	if (bits(insn, 24, 24)) { /* unsigned offset */
		o->va = base + (bits(insn, 21, 10) << scale);
	} else if (!bits(insn, 21, 21)) { /* imm9: unscaled, post, unpriv, pre */
		int64_t imm = sext(bits(insn, 20, 12), 9);

		o->va = base + (bits(insn, 11, 10) == 1 ? 0 : imm);
	} else if (bits(insn, 11, 10) == 2) { /* register offset */
		unsigned s = bits(insn, 12, 12);

		o->va = base + extend_reg(index_reg(x, bits(insn, 20, 16)),
					  bits(insn, 15, 13), s ? scale : 0);
	} else {
		/* atomics (v8.1) and pointer-authenticated loads: base only */
		o->va = base;
	}
	o->va2 = o->va;
	return true;
}

bool decode_ldst(uint32_t insn, const uint64_t x[32], uint64_t pc,
		 struct ldst *o)
{
	if ((insn & 0x0a000000) != 0x08000000)
		return false; /* not in the loads-and-stores group */
	if ((insn & 0x3f000000) == 0x08000000) { /* exclusive / ordered */
		unsigned size = bits(insn, 31, 30);
		bool pair = bits(insn, 21, 21);

		o->va = base_reg(x, bits(insn, 9, 5));
		o->size = 1u << size;
		o->va2 = pair ? o->va + o->size : o->va;
		o->is_pair = pair;
		o->is_write = !bits(insn, 22, 22);
		return true;
	}
	if ((insn & 0x3b000000) == 0x18000000) { /* load literal */
		unsigned opc = bits(insn, 31, 30), v = bits(insn, 26, 26);

		if (!v && opc == 3)
			return false; /* PRFM literal */
		o->va = pc + (uint64_t)(sext(bits(insn, 23, 5), 19) * 4);
		o->size = v ? 4u << opc : (opc == 1 ? 8 : 4);
		o->va2 = o->va;
		o->is_write = false;
		o->is_pair = false;
		return true;
	}
	if ((insn & 0x3a000000) == 0x28000000)
		return decode_pair(insn, x, o);
	if ((insn & 0x3a000000) == 0x38000000)
		return decode_reg(insn, x, o);
	if ((insn & 0xbe000000) == 0x0c000000) { /* AdvSIMD structures */
		o->va = base_reg(x, bits(insn, 9, 5));
		o->size = 16;
		o->va2 = o->va;
		o->is_write = !bits(insn, 22, 22);
		o->is_pair = false;
		return true;
	}
	return false;
}

bool insn_is_branch(uint32_t insn)
{
	/* Arm ARM C4.1.65 "Branches, Exception Generating and System
	 * instructions": op0 101x. */
	if ((insn & 0x1c000000) != 0x14000000)
		return false;
	/* System instructions (hints, barriers, MSR/MRS) do not branch. */
	if ((insn & 0xffc00000) == 0xd5000000)
		return false;
	return true;
}

/* ---- stage-1 walk, 4 KiB granule (Arm ARM D8.2) ---- */

#define DESC_VALID 1ull
#define DESC_TABLE 2ull
#define DESC_AF (1ull << 10)
#define DESC_AP1 (1ull << 6) /* EL0 access */
#define DESC_AP2 (1ull << 7) /* read-only */
#define DESC_PXN (1ull << 53)
#define DESC_UXN (1ull << 54)
#define TBL_PXN (1ull << 59)
#define TBL_UXN (1ull << 60)
#define TBL_AP0 (1ull << 61) /* no EL0 access below */
#define TBL_AP1 (1ull << 62) /* no write below */
#define ADDR_MASK 0x0000fffffffff000ull

#define FSC_ADDR_SIZE(l) (WALK_FAULT | (0x00u + (l)))
#define FSC_TRANSLATION(l) (WALK_FAULT | (0x04u + (l)))
#define FSC_ACCESS_FLAG(l) (WALK_FAULT | (0x08u + (l)))
#define FSC_PERMISSION(l) (WALK_FAULT | (0x0cu + (l)))
#define FSC_WALK_EXT(l) (WALK_FAULT | (0x14u + (l)))

static unsigned check_perm(uint64_t desc, uint64_t tbl, enum walk_access acc,
			   unsigned el, uint64_t sctlr)
{
	bool el0_ok = (desc & DESC_AP1) && !(tbl & TBL_AP0);
	bool ro = (desc & DESC_AP2) || (tbl & TBL_AP1);
	bool el0_writable = el0_ok && !ro;
	bool wxn = (sctlr >> 19) & 1;

	if (el == 0 && !el0_ok)
		return 1;
	if (acc == WALK_WRITE && ro)
		return 1;
	if (acc == WALK_EXEC) {
		if (el == 0 && ((desc & DESC_UXN) || (tbl & TBL_UXN)))
			return 1;
		/* PXN, and EL1 never executes what EL0 can write (Arm ARM
		 * D8.5.2 "Instruction access permissions"). */
		if (el != 0 &&
		    ((desc & DESC_PXN) || (tbl & TBL_PXN) || el0_writable))
			return 1;
		if (wxn && !ro)
			return 1;
	}
	return 0;
}

bool decode_dc_zva(uint32_t insn, const uint64_t x[32], struct ldst *o)
{
	if ((insn & ~31u) != 0xd50b7420u) /* SYS #3, C7, C4, #1, Xt */
		return false;
	o->va = index_reg(x, insn & 31) & ~63ull;
	o->va2 = o->va;
	o->size = 64;
	o->is_write = true;
	o->is_pair = false;
	return true;
}

unsigned walk_stage1(const struct walk_regs *r, uint64_t va,
		     enum walk_access acc, unsigned el, walk_read_fn rd,
		     void *opaque, uint64_t *pa)
{
	unsigned attr;

	return walk_stage1_attr(r, va, acc, el, rd, opaque, pa, &attr);
}

unsigned walk_stage1_attr(const struct walk_regs *r, uint64_t va,
			  enum walk_access acc, unsigned el, walk_read_fn rd,
			  void *opaque, uint64_t *pa, unsigned *attr_idx)
{
	uint64_t tcr = r->tcr, table, tbl_attrs = 0;
	unsigned tsz, va_bits, level;
	bool hi = (va >> 55) & 1;
	bool tbi = hi ? (tcr >> 38) & 1 : (tcr >> 37) & 1;
	unsigned pa_bits = r->pa_bits ? r->pa_bits : 48;
	uint64_t oa_high = ADDR_MASK & ~((1ull << pa_bits) - 1);

	if (!(r->sctlr & 1)) {
		/* MMU off: VA = PA; an address beyond the implemented PA size
		 * is an Address size fault at level 0 (Arm ARM D8.2.11,
		 * AArch64.TranslateAddressS1Off). */
		if (pa_bits < 64 && (va >> pa_bits))
			return FSC_ADDR_SIZE(0);
		*pa = va;
		*attr_idx = WALK_DEVICE_ATTR;
		return 0;
	}
	if (tbi && acc != WALK_EXEC) /* top byte ignored for data */
		va = hi ? va | 0xff00000000000000ull
			: va & 0x00ffffffffffffffull;
	tsz = hi ? (tcr >> 16) & 63 : tcr & 63;
	if (tsz < 16)
		tsz = 16;
	va_bits = 64 - tsz;
	/* The VA must be all zeros (TTBR0) or all ones (TTBR1) above
	 * va_bits; EPDx disables a walk: translation fault level 0. */
	if (hi ? (~va >> va_bits) != 0 : (va >> va_bits) != 0)
		return FSC_TRANSLATION(0);
	if (hi ? (tcr >> 23) & 1 : (tcr >> 7) & 1)
		return FSC_TRANSLATION(0);
	/* Only the 4 KiB granule is walked: TG0 = 00, TG1 = 10. */
	if ((hi ? ((tcr >> 30) & 3) != 2 : ((tcr >> 14) & 3) != 0))
		return FSC_TRANSLATION(0);
	level = 4 - (va_bits - 12 + 8) / 9;
	table = (hi ? r->ttbr1 : r->ttbr0) & 0x0000fffffffffffeull;
	for (unsigned start = level;; level++) {
		unsigned shift = 12 + 9 * (3 - level);
		/* the first level indexes only the bits below va_bits */
		unsigned idx_bits = level == start ? va_bits - shift : 9;
		uint64_t idx = (va >> shift) & ((1ull << idx_bits) - 1), desc;

		if (!rd(opaque, (table & ~7ull) + idx * 8, &desc))
			return FSC_WALK_EXT(level);
		if (!(desc & DESC_VALID))
			return FSC_TRANSLATION(level);
		/* An output or next-table address beyond the PA size: Address
		 * size fault at this level (D8.3 "Address size fault"). */
		if (desc & oa_high)
			return FSC_ADDR_SIZE(level);
		if (level < 3 && (desc & DESC_TABLE)) {
			tbl_attrs |= desc & (TBL_PXN | TBL_UXN | TBL_AP0 |
					     TBL_AP1);
			table = desc & ADDR_MASK;
			continue;
		}
		/* a block at level 0, or a level-3 entry without bit 1 */
		if (level == 0 || (level == 3 && !(desc & DESC_TABLE)))
			return FSC_TRANSLATION(level);
		if (!(desc & DESC_AF))
			return FSC_ACCESS_FLAG(level);
		if (check_perm(desc, tbl_attrs, acc, el, r->sctlr))
			return FSC_PERMISSION(level);
		uint64_t off_mask = (1ull << shift) - 1;

		*pa = (desc & ADDR_MASK & ~off_mask) | (va & off_mask);
		*attr_idx = (desc >> 2) & 7;
		return 0;
	}
}
