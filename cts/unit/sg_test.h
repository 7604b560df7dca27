/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sg_test.h - what the cmocka unit tests of cts/unit/ share: cmocka and
 * the headers it needs first, a clean environment for the code under test
 * (its logging off syslog), assertions on texts that print both texts when
 * they fail, and the runner that ends the output with the result line
 * every samguard test program prints ("SG-RESULT <tests> <failed>", read
 * by cts/check.sh). Everything here is static inline: a test pays only
 * for what it uses. */
#ifndef SG_TEST_H
#define SG_TEST_H

/* cmocka.h needs these first */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "util.h"

/* Unset the variables vars names (n of them) and every variable lib/log.c
 * reads, keep logging off syslog (HA_LOGFACILITY=none, which the log
 * reads at init) and initialise the log as ident. Call it from a test's
 * setup and teardown, so that no test sees another's environment. */
static inline void sg_test_env_reset(const char *ident, const char *const *vars, size_t n)
{
	static const char *const log_vars[] = {
		"HA_LOGFACILITY", "PCMK_logfacility", "HA_LOGFILE", "PCMK_logfile", "HA_debug", "PCMK_debug",
	};

	for (size_t i = 0; i < SG_ARRAY_SIZE(log_vars); i++)
		unsetenv(log_vars[i]);
	for (size_t i = 0; i < n; i++)
		unsetenv(vars[i]);
	setenv("HA_LOGFACILITY", "none", 1);
	sg_log_init(ident, NULL, 0);
}

/* The same for a static array of variable names. */
#define SG_TEST_ENV_RESET(ident, vars) sg_test_env_reset((ident), (vars), SG_ARRAY_SIZE(vars))

/* assert_contains(text, part) / assert_lacks(text, part): text (a reason
 * buffer, a message) has / has not part in it; a failure shows both. A
 * NULL text contains nothing. */
static inline void sg_test_contains_(const char *file, int line, const char *text, const char *part, int want)
{
	int has = text != NULL && strstr(text, part) != NULL;

	if (has != want) {
		print_error("\"%s\" %s \"%s\"\n", text != NULL ? text : "(null)", want ? "lacks" : "contains", part);
		_fail(file, line);
	}
}

#define assert_contains(text, part) sg_test_contains_(__FILE__, __LINE__, (text), (part), 1)
#define assert_lacks(text, part) sg_test_contains_(__FILE__, __LINE__, (text), (part), 0)

/* The result line for a group of total tests of which cmocka counted
 * failed (a negative count: the group could not run); returns failed, as
 * main returns it. */
static inline int sg_test_result_(size_t total, int failed)
{
	size_t f = failed < 0 || (size_t)failed > total ? total : (size_t)failed;

	fflush(stderr);
	printf("SG-RESULT %zu %zu\n", total, f);
	fflush(stdout);
	return failed;
}

/* main's last line: return sg_run_tests("name", tests, group_setup, group_teardown); */
#define sg_run_tests(name, tests, setup, teardown) \
	sg_test_result_(SG_ARRAY_SIZE(tests), cmocka_run_group_tests_name(name, tests, setup, teardown))

#endif
