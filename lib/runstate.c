/* runstate.c - identity files for supervisors and daemons. */
#include "runstate.h"

#include "names.h"

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
	char path[512], tmp[530], line[64];
	int fd, rc, len;

	if ((rc = runfile_path(name, which, path, sizeof(path))) < 0)
		return rc;
	if (mkdir(SG_RUNDIR, 0750) != 0 && errno != EEXIST)
		return -errno;
	snprintf(tmp, sizeof(tmp), "%s.%d", path, (int)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		return -errno;
	len = snprintf(line, sizeof(line), "%d %llu\n", (int)id->pid, (unsigned long long)id->start);
	if (write(fd, line, (size_t)len) != len) {
		rc = -errno;
		close(fd);
		unlink(tmp);
		return rc ? rc : -EIO;
	}
	close(fd);
	if (rename(tmp, path) != 0) {
		rc = -errno;
		unlink(tmp);
		return rc;
	}
	return 0;
}

int sg_runstate_read(const char *name, enum sg_runfile which, struct sg_procid *id)
{
	char path[512], line[64];
	unsigned long long start;
	ssize_t len;
	int fd, rc, pid;

	if ((rc = runfile_path(name, which, path, sizeof(path))) < 0)
		return rc;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = read(fd, line, sizeof(line) - 1);
	close(fd);
	if (len <= 0)
		return -EINVAL;
	line[len] = '\0';
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
