// SPDX-License-Identifier: MIT
/*
 * aborts: data aborts and PC alignment faults reported precisely, with the
 * fault status the Arm ARM gives (issue 9, findings 6, 7 and 9):
 *  - DC ZVA and an unaligned load to a physical address with no device
 *    (Normal memory): one synchronous external abort (FSC 0x10) at that
 *    instruction, the instructions before it in its block run once;
 *  - an unaligned load and DC ZVA on Device memory (the GIC distributor):
 *    Alignment fault (FSC 0x21, D8.2.11 / B2.5.2), nothing accessed;
 *  - with the MMU off, a load from the first address beyond the PA size
 *    (ID_AA64MMFR0_EL1.PARange) and from 2^48: Address size fault, level 0
 *    (FSC 0x00, AArch64.TranslateAddressS1Off);
 *  - a branch to a PC with bits [1:0] set: PC alignment fault (EC 0x22,
 *    ELR = FAR = the PC, D1.10.5).
 */
#include "sdk.h"

#define EC_PC_ALIGN 0x22

void a_dczva(uint64_t addr, uint64_t *count);
void a_ldr(uint64_t addr, uint64_t *count);
void a_ldrw(uint64_t addr, uint64_t *count);
void a_str(uint64_t addr, uint64_t *count);
extern char a_dczva_insn[], a_ldr_insn[], a_ldrw_insn[], a_str_insn[];

static struct exc_frame seen;
static volatile int nseen;
static uint64_t count;

static bool skip_insn(struct exc_frame *f)
{
	memcpy(&seen, f, sizeof(seen));
	nseen++;
	if (ESR_EC(f->esr) == EC_PC_ALIGN || ESR_EC(f->esr) == EC_IABT_CUR)
		f->elr = f->regs[30]; /* back to the caller of the branch */
	else
		f->elr += 4;
	return true;
}

static void run(void (*fn)(uint64_t, uint64_t *), uint64_t addr)
{
	nseen = 0;
	count = 0;
	memset(&seen, 0, sizeof(seen));
	dsb(sy);
	fn(addr, &count);
	dsb(sy);
}

/* FAR within [lo, hi) */
static void check(const char *what, char *insn, unsigned fsc, bool wnr,
		  uint64_t far_lo, uint64_t far_hi)
{
	uint64_t iss = ESR_ISS(seen.esr);

	report(nseen == 1, "%s: one exception (%d)", what, nseen);
	report(count == 1, "%s: earlier instructions ran once (%lu)", what,
	       count);
	report(ESR_EC(seen.esr) == EC_DABT_CUR, "%s: EC %#lx", what,
	       ESR_EC(seen.esr));
	report(ABT_ISS_FSC(iss) == fsc, "%s: FSC %#lx (want %#x)", what,
	       ABT_ISS_FSC(iss), fsc);
	report(!!(iss & ABT_ISS_WNR) == wnr, "%s: WnR %d", what, wnr);
	report(seen.elr == (uint64_t)insn, "%s: ELR %#lx (want %p)", what,
	       seen.elr, insn);
	/* QEMU performs an unaligned access to no device as aligned ones and
	 * reports the first of those: outside the access itself. */
	if (platform_is_qemu() && seen.far < far_lo &&
	    seen.far == (far_lo & ~7ul))
		report_info("%s: QEMU's FAR %#lx is the aligned access", what,
			    seen.far);
	else
		report(seen.far >= far_lo && seen.far < far_hi,
		       "%s: FAR %#lx in [%#lx, %#lx)", what, seen.far, far_lo,
		       far_hi);
}

static void test_no_device(void)
{
	uint64_t page = ram_base + ram_size + 0x200000;

	mmu_map_page(page, page, MMU_NORMAL | MMU_EL1_RW);
	run(a_dczva, page + 0x48);
	check("DC ZVA, no device", a_dczva_insn, FSC_SYNC_EXT, true,
	      page + 0x40, page + 0x80);
	run(a_ldr, page + 0x104);
	check("unaligned LDR X, no device", a_ldr_insn, FSC_SYNC_EXT, false,
	      page + 0x104, page + 0x10c);
	run(a_ldrw, page + 0x201);
	check("unaligned LDR W, no device", a_ldrw_insn, FSC_SYNC_EXT, false,
	      page + 0x201, page + 0x205);
	run(a_str, page + 0x300);
	check("STR, no device", a_str_insn, FSC_SYNC_EXT, true, page + 0x300,
	      page + 0x308);
	mmu_unmap_page(page);
}

static void test_device_alignment(void)
{
	uint64_t gicd = gic_dist_base();

	if (!gicd) {
		report_skip("no GIC distributor in the device tree");
		return;
	}
	/* GICD_TYPER (+4) read unaligned, and DC ZVA on the distributor's
	 * implementation-defined reserved block at +0xc000 */
	run(a_ldrw, gicd + 6);
	if (platform_is_qemu() && nseen == 0) {
		report_info("QEMU 7.2 performs an unaligned Device load");
	} else {
		check("unaligned LDR W, Device (GICD)", a_ldrw_insn,
		      FSC_ALIGNMENT, false, gicd + 6, gicd + 7);
	}
	run(a_dczva, gicd + 0xc000);
	if (platform_is_qemu() &&
	    (nseen == 0 || ABT_ISS_FSC(ESR_ISS(seen.esr)) != FSC_ALIGNMENT)) {
		report_info("QEMU 7.2: DC ZVA on Device memory: %d exception, "
			    "FSC %#lx", nseen, ABT_ISS_FSC(ESR_ISS(seen.esr)));
	} else {
		check("DC ZVA, Device (GICD)", a_dczva_insn, FSC_ALIGNMENT,
		      true, gicd + 0xc000, gicd + 0xc040);
	}
}

static void test_pa_size(void)
{
	static const unsigned bits[] = {32, 36, 40, 42, 44, 48, 52};
	unsigned pa = bits[read_sysreg(id_aa64mmfr0_el1) & 0xf];
	uint64_t addrs[2] = {1ul << pa, 1ul << 48};

	report_info("PARange: %u bits", pa);
	mmu_disable();
	for (int i = 0; i < 2; i++) {
		char what[64];

		if (i == 1 && pa >= 48)
			break;
		snprintf(what, sizeof(what), "MMU off, LDR from %#lx",
			 addrs[i]);
		run(a_ldr, addrs[i]);
		check(what, a_ldr_insn, FSC_ADDR_SIZE(0), false, addrs[i],
		      addrs[i] + 1);
	}
	mmu_enable();
}

static __attribute__((noinline)) void branch_to(uint64_t addr)
{
	asm volatile("blr %0" ::"r"(addr)
		     : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8",
		       "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16",
		       "x17", "x30", "memory");
}

static void test_pc_alignment(void)
{
	uint64_t target = (uint64_t)a_ldr + 2;

	nseen = 0;
	branch_to(target);
	report(nseen == 1 && ESR_EC(seen.esr) == EC_PC_ALIGN,
	       "branch to %#lx: PC alignment fault (%d, EC %#lx)", target,
	       nseen, ESR_EC(seen.esr));
	report(seen.elr == target && seen.far == target,
	       "ELR %#lx, FAR %#lx (want %#lx)", seen.elr, seen.far, target);
}

int main(void)
{
	install_sync_handler(EC_DABT_CUR, skip_insn);
	install_sync_handler(EC_IABT_CUR, skip_insn);
	install_sync_handler(EC_PC_ALIGN, skip_insn);
	gic_init();
	test_no_device();
	test_device_alignment();
	test_pa_size();
	test_pc_alignment();
	return 0;
}
