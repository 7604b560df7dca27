/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_ctlexit.c - samguardctl's exit codes (lib/samguardctl_exit.h) are
 * the ones man/samguardctl.8 and docs/samguardctl-json.md list: scripts
 * rely on the documents, the code relies on the enum. Run from the source
 * tree (cts/check.sh does); skipped elsewhere. */
#include "sg_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samguardctl_exit.h"

#define MAXCODE 32

/* Codes listed in path's section that starts with a line equal to start and
 * ends at the next line starting with stop: in the markdown table, rows
 * "| N | ..."; in the man page, ".B N" lines. seen[code] counts them.
 * Returns 0, or -1 when the file cannot be read (skip). */
static int listed(const char *path, const char *start, const char *stop, int md, int seen[MAXCODE])
{
	char line[512];
	int in = 0;
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		int code;
		char c;

		line[strcspn(line, "\n")] = '\0';
		if (!in) {
			in = !strcmp(line, start);
			continue;
		}
		if (!strncmp(line, stop, strlen(stop)))
			break;
		if (md ? sscanf(line, "| %d %c", &code, &c) == 2 && c == '|' : sscanf(line, ".B %d%c", &code, &c) == 1) {
			assert_in_range(code, 0, MAXCODE - 1);
			seen[code]++;
		}
	}
	fclose(f);
	assert_true(in);
	return 0;
}

static void check(const int seen[MAXCODE], const char *what)
{
	for (int code = 0; code < MAXCODE; code++) {
		int want = code <= SG_CTL_EXIT_MAX;

		if (seen[code] != want)
			fail_msg("%s lists exit code %d %d times, want %d", what, code, seen[code], want);
	}
}

static void test_json_doc_lists_every_code_once(void **state)
{
	int seen[MAXCODE] = { 0 };

	(void)state;
	if (listed("docs/samguardctl-json.md", "## Exit codes", "## ", 1, seen) < 0)
		skip();
	check(seen, "docs/samguardctl-json.md");
}

static void test_man_page_lists_every_code_once(void **state)
{
	int seen[MAXCODE] = { 0 };

	(void)state;
	if (listed("man/samguardctl.8", ".SH EXIT STATUS", ".SH", 0, seen) < 0)
		skip();
	check(seen, "man/samguardctl.8");
}

/* The values scripts rely on never move. */
static void test_values(void **state)
{
	(void)state;
	assert_int_equal(SG_CTL_OK, 0);
	assert_int_equal(SG_CTL_FAIL, 1);
	assert_int_equal(SG_CTL_USAGE, 2);
	assert_int_equal(SG_CTL_NOCOROSYNC, 3);
	assert_int_equal(SG_CTL_NOACCESS, 4);
	assert_int_equal(SG_CTL_NOTFOUND, 5);
	assert_int_equal(SG_CTL_EXIT_MAX, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_json_doc_lists_every_code_once),
		cmocka_unit_test(test_man_page_lists_every_code_once),
	};

	return sg_run_tests("ctlexit", tests, NULL, NULL);
}
