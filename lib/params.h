/* SPDX-License-Identifier: GPL-2.0-or-later */
/* params.h - the SAMProcess/samguard-run parameter model: one table that
 * drives meta-data, parsing from OCF_RESKEY_*, the supervisor's command
 * line, and validation. */
#ifndef SG_PARAMS_H
#define SG_PARAMS_H

#include "names.h"

#include <stddef.h>

enum sg_health {
	SG_HEALTH_EXIT = 0,   /* death only */
	SG_HEALTH_NOTIFY,     /* sd_notify READY=1 / WATCHDOG=1 */
	SG_HEALTH_COMMAND,    /* run health_cmd, exit 0 = healthy */
	SG_HEALTH_TCP,        /* connect to health_target */
};

/* When the sd_notify watchdog (WATCHDOG=1 every health_interval) is enforced. */
enum sg_watchdog {
	SG_WATCHDOG_AUTO = 0, /* once the daemon sent its first WATCHDOG=1 */
	SG_WATCHDOG_REQUIRE,  /* from READY=1 on: a daemon that never sends it is hung */
	SG_WATCHDOG_OFF,      /* never: readiness only */
};

/* Who says the daemon is ready (start returns, the state turns running). */
enum sg_readiness {
	SG_READINESS_HEALTH = 0, /* the health method (see the table in README) */
	SG_READINESS_NOTIFY,     /* READY=1 on $NOTIFY_SOCKET, whatever the health method */
};

enum sg_quorum_policy {
	SG_QUORUM_IGNORE = 0,
	SG_QUORUM_REQUIRE,
};

/* Limits, also shown in meta-data. */
#define SG_INTERVAL_MIN_MS 50u
#define SG_INTERVAL_MAX_MS 3600000u
#define SG_INTERVAL_DEFAULT_MS 1000u
#define SG_MAX_RESTARTS_DEFAULT 5u
#define SG_MAX_RESTARTS_MAX 1000u
#define SG_RESTART_WINDOW_DEFAULT_S 60u
#define SG_RESTART_WINDOW_MAX_S 86400u
#define SG_STOP_TIMEOUT_MAX_S 86400u

struct sg_params {
	char name[SG_NAME_MAX + 1];     /* resource instance name */
	const char *binfile;
	const char *cmdline_options;
	const char *workdir;
	const char *user;
	const char *logfile;
	const char *errlogfile;
	unsigned int stop_timeout_s;    /* 0: derived from the stop op timeout */
	enum sg_health health;
	unsigned int health_interval_ms;/* 0 only with health=exit */
	const char *health_cmd;
	const char *health_target;
	unsigned int max_restarts;
	unsigned int restart_window_s;
	enum sg_quorum_policy quorum;
	enum sg_watchdog watchdog;
	enum sg_readiness readiness;
	const char *pidfile;            /* NULL: the daemon stays in the foreground */
};

/* One parameter as meta-data describes it. */
struct sg_param_def {
	const char *name;
	const char *type;               /* "string", "integer", "boolean", "select" */
	const char *dflt;               /* NULL: no default */
	const char *const *options;     /* select values, NULL-terminated */
	int required;
	int reloadable;
	const char *shortdesc;
	const char *longdesc;
};

/* The SAMProcess parameters, terminated by an entry with name NULL. */
extern const struct sg_param_def sg_samprocess_params[];

/* Look-up function: the value of a parameter, NULL when unset. */
typedef const char *(*sg_param_get_fn)(const char *name, void *ctx);

/* Fill p from get() and check every value on its own terms (OCF validate
 * level 0: nothing on the node is inspected). Returns 0, or
 * SG_OCF_ERR_CONFIGURED with a one-line reason in reason[n]. The strings in
 * p point into whatever get() returned and must outlive p. */
int sg_params_load(struct sg_params *p, sg_param_get_fn get, void *ctx, char *reason, size_t n);

/* The checks of OCF validate level 10: binfile exists and is executable,
 * user exists, workdir is a directory. Returns 0, SG_OCF_ERR_INSTALLED or
 * SG_OCF_ERR_PERM with a reason. */
int sg_params_check_env(const struct sg_params *p, char *reason, size_t n);

/* get() for OCF agents: OCF_RESKEY_<name>. */
const char *sg_params_get_reskey(const char *name, void *ctx);

const char *sg_health_name(enum sg_health h);
const char *sg_quorum_name(enum sg_quorum_policy q);
const char *sg_watchdog_name(enum sg_watchdog w);
const char *sg_readiness_name(enum sg_readiness r);

#endif
