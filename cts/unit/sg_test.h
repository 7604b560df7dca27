/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sg_test.h - what the cmocka unit tests of cts/unit/ share: cmocka and
 * the headers it needs first, a clean environment for the code under test
 * (its logging off syslog), an empty private stand-in for a directory whose
 * path the code has built in, assertions on texts that print both texts when
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

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

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

/* A directory of the machine (dir, "/run" say) replaced, for this process
 * alone, by an empty tmpfs (root's, 0755) in a mount namespace of its own:
 * for code whose paths are built in (SG_RUNDIR, SG_COROSYNC_PIDFILE), so
 * that a test puts there what it likes and the machine's files, and other
 * tests running meanwhile, see nothing of it. Needs root (CAP_SYS_ADMIN)
 * and a single-threaded process (setns). enter returns 0, or -errno with
 * nothing changed (the test skips); leave goes back to the machine's
 * namespace and working directory, the tmpfs goes with the namespace.
 * leave is harmless when not entered: call it from the teardown. */
struct sg_test_private_dir {
	int ns;                     /* the machine's mount namespace, -1: not entered */
	int cwd;
};

static inline int sg_test_private_dir_enter(struct sg_test_private_dir *p, const char *dir)
{
	int ns = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
	int cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int err = 0;

	p->ns = p->cwd = -1;
	if (ns < 0 || cwd < 0)
		err = -errno;
	else if (unshare(CLONE_NEWNS) != 0)
		err = -errno;
	else if (mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) != 0 ||
		 mount("sg-test", dir, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") != 0) {
		err = -errno;
		/* back; should that fail, the copy differs from the machine's
		 * namespace only in its propagation */
		if (setns(ns, CLONE_NEWNS) == 0 && fchdir(cwd) != 0)
			perror("sg_test_private_dir_enter: fchdir");
	}
	if (err == 0) {
		p->ns = ns;
		p->cwd = cwd;
		return 0;
	}
	if (ns >= 0)
		close(ns);
	if (cwd >= 0)
		close(cwd);
	return err;
}

/* Returns 0, or -errno when the way back failed. */
static inline int sg_test_private_dir_leave(struct sg_test_private_dir *p)
{
	int err = 0;

	if (p->ns < 0)
		return 0;
	/* setns resets the working directory to the namespace's root */
	if (setns(p->ns, CLONE_NEWNS) != 0 || fchdir(p->cwd) != 0)
		err = -errno;
	close(p->ns);
	close(p->cwd);
	p->ns = p->cwd = -1;
	return err;
}

/* Enter a mount namespace of our own with an empty tmpfs in place of
 * SG_RUNDIR's parent, so that the machine's run directory is neither seen
 * nor touched; the test is skipped without root or mount namespaces, or
 * when SG_RUNDIR has no parent to hide. sg_test_private_dir_leave(p) in the
 * teardown. */
#define sg_test_private_rundir_parent(p)                                             \
	do {                                                                         \
		char parent_[256], *slash_;                                          \
		if (geteuid() != 0)                                                  \
			skip();                                                      \
		snprintf(parent_, sizeof(parent_), "%s", SG_RUNDIR);                 \
		slash_ = strrchr(parent_, '/');                                      \
		if (slash_ == NULL || slash_ == parent_)                             \
			skip();                                                      \
		*slash_ = '\0';                                                      \
		if (sg_test_private_dir_enter((p), parent_) != 0)                    \
			skip();                                                      \
	} while (0)

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
