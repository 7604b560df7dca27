/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz.h - helpers shared by the libFuzzer harnesses in fuzz/ (not part of
 * libsamguard): input as C strings and lines, a strict JSON checker.
 * Harnesses abort() on a broken property so that libFuzzer keeps the input. */
#ifndef SG_FUZZ_H
#define SG_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property does not hold: say which and crash (libFuzzer keeps the input). */
#define FUZZ_ASSERT(c)                                                                     \
	do {                                                                               \
		if (!(c)) {                                                                \
			fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #c); \
			abort();                                                           \
		}                                                                          \
	} while (0)

/* The input as a malloc'ed C string of exactly size + 1 bytes (ASan sees
 * any read past it); a NUL inside the input ends the string early. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* The array holds a terminated string (the parser never overflows it). */
#define FUZZ_TERMINATED(arr) FUZZ_ASSERT(memchr((arr), '\0', sizeof(arr)) != NULL)

/* Length of a valid UTF-8 sequence at s (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), 0 when it is not one. */
static inline size_t fuzz_utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

struct fuzz_json {
	const unsigned char *p, *end;
	int depth;
	char *out;              /* decoded string (when not NULL), UTF-8 */
	size_t outlen, outcap;
};

static inline void fuzz_json_ws(struct fuzz_json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static inline void fuzz_json_put(struct fuzz_json *j, const char *s, size_t n)
{
	if (j->out == NULL)
		return;
	if (j->outlen + n + 1 > j->outcap)
		return;
	memcpy(j->out + j->outlen, s, n);
	j->outlen += n;
	j->out[j->outlen] = '\0';
}

static inline int fuzz_json_hex4(struct fuzz_json *j, uint32_t *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++, j->p++) {
		unsigned char c;

		if (j->p >= j->end)
			return 0;
		c = *j->p;
		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (uint32_t)(c - 'A' + 10);
		else
			return 0;
	}
	return 1;
}

/* A JSON string (RFC 8259), decoded into j->out when set. */
static inline int fuzz_json_string(struct fuzz_json *j)
{
	if (j->p >= j->end || *j->p != '"')
		return 0;
	j->p++;
	while (j->p < j->end) {
		unsigned char c = *j->p;

		if (c == '"') {
			j->p++;
			return 1;
		}
		if (c < 0x20)
			return 0;
		if (c == '\\') {
			uint32_t cp, lo;
			char u[4];

			if (++j->p >= j->end)
				return 0;
			c = *j->p++;
			switch (c) {
			case '"': case '\\': case '/':
				fuzz_json_put(j, (const char *)&c, 1);
				continue;
			case 'b': fuzz_json_put(j, "\b", 1); continue;
			case 'f': fuzz_json_put(j, "\f", 1); continue;
			case 'n': fuzz_json_put(j, "\n", 1); continue;
			case 'r': fuzz_json_put(j, "\r", 1); continue;
			case 't': fuzz_json_put(j, "\t", 1); continue;
			case 'u': break;
			default: return 0;
			}
			if (!fuzz_json_hex4(j, &cp))
				return 0;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return 0;   /* a lone low surrogate */
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (j->end - j->p < 6 || j->p[0] != '\\' || j->p[1] != 'u')
					return 0;
				j->p += 2;
				if (!fuzz_json_hex4(j, &lo) || lo < 0xdc00 || lo > 0xdfff)
					return 0;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			if (cp < 0x80) {
				u[0] = (char)cp;
				fuzz_json_put(j, u, 1);
			} else if (cp < 0x800) {
				u[0] = (char)(0xc0 | cp >> 6);
				u[1] = (char)(0x80 | (cp & 0x3f));
				fuzz_json_put(j, u, 2);
			} else if (cp < 0x10000) {
				u[0] = (char)(0xe0 | cp >> 12);
				u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
				u[2] = (char)(0x80 | (cp & 0x3f));
				fuzz_json_put(j, u, 3);
			} else {
				u[0] = (char)(0xf0 | cp >> 18);
				u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
				u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
				u[3] = (char)(0x80 | (cp & 0x3f));
				fuzz_json_put(j, u, 4);
			}
			continue;
		}
		{
			size_t l = fuzz_utf8_len(j->p, (size_t)(j->end - j->p));

			if (l == 0)
				return 0;
			fuzz_json_put(j, (const char *)j->p, l);
			j->p += l;
		}
	}
	return 0;
}

static inline int fuzz_json_value(struct fuzz_json *j);

static inline int fuzz_json_number(struct fuzz_json *j)
{
	const unsigned char *s = j->p;

	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p >= j->end || *j->p < '0' || *j->p > '9')
		return 0;
	if (*j->p == '0')
		j->p++;
	else
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		if (j->p >= j->end || *j->p < '0' || *j->p > '9')
			return 0;
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	}
	return j->p > s;
}

static inline int fuzz_json_word(struct fuzz_json *j, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n))
		return 0;
	j->p += n;
	return 1;
}

static inline int fuzz_json_value(struct fuzz_json *j)
{
	char *out = j->out;
	int ok = 0;

	j->out = NULL;          /* only top-level strings are decoded */
	fuzz_json_ws(j);
	if (j->p >= j->end || j->depth > 64)
		goto done;
	switch (*j->p) {
	case '{':
	case '[': {
		unsigned char close = *j->p == '{' ? '}' : ']';
		int first = 1;

		j->depth++;
		j->p++;
		for (;;) {
			fuzz_json_ws(j);
			if (j->p < j->end && *j->p == close && first) {
				j->p++;
				break;
			}
			if (close == '}') {
				fuzz_json_ws(j);
				if (!fuzz_json_string(j))
					goto done;
				fuzz_json_ws(j);
				if (j->p >= j->end || *j->p++ != ':')
					goto done;
			}
			if (!fuzz_json_value(j))
				goto done;
			fuzz_json_ws(j);
			first = 0;
			if (j->p < j->end && *j->p == ',') {
				j->p++;
				continue;
			}
			if (j->p < j->end && *j->p == close) {
				j->p++;
				break;
			}
			goto done;
		}
		j->depth--;
		ok = 1;
		break;
	}
	case '"':
		j->out = out;
		ok = fuzz_json_string(j);
		break;
	case 't': ok = fuzz_json_word(j, "true"); break;
	case 'f': ok = fuzz_json_word(j, "false"); break;
	case 'n': ok = fuzz_json_word(j, "null"); break;
	default: ok = fuzz_json_number(j); break;
	}
done:
	j->out = out;
	return ok;
}

/* buf[len] is exactly one JSON value (surrounded by blanks). When out is
 * set and the value is a string, its decoded text goes there. */
static inline int fuzz_json_valid(const char *buf, size_t len, char *out, size_t outcap)
{
	struct fuzz_json j = { (const unsigned char *)buf, (const unsigned char *)buf + len, 0, out, 0, outcap };

	if (out && outcap)
		out[0] = '\0';
	if (!fuzz_json_value(&j))
		return 0;
	fuzz_json_ws(&j);
	return j.p == j.end;
}

#endif
