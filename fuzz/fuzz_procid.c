/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_procid.c - the /proc/<pid>/stat parsers: sg_procstat_parse and
 * sg_procid_parse_stat (lib/procid.h: the one stat parser, and process
 * identities, pid + start time, on top of it) and
 * sg_stat_cpu_field (lib/colocate.h). A process chooses its own comm
 * (prctl PR_SET_NAME), blanks and parentheses included, so the text is
 * partly the process's. Properties: no memory error (the buffer is exactly
 * the input, not terminated) and the documented answers only. */
#include "colocate.h"
#include "fuzz.h"
#include "procid.h"

#include <errno.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t start = 0;
	char *buf, *s;
	int rc;

	if (size > 4096)
		return 0;
	buf = malloc(size ? size : 1);
	if (buf == NULL)
		abort();
	memcpy(buf, data, size);
	rc = sg_procid_parse_stat(buf, size, &start);
	FUZZ_ASSERT(rc == 0 || rc == -ESRCH || rc == -EIO);
	{
		struct sg_procstat st;

		rc = sg_procstat_parse(buf, size, &st);
		FUZZ_ASSERT(rc == 0 || rc == -EIO);
		FUZZ_ASSERT(rc < 0 || (st.ppid >= -1 && st.pgrp >= -1 && st.session >= -1));
	}
	free(buf);

	s = fuzz_cstr(data, size);
	rc = sg_stat_cpu_field(s);
	FUZZ_ASSERT(rc == -EINVAL || (rc >= 0 && rc < CPU_SETSIZE));
	free(s);
	return 0;
}
