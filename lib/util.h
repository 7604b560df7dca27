/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* util.h - small helpers shared by every samguard component: strict number
 * parsing, clocks, and bounded string copies. */
#ifndef SG_UTIL_H
#define SG_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define SG_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Parse a whole string as an unsigned decimal in [min, max].
 * Leading/trailing blanks, signs, hex and empty strings are rejected.
 * Returns 0, -EINVAL (not a number) or -ERANGE (outside [min, max]). */
int sg_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/* CLOCK_MONOTONIC in nanoseconds: the clock SAM writes to last_updated. */
uint64_t sg_now_mono_ns(void);

/* CLOCK_MONOTONIC in milliseconds. */
uint64_t sg_now_mono_ms(void);

/* Sleep for ms milliseconds, restarting after signals. */
void sg_sleep_ms(unsigned int ms);

/* 1 when the environment variable name is "off" (a comparison switch:
 * SG_PUBLISHER, SG_SAM_ALIGN), else 0. */
int sg_env_is_off(const char *name);

/* Copy src into dst of size n, always terminating; returns -E2BIG when cut. */
int sg_strlcpy(char *dst, const char *src, size_t n);

/* True when s is NULL or "". */
int sg_str_empty(const char *s);

/* Read a small file whole into buf (size n), NUL-terminated. Returns its
 * length or -errno (from open or read). */
ssize_t sg_read_file(const char *path, char *buf, size_t n);

/* The same for name below the directory dfd, never following a symlink
 * in its last component (-ELOOP). */
ssize_t sg_read_file_at(int dfd, const char *name, char *buf, size_t n);

/* Replace path atomically with data: a temporary file beside it, then
 * rename. Returns 0 or -errno. */
int sg_write_file_atomic(const char *path, const char *data, size_t len, mode_t mode);

/* Length of the valid UTF-8 sequence at p (1-4), 0 when invalid (an
 * overlong form, a surrogate, beyond U+10FFFF, or cut by the string's end). */
int sg_utf8_len(const unsigned char *p);

/* s as one line of at most max bytes into out[n]: control characters
 * become blanks, bytes that are not UTF-8 become '?', and a character is
 * copied only whole (a last one that does not fit goes). Returns the
 * length written. */
size_t sg_text_one_line(char *out, size_t n, const char *s, size_t max);

#endif
