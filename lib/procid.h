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

/* Read the identity of pid. Returns 0, -ESRCH when it does not exist or is
 * a zombie, -EINVAL for pid <= 0, or another -errno. */
int sg_procid_read(pid_t pid, struct sg_procid *id);

/* Parse the text of /proc/<pid>/stat (len bytes, no terminator needed):
 * the start time (field 22) into *start. Returns 0, -ESRCH for a zombie or
 * dead process, -EIO for text that is not a stat line. Pure, so that it
 * can be fuzzed (fuzz/fuzz_procid.c). */
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
