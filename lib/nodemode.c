/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nodemode.c - full node or Pacemaker Remote node, detected. */
#include "nodemode.h"

#include "kvlocal.h"
#include "util.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum sg_node_mode sg_node_mode_decide(const struct sg_node_facts *f, char *why, size_t n)
{
	char dummy[1];

	if (why == NULL) {
		why = dummy;
		n = sizeof(dummy);
	}
	if (f->corosync_answers) {
		snprintf(why, n, "full cluster node: corosync answers; state in corosync's cmap");
		return SG_NODE_FULL;
	}
	if (f->remoted_pid > 0) {
		snprintf(why, n,
			 "Pacemaker Remote node: pacemaker-remoted runs (pid %ld) and corosync does not; "
			 "state in %s",
			 (long)f->remoted_pid, SG_KVL_DIR);
		return SG_NODE_REMOTE;
	}
	if (f->store_in_use) {
		snprintf(why, n,
			 "Pacemaker Remote node: %s holds state and corosync does not answer "
			 "(pacemaker-remoted is not running)",
			 SG_KVL_DIR);
		return SG_NODE_REMOTE;
	}
	if (f->corosync_conf) {
		snprintf(why, n, "corosync is configured here (%s) but does not answer, and no "
			 "pacemaker-remoted runs", SG_COROSYNC_CONF);
		return SG_NODE_COROSYNC_DOWN;
	}
	snprintf(why, n, "neither corosync nor pacemaker-remoted runs here (no %s)", SG_COROSYNC_CONF);
	return SG_NODE_NEITHER;
}

/* Is /proc/<pid>/status's Uid line "0 0 ..." (real and effective root)? */
static int runs_as_root(int pdfd)
{
	char buf[4096], *p;
	ssize_t len = sg_read_file_at(pdfd, "status", buf, sizeof(buf));
	unsigned long ruid, euid;

	if (len <= 0)
		return 0;
	p = strstr(buf, "\nUid:");
	if (p == NULL || sscanf(p + 5, "%lu %lu", &ruid, &euid) != 2)
		return 0;
	return ruid == 0 && euid == 0;
}

pid_t sg_node_find_remoted(const char *procdir)
{
	DIR *d = opendir(procdir);
	struct dirent *de;
	pid_t found = 0;

	if (d == NULL)
		return 0;
	while (found == 0 && (de = readdir(d)) != NULL) {
		char comm[64];
		ssize_t len;
		int pdfd;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		pdfd = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (pdfd < 0)
			continue;
		len = sg_read_file_at(pdfd, "comm", comm, sizeof(comm));
		/* comm holds 15 bytes of the name: "pacemaker-remoted" (2.x) and
		 * "pacemaker_remoted" (1.1) both start so */
		if (len > 0 && (!strncmp(comm, "pacemaker-remot", 15) || !strncmp(comm, "pacemaker_remot", 15)) &&
		    runs_as_root(pdfd))
			found = (pid_t)strtol(de->d_name, NULL, 10);
		close(pdfd);
	}
	closedir(d);
	return found;
}

void sg_node_facts_read(struct sg_node_facts *f)
{
	f->corosync_conf = access(SG_COROSYNC_CONF, F_OK) == 0;
	f->remoted_pid = sg_node_find_remoted("/proc");
	f->store_in_use = sg_kvl_in_use();
}

const char *sg_node_mode_text(enum sg_node_mode m)
{
	switch (m) {
	case SG_NODE_FULL: return "full";
	case SG_NODE_REMOTE: return "remote";
	case SG_NODE_COROSYNC_DOWN: return "corosync-down";
	case SG_NODE_NEITHER: return "neither";
	}
	return "?";
}
