/* SPDX-License-Identifier: GPL-2.0-or-later */
/* names.c - reversible resource name <-> cmap key component encoding. */
#include "names.h"

#include <errno.h>
#include <string.h>

static int is_plain(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int sg_name_encode(const char *name, char *out, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t len, o = 0;

	if (name == NULL || *name == '\0')
		return -EINVAL;
	len = strlen(name);
	if (len > SG_NAME_MAX)
		return -ENAMETOOLONG;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (is_plain(c)) {
			if (o + 1 >= n)
				return -ENAMETOOLONG;
			out[o++] = (char)c;
		} else {
			if (o + 3 >= n)
				return -ENAMETOOLONG;
			out[o++] = '_';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 0xf];
		}
	}
	if (o >= n)
		return -ENAMETOOLONG;
	out[o] = '\0';
	return (int)o;
}

int sg_name_decode(const char *enc, char *out, size_t n)
{
	size_t o = 0;

	if (enc == NULL || *enc == '\0')
		return -EINVAL;
	for (const char *p = enc; *p; p++) {
		int c;

		if (is_plain((unsigned char)*p)) {
			c = (unsigned char)*p;
		} else if (*p == '_') {
			int hi = hexval(p[1]), lo = hi < 0 ? -1 : hexval(p[2]);

			if (hi < 0 || lo < 0)
				return -EINVAL;
			c = hi * 16 + lo;
			/* a plain byte written as _XX, or a NUL, is not canonical */
			if (c == 0 || is_plain((unsigned char)c))
				return -EINVAL;
			p += 2;
		} else {
			return -EINVAL;
		}
		if (o >= SG_NAME_MAX)
			return -EINVAL; /* longer than any name we encode */
		if (o + 1 >= n)
			return -ENAMETOOLONG;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return (int)o;
}
