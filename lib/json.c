/* SPDX-License-Identifier: GPL-2.0-or-later */
/* json.c - streaming JSON output with strict escaping. */
#include "json.h"

#include "util.h"

#include <errno.h>
#include <string.h>

void sg_json_init(struct sg_json *j, FILE *f, int pretty)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
	j->pretty = pretty;
}

int sg_json_write_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	fputc_unlocked('"', f);
	while (*p) {
		const unsigned char *run = p;
		char esc[8];
		int len;

		/* the longest run that needs no escaping goes out in one write */
		while (*p >= 0x20 && *p != '"' && *p != '\\' && *p != 0x7f) {
			if (*p < 0x80) {
				p++;
				continue;
			}
			len = sg_utf8_len(p);
			if (len == 0)
				break;
			p += len;
		}
		if (p > run)
			fwrite_unlocked(run, 1, (size_t)(p - run), f);
		if (*p == '\0')
			break;
		switch (*p) {
		case '"': fputs_unlocked("\\\"", f); break;
		case '\\': fputs_unlocked("\\\\", f); break;
		case '\b': fputs_unlocked("\\b", f); break;
		case '\f': fputs_unlocked("\\f", f); break;
		case '\n': fputs_unlocked("\\n", f); break;
		case '\r': fputs_unlocked("\\r", f); break;
		case '\t': fputs_unlocked("\\t", f); break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				snprintf(esc, sizeof(esc), "\\u%04x", *p);
				fputs_unlocked(esc, f);
			} else {
				fputs_unlocked("\\ufffd", f);   /* not UTF-8 */
			}
			break;
		}
		p++;
	}
	return fputc_unlocked('"', f) == EOF ? -EIO : 0;
}

/* Separator, indentation and member name before a value. */
static void member(struct sg_json *j, const char *key)
{
	static const char spaces[] = "                                ";

	if (j->depth > 0) {
		if (j->count[j->depth - 1]++)
			fputc_unlocked(',', j->f);
		if (j->pretty) {
			fputc_unlocked('\n', j->f);
			fwrite_unlocked(spaces, 1, (size_t)j->depth * 2, j->f);
		}
	}
	if (key) {
		sg_json_write_string(j->f, key);
		fputs_unlocked(j->pretty ? ": " : ":", j->f);
	}
}

static void open_(struct sg_json *j, const char *key, int c)
{
	member(j, key);
	fputc_unlocked(c, j->f);
	if (j->depth >= SG_JSON_DEPTH_MAX) {
		j->err = -EINVAL;
		return;
	}
	j->count[j->depth++] = 0;
}

static void close_(struct sg_json *j, int c)
{
	if (j->depth == 0) {
		j->err = -EINVAL;
		return;
	}
	j->depth--;
	if (j->pretty && j->count[j->depth]) {
		fputc_unlocked('\n', j->f);
		for (int i = 0; i < j->depth; i++)
			fputs_unlocked("  ", j->f);
	}
	fputc_unlocked(c, j->f);
}

void sg_json_object_begin(struct sg_json *j, const char *key) { open_(j, key, '{'); }
void sg_json_object_end(struct sg_json *j) { close_(j, '}'); }
void sg_json_array_begin(struct sg_json *j, const char *key) { open_(j, key, '['); }
void sg_json_array_end(struct sg_json *j) { close_(j, ']'); }

void sg_json_str(struct sg_json *j, const char *key, const char *s)
{
	member(j, key);
	if (s == NULL)
		fputs_unlocked("null", j->f);
	else
		sg_json_write_string(j->f, s);
}

void sg_json_u64(struct sg_json *j, const char *key, uint64_t v)
{
	char buf[24], *p = buf + sizeof(buf);

	member(j, key);
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	fwrite_unlocked(p, 1, (size_t)(buf + sizeof(buf) - p), j->f);
}

void sg_json_bool(struct sg_json *j, const char *key, int v)
{
	member(j, key);
	fputs_unlocked(v ? "true" : "false", j->f);
}

void sg_json_null(struct sg_json *j, const char *key)
{
	member(j, key);
	fputs_unlocked("null", j->f);
}

int sg_json_finish(struct sg_json *j)
{
	if (j->depth != 0)
		j->err = -EINVAL;
	fputc('\n', j->f);
	if (j->err)
		return j->err;
	return ferror(j->f) ? -EIO : 0;
}
