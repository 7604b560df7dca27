/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sg-attack - what a local user tries against samguard's sockets, for
 * cts/suites/attacker (docs/security.md). Every command prints one line of
 * "key=value" results and exits 0 unless it could not run at all.
 *
 *   sg-attack bind ADDR...           bind each address (path or @abstract)
 *                                    as a listening socket; prints
 *                                    "ADDR=ok" or "ADDR=<errno name>"
 *   sg-attack fake-status ADDR SECS  listen on ADDR and answer every query
 *                                    with a forged "failed" status for SECS
 *   sg-attack status-loop SECS ADDR...  connect, send "status", read, close,
 *                                    in a loop over the ADDRs for SECS
 *   sg-attack flood SECS ADDR...     send WATCHDOG=1 datagrams as fast as
 *                                    possible for SECS
 *   sg-attack big-then-stop N        a daemon for health=notify: READY=1,
 *                                    WATCHDOG=1 every 100 ms until SIGUSR1,
 *                                    then N datagrams of 5000 bytes,
 *                                    STOPPING=1 and exit 0
 *   sg-attack relay-set ADDR KEY VALUE  connect to a samguard-publisher
 *                                    socket and ask it to set KEY to the
 *                                    string VALUE; prints "connect=ok|<errno
 *                                    name> answer=<cs_error_t>|closed|none"
 *   sg-attack fake-publisher ADDR SECS  listen on ADDR for SECS as a forged
 *                                    publisher that says CS_OK to every
 *                                    request; prints "listen=..." at once,
 *                                    then "requests=N" (the wire format is
 *                                    lib/relay.h's, written out here: the
 *                                    attacker has no samguard library) */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static socklen_t addr_of(const char *a, struct sockaddr_un *sa)
{
	size_t len = strlen(a);

	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (len >= sizeof(sa->sun_path))
		len = sizeof(sa->sun_path) - 1;
	memcpy(sa->sun_path, a, len);
	if (a[0] == '@') {
		sa->sun_path[0] = '\0';
		return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
	}
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + 1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *ename(int e)
{
	const char *n = strerrorname_np(e);

	return n ? n : "E?";
}

static int do_bind(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		struct sockaddr_un sa;
		socklen_t l = addr_of(argv[i], &sa);
		int fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);

		if (bind(fd, (struct sockaddr *)&sa, l) == 0) {
			printf("%s=ok\n", argv[i]);
			if (argv[i][0] == '/')
				unlink(argv[i]);
		} else {
			printf("%s=%s\n", argv[i], ename(errno));
		}
		close(fd);
	}
	return 0;
}

/* A SOCK_SEQPACKET listener on a; prints "listen=ok" or "listen=<errno
 * name>". Returns the descriptor or -1. */
static int listen_on(const char *a)
{
	struct sockaddr_un sa;
	socklen_t l = addr_of(a, &sa);
	int lfd = socket(AF_UNIX, SOCK_SEQPACKET, 0);

	if (bind(lfd, (struct sockaddr *)&sa, l) != 0 || listen(lfd, 8) != 0) {
		printf("listen=%s\n", ename(errno));
		fflush(stdout);
		close(lfd);
		return -1;
	}
	printf("listen=ok\n");
	fflush(stdout);
	return lfd;
}

static int fake_status(const char *a, double secs)
{
	static const char forged[] = "state=failed\nlast_failure=forged by an attacker\ncmap_ok=1\n"
				     "keys_present=1\nsam.state=failed\nsam.recovery=restart\n";
	int lfd = listen_on(a), served = 0;
	double end = now() + secs;

	if (lfd < 0)
		return 0;
	while (now() < end) {
		struct timeval tv = { 0, 200000 };
		int fd;

		setsockopt(lfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		fd = accept(lfd, NULL, NULL);
		if (fd < 0)
			continue;
		char req[16];
		(void)!recv(fd, req, sizeof(req), 0);
		if (send(fd, forged, sizeof(forged) - 1, MSG_NOSIGNAL) > 0)
			served++;
		close(fd);
	}
	printf("served=%d\n", served);
	return 0;
}

static int status_loop(double secs, int argc, char **argv)
{
	double end = now() + secs;
	long tries = 0, connected = 0, answered = 0;
	int first_err = 0;

	while (now() < end) {
		for (int i = 0; i < argc; i++) {
			struct sockaddr_un sa;
			socklen_t l = addr_of(argv[i], &sa);
			int fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
			char buf[8192];

			tries++;
			if (connect(fd, (struct sockaddr *)&sa, l) == 0) {
				connected++;
				if (send(fd, "status", 6, MSG_NOSIGNAL) == 6 && recv(fd, buf, sizeof(buf), 0) > 0)
					answered++;
			} else if (!first_err) {
				first_err = errno;
			}
			close(fd);
		}
	}
	printf("tries=%ld connected=%ld answered=%ld first_error=%s\n", tries, connected, answered,
	       first_err ? ename(first_err) : "none");
	return 0;
}

static int flood(double secs, int argc, char **argv)
{
	double end = now() + secs;
	long sent = 0, failed = 0;
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0), first_err = 0;

	while (now() < end) {
		for (int i = 0; i < argc; i++) {
			struct sockaddr_un sa;
			socklen_t l = addr_of(argv[i], &sa);

			if (sendto(fd, "WATCHDOG=1", 10, MSG_DONTWAIT, (struct sockaddr *)&sa, l) == 10) {
				sent++;
			} else {
				failed++;
				if (!first_err && errno != EAGAIN)
					first_err = errno;
			}
		}
	}
	printf("sent=%ld failed=%ld first_error=%s\n", sent, failed, first_err ? ename(first_err) : "none");
	return 0;
}

static void notify(const char *msg, size_t len)
{
	const char *e = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa;
	socklen_t l;
	int fd;

	if (e == NULL)
		return;
	l = addr_of(e, &sa);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	sendto(fd, msg, len, 0, (struct sockaddr *)&sa, l);
	close(fd);
}

/* lib/relay.h's header: code, type, iter, value_len, keylen, reserved, vlen */
struct relay_hdr {
	unsigned int code, type;
	unsigned long long iter, value_len;
	unsigned short keylen, reserved;
	unsigned int vlen;
};

static int relay_set(const char *a, const char *key, const char *value)
{
	struct relay_hdr h = { .code = 2 /* SET */, .type = 11 /* CMAP_VALUETYPE_STRING */ };
	struct sockaddr_un sa;
	socklen_t l = addr_of(a, &sa);
	char buf[4096];
	int fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	struct timeval tv = { 2, 0 };
	ssize_t n;

	h.keylen = (unsigned short)strlen(key);
	h.vlen = (unsigned int)strlen(value) + 1;
	if (sizeof(h) + h.keylen + h.vlen > sizeof(buf))
		return 2;
	if (connect(fd, (struct sockaddr *)&sa, l) != 0) {
		printf("connect=%s answer=none\n", ename(errno));
		return 0;
	}
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), key, h.keylen);
	memcpy(buf + sizeof(h) + h.keylen, value, h.vlen);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	(void)!send(fd, buf, sizeof(h) + h.keylen + h.vlen, MSG_NOSIGNAL);
	n = recv(fd, buf, sizeof(buf), 0);
	if (n >= (ssize_t)sizeof(h)) {
		memcpy(&h, buf, sizeof(h));
		printf("connect=ok answer=%u\n", h.code);
	} else {
		printf("connect=ok answer=closed\n");
	}
	close(fd);
	return 0;
}

static volatile sig_atomic_t term;

static void on_term(int sig)
{
	(void)sig;
	term = 1;
}

static int fake_publisher(const char *a, double secs)
{
	int lfd = listen_on(a), fds[64], nfd = 0, requests = 0;
	double end = now() + secs;

	if (lfd < 0)
		return 0;
	signal(SIGTERM, on_term);
	while (now() < end && !term) {
		struct timeval tv = { 0, 50000 };
		char buf[70000];
		int fd;

		setsockopt(lfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		fd = accept(lfd, NULL, NULL);
		if (fd >= 0 && nfd < 64) {
			setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
			fds[nfd++] = fd;
		}
		for (int i = 0; i < nfd; i++) {
			struct relay_hdr h;

			if (fds[i] >= 0 && recv(fds[i], buf, sizeof(buf), MSG_DONTWAIT) >= (ssize_t)sizeof(h)) {
				memcpy(&h, buf, sizeof(h));
				requests++;
				h = (struct relay_hdr){ .code = 1 /* CS_OK */ };
				(void)!send(fds[i], &h, sizeof(h), MSG_NOSIGNAL);
			}
		}
	}
	printf("requests=%d\n", requests);
	return 0;
}

static volatile sig_atomic_t go;

static void on_usr1(int sig)
{
	(void)sig;
	go = 1;
}

static int big_then_stop(int n)
{
	static char big[5000];

	signal(SIGUSR1, on_usr1);
	notify("READY=1", 7);
	while (!go) {
		notify("WATCHDOG=1", 10);
		usleep(100000);
	}
	memset(big, 'x', sizeof(big));
	memcpy(big, "STATUS=big\n", 11);
	for (int i = 0; i < n; i++)
		notify(big, sizeof(big));
	notify("STOPPING=1", 10);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "bind"))
		return do_bind(argc - 2, argv + 2);
	if (argc == 4 && !strcmp(argv[1], "fake-status"))
		return fake_status(argv[2], atof(argv[3]));
	if (argc >= 4 && !strcmp(argv[1], "status-loop"))
		return status_loop(atof(argv[2]), argc - 3, argv + 3);
	if (argc >= 4 && !strcmp(argv[1], "flood"))
		return flood(atof(argv[2]), argc - 3, argv + 3);
	if (argc == 5 && !strcmp(argv[1], "relay-set"))
		return relay_set(argv[2], argv[3], argv[4]);
	if (argc == 4 && !strcmp(argv[1], "fake-publisher"))
		return fake_publisher(argv[2], atof(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "big-then-stop"))
		return big_then_stop(atoi(argv[2]));
	fprintf(stderr, "usage: see the comment at the top of cts/attacker/sg-attack.c\n");
	return 2;
}
