/* SPDX-License-Identifier: GPL-2.0-or-later */
/* apphb-client - a program written the way Heartbeat's apphb users wrote
 * them (lrmd, cl_respawn): register, set the interval and the warning
 * time, then call apphb_hb() from the main loop. For cts/suites/shim.
 *
 *   --name NAME               appname (default apphb-client)
 *   --interval MS             apphb_setinterval (default 600)
 *   --beat MS                 time between apphb_hb calls (default 100)
 *   --warn MS                 apphb_setwarn (default: none)
 *   --stop-beating-after MS   then stay alive without beating (a hang)
 *   --exit-after MS           then exit 0 without apphb_unregister
 *   --unregister-after MS     then apphb_unregister and exit 0
 *   --retime-after MS I B     then apphb_setinterval(I), beat every B ms
 *   --setreboot               apphb_setreboot(1) after registering
 *   --children N              N children register too (they unregister and exit
 *                             after 1.5 s); then one more child tries, for ENOSPC
 *   --errno-checks            run the calls that must fail, before and after registering
 *   --report FILE             one line per checked call: "<case> rc=<rc> errno=<name>"
 *   --stamp FILE              append "start <mono ns>" at start and, when beats stop
 *                             (or the process leaves), "stop <mono ns of the last beat>",
 *                             for latency measurements */
#include <apphb.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static FILE *report;
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

/* Record the outcome of one call. */
static void check(const char *name, int rc)
{
	int e = errno;

	if (report) {
		fprintf(report, "%s rc=%d errno=%s\n", name, rc, rc == 0 ? "0" : strerrorname_np(e));
		fflush(report);
	}
	errno = e;
}

static void errno_checks_unregistered(void)
{
	char longname[300];
	const char *saved = getenv("NOTIFY_SOCKET");
	char *copy = saved ? strdup(saved) : NULL;

	memset(longname, 'n', 256);
	longname[256] = '\0';
	check("hb-unregistered", apphb_hb());
	check("unregister-unregistered", apphb_unregister());
	check("setinterval-unregistered", apphb_setinterval(1000));
	check("setwarn-unregistered", apphb_setwarn(1000));
	check("setreboot-unregistered", apphb_setreboot(1));
	check("register-null-name", apphb_register(NULL, "x"));
	check("register-null-instance", apphb_register("x", NULL));
	check("register-empty-name", apphb_register("", "x"));
	check("register-long-name", apphb_register(longname, "x"));
	check("register-long-instance", apphb_register("x", longname));
	longname[255] = '\0';
	unsetenv("NOTIFY_SOCKET");
	check("register-no-socket", apphb_register("x", "y"));
	setenv("NOTIFY_SOCKET", "@samguard/nobody-listens-here", 1);
	check("register-nobody-listening", apphb_register("x", "y"));
	if (copy) {
		setenv("NOTIFY_SOCKET", copy, 1);
		free(copy);
	}
}

static void errno_checks_registered(void)
{
	check("register-twice", apphb_register("again", "x"));
	check("setinterval-too-long", apphb_setinterval(86400001UL));
	check("setwarn-zero", apphb_setwarn(0));
	check("setwarn-too-long", apphb_setwarn(86400001UL));
	check("setinterval-ok", apphb_setinterval(600));
	check("setwarn-ok", apphb_setwarn(5000));
	check("hb-ok", apphb_hb());
}

/* Beat every 100 ms for ms milliseconds (the program stays healthy while
 * it waits for its children). */
static void beat_for(long ms)
{
	for (long t = 0; t < ms; t += 100) {
		apphb_hb();
		msleep(100);
	}
}

/* N children register (each its own client); then one more process tries
 * and finds the table full. The children unregister and exit after 1.5 s. */
static void children(int n, const char *name)
{
	pid_t kids[64], extra;
	int got = 0, status, pfd[2], err = 0;

	for (int i = 0; i < n && i < 64; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			char inst[32];
			int rc;

			snprintf(inst, sizeof(inst), "child-%d", i);
			rc = apphb_register(name, inst);
			if (rc == 0) {
				apphb_setinterval(5000);
				msleep(1500);
				apphb_unregister();
			}
			_exit(rc == 0 ? 0 : 1);
		}
	}
	beat_for(700); /* the children registered by now */
	if (pipe(pfd) != 0)
		return;
	extra = fork();
	if (extra == 0) {
		int e = apphb_register(name, "one-too-many") == 0 ? 0 : errno;

		if (e == 0)
			apphb_unregister(); /* there was room after all */
		(void)!write(pfd[1], &e, sizeof(e));
		_exit(0);
	}
	close(pfd[1]);
	beat_for(300);
	if (read(pfd[0], &err, sizeof(err)) != (ssize_t)sizeof(err))
		err = -1;
	close(pfd[0]);
	waitpid(extra, &status, 0);
	errno = err;
	check("register-table-full", err ? -1 : 0);
	for (int i = 0; i < n && i < 64; i++) {
		while (waitpid(kids[i], &status, WNOHANG) == 0)
			beat_for(100);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			got++;
	}
	if (report) {
		fprintf(report, "children-registered %d\n", got);
		fflush(report);
	}
}

int main(int argc, char **argv)
{
	const char *name = "apphb-client";
	long interval = 600, beat = 100, warn = 0, stop_after = -1, exit_after = -1, unreg_after = -1;
	long retime_after = -1, retime_interval = 0, retime_beat = 0, t;
	long long t0 = mono_ns(), last_beat = t0;
	int setreboot = 0, errno_checks = 0, nchildren = 0;
	char inst[64];

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--name") && i + 1 < argc)
			name = argv[++i];
		else if (!strcmp(argv[i], "--interval") && i + 1 < argc)
			interval = atol(argv[++i]);
		else if (!strcmp(argv[i], "--beat") && i + 1 < argc)
			beat = atol(argv[++i]);
		else if (!strcmp(argv[i], "--warn") && i + 1 < argc)
			warn = atol(argv[++i]);
		else if (!strcmp(argv[i], "--stop-beating-after") && i + 1 < argc)
			stop_after = atol(argv[++i]);
		else if (!strcmp(argv[i], "--exit-after") && i + 1 < argc)
			exit_after = atol(argv[++i]);
		else if (!strcmp(argv[i], "--unregister-after") && i + 1 < argc)
			unreg_after = atol(argv[++i]);
		else if (!strcmp(argv[i], "--retime-after") && i + 3 < argc) {
			retime_after = atol(argv[++i]);
			retime_interval = atol(argv[++i]);
			retime_beat = atol(argv[++i]);
		} else if (!strcmp(argv[i], "--setreboot"))
			setreboot = 1;
		else if (!strcmp(argv[i], "--children") && i + 1 < argc)
			nchildren = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--errno-checks"))
			errno_checks = 1;
		else if (!strcmp(argv[i], "--report") && i + 1 < argc) {
			report = fopen(argv[++i], "a");
			if (report == NULL)
				return 5;
		} else if (!strcmp(argv[i], "--stamp") && i + 1 < argc)
			stamp_file = argv[++i];
	}
	stamp_at("start", t0);
	if (errno_checks)
		errno_checks_unregistered();
	snprintf(inst, sizeof(inst), "%s_%ld", name, (long)getpid());
	if (apphb_register(name, inst) != 0) {
		check("register", -1);
		fprintf(stderr, "apphb_register: %s\n", strerror(errno));
		return 1;
	}
	check("register", 0);
	apphb_setinterval((unsigned long)interval);
	if (warn)
		apphb_setwarn((unsigned long)warn);
	if (errno_checks)
		errno_checks_registered();
	if (setreboot)
		check("setreboot", apphb_setreboot(1));
	if (nchildren)
		children(nchildren, name);
	if (report)
		fclose(report);
	for (;;) {
		t = (long)((mono_ns() - t0) / 1000000);
		if (stop_after >= 0 && t >= stop_after) {
			stamp_at("stop", last_beat);
			for (;;)
				pause();
		}
		if (exit_after >= 0 && t >= exit_after) {
			stamp_at("stop", last_beat);
			return 0;
		}
		if (unreg_after >= 0 && t >= unreg_after) {
			if (apphb_unregister() != 0)
				return 4;
			stamp_at("stop", last_beat);
			return 0;
		}
		if (retime_after >= 0 && t >= retime_after) {
			apphb_setinterval((unsigned long)retime_interval);
			beat = retime_beat;
			retime_after = -1;
		}
		/* stamped before the beat leaves: the supervisor's deadline is
		 * later than this, never earlier */
		last_beat = mono_ns();
		apphb_hb();
		msleep(beat);
	}
}
