/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ocf.c - OCF actions, exit codes, environment and exit reasons. */
#include "ocf.h"

#include "log.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	enum sg_ocf_action action;
} actions[] = {
	{ "start", SG_ACTION_START },
	{ "stop", SG_ACTION_STOP },
	{ "monitor", SG_ACTION_MONITOR },
	{ "meta-data", SG_ACTION_META_DATA },
	{ "validate-all", SG_ACTION_VALIDATE_ALL },
	{ "reload-agent", SG_ACTION_RELOAD_AGENT },
	{ "usage", SG_ACTION_USAGE },
	{ "help", SG_ACTION_USAGE },
};

enum sg_ocf_action sg_ocf_action_parse(const char *name)
{
	if (name == NULL)
		return SG_ACTION_UNKNOWN;
	for (size_t i = 0; i < SG_ARRAY_SIZE(actions); i++)
		if (strcmp(name, actions[i].name) == 0)
			return actions[i].action;
	return SG_ACTION_UNKNOWN;
}

const char *sg_ocf_rc_name(int rc)
{
	switch (rc) {
	case SG_OCF_SUCCESS: return "OCF_SUCCESS";
	case SG_OCF_ERR_GENERIC: return "OCF_ERR_GENERIC";
	case SG_OCF_ERR_ARGS: return "OCF_ERR_ARGS";
	case SG_OCF_ERR_UNIMPLEMENTED: return "OCF_ERR_UNIMPLEMENTED";
	case SG_OCF_ERR_PERM: return "OCF_ERR_PERM";
	case SG_OCF_ERR_INSTALLED: return "OCF_ERR_INSTALLED";
	case SG_OCF_ERR_CONFIGURED: return "OCF_ERR_CONFIGURED";
	case SG_OCF_NOT_RUNNING: return "OCF_NOT_RUNNING";
	case SG_OCF_RUNNING_PROMOTED: return "OCF_RUNNING_PROMOTED";
	case SG_OCF_FAILED_PROMOTED: return "OCF_FAILED_PROMOTED";
	case SG_OCF_DEGRADED: return "OCF_DEGRADED";
	case SG_OCF_DEGRADED_PROMOTED: return "OCF_DEGRADED_PROMOTED";
	default: return "unknown";
	}
}

int sg_ocf_rc_is_valid(int rc)
{
	return (rc >= 0 && rc <= 9) || rc == SG_OCF_DEGRADED || rc == SG_OCF_DEGRADED_PROMOTED;
}

const char *sg_ocf_reskey(const char *name)
{
	char *var;
	const char *v;

	if (name == NULL || asprintf(&var, "OCF_RESKEY_%s", name) < 0)
		return NULL;
	v = getenv(var);
	free(var);
	return (v && *v) ? v : NULL;
}

const char *sg_ocf_instance(void)
{
	const char *v = getenv("OCF_RESOURCE_INSTANCE");

	return (v && *v) ? v : NULL;
}

/* A probe is a monitor with interval 0 or none at all, as in the
 * ecosystem: ocf-shellfuncs defaults an unset OCF_RESKEY_CRM_meta_interval
 * to 0 before ocf_is_probe compares it with "0", and ocf.py's is_probe
 * accepts "0", "" and unset. A monitor run by hand is thus a probe;
 * ocf-tester and ocft's configs set the interval when they mean a
 * recurring monitor (ocf-tester 10000, 0 for its probes). */
int sg_ocf_is_probe(void)
{
	const char *v = sg_ocf_reskey("CRM_meta_interval");
	uint64_t ms;

	if (v == NULL)
		return 1;
	return sg_parse_u64(v, 0, UINT64_MAX, &ms) == 0 && ms == 0;
}

unsigned int sg_ocf_timeout_ms(unsigned int dflt_ms)
{
	const char *v = sg_ocf_reskey("CRM_meta_timeout");
	uint64_t ms;

	if (v && sg_parse_u64(v, 1, 86400000ULL, &ms) == 0)
		return (unsigned int)ms;
	return dflt_ms;
}

int sg_ocf_check_level(void)
{
	const char *v = getenv("OCF_CHECK_LEVEL");
	uint64_t lvl;

	if (v && sg_parse_u64(v, 0, 1000, &lvl) == 0)
		return (int)lvl;
	return 0;
}

void sg_ocf_reason_format(char *buf, unsigned int n, const char *text)
{
	sg_text_one_line(buf, n, text, SG_OCF_REASON_MAX);
}

static void emit_reason(int prio, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

static void emit_reason(int prio, const char *fmt, va_list ap)
{
	char text[512], reason[SG_OCF_REASON_MAX + 1];
	const char *prefix = getenv("OCF_EXIT_REASON_PREFIX");

	vsnprintf(text, sizeof(text), fmt, ap);
	sg_ocf_reason_format(reason, sizeof(reason), text);
	if (prefix == NULL || *prefix == '\0')
		prefix = "ocf-exit-reason:";
	sg_log(prio, "%s", reason);
	fprintf(stderr, "%s%s\n", prefix, reason);
	fflush(stderr);
}

void sg_ocf_exit_reason(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit_reason(LOG_ERR, fmt, ap);
	va_end(ap);
}

void sg_ocf_degraded_reason(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit_reason(LOG_WARNING, fmt, ap);
	va_end(ap);
}
