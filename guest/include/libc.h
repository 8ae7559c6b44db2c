/* SPDX-License-Identifier: MIT */
/* The few C library functions the freestanding guest needs (GCC may emit
 * calls to memset/memcpy/memmove/memcmp itself). */
#ifndef GUEST_LIBC_H
#define GUEST_LIBC_H

#include <stddef.h>

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
