/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_argv.c - unit tests for lib/argv.c: sg_argv_split, sg_argv_free,
 * sg_argv_strerror, against the quoting rules documented in argv.h.
 *
 * Build: cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Ilib \
 *        cts/unit/test_argv.c lib/argv.c -lcmocka */
#include "sg_test.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"

#define END ((const char *)NULL)

/* Split s and compare with the NULL-terminated list of expected words;
 * also checks argc, the NULL terminator, and frees the vector. */
static void check_split_(int line, const char *s, const char *const *want)
{
	char **argv = NULL;
	int argc = -1, n = 0, rc;

	while (want[n])
		n++;
	rc = sg_argv_split(s, &argv, &argc);
	if (rc != 0)
		fail_msg("line %d: split(\"%s\") = %d, want 0", line, s ? s : "(NULL)", rc);
	if (argv == NULL)
		fail_msg("line %d: split(\"%s\") gave a NULL vector", line, s ? s : "(NULL)");
	if (argc != n) {
		for (int i = 0; i < argc && argv[i]; i++)
			print_error("  argv[%d] = \"%s\"\n", i, argv[i]);
		sg_argv_free(argv);
		fail_msg("line %d: split(\"%s\") gave argc %d, want %d", line, s ? s : "(NULL)", argc,
			 n);
	}
	for (int i = 0; i < n; i++) {
		if (argv[i] == NULL || strcmp(argv[i], want[i]) != 0) {
			print_error("line %d: split(\"%s\"): argv[%d] = \"%s\", want \"%s\"\n", line, s, i,
				    argv[i] ? argv[i] : "(NULL)", want[i]);
			sg_argv_free(argv);
			fail();
		}
	}
	if (argv[n] != NULL) {
		sg_argv_free(argv);
		fail_msg("line %d: split(\"%s\"): vector not NULL-terminated", line, s ? s : "(NULL)");
	}
	sg_argv_free(argv);
}

#define SPLIT(s, ...)                                                      \
	do {                                                                   \
		const char *const want_[] = { __VA_ARGS__ };                       \
		check_split_(__LINE__, (s), want_);                                \
	} while (0)

static void check_error_(int line, const char *s, int want_rc)
{
	char **argv = NULL;
	int argc = -1, rc = sg_argv_split(s, &argv, &argc);

	if (rc != want_rc) {
		if (rc == 0)
			sg_argv_free(argv);
		fail_msg("line %d: split(\"%s\") = %d, want %d", line, s, rc, want_rc);
	}
}

#define SPLIT_ERR(s, e) check_error_(__LINE__, (s), (e))

static void test_blanks(void **state)
{
	(void)state;
	SPLIT("a", "a", END);
	SPLIT("a b c", "a", "b", "c", END);
	SPLIT("  a   b  ", "a", "b", END);
	SPLIT("/usr/bin/prog --flag=1 -x", "/usr/bin/prog", "--flag=1", "-x", END);
	SPLIT("one\ttwo", "one", "two", END);
	SPLIT("one\ntwo", "one", "two", END);
	SPLIT(" \t\n one \n\t two \t\n ", "one", "two", END);
	SPLIT("a\t\t\tb\n\n\nc", "a", "b", "c", END);
}

static void test_null_and_blank(void **state)
{
	static const char *const blanks[] = { NULL, "", " ", "   ", "\t", "\n", " \t\n \t\n" };

	(void)state;
	for (size_t i = 0; i < sizeof(blanks) / sizeof(blanks[0]); i++) {
		char **argv = NULL;
		int argc = -1;

		assert_int_equal(sg_argv_split(blanks[i], &argv, &argc), 0);
		assert_int_equal(argc, 0);
		assert_non_null(argv);
		assert_null(argv[0]);
		sg_argv_free(argv);
	}
}

static void test_single_quotes(void **state)
{
	(void)state;
	SPLIT("'a b'", "a b", END);
	SPLIT("x 'a b' y", "x", "a b", "y", END);
	SPLIT("'  lots   of   blanks  '", "  lots   of   blanks  ", END);
	SPLIT("'tab\there'", "tab\there", END);
	SPLIT("'new\nline'", "new\nline", END);
	SPLIT("'\"'", "\"", END);
	SPLIT("'a\"b\"c'", "a\"b\"c", END);
	/* backslashes are literal inside single quotes */
	SPLIT("'a\\b'", "a\\b", END);
	SPLIT("'\\'", "\\", END);
	SPLIT("'\\\\'", "\\\\", END);
	SPLIT("'a\\nb'", "a\\nb", END);
	SPLIT("'it'\\''s'", "it's", END);
}

static void test_double_quotes(void **state)
{
	(void)state;
	SPLIT("\"a b\"", "a b", END);
	SPLIT("x \"a b\" y", "x", "a b", "y", END);
	SPLIT("\"tab\there\"", "tab\there", END);
	SPLIT("\"new\nline\"", "new\nline", END);
	SPLIT("\"'\"", "'", END);
	SPLIT("\"it's\"", "it's", END);
	/* \" and \\ are the only escapes */
	SPLIT("\"a\\\"b\"", "a\"b", END);
	SPLIT("\"\\\"\"", "\"", END);
	SPLIT("\"a\\\\b\"", "a\\b", END);
	SPLIT("\"\\\\\"", "\\", END);
	SPLIT("\"\\\\\\\"\"", "\\\"", END);
	SPLIT("\"say \\\"hi\\\" now\"", "say \"hi\" now", END);
	/* any other backslash is kept with the character after it */
	SPLIT("\"a\\nb\"", "a\\nb", END);
	SPLIT("\"\\t\"", "\\t", END);
	SPLIT("\"\\$HOME\"", "\\$HOME", END);
	SPLIT("\"\\'\"", "\\'", END);
	SPLIT("\"a\\ b\"", "a\\ b", END);
	SPLIT("\"\\x\\y\"", "\\x\\y", END);
}

static void test_backslash_outside_quotes(void **state)
{
	(void)state;
	SPLIT("a\\ b", "a b", END);
	SPLIT("\\ ", " ", END);
	SPLIT("\\'", "'", END);
	SPLIT("\\\"", "\"", END);
	SPLIT("\\\\", "\\", END);
	SPLIT("a\\\\b", "a\\b", END);
	SPLIT("\\n", "n", END);
	SPLIT("\\a\\b\\c", "abc", END);
	SPLIT("\\$HOME", "$HOME", END);
	SPLIT("a\\\tb", "a\tb", END);
	SPLIT("a\\\nb", "a\nb", END);
	SPLIT("x \\  y", "x", " ", "y", END);
	SPLIT("\\'a b\\'", "'a", "b'", END);
}

static void test_empty_arguments(void **state)
{
	(void)state;
	SPLIT("''", "", END);
	SPLIT("\"\"", "", END);
	SPLIT("'' \"\"", "", "", END);
	SPLIT("a '' b", "a", "", "b", END);
	SPLIT("a \"\" b", "a", "", "b", END);
	SPLIT("  ''  ", "", END);
	SPLIT("''''", "", END);
	SPLIT("''\"\"", "", END);
	SPLIT("--opt=''", "--opt=", END);
}

static void test_adjacent_parts_concatenate(void **state)
{
	(void)state;
	SPLIT("a'b'\"c\"", "abc", END);
	SPLIT("'a'\"b\"c", "abc", END);
	SPLIT("\"a\"'b'c\\ d", "abc d", END);
	SPLIT("--name='web server'", "--name=web server", END);
	SPLIT("pre\"fix mid\"post", "prefix midpost", END);
	SPLIT("a'' b", "a", "b", END);
	SPLIT("x'y'z 1\"2\"3", "xyz", "123", END);
}

static void test_no_expansion(void **state)
{
	(void)state;
	SPLIT("$HOME", "$HOME", END);
	SPLIT("${HOME} $(id)", "${HOME}", "$(id)", END);
	SPLIT("*", "*", END);
	SPLIT("*.c ?.h [ab]", "*.c", "?.h", "[ab]", END);
	SPLIT("~", "~", END);
	SPLIT("~/x", "~/x", END);
	SPLIT("a;b", "a;b", END);
	SPLIT("a ; b", "a", ";", "b", END);
	SPLIT("a|b", "a|b", END);
	SPLIT("a | b", "a", "|", "b", END);
	SPLIT("a&&b &", "a&&b", "&", END);
	SPLIT("a>b < c >> d 2>&1", "a>b", "<", "c", ">>", "d", "2>&1", END);
	SPLIT("`x`", "`x`", END);
	SPLIT("`rm -rf /`", "`rm", "-rf", "/`", END);
	SPLIT("\"$HOME\"", "$HOME", END);
	SPLIT("'$HOME'", "$HOME", END);
	SPLIT("# comment", "#", "comment", END);
	SPLIT("a=b", "a=b", END);
	SPLIT("{a,b}", "{a,b}", END);
	SPLIT("!!", "!!", END);
}

static void test_unterminated(void **state)
{
	(void)state;
	SPLIT_ERR("'", -EINVAL);
	SPLIT_ERR("'abc", -EINVAL);
	SPLIT_ERR("a 'b c", -EINVAL);
	SPLIT_ERR("\"", -EINVAL);
	SPLIT_ERR("\"abc", -EINVAL);
	SPLIT_ERR("a \"b c", -EINVAL);
	/* the closing quote is escaped */
	SPLIT_ERR("\"abc\\\"", -EINVAL);
	SPLIT_ERR("\"\\\"", -EINVAL);
	SPLIT_ERR("'a'\"", -EINVAL);
	SPLIT_ERR("'''", -EINVAL);
	SPLIT_ERR("\"\"\"", -EINVAL);
	/* the other quote does not close it */
	SPLIT_ERR("'abc\"", -EINVAL);
	SPLIT_ERR("\"abc'", -EINVAL);
	/* an error after good words still fails as a whole */
	SPLIT_ERR("a b c d e 'f", -EINVAL);
}

static void test_trailing_backslash(void **state)
{
	(void)state;
	SPLIT_ERR("\\", -EINVAL);
	SPLIT_ERR("abc\\", -EINVAL);
	SPLIT_ERR("a b \\", -EINVAL);
	SPLIT_ERR("a\\\\\\", -EINVAL);
	/* an escaped backslash at the end is fine */
	SPLIT("abc\\\\", "abc\\", END);
	/* a backslash before a trailing blank escapes the blank */
	SPLIT("abc\\ ", "abc ", END);
}

static char *repeat_words(int n, const char *word)
{
	size_t wl = strlen(word);
	char *s = malloc((size_t)n * (wl + 1) + 1), *p = s;

	assert_non_null(s);
	for (int i = 0; i < n; i++) {
		memcpy(p, word, wl);
		p += wl;
		*p++ = ' ';
	}
	*p = '\0';
	return s;
}

static void test_word_count_limit(void **state)
{
	char **argv = NULL, *s;
	int argc = -1;

	(void)state;
	/* 256 words: accepted */
	s = repeat_words(SG_ARGV_MAX_ARGS, "w");
	assert_int_equal(sg_argv_split(s, &argv, &argc), 0);
	assert_int_equal(argc, SG_ARGV_MAX_ARGS);
	for (int i = 0; i < argc; i++)
		assert_string_equal(argv[i], "w");
	assert_null(argv[SG_ARGV_MAX_ARGS]);
	sg_argv_free(argv);
	free(s);

	/* 257 words: -E2BIG, and nothing leaks (checked by valgrind/ASan) */
	s = repeat_words(SG_ARGV_MAX_ARGS + 1, "w");
	assert_int_equal(sg_argv_split(s, &argv, &argc), -E2BIG);
	free(s);

	/* 257 empty words counts too */
	s = repeat_words(SG_ARGV_MAX_ARGS + 1, "''");
	assert_int_equal(sg_argv_split(s, &argv, &argc), -E2BIG);
	free(s);
	s = repeat_words(SG_ARGV_MAX_ARGS, "''");
	assert_int_equal(sg_argv_split(s, &argv, &argc), 0);
	assert_int_equal(argc, SG_ARGV_MAX_ARGS);
	assert_string_equal(argv[SG_ARGV_MAX_ARGS - 1], "");
	assert_null(argv[SG_ARGV_MAX_ARGS]);
	sg_argv_free(argv);
	free(s);
}

static void test_length_limit(void **state)
{
	char *s = malloc(SG_ARGV_MAX_LEN + 2);
	char **argv = NULL;
	int argc = -1;

	(void)state;
	assert_non_null(s);
	/* exactly SG_ARGV_MAX_LEN bytes: one long word, accepted */
	memset(s, 'x', SG_ARGV_MAX_LEN);
	s[SG_ARGV_MAX_LEN] = '\0';
	assert_int_equal(sg_argv_split(s, &argv, &argc), 0);
	assert_int_equal(argc, 1);
	assert_int_equal(strlen(argv[0]), SG_ARGV_MAX_LEN);
	assert_null(argv[1]);
	sg_argv_free(argv);

	/* one more byte: -E2BIG, even when it is only blanks */
	memset(s, 'x', SG_ARGV_MAX_LEN + 1);
	s[SG_ARGV_MAX_LEN + 1] = '\0';
	assert_int_equal(sg_argv_split(s, &argv, &argc), -E2BIG);
	memset(s, ' ', SG_ARGV_MAX_LEN + 1);
	assert_int_equal(sg_argv_split(s, &argv, &argc), -E2BIG);
	free(s);
}

static void test_free_null(void **state)
{
	(void)state;
	sg_argv_free(NULL);
}

static void test_strerror(void **state)
{
	static const int errs[] = { -EINVAL, -E2BIG, -ENOMEM, -1, 0, 1, -EPERM, 12345 };

	(void)state;
	for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		const char *t = sg_argv_strerror(errs[i]);

		assert_non_null(t);
		assert_true(t[0] != '\0');
	}
	/* the three documented errors have distinct texts */
	assert_string_not_equal(sg_argv_strerror(-EINVAL), sg_argv_strerror(-E2BIG));
	assert_string_not_equal(sg_argv_strerror(-EINVAL), sg_argv_strerror(-ENOMEM));
	assert_string_not_equal(sg_argv_strerror(-E2BIG), sg_argv_strerror(-ENOMEM));
	/* and say what went wrong */
	assert_contains(sg_argv_strerror(-EINVAL), "quote");
	assert_contains(sg_argv_strerror(-E2BIG), "long");
	assert_contains(sg_argv_strerror(-ENOMEM), "memory");
}

/* The vector and its strings are independent heap copies. */
static void test_vector_owned(void **state)
{
	char src[] = "alpha 'beta gamma'";
	char **argv = NULL;
	int argc = 0;

	(void)state;
	assert_int_equal(sg_argv_split(src, &argv, &argc), 0);
	memset(src, 'Z', sizeof(src) - 1);
	assert_int_equal(argc, 2);
	assert_string_equal(argv[0], "alpha");
	assert_string_equal(argv[1], "beta gamma");
	/* writable, and each word has its own allocation (free() checked by
	 * valgrind/ASan through sg_argv_free) */
	argv[0][0] = 'A';
	assert_string_equal(argv[0], "Alpha");
	assert_ptr_not_equal(argv[0], argv[1]);
	sg_argv_free(argv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blanks),
		cmocka_unit_test(test_null_and_blank),
		cmocka_unit_test(test_single_quotes),
		cmocka_unit_test(test_double_quotes),
		cmocka_unit_test(test_backslash_outside_quotes),
		cmocka_unit_test(test_empty_arguments),
		cmocka_unit_test(test_adjacent_parts_concatenate),
		cmocka_unit_test(test_no_expansion),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_trailing_backslash),
		cmocka_unit_test(test_word_count_limit),
		cmocka_unit_test(test_length_limit),
		cmocka_unit_test(test_free_null),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_vector_owned),
	};

	return sg_run_tests("argv", tests, NULL, NULL);
}
