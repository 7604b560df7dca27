/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sdnotify-client - a daemon written for systemd's watchdog, linking the
 * real libsystemd: sd_watchdog_enabled() tells the interval, READY=1 ends
 * start-up, WATCHDOG=1 every half interval. For cts/suites/shim.
 *
 *   --hang-after MS      stop sending WATCHDOG=1 (stay alive)
 *   --trigger-after MS   send WATCHDOG=trigger
 *   --stop-after MS      send STOPPING=1 and exit 0
 *   --slow-stop MS       with --stop-after: take MS to exit after STOPPING=1
 *   --report FILE        "watchdog_enabled=<r> usec=<n> watchdog_pid_is_self=<0|1>
 *                        child_watchdog_enabled=<r>"
 *   --stamp FILE         "start <ns>" at start; "stop <ns>": the last WATCHDOG=1 before a
 *                        hang, the trigger, or the exit */
#include <systemd/sd-daemon.h>

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *stamp_file;

static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Append "<what> <when>" to the stamp file (when: CLOCK_MONOTONIC ns). */
static void stamp_at(const char *what, long long when)
{
	FILE *f = stamp_file ? fopen(stamp_file, "a") : NULL;

	if (f) {
		fprintf(f, "%s %lld\n", what, when);
		fclose(f);
	}
}

static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* What a child of the daemon learns: WATCHDOG_PID is not its pid. */
static int child_watchdog_enabled(void)
{
	int pfd[2], status, r = -99;
	pid_t pid;

	if (pipe(pfd) != 0)
		return -98;
	pid = fork();
	if (pid == 0) {
		uint64_t u = 0;
		int cr = sd_watchdog_enabled(0, &u);

		(void)!write(pfd[1], &cr, sizeof(cr));
		_exit(0);
	}
	close(pfd[1]);
	if (read(pfd[0], &r, sizeof(r)) != (ssize_t)sizeof(r))
		r = -97;
	close(pfd[0]);
	waitpid(pid, &status, 0);
	return r;
}

int main(int argc, char **argv)
{
	long hang_after = -1, trigger_after = -1, stop_after = -1, slow_stop = 0, t;
	long long t0 = mono_ns(), last_beat = t0;
	const char *report = NULL, *wpid = getenv("WATCHDOG_PID");
	uint64_t usec = 0;
	long half_ms;
	int enabled;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--hang-after") && i + 1 < argc)
			hang_after = atol(argv[++i]);
		else if (!strcmp(argv[i], "--trigger-after") && i + 1 < argc)
			trigger_after = atol(argv[++i]);
		else if (!strcmp(argv[i], "--stop-after") && i + 1 < argc)
			stop_after = atol(argv[++i]);
		else if (!strcmp(argv[i], "--slow-stop") && i + 1 < argc)
			slow_stop = atol(argv[++i]);
		else if (!strcmp(argv[i], "--report") && i + 1 < argc)
			report = argv[++i];
		else if (!strcmp(argv[i], "--stamp") && i + 1 < argc)
			stamp_file = argv[++i];
	}
	stamp_at("start", t0);
	enabled = sd_watchdog_enabled(0, &usec);
	if (report) {
		FILE *f = fopen(report, "w");

		if (f == NULL)
			return 5;
		fprintf(f, "watchdog_enabled=%d usec=%llu watchdog_pid_is_self=%d child_watchdog_enabled=%d\n", enabled,
			(unsigned long long)usec, wpid != NULL && atol(wpid) == (long)getpid(), child_watchdog_enabled());
		fclose(f);
	}
	if (enabled <= 0 || usec == 0)
		return 6; /* a systemd daemon would run unwatched; here that is a test failure */
	half_ms = (long)(usec / 2000);
	sd_notify(0, "READY=1\nSTATUS=serving via libsystemd");
	for (;;) {
		t = (long)((mono_ns() - t0) / 1000000);
		if (hang_after >= 0 && t >= hang_after) {
			stamp_at("stop", last_beat);
			for (;;)
				pause();
		}
		if (trigger_after >= 0 && t >= trigger_after) {
			stamp_at("stop", mono_ns());
			sd_notify(0, "WATCHDOG=trigger");
			trigger_after = -1;
		}
		if (stop_after >= 0 && t >= stop_after) {
			sd_notify(0, "STOPPING=1\nSTATUS=shutting down");
			msleep(slow_stop);
			stamp_at("stop", mono_ns());
			return 0;
		}
		last_beat = mono_ns(); /* before the beat leaves (see apphb-client.c) */
		sd_notify(0, "WATCHDOG=1");
		msleep(half_ms < 10 ? 10 : half_ms);
	}
}
