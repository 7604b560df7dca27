/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_samserve.c - unit tests for sg_serve_answer (lib/samserve.c): how
 * "samguardctl serve" answers each request. The view has no corosync
 * connection, so what needs cmap is answered "1 cannot read cmap"; what
 * is tested is everything the server decides before that (the live
 * answers: cts/tools/test_samguardctl.sh). */
#include "sg_test.h"

#include "samlive.h"
#include "samserve.h"
#include "samtable.h"

/* The answer to req from a view without cmap; *rc what sg_serve_answer
 * returned. The caller frees the text. */
static char *answer(const char *req, int *rc)
{
	struct sg_live l;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	memset(&l, 0, sizeof(l));
	l.cmap_fd = -1;
	sg_table_init(&l.t);
	f = open_memstream(&out, &len);
	assert_non_null(f);
	*rc = sg_serve_answer(&l, req, f);
	assert_int_equal(fclose(f), 0);
	sg_table_free(&l.t);
	return out;
}

/* answer() for a request whose answer is one line: checks that and rc 0 */
static char *one_line(const char *req)
{
	int rc;
	char *out = answer(req, &rc);

	assert_int_equal(rc, 0);
	assert_non_null(strchr(out, '\n'));
	assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1);
	return out;
}

static void test_ping_is_answered_pong(void **state)
{
	char *out = one_line("ping");

	(void)state;
	assert_string_equal(out, "0 pong\n");
	free(out);
}

/* quit is the one request that ends the server: rc 1 */
static void test_quit_says_bye_and_ends_the_server(void **state)
{
	int rc;
	char *out = answer("quit\n", &rc);

	(void)state;
	assert_int_equal(rc, 1);
	assert_string_equal(out, "0 bye\n");
	free(out);
}

/* usage errors are code 2, samguardctl's exit code for them */
static void test_empty_unknown_and_overlong_verbs_are_2(void **state)
{
	char verb[64], *out;

	(void)state;
	out = one_line("");
	assert_string_equal(out, "2 empty or unknown request\n");
	free(out);
	out = one_line("\nlist");
	assert_string_equal(out, "2 empty or unknown request\n");
	free(out);
	out = one_line("frobnicate x");
	assert_string_equal(out, "2 unknown request frobnicate\n");
	free(out);
	/* "listing" is not "list": whole words only */
	out = one_line("listing");
	assert_string_equal(out, "2 unknown request listing\n");
	free(out);
	memset(verb, 'l', sizeof(verb) - 1);
	verb[sizeof(verb) - 1] = '\0';
	out = one_line(verb);
	assert_string_equal(out, "2 empty or unknown request\n");
	free(out);
}

/* the reading requests go to cmap; without it they fail with code 1 */
static void test_reading_requests_without_cmap_are_1(void **state)
{
	static const char *const reqs[] = { "list", "list-json", "show web", "show-json 42", "health" };

	(void)state;
	for (size_t i = 0; i < SG_ARRAY_SIZE(reqs); i++) {
		char *out = one_line(reqs[i]);

		assert_contains(out, "1 cannot read cmap: ");
		free(out);
	}
}

/* SAMHealth's parameters are checked before cmap is read: a bad one is a
 * usage error that names it */
static void test_health_with_bad_parameters_is_2_with_the_reason(void **state)
{
	char *out;

	(void)state;
	out = one_line("health\nred_limit=abc\n");
	assert_int_equal(strncmp(out, "2 ", 2), 0);
	assert_contains(out, "red_limit");
	free(out);
	out = one_line("health\nstale=maybe\n");
	assert_int_equal(strncmp(out, "2 ", 2), 0);
	assert_contains(out, "stale");
	free(out);
	/* good parameters get as far as cmap */
	out = one_line("health\nred_limit=50%\ninclude=web*\nnot a parameter line\n");
	assert_contains(out, "1 cannot read cmap: ");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ping_is_answered_pong),
		cmocka_unit_test(test_quit_says_bye_and_ends_the_server),
		cmocka_unit_test(test_empty_unknown_and_overlong_verbs_are_2),
		cmocka_unit_test(test_reading_requests_without_cmap_are_1),
		cmocka_unit_test(test_health_with_bad_parameters_is_2_with_the_reason),
	};

	return sg_run_tests("samserve", tests, NULL, NULL);
}
