/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sg-testd - a daemon for samguard's tests. Options:
 *   --notify MS        speak sd_notify: READY=1, then WATCHDOG=1 every MS ms
 *   --ready-delay MS   wait before READY=1 (or before anything)
 *   --exit CODE        exit at once with CODE
 *   --exit-after MS    exit with code 3 after MS ms
 *   --ignore-term      ignore SIGTERM
 *   --argv-file FILE   write argv[1..] to FILE, one per line, and stay up
 *   --status TEXT      send STATUS=TEXT with READY=1
 *   --trigger-after MS send WATCHDOG=trigger after MS ms
 *   --stopping-after MS send STOPPING=1 and exit 0 after MS ms
 *   --listen PORT      listen on 127.0.0.1:PORT
 *   --stamp FILE       write CLOCK_MONOTONIC (ns) at start-up to FILE
 *   --say TEXT         print TEXT on stdout and "err:TEXT" on stderr
 *   --id-file FILE     write "uid gid groups... cwd" to FILE
 *   --children FILE    start four sleeping descendants and write their pids
 *                      to FILE, one "kind pid" a line: "group" (in our
 *                      process group), "pgrp" (a group of its own in our
 *                      session), "setsid" (a session of its own) and
 *                      "doublefork" (setsid() grandchild, its parent gone)
 *   --watchdog-file FILE  with --notify: create FILE once the first
 *                      WATCHDOG=1 is sent (tests that hang the daemon wait
 *                      for it: with watchdog=auto only a daemon that sent
 *                      one is watched)
 *   --ready-only       with --notify: READY=1 only, never WATCHDOG=1 (as
 *                      redis-server --supervised systemd)
 *   --daemonize FILE   go into the background as classic daemons do: fork,
 *                      setsid, fork again, the grandchild writes its pid to
 *                      FILE and the first process exits 0 (options are
 *                      handled by the grandchild)
 *   --hang-after MS    after MS ms stop everything (no more WATCHDOG=1) and
 *                      block in read() on a pipe nobody writes, so that
 *                      wchan shows pipe_read
 *   --hang-once FILE   --hang-after only when FILE does not exist yet; the
 *                      instance that hangs creates it (later ones run on)
 *   --threads N        start N threads that sleep in pause()
 *   --abort-file FILE  on SIGABRT write "SIGABRT <pid>" to FILE, then die of it
 *   --stamp-append FILE append CLOCK_MONOTONIC (ns) at start-up to FILE
 *   --alloc-after MS MB after MS ms allocate and touch MB MiB, 1 MiB at a
 *                      time, and keep them
 * Without --notify it just sleeps. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <pthread.h>
#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* A descendant that sleeps until killed; kind says how it hides. */
static pid_t start_child(const char *kind)
{
	int p[2];
	pid_t pid, got = -1;

	if (pipe(p) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		if (!strcmp(kind, "pgrp"))
			setpgid(0, 0);
		if (!strcmp(kind, "setsid"))
			setsid();
		if (!strcmp(kind, "doublefork")) {
			if (fork() != 0)
				_exit(0);
			setsid();
		}
		got = getpid();
		if (write(p[1], &got, sizeof(got)) < 0)
			_exit(1);
		close(p[1]);
		for (;;)
			pause();
	}
	close(p[1]);
	if (pid < 0 || read(p[0], &got, sizeof(got)) != (ssize_t)sizeof(got))
		got = -1;
	close(p[0]);
	if (!strcmp(kind, "doublefork"))
		waitpid(pid, NULL, 0);
	return got;
}

static const char *abort_file;

/* SIGABRT: leave a trace (async-signal-safe calls only), then die of it */
static void on_abort(int sig)
{
	char buf[48];
	int fd, n = snprintf(buf, sizeof(buf), "SIGABRT %d\n", (int)getpid());

	fd = open(abort_file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd >= 0) {
		if (write(fd, buf, (size_t)n) < 0) {
			/* nothing to be done */
		}
		close(fd);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

/* block in read() on a pipe whose write end we hold and never use */
static void hang(void)
{
	int p[2];
	char c;

	if (pipe(p) != 0)
		for (;;)
			pause();
	for (;;)
		if (read(p[0], &c, 1) < 0)
			msleep(10);
}

static void notify(const char *msg)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	socklen_t len;
	int fd;

	if (path == NULL || strlen(path) >= sizeof(sa.sun_path))
		return;
	strcpy(sa.sun_path, path);
	if (sa.sun_path[0] == '@')
		sa.sun_path[0] = '\0';
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path));
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	sendto(fd, msg, strlen(msg), 0, (struct sockaddr *)&sa, len);
	close(fd);
}

int main(int argc, char **argv)
{
	long notify_ms = 0, ready_delay = 0, exit_after = -1, trigger_after = -1, stopping_after = -1;
	long hang_after = -1, alloc_after = -1, alloc_mb = 0;
	const char *hang_once = NULL;
	int ready_only = 0;
	const char *status = NULL;
	const char *wd_file = NULL;
	char buf[512];
	long t = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--notify") && i + 1 < argc)
			notify_ms = atol(argv[++i]);
		else if (!strcmp(argv[i], "--ready-only"))
			ready_only = 1;
		else if (!strcmp(argv[i], "--hang-after") && i + 1 < argc)
			hang_after = atol(argv[++i]);
		else if (!strcmp(argv[i], "--hang-once") && i + 1 < argc)
			hang_once = argv[++i];
		else if (!strcmp(argv[i], "--alloc-after") && i + 2 < argc) {
			alloc_after = atol(argv[++i]);
			alloc_mb = atol(argv[++i]);
		} else if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
			for (long k = atol(argv[++i]); k > 0; k--) {
				pthread_t th;

				if (pthread_create(&th, NULL, sleeper, NULL) != 0)
					return 7;
			}
		} else if (!strcmp(argv[i], "--abort-file") && i + 1 < argc) {
			abort_file = argv[++i];
			signal(SIGABRT, on_abort);
		} else if (!strcmp(argv[i], "--stamp-append") && i + 1 < argc) {
			struct timespec ts;
			FILE *f = fopen(argv[++i], "a");

			clock_gettime(CLOCK_MONOTONIC, &ts);
			if (f == NULL)
				return 5;
			fprintf(f, "%lld\n", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
			fclose(f);
		}
		else if (!strcmp(argv[i], "--daemonize") && i + 1 < argc) {
			const char *pidfile = argv[++i];
			pid_t p = fork();

			if (p < 0)
				return 6;
			if (p > 0) { /* the launcher: exits 0, maybe before the pid file exists */
				waitpid(p, NULL, 0);
				return 0;
			}
			setsid();
			if (fork() != 0)
				_exit(0);
			{
				FILE *f = fopen(pidfile, "w");

				if (f == NULL)
					_exit(5);
				fprintf(f, "%d\n", (int)getpid());
				fclose(f);
			}
		}
		else if (!strcmp(argv[i], "--ready-delay") && i + 1 < argc)
			ready_delay = atol(argv[++i]);
		else if (!strcmp(argv[i], "--exit") && i + 1 < argc)
			return atoi(argv[++i]);
		else if (!strcmp(argv[i], "--exit-after") && i + 1 < argc)
			exit_after = atol(argv[++i]);
		else if (!strcmp(argv[i], "--trigger-after") && i + 1 < argc)
			trigger_after = atol(argv[++i]);
		else if (!strcmp(argv[i], "--stopping-after") && i + 1 < argc)
			stopping_after = atol(argv[++i]);
		else if (!strcmp(argv[i], "--status") && i + 1 < argc)
			status = argv[++i];
		else if (!strcmp(argv[i], "--say") && i + 1 < argc) {
			printf("%s\n", argv[++i]);
			fflush(stdout);
			fprintf(stderr, "err:%s\n", argv[i]);
		} else if (!strcmp(argv[i], "--id-file") && i + 1 < argc) {
			gid_t groups[64];
			int n = getgroups(64, groups);
			char cwd[512];
			FILE *f = fopen(argv[++i], "w");

			if (f == NULL)
				return 5;
			fprintf(f, "%d %d", (int)getuid(), (int)getgid());
			for (int g = 0; g < n; g++)
				fprintf(f, " %d", (int)groups[g]);
			fprintf(f, " %s\n", getcwd(cwd, sizeof(cwd)) ? cwd : "?");
			fclose(f);
		} else if (!strcmp(argv[i], "--children") && i + 1 < argc) {
			static const char *const kinds[] = { "group", "pgrp", "setsid", "doublefork" };
			char tmp[600];
			FILE *f;

			snprintf(tmp, sizeof(tmp), "%s.tmp", argv[++i]);
			f = fopen(tmp, "w");
			if (f == NULL)
				return 5;
			for (int k = 0; k < 4; k++)
				fprintf(f, "%s %d\n", kinds[k], (int)start_child(kinds[k]));
			fclose(f);
			if (rename(tmp, argv[i]) != 0)
				return 5;
		} else if (!strcmp(argv[i], "--watchdog-file") && i + 1 < argc) {
			wd_file = argv[++i];
		} else if (!strcmp(argv[i], "--stamp") && i + 1 < argc) {
			struct timespec ts;
			FILE *f = fopen(argv[++i], "w");

			clock_gettime(CLOCK_MONOTONIC, &ts);
			if (f == NULL)
				return 5;
			fprintf(f, "%lld\n", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
			fclose(f);
		} else if (!strcmp(argv[i], "--ignore-term"))
			signal(SIGTERM, SIG_IGN);
		else if (!strcmp(argv[i], "--listen") && i + 1 < argc) {
			struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[++i])) };
			int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

			sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
			setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
			if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 16))
				return 4;
		} else if (!strcmp(argv[i], "--argv-file") && i + 1 < argc) {
			FILE *f = fopen(argv[++i], "w");

			if (f == NULL)
				return 5;
			for (int k = 1; k < argc; k++)
				fprintf(f, "%s\n", argv[k]);
			fclose(f);
		}
	}
	msleep(ready_delay);
	if (notify_ms) {
		snprintf(buf, sizeof(buf), "READY=1\nSTATUS=%s", status ? status : "serving");
		notify(buf);
	}
	for (;;) {
		long step = notify_ms ? notify_ms : 100;

		msleep(step);
		t += step;
		if (notify_ms && !ready_only) {
			notify("WATCHDOG=1");
			if (wd_file) {
				int fd = open(wd_file, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

				if (fd >= 0)
					close(fd);
				wd_file = NULL;
			}
		}
		if (exit_after >= 0 && t >= exit_after)
			return 3;
		if (hang_after >= 0 && t >= hang_after) {
			if (hang_once) {
				int fd = open(hang_once, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

				if (fd < 0) { /* an earlier instance hung: run on */
					hang_after = -1;
					continue;
				}
				close(fd);
			}
			hang();
		}
		if (alloc_after >= 0 && t >= alloc_after) {
			for (long m = 0; m < alloc_mb; m++) {
				char *b = malloc(1 << 20);

				if (b == NULL)
					return 8;
				memset(b, 0x5a, 1 << 20);
			}
			alloc_after = -1;
		}
		if (trigger_after >= 0 && t >= trigger_after) {
			notify("WATCHDOG=trigger");
			trigger_after = -1;
		}
		if (stopping_after >= 0 && t >= stopping_after) {
			notify("STOPPING=1");
			return 0;
		}
	}
}
