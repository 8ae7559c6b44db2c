// SPDX-License-Identifier: MIT
/* rVIC / rVID guest driver (rvic.h; DEN 0103 0.3). */
#include "sdk.h"

struct rvic_info rvic = { .uart_input = -1 };

struct rvic_slot {
	rvic_handler_fn fn;
	void *arg;
	bool level;
};
static struct rvic_slot slots[RVIC_MAX_IRQS];
volatile unsigned rvic_spurious[64];

uint64_t rvic_hvc(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3,
		  uint64_t *x1)
{
	struct smccc_res res;

	smccc_hvc(fn, a1, a2, a3, &res);
	if (x1)
		*x1 = res.a1;
	return res.a0;
}

static uint64_t mpidr_of(int cpu)
{
	return cpu_mpidr(cpu);
}

uint64_t rvic_enable(void) { return rvic_hvc(RVIC_ENABLE_FN, 0, 0, 0, NULL); }
uint64_t rvic_disable(void)
{
	return rvic_hvc(RVIC_DISABLE_FN, 0, 0, 0, NULL);
}

uint64_t rvic_set_masked(int cpu, uint32_t intid)
{
	return rvic_hvc(RVIC_SET_MASKED_FN, mpidr_of(cpu), intid, 0, NULL);
}

uint64_t rvic_clear_masked(int cpu, uint32_t intid)
{
	return rvic_hvc(RVIC_CLEAR_MASKED_FN, mpidr_of(cpu), intid, 0, NULL);
}

uint64_t rvic_is_pending(int cpu, uint32_t intid, bool *pending)
{
	uint64_t x1 = 0;
	uint64_t st = rvic_hvc(RVIC_IS_PENDING_FN, mpidr_of(cpu), intid, 0,
			       &x1);

	if (pending)
		*pending = st == RVIC_SUCCESS && x1;
	return st;
}

uint64_t rvic_signal(int cpu, uint32_t intid)
{
	return rvic_hvc(RVIC_SIGNAL_FN, mpidr_of(cpu), intid, 0, NULL);
}

uint64_t rvic_clear_pending(int cpu, uint32_t intid)
{
	return rvic_hvc(RVIC_CLEAR_PENDING_FN, mpidr_of(cpu), intid, 0, NULL);
}

uint64_t rvic_acknowledge(uint32_t *intid)
{
	uint64_t x1 = 0;
	uint64_t st = rvic_hvc(RVIC_ACKNOWLEDGE_FN, 0, 0, 0, &x1);

	if (intid)
		*intid = (uint32_t)x1;
	return st;
}

uint64_t rvic_resample(uint32_t intid)
{
	return rvic_hvc(RVIC_RESAMPLE_FN, intid, 0, 0, NULL);
}

uint64_t rvid_map(uint32_t input, int cpu, uint32_t intid)
{
	return rvic_hvc(RVID_MAP_FN, input, mpidr_of(cpu), intid, NULL);
}

uint64_t rvid_unmap(uint32_t input)
{
	return rvic_hvc(RVID_UNMAP_FN, input, 0, 0, NULL);
}

/* ---- probe ---- */

/* Cell pair `idx` of a node's `interrupts` (#interrupt-cells = 2 for the
 * rVIC and the rVID): the intid / input number. */
static int dt_irq_cell(int node, int idx)
{
	int len = 0;
	const void *p = fdt_getprop(node, "interrupts", &len);

	if (!p || len < (idx + 1) * 8)
		return -1;
	return (int)fdt_read_cells((const uint8_t *)p + idx * 8, 1);
}

int rvic_probe(void)
{
	int intc = fdt_node_by_compatible(-1, "arm,rvic");
	int rvid = fdt_node_by_compatible(-1, "arm,rvid");
	int64_t smccc;
	uint64_t x1 = 0;
	int node;

	if (intc < 0 || rvid < 0) {
		report_info("rvic: no arm,rvic / arm,rvid node in the DT");
		return -1;
	}
	/* SMCCC fast calls with results in x0..x3 need SMCCC 1.1 (DEN 0028:
	 * SMCCC_VERSION is discovered through PSCI_FEATURES). */
	if (psci_features(SMCCC_VERSION) < 0 ||
	    (smccc = hvc_call(SMCCC_VERSION, 0, 0, 0)) < 0x10001) {
		report_info("rvic: SMCCC 1.1 not available");
		return -1;
	}
	if (rvic_hvc(RVIC_VERSION_FN, 0, 0, 0, &x1) != RVIC_SUCCESS ||
	    (x1 >> 16) != 0 || (x1 & 0xffff) < 3) {
		report_info("rvic: VERSION %#lx is not 0.3",
			    (unsigned long)x1);
		return -1;
	}
	rvic.version = (uint32_t)x1;
	if (rvic_hvc(RVID_VERSION_FN, 0, 0, 0, &x1) != RVIC_SUCCESS ||
	    x1 != rvic.version) {
		report_info("rvic: rVID VERSION %#lx", (unsigned long)x1);
		return -1;
	}
	rvic_hvc(RVIC_INFO_FN, RVIC_INFO_NR_TRUSTED, 0, 0, &x1);
	rvic.nr_trusted = (uint32_t)x1;
	rvic_hvc(RVIC_INFO_FN, RVIC_INFO_NR_UNTRUSTED, 0, 0, &x1);
	rvic.nr_untrusted = (uint32_t)x1;
	/* arm,armv8-timer: sec phys, phys, virt, hyp. */
	node = fdt_node_by_compatible(-1, "arm,armv8-timer");
	if (node >= 0) {
		int p = dt_irq_cell(node, 1), v = dt_irq_cell(node, 2);

		rvic.ptimer_intid = p > 0 ? (uint32_t)p : 0;
		rvic.vtimer_intid = v > 0 ? (uint32_t)v : 0;
	}
	node = fdt_node_by_compatible(-1, "arm,pl011");
	if (node >= 0)
		rvic.uart_input = dt_irq_cell(node, 0);
	rvic.present = true;
	(void)smccc;
	return 0;
}

/* ---- the interrupt layer ---- */

void rvic_request(uint32_t intid, bool level, rvic_handler_fn fn, void *arg)
{
	if (intid >= RVIC_MAX_IRQS)
		return;
	slots[intid].arg = arg;
	slots[intid].level = level;
	dsb(ish);
	slots[intid].fn = fn;
}

uint64_t rvic_unmask(uint32_t intid)
{
	return rvic_clear_masked(smp_processor_id(), intid);
}

void rvic_eoi(uint32_t intid)
{
	/* The series: a trusted level source is resampled (pending again if
	 * its line is still high) before it is unmasked. */
	if (intid < RVIC_MAX_IRQS && slots[intid].level)
		rvic_resample(intid);
	rvic_clear_masked(smp_processor_id(), intid);
}

void rvic_handle_irq(void)
{
	uint32_t intid;
	unsigned taken = 0;

	while (rvic_acknowledge(&intid) == RVIC_SUCCESS) {
		struct rvic_slot *s =
		    intid < RVIC_MAX_IRQS ? &slots[intid] : NULL;

		taken++;
		if (s && s->fn)
			s->fn(intid, s->arg);
		rvic_eoi(intid);
	}
	if (!taken)
		rvic_spurious[smp_processor_id() & 63]++;
}

static void rvic_irq_hook(struct exc_frame *f)
{
	(void)f;
	rvic_handle_irq();
}

int rvic_cpu_init(void)
{
	install_irq_handler(rvic_irq_hook);
	return rvic_enable() == RVIC_SUCCESS ? 0 : -1;
}

uint64_t rvic_set_affinity(uint32_t input, uint32_t intid, int from, int to)
{
	bool pending = false;
	uint64_t st;

	/* 1. mask on the source: from now on it cannot be taken there */
	st = rvic_set_masked(from, intid);
	if (st)
		return st;
	/* 2. new raises go to the target (atomic with raises in the rVID) */
	st = rvid_map(input, to, intid);
	if (st)
		return st;
	/* 3. a raise that reached the source before the map moves across */
	st = rvic_is_pending(from, intid, &pending);
	if (st)
		return st;
	if (pending) {
		rvic_clear_pending(from, intid);
		rvic_signal(to, intid);
	}
	/* 4. unmask on the target */
	return rvic_clear_masked(to, intid);
}
