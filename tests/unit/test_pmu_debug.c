// SPDX-License-Identifier: MIT
/*
 * The engine-independent PMU (src/pmu) and self-hosted debug (src/debug)
 * models: their registers through one-reg (KVM's sysreg ids), which reach
 * the same handlers a guest's MRS/MSR do, and the debug matching rules the
 * engines ask.  Also: one-reg of every EL0/EL1 system register encoding
 * returns an error or a value, never takes the process down (Unicorn's raw
 * read of some registers asserts).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "api_harness.h"
#include "debug/debug.h"

#define SYSREG(op0, op1, crn, crm, op2) AV_SYS_REG(op0, op1, crn, crm, op2)
#define PMCR SYSREG(3, 3, 9, 12, 0)
#define PMCNTENSET SYSREG(3, 3, 9, 12, 1)
#define PMOVSSET SYSREG(3, 3, 9, 14, 3)
#define PMSWINC SYSREG(3, 3, 9, 12, 4)
#define PMCEID0 SYSREG(3, 3, 9, 12, 6)
#define PMEVTYPER0 SYSREG(3, 3, 14, 12, 0)
#define PMEVCNTR0 SYSREG(3, 3, 14, 8, 0)
#define PMEVCNTR6 SYSREG(3, 3, 14, 8, 6)
#define DBGBCR0 SYSREG(2, 0, 0, 0, 5)
#define DBGWCR3 SYSREG(2, 0, 0, 3, 7)
#define DBGWCR4 SYSREG(2, 0, 0, 4, 7)
#define OSLSR SYSREG(2, 0, 1, 1, 4)
#define ID_AA64DFR0 SYSREG(3, 0, 0, 5, 0)

static uint64_t get(av_vcpu *v, uint64_t id)
{
	uint64_t val = 0xdead;

	assert_int_equal(av_vcpu_get_one_reg(v, id, &val), 0);
	return val;
}

static void test_pmu_one_reg(void **s)
{
	uint8_t *ram;
	av_vm *vm = harness_vm(1, AV_IRQCHIP_GICV3, &ram);
	av_vcpu *v = harness_vcpu(vm, 0, ENTRY);

	assert_int_equal(av_vm_check_extension(vm, AV_CAP_ARM_PMU_V3), 1);
	/* PMCR_EL0.N = 6, PMCEID0: SW_INCR, INST_RETIRED, CPU_CYCLES */
	assert_int_equal((get(v, PMCR) >> 11) & 0x1f, 6);
	assert_int_equal(get(v, PMCEID0), 1ull | 1ull << 8 | 1ull << 17);
	/* SW_INCR counts exactly the PMSWINC writes of an enabled counter */
	assert_int_equal(av_vcpu_set_one_reg(v, PMEVTYPER0, 0), 0);
	assert_int_equal(av_vcpu_set_one_reg(v, PMEVCNTR0, 0xfffffffe), 0);
	assert_int_equal(av_vcpu_set_one_reg(v, PMCNTENSET, 1), 0);
	assert_int_equal(av_vcpu_set_one_reg(v, PMSWINC, 1), 0);
	assert_int_equal(get(v, PMEVCNTR0), 0xfffffffe); /* PMCR.E = 0 */
	assert_int_equal(av_vcpu_set_one_reg(v, PMCR, 1), 0);
	assert_int_equal(av_vcpu_set_one_reg(v, PMSWINC, 1), 0);
	assert_int_equal(get(v, PMEVCNTR0), 0xffffffff);
	assert_int_equal(get(v, PMOVSSET), 0);
	assert_int_equal(av_vcpu_set_one_reg(v, PMSWINC, 1), 0);
	assert_int_equal(get(v, PMEVCNTR0), 0); /* 32-bit wrap */
	assert_int_equal(get(v, PMOVSSET), 1); /* overflow recorded */
	/* counter 6 does not exist (N = 6) */
	assert_int_not_equal(av_vcpu_set_one_reg(v, PMEVCNTR6, 1), 0);
	harness_free(vm, ram);
}

static void test_debug_one_reg(void **s)
{
	uint8_t *ram;
	av_vm *vm = harness_vm(1, AV_IRQCHIP_GICV3, &ram);
	av_vcpu *v = harness_vcpu(vm, 0, ENTRY);
	uint64_t dfr0 = get(v, ID_AA64DFR0);

	/* BRPs = 6 - 1, WRPs = 4 - 1, PMUVer = PMUv3 */
	assert_int_equal((dfr0 >> 12) & 0xf, 5);
	assert_int_equal((dfr0 >> 20) & 0xf, 3);
	assert_int_equal((dfr0 >> 8) & 0xf, 1);
	/* RES0 bits of DBGBCR0_EL1 read as zero: the 0x1e3 of finding 1 */
	assert_int_equal(av_vcpu_set_one_reg(v, DBGBCR0, ~0ull), 0);
	assert_int_equal(get(v, DBGBCR0), 0x00ffe1e7);
	assert_int_equal(av_vcpu_set_one_reg(v, DBGWCR3, 0x1e7), 0);
	assert_int_equal(get(v, DBGWCR3), 0x1e7);
	/* watchpoint 4 is not implemented */
	assert_int_not_equal(av_vcpu_set_one_reg(v, DBGWCR4, 1), 0);
	/* OS lock: reset unlocked (as KVM), OSLM = 0b10 */
	assert_int_equal(get(v, OSLSR), 0x8);
	assert_int_equal(av_vcpu_set_one_reg(v, OSLSR, 0xa), 0);
	assert_int_equal(get(v, OSLSR), 0xa);
	harness_free(vm, ram);
}

/* Every op0 2/3, op1 0..3 encoding: an answer, not a crash. */
static void test_every_sysreg_id(void **s)
{
	uint8_t *ram;
	av_vm *vm = harness_vm(1, AV_IRQCHIP_GICV3, &ram);
	av_vcpu *v = harness_vcpu(vm, 0, ENTRY);
	unsigned ok = 0;

	for (unsigned enc = 0; enc < 65536; enc++) {
		unsigned op0 = enc >> 14, op1 = (enc >> 11) & 7;
		uint64_t id = AV_SYS_REG(op0, op1, (enc >> 7) & 15,
					 (enc >> 3) & 15, enc & 7), val = 0;

		if (op0 < 2 || op1 > 3)
			continue;
		if (av_vcpu_get_one_reg(v, id, &val) == 0) {
			ok++;
			av_vcpu_set_one_reg(v, id, val);
		}
	}
	assert_true(ok > 100); /* the ID, debug, PMU, ... registers */
	harness_free(vm, ram);
}

/* ---- matching rules (pure) ---- */

static void test_bp_wp_match(void **s)
{
	struct debug_regs d = { 0 };
	uint64_t far;

	d.mdscr = MDSCR_MDE | MDSCR_KDE;
	/* EL1 breakpoint: E, PMC = 0b01, BAS = 0b1111 */
	d.bvr[0] = 0x40080000;
	d.bcr[0] = 0x1e3;
	assert_int_equal(debug_bp_match(&d, 0x40080000, 1, 0), 0);
	assert_int_equal(debug_bp_match(&d, 0x40080004, 1, 0), -1);
	assert_int_equal(debug_bp_match(&d, 0x40080000, 0, 0), -1); /* EL0 */
	assert_true(debug_bpwp_enabled(&d, 1, false));
	assert_false(debug_bpwp_enabled(&d, 1, true)); /* PSTATE.D */
	d.oslk = true;
	assert_false(debug_bpwp_enabled(&d, 0, false)); /* OS lock */
	d.oslk = false;
	/* context breakpoint (the last): CONTEXTIDR_EL1 match */
	d.bvr[DEBUG_CTX_BP] = 42;
	d.bcr[DEBUG_CTX_BP] = (uint64_t)BT_CTXID << 20 | 0x7;
	assert_int_equal(debug_bp_match(&d, 0x1234, 1, 42), 0 + DEBUG_CTX_BP);
	assert_int_equal(debug_bp_match(&d, 0x1234, 1, 41), -1);
	/* watchpoint on byte 3 of a doubleword, loads only, EL0 and EL1 */
	d.wvr[1] = 0x50000008;
	d.wcr[1] = 1 | 3 << 1 | 1 << 3 | (1u << 3) << 5;
	assert_int_equal(debug_wp_match(&d, 0x50000008, 1, false, 1, &far), -1);
	assert_int_equal(debug_wp_match(&d, 0x5000000b, 1, false, 1, &far), 1);
	assert_int_equal(far, 0x5000000b);
	assert_int_equal(debug_wp_match(&d, 0x50000008, 8, false, 0, &far), 1);
	assert_int_equal(debug_wp_match(&d, 0x50000008, 8, true, 1, &far), -1);
	/* MASK: a 4 KiB range */
	d.wvr[2] = 0x60000000;
	d.wcr[2] = 1 | 1 << 1 | 3 << 3 | 0xffu << 5 | 12u << 24;
	assert_int_equal(debug_wp_match(&d, 0x60000ff8, 8, true, 1, &far), 2);
	assert_int_equal(debug_wp_match(&d, 0x60001000, 8, true, 1, &far), -1);
	assert_true(debug_needs_every_insn(&d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pmu_one_reg),
		cmocka_unit_test(test_debug_one_reg),
		cmocka_unit_test(test_every_sysreg_id),
		cmocka_unit_test(test_bp_wp_match),
	};
	return cmocka_run_group_tests_name("pmu_debug", tests, NULL, NULL);
}
