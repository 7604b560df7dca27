/* SPDX-License-Identifier: GPL-2.0-or-later */
/* onfail.h - the recurring monitor's on-fail, recorded for the supervisor.
 *
 * Pacemaker passes an operation's on-fail only to that operation
 * (OCF_RESKEY_CRM_meta_on_fail, Pacemaker's default "restart" when the
 * configuration sets none), so the supervisor, started by start, learns
 * the monitor's from the monitor: each recurring monitor keeps
 * <rundir>/<encoded name>.onfail up to date, and a give-up reads it (push.h). */
#ifndef SG_ONFAIL_H
#define SG_ONFAIL_H

#include <stddef.h>

/* Longest on-fail value kept ("restart-container" is the longest Pacemaker has). */
#define SG_ONFAIL_MAX 32

/* Record on_fail for resource name in dir (SG_RUNDIR; it must exist: a
 * supervisor made it); writes (atomically) only when the value differs
 * from what is recorded (a monitor every second must stay cheap). An
 * on_fail that is not a word of lower-case letters and '-' of at most
 * SG_ONFAIL_MAX bytes is -EINVAL. 0 or -errno. */
int sg_onfail_record(const char *dir, const char *name, const char *on_fail);

/* Read it: 0 with the value in buf (n >= SG_ONFAIL_MAX + 1), -ENOENT when
 * no recurring monitor recorded one, -EINVAL when garbled. */
int sg_onfail_read(const char *dir, const char *name, char *buf, size_t n);

/* Remove the record (absent is fine). 0 or -errno. */
int sg_onfail_remove(const char *dir, const char *name);

#endif
