/* SPDX-License-Identifier: GPL-2.0-or-later */
/* failstore.h - the failure records on disk: one file per hang or OOM
 * kill, <dir>/<encoded name>/<UTC time>-<instance>.txt, the newest N kept.
 *
 * The supervisor (root) writes them while the daemon runs as another user,
 * so that user must never be able to redirect a write: both directories
 * are created 0700, must be owned by us and writable by nobody else, and
 * are opened with O_NOFOLLOW; the file with O_CREAT|O_EXCL|O_NOFOLLOW,
 * 0600. Anything else is refused with -errno, never followed. */
#ifndef SG_FAILSTORE_H
#define SG_FAILSTORE_H

#include <stddef.h>
#include <time.h>

#define SG_FAILSTORE_SUFFIX ".txt"

/* The file name of a record: "20261204T043000.123Z-7.txt" (UTC; names sort
 * by time). 0 or -ENAMETOOLONG. */
int sg_failstore_name(time_t sec, unsigned int ms, unsigned int instance, char *buf, size_t n);

/* Write text as a new record name in dir/enc (both made 0700 when
 * missing; dir's missing parents too, 0755), then keep only the newest
 * keep records there (keep >= 1). The path written goes to path[pn].
 * Returns 0, -EPERM for a directory that is not ours or that others may
 * write, -ELOOP for a symbolic link, -EEXIST when the name is taken, or
 * another -errno. */
int sg_failstore_save(const char *dir, const char *enc, const char *name, const char *text, size_t len,
		      unsigned int keep, char *path, size_t pn);

/* Remove all but the newest keep records (by name) of the directory open
 * as dfd; other files are left alone. Returns how many were removed, or
 * -errno. */
int sg_failstore_rotate(int dfd, unsigned int keep);

#endif
