/* SPDX-License-Identifier: GPL-2.0-or-later */
/* contain.h - containment without a cgroup (cgroup v1-only hosts,
 * containers without a writable cgroup2), and reaping.
 *
 * The daemon leads its own session and process group (sg_spawn), so its
 * group and session name what it started, unless a process called setsid()
 * itself. Such an escapee is still a descendant of the supervisor child
 * while that child lives (it is a child subreaper: orphans come back to
 * it), so the child can kill its whole tree before it exits; once the
 * child itself died abruptly, only a cgroup finds an escapee.
 * Zombies are not alive: every test here ignores them. */
#ifndef SG_CONTAIN_H
#define SG_CONTAIN_H

#include <sys/types.h>

/* Send sig to every live (non-zombie) process whose process group or
 * session is leader. Returns how many there were, or -errno. */
int sg_contain_signal_session(pid_t leader, int sig);

/* SIGKILL the group and session of leader until no live process of them is
 * left, at most timeout_ms (waits on pidfds, no sleeping). 0 or -ETIMEDOUT. */
int sg_contain_kill_session(pid_t leader, unsigned int timeout_ms);

/* SIGKILL every live descendant of the calling process. Returns how many
 * there were. */
int sg_contain_kill_descendants(void);

/* Kill every descendant and reap every child until none is left, at most
 * timeout_ms: after it, no zombie of ours outlives us. 0 or -ETIMEDOUT. */
int sg_contain_reap_all(unsigned int timeout_ms);

#endif
