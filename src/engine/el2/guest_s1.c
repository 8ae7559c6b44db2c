// SPDX-License-Identifier: MIT
/*
 * The guest's stage-1 translation seen from EL2 (guest_s1.h): the memory
 * type of a VA and the instruction at the guest's PC, by the address
 * translation instructions (Arm ARM C5.5 AT S1E1R / S1E0R, PAR_EL1 in
 * D17.2.113): with E2H = 0, AT S1E1* and S1E0* executed at EL2 walk the
 * EL1&0 stage 1 of the loaded guest (its TTBRs, TCR, MAIR, SCTLR); a
 * stage-2 fault on that walk is reported in PAR_EL1, not taken.  PAR_EL1
 * is a guest register, so it is saved and restored around each walk.
 */
#include <errno.h>

#include "engine/el2/guest_s1.h"
#include "engine/el2/vcpu.h"
#include "platform/el2/arch.h"

#define PAR_F (1ull << 0)
#define PAR_ATTR_SHIFT 56
#define PAR_PA_MASK 0x000ffffffffff000ull /* PA [51:12] */

int el2_guest_s1_translate(uint64_t va, bool el0, uint64_t *ipa, uint8_t *attr)
{
	uint64_t saved = read_sysreg(par_el1), par;

	if (el0)
		asm volatile("at s1e0r, %0" : : "r"(va) : "memory");
	else
		asm volatile("at s1e1r, %0" : : "r"(va) : "memory");
	isb();
	par = read_sysreg(par_el1);
	write_sysreg(saved, par_el1);
	if (par & PAR_F)
		return -EFAULT;
	*ipa = (par & PAR_PA_MASK) | (va & 0xfff);
	*attr = (uint8_t)(par >> PAR_ATTR_SHIFT);
	return 0;
}

int el2_guest_read_insn(const struct el2_vcpu *v, uint64_t pc, bool el0,
			uint32_t *insn)
{
	const struct el2_vm *vm = v->vm;
	uint64_t ipa;
	uint8_t attr;

	if (pc & 3)
		return -EFAULT;
	if (el2_guest_s1_translate(pc, el0, &ipa, &attr))
		return -EFAULT;
	if (ipa < vm->ram_ipa || ipa - vm->ram_ipa > vm->ram_size - 4)
		return -EFAULT;
	/* Guest RAM is mapped 1:1 at EL2 (docs/el2.md).  QEMU models no
	 * caches; on hardware a guest writing code with its MMU off would
	 * need the line invalidated first (docs/el2.md "Still missing"). */
	*insn = *(volatile const uint32_t *)(uintptr_t)(vm->ram_pa +
							(ipa - vm->ram_ipa));
	return 0;
}
