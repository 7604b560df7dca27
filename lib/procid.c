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

/* One decimal field at *p (optionally negative when neg is set), which
 * must end at a blank, a newline or end. Advances *p past it. */
static int parse_num(const char **p, const char *end, int neg, int64_t *out)
{
	const char *q = *p;
	uint64_t v = 0;
	int minus = 0, digits = 0;

	if (neg && q < end && *q == '-') {
		minus = 1;
		q++;
	}
	for (; q < end && *q >= '0' && *q <= '9'; q++, digits++) {
		if (v > (UINT64_MAX - (unsigned)(*q - '0')) / 10)
			return -EIO;
		v = v * 10 + (unsigned)(*q - '0');
	}
	if (digits == 0 || (q < end && *q != ' ' && *q != '\n' && *q != '\0'))
		return -EIO;
	if (minus && v > (uint64_t)INT64_MAX)
		return -EIO;
	*out = minus ? -(int64_t)v : (int64_t)v;
	*p = q;
	return 0;
}

/* Skip to the start of the next blank-separated field. */
static int next_field(const char **p, const char *end)
{
	while (*p < end && **p != ' ')
		(*p)++;
	if (*p >= end)
		return -EIO;
	(*p)++;
	return 0;
}

static int pid_field(const char **p, const char *end, pid_t *out)
{
	int64_t v;

	if (parse_num(p, end, 1, &v) < 0 || v < -1 || v > INT32_MAX)
		return -EIO;
	*out = (pid_t)v;
	return 0;
}

int sg_procstat_parse(const char *buf, size_t len, struct sg_procstat *st)
{
	const char *p = NULL, *end = buf + len;
	struct sg_procstat r;
	int64_t start;
	int field;

	for (size_t i = len; i > 0; i--)
		if (buf[i - 1] == ')') {
			p = buf + i - 1;
			break;
		}
	if (p == NULL || end - p < 3 || p[1] != ' ' || p[2] == ' ' || p[2] == '\n')
		return -EIO;
	p += 2;
	r.state = *p++; /* field 3 */
	if (p >= end || *p != ' ')
		return -EIO;
	p++;
	if (pid_field(&p, end, &r.ppid) < 0 || next_field(&p, end) < 0 || /* 4 */
	    pid_field(&p, end, &r.pgrp) < 0 || next_field(&p, end) < 0 || /* 5 */
	    pid_field(&p, end, &r.session) < 0)                            /* 6 */
		return -EIO;
	for (field = 6; field < 22; field++) {
		int64_t t;

		if (next_field(&p, end) < 0)
			return -EIO;
		if (field + 1 == 14 || field + 1 == 15) { /* utime, stime */
			if (parse_num(&p, end, 0, &t) < 0)
				return -EIO;
			*(field + 1 == 14 ? &r.utime : &r.stime) = (uint64_t)t;
		}
	}
	if (parse_num(&p, end, 0, &start) < 0)
		return -EIO;
	r.start = (uint64_t)start;
	*st = r;
	return 0;
}

int sg_procstat_read(pid_t pid, struct sg_procstat *st)
{
	char path[64], buf[1024];
	ssize_t len;
	int fd;

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
	return sg_procstat_parse(buf, (size_t)len, st);
}

int sg_procid_parse_stat(const char *buf, size_t len, uint64_t *start)
{
	struct sg_procstat st;
	int rc = sg_procstat_parse(buf, len, &st);

	if (rc < 0)
		return rc;
	if (st.state == 'Z' || st.state == 'X')
		return -ESRCH;
	*start = st.start;
	return 0;
}

int sg_procid_read(pid_t pid, struct sg_procid *id)
{
	struct sg_procstat st;
	int rc = sg_procstat_read(pid, &st);

	if (rc < 0)
		return rc;
	if (st.state == 'Z' || st.state == 'X')
		return -ESRCH;
	id->pid = pid;
	id->start = st.start;
	return 0;
}

pid_t sg_procid_parent(pid_t pid)
{
	struct sg_procstat st;

	if (sg_procstat_read(pid, &st) < 0 || st.state == 'Z' || st.state == 'X')
		return -1;
	return st.ppid;
}

/* The kernel never hands out a pid that is still a process-group or
 * session id. So when the recorded leader's pid names another process
 * (other start time), our group was empty when that pid was reused and
 * the group now called -pid is someone else's. When no process has the
 * pid but the group exists, nobody can have reused the pid since our
 * leader made the group: the members are its orphans. */
enum sg_group sg_procid_group(const struct sg_procid *leader)
{
	struct sg_procstat st;
	int rc;

	if (leader == NULL || leader->pid <= 0)
		return SG_GROUP_EMPTY;
	rc = sg_procstat_read(leader->pid, &st);
	if (rc == 0) {
		/* alive or a zombie: its start time says whose it is */
		if (leader->start != 0 && st.start == leader->start)
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
