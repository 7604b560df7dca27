/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_cred.c - unit tests for lib/cred.c: a user resolved by name or
 * number with home, shell and its whole group list; an unknown user is an
 * error; a user in more groups than a fixed buffer would hold keeps all of
 * them (checked as root in a private mount namespace whose /etc/group is a
 * throwaway copy with 300 extra groups, so the machine is not touched);
 * the lookup runs in a helper process, so no NSS module is left mapped in
 * the caller (a private nsswitch.conf naming the systemd module).
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
#include <grp.h>
#include <pwd.h>
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

/* Run fn in a child process (its own mount namespace is its business);
 * its exit status. */
static int in_child(int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(fn());
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void test_user_in_300_groups_keeps_them_all(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(in_child(many_groups_child), 0);
}

/* 1 when this process maps a library whose path contains what. */
static int maps_has(const char *what)
{
	char line[512];
	int found = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	if (f == NULL)
		return -1;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, what) != NULL;
	fclose(f);
	return found;
}

/* In a private mount namespace whose nsswitch.conf names the systemd NSS
 * module: sg_cred_resolve leaves no NSS module in the caller, while a
 * lookup made in-process does load it (else the test proves nothing: 77). */
static int nss_child(void)
{
	char path[] = "/tmp/sg-test-cred-nss.XXXXXX", err[256] = "";
	static const char conf[] = "passwd: files systemd\ngroup: files systemd\n";
	struct sg_cred c;
	int fd;

	if (unshare(CLONE_NEWNS) != 0 || mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) != 0)
		return 77;
	fd = mkstemp(path);
	if (fd < 0 || write(fd, conf, sizeof(conf) - 1) != (ssize_t)(sizeof(conf) - 1))
		return 2;
	close(fd);
	if (mount(path, "/etc/nsswitch.conf", "none", MS_BIND, NULL) != 0) {
		unlink(path);
		return 77;
	}
	unlink(path);
	if (maps_has("libnss_systemd") != 0)
		return 3; /* loaded before we started: nothing to learn */
	if (sg_cred_resolve("root", &c, err, sizeof(err)) != 0 || c.uid != 0)
		return 4;
	sg_cred_free(&c);
	if (maps_has("libnss_systemd") != 0) {
		fprintf(stderr, "sg_cred_resolve loaded libnss_systemd into the caller\n");
		return 1;
	}
	{
		/* the group list asks every source, so it loads the module */
		gid_t groups[64];
		int n = 64;

		if (getpwnam("root") == NULL || getgrouplist("root", 0, groups, &n) < 0)
			return 5;
	}
	return maps_has("libnss_systemd") == 1 ? 0 : 77;
}

static void test_lookup_loads_no_nss_module_into_the_caller(void **state)
{
	int rc;

	(void)state;
	if (geteuid() != 0)
		skip();
	rc = in_child(nss_child);
	if (rc == 77) {
		print_message("libnss_systemd is not installed here: the caller's maps prove nothing\n");
		skip();
	}
	assert_int_equal(rc, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_by_name),
		cmocka_unit_test(test_number_resolves_to_the_passwd_entry),
		cmocka_unit_test(test_unknown_user_is_enoent_with_a_reason),
		cmocka_unit_test(test_user_in_300_groups_keeps_them_all),
		cmocka_unit_test(test_lookup_loads_no_nss_module_into_the_caller),
	};

	return sg_run_tests("cred", tests, NULL, NULL);
}
