// SPDX-License-Identifier: MIT
/*
 * vGIC unit tests, part 2: register semantics (values, widths, reserved
 * offsets), SGI routing on GICv3 and GICv2, GICv2 ITARGETSR rules, and
 * sweeps of every MMIO offset and ICC encoding (through the core's own
 * dispatch: millions of accesses).  Over the real core and the null engine
 * (vgic_harness.h).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/internal.h"
#include "vgic_harness.h"

/* ---- GICv3 register values -------------------------------------------- */

static void test_v3_ident(void **state)
{
	av_vm *vm = vgic_vm(2, 3, 0);
	av_vcpu *v0 = av_vm_vcpu(vm, 0), *v1 = av_vm_vcpu(vm, 1);

	assert_int_equal(gic_rd(v0, GICD + 0x8, 4), 0x4b00343b); /* IIDR */
	/* ITLinesNumber 7 (256 INTIDs), IDbits 9 as KVM without an ITS. */
	assert_int_equal(gic_rd(v0, GICD + 0x4, 4), 7 | 9u << 19);
	assert_int_equal(gic_rd(v0, GICD + 0x0, 4), 0x50); /* ARE | DS */
	gic_wr(v0, GICD, 4, 0xffffffff);
	assert_int_equal(gic_rd(v0, GICD + 0x0, 4), 0x52);
	assert_int_equal(gic_rd(v0, GICD + 0xffe8, 4), 0x3b);

	/* Redistributors. */
	assert_int_equal(gic_rd(v0, GICR + 0x4, 4), 0x4b00343b);
	assert_int_equal(gic_rd(v0, GICR + 0xffe8, 4), 0x3b);
	assert_int_equal(gic_rd(v0, GICR + 0x0, 4), 0x600);
	assert_int_equal(gic_rd(v0, GICR + 0x8, 8), 0);
	assert_int_equal(gic_rd(v0, GICR + GICR_STRIDE + 0x8, 8),
			 1ull << 32 | 1 << 8 | 1 << 4);
	assert_int_equal(gic_rd(v1, GICR + GICR_STRIDE + 0x8, 4),
			 1 << 8 | 1 << 4);
	assert_int_equal(gic_rd(v1, GICR + GICR_STRIDE + 0xc, 4), 1);
	/* WAKER handshake. */
	assert_int_equal(gic_rd(v0, GICR + 0x14, 4), 6);
	gic_wr(v0, GICR + 0x14, 4, 0);
	assert_int_equal(gic_rd(v0, GICR + 0x14, 4), 0);
	gic_wr(v0, GICR + 0x14, 4, 2);
	assert_int_equal(gic_rd(v0, GICR + 0x14, 4), 6);
	/* SGI frame reset values: SGIs enabled and edge, Group 1. */
	assert_int_equal(gic_rd(v0, GICR + SGI_FRAME + 0x100, 4), 0xffff);
	assert_int_equal(gic_rd(v0, GICR + SGI_FRAME + 0xc00, 4), 0xaaaaaaaa);
	assert_int_equal(gic_rd(v0, GICR + SGI_FRAME + 0xc04, 4), 0);
	assert_int_equal(gic_rd(v0, GICR + SGI_FRAME + 0x80, 4), 0xffffffff);
	gic_wr(v0, GICR + SGI_FRAME + 0xc04, 4, 0xffffffff); /* PPIs RO */
	assert_int_equal(gic_rd(v0, GICR + SGI_FRAME + 0xc04, 4), 0);

	/* CPU interface. */
	assert_int_equal(icc_rd(v0, ICC_SRE), 7);
	assert_int_equal(icc_rd(v0, ICC_CTLR), 4u << 8 | 1u << 15);
	icc_wr(v0, ICC_PMR, 0xff);
	assert_int_equal(icc_rd(v0, ICC_PMR), 0xf8);
	assert_int_equal(icc_rd(v0, ICC_RPR), 0xff);
	assert_int_equal(icc_rd(v0, ICC_IAR1), 1023);
	assert_int_equal(icc_rd(v0, ICC_HPPIR1), 1023);
	nh_vm_free(vm);
}

static void test_v3_widths_and_reserved(void **state)
{
	av_vm *vm = v3_vm(2, 0);
	av_vcpu *v = av_vm_vcpu(vm, 0);

	/* Reserved offsets are RAZ/WI. */
	assert_int_equal(gic_rd(v, GICD + 0x10, 4), 0);
	assert_int_equal(gic_rd(v, GICD + 0x2000, 4), 0);
	gic_wr(v, GICD + 0x2000, 4, ~0ull);
	assert_int_equal(gic_rd(v, GICD + 0x2000, 4), 0);
	assert_int_equal(gic_rd(v, GICD + 0x800 + 40, 4), 0); /* ITARGETSR */
	/* Bad widths are RAZ/WI: CTLR by byte or halfword. */
	assert_int_equal(gic_rd(v, GICD, 1), 0);
	assert_int_equal(gic_rd(v, GICD, 2), 0);
	gic_wr(v, GICD, 2, 0);
	assert_int_equal(gic_rd(v, GICD, 4), 0x52);
	assert_int_equal(gic_rd(v, GICD + 0x100 + 4, 1), 0);
	/* Misaligned: RAZ/WI. */
	assert_int_equal(gic_rd(v, GICD + 0x402, 4), 0);
	/* ARE=1: the distributor's private-IRQ registers are RAZ/WI. */
	assert_int_equal(gic_rd(v, GICD + 0x100, 4), 0);
	gic_wr(v, GICD + 0x100, 4, ~0ull);
	assert_int_equal(gic_rd(v, GICR + SGI_FRAME + 0x100, 4), 0xffff);
	assert_int_equal(gic_rd(v, GICD + 0x6000, 8), 0);

	/* IPRIORITYR: byte access; only the top five bits are kept. */
	gic_wr(v, GICD + 0x400 + 33, 1, 0xff);
	gic_wr(v, GICD + 0x400 + 34, 1, 0x47);
	assert_int_equal(gic_rd(v, GICD + 0x400 + 33, 1), 0xf8);
	assert_int_equal(gic_rd(v, GICD + 0x420, 4), 0x40f800);
	assert_int_equal(gic_rd(v, GICD + 0x420, 2), 0); /* halfword: RAZ */
	gic_wr(v, GICD + 0x424, 4, 0x11223344);
	assert_int_equal(gic_rd(v, GICD + 0x424, 4), 0x10203040);
	assert_int_equal(gic_rd(v, GICR + SGI_FRAME + 0x400 + 27, 1), 0);
	gic_wr(v, GICR + SGI_FRAME + 0x400 + 27, 1, 0xa0);
	assert_int_equal(gic_rd(v, GICR + SGI_FRAME + 0x418, 4), 0xa0000000);

	/* IROUTER: 64-bit, served as two 32-bit halves too; IRM RAZ/WI. */
	gic_wr(v, GICD + 0x6000 + 8 * 40, 4, 0x80000001);
	assert_int_equal(gic_rd(v, GICD + 0x6000 + 8 * 40, 8), 1);
	gic_wr(v, GICD + 0x6000 + 8 * 40 + 4, 4, 0xffffff02);
	assert_int_equal(gic_rd(v, GICD + 0x6000 + 8 * 40, 8),
			 0x0000000200000001ull);
	assert_int_equal(gic_rd(v, GICD + 0x6000 + 8 * 40 + 4, 4), 2);
	gic_wr(v, GICD + 0x6000 + 8 * 41, 8, 0x0000000300010200ull);
	assert_int_equal(gic_rd(v, GICD + 0x6000 + 8 * 41, 4), 0x10200);
	assert_int_equal(gic_rd(v, GICD + 0x6000 + 8 * 41 + 4, 4), 3);
	assert_int_equal(gic_rd(v, GICD + 0x6000 + 8 * 41 + 2, 2), 0);

	/* GICR_TYPER by halves and whole. */
	assert_int_equal(gic_rd(v, GICR + 0x8, 2), 0);
	nh_vm_free(vm);
}

/* An SPI routed by IROUTER reaches the named vCPU; re-routing while
 * pending moves it. */
static void test_v3_spi_routing(void **state)
{
	av_vm *vm = v3_vm(3, 0);
	av_vcpu *v0 = av_vm_vcpu(vm, 0), *v2 = av_vm_vcpu(vm, 2);
	const struct irqchip_flow *f = vm_irqchip(vm);

	spi_setup(v0, 40, 0x80);
	gic_wr(v0, GICD + 0x6000 + 8 * 40, 8, 2); /* Aff0 = 2 */
	f->inject_irq(vm, NULL, 40, true, NULL);
	assert_true(take_request(v2, REQ_IRQ_PENDING));
	assert_true(f->vcpu_pending_irq(v2));
	assert_false(f->vcpu_pending_irq(v0));
	gic_wr(v0, GICD + 0x6000 + 8 * 40, 8, 0);
	nh_run(v2); /* its exit's prune migrates the IRQ */
	assert_true(f->vcpu_pending_irq(v0));
	assert_int_equal(icc_rd(v2, ICC_IAR1), 1023);
	assert_int_equal(icc_rd(v0, ICC_IAR1), 40);
	icc_wr(v0, ICC_EOIR1, 40);
	nh_vm_free(vm);
}

/* ---- GICv3 SGIs ------------------------------------------------------------ */

static uint32_t sgi_pending(av_vcpu *v)
{
	return (uint32_t)gic_rd(v, GICR + vcpu_index(v) * GICR_STRIDE +
					    SGI_FRAME + 0x200, 4) & 0xffff;
}

static void clear_sgis(av_vm *vm, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		gic_wr(av_vm_vcpu(vm, i),
			GICR + i * GICR_STRIDE + SGI_FRAME + 0x280, 4, 0xffff);
}

static void test_v3_sgi_routing(void **state)
{
	av_vm *vm = v3_vm(20, 0);
	av_vcpu *v0 = av_vm_vcpu(vm, 0);

	/* TargetList bits 1 and 2, Aff1 0: vCPUs 1 and 2. */
	take_request(av_vm_vcpu(vm, 1), REQ_IRQ_PENDING);
	icc_wr(v0, ICC_SGI1R, 3ull << 24 | 0x6);
	assert_int_equal(sgi_pending(av_vm_vcpu(vm, 1)), 1u << 3);
	assert_int_equal(sgi_pending(av_vm_vcpu(vm, 2)), 1u << 3);
	assert_int_equal(sgi_pending(av_vm_vcpu(vm, 3)), 0);
	assert_int_equal(sgi_pending(v0), 0);
	assert_true(take_request(av_vm_vcpu(vm, 1), REQ_IRQ_PENDING));
	assert_int_equal(icc_rd(av_vm_vcpu(vm, 2), ICC_IAR1), 3);
	icc_wr(av_vm_vcpu(vm, 2), ICC_EOIR1, 3);
	clear_sgis(vm, 20);

	/* Aff1 = 1, TargetList bit 1: vCPU 17 (MPIDR 1.1). */
	icc_wr(v0, ICC_SGI1R, 5ull << 24 | 1ull << 16 | 0x2);
	for (unsigned i = 0; i < 20; i++)
		assert_int_equal(sgi_pending(av_vm_vcpu(vm, i)),
				 i == 17 ? 1u << 5 : 0);
	clear_sgis(vm, 20);

	/* RS = 1 names Aff0 16..31: nobody here. */
	icc_wr(v0, ICC_SGI1R, 5ull << 24 | 1ull << 44 | 0xffff);
	for (unsigned i = 0; i < 20; i++)
		assert_int_equal(sgi_pending(av_vm_vcpu(vm, i)), 0);

	/* IRM: everyone but the sender. */
	icc_wr(av_vm_vcpu(vm, 7), ICC_SGI1R, 9ull << 24 | 1ull << 40);
	for (unsigned i = 0; i < 20; i++)
		assert_int_equal(sgi_pending(av_vm_vcpu(vm, i)),
				 i == 7 ? 0 : 1u << 9);
	clear_sgis(vm, 20);

	/* SGI0R only reaches Group 0 SGIs (DS=1 rules, as KVM). */
	icc_wr(v0, ICC_SGI0R, 1ull << 24 | 0x2);
	assert_int_equal(sgi_pending(av_vm_vcpu(vm, 1)), 0);
	gic_wr(av_vm_vcpu(vm, 1), GICR + GICR_STRIDE + SGI_FRAME + 0x80, 4,
		0xfffffffd); /* SGI 1 to Group 0 */
	icc_wr(v0, ICC_SGI0R, 1ull << 24 | 0x2);
	assert_int_equal(sgi_pending(av_vm_vcpu(vm, 1)), 1u << 1);
	icc_wr(v0, ICC_ASGI1R, 1ull << 24 | 0x4);
	assert_int_equal(sgi_pending(av_vm_vcpu(vm, 2)), 0);
	nh_vm_free(vm);
}

/* ---- GICv2 ------------------------------------------------------------------- */

static void test_v2_ident(void **state)
{
	av_vm *vm = vgic_vm(4, 2, 0);
	av_vcpu *v = av_vm_vcpu(vm, 0);

	assert_int_equal(gic_rd(v, GICD + 0x8, 4), 0x4b00243b);
	assert_int_equal(gic_rd(v, GICD + 0x4, 4), 7 | 3u << 5);
	assert_int_equal(gic_rd(v, GICD + 0x0, 4), 0);
	gic_wr(v, GICD, 4, 3);
	assert_int_equal(gic_rd(v, GICD + 0x0, 4), 1);
	assert_int_equal(gic_rd(v, GICC + 0xfc, 4), 0x04b2043b);
	assert_int_equal(gic_rd(v, GICD + 0x80, 4), 0); /* Group 0 */
	assert_int_equal(gic_rd(v, GICD + 0xc00, 4), 0xaaaaaaaa);
	/* GICC: PMR keeps five bits; BPR minimum 2, ABPR minimum 3. */
	gic_wr(v, GICC + 0x4, 4, 0xff);
	assert_int_equal(gic_rd(v, GICC + 0x4, 4), 0xf8);
	gic_wr(v, GICC + 0x8, 4, 0);
	assert_int_equal(gic_rd(v, GICC + 0x8, 4), 2);
	gic_wr(v, GICC + 0x1c, 4, 0);
	assert_int_equal(gic_rd(v, GICC + 0x1c, 4), 3);
	gic_wr(v, GICC, 4, 0x21f);
	assert_int_equal(gic_rd(v, GICC, 4), 0x21f);
	assert_int_equal(gic_rd(v, GICC + 0xc, 4), 1023);
	assert_int_equal(gic_rd(v, GICC + 0x14, 4), 0xff);
	assert_int_equal(gic_rd(v, GICC + 0xc, 2), 0); /* bad width */
	nh_vm_free(vm);
}

static void test_v2_itargetsr(void **state)
{
	av_vm *vm;
	av_vcpu *v;

	/* One vCPU: writes are stored masked with the present vCPUs, as at
	 * any other count (KVM; PLATFORM.md: 0x0103020f reads 0x01010001). */
	vm = v2_vm(1, 0);
	v = av_vm_vcpu(vm, 0);
	gic_wr(v, GICD + 0x800 + 32, 1, 1);
	assert_int_equal(gic_rd(v, GICD + 0x800 + 32, 1), 1);
	gic_wr(v, GICD + 0x800 + 32, 1, 0);
	assert_int_equal(gic_rd(v, GICD + 0x800 + 32, 1), 0);
	gic_wr(v, GICD + 0x820, 4, 0x0103020f);
	assert_int_equal(gic_rd(v, GICD + 0x820, 4), 0x01010001);
	gic_wr(v, GICD + 0x820, 4, 0xfefefefe);
	assert_int_equal(gic_rd(v, GICD + 0x820, 4), 0);
	assert_int_equal(gic_rd(v, GICD + 0x800, 4), 0x01010101);
	nh_vm_free(vm);

	/* Three vCPUs: bits of absent CPUs RAZ/WI; private bytes name the
	 * reader and are read-only. */
	vm = v2_vm(3, 0);
	v = av_vm_vcpu(vm, 2);
	gic_wr(v, GICD + 0x800 + 40, 1, 0xff);
	assert_int_equal(gic_rd(v, GICD + 0x800 + 40, 1), 0x07);
	assert_int_equal(gic_rd(v, GICD + 0x800 + 41, 1), 0);
	assert_int_equal(gic_rd(v, GICD + 0x81c, 4), 0x04040404);
	gic_wr(v, GICD + 0x81c, 4, 0x01010101);
	assert_int_equal(gic_rd(v, GICD + 0x81c, 4), 0x04040404);
	assert_int_equal(gic_rd(av_vm_vcpu(vm, 0), GICD + 0x800, 4),
			 0x01010101);
	nh_vm_free(vm);

	/* Four vCPUs: an SPI goes to the lowest CPU in its target list. */
	vm = v2_vm(4, 0);
	v = av_vm_vcpu(vm, 0);
	spi_setup(v, 40, 0x80);
	gic_wr(v, GICD + 0x828, 4, 0x0c);
	assert_int_equal(gic_rd(v, GICD + 0x828, 4), 0x0c);
	gic_wr(v, GICD + 0x800 + 41, 1, 0xf0);
	assert_int_equal(gic_rd(v, GICD + 0x800 + 41, 1), 0);
	vm_irqchip(vm)->inject_irq(vm, NULL, 40, true, NULL);
	assert_int_equal(gic_rd(av_vm_vcpu(vm, 2), GICC + 0xc, 4), 40);
	assert_int_equal(gic_rd(v, GICC + 0xc, 4), 1023);
	gic_wr(av_vm_vcpu(vm, 2), GICC + 0x10, 4, 40);
	nh_vm_free(vm);
}

static void test_v2_sgi(void **state)
{
	av_vm *vm = v2_vm(4, 0);
	av_vcpu *v0 = av_vm_vcpu(vm, 0), *v1 = av_vm_vcpu(vm, 1);
	av_vcpu *v2 = av_vm_vcpu(vm, 2), *v3 = av_vm_vcpu(vm, 3);
	struct lr_snap s;

	/* Filter 0: the list (CPUs 0 and 2), sent by CPU 1. */
	gic_wr(v1, GICD + 0xf00, 4, 0x5u << 16 | 4);
	assert_int_equal(gic_rd(v0, GICC + 0x18, 4), 4 | 1u << 10); /* HPPIR */
	assert_int_equal(gic_rd(v0, GICC + 0xc, 4), 4 | 1u << 10);
	gic_wr(v0, GICC + 0x10, 4, 4 | 1u << 10);
	assert_int_equal(gic_rd(v2, GICC + 0xc, 4), 4 | 1u << 10);
	gic_wr(v2, GICC + 0x10, 4, 4 | 1u << 10);
	assert_int_equal(gic_rd(v1, GICC + 0xc, 4), 1023);
	assert_int_equal(gic_rd(v3, GICC + 0xc, 4), 1023);

	/* Filter 1: all but self. */
	gic_wr(v3, GICD + 0xf00, 4, 1u << 24 | 7);
	for (unsigned i = 0; i < 3; i++) {
		av_vcpu *t = av_vm_vcpu(vm, i);

		assert_int_equal(gic_rd(t, GICC + 0xc, 4), 7 | 3u << 10);
		gic_wr(t, GICC + 0x10, 4, 7 | 3u << 10);
	}
	assert_int_equal(gic_rd(v3, GICC + 0xc, 4), 1023);

	/* Filter 2: self only. */
	gic_wr(v2, GICD + 0xf00, 4, 2u << 24 | 0xf << 16 | 9);
	assert_int_equal(gic_rd(v0, GICC + 0xc, 4), 1023);
	assert_int_equal(gic_rd(v2, GICC + 0xc, 4), 9 | 2u << 10);
	gic_wr(v2, GICC + 0x10, 4, 9 | 2u << 10);

	/* Two sources of one SGI: two deliveries, each naming its source;
	 * SPENDSGIR shows the sources. */
	gic_wr(v1, GICD + 0xf00, 4, 1u << 16 | 5);
	gic_wr(v3, GICD + 0xf00, 4, 1u << 16 | 5);
	/* One LR per source (GICH_LR.CPUID): the other waits, and the CPU
	 * interface is asked to report when no LR is pending (GICH_HCR.NPIE,
	 * IHI 0048B 5.3.1) so that it can be listed; the exit's fold puts
	 * the listed source back. */
	vgic_enter(v0, &s);
	assert_int_equal(s.used_lrs, 1);
	assert_int_equal(s.lr[0].source, 1);
	assert_true(s.npie);
	assert_int_equal(gic_rd(v0, GICD + 0xf24, 4), 0x0a << 8);
	assert_int_equal(gic_rd(v0, GICD + 0xf25, 1), 0x0a);
	assert_int_equal(gic_rd(v0, GICC + 0xc, 4), 5 | 1u << 10);
	gic_wr(v0, GICC + 0x10, 4, 5 | 1u << 10);
	assert_int_equal(gic_rd(v0, GICC + 0xc, 4), 5 | 3u << 10);
	gic_wr(v0, GICC + 0x10, 4, 5 | 3u << 10);
	assert_int_equal(gic_rd(v0, GICC + 0xc, 4), 1023);

	/* SPENDSGIR / CPENDSGIR; ISPENDR0 SGI bits are WI on GICv2. */
	gic_wr(v0, GICD + 0xf20 + 6, 1, 0x04);
	assert_int_equal(gic_rd(v0, GICD + 0x200, 4) & 0xffff, 1u << 6);
	gic_wr(v0, GICD + 0xf10 + 6, 1, 0x04);
	assert_int_equal(gic_rd(v0, GICD + 0x200, 4) & 0xffff, 0);
	gic_wr(v0, GICD + 0x200, 4, 0xffff);
	assert_int_equal(gic_rd(v0, GICD + 0x200, 4) & 0xffff, 0);
	nh_vm_free(vm);
}

/* GICv2 EOImode, AckCtl and the AIAR path for Group 1. */
static void test_v2_cpuif(void **state)
{
	av_vm *vm = v2_vm(1, 2);
	av_vcpu *v = av_vm_vcpu(vm, 0);

	spi_setup(v, 45, 0x30);
	spi_setup(v, 46, 0x20);
	gic_wr(v, GICD + 0x84, 4, 1u << 14); /* 46 to Group 1 */
	gic_wr(v, GICC, 4, 3);               /* both groups, AckCtl 0 */
	gic_wr(v, GICD + 0x204, 4, 3u << 13);
	assert_int_equal(gic_rd(v, GICC + 0x18, 4), 1022);
	assert_int_equal(gic_rd(v, GICC + 0xc, 4), 1022);
	assert_int_equal(gic_rd(v, GICC + 0x28, 4), 46); /* AHPPIR */
	assert_int_equal(gic_rd(v, GICC + 0x20, 4), 46); /* AIAR */
	assert_int_equal(gic_rd(v, GICC + 0x14, 4), 0x20);
	gic_wr(v, GICC + 0x24, 4, 46); /* AEOIR */
	assert_int_equal(gic_rd(v, GICC + 0x14, 4), 0xff);
	/* EOImode 1: EOIR drops, DIR deactivates. */
	gic_wr(v, GICC, 4, 0x203);
	assert_int_equal(gic_rd(v, GICC + 0xc, 4), 45);
	assert_int_equal(gic_rd(v, GICC + 0xd0, 4), 1u << (0x30 >> 3));
	gic_wr(v, GICC + 0x10, 4, 45);
	assert_int_equal(gic_rd(v, GICD + 0x304, 4), 1u << 13);
	gic_wr(v, GICC + 0x1000, 4, 45);
	assert_int_equal(gic_rd(v, GICD + 0x304, 4), 0);
	nh_vm_free(vm);
}

/* ---- sweeps: nothing crashes, whatever the offset or width ------------- */

static void sweep(av_vm *vm, av_vcpu *v, uint64_t base, uint64_t size)
{
	static const unsigned widths[] = { 1, 2, 4, 8 };
	static const uint64_t values[] = { 0, ~0ull, 0x5a5a5a5a5a5a5a5aull };

	for (uint64_t off = 0; off < size; off++) {
		for (unsigned w = 0; w < 4; w++) {
			uint64_t val;

			assert_true(gic_mmio_read(v, base + off, widths[w],
						  &val));
			if (widths[w] < 8)
				assert_true(val < 1ull << (widths[w] * 8));
			assert_true(gic_mmio_write(v, base + off, widths[w],
						   values[(off + w) % 3]));
		}
	}
}

static void drain(av_vm *vm, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		nh_run(av_vm_vcpu(vm, i)); /* flush, enter, sync */
}

static void test_sweep_v3(void **state)
{
	av_vm *vm = v3_vm(2, 0);

	sweep(vm, av_vm_vcpu(vm, 0), GICD, 0x10000);
	sweep(vm, av_vm_vcpu(vm, 1), GICR, 2 * GICR_STRIDE);
	drain(vm, 2);
	nh_vm_free(vm);
}

static void test_sweep_v2(void **state)
{
	av_vm *vm = v2_vm(3, 0);

	sweep(vm, av_vm_vcpu(vm, 1), GICD, 0x1000);
	sweep(vm, av_vm_vcpu(vm, 1), GICC, 0x2000);
	drain(vm, 3);
	nh_vm_free(vm);
}

/* Every ICC encoding under op0=3, op1=0, CRn 4 and 12, at EL0 and EL1. */
static void test_sweep_icc(void **state)
{
	av_vm *vm = v3_vm(2, 0);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	static const uint64_t values[] = { 0, ~0ull, 0x1234567, 1ull << 40 };
	unsigned registered = 0;

	for (unsigned crn = 4; crn <= 12; crn += 8)
		for (unsigned crm = 0; crm < 16; crm++)
			for (unsigned op2 = 0; op2 < 8; op2++)
				for (unsigned el = 0; el < 2; el++)
					for (unsigned k = 0; k < 4; k++) {
						uint32_t enc = SYSREG_ENC(
							3, 0, crn, crm, op2);
						uint64_t val;
						int r = nh_sysreg(v, enc, false,
								  el, &val);

						/* EL0: op1 = 0 registers are
						 * UNDEFINED (Arm ARM D17.1.2),
						 * -EACCES before any handler. */
						if (el == 0)
							assert_int_equal(
								r, -EACCES);
						else
							assert_true(r == 0 ||
								    r == -ENOENT);
						val = values[k];
						nh_sysreg(v, enc, true, el,
							  &val);
					}
	/* The ones the core traps in that space are the vGIC's 20. */
	for (unsigned crn = 4; crn <= 12; crn += 8)
		for (unsigned i = 0; i < 128; i++) {
			uint32_t enc = SYSREG_ENC(3, 0, crn, i >> 3, i & 7);
			const struct sysreg_desc *d = vm_find_sysreg(vm, enc);
			uint64_t val = 0;

			if (!d)
				continue;
			assert_non_null(d->name);
			assert_true(nh_sysreg(v, enc, false, 1, &val) == 0 ||
				    nh_sysreg(v, enc, true, 1, &val) == 0);
			registered++;
		}
	assert_int_equal(registered, 20);
	drain(vm, 2);
	nh_vm_free(vm);
}

int vgic_regs_tests(void);

int vgic_regs_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v3_ident),
		cmocka_unit_test(test_v3_widths_and_reserved),
		cmocka_unit_test(test_v3_spi_routing),
		cmocka_unit_test(test_v3_sgi_routing),
		cmocka_unit_test(test_v2_ident),
		cmocka_unit_test(test_v2_itargetsr),
		cmocka_unit_test(test_v2_sgi),
		cmocka_unit_test(test_v2_cpuif),
		cmocka_unit_test(test_sweep_v3),
		cmocka_unit_test(test_sweep_v2),
		cmocka_unit_test(test_sweep_icc),
	};

	return cmocka_run_group_tests_name("vgic_registers", tests, NULL, NULL);
}
