/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_samtable.c - what samguardctl and SAMHealth read from cmap: keys
 * and text values of resources.process.<pid>.* (written by any libsam
 * program) and samguard.resource.<enc>.* (sg_table_set/unset, lib/samtable.h),
 * joined into the process list (lib/samproc.h), judged (lib/nodehealth.h)
 * and printed as text and JSON (lib/samreport.h).
 *
 * Input lines: "key=value" sets a key, "key" records it without a value;
 * a line "--" links the table (scan mode ends), after which "-key" deletes
 * a key; "?text" is a show argument (name or pid). Properties: no memory
 * error, every JSON output is valid JSON, and every listed process can be
 * found again by its name or pid. */
#include "fuzz.h"
#include "samhealthparams.h"
#include "namefilter.h"
#include "nodehealth.h"
#include "samproc.h"
#include "samreport.h"
#include "samtable.h"

#include <errno.h>

static void check_json(int (*fn)(FILE *, const struct sg_samproc *, size_t, int), const struct sg_samproc *v,
		       size_t n, int pretty)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	FUZZ_ASSERT(f != NULL);
	FUZZ_ASSERT(fn(f, v, n, pretty) == 0);
	FUZZ_ASSERT(fclose(f) == 0);
	FUZZ_ASSERT(fuzz_json_valid(out, len, NULL, 0));
	free(out);
}

static int show_json(FILE *f, const struct sg_samproc *v, size_t n, int pretty)
{
	(void)n;
	return sg_report_show_json(f, v, pretty);
}

static const char *no_params(const char *name, void *ctx)
{
	(void)name;
	(void)ctx;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sg_samhealth_config hp;
	struct sg_node_health nh;
	struct sg_namefilter nf;
	struct sg_table t;
	struct sg_samproc *v = NULL;
	char reason[128], *s, *line, *save = NULL, *out = NULL;
	const char *query = NULL;
	size_t len = 0;
	int linked = 0, rc;
	ssize_t n;
	FILE *f;

	if (size > 16384)
		return 0;
	s = fuzz_cstr(data, size);
	sg_table_init(&t);
	for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *eq;

		if (!strcmp(line, "--")) {
			sg_table_link(&t);
			linked = 1;
			continue;
		}
		if (line[0] == '?') {
			query = line + 1;
			continue;
		}
		if (line[0] == '-' && linked) {
			rc = sg_table_unset(&t, line + 1);
			FUZZ_ASSERT(rc == 0 || rc == 1);
			continue;
		}
		eq = strchr(line, '=');
		if (eq)
			*eq++ = '\0';
		rc = sg_table_set(&t, line, eq);
		FUZZ_ASSERT(rc == 0 || rc == 1 || rc == -EINVAL);
	}
	sg_table_link(&t);
	for (size_t i = 0; i < t.nsg; i++) {
		FUZZ_TERMINATED(t.sg[i].enc);
		FUZZ_TERMINATED(t.sg[i].name);
		FUZZ_ASSERT(t.sg[i].rs.history_len <= SG_HISTORY_MAX);
	}
	for (size_t i = 0; i < t.nsam; i++)
		FUZZ_ASSERT(sg_table_find_sam(&t, t.sam[i].pid) == &t.sam[i]);

	n = sg_samprocs(&t, 123456789000ull, &v);
	FUZZ_ASSERT(n >= 0);
	check_json(sg_report_list_json, v, (size_t)n, 0);
	check_json(sg_report_list_json, v, (size_t)n, 1);
	f = open_memstream(&out, &len);
	FUZZ_ASSERT(f != NULL);
	sg_report_list_text(f, v, (size_t)n);
	for (ssize_t i = 0; i < n; i++) {
		char pid[16];

		sg_report_show_text(f, &v[i]);
		check_json(show_json, &v[i], 1, (int)(i & 1));
		if (v[i].pid) {
			snprintf(pid, sizeof(pid), "%u", (unsigned)v[i].pid);
			FUZZ_ASSERT(sg_samprocs_find(v, (size_t)n, pid) != NULL);
		}
		/* show NAME finds what list shows as NAME (a number means a pid) */
		if (v[i].name && v[i].name[0] && v[i].name[strspn(v[i].name, "0123456789")] != '\0')
			FUZZ_ASSERT(sg_samprocs_find(v, (size_t)n, v[i].name) != NULL);
	}
	FUZZ_ASSERT(fclose(f) == 0);
	free(out);
	if (query)
		(void)sg_samprocs_find(v, (size_t)n, query);

	/* SAMHealth's defaults */
	FUZZ_ASSERT(sg_samhealth_config_load(&hp, no_params, NULL, reason, sizeof(reason)) == 0);
	if (sg_namefilter_init(&nf, hp.include, hp.exclude, reason, sizeof(reason)) == 0) {
		sg_node_health_judge(v, (size_t)n, &nf, &hp.limits, &nh);
		FUZZ_TERMINATED(nh.summary);
		FUZZ_ASSERT(nh.counts.watched <= (unsigned int)n);
		sg_namefilter_free(&nf);
	}
	free(v);
	sg_table_free(&t);
	free(s);
	return 0;
}
