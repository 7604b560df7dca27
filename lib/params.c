/* SPDX-License-Identifier: GPL-2.0-or-later */
/* params.c - the SAMProcess parameter table, and parsing and validation by it. */
#include "params.h"

#include "argv.h"
#include "cred.h"
#include "ocf.h"
#include "target.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "healthmethods.h"

static const char *const watchdog_names[] = { "auto", "require", "off", NULL };
static const char *const readiness_names[] = { "health", "notify", NULL };
static const char *const hang_signal_names[] = { "none", "abort", NULL };
static const char *const push_names[] = { "true", "false", NULL };

/* Selects are stored through an int: each enum must be one. */
_Static_assert(sizeof(enum sg_health) == sizeof(int) && sizeof(enum sg_watchdog) == sizeof(int) &&
		       sizeof(enum sg_readiness) == sizeof(int) && sizeof(enum sg_quorum_policy) == sizeof(int) &&
		       sizeof(enum sg_hang_signal) == sizeof(int) && sizeof(enum sg_push) == sizeof(int),
	       "select parameters are stored as int");

/* Where an entry's value goes: the offset of a field of struct sg_params,
 * which the compiler refuses unless the field has the kind's type. */
#define SG_FIELD_(f) (((struct sg_params *)0)->f)
#define STRING_AT(f) .kind = SG_PK_STRING, \
	.offset = _Generic(SG_FIELD_(f), const char *: offsetof(struct sg_params, f))
#define UINT_AT(f) .kind = SG_PK_UINT, \
	.offset = _Generic(SG_FIELD_(f), unsigned int: offsetof(struct sg_params, f))
#define SELECT_AT(f) .kind = SG_PK_SELECT, \
	.offset = _Generic(SG_FIELD_(f), enum sg_health: offsetof(struct sg_params, f), \
			   enum sg_watchdog: offsetof(struct sg_params, f), \
			   enum sg_readiness: offsetof(struct sg_params, f), \
			   enum sg_quorum_policy: offsetof(struct sg_params, f), \
			   enum sg_hang_signal: offsetof(struct sg_params, f), \
			   enum sg_push: offsetof(struct sg_params, f))

static int valid_words(const char *name, const char *v, char *reason, size_t n);
static int valid_user(const char *name, const char *v, char *reason, size_t n);
static int check_health_interval(const struct sg_params *p, char *reason, size_t n);
static int check_health_cmd(const struct sg_params *p, char *reason, size_t n);
static int check_health_target(const struct sg_params *p, char *reason, size_t n);
static int check_readiness(const struct sg_params *p, char *reason, size_t n);
static int check_restart_delay_max(const struct sg_params *p, char *reason, size_t n);

const struct sg_param_def sg_samprocess_params[] = {
	{ "binfile", "string", NULL, NULL, 1, 0,
	  "Full path of the daemon to run",
	  "Absolute path of the program to supervise, as for ocf:heartbeat:anything. "
	  "It must stay in the foreground (do not let it daemonize itself): samguard is its parent.",
	  STRING_AT(binfile), .flags = SG_PF_ABSPATH | SG_PF_ARGV_PROGRAM },
	{ "cmdline_options", "string", "", NULL, 0, 0,
	  "Arguments for the daemon",
	  "Arguments passed to binfile. They are split into words without a shell: blanks "
	  "separate words; '...' is literal; \"...\" is literal except \\\" and \\\\; a backslash "
	  "outside quotes makes the next character literal; '' gives an empty argument. Nothing is "
	  "expanded: $VAR, *, ~, ;, |, & and > reach the daemon as plain text.",
	  STRING_AT(cmdline_options), .flags = SG_PF_ARGV_ARGS, .valid = valid_words },
	{ "workdir", "string", "/", NULL, 0, 0,
	  "Working directory of the daemon",
	  "Absolute path of the directory the daemon starts in.",
	  STRING_AT(workdir), .flags = SG_PF_ABSPATH,
	  .longopt = "workdir", .shortopt = 'd', .metavar = "DIR", .usage = "working directory" },
	{ "user", "string", "root", NULL, 0, 0,
	  "User to run the daemon as",
	  "Name or numeric id of the user the daemon and health_cmd run as, with all of that "
	  "user's primary and supplementary groups, looked up once per start. workdir is entered "
	  "and logfile and errlogfile are opened as this user, never as root: the user must be "
	  "allowed to write them, and a symbolic link in their place is refused. The daemon gets a "
	  "clean environment: PATH with the system directories (/usr/local/sbin, /usr/local/bin, "
	  "/usr/sbin, /usr/bin, /sbin and /bin, in that order), "
	  "HOME, USER, LOGNAME and SHELL from this user's passwd entry, LANG, LC_* and TZ if the "
	  "cluster sets them, and the variables of the health method (NOTIFY_SOCKET, "
	  "WATCHDOG_USEC, WATCHDOG_PID); nothing else (no OCF_RESKEY_*, PCMK_* or HA_*). The "
	  "supervisor itself stays root.",
	  STRING_AT(user), .valid = valid_user,
	  .longopt = "user", .shortopt = 'u', .metavar = "USER",
	  .usage = "run PROGRAM as USER with its groups" },
	{ "logfile", "string", "/dev/null", NULL, 0, 0,
	  "File for the daemon's standard output",
	  "Absolute path of a file the daemon's standard output is appended to (created 0640 by "
	  "user if missing; a regular file or /dev/null).",
	  STRING_AT(logfile), .flags = SG_PF_ABSPATH,
	  .longopt = "logfile", .metavar = "FILE", .usage = "PROGRAM's stdout" },
	{ "errlogfile", "string", "", NULL, 0, 0,
	  "File for the daemon's standard error",
	  "Absolute path of a file the daemon's standard error is appended to. "
	  "Empty: the same as logfile.",
	  STRING_AT(errlogfile), .flags = SG_PF_ABSPATH,
	  .longopt = "errlogfile", .metavar = "FILE",
	  .usage = "PROGRAM's stderr (default: same as --logfile)" },
	{ "stop_timeout", "integer", "", NULL, 0, 0,
	  "Seconds between SIGTERM and SIGKILL on stop",
	  "How long stop waits after sending SIGTERM to the daemon's process group before it "
	  "sends SIGKILL (1 to 86400). Empty: two thirds of the stop operation's timeout.",
	  UINT_AT(stop_timeout_s), .min = 1, .max = SG_STOP_TIMEOUT_MAX_S, .unit = "s",
	  .longopt = "stop-timeout", .metavar = "S",
	  .usage = "seconds from SIGTERM to SIGKILL (default 10)" },
	{ "health", "select", "exit", sg_health_methods, 0, 0,
	  "How the daemon's health is checked",
	  "exit: only the daemon's death is a failure. notify: the daemon speaks systemd's "
	  "sd_notify protocol on $NOTIFY_SOCKET (READY=1 ends start, WATCHDOG=1 at least every "
	  "health_interval, WATCHDOG=trigger is a failure, STOPPING=1 then exit 0 is a clean stop; "
	  "$WATCHDOG_USEC and $WATCHDOG_PID are set; programs written for Heartbeat's apphb or "
	  "RSCT's ha_gs use samguard's libapphb or libha_gs, see apphb(3) and ha_gs(3)). command: "
	  "health_cmd is run every health_interval and must exit 0 within it. tcp: a TCP connection "
	  "to health_target must succeed every health_interval.",
	  SELECT_AT(health),
	  .longopt = "health", .shortopt = 'H', .metavar = "METHOD" },
	{ "watchdog", "select", "auto", watchdog_names, 0, 0,
	  "When the sd_notify watchdog is enforced",
	  "For health=notify (and readiness=notify): auto: from the daemon's first WATCHDOG=1 on, "
	  "it must send one at least every health_interval (a daemon that only sends READY=1, as "
	  "redis-server --supervised systemd, haproxy -Ws and postgres do, is judged by its exit "
	  "alone). require: from READY=1 on, a missing WATCHDOG=1 is a hang (systemd's WatchdogSec=). "
	  "off: WATCHDOG=1 is never required. $WATCHDOG_USEC is exported with auto and require.",
	  SELECT_AT(watchdog),
	  .longopt = "watchdog", .metavar = "WHEN",
	  .usage = "when WATCHDOG=1 is required; auto: after the first one" },
	{ "readiness", "select", "health", readiness_names, 0, 0,
	  "Who says the daemon is ready",
	  "health: the health method does (see health). notify: the daemon's READY=1 on "
	  "$NOTIFY_SOCKET ends start, whatever the health method: combine it with health=tcp or "
	  "health=command to have readiness by READY=1 and liveness by the probe.",
	  SELECT_AT(readiness), .check = check_readiness,
	  .longopt = "readiness", .metavar = "WHO",
	  .usage = "whether READY=1 ends start whatever the method" },
	{ "pidfile", "string", "", NULL, 0, 0,
	  "Pid file of a daemon that forks into the background",
	  "For programs that daemonize themselves: the absolute path of the pid file the program "
	  "writes. The supervisor waits for the first process to exit 0, then follows the pid in "
	  "the file (which must name a process of this instance). Empty: the program stays in the "
	  "foreground (preferred).",
	  STRING_AT(pidfile), .flags = SG_PF_ABSPATH,
	  .longopt = "pidfile", .metavar = "FILE",
	  .usage = "PROGRAM daemonizes and writes its pid here" },
	{ "health_interval", "integer", "1000", NULL, 0, 0,
	  "Health check interval in milliseconds",
	  "The SAM health-check interval in milliseconds (50 to 3600000). A daemon that misses it "
	  "is killed and restarted in place. 0 is allowed with health=exit only and means that "
	  "only death is detected.",
	  UINT_AT(health_interval_ms), .flags = SG_PF_ZERO, .min = SG_INTERVAL_MIN_MS,
	  .max = SG_INTERVAL_MAX_MS, .unit = "ms", .check = check_health_interval,
	  .longopt = "health-interval", .shortopt = 'i', .metavar = "MS",
	  .usage = "SAM health interval in ms" },
	{ "health_cmd", "string", "", NULL, 0, 0,
	  "Health check command (health=command)",
	  "Command run without a shell (split like cmdline_options) as the daemon's user; exit "
	  "code 0 means healthy. It must finish within health_interval.",
	  STRING_AT(health_cmd), .check = check_health_cmd,
	  .longopt = "health-cmd", .metavar = "CMD",
	  .usage = "command for --health command (no shell)" },
	{ "health_target", "string", "", NULL, 0, 0,
	  "Address to connect to (health=tcp)",
	  "host:port or [ipv6-address]:port that must accept a TCP connection within "
	  "health_interval.",
	  STRING_AT(health_target), .check = check_health_target,
	  .longopt = "health-target", .metavar = "H:P", .usage = "address for --health tcp" },
	{ "max_restarts", "integer", "5", NULL, 0, 1,
	  "In-place restarts allowed within restart_window",
	  "How many times the daemon may be restarted in place within restart_window seconds. "
	  "While under the limit monitor reports OCF_DEGRADED (190), which crm_mon shows without "
	  "any recovery. One more failure and the supervisor gives up: monitor returns "
	  "OCF_ERR_GENERIC and Pacemaker recovers the resource (restart, move, or fence with "
	  "on-fail=fence). 0 gives up on the first failure; at most 1000. A change applies "
	  "without a restart (reload-agent).",
	  UINT_AT(max_restarts), .min = 0, .max = SG_MAX_RESTARTS_MAX,
	  .longopt = "max-restarts", .shortopt = 'r', .metavar = "N",
	  .usage = "restarts allowed within the window" },
	{ "restart_window", "integer", "60", NULL, 0, 1,
	  "Window for max_restarts in seconds",
	  "Restarts older than this many seconds are forgotten (1 to 86400). A change applies "
	  "without a restart (reload-agent).",
	  UINT_AT(restart_window_s), .min = 1, .max = SG_RESTART_WINDOW_MAX_S, .unit = "s",
	  .longopt = "restart-window", .shortopt = 'w', .metavar = "S", .usage = "window in seconds" },
	{ "quorum", "select", "ignore", sg_quorum_policies, 0, 0,
	  "Whether the daemon needs quorum",
	  "ignore: quorum plays no part. require: the daemon runs only while this node is "
	  "quorate; SAM kills it when quorum is lost and starts it again when quorum returns, "
	  "and start fails at once on an inquorate node.",
	  SELECT_AT(quorum),
	  .longopt = "quorum", .shortopt = 'q', .metavar = "POLICY" },
	{ "restart_delay", "integer", "0", NULL, 0, 0,
	  "Backoff before repeated in-place restarts, in milliseconds",
	  "0 (default): every in-place restart is immediate. Otherwise the first restart within "
	  "restart_window is immediate and the k-th (k >= 2) waits min(restart_delay * 2^(k-2), "
	  "restart_delay_max) milliseconds before the daemon starts again, as systemd's RestartSec= "
	  "with RestartSteps= and RestartMaxDelaySec= (1 to 3600000). The wait is in the new "
	  "supervisor child before SAM's health checking starts, and a stop ends it at once; the "
	  "current delay is published as restart_delay_ms.",
	  UINT_AT(restart_delay_ms), .flags = SG_PF_ZERO, .min = 1, .max = SG_RESTART_DELAY_MAX_MS,
	  .unit = "ms", .longopt = "restart-delay", .metavar = "MS",
	  .usage = "backoff before the 2nd restart in the window, doubling" },
	{ "restart_delay_max", "integer", "", NULL, 0, 0,
	  "Upper bound of the restart backoff, in milliseconds",
	  "The longest wait restart_delay grows to (1 to 3600000, at least restart_delay). Empty: "
	  "3600000.",
	  UINT_AT(restart_delay_max_ms), .min = 1, .max = SG_RESTART_DELAY_MAX_MS, .unit = "ms",
	  .check = check_restart_delay_max, .longopt = "restart-delay-max", .metavar = "MS",
	  .usage = "upper bound of the backoff (default 3600000)" },
	{ "hang_signal", "select", "none", hang_signal_names, 0, 0,
	  "What a hung daemon gets before SIGKILL",
	  "When the daemon is judged hung (a missed WATCHDOG=1 or heartbeat, a health check that "
	  "did not pass within health_interval, no READY=1 within the start timeout, no exit after "
	  "STOPPING=1), the supervisor first records evidence (each thread's state and wchan, "
	  "/proc/<pid>/stack, the last STATUS=, memory and CPU use; see failure_dir). none: then "
	  "SIGKILL to the daemon's processes. abort: then SIGABRT (and SIGCONT) to the daemon's main "
	  "process, so that the system's core handler gets a core dump, and SIGKILL to all of them "
	  "once it died or after 5 seconds.",
	  SELECT_AT(hang_signal),
	  .longopt = "hang-signal", .metavar = "SIGNAL",
	  .usage = "signal a hung daemon gets before SIGKILL" },
	{ "failure_dir", "string", SG_FAILURE_DIR_DEFAULT, NULL, 0, 0,
	  "Directory for failure records",
	  "Absolute path of the directory where the supervisor writes one record per hang or OOM "
	  "kill (threads and their states, wchan, kernel stack, last STATUS=, memory, CPU), in "
	  "<failure_dir>/<encoded name>/<UTC time>-<instance>.txt. Created 0700 and owned by root; "
	  "a directory that is a symbolic link, not owned by root or writable by others is refused "
	  "(no record then, the failure is still reported). The latest record's path is published "
	  "as failure_record and shown by samguardctl show.",
	  STRING_AT(failure_dir), .flags = SG_PF_ABSPATH,
	  .longopt = "failure-dir", .metavar = "DIR", .usage = "where hang and OOM records go" },
	{ "failure_records", "integer", "10", NULL, 0, 0,
	  "Failure records kept per resource",
	  "How many records of hangs and OOM kills are kept per resource in failure_dir, the newest "
	  "(at most 1000); older ones are removed. 0: none are written (the one-line summary still "
	  "goes into last_failure).",
	  UINT_AT(failure_records), .min = 0, .max = SG_FAILURE_RECORDS_MAX,
	  .longopt = "failure-records", .metavar = "N", .usage = "records kept per resource" },
	{ "push", "select", "true", push_names, 0, 0,
	  "Report a give-up to Pacemaker at once",
	  "true: when the supervisor gives up (more than max_restarts failures within "
	  "restart_window, an escalation by a heartbeat-shim client, an in-place recovery that "
	  "failed), it reports the failure to Pacemaker at once with crm_resource --fail "
	  "--resource <instance> --node <node>, without waiting for the next monitor. Pacemaker "
	  "records it as a failed asyncmon operation (fail-count and migration-threshold apply; "
	  "Pacemaker 2.1.5 may count one push twice) and recovers with the on-fail of an asyncmon operation, default restart, so the supervisor "
	  "pushes only once a recurring monitor ran and its on-fail is restart (the default); with any "
	  "other on-fail (fence, stop, standby, block, ignore) the next monitor reports the give-up "
	  "as before. The recurring monitor reports the same failure in any case. false: only the "
	  "monitor reports it. samguard-run started by hand (without --node) never pushes.",
	  SELECT_AT(push),
	  .longopt = "push", .metavar = "BOOL", .usage = "report a give-up to Pacemaker at once" },
	{ .name = NULL },
};


const struct sg_param_def *sg_param_find(const struct sg_param_def *table, const char *name)
{
	for (const struct sg_param_def *d = table; name && d->name; d++)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

const char *sg_watchdog_name(enum sg_watchdog w)
{
	return (unsigned)w < SG_ARRAY_SIZE(watchdog_names) - 1 ? watchdog_names[w] : "unknown";
}

const char *sg_readiness_name(enum sg_readiness r)
{
	return (unsigned)r < SG_ARRAY_SIZE(readiness_names) - 1 ? readiness_names[r] : "unknown";
}

const char *sg_hang_signal_name(enum sg_hang_signal h)
{
	return (unsigned)h < SG_ARRAY_SIZE(hang_signal_names) - 1 ? hang_signal_names[h] : "unknown";
}

const char *sg_params_get_reskey(const char *name, void *ctx)
{
	(void)ctx;
	return sg_ocf_reskey(name);
}

static int fail(char *reason, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Reasons quote user values: keep them on one line. */
static void one_line(char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
}

static int fail(char *reason, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, n, fmt, ap);
	va_end(ap);
	one_line(reason);
	return SG_OCF_ERR_CONFIGURED;
}

/* ------------------------------------------------ values in struct sg_params */

static const char **string_at(struct sg_params *p, const struct sg_param_def *d)
{
	return (const char **)(void *)((char *)p + d->offset);
}

static unsigned int *uint_at(struct sg_params *p, const struct sg_param_def *d)
{
	return (unsigned int *)(void *)((char *)p + d->offset);
}

static int select_get(const struct sg_params *p, const struct sg_param_def *d)
{
	int v;

	memcpy(&v, (const char *)p + d->offset, sizeof(v));
	return v;
}

const char *sg_param_text(const struct sg_params *p, const struct sg_param_def *d, char *buf, size_t n)
{
	unsigned int u;
	int i;

	switch (d->kind) {
	case SG_PK_STRING:
		return *string_at((struct sg_params *)p, d);
	case SG_PK_UINT:
		u = *uint_at((struct sg_params *)p, d);
		/* without a default, 0 is "unset" (the table's tests make sure
		 * that such an entry's range excludes 0) */
		if (u == 0 && sg_str_empty(d->dflt))
			return NULL;
		snprintf(buf, n, "%u", u);
		return buf;
	case SG_PK_SELECT:
		i = select_get(p, d);
		for (int k = 0; d->options && d->options[k]; k++)
			if (k == i)
				return d->options[k];
		return NULL;
	case SG_PK_NONE:
		break;
	}
	return NULL;
}

/* ------------------------------------------------------------- validators */

/* cmdline_options: words as sg_argv_split makes them */
static int valid_words(const char *name, const char *v, char *reason, size_t n)
{
	char **argv = NULL;
	int rc = sg_argv_split(v, &argv, NULL);

	sg_argv_free(argv);
	if (rc < 0)
		return fail(reason, n, "%s cannot be split into words: %s", name, sg_argv_strerror(rc));
	return 0;
}

/* a name or number that getpwnam/getpwuid can take; the user's existence is
 * validate level 10's business (sg_params_check_env) */
static int valid_user(const char *name, const char *v, char *reason, size_t n)
{
	if (v[0] == '\0' || strchr(v, ':') || strchr(v, '/') || strlen(v) > 64)
		return fail(reason, n, "%s '%.40s' is not a valid user name", name, v);
	return 0;
}

static int check_health_interval(const struct sg_params *p, char *reason, size_t n)
{
	if (p->health_interval_ms == 0 && p->health != SG_HEALTH_EXIT)
		return fail(reason, n, "health_interval 0 is allowed only with health=exit");
	return 0;
}

/* health=command: words, the first an absolute path */
static int check_health_cmd(const struct sg_params *p, char *reason, size_t n)
{
	char **argv = NULL;
	int argc = 0, rc;

	if (p->health != SG_HEALTH_COMMAND)
		return 0;
	rc = sg_argv_split(p->health_cmd, &argv, &argc);
	if (rc < 0)
		rc = fail(reason, n, "health_cmd cannot be split into words: %s", sg_argv_strerror(rc));
	else if (argc == 0)
		rc = fail(reason, n, "health=command needs a health_cmd");
	else if (argv[0][0] != '/')
		rc = fail(reason, n, "health_cmd must start with an absolute path");
	sg_argv_free(argv);
	return rc;
}

/* health=tcp: host:port or [v6]:port, port 1..65535, host bounded (lib/target.c) */
static int check_health_target(const struct sg_params *p, char *reason, size_t n)
{
	char host[SG_TARGET_HOST_MAX], port[SG_TARGET_PORT_MAX];

	if (p->health != SG_HEALTH_TCP)
		return 0;
	if (p->health_target == NULL)
		return fail(reason, n, "health=tcp needs a health_target (host:port)");
	if (sg_target_split(p->health_target, host, sizeof(host), port, sizeof(port)) != 0)
		return fail(reason, n, "health_target '%.60s' is not host:port or [address]:port "
			    "(host: up to %d of A-Z a-z 0-9 . - _, port 1-65535)", p->health_target,
			    SG_TARGET_HOST_MAX - 1);
	return 0;
}

static int check_readiness(const struct sg_params *p, char *reason, size_t n)
{
	if (p->readiness == SG_READINESS_NOTIFY && p->health_interval_ms == 0)
		return fail(reason, n, "readiness=notify needs a health_interval above 0");
	return 0;
}

static int check_restart_delay_max(const struct sg_params *p, char *reason, size_t n)
{
	if (p->restart_delay_max_ms && p->restart_delay_max_ms < p->restart_delay_ms)
		return fail(reason, n, "restart_delay_max %u is below restart_delay %u", p->restart_delay_max_ms,
			    p->restart_delay_ms);
	return 0;
}

/* ---------------------------------------------------------------- loading */

/* One entry: the value (or its default) parsed by the entry's kind,
 * range-checked, validated, and stored in p. */
static int load_one(struct sg_params *p, const struct sg_param_def *d, const char *v, char *reason, size_t n)
{
	uint64_t x;
	int rc;

	if (sg_str_empty(v))
		v = sg_str_empty(d->dflt) ? NULL : d->dflt;
	if (v == NULL)
		return d->required ? fail(reason, n, "%s is required", d->name) : 0;
	switch (d->kind) {
	case SG_PK_STRING:
		if ((d->flags & SG_PF_ABSPATH) && v[0] != '/')
			return fail(reason, n, "%s '%.60s' is not an absolute path", d->name, v);
		*string_at(p, d) = v;
		break;
	case SG_PK_UINT: {
		uint64_t lo = (d->flags & SG_PF_ZERO) ? 0 : d->min;

		rc = sg_parse_u64(v, lo, d->max, &x);
		if (rc == -EINVAL)
			return fail(reason, n, "%s '%.40s' is not a whole number", d->name, v);
		if (rc == -ERANGE)
			return fail(reason, n, "%s %.40s is outside %llu..%llu", d->name, v, (unsigned long long)lo,
				    (unsigned long long)d->max);
		if (x != 0 && x < d->min)
			return fail(reason, n, "%s %llu is below the minimum of %u%s%s", d->name,
				    (unsigned long long)x, d->min, d->unit ? " " : "", d->unit ? d->unit : "");
		*uint_at(p, d) = (unsigned int)x;
		break;
	}
	case SG_PK_SELECT: {
		char choices[128];
		int i;

		for (i = 0; d->options[i] && strcmp(d->options[i], v); i++)
			;
		if (d->options[i] == NULL) {
			sg_names_join(choices, sizeof(choices), d->options, ", ");
			return fail(reason, n, "%s '%.30s' is not one of %s", d->name, v, choices);
		}
		memcpy((char *)p + d->offset, &i, sizeof(i));
		break;
	}
	case SG_PK_NONE:
		return 0;
	}
	return d->valid ? d->valid(d->name, v, reason, n) : 0;
}

int sg_params_load(struct sg_params *p, sg_param_get_fn get, void *ctx, char *reason, size_t n)
{
	const struct sg_param_def *d;
	int rc;

	memset(p, 0, sizeof(*p));
	reason[0] = '\0';
	for (d = sg_samprocess_params; d->name; d++)
		if ((rc = load_one(p, d, get(d->name, ctx), reason, n)) != 0)
			return rc;
	for (d = sg_samprocess_params; d->name; d++)
		if (d->check && (rc = d->check(p, reason, n)) != 0)
			return rc;
	return 0;
}

static int check_env(const struct sg_params *p, char *reason, size_t n)
{
	struct stat st;

	if (stat(p->binfile, &st) != 0) {
		snprintf(reason, n, "binfile %.80s: %s", p->binfile, strerror(errno));
		return SG_OCF_ERR_INSTALLED;
	}
	if (!S_ISREG(st.st_mode) || access(p->binfile, X_OK) != 0) {
		snprintf(reason, n, "binfile %.80s is not an executable file", p->binfile);
		return SG_OCF_ERR_INSTALLED;
	}
	if (p->user) {
		/* the same lookup the supervisor makes, group list included */
		struct sg_cred c;
		int rc = sg_cred_resolve(p->user, &c, reason, n);

		if (rc == -ENOENT || rc == -E2BIG)
			return SG_OCF_ERR_INSTALLED;
		if (rc < 0)
			return SG_OCF_ERR_GENERIC;
		sg_cred_free(&c);
	}
	if (p->workdir && (stat(p->workdir, &st) != 0 || !S_ISDIR(st.st_mode))) {
		snprintf(reason, n, "workdir %.80s is not a directory", p->workdir);
		return SG_OCF_ERR_INSTALLED;
	}
	if (p->health == SG_HEALTH_COMMAND) {
		char **argv = NULL;
		int argc = 0;

		if (sg_argv_split(p->health_cmd, &argv, &argc) == 0 && argc > 0 &&
		    (argv[0][0] != '/' || stat(argv[0], &st) != 0 || !S_ISREG(st.st_mode) ||
		     access(argv[0], X_OK) != 0)) {
			snprintf(reason, n, "health_cmd %.60s is not an executable absolute path", argv[0]);
			sg_argv_free(argv);
			return SG_OCF_ERR_INSTALLED;
		}
		sg_argv_free(argv);
	}
	return 0;
}

int sg_params_check_env(const struct sg_params *p, char *reason, size_t n)
{
	int rc = check_env(p, reason, n);

	if (rc != 0)
		one_line(reason);
	return rc;
}
