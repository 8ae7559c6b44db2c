// SPDX-License-Identifier: MIT
/*
 * psci: the PSCI 1.0 / SMCCC 1.1 discovery interface over HVC (PLATFORM.md
 * "Hypercalls"; Arm DEN0022 PSCI, DEN0028 SMCCC): versions, PSCI_FEATURES,
 * SMCCC_ARCH_FEATURES, and unknown function ids answered NOT_SUPPORTED
 * without stopping the VM.
 */
#include "sdk.h"

#define UNDEF_MARK 0x0badbad0badbad0ul

static volatile int undef_count;

/* QEMU 7.x makes an HVC it does not implement UNDEFINED (EC 0) instead of
 * returning NOT_SUPPORTED: note it and resume after the HVC. */
static bool hvc_undef(struct exc_frame *f)
{
	undef_count++;
	f->regs[0] = UNDEF_MARK;
	f->elr += 4;
	return true;
}

static void check_call(const char *what, int64_t got, int64_t want)
{
	if ((uint64_t)got == UNDEF_MARK && platform_is_qemu()) {
		report_info("%s: QEMU makes this HVC UNDEFINED; KVM/armvisor "
			    "return %ld",
			    what, (long)want);
		return;
	}
	report(got == want, "%s: %ld (want %ld)", what, (long)got, (long)want);
}

/* A KVM rule QEMU does not follow (QEMU 7.2 implements SMCCC 1.0 only, so
 * it has no SMCCC_VERSION): INFO on QEMU, a check everywhere else. */
static void check_kvm_rule(const char *what, int64_t got, int64_t want)
{
	if (got != want && platform_is_qemu()) {
		report_info("%s: QEMU returns %ld, KVM/armvisor %ld", what,
			    (long)got, (long)want);
		return;
	}
	check_call(what, got, want);
}

int main(void)
{
	static const struct {
		const char *name;
		uint32_t fn;
	} implemented[] = {
	    {"PSCI_VERSION", PSCI_VERSION},
	    {"CPU_OFF", PSCI_CPU_OFF},
	    {"CPU_ON", PSCI_CPU_ON_64},
	    {"AFFINITY_INFO", PSCI_AFFINITY_INFO_64},
	    {"SYSTEM_OFF", PSCI_SYSTEM_OFF},
	    {"SYSTEM_RESET", PSCI_SYSTEM_RESET},
	    {"PSCI_FEATURES", PSCI_FEATURES},
	};
	static const struct {
		const char *name;
		uint32_t fn;
	} unimplemented[] = {
	    {"MIGRATE", PSCI_MIGRATE_64},
	    {"SYSTEM_SUSPEND", PSCI_SYSTEM_SUSPEND_64},
	    {"MEM_PROTECT", PSCI_MEM_PROTECT},
	    {"0x8400001f (unallocated PSCI id)", 0x8400001fu},
	};
	static const uint32_t unknown[] = {0xc2000123u, 0x8600ffffu,
					   0x82000000u, 0xc5fffff0u};
	char what[80];
	int64_t v;

	install_sync_handler(EC_UNKNOWN, hvc_undef);

	/* DEN0022 5.1.1: PSCI_VERSION returns major << 16 | minor. */
	v = psci_version();
	if (v == 0x10001 && platform_is_qemu()) {
		report_info("QEMU reports PSCI 1.1 (armvisor's contract: 1.0)");
		report(true, "PSCI_VERSION >= 1.0 (%#lx)", (long)v);
	} else {
		report(v == 0x10000, "PSCI_VERSION = 1.0 (%#lx)", (long)v);
	}

	/* DEN0022 5.15: PSCI_FEATURES returns 0 (or feature flags, for
	 * CPU_SUSPEND only) for implemented functions. */
	for (unsigned int i = 0; i < ARRAY_SIZE(implemented); i++) {
		snprintf(what, sizeof(what), "PSCI_FEATURES(%s)",
			 implemented[i].name);
		check_call(what, psci_features(implemented[i].fn),
			   PSCI_RET_SUCCESS);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(unimplemented); i++) {
		snprintf(what, sizeof(what), "PSCI_FEATURES(%s)",
			 unimplemented[i].name);
		check_call(what, psci_features(unimplemented[i].fn),
			   PSCI_RET_NOT_SUPPORTED);
	}
	/* DEN0028 7.2.1 (SMCCC 1.1 discovery): PSCI_FEATURES(SMCCC_VERSION)
	 * is SUCCESS when SMCCC_VERSION is implemented. */
	check_kvm_rule("PSCI_FEATURES(SMCCC_VERSION)",
		       psci_features(SMCCC_VERSION), PSCI_RET_SUCCESS);

	/* DEN0028 7.2: SMCCC_VERSION returns major << 16 | minor. */
	check_kvm_rule("SMCCC_VERSION = 1.1", hvc_call(SMCCC_VERSION, 0, 0, 0),
		       0x10001);
	/* DEN0028 7.3: SMCCC_ARCH_FEATURES of an unknown id. */
	check_call("SMCCC_ARCH_FEATURES(0x8000ff00)",
		   hvc_call(SMCCC_ARCH_FEATURES, 0x8000ff00u, 0, 0),
		   SMCCC_RET_NOT_SUPPORTED);
	check_call("SMCCC_ARCH_FEATURES(0xc2000123)",
		   hvc_call(SMCCC_ARCH_FEATURES, 0xc2000123u, 0, 0),
		   SMCCC_RET_NOT_SUPPORTED);

	/* DEN0028 5.2: an unknown function id returns NOT_SUPPORTED (-1). */
	for (unsigned int i = 0; i < ARRAY_SIZE(unknown); i++) {
		snprintf(what, sizeof(what), "unknown function %#x",
			 unknown[i]);
		check_call(what, hvc_call(unknown[i], 1, 2, 3),
			   SMCCC_RET_NOT_SUPPORTED);
	}
	report(true, "the VM keeps running after unknown hypercalls");

	/* AFFINITY_INFO of the calling CPU (DEN0022 5.7): ON. */
	check_call("AFFINITY_INFO(self) = ON",
		   psci_affinity_info(cpu_mpidr(smp_processor_id()), 0),
		   PSCI_AFF_ON);
	if (undef_count)
		report_info("%d HVCs were UNDEFINED on this platform",
			    undef_count);
	return 0;
}
