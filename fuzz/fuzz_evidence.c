/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_evidence.c - lib/evidence.c: the task stat, status and flat-keyed
 * cgroup parsers, and the summary and record built from what a daemon
 * controls (its comm, its STATUS=). Properties: no memory error, the
 * documented answers only, and the daemon's text never starts a line of
 * the record. */
#include "evidence.h"
#include "fuzz.h"

#include <errno.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sg_evidence e;
	static char rec[16384];
	char summary[256], *s;
	struct sg_ev_task t;
	int64_t kb;
	uint64_t v;
	int rc;

	if (size > 4096)
		return 0;
	s = fuzz_cstr(data, size);
	memset(&t, 0, sizeof(t));
	rc = sg_ev_parse_task_stat(s, &t);
	FUZZ_ASSERT(rc == 0 || rc == -EINVAL);
	FUZZ_TERMINATED(t.comm);
	rc = sg_ev_parse_status_kb(s, "VmRSS", &kb);
	FUZZ_ASSERT(rc == -ENOENT || (rc == 0 && kb >= 0));
	rc = sg_ev_parse_flat_key(s, "oom_kill", &v);
	FUZZ_ASSERT(rc == 0 || rc == -ENOENT);

	sg_ev_init(&e);
	snprintf(e.reason, sizeof(e.reason), "fuzz");
	snprintf(e.status, sizeof(e.status), "%s", s);
	e.pid = 1;
	e.ntasks = e.tasks_seen = 1;
	e.task[0] = t;
	e.task[0].state = 'S';
	snprintf(e.task[0].comm, sizeof(e.task[0].comm), "%s", s);
	snprintf(e.task[0].wchan, sizeof(e.task[0].wchan), "%s", s);
	sg_ev_summary(&e, summary, sizeof(summary));
	FUZZ_TERMINATED(summary);
	FUZZ_ASSERT(strchr(summary, '\n') == NULL);
	FUZZ_ASSERT(sg_ev_format(&e, rec, sizeof(rec)) == strlen(rec));
	/* what the daemon controls cannot start a line of its own */
	FUZZ_ASSERT(strstr(rec, "\nfuzz-line") == NULL);
	free(s);
	return 0;
}
