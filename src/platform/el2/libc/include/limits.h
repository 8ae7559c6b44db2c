/* SPDX-License-Identifier: MIT */
/* limits.h for the freestanding EL2 image (LP64, as AArch64 Linux). */
#ifndef AV_EL2_LIBC_LIMITS_H
#define AV_EL2_LIBC_LIMITS_H

#define CHAR_BIT 8
#define INT_MAX 2147483647
#define INT_MIN (-INT_MAX - 1)
#define UINT_MAX 4294967295u
#define LONG_MAX 9223372036854775807l
#define LONG_MIN (-LONG_MAX - 1)
#define ULONG_MAX 18446744073709551615ul

#endif
