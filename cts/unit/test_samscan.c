/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_samscan.c - unit tests for the pure parts of lib/samscan.c and
 * lib/colocate.c: proving that a pid was reused from its start time and a
 * SAM heartbeat time (ticks rounding, suspend offsets, edges), and reading
 * the CPU field of /proc/<pid>/stat (comm with blanks and parentheses). */
#include "sg_test.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "colocate.h"
#include "samscan.h"

#define S UINT64_C(1000000000)

static void test_started_after(void **state)
{
	(void)state;
	/* started at 100 s (10000 ticks), last update at 50 s: reused */
	assert_true(sg_started_after(10000, 100, 0, 50 * S));
	/* last update after the start: may be the writer */
	assert_false(sg_started_after(10000, 100, 0, 150 * S));
	/* ticks round down: a start within the same tick as the update proves nothing */
	assert_false(sg_started_after(10000, 100, 0, 100 * S));
	assert_false(sg_started_after(10000, 100, 0, 100 * S + 5000000));
	assert_true(sg_started_after(10001, 100, 0, 100 * S + 5000000));
	/* 30 s spent suspended: boottime runs ahead of monotonic */
	assert_false(sg_started_after(10000, 100, 30 * S, 80 * S));
	assert_true(sg_started_after(10000, 100, 30 * S, 60 * S));
	/* an offset larger than the start time proves nothing */
	assert_false(sg_started_after(100, 100, 5 * S, 0));
	/* nonsense inputs prove nothing */
	assert_false(sg_started_after(10000, 0, 0, 0));
	assert_false(sg_started_after(10000, -1, 0, 0));
	assert_false(sg_started_after(UINT64_MAX, 100, 0, 0));
	/* another tick rate */
	assert_true(sg_started_after(2500, 250, 0, 9 * S));
	assert_false(sg_started_after(2500, 250, 0, 10 * S));
}

static void test_stat_cpu_field(void **state)
{
	char line[512], fields[256];
	size_t o = 0;

	(void)state;
	/* fields 3..38 then the CPU (39) and more */
	for (int f = 3; f <= 38; f++)
		o += (size_t)snprintf(fields + o, sizeof(fields) - o, "%d ", f);
	snprintf(line, sizeof(line), "1234 (corosync) %s1 0 0\n", fields);
	assert_int_equal(sg_stat_cpu_field(line), 1);
	snprintf(line, sizeof(line), "1234 (a (b) c) %s7 0 0\n", fields);
	assert_int_equal(sg_stat_cpu_field(line), 7);
	snprintf(line, sizeof(line), "1 (x) %s12", fields);
	assert_int_equal(sg_stat_cpu_field(line), 12);
	assert_int_equal(sg_stat_cpu_field("1 (x) 3 4 5"), -EINVAL);
	assert_int_equal(sg_stat_cpu_field("no parenthesis"), -EINVAL);
	assert_int_equal(sg_stat_cpu_field(NULL), -EINVAL);
	snprintf(line, sizeof(line), "1 (x) %sabc 0", fields);
	assert_int_equal(sg_stat_cpu_field(line), -EINVAL);
	snprintf(line, sizeof(line), "1 (x) %s99999999 0", fields);
	assert_int_equal(sg_stat_cpu_field(line), -EINVAL);        /* beyond CPU_SETSIZE */
}

static void test_own_cpu(void **state)
{
	char buf[1024];
	FILE *f = fopen("/proc/self/stat", "r");

	(void)state;
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_true(sg_stat_cpu_field(buf) >= 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_started_after),
		cmocka_unit_test(test_stat_cpu_field),
		cmocka_unit_test(test_own_cpu),
	};

	return sg_run_tests("samscan", tests, NULL, NULL);
}
