/* procid.c - pid + start time identities read from /proc. */
#include "procid.h"

#include <errno.h>
#include <fcntl.h>
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
