// SPDX-License-Identifier: MIT
/*
 * The EL2 demo's test guest (bare-metal EL1, MMU off).  vCPU 0 runs the
 * checks below against the demo VMM (src/engine/el2/demo.h); vCPU 1, when
 * there is one, is started with PSCI CPU_ON and answers the kick tests.
 * Prints PASS/FAIL/INFO/SKIP lines and "EXIT: STATUS=N" (PLATFORM.md).
 */
#include "guest.h"

#define PSCI_VERSION 0x84000000ul
#define PSCI_CPU_OFF 0x84000002ul
#define PSCI_CPU_ON 0xc4000003ul
#define PSCI_AFFINITY_INFO 0xc4000004ul
#define SCTLR_EL1_RESET 0x30d00800ul
#define EC(esr) (((esr) >> 26) & 0x3f)
#define FSC(esr) ((esr) & 0x3f)
#define WNR (1u << 6)
#define CTL_ENABLE 1u
#define CTL_IMASK 2u
#define CTL_ISTATUS 4u
/* one-reg ids (include/armvisor/armvisor.h) */
#define REG_CORE(w) (0x6030000000100000ul | (w))
#define REG_CORE32(w) (0x6020000000100000ul | (w))
#define REG_SYS(op0, op1, crn, crm, op2)                                       \
	(0x6030000000130000ul | (op0) << 14 | (op1) << 11 | (crn) << 7 |       \
	 (crm) << 3 | (op2))
#define ID_TPIDR_EL1 REG_SYS(3ul, 0ul, 13ul, 0ul, 4ul)
#define ID_TPIDRRO_EL0 REG_SYS(3ul, 3ul, 13ul, 0ul, 3ul)
#define ID_MIDR_EL1 REG_SYS(3ul, 0ul, 0ul, 0ul, 0ul)
#define ID_MPIDR_EL1 REG_SYS(3ul, 0ul, 0ul, 0ul, 5ul)
#define ID_HCR_EL2 REG_SYS(3ul, 4ul, 1ul, 1ul, 0ul)
#define ID_PC REG_CORE(64)
#define ID_PSTATE REG_CORE(66)
#define ID_SP_EL1 REG_CORE(68)
#define ID_FPCR REG_CORE32(213)
#define ENOENT 2
#define EINVAL 22

extern uint64_t entry_daif;
extern char secondary_entry[];

static uint64_t freq;

static uint64_t ms_ticks(unsigned ms)
{
	return freq / 1000 * ms;
}

/* ---- boot state ---- */
static void test_boot(uint64_t x0)
{
	report(current_el() == 1, "entered at EL%u", current_el());
	report(x0 == DTB_IPA, "x0 at entry is the manifest's DTB IPA (%#lx)",
	       (unsigned long)x0);
	report(entry_daif == 0x3c0, "DAIF masked at entry (%#lx)",
	       (unsigned long)entry_daif);
	report(read_sysreg(sctlr_el1) == SCTLR_EL1_RESET,
	       "SCTLR_EL1 at its reset value, MMU off (%#lx)",
	       (unsigned long)read_sysreg(sctlr_el1));
	report(read_sysreg(mpidr_el1) == 0x80000000ul,
	       "MPIDR_EL1 of vCPU 0 is %#lx",
	       (unsigned long)read_sysreg(mpidr_el1));
}

/* ---- pointer authentication is the guest's (HCR_EL2.API/APK = 1) ---- */
static void test_pauth(void)
{
	uint64_t isar1 = read_sysreg(id_aa64isar1_el1), sctlr, ptr;

	/* APA [7:4] or API [11:8]: address authentication with key A */
	if (!((isar1 >> 4) & 0xff)) {
		skip("pointer authentication: the CPU has none");
		return;
	}
	sctlr = read_sysreg(sctlr_el1);
	write_sysreg(sctlr | 1ul << 31, sctlr_el1); /* EnIA */
	isb();
	write_sysreg(0x0123456789abcdeful, s3_0_c2_c1_0); /* APIAKeyLo_EL1 */
	expect_exception(false);
	{
		register uint64_t x17 asm("x17") = 0x40081000;
		register uint64_t x16 asm("x16") = 0x1234;

		/* PACIA1716 then AUTIA1716 (HINT space: assemble anywhere) */
		asm volatile("hint #8\n\thint #12" : "+r"(x17) : "r"(x16));
		ptr = x17;
	}
	expect.armed = false;
	write_sysreg(sctlr, sctlr_el1);
	isb();
	report(!expect.seen && ptr == 0x40081000,
	       "PACIA1716/AUTIA1716 run in the guest without a trap to EL2");
}

/* ---- hypercalls ---- */
static void test_hvc(void)
{
	struct hvc_res r = hvc(1, 41, 1, 2, 3);
	uint64_t v;

	report(r.x0 == 42 && r.x1 == 1 && r.x2 == 2 && r.x3 == 3,
	       "HVC #1 returns x0 + 1 (%lu) and keeps x1-x3",
	       (unsigned long)r.x0);
	r = hvc(0, PSCI_VERSION, 0, 0, 0);
	report(r.x0 == 0x10000, "HVC #0 PSCI_VERSION is 1.0 (%#lx)",
	       (unsigned long)r.x0);
	r = hvc(0, 0xc2000123ul, 0, 0, 0);
	report((int64_t)r.x0 == -1, "an unknown SMCCC function returns "
	       "NOT_SUPPORTED");
	{
		register uint64_t x0 asm("x0") = PSCI_VERSION;

		/* Trapped by HCR_EL2.TSC (EC 0x17, PC at the SMC). */
		asm volatile("smc #0" : "+r"(x0) : : "x1", "x2", "x3",
			     "memory");
		v = x0;
	}
	report(v == 0x10000, "SMC #0 is trapped and answered, execution "
	       "continues after it (%#lx)", (unsigned long)v);
}

/* ---- MMIO emulation: the echo register ---- */
static void test_mmio(void)
{
	volatile uint8_t *b = (volatile uint8_t *)ECHO_IPA;
	struct counts c0 = counts(), c1;
	uint64_t x64, sb_x, sb_w, sh_x, sw_x, zero;
	uint32_t w32;
	uint16_t h;
	uint8_t b0;

	/* All accesses first: the report lines are MMIO exits too. */
	*(volatile uint32_t *)ECHO_IPA = 0xdeadbeef;
	w32 = *(volatile uint32_t *)ECHO_IPA;
	*(volatile uint64_t *)ECHO_IPA = 0x0123456789abcdeful;
	x64 = *(volatile uint64_t *)ECHO_IPA;
	b[0] = 0x80;
	asm volatile("ldrsb %0, [%2]\n\tldrsb %w1, [%2]"
		     : "=&r"(sb_x), "=&r"(sb_w) : "r"(b) : "memory");
	b0 = b[0];
	*(volatile uint16_t *)(ECHO_IPA + 2) = 0x8001;
	asm volatile("ldrsh %0, [%1]" : "=r"(sh_x) : "r"(ECHO_IPA + 2)
		     : "memory");
	h = *(volatile uint16_t *)(ECHO_IPA + 2);
	*(volatile uint32_t *)(ECHO_IPA + 4) = 0x80000000u;
	asm volatile("ldrsw %0, [%1]" : "=r"(sw_x) : "r"(ECHO_IPA + 4)
		     : "memory");
	{
		register uint64_t x28 asm("x28");

		asm volatile("str xzr, [%1]\n\tldr x28, [%1]"
			     : "=r"(x28) : "r"(ECHO_IPA) : "memory");
		zero = x28;
	}
	c1 = counts();
	report(w32 == 0xdeadbeef, "32-bit MMIO write and read back (%#x)",
	       w32);
	report(x64 == 0x0123456789abcdeful, "64-bit MMIO (%#lx)",
	       (unsigned long)x64);
	report(b0 == 0x80 && sb_x == 0xffffffffffffff80ul &&
		       sb_w == 0xffffff80ul,
	       "LDRB/LDRSB Xt/LDRSB Wt: %#x %#lx %#lx (SSE, SF)", b0,
	       (unsigned long)sb_x, (unsigned long)sb_w);
	report(sh_x == 0xffffffffffff8001ul && h == 0x8001,
	       "16-bit at offset 2, LDRSH Xt %#lx", (unsigned long)sh_x);
	report(sw_x == 0xffffffff80000000ul, "LDRSW %#lx",
	       (unsigned long)sw_x);
	report(zero == 0, "STR XZR (SRT 31) stores 0, LDR into x28 reads it");
	report(c1.mmio - c0.mmio == 15, "each access was one MMIO exit (%lu)",
	       (unsigned long)(c1.mmio - c0.mmio));
}

/* ---- aborts the VMM injects ---- */
static void test_aborts(void)
{
	struct counts c0 = counts(), c1;
	uint64_t pc;

	/* LDP has no instruction syndrome (ISV = 0): external abort. */
	expect_exception(false);
	asm volatile("adr %0, 1f\n1:\tldp x2, x3, [%1]"
		     : "=&r"(pc) : "r"(ECHO_IPA) : "x2", "x3", "memory");
	report(expect.seen && EC(expect.esr) == 0x25 &&
		       FSC(expect.esr) == 0x10 && !(expect.esr & WNR) &&
		       expect.far == ECHO_IPA && expect.elr == pc,
	       "LDP to MMIO (no syndrome): synchronous external abort, ESR "
	       "%#lx FAR %#lx", (unsigned long)expect.esr,
	       (unsigned long)expect.far);
	expect_exception(false);
	asm volatile("stp xzr, xzr, [%0]" : : "r"(ECHO_IPA) : "memory");
	report(expect.seen && EC(expect.esr) == 0x25 &&
		       FSC(expect.esr) == 0x10 && (expect.esr & WNR),
	       "STP to MMIO: external abort with WnR (ESR %#lx)",
	       (unsigned long)expect.esr);
	expect_exception(false);
	(void)*(volatile uint32_t *)HOLE_IPA;
	report(expect.seen && EC(expect.esr) == 0x25 &&
		       expect.far == HOLE_IPA,
	       "load from an IPA with no device: external abort (ESR %#lx)",
	       (unsigned long)expect.esr);
	/* Jump to an unmapped IPA: instruction abort, return through x30. */
	expect_exception(true);
	asm volatile("blr %0" : : "r"(NOEXEC_IPA)
		     : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8",
		       "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16",
		       "x17", "x30", "memory");
	report(expect.seen && EC(expect.esr) == 0x21 &&
		       FSC(expect.esr) == 0x10 && expect.far == NOEXEC_IPA &&
		       expect.elr == NOEXEC_IPA,
	       "fetch from an unmapped IPA: instruction abort (ESR %#lx)",
	       (unsigned long)expect.esr);
	c1 = counts();
	report(c1.abort - c0.abort == 4, "the VMM injected 4 aborts (%lu)",
	       (unsigned long)(c1.abort - c0.abort));
}

/* ---- GICv3 CPU interface traps (EL2-DESIGN.md part 1) ---- */
static uint64_t icc_access(int which, bool *undef)
{
	uint64_t v = 0xbad;

	expect_exception(false);
	switch (which) {
	case 0: v = read_sysreg(SYS_ICC_PMR_EL1); break;   /* TC */
	case 1: v = read_sysreg(SYS_ICC_IAR1_EL1); break;  /* TALL1 */
	case 2: v = read_sysreg(s3_0_c12_c8_0); break;     /* IAR0: TALL0 */
	}
	*undef = expect.seen;
	expect.armed = false;
	return v;
}

static void test_icc_traps(unsigned gic)
{
	static const char *const names[] = { "ICC_PMR_EL1", "ICC_IAR1_EL1",
					     "ICC_IAR0_EL1" };
	static const char *const bits[] = { "TC", "TALL1", "TALL0" };

	for (int i = 0; i < 3; i++) {
		struct counts c0 = counts(), c1;
		bool undef;
		uint64_t v = icc_access(i, &undef);

		c1 = counts();
		if (gic == 3) {
			info("GICv3, ICH_HCR_EL2 = TALL0|TALL1|TC, En = 0: %s "
			     "(%s) %s to EL2%s", names[i], bits[i],
			     c1.sysreg - c0.sysreg ? "traps" : "does not trap",
			     undef ? ", UNDEFINED in the guest"
				   : ", read a value");
			report(undef && EC(expect.esr) == 0 &&
				       c1.sysreg - c0.sysreg == 1 &&
				       c1.undef - c0.undef == 1,
			       "%s traps to EL2 (%s, EC 0x18) and the VMM "
			       "injects UNDEFINED (ESR_EL1 %#lx)", names[i],
			       bits[i], (unsigned long)expect.esr);
		} else {
			(void)v;
			report(undef && EC(expect.esr) == 0 &&
				       c1.sysreg == c0.sysreg,
			       "GICv2: %s is UNDEFINED at EL1 without a trap",
			       names[i]);
		}
	}
}

/* ---- timers ---- */
static void test_counters(void)
{
	struct counts c0 = counts(), c1;
	uint64_t v1, p, v2;

	v1 = cntvct();
	report(v1 < 120 * freq, "CNTVCT_EL0 counts from the VM's start "
	       "(CNTVOFF_EL2): %lu ticks", (unsigned long)v1);
	v1 = cntvct();
	isb();
	p = read_sysreg(cntpct_el0);
	v2 = cntvct();
	c1 = counts();
	report(v1 <= p && p <= v2 && c1.sysreg - c0.sysreg == 1,
	       "CNTPCT_EL0 traps (CNTHCTL_EL2.EL1PCTEN = 0) and reads the VM "
	       "count: %lu <= %lu <= %lu", (unsigned long)v1,
	       (unsigned long)p, (unsigned long)v2);
}

static void test_ptimer(void)
{
	struct counts c0 = counts(), c1;
	uint64_t now = cntvct(), ctl, ctl2, cval, far = now + 10 * freq;
	int32_t tval;

	/* Every access traps (CNTHCTL_EL2.EL1PCEN = 0); the values live in
	 * the VMM.  Far deadlines, so slow emulation cannot reach them. */
	write_sysreg(far, cntp_cval_el0);
	write_sysreg(CTL_ENABLE, cntp_ctl_el0);
	ctl = read_sysreg(cntp_ctl_el0);
	cval = read_sysreg(cntp_cval_el0);
	write_sysreg(now, cntp_cval_el0); /* already passed */
	ctl2 = read_sysreg(cntp_ctl_el0);
	write_sysreg(0x10000000, cntp_tval_el0);
	tval = (int32_t)read_sysreg(cntp_tval_el0);
	write_sysreg(0, cntp_ctl_el0);
	c1 = counts();
	report(ctl == CTL_ENABLE && cval == far,
	       "CNTP_CTL/CVAL_EL0 trap and keep their values (ctl %#lx)",
	       (unsigned long)ctl);
	report(ctl2 == (CTL_ENABLE | CTL_ISTATUS), "CNTP_CTL_EL0.ISTATUS once "
	       "CVAL has passed (ctl %#lx)", (unsigned long)ctl2);
	report(tval > 0 && tval <= 0x10000000, "CNTP_TVAL_EL0 counts down "
	       "from what was written (%d)", tval);
	report(c1.sysreg - c0.sysreg == 9, "9 accesses, 9 sysreg exits (%lu)",
	       (unsigned long)(c1.sysreg - c0.sysreg));
}

static void test_vtimer_irq(void)
{
	uint64_t cval = cntvct() + ms_ticks(1), end = cval + ms_ticks(500);
	unsigned before = vtimer_irqs;

	write_sysreg(cval, cntv_cval_el0);
	write_sysreg(CTL_ENABLE, cntv_ctl_el0);
	isb();
	irq_enable();
	while (vtimer_irqs == before && cntvct() < end)
		;
	irq_disable();
	report(vtimer_irqs == before + 1 && vtimer_irq_count >= cval,
	       "virtual timer interrupt (PPI 27 at EL2, HCR_EL2.VI to the "
	       "guest) %lu ticks after CVAL",
	       (unsigned long)(vtimer_irq_count - cval));
	write_sysreg(0, cntv_ctl_el0);
}

static void test_wfi(void)
{
	struct counts c0, c1;
	uint64_t cval, after;
	unsigned before = vtimer_irqs;

	irq_disable();
	c0 = counts();
	cval = cntvct() + ms_ticks(20);
	write_sysreg(cval, cntv_cval_el0);
	write_sysreg(CTL_ENABLE, cntv_ctl_el0);
	isb();
	wfi();
	after = cntvct();
	c1 = counts();
	/* WFI traps (TWI) unless an interrupt is already pending: if the
	 * emulation was so slow that the timer fired before the WFI, that
	 * shows as an IRQ exit, and the WFI rightly completes at once. */
	report(after >= cval && (c1.wfx - c0.wfx == 1 || c1.irq > c0.irq),
	       "WFI traps (HCR_EL2.TWI) and returns once the masked timer "
	       "interrupt is pending (%lu ticks after CVAL, %lu WFI exits)",
	       (unsigned long)(after - cval), (unsigned long)(c1.wfx - c0.wfx));
	irq_enable();
	isb();
	irq_disable();
	report(vtimer_irqs == before + 1, "the pending interrupt is taken "
	       "when PSTATE.I is cleared");
	write_sysreg(0, cntv_ctl_el0);
}

/* ---- HCR_EL2.VI with the GICv3 virtual CPU interface enabled ---- */
static void test_vi_with_ich_en(void)
{
	struct hvc_res r = hvc(6, 1, 0, 0, 0);
	uint64_t end;
	unsigned before = other_irqs;

	irq_read_iar = true;
	irq_iar = 0xbad;
	hvc(3, 0, 0, 0, 0); /* raise our own IRQ line: HCR_EL2.VI */
	irq_enable();
	end = cntvct() + ms_ticks(1000);
	while (other_irqs == before && cntvct() < end)
		;
	irq_disable();
	irq_read_iar = false;
	if (other_irqs == before)
		hvc(2, 0, 0, 0, 0);
	info("GICv3, ICH_HCR_EL2 = %#lx (En = 1): HCR_EL2.VI %s a virtual "
	     "IRQ%s%lu", (unsigned long)r.x0,
	     other_irqs != before ? "delivers" : "does not deliver",
	     other_irqs != before ? "; ICV_IAR1_EL1 then reads " : "",
	     other_irqs != before ? (unsigned long)irq_iar : 0ul);
	report(other_irqs == before + 1 && irq_iar == 1023,
	       "HCR_EL2.VI delivers an IRQ with the virtual CPU interface "
	       "enabled, and ICV_IAR1_EL1 reads spurious (1023)");
	hvc(6, 0, 0, 0, 0);
}

/* ---- a virtual interrupt through a list register (part 2's path) ---- */
static void test_list_register(unsigned gic)
{
	struct counts c0, c1;
	struct hvc_res st;
	uint64_t end, iidr = 0;
	unsigned before = other_irqs;

	if (gic == 3) {
		/* The guest's own view of the virtual CPU interface: ICV_*
		 * behind the ICC_* names (HCR_EL2.IMO = 1). */
		hvc(6, 1, 0, 0, 0);
		write_sysreg(0xff, SYS_ICC_PMR_EL1);
		write_sysreg(1, SYS_ICC_IGRPEN1_EL1);
		isb();
	} else {
		hvc(6, 1, 0, 0, 0);
		c0 = counts();
		*(volatile uint32_t *)(GICC_IPA + GICC_PMR) = 0xff;
		*(volatile uint32_t *)(GICC_IPA + GICC_CTLR) = 3;
		iidr = *(volatile uint32_t *)(GICC_IPA + GICC_IIDR);
		c1 = counts();
		report(c1.mmio == c0.mmio && iidr != 0,
		       "GICv2: the guest's GICC window is GICV, mapped by "
		       "stage 2: no MMIO exit (GICC_IIDR %#lx)",
		       (unsigned long)iidr);
	}
	irq_read_iar = true;
	irq_iar = 0xbad;
	hvc(7, 42, 0, 0, 0);
	irq_enable();
	end = cntvct() + ms_ticks(1000);
	while (other_irqs == before && cntvct() < end)
		;
	irq_disable();
	irq_read_iar = false;
	st = hvc(8, 0, 0, 0, 0);
	report(other_irqs == before + 1 && (irq_iar & 0x3ff) == 42 &&
		       (st.x0 & 1),
	       "GICv%u list register: vINTID 42 pending in LR0 is taken, "
	       "acknowledged (IAR %lu) and EOI'd by the guest; LR0 is empty "
	       "after (ELRSR %#lx, LR0 %#lx, %lu LRs)",
	       gic, (unsigned long)irq_iar, (unsigned long)st.x0,
	       (unsigned long)st.x1, (unsigned long)st.x3);
	hvc(6, 0, 0, 0, 0);
}

/* ---- one-reg access by the VMM (el2_vcpu_get_reg/set_reg) ---- */
static struct hvc_res get_reg(uint64_t vcpu, uint64_t id)
{
	return hvc(9, vcpu, id, 0, 0);
}

static int64_t set_reg(uint64_t vcpu, uint64_t id, uint64_t val)
{
	return (int64_t)hvc(10, vcpu, id, val, 0).x0;
}

static void test_one_reg(void)
{
	struct hvc_res r;
	uint64_t pc, got, sp;

	write_sysreg(0x1234, tpidr_el1);
	r = get_reg(0, ID_TPIDR_EL1);
	report(r.x0 == 0 && r.x1 == 0x1234, "one-reg get TPIDR_EL1 reads the "
	       "CPU's register (%#lx)", (unsigned long)r.x1);
	report(set_reg(0, ID_TPIDR_EL1, 0x5678) == 0 &&
		       read_sysreg(tpidr_el1) == 0x5678,
	       "one-reg set TPIDR_EL1 writes it (%#lx)",
	       (unsigned long)read_sysreg(tpidr_el1));
	{
		register uint64_t x0 asm("x0") = 0;
		register uint64_t x1 asm("x1") = ID_PC;
		register uint64_t x9 asm("x9");

		asm volatile("adr x9, 1f\n\thvc #9\n1:"
			     : "+r"(x0), "+r"(x1), "=r"(x9) : : "x2", "x3",
			       "x4", "x5", "memory");
		pc = x9;
		got = x1;
	}
	report(got == pc, "one-reg PC is the trap frame's (ELR_EL2 %#lx)",
	       (unsigned long)got);
	asm volatile("mov %0, sp" : "=r"(sp));
	r = get_reg(0, ID_SP_EL1);
	report(r.x0 == 0 && r.x1 <= sp && sp - r.x1 < 4096,
	       "one-reg sp_el1 is the CPU's SP_EL1 (%#lx)",
	       (unsigned long)r.x1);
	r = get_reg(0, ID_MPIDR_EL1);
	report(r.x1 == 0x80000000ul && get_reg(0, ID_MIDR_EL1).x1 ==
					       read_sysreg(midr_el1),
	       "one-reg MPIDR_EL1 / MIDR_EL1 are what the guest reads");
	report(set_reg(0, ID_MIDR_EL1, read_sysreg(midr_el1) ^ 1) == -EINVAL &&
		       set_reg(0, ID_MIDR_EL1, read_sysreg(midr_el1)) == 0,
	       "one-reg ID registers: only their own value can be written");
	report((int64_t)get_reg(0, ID_HCR_EL2).x0 == -ENOENT &&
		       (int64_t)get_reg(0, REG_CORE(1)).x0 == -ENOENT,
	       "one-reg: EL2 registers and odd core words are -ENOENT");
	report(set_reg(0, ID_PSTATE, 0x3c9) == -EINVAL &&
		       set_reg(0, ID_PSTATE, 0x3d0) == -EINVAL,
	       "one-reg PSTATE refuses EL2h and AArch32 modes");
	write_sysreg(3ul << 20, cpacr_el1); /* FP/SIMD on at EL1 */
	isb();
	write_sysreg(0x03000000, fpcr);     /* RMode = toward zero */
	r = get_reg(0, ID_FPCR);
	report(r.x0 == 0 && r.x1 == 0x03000000, "one-reg fp_regs.fpcr "
	       "(32-bit id) reads FPCR (%#lx)", (unsigned long)r.x1);
	write_sysreg(0, fpcr);
}

/* ---- a second vCPU: PSCI CPU_ON and kicks between pCPUs ---- */
static volatile uint64_t v1_ctx, v1_mpidr, v1_el;
static volatile unsigned v1_stage, v1_irqs;
static volatile uint64_t v1_irq_exits, v1_wfx, v1_wfx_base, v1_tpidrro;

void guest_secondary(uint64_t ctx, uint64_t index);

void guest_secondary(uint64_t ctx, uint64_t index)
{
	unsigned seen;
	uint64_t wfx0;

	(void)index;
	v1_ctx = ctx;
	v1_mpidr = read_sysreg(mpidr_el1);
	v1_el = current_el();
	write_sysreg(0xabc, tpidr_el1);
	/* Stage 1: spin in the guest with IRQs on until a kick arrives. */
	seen = other_irqs;
	irq_enable();
	v1_stage = 1;
	while (other_irqs == seen)
		;
	irq_disable();
	v1_irqs = other_irqs - seen;
	v1_irq_exits = counts().irq;
	v1_tpidrro = read_sysreg(tpidrro_el0);
	/* Stage 2: WFI with IRQs masked; the kick must end it. */
	seen = other_irqs;
	wfx0 = counts().wfx;
	v1_wfx_base = wfx0;
	v1_stage = 2;
	while (v1_stage == 2)
		wfi();
	v1_wfx = counts().wfx - wfx0;
	irq_enable();
	isb();
	irq_disable();
	v1_irqs = other_irqs - seen;
	v1_stage = 4;
	hvc(0, PSCI_CPU_OFF, 0, 0, 0);
	for (;;)
		wfi();
}

static bool wait_for(volatile unsigned *p, unsigned val, unsigned ms)
{
	uint64_t end = cntvct() + ms_ticks(ms);

	while (*p != val && cntvct() < end)
		;
	return *p == val;
}

static void test_smp(void)
{
	struct hvc_res r = hvc(0, PSCI_AFFINITY_INFO, 1, 0, 0);
	uint64_t end;
	bool ok;

	if ((int64_t)r.x0 == -2) {
		skip("PSCI CPU_ON and kicks between pCPUs: one vCPU");
		return;
	}
	r = hvc(0, PSCI_CPU_ON, 1, (uint64_t)secondary_entry, 0x5ec0);
	report(r.x0 == 0, "PSCI CPU_ON of vCPU 1 (%ld)", (long)r.x0);
	r = hvc(0, PSCI_CPU_ON, 1, (uint64_t)secondary_entry, 0);
	report((int64_t)r.x0 == -4, "a second CPU_ON is ALREADY_ON (%ld)",
	       (long)r.x0);
	ok = wait_for(&v1_stage, 1, 5000);
	report(ok && v1_ctx == 0x5ec0 && v1_mpidr == 0x80000001ul &&
		       v1_el == 1,
	       "vCPU 1 runs on pCPU 1 at EL%lu, context %#lx, MPIDR %#lx",
	       (unsigned long)v1_el, (unsigned long)v1_ctx,
	       (unsigned long)v1_mpidr);
	if (!ok)
		return;
	/* vCPU 1's registers from pCPU 0: a cross-pCPU call (an SGI makes
	 * it leave the guest; the call runs on pCPU 1 at EL2). */
	r = get_reg(1, ID_TPIDR_EL1);
	report(r.x0 == 0 && r.x1 == 0xabc && set_reg(1, ID_TPIDRRO_EL0,
						       0xdef) == 0,
	       "one-reg from pCPU 0 reads and writes running vCPU 1's EL1 "
	       "registers on pCPU 1 (TPIDR_EL1 %#lx)", (unsigned long)r.x1);
	/* vCPU 1 is running guest code: our HVC #3 on pCPU 0 sends pCPU 1
	 * an SGI, its guest exits, and the VMM raises its IRQ line. */
	r = hvc(3, 1, 0, 0, 0);
	ok = wait_for(&v1_stage, 2, 5000);
	report(r.x0 == 0 && ok && v1_irqs == 1 && v1_irq_exits >= 1,
	       "a kick (SGI to pCPU 1) makes running vCPU 1 exit and take "
	       "its virtual IRQ (%lu IRQ exits)", (unsigned long)v1_irq_exits);
	report(v1_tpidrro == 0xdef, "vCPU 1 reads the TPIDRRO_EL0 written "
	       "for it from pCPU 0 (%#lx)", (unsigned long)v1_tpidrro);
	if (!ok)
		return;
	/* Wait until vCPU 1 is in its WFI (trapped: the demo counts it when
	 * pCPU 1 starts idling at EL2), then kick it. */
	end = cntvct() + ms_ticks(5000);
	while (hvc(4, 1, 0, 0, 0).x1 == v1_wfx_base && cntvct() < end)
		;
	v1_stage = 3;
	r = hvc(3, 1, 0, 0, 0);
	ok = wait_for(&v1_stage, 4, 5000);
	report(ok && v1_irqs == 1 && v1_wfx >= 1,
	       "a kick wakes vCPU 1 from a trapped WFI (%lu WFI exits)",
	       (unsigned long)v1_wfx);
	r = hvc(0, PSCI_AFFINITY_INFO, 1, 0, 0);
	for (unsigned i = 0; i < 100 && r.x0 != 1; i++)
		r = hvc(0, PSCI_AFFINITY_INFO, 1, 0, 0);
	report(r.x0 == 1, "vCPU 1 is OFF after CPU_OFF (AFFINITY_INFO %ld)",
	       (long)r.x0);
}

/* Exit costs under this machine (QEMU TCG: host-dependent, for scale). */
static void measure_exits(void)
{
	const unsigned n = 2000;
	uint64_t t0, t1, t2;

	t0 = cntvct();
	for (unsigned i = 0; i < n; i++)
		hvc(1, i, 0, 0, 0);
	t1 = cntvct();
	for (unsigned i = 0; i < n; i++)
		*(volatile uint32_t *)ECHO_IPA = i;
	t2 = cntvct();
	info("exit cost: HVC round trip %lu ns, MMIO write %lu ns (%u each)",
	     (unsigned long)((t1 - t0) * 1000000000ull / freq / n),
	     (unsigned long)((t2 - t1) * 1000000000ull / freq / n), n);
}

void guest_main(uint64_t x0);

void guest_main(uint64_t x0)
{
	unsigned gic;

	freq = read_sysreg(cntfrq_el0);
	gprintf("el2 test guest: CNTFRQ %lu Hz\n", (unsigned long)freq);
	test_boot(x0);
	test_pauth();
	test_hvc();
	test_mmio();
	test_aborts();
	test_one_reg();
	gic = (unsigned)hvc(5, 0, 0, 0, 0).x0;
	gic_version = gic;
	test_icc_traps(gic);
	test_counters();
	test_ptimer();
	test_vtimer_irq();
	test_wfi();
	if (gic == 3)
		test_vi_with_ich_en();
	test_list_register(gic);
	test_smp();
	measure_exits();
	finish();
}
