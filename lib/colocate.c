/* SPDX-License-Identifier: GPL-2.0-or-later */
/* colocate.c - put the calling thread on corosync's CPU for a burst of
 * cmap round trips. */
#include "colocate.h"

#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int sg_stat_cpu_field(const char *line)
{
	const char *p = line ? strrchr(line, ')') : NULL;
	int field = 2;
	uint64_t cpu;
	char num[16];
	size_t len;

	/* comm (field 2) may hold blanks and parentheses: count after the last ')' */
	if (p == NULL)
		return -EINVAL;
	p++;
	while (field < 39 && p && *p) {
		p = strchr(p, ' ');
		if (p)
			p++;
		field++;
	}
	if (p == NULL || *p == '\0')
		return -EINVAL;
	len = strcspn(p, " \n");
	if (len == 0 || len >= sizeof(num))
		return -EINVAL;
	memcpy(num, p, len);
	num[len] = '\0';
	if (sg_parse_u64(num, 0, CPU_SETSIZE - 1, &cpu) != 0)
		return -EINVAL;
	return (int)cpu;
}

int sg_corosync_cpu(void)
{
	char buf[1024], path[64];
	uint64_t pid;
	ssize_t len = sg_read_file(SG_COROSYNC_PIDFILE, buf, sizeof(buf));

	if (len < 0)
		return (int)len;
	buf[strcspn(buf, " \n")] = '\0';
	if (sg_parse_u64(buf, 1, INT32_MAX, &pid) != 0)
		return -EINVAL;
	snprintf(path, sizeof(path), "/proc/%llu/stat", (unsigned long long)pid);
	len = sg_read_file(path, buf, sizeof(buf));
	if (len < 0)
		return len == -ENOENT ? -ESRCH : (int)len;
	return sg_stat_cpu_field(buf);
}

int sg_colocate_begin(struct sg_colocation *c)
{
	cpu_set_t one;
	int cpu;

	c->moved = 0;
	if (getenv("SG_NO_COLOCATE"))
		return -ECANCELED;
	cpu = sg_corosync_cpu();
	if (cpu < 0)
		return cpu;
	if (sched_getaffinity(0, sizeof(c->saved), &c->saved) != 0)
		return -errno;
	if (!CPU_ISSET(cpu, &c->saved))
		return -EPERM;
	if (CPU_COUNT(&c->saved) == 1)
		return cpu;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (sched_setaffinity(0, sizeof(one), &one) != 0)
		return -errno;
	c->moved = 1;
	return cpu;
}

void sg_colocate_end(struct sg_colocation *c)
{
	if (c->moved)
		sched_setaffinity(0, sizeof(c->saved), &c->saved);
	c->moved = 0;
}
