// SPDX-License-Identifier: MIT
/* Unit tests of the real core over the null engine (null_harness.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "null_harness.h"

/* The null engine runs no guest code: one RAM page serves every VM. */
static _Alignas(4096) uint8_t nh_ram[4096];

void nh_fail(const char *file, int line, const char *cond, const char *fmt,
	     ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: check failed: %s: ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static void place_gic(av_vm *vm, enum av_irqchip_kind chip)
{
	bool v3 = chip == AV_IRQCHIP_GICV3;
	uint64_t dist = NH_GICD, other = v3 ? NH_GICR : NH_GICC;
	int r;

	if (chip != AV_IRQCHIP_GICV3 && chip != AV_IRQCHIP_GICV2)
		return;
	r = av_vm_set_irqchip_attr(vm, AV_DEV_ARM_VGIC_GRP_ADDR,
				   v3 ? AV_VGIC_V3_ADDR_TYPE_DIST
				      : AV_VGIC_V2_ADDR_TYPE_DIST,
				   &dist);
	nh_check(r == 0, "placing the distributor: %d", r);
	r = av_vm_set_irqchip_attr(vm, AV_DEV_ARM_VGIC_GRP_ADDR,
				   v3 ? AV_VGIC_V3_ADDR_TYPE_REDIST
				      : AV_VGIC_V2_ADDR_TYPE_CPU,
				   &other);
	nh_check(r == 0, "placing the %s: %d", v3 ? "redistributors" : "GICC",
		 r);
}

av_vm *nh_vm_new(const struct av_vm_config *cfg)
{
	int err = 1;
	av_vm *vm = av_vm_create(cfg, &err);

	nh_check(vm && !err, "av_vm_create: %d", err);
	err = av_vm_set_user_memory_region(vm, 0, NH_RAM_BASE, sizeof(nh_ram),
					   nh_ram);
	nh_check(!err, "memory region: %d", err);
	place_gic(vm, cfg->irqchip);
	for (unsigned i = 0; i < cfg->nr_vcpus; i++) {
		av_vcpu *v = av_vcpu_create(vm, i, 0, &err);

		nh_check(v && !err, "av_vcpu_create %u: %d", i, err);
	}
	return vm;
}

void nh_vm_free(av_vm *vm)
{
	int r = av_vm_destroy(vm);

	nh_check(r == 0, "av_vm_destroy: %d", r);
}

void nh_move_timers(av_vm *vm, int vtimer, int ptimer)
{
	av_vcpu *v = av_vm_vcpu(vm, 0);

	nh_check(!av_vcpu_set_attr(v, AV_ARM_VCPU_TIMER_CTRL,
				   AV_ARM_VCPU_TIMER_IRQ_VTIMER, &vtimer) &&
			 !av_vcpu_set_attr(v, AV_ARM_VCPU_TIMER_CTRL,
					   AV_ARM_VCPU_TIMER_IRQ_PTIMER,
					   &ptimer),
		 "moving the timers to INTIDs %d, %d", vtimer, ptimer);
}

/* ---- the run loop ---- */

static bool drained(av_vcpu *v, int ret)
{
	const struct av_run *run = av_vcpu_run_struct(v);

	return ret == 0 && run->exit_reason == AV_EXIT_INTERNAL_ERROR &&
	       run->internal.suberror == AV_INTERNAL_ERROR_EMULATION &&
	       run->internal.data[0] == NULL_ENGINE_DRAINED;
}

void nh_run(av_vcpu *v)
{
	int ret = av_vcpu_run(v);

	nh_check(drained(v, ret), "vCPU %u: av_vcpu_run %d, exit %u",
		 av_vcpu_id(v), ret, av_vcpu_run_struct(v)->exit_reason);
}

static struct engine_entry last_entry(av_vcpu *v)
{
	struct engine_entry e;

	nh_check(null_engine_last_entry(v, &e), "vCPU %u never entered",
		 av_vcpu_id(v));
	return e;
}

bool nh_irq(av_vcpu *v)
{
	return last_entry(v).irq;
}

bool nh_fiq(av_vcpu *v)
{
	return last_entry(v).fiq;
}

unsigned long nh_kicks(av_vcpu *v)
{
	struct null_stats s;

	null_engine_stats(v, &s);
	return s.kicks;
}

static struct null_answer answer(av_vcpu *v, int64_t seq)
{
	struct null_answer a;
	int r = null_engine_answer(v, seq, &a);

	nh_check(r == 0, "vCPU %u: exit %lld unanswered (%d)", av_vcpu_id(v),
		 (long long)seq, r);
	return a;
}

struct engine_entry nh_guest_sysreg(av_vcpu *v, uint32_t enc, bool is_write,
				    unsigned el, uint64_t val)
{
	struct engine_exit e = { .kind = ENGINE_EXIT_SYSREG };
	int64_t seq;

	e.sysreg.enc = enc;
	e.sysreg.is_write = is_write;
	e.sysreg.el = el;
	e.sysreg.val = val;
	seq = null_engine_push_exit(v, &e);
	nh_check(seq >= 0, "push: %lld", (long long)seq);
	nh_run(v);
	return answer(v, seq).entry;
}

bool nh_guest_hvc(av_vcpu *v, uint64_t x[8])
{
	int64_t seq = null_engine_push_call(v, false, 0, x);
	bool handled;
	int ret;

	nh_check(seq >= 0, "push: %lld", (long long)seq);
	ret = av_vcpu_run(v);
	handled = drained(v, ret);
	if (!handled) {
		nh_check(ret == 0 && av_vcpu_run_struct(v)->exit_reason ==
					     AV_EXIT_HYPERCALL,
			 "HVC %#llx: av_vcpu_run %d, exit %u",
			 (unsigned long long)x[0], ret,
			 av_vcpu_run_struct(v)->exit_reason);
		nh_run(v); /* the VMM's default answer */
	}
	memcpy(x, answer(v, seq).x, 4 * sizeof(x[0]));
	return handled;
}

/* ---- the core's dispatch ---- */

int nh_mmio(av_vcpu *v, uint64_t gpa, unsigned len, bool is_write,
	    uint64_t *val)
{
	return core_mmio_access(v, gpa, len, is_write, val);
}

int nh_sysreg(av_vcpu *v, uint32_t enc, bool is_write, unsigned el,
	      uint64_t *val)
{
	if (!is_write)
		*val = 0;
	return core_sysreg_access(v, enc, is_write, el, val);
}

/* ---- parking ---- */

static void park_hook(av_vcpu *v, const struct engine_entry *in, void *arg)
{
	struct nh_parked *p = arg;

	pthread_mutex_lock(&p->m);
	if (!p->parked) {
		p->parked = true;
		pthread_cond_broadcast(&p->c);
		while (!p->release)
			pthread_cond_wait(&p->c, &p->m);
	}
	pthread_mutex_unlock(&p->m);
}

static void *park_thread(void *arg)
{
	struct nh_parked *p = arg;

	p->ret = av_vcpu_run(p->v);
	return NULL;
}

void nh_park(av_vcpu *v, struct nh_parked *p)
{
	memset(p, 0, sizeof(*p));
	p->v = v;
	pthread_mutex_init(&p->m, NULL);
	pthread_cond_init(&p->c, NULL);
	null_engine_set_hook(v, park_hook, p);
	nh_check(!pthread_create(&p->thread, NULL, park_thread, p),
		 "pthread_create");
	pthread_mutex_lock(&p->m);
	while (!p->parked)
		pthread_cond_wait(&p->c, &p->m);
	pthread_mutex_unlock(&p->m);
}

void nh_unpark(struct nh_parked *p)
{
	pthread_mutex_lock(&p->m);
	p->release = true;
	pthread_cond_broadcast(&p->c);
	pthread_mutex_unlock(&p->m);
	pthread_join(p->thread, NULL);
	null_engine_set_hook(p->v, NULL, NULL);
	pthread_cond_destroy(&p->c);
	pthread_mutex_destroy(&p->m);
	nh_check(drained(p->v, p->ret), "parked vCPU %u: av_vcpu_run %d",
		 av_vcpu_id(p->v), p->ret);
}
