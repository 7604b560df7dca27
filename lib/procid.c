/* SPDX-License-Identifier: GPL-2.0-or-later */
/* procid.c - pid + start time identities read from /proc. */
#include "procid.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int sg_procid_parse_stat(const char *buf, size_t len, uint64_t *start)
{
	const char *p = NULL, *end = buf + len;
	unsigned long long v = 0;
	int field, digits = 0;

	/* comm may contain blanks and parentheses: parse after the last ')' */
	for (size_t i = len; i > 0; i--)
		if (buf[i - 1] == ')') {
			p = buf + i - 1;
			break;
		}
	if (p == NULL || end - p < 3 || p[1] != ' ')
		return -EIO;
	p += 2;
	if (*p == 'Z' || *p == 'X')
		return -ESRCH;
	/* p is at field 3 (state); starttime is field 22 */
	for (field = 3; field < 22; field++) {
		while (p < end && *p != ' ')
			p++;
		if (p == end)
			return -EIO;
		p++;
	}
	for (; p < end && *p >= '0' && *p <= '9'; p++, digits++) {
		if (v > (UINT64_MAX - (unsigned)(*p - '0')) / 10)
			return -EIO;
		v = v * 10 + (unsigned)(*p - '0');
	}
	if (digits == 0 || (p < end && *p != ' ' && *p != '\n' && *p != '\0'))
		return -EIO;
	*start = v;
	return 0;
}

/* Fields of /proc/<pid>/stat: state (3), ppid (4), starttime (22).
 * Returns 0, -ESRCH when pid does not exist, or another -errno. Zombies
 * are reported, not hidden (state 'Z'). */
static int stat_fields(pid_t pid, char *state, pid_t *ppid, uint64_t *start)
{
	char path[64], buf[1024], *p;
	unsigned long long st = 0;
	ssize_t len;
	int fd, field, pp = 0;

	if (pid <= 0)
		return -EINVAL;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return -ESRCH;
	buf[len] = '\0';
	/* comm may contain blanks and parentheses: parse after the last ')' */
	p = strrchr(buf, ')');
	if (p == NULL || p[1] != ' ')
		return -EIO;
	p += 2;
	*state = *p;
	if (sscanf(p + 1, " %d", &pp) != 1)
		return -EIO;
	/* p is at field 3 (state); starttime is field 22 */
	for (field = 3; field < 22 && p; field++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	if (p == NULL || sscanf(p, "%llu", &st) != 1)
		return -EIO;
	*ppid = pp;
	*start = st;
	return 0;
}

int sg_procid_read(pid_t pid, struct sg_procid *id)
{
	char path[64], buf[1024];
	uint64_t start;
	ssize_t len;
	int fd, rc;

	if (pid <= 0)
		return -EINVAL;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	len = read(fd, buf, sizeof(buf));
	close(fd);
	if (len <= 0)
		return -ESRCH;
	rc = sg_procid_parse_stat(buf, (size_t)len, &start);
	if (rc < 0)
		return rc;
	id->pid = pid;
	id->start = start;
	return 0;
}

pid_t sg_procid_parent(pid_t pid)
{
	char state;
	pid_t ppid;
	uint64_t start;

	if (stat_fields(pid, &state, &ppid, &start) < 0 || state == 'Z' || state == 'X')
		return -1;
	return ppid;
}

/* The kernel never hands out a pid that is still a process-group or
 * session id. So when the recorded leader's pid names another process
 * (other start time), our group was empty when that pid was reused and
 * the group now called -pid is someone else's. When no process has the
 * pid but the group exists, nobody can have reused the pid since our
 * leader made the group: the members are its orphans. */
enum sg_group sg_procid_group(const struct sg_procid *leader)
{
	char state;
	pid_t ppid;
	uint64_t start;
	int rc;

	if (leader == NULL || leader->pid <= 0)
		return SG_GROUP_EMPTY;
	rc = stat_fields(leader->pid, &state, &ppid, &start);
	if (rc == 0) {
		/* alive or a zombie: its start time says whose it is */
		if (leader->start != 0 && start == leader->start)
			return SG_GROUP_OURS;
		return kill(-leader->pid, 0) == 0 || errno == EPERM ? SG_GROUP_FOREIGN : SG_GROUP_EMPTY;
	}
	if (rc != -ESRCH)
		return SG_GROUP_FOREIGN; /* cannot tell: never signal */
	if (kill(-leader->pid, 0) != 0 && errno == ESRCH)
		return SG_GROUP_EMPTY;
	/* without a recorded start time the group was never proven ours */
	return leader->start != 0 ? SG_GROUP_OURS : SG_GROUP_FOREIGN;
}

int sg_procid_alive(const struct sg_procid *id)
{
	struct sg_procid now;

	if (id == NULL || id->pid <= 0)
		return 0;
	if (sg_procid_read(id->pid, &now) != 0)
		return 0;
	return now.start == id->start;
}

pid_t sg_procid_session(pid_t pid)
{
	return getsid(pid);
}
