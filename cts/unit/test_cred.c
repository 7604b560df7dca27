/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_cred.c - unit tests for lib/cred.c: a user resolved by name or
 * number with home, shell and its whole group list; an unknown user is an
 * error; a user in more groups than a fixed buffer would hold keeps all of
 * them (checked as root in a private mount namespace whose /etc/group is a
 * throwaway copy with 300 extra groups, so the machine is not touched).
 *
 * Build: cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Ilib \
 *        cts/unit/test_cred.c lib/cred.c lib/util.c -lcmocka
 */
#include "sg_test.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cred.h"

static void test_root_by_name(void **state)
{
	struct sg_cred c;
	char err[256] = "";

	(void)state;
	assert_int_equal(sg_cred_resolve("root", &c, err, sizeof(err)), 0);
	assert_int_equal(c.uid, 0);
	assert_int_equal(c.gid, 0);
	assert_string_equal(c.name, "root");
	assert_non_null(c.home);
	assert_non_null(c.shell);
	assert_true(c.ngroups >= 1);
	assert_int_equal(c.groups[0], 0); /* getgrouplist puts the primary group first */
	sg_cred_free(&c);
	assert_null(c.groups);
	sg_cred_free(&c); /* twice is harmless */
}

static void test_number_resolves_to_the_passwd_entry(void **state)
{
	struct sg_cred c;
	char err[256] = "";

	(void)state;
	assert_int_equal(sg_cred_resolve("65534", &c, err, sizeof(err)), 0);
	assert_int_equal(c.uid, 65534);
	assert_string_equal(c.name, "nobody");
	assert_string_equal(c.home, "/nonexistent");
	assert_string_equal(c.shell, "/usr/sbin/nologin");
	sg_cred_free(&c);
}

static void test_unknown_user_is_enoent_with_a_reason(void **state)
{
	struct sg_cred c;
	char err[256] = "";

	(void)state;
	assert_int_equal(sg_cred_resolve("no-such-user-sg", &c, err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "user no-such-user-sg does not exist");
	assert_null(c.groups);
	assert_null(c.name);
	assert_int_equal(sg_cred_resolve("4000000000", &c, err, sizeof(err)), -ENOENT);
}

/* In a child: own mount namespace, /etc/group replaced by a copy listing
 * nobody in 300 more groups; exit 0 when all 301 come back. */
static int many_groups_child(void)
{
	char path[] = "/tmp/sg-test-cred-group.XXXXXX", err[256] = "";
	struct sg_cred c;
	FILE *in, *outf;
	char line[4096];
	int fd, rc = 10;

	if (unshare(CLONE_NEWNS) != 0 || mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) != 0)
		return 2;
	fd = mkstemp(path);
	if (fd < 0 || (outf = fdopen(fd, "w")) == NULL)
		return 3;
	in = fopen("/etc/group", "r");
	while (in && fgets(line, sizeof(line), in))
		fputs(line, outf);
	if (in)
		fclose(in);
	for (int i = 0; i < 300; i++)
		fprintf(outf, "sgtest%d:x:%d:nobody\n", i, 300000 + i);
	fclose(outf);
	if (mount(path, "/etc/group", "none", MS_BIND, NULL) != 0) {
		unlink(path);
		return 4;
	}
	unlink(path); /* the mount keeps it; nothing is left behind */
	if (sg_cred_resolve("nobody", &c, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return 5;
	}
	if (c.ngroups == 301 && c.groups[0] == c.gid)
		rc = 0;
	else
		fprintf(stderr, "%zu groups\n", c.ngroups);
	for (size_t i = 1; rc == 0 && i < c.ngroups; i++)
		if (c.groups[i] < 300000 || c.groups[i] >= 300300)
			rc = 6;
	sg_cred_free(&c);
	return rc;
}

static void test_user_in_300_groups_keeps_them_all(void **state)
{
	int status;
	pid_t pid;

	(void)state;
	if (geteuid() != 0)
		skip();
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(many_groups_child());
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_by_name),
		cmocka_unit_test(test_number_resolves_to_the_passwd_entry),
		cmocka_unit_test(test_unknown_user_is_enoent_with_a_reason),
		cmocka_unit_test(test_user_in_300_groups_keeps_them_all),
	};

	return sg_run_tests("cred", tests, NULL, NULL);
}
