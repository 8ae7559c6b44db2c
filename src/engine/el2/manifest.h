/* SPDX-License-Identifier: MIT */
/*
 * Checking the manifest (include/armvisor/el2_manifest.h) before the image
 * trusts a single field of it.  Plain C: tests/unit/test_el2_logic.c runs
 * it on the host.
 */
#ifndef AV_EL2_MANIFEST_CHECK_H
#define AV_EL2_MANIFEST_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "armvisor/el2_manifest.h"

/* What the image knows without the manifest. */
struct el2_manifest_env {
	uint64_t manifest_pa;
	uint64_t image_start, image_end; /* the image in memory, [start, end) */
	uint64_t boot_mpidr;             /* affinity fields of the boot CPU */
	uint64_t cntfrq;                 /* CNTFRQ_EL0 */
	uint64_t ipa_limit;              /* 1 << stage-2 IPA bits */
};

/* 0 if m (avail readable bytes) is sound; else -1 and a one-line reason
 * naming the field in err. */
int el2_manifest_check(const struct av_el2_manifest *m, size_t avail,
		       const struct el2_manifest_env *env, char *err,
		       size_t errlen);

#endif
