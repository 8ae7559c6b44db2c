// SPDX-License-Identifier: MIT
/*
 * Exceptions taken from EL2 itself (engine/el2/entry.S, current-EL vectors).
 * One is expected: HLT #0xF000 when the host has semihosting off is
 * UNDEFINED (Arm ARM C6.2 HLT: UNDEFINED unless halting is allowed; QEMU
 * without -semihosting-config), EC 0x00; the semihosting call then returns
 * SEMIHOST_UNAVAILABLE.  Everything else is a hypervisor bug: dump and stop.
 */
#include "engine/el2/frame.h"
#include "platform/el2/log.h"
#include "platform/el2/machine.h"
#include "platform/el2/percpu.h"
#include "platform/el2/semihost.h"

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)

static const char *const kinds[] = { "synchronous", "IRQ", "FIQ", "SError" };

void el2_current_el_exception(struct el2_gpr_frame *f, unsigned kind);

void el2_current_el_exception(struct el2_gpr_frame *f, unsigned kind)
{
	uint64_t esr = read_sysreg(esr_el2);

	if (kind == 0 && ESR_EC(esr) == 0 &&
	    f->elr == (uintptr_t)el2_semihost_hlt) {
		f->x[0] = (uint64_t)SEMIHOST_UNAVAILABLE;
		f->elr += 4;
		return;
	}
	el2_log("pCPU %u: %s exception at EL2%s: ESR_EL2 %#lx (EC %#lx) "
		"ELR_EL2 %#lx FAR_EL2 %#lx SPSR_EL2 %#lx",
		this_cpu_index(), kinds[kind & 3], kind >= 16 ? " (SP_EL0)" : "",
		(unsigned long)esr, (unsigned long)ESR_EC(esr),
		(unsigned long)f->elr, (unsigned long)read_sysreg(far_el2),
		(unsigned long)f->spsr);
	for (unsigned i = 0; i < 30; i += 2)
		el2_log("  x%-2u %016lx  x%-2u %016lx", i,
			(unsigned long)f->x[i], i + 1,
			(unsigned long)f->x[i + 1]);
	el2_log("  x30 %016lx  sp  %016lx", (unsigned long)f->x[30],
		(unsigned long)((uintptr_t)(f + 1) + 16));
	el2_machine_exit(EL2_STATUS_INTERNAL);
}
