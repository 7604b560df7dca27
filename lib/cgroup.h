/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cgroup.h - one cgroup v2 per resource instance: every process the
 * daemon starts is born in it (sg_spawn joins it before exec), so none
 * escapes by setsid() or a double fork, and all die together.
 *
 * The instance cgroup is a child of the caller's own v2 cgroup, named
 * samguard-<encoded name>: a test sandbox, or pacemaker.service on a real
 * node, contains it. Nothing is created outside the caller's subtree.
 * Without a usable cgroup2 (v1-only host, read-only cgroupfs in a
 * container) every function returns -errno and the caller falls back to
 * process group + session containment (lib/contain.h). */
#ifndef SG_CGROUP_H
#define SG_CGROUP_H

#include <limits.h>
#include <stddef.h>

struct sg_cgroup {
	int dfd;                 /* the instance cgroup's directory; -1: none */
	char path[PATH_MAX];     /* its absolute path (mount point + cgroup path) */
};

#define SG_CGROUP_INIT { .dfd = -1, .path = "" }
#define SG_CGROUP_PREFIX "samguard-"

/* The cgroup2 mount from mountinfo text (NUL-terminated): its mount point
 * and the hierarchy path mounted there ("/" unless a namespace or a bind
 * mount shows a subtree). Returns 0 or -ENOTSUP when there is none. */
int sg_cgroup_parse_mountinfo(const char *text, char *mnt, size_t mn, char *root, size_t rn);

/* The v2 path ("0::/path" line) from /proc/<pid>/cgroup text. Returns 0
 * or -ENOTSUP when the process has no v2 cgroup. */
int sg_cgroup_parse_proc(const char *text, char *path, size_t n);

/* Directory of the v2 cgroup of the process whose /proc/<pid>/cgroup is at
 * proc_cgroup, with the mounts of mountinfo. Returns 0, -ENOTSUP (no
 * cgroup2), -ENOENT (the cgroup is not below the mount we see), or another
 * -errno. */
int sg_cgroup_dir_at(const char *mountinfo, const char *proc_cgroup, char *dir, size_t n);

/* Create (or reuse) dir_parent/samguard-<name_enc> and open it. A reused
 * cgroup still holding processes (of an earlier life) is killed and
 * waited for up to timeout_ms; -EBUSY when it does not empty. -EACCES,
 * -EROFS, -ENOTSUP, -ENOENT: no cgroup v2 here, use the fallback. */
int sg_cgroup_open_in(const char *dir_parent, const char *name_enc, unsigned int timeout_ms,
		      struct sg_cgroup *h);

/* The same below the caller's own v2 cgroup (/proc/self). Honours
 * SG_CGROUP=off in the environment (tests force the fallback with it):
 * then -ENOTSUP. */
int sg_cgroup_open_instance(const char *name_enc, unsigned int timeout_ms, struct sg_cgroup *h);

/* Open an existing instance cgroup by its absolute path (the agent's stop,
 * from the record below). The last component must be samguard-<name_enc>
 * and the path must lie on a cgroup2 file system. Returns 0 or -errno. */
int sg_cgroup_open_path(const char *path, const char *name_enc, struct sg_cgroup *h);

/* SIGKILL every process in the cgroup and its descendants: cgroup.kill,
 * or on kernels before 5.14 freeze, SIGKILL each pid, thaw. 0 or -errno. */
int sg_cgroup_kill(const struct sg_cgroup *h);

/* 1 when a live process is in the cgroup (zombies are not), 0 when not,
 * -errno when cgroup.events cannot be read. */
int sg_cgroup_populated(const struct sg_cgroup *h);

/* Wait until cgroup.events says "populated 0" (POLLPRI on the file, no
 * sleeping in between), at most timeout_ms. 0, -ETIMEDOUT or -errno. */
int sg_cgroup_wait_empty(const struct sg_cgroup *h, unsigned int timeout_ms);

/* Remove the cgroup (depth first, sub-cgroups a root daemon made too) and
 * close the handle. 0, -EBUSY when still populated, or -errno. */
int sg_cgroup_remove(struct sg_cgroup *h);

/* Close the handle, keep the cgroup. */
void sg_cgroup_close(struct sg_cgroup *h);

/* The record of an instance's cgroup, so that stop finds it after the
 * supervisor is gone: <rundir>/<name_enc>.cgroup holds the path. */
int sg_cgroup_record_write(const char *rundir, const char *name_enc, const char *path);
int sg_cgroup_record_read(const char *rundir, const char *name_enc, char *path, size_t n);
int sg_cgroup_record_remove(const char *rundir, const char *name_enc);

#endif
