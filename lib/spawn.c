/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spawn.c - fork/exec with credentials, session, files, environment and
 * error report. Everything that may allocate or look anything up (the
 * environment, the user's identity) is done before fork; the child only
 * makes system calls. */
#include "spawn.h"

#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* The environment handed to execve, built in the parent. */
struct env {
	const char **v;            /* NULL-terminated once built */
	size_t n;
	char *own[4];              /* HOME, USER, LOGNAME, SHELL entries we allocated */
	char pid_entry[96];        /* NAME= then the child's pid, filled in by the child */
	size_t pid_prefix;         /* length of "NAME=" in pid_entry; 0: no such entry */
};

static size_t env_name_len(const char *entry)
{
	const char *eq = strchr(entry, '=');

	return eq ? (size_t)(eq - entry) : strlen(entry);
}

static int env_same_name(const char *a, const char *b)
{
	size_t la = env_name_len(a);

	return la == env_name_len(b) && memcmp(a, b, la) == 0;
}

static void env_del(struct env *e, const char *name)
{
	size_t i = 0;

	while (i < e->n) {
		if (env_same_name(e->v[i], name)) {
			memmove(&e->v[i], &e->v[i + 1], (e->n - i - 1) * sizeof(e->v[0]));
			e->n--;
		} else {
			i++;
		}
	}
}

/* Add or replace; room was counted in env_build. */
static void env_put(struct env *e, const char *entry)
{
	env_del(e, entry);
	e->v[e->n++] = entry;
}

/* What a daemon may take over from the supervisor: its locale and zone. */
static int env_passes_through(const char *entry)
{
	return !strncmp(entry, "LANG=", 5) || !strncmp(entry, "LC_", 3) || !strncmp(entry, "TZ=", 3);
}

static void env_free(struct env *e)
{
	free(e->v);
	for (size_t i = 0; i < SG_ARRAY_SIZE(e->own); i++)
		free(e->own[i]);
	memset(e, 0, sizeof(*e));
}

/* Build the child's whole environment: with a cred, a clean one made of
 * PATH, the user's passwd fields, locale and zone; without, ours. Then
 * env_unset, env_set and the pid entry. Returns 0 or -errno. */
static int env_build(const struct sg_spawn_opts *o, const struct sg_cred *c, struct env *e,
		     char *err, size_t n)
{
	static const char *const keys[] = { "HOME=", "USER=", "LOGNAME=", "SHELL=" };
	size_t cap = 2;

	memset(e, 0, sizeof(*e));
	for (char **p = environ; p && *p; p++)
		cap++;
	cap += SG_ARRAY_SIZE(keys) + 1;
	for (const char *const *s = o->env_set; s && *s; s++)
		cap++;
	e->v = calloc(cap, sizeof(e->v[0]));
	if (e->v == NULL)
		goto nomem;
	if (c) {
		const char *vals[] = { c->home, c->name, c->name, c->shell };

		e->v[e->n++] = "PATH=" SG_SPAWN_PATH;
		for (size_t i = 0; i < SG_ARRAY_SIZE(keys); i++) {
			if (asprintf(&e->own[i], "%s%s", keys[i], vals[i]) < 0) {
				e->own[i] = NULL;
				goto nomem;
			}
			e->v[e->n++] = e->own[i];
		}
		for (char **p = environ; p && *p; p++)
			if (env_passes_through(*p))
				env_put(e, *p);
	} else {
		for (char **p = environ; p && *p; p++)
			if (strchr(*p, '='))
				env_put(e, *p);
	}
	for (const char *const *u = o->env_unset; u && *u; u++)
		env_del(e, *u);
	for (const char *const *s = o->env_set; s && *s; s++)
		if (strchr(*s, '='))
			env_put(e, *s);
	if (o->env_pid_name) {
		int len = snprintf(e->pid_entry, sizeof(e->pid_entry), "%s=", o->env_pid_name);

		/* room for the pid itself */
		if (len < 0 || (size_t)len + 24 > sizeof(e->pid_entry) || strchr(o->env_pid_name, '=')) {
			env_free(e);
			snprintf(err, n, "bad variable name %.40s", o->env_pid_name);
			return -EINVAL;
		}
		e->pid_prefix = (size_t)len;
		env_put(e, e->pid_entry);
	}
	e->v[e->n] = NULL;
	return 0;
nomem:
	env_free(e);
	snprintf(err, n, "out of memory for the environment");
	return -ENOMEM;
}

/* In the child: report errno on the pipe and exit. */
static _Noreturn void child_fail(int fd, int err, const char *what, const char *arg)
{
	char buf[320];
	int len = snprintf(buf, sizeof(buf), "%d %s%s", err, what, arg ? arg : "");

	if (len > (int)sizeof(buf) - 1)
		len = (int)sizeof(buf) - 1;
	if (write(fd, buf, (size_t)len) < 0) {
		/* nothing more can be done */
	}
	_exit(127);
}

/* Open an output file as the (already dropped) user, as a shell's >> would
 * but refusing a symlink as the last component, and refusing anything but
 * a regular file or /dev/null: O_NONBLOCK keeps a FIFO without a reader
 * from hanging us (ENXIO), fstat refuses one with a reader. */
static int open_output(const char *path)
{
	struct stat st;
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK,
		      0640);
	int fl;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) != 0) {
		int e = errno;

		close(fd);
		return -e;
	}
	if (!S_ISREG(st.st_mode) && !(S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3))) {
		close(fd);
		return -EINVAL;
	}
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
		int e = errno;

		close(fd);
		return -e;
	}
	return fd;
}

/* Put an output file on fd `to`; report and exit on failure. */
static void child_output(int rfd, const char *path, int to)
{
	int fd = open_output(path);

	if (fd == -EINVAL)
		child_fail(rfd, EINVAL, to == 1 ? "logfile is neither a regular file nor /dev/null: "
						 : "errlogfile is neither a regular file nor /dev/null: ", path);
	if (fd < 0)
		child_fail(rfd, -fd, to == 1 ? "logfile " : "errlogfile ", path);
	if (dup2(fd, to) < 0)
		child_fail(rfd, errno, "dup2", NULL);
	if (fd > 2)
		close(fd);
}

/* The identity change. A caller that is not root and already is the
 * target cannot call setgroups(), and needs not. */
static void child_drop(int rfd, const struct sg_cred *c)
{
	if (geteuid() != 0 && c->uid == geteuid() && c->uid == getuid() && c->gid == getegid() &&
	    c->gid == getgid())
		return;
	if (setgroups(c->ngroups, c->groups) != 0)
		child_fail(rfd, errno, "setgroups", NULL);
	if (setresgid(c->gid, c->gid, c->gid) != 0)
		child_fail(rfd, errno, "setgid", NULL);
	if (setresuid(c->uid, c->uid, c->uid) != 0)
		child_fail(rfd, errno, "setuid", NULL);
}

/* After fork: system calls only (no allocation, no lookups). Order
 * matters: credentials first, so that workdir and the output files are
 * reached with the daemon's rights, never root's. */
static _Noreturn void child(const struct sg_spawn_opts *o, const struct sg_cred *c, struct env *e, int rfd)
{
	sigset_t all;
	int fd;

	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP)
			signal(s, SIG_DFL);
	if (o->cgroup_fd > 0) {
		/* "0" moves the writer itself; as root, before the drop */
		fd = openat(o->cgroup_fd, "cgroup.procs", O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, "0", 1) != 1)
			child_fail(rfd, errno, "join the instance cgroup", NULL);
		close(fd);
	}
	if (setsid() < 0)
		child_fail(rfd, errno, "setsid", NULL);
	if (o->pass_fd > 0) {
		/* the report pipe out of the way, then pass_fd as 3 (dup2
		 * clears close-on-exec; a pass_fd that is 3 already keeps it) */
		if (rfd == 3 && (rfd = fcntl(rfd, F_DUPFD_CLOEXEC, 4)) < 0)
			_exit(127);
		if (o->pass_fd == 3 ? fcntl(3, F_SETFD, 0) != 0 : dup2(o->pass_fd, 3) < 0)
			child_fail(rfd, errno, "pass a descriptor", NULL);
	}
	/* nothing but 0-2, the passed descriptor and the report pipe
	 * (close-on-exec) survives */
	{
		unsigned int first = o->pass_fd > 0 ? 4 : 3;

		if ((unsigned)rfd > first)
			close_range(first, (unsigned)rfd - 1, 0);
		close_range((unsigned)rfd + 1, ~0U, 0);
	}
	fd = open("/dev/null", O_RDONLY | O_NOCTTY);
	if (fd < 0 || dup2(fd, 0) < 0)
		child_fail(rfd, errno, "stdin /dev/null", NULL);
	if (fd > 2)
		close(fd);
	if (c)
		child_drop(rfd, c);
	if (o->workdir && chdir(o->workdir) != 0)
		child_fail(rfd, errno, "workdir ", o->workdir);
	child_output(rfd, o->out_path ? o->out_path : "/dev/null", 1);
	if (o->err_path) {
		child_output(rfd, o->err_path, 2);
	} else if (dup2(1, 2) < 0) {
		child_fail(rfd, errno, "dup2", NULL);
	}
	if (e->pid_prefix) {
		/* only the child knows its pid before exec (systemd's WATCHDOG_PID) */
		snprintf(e->pid_entry + e->pid_prefix, sizeof(e->pid_entry) - e->pid_prefix, "%d",
			 (int)getpid());
	}
	/* after the credential change, which would clear it */
	if (o->pdeathsig && prctl(PR_SET_PDEATHSIG, o->pdeathsig) != 0)
		child_fail(rfd, errno, "prctl", NULL);
	execve(o->path, o->argv, (char *const *)e->v);
	child_fail(rfd, errno, "exec", NULL);
}

pid_t sg_spawn(const struct sg_spawn_opts *o, char *err, size_t n)
{
	const struct sg_cred *c = o->cred;
	struct env e;
	int pfd[2], status, rc;
	pid_t pid;
	ssize_t len;
	char buf[320];

	rc = env_build(o, c, &e, err, n);
	if (rc < 0)
		return rc;
	if (pipe2(pfd, O_CLOEXEC) != 0) {
		rc = -errno;
		snprintf(err, n, "pipe: %s", strerror(-rc));
		goto out;
	}
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		close(pfd[0]);
		close(pfd[1]);
		snprintf(err, n, "fork: %s", strerror(-rc));
		goto out;
	}
	if (pid == 0) {
		close(pfd[0]);
		child(o, c, &e, pfd[1]);
	}
	close(pfd[1]);
	do {
		len = read(pfd[0], buf, sizeof(buf) - 1);
	} while (len < 0 && errno == EINTR);
	close(pfd[0]);
	rc = pid;
	if (len > 0) {
		int num = 0;
		char what[320] = "";

		buf[len] = '\0';
		sscanf(buf, "%d %319[^\n]", &num, what);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		snprintf(err, n, "cannot execute %s: %s: %s", o->path, what, strerror(num));
		rc = num > 0 ? -num : -EIO;
	}
out:
	env_free(&e);
	return rc;
}
