/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rundir.h - the run directory (SG_RUNDIR, default /run/samguard) and the
 * sockets under it. Everything that decides a verdict lives in a directory
 * only root can write: run-state files, the supervisor's status socket
 * (status/<supervisor pid>) and the daemon's notify socket
 * (notify/<SAM child pid>). Names are keyed by pid, never by the resource
 * name, so that their length is fixed (a sockaddr_un path holds 107 bytes)
 * and nobody can predict and take them first (docs/security.md). */
#ifndef SG_RUNDIR_H
#define SG_RUNDIR_H

#include <stddef.h>
#include <sys/types.h>

#ifndef SG_RUNDIR
#define SG_RUNDIR "/run/samguard"
#endif

#define SG_RUNDIR_STATUS "status"
#define SG_RUNDIR_NOTIFY "notify"

/* Create SG_RUNDIR and its status/ and notify/ subdirectories (0755,
 * root) when missing, and check all three: directories, owned by root,
 * not writable by group or others. A trusted directory that lacks the
 * search bits for others gets them (daemons of other users must reach
 * their notify socket). Returns 0, -EPERM for a directory that is not
 * trusted, or another -errno. */
int sg_rundir_prepare(void);

/* Check (without creating anything) that SG_RUNDIR and, when sub is not
 * NULL, SG_RUNDIR/sub are directories owned by root and not writable by
 * group or others. Returns 0, -ENOENT, -EPERM or another -errno. */
int sg_rundir_trusted(const char *sub);

/* The same test for one directory (exposed for tests). */
int sg_rundir_check_dir(const char *path, uid_t owner);

/* Remove the sockets in dir whose name is the pid of a process that no
 * longer exists: what a SIGKILLed supervisor or child left (their exit
 * handlers unlink them otherwise). Pids are this pid namespace's: the run
 * directory must not be shared with another one. A socket of a live
 * process, a name that is no pid, and anything but a socket are kept.
 * Returns how many were removed, or -errno when dir cannot be read. */
int sg_rundir_sweep_dir(const char *dir);

/* sg_rundir_sweep_dir() on SG_RUNDIR's status/ and notify/. Returns the
 * number removed or the first -errno. */
int sg_rundir_sweep(void);

/* SG_RUNDIR/<sub>/<pid> into buf (size n). Returns 0 or -ENAMETOOLONG. */
int sg_rundir_sock_path(const char *sub, pid_t pid, char *buf, size_t n);

#endif
