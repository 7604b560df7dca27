/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_target.c - lib/target.c (health_target split with bounds, one-time
 * resolution) and lib/ratelimit.c (one log line per interval). */
#include "sg_test.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "ratelimit.h"
#include "target.h"

static void test_split_ok(void **state)
{
	char host[SG_TARGET_HOST_MAX], port[SG_TARGET_PORT_MAX];

	(void)state;
	assert_int_equal(sg_target_split("127.0.0.1:80", host, sizeof(host), port, sizeof(port)), 0);
	assert_string_equal(host, "127.0.0.1");
	assert_string_equal(port, "80");
	assert_int_equal(sg_target_split("[::1]:65535", host, sizeof(host), port, sizeof(port)), 0);
	assert_string_equal(host, "::1");
	assert_string_equal(port, "65535");
	assert_int_equal(sg_target_split("[fe80::1%eth0]:1", host, sizeof(host), port, sizeof(port)), 0);
	assert_string_equal(host, "fe80::1%eth0");
	assert_int_equal(sg_target_split("db-1.example_x.org:5432", host, sizeof(host), port, sizeof(port)), 0);
	assert_string_equal(host, "db-1.example_x.org");
}

static void test_split_bounds(void **state)
{
	char host[SG_TARGET_HOST_MAX], port[SG_TARGET_PORT_MAX], t[700], small[8];

	(void)state;
	/* 253 fits, 254 and the 600 bytes of the report do not */
	memset(t, 'h', 253);
	strcpy(t + 253, ":80");
	assert_int_equal(sg_target_split(t, host, sizeof(host), port, sizeof(port)), 0);
	assert_int_equal(strlen(host), 253);
	memset(t, 'h', 254);
	strcpy(t + 254, ":80");
	assert_int_equal(sg_target_split(t, host, sizeof(host), port, sizeof(port)), -EINVAL);
	memset(t, 'h', 600);
	strcpy(t + 600, ":80");
	assert_int_equal(sg_target_split(t, host, sizeof(host), port, sizeof(port)), -EINVAL);
	t[0] = '[';
	memset(t + 1, 'a', 600);
	strcpy(t + 601, "]:80");
	assert_int_equal(sg_target_split(t, host, sizeof(host), port, sizeof(port)), -EINVAL);
	/* a caller's small buffer is never overrun */
	assert_int_equal(sg_target_split("longer-host:80", small, sizeof(small), port, sizeof(port)), -ENAMETOOLONG);
	assert_int_equal(sg_target_split("h:80", small, sizeof(small), small, 2), -ENAMETOOLONG);
}

static void test_split_garbage(void **state)
{
	static const char *const bad[] = {
		"", "host", "host:", ":80", "host:0", "host:65536", "host:http", "ho st:80", "h\n:80",
		"h/x:80", "h%x:80", "[]:80", "[::1]", "[::1]80", "[::1:80", "::1:80", "[g::1]:80",
		"[%eth0]:80", "[::1%]:80", "[::1%e/x]:80", "[1.2.3.4]:80", NULL,
	};
	char host[SG_TARGET_HOST_MAX], port[SG_TARGET_PORT_MAX];

	(void)state;
	for (int i = 0; bad[i]; i++)
		if (sg_target_split(bad[i], host, sizeof(host), port, sizeof(port)) != -EINVAL)
			fail_msg("accepted '%s'", bad[i]);
	assert_int_equal(sg_target_split(NULL, host, sizeof(host), port, sizeof(port)), -EINVAL);
}

static void test_resolve_numeric(void **state)
{
	struct sg_target t;
	char why[128];

	(void)state;
	assert_int_equal(sg_target_resolve("127.0.0.1:8080", &t, why, sizeof(why)), 0);
	assert_int_equal(t.family, AF_INET);
	assert_int_equal(t.addrlen, sizeof(struct sockaddr_in));
	assert_int_equal(ntohs(((struct sockaddr_in *)&t.addr)->sin_port), 8080);
	assert_int_equal(sg_target_resolve("[::1]:22", &t, why, sizeof(why)), 0);
	assert_int_equal(t.family, AF_INET6);
	assert_int_equal(sg_target_resolve("x x:1", &t, why, sizeof(why)), -EINVAL);
	/* a name that cannot resolve (.invalid is reserved, RFC 2606) */
	assert_int_equal(sg_target_resolve("no-such-host.invalid:80", &t, why, sizeof(why)), -EHOSTUNREACH);
	assert_true(why[0] != '\0');
}

static void test_ratelimit(void **state)
{
	struct sg_ratelimit rl = SG_RATELIMIT_INIT(1000);
	unsigned long n = 0;
	int lines = 0;

	(void)state;
	/* the first event is logged at once, alone */
	assert_int_equal(sg_ratelimit_event(&rl, 5000, &n), 1);
	assert_int_equal(n, 1);
	/* a flood within the interval: held back */
	for (int i = 0; i < 10000; i++)
		lines += sg_ratelimit_event(&rl, 5000 + (uint64_t)i / 100, &n);
	assert_int_equal(lines, 0);
	/* the next line carries the count */
	assert_int_equal(sg_ratelimit_event(&rl, 6000, &n), 1);
	assert_int_equal(n, 10001);
	/* 10 s of a flood, one event per ms: one line per second */
	lines = 0;
	for (uint64_t t = 6001; t < 16001; t++)
		lines += sg_ratelimit_event(&rl, t, &n);
	assert_int_equal(lines, 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_ok),
		cmocka_unit_test(test_split_bounds),
		cmocka_unit_test(test_split_garbage),
		cmocka_unit_test(test_resolve_numeric),
		cmocka_unit_test(test_ratelimit),
	};

	return sg_run_tests("target", tests, NULL, NULL);
}
