/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samhealthparams.c - SAMHealth parameter table, parsing and validation. */
#include "samhealthparams.h"

#include "healthmethods.h"
#include "namefilter.h"
#include "ocf.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>


/* Loaded by sg_samhealth_config_load, not through the table (SG_PK_NONE). */
const struct sg_param_def sg_samhealth_params[] = {
	{ "yellow_limit", "string", "1", NULL, 0, 1,
	  "Unhealthy SAM processes that make the node yellow",
	  "The node turns yellow when at least this many of the watched SAM processes are degraded "
	  "(restarting in place, restarted within their restart_window, waiting for quorum) or "
	  "failed. A number, or a percentage of the watched processes such as 20%. 0 disables yellow.",
	  .kind = SG_PK_NONE },
	{ "red_limit", "string", "1", NULL, 0, 1,
	  "Failed SAM processes that make the node red",
	  "The node turns red when at least this many of the watched SAM processes have failed: their "
	  "supervisor gave up, SAM marked them failed, their SAM parent stopped sending heartbeats, or "
	  "their supervisor is gone (see stale). A number or a percentage; 0 disables red.",
	  .kind = SG_PK_NONE },
	{ "include", "string", "*", NULL, 0, 1,
	  "Names of the SAM processes to watch",
	  "Blank-separated shell patterns (fnmatch, no shell involved): a SAM process is watched when "
	  "its name matches one. The name of a process samguard started is its resource name as "
	  "Pacemaker spells it (web:0); any other program using SAM is named by the base name of its "
	  "argv[0]; a process that is gone has the name \"\".",
	  .kind = SG_PK_NONE },
	{ "exclude", "string", "", NULL, 0, 1,
	  "Names of the SAM processes to ignore",
	  "Blank-separated shell patterns; a SAM process whose name matches one is not watched, even "
	  "when include matches it.",
	  .kind = SG_PK_NONE },
	{ "stale", "select", "failed", sg_stale_modes, 0, 1,
	  "How a SAM process whose supervisor is gone counts",
	  "failed: like a failure (the default: nobody restarts it any more). degraded: towards yellow "
	  "only. ignore: not at all. samguardctl cleanup deletes such leftovers.",
	  .kind = SG_PK_NONE },
	{ "dampen", "string", SG_HEALTH_DAMPEN_DEFAULT, NULL, 0, 1,
	  "Delay before a new health value is written",
	  "How long attrd waits before it writes a changed value to the CIB, so that a short blip "
	  "moves nothing (5s, 500ms, 1min; 0 for none). Set with attrd_updater -B at start and kept by "
	  "attrd: Pacemaker 2.1.5 ignores a delay given with -U.",
	  .kind = SG_PK_NONE },
	{ "attribute", "string", SG_HEALTH_ATTRIBUTE_DEFAULT, NULL, 0, 0,
	  "Name of the node health attribute",
	  "The transient node attribute the health is published as (green, yellow or red). It must "
	  "start with #health- for node-health-strategy to see it.",
	  .kind = SG_PK_NONE },
	{ .name = NULL },
};

int sg_dampen_check(const char *s)
{
	static const struct {
		const char *unit;
		uint64_t max;
	} units[] = {
		{ "", 86400000ULL }, { "ms", 86400000ULL }, { "msec", 86400000ULL }, { "s", 86400 },
		{ "sec", 86400 }, { "m", 1440 }, { "min", 1440 }, { "h", 24 }, { "hr", 24 },
	};
	char num[16];
	size_t len;
	uint64_t v;

	if (s == NULL)
		return -EINVAL;
	len = strspn(s, "0123456789");
	if (len == 0 || len >= sizeof(num))
		return -EINVAL;
	memcpy(num, s, len);
	num[len] = '\0';
	for (size_t i = 0; i < SG_ARRAY_SIZE(units); i++)
		if (!strcmp(s + len, units[i].unit))
			return sg_parse_u64(num, 0, units[i].max, &v) == 0 ? 0 : -EINVAL;
	return -EINVAL;
}

int sg_samhealth_attribute_check(const char *s)
{
	static const char prefix[] = "#health-";
	size_t len;

	if (s == NULL || strncmp(s, prefix, sizeof(prefix) - 1))
		return -EINVAL;
	len = strlen(s);
	if (len == sizeof(prefix) - 1 || len > 128)
		return -EINVAL;
	if (strspn(s + sizeof(prefix) - 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") !=
	    len - (sizeof(prefix) - 1))
		return -EINVAL;
	return 0;
}

static const char *param(sg_param_get_fn get, void *ctx, const char *name)
{
	const char *v = get(name, ctx);

	if (v == NULL || *v == '\0') {
		for (const struct sg_param_def *d = sg_samhealth_params; d->name; d++)
			if (!strcmp(d->name, name))
				return d->dflt;
	}
	return v;
}

int sg_samhealth_config_load(struct sg_samhealth_config *p, sg_param_get_fn get, void *ctx, char *reason, size_t n)
{
	struct sg_namefilter f;
	char why[160];
	const char *v;

	memset(p, 0, sizeof(*p));
	v = param(get, ctx, "yellow_limit");
	if (sg_limit_parse(v, &p->limits.yellow) != 0) {
		snprintf(reason, n, "yellow_limit must be a count or a percentage (N or N%%), not \"%s\"", v);
		return SG_OCF_ERR_CONFIGURED;
	}
	v = param(get, ctx, "red_limit");
	if (sg_limit_parse(v, &p->limits.red) != 0) {
		snprintf(reason, n, "red_limit must be a count or a percentage (N or N%%), not \"%s\"", v);
		return SG_OCF_ERR_CONFIGURED;
	}
	v = param(get, ctx, "stale");
	if (sg_stale_parse(v, &p->limits.stale) != 0) {
		char modes[64];

		sg_names_join(modes, sizeof(modes), sg_stale_modes, ", ");
		snprintf(reason, n, "stale must be one of %s, not \"%s\"", modes, v);
		return SG_OCF_ERR_CONFIGURED;
	}
	p->include = param(get, ctx, "include");
	p->exclude = param(get, ctx, "exclude");
	if (sg_namefilter_init(&f, p->include, p->exclude, why, sizeof(why)) != 0) {
		snprintf(reason, n, "%s", why[0] ? why : "invalid name patterns");
		return SG_OCF_ERR_CONFIGURED;
	}
	sg_namefilter_free(&f);
	p->dampen = param(get, ctx, "dampen");
	if (sg_dampen_check(p->dampen) != 0) {
		snprintf(reason, n, "dampen must be a delay such as 5s, 500ms or 1min, not \"%s\"", p->dampen);
		return SG_OCF_ERR_CONFIGURED;
	}
	p->attribute = param(get, ctx, "attribute");
	if (sg_samhealth_attribute_check(p->attribute) != 0) {
		snprintf(reason, n, "attribute must be #health- followed by letters, digits, _ . or -, not \"%s\"",
			 p->attribute);
		return SG_OCF_ERR_CONFIGURED;
	}
	return 0;
}
