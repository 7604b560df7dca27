/* SPDX-License-Identifier: GPL-2.0-or-later */
/* namefilter.c - include/exclude fnmatch patterns over process names. */
#include "namefilter.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Split s in place at blanks into out[]; returns the count or -EINVAL. */
static int split(char *s, const char **out, const char *what, char *reason, size_t n)
{
	size_t cnt = 0;
	char *save = NULL;

	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c < 0x20 && c != ' ' && c != '\t' && c != '\n') || c == 0x7f) {
			snprintf(reason, n, "%s: control character in a pattern", what);
			return -EINVAL;
		}
	}
	for (char *tok = strtok_r(s, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
		if (cnt == SG_PATTERNS_MAX) {
			snprintf(reason, n, "%s: more than %d patterns", what, SG_PATTERNS_MAX);
			return -EINVAL;
		}
		if (strlen(tok) > SG_PATTERN_LEN_MAX) {
			snprintf(reason, n, "%s: a pattern is longer than %d bytes", what, SG_PATTERN_LEN_MAX);
			return -EINVAL;
		}
		out[cnt++] = tok;
	}
	return (int)cnt;
}

int sg_namefilter_init(struct sg_namefilter *f, const char *include, const char *exclude, char *reason,
		       size_t n)
{
	size_t li = include ? strlen(include) : 0, le = exclude ? strlen(exclude) : 0;
	int rc;

	memset(f, 0, sizeof(*f));
	if (reason && n)
		reason[0] = '\0';
	f->buf = malloc(li + le + 2);
	if (f->buf == NULL)
		return -ENOMEM;
	memcpy(f->buf, include ? include : "", li + 1);
	memcpy(f->buf + li + 1, exclude ? exclude : "", le + 1);
	rc = split(f->buf, f->include, "include", reason, n);
	if (rc < 0)
		goto fail;
	f->ninclude = (size_t)rc;
	rc = split(f->buf + li + 1, f->exclude, "exclude", reason, n);
	if (rc < 0)
		goto fail;
	f->nexclude = (size_t)rc;
	if (f->ninclude == 0) {
		f->include[0] = "*";
		f->ninclude = 1;
	}
	return 0;
fail:
	sg_namefilter_free(f);
	return -EINVAL;
}

int sg_namefilter_match(const struct sg_namefilter *f, const char *name)
{
	int in = 0;

	if (name == NULL)
		name = "";
	for (size_t i = 0; i < f->ninclude && !in; i++)
		in = fnmatch(f->include[i], name, 0) == 0;
	if (!in)
		return 0;
	for (size_t i = 0; i < f->nexclude; i++)
		if (fnmatch(f->exclude[i], name, 0) == 0)
			return 0;
	return 1;
}

void sg_namefilter_free(struct sg_namefilter *f)
{
	free(f->buf);
	memset(f, 0, sizeof(*f));
}
