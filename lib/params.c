/* SPDX-License-Identifier: GPL-2.0-or-later */
/* params.c - SAMProcess parameter table, parsing and validation. */
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

static const char *const health_names[] = { "exit", "notify", "command", "tcp", NULL };
static const char *const watchdog_names[] = { "auto", "require", "off", NULL };
static const char *const readiness_names[] = { "health", "notify", NULL };
static const char *const quorum_names[] = { "ignore", "require", NULL };

const struct sg_param_def sg_samprocess_params[] = {
	{ "binfile", "string", NULL, NULL, 1, 0,
	  "Full path of the daemon to run",
	  "Absolute path of the program to supervise, as for ocf:heartbeat:anything. "
	  "It must stay in the foreground (do not let it daemonize itself): samguard is its parent." },
	{ "cmdline_options", "string", "", NULL, 0, 0,
	  "Arguments for the daemon",
	  "Arguments passed to binfile. They are split into words without a shell: blanks "
	  "separate words; '...' is literal; \"...\" is literal except \\\" and \\\\; a backslash "
	  "outside quotes makes the next character literal; '' gives an empty argument. Nothing is "
	  "expanded: $VAR, *, ~, ;, |, & and > reach the daemon as plain text." },
	{ "workdir", "string", "/", NULL, 0, 0,
	  "Working directory of the daemon",
	  "Absolute path of the directory the daemon starts in." },
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
	  "supervisor itself stays root." },
	{ "logfile", "string", "/dev/null", NULL, 0, 0,
	  "File for the daemon's standard output",
	  "Absolute path of a file the daemon's standard output is appended to (created 0640 by "
	  "user if missing; a regular file or /dev/null)." },
	{ "errlogfile", "string", "", NULL, 0, 0,
	  "File for the daemon's standard error",
	  "Absolute path of a file the daemon's standard error is appended to. "
	  "Empty: the same as logfile." },
	{ "stop_timeout", "integer", "", NULL, 0, 0,
	  "Seconds between SIGTERM and SIGKILL on stop",
	  "How long stop waits after sending SIGTERM to the daemon's process group before it "
	  "sends SIGKILL (1 to 86400). Empty: two thirds of the stop operation's timeout." },
	{ "health", "select", "exit", health_names, 0, 0,
	  "How the daemon's health is checked",
	  "exit: only the daemon's death is a failure. notify: the daemon speaks systemd's "
	  "sd_notify protocol on $NOTIFY_SOCKET (READY=1 ends start, WATCHDOG=1 at least every "
	  "health_interval, WATCHDOG=trigger is a failure, STOPPING=1 then exit 0 is a clean stop; "
	  "$WATCHDOG_USEC and $WATCHDOG_PID are set; programs written for Heartbeat's apphb or "
	  "RSCT's ha_gs use samguard's libapphb or libha_gs, see apphb(3) and ha_gs(3)). command: "
	  "health_cmd is run every health_interval and must exit 0 within it. tcp: a TCP connection "
	  "to health_target must succeed every health_interval." },
	{ "watchdog", "select", "auto", watchdog_names, 0, 0,
	  "When the sd_notify watchdog is enforced",
	  "For health=notify (and readiness=notify): auto: from the daemon's first WATCHDOG=1 on, "
	  "it must send one at least every health_interval (a daemon that only sends READY=1, as "
	  "redis-server --supervised systemd, haproxy -Ws and postgres do, is judged by its exit "
	  "alone). require: from READY=1 on, a missing WATCHDOG=1 is a hang (systemd's WatchdogSec=). "
	  "off: WATCHDOG=1 is never required. $WATCHDOG_USEC is exported with auto and require." },
	{ "readiness", "select", "health", readiness_names, 0, 0,
	  "Who says the daemon is ready",
	  "health: the health method does (see health). notify: the daemon's READY=1 on "
	  "$NOTIFY_SOCKET ends start, whatever the health method: combine it with health=tcp or "
	  "health=command to have readiness by READY=1 and liveness by the probe." },
	{ "pidfile", "string", "", NULL, 0, 0,
	  "Pid file of a daemon that forks into the background",
	  "For programs that daemonize themselves: the absolute path of the pid file the program "
	  "writes. The supervisor waits for the first process to exit 0, then follows the pid in "
	  "the file (which must name a process of this instance). Empty: the program stays in the "
	  "foreground (preferred)." },
	{ "health_interval", "integer", "1000", NULL, 0, 0,
	  "Health check interval in milliseconds",
	  "The SAM health-check interval in milliseconds (50 to 3600000). A daemon that misses it "
	  "is killed and restarted in place. 0 is allowed with health=exit only and means that "
	  "only death is detected." },
	{ "health_cmd", "string", "", NULL, 0, 0,
	  "Health check command (health=command)",
	  "Command run without a shell (split like cmdline_options) as the daemon's user; exit "
	  "code 0 means healthy. It must finish within health_interval." },
	{ "health_target", "string", "", NULL, 0, 0,
	  "Address to connect to (health=tcp)",
	  "host:port or [ipv6-address]:port that must accept a TCP connection within "
	  "health_interval." },
	{ "max_restarts", "integer", "5", NULL, 0, 1,
	  "In-place restarts allowed within restart_window",
	  "How many times the daemon may be restarted in place within restart_window seconds. "
	  "While under the limit monitor reports OCF_DEGRADED (190), which crm_mon shows without "
	  "any recovery. One more failure and the supervisor gives up: monitor returns "
	  "OCF_ERR_GENERIC and Pacemaker recovers the resource (restart, move, or fence with "
	  "on-fail=fence). 0 gives up on the first failure; at most 1000. A change applies "
	  "without a restart (reload-agent)." },
	{ "restart_window", "integer", "60", NULL, 0, 1,
	  "Window for max_restarts in seconds",
	  "Restarts older than this many seconds are forgotten (1 to 86400). A change applies "
	  "without a restart (reload-agent)." },
	{ "quorum", "select", "ignore", quorum_names, 0, 0,
	  "Whether the daemon needs quorum",
	  "ignore: quorum plays no part. require: the daemon runs only while this node is "
	  "quorate; SAM kills it when quorum is lost and starts it again when quorum returns, "
	  "and start fails at once on an inquorate node." },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL },
};

const char *sg_health_name(enum sg_health h)
{
	return (unsigned)h < 4 ? health_names[h] : "unknown";
}

const char *sg_watchdog_name(enum sg_watchdog w)
{
	return (unsigned)w < SG_ARRAY_SIZE(watchdog_names) - 1 ? watchdog_names[w] : "unknown";
}

const char *sg_readiness_name(enum sg_readiness r)
{
	return (unsigned)r < SG_ARRAY_SIZE(readiness_names) - 1 ? readiness_names[r] : "unknown";
}

const char *sg_quorum_name(enum sg_quorum_policy q)
{
	return (unsigned)q < 2 ? quorum_names[q] : "unknown";
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

static const char *get_or_default(const char *name, sg_param_get_fn get, void *ctx)
{
	const char *v = get(name, ctx);

	if (v && *v)
		return v;
	for (const struct sg_param_def *d = sg_samprocess_params; d->name; d++)
		if (!strcmp(d->name, name))
			return (d->dflt && *d->dflt) ? d->dflt : NULL;
	return NULL;
}

static int select_index(const char *const *names, const char *v)
{
	for (int i = 0; names[i]; i++)
		if (!strcmp(names[i], v))
			return i;
	return -1;
}

static int load_uint(const char *name, const char *v, uint64_t min, uint64_t max, unsigned int *out,
		     char *reason, size_t n)
{
	uint64_t x;
	int rc = sg_parse_u64(v, min, max, &x);

	if (rc == -EINVAL)
		return fail(reason, n, "%s '%.40s' is not a whole number", name, v);
	if (rc == -ERANGE)
		return fail(reason, n, "%s %.40s is outside %llu..%llu", name, v,
			    (unsigned long long)min, (unsigned long long)max);
	*out = (unsigned int)x;
	return 0;
}

static int check_abs_path(const char *name, const char *v, char *reason, size_t n)
{
	if (v && v[0] != '/')
		return fail(reason, n, "%s '%.60s' is not an absolute path", name, v);
	return 0;
}

/* host:port or [v6]:port, port 1..65535, host bounded (lib/target.c) */
static int check_target(const char *t, char *reason, size_t n)
{
	char host[SG_TARGET_HOST_MAX], port[SG_TARGET_PORT_MAX];

	if (sg_target_split(t, host, sizeof(host), port, sizeof(port)) != 0)
		return fail(reason, n, "health_target '%.60s' is not host:port or [address]:port "
			    "(host: up to %d of A-Z a-z 0-9 . - _, port 1-65535)", t, SG_TARGET_HOST_MAX - 1);
	return 0;
}

static int check_split_words(const char *name, char **argv, int argc, char *reason, size_t n);

static int check_split(const char *name, const char *v, char *reason, size_t n)
{
	char **argv = NULL;
	int argc = 0, rc = sg_argv_split(v, &argv, &argc);

	if (rc < 0)
		return fail(reason, n, "%s cannot be split into words: %s", name, sg_argv_strerror(rc));
	rc = check_split_words(name, argv, argc, reason, n);
	sg_argv_free(argv);
	return rc;
}

static int check_split_words(const char *name, char **argv, int argc, char *reason, size_t n)
{
	if (!strcmp(name, "health_cmd")) {
		if (argc == 0)
			return fail(reason, n, "health=command needs a health_cmd");
		if (argv[0][0] != '/')
			return fail(reason, n, "health_cmd must start with an absolute path");
	}
	return 0;
}

int sg_params_load(struct sg_params *p, sg_param_get_fn get, void *ctx, char *reason, size_t n)
{
	const char *v;
	int rc, idx;

	memset(p, 0, sizeof(*p));
	reason[0] = '\0';

	v = get("binfile", ctx);
	if (v == NULL || *v == '\0')
		return fail(reason, n, "binfile is required");
	if ((rc = check_abs_path("binfile", v, reason, n)))
		return rc;
	p->binfile = v;

	p->cmdline_options = get("cmdline_options", ctx);
	if (p->cmdline_options && (rc = check_split("cmdline_options", p->cmdline_options, reason, n)))
		return rc;

	p->workdir = get_or_default("workdir", get, ctx);
	p->user = get_or_default("user", get, ctx);
	p->logfile = get_or_default("logfile", get, ctx);
	p->errlogfile = get("errlogfile", ctx);
	if (p->errlogfile && *p->errlogfile == '\0')
		p->errlogfile = NULL;
	if ((rc = check_abs_path("workdir", p->workdir, reason, n)) ||
	    (rc = check_abs_path("logfile", p->logfile, reason, n)) ||
	    (rc = check_abs_path("errlogfile", p->errlogfile, reason, n)))
		return rc;
	if (p->user[0] == '\0' || strchr(p->user, ':') || strchr(p->user, '/') || strlen(p->user) > 64)
		return fail(reason, n, "user '%.40s' is not a valid user name", p->user);

	v = get("stop_timeout", ctx);
	if (v && *v && (rc = load_uint("stop_timeout", v, 1, SG_STOP_TIMEOUT_MAX_S, &p->stop_timeout_s, reason, n)))
		return rc;

	v = get_or_default("health", get, ctx);
	idx = select_index(health_names, v);
	if (idx < 0)
		return fail(reason, n, "health '%.30s' is not one of exit, notify, command, tcp", v);
	p->health = (enum sg_health)idx;

	v = get_or_default("health_interval", get, ctx);
	if ((rc = load_uint("health_interval", v, 0, SG_INTERVAL_MAX_MS, &p->health_interval_ms, reason, n)))
		return rc;
	if (p->health_interval_ms == 0 && p->health != SG_HEALTH_EXIT)
		return fail(reason, n, "health_interval 0 is allowed only with health=exit");
	if (p->health_interval_ms != 0 && p->health_interval_ms < SG_INTERVAL_MIN_MS)
		return fail(reason, n, "health_interval %u is below the minimum of %u ms",
			    p->health_interval_ms, SG_INTERVAL_MIN_MS);

	p->health_cmd = get("health_cmd", ctx);
	p->health_target = get("health_target", ctx);
	if (p->health == SG_HEALTH_COMMAND &&
	    (rc = check_split("health_cmd", p->health_cmd ? p->health_cmd : "", reason, n)))
		return rc;
	if (p->health == SG_HEALTH_TCP) {
		if (sg_str_empty(p->health_target))
			return fail(reason, n, "health=tcp needs a health_target (host:port)");
		if ((rc = check_target(p->health_target, reason, n)))
			return rc;
	}

	v = get_or_default("max_restarts", get, ctx);
	if ((rc = load_uint("max_restarts", v, 0, SG_MAX_RESTARTS_MAX, &p->max_restarts, reason, n)))
		return rc;
	v = get_or_default("restart_window", get, ctx);
	if ((rc = load_uint("restart_window", v, 1, SG_RESTART_WINDOW_MAX_S, &p->restart_window_s, reason, n)))
		return rc;

	v = get_or_default("quorum", get, ctx);
	idx = select_index(quorum_names, v);
	if (idx < 0)
		return fail(reason, n, "quorum '%.30s' is not one of ignore, require", v);
	p->quorum = (enum sg_quorum_policy)idx;

	v = get_or_default("watchdog", get, ctx);
	idx = select_index(watchdog_names, v);
	if (idx < 0)
		return fail(reason, n, "watchdog '%.30s' is not one of auto, require, off", v);
	p->watchdog = (enum sg_watchdog)idx;
	v = get_or_default("readiness", get, ctx);
	idx = select_index(readiness_names, v);
	if (idx < 0)
		return fail(reason, n, "readiness '%.30s' is not one of health, notify", v);
	p->readiness = (enum sg_readiness)idx;
	if (p->readiness == SG_READINESS_NOTIFY && p->health_interval_ms == 0)
		return fail(reason, n, "readiness=notify needs a health_interval above 0");
	p->pidfile = get("pidfile", ctx);
	if (p->pidfile && *p->pidfile == '\0')
		p->pidfile = NULL;
	if ((rc = check_abs_path("pidfile", p->pidfile, reason, n)))
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
