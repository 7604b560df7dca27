/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_failstore.c - lib/failstore.c in a temporary directory: record
 * names, modes, rotation to the newest N, and refusing directories and
 * files that a daemon's user could have planted (links, foreign owners,
 * others' write permission). */
#include "sg_test.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "failstore.h"
#include "util.h"

static char tmp[128], dir[192];

static int setup(void **state)
{
	(void)state;
	snprintf(tmp, sizeof(tmp), "/tmp/sg-unit-failstore-XXXXXX");
	if (mkdtemp(tmp) == NULL)
		return -1;
	snprintf(dir, sizeof(dir), "%s/var/failures", tmp);
	return 0;
}

static int teardown(void **state)
{
	char cmd[256];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

static int count_records(const char *d)
{
	char cmd[256];
	int n = -1;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "ls '%s' | grep -c '\\.txt$'", d);
	p = popen(cmd, "r");
	if (p == NULL || fscanf(p, "%d", &n) != 1)
		n = -1;
	if (p)
		pclose(p);
	return n;
}

static void test_names_sort_by_time(void **state)
{
	char a[64], b[64];

	(void)state;
	assert_int_equal(sg_failstore_name(1796358600, 7, 12, a, sizeof(a)), 0);
	assert_string_equal(a, "20261204T043000.007Z-12.txt");
	assert_int_equal(sg_failstore_name(1796358601, 0, 3, b, sizeof(b)), 0);
	assert_true(strcmp(a, b) < 0);
	assert_int_equal(sg_failstore_name(1796358600, 7, 12, a, 10), -ENAMETOOLONG);
}

/* The directories are made 0700, the file 0600 with the text. */
static void test_save_makes_private_dirs_and_file(void **state)
{
	char path[512], buf[64], sub[256];
	struct stat st;

	(void)state;
	assert_int_equal(sg_failstore_save(dir, "web_3a0", "20261204T043000.007Z-2.txt", "hello\n", 6, 10, path,
					   sizeof(path)),
			 0);
	snprintf(sub, sizeof(sub), "%s/web_3a0/20261204T043000.007Z-2.txt", dir);
	assert_string_equal(path, sub);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	snprintf(sub, sizeof(sub), "%s/web_3a0", dir);
	assert_int_equal(stat(sub, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(sg_read_file(path, buf, sizeof(buf)), 6);
	assert_string_equal(buf, "hello\n");
	/* a name is never overwritten */
	assert_int_equal(sg_failstore_save(dir, "web_3a0", "20261204T043000.007Z-2.txt", "x", 1, 10, path,
					   sizeof(path)),
			 -EEXIST);
	/* nor can a name climb out */
	assert_int_equal(sg_failstore_save(dir, "..", "a.txt", "x", 1, 10, path, sizeof(path)), -EINVAL);
	assert_int_equal(sg_failstore_save(dir, "w", "../a.txt", "x", 1, 10, path, sizeof(path)), -EINVAL);
	/* an existing directory of ours with a loose mode is tightened */
	chmod(dir, 0755);
	assert_int_equal(sg_failstore_save(dir, "web_3a0", "20261204T043001.000Z-3.txt", "x", 1, 10, path,
					   sizeof(path)),
			 0);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
}

/* Only the newest N records stay; other files are left alone. */
static void test_rotation_keeps_the_newest(void **state)
{
	char path[512], name[64], sub[256], other[300];
	struct stat st;

	(void)state;
	for (unsigned int i = 0; i < 14; i++) {
		assert_int_equal(sg_failstore_name(1796358600 + i, 0, i + 1, name, sizeof(name)), 0);
		assert_int_equal(sg_failstore_save(dir, "db", name, "r\n", 2, 10, path, sizeof(path)), 0);
		snprintf(sub, sizeof(sub), "%s/db", dir);
		if (i == 0) {
			snprintf(other, sizeof(other), "%s/README", sub);
			close(open(other, O_WRONLY | O_CREAT, 0600));
		}
		assert_int_equal(count_records(sub), i + 1 < 10 ? (int)i + 1 : 10);
	}
	/* the oldest four went, the newest is there */
	assert_int_equal(sg_failstore_name(1796358600 + 3, 0, 4, name, sizeof(name)), 0);
	snprintf(path, sizeof(path), "%s/%s", sub, name);
	assert_int_equal(stat(path, &st), -1);
	assert_int_equal(sg_failstore_name(1796358600 + 4, 0, 5, name, sizeof(name)), 0);
	snprintf(path, sizeof(path), "%s/%s", sub, name);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(stat(other, &st), 0);
	/* keep 1 */
	assert_int_equal(sg_failstore_save(dir, "db", "30000101T000000.000Z-1.txt", "r", 1, 1, path, sizeof(path)),
			 0);
	assert_int_equal(count_records(sub), 1);
	/* rotate on its own: nothing beyond keep, and the count removed */
	{
		int dfd = open(sub, O_RDONLY | O_DIRECTORY);

		assert_int_equal(sg_failstore_rotate(dfd, 1), 0);
		assert_int_equal(sg_failstore_rotate(dfd, 0), 1);
		close(dfd);
		assert_int_equal(count_records(sub), 0);
	}
	assert_int_equal(sg_failstore_save(dir, "db", "30000101T000000.001Z-1.txt", "r", 1, 0, path, sizeof(path)),
			 -EINVAL);
}

/* A daemon's user cannot redirect the write: a symlinked resource
 * directory or record name, or a directory others may write, is refused. */
static void test_planted_links_and_loose_dirs_are_refused(void **state)
{
	char path[512], sub[256], target[256], rec[300];
	struct stat st;

	(void)state;
	assert_int_equal(sg_failstore_save(dir, "a", "1.txt", "r", 1, 10, path, sizeof(path)), 0);
	/* the resource directory is a link to elsewhere */
	snprintf(target, sizeof(target), "%s/elsewhere", tmp);
	assert_int_equal(mkdir(target, 0700), 0);
	snprintf(sub, sizeof(sub), "%s/evil", dir);
	assert_int_equal(symlink(target, sub), 0);
	assert_int_equal(sg_failstore_save(dir, "evil", "1.txt", "r", 1, 10, path, sizeof(path)), -ELOOP);
	snprintf(rec, sizeof(rec), "%s/1.txt", target);
	assert_int_equal(stat(rec, &st), -1);
	/* the record's name is a link (to a file root would overwrite) */
	snprintf(rec, sizeof(rec), "%s/a/2.txt", dir);
	snprintf(target, sizeof(target), "%s/victim", tmp);
	close(open(target, O_WRONLY | O_CREAT, 0644));
	assert_int_equal(symlink(target, rec), 0);
	assert_true(sg_failstore_save(dir, "a", "2.txt", "r", 1, 10, path, sizeof(path)) < 0);
	assert_int_equal(stat(target, &st), 0);
	assert_int_equal(st.st_size, 0);
	/* the top directory is a link */
	snprintf(sub, sizeof(sub), "%s/linkdir", tmp);
	assert_int_equal(symlink(dir, sub), 0);
	assert_int_equal(sg_failstore_save(sub, "a", "3.txt", "r", 1, 10, path, sizeof(path)), -ELOOP);
	/* a directory owned by someone else */
	if (geteuid() == 0) {
		snprintf(sub, sizeof(sub), "%s/a", dir);
		assert_int_equal(chown(sub, 65534, 65534), 0);
		assert_int_equal(sg_failstore_save(dir, "a", "4.txt", "r", 1, 10, path, sizeof(path)), -EPERM);
	}
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_names_sort_by_time),
		T(test_save_makes_private_dirs_and_file),
		T(test_rotation_keeps_the_newest),
		T(test_planted_links_and_loose_dirs_are_refused),
	};

	return sg_run_tests("failstore", tests, NULL, NULL);
}
