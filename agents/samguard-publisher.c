/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samguard-publisher - the node's one corosync connection for samguard's
 * supervisors (lib/relay.h). Started by the first supervisor's SAM child
 * that finds none; lives until corosync goes away or SIGTERM. Supervisors
 * that lose it go on with connections of their own. See
 * samguard-publisher(8). */
#include "log.h"
#include "relay.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef SG_VERSION
#define SG_VERSION "0"
#endif

static void usage(FILE *f)
{
	fprintf(f, "usage: samguard-publisher [--ready-fd FD]\n"
		   "Serve samguard's supervisors on " SG_RELAY_SOCK " with one corosync connection.\n"
		   "Started by samguard-run when needed; not meant to be run by hand. See samguard-publisher(8).\n");
}

int main(int argc, char **argv)
{
	uint64_t fd;
	int ready_fd = -1;

	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		printf("samguard-publisher %s\n", SG_VERSION);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "--ready-fd") == 0) {
		if (sg_parse_u64(argv[2], 3, 65535, &fd) != 0) {
			fprintf(stderr, "samguard-publisher: --ready-fd '%s' is not a descriptor number\n", argv[2]);
			return 2;
		}
		ready_fd = (int)fd;
	} else if (argc != 1) {
		usage(stderr);
		return 2;
	}
	if (geteuid() != 0) {
		fprintf(stderr, "samguard-publisher: must run as root\n");
		return 1;
	}
	sg_log_init("samguard-publisher", NULL, 1);
	return sg_publisher_run(ready_fd);
}
