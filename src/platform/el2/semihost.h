/* SPDX-License-Identifier: MIT */
/*
 * Arm semihosting (Arm "Semihosting for AArch32 and AArch64", v3.0): HLT
 * #0xF000 from AArch64, w0 = operation, x1 = parameter.  QEMU honours it
 * with -semihosting-config enable=on,target=native.  Without that option
 * HLT is UNDEFINED; the EL2 exception handler (fatal.c) then returns
 * SEMIHOST_UNAVAILABLE from el2_semihost_call and we fall back to the UART
 * and PSCI SYSTEM_OFF.
 */
#ifndef AV_EL2_SEMIHOST_H
#define AV_EL2_SEMIHOST_H

#include <stdbool.h>
#include <stdint.h>

#define SEMIHOST_SYS_WRITEC 0x03
#define SEMIHOST_SYS_WRITE0 0x04
#define SEMIHOST_SYS_EXIT 0x18
#define SEMIHOST_SYS_EXIT_EXTENDED 0x20
#define SEMIHOST_ADP_STOPPED_APPLICATION_EXIT 0x20026
#define SEMIHOST_UNAVAILABLE (-2l)

/* The raw call (semihost_call.S); the HLT is at el2_semihost_hlt. */
long el2_semihost_call(unsigned op, uintptr_t param);
extern char el2_semihost_hlt[];

/* Whether a semihosting call has worked / been refused so far. */
bool semihost_available(void);
/* SYS_WRITE0 of a NUL-terminated string; false if semihosting is off. */
bool semihost_write0(const char *s);
/* SYS_EXIT_EXTENDED (ApplicationExit, status); returns only if semihosting
 * is off. */
void semihost_exit(int status);

#endif
