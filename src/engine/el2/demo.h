/* SPDX-License-Identifier: MIT */
/*
 * AV_EL2_MODE_DEMO: a minimal built-in VMM on the EL2 engine, to run the
 * test guest (tests/el2/guest) before the core is wired in.  It shows the
 * engine's pieces working together -- exits as values, completion,
 * injection, the direct virtual timer with its PPI held active, the
 * trapped physical timer and counter, WFI, kicks between pCPUs -- with the
 * smallest possible device model.  The core replaces it (AV_EL2_MODE_VM).
 *
 * Guest ABI (HVC #imm; x0.. in, x0.. out):
 *   #0  SMCCC: PSCI 1.0 VERSION, CPU_ON, CPU_OFF, SYSTEM_OFF,
 *       AFFINITY_INFO, SMCCC_VERSION; anything else NOT_SUPPORTED (-1).
 *       SMC #0 is trapped (HCR_EL2.TSC) and answered the same way.
 *   #1  x0 = x0 + 1
 *   #2  end of the virtual interrupt: the IRQ line drops; a held virtual
 *       timer PPI is deactivated
 *   #3  raise the IRQ line of vCPU x0 from this pCPU (an SGI kick when it
 *       runs on another one); x0 = 0, or -1 for no such vCPU
 *   #4  counts of vCPU x0 (this vCPU if x0 is no vCPU's index): x0 sysreg
 *       exits, x1 WFI/WFE exits (counted when the wait starts), x2 MMIO
 *       exits, x3 injected UNDEFs, x4 injected aborts, x5 IRQ exits
 *   #5  x0 = physical GIC version (2 or 3)
 *   #6  x0 = 1: the virtual CPU interface on (ICH_HCR_EL2 / GICH_HCR =
 *       En, no trap bits); 0: off (v3: En = 0 with TALL0 | TALL1 | TC,
 *       v2: 0).  Returns the new ICH_HCR_EL2 / GICH_HCR.
 *   #7  vINTID x0 pending in list register 0 (Group 1, priority 0x80)
 *   #8  x0 = ICH_ELRSR_EL2 / GICH_ELRSR, x1 = LR0, x2 = EISR, x3 = LRs
 *   #9  one-reg get: vCPU x0, id x1 -> x0 = 0 or -errno, x1 = value
 *   #10 one-reg set: vCPU x0, id x1, value x2 -> x0 = 0 or -errno
 *       (el2_vcpu_get_reg/set_reg, from this pCPU: another vCPU's
 *       registers are reached by a cross-pCPU call)
 * A GICv2 guest on GICv2 has the GICV frame at its GICC IPA (stage 2).
 * Devices (MMIO by stage-2 fault):
 *   PL011 at vm.uart_ipa: UARTDR writes go to the physical UART, UARTFR
 *   reads "transmit empty, receive empty", everything else reads 0.
 *   Echo register at DEMO_ECHO_IPA (8 bytes): reads return what was
 *   written, at any width.
 *   Any other unmapped IPA: a synchronous external abort in the guest.
 * System registers trapped: CNTPCT_EL0 (physical count minus the VM's
 * offset), CNTP_CTL/CVAL/TVAL_EL0 (kept in memory, ISTATUS computed; no
 * interrupt); anything else trapped is UNDEFINED in the guest.
 */
#ifndef AV_EL2_DEMO_H
#define AV_EL2_DEMO_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/el2/vcpu.h"
#include "platform/platform.h"

#define DEMO_ECHO_IPA 0x0a000000ull
#define DEMO_OFF 0u
#define DEMO_ON 1u
#define DEMO_PENDING 2u /* CPU_ON in progress */

struct demo_vcpu {
	struct el2_vcpu v;
	_Atomic unsigned power;  /* DEMO_OFF, DEMO_PENDING, DEMO_ON */
	uint64_t start_pc, start_x0;
	plat_event wake;         /* CPU_ON for this vCPU */
	_Atomic bool kick_virq;  /* HVC #3 from another vCPU */
	bool vtimer_held;        /* PPI 27 left active, line raised */
	uint64_t ptimer_ctl, ptimer_cval;
	uint64_t n_sysreg, n_wfx, n_mmio, n_undef, n_abort, n_irq;
};

/* demo_dev.c: the devices and trapped registers */
/* An MMIO exit: 0 if a device took it (value = read data), -1 if the IPA
 * is no device's. */
int demo_mmio(struct demo_vcpu *d, const struct el2_exit *e, uint64_t *value);
/* A trapped MRS/MSR: 0 if emulated (value = read data), -1 if not. */
int demo_sysreg(struct demo_vcpu *d, const struct el2_exit *e,
		uint64_t *value);
/* The guest's last "EXIT: STATUS=N" on the console, -1 if none. */
int demo_console_status(void);
/* The VM's counter offset (CNTVOFF_EL2 of every vCPU). */
extern uint64_t demo_cntvoff;

#endif
