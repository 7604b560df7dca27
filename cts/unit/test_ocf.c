/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_ocf.c - unit tests for lib/ocf.c: actions, exit codes, the
 * OCF_RESKEY_* environment and exit reasons.
 *
 * Build: cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Ilib \
 *        cts/unit/test_ocf.c lib/ocf.c lib/util.c lib/log.c -lcmocka
 */
#include "sg_test.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "ocf.h"

/* Every variable ocf.c reads (sg_test_env_reset clears log.c's too). */
static const char *const env_vars[] = {
	"OCF_RESKEY_CRM_meta_interval",
	"OCF_RESKEY_CRM_meta_timeout",
	"OCF_CHECK_LEVEL",
	"OCF_EXIT_REASON_PREFIX",
	"OCF_RESOURCE_INSTANCE",
	"OCF_RESKEY_test_param",
};

static void clean_env(void)
{
	SG_TEST_ENV_RESET("test_ocf", env_vars);
}

static int setup(void **state)
{
	(void)state;
	clean_env();
	return 0;
}

/* Log file of the tests of logged reasons, removed even when the test fails. */
static char log_path[64];

static int teardown(void **state)
{
	(void)state;
	if (log_path[0] != '\0') {
		unlink(log_path);
		log_path[0] = '\0';
	}
	clean_env();
	return 0;
}

/* ---------------------------------------------------------------- actions */

static void test_action_exact_names(void **state)
{
	(void)state;
	assert_int_equal(sg_ocf_action_parse("start"), SG_ACTION_START);
	assert_int_equal(sg_ocf_action_parse("stop"), SG_ACTION_STOP);
	assert_int_equal(sg_ocf_action_parse("monitor"), SG_ACTION_MONITOR);
	assert_int_equal(sg_ocf_action_parse("meta-data"), SG_ACTION_META_DATA);
	assert_int_equal(sg_ocf_action_parse("validate-all"), SG_ACTION_VALIDATE_ALL);
	assert_int_equal(sg_ocf_action_parse("reload-agent"), SG_ACTION_RELOAD_AGENT);
	assert_int_equal(sg_ocf_action_parse("usage"), SG_ACTION_USAGE);
	assert_int_equal(sg_ocf_action_parse("help"), SG_ACTION_USAGE);
	assert_int_equal(SG_ACTION_UNKNOWN, 0);
}

static void test_action_rejects_variants(void **state)
{
	static const char *const bad[] = {
		"", "star", "startx", "START", "Start", " start", "start ", "start\n", "sto",
		"stopp", "Stop", "monito", "monitors", "MONITOR", "meta", "meta-dat",
		"meta-datax", "meta_data", "metadata", "validate", "validate-al",
		"validate-all-x", "validate_all", "reload", "reload-agen", "reload_agent",
		"usag", "usages", "hel", "helpx", "HELP", "-h", "--help", "promote",
		"demote", "notify", "migrate_to", "migrate_from", "status", "s", "x",
	};

	(void)state;
	assert_int_equal(sg_ocf_action_parse(NULL), SG_ACTION_UNKNOWN);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		enum sg_ocf_action a = sg_ocf_action_parse(bad[i]);

		if (a != SG_ACTION_UNKNOWN)
			fail_msg("action_parse(\"%s\") = %d, want SG_ACTION_UNKNOWN", bad[i], (int)a);
	}
}

/* ------------------------------------------------------------- exit codes */

static void test_rc_names(void **state)
{
	(void)state;
	assert_string_equal(sg_ocf_rc_name(0), "OCF_SUCCESS");
	assert_string_equal(sg_ocf_rc_name(1), "OCF_ERR_GENERIC");
	assert_string_equal(sg_ocf_rc_name(2), "OCF_ERR_ARGS");
	assert_string_equal(sg_ocf_rc_name(3), "OCF_ERR_UNIMPLEMENTED");
	assert_string_equal(sg_ocf_rc_name(4), "OCF_ERR_PERM");
	assert_string_equal(sg_ocf_rc_name(5), "OCF_ERR_INSTALLED");
	assert_string_equal(sg_ocf_rc_name(6), "OCF_ERR_CONFIGURED");
	assert_string_equal(sg_ocf_rc_name(7), "OCF_NOT_RUNNING");
	assert_string_equal(sg_ocf_rc_name(8), "OCF_RUNNING_PROMOTED");
	assert_string_equal(sg_ocf_rc_name(9), "OCF_FAILED_PROMOTED");
	assert_string_equal(sg_ocf_rc_name(190), "OCF_DEGRADED");
	assert_string_equal(sg_ocf_rc_name(191), "OCF_DEGRADED_PROMOTED");
	/* the enum values are the OCF numbers */
	assert_int_equal(SG_OCF_NOT_RUNNING, 7);
	assert_int_equal(SG_OCF_ERR_CONFIGURED, 6);
	assert_int_equal(SG_OCF_DEGRADED, 190);
	assert_int_equal(SG_OCF_DEGRADED_PROMOTED, 191);
}

static void test_rc_names_unknown(void **state)
{
	static const int bad[] = { 10, 11, -1, -7, 189, 192, 193, 255, 256, 1000, INT_MIN, INT_MAX };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_string_equal(sg_ocf_rc_name(bad[i]), "unknown");
}

static void test_rc_is_valid(void **state)
{
	(void)state;
	for (int rc = -1000; rc <= 1000; rc++) {
		int want = (rc >= 0 && rc <= 9) || rc == 190 || rc == 191;

		if (!!sg_ocf_rc_is_valid(rc) != want)
			fail_msg("rc_is_valid(%d) = %d, want %d", rc, sg_ocf_rc_is_valid(rc), want);
		/* every valid code has a name, and only those */
		if (want != (strcmp(sg_ocf_rc_name(rc), "unknown") != 0))
			fail_msg("rc_name(%d) = \"%s\" disagrees with rc_is_valid", rc,
				 sg_ocf_rc_name(rc));
	}
	assert_true(sg_ocf_rc_is_valid(0));
	assert_true(sg_ocf_rc_is_valid(9));
	assert_true(sg_ocf_rc_is_valid(190));
	assert_true(sg_ocf_rc_is_valid(191));
	assert_false(sg_ocf_rc_is_valid(10));
	assert_false(sg_ocf_rc_is_valid(189));
	assert_false(sg_ocf_rc_is_valid(192));
	assert_false(sg_ocf_rc_is_valid(-1));
	assert_false(sg_ocf_rc_is_valid(INT_MIN));
	assert_false(sg_ocf_rc_is_valid(INT_MAX));
}

/* ------------------------------------------------------------ environment */

static void test_reskey(void **state)
{
	(void)state;
	assert_null(sg_ocf_reskey("test_param"));
	setenv("OCF_RESKEY_test_param", "", 1);
	assert_null(sg_ocf_reskey("test_param"));
	setenv("OCF_RESKEY_test_param", "value", 1);
	assert_string_equal(sg_ocf_reskey("test_param"), "value");
	setenv("OCF_RESKEY_test_param", " spaced  value\n", 1);
	assert_string_equal(sg_ocf_reskey("test_param"), " spaced  value\n");
	setenv("OCF_RESKEY_test_param", "0", 1);
	assert_string_equal(sg_ocf_reskey("test_param"), "0");
	/* exact name: no prefix match, case sensitive */
	assert_null(sg_ocf_reskey("test_para"));
	assert_null(sg_ocf_reskey("test_param2"));
	assert_null(sg_ocf_reskey("TEST_PARAM"));
	unsetenv("OCF_RESKEY_test_param");
	assert_null(sg_ocf_reskey("test_param"));
}

static char *make_name(size_t len)
{
	char *n = malloc(len + 1);

	assert_non_null(n);
	for (size_t i = 0; i < len; i++)
		n[i] = (char)('a' + i % 26);
	n[len] = '\0';
	return n;
}

static void test_reskey_long_names(void **state)
{
	static const size_t lens[] = { 32, 64, 100, 116 };
	char var[512];

	(void)state;
	/* names up to 116 bytes ("OCF_RESKEY_" + name fits in 128) work */
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		char *name = make_name(lens[i]);

		snprintf(var, sizeof(var), "OCF_RESKEY_%s", name);
		assert_null(sg_ocf_reskey(name));
		setenv(var, "long", 1);
		assert_non_null(sg_ocf_reskey(name));
		assert_string_equal(sg_ocf_reskey(name), "long");
		unsetenv(var);
		assert_null(sg_ocf_reskey(name));
		free(name);
	}
	/* very long unset names: no crash, NULL */
	{
		char *name = make_name(4000);

		assert_null(sg_ocf_reskey(name));
		free(name);
	}
}

/* BUG: sg_ocf_reskey() builds the variable name in a 128-byte buffer and
 * returns NULL ("unset") for any name longer than 116 bytes, even when the
 * variable is set. ocf.h promises the value "or NULL when unset". */
static void test_reskey_longer_than_buffer(void **state)
{
	char *name = make_name(117), var[512];

	(void)state;
	snprintf(var, sizeof(var), "OCF_RESKEY_%s", name);
	setenv(var, "set", 1);
	if (sg_ocf_reskey(name) == NULL) {
		unsetenv(var);
		free(name);
		fail_msg("OCF_RESKEY_<117-byte name> is set but sg_ocf_reskey() returned NULL");
	}
	unsetenv(var);
	free(name);
}

static void test_instance(void **state)
{
	(void)state;
	assert_null(sg_ocf_instance());
	setenv("OCF_RESOURCE_INSTANCE", "", 1);
	assert_null(sg_ocf_instance());
	setenv("OCF_RESOURCE_INSTANCE", "web:0", 1);
	assert_string_equal(sg_ocf_instance(), "web:0");
}

static void check_probe(int line, const char *interval, int want)
{
	int got;

	if (interval)
		setenv("OCF_RESKEY_CRM_meta_interval", interval, 1);
	else
		unsetenv("OCF_RESKEY_CRM_meta_interval");
	got = sg_ocf_is_probe();
	if (!!got != want)
		fail_msg("line %d: interval \"%s\": is_probe = %d, want %d", line,
			 interval ? interval : "(unset)", got, want);
}

static void test_is_probe(void **state)
{
	(void)state;
	/* unset is a probe, as with ocf-shellfuncs (which sets it to 0 first)
	 * and ocf.py; "" as with ocf.py */
	check_probe(__LINE__, NULL, 1);
	check_probe(__LINE__, "", 1);
	check_probe(__LINE__, "0", 1);
	check_probe(__LINE__, "10000", 0);
	check_probe(__LINE__, "1", 0);
	check_probe(__LINE__, "60000", 0);
	check_probe(__LINE__, "18446744073709551615", 0);
	/* garbage is not a probe */
	check_probe(__LINE__, "abc", 0);
	check_probe(__LINE__, "-1", 0);
	check_probe(__LINE__, "-0", 0);
	check_probe(__LINE__, " 0", 0);
	check_probe(__LINE__, "0 ", 0);
	check_probe(__LINE__, "0x0", 0);
	check_probe(__LINE__, "10s", 0);
	check_probe(__LINE__, "18446744073709551616", 0);
	/* and back */
	check_probe(__LINE__, NULL, 1);
}

static void check_timeout(int line, const char *timeout, unsigned int dflt, unsigned int want)
{
	unsigned int got;

	if (timeout)
		setenv("OCF_RESKEY_CRM_meta_timeout", timeout, 1);
	else
		unsetenv("OCF_RESKEY_CRM_meta_timeout");
	got = sg_ocf_timeout_ms(dflt);
	if (got != want)
		fail_msg("line %d: timeout \"%s\" (default %u) = %u, want %u", line,
			 timeout ? timeout : "(unset)", dflt, got, want);
}

static void test_timeout_ms(void **state)
{
	(void)state;
	check_timeout(__LINE__, NULL, 20000, 20000);
	check_timeout(__LINE__, NULL, 0, 0);
	check_timeout(__LINE__, NULL, UINT_MAX, UINT_MAX);
	check_timeout(__LINE__, "", 20000, 20000);
	check_timeout(__LINE__, "30000", 20000, 30000);
	check_timeout(__LINE__, "1", 20000, 1);
	check_timeout(__LINE__, "86400000", 20000, 86400000);
	/* 0 and out-of-range values fall back to the default */
	check_timeout(__LINE__, "0", 20000, 20000);
	check_timeout(__LINE__, "86400001", 20000, 20000);
	check_timeout(__LINE__, "4294967296", 20000, 20000);
	check_timeout(__LINE__, "18446744073709551616", 20000, 20000);
	/* garbage falls back to the default */
	check_timeout(__LINE__, "abc", 20000, 20000);
	check_timeout(__LINE__, "-1", 20000, 20000);
	check_timeout(__LINE__, "30s", 20000, 20000);
	check_timeout(__LINE__, " 30000", 20000, 20000);
	check_timeout(__LINE__, "30000 ", 20000, 20000);
	check_timeout(__LINE__, "3e4", 20000, 20000);
	check_timeout(__LINE__, "0x7530", 20000, 20000);
	/* the default is returned unchanged, whatever it is */
	check_timeout(__LINE__, "garbage", 0, 0);
	check_timeout(__LINE__, "0", 123456789, 123456789);
}

static void check_level(int line, const char *v, int want)
{
	int got;

	if (v)
		setenv("OCF_CHECK_LEVEL", v, 1);
	else
		unsetenv("OCF_CHECK_LEVEL");
	got = sg_ocf_check_level();
	if (got != want)
		fail_msg("line %d: OCF_CHECK_LEVEL \"%s\" = %d, want %d", line, v ? v : "(unset)", got,
			 want);
}

static void test_check_level(void **state)
{
	(void)state;
	check_level(__LINE__, NULL, 0);
	check_level(__LINE__, "", 0);
	check_level(__LINE__, "0", 0);
	check_level(__LINE__, "1", 1);
	check_level(__LINE__, "10", 10);
	check_level(__LINE__, "20", 20);
	check_level(__LINE__, "1000", 1000);
	check_level(__LINE__, "1001", 0);
	check_level(__LINE__, "4294967306", 0);
	check_level(__LINE__, "-10", 0);
	check_level(__LINE__, "abc", 0);
	check_level(__LINE__, " 10", 0);
	check_level(__LINE__, "10 ", 0);
	check_level(__LINE__, "1e1", 0);
	check_level(__LINE__, NULL, 0);
}

/* ----------------------------------------------------------- exit reasons */

static void test_reason_format_plain(void **state)
{
	char buf[256];

	(void)state;
	memset(buf, 'X', sizeof(buf));
	sg_ocf_reason_format(buf, sizeof(buf), "process web exited with status 3");
	assert_string_equal(buf, "process web exited with status 3");
	sg_ocf_reason_format(buf, sizeof(buf), "");
	assert_string_equal(buf, "");
	/* '%' is not interpreted */
	sg_ocf_reason_format(buf, sizeof(buf), "100%s %d %n");
	assert_string_equal(buf, "100%s %d %n");
}

static void test_reason_format_one_line(void **state)
{
	char buf[256];

	(void)state;
	sg_ocf_reason_format(buf, sizeof(buf), "a\nb\tc\rd");
	assert_string_equal(buf, "a b c d");
	sg_ocf_reason_format(buf, sizeof(buf), "\n\n\t\r\n");
	assert_string_equal(buf, "     ");
	sg_ocf_reason_format(buf, sizeof(buf), "line one\nline two\n");
	assert_string_equal(buf, "line one line two ");
	assert_null(strchr(buf, '\n'));
}

/* A character that ends exactly at the limit stays (it was dropped);
 * bytes that are not UTF-8 never reach Pacemaker's CIB as they are. */
static void test_reason_format_utf8_at_the_limit_and_invalid_bytes(void **state)
{
	char text[SG_OCF_REASON_MAX + 16], buf[SG_OCF_REASON_MAX + 1];

	(void)state;
	memset(text, 'A', SG_OCF_REASON_MAX - 2);
	memcpy(text + SG_OCF_REASON_MAX - 2, "\xc3\xa9" "tail", 7);
	sg_ocf_reason_format(buf, sizeof(buf), text);
	assert_int_equal(strlen(buf), SG_OCF_REASON_MAX);
	assert_memory_equal(buf + SG_OCF_REASON_MAX - 2, "\xc3\xa9", 2);
	/* one byte later it no longer fits: it goes whole */
	memset(text, 'A', SG_OCF_REASON_MAX - 1);
	memcpy(text + SG_OCF_REASON_MAX - 1, "\xc3\xa9" "tail", 7);
	sg_ocf_reason_format(buf, sizeof(buf), text);
	assert_int_equal(strlen(buf), SG_OCF_REASON_MAX - 1);
	sg_ocf_reason_format(buf, sizeof(buf), "STATUS=\xff\xfe" "bad");
	assert_string_equal(buf, "STATUS=??bad");
}

static void test_reason_format_cut(void **state)
{
	char text[600], buf[600], want[SG_OCF_REASON_MAX + 1];

	(void)state;
	for (size_t i = 0; i < sizeof(text) - 1; i++)
		text[i] = (char)('A' + i % 26);
	text[sizeof(text) - 1] = '\0';
	memcpy(want, text, SG_OCF_REASON_MAX);
	want[SG_OCF_REASON_MAX] = '\0';

	/* longer than 128: cut at exactly 128 characters */
	memset(buf, 'X', sizeof(buf));
	sg_ocf_reason_format(buf, sizeof(buf), text);
	assert_int_equal(strlen(buf), SG_OCF_REASON_MAX);
	assert_string_equal(buf, want);
	assert_int_equal(buf[SG_OCF_REASON_MAX + 1], 'X');

	/* exactly 128: kept whole */
	text[SG_OCF_REASON_MAX] = '\0';
	sg_ocf_reason_format(buf, sizeof(buf), text);
	assert_string_equal(buf, want);

	/* 127 and 129 */
	text[SG_OCF_REASON_MAX - 1] = '\0';
	sg_ocf_reason_format(buf, sizeof(buf), text);
	assert_int_equal(strlen(buf), SG_OCF_REASON_MAX - 1);
	text[SG_OCF_REASON_MAX - 1] = want[SG_OCF_REASON_MAX - 1];
	text[SG_OCF_REASON_MAX] = 'Z';
	text[SG_OCF_REASON_MAX + 1] = '\0';
	sg_ocf_reason_format(buf, sizeof(buf), text);
	assert_string_equal(buf, want);

	/* newlines past the cut do not matter, before it they become spaces */
	memset(text, 'n', 200);
	text[200] = '\0';
	text[0] = '\n';
	text[127] = '\n';
	text[128] = '\n';
	sg_ocf_reason_format(buf, sizeof(buf), text);
	assert_int_equal(strlen(buf), SG_OCF_REASON_MAX);
	assert_int_equal(buf[0], ' ');
	assert_int_equal(buf[127], ' ');
	assert_null(strchr(buf, '\n'));
}

static void test_reason_format_small_buffers(void **state)
{
	char buf[SG_OCF_REASON_MAX + 16];
	const char *text = "0123456789abcdefghij";

	(void)state;
	/* n = 1..21: n - 1 characters plus the terminator, nothing past n */
	for (unsigned int n = 1; n <= 21; n++) {
		memset(buf, 'X', sizeof(buf));
		sg_ocf_reason_format(buf, n, text);
		assert_int_equal(strlen(buf), n - 1);
		assert_memory_equal(buf, text, n - 1);
		for (size_t i = n; i < sizeof(buf); i++)
			assert_int_equal(buf[i], 'X');
	}
	/* larger buffers: whole text */
	sg_ocf_reason_format(buf, 22, text);
	assert_string_equal(buf, text);

	/* a buffer of exactly SG_OCF_REASON_MAX + 1 holds a full reason */
	{
		char big[300], out[SG_OCF_REASON_MAX + 1];

		memset(big, 'q', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		sg_ocf_reason_format(out, sizeof(out), big);
		assert_int_equal(strlen(out), SG_OCF_REASON_MAX);
		/* one byte less: 127 characters */
		memset(buf, 'X', sizeof(buf));
		sg_ocf_reason_format(buf, SG_OCF_REASON_MAX, big);
		assert_int_equal(strlen(buf), SG_OCF_REASON_MAX - 1);
		assert_int_equal(buf[SG_OCF_REASON_MAX], 'X');
	}
}

/* BUG: with n == 0, "n - 1" wraps to UINT_MAX, so the function writes up to
 * SG_OCF_REASON_MAX + 1 bytes into a buffer it was told has none. */
static void test_reason_format_zero_size(void **state)
{
	char buf[SG_OCF_REASON_MAX + 16];

	(void)state;
	memset(buf, 'X', sizeof(buf));
	sg_ocf_reason_format(buf, 0, "abc");
	for (size_t i = 0; i < sizeof(buf); i++)
		if (buf[i] != 'X')
			fail_msg("reason_format(buf, 0, \"abc\") wrote buf[%zu] = 0x%02x", i,
				 (unsigned char)buf[i]);
}

/* Capture what fd 2 receives between capture_begin() and capture_end(). */
struct capture {
	FILE *tmp;
	int saved_fd;
};

static void capture_begin(struct capture *c)
{
	fflush(stderr);
	c->tmp = tmpfile();
	assert_non_null(c->tmp);
	c->saved_fd = dup(STDERR_FILENO);
	assert_true(c->saved_fd >= 0);
	assert_true(dup2(fileno(c->tmp), STDERR_FILENO) == STDERR_FILENO);
}

/* Restore stderr and return what was written (malloc'ed). */
static char *capture_end(struct capture *c)
{
	char *out;
	long len;

	fflush(stderr);
	dup2(c->saved_fd, STDERR_FILENO);
	close(c->saved_fd);
	fseek(c->tmp, 0, SEEK_END);
	len = ftell(c->tmp);
	assert_true(len >= 0);
	rewind(c->tmp);
	out = malloc((size_t)len + 1);
	assert_non_null(out);
	assert_int_equal(fread(out, 1, (size_t)len, c->tmp), (size_t)len);
	out[len] = '\0';
	fclose(c->tmp);
	return out;
}

/* Check out is exactly one line, equal to want + "\n", and free it. */
static void check_one_line(char *out, const char *want)
{
	size_t wl = strlen(want);
	int ok = strlen(out) == wl + 1 && memcmp(out, want, wl) == 0 && out[wl] == '\n';

	if (!ok) {
		print_error("stderr was \"%s\"\nwant       \"%s\\n\"\n", out, want);
		free(out);
		fail();
	}
	free(out);
}

static void test_exit_reason_default_prefix(void **state)
{
	struct capture c;

	(void)state;
	capture_begin(&c);
	sg_ocf_exit_reason("process %s exited with status %d", "web", 3);
	check_one_line(capture_end(&c), "ocf-exit-reason:process web exited with status 3");

	capture_begin(&c);
	sg_ocf_exit_reason("plain");
	check_one_line(capture_end(&c), "ocf-exit-reason:plain");

	/* '%' in an argument is printed as is */
	capture_begin(&c);
	sg_ocf_exit_reason("%s", "100%d done %s");
	check_one_line(capture_end(&c), "ocf-exit-reason:100%d done %s");

	/* empty text: still one line */
	capture_begin(&c);
	sg_ocf_exit_reason("%s", "");
	check_one_line(capture_end(&c), "ocf-exit-reason:");
}

static void test_exit_reason_one_line(void **state)
{
	struct capture c;

	(void)state;
	capture_begin(&c);
	sg_ocf_exit_reason("first\nsecond\tthird\r\nfourth\n");
	check_one_line(capture_end(&c), "ocf-exit-reason:first second third  fourth ");

	capture_begin(&c);
	sg_ocf_exit_reason("%s", "\n");
	check_one_line(capture_end(&c), "ocf-exit-reason: ");
}

static void test_exit_reason_cut(void **state)
{
	char text[1000], want[200];
	struct capture c;

	(void)state;
	memset(text, 'r', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	text[SG_OCF_REASON_MAX - 1] = 'E';
	snprintf(want, sizeof(want), "ocf-exit-reason:%.*s", SG_OCF_REASON_MAX, text);
	assert_int_equal(strlen(want), strlen("ocf-exit-reason:") + SG_OCF_REASON_MAX);

	capture_begin(&c);
	sg_ocf_exit_reason("%s", text);
	check_one_line(capture_end(&c), want);

	/* the cut applies to the formatted text, not to fmt */
	capture_begin(&c);
	sg_ocf_exit_reason("%s%s", text + 500, text + 500);
	snprintf(want, sizeof(want), "ocf-exit-reason:%.*s", SG_OCF_REASON_MAX, text + 500);
	check_one_line(capture_end(&c), want);
}

static void test_exit_reason_prefix(void **state)
{
	struct capture c;

	(void)state;
	setenv("OCF_EXIT_REASON_PREFIX", "custom-cookie:", 1);
	capture_begin(&c);
	sg_ocf_exit_reason("bad %s", "config");
	check_one_line(capture_end(&c), "custom-cookie:bad config");

	setenv("OCF_EXIT_REASON_PREFIX", ">>", 1);
	capture_begin(&c);
	sg_ocf_exit_reason("x");
	check_one_line(capture_end(&c), ">>x");

	/* empty prefix: the default */
	setenv("OCF_EXIT_REASON_PREFIX", "", 1);
	capture_begin(&c);
	sg_ocf_exit_reason("y");
	check_one_line(capture_end(&c), "ocf-exit-reason:y");

	unsetenv("OCF_EXIT_REASON_PREFIX");
	capture_begin(&c);
	sg_ocf_exit_reason("z");
	check_one_line(capture_end(&c), "ocf-exit-reason:z");
}

/* Log to a new temporary HA_LOGFILE (log_path), as test_ocf(instance). */
static void log_to_temp_file(const char *instance)
{
	int fd;

	snprintf(log_path, sizeof(log_path), "/tmp/test_ocf_log.XXXXXX");
	fd = mkstemp(log_path);
	assert_true(fd >= 0);
	close(fd);
	setenv("HA_LOGFILE", log_path, 1);
	sg_log_init("test_ocf", instance, 0);
}

/* What was logged to log_path, NUL-terminated in buf; its length. */
static size_t read_log(char *buf, size_t size)
{
	FILE *f = fopen(log_path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
	return n;
}

/* The reason is also logged at error level (to HA_LOGFILE here). */
static void test_exit_reason_logged(void **state)
{
	char buf[4096];
	struct capture c;
	size_t n;

	(void)state;
	log_to_temp_file("rsc1");

	capture_begin(&c);
	sg_ocf_exit_reason("lost\nquorum %d", 7);
	check_one_line(capture_end(&c), "ocf-exit-reason:lost quorum 7");

	n = read_log(buf, sizeof(buf));

	/* the reason, at error level */
	assert_contains(buf, "test_ocf(rsc1)[");
	assert_contains(buf, ": error: lost quorum 7\n");
	/* exactly one line logged */
	assert_ptr_equal(strchr(buf, '\n'), buf + n - 1);
}

/* OCF_DEGRADED's reason is the same line on stderr as an exit reason:
 * same prefix, one line, same cut. */
static void test_degraded_reason_line(void **state)
{
	char text[300], want[200];
	struct capture c;

	(void)state;
	capture_begin(&c);
	sg_ocf_degraded_reason("restarted %d times in %ds", 3, 60);
	check_one_line(capture_end(&c), "ocf-exit-reason:restarted 3 times in 60s");

	capture_begin(&c);
	sg_ocf_degraded_reason("quorum\ndistrusted\t%s", "(two_node)");
	check_one_line(capture_end(&c), "ocf-exit-reason:quorum distrusted (two_node)");

	memset(text, 'd', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	snprintf(want, sizeof(want), "ocf-exit-reason:%.*s", SG_OCF_REASON_MAX, text);
	capture_begin(&c);
	sg_ocf_degraded_reason("%s", text);
	check_one_line(capture_end(&c), want);

	setenv("OCF_EXIT_REASON_PREFIX", "cookie:", 1);
	capture_begin(&c);
	sg_ocf_degraded_reason("flapping");
	check_one_line(capture_end(&c), "cookie:flapping");
}

/* Nothing failed yet: the reason is logged as a warning, not an error. */
static void test_degraded_reason_logged_as_warning(void **state)
{
	char buf[4096];
	struct capture c;
	size_t n;

	(void)state;
	log_to_temp_file("rsc2");

	capture_begin(&c);
	sg_ocf_degraded_reason("flapping:\n%d restarts", 2);
	check_one_line(capture_end(&c), "ocf-exit-reason:flapping: 2 restarts");

	n = read_log(buf, sizeof(buf));
	assert_contains(buf, "test_ocf(rsc2)[");
	assert_contains(buf, ": warning: flapping: 2 restarts\n");
	assert_lacks(buf, ": error:");
	assert_ptr_equal(strchr(buf, '\n'), buf + n - 1);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_action_exact_names),
		T(test_action_rejects_variants),
		T(test_rc_names),
		T(test_rc_names_unknown),
		T(test_rc_is_valid),
		T(test_reskey),
		T(test_reskey_long_names),
		T(test_reskey_longer_than_buffer),
		T(test_instance),
		T(test_is_probe),
		T(test_timeout_ms),
		T(test_check_level),
		T(test_reason_format_plain),
		T(test_reason_format_one_line),
		T(test_reason_format_cut),
		T(test_reason_format_utf8_at_the_limit_and_invalid_bytes),
		T(test_reason_format_small_buffers),
		T(test_reason_format_zero_size),
		T(test_exit_reason_default_prefix),
		T(test_exit_reason_one_line),
		T(test_exit_reason_cut),
		T(test_exit_reason_prefix),
		T(test_exit_reason_logged),
		T(test_degraded_reason_line),
		T(test_degraded_reason_logged_as_warning),
	};
#undef T

	return sg_run_tests("ocf", tests, NULL, NULL);
}
