/* SPDX-License-Identifier: MIT */
/*
 * A VM and its vCPUs on the EL2 engine: stage 2, the vCPU's trap frame,
 * entering the guest and getting its exits back as values (exit.h), and
 * completing them.  One vCPU per pCPU (vCPU n on pCPU n): a vCPU's EL1
 * system registers, SP_EL0/SP_EL1 and FP/SIMD registers live in its pCPU
 * the whole time, only x0-x30, PC and PSTATE are saved on a trap.
 *
 * Calls marked "own pCPU" must run on the vCPU's pCPU (the guest state they
 * touch is in that CPU); the one-reg accessors (sysregs.c) forward
 * themselves there.
 */
#ifndef AV_EL2_VCPU_H
#define AV_EL2_VCPU_H

#include <stdbool.h>
#include <stdint.h>

#include "armvisor/el2_manifest.h"
#include "engine/el2/exit.h"
#include "engine/el2/frame.h"
#include "engine/el2/stage2.h"

/* HCR_EL2 bits (Arm ARM D19.2 HCR_EL2) */
#define HCR_VM (1ull << 0)
#define HCR_SWIO (1ull << 1)
#define HCR_FMO (1ull << 3)
#define HCR_IMO (1ull << 4)
#define HCR_AMO (1ull << 5)
#define HCR_VF (1ull << 6)
#define HCR_VI (1ull << 7)
#define HCR_VSE (1ull << 8)
#define HCR_FB (1ull << 9)
#define HCR_BSU_IS (1ull << 10)
#define HCR_TWI (1ull << 13)
#define HCR_TWE (1ull << 14)
#define HCR_TSC (1ull << 19)
#define HCR_TIDCP (1ull << 20)
#define HCR_TACR (1ull << 21)
#define HCR_RW (1ull << 31)
#define HCR_APK (1ull << 40)
#define HCR_API (1ull << 41)

/*
 * HCR_EL2 while a guest runs (EL2-DESIGN.md): stage 2 on (VM), set/way
 * invalidation upgraded to clean+invalidate (SWIO), physical FIQ/IRQ/SError
 * to EL2 (FMO/IMO/AMO, which also enable the virtual ones), TLB and cache
 * maintenance broadcast inner-shareable (FB, BSU = IS) because the vCPUs
 * run on different pCPUs, WFI and SMC trapped (TWI, TSC), EL1 in AArch64
 * (RW), the IMPLEMENTATION DEFINED system register space trapped (TIDCP:
 * op0 = 3, CRn = 11 or 15, Arm ARM D19.2 HCR_EL2.TIDCP), which the engine
 * makes UNDEFINED as KVM does.  API/APK (no pointer-authentication traps) are added when the CPU
 * has FEAT_PAuth.  WFE is not trapped: with one vCPU per pCPU the guest's
 * WFE waits on its own pCPU as on bare metal.
 */
#define EL2_HCR_GUEST                                                          \
	(HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB |            \
	 HCR_BSU_IS | HCR_TWI | HCR_TSC | HCR_TIDCP | HCR_RW)

/* PSTATE / SPSR fields (Arm ARM C5.2.x SPSR_EL2) */
#define PSR_MODE_EL0t 0x0
#define PSR_MODE_EL1t 0x4
#define PSR_MODE_EL1h 0x5
#define PSR_MODE_MASK 0xf
#define PSR_MODE32 (1u << 4)
#define PSR_F (1u << 6)
#define PSR_I (1u << 7)
#define PSR_A (1u << 8)
#define PSR_D (1u << 9)
#define PSR_DAIF (PSR_D | PSR_A | PSR_I | PSR_F)
#define PSR_BTYPE_MASK (3u << 10)
#define PSR_SSBS (1u << 12)
#define PSR_IL (1u << 20)
#define PSR_SS (1u << 21)
#define PSR_PAN (1u << 22)
#define PSR_UAO (1u << 23)
#define PSR_TCO (1u << 25)

struct el2_vm {
	struct el2_s2 s2;
	uint64_t ram_ipa, ram_size, ram_pa;
	unsigned nr_vcpus;
};

struct el2_vcpu {
	struct el2_gpr_frame frame; /* x0-x30, PC (ELR), PSTATE (SPSR) */
	struct el2_vm *vm;
	unsigned id, pcpu;
	uint64_t hcr;    /* HCR_EL2 without VI/VF */
	uint64_t vmpidr; /* what the guest reads as MPIDR_EL1 */
	uint64_t cntvoff;
	bool irq_line, fiq_line; /* delivered as HCR_EL2.VI / VF */
	uint64_t nr_exits;
};

/* Stage 2 with guest RAM [ram_ipa, +ram_size) -> ram_pa.  Any pCPU. */
int el2_vm_init(struct el2_vm *vm, const struct av_el2_vm_desc *d,
		uint8_t vmid);

/* Defaults: HCR_EL2, MPIDR as PLATFORM.md (Aff0 = id % 16, Aff1 = id /
 * 16), CNTVOFF 0.  Any pCPU; nothing touches the hardware. */
void el2_vcpu_init(struct el2_vcpu *v, struct el2_vm *vm, unsigned id,
		   unsigned pcpu);
/* Own pCPU: make this pCPU run v (VTTBR_EL2, VMPIDR_EL2, CNTVOFF_EL2). */
void el2_vcpu_load(struct el2_vcpu *v);
/* Own pCPU: reset to EL1h, DAIF masked, MMU off, PC = pc, x0 = x0, the
 * other GPRs 0, the EL1 system registers and FP/SIMD to their reset values
 * (sysregs.c), the EL1 virtual timer off. */
void el2_vcpu_reset(struct el2_vcpu *v, uint64_t pc, uint64_t x0);
/* CNTVOFF_EL2 for v (applied now if loaded here, else at the next load). */
void el2_vcpu_set_cntvoff(struct el2_vcpu *v, uint64_t off);

/* The IRQ/FIQ lines delivered at the next entry (HCR_EL2.VI/VF). */
void el2_vcpu_set_lines(struct el2_vcpu *v, bool irq, bool fiq);
/* Own pCPU: run the guest until it traps; the exit is in *e.  0, or -EIO
 * for an exception from AArch32 (cannot happen with HCR_EL2.RW). */
int el2_vcpu_run(struct el2_vcpu *v, struct el2_exit *e);
/* Any pCPU: make v's pCPU leave the guest (or its idle wait) promptly. */
void el2_vcpu_kick(struct el2_vcpu *v);

/* ---- completing an exit before the next entry ---- */
uint64_t el2_vcpu_gpr(const struct el2_vcpu *v, unsigned n); /* 31: 0 */
void el2_vcpu_set_gpr(struct el2_vcpu *v, unsigned n, uint64_t val);
/* PC past the trapped instruction (not for HVC: its PC is already past). */
void el2_vcpu_skip_insn(struct el2_vcpu *v);
/*
 * Finish exit e normally: a SYSREG or MMIO read puts value in Rt (MMIO:
 * sized, sign-extended as the load asked); SYSREG, MMIO, WFX and SMC then
 * step past the instruction; HVC leaves the PC (the caller sets x0..).
 */
void el2_vcpu_complete(struct el2_vcpu *v, const struct el2_exit *e,
		       uint64_t value);
/* Own pCPU: enter the guest's EL1 synchronous exception vector as if e's
 * instruction were UNDEFINED (ESR_EL1.EC = 0; Arm ARM D1.10). */
void el2_vcpu_inject_undef(struct el2_vcpu *v, const struct el2_exit *e);
/* Own pCPU: a synchronous external abort on e's access (EC 0x24/0x25 data,
 * 0x20/0x21 instruction; DFSC/IFSC 0x10; FAR_EL1 = the VA). */
void el2_vcpu_inject_abort(struct el2_vcpu *v, const struct el2_exit *e);
/* Own pCPU: a data abort on e's access with fault status fsc (e.g. 0x21,
 * Alignment fault) and WnR, FAR_EL1 = the VA (e->far); ISV = 0. */
void el2_vcpu_inject_dabt(struct el2_vcpu *v, const struct el2_exit *e,
			  unsigned fsc, bool wnr);
/* A synchronous exception to the guest's EL1 with ESR_EL1 = esr, at the
 * instruction e trapped (e.g. EC 0x18 for a trap EL1 configured). */
void el2_vcpu_inject_sync(struct el2_vcpu *v, const struct el2_exit *e,
			  uint32_t esr);

/* vcpu_fp.S: FP/SIMD registers, FPCR and FPSR to 0 (own pCPU). */
void el2_fpsimd_reset(void);

#endif
