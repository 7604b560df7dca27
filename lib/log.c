/* SPDX-License-Identifier: GPL-2.0-or-later */
/* log.c - syslog + optional file + optional stderr logging. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static char log_tag[160] = "samguard";
static int log_stderr;
static int log_debug;
static int log_syslog_on = 1;
static int log_facility = LOG_DAEMON;
static const char *log_file;
static const char *log_extra_file;

static const struct {
	const char *name;
	int value;
} facilities[] = {
	{ "daemon", LOG_DAEMON }, { "user", LOG_USER }, { "local0", LOG_LOCAL0 },
	{ "local1", LOG_LOCAL1 }, { "local2", LOG_LOCAL2 }, { "local3", LOG_LOCAL3 },
	{ "local4", LOG_LOCAL4 }, { "local5", LOG_LOCAL5 }, { "local6", LOG_LOCAL6 },
	{ "local7", LOG_LOCAL7 },
};

static const char *first_env(const char *a, const char *b)
{
	const char *v = getenv(a);

	return (v && *v) ? v : ((b && getenv(b) && *getenv(b)) ? getenv(b) : NULL);
}

static int truthy(const char *v)
{
	return v && (!strcasecmp(v, "1") || !strcasecmp(v, "yes") || !strcasecmp(v, "true") ||
		     !strcasecmp(v, "on"));
}

void sg_log_init(const char *ident, const char *instance, int to_stderr)
{
	const char *fac = first_env("HA_LOGFACILITY", "PCMK_logfacility");

	if (instance && *instance)
		snprintf(log_tag, sizeof(log_tag), "%s(%s)", ident, instance);
	else
		snprintf(log_tag, sizeof(log_tag), "%s", ident);
	log_stderr = to_stderr;
	log_debug = truthy(getenv("HA_debug")) || truthy(getenv("PCMK_debug"));
	log_file = first_env("HA_LOGFILE", "PCMK_logfile");
	if (log_file && (!strcasecmp(log_file, "none") || !strcmp(log_file, "/dev/null")))
		log_file = NULL;
	log_syslog_on = 1;
	log_facility = LOG_DAEMON;
	if (fac) {
		if (!strcasecmp(fac, "none") || !strcasecmp(fac, "off")) {
			log_syslog_on = 0;
		} else {
			for (size_t i = 0; i < sizeof(facilities) / sizeof(facilities[0]); i++)
				if (!strcasecmp(fac, facilities[i].name))
					log_facility = facilities[i].value;
		}
	}
}

void sg_log_set_file(const char *path)
{
	log_extra_file = path;
}

static const char *prio_name(int prio)
{
	switch (prio) {
	case LOG_EMERG: case LOG_ALERT: case LOG_CRIT: return "crit";
	case LOG_ERR: return "error";
	case LOG_WARNING: return "warning";
	case LOG_NOTICE: return "notice";
	case LOG_INFO: return "info";
	default: return "debug";
	}
}

static void append_file(const char *path, const char *line)
{
	FILE *f = fopen(path, "ae");

	if (f == NULL)
		return;
	fputs(line, f);
	fclose(f);
}

void sg_log(int prio, const char *fmt, ...)
{
	char msg[1024], line[1400], stamp[64];
	struct timespec ts;
	struct tm tm;
	va_list ap;

	if (prio == LOG_DEBUG && !log_debug)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	if (log_syslog_on) {
		openlog(log_tag, LOG_PID | LOG_NDELAY, log_facility);
		syslog(prio, "%s: %s", prio_name(prio), msg);
		closelog();
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%b %d %H:%M:%S", &tm);
	snprintf(line, sizeof(line), "%s.%03ld %s[%d]: %s: %s\n", stamp, ts.tv_nsec / 1000000L,
		 log_tag, (int)getpid(), prio_name(prio), msg);
	if (log_file)
		append_file(log_file, line);
	if (log_extra_file && (!log_file || strcmp(log_file, log_extra_file)))
		append_file(log_extra_file, line);
	if (log_stderr && (prio <= LOG_WARNING || log_debug))
		fprintf(stderr, "%s[%d]: %s: %s\n", log_tag, (int)getpid(), prio_name(prio), msg);
}
