/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_util.c - unit tests for lib/util.c: sg_parse_u64, sg_strlcpy,
 * sg_str_empty, the file helpers and the monotonic clock.
 *
 * Build: cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Ilib \
 *        cts/unit/test_util.c lib/util.c -lcmocka
 */
#include "sg_test.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define POISON UINT64_C(0xdeadbeefcafef00d)

/* Parse s within [min, max]; check the return code, the value on success
 * and that *out is left alone on failure. */
static void check_parse(int line, const char *s, uint64_t min, uint64_t max, int want_rc,
			uint64_t want_val)
{
	uint64_t out = POISON;
	int rc = sg_parse_u64(s, min, max, &out);

	if (rc != want_rc)
		fail_msg("line %d: sg_parse_u64(\"%s\", %" PRIu64 ", %" PRIu64 ") = %d, want %d",
			 line, s ? s : "(NULL)", min, max, rc, want_rc);
	if (want_rc == 0 && out != want_val)
		fail_msg("line %d: sg_parse_u64(\"%s\") gave %" PRIu64 ", want %" PRIu64, line, s, out,
			 want_val);
	if (want_rc != 0 && out != POISON)
		fail_msg("line %d: sg_parse_u64(\"%s\") wrote *out on error (%" PRIu64 ")", line,
			 s ? s : "(NULL)", out);
}

#define OK(s, min, max, v) check_parse(__LINE__, (s), (min), (max), 0, (v))
#define ERR(s, min, max, e) check_parse(__LINE__, (s), (min), (max), (e), 0)

static void test_parse_u64_valid(void **state)
{
	(void)state;
	OK("0", 0, UINT64_MAX, 0);
	OK("1", 0, UINT64_MAX, 1);
	OK("9", 0, UINT64_MAX, 9);
	OK("10", 0, UINT64_MAX, 10);
	OK("42", 0, UINT64_MAX, 42);
	OK("86400000", 0, UINT64_MAX, 86400000);
	OK("4294967295", 0, UINT64_MAX, UINT32_MAX);
	OK("4294967296", 0, UINT64_MAX, UINT64_C(4294967296));
	OK("9223372036854775807", 0, UINT64_MAX, INT64_MAX);
	OK("9223372036854775808", 0, UINT64_MAX, UINT64_C(9223372036854775808));
	OK("1844674407370955161", 0, UINT64_MAX, UINT64_C(1844674407370955161));
	OK("12345678901234567890", 0, UINT64_MAX, UINT64_C(12345678901234567890));
}

static void test_parse_u64_uint64_max(void **state)
{
	(void)state;
	OK("18446744073709551615", 0, UINT64_MAX, UINT64_MAX);
	OK("18446744073709551614", 0, UINT64_MAX, UINT64_MAX - 1);
	OK("18446744073709551610", 0, UINT64_MAX, UINT64_MAX - 5);
	OK("18446744073709551609", 0, UINT64_MAX, UINT64_MAX - 6);
	/* exactly UINT64_MAX with max == UINT64_MAX and min == UINT64_MAX */
	OK("18446744073709551615", UINT64_MAX, UINT64_MAX, UINT64_MAX);
}

static void test_parse_u64_overflow(void **state)
{
	(void)state;
	ERR("18446744073709551616", 0, UINT64_MAX, -ERANGE);
	ERR("18446744073709551617", 0, UINT64_MAX, -ERANGE);
	ERR("18446744073709551619", 0, UINT64_MAX, -ERANGE);
	ERR("18446744073709551620", 0, UINT64_MAX, -ERANGE);
	ERR("18446744073709551700", 0, UINT64_MAX, -ERANGE);
	ERR("18446744073709552000", 0, UINT64_MAX, -ERANGE);
	ERR("18446744073709561615", 0, UINT64_MAX, -ERANGE);
	ERR("19000000000000000000", 0, UINT64_MAX, -ERANGE);
	ERR("99999999999999999999", 0, UINT64_MAX, -ERANGE);
	ERR("184467440737095516150", 0, UINT64_MAX, -ERANGE);
	ERR("100000000000000000000", 0, UINT64_MAX, -ERANGE);
	ERR("999999999999999999999999999999999999999999", 0, UINT64_MAX, -ERANGE);
	/* would wrap to a small value (2^64 + 5 mod 2^64 == 5) */
	ERR("18446744073709551621", 0, 10, -ERANGE);
}

static void test_parse_u64_empty_null(void **state)
{
	(void)state;
	ERR(NULL, 0, UINT64_MAX, -EINVAL);
	ERR("", 0, UINT64_MAX, -EINVAL);
	/* even when 0 would be in range */
	ERR("", 0, 0, -EINVAL);
}

static void test_parse_u64_not_a_number(void **state)
{
	static const char *const bad[] = {
		"-1", "-0", "+1", "+0", " 1", "1 ", " ", "\t1", "1\t", "1\n", "\n1", "0x10",
		"0X10", "x10", "1e3", "1E3", "1.5", "1.", ".1", "1,000", "1_000", "12a", "a12",
		"abc", "--1", "1-", "1+1", "0b1", "٣", "\xef\xbc\x91", /* fullwidth 1 */
		"inf", "nan", "1:", ":", "/", "1/0", "0/", "9:",
	};

	(void)state;
	for (size_t i = 0; i < SG_ARRAY_SIZE(bad); i++)
		ERR(bad[i], 0, UINT64_MAX, -EINVAL);
}

static void test_parse_u64_bounds(void **state)
{
	(void)state;
	OK("5", 5, 10, 5);
	OK("7", 5, 10, 7);
	OK("10", 5, 10, 10);
	ERR("4", 5, 10, -ERANGE);
	ERR("0", 5, 10, -ERANGE);
	ERR("11", 5, 10, -ERANGE);
	ERR("100", 5, 10, -ERANGE);
	OK("7", 7, 7, 7);
	ERR("6", 7, 7, -ERANGE);
	ERR("8", 7, 7, -ERANGE);
	OK("0", 0, 0, 0);
	ERR("1", 0, 0, -ERANGE);
	OK("1", 1, 86400000, 1);
	ERR("0", 1, 86400000, -ERANGE);
	OK("86400000", 1, 86400000, 86400000);
	ERR("86400001", 1, 86400000, -ERANGE);
	ERR("18446744073709551615", 0, UINT64_MAX - 1, -ERANGE);
	ERR("18446744073709551614", UINT64_MAX, UINT64_MAX, -ERANGE);
	/* not-a-number wins over range: -EINVAL, never -ERANGE */
	ERR("x", 5, 10, -EINVAL);
	ERR("-5", 5, 10, -EINVAL);
	ERR("", 5, 10, -EINVAL);
	ERR("1 ", 5, 10, -EINVAL);
	ERR("100x", 5, 10, -EINVAL);
}

/* BUG: the overflow check runs before the whole string was seen to be
 * digits, so text that is not a number at all is reported as -ERANGE. */
static void test_parse_u64_garbage_after_overflow(void **state)
{
	(void)state;
	ERR("99999999999999999999x", 0, UINT64_MAX, -EINVAL);
	ERR("18446744073709551616 ", 0, UINT64_MAX, -EINVAL);
	ERR("184467440737095516160x10", 0, UINT64_MAX, -EINVAL);
}

static void test_strlcpy_fits(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(sg_strlcpy(buf, "abc", sizeof(buf)), 0);
	assert_string_equal(buf, "abc");
	/* bytes after the terminator are untouched */
	assert_int_equal(buf[4], 'X');

	/* exactly n - 1 characters fit */
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(sg_strlcpy(buf, "1234567", sizeof(buf)), 0);
	assert_string_equal(buf, "1234567");

	/* empty source */
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(sg_strlcpy(buf, "", sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_int_equal(buf[1], 'X');

	memset(buf, 'X', sizeof(buf));
	assert_int_equal(sg_strlcpy(buf, "", 1), 0);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'X');
}

static void test_strlcpy_truncates(void **state)
{
	char buf[8];

	(void)state;
	/* n characters: one too many */
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(sg_strlcpy(buf, "12345678", sizeof(buf)), -E2BIG);
	assert_string_equal(buf, "1234567");

	memset(buf, 'X', sizeof(buf));
	assert_int_equal(sg_strlcpy(buf, "a much longer string", sizeof(buf)), -E2BIG);
	assert_string_equal(buf, "a much ");

	/* n == 1: only the terminator fits */
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(sg_strlcpy(buf, "a", 1), -E2BIG);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'X');

	/* smaller n than the buffer: nothing written past n */
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(sg_strlcpy(buf, "abcdef", 3), -E2BIG);
	assert_memory_equal(buf, "ab\0XXXXX", 8);
}

static void test_strlcpy_zero_size(void **state)
{
	char buf[4];

	(void)state;
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(sg_strlcpy(buf, "abc", 0), -E2BIG);
	assert_memory_equal(buf, "XXXX", 4);
	assert_int_equal(sg_strlcpy(buf, "", 0), -E2BIG);
	assert_memory_equal(buf, "XXXX", 4);
}

static void test_str_empty(void **state)
{
	(void)state;
	assert_true(sg_str_empty(NULL));
	assert_true(sg_str_empty(""));
	assert_false(sg_str_empty("a"));
	assert_false(sg_str_empty(" "));
	assert_false(sg_str_empty("0"));
	assert_false(sg_str_empty("\n"));
}

/* A scratch directory of the file tests, removed by the test itself. */
static char *scratch(char *dir)
{
	strcpy(dir, "/tmp/test_util.XXXXXX");
	assert_non_null(mkdtemp(dir));
	return dir;
}

/* what is written atomically reads back whole, with the mode asked for,
 * and a second write replaces it without leaving its temporary file */
static void test_write_file_atomic_then_read_file(void **state)
{
	char dir[32], path[64], buf[16];
	struct stat st;

	(void)state;
	snprintf(path, sizeof(path), "%s/f", scratch(dir));
	assert_int_equal(sg_write_file_atomic(path, "1 42\n", 5, 0640), 0);
	assert_int_equal(sg_read_file(path, buf, sizeof(buf)), 5);
	assert_string_equal(buf, "1 42\n");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(sg_write_file_atomic(path, "x", 1, 0640), 0);
	assert_int_equal(sg_read_file(path, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "x");
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0); /* nothing else was left in it */
}

/* a file longer than the buffer is cut, and still terminated */
static void test_read_file_cuts_to_the_buffer(void **state)
{
	char dir[32], path[64], buf[4];

	(void)state;
	snprintf(path, sizeof(path), "%s/long", scratch(dir));
	assert_int_equal(sg_write_file_atomic(path, "abcdef", 6, 0600), 0);
	assert_int_equal(sg_read_file(path, buf, sizeof(buf)), 3);
	assert_string_equal(buf, "abc");
	unlink(path);
	rmdir(dir);
}

/* below a directory fd: read and cut like sg_read_file; a symlink in the
 * last component is refused, not followed */
static void test_read_file_at_never_follows_a_symlink(void **state)
{
	char dir[32], path[64], buf[4];
	int dfd;

	(void)state;
	snprintf(path, sizeof(path), "%s/f", scratch(dir));
	assert_int_equal(sg_write_file_atomic(path, "abcdef", 6, 0600), 0);
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(dfd >= 0);
	assert_int_equal(sg_read_file_at(dfd, "f", buf, sizeof(buf)), 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(symlinkat("f", dfd, "link"), 0);
	assert_int_equal(sg_read_file(strcat(strcpy(path, dir), "/link"), buf, sizeof(buf)), 3);
	assert_int_equal(sg_read_file_at(dfd, "link", buf, sizeof(buf)), -ELOOP);
	assert_int_equal(sg_read_file_at(dfd, "missing", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(unlinkat(dfd, "link", 0), 0);
	assert_int_equal(unlinkat(dfd, "f", 0), 0);
	close(dfd);
	assert_int_equal(rmdir(dir), 0);
}

/* the errors are the system's */
static void test_file_errors_are_errno(void **state)
{
	char buf[8], dir[32], path[64];

	(void)state;
	assert_int_equal(sg_read_file("/nonexistent/sg-test", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(sg_read_file("/", buf, sizeof(buf)), -EISDIR);
	assert_int_equal(sg_write_file_atomic("/nonexistent/dir/f", "x", 1, 0600), -ENOENT);
	/* a directory in the way: the rename fails, no temporary file is left */
	snprintf(path, sizeof(path), "%s/d", scratch(dir));
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(sg_write_file_atomic(path, "x", 1, 0600), -EISDIR);
	assert_int_equal(rmdir(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

/* CLOCK_MONOTONIC read here, in ns. */
static uint64_t mono_ns(void)
{
	struct timespec ts;

	assert_int_equal(clock_gettime(CLOCK_MONOTONIC, &ts), 0);
	return (uint64_t)ts.tv_sec * UINT64_C(1000000000) + (uint64_t)ts.tv_nsec;
}

/* sg_now_mono_ns is CLOCK_MONOTONIC in nanoseconds (the clock and unit SAM
 * writes last_updated in): it lies between two readings of that clock
 * taken around it, which another clock (CLOCK_REALTIME is decades ahead)
 * or another unit (ms, us, a lost tv_nsec) does not. */
static void test_now_mono_ns_is_clock_monotonic_in_ns(void **state)
{
	(void)state;
	for (int i = 0; i < 1000; i++) {
		uint64_t before = mono_ns();
		uint64_t now = sg_now_mono_ns();
		uint64_t after = mono_ns();

		if (now < before || now > after)
			fail_msg("sg_now_mono_ns() = %" PRIu64 ", not within [%" PRIu64 ", %" PRIu64 "]", now,
				 before, after);
	}
}

/* It never goes back, and sg_now_mono_ms is the same clock in ms. */
static void test_now_mono_ns_never_goes_back(void **state)
{
	uint64_t last = sg_now_mono_ns();

	(void)state;
	for (int i = 0; i < 100000; i++) {
		uint64_t now = sg_now_mono_ns();

		if (now < last)
			fail_msg("sg_now_mono_ns() went back from %" PRIu64 " to %" PRIu64, last, now);
		last = now;
	}
	{
		uint64_t before = sg_now_mono_ns() / 1000000;
		uint64_t ms = sg_now_mono_ms();
		uint64_t after = sg_now_mono_ns() / 1000000;

		assert_in_range(ms, before, after);
	}
}

/* 1 when s is valid UTF-8 without control characters */
static int clean_utf8(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		int len = sg_utf8_len(p);

		if (len == 0 || (len == 1 && (*p < 0x20 || *p == 0x7f)))
			return 0;
		p += len;
	}
	return 1;
}

static void test_text_one_line_keeps_whole_characters_only(void **state)
{
	char out[16];

	(void)state;
	/* a 2-byte character that ends exactly at the limit stays */
	assert_int_equal(sg_text_one_line(out, sizeof(out), "ab\xc3\xa9" "cd", 4), 4);
	assert_string_equal(out, "ab\xc3\xa9");
	/* one that would cross it goes, whole */
	assert_int_equal(sg_text_one_line(out, sizeof(out), "abc\xc3\xa9", 4), 3);
	assert_string_equal(out, "abc");
	/* 3 and 4 bytes */
	assert_int_equal(sg_text_one_line(out, sizeof(out), "a\xe2\x82\xac\xf0\x9f\x98\x80", 7), 4);
	assert_string_equal(out, "a\xe2\x82\xac");
	assert_int_equal(sg_text_one_line(out, sizeof(out), "a\xe2\x82\xac\xf0\x9f\x98\x80", 8), 8);
	/* the buffer bounds it too */
	assert_int_equal(sg_text_one_line(out, 4, "abcdef", 100), 3);
	assert_string_equal(out, "abc");
	assert_int_equal(sg_text_one_line(out, sizeof(out), NULL, 5), 0);
	assert_string_equal(out, "");
}

static void test_text_one_line_replaces_what_is_not_utf8(void **state)
{
	char out[64];

	(void)state;
	/* lone continuation, 0xff, overlong '/', surrogate, a cut sequence */
	sg_text_one_line(out, sizeof(out), "a\x80" "b\xff" "c\xc0\xaf" "d\xed\xa0\x80" "e\xe2\x82", sizeof(out));
	assert_string_equal(out, "a?b?c??d???e??");
	/* control characters become blanks: one line */
	sg_text_one_line(out, sizeof(out), "x\ny\tz\x7f", sizeof(out));
	assert_string_equal(out, "x y z ");
}

static void test_text_one_line_output_is_always_clean_utf8(void **state)
{
	unsigned int seed = 14;

	(void)state;
	for (int round = 0; round < 20000; round++) {
		char in[40], out[24];
		size_t len = (size_t)(rand_r(&seed) % (sizeof(in) - 1));
		size_t max = (size_t)(rand_r(&seed) % sizeof(out));

		for (size_t i = 0; i < len; i++) {
			/* mostly bytes that start or continue multi-byte sequences */
			int r = rand_r(&seed) % 4;

			in[i] = (char)(r == 0 ? 0x41 + rand_r(&seed) % 26 : r == 1 ? 0x80 + rand_r(&seed) % 64
									: 0xc0 + rand_r(&seed) % 64);
			if (in[i] == 0)
				in[i] = 'z';
		}
		in[len] = '\0';
		assert_true(sg_text_one_line(out, sizeof(out), in, max) <= max);
		assert_true(strlen(out) <= max);
		if (!clean_utf8(out))
			fail_msg("round %d: output not clean UTF-8", round);
	}
}

/* only the exact word "off" switches something off */
static void test_env_is_off_only_for_off(void **state)
{
	(void)state;
	unsetenv("SG_TEST_SWITCH");
	assert_int_equal(sg_env_is_off("SG_TEST_SWITCH"), 0);
	setenv("SG_TEST_SWITCH", "off", 1);
	assert_int_equal(sg_env_is_off("SG_TEST_SWITCH"), 1);
	setenv("SG_TEST_SWITCH", "OFF", 1);
	assert_int_equal(sg_env_is_off("SG_TEST_SWITCH"), 0);
	setenv("SG_TEST_SWITCH", "", 1);
	assert_int_equal(sg_env_is_off("SG_TEST_SWITCH"), 0);
	setenv("SG_TEST_SWITCH", "off ", 1);
	assert_int_equal(sg_env_is_off("SG_TEST_SWITCH"), 0);
	unsetenv("SG_TEST_SWITCH");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_u64_valid),
		cmocka_unit_test(test_parse_u64_uint64_max),
		cmocka_unit_test(test_parse_u64_overflow),
		cmocka_unit_test(test_parse_u64_empty_null),
		cmocka_unit_test(test_parse_u64_not_a_number),
		cmocka_unit_test(test_parse_u64_bounds),
		cmocka_unit_test(test_parse_u64_garbage_after_overflow),
		cmocka_unit_test(test_strlcpy_fits),
		cmocka_unit_test(test_strlcpy_truncates),
		cmocka_unit_test(test_strlcpy_zero_size),
		cmocka_unit_test(test_str_empty),
		cmocka_unit_test(test_write_file_atomic_then_read_file),
		cmocka_unit_test(test_read_file_cuts_to_the_buffer),
		cmocka_unit_test(test_read_file_at_never_follows_a_symlink),
		cmocka_unit_test(test_file_errors_are_errno),
		cmocka_unit_test(test_now_mono_ns_is_clock_monotonic_in_ns),
		cmocka_unit_test(test_now_mono_ns_never_goes_back),
		cmocka_unit_test(test_text_one_line_keeps_whole_characters_only),
		cmocka_unit_test(test_text_one_line_replaces_what_is_not_utf8),
		cmocka_unit_test(test_text_one_line_output_is_always_clean_utf8),
		cmocka_unit_test(test_env_is_off_only_for_off),
	};

	return sg_run_tests("util", tests, NULL, NULL);
}
