/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samguardctl_exit.h - samguardctl's exit codes, which are also the codes
 * of samguardctl serve's answers (samserve.h) that samguardctl passes on.
 * Scripts rely on them: man/samguardctl.8 and docs/samguardctl-json.md
 * list them. */
#ifndef SG_SAMGUARDCTL_EXIT_H
#define SG_SAMGUARDCTL_EXIT_H

enum sg_ctl_exit {
	SG_CTL_OK = 0,
	SG_CTL_FAIL = 1,        /* a cmap error, a failed deletion, an output error */
	SG_CTL_USAGE = 2,       /* a bad command line, or a request serve refuses */
	SG_CTL_NOCOROSYNC = 3,  /* corosync is not running (or went away) */
	SG_CTL_NOACCESS = 4,    /* corosync (or serve) refused us */
	SG_CTL_NOTFOUND = 5,    /* show: no such SAM process */
};

/* The highest code: cts/unit/test_ctlexit.c checks that the man page and
 * the JSON document list exactly 0..SG_CTL_EXIT_MAX. */
#define SG_CTL_EXIT_MAX SG_CTL_NOTFOUND

#endif
