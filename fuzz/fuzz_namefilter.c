/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_namefilter.c - sg_namefilter (lib/namefilter.h): SAMHealth's
 * include/exclude parameters and the health requests samguardctl serve
 * answers. Input: include, exclude and a name, separated by NUL bytes.
 * Properties: no memory error, the documented limits, and a name an
 * exclude pattern matches never passes. */
#include "fuzz.h"
#include "namefilter.h"

#include <errno.h>
#include <fnmatch.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sg_namefilter f;
	char reason[256], *s, *inc, *exc, *name;
	size_t l;
	int rc, m;

	if (size > 3 * SG_PATTERNS_MAX * SG_PATTERN_LEN_MAX)
		return 0;
	s = malloc(size + 3);
	if (s == NULL)
		abort();
	memcpy(s, data, size);
	memset(s + size, 0, 3);
	inc = s;
	l = strlen(inc);
	exc = l < size ? inc + l + 1 : s + size;
	l = strlen(exc);
	name = exc + l < s + size ? exc + l + 1 : s + size + 1;

	memset(reason, 'x', sizeof(reason));
	rc = sg_namefilter_init(&f, inc[0] == '-' ? NULL : inc, exc, reason, sizeof(reason));
	FUZZ_ASSERT(rc == 0 || rc == -EINVAL || rc == -ENOMEM);
	if (rc == -EINVAL) {
		FUZZ_TERMINATED(reason);
		FUZZ_ASSERT(reason[0] != '\0');
	}
	if (rc == 0) {
		FUZZ_ASSERT(f.ninclude <= SG_PATTERNS_MAX && f.nexclude <= SG_PATTERNS_MAX);
		m = sg_namefilter_match(&f, name);
		FUZZ_ASSERT(m == 0 || m == 1);
		for (size_t i = 0; i < f.nexclude; i++) {
			FUZZ_ASSERT(strlen(f.exclude[i]) <= SG_PATTERN_LEN_MAX);
			if (fnmatch(f.exclude[i], name, 0) == 0)
				FUZZ_ASSERT(m == 0);
		}
		for (size_t i = 0; i < f.ninclude; i++)
			FUZZ_ASSERT(strlen(f.include[i]) > 0 && strlen(f.include[i]) <= SG_PATTERN_LEN_MAX);
		sg_namefilter_free(&f);
	}
	free(s);
	return 0;
}
