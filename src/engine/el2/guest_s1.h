/* SPDX-License-Identifier: MIT */
/*
 * The loaded guest's stage-1 translation, asked from EL2 on the vCPU's own
 * pCPU (guest_s1.c): what an exit needs to know that the syndrome does not
 * say, e.g. whether a faulting access was to Device memory.
 */
#ifndef AV_EL2_GUEST_S1_H
#define AV_EL2_GUEST_S1_H

#include <stdbool.h>
#include <stdint.h>

struct el2_vcpu;

/* Stage 1 of va for a read at EL1 (el0: at EL0): the IPA and the memory
 * attribute (MAIR encoding, PAR_EL1.ATTR: exit.h el2_attr_is_device).
 * With the guest's stage 1 off, data accesses are Device-nGnRnE (Arm ARM
 * D8.2.11, AArch64.S1DisabledOutput) and AT reports that.  -EFAULT if the
 * walk faults. */
int el2_guest_s1_translate(uint64_t va, bool el0, uint64_t *ipa, uint8_t *attr);
/* The A64 instruction at the guest VA pc, if it is in guest RAM. */
int el2_guest_read_insn(const struct el2_vcpu *v, uint64_t pc, bool el0,
			uint32_t *insn);

#endif
