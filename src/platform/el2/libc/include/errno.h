/* SPDX-License-Identifier: MIT */
/*
 * errno numbers of the freestanding EL2 build: Linux's values (asm-generic
 * errno-base.h / errno.h), because the API returns them negated as KVM's
 * ioctls do.  There is no errno variable.
 */
#ifndef AV_EL2_ERRNO_H
#define AV_EL2_ERRNO_H

#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define ENXIO 6
#define E2BIG 7
#define EBADF 9
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define ENODEV 19
#define EINVAL 22
#define ENOSPC 28
#define ERANGE 34
#define ENOSYS 38
#define EOPNOTSUPP 95
#define ETIMEDOUT 110
#define EALREADY 114
#define EINPROGRESS 115

#endif
