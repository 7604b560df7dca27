/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* util.c - strict number parsing, clocks, string copies. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int sg_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (s == NULL || *s == '\0')
		return -EINVAL;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return -EINVAL;
	for (const char *p = s; *p; p++) {
		unsigned d = (unsigned)(*p - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

uint64_t sg_now_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

uint64_t sg_now_mono_ms(void)
{
	return sg_now_mono_ns() / 1000000ULL;
}

void sg_sleep_ms(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

int sg_strlcpy(char *dst, const char *src, size_t n)
{
	size_t len = strlen(src);

	if (n == 0)
		return -E2BIG;
	if (len >= n) {
		memcpy(dst, src, n - 1);
		dst[n - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, src, len + 1);
	return 0;
}

int sg_str_empty(const char *s)
{
	return s == NULL || *s == '\0';
}

/* One read of an open fd into buf (NUL-terminated), then close it. */
static ssize_t read_and_close(int fd, char *buf, size_t n)
{
	ssize_t len;

	if (fd < 0)
		return -errno;
	len = read(fd, buf, n - 1);
	if (len < 0)
		len = -errno;
	close(fd);
	if (len >= 0)
		buf[len] = '\0';
	return len;
}

ssize_t sg_read_file(const char *path, char *buf, size_t n)
{
	return read_and_close(open(path, O_RDONLY | O_CLOEXEC), buf, n);
}

ssize_t sg_read_file_at(int dfd, const char *name, char *buf, size_t n)
{
	return read_and_close(openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), buf, n);
}

int sg_write_file_atomic(const char *path, const char *data, size_t len, mode_t mode)
{
	char tmp[4096];
	int fd, rc = 0;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.%d", path, (int)getpid()) >= sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return -errno;
	if (write(fd, data, len) != (ssize_t)len)
		rc = errno ? -errno : -EIO;
	close(fd);
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -errno;
	if (rc < 0)
		unlink(tmp);
	return rc;
}

int sg_utf8_len(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xe0 && p[0] <= 0xef) {
		/* no overlong forms (e0 80..9f) and no surrogates (ed a0..bf) */
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f))
			return 0;
		return 3;
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		if ((p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))
			return 0;
		return 4;
	}
	return 0;
}

size_t sg_text_one_line(char *out, size_t n, const char *s, size_t max)
{
	size_t o = 0;

	if (out == NULL || n == 0)
		return 0;
	if (max > n - 1)
		max = n - 1;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;) {
		int len = sg_utf8_len(p);

		if (len == 0) {
			if (o + 1 > max)
				break;
			out[o++] = '?';
			p++;
			continue;
		}
		if (o + (size_t)len > max)
			break;
		if (len == 1)
			out[o++] = (*p < 0x20 || *p == 0x7f) ? ' ' : (char)*p;
		else
			memcpy(out + o, p, (size_t)len), o += (size_t)len;
		p += len;
	}
	out[o] = '\0';
	return o;
}

int sg_env_is_off(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && strcmp(v, "off") == 0;
}
