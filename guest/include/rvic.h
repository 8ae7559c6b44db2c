/* SPDX-License-Identifier: MIT */
/*
 * rVIC / rVID guest driver: the paravirtual interrupt controller of the
 * "rVIC/rVID PV interrupt controller" series and Arm DEN 0103 (0.3), whose
 * every operation is an SMCCC 1.1 fast call over HVC #0.  armvisor only:
 * QEMU has no rVIC.  docs/rvic.md describes the interface.
 *
 * Use: rvic_probe() once (DT + SMCCC + VERSION checks), rvic_cpu_init() on
 * every CPU that takes interrupts (ENABLE + the IRQ hook), rvic_request()
 * per intid, then local_irq_enable().  The IRQ hook acknowledges, runs the
 * handler and EOIs (RESAMPLE for trusted level sources, then CLEAR_MASKED).
 */
#ifndef GUEST_RVIC_H
#define GUEST_RVIC_H

#include <stdbool.h>
#include <stdint.h>

#define RVIC_VERSION_FN 0xc5000200u
#define RVIC_INFO_FN 0xc5000201u
#define RVIC_ENABLE_FN 0xc5000202u
#define RVIC_DISABLE_FN 0xc5000203u
#define RVIC_SET_MASKED_FN 0xc5000204u
#define RVIC_CLEAR_MASKED_FN 0xc5000205u
#define RVIC_IS_PENDING_FN 0xc5000206u
#define RVIC_SIGNAL_FN 0xc5000207u
#define RVIC_CLEAR_PENDING_FN 0xc5000208u
#define RVIC_ACKNOWLEDGE_FN 0xc5000209u
#define RVIC_RESAMPLE_FN 0xc500020au
#define RVID_VERSION_FN 0xc5000100u
#define RVID_MAP_FN 0xc5000101u
#define RVID_UNMAP_FN 0xc5000102u

#define RVIC_INFO_NR_TRUSTED 0
#define RVIC_INFO_NR_UNTRUSTED 1

/* Status word: reason [7:0], offending argument index [15:8]. */
#define RVIC_SUCCESS 0
#define RVIC_ERROR_PARAMETER 1
#define RVIC_INVALID_CPU 2
#define RVIC_DISABLED 3
#define RVIC_NO_INTERRUPTS 4
#define RVIC_ST(reason, index) ((uint64_t)(reason) | ((uint64_t)(index) << 8))
#define RVIC_NOT_SUPPORTED ((uint64_t)-1) /* SMCCC */
#define RVIC_VERSION_0_3 0x00000003u      /* major [31:16], minor [15:0] */

#define RVIC_NR_IPIS 16
#define RVIC_MAX_IRQS 2048

/* Raw call: returns x0 (the status word), *x1 gets x1 when non-NULL. */
uint64_t rvic_hvc(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3,
		  uint64_t *x1);

/* What the probe found. */
struct rvic_info {
	bool present;
	uint32_t version;
	uint32_t nr_trusted, nr_untrusted;
	uint32_t vtimer_intid, ptimer_intid; /* from /timer, 0 if absent */
	int uart_input;                      /* PL011's rVID input, or -1 */
};
extern struct rvic_info rvic;

/* DT "arm,rvic" + "arm,rvid", SMCCC_VERSION >= 1.1, rVIC and rVID VERSION
 * 0.3, INFO.  0 on success, -1 (with a reason printed) otherwise. */
int rvic_probe(void);

/* The calls, on the rVIC of CPU index `cpu` (the MPIDR from smp.h).  Each
 * returns the status word. */
uint64_t rvic_enable(void);
uint64_t rvic_disable(void);
uint64_t rvic_set_masked(int cpu, uint32_t intid);
uint64_t rvic_clear_masked(int cpu, uint32_t intid);
uint64_t rvic_is_pending(int cpu, uint32_t intid, bool *pending);
uint64_t rvic_signal(int cpu, uint32_t intid);
uint64_t rvic_clear_pending(int cpu, uint32_t intid);
uint64_t rvic_acknowledge(uint32_t *intid);
uint64_t rvic_resample(uint32_t intid);
uint64_t rvid_map(uint32_t input, int cpu, uint32_t intid);
uint64_t rvid_unmap(uint32_t input);

/* ---- the interrupt layer ---- */
typedef void (*rvic_handler_fn)(uint32_t intid, void *arg);

/* Register a handler for intid (shared by every CPU).  level: a trusted
 * level source (the timers), EOI'd with RESAMPLE before CLEAR_MASKED. */
void rvic_request(uint32_t intid, bool level, rvic_handler_fn fn, void *arg);
/* ENABLE this CPU's rVIC and install the IRQ hook. */
int rvic_cpu_init(void);
/* Unmask intid on this CPU. */
uint64_t rvic_unmask(uint32_t intid);
/* The guest's EOI: RESAMPLE (trusted level sources) then CLEAR_MASKED. */
void rvic_eoi(uint32_t intid);
/* The IRQ hook (installed by rvic_cpu_init): acknowledge until
 * NO_INTERRUPTS, run each handler, EOI.  Counts spurious entries. */
void rvic_handle_irq(void);
extern volatile unsigned rvic_spurious[64];

/* IPI intid (0..15) to CPU index cpu. */
static inline uint64_t rvic_send_ipi(int cpu, uint32_t ipi)
{
	return rvic_signal(cpu, ipi);
}

/*
 * Move rVID input `input` (intid `intid`) from CPU `from` to CPU `to`
 * without losing an interrupt: mask on the source, map to the new target,
 * move a pending bit across, unmask on the target.
 */
uint64_t rvic_set_affinity(uint32_t input, uint32_t intid, int from, int to);

#endif
