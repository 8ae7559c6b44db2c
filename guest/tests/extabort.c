// SPDX-License-Identifier: MIT
/*
 * extabort: loads, stores and an instruction fetch at a physical address
 * outside RAM and outside every device — just past the end of RAM as the DT
 * /memory node gives it — with the MMU off and on.  PLATFORM.md: the access
 * is delivered as a synchronous external abort (Arm ARM D17.2.37: EC 0x25 /
 * 0x21, xFSC 0b010000), with FAR = the address and ELR = the instruction.
 */
#include "sdk.h"

static struct exc_frame seen;
static volatile int nseen;

static bool skip_insn(struct exc_frame *f)
{
	memcpy(&seen, f, sizeof(seen));
	nseen++;
	if (ESR_EC(f->esr) == EC_IABT_CUR)
		f->elr = f->regs[30]; /* return to the caller of the branch */
	else
		f->elr += 4;
	return true;
}

static __attribute__((noinline)) uint64_t load_at(uint64_t addr, uint64_t *insn)
{
	uint64_t v = 0xdead;

	asm volatile("adr %1, 1f\n"
		     "1: ldr %0, [%2]\n"
		     : "+r"(v), "=&r"(*insn)
		     : "r"(addr)
		     : "memory");
	return v;
}

static __attribute__((noinline)) void store_at(uint64_t addr, uint64_t *insn)
{
	asm volatile("adr %0, 1f\n"
		     "1: str wzr, [%1]\n"
		     : "=&r"(*insn)
		     : "r"(addr)
		     : "memory");
}

/* LDP: an access the hardware reports to a hypervisor with no instruction
 * syndrome (ISS.ISV = 0, Arm ARM D17.2.37); KVM hands such an access to
 * user space, which has no device there either: still an external abort. */
static __attribute__((noinline)) void load_pair_at(uint64_t addr,
						   uint64_t *insn)
{
	uint64_t a = 0, b = 0;

	asm volatile("adr %2, 1f\n"
		     "1: ldp %0, %1, [%3]\n"
		     : "+r"(a), "+r"(b), "=&r"(*insn)
		     : "r"(addr)
		     : "memory");
}

static __attribute__((noinline)) void branch_to(uint64_t addr)
{
	asm volatile("blr %0" ::"r"(addr)
		     : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8",
		       "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16",
		       "x17", "x30", "memory");
}

static void check_abort(const char *what, uint64_t want_ec, uint64_t addr,
			uint64_t elr, bool write)
{
	uint64_t iss = ESR_ISS(seen.esr);

	report(nseen == 1, "%s: one exception (%d)", what, nseen);
	report(ESR_EC(seen.esr) == want_ec, "%s: EC %#lx (want %#lx)", what,
	       ESR_EC(seen.esr), want_ec);
	report(ABT_ISS_FSC(iss) == FSC_SYNC_EXT, "%s: FSC %#lx (want 0x10)",
	       what, ABT_ISS_FSC(iss));
	/* FAR is valid unless ISS.FnV is set (Arm ARM D17.2.37). */
	report(!(iss & ABT_ISS_FNV) && seen.far == addr,
	       "%s: FAR %#lx valid (want %#lx)", what, seen.far, addr);
	report(seen.elr == elr, "%s: ELR %#lx (want %#lx)", what, seen.elr,
	       elr);
	if (want_ec == EC_DABT_CUR)
		report(!!(iss & ABT_ISS_WNR) == write, "%s: WnR = %d", what,
		       write);
	report(seen.vector == VEC_CUR_SPX_SYNC, "%s: current-EL SPx vector",
	       what);
}

static void run_accesses(const char *mode, uint64_t addr)
{
	char what[64];
	uint64_t insn = 0, v;

	snprintf(what, sizeof(what), "%s load %#lx", mode, addr);
	nseen = 0;
	v = load_at(addr, &insn);
	check_abort(what, EC_DABT_CUR, addr, insn, false);
	/* The destination of an aborted load is not architecturally kept
	 * (only the exception state is specified): info. */
	if (v != 0xdead)
		report_info("%s: destination register changed to %#lx", what,
			    v);

	snprintf(what, sizeof(what), "%s store %#lx", mode, addr + 0x18);
	nseen = 0;
	store_at(addr + 0x18, &insn);
	check_abort(what, EC_DABT_CUR, addr + 0x18, insn, true);

	snprintf(what, sizeof(what), "%s load pair %#lx", mode, addr + 0x20);
	nseen = 0;
	load_pair_at(addr + 0x20, &insn);
	check_abort(what, EC_DABT_CUR, addr + 0x20, insn, false);

	snprintf(what, sizeof(what), "%s fetch %#lx", mode, addr + 0x40);
	nseen = 0;
	branch_to(addr + 0x40);
	check_abort(what, EC_IABT_CUR, addr + 0x40, addr + 0x40, false);
}

int main(void)
{
	uint64_t ram_end = ram_base + ram_size;
	uint64_t far_page = ram_end + 0x100000;

	install_sync_handler(EC_DABT_CUR, skip_insn);
	install_sync_handler(EC_IABT_CUR, skip_insn);
	report_info("RAM %#lx..%#lx (DT); probing %#lx and %#lx", ram_base,
		    ram_end, ram_end, far_page);

	mmu_disable();
	report(!mmu_enabled(), "MMU off");
	run_accesses("mmu-off", ram_end);
	run_accesses("mmu-off", far_page);
	mmu_enable();
	report(mmu_enabled(), "MMU on again");

	/* With the MMU on the address needs a valid translation, else it is a
	 * translation fault: map the two pages, Normal memory, executable. */
	mmu_map_page(ram_end, ram_end, MMU_NORMAL | MMU_EL1_RW);
	mmu_map_page(far_page, far_page, MMU_NORMAL | MMU_EL1_RW);
	run_accesses("mmu-on", ram_end);
	run_accesses("mmu-on", far_page);

	/* Device memory past RAM too (no speculative fetch: XN). */
	mmu_map_page(ram_end, ram_end, MMU_DEVICE);
	{
		uint64_t insn = 0;

		nseen = 0;
		load_at(ram_end + 8, &insn);
		check_abort("mmu-on device-type load", EC_DABT_CUR, ram_end + 8,
			    insn, false);
	}
	mmu_unmap_page(ram_end);
	mmu_unmap_page(far_page);
	report(true, "execution continued after every abort");
	return 0;
}
