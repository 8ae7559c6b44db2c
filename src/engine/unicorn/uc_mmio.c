/* SPDX-License-Identifier: MIT */
/*
 * Accesses outside RAM.  Every gap of the guest's physical space is a
 * uc_mmio_map whose callbacks land here; the core serves them (in-kernel
 * devices) or hands them to the VMM.
 *
 * Which instruction?  A callback sees a physical address and size, and a
 * stale PC (the block start; ENGINE-NOTES), while the register file is as
 * it was before the instruction ran (TCG syncs it before a memory access
 * helper).  So the instruction is found in the block: from where the
 * previous access of this block was, the first load/store (or DC ZVA)
 * whose address -- computed from those registers and walked through the
 * guest's tables -- covers the access.  Unicorn delivers an access of size
 * S as max(1, S/4) callbacks, and an unaligned one as two aligned accesses
 * of size S; the callbacks still to come for the same instruction are
 * counted, so two loads of one register in a row are told apart.
 *
 * With the instruction known, the architecture's checks come first (Arm
 * ARM D8.2.11, D8.3 "Alignment fault"): an unaligned access to Device
 * memory is an Alignment fault (Unicorn 2.0.1 would perform it), and an
 * address beyond the PA size an Address size fault.  Then the access goes
 * to the core; -EIO is a synchronous external abort.
 *
 * A fault cannot be raised from a callback: the abort is recorded with the
 * instruction and the registers, the rest of the block's accesses outside
 * RAM are dropped (reads 0), and at the next block start the registers are
 * restored and the abort entered with ELR at the instruction.  Stores to
 * RAM later in the same block have already happened: the limit of doing
 * this from a callback.
 */
#include <errno.h>
#include <string.h>

#include "engine/unicorn/uc_decode.h"
#include "engine/unicorn/uc_internal.h"

/* Unicorn's MMIO regions take at most 4 bytes per callback. */
#define MMIO_PIECE 4u
/* The longest block scanned for the instruction (QEMU's TB limit is 512
 * instructions; a block never crosses the page after its first). */
#define SCAN_LIMIT 512

static uint32_t abort_ec(struct engine_vcpu *ev)
{
	return uc_current_el(ev) == 0 ? EC_DABT_LOW : EC_DABT_CUR;
}

/* Callbacks Unicorn makes for one element of size bytes at va. */
static unsigned element_pieces(uint64_t va, unsigned size)
{
	unsigned n = size > MMIO_PIECE ? size / MMIO_PIECE : 1;

	return (va & (size - 1)) ? 2 * n : n;
}

/* Does element (va, size) of an access, translated, cover the physical
 * range [addr, addr + len)?  Unaligned elements are performed as two
 * aligned accesses, so the span covers both.  *pa: the element's PA. */
static bool element_covers(struct engine_vcpu *ev, uint64_t va, unsigned size,
			   bool is_write, uint64_t addr, unsigned len,
			   bool exact, uint64_t *pa)
{
	uint64_t lo, hi;
	unsigned r = uc_walk(ev, va, is_write ? WALK_WRITE : WALK_READ, pa);

	/* MMU off beyond the PA size (Address size fault, level 0): the
	 * address is still the VA, which Unicorn accessed as is. */
	if (r == (WALK_FAULT | FSC_ADDR_SIZE_L0))
		*pa = va;
	else if (r)
		return false;
	lo = *pa & ~(uint64_t)(size - 1);
	hi = lo + ((*pa & (size - 1)) ? 2ull * size : size);
	/* exact: the first callback of the element, at its first piece.  An
	 * earlier instruction whose base register a later one has changed
	 * can compute an address that merely overlaps (issue 9 follow-up:
	 * `ldr x2, [x2]; add x2, x2, #0x81c; ldr w2, [x2]` on Device
	 * memory matched the first LDR as an unaligned 8-byte access). */
	if (exact)
		return addr == lo && len == (size < MMIO_PIECE ? size
								: MMIO_PIECE);
	return addr < hi && addr + len > lo;
}

struct found_access {
	uint64_t pc;
	struct ldst d;
	uint64_t va, pa;  /* the element that covers the callback */
	unsigned pieces;  /* callbacks the whole instruction makes */
};

/* The instruction of the running block that makes this access. */
static bool find_access_in(struct engine_vcpu *ev, uint64_t from,
			   uint64_t addr, unsigned len, bool is_write,
			   bool exact, struct found_access *f)
{
	uint64_t end = ev->block_end > from ? ev->block_end
					    : from + 4 * SCAN_LIMIT;

	for (uint64_t pc = from; pc < end && pc - from < 4 * SCAN_LIMIT;
	     pc += 4) {
		uint32_t insn;
		struct ldst *d = &f->d;

		if (!uc_fetch_insn(ev, pc, &insn))
			return false;
		if (uc_decode_access(ev, insn, pc, d) && d->is_write == is_write) {
			bool hit2 = false;
			bool hit1 = element_covers(ev, d->va, d->size, is_write,
						   addr, len, exact, &f->pa);

			if (!hit1 && d->is_pair)
				hit2 = element_covers(ev, d->va2, d->size,
						      is_write, addr, len,
						      false, &f->pa);
			if (hit1 || hit2) {
				f->pc = pc;
				f->va = hit1 ? d->va : d->va2;
				f->pieces = element_pieces(d->va, d->size);
				if (d->is_pair)
					f->pieces +=
						element_pieces(d->va2, d->size);
				return true;
			}
		}
		if (insn_is_branch(insn))
			return false;
	}
	return false;
}

/* The instruction of the running block that makes this access: the first
 * whose element starts exactly at it, else the first that overlaps it (an
 * access whose first piece went to RAM). */
static bool find_access(struct engine_vcpu *ev, uint64_t from, uint64_t addr,
			unsigned len, bool is_write, struct found_access *f)
{
	return find_access_in(ev, from, addr, len, is_write, true, f) ||
	       find_access_in(ev, from, addr, len, is_write, false, f);
}

static void record_abort(struct engine_vcpu *ev, uint64_t addr, bool is_write,
			 uint32_t fsc, bool found, uint64_t pc, uint64_t far)
{
	struct pending_mmio_abort *a = &ev->mabort;

	a->pending = true;
	a->found = found;
	a->is_write = is_write;
	a->fsc = fsc;
	a->addr = addr;
	a->pc = found ? pc : ev->block_pc;
	a->far = far;
	a->tb_pc = ev->block_pc;
	uc_read_gprs(ev, a->regs);
}

/*
 * The checks that come before the access itself, for the first callback
 * of an instruction: an element that is not aligned to its size on Device
 * memory, or DC ZVA on Device memory, is an Alignment fault; a PA beyond
 * the implemented size an Address size fault (level 0).  Returns the FSC,
 * or -1 if the access may go ahead.
 */
static int precheck(struct engine_vcpu *ev, const struct found_access *f,
		    uint64_t addr)
{
	bool unaligned = (f->d.va & (f->d.size - 1)) ||
			 (f->d.is_pair && (f->d.va2 & (f->d.size - 1)));
	bool dczva = f->d.size == 64;

	if (ev->pa_bits < 64 && (addr >> ev->pa_bits))
		return FSC_ADDR_SIZE_L0;
	if ((unaligned || dczva) && uc_is_device(ev, f->va))
		return FSC_ALIGNMENT;
	return -1;
}

/* Which instruction is this callback from?  Fills f; false if unknown. */
static bool this_access(struct engine_vcpu *ev, uint64_t addr, unsigned len,
			bool is_write, struct found_access *f, bool *first)
{
	struct mmio_cursor *c = &ev->mcur;

	if (c->block_pc != ev->block_pc) {
		c->block_pc = ev->block_pc;
		c->next_pc = ev->block_pc;
		c->left = 0;
	}
	*first = false;
	if (c->left) {
		/* another callback of the same instruction */
		c->left--;
		f->pc = c->pc;
		return true;
	}
	if (!find_access(ev, c->next_pc, addr, len, is_write, f)) {
		c->left = 0;
		return false;
	}
	*first = true;
	c->pc = f->pc;
	c->next_pc = f->pc + 4;
	c->left = f->pieces ? f->pieces - 1 : 0;
	return true;
}

void uc_mmio_access(struct engine_vcpu *ev, uint64_t addr, unsigned size,
		    bool is_write, uint64_t *val)
{
	struct engine_exit e = { .kind = ENGINE_EXIT_MMIO };
	const struct engine_entry *in;
	struct found_access f = { 0 };
	bool first, found;
	int fsc;

	if (ev->mabort.pending || ev->unwinding) {
		*val = 0; /* the block is being abandoned */
		return;
	}
	found = this_access(ev, addr, size, is_write, &f, &first);
	if (found && first) {
		fsc = precheck(ev, &f, addr);
		if (fsc >= 0) {
			record_abort(ev, addr, is_write, (uint32_t)fsc, true,
				     f.pc, f.va);
			*val = 0;
			return;
		}
	}
	if (!found && ev->pa_bits < 64 && (addr >> ev->pa_bits)) {
		record_abort(ev, addr, is_write, FSC_ADDR_SIZE_L0, false, 0,
			     addr);
		*val = 0;
		return;
	}
	/* An exit: the core serves it (an in-kernel device) or the VMM does
	 * (the fiber waits here until the next av_vcpu_run answers). */
	e.mmio.addr = addr;
	e.mmio.len = size;
	e.mmio.is_write = is_write;
	e.mmio.val = is_write ? *val : 0;
	in = uc_exit_to_core(ev, &e);
	if (ev->unwinding) {
		*val = 0;
		return;
	}
	if (!is_write)
		*val = in->result == ENGINE_DONE ? in->val : 0;
	if (in->result == ENGINE_EXT_ABORT) {
		/* Synchronous external abort (D8.3 "External abort").  FAR:
		 * the VA of the byte that faulted, within the access. */
		uint64_t far = addr;

		if (found && first)
			far = addr > f.pa ? f.va + (addr - f.pa) : f.va;
		else if (found)
			far = 0; /* a later callback: filled below */
		record_abort(ev, addr, is_write, FSC_EXT_ABORT, found, f.pc,
			     far);
		if (found && !first) {
			/* FAR of a later callback: re-derive from the
			 * instruction, whose registers have not changed. */
			struct found_access g;

			if (find_access(ev, f.pc, addr, size, is_write, &g) &&
			    g.pc == f.pc)
				ev->mabort.far = addr > g.pa
							 ? g.va + (addr - g.pa)
							 : g.va;
			else
				ev->mabort.far = addr;
		}
		*val = 0;
	}
}

void uc_mmio_unmapped(struct engine_vcpu *ev, uint64_t addr, unsigned size,
		      bool is_write)
{
	struct found_access f = { 0 };
	uint32_t fsc = FSC_EXT_ABORT;
	bool found;

	if (ev->mabort.pending)
		return;
	/* Unicorn stops after this block with an error: find the access
	 * now, while the registers are those it ran with. */
	ev->mcur.left = 0;
	found = find_access(ev, ev->mcur.block_pc == ev->block_pc
					? ev->mcur.next_pc
					: ev->block_pc,
			    addr, size ? size : 1, is_write, &f);
	if (found) {
		int pre = precheck(ev, &f, addr);

		if (pre >= 0)
			fsc = (uint32_t)pre;
	} else if (ev->pa_bits < 64 && (addr >> ev->pa_bits)) {
		fsc = FSC_ADDR_SIZE_L0;
	}
	record_abort(ev, addr, is_write, fsc, found, f.pc,
		     found ? (addr > f.pa ? f.va + (addr - f.pa) : f.va)
			   : addr);
}

void uc_resolve_mmio_abort(struct engine_vcpu *ev)
{
	struct pending_mmio_abort *a = &ev->mabort;

	a->pending = false;
	ev->mcur.block_pc = 0;
	if (!a->found)
		uc_log_limited(&ev->rl_abort,
			       "abort at %#llx: access not found from block "
			       "%#llx; reported at the block start",
			       (unsigned long long)a->addr,
			       (unsigned long long)a->tb_pc);
	uc_write_gprs(ev, a->regs);
	uc_reg_write(ev->uc, UC_ARM64_REG_PC, &a->pc);
	/* ISV = 0: the instruction syndrome is reported only to EL2 (Arm
	 * ARM D17.2.37 ISS encoding for a Data Abort). */
	uc_inject_sync(ev, abort_ec(ev), a->fsc | (a->is_write ? ESR_WNR : 0),
		       a->pc, true, a->far);
}

/* ---- the guest physical space: RAM slots, and everything outside them
 * goes to the core as MMIO ---- */

void *uc_gpa_to_host(struct engine_vm *evm, uint64_t gpa, uint64_t len)
{
	for (unsigned i = 0; i < evm->nr_slots; i++) {
		const struct memslot *s = &evm->slots[i];

		if (gpa >= s->gpa && gpa - s->gpa < s->size &&
		    len <= s->size - (gpa - s->gpa))
			return (char *)s->host + (gpa - s->gpa);
	}
	return NULL;
}


static uint64_t mmio_read(uc_engine *uc, uint64_t offset, unsigned size,
			  void *u)
{
	struct mmio_gap *g = u;
	uint64_t val = 0;

	uc_mmio_access(g->ev, g->base + offset, size, false, &val);
	return val;
}

static void mmio_write(uc_engine *uc, uint64_t offset, unsigned size,
		       uint64_t value, void *u)
{
	struct mmio_gap *g = u;

	uc_mmio_access(g->ev, g->base + offset, size, true, &value);
}

#define PA_LIMIT (1ull << 48)
#define TOP_VA 0xffff000000000000ull

static int map_gap(struct engine_vcpu *ev, uint64_t base, uint64_t end)
{
	struct mmio_gap *g;

	if (end <= base)
		return 0;
	if (ev->nr_gaps == UC_MAX_GAPS)
		return -ENOSPC;
	g = &ev->gaps[ev->nr_gaps++];
	g->ev = ev;
	g->base = base;
	if (uc_mmio_map(ev->uc, base, end - base, mmio_read, g, mmio_write,
			g) != UC_ERR_OK)
		return -ENOMEM;
	return 0;
}

int uc_map_guest_space(struct engine_vcpu *ev)
{
	struct engine_vm *evm = ev->evm;
	struct memslot s[UC_MAX_SLOTS];
	unsigned n = evm->nr_slots;
	uint64_t cursor = 0;
	int ret;

	memcpy(s, evm->slots, sizeof(s));
	/* sort slots by address (few) */
	for (unsigned i = 0; i < n; i++)
		for (unsigned j = i + 1; j < n; j++)
			if (s[j].gpa < s[i].gpa) {
				struct memslot t = s[i];
				s[i] = s[j];
				s[j] = t;
			}
	for (unsigned i = 0; i < n; i++) {
		if (!s[i].size)
			continue;
		if (uc_mem_map_ptr(ev->uc, s[i].gpa, s[i].size, UC_PROT_ALL,
				   s[i].host) != UC_ERR_OK)
			return -ENOMEM;
		ret = map_gap(ev, cursor, s[i].gpa);
		if (ret)
			return ret;
		cursor = s[i].gpa + s[i].size;
	}
	ret = map_gap(ev, cursor, PA_LIMIT);
	if (ret)
		return ret;
	/* High VAs (TTBR1): Unicorn 2.0.1 looks VAs up in its physical map
	 * (ENGINE-NOTES "VA != PA"); a mapping here lets the guest's own
	 * translation decide. */
	return map_gap(ev, TOP_VA, TOP_VA + (PA_LIMIT - 0x1000));
}
