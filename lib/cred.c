/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cred.c - resolve a user's uid, gid, groups, home and shell once, in a
 * short-lived helper process: NSS loads its modules (libnss_systemd pulls
 * in libsystemd, libgcrypt, liblzma, libzstd, ...) into whoever looks a
 * user up, and their relocated pages stay private to that process for its
 * whole life. In the supervisor, which lives as long as its resource and
 * forks a SAM child that inherits them, that was about 150 KiB of RAM per
 * resource (bench/scale.sh). */
#include "cred.h"

#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PW_BUF_MAX (1024 * 1024)

/* getpwnam_r/getpwuid_r with a buffer grown on ERANGE. Returns 0 with *pw
 * filled and *buf to free, -ENOENT when there is no such entry, or -errno
 * when the database could not be read (which is not "no such user"). */
static int pw_lookup(const char *name, uid_t uid, struct passwd *pw, char **buf)
{
	long hint = sysconf(_SC_GETPW_R_SIZE_MAX);
	size_t size = hint > 0 ? (size_t)hint : 1024;
	struct passwd *res = NULL;
	int rc;

	for (;;) {
		char *b = realloc(*buf, size);

		if (b == NULL)
			return -ENOMEM;
		*buf = b;
		rc = name ? getpwnam_r(name, pw, b, size, &res) : getpwuid_r(uid, pw, b, size, &res);
		if (rc != ERANGE || size >= PW_BUF_MAX)
			break;
		size *= 2;
	}
	if (rc != 0)
		return -rc;
	return res ? 0 : -ENOENT;
}

/* The whole group list: getgrouplist() says how many it needs when the
 * buffer is short, so grow to that; beyond NGROUPS_MAX setgroups() would
 * refuse it anyway, so say so now instead of dropping groups later. */
static int group_list(const struct passwd *pw, struct sg_cred *c, char *err, size_t n)
{
	long lim = sysconf(_SC_NGROUPS_MAX);
	size_t max = lim > 0 ? (size_t)lim : 65536;
	int cnt = 64;

	for (;;) {
		int want = cnt;
		gid_t *g = realloc(c->groups, (size_t)want * sizeof(*g));

		if (g == NULL) {
			snprintf(err, n, "user %s: out of memory for %d groups", pw->pw_name, want);
			return -ENOMEM;
		}
		c->groups = g;
		if (getgrouplist(pw->pw_name, pw->pw_gid, g, &cnt) >= 0)
			break;
		/* cnt now holds the size needed; insist on growth to end the loop */
		if (cnt <= want)
			cnt = want * 2;
		if ((size_t)cnt > max + 1) {
			snprintf(err, n, "user %s is in more groups than the kernel allows (%zu)",
				 pw->pw_name, max);
			return -E2BIG;
		}
	}
	if (cnt < 1 || (size_t)cnt > max) {
		snprintf(err, n, "user %s: %d groups, the kernel allows %zu", pw->pw_name, cnt, max);
		return -E2BIG;
	}
	c->ngroups = (size_t)cnt;
	return 0;
}

/* The lookup itself, in the helper. */
static int resolve_here(const char *user, struct sg_cred *c, char *err, size_t n)
{
	struct passwd pw;
	char *buf = NULL;
	uint64_t num;
	int rc;

	memset(c, 0, sizeof(*c));
	rc = pw_lookup(user, 0, &pw, &buf);
	if (rc == -ENOENT && sg_parse_u64(user, 0, UINT32_MAX - 1, &num) == 0)
		rc = pw_lookup(NULL, (uid_t)num, &pw, &buf);
	if (rc == -ENOENT)
		snprintf(err, n, "user %s does not exist", user);
	else if (rc < 0)
		snprintf(err, n, "cannot look up user %s: %s", user, strerror(-rc));
	if (rc < 0)
		goto out;
	c->uid = pw.pw_uid;
	c->gid = pw.pw_gid;
	c->name = strdup(pw.pw_name);
	c->home = strdup(sg_str_empty(pw.pw_dir) ? "/" : pw.pw_dir);
	c->shell = strdup(sg_str_empty(pw.pw_shell) ? "/bin/sh" : pw.pw_shell);
	if (c->name == NULL || c->home == NULL || c->shell == NULL) {
		snprintf(err, n, "user %s: out of memory", user);
		rc = -ENOMEM;
		goto out;
	}
	rc = group_list(&pw, c, err, n);
out:
	free(buf);
	if (rc < 0)
		sg_cred_free(c);
	return rc;
}

/* What the helper sends back: this header, the groups, then name, home
 * and shell, each with its terminating NUL. */
struct cred_msg {
	int rc;
	uid_t uid;
	gid_t gid;
	size_t ngroups;
	size_t len[3];
	char err[256];
};

/* Write (out) or read all of len bytes; 0, or -1 on an error or an early
 * end of file. */
static int xfer_all(int fd, void *p, size_t len, int out)
{
	char *b = p;

	while (len > 0) {
		ssize_t r = out ? write(fd, b, len) : read(fd, b, len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		b += r;
		len -= (size_t)r;
	}
	return 0;
}

static int write_all(int fd, const void *p, size_t len)
{
	return xfer_all(fd, (void *)(uintptr_t)p, len, 1);
}

static int read_all(int fd, void *p, size_t len)
{
	return xfer_all(fd, p, len, 0);
}

/* The helper: look up, send, exit without running the caller's atexit
 * handlers or flushing its stdio. */
static void __attribute__((noreturn)) helper(int fd, const char *user)
{
	struct sg_cred c;
	struct cred_msg m;
	const char *s[3];

	memset(&m, 0, sizeof(m));
	m.rc = resolve_here(user, &c, m.err, sizeof(m.err));
	if (m.rc == 0) {
		m.uid = c.uid, m.gid = c.gid, m.ngroups = c.ngroups;
		s[0] = c.name, s[1] = c.home, s[2] = c.shell;
		for (int i = 0; i < 3; i++)
			m.len[i] = strlen(s[i]) + 1;
	}
	if (write_all(fd, &m, sizeof(m)) < 0)
		_exit(1);
	if (m.rc == 0) {
		if (write_all(fd, c.groups, c.ngroups * sizeof(gid_t)) < 0)
			_exit(1);
		for (int i = 0; i < 3; i++)
			if (write_all(fd, s[i], m.len[i]) < 0)
				_exit(1);
	}
	_exit(0);
}

/* Read one string of len bytes (NUL included) into a new buffer. */
static char *read_string(int fd, size_t len)
{
	char *p;

	if (len == 0 || len > PW_BUF_MAX || (p = malloc(len)) == NULL)
		return NULL;
	if (read_all(fd, p, len) < 0 || p[len - 1] != '\0') {
		free(p);
		return NULL;
	}
	return p;
}

int sg_cred_resolve(const char *user, struct sg_cred *c, char *err, size_t n)
{
	struct cred_msg m;
	int fds[2], status, rc = -EIO;
	pid_t pid;

	memset(c, 0, sizeof(*c));
	if (pipe2(fds, O_CLOEXEC) < 0) {
		rc = -errno;
		snprintf(err, n, "cannot look up user %s: pipe: %s", user, strerror(-rc));
		return rc;
	}
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		close(fds[0]);
		close(fds[1]);
		snprintf(err, n, "cannot look up user %s: fork: %s", user, strerror(-rc));
		return rc;
	}
	if (pid == 0) {
		close(fds[0]);
		helper(fds[1], user);
	}
	close(fds[1]);
	if (read_all(fds[0], &m, sizeof(m)) == 0) {
		m.err[sizeof(m.err) - 1] = '\0';
		rc = m.rc;
		if (rc < 0)
			snprintf(err, n, "%s", m.err);
		else if (m.ngroups == 0 || m.ngroups > (size_t)sysconf(_SC_NGROUPS_MAX) ||
			 (c->groups = calloc(m.ngroups, sizeof(gid_t))) == NULL ||
			 read_all(fds[0], c->groups, m.ngroups * sizeof(gid_t)) < 0 ||
			 (c->name = read_string(fds[0], m.len[0])) == NULL ||
			 (c->home = read_string(fds[0], m.len[1])) == NULL ||
			 (c->shell = read_string(fds[0], m.len[2])) == NULL) {
			sg_cred_free(c);
			rc = -EIO;
			snprintf(err, n, "cannot look up user %s: the lookup process sent a short answer", user);
		} else {
			c->uid = m.uid, c->gid = m.gid, c->ngroups = m.ngroups;
		}
	} else {
		snprintf(err, n, "cannot look up user %s: the lookup process died", user);
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return rc;
}

void sg_cred_free(struct sg_cred *c)
{
	free(c->groups);
	free(c->name);
	free(c->home);
	free(c->shell);
	memset(c, 0, sizeof(*c));
}
