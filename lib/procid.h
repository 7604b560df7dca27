/* SPDX-License-Identifier: GPL-2.0-or-later */
/* procid.h - process identity that survives pid reuse: a pid plus its
 * start time (field 22 of /proc/<pid>/stat, clock ticks since boot). */
#ifndef SG_PROCID_H
#define SG_PROCID_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct sg_procid {
	pid_t pid;
	uint64_t start;
};

/* The fields of /proc/<pid>/stat that samguard uses. */
struct sg_procstat {
	char state;             /* field 3: R, S, D, T, Z, X, ... */
	pid_t ppid;             /* 4 */
	pid_t pgrp;             /* 5 */
	pid_t session;          /* 6 */
	uint64_t utime, stime;  /* 14, 15: CPU time in clock ticks */
	uint64_t start;         /* 22: start time, clock ticks since boot */
};

/* Parse the text of /proc/<pid>/stat (or /proc/<pid>/task/<tid>/stat;
 * len bytes, no terminator needed):
 * fields are counted after the last ')', since comm is the process's own
 * choice and may hold blanks and parentheses. Zombies are reported (state
 * 'Z'), not refused. Returns 0 or -EIO for text that is not a stat line.
 * Pure: the one parser of stat lines (fuzz/fuzz_procid.c). */
int sg_procstat_parse(const char *buf, size_t len, struct sg_procstat *st);

/* Read and parse /proc/<pid>/stat. Returns 0, -ESRCH when pid does not
 * exist, -EINVAL for pid <= 0, -EIO or another -errno. */
int sg_procstat_read(pid_t pid, struct sg_procstat *st);

/* Read the identity of pid. Returns 0, -ESRCH when it does not exist or is
 * a zombie, -EINVAL for pid <= 0, or another -errno. */
int sg_procid_read(pid_t pid, struct sg_procid *id);

/* sg_procstat_parse() for identities: the start time into *start.
 * Returns 0, -ESRCH for a zombie or dead process, -EIO for text that is
 * not a stat line. */
int sg_procid_parse_stat(const char *buf, size_t len, uint64_t *start);

/* 1 when id still names the same living (non-zombie) process, else 0. */
int sg_procid_alive(const struct sg_procid *id);

/* Parent pid of a living (non-zombie) pid, or -1. */
pid_t sg_procid_parent(pid_t pid);

/* Whose is the process group that the recorded leader led?
 *   SG_GROUP_EMPTY    no process is left in it
 *   SG_GROUP_OURS     the leader (same start time) is alive or a zombie,
 *                     or it is gone and its group still has members
 *                     (orphans: the pid cannot have been reused while the
 *                     group existed)
 *   SG_GROUP_FOREIGN  the pid belongs to another process now (pid reuse),
 *                     or nothing proves the group ours (no start time
 *                     recorded): never signal it
 * The one rule for every caller that SIGKILLs a recorded group. */
enum sg_group {
	SG_GROUP_EMPTY = 0,
	SG_GROUP_OURS,
	SG_GROUP_FOREIGN,
};
enum sg_group sg_procid_group(const struct sg_procid *leader);

/* Session id of pid (getsid), or -1. */
pid_t sg_procid_session(pid_t pid);

#endif
