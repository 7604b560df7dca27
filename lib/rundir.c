/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rundir.c - the root-owned run directory and its socket paths. */
#include "rundir.h"

#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int sg_rundir_check_dir(const char *path, uid_t owner)
{
	struct stat st;

	/* lstat: a symlink planted in place of a directory is refused */
	if (lstat(path, &st) != 0)
		return -errno;
	if (!S_ISDIR(st.st_mode) || st.st_uid != owner || (st.st_mode & (S_IWGRP | S_IWOTH)))
		return -EPERM;
	return 0;
}

static int sub_path(const char *sub, char *buf, size_t n)
{
	if ((size_t)snprintf(buf, n, "%s/%s", SG_RUNDIR, sub) >= n)
		return -ENAMETOOLONG;
	return 0;
}

/* mkdir 0755 unless present, then check; widen a trusted 0750/0700 to 0755. */
static int make_dir(const char *path)
{
	struct stat st;
	int rc;

	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		return -errno;
	if ((rc = sg_rundir_check_dir(path, 0)) < 0)
		return rc;
	if (lstat(path, &st) == 0 && (st.st_mode & 0055) != 0055 && chmod(path, 0755) != 0)
		return -errno;
	return 0;
}

int sg_rundir_prepare(void)
{
	char path[256];
	int rc;

	if ((rc = make_dir(SG_RUNDIR)) < 0)
		return rc;
	if ((rc = sub_path(SG_RUNDIR_STATUS, path, sizeof(path))) < 0 || (rc = make_dir(path)) < 0)
		return rc;
	if ((rc = sub_path(SG_RUNDIR_NOTIFY, path, sizeof(path))) < 0 || (rc = make_dir(path)) < 0)
		return rc;
	return 0;
}

int sg_rundir_trusted(const char *sub)
{
	char path[256];
	int rc = sg_rundir_check_dir(SG_RUNDIR, 0);

	if (rc < 0 || sub == NULL)
		return rc;
	if ((rc = sub_path(sub, path, sizeof(path))) < 0)
		return rc;
	return sg_rundir_check_dir(path, 0);
}

int sg_rundir_sock_path(const char *sub, pid_t pid, char *buf, size_t n)
{
	if (pid <= 0)
		return -EINVAL;
	if ((size_t)snprintf(buf, n, "%s/%s/%d", SG_RUNDIR, sub, (int)pid) >= n)
		return -ENAMETOOLONG;
	return 0;
}

int sg_rundir_sweep_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int removed = 0;

	if (d == NULL)
		return -errno;
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		uint64_t pid;

		if (sg_parse_u64(e->d_name, 1, INT32_MAX, &pid) < 0)
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISSOCK(st.st_mode))
			continue;
		/* EPERM means it exists: only ESRCH proves the owner is gone */
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		if (unlinkat(dirfd(d), e->d_name, 0) == 0)
			removed++;
	}
	closedir(d);
	return removed;
}

int sg_rundir_sweep(void)
{
	static const char *const subs[] = { SG_RUNDIR_STATUS, SG_RUNDIR_NOTIFY };
	char path[256];
	int total = 0;

	for (size_t i = 0; i < SG_ARRAY_SIZE(subs); i++) {
		int rc = sub_path(subs[i], path, sizeof(path));

		if (rc == 0)
			rc = sg_rundir_sweep_dir(path);
		if (rc < 0)
			return rc;
		total += rc;
	}
	return total;
}
