// SPDX-License-Identifier: MIT
/*
 * sysreg_traps: system instructions that must trap, with the syndrome the
 * Arm ARM gives them (D17.2.37 ESR_EL1; issue 9, finding 8):
 *  - at EL0, an EL1 register (MPIDR_EL1, MDSCR_EL1) is UNDEFINED: EC 0;
 *  - at EL0, the accesses SCTLR_EL1 controls are trapped to EL1 with EC
 *    0x18 and the instruction in the ISS: MSR DAIFSet (UMA), DC ZVA (DZE),
 *    DC CIVAC and IC IVAU (UCI), MRS CTR_EL0 (UCT); allowed when the bit
 *    is set;
 *  - an SVC from EL0 with PSTATE.F set is taken (SPSR.F = 1 kept);
 *  - at EL1, registers nobody implements in the trace, activity monitor
 *    and IMPLEMENTATION DEFINED spaces are UNDEFINED, as is a write to
 *    CNTFRQ_EL0 (writable only at the highest EL; QEMU's virt has no EL3,
 *    so there it is writable: reported as INFO).
 */
#include "sdk.h"

#define SCTLR_UMA (1ul << 9)
#define SCTLR_DZE (1ul << 14)
#define SCTLR_UCT (1ul << 15)
#define SCTLR_UCI (1ul << 26)

extern char el0_mpidr_insn[], el0_daifset_insn[], el0_zva_insn[];
extern char el0_civac_insn[], el0_ivau_insn[], el0_ctr_insn[];
extern char el0_svc_f_insn[], el0_mdscr_insn[];
uint64_t el0_mpidr(uint64_t), el0_daifset(uint64_t), el0_zva(uint64_t);
uint64_t el0_civac(uint64_t), el0_ivau(uint64_t), el0_ctr(uint64_t);
uint64_t el0_svc_f(uint64_t), el0_mdscr(uint64_t);

static struct exc_frame seen;
static volatile int nseen;

static bool skip(struct exc_frame *f)
{
	memcpy(&seen, f, sizeof(seen));
	nseen++;
	f->elr += 4;
	return true;
}

static bool svc_77(struct exc_frame *f)
{
	if ((f->esr & 0xffff) != 0x77)
		return false;
	memcpy(&seen, f, sizeof(seen));
	nseen++;
	return true; /* ELR is already after the SVC */
}

/* ISS of EC 0x18 (D17.2.37): Op0 [21:20] Op2 [19:17] Op1 [16:14] CRn
 * [13:10] Rt [9:5] CRm [4:1] Direction [0] (1 = read). */
static uint64_t sys_iss(unsigned op0, unsigned op1, unsigned crn,
			unsigned crm, unsigned op2, unsigned rt, bool read)
{
	return (uint64_t)op0 << 20 | op2 << 17 | op1 << 14 | crn << 10 |
	       rt << 5 | crm << 1 | (read ? 1 : 0);
}

/* QEMU 7.2 reports MSR DAIFSet/DAIFClr traps with Op1 and Op2 swapped
 * (target/arm/helper-a64.c daif_check).  That is the CPU model's, not the
 * board's: the trap goes from EL0 straight to EL1 without any hypervisor,
 * so it shows on QEMU virt and under armvisor's EL2 engine alike (which
 * runs the guest on QEMU's `-cpu max` with armvisor's device tree): the
 * CPU is recognised by its MIDR_EL1 (cpu_is_qemu_max). */
static uint64_t qemu_daif_iss(uint64_t iss)
{
	return (iss & ~(0x7ull << 17 | 0x7ull << 14)) |
	       ((iss >> 14) & 7) << 17 | ((iss >> 17) & 7) << 14;
}

static void expect_trap(const char *what, uint64_t (*fn)(uint64_t),
			uint64_t arg, char *insn, unsigned ec, uint64_t iss)
{
	nseen = 0;
	memset(&seen, 0, sizeof(seen));
	el0_call(fn, arg);
	report(nseen == 1, "%s: one exception (%d)", what, nseen);
	report(ESR_EC(seen.esr) == ec, "%s: EC %#lx (want %#x)", what,
	       ESR_EC(seen.esr), ec);
	if ((platform_is_qemu() || cpu_is_qemu_max()) &&
	    ESR_ISS(seen.esr) != iss &&
	    ESR_ISS(seen.esr) == qemu_daif_iss(iss))
		report_info("%s: QEMU's ISS %#lx has Op1/Op2 swapped", what,
			    ESR_ISS(seen.esr));
	else
		report(ESR_ISS(seen.esr) == iss, "%s: ISS %#lx (want %#lx)",
		       what, ESR_ISS(seen.esr), iss);
	report(seen.elr == (uint64_t)insn, "%s: ELR %#lx (want %p)", what,
	       seen.elr, insn);
	report(seen.vector == VEC_LOW64_SYNC, "%s: lower-EL vector", what);
}

static void expect_allowed(const char *what, uint64_t (*fn)(uint64_t),
			   uint64_t arg)
{
	uint64_t r;

	nseen = 0;
	r = el0_call(fn, arg);
	report(nseen == 0 && r != arg, "%s: allowed (%d exceptions)", what,
	       nseen);
}

static void set_sctlr(uint64_t set, uint64_t clear)
{
	write_sysreg((read_sysreg(sctlr_el1) | set) & ~clear, sctlr_el1);
	isb();
}

static uint8_t zva_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static void el0_tests(void)
{
	uint64_t buf = (uint64_t)zva_page;

	mmu_map_page(buf, buf, MMU_NORMAL | MMU_EL0_RW | MMU_XN);
	/* With FEAT_IDST (ID_AA64MMFR2_EL1.IDS = 1, QEMU's max CPU) an EL0
	 * access to the ID space (MPIDR_EL1 included) is trapped with EC
	 * 0x18 instead (D17.2.66 IDS). */
	if (((read_sysreg(id_aa64mmfr2_el1) >> 36) & 0xf) == 1)
		expect_trap("EL0 MRS MPIDR_EL1 (FEAT_IDST)", el0_mpidr, 0,
			    el0_mpidr_insn, EC_SYS64,
			    sys_iss(3, 0, 0, 0, 5, 0, 1));
	else
		expect_trap("EL0 MRS MPIDR_EL1", el0_mpidr, 0, el0_mpidr_insn,
			    EC_UNKNOWN, 0);
	expect_trap("EL0 MRS MDSCR_EL1", el0_mdscr, 0, el0_mdscr_insn,
		    EC_UNKNOWN, 0);

	set_sctlr(0, SCTLR_UMA | SCTLR_DZE | SCTLR_UCT | SCTLR_UCI);
	expect_trap("EL0 MSR DAIFSet, UMA = 0", el0_daifset, 0,
		    el0_daifset_insn, EC_SYS64, sys_iss(0, 3, 4, 2, 6, 31, 0));
	expect_trap("EL0 DC ZVA, DZE = 0", el0_zva, buf, el0_zva_insn,
		    EC_SYS64, sys_iss(1, 3, 7, 4, 1, 0, 0));
	expect_trap("EL0 DC CIVAC, UCI = 0", el0_civac, buf, el0_civac_insn,
		    EC_SYS64, sys_iss(1, 3, 7, 14, 1, 0, 0));
	expect_trap("EL0 IC IVAU, UCI = 0", el0_ivau, buf, el0_ivau_insn,
		    EC_SYS64, sys_iss(1, 3, 7, 5, 1, 0, 0));
	expect_trap("EL0 MRS CTR_EL0, UCT = 0", el0_ctr, 0, el0_ctr_insn,
		    EC_SYS64, sys_iss(3, 3, 0, 0, 1, 0, 1));

	set_sctlr(SCTLR_UMA | SCTLR_DZE | SCTLR_UCT | SCTLR_UCI, 0);
	expect_allowed("EL0 MSR DAIFSet, UMA = 1", el0_daifset, 0);
	memset(zva_page, 0xa5, 64);
	expect_allowed("EL0 DC ZVA, DZE = 1", el0_zva, buf + 8);
	report(zva_page[0] == 0 && zva_page[63] == 0,
	       "EL0 DC ZVA zeroed its 64-byte block");
	expect_allowed("EL0 DC CIVAC, UCI = 1", el0_civac, buf);
	expect_allowed("EL0 IC IVAU, UCI = 1", el0_ivau, buf);
	expect_allowed("EL0 MRS CTR_EL0, UCT = 1", el0_ctr, 0);

	/* SVC with PSTATE.F set at EL0 (UMA still 1) */
	install_sync_handler(EC_SVC64, svc_77);
	nseen = 0;
	memset(&seen, 0, sizeof(seen));
	{
		uint64_t daif = el0_call(el0_svc_f, 0);

		report(nseen == 1 && ESR_EC(seen.esr) == EC_SVC64,
		       "EL0 SVC with PSTATE.F set is taken (%d)", nseen);
		report(seen.spsr & (1u << 6), "SPSR.F = 1 (SPSR %#lx)",
		       seen.spsr);
		report(seen.elr == (uint64_t)el0_svc_f_insn + 4,
		       "SVC ELR %#lx", seen.elr);
		report(daif & (1u << 6), "PSTATE.F still set after return");
	}
	install_sync_handler(EC_SVC64, NULL);
	set_sctlr(0, SCTLR_UMA);
}

/* EL1 accesses to encodings nobody implements: UNDEFINED (EC 0), ELR at
 * the instruction, the instruction skipped. */
#define EL1_UNDEF(what, insn)                                                  \
	do {                                                                   \
		uint64_t v = 0x1234, at;                                       \
		nseen = 0;                                                     \
		memset(&seen, 0, sizeof(seen));                                \
		asm volatile("adr %1, 1f\n1: " insn "\n"                       \
			     : "+r"(v), "=&r"(at)::"memory");                  \
		report(nseen == 1 && ESR_EC(seen.esr) == EC_UNKNOWN &&         \
			       seen.elr == at,                                 \
		       "%s: UNDEFINED (%d, EC %#lx, ELR %#lx)", what, nseen,   \
		       ESR_EC(seen.esr), seen.elr);                            \
	} while (0)

static void el1_tests(void)
{
	/* IMPLEMENTATION DEFINED (CRn 11 and 15), AMU (AMCR_EL0), trace
	 * (TRCPRGCTLR, TRFCR_EL1), debug-state registers (DLR_EL0) */
	EL1_UNDEF("MRS S3_0_C15_C0_0 (IMP DEF)", "mrs %0, s3_0_c15_c0_0");
	EL1_UNDEF("MSR S3_7_C15_C15_7 (IMP DEF)", "msr s3_7_c15_c15_7, %0");
	EL1_UNDEF("MRS S3_2_C11_C5_3 (IMP DEF)", "mrs %0, s3_2_c11_c5_3");
	/* Cortex-A57/A72's L2CTLR_EL1: QEMU's max CPU implements it; KVM
	 * and armvisor make every IMPLEMENTATION DEFINED register UNDEFINED
	 * (HCR_EL2.TIDCP).  QEMU 7.2 does not implement the TIDCP trap
	 * (measured: with HCR_EL2.TIDCP set the write still completes at
	 * EL1), so on that CPU model a hypervisor cannot hide it either. */
	if (platform_is_qemu())
		report_info("QEMU implements L2CTLR_EL1 (IMP DEF): not checked");
	else if (cpu_is_qemu_max()) {
		uint64_t v = 0;

		nseen = 0;
		asm volatile("msr s3_1_c11_c0_2, %0" ::"r"(v) : "memory");
		if (nseen)
			report(nseen == 1 && ESR_EC(seen.esr) == EC_UNKNOWN,
			       "MSR L2CTLR_EL1 (IMP DEF): UNDEFINED (%d)",
			       nseen);
		else
			report_info("QEMU's max CPU implements L2CTLR_EL1 "
				    "and does not trap it with "
				    "HCR_EL2.TIDCP: not checked");
	} else {
		EL1_UNDEF("MSR L2CTLR_EL1 (IMP DEF)", "msr s3_1_c11_c0_2, %0");
	}
	EL1_UNDEF("MRS AMCR_EL0", "mrs %0, s3_3_c13_c2_0");
	EL1_UNDEF("MRS TRCPRGCTLR", "mrs %0, s2_1_c0_c1_0");
	EL1_UNDEF("MSR TRFCR_EL1", "msr s3_0_c1_c2_1, %0");
	EL1_UNDEF("MRS DLR_EL0", "mrs %0, s3_3_c4_c5_1");
	EL1_UNDEF("MRS DBGBVR15_EL1 (not implemented)",
		  "mrs %0, s2_0_c0_c15_4");

	/* CNTFRQ_EL0: RO below the highest EL */
	{
		uint64_t old = read_sysreg(cntfrq_el0), at;

		nseen = 0;
		asm volatile("adr %0, 1f\n1: msr cntfrq_el0, %1\n"
			     : "=&r"(at)
			     : "r"(old + 1)
			     : "memory");
		if (platform_is_qemu() && nseen == 0) {
			report_info("QEMU virt has no EL3: CNTFRQ_EL0 is "
				    "writable at EL1");
			write_sysreg(old, cntfrq_el0);
		} else {
			report(nseen == 1 && ESR_EC(seen.esr) == EC_UNKNOWN &&
				       seen.elr == at,
			       "MSR CNTFRQ_EL0 at EL1: UNDEFINED (%d)", nseen);
			report(read_sysreg(cntfrq_el0) == old,
			       "CNTFRQ_EL0 unchanged");
		}
	}
}

int main(void)
{
	install_sync_handler(EC_UNKNOWN, skip);
	install_sync_handler(EC_SYS64, skip);
	el0_setup();
	el0_tests();
	el1_tests();
	return 0;
}
