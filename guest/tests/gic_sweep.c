// SPDX-License-Identifier: MIT
/*
 * gic_sweep: no vGIC path can be crashed by the guest.
 *  - every offset of the distributor, of every redistributor (RD and SGI
 *    frames) and of the GICv2 CPU interface, in steps of 4, read with 1-,
 *    2-, 4- and 8-byte accesses and written with patterns (IHI 0069 12.1.3,
 *    IHI 0048B 4.1.4: an access of a size a register does not support is
 *    UNPREDICTABLE or RAZ/WI; it must never take the VMM down);
 *  - every encoding of the ICC system-register space at EL1 (op0 3, op1 0
 *    and 4, CRn 12, every CRm/op2, plus ICC_PMR_EL1) read and written: each
 *    access completes or is UNDEFINED (EC 0x00, Arm ARM D17.2.37), nothing
 *    else; on armvisor, exactly the encodings the vGIC does not implement
 *    are UNDEFINED (IHI 0069 12.2: ICC_AP{0,1}R{1..3} absent with 5
 *    priority bits; write-only registers UNDEFINED on read and vice versa).
 * Then the GIC is re-initialised and must still deliver an SGI.
 */
#include "gic_test.h"

static volatile uint32_t undef_count;

static bool on_undef(struct exc_frame *f)
{
	undef_count++;
	f->elr += 4;
	return true;
}

static const uint32_t patterns[] = {0xffffffffu, 0x00000000u, 0x5a5aa5a5u};

static unsigned sweep_range(uintptr_t base, uintptr_t size)
{
	unsigned n = 0;

	for (uintptr_t off = 0; off < size; off += 4) {
		uintptr_t a = base + off;

		(void)mmio_read8(a);
		(void)mmio_read8(a + 3);
		(void)mmio_read16(a);
		(void)mmio_read16(a + 2);
		(void)mmio_read32(a);
		if (!(off & 7))
			(void)mmio_read64(a);
		for (unsigned p = 0; p < ARRAY_SIZE(patterns); p++) {
			mmio_write32(a, patterns[p]);
			mmio_write8(a + 1, (uint8_t)patterns[p]);
			mmio_write16(a + 2, (uint16_t)patterns[p]);
			if (!(off & 7))
				mmio_write64(a, (uint64_t)patterns[p] << 32 |
							patterns[p]);
		}
		n++;
	}
	return n;
}

/* ---- ICC system registers: one stub per encoding ---------------------- */
/* Stubs of 8 bytes: `mrs x0, <reg>; ret` / `msr <reg>, x0; ret`, for op1
 * 0 and 4, CRn 12, CRm 8..15 (the GIC system registers; CRm 0..7 are
 * VBAR_ELx, RVBAR, RMR, ISR, DISR), op2 0..7:
 * index (op1/4)*64 + (CRm-8)*8 + op2. */
/* MRS/MSR (register) encodings, Arm ARM C6.2.194/C6.2.196: op0 = 3 gives
 * 0xd5380000 (MRS) / 0xd5180000 (MSR) | op1 << 16 | CRn << 12 | CRm << 8 |
 * op2 << 5 | Rt. */
asm(".pushsection .text\n"
    ".balign 8\n"
    "icc_rd_stubs:\n"
    ".set gs_i, 0\n"
    ".rept 128\n"
    ".inst 0xd5380000 | ((gs_i / 64) * 4) << 16 | 12 << 12 | "
    "(8 + (gs_i % 64) / 8) << 8 | (gs_i % 8) << 5\n"
    "ret\n"
    ".set gs_i, gs_i + 1\n"
    ".endr\n"
    "icc_wr_stubs:\n"
    ".set gs_i, 0\n"
    ".rept 128\n"
    ".inst 0xd5180000 | ((gs_i / 64) * 4) << 16 | 12 << 12 | "
    "(8 + (gs_i % 64) / 8) << 8 | (gs_i % 8) << 5\n"
    "ret\n"
    ".set gs_i, gs_i + 1\n"
    ".endr\n"
    "pmr_rd_stub: mrs x0, S3_0_C4_C6_0\n ret\n"
    "pmr_wr_stub: msr S3_0_C4_C6_0, x0\n ret\n"
    ".popsection\n");
extern char icc_rd_stubs[], icc_wr_stubs[], pmr_rd_stub[], pmr_wr_stub[];

typedef uint64_t (*rd_fn)(void);
typedef void (*wr_fn)(uint64_t);

/* The encodings armvisor's vGIC implements in op1 0, CRn 12 (readable,
 * writable), by CRm*8 + op2 (vgic_v3_cpuif.c; IHI 0069 Table 12-2). */
static bool av_readable(unsigned i)
{
	switch (i) {
	case 8 * 8 + 0: /* IAR0 */
	case 8 * 8 + 2: /* HPPIR0 */
	case 8 * 8 + 3: /* BPR0 */
	case 8 * 8 + 4: /* AP0R0 */
	case 9 * 8 + 0: /* AP1R0 */
	case 11 * 8 + 3: /* RPR */
	case 12 * 8 + 0: case 12 * 8 + 2: case 12 * 8 + 3: case 12 * 8 + 4:
	case 12 * 8 + 5: case 12 * 8 + 6: case 12 * 8 + 7:
		return true;
	}
	return false;
}

static bool av_writable(unsigned i)
{
	switch (i) {
	case 8 * 8 + 1: /* EOIR0 */
	case 8 * 8 + 3: case 8 * 8 + 4: case 9 * 8 + 0:
	case 11 * 8 + 1: /* DIR */
	case 11 * 8 + 5: case 11 * 8 + 6: case 11 * 8 + 7: /* SGI regs */
	case 12 * 8 + 1: case 12 * 8 + 3: case 12 * 8 + 4: case 12 * 8 + 5:
	case 12 * 8 + 6: case 12 * 8 + 7:
		return true;
	}
	return false;
}

static void sweep_sysregs(void)
{
	unsigned rd_undef = 0, wr_undef = 0, mismatch = 0;

	for (unsigned i = 0; i < 128; i++) {
		rd_fn rd = (rd_fn)(icc_rd_stubs + i * 8);
		wr_fn wr = (wr_fn)(icc_wr_stubs + i * 8);
		uint32_t before = undef_count;
		bool r_undef, w_undef;

		(void)rd();
		r_undef = undef_count != before;
		before = undef_count;
		/* Writes of 0 only: a pattern in ICC_SGI1R would be an SGI
		 * storm and in the APRs a stuck running priority; both are
		 * covered by the MMIO sweep and the other tests. */
		wr(0);
		w_undef = undef_count != before;
		rd_undef += r_undef;
		wr_undef += w_undef;
		if (!platform_is_qemu() && gic_version() == 3) {
			bool impl = i < 64;
			unsigned enc = 64 + i % 64; /* CRm * 8 + op2 */

			if (r_undef == (impl && av_readable(enc)) ||
			    w_undef == (impl && av_writable(enc))) {
				report_info("S3_%u_C12_C%u_%u: read %s, write %s",
					    i < 64 ? 0 : 4, enc / 8, enc % 8,
					    r_undef ? "UNDEF" : "ok",
					    w_undef ? "UNDEF" : "ok");
				mismatch++;
			}
		}
	}
	{
		uint32_t before = undef_count;

		((wr_fn)pmr_wr_stub)(0xf0);
		(void)((rd_fn)pmr_rd_stub)();
		if (gic_version() == 3 && undef_count != before)
			mismatch++;
	}
	report(true, "GIC sysreg space (op1 0/4, CRn 12, CRm 8..15, all op2) "
		     "and ICC_PMR: 128 reads and 128 writes survived (%u / %u "
		     "UNDEFINED)",
	       rd_undef, wr_undef);
	if (!platform_is_qemu() && gic_version() == 3)
		report(mismatch == 0,
		       "armvisor GICv3: exactly the unimplemented encodings "
		       "are UNDEFINED (%u mismatches)",
		       mismatch);
}

/* Put the GIC back into a known state after the sweep. */
static void restore(void)
{
	uint32_t iar;

	/* The sweep's IAR reads acknowledged interrupts that nobody ended:
	 * EOI every INTID (and, on GICv2, every SGI source) so that the
	 * running priority drops on every implementation (QEMU keeps it in
	 * its own state, not only in the APRs). */
	for (unsigned i = 0; i < 1020; i++) {
		if (gic_version() == 3) {
			icc_write(ICC_EOIR0_EL1, i);
			icc_write(ICC_EOIR1_EL1, i);
		} else if (i < 16) {
			for (unsigned src = 0; src < 8; src++)
				mmio_write32(gic_cpu_base() + GICC_EOIR,
					     src << 10 | i);
		} else {
			mmio_write32(gic_cpu_base() + GICC_EOIR, i);
		}
	}
	isb();
	gic_init();
	if (gic_version() == 3) {
		icc_write(ICC_AP0R0_EL1, 0);
		icc_write(ICC_AP1R0_EL1, 0);
		icc_write(ICC_IGRPEN0_EL1, 0);
		mmio_write32(gic_redist_base(smp_processor_id()) + GICR_SGI_BASE +
				     GICD_ICPENDR,
			     ~0u);
		isb();
	} else {
		mmio_write32(gic_cpu_base() + GICC_APR0, 0);
		for (unsigned i = 0; i < 16; i += 4)
			mmio_write32(gic_dist_base() + GICD_CPENDSGIR + i, ~0u);
	}
	for (int i = 0; i < 64; i++) {
		iar = gic_ack();
		if (gic_irqnr(iar) >= 1020)
			break;
		gic_eoi(iar);
	}
}

int main(void)
{
	uintptr_t dist;
	unsigned n;
	int ncpus;

	if (!gt_init())
		return 0;
	install_sync_handler(EC_UNKNOWN, on_undef);
	local_irq_disable();
	dist = gic_dist_base();
	ncpus = nr_cpus() < GT_MAX_CPUS ? nr_cpus() : GT_MAX_CPUS;

	n = sweep_range(dist, gic_version() == 3 ? 0x10000 : 0x1000);
	report(true, "distributor: %u offsets read and written, VM alive", n);
	if (gic_version() == 3) {
		n = 0;
		for (int cpu = 0; cpu < ncpus; cpu++)
			n += sweep_range(gic_redist_base(cpu), GICR_STRIDE);
		report(true,
		       "%d redistributors (RD + SGI frames): %u offsets, VM "
		       "alive",
		       ncpus, n);
	} else {
		n = sweep_range(gic_cpu_base(), 0x2000);
		report(true, "GICv2 CPU interface: %u offsets, VM alive", n);
	}
	report(undef_count == 0, "no MMIO access was UNDEFINED");
	sweep_sysregs();

	restore();
	gt_reset_logs();
	local_irq_enable();
	gic_send_sgi_self(4);
	if (!report(gt_wait(&gt_log[0].count[4], 1),
		    "after re-initialising, an SGI is still delivered"))
		report_info("RPR %#x HPPIR %#x pending %d enabled %d spurious %u",
			    gic_rpr(), gic_hppir(), gic_is_pending(4),
			    gic_is_enabled(4), gt_log[0].spurious);
	return 0;
}
