/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_params.c - sg_params_load (lib/params.h): the SAMProcess and
 * samguard-run parameters come from the CIB (OCF_RESKEY_*) or the command
 * line. The input is split into NAME=VALUE lines and served by the getter
 * (the first line with a name wins, as with an environment). Properties:
 * no memory error, an answer that is 0 or "not configured" with a reason,
 * and a loaded set that keeps the limits params.h states. */
#include "fuzz.h"
#include "healthmethods.h"
#include "ocf.h"
#include "params.h"

#define MAXVARS 64

struct vars {
	const char *name[MAXVARS];
	const char *value[MAXVARS];
	size_t n;
};

static const char *get(const char *name, void *ctx)
{
	const struct vars *v = ctx;

	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->name[i], name))
			return v->value[i];
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sg_params p;
	struct vars v = { .n = 0 };
	char reason[256], *s, *line, *save = NULL;
	int rc;

	if (size > 16384)
		return 0;
	s = fuzz_cstr(data, size);
	for (line = strtok_r(s, "\n", &save); line && v.n < MAXVARS; line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '=');

		if (eq == NULL)
			continue;
		*eq = '\0';
		v.name[v.n] = line;
		v.value[v.n++] = eq + 1;
	}
	memset(reason, 'x', sizeof(reason));
	rc = sg_params_load(&p, get, &v, reason, sizeof(reason));
	FUZZ_TERMINATED(reason);
	FUZZ_ASSERT(rc == 0 || rc == SG_OCF_ERR_CONFIGURED);
	if (rc != 0) {
		FUZZ_ASSERT(reason[0] != '\0');
	} else {
		FUZZ_TERMINATED(p.name);
		FUZZ_ASSERT(p.binfile && p.binfile[0] == '/');
		FUZZ_ASSERT(p.workdir && p.user && p.logfile);
		FUZZ_ASSERT(p.stop_timeout_s <= SG_STOP_TIMEOUT_MAX_S);
		FUZZ_ASSERT(p.max_restarts <= SG_MAX_RESTARTS_MAX);
		FUZZ_ASSERT(p.restart_window_s <= SG_RESTART_WINDOW_MAX_S);
		FUZZ_ASSERT(p.health_interval_ms <= SG_INTERVAL_MAX_MS);
		FUZZ_ASSERT(p.health_interval_ms == 0 || p.health_interval_ms >= SG_INTERVAL_MIN_MS);
		FUZZ_ASSERT(sg_health_text(p.health) != NULL && sg_quorum_text(p.quorum) != NULL);
	}
	free(s);
	return 0;
}
