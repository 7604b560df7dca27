/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_names.c - resource name encoding (lib/names.h): names come from
 * Pacemaker, encoded names from cmap keys and socket and file names.
 * Properties: decode(encode(x)) == x for every name encode accepts, and a
 * text that decodes is exactly what its name encodes to (the encoding is
 * reversible both ways: no two texts name one resource). */
#include "fuzz.h"
#include "names.h"

#include <errno.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char enc[SG_NAME_ENC_MAX], dec[SG_NAME_MAX + 1], again[SG_NAME_ENC_MAX];
	char *s;
	int rc, rc2;

	if (size > 4 * SG_NAME_ENC_MAX)
		return 0;
	s = fuzz_cstr(data, size);

	rc = sg_name_encode(s, enc, sizeof(enc));
	FUZZ_ASSERT(rc >= 0 || rc == -EINVAL || rc == -ENAMETOOLONG);
	if (rc >= 0) {
		FUZZ_ASSERT((size_t)rc == strlen(enc));
		for (const char *c = enc; *c; c++)
			FUZZ_ASSERT((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
				    (*c >= '0' && *c <= '9') || *c == '-' || *c == '_');
		rc2 = sg_name_decode(enc, dec, sizeof(dec));
		FUZZ_ASSERT(rc2 >= 0 && (size_t)rc2 == strlen(s) && strcmp(dec, s) == 0);
	} else {
		FUZZ_ASSERT(s[0] == '\0' || strlen(s) > SG_NAME_MAX);
	}

	rc = sg_name_decode(s, dec, sizeof(dec));
	FUZZ_ASSERT(rc >= 0 || rc == -EINVAL || rc == -ENAMETOOLONG);
	if (rc >= 0) {
		FUZZ_ASSERT((size_t)rc == strlen(dec));
		rc2 = sg_name_encode(dec, again, sizeof(again));
		FUZZ_ASSERT(rc2 >= 0 && strcmp(again, s) == 0);
	}
	free(s);
	return 0;
}
