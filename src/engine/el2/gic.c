// SPDX-License-Identifier: MIT
/* The physical GIC's driver selection and wrappers (gic.h). */
#include <errno.h>
#include <stddef.h>

#include "engine/el2/gic.h"

static const struct el2_gic_ops *gic;
static const struct av_el2_platform *plat;

int el2_gic_init(const struct av_el2_platform *p)
{
	plat = p;
	gic = p->gic_version == 3 ? &el2_gicv3_ops : &el2_gicv2_ops;
	return gic->init_dist(p);
}

int el2_gic_init_cpu(void)
{
	return gic ? gic->init_cpu(plat) : -ENODEV;
}

unsigned el2_gic_version(void)
{
	return gic == &el2_gicv3_ops ? 3 : 2;
}

void el2_gic_enable(unsigned intid, bool on)
{
	gic->enable(intid, on);
}

void el2_gic_set_priority(unsigned intid, uint8_t prio)
{
	gic->set_priority(intid, prio);
}

uint32_t el2_gic_ack(void)
{
	return gic->ack();
}

void el2_gic_eoi(uint32_t iar)
{
	gic->eoi(iar);
}

void el2_gic_deactivate(uint32_t iar)
{
	gic->deactivate(iar);
}

void el2_gic_send_sgi(unsigned pcpu, unsigned sgi)
{
	gic->send_sgi(pcpu, sgi);
}

uint32_t el2_gic_running_priority(void)
{
	return gic->running_priority();
}

bool el2_gic_is_active(unsigned intid)
{
	return gic->is_active(intid);
}

bool el2_gic_is_pending(unsigned intid)
{
	return gic->is_pending(intid);
}
