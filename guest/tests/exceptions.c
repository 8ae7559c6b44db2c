// SPDX-License-Identifier: MIT
/*
 * exceptions: synchronous exceptions taken to EL1 from EL1 and EL0 — SVC,
 * UNDEFINED, BRK, data and instruction aborts — with the syndrome (Arm ARM
 * D17.2.37 ESR_EL1), FAR_EL1, ELR_EL1, SPSR_EL1 and the vector used checked,
 * and execution resuming where the handler says.
 */
#include "sdk.h"

extern char el1_svc_insn[], el1_udf_insn[], el1_unalloc_insn[];
extern char el1_brk_insn[], el1_load_insn[], el1_store_insn[];
extern char el0_svc_insn[], el0_udf_insn[], el0_load_insn[];
extern char el0_store_insn[];
uint64_t el1_svc(uint64_t x);
void el1_udf(void);
void el1_unalloc(void);
void el1_brk(void);
uint64_t el1_load(uint64_t addr);
void el1_store(uint64_t addr, uint32_t val);
void el1_branch(uint64_t target);
uint64_t el0_svc_fn(uint64_t);
uint64_t el0_udf_fn(uint64_t);
uint64_t el0_load_fn(uint64_t);
uint64_t el0_store_fn(uint64_t);
uint64_t el0_branch_fn(uint64_t);

/* A VA that no table maps: L1 index 64 of a 39-bit space. */
#define UNMAPPED_L1 0x1000000000ul
/* Inside L1[0] (a table: it holds the device window), L2 entry unmapped. */
#define UNMAPPED_L2 0x20000000ul

enum resume { RESUME_AS_IS, RESUME_SKIP, RESUME_LR };

static struct exc_frame seen;
static volatile int nseen;
static enum resume resume_mode;
static uint64_t svc_bump; /* added to x0 by the SVC handler */

static uint8_t victim[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static bool recorder(struct exc_frame *f)
{
	memcpy(&seen, f, sizeof(seen));
	nseen++;
	if (ESR_EC(f->esr) == EC_SVC64)
		f->regs[0] += svc_bump;
	if (resume_mode == RESUME_SKIP)
		f->elr += 4;
	else if (resume_mode == RESUME_LR)
		f->elr = f->regs[30];
	return true;
}

static void expect(enum resume mode)
{
	resume_mode = mode;
	nseen = 0;
	memset(&seen, 0, sizeof(seen));
	barrier();
}

static uint64_t ec(void) { return ESR_EC(seen.esr); }
static uint64_t iss(void) { return ESR_ISS(seen.esr); }

/* Common checks: one exception, of class want_ec, 32-bit instruction
 * (IL = 1, Arm ARM D17.2.37: IL is 1 for every A64 trapped instruction and
 * abort), from the expected vector, with ELR as expected. */
static void check_common(const char *what, uint64_t want_ec, int vector,
			 uint64_t elr)
{
	report(nseen == 1, "%s: exactly one exception (%d)", what, nseen);
	report(ec() == want_ec, "%s: EC %#lx (want %#lx)", what, ec(), want_ec);
	report(ESR_IL(seen.esr) == 1, "%s: IL = 1", what);
	report((int)seen.vector == vector, "%s: vector %lu (want %d)", what,
	       seen.vector, vector);
	report(seen.elr == elr, "%s: ELR %#lx (want %#lx)", what, seen.elr,
	       elr);
}

static void check_spsr_el1(const char *what)
{
	/* Arm ARM C5.2.18 SPSR_EL1: M[4] = 0 (AArch64), M[3:0] = EL1h; main()
	 * runs with DAIF masked as entered (PLATFORM.md boot state). */
	report((seen.spsr & 0x1f) == SPSR_MODE_EL1h,
	       "%s: SPSR.M = EL1h (SPSR %#lx)", what, seen.spsr);
}

static void check_spsr_el0(const char *what)
{
	report((seen.spsr & 0x1f) == SPSR_MODE_EL0t &&
		   (seen.spsr & SPSR_DAIF) == 0,
	       "%s: SPSR.M = EL0t, DAIF clear (SPSR %#lx)", what, seen.spsr);
}

static unsigned int fault_level(uint64_t va)
{
	int level;

	mmu_lookup(va, &level);
	return (unsigned int)level;
}

/* Arm ARM D17.2.37, ISS encoding for a Data Abort. */
static void check_dabt(const char *what, uint64_t va, unsigned int fsc,
		       bool write)
{
	uint64_t s = iss();

	report(ABT_ISS_FSC(s) == fsc, "%s: DFSC %#lx (want %#x)", what,
	       ABT_ISS_FSC(s), fsc);
	report(!!(s & ABT_ISS_WNR) == write, "%s: WnR = %d", what, write);
	report(!(s & (ABT_ISS_FNV | ABT_ISS_S1PTW | (1u << 8))),
	       "%s: FnV, S1PTW, CM clear", what);
	report(seen.far == va, "%s: FAR %#lx (want %#lx)", what, seen.far, va);
	if (s & ABT_ISS_ISV)
		report_info("%s: ISV = 1, SAS %lu SRT %lu SF %d", what,
			    ABT_ISS_SAS(s), ABT_ISS_SRT(s), !!(s & ABT_ISS_SF));
}

static void check_iabt(const char *what, uint64_t va, unsigned int fsc)
{
	report(ABT_ISS_FSC(iss()) == fsc, "%s: IFSC %#lx (want %#x)", what,
	       ABT_ISS_FSC(iss()), fsc);
	report(seen.far == va, "%s: FAR %#lx (want %#lx)", what, seen.far, va);
}

static void test_svc(void)
{
	uint64_t r;

	expect(RESUME_AS_IS);
	svc_bump = 1;
	r = el1_svc(0xabc);
	/* Arm ARM D1.10.1: the preferred return address of an SVC is the next
	 * instruction; ISS[15:0] is imm16 (D17.2.37, "Exception from an SVC").
	 */
	check_common("svc el1", EC_SVC64, VEC_CUR_SPX_SYNC,
		     (uint64_t)el1_svc_insn + 4);
	report(iss() == 0x123, "svc el1: ISS = imm16 0x123 (%#lx)", iss());
	check_spsr_el1("svc el1");
	report(seen.regs[0] == 0xabc && r == 0xabd,
	       "svc el1: frame x0 %#lx, handler's x0 returned (%#lx)",
	       seen.regs[0], r);

	expect(RESUME_AS_IS);
	r = el0_call(el0_svc_fn, 0x1234);
	check_common("svc el0", EC_SVC64, VEC_LOW64_SYNC,
		     (uint64_t)el0_svc_insn + 4);
	report(iss() == 0x42, "svc el0: ISS = imm16 0x42 (%#lx)", iss());
	check_spsr_el0("svc el0");
	report(r == 0x1235, "svc el0: handler's x0 seen at EL0 (%#lx)", r);
	svc_bump = 0;
}

static void test_undef(void)
{
	expect(RESUME_SKIP);
	el1_udf();
	/* Arm ARM D17.2.37: EC 0 "Unknown reason", ISS RES0; ELR = the
	 * instruction (D1.10.1). */
	check_common("udf el1", EC_UNKNOWN, VEC_CUR_SPX_SYNC,
		     (uint64_t)el1_udf_insn);
	report(iss() == 0, "udf el1: ISS = 0 (%#lx)", iss());
	check_spsr_el1("udf el1");

	expect(RESUME_SKIP);
	el1_unalloc();
	check_common("unallocated el1", EC_UNKNOWN, VEC_CUR_SPX_SYNC,
		     (uint64_t)el1_unalloc_insn);
	report(iss() == 0, "unallocated el1: ISS = 0 (%#lx)", iss());

	expect(RESUME_SKIP);
	el0_call(el0_udf_fn, 0);
	check_common("udf el0", EC_UNKNOWN, VEC_LOW64_SYNC,
		     (uint64_t)el0_udf_insn);
	check_spsr_el0("udf el0");
}

static void test_brk(void)
{
	expect(RESUME_SKIP);
	el1_brk();
	/* Arm ARM D17.2.37 "Exception from a BRK instruction": ISS[15:0] =
	 * the comment; ELR = the BRK itself. */
	check_common("brk el1", EC_BRK64, VEC_CUR_SPX_SYNC,
		     (uint64_t)el1_brk_insn);
	report(iss() == 0x77, "brk el1: ISS = imm16 0x77 (%#lx)", iss());
	check_spsr_el1("brk el1");
}

static void test_el1_dabt(void)
{
	volatile uint32_t *v = (volatile uint32_t *)victim;
	uint64_t va;

	expect(RESUME_SKIP);
	el1_load(UNMAPPED_L1);
	check_common("el1 load L1 unmapped", EC_DABT_CUR, VEC_CUR_SPX_SYNC,
		     (uint64_t)el1_load_insn);
	check_dabt("el1 load L1 unmapped", UNMAPPED_L1,
		   FSC_TRANSLATION(fault_level(UNMAPPED_L1)), false);
	report(fault_level(UNMAPPED_L1) == 1, "unmapped VA faults at level 1");
	check_spsr_el1("el1 load L1 unmapped");

	expect(RESUME_SKIP);
	el1_store(UNMAPPED_L1 + 0x10, 7);
	check_common("el1 store L1 unmapped", EC_DABT_CUR, VEC_CUR_SPX_SYNC,
		     (uint64_t)el1_store_insn);
	check_dabt("el1 store L1 unmapped", UNMAPPED_L1 + 0x10,
		   FSC_TRANSLATION(1), true);

	expect(RESUME_SKIP);
	el1_load(UNMAPPED_L2 + 8);
	check_common("el1 load L2 unmapped", EC_DABT_CUR, VEC_CUR_SPX_SYNC,
		     (uint64_t)el1_load_insn);
	report(fault_level(UNMAPPED_L2) == 2, "0x20000000 faults at level 2");
	check_dabt("el1 load L2 unmapped", UNMAPPED_L2 + 8, FSC_TRANSLATION(2),
		   false);

	/* A page of RAM unmapped: level 3 translation fault; mapped again it
	 * reads back what was stored before (TLB invalidation works). */
	va = (uint64_t)victim;
	v[1] = 0xfeedf00d;
	dsb(ish);
	mmu_unmap_page(va);
	expect(RESUME_SKIP);
	el1_load(va + 4);
	check_common("el1 load L3 unmapped", EC_DABT_CUR, VEC_CUR_SPX_SYNC,
		     (uint64_t)el1_load_insn);
	check_dabt("el1 load L3 unmapped", va + 4, FSC_TRANSLATION(3), false);
	mmu_map_page(va, va, MMU_RAM_DEFAULT);
	expect(RESUME_SKIP);
	report((el1_load(va) >> 32) == 0xfeedf00d && nseen == 0,
	       "remapped page reads back without a fault");

	/* Read-only at EL1: a store takes a permission fault, a load works. */
	mmu_map_page(va, va, MMU_NORMAL | MMU_EL1_RO | PTE_UXN);
	expect(RESUME_SKIP);
	el1_store(va + 8, 0x55);
	check_common("el1 store to RO page", EC_DABT_CUR, VEC_CUR_SPX_SYNC,
		     (uint64_t)el1_store_insn);
	check_dabt("el1 store to RO page", va + 8, FSC_PERMISSION(3), true);
	expect(RESUME_SKIP);
	report(el1_load(va + 8) == 0 && nseen == 0,
	       "RO page: load works, the store did not happen");
	mmu_map_page(va, va, MMU_RAM_DEFAULT);
}

static void test_el1_iabt(void)
{
	expect(RESUME_LR);
	el1_branch(UNMAPPED_L1 + 0x40);
	/* Arm ARM D17.2.37 "Exception from an Instruction Abort": ELR = FAR =
	 * the fetched address. */
	check_common("el1 fetch unmapped", EC_IABT_CUR, VEC_CUR_SPX_SYNC,
		     UNMAPPED_L1 + 0x40);
	check_iabt("el1 fetch unmapped", UNMAPPED_L1 + 0x40,
		   FSC_TRANSLATION(1));
	check_spsr_el1("el1 fetch unmapped");
}

static void test_el0_aborts(void)
{
	uint64_t va = (uint64_t)victim;
	uint64_t kernel_code = (uint64_t)el1_svc;

	expect(RESUME_SKIP);
	el0_call(el0_load_fn, UNMAPPED_L1 + 0x100);
	check_common("el0 load unmapped", EC_DABT_LOW, VEC_LOW64_SYNC,
		     (uint64_t)el0_load_insn);
	check_dabt("el0 load unmapped", UNMAPPED_L1 + 0x100, FSC_TRANSLATION(1),
		   false);
	check_spsr_el0("el0 load unmapped");

	/* EL1-only page (AP[1] = 0, Arm ARM D8.4.1.2): permission fault. */
	expect(RESUME_SKIP);
	el0_call(el0_store_fn, va + 0x10);
	check_common("el0 store to EL1 page", EC_DABT_LOW, VEC_LOW64_SYNC,
		     (uint64_t)el0_store_insn);
	check_dabt("el0 store to EL1 page", va + 0x10,
		   FSC_PERMISSION(fault_level(va)), true);

	/* EL0 fetch from EL1 code (UXN set): instruction abort, permission. */
	expect(RESUME_LR);
	el0_call(el0_branch_fn, kernel_code);
	check_common("el0 fetch EL1 code", EC_IABT_LOW, VEC_LOW64_SYNC,
		     kernel_code);
	check_iabt("el0 fetch EL1 code", kernel_code,
		   FSC_PERMISSION(fault_level(kernel_code)));
	check_spsr_el0("el0 fetch EL1 code");

	expect(RESUME_LR);
	el0_call(el0_branch_fn, UNMAPPED_L1);
	check_common("el0 fetch unmapped", EC_IABT_LOW, VEC_LOW64_SYNC,
		     UNMAPPED_L1);
	check_iabt("el0 fetch unmapped", UNMAPPED_L1, FSC_TRANSLATION(1));
}

int main(void)
{
	static const unsigned int ecs[] = {
	    EC_UNKNOWN,	 EC_SVC64,    EC_BRK64,	   EC_IABT_LOW,
	    EC_IABT_CUR, EC_DABT_LOW, EC_DABT_CUR,
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(ecs); i++)
		install_sync_handler(ecs[i], recorder);
	el0_setup();

	test_svc();
	test_undef();
	test_brk();
	test_el1_dabt();
	test_el1_iabt();
	test_el0_aborts();
	report(true, "execution continued after every exception");
	return 0;
}
