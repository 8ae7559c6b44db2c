// SPDX-License-Identifier: MIT
/*
 * GICv3 CPU interface system registers (IHI 0069 12.2, ICC_*_EL1), trapped
 * and served as the ICV_*_EL1 registers would be: the emulated CPU
 * interface (vgic_cpuif.h).  Those kept in ICH_VMCR_EL2 and ICH_AP*R_EL2
 * go through the CPU interface ops (get/set_vmcr, get/set_apr); acknowledge,
 * EOI, deactivate and HPPIR work on the emulated list registers
 * (vgic_cpuif_emul.c).  The SGI registers trap whatever the CPU interface
 * and have a table of their own.
 *
 * Choices, as KVM with a single security state (GICD_CTLR.DS = 1):
 *  - Group 0 is implemented: ICC_IAR0/EOIR0/HPPIR0/BPR0/AP0R0/IGRPEN0 work
 *    on Group 0 LRs, which are signalled as FIQ.  ICC_SGI0R and ICC_ASGI1R
 *    make pending only SGIs configured as Group 0 (KVM access_gic_sgi).
 *  - 5 priority bits: ICC_AP{0,1}R0 exist, AP{0,1}R{1,2,3} do not (their
 *    encodings are UNDEFINED, IHI 0069 12.2.1).
 *  - Reading a write-only register or writing a read-only one, and any
 *    access from EL0, is UNDEFINED (-ENOENT).
 */
#include <errno.h>

#include "irqchip/vgic/vgic.h"

#define ICC(crn, crm, op2) SYSREG_ENC(3, 0, crn, crm, op2)
#define ICC_PMR_EL1 ICC(4, 6, 0)
#define ICC_IAR0_EL1 ICC(12, 8, 0)
#define ICC_EOIR0_EL1 ICC(12, 8, 1)
#define ICC_HPPIR0_EL1 ICC(12, 8, 2)
#define ICC_BPR0_EL1 ICC(12, 8, 3)
#define ICC_AP0R0_EL1 ICC(12, 8, 4)
#define ICC_AP1R0_EL1 ICC(12, 9, 0)
#define ICC_DIR_EL1 ICC(12, 11, 1)
#define ICC_RPR_EL1 ICC(12, 11, 3)
#define ICC_SGI1R_EL1 ICC(12, 11, 5)
#define ICC_ASGI1R_EL1 ICC(12, 11, 6)
#define ICC_SGI0R_EL1 ICC(12, 11, 7)
#define ICC_IAR1_EL1 ICC(12, 12, 0)
#define ICC_EOIR1_EL1 ICC(12, 12, 1)
#define ICC_HPPIR1_EL1 ICC(12, 12, 2)
#define ICC_BPR1_EL1 ICC(12, 12, 3)
#define ICC_CTLR_EL1 ICC(12, 12, 4)
#define ICC_SRE_EL1 ICC(12, 12, 5)
#define ICC_IGRPEN0_EL1 ICC(12, 12, 6)
#define ICC_IGRPEN1_EL1 ICC(12, 12, 7)

/* ICC_CTLR_EL1 (12.2.6): CBPR [0], EOImode [1] RW; PRIbits [10:8],
 * IDbits [13:11] (0 = 16 bits), A3V [15] RO. */
#define ICC_CTLR_CBPR (1u << 0)
#define ICC_CTLR_EOIMODE (1u << 1)
#define ICC_CTLR_RO                                                            \
	((uint64_t)(VGIC_PRI_BITS - 1) << 8 | 0ull << 11 | 1ull << 15)
/* ICC_SRE_EL1 (12.2.21): SRE, DFB, DIB all RAO/WI. */
#define ICC_SRE_VALUE 0x7

static struct vgic_vmcr vmcr_get(av_vcpu *v)
{
	struct vgic_vmcr m;

	vgic_cpuif_of(v)->get_vmcr(v, &m);
	return m;
}

static void vmcr_set(av_vcpu *v, const struct vgic_vmcr *m)
{
	vgic_cpuif_of(v)->set_vmcr(v, m);
}

static bool icc_ok(av_vcpu *v, unsigned el)
{
	return el >= 1 && vgic_cpu_of(v);
}

static int icc_undef_read(av_vcpu *v, uint32_t enc, unsigned el, uint64_t *val)
{
	return -ENOENT;
}

static int icc_undef_write(av_vcpu *v, uint32_t enc, unsigned el, uint64_t val)
{
	return -ENOENT;
}

/* ---- acknowledge / EOI / deactivate ------------------------------------ */

static unsigned icc_group(uint32_t enc)
{
	return enc == ICC_IAR0_EL1 || enc == ICC_EOIR0_EL1 ||
			       enc == ICC_HPPIR0_EL1 || enc == ICC_BPR0_EL1 ||
			       enc == ICC_AP0R0_EL1 || enc == ICC_IGRPEN0_EL1
		       ? 0
		       : 1;
}

static int icc_read_iar(av_vcpu *v, uint32_t enc, unsigned el, uint64_t *val)
{
	if (!icc_ok(v, el))
		return -ENOENT;
	*val = vgic_cpuif_ack(v, (int)icc_group(enc));
	vgic_cpuif_resync(v);
	return 0;
}

static int icc_read_hppir(av_vcpu *v, uint32_t enc, unsigned el,
			  uint64_t *val)
{
	if (!icc_ok(v, el))
		return -ENOENT;
	*val = vgic_cpuif_hppir(v, (int)icc_group(enc));
	return 0;
}

static int icc_write_eoir(av_vcpu *v, uint32_t enc, unsigned el, uint64_t val)
{
	if (!icc_ok(v, el))
		return -ENOENT;
	vgic_cpuif_eoi(v, (uint32_t)(val & 0xffffff), (int)icc_group(enc));
	vgic_cpuif_resync(v);
	return 0;
}

static int icc_write_dir(av_vcpu *v, uint32_t enc, unsigned el, uint64_t val)
{
	if (!icc_ok(v, el))
		return -ENOENT;
	vgic_cpuif_dir(v, (uint32_t)(val & 0xffffff));
	vgic_cpuif_resync(v);
	return 0;
}

static int icc_read_rpr(av_vcpu *v, uint32_t enc, unsigned el, uint64_t *val)
{
	struct vgic_vmcr m;
	uint32_t apr[2];

	if (!icc_ok(v, el))
		return -ENOENT;
	vgic_cpuif_state(v, &m, apr);
	*val = vgic_running_priority(apr);
	return 0;
}

/* ---- configuration ------------------------------------------------------ */

static int icc_read_pmr(av_vcpu *v, uint32_t enc, unsigned el, uint64_t *val)
{
	if (!icc_ok(v, el))
		return -ENOENT;
	*val = vmcr_get(v).pmr;
	return 0;
}

static int icc_write_pmr(av_vcpu *v, uint32_t enc, unsigned el, uint64_t val)
{
	struct vgic_vmcr m;

	if (!icc_ok(v, el))
		return -ENOENT;
	m = vmcr_get(v);
	m.pmr = (uint8_t)val & VGIC_PRI_MASK;
	vmcr_set(v, &m);
	vgic_cpuif_resync(v);
	return 0;
}

/* ICC_BPR1_EL1 with CBPR=1 reads ICC_BPR0+1 (saturated) and ignores
 * writes (12.2.5); below-minimum writes read back as the minimum. */
static int icc_read_bpr(av_vcpu *v, uint32_t enc, unsigned el, uint64_t *val)
{
	struct vgic_vmcr m;

	if (!icc_ok(v, el))
		return -ENOENT;
	m = vmcr_get(v);
	if (icc_group(enc) == 0)
		*val = m.bpr0;
	else if (m.cbpr)
		*val = m.bpr0 < 7 ? m.bpr0 + 1u : 7u;
	else
		*val = m.bpr1;
	return 0;
}

static int icc_write_bpr(av_vcpu *v, uint32_t enc, unsigned el, uint64_t val)
{
	struct vgic_vmcr m;
	uint8_t bpr = val & 7;

	if (!icc_ok(v, el))
		return -ENOENT;
	m = vmcr_get(v);
	if (icc_group(enc) == 0) {
		m.bpr0 = bpr < VGIC_MIN_BPR0 ? VGIC_MIN_BPR0 : bpr;
	} else if (!m.cbpr) {
		m.bpr1 = bpr < VGIC_MIN_BPR1 ? VGIC_MIN_BPR1 : bpr;
	}
	vmcr_set(v, &m);
	vgic_cpuif_resync(v);
	return 0;
}

static int icc_read_ctlr(av_vcpu *v, uint32_t enc, unsigned el, uint64_t *val)
{
	struct vgic_vmcr m;

	if (!icc_ok(v, el))
		return -ENOENT;
	m = vmcr_get(v);
	*val = ICC_CTLR_RO | (m.cbpr ? ICC_CTLR_CBPR : 0) |
	       (m.eoimode ? ICC_CTLR_EOIMODE : 0);
	return 0;
}

static int icc_write_ctlr(av_vcpu *v, uint32_t enc, unsigned el, uint64_t val)
{
	struct vgic_vmcr m;

	if (!icc_ok(v, el))
		return -ENOENT;
	m = vmcr_get(v);
	m.cbpr = val & ICC_CTLR_CBPR;
	m.eoimode = val & ICC_CTLR_EOIMODE;
	vmcr_set(v, &m);
	vgic_cpuif_resync(v);
	return 0;
}

static int icc_read_sre(av_vcpu *v, uint32_t enc, unsigned el, uint64_t *val)
{
	if (!icc_ok(v, el))
		return -ENOENT;
	*val = ICC_SRE_VALUE;
	return 0;
}

static int icc_write_sre(av_vcpu *v, uint32_t enc, unsigned el, uint64_t val)
{
	return icc_ok(v, el) ? 0 : -ENOENT;
}

static int icc_read_igrpen(av_vcpu *v, uint32_t enc, unsigned el,
			   uint64_t *val)
{
	struct vgic_vmcr m;

	if (!icc_ok(v, el))
		return -ENOENT;
	m = vmcr_get(v);
	*val = icc_group(enc) ? m.grpen1 : m.grpen0;
	return 0;
}

static int icc_write_igrpen(av_vcpu *v, uint32_t enc, unsigned el,
			    uint64_t val)
{
	struct vgic_vmcr m;

	if (!icc_ok(v, el))
		return -ENOENT;
	m = vmcr_get(v);
	if (icc_group(enc))
		m.grpen1 = val & 1;
	else
		m.grpen0 = val & 1;
	vmcr_set(v, &m);
	vgic_cpuif_resync(v);
	return 0;
}

static int icc_read_apr(av_vcpu *v, uint32_t enc, unsigned el, uint64_t *val)
{
	if (!icc_ok(v, el))
		return -ENOENT;
	*val = vgic_cpuif_of(v)->get_apr(v, icc_group(enc), 0);
	return 0;
}

static int icc_write_apr(av_vcpu *v, uint32_t enc, unsigned el, uint64_t val)
{
	if (!icc_ok(v, el))
		return -ENOENT;
	vgic_cpuif_of(v)->set_apr(v, icc_group(enc), 0, (uint32_t)val);
	vgic_cpuif_resync(v);
	return 0;
}

static int icc_write_sgi(av_vcpu *v, uint32_t enc, unsigned el, uint64_t val)
{
	if (!icc_ok(v, el))
		return -ENOENT;
	vgic_v3_dispatch_sgi(v, val, enc == ICC_SGI1R_EL1);
	return 0;
}

static const struct sysreg_desc vgic_v3_sysregs[] = {
	{ ICC_PMR_EL1, "ICC_PMR_EL1", icc_read_pmr, icc_write_pmr },
	{ ICC_IAR0_EL1, "ICC_IAR0_EL1", icc_read_iar, icc_undef_write },
	{ ICC_EOIR0_EL1, "ICC_EOIR0_EL1", icc_undef_read, icc_write_eoir },
	{ ICC_HPPIR0_EL1, "ICC_HPPIR0_EL1", icc_read_hppir, icc_undef_write },
	{ ICC_BPR0_EL1, "ICC_BPR0_EL1", icc_read_bpr, icc_write_bpr },
	{ ICC_AP0R0_EL1, "ICC_AP0R0_EL1", icc_read_apr, icc_write_apr },
	{ ICC_AP1R0_EL1, "ICC_AP1R0_EL1", icc_read_apr, icc_write_apr },
	{ ICC_DIR_EL1, "ICC_DIR_EL1", icc_undef_read, icc_write_dir },
	{ ICC_RPR_EL1, "ICC_RPR_EL1", icc_read_rpr, icc_undef_write },
	{ ICC_IAR1_EL1, "ICC_IAR1_EL1", icc_read_iar, icc_undef_write },
	{ ICC_EOIR1_EL1, "ICC_EOIR1_EL1", icc_undef_read, icc_write_eoir },
	{ ICC_HPPIR1_EL1, "ICC_HPPIR1_EL1", icc_read_hppir, icc_undef_write },
	{ ICC_BPR1_EL1, "ICC_BPR1_EL1", icc_read_bpr, icc_write_bpr },
	{ ICC_CTLR_EL1, "ICC_CTLR_EL1", icc_read_ctlr, icc_write_ctlr },
	{ ICC_SRE_EL1, "ICC_SRE_EL1", icc_read_sre, icc_write_sre },
	{ ICC_IGRPEN0_EL1, "ICC_IGRPEN0_EL1", icc_read_igrpen,
	  icc_write_igrpen },
	{ ICC_IGRPEN1_EL1, "ICC_IGRPEN1_EL1", icc_read_igrpen,
	  icc_write_igrpen },
};

/* SGI generation traps to EL2 whatever the CPU interface: with
 * HCR_EL2.IMO/FMO set, EL1 writes to ICC_SGI1R/ASGI1R/SGI0R_EL1 trap (IHI
 * 0069 12.2, the registers' traps; KVM access_gic_sgi, QEMU
 * gicv3_sgi_access). */
static const struct sysreg_desc vgic_v3_sgi_sysregs[] = {
	{ ICC_SGI1R_EL1, "ICC_SGI1R_EL1", icc_undef_read, icc_write_sgi },
	{ ICC_ASGI1R_EL1, "ICC_ASGI1R_EL1", icc_undef_read, icc_write_sgi },
	{ ICC_SGI0R_EL1, "ICC_SGI0R_EL1", icc_undef_read, icc_write_sgi },
};

#define N(t) (unsigned)(sizeof(t) / sizeof((t)[0]))

int vgic_v3_register_sgi_sysregs(struct vgic_dist *d)
{
	return vm_register_sysregs(d->vm, vgic_v3_sgi_sysregs,
				   N(vgic_v3_sgi_sysregs));
}

/* The rest of the interface, for the emulated implementation. */
int vgic_v3_register_sysregs(struct vgic_dist *d)
{
	return vm_register_sysregs(d->vm, vgic_v3_sysregs,
				   N(vgic_v3_sysregs));
}
