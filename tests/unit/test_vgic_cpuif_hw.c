// SPDX-License-Identifier: MIT
/*
 * The hardware vGIC CPU interface (src/irqchip/vgic/vgic_cpuif_hw.c, the
 * EL2 image's) on the host: the file is built with AV_EL2_IMAGE into this
 * test, and the EL2 engine's register accessors (vgic_hw_regs.h) are a
 * software ICH_*_EL2 register set standing for one physical CPU's.  The
 * null engine offers ENGINE_CAP_GICV3_CPUIF, so the vGIC picks it; the
 * guest hook acts as the hardware and the guest would while "in the
 * guest" (between load and put), on the registers the implementation
 * loaded.  What the QEMU runs cannot show one by one: the LR formats (HW
 * + pINTID, EOI only on valid software level LRs), the maintenance
 * enables chosen (UIE only with two valid LRs, NPIE, LRENPIE, TDIR), a
 * consumed HW LR reaching the physical source, EOIcount deactivating the
 * unlisted active IRQ, DIR trapped, VMCR between shadow and hardware.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/core_engine.h"
#include "irqchip/vgic/vgic_hw_regs.h"
#include "vgic_harness.h"

#define NR_LRS 4
#define ST(lr) ((unsigned)((lr) >> VGIC_ICH_LR_STATE_SHIFT) & 3)
#define VINTID(lr) ((uint32_t)((lr) & 0xffffffffu))
#define PINTID(lr) ((uint32_t)((lr) >> VGIC_ICH_LR_PINTID_SHIFT) & 0x1fff)

/* ---- the "hardware": one pCPU's ICH_*_EL2 registers ------------------- */
static struct {
	uint64_t lr[NR_LRS];
	uint32_t hcr, vmcr, ap0r[4], ap1r[4];
} ich;

unsigned el2_vgic_v3_nr_lrs(void) { return NR_LRS; }
unsigned el2_vgic_v3_nr_aprs(void) { return 1; }
uint64_t el2_vgic_v3_read_lr(unsigned n) { return n < NR_LRS ? ich.lr[n] : 0; }
void el2_vgic_v3_write_lr(unsigned n, uint64_t v)
{
	if (n < NR_LRS)
		ich.lr[n] = v;
}
uint32_t el2_vgic_v3_read_hcr(void) { return ich.hcr; }
void el2_vgic_v3_write_hcr(uint32_t v) { ich.hcr = v; }
uint32_t el2_vgic_v3_read_vmcr(void) { return ich.vmcr; }
void el2_vgic_v3_write_vmcr(uint32_t v) { ich.vmcr = v; }
uint32_t el2_vgic_v3_read_ap0r(unsigned n) { return ich.ap0r[n & 3]; }
void el2_vgic_v3_write_ap0r(unsigned n, uint32_t v) { ich.ap0r[n & 3] = v; }
uint32_t el2_vgic_v3_read_ap1r(unsigned n) { return ich.ap1r[n & 3]; }
void el2_vgic_v3_write_ap1r(unsigned n, uint32_t v) { ich.ap1r[n & 3] = v; }
/* GICv2 is not exercised here: present for the link only. */
unsigned el2_vgic_v2_nr_lrs(void) { return NR_LRS; }
uint32_t el2_vgic_v2_read_lr(unsigned n) { return 0; }
void el2_vgic_v2_write_lr(unsigned n, uint32_t v) {}
uint32_t el2_vgic_v2_read_hcr(void) { return 0; }
void el2_vgic_v2_write_hcr(uint32_t v) {}
uint32_t el2_vgic_v2_read_vmcr(void) { return 0; }
void el2_vgic_v2_write_vmcr(uint32_t v) {}
uint32_t el2_vgic_v2_read_apr(void) { return 0; }
void el2_vgic_v2_write_apr(uint32_t v) {}
int el2_engine_map_gicv(struct av_vm *vm, uint64_t gicc_ipa) { return -ENXIO; }

/* ---- the guest, acting on the registers while it runs ----------------- */
struct guest {
	uint64_t lr[NR_LRS]; /* as loaded at entry */
	uint32_t hcr, vmcr;
	void (*act)(void);   /* what the guest (and the GIC) do meanwhile */
};

static void guest_hook(av_vcpu *v, const struct engine_entry *in, void *arg)
{
	struct guest *g = arg;

	(void)v;
	(void)in;
	memcpy(g->lr, ich.lr, sizeof(g->lr));
	g->hcr = ich.hcr;
	g->vmcr = ich.vmcr;
	if (g->act)
		g->act();
	g->act = NULL;
}

static void run_guest(av_vcpu *v, struct guest *g)
{
	null_engine_set_hook(v, guest_hook, g);
	nh_run(v);
	null_engine_set_hook(v, NULL, NULL);
}

static av_vm *hw_vm(unsigned nr_lrs)
{
	av_vm *vm;

	memset(&ich, 0, sizeof(ich));
	null_engine_set_caps(ENGINE_CAP_GICV3_CPUIF);
	vm = vgic_vm(1, 3, nr_lrs);
	null_engine_set_caps(0);
	gic_wr(av_vm_vcpu(vm, 0), GICD, 4, 2); /* EnableGrp1A */
	/* The guest's PMR/IGRPEN1 writes go to ICH_VMCR_EL2 (no trap). */
	vgic_cpuif_of(av_vm_vcpu(vm, 0))
		->set_vmcr(av_vm_vcpu(vm, 0),
			   &(struct vgic_vmcr){ .pmr = 0xf8, .bpr0 = 2,
						.bpr1 = 3, .grpen1 = true });
	return vm;
}

static int find_lr(const uint64_t *lr, uint32_t vintid)
{
	for (int i = 0; i < NR_LRS; i++)
		if (ST(lr[i]) && VINTID(lr[i]) == vintid)
			return i;
	return -1;
}

/* ---- a mapped source standing for the virtual timer's PPI 27 ---------- */
static unsigned src_deactivations;
static bool src_level;

static bool src_level_fn(struct irq_phys_source *s) { return src_level; }
static void src_active_fn(struct irq_phys_source *s, bool active)
{
	if (!active)
		src_deactivations++;
}

static struct irq_phys_source hw_src = {
	.name = "test PPI 27",
	.get_input_level = src_level_fn,
	.set_active = src_active_fn,
	.hw_intid = 27,
};

/* ---- tests -------------------------------------------------------------- */

static void test_selection_and_traps(void **state)
{
	av_vm *vm = hw_vm(0);
	av_vcpu *v = av_vm_vcpu(vm, 0);

	assert_ptr_equal(vgic_dist_of(vm)->cpuif, &vgic_cpuif_hw_v3);
	assert_int_equal(vgic_cpu_of(v)->nr_lrs, NR_LRS);
	assert_true(core_sysreg_traps(v, ICC_SGI1R));
	assert_true(core_sysreg_traps(v, ICC_DIR)); /* TDIR */
	assert_false(core_sysreg_traps(v, ICC_PMR));
	assert_false(core_sysreg_traps(v, ICC_IAR1));
	assert_false(core_sysreg_traps(v, ICC_EOIR1));
	nh_vm_free(vm);
	/* --lrs caps what ICH_VTR_EL2 offers. */
	vm = hw_vm(1);
	assert_int_equal(vgic_cpu_of(av_vm_vcpu(vm, 0))->nr_lrs, 1);
	nh_vm_free(vm);
}

/* A level software IRQ gets EOI (its deactivation must exit to resample
 * the line), an edge one does not, a mapped physical source gets HW and
 * its pINTID and no EOI; En and TDIR are on while loaded, all off after. */
static void test_lr_formats(void **state)
{
	av_vm *vm = hw_vm(0);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	const struct irqchip_flow *f = vm_irqchip(vm);
	struct guest g = { 0 };
	int i;

	spi_setup(v, 40, 0x80);
	assert_int_equal(av_vm_irq_line(vm, AV_IRQ_TYPE_SPI, 0, 40, 1), 0);
	gic_wr(v, GICR + SGI_FRAME + 0x100, 4, 1u << 3); /* SGI 3 enabled */
	gic_wr(v, GICR + SGI_FRAME + 0x200, 4, 1u << 3); /* pending (edge) */
	ppi_setup(v, 20, 0x60);
	assert_int_equal(f->map_phys_irq(v, 20, &hw_src), 0);
	src_level = true;
	assert_int_equal(f->inject_irq(vm, v, 20, true, NULL), 0);

	run_guest(v, &g);
	assert_true(g.hcr & VGIC_ICH_HCR_EN);
	assert_true(g.hcr & VGIC_ICH_HCR_TDIR);
	i = find_lr(g.lr, 40);
	assert_true(i >= 0);
	assert_int_equal(ST(g.lr[i]), VGIC_LR_PENDING);
	assert_true(g.lr[i] & VGIC_ICH_LR_EOI);
	assert_false(g.lr[i] & VGIC_ICH_LR_HW);
	assert_true(g.lr[i] & VGIC_ICH_LR_GROUP);
	assert_int_equal(g.lr[i] >> VGIC_ICH_LR_PRIORITY_SHIFT & 0xff, 0x80);
	i = find_lr(g.lr, 3);
	assert_true(i >= 0);
	assert_false(g.lr[i] & VGIC_ICH_LR_EOI);
	i = find_lr(g.lr, 20);
	assert_true(i >= 0);
	assert_true(g.lr[i] & VGIC_ICH_LR_HW);
	assert_int_equal(PINTID(g.lr[i]), 27);
	/* No invalid LR carries EOI (ICH_EISR_EL2 would flag it at once). */
	for (i = 0; i < NR_LRS; i++)
		if (!ST(g.lr[i]))
			assert_false(g.lr[i] & VGIC_ICH_LR_EOI);
	/* Put: the interface off, the LRs emptied into the shadow. */
	assert_int_equal(ich.hcr, 0);
	for (i = 0; i < NR_LRS; i++)
		assert_int_equal(ich.lr[i], 0);
	nh_vm_free(vm);
}

/* The guest takes and deactivates the HW LR between two exits: the fold
 * finds it invalid, tells the physical source and resamples it. */
static unsigned hw_lr;
static void ack_and_eoi_hw_lr(void)
{
	ich.lr[hw_lr] &= ~(3ull << VGIC_ICH_LR_STATE_SHIFT);
}

static void test_consumed_hw_lr(void **state)
{
	av_vm *vm = hw_vm(0);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	const struct irqchip_flow *f = vm_irqchip(vm);
	struct guest g = { 0 };
	int i;

	ppi_setup(v, 20, 0x60);
	assert_int_equal(f->map_phys_irq(v, 20, &hw_src), 0);
	src_level = true;
	src_deactivations = 0;
	assert_int_equal(f->inject_irq(vm, v, 20, true, NULL), 0);
	run_guest(v, &g);
	i = find_lr(g.lr, 20);
	assert_true(i >= 0);
	/* Next entry: the guest's handler quiets the source and EOIs. */
	hw_lr = (unsigned)i;
	src_level = false;
	g.act = ack_and_eoi_hw_lr;
	run_guest(v, &g);
	assert_int_equal(src_deactivations, 1);
	run_guest(v, &g);
	assert_int_equal(find_lr(g.lr, 20), -1); /* resampled low */
	assert_false(gic_rd(v, GICR + SGI_FRAME + 0x200, 4) & (1u << 20));
	nh_vm_free(vm);
}

/* One LR and two IRQs: underflow (at most one LR valid) would hold at
 * entry, so only NPIE and LRENPIE are asked. */
static void test_one_lr_maintenance(void **state)
{
	av_vm *vm = hw_vm(1);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	struct guest g = { 0 };

	spi_setup(v, 40, 0x80);
	spi_setup(v, 41, 0x90);
	gic_wr(v, GICD + 0x204, 4, 3u << 8); /* ISPENDR1: 40, 41 */
	run_guest(v, &g);
	assert_int_equal(VINTID(g.lr[0]), 40);
	assert_false(g.hcr & VGIC_ICH_HCR_UIE);
	assert_true(g.hcr & VGIC_ICH_HCR_NPIE);
	assert_true(g.hcr & VGIC_ICH_HCR_LRENPIE);
	nh_vm_free(vm);
}

/*
 * One LR: A (0x80) is acknowledged; B (0x40) then becomes pending and
 * takes the LR (deliverable first), A stays active unlisted.  The guest
 * takes B, EOIs B, then EOIs A, which is in no LR: the GIC counts it in
 * ICH_HCR_EL2.EOIcount, and the fold deactivates A in the model.
 */
static void ack_lr0(void)
{
	ich.lr[0] = (ich.lr[0] & ~(3ull << VGIC_ICH_LR_STATE_SHIFT)) |
		    (uint64_t)VGIC_LR_ACTIVE << VGIC_ICH_LR_STATE_SHIFT;
	ich.ap1r[0] |= 1u << (0x80 >> 3);
}

static void complete_b_then_a(void)
{
	ich.lr[0] &= ~(3ull << VGIC_ICH_LR_STATE_SHIFT); /* B: ack + EOI */
	ich.ap1r[0] = 0;                                  /* both drops */
	ich.hcr += 1u << VGIC_ICH_HCR_EOICOUNT_SHIFT;      /* A: no LR */
}

static void test_eoicount_unlisted(void **state)
{
	av_vm *vm = hw_vm(1);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	struct guest g = { 0 };

	spi_setup(v, 40, 0x80); /* A */
	spi_setup(v, 41, 0x40); /* B */
	gic_wr(v, GICD + 0x204, 4, 1u << 8);
	g.act = ack_lr0;
	run_guest(v, &g);
	assert_true(gic_rd(v, GICD + 0x304, 4) & (1u << 8)); /* A active */
	gic_wr(v, GICD + 0x204, 4, 1u << 9);                 /* B pending */
	g.act = complete_b_then_a;
	run_guest(v, &g);
	assert_int_equal(VINTID(g.lr[0]), 41); /* B listed, A not */
	assert_false(gic_rd(v, GICD + 0x304, 4) & (3u << 8)); /* both done */
	assert_false(gic_rd(v, GICD + 0x204, 4) & (3u << 8));
	nh_vm_free(vm);
}

/* EOImode 1: ICC_DIR_EL1 traps and deactivates, listed or not. */
static void test_dir_trapped(void **state)
{
	av_vm *vm = hw_vm(0);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	struct guest g = { 0 };
	struct vgic_vmcr m;

	vgic_cpuif_of(v)->get_vmcr(v, &m);
	m.eoimode = true;
	vgic_cpuif_of(v)->set_vmcr(v, &m);
	spi_setup(v, 40, 0x80);
	gic_wr(v, GICD + 0x204, 4, 1u << 8);
	g.act = ack_lr0;
	run_guest(v, &g);
	assert_true(g.vmcr & VGIC_ICH_VMCR_EOIM);
	assert_true(gic_rd(v, GICD + 0x304, 4) & (1u << 8));
	icc_wr(v, ICC_DIR, 40);
	assert_false(gic_rd(v, GICD + 0x304, 4) & (1u << 8));
	nh_vm_free(vm);
}

/* VMCR: the shadow goes into ICH_VMCR_EL2 at load; what the guest changed
 * there (ICV_PMR_EL1, no trap) is what the model reads after the exit. */
static void guest_sets_pmr(void)
{
	ich.vmcr = (ich.vmcr & ~(0xffu << VGIC_ICH_VMCR_PMR_SHIFT)) |
		   0x40u << VGIC_ICH_VMCR_PMR_SHIFT;
}

static void test_vmcr_shadow(void **state)
{
	av_vm *vm = hw_vm(0);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	struct guest g = { 0 };
	struct vgic_vmcr m;

	g.act = guest_sets_pmr;
	run_guest(v, &g);
	assert_int_equal(g.vmcr >> VGIC_ICH_VMCR_PMR_SHIFT, 0xf8);
	assert_true(g.vmcr & VGIC_ICH_VMCR_ENG1);
	vgic_cpuif_of(v)->get_vmcr(v, &m);
	assert_int_equal(m.pmr, 0x40);
	assert_true(m.grpen1);
	assert_int_equal(m.bpr0, 2);
	/* The WFI wake-up check uses it: 0x80 is masked by PMR 0x40. */
	spi_setup(v, 40, 0x80);
	gic_wr(v, GICD + 0x204, 4, 1u << 8);
	assert_false(vm_irqchip(vm)->vcpu_pending_irq(v));
	nh_vm_free(vm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_selection_and_traps),
		cmocka_unit_test(test_lr_formats),
		cmocka_unit_test(test_consumed_hw_lr),
		cmocka_unit_test(test_one_lr_maintenance),
		cmocka_unit_test(test_eoicount_unlisted),
		cmocka_unit_test(test_dir_trapped),
		cmocka_unit_test(test_vmcr_shadow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
