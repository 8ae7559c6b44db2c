// SPDX-License-Identifier: MIT
/* --stats output (stats.h). */
#include "stats.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

int vmm_stats_read(struct vmm_stats_set *s, av_vm *vm,
		   av_vcpu *const *vcpus, unsigned nr_vcpus)
{
	int nv = av_vcpu_get_stats(vcpus[0], NULL, 0);
	int nm = av_vm_get_stats(vm, NULL, 0);

	memset(s, 0, sizeof(*s));
	if (nv < 0 || nm < 0)
		return nv < 0 ? nv : nm;
	s->nr_vcpus = nr_vcpus;
	s->nr_vcpu_stats = (unsigned)nv;
	s->nr_vm_stats = (unsigned)nm;
	s->vm = calloc((size_t)nm + 1, sizeof(*s->vm));
	if (!s->vm)
		return -ENOMEM;
	av_vm_get_stats(vm, s->vm, (unsigned)nm);
	for (unsigned i = 0; i < nr_vcpus; i++) {
		s->vcpu[i] = calloc((size_t)nv, sizeof(struct av_stat));
		if (!s->vcpu[i]) {
			vmm_stats_free(s);
			return -ENOMEM;
		}
		av_vcpu_get_stats(vcpus[i], s->vcpu[i], (unsigned)nv);
	}
	return 0;
}

void vmm_stats_free(struct vmm_stats_set *s)
{
	for (unsigned i = 0; i < s->nr_vcpus; i++)
		free(s->vcpu[i]);
	free(s->vm);
	memset(s, 0, sizeof(*s));
}

static bool per_intid(const char *name)
{
	return !strncmp(name, "irq_injected_", 13);
}

static void print_json(FILE *f, const struct vmm_stats_set *s)
{
	fputs("{\"vcpus\":[", f);
	for (unsigned i = 0; i < s->nr_vcpus; i++) {
		fprintf(f, "%s{\"vcpu\":%u,\"stats\":{", i ? "," : "", i);
		for (unsigned k = 0; k < s->nr_vcpu_stats; k++)
			fprintf(f, "%s\"%s\":%" PRIu64, k ? "," : "",
				s->vcpu[i][k].name, s->vcpu[i][k].value);
		fputs("}}", f);
	}
	fputs("],\"vm\":{", f);
	for (unsigned k = 0; k < s->nr_vm_stats; k++)
		fprintf(f, "%s\"%s\":%" PRIu64, k ? "," : "", s->vm[k].name,
			s->vm[k].value);
	fputs("}}\n", f);
}

static void print_table(FILE *f, const struct vmm_stats_set *s)
{
	int w = 0;

	for (unsigned k = 0; k < s->nr_vcpu_stats; k++)
		if ((int)strlen(s->vcpu[0][k].name) > w)
			w = (int)strlen(s->vcpu[0][k].name);
	for (unsigned k = 0; k < s->nr_vm_stats; k++)
		if ((int)strlen(s->vm[k].name) > w)
			w = (int)strlen(s->vm[k].name);
	fprintf(f, "armvisor: stats\n%-*s", w, "counter");
	for (unsigned i = 0; i < s->nr_vcpus; i++) {
		char h[16];

		snprintf(h, sizeof(h), "vcpu%u", i);
		fprintf(f, " %12s", h);
	}
	fprintf(f, " %12s\n", s->nr_vcpus > 1 ? "total" : "");
	for (unsigned k = 0; k < s->nr_vcpu_stats; k++) {
		uint64_t total = 0;

		for (unsigned i = 0; i < s->nr_vcpus; i++)
			total += s->vcpu[i][k].value;
		if (per_intid(s->vcpu[0][k].name) && !total)
			continue;
		fprintf(f, "%-*s", w, s->vcpu[0][k].name);
		for (unsigned i = 0; i < s->nr_vcpus; i++)
			fprintf(f, " %12" PRIu64, s->vcpu[i][k].value);
		if (s->nr_vcpus > 1)
			fprintf(f, " %12" PRIu64, total);
		fputc('\n', f);
	}
	for (unsigned k = 0; k < s->nr_vm_stats; k++)
		fprintf(f, "%-*s %12" PRIu64 "  (VM)\n", w, s->vm[k].name,
			s->vm[k].value);
}

void vmm_stats_print(FILE *f, enum vmm_stats_mode mode,
		     const struct vmm_stats_set *s)
{
	if (!s->nr_vcpus)
		return;
	if (mode == VMM_STATS_JSON)
		print_json(f, s);
	else if (mode == VMM_STATS_TABLE)
		print_table(f, s);
	fflush(f);
}
