/* SPDX-License-Identifier: GPL-2.0-or-later */
/* namefilter.h - which SAM processes count, by name: whitespace-separated
 * fnmatch(3) patterns to include and to exclude. Matched in-process, never
 * by a shell. A process's name is the samguard resource name (as
 * Pacemaker spells it, "web:0") or, for other SAM programs, the base name
 * of their argv[0]; a process whose name is unknown has the name "". */
#ifndef SG_NAMEFILTER_H
#define SG_NAMEFILTER_H

#include <stddef.h>

#define SG_PATTERNS_MAX 64
#define SG_PATTERN_LEN_MAX 256

struct sg_namefilter {
	char *buf;                          /* owns the pattern text */
	const char *include[SG_PATTERNS_MAX];
	size_t ninclude;
	const char *exclude[SG_PATTERNS_MAX];
	size_t nexclude;
};

/* Build a filter. include NULL or blank means "*". Returns 0, -EINVAL
 * (empty pattern list where one is required is fine; a control character,
 * a pattern longer than SG_PATTERN_LEN_MAX or more than SG_PATTERNS_MAX
 * patterns are not; reason[n] says which), or -ENOMEM. */
int sg_namefilter_init(struct sg_namefilter *f, const char *include, const char *exclude, char *reason,
		       size_t n);

/* 1 when name matches an include pattern and no exclude pattern. */
int sg_namefilter_match(const struct sg_namefilter *f, const char *name);

void sg_namefilter_free(struct sg_namefilter *f);

#endif
