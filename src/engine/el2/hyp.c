// SPDX-License-Identifier: MIT
/*
 * EL2 control registers at pCPU start (hyp.h).  Non-VHE (HCR_EL2.E2H = 0).
 * Field layouts: Arm ARM D19.2 (CPTR_EL2, MDCR_EL2, CNTHCTL_EL2, HSTR_EL2,
 * VTCR_EL2, VPIDR_EL2, VMPIDR_EL2, ZCR_EL2, SMCR_EL2, HCRX_EL2, HFG*_EL2).
 */
#include <errno.h>
#include <stddef.h>

#include "engine/el2/gic.h"
#include "engine/el2/hyp.h"
#include "engine/el2/irq.h"
#include "engine/el2/stage2.h"
#include "engine/el2/vgic_hw.h"
#include "platform/el2/arch.h"
#include "platform/el2/cpucall.h"
#include "platform/el2/hosttimer.h"
#include "platform/el2/log.h"
#include "platform/el2/percpu.h"

#define HCR_RW (1ull << 31)

/* MDCR_EL2 trap controls (Arm ARM D19.2 MDCR_EL2) */
#define MDCR_TPM (1ull << 6)
#define MDCR_TDA (1ull << 9)
#define MDCR_TDOSA (1ull << 10)
#define MDCR_TDRA (1ull << 11)

/* CPTR_EL2 (E2H = 0): RES1 [13], [9], [7:0]; TSM [12] and TZ [8] are RES1
 * when SME / SVE are absent; TFP [10] = 0: FP/SIMD not trapped. */
#define CPTR_EL2_RES1 0x22ffull
#define CPTR_EL2_TZ (1ull << 8)
#define CPTR_EL2_TSM (1ull << 12)

#define SYS_HCRX_EL2 s3_4_c1_c2_2
#define SYS_HFGRTR_EL2 s3_4_c1_c1_4
#define SYS_HFGWTR_EL2 s3_4_c1_c1_5
#define SYS_HFGITR_EL2 s3_4_c1_c1_6
#define SYS_HDFGRTR_EL2 s3_4_c3_c1_4
#define SYS_HDFGWTR_EL2 s3_4_c3_c1_5

static unsigned field(uint64_t reg, unsigned shift)
{
	return (reg >> shift) & 0xf;
}

bool el2_cpu_has_sve(void)
{
	return field(read_sysreg(id_aa64pfr0_el1), 32) != 0;
}

bool el2_cpu_has_sme(void)
{
	return field(read_sysreg(id_aa64pfr1_el1), 24) != 0;
}

bool el2_cpu_has_pauth(void)
{
	uint64_t isar1 = read_sysreg(id_aa64isar1_el1);
	uint64_t isar2 = read_sysreg(s3_0_c0_c6_2); /* ID_AA64ISAR2_EL1 */

	/* APA [7:4], API [11:8], GPA [27:24], GPI [31:28]; APA3 [15:12]
	 * and GPA3 [11:8] of ISAR2 (FEAT_PACQARMA3). */
	return field(isar1, 4) || field(isar1, 8) || field(isar1, 24) ||
	       field(isar1, 28) || field(isar2, 12) || field(isar2, 8);
}

bool el2_cpu_has_pmu(void)
{
	/* ID_AA64DFR0_EL1.PMUVer [11:8]: 0 none, 0xf IMPLEMENTATION DEFINED */
	unsigned v = field(read_sysreg(id_aa64dfr0_el1), 8);

	return v != 0 && v != 0xf;
}

int el2_engine_init(const struct av_el2_manifest *m)
{
	int r = el2_gic_init(&m->plat);

	if (m->plat.gic_version == 2)
		el2_vgic_v2_init(m->plat.gich_pa);

	if (r)
		el2_log("GICv%u distributor at %#llx: error %d",
			m->plat.gic_version,
			(unsigned long long)m->plat.gicd_pa, r);
	return r;
}

static void init_el2_controls(void)
{
	uint64_t cptr = CPTR_EL2_RES1;
	uint64_t mmfr0 = read_sysreg(id_aa64mmfr0_el1);
	uint64_t mmfr1 = read_sysreg(id_aa64mmfr1_el1);

	/* No guest yet: only "EL1 is AArch64". */
	write_sysreg(HCR_RW, hcr_el2);
	if (!el2_cpu_has_sve())
		cptr |= CPTR_EL2_TZ;
	if (!el2_cpu_has_sme())
		cptr |= CPTR_EL2_TSM;
	write_sysreg(cptr, cptr_el2);
	isb();
	/* The largest vector lengths the hardware has (LEN is a limit). */
	if (el2_cpu_has_sve())
		write_sysreg(0xf, SYS_ZCR_EL2);
	if (el2_cpu_has_sme())
		write_sysreg(0xf, SYS_SMCR_EL2);
	/* MDCR_EL2: the guest's debug registers and PMU are the core's
	 * (src/debug, src/pmu), as on the Unicorn engine: TDA traps the
	 * breakpoint/watchpoint registers, MDSCR_EL1, MDCCINT_EL1 and the
	 * DCC; TDOSA the OS lock registers (OSLAR, OSLSR, OSDLR, DBGPRCR);
	 * TDRA MDRAR_EL1; TPM every PMU register, at EL1 and EL0 (EC 0x18).
	 * The engine loads the debug model into the CPU (debug_hw.c); the
	 * PMU model counts by itself.  HPMN [4:0] stays PMCR_EL0.N (its
	 * reset value): no counter is reserved for EL2. */
	write_sysreg(MDCR_TPM | MDCR_TDA | MDCR_TDOSA | MDCR_TDRA |
			     (el2_cpu_has_pmu()
				      ? (read_sysreg(pmcr_el0) >> 11) & 0x1f
				      : 0),
		     mdcr_el2);
	/* CNTHCTL_EL2 (E2H = 0): EL1PCTEN [0] = 0 and EL1PCEN [1] = 0 trap
	 * EL1/EL0 accesses to CNTPCT_EL0 and CNTP_*_EL0 (EC 0x18); the
	 * virtual timer and counter stay direct (Arm ARM D11.2.x). */
	write_sysreg(0, cnthctl_el2);
	write_sysreg(0, cntvoff_el2);
	write_sysreg(0, hstr_el2);
	write_sysreg(0, hacr_el2);
	write_sysreg(el2_s2_vtcr(), vtcr_el2);
	write_sysreg(read_sysreg(midr_el1), vpidr_el2);
	write_sysreg(read_sysreg(mpidr_el1), vmpidr_el2);
	/* Registers of later extensions reset to UNKNOWN values: make them
	 * "no trap" where the CPU has them. */
	if (field(mmfr1, 40)) /* ID_AA64MMFR1_EL1.HCX: FEAT_HCX */
		write_sysreg(0, SYS_HCRX_EL2);
	if (field(mmfr0, 56)) { /* ID_AA64MMFR0_EL1.FGT: FEAT_FGT */
		write_sysreg(0, SYS_HFGRTR_EL2);
		write_sysreg(0, SYS_HFGWTR_EL2);
		write_sysreg(0, SYS_HFGITR_EL2);
		write_sysreg(0, SYS_HDFGRTR_EL2);
		write_sysreg(0, SYS_HDFGWTR_EL2);
	}
	isb();
}

/* The kick SGI: run calls posted to this pCPU; its other job -- making the
 * guest exit or a WFI end -- is done by its arrival. */
static bool kick_irq(unsigned intid, void *arg)
{
	(void)intid;
	(void)arg;
	el2_cpu_call_run_pending();
	return true;
}

int el2_engine_init_cpu(void)
{
	int r;

	init_el2_controls();
	r = el2_gic_init_cpu();
	if (r) {
		el2_log("pCPU %u: GIC CPU interface: error %d",
			this_cpu_index(), r);
		return r;
	}
	if (el2_gic_version() == 3)
		el2_vgic_v3_reset_cpu();
	else
		el2_vgic_v2_reset_cpu();
	/* The kick SGI: nothing to do when it arrives but to return to the
	 * run loop or end a WFI. */
	el2_irq_register(GIC_SGI_KICK, kick_irq, NULL);
	el2_gic_enable(GIC_SGI_KICK, true);
	el2_timers_init_cpu();
	return 0;
}
