/* SPDX-License-Identifier: GPL-2.0-or-later */
/* params.h - the SAMProcess/samguard-run parameter model: one table that
 * drives meta-data, parsing from OCF_RESKEY_* or samguard-run's options,
 * validation, samguard-run's usage and the supervisor's command line. */
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

/* What the supervisor does to a hung daemon before SIGKILL. */
enum sg_hang_signal {
	SG_HANG_SIGNAL_NONE = 0, /* evidence, then SIGKILL */
	SG_HANG_SIGNAL_ABORT,    /* evidence, SIGABRT (a core), SIGKILL after SG_HANG_ABORT_WAIT_MS */
};

enum sg_quorum_policy {
	SG_QUORUM_IGNORE = 0,
	SG_QUORUM_REQUIRE,
};

/* Whether a give-up is reported to Pacemaker at once (push.h). */
enum sg_push {
	SG_PUSH_TRUE = 0,
	SG_PUSH_FALSE,
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
#define SG_RESTART_DELAY_MAX_MS 3600000u
#define SG_FAILURE_RECORDS_DEFAULT 10u
#define SG_FAILURE_RECORDS_MAX 1000u
#define SG_FAILURE_DIR_DEFAULT "/var/lib/samguard/failures"
/* hang_signal=abort: how long the daemon has to dump its core and die of
 * SIGABRT before SIGKILL */
#define SG_HANG_ABORT_WAIT_MS 5000u

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
	enum sg_hang_signal hang_signal;
	const char *failure_dir;        /* records of hangs and OOM kills (lib/failstore.h) */
	unsigned int failure_records;   /* how many of them to keep; 0: none written */
	unsigned int restart_delay_ms;  /* 0: restarts are immediate */
	unsigned int restart_delay_max_ms; /* 0 (unset): SG_RESTART_DELAY_MAX_MS */
	enum sg_push push;              /* report a give-up to Pacemaker at once */
};

/* How sg_params_load reads a parameter and where its value goes. */
enum sg_param_kind {
	SG_PK_NONE = 0,  /* not loaded through the table (SAMHealth has a loader of its own) */
	SG_PK_STRING,    /* const char *: the value, else the default, else NULL */
	SG_PK_UINT,      /* unsigned int in min..max; unset without a default: 0 */
	SG_PK_SELECT,    /* an enum: the index of the value in options[] */
};

/* sg_param_def.flags */
#define SG_PF_ABSPATH      0x01u /* string: an absolute path */
#define SG_PF_ZERO         0x02u /* integer: 0 is a value of its own below min ("off") */
#define SG_PF_ARGV_PROGRAM 0x04u /* samguard-run: the program, the first word after "--" */
#define SG_PF_ARGV_ARGS    0x08u /* samguard-run: split into the program's arguments */

/* One parameter: what meta-data says about it, how sg_params_load parses
 * and checks it, and how samguard-run spells it. The one table of the
 * SAMProcess parameters (sg_samprocess_params) drives meta-data, the man
 * page ocf_samguard_SAMProcess(7), sg_params_load, samguard-run's options
 * and usage, and the supervisor's command line SAMProcess builds
 * (lib/paramcli.h). */
struct sg_param_def {
	/* meta-data */
	const char *name;
	const char *type;               /* "string", "integer", "boolean", "select" */
	const char *dflt;               /* NULL: no default */
	const char *const *options;     /* select values, NULL-terminated */
	int required;
	int reloadable;
	const char *shortdesc;
	const char *longdesc;
	/* parsing (kind SG_PK_NONE: none of the rest is used) */
	enum sg_param_kind kind;
	size_t offset;                  /* of the value in struct sg_params */
	unsigned int flags;             /* SG_PF_* */
	unsigned int min, max;          /* SG_PK_UINT: the range */
	const char *unit;               /* SG_PK_UINT: "ms", "s", NULL for a count */
	/* the value on its own, after the type and range checks: 0 or
	 * SG_OCF_ERR_CONFIGURED with a reason */
	int (*valid)(const char *name, const char *v, char *reason, size_t n);
	/* against the other parameters, once every one is loaded */
	int (*check)(const struct sg_params *p, char *reason, size_t n);
	/* samguard-run */
	const char *longopt;            /* "health-interval" for --health-interval; NULL: none */
	char shortopt;                  /* 'i' for -i; 0: none */
	const char *metavar;            /* "MS" */
	const char *usage;              /* help text; a select's choices and a default are added */
};

/* The SAMProcess parameters, terminated by an entry with name NULL. */
extern const struct sg_param_def sg_samprocess_params[];

/* The entry called name in table, NULL when there is none. */
const struct sg_param_def *sg_param_find(const struct sg_param_def *table, const char *name);

/* d's value in p as text, as get() could give it back: a string as it is,
 * a number in buf[n], a select's option; NULL when unset. */
const char *sg_param_text(const struct sg_params *p, const struct sg_param_def *d, char *buf, size_t n);

/* Look-up function: the value of a parameter, NULL when unset. */
typedef const char *(*sg_param_get_fn)(const char *name, void *ctx);

/* Fill p from get(), one table entry after the other, and check every value
 * on its own terms (OCF validate level 0: nothing on the node is
 * inspected); an empty value counts as unset. Returns 0, or
 * SG_OCF_ERR_CONFIGURED with a one-line reason in reason[n]. The strings in
 * p point into whatever get() returned (or into the table's defaults) and
 * must outlive p. */
int sg_params_load(struct sg_params *p, sg_param_get_fn get, void *ctx, char *reason, size_t n);

/* The checks of OCF validate level 10: binfile exists and is executable,
 * user exists, workdir is a directory. Returns 0, SG_OCF_ERR_INSTALLED or
 * SG_OCF_ERR_PERM with a reason. */
int sg_params_check_env(const struct sg_params *p, char *reason, size_t n);

/* get() for OCF agents: OCF_RESKEY_<name>. */
const char *sg_params_get_reskey(const char *name, void *ctx);

const char *sg_watchdog_name(enum sg_watchdog w);
const char *sg_readiness_name(enum sg_readiness r);
const char *sg_hang_signal_name(enum sg_hang_signal h);

#endif
