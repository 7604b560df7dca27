/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_healthanswer.c - sg_samclient_health_parse (lib/samclient.h):
 * SAMHealth's monitor reads the node's health from samguardctl serve's
 * answer. Properties: no memory error, a known colour on success, and a
 * terminated summary. */
#include "fuzz.h"
#include "nodehealth.h"
#include "samclient.h"

#include <errno.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sg_node_health h;
	char *s;
	int rc;

	if (size > 65536)
		return 0;
	s = fuzz_cstr(data, size);
	rc = sg_samclient_health_parse(s, &h);
	FUZZ_ASSERT(rc == 0 || rc == -EPROTO);
	if (rc == 0) {
		FUZZ_ASSERT(h.color == SG_COLOR_GREEN || h.color == SG_COLOR_YELLOW || h.color == SG_COLOR_RED);
		FUZZ_TERMINATED(h.summary);
	}
	free(s);
	return 0;
}
