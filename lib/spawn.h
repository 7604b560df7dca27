/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spawn.h - start a program without a shell: own session and process
 * group, chosen credentials, working directory, output files, default
 * signal dispositions, no inherited descriptors beyond 0-2, a chosen
 * environment, and a report of any failure up to exec() to the caller.
 *
 * With a cred, the child drops to it FIRST and only then enters workdir
 * and opens the output files: a user who owns its log directory cannot
 * make root write through a symlink (and symlinks at the last component
 * are refused outright). No NSS function runs after fork. */
#ifndef SG_SPAWN_H
#define SG_SPAWN_H

#include <stddef.h>
#include <sys/types.h>

#include "cred.h"

/* The PATH of a program started with a cred (see docs/design.md). */
#define SG_SPAWN_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

struct sg_spawn_opts {
	const char *path;          /* absolute path */
	char *const *argv;         /* argv[0] included, NULL-terminated */
	const char *workdir;       /* NULL: keep; entered as cred */
	/* Run as this identity (setgroups, setgid, setuid) in a clean
	 * environment: PATH=SG_SPAWN_PATH, HOME, USER, LOGNAME and SHELL of
	 * cred, LANG, LC_* and TZ from ours if set, then env_set.
	 * NULL: keep our credentials and our environment (samguard's own
	 * helpers), minus env_unset, plus env_set. */
	const struct sg_cred *cred;
	const char *out_path;      /* stdout, appended; NULL: /dev/null; opened as cred */
	const char *err_path;      /* stderr, appended; NULL: same as out_path */
	const char *const *env_set;/* extra NAME=VALUE entries, NULL-terminated */
	const char *const *env_unset; /* names to remove, NULL-terminated */
	int pdeathsig;             /* signal when the caller dies, 0: none */
	const char *env_pid_name;  /* set NAME=<the child's own pid> (e.g. WATCHDOG_PID), NULL: none */
	/* A cgroup v2 directory (lib/cgroup.h) the child joins before
	 * anything else, while still root: nothing the program starts is
	 * ever born outside it. 0 or -1: none (0 is stdin, never a cgroup,
	 * so zero-initialised options mean none). */
	int cgroup_fd;
	/* A descriptor the program gets as descriptor 3 (e.g. a pipe to say
	 * it is ready on), the one exception to "nothing beyond 0-2". 0 or
	 * -1: none. */
	int pass_fd;
};

/* Fork and exec. Returns the child's pid (it leads its own session and
 * process group) or -errno; when anything up to exec fails (credentials,
 * workdir, an output file that is a symlink (-ELOOP) or not a regular
 * file or /dev/null (-EINVAL), exec itself) the child is reaped, the error
 * returned and a reason written to err[n]. */
pid_t sg_spawn(const struct sg_spawn_opts *o, char *err, size_t n);

#endif
