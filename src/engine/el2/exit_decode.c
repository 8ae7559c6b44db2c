// SPDX-License-Identifier: MIT
/* Decoding a trap's syndrome into an exit value (exit.h). */
#include <string.h>

#include "engine/el2/exit.h"

/* HPFAR_EL2.FIPA [43:4] holds IPA[51:12] (Arm ARM D17.2.55); the low 12
 * bits come from FAR_EL2. */
static uint64_t fault_ipa(uint64_t far, uint64_t hpfar)
{
	return ((hpfar >> 4) & ((1ull << 40) - 1)) << 12 | (far & 0xfff);
}

/* DFSC/IFSC 0b0001LL: translation fault at level LL. */
static bool is_translation_fault(uint32_t fsc)
{
	return (fsc & 0x3c) == 0x04;
}

/* Stage-2 faults that report the IPA in HPFAR_EL2: translation, access
 * flag, permission (0b0001LL, 0b0010LL, 0b0011LL). */
static bool hpfar_valid(uint32_t fsc)
{
	return (fsc & 0x3c) >= 0x04 && (fsc & 0x3c) <= 0x0c;
}

static uint64_t reg_value(const uint64_t x[31], unsigned rt)
{
	return rt == 31 ? 0 : x[rt];
}

static void decode_dabt(uint32_t iss, uint64_t far, uint64_t hpfar,
			const uint64_t x[31], struct el2_exit *e)
{
	uint32_t fsc = iss & ESR_FSC_MASK;
	bool s1ptw = iss & ESR_DABT_S1PTW;
	bool cm = iss & ESR_DABT_CM;

	/* MMIO: a translation fault on stage 2 for the access itself, with
	 * a valid instruction syndrome (ISV), that is not a cache
	 * maintenance instruction (CM). */
	if ((iss & ESR_DABT_ISV) && is_translation_fault(fsc) && !s1ptw &&
	    !cm) {
		unsigned sas = (iss >> ESR_DABT_SAS_SHIFT) & 3;
		unsigned rt = (iss >> ESR_DABT_SRT_SHIFT) & 31;

		e->kind = EL2_EXIT_MMIO;
		e->mmio.ipa = fault_ipa(far, hpfar);
		e->mmio.len = (uint8_t)(1u << sas);
		e->mmio.rt = (uint8_t)rt;
		e->mmio.is_write = iss & ESR_DABT_WNR;
		e->mmio.sign_extend = iss & ESR_DABT_SSE;
		e->mmio.sf = iss & ESR_DABT_SF;
		e->mmio.value = 0;
		if (e->mmio.is_write) {
			uint64_t v = reg_value(x, rt);

			e->mmio.value = sas == 3 ? v
						 : v & ((1ull << (8u << sas)) - 1);
		}
		return;
	}
	e->kind = EL2_EXIT_DABT;
	e->abort.fsc = (uint8_t)fsc;
	e->abort.ipa_valid = hpfar_valid(fsc);
	e->abort.ipa = e->abort.ipa_valid ? fault_ipa(far, hpfar) : 0;
	/* WnR is UNKNOWN for a stage-1 walk fault and set for cache
	 * maintenance (Arm ARM D17.2.37, WnR). */
	e->abort.is_write = !s1ptw && !cm && (iss & ESR_DABT_WNR);
	e->abort.s1ptw = s1ptw;
	e->abort.cache_maint = cm;
}

enum el2_exit_kind el2_exit_decode(uint64_t esr, uint64_t far, uint64_t hpfar,
				   const uint64_t x[31], struct el2_exit *e)
{
	uint32_t iss = ESR_ISS(esr);

	memset(e, 0, sizeof(*e));
	e->esr = (uint32_t)esr;
	e->ec = ESR_EC(esr);
	e->far = far;
	switch (e->ec) {
	case ESR_EC_WFX:
		/* ISS.TI [1:0]: 00 WFI, 01 WFE, 10 WFIT, 11 WFET */
		e->kind = EL2_EXIT_WFX;
		e->wfx.is_wfe = iss & 1;
		break;
	case ESR_EC_HVC64:
	case ESR_EC_SMC64:
		e->kind = e->ec == ESR_EC_HVC64 ? EL2_EXIT_HVC : EL2_EXIT_SMC;
		e->call.imm = (uint16_t)iss;
		break;
	case ESR_EC_SYS64: {
		/* ISS: Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn [13:10],
		 * Rt [9:5], CRm [4:1], Direction [0] (1 = read, MRS) */
		unsigned op0 = (iss >> 20) & 3, op2 = (iss >> 17) & 7;
		unsigned op1 = (iss >> 14) & 7, crn = (iss >> 10) & 15;
		unsigned rt = (iss >> 5) & 31, crm = (iss >> 1) & 15;

		e->kind = EL2_EXIT_SYSREG;
		e->sysreg.enc = EL2_SYSREG_ENC(op0, op1, crn, crm, op2);
		e->sysreg.rt = (uint8_t)rt;
		e->sysreg.is_write = !(iss & 1);
		e->sysreg.value = e->sysreg.is_write ? reg_value(x, rt) : 0;
		break;
	}
	case ESR_EC_DABT_LOW:
		decode_dabt(iss, far, hpfar, x, e);
		break;
	case ESR_EC_IABT_LOW: {
		uint32_t fsc = iss & ESR_FSC_MASK;

		e->kind = EL2_EXIT_IABT;
		e->abort.fsc = (uint8_t)fsc;
		e->abort.ipa_valid = hpfar_valid(fsc);
		e->abort.ipa = e->abort.ipa_valid ? fault_ipa(far, hpfar) : 0;
		e->abort.s1ptw = iss & ESR_DABT_S1PTW;
		break;
	}
	case ESR_EC_SERROR:
		e->kind = EL2_EXIT_SERROR;
		break;
	default:
		e->kind = EL2_EXIT_UNKNOWN;
		break;
	}
	return e->kind;
}

uint64_t el2_mmio_read_result(const struct el2_exit *e, uint64_t data)
{
	unsigned bits = 8u * e->mmio.len;
	uint64_t v = bits == 64 ? data : data & ((1ull << bits) - 1);

	if (e->mmio.sign_extend && bits < 64 && (v >> (bits - 1)) & 1)
		v |= ~0ull << bits;
	if (!e->mmio.sf)
		v &= 0xffffffffull;
	return v;
}

const char *el2_exit_kind_name(enum el2_exit_kind k)
{
	static const char *const names[] = {
		[EL2_EXIT_IRQ] = "irq",       [EL2_EXIT_WFX] = "wfx",
		[EL2_EXIT_HVC] = "hvc",       [EL2_EXIT_SMC] = "smc",
		[EL2_EXIT_SYSREG] = "sysreg", [EL2_EXIT_MMIO] = "mmio",
		[EL2_EXIT_DABT] = "dabt",     [EL2_EXIT_IABT] = "iabt",
		[EL2_EXIT_SERROR] = "serror", [EL2_EXIT_UNKNOWN] = "unknown",
	};

	if ((unsigned)k < sizeof(names) / sizeof(names[0]) && names[k])
		return names[k];
	return "?";
}

bool el2_sysreg_is_impdef(uint32_t enc)
{
	unsigned op0 = (enc >> 14) & 3, crn = (enc >> 7) & 15;

	return op0 == 3 && (crn == 11 || crn == 15);
}

/* DC ZVA, Xt = SYS #3, C7, C4, #1, Xt: 0xd50b7420 | Rt. */
#define INSN_DC_ZVA_MASK 0xffffffe0u
#define INSN_DC_ZVA 0xd50b7420u

bool el2_insn_is_dc_zva(uint32_t insn)
{
	return (insn & INSN_DC_ZVA_MASK) == INSN_DC_ZVA;
}

bool el2_attr_is_device(uint8_t attr)
{
	/* Attr<n>[7:4] = 0b0000: Device (nGnRnE 0x00, nGnRE 0x04, nGRE
	 * 0x08, GRE 0x0c); anything else is Normal memory. */
	return (attr & 0xf0) == 0;
}

bool el2_mmio_unaligned(const struct el2_exit *e)
{
	return e->kind == EL2_EXIT_MMIO && e->mmio.len &&
	       (e->far & (e->mmio.len - 1u));
}
