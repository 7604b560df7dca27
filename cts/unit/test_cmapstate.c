/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_cmapstate.c - unit tests for the parts of lib/cmapstate.c that need
 * no corosync: the restart history string (sg_history_format,
 * sg_history_parse, sg_history_count_recent), key names (sg_cmap_key) and
 * the cs_error_t mapping (sg_cs_errno).
 *
 * Build: cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Ilib \
 *        cts/unit/test_cmapstate.c lib/cmapstate.c lib/util.c -lcmocka \
 *        $(pkg-config --libs libcmap)
 */
#include "sg_test.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cmapstate.h"
#include "util.h"

#define POISON UINT64_C(0xdeadbeefcafef00d)

/* -------------------------------------------------------------- history */

static void poison(uint64_t *h, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h[i] = POISON;
}

static void test_history_format(void **state)
{
	static const uint64_t h[] = { 12, 345, 6789 };
	char buf[128];

	(void)state;
	memset(buf, 'X', sizeof(buf));
	sg_history_format(h, 3, buf, sizeof(buf));
	assert_string_equal(buf, "12 345 6789");
	sg_history_format(h, 1, buf, sizeof(buf));
	assert_string_equal(buf, "12");
	memset(buf, 'X', sizeof(buf));
	sg_history_format(h, 0, buf, sizeof(buf));
	assert_string_equal(buf, "");
	{
		static const uint64_t big[] = { 0, UINT64_MAX, 1 };

		sg_history_format(big, 3, buf, sizeof(buf));
		assert_string_equal(buf, "0 18446744073709551615 1");
	}
}

static void test_history_parse(void **state)
{
	uint64_t h[8];

	(void)state;
	poison(h, 8);
	assert_int_equal(sg_history_parse("12 345 6789", h, 8), 3);
	assert_int_equal(h[0], 12);
	assert_int_equal(h[1], 345);
	assert_int_equal(h[2], 6789);
	assert_true(h[3] == POISON);
	/* blanks around and between */
	poison(h, 8);
	assert_int_equal(sg_history_parse("  1   2 3  ", h, 8), 3);
	assert_int_equal(h[2], 3);
	/* the extremes */
	assert_int_equal(sg_history_parse("0 18446744073709551615", h, 8), 2);
	assert_int_equal(h[0], 0);
	assert_true(h[1] == UINT64_MAX);
}

static void test_history_parse_garbage(void **state)
{
	static const char *const none[] = {
		"", " ", "   ", "abc", "-1", "+1", "x12", ",", "\n", "\t1",
		"18446744073709551616", "99999999999999999999999",
	};
	uint64_t h[8];

	(void)state;
	poison(h, 8);
	assert_int_equal(sg_history_parse(NULL, h, 8), 0);
	for (size_t i = 0; i < SG_ARRAY_SIZE(none); i++) {
		unsigned int n = sg_history_parse(none[i], h, 8);

		if (n != 0)
			fail_msg("history_parse(\"%s\") = %u, want 0", none[i], n);
	}
	/* nothing written */
	for (size_t i = 0; i < 8; i++)
		assert_true(h[i] == POISON);
	/* garbage ends the list; what came before is kept */
	assert_int_equal(sg_history_parse("1 2 x 3", h, 8), 2);
	assert_int_equal(sg_history_parse("1 2,3", h, 8), 2);
	assert_int_equal(sg_history_parse("1 -2 3", h, 8), 1);
	assert_int_equal(sg_history_parse("7 18446744073709551616 9", h, 8), 1);
	assert_int_equal(h[0], 7);
	assert_int_equal(sg_history_parse("5abc", h, 8), 1);
	assert_int_equal(h[0], 5);
}

static void test_history_parse_max(void **state)
{
	uint64_t h[SG_HISTORY_MAX + 2];
	char buf[2048];
	size_t o = 0;

	(void)state;
	poison(h, 4);
	assert_int_equal(sg_history_parse("1 2 3 4 5", h, 2), 2);
	assert_int_equal(h[1], 2);
	assert_true(h[2] == POISON);
	assert_int_equal(sg_history_parse("1 2 3", h, 0), 0);
	assert_true(h[0] == 1);
	/* more entries than SG_HISTORY_MAX */
	for (int i = 0; i < SG_HISTORY_MAX + 10; i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%d", i ? " " : "", 1000 + i);
	poison(h, SG_ARRAY_SIZE(h));
	assert_int_equal(sg_history_parse(buf, h, SG_HISTORY_MAX), SG_HISTORY_MAX);
	assert_int_equal(h[SG_HISTORY_MAX - 1], 1000 + SG_HISTORY_MAX - 1);
	assert_true(h[SG_HISTORY_MAX] == POISON);
	assert_true(h[SG_HISTORY_MAX + 1] == POISON);
}

static void test_history_round_trip(void **state)
{
	uint64_t in[SG_HISTORY_MAX], out[SG_HISTORY_MAX];
	char buf[SG_HISTORY_MAX * 21 + 1];

	(void)state;
	for (unsigned int len = 0; len <= SG_HISTORY_MAX; len++) {
		for (unsigned int i = 0; i < len; i++)
			in[i] = (i % 3 == 2) ? UINT64_MAX - i : UINT64_C(1000000) * i + i * i;
		sg_history_format(in, len, buf, sizeof(buf));
		poison(out, SG_HISTORY_MAX);
		if (sg_history_parse(buf, out, SG_HISTORY_MAX) != len)
			fail_msg("round trip of %u entries: \"%s\" parses to %u", len, buf,
				 sg_history_parse(buf, out, SG_HISTORY_MAX));
		assert_memory_equal(in, out, len * sizeof(in[0]));
	}
}

/* A buffer too small for the list: never written past n, terminated, and
 * what is there parses to a prefix of the list with no cut number. */
static void test_history_format_small_buffer(void **state)
{
	static const uint64_t h[] = { 12, 345, 6789, UINT64_MAX, 7 };
	char full[128], buf[160];
	uint64_t out[8];

	(void)state;
	sg_history_format(h, 5, full, sizeof(full));
	assert_string_equal(full, "12 345 6789 18446744073709551615 7");
	for (size_t n = 1; n <= strlen(full) + 1; n++) {
		unsigned int got;
		size_t len;

		memset(buf, 'X', sizeof(buf));
		sg_history_format(h, 5, buf, n);
		len = strnlen(buf, n);
		if (len >= n)
			fail_msg("n %zu: not terminated within n", n);
		for (size_t i = n; i < sizeof(buf); i++)
			if (buf[i] != 'X')
				fail_msg("n %zu: byte %zu written", n, i);
		/* a prefix of the full text, ending at an entry boundary */
		if (strncmp(buf, full, len) != 0 ||
		    (len > 0 && full[len] != ' ' && full[len] != '\0'))
			fail_msg("n %zu: \"%s\" is not a whole-entry prefix of \"%s\"", n, buf, full);
		got = sg_history_parse(buf, out, 8);
		for (unsigned int i = 0; i < got; i++)
			assert_true(out[i] == h[i]);
		/* as many entries as fit */
		{
			unsigned int want = 0;
			size_t used = 0;

			for (unsigned int i = 0; i < 5; i++) {
				char one[32];
				size_t w = (size_t)snprintf(one, sizeof(one), i ? " %" PRIu64 : "%" PRIu64, h[i]);

				if (used + w >= n)
					break;
				used += w;
				want++;
			}
			if (got != want)
				fail_msg("n %zu: \"%s\" holds %u entries, want %u", n, buf, got, want);
		}
	}
}

static void test_count_recent(void **state)
{
	const uint64_t now = UINT64_C(1000000);
	uint64_t h[4];

	(void)state;
	/* exactly window_s * 1000 ms old: no longer recent */
	h[0] = now - 60000;
	assert_int_equal(sg_history_count_recent(h, 1, now, 60), 0);
	/* 1 ms younger: recent */
	h[0] = now - 59999;
	assert_int_equal(sg_history_count_recent(h, 1, now, 60), 1);
	/* now itself */
	h[0] = now;
	assert_int_equal(sg_history_count_recent(h, 1, now, 60), 1);
	/* in the future: ignored */
	h[0] = now + 1;
	assert_int_equal(sg_history_count_recent(h, 1, now, 60), 0);
	h[0] = UINT64_MAX;
	assert_int_equal(sg_history_count_recent(h, 1, now, 60), 0);
	/* a mix */
	h[0] = now - 120000;
	h[1] = now - 60000;
	h[2] = now - 59999;
	h[3] = now - 1;
	assert_int_equal(sg_history_count_recent(h, 4, now, 60), 2);
	assert_int_equal(sg_history_count_recent(h, 4, now, 61), 3);
	assert_int_equal(sg_history_count_recent(h, 4, now, 121), 4);
	assert_int_equal(sg_history_count_recent(h, 0, now, 60), 0);
	assert_int_equal(sg_history_count_recent(h, 2, now, 60), 0);
}

static void test_count_recent_window_zero(void **state)
{
	const uint64_t now = UINT64_C(1000000);
	uint64_t h[3] = { now, now - 1, now - 1000 };

	(void)state;
	assert_int_equal(sg_history_count_recent(h, 3, now, 0), 0);
	/* window 1 s */
	assert_int_equal(sg_history_count_recent(h, 3, now, 1), 2);
}

static void test_count_recent_extremes(void **state)
{
	uint64_t h[3] = { 0, 1, UINT64_MAX };

	(void)state;
	/* early clock: nothing underflows */
	assert_int_equal(sg_history_count_recent(h, 2, 0, 60), 1);
	assert_int_equal(sg_history_count_recent(h, 2, 1, 60), 2);
	/* the largest window: 2^32 - 1 s, multiplied without overflow */
	assert_int_equal(sg_history_count_recent(h, 3, UINT64_MAX, UINT32_MAX), 1);
	h[0] = UINT64_MAX - (uint64_t)UINT32_MAX * 1000 + 1;
	h[1] = UINT64_MAX - (uint64_t)UINT32_MAX * 1000;
	assert_int_equal(sg_history_count_recent(h, 3, UINT64_MAX, UINT32_MAX), 2);
}

/* -------------------------------------------------------------- keys */

static void test_cmap_key(void **state)
{
	char buf[CMAP_KEYNAME_MAXLEN + 1], small[64];
	char enc[SG_NAME_ENC_MAX];
	size_t want;

	(void)state;
	assert_int_equal(sg_cmap_key(buf, sizeof(buf), "web_3a0", SG_KEY_STATE), 0);
	assert_string_equal(buf, "samguard.resource.web_3a0.state");
	assert_int_equal(sg_cmap_key(buf, sizeof(buf), "db", SG_KEY_HISTORY), 0);
	assert_string_equal(buf, "samguard.resource.db.restart_history");

	/* exactly fits: strlen + 1 bytes */
	want = strlen("samguard.resource.ab.name");
	memset(small, 'X', sizeof(small));
	assert_int_equal(sg_cmap_key(small, want + 1, "ab", "name"), 0);
	assert_string_equal(small, "samguard.resource.ab.name");
	assert_int_equal(small[want + 1], 'X');
	/* one byte short: -ENAMETOOLONG, cut and terminated within n */
	memset(small, 'X', sizeof(small));
	assert_int_equal(sg_cmap_key(small, want, "ab", "name"), -ENAMETOOLONG);
	assert_int_equal(strlen(small), want - 1);
	assert_int_equal(small[want], 'X');

	/* the longest encoded name with the longest leaf fits a cmap key */
	memset(enc, 'a', SG_NAME_ENC_MAX - 1);
	enc[SG_NAME_ENC_MAX - 1] = '\0';
	assert_int_equal(strlen(enc), SG_NAME_MAX * 3);
	assert_int_equal(sg_cmap_key(buf, sizeof(buf), enc, SG_KEY_LAST_FAILURE_TIME), 0);
	assert_int_equal(strlen(buf), strlen(SG_CMAP_PREFIX) + SG_NAME_MAX * 3 + 1 +
					      strlen(SG_KEY_LAST_FAILURE_TIME));
	assert_true(strlen(buf) <= CMAP_KEYNAME_MAXLEN);
	/* a longer one does not */
	{
		char huge[CMAP_KEYNAME_MAXLEN + 10];

		memset(huge, 'b', sizeof(huge) - 1);
		huge[sizeof(huge) - 1] = '\0';
		assert_int_equal(sg_cmap_key(buf, sizeof(buf), huge, "x"), -ENAMETOOLONG);
		assert_int_equal(strlen(buf), CMAP_KEYNAME_MAXLEN);
	}
}

/* -------------------------------------------------------------- errors */

static void test_cs_errno(void **state)
{
	(void)state;
	assert_int_equal(sg_cs_errno(CS_OK), 0);
	assert_int_equal(sg_cs_errno(CS_ERR_LIBRARY), -ENOTCONN);
	assert_int_equal(sg_cs_errno(CS_ERR_ACCESS), -EACCES);
	assert_int_equal(sg_cs_errno(CS_ERR_NOT_EXIST), -ENOENT);
	assert_int_equal(sg_cs_errno(CS_ERR_TRY_AGAIN), -EAGAIN);
	assert_int_equal(sg_cs_errno(CS_ERR_INVALID_PARAM), -EINVAL);
	assert_int_equal(sg_cs_errno(CS_ERR_NO_MEMORY), -ENOMEM);
	assert_int_equal(sg_cs_errno(CS_ERR_BAD_HANDLE), -EBADF);
	assert_int_equal(sg_cs_errno(CS_ERR_NAME_TOO_LONG), -ENAMETOOLONG);
	assert_int_equal(sg_cs_errno(CS_ERR_EXIST), -EEXIST);
	assert_int_equal(sg_cs_errno(CS_ERR_TOO_BIG), -E2BIG);
	assert_int_equal(sg_cs_errno(CS_ERR_TIMEOUT), -ETIMEDOUT);
	/* the local store's "not root's alone" (lib/kvlocal.c) */
	assert_int_equal(sg_cs_errno(CS_ERR_SECURITY), -EPERM);
}

static void test_cs_errno_unknown(void **state)
{
	static const int other[] = {
		CS_ERR_NOT_SUPPORTED, CS_ERR_NO_SPACE, CS_ERR_NO_RESOURCES,
		CS_ERR_MESSAGE_ERROR, CS_ERR_QUEUE_FULL, CS_ERR_CONTEXT_NOT_FOUND,
		CS_ERR_BAD_FLAGS, CS_ERR_FAILED_OPERATION, CS_ERR_INIT, CS_ERR_BUSY, CS_ERR_BAD_OPERATION,
		CS_ERR_INTERRUPT, CS_ERR_VERSION, CS_ERR_NAME_NOT_FOUND, CS_ERR_NO_SECTIONS,
		CS_ERR_QUEUE_NOT_AVAILABLE, CS_ERR_TOO_MANY_GROUPS,
		0, -1, 9999, 0x7fffffff,
	};

	(void)state;
	for (size_t i = 0; i < SG_ARRAY_SIZE(other); i++) {
		int rc = sg_cs_errno((cs_error_t)other[i]);

		if (rc != -EIO)
			fail_msg("sg_cs_errno(%d) = %d, want -EIO", other[i], rc);
	}
	/* every error is negative: never 0 for a failure */
	for (int e = 2; e < 200; e++)
		if (sg_cs_errno((cs_error_t)e) >= 0)
			fail_msg("sg_cs_errno(%d) = %d", e, sg_cs_errno((cs_error_t)e));
}

/* ------------------------------------------------- value text, SAM state */

static void test_value_text(void **state)
{
	char buf[32];
	uint8_t u8 = 200;
	uint16_t u16 = 65535;
	uint32_t u32 = 4000000000u;
	uint64_t u64 = UINT64_MAX;
	int32_t i32 = -5;
	int64_t i64 = 42;
	double d = 1.5;

	(void)state;
	assert_int_equal(sg_cmap_value_text(&u8, 1, CMAP_VALUETYPE_UINT8, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "200");
	assert_int_equal(sg_cmap_value_text(&u16, 2, CMAP_VALUETYPE_UINT16, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "65535");
	assert_int_equal(sg_cmap_value_text(&u32, 4, CMAP_VALUETYPE_UINT32, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "4000000000");
	assert_int_equal(sg_cmap_value_text(&u64, 8, CMAP_VALUETYPE_UINT64, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "18446744073709551615");
	/* negative numbers read as 0, as everywhere in samguard */
	assert_int_equal(sg_cmap_value_text(&i32, 4, CMAP_VALUETYPE_INT32, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "0");
	assert_int_equal(sg_cmap_value_text(&i64, 8, CMAP_VALUETYPE_INT64, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "42");
	/* strings end at their NUL or their length */
	assert_int_equal(sg_cmap_value_text("running", 8, CMAP_VALUETYPE_STRING, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "running");
	assert_int_equal(sg_cmap_value_text("runningXX", 7, CMAP_VALUETYPE_STRING, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "running");
	assert_int_equal(sg_cmap_value_text("", 0, CMAP_VALUETYPE_STRING, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_int_equal(sg_cmap_value_text("abcdef", 7, CMAP_VALUETYPE_STRING, buf, 4), -E2BIG);
	assert_string_equal(buf, "abc");
	assert_int_equal(sg_cmap_value_text(&u64, 8, CMAP_VALUETYPE_UINT64, buf, 5), -E2BIG);
	/* short values, floats and binary are refused */
	assert_int_equal(sg_cmap_value_text(&u64, 4, CMAP_VALUETYPE_UINT64, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(sg_cmap_value_text(&d, 8, CMAP_VALUETYPE_DOUBLE, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(sg_cmap_value_text("x", 1, CMAP_VALUETYPE_BINARY, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(sg_cmap_value_text("x", 1, CMAP_VALUETYPE_STRING, buf, 0), -E2BIG);
}

static void test_sam_state_apply(void **state)
{
	struct sg_sam_state st;

	(void)state;
	memset(&st, 0, sizeof(st));
	assert_int_equal(sg_sam_state_apply(&st, "state", "waiting for quorum"), 0);
	assert_string_equal(st.state, "waiting for quorum");
	assert_true(st.found);
	assert_int_equal(sg_sam_state_apply(&st, "recovery", "restart"), 0);
	assert_string_equal(st.recovery, "restart");
	assert_int_equal(sg_sam_state_apply(&st, "poll_period", "1000"), 0);
	assert_int_equal(st.poll_period_ms, 1000);
	assert_false(st.has_last_updated);
	assert_int_equal(sg_sam_state_apply(&st, "last_updated", "123456789"), 0);
	assert_true(st.has_last_updated);
	assert_true(st.last_updated_ns == 123456789);
	assert_int_equal(sg_sam_state_apply(&st, "poll_period", "-1"), -EINVAL);
	assert_int_equal(sg_sam_state_apply(&st, "last_updated", ""), -EINVAL);
	assert_int_equal(st.poll_period_ms, 1000);
	assert_int_equal(sg_sam_state_apply(&st, "bogus", "1"), -ENOENT);
	/* longer than the field: cut, terminated */
	assert_int_equal(sg_sam_state_apply(&st, "state", "a state string far longer than any SAM writes"), 0);
	assert_int_equal(strlen(st.state), sizeof(st.state) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_history_format),
		cmocka_unit_test(test_history_parse),
		cmocka_unit_test(test_history_parse_garbage),
		cmocka_unit_test(test_history_parse_max),
		cmocka_unit_test(test_history_round_trip),
		cmocka_unit_test(test_history_format_small_buffer),
		cmocka_unit_test(test_count_recent),
		cmocka_unit_test(test_count_recent_window_zero),
		cmocka_unit_test(test_count_recent_extremes),
		cmocka_unit_test(test_cmap_key),
		cmocka_unit_test(test_cs_errno),
		cmocka_unit_test(test_cs_errno_unknown),
		cmocka_unit_test(test_value_text),
		cmocka_unit_test(test_sam_state_apply),
	};

	return sg_run_tests("cmapstate", tests, NULL, NULL);
}
