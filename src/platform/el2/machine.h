/* SPDX-License-Identifier: MIT */
/*
 * The EL2 image as a whole: the validated manifest, the boot sequence, the
 * per-mode entry points, and ending the machine with a status.
 */
#ifndef AV_EL2_MACHINE_H
#define AV_EL2_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include "armvisor/el2_manifest.h"

/* Exit statuses of the image (semihosting SYS_EXIT_EXTENDED). */
#define EL2_STATUS_OK 0
#define EL2_STATUS_FAIL 1       /* a test failed */
#define EL2_STATUS_BAD_MANIFEST 2
#define EL2_STATUS_INTERNAL 70  /* hypervisor bug (fatal exception, panic) */

/* The manifest, checked (main.c); valid from el2_app.boot on. */
extern struct av_el2_manifest el2_manifest;

/*
 * What runs on the pCPUs once they are up: chosen by the manifest's mode.
 * boot() runs on the boot pCPU before the others are started; cpu_main()
 * then runs on every pCPU (the boot one included) and does not return.
 */
struct el2_app {
	const char *name;
	void (*boot)(void);
	void (*cpu_main)(unsigned cpu);
};

extern const struct el2_app el2_app_selftest; /* platform/el2/selftest.c */
extern const struct el2_app el2_app_demo;     /* engine/el2/demo_vmm.c */
/* AV_EL2_MODE_VM: the core's run loop, provided by the integration.  Weak:
 * without it the image refuses that mode. */
extern const struct el2_app el2_app_vm __attribute__((weak));

/* End the machine: semihosting SYS_EXIT_EXTENDED with status (when the
 * manifest allows semihosting, or before it is read), else PSCI
 * SYSTEM_OFF.  Any pCPU. */
__attribute__((noreturn)) void el2_machine_exit(int status);

#endif
