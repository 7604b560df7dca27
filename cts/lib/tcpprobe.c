/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tcpprobe - what a client of a TCP service sees while the service fails:
 * the outage (first failed request to the first served one after it), or
 * a daemon's cold start (exec to the first served request).  Used by
 * cts/suites/real-daemons and bench/real-daemons.sh.
 *
 *   tcpprobe [OPTIONS] HOST PORT                  outage
 *   tcpprobe [OPTIONS] -x HOST PORT -- PROG ARGS  cold start of PROG
 *
 *   -q REQ     send REQ after connecting (\r \n \\ understood) ...
 *   -e TEXT    ... and count the attempt as served only once the reply
 *              contains TEXT (without -e: an accepted connection is served)
 *   -i MS      one attempt every MS ms (default 2)
 *   -a MS      budget of one attempt: connect + reply (default 100)
 *   -w MS      give up after MS ms (default 20000)
 *   -k PID     after the first served attempt, send -s SIG (default 9) to PID
 *              and measure from there
 *   -d MS      watch for MS ms instead of stopping at the first recovery:
 *              "served=N failures=N longest_outage_ms=X"
 *
 * Output, one line: "outage_ms=X fail_ms=Y up_ms=Z failures=N" (fail_ms and
 * up_ms: from the signal, or from the first served attempt, to the first
 * failure and to the recovery) or, with -x, "up_ms=X attempts=N".
 * Exit status: 0 measured; 1 usage or system error; 2 never served, or not
 * served again within -w; 3 no failure within -w ("outage_ms=0 failures=0").
 *
 * Only loopback and lab addresses (127.0.0.0/8, ::1, 198.18.0.0/15, the
 * RFC 2544 range of cts/lib/cluster.sh), as numbers: this is a test tool,
 * it never probes anything outside the machine.  Each connection is closed
 * with a reset (SO_LINGER 0): thousands of attempts leave no TIME_WAIT. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static struct sockaddr_storage addr;
static socklen_t addr_len;
static char req[512];
static size_t req_len;
static const char *expect;
static long attempt_ms = 100;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void sleep_until_ms(double t)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(t / 1e3);
	ts.tv_nsec = (long)((t - (double)ts.tv_sec * 1e3) * 1e6);
	if (ts.tv_nsec >= 1000000000L)
		ts.tv_nsec = 999999999L;
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

static int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Loopback or the lab's 198.18.0.0/15: nothing else is ever contacted. */
static int parse_target(const char *host, const char *port)
{
	long p;
	struct sockaddr_in *a4 = (struct sockaddr_in *)&addr;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&addr;

	if (parse_long(port, 1, 65535, &p))
		return -1;
	memset(&addr, 0, sizeof(addr));
	if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
		uint32_t h = ntohl(a4->sin_addr.s_addr);

		if ((h >> 24) != 127 && (h >> 17) != (0xc612u >> 1))
			return -1;
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)p);
		addr_len = sizeof(*a4);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
		if (!IN6_IS_ADDR_LOOPBACK(&a6->sin6_addr))
			return -1;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)p);
		addr_len = sizeof(*a6);
		return 0;
	}
	return -1;
}

static int unescape(const char *s)
{
	size_t n = 0;

	for (; *s; s++) {
		char c = *s;

		if (c == '\\' && s[1]) {
			s++;
			c = *s == 'r' ? '\r' : *s == 'n' ? '\n' : *s;
		}
		if (n >= sizeof(req))
			return -1;
		req[n++] = c;
	}
	req_len = n;
	return 0;
}

/* wait for EVENTS on fd until the deadline; 1 ready, 0 timed out */
static int wait_fd(int fd, short events, double deadline)
{
	struct pollfd pf = { .fd = fd, .events = events };

	for (;;) {
		double left = deadline - now_ms();
		int r;

		if (left <= 0)
			return 0;
		r = poll(&pf, 1, (int)left + 1);
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR)
			return 0;
	}
}

/* One client request: 1 served, 0 failed (refused, reset, timed out,
 * wrong reply). */
static int attempt(void)
{
	double deadline = now_ms() + (double)attempt_ms;
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	char buf[4096];
	size_t have = 0, sent = 0;
	int fd, err = 0, ok = 0;
	socklen_t el = sizeof(err);

	fd = socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	if (connect(fd, (struct sockaddr *)&addr, addr_len) != 0) {
		if (errno != EINPROGRESS || !wait_fd(fd, POLLOUT, deadline) ||
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) != 0 || err != 0)
			goto out;
	}
	if (!expect) {
		ok = 1;
		goto out;
	}
	while (sent < req_len) {
		ssize_t w;

		if (!wait_fd(fd, POLLOUT, deadline))
			goto out;
		w = send(fd, req + sent, req_len - sent, MSG_NOSIGNAL);
		if (w < 0 && errno != EAGAIN && errno != EINTR)
			goto out;
		if (w > 0)
			sent += (size_t)w;
	}
	while (have < sizeof(buf) - 1) {
		ssize_t r;

		if (!wait_fd(fd, POLLIN, deadline))
			goto out;
		r = recv(fd, buf + have, sizeof(buf) - 1 - have, 0);
		if (r == 0)
			goto out;
		if (r < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			goto out;
		}
		have += (size_t)r;
		buf[have] = '\0';
		if (memmem(buf, have, expect, strlen(expect))) {
			ok = 1;
			goto out;
		}
	}
out:
	close(fd);
	return ok;
}

static void usage(void)
{
	fprintf(stderr, "usage: tcpprobe [-q REQ -e TEXT] [-i MS] [-a MS] [-w MS] [-k PID [-s SIG]] [-d MS] HOST PORT\n"
			"       tcpprobe [-q REQ -e TEXT] [-i MS] [-a MS] [-w MS] -x HOST PORT -- PROGRAM [ARGS...]\n");
	exit(1);
}

/* -x: start PROGRAM in a process group of its own, time it until the first
 * served request, then end the group (TERM, KILL after 5 s). */
static int cold_start(char **argv, long interval, long wait_ms)
{
	double t0, next, end;
	long n = 0;
	int served = 0, st;
	pid_t pid;

	t0 = now_ms();
	pid = fork();
	if (pid < 0) {
		perror("tcpprobe: fork");
		return 1;
	}
	if (pid == 0) {
		setpgid(0, 0);
		execv(argv[0], argv);
		perror("tcpprobe: exec");
		_exit(127);
	}
	setpgid(pid, pid);
	next = t0;
	end = t0 + (double)wait_ms;
	while (now_ms() < end) {
		n++;
		if (attempt()) {
			served = 1;
			break;
		}
		if (waitpid(pid, &st, WNOHANG) == pid) {
			fprintf(stderr, "tcpprobe: %s exited before it served\n", argv[0]);
			return 2;
		}
		next += (double)interval;
		if (next > now_ms())
			sleep_until_ms(next);
		else
			next = now_ms();
	}
	if (served)
		printf("up_ms=%.1f attempts=%ld\n", now_ms() - t0, n);
	fflush(stdout);
	kill(-pid, SIGTERM);
	for (int i = 0; i < 500; i++) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			break;
		sleep_until_ms(now_ms() + 10);
		if (i == 499) {
			kill(-pid, SIGKILL);
			waitpid(pid, &st, 0);
		}
	}
	kill(-pid, SIGKILL);   /* what the group left behind, if anything */
	return served ? 0 : 2;
}

int main(int argc, char **argv)
{
	long interval = 2, wait_ms = 20000, pid = 0, sig = SIGKILL, watch = 0;
	int opt, xmode = 0;
	double t0, next, end, fail_t = -1, base, longest = 0, down_t = -1;
	long failures = 0, served = 0;

	while ((opt = getopt(argc, argv, "+q:e:i:a:w:k:s:d:x")) != -1) {
		switch (opt) {
		case 'q': if (unescape(optarg)) usage(); break;
		case 'e': expect = optarg; break;
		case 'i': if (parse_long(optarg, 1, 1000, &interval)) usage(); break;
		case 'a': if (parse_long(optarg, 1, 10000, &attempt_ms)) usage(); break;
		case 'w': if (parse_long(optarg, 1, 600000, &wait_ms)) usage(); break;
		case 'k': if (parse_long(optarg, 2, 4194304, &pid)) usage(); break;
		case 's': if (parse_long(optarg, 1, 64, &sig)) usage(); break;
		case 'd': if (parse_long(optarg, 1, 600000, &watch)) usage(); break;
		case 'x': xmode = 1; break;
		default: usage();
		}
	}
	if (argc - optind < 2 || parse_target(argv[optind], argv[optind + 1])) {
		fprintf(stderr, "tcpprobe: HOST must be a loopback or 198.18.0.0/15 address, PORT 1-65535\n");
		usage();
	}
	if (xmode) {
		if (argc - optind < 4 || strcmp(argv[optind + 2], "--") || argv[optind + 3][0] != '/')
			usage();
		return cold_start(argv + optind + 3, interval, wait_ms);
	}
	if (argc - optind != 2)
		usage();

	t0 = now_ms();
	end = t0 + (double)wait_ms;
	/* the service must be up first: an outage needs a before */
	for (next = t0; !attempt(); ) {
		if (now_ms() >= end) {
			fprintf(stderr, "tcpprobe: never served\n");
			return 2;
		}
		next += (double)interval;
		if (next > now_ms())
			sleep_until_ms(next);
		else
			next = now_ms();
	}
	base = now_ms();
	if (pid && kill((pid_t)pid, (int)sig) != 0) {
		perror("tcpprobe: kill");
		return 1;
	}
	end = base + (double)(watch ? watch : wait_ms);
	for (next = base; now_ms() < end; ) {
		double t = now_ms();

		if (attempt()) {
			served++;
			if (down_t >= 0) {
				if (t - down_t > longest)
					longest = t - down_t;
				if (!watch) {
					printf("outage_ms=%.1f fail_ms=%.1f up_ms=%.1f failures=%ld\n",
					       t - fail_t, fail_t - base, t - base, failures);
					return 0;
				}
				down_t = -1;
			}
		} else {
			failures++;
			if (fail_t < 0)
				fail_t = t;
			if (down_t < 0)
				down_t = t;
		}
		next += (double)interval;
		if (next > now_ms())
			sleep_until_ms(next);
		else
			next = now_ms();
	}
	if (watch) {
		if (down_t >= 0 && now_ms() - down_t > longest)
			longest = now_ms() - down_t;
		printf("served=%ld failures=%ld longest_outage_ms=%.1f\n", served, failures, longest);
		return 0;
	}
	if (fail_t < 0) {
		printf("outage_ms=0 failures=0\n");
		return 3;
	}
	fprintf(stderr, "tcpprobe: not served again within %ld ms (%ld failures)\n", wait_ms, failures);
	return 2;
}
