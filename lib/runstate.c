/* SPDX-License-Identifier: GPL-2.0-or-later */
/* runstate.c - identity files for supervisors and daemons. */
#include "runstate.h"

#include "names.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int runfile_path(const char *name, enum sg_runfile which, char *buf, size_t n)
{
	char enc[SG_NAME_ENC_MAX];
	int rc = sg_name_encode(name, enc, sizeof(enc));

	if (rc < 0)
		return rc;
	if ((size_t)snprintf(buf, n, "%s/%s.%s", SG_RUNDIR, enc,
			     which == SG_RUN_SUPERVISOR ? "supervisor" : "daemon") >= n)
		return -ENAMETOOLONG;
	return 0;
}

int sg_runstate_write(const char *name, enum sg_runfile which, const struct sg_procid *id)
{
	char path[512], line[64];
	int rc, len;

	if ((rc = runfile_path(name, which, path, sizeof(path))) < 0)
		return rc;
	if ((rc = sg_rundir_prepare()) < 0)
		return rc;
	len = snprintf(line, sizeof(line), "%d %llu\n", (int)id->pid, (unsigned long long)id->start);
	return sg_write_file_atomic(path, line, (size_t)len, 0640);
}

int sg_runstate_read(const char *name, enum sg_runfile which, struct sg_procid *id)
{
	char path[512], line[64];
	unsigned long long start;
	ssize_t len;
	int rc, pid;

	if ((rc = runfile_path(name, which, path, sizeof(path))) < 0)
		return rc;
	len = sg_read_file(path, line, sizeof(line));
	if (len < 0 && len != -EISDIR)
		return (int)len;
	if (len <= 0)
		return -EINVAL;
	if (sscanf(line, "%d %llu", &pid, &start) != 2 || pid <= 0)
		return -EINVAL;
	id->pid = pid;
	id->start = start;
	return 0;
}

int sg_runstate_remove(const char *name, enum sg_runfile which)
{
	char path[512];
	int rc;

	if ((rc = runfile_path(name, which, path, sizeof(path))) < 0)
		return rc;
	if (unlink(path) != 0 && errno != ENOENT)
		return -errno;
	return 0;
}
