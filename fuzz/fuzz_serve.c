/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_serve.c - requests to "samguardctl serve" (lib/samserve.h): a verb
 * line, optionally an argument, and key=value lines with SAMHealth's
 * parameters (which go through sg_samhealth_config_load and
 * sg_namefilter_init). The view has no corosync connection, so every
 * request that would read cmap is answered "1 cannot read cmap": what is
 * fuzzed is everything before that. Properties: no memory error, and
 * every answer starts with "<code> <message>\n" and a known code. */
#include "fuzz.h"
#include "samlive.h"
#include "samserve.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sg_live l;
	char *req, *out = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	if (size >= SG_SERVE_REQUEST_MAX)
		return 0;
	req = fuzz_cstr(data, size);
	memset(&l, 0, sizeof(l));
	l.cmap_fd = -1;
	sg_table_init(&l.t);
	f = open_memstream(&out, &len);
	FUZZ_ASSERT(f != NULL);
	rc = sg_serve_answer(&l, req, f);
	FUZZ_ASSERT(fclose(f) == 0);
	FUZZ_ASSERT(rc == 0 || rc == 1);
	FUZZ_ASSERT(len >= 3 && out[len - 1] == '\n' && out[1] == ' ');
	FUZZ_ASSERT(strchr("0125", out[0]) != NULL);
	FUZZ_ASSERT(memchr(out, '\n', len) == out + len - 1);   /* one line: no payload without cmap */
	free(out);
	sg_table_free(&l.t);
	free(req);
	return 0;
}
