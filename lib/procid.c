/* procid.c - pid + start time identities read from /proc. */
#include "procid.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int sg_procid_read(pid_t pid, struct sg_procid *id)
{
	char path[64], buf[1024], *p;
	unsigned long long start = 0;
	ssize_t len;
	int fd, field;

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
	if (*p == 'Z' || *p == 'X')
		return -ESRCH;
	/* p is at field 3 (state); starttime is field 22 */
	for (field = 3; field < 22 && p; field++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	if (p == NULL || sscanf(p, "%llu", &start) != 1)
		return -EIO;
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
