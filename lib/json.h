/* SPDX-License-Identifier: GPL-2.0-or-later */
/* json.h - a small streaming JSON writer for samguardctl's --json output.
 * Strings are written as valid JSON whatever bytes they hold: quotes,
 * backslashes and control characters are escaped, valid UTF-8 passes
 * through, and each byte that is not part of valid UTF-8 becomes U+FFFD,
 * so a parser never rejects the output (cmap values come from daemons). */
#ifndef SG_JSON_H
#define SG_JSON_H

#include <stdint.h>
#include <stdio.h>

#define SG_JSON_DEPTH_MAX 16

struct sg_json {
	FILE *f;
	int pretty;                 /* newlines and two-space indentation */
	int depth;
	int count[SG_JSON_DEPTH_MAX]; /* members written at each level */
	int err;                    /* -EINVAL on misuse (too deep, unbalanced) */
};

void sg_json_init(struct sg_json *j, FILE *f, int pretty);

/* key is the member name inside an object, NULL inside an array or at the top. */
void sg_json_object_begin(struct sg_json *j, const char *key);
void sg_json_object_end(struct sg_json *j);
void sg_json_array_begin(struct sg_json *j, const char *key);
void sg_json_array_end(struct sg_json *j);
void sg_json_str(struct sg_json *j, const char *key, const char *s);   /* NULL: null */
void sg_json_u64(struct sg_json *j, const char *key, uint64_t v);
void sg_json_bool(struct sg_json *j, const char *key, int v);
void sg_json_null(struct sg_json *j, const char *key);

/* End the document (a newline). Returns 0, or -EINVAL / -EIO. */
int sg_json_finish(struct sg_json *j);

/* Write s as a JSON string literal (with quotes). Returns 0 or -EIO. */
int sg_json_write_string(FILE *f, const char *s);

#endif
