/* SPDX-License-Identifier: MIT */
/*
 * The plain-C parts of the EL2 image, on the host: manifest checks
 * (engine/el2/manifest.c), exit decoding (engine/el2/exit_decode.c), the
 * allocator (platform/el2/alloc.c), the timer lists (platform/el2/timerq.c)
 * and the freestanding formatter (platform/el2/libc/fmt.c, built here as
 * el2_vsnprintf / el2_snprintf and compared with the C library's).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/el2/exit.h"
#include "engine/el2/manifest.h"
#include "platform/el2/alloc.h"
#include "platform/el2/timerq.h"

int el2_snprintf(char *buf, size_t size, const char *fmt, ...);

/* ---- manifest ---- */
static const struct el2_manifest_env env = {
	.manifest_pa = AV_EL2_MANIFEST_PA,
	.image_start = 0x40080000,
	.image_end = 0x41200000,
	.boot_mpidr = 0,
	.cntfrq = 62500000,
	.ipa_limit = 1ull << 40,
};

/* What tests/el2/mkmanifest.c writes for QEMU virt, GICv3, 2 pCPUs. */
static struct av_el2_manifest good(void)
{
	struct av_el2_manifest m = {
		.magic = AV_EL2_MANIFEST_MAGIC,
		.version = AV_EL2_MANIFEST_VERSION,
		.size = sizeof(m),
		.mode = AV_EL2_MODE_DEMO,
		.flags = AV_EL2_F_SEMIHOSTING,
	};

	m.plat.gic_version = 3;
	m.plat.nr_pcpus = 2;
	m.plat.gicd_pa = 0x08000000;
	m.plat.gicr_pa = 0x080a0000;
	m.plat.gicr_stride = 0x20000;
	m.plat.uart_pa = 0x09000000;
	m.plat.ram_pa = 0x40000000;
	m.plat.ram_size = 194ull << 20;
	m.plat.hyp_ram_pa = 0x40000000;
	m.plat.hyp_ram_size = 130ull << 20;
	m.plat.pcpu_mpidr[1] = 1;
	m.vm.ram_ipa = 0x40000000;
	m.vm.ram_size = 64ull << 20;
	m.vm.ram_pa = 0x48200000;
	m.vm.entry_ipa = 0x40080000;
	m.vm.dtb_ipa = 0x43000000;
	m.vm.cntfrq = 62500000;
	m.vm.nr_vcpus = 2;
	m.vm.irqchip = AV_EL2_IRQCHIP_GICV3;
	m.vm.vtimer_intid = 27;
	m.vm.ptimer_intid = 30;
	m.vm.gicd_ipa = 0x08000000;
	m.vm.gicr_ipa = 0x080a0000;
	m.vm.uart_ipa = 0x09000000;
	return m;
}

static char err[256];

static int check(const struct av_el2_manifest *m)
{
	err[0] = 0;
	return el2_manifest_check(m, sizeof(*m), &env, err, sizeof(err));
}

/* m fails, and the message contains want. */
static void refused(const struct av_el2_manifest *m, const char *want)
{
	assert_int_equal(check(m), -1);
	if (!strstr(err, want))
		fail_msg("message '%s' does not name '%s'", err, want);
}

static void test_manifest_good(void **s)
{
	struct av_el2_manifest m = good();

	(void)s;
	assert_int_equal(check(&m), 0);
	m.mode = AV_EL2_MODE_SELFTEST;
	m.vm.nr_vcpus = 99; /* the VM is not looked at in self-test mode */
	assert_int_equal(check(&m), 0);
	m = good();
	m.plat.gic_version = 2;
	m.plat.gicr_pa = m.plat.gicr_stride = 0;
	m.plat.gicc_pa = 0x08010000;
	m.plat.gich_pa = 0x08030000;
	m.plat.gicv_pa = 0x08040000;
	m.vm.irqchip = AV_EL2_IRQCHIP_GICV2;
	m.vm.gicr_ipa = 0;
	m.vm.gicc_ipa = 0x08010000;
	assert_int_equal(check(&m), 0);
}

static void test_manifest_header(void **s)
{
	struct av_el2_manifest m = good();

	(void)s;
	assert_int_equal(el2_manifest_check(&m, 8, &env, err, sizeof(err)),
			 -1);
	m.magic = 0;
	refused(&m, "bad magic");
	m = good();
	m.version = AV_EL2_MANIFEST_VERSION + 1;
	refused(&m, "version 3");
	m = good();
	m.size = sizeof(m) - 8;
	refused(&m, "size");
	m = good();
	assert_int_equal(el2_manifest_check(&m, sizeof(m) - 1, &env, err,
					    sizeof(err)),
			 -1);
	m.mode = 9;
	refused(&m, "mode 9");
	m = good();
	m.flags = 1u << 20;
	refused(&m, "unknown bits");
	m = good();
	m.reserved[3] = 1;
	refused(&m, "reserved[3]");
}

static void test_manifest_platform(void **s)
{
	struct av_el2_manifest m;

	(void)s;
	m = good();
	m.plat.gic_version = 4;
	refused(&m, "plat.gic_version 4");
	m = good();
	m.plat.nr_pcpus = 0;
	refused(&m, "plat.nr_pcpus 0");
	m = good();
	m.plat.pcpu_mpidr[0] = 0x100;
	refused(&m, "boot CPU");
	m = good();
	m.plat.pcpu_mpidr[1] = 0;
	refused(&m, "repeats");
	m = good();
	m.plat.pcpu_mpidr[5] = 7;
	refused(&m, "beyond nr_pcpus");
	m = good();
	m.plat.pcpu_mpidr[1] = 1ull << 31;
	refused(&m, "outside Aff0..Aff3");
	m = good();
	m.plat.hyp_ram_pa = 0x30000000;
	refused(&m, "not inside plat.ram");
	m = good();
	m.plat.hyp_ram_size = 0x40000; /* the image does not fit */
	refused(&m, "the image");
	m = good();
	m.plat.uart_pa = 0x40001000;
	refused(&m, "plat.uart_pa");
	m = good();
	m.plat.gicr_stride = 0x10000;
	refused(&m, "gicr_stride");
	m = good();
	m.plat.gicr_pa = 0x08000000; /* on top of the distributor */
	refused(&m, "overlaps");
	m = good();
	m.plat.gicd_pa = 0x08000800;
	refused(&m, "aligned");
	m = good();
	m.plat.gic_version = 2; /* without GICC/GICH/GICV */
	refused(&m, "plat.gicc_pa is 0");
}

static void test_manifest_vm(void **s)
{
	struct av_el2_manifest m;

	(void)s;
	m = good();
	m.vm.nr_vcpus = 3;
	refused(&m, "vm.nr_vcpus 3");
	m = good();
	m.vm.irqchip = 0;
	refused(&m, "vm.irqchip 0");
	m = good();
	m.vm.ram_size = 0x100000;
	refused(&m, "2 MiB");
	m = good();
	m.vm.ram_ipa = (1ull << 40) - 0x200000;
	m.vm.entry_ipa = m.vm.ram_ipa;
	refused(&m, "IPA space");
	m = good();
	m.vm.ram_pa = 0x44000000;
	refused(&m, "overlaps plat.hyp_ram");
	m = good();
	m.vm.ram_pa = 0x4c200000;
	refused(&m, "not inside plat.ram");
	m = good();
	m.vm.entry_ipa = 0x3fff0000;
	refused(&m, "vm.entry_ipa");
	m = good();
	m.vm.entry_ipa = 0x40080002;
	refused(&m, "vm.entry_ipa");
	m = good();
	m.vm.dtb_ipa = 0x43000004;
	refused(&m, "vm.dtb_ipa");
	m = good();
	m.vm.initrd_ipa = 0x41000000;
	refused(&m, "initrd_size 0");
	m = good();
	m.vm.initrd_ipa = 0x43f00000;
	m.vm.initrd_size = 0x200000;
	refused(&m, "vm.initrd");
	m = good();
	m.vm.initrd_ipa = 0x42f00000;
	m.vm.initrd_size = 0x200000;
	refused(&m, "inside vm.initrd");
	m = good();
	m.vm.vtimer_intid = 30;
	refused(&m, "must differ");
	m = good();
	m.vm.ptimer_intid = 32;
	refused(&m, "PPI");
	m = good();
	m.vm.cntfrq = 100000000;
	refused(&m, "CNTFRQ_EL0");
	m = good();
	m.vm.vm_flags = 1;
	refused(&m, "vm.vm_flags");
	m = good();
	m.vm.uart_ipa = 0x40100000;
	refused(&m, "vm.uart_ipa");
	m = good();
	m.vm.gicr_ipa = 0x08008000;
	refused(&m, "vm.gicr_ipa");
	m = good();
	m.vm.gicd_ipa = 0;
	refused(&m, "vm.gicd_ipa is 0");
	m = good();
	m.vm.irqchip = AV_EL2_IRQCHIP_RVIC; /* no GIC windows needed */
	m.vm.gicd_ipa = m.vm.gicr_ipa = 0;
	assert_int_equal(check(&m), 0);
}

/* ---- exit decoding ---- */
static uint64_t x[31];

static uint64_t esr(unsigned ec, uint32_t iss)
{
	return (uint64_t)ec << 26 | ESR_IL | iss;
}

static void test_decode_calls(void **s)
{
	struct el2_exit e;

	(void)s;
	assert_int_equal(el2_exit_decode(esr(0x16, 0x1234), 0, 0, x, &e),
			 EL2_EXIT_HVC);
	assert_int_equal(e.call.imm, 0x1234);
	assert_int_equal(el2_exit_decode(esr(0x17, 0), 0, 0, x, &e),
			 EL2_EXIT_SMC);
	assert_int_equal(el2_exit_decode(esr(0x01, 0), 0, 0, x, &e),
			 EL2_EXIT_WFX);
	assert_false(e.wfx.is_wfe);
	el2_exit_decode(esr(0x01, 1), 0, 0, x, &e);
	assert_true(e.wfx.is_wfe);
	assert_int_equal(el2_exit_decode(esr(0x2f, 0), 0, 0, x, &e),
			 EL2_EXIT_SERROR);
	assert_int_equal(el2_exit_decode(esr(0x07, 0), 0, 0, x, &e),
			 EL2_EXIT_UNKNOWN);
	assert_int_equal(e.ec, 0x07);
}

/* ISS of MSR/MRS (Arm ARM D17.2.37): Op0 [21:20], Op2 [19:17], Op1
 * [16:14], CRn [13:10], Rt [9:5], CRm [4:1], Direction [0]. */
static uint32_t sys_iss(unsigned op0, unsigned op1, unsigned crn,
			unsigned crm, unsigned op2, unsigned rt, bool read)
{
	return op0 << 20 | op2 << 17 | op1 << 14 | crn << 10 | rt << 5 |
	       crm << 1 | read;
}

static void test_decode_sysreg(void **s)
{
	struct el2_exit e;

	(void)s;
	x[5] = 0x1234;
	/* MSR CNTP_CTL_EL0, x5 */
	assert_int_equal(el2_exit_decode(esr(0x18, sys_iss(3, 3, 14, 2, 1, 5,
							     false)),
					 0, 0, x, &e),
			 EL2_EXIT_SYSREG);
	assert_int_equal(e.sysreg.enc, EL2_SYSREG_ENC(3, 3, 14, 2, 1));
	assert_int_equal(e.sysreg.rt, 5);
	assert_true(e.sysreg.is_write);
	assert_int_equal(e.sysreg.value, 0x1234);
	/* the encoding is AV_SYS_REG's low 16 bits */
	assert_int_equal(e.sysreg.enc, 0xdf11);
	/* MRS x30, CNTPCT_EL0 */
	el2_exit_decode(esr(0x18, sys_iss(3, 3, 14, 0, 1, 30, true)), 0, 0, x,
			&e);
	assert_false(e.sysreg.is_write);
	assert_int_equal(e.sysreg.rt, 30);
	assert_int_equal(e.sysreg.value, 0);
	/* MSR ..., xzr writes 0 */
	el2_exit_decode(esr(0x18, sys_iss(2, 0, 0, 2, 2, 31, false)), 0, 0, x,
			&e);
	assert_int_equal(e.sysreg.enc, EL2_SYSREG_ENC(2, 0, 0, 2, 2));
	assert_int_equal(e.sysreg.value, 0);
}

static uint32_t dabt_iss(bool isv, unsigned sas, bool sse, unsigned srt,
			 bool sf, bool wnr, unsigned fsc)
{
	return (isv ? ESR_DABT_ISV : 0) | sas << 22 | (sse ? ESR_DABT_SSE : 0) |
	       srt << 16 | (sf ? ESR_DABT_SF : 0) | (wnr ? ESR_DABT_WNR : 0) |
	       fsc;
}

static void test_decode_mmio(void **s)
{
	struct el2_exit e;
	/* IPA 0x0a000004: HPFAR_EL2.FIPA = IPA[51:12] in bits [43:4] */
	uint64_t hpfar = (0x0a000004ull >> 12) << 4, far = 0xffff00000a000004;

	(void)s;
	x[3] = 0x1122334455667788;
	/* STRH w3, level-3 translation fault */
	assert_int_equal(el2_exit_decode(esr(0x24, dabt_iss(1, 1, 0, 3, 0, 1,
							      0x07)),
					 far, hpfar, x, &e),
			 EL2_EXIT_MMIO);
	assert_int_equal(e.mmio.ipa, 0x0a000004);
	assert_int_equal(e.mmio.len, 2);
	assert_true(e.mmio.is_write);
	assert_int_equal(e.mmio.value, 0x7788);
	assert_int_equal(e.far, far);
	/* STR xzr */
	el2_exit_decode(esr(0x24, dabt_iss(1, 3, 0, 31, 1, 1, 0x05)), far,
			hpfar, x, &e);
	assert_int_equal(e.mmio.value, 0);
	assert_int_equal(e.mmio.len, 8);
	/* LDRSB w7: sign-extended to 32 bits, upper half 0 */
	el2_exit_decode(esr(0x24, dabt_iss(1, 0, 1, 7, 0, 0, 0x06)), far,
			hpfar, x, &e);
	assert_false(e.mmio.is_write);
	assert_int_equal(e.mmio.rt, 7);
	assert_int_equal(el2_mmio_read_result(&e, 0x80), 0xffffff80);
	assert_int_equal(el2_mmio_read_result(&e, 0x7f), 0x7f);
	/* LDRSH x7 */
	el2_exit_decode(esr(0x24, dabt_iss(1, 1, 1, 7, 1, 0, 0x06)), far,
			hpfar, x, &e);
	assert_int_equal(el2_mmio_read_result(&e, 0xfff8001),
			 0xffffffffffff8001);
	/* LDRSW x7 */
	el2_exit_decode(esr(0x24, dabt_iss(1, 2, 1, 7, 1, 0, 0x06)), far,
			hpfar, x, &e);
	assert_int_equal(el2_mmio_read_result(&e, 0x80000000),
			 0xffffffff80000000);
	/* LDR w7 (no SSE): zero-extended, truncated to the size */
	el2_exit_decode(esr(0x24, dabt_iss(1, 2, 0, 7, 0, 0, 0x06)), far,
			hpfar, x, &e);
	assert_int_equal(el2_mmio_read_result(&e, 0xaabbccdd80000000),
			 0x80000000);
	/* LDR x7 */
	el2_exit_decode(esr(0x24, dabt_iss(1, 3, 0, 7, 1, 0, 0x06)), far,
			hpfar, x, &e);
	assert_int_equal(el2_mmio_read_result(&e, 0xaabbccdd80000000),
			 0xaabbccdd80000000);
}

static void test_decode_aborts(void **s)
{
	struct el2_exit e;
	uint64_t hpfar = (0x0c000000ull >> 12) << 4;

	(void)s;
	/* ISV = 0 (LDP): not MMIO */
	assert_int_equal(el2_exit_decode(esr(0x24, dabt_iss(0, 0, 0, 0, 0, 1,
							      0x07)),
					 0x0c000010, hpfar, x, &e),
			 EL2_EXIT_DABT);
	assert_true(e.abort.ipa_valid);
	assert_int_equal(e.abort.ipa, 0x0c000010);
	assert_true(e.abort.is_write);
	/* a stage-1 walk through unmapped IPA */
	el2_exit_decode(esr(0x24, dabt_iss(1, 2, 0, 1, 0, 1, 0x07) |
					  ESR_DABT_S1PTW),
			0x1000, hpfar, x, &e);
	assert_int_equal(e.kind, EL2_EXIT_DABT);
	assert_true(e.abort.s1ptw);
	assert_false(e.abort.is_write);
	/* DC CIVAC on an MMIO address */
	el2_exit_decode(esr(0x24, dabt_iss(1, 0, 0, 0, 0, 1, 0x07) |
					  ESR_DABT_CM),
			0x0c000000, hpfar, x, &e);
	assert_int_equal(e.kind, EL2_EXIT_DABT);
	assert_true(e.abort.cache_maint);
	/* a permission fault is not MMIO */
	el2_exit_decode(esr(0x24, dabt_iss(1, 2, 0, 1, 0, 1, 0x0f)),
			0x0c000000, hpfar, x, &e);
	assert_int_equal(e.kind, EL2_EXIT_DABT);
	assert_int_equal(e.abort.fsc, 0x0f);
	/* an external abort: no IPA from HPFAR */
	el2_exit_decode(esr(0x24, dabt_iss(0, 0, 0, 0, 0, 0, 0x10)),
			0x0c000000, hpfar, x, &e);
	assert_false(e.abort.ipa_valid);
	/* instruction abort */
	assert_int_equal(el2_exit_decode(esr(0x20, 0x06), 0x0c000000, hpfar,
					 x, &e),
			 EL2_EXIT_IABT);
	assert_int_equal(e.abort.ipa, 0x0c000000);
}

/* What an exit needs besides its syndrome: IMPLEMENTATION DEFINED
 * registers (TIDCP), DC ZVA, Device attributes, unaligned MMIO. */
static void test_exit_questions(void **s)
{
	struct el2_exit e;
	uint64_t hpfar = (0x08000000ull >> 12) << 4;

	(void)s;
	/* op0 3, CRn 11 / 15: L2CTLR_EL1 (3,1,11,0,2), S3_7_C15_C15_7 */
	assert_true(el2_sysreg_is_impdef(EL2_SYSREG_ENC(3, 1, 11, 0, 2)));
	assert_true(el2_sysreg_is_impdef(EL2_SYSREG_ENC(3, 7, 15, 15, 7)));
	/* not: CRn 11 with op0 2 (debug space), CRn 14 (timers), 12 (GIC) */
	assert_false(el2_sysreg_is_impdef(EL2_SYSREG_ENC(2, 0, 11, 0, 0)));
	assert_false(el2_sysreg_is_impdef(EL2_SYSREG_ENC(3, 3, 14, 2, 1)));
	assert_false(el2_sysreg_is_impdef(EL2_SYSREG_ENC(3, 0, 12, 12, 0)));
	/* DC ZVA, x0 / x17 (as the assembler encodes them); DC CIVAC x0 and
	 * DC CVAC x0 are not */
	assert_true(el2_insn_is_dc_zva(0xd50b7420));
	assert_true(el2_insn_is_dc_zva(0xd50b7431));
	assert_false(el2_insn_is_dc_zva(0xd50b7e20));
	assert_false(el2_insn_is_dc_zva(0xd50b7a20));
	/* MAIR attributes: Device-nGnRnE .. GRE; Normal NC, WB */
	assert_true(el2_attr_is_device(0x00));
	assert_true(el2_attr_is_device(0x04));
	assert_true(el2_attr_is_device(0x0c));
	assert_false(el2_attr_is_device(0x44));
	assert_false(el2_attr_is_device(0xff));
	/* LDR W at FAR ...06 is unaligned; at ...04 it is not; a byte never */
	el2_exit_decode(esr(0x24, dabt_iss(1, 2, 0, 1, 0, 0, 0x06)),
			0x08000006, hpfar, x, &e);
	assert_int_equal(e.kind, EL2_EXIT_MMIO);
	assert_true(el2_mmio_unaligned(&e));
	el2_exit_decode(esr(0x24, dabt_iss(1, 2, 0, 1, 0, 0, 0x06)),
			0x08000004, hpfar, x, &e);
	assert_false(el2_mmio_unaligned(&e));
	el2_exit_decode(esr(0x24, dabt_iss(1, 0, 0, 1, 0, 0, 0x06)),
			0x08000007, hpfar, x, &e);
	assert_false(el2_mmio_unaligned(&e));
}

/* ---- allocator ---- */
static void test_heap(void **s)
{
	size_t size = 1 << 20, free0, free1, largest;
	void *mem = malloc(size + 8);
	struct el2_heap h;
	void *p[200];
	unsigned seed = 12345;

	(void)s;
	el2_heap_init(&h, (char *)mem + 8, size);
	assert_int_equal(el2_heap_check(&h), 0);
	el2_heap_stats(&h, &free0, &largest);
	assert_int_equal(free0, largest);
	memset(p, 0, sizeof(p));
	for (unsigned round = 0; round < 20000; round++) {
		unsigned i;

		seed = seed * 1103515245 + 12345;
		i = (seed >> 8) % 200;
		if (p[i]) {
			assert_int_equal(el2_heap_free(&h, p[i]), 0);
			p[i] = NULL;
		} else {
			size_t n = (seed >> 16) % 3000 + 1;
			size_t align = 16u << ((seed >> 4) % 9); /* 16..4096 */

			p[i] = el2_heap_alloc(&h, n, align);
			if (p[i]) {
				assert_int_equal((uintptr_t)p[i] % align, 0);
				memset(p[i], (int)i, n);
			}
		}
		if (round % 1000 == 0)
			assert_int_equal(el2_heap_check(&h), 0);
	}
	for (unsigned i = 0; i < 200; i++)
		assert_int_equal(el2_heap_free(&h, p[i]), 0);
	assert_int_equal(el2_heap_check(&h), 0);
	el2_heap_stats(&h, &free1, &largest);
	assert_int_equal(free1, free0);
	assert_int_equal(largest, free0); /* merged back into one block */
	/* bad frees are refused and change nothing */
	p[0] = el2_heap_alloc(&h, 64, 16);
	assert_int_not_equal(el2_heap_free(&h, (char *)p[0] + 16), 0);
	assert_int_equal(el2_heap_free(&h, p[0]), 0);
	assert_int_not_equal(el2_heap_free(&h, p[0]), 0); /* double free */
	assert_int_not_equal(el2_heap_free(&h, (char *)mem + size + 64), 0);
	assert_int_equal(el2_heap_check(&h), 0);
	/* exhaustion */
	assert_null(el2_heap_alloc(&h, size, 16));
	assert_null(el2_heap_alloc(&h, 16, 3)); /* not a power of two */
	free(mem);
}

/* ---- timer lists ---- */
static void test_timerq(void **s)
{
	struct el2_timerq q = { 0 };
	struct plat_timer t[4] = { 0 };

	(void)s;
	assert_true(el2_timerq_insert(&q, &t[0], 300));
	assert_false(el2_timerq_insert(&q, &t[1], 500));
	assert_true(el2_timerq_insert(&q, &t[2], 100));
	assert_false(el2_timerq_insert(&q, &t[3], 300)); /* after t[0] */
	assert_int_equal(el2_timerq_next(&q), 100);
	el2_timerq_remove(&q, &t[2]);
	assert_null(t[2].q);
	assert_int_equal(el2_timerq_next(&q), 300);
	assert_null(el2_timerq_pop_due(&q, 299));
	assert_ptr_equal(el2_timerq_pop_due(&q, 300), &t[0]);
	assert_int_equal(t[0].running, 1);
	assert_ptr_equal(el2_timerq_pop_due(&q, 1000), &t[3]);
	assert_ptr_equal(el2_timerq_pop_due(&q, 1000), &t[1]);
	assert_null(el2_timerq_pop_due(&q, 1000));
	assert_int_equal(el2_timerq_next(&q), 0);
	el2_timerq_remove(&q, &t[1]); /* not on it: nothing happens */
}

/* ---- formatting ---- */
static void test_fmt(void **s)
{
#define SAME(...)                                                              \
	do {                                                                   \
		char a[64], b[64];                                             \
		int ra = el2_snprintf(a, sizeof(a), __VA_ARGS__);              \
		int rb = snprintf(b, sizeof(b), __VA_ARGS__);                  \
		assert_string_equal(a, b);                                     \
		assert_int_equal(ra, rb);                                      \
	} while (0)
	char small[5];

	(void)s;
	SAME("%d %i %u", -42, 7, 4000000000u);
	SAME("%ld %lu %lld %llu", -1l, ~0ul, -9000000000ll, ~0ull);
	SAME("%x %X %#x %#X %#o %o", 0xabcu, 0xabcu, 255u, 255u, 8u, 0u);
	SAME("%08x|%-8x|%8x|%.3x|%#010x", 0x1fu, 0x1fu, 0x1fu, 0x1fu, 0x1fu);
	SAME("%+d % d %05d %-5d| %.0d|", 3, 3, -3, -3, 0);
	SAME("%s|%.2s|%5s|%-5s|", "hello", "hello", "ab", "ab");
	SAME("%c%c%%", 'o', 'k');
	SAME("%hhu %hd %zu %zx", 300, 70000, (size_t)12, (size_t)255);
	SAME("%*d|%-*d|%.*s", 6, 42, 6, 42, 3, "abcdef");
	SAME("%lx %#lx", 0xffff000012345678ul, 0ul);
	SAME("%p", (void *)0x4008abcdul);
	/* truncation: C99 return value, NUL-terminated */
	assert_int_equal(el2_snprintf(small, sizeof(small), "%s", "abcdefg"),
			 7);
	assert_string_equal(small, "abcd");
	assert_int_equal(el2_snprintf(NULL, 0, "%d", 12345), 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_manifest_good),
		cmocka_unit_test(test_manifest_header),
		cmocka_unit_test(test_manifest_platform),
		cmocka_unit_test(test_manifest_vm),
		cmocka_unit_test(test_decode_calls),
		cmocka_unit_test(test_decode_sysreg),
		cmocka_unit_test(test_decode_mmio),
		cmocka_unit_test(test_decode_aborts),
		cmocka_unit_test(test_exit_questions),
		cmocka_unit_test(test_heap),
		cmocka_unit_test(test_timerq),
		cmocka_unit_test(test_fmt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
