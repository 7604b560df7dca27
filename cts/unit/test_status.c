/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_status.c - unit tests for lib/status.c: sg_status_parse, the
 * monitor's reading of the supervisor's status answer, "leaf=value"
 * lines as sv_answer_status writes them; sg_status_send, which sends the
 * answer as one message and closes the connection. The socket's
 * listening and its peer checks are tested in test_rundir.c. */
#include "sg_test.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cmapstate.h"
#include "quorum.h"
#include "status.h"

struct parsed {
	struct sg_resource_state rs;
	struct sg_sam_state ss;
	struct sg_quorum_obs q;
	int cmap_ok;
};

static int parse(const char *text, struct parsed *p)
{
	return sg_status_parse(text, strlen(text), &p->rs, &p->ss, &p->cmap_ok, &p->q);
}

/* An answer as the supervisor writes it: its keys, SAM's, the flags. */
static void test_a_full_answer(void **state)
{
	struct parsed p;

	(void)state;
	assert_int_equal(parse("name=web:0\nstate=running\nsupervisor_pid=100\nsupervisor_start=4242\n"
			       "child_pid=101\ndaemon_pid=102\ninstance=3\nrestarts=2\n"
			       "last_failure=daemon exited (signal 9 (SIGKILL))\nhealth=notify\nhealth_interval=200\n"
			       "status=serving\nsam.state=running\nsam.recovery=restart\nsam.poll_period=500\n"
			       "sam.last_updated=123456789\ncmap_ok=1\nkeys_present=1\n"
			       "quorum.known=1\nquorum.quorate=1\nquorum.two_node_alone=0\nquorum.qdevice_unhealthy=1\n",
			       &p),
			 0);
	assert_string_equal(p.rs.name, "web:0");
	assert_string_equal(p.rs.state, "running");
	assert_int_equal(p.rs.supervisor_pid, 100);
	assert_int_equal(p.rs.supervisor_start, 4242);
	assert_int_equal(p.rs.child_pid, 101);
	assert_int_equal(p.rs.daemon_pid, 102);
	assert_int_equal(p.rs.instance, 3);
	assert_int_equal(p.rs.restarts, 2);
	assert_string_equal(p.rs.last_failure, "daemon exited (signal 9 (SIGKILL))");
	assert_string_equal(p.rs.health, "notify");
	assert_int_equal(p.rs.interval_ms, 200);
	assert_string_equal(p.rs.status, "serving");
	assert_true(p.ss.found);
	assert_string_equal(p.ss.state, "running");
	assert_string_equal(p.ss.recovery, "restart");
	assert_int_equal(p.ss.poll_period_ms, 500);
	assert_true(p.ss.has_last_updated);
	assert_int_equal(p.ss.last_updated_ns, 123456789);
	assert_int_equal(p.cmap_ok, 1);
	assert_int_equal(p.q.known, 1);
	assert_int_equal(p.q.quorate, 1);
	assert_int_equal(p.q.two_node_alone, 0);
	assert_int_equal(p.q.qdevice_unhealthy, 1);
}

/* What sg_resource_state_format writes for the supervisor reads back. */
static void test_the_supervisors_format_reads_back(void **state)
{
	struct sg_resource_state rs;
	struct parsed p;
	char buf[SG_STATUS_MAX];
	size_t len;

	(void)state;
	memset(&rs, 0, sizeof(rs));
	strcpy(rs.name, "db.main");
	strcpy(rs.state, "starting");
	rs.supervisor_pid = 7;
	rs.daemon_pid = 9;
	rs.restarts = 4;
	rs.history_len = 2;
	rs.history[0] = 1000;
	rs.history[1] = 2500;
	strcpy(rs.last_failure, "no WATCHDOG=1 within 500 ms");
	rs.max_restarts = 5;
	rs.restart_window_s = 60;
	strcpy(rs.quorum, "require");
	len = sg_resource_state_format(&rs, buf, sizeof(buf));
	assert_true(len > 0 && len < sizeof(buf));
	assert_int_equal(sg_status_parse(buf, len, &p.rs, &p.ss, &p.cmap_ok, &p.q), 0);
	assert_string_equal(p.rs.name, "db.main");
	assert_string_equal(p.rs.state, "starting");
	assert_int_equal(p.rs.supervisor_pid, 7);
	assert_int_equal(p.rs.daemon_pid, 9);
	assert_int_equal(p.rs.restarts, 4);
	assert_int_equal(p.rs.history_len, 2);
	assert_int_equal(p.rs.history[0], 1000);
	assert_int_equal(p.rs.history[1], 2500);
	assert_string_equal(p.rs.last_failure, "no WATCHDOG=1 within 500 ms");
	assert_int_equal(p.rs.max_restarts, 5);
	assert_int_equal(p.rs.restart_window_s, 60);
	assert_string_equal(p.rs.quorum, "require");
}

/* keys_present=0: the supervisor found none of its keys in cmap; what
 * else the answer says about the resource must not count. */
static void test_keys_absent_clear_the_resource(void **state)
{
	struct parsed p;

	(void)state;
	assert_int_equal(parse("name=web\nstate=running\ndaemon_pid=5\nsam.state=running\ncmap_ok=1\n"
			       "keys_present=0\n",
			       &p),
			 0);
	assert_string_equal(p.rs.name, "");
	assert_string_equal(p.rs.state, "");
	assert_int_equal(p.rs.daemon_pid, 0);
	assert_true(p.ss.found);
	assert_int_equal(p.cmap_ok, 1);
}

/* Nothing said is nothing known: every flag starts false, whatever the
 * caller's structures held. */
static void test_an_empty_answer_knows_nothing(void **state)
{
	struct parsed p;

	(void)state;
	memset(&p, 0xff, sizeof(p));
	assert_int_equal(sg_status_parse("", 0, &p.rs, &p.ss, &p.cmap_ok, &p.q), 0);
	assert_int_equal(p.cmap_ok, 0);
	assert_int_equal(p.q.known, 0);
	assert_int_equal(p.q.quorate, 0);
	assert_false(p.ss.found);
	assert_false(p.ss.has_last_updated);
	assert_string_equal(p.rs.name, "");
	assert_int_equal(p.rs.supervisor_pid, 0);
}

/* Only "1" is true; lines without '=' and unknown leaves are passed over;
 * a last line without a newline counts; a bad number is not taken. */
static void test_flags_odd_lines_and_bad_numbers(void **state)
{
	struct parsed p;

	(void)state;
	assert_int_equal(parse("garbage line\ncmap_ok=yes\nquorum.known=1\nquorum.quorate=true\n"
			       "no_such_leaf=1\nsam.poll_period=12x\nsam.last_updated=-1\nsam.state=",
			       &p),
			 0);
	assert_int_equal(p.cmap_ok, 0);
	assert_int_equal(p.q.known, 1);
	assert_int_equal(p.q.quorate, 0);
	assert_int_equal(p.ss.poll_period_ms, 0);
	assert_false(p.ss.has_last_updated);
	assert_false(p.ss.found); /* an empty SAM state is no SAM state */
	assert_int_equal(parse("cmap_ok=1", &p), 0);
	assert_int_equal(p.cmap_ok, 1);
}

/* A line longer than any the supervisor writes is a broken answer. */
static void test_an_overlong_line_is_einval(void **state)
{
	char buf[1100];
	struct parsed p;

	(void)state;
	memcpy(buf, "status=", 7);
	memset(buf + 7, 'x', sizeof(buf) - 8);
	buf[sizeof(buf) - 1] = '\n';
	assert_int_equal(sg_status_parse(buf, sizeof(buf), &p.rs, &p.ss, &p.cmap_ok, &p.q), -EINVAL);
	/* one byte short of the limit still parses */
	buf[1022] = '\n';
	assert_int_equal(sg_status_parse(buf, 1023, &p.rs, &p.ss, &p.cmap_ok, &p.q), 0);
}

/* The answer goes as one message, whole, and the connection is closed
 * (the client sees the end after it). */
static void test_send_one_message_and_close(void **state)
{
	const char answer[] = "state=running\nchild_pid=42\n";
	char buf[256];
	int sv[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
	assert_int_equal(sg_status_send(sv[0], answer, strlen(answer)), 0);
	/* sv[0] is closed: the number is free again */
	assert_int_equal(fcntl(sv[0], F_GETFD), -1);
	assert_int_equal(errno, EBADF);
	assert_int_equal(recv(sv[1], buf, sizeof(buf), 0), (ssize_t)strlen(answer));
	assert_memory_equal(buf, answer, strlen(answer));
	assert_int_equal(recv(sv[1], buf, sizeof(buf), 0), 0);
	close(sv[1]);

	/* an empty answer is an empty message, then the end */
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
	assert_int_equal(sg_status_send(sv[0], "", 0), 0);
	assert_int_equal(recv(sv[1], buf, sizeof(buf), 0), 0);
	close(sv[1]);
}

/* A client that left: -EPIPE, no SIGPIPE; a client that does not read
 * (its buffer full): -EAGAIN at once, never blocking the supervisor;
 * the connection is closed all the same. */
static void test_send_to_a_gone_or_stuck_client(void **state)
{
	static char big[200000];
	int sv[2], rc, sndbuf = 4096;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
	close(sv[1]);
	assert_int_equal(sg_status_send(sv[0], "x", 1), -EPIPE);
	assert_int_equal(fcntl(sv[0], F_GETFD), -1);
	/* on a stream socket the kernel raises SIGPIPE too: it would end
	 * this program (and a supervisor) */
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	close(sv[1]);
	assert_int_equal(sg_status_send(sv[0], "x", 1), -EPIPE);

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	assert_int_equal(setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf)), 0);
	/* fill what the client does not read */
	while (send(sv[0], big, sizeof(big), MSG_DONTWAIT) > 0)
		;
	rc = sg_status_send(sv[0], big, sizeof(big));
	assert_int_equal(rc, -EAGAIN);
	assert_int_equal(fcntl(sv[0], F_GETFD), -1);
	close(sv[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_full_answer),
		cmocka_unit_test(test_the_supervisors_format_reads_back),
		cmocka_unit_test(test_keys_absent_clear_the_resource),
		cmocka_unit_test(test_an_empty_answer_knows_nothing),
		cmocka_unit_test(test_flags_odd_lines_and_bad_numbers),
		cmocka_unit_test(test_an_overlong_line_is_einval),
		cmocka_unit_test(test_send_one_message_and_close),
		cmocka_unit_test(test_send_to_a_gone_or_stuck_client),
	};

	return sg_run_tests("status", tests, NULL, NULL);
}
