/* SPDX-License-Identifier: MIT */
/*
 * The guest's registers by KVM one-reg id on the EL2 engine.
 *  - Core registers (AV_REG_CORE(word), struct kvm_regs word offsets):
 *    x0-x30, sp (SP_EL0), pc, pstate from the trap frame; sp_el1, elr_el1,
 *    spsr[0] (SPSR_EL1) from the CPU; fp_regs.fpsr / fpcr (32-bit ids).
 *  - System registers (AV_SYS_REG(op0, op1, crn, crm, op2)): the EL1/EL0
 *    registers of the table in sysregs.c that this CPU has (feature checks
 *    on the ID registers), read and written in the CPU itself.  MPIDR_EL1
 *    is the vCPU's (VMPIDR_EL2), MIDR_EL1 VPIDR_EL2's.  ID registers are
 *    read-only: writing the value they hold succeeds, any other is -EINVAL
 *    (KVM's rule for its invariant registers).
 * Registers that live in the CPU are reached on the vCPU's pCPU (a
 * cross-pCPU call when asked from another one).  The frame registers are
 * the vCPU's only while it is outside the guest (as with KVM, one-reg is
 * for a vCPU that is not running).  The KVM timer ids
 * (AV_REG_ARM_TIMER_*) are not special here: src/timer owns them; the
 * architectural CNTV_CTL_EL0 / CNTV_CVAL_EL0 encodings are in the table.
 */
#ifndef AV_EL2_SYSREGS_H
#define AV_EL2_SYSREGS_H

#include <stdbool.h>
#include <stdint.h>

struct el2_vcpu;

/* 0, -ENOENT (no such register on this CPU), -EINVAL (bad value). */
int el2_vcpu_get_reg(struct el2_vcpu *v, uint64_t id, uint64_t *val);
int el2_vcpu_set_reg(struct el2_vcpu *v, uint64_t id, uint64_t val);

/* Whether the CPU has the register of this AV_SYS_REG encoding. */
bool el2_sysreg_exists(uint32_t enc);
/* Own pCPU: every register of the table to its reset value (vcpu.h). */
void el2_sysregs_reset_el1(struct el2_vcpu *v);
/* The ids of every register the vCPU has, for a KVM_GET_REG_LIST; returns
 * how many there are (fills at most max). */
unsigned el2_vcpu_reg_list(uint64_t *ids, unsigned max);

/* SCTLR_EL1 at reset: the RES1 bits of Armv8.0 (29, 28, 23, 22, 20, 11),
 * MMU, caches and alignment checks off, little-endian (Arm ARM D19.2
 * SCTLR_EL1). */
#define EL2_SCTLR_EL1_RESET 0x30d00800ull

#endif
