/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cgroup.c - per-instance cgroup v2: create, kill, wait empty, remove. */
#include "cgroup.h"

#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif
#define MAX_DEPTH 16

/* mountinfo escapes blanks and backslashes as \ooo: undo in place. */
static void unescape_octal(char *s)
{
	char *w = s;

	for (char *r = s; *r; r++) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' && r[3] >= '0' &&
		    r[3] <= '7') {
			*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
			r += 3;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

int sg_cgroup_parse_mountinfo(const char *text, char *mnt, size_t mn, char *root, size_t rn)
{
	const char *line = text;

	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char buf[4096], *f[10] = { NULL }, *sep, *save = NULL, *tok;
		int nf = 0;

		if (len < sizeof(buf)) {
			memcpy(buf, line, len);
			buf[len] = '\0';
			/* id parent maj:min root mountpoint opts [optional...] - fstype source superopts */
			sep = strstr(buf, " - ");
			if (sep != NULL) {
				*sep = '\0';
				for (tok = strtok_r(buf, " ", &save); tok && nf < 5; tok = strtok_r(NULL, " ", &save))
					f[nf++] = tok;
				tok = strtok_r(sep + 3, " ", &save);
				if (nf == 5 && tok && !strcmp(tok, "cgroup2")) {
					unescape_octal(f[3]);
					unescape_octal(f[4]);
					if (sg_strlcpy(mnt, f[4], mn) < 0 || sg_strlcpy(root, f[3], rn) < 0)
						return -ENAMETOOLONG;
					return 0;
				}
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	return -ENOTSUP;
}

int sg_cgroup_parse_proc(const char *text, char *path, size_t n)
{
	const char *line = text;

	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);

		if (len >= 3 && !strncmp(line, "0::", 3)) {
			if (len - 3 >= n)
				return -ENAMETOOLONG;
			memcpy(path, line + 3, len - 3);
			path[len - 3] = '\0';
			return path[0] == '/' ? 0 : -ENOTSUP;
		}
		line = nl ? nl + 1 : NULL;
	}
	return -ENOTSUP;
}

int sg_cgroup_dir_at(const char *mountinfo, const char *proc_cgroup, char *dir, size_t n)
{
	static char text[65536];
	char mnt[PATH_MAX], root[PATH_MAX], cg[PATH_MAX];
	const char *rest;
	size_t rl;
	ssize_t len;
	int rc;

	len = sg_read_file(mountinfo, text, sizeof(text));
	if (len < 0)
		return (int)len;
	if ((rc = sg_cgroup_parse_mountinfo(text, mnt, sizeof(mnt), root, sizeof(root))) < 0)
		return rc;
	len = sg_read_file(proc_cgroup, text, sizeof(text));
	if (len < 0)
		return (int)len;
	if ((rc = sg_cgroup_parse_proc(text, cg, sizeof(cg))) < 0)
		return rc;
	/* " (deleted)" or a cgroup outside what is mounted here: unusable */
	if (strstr(cg, " (deleted)") != NULL)
		return -ENOENT;
	rl = strlen(root);
	if (!strcmp(root, "/"))
		rest = cg;
	else if (!strncmp(cg, root, rl) && (cg[rl] == '/' || cg[rl] == '\0'))
		rest = cg + rl;
	else
		return -ENOENT;
	if (!strcmp(rest, "/"))
		rest = "";
	if ((size_t)snprintf(dir, n, "%s%s", mnt, rest) >= n)
		return -ENAMETOOLONG;
	return 0;
}

/* Read cgroup.events through fd (from offset 0): the populated flag. */
static int events_populated(int fd)
{
	char buf[256];
	ssize_t len = pread(fd, buf, sizeof(buf) - 1, 0);
	const char *p;

	if (len < 0)
		return -errno;
	buf[len] = '\0';
	p = strstr(buf, "populated ");
	if (p == NULL)
		return -EIO;
	return p[10] == '1';
}

int sg_cgroup_populated(const struct sg_cgroup *h)
{
	int fd, rc;

	if (h->dfd < 0)
		return -EBADF;
	fd = openat(h->dfd, "cgroup.events", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = events_populated(fd);
	close(fd);
	return rc;
}

int sg_cgroup_wait_empty(const struct sg_cgroup *h, unsigned int timeout_ms)
{
	uint64_t end = sg_now_mono_ms() + timeout_ms;
	int fd, rc;

	if (h->dfd < 0)
		return -EBADF;
	fd = openat(h->dfd, "cgroup.events", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		/* read first: poll reports only changes after the last read */
		struct pollfd p = { .fd = fd, .events = POLLPRI };
		uint64_t now;

		rc = events_populated(fd);
		if (rc <= 0)
			break;
		now = sg_now_mono_ms();
		if (now >= end) {
			rc = -ETIMEDOUT;
			break;
		}
		if (poll(&p, 1, (int)(end - now)) < 0 && errno != EINTR) {
			rc = -errno;
			break;
		}
	}
	close(fd);
	return rc;
}

/* Write a short string to a file of the cgroup directory dfd. */
static int cg_write(int dfd, const char *file, const char *text)
{
	int fd = openat(dfd, file, O_WRONLY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

/* Pre-5.14 kernels: SIGKILL each pid of dfd and its sub-cgroups. */
static void kill_procs_tree(int dfd, int depth)
{
	char buf[8192];
	int fd = openat(dfd, "cgroup.procs", O_RDONLY | O_CLOEXEC);
	DIR *d;
	struct dirent *e;

	if (fd >= 0) {
		ssize_t len;

		/* cgroup.procs may be longer than buf: read it in rounds */
		while ((len = read(fd, buf, sizeof(buf) - 1)) > 0) {
			char *p = buf, *nl;

			buf[len] = '\0';
			while ((nl = strchr(p, '\n')) != NULL) {
				*nl = '\0';
				if (*p)
					kill((pid_t)atoi(p), SIGKILL);
				p = nl + 1;
			}
			if (*p) /* a number cut at the buffer's end */
				lseek(fd, -(off_t)strlen(p), SEEK_CUR);
			if (p == buf)
				break;
		}
		close(fd);
	}
	if (depth >= MAX_DEPTH || (fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return;
	d = fdopendir(fd);
	if (d == NULL) {
		close(fd);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		int sub;

		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		sub = openat(dfd, e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (sub >= 0) {
			kill_procs_tree(sub, depth + 1);
			close(sub);
		}
	}
	closedir(d);
}

int sg_cgroup_kill(const struct sg_cgroup *h)
{
	int rc;

	if (h->dfd < 0)
		return -EBADF;
	rc = cg_write(h->dfd, "cgroup.kill", "1");
	if (rc != -ENOENT)
		return rc;
	/* no cgroup.kill (Linux < 5.14): freeze so that nothing forks while
	 * we read the pids, kill each, thaw so that they can die */
	rc = cg_write(h->dfd, "cgroup.freeze", "1");
	kill_procs_tree(h->dfd, 0);
	if (rc == 0)
		cg_write(h->dfd, "cgroup.freeze", "0");
	else
		kill_procs_tree(h->dfd, 0); /* no freezer either: a second round for late forks */
	return 0;
}

void sg_cgroup_close(struct sg_cgroup *h)
{
	if (h->dfd >= 0)
		close(h->dfd);
	h->dfd = -1;
}

static int is_cgroup2(int fd)
{
	struct statfs sf;

	if (fstatfs(fd, &sf) != 0)
		return -errno;
	return sf.f_type == CGROUP2_SUPER_MAGIC ? 0 : -ENOTSUP;
}

int sg_cgroup_open_in(const char *dir_parent, const char *name_enc, unsigned int timeout_ms,
		      struct sg_cgroup *h)
{
	int rc;

	h->dfd = -1;
	if ((size_t)snprintf(h->path, sizeof(h->path), "%s/" SG_CGROUP_PREFIX "%s", dir_parent, name_enc) >=
	    sizeof(h->path))
		return -ENAMETOOLONG;
	if (mkdir(h->path, 0755) != 0 && errno != EEXIST)
		return -errno;
	h->dfd = open(h->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (h->dfd < 0)
		return -errno;
	if ((rc = is_cgroup2(h->dfd)) < 0 || (rc = sg_cgroup_populated(h)) < 0) {
		sg_cgroup_close(h);
		return rc == -ENOENT ? -ENOTSUP : rc;
	}
	if (rc == 1) {
		/* an earlier life left processes: they go first */
		sg_cgroup_kill(h);
		if (sg_cgroup_wait_empty(h, timeout_ms) != 0) {
			sg_cgroup_close(h);
			return -EBUSY;
		}
	}
	/* a writable cgroup.procs is what sg_spawn needs */
	if (faccessat(h->dfd, "cgroup.procs", W_OK, AT_EACCESS) != 0) {
		rc = -errno;
		sg_cgroup_close(h);
		return rc;
	}
	return 0;
}

int sg_cgroup_open_instance(const char *name_enc, unsigned int timeout_ms, struct sg_cgroup *h)
{
	char dir[PATH_MAX];
	const char *env = getenv("SG_CGROUP");
	int rc;

	h->dfd = -1;
	h->path[0] = '\0';
	if (env != NULL && !strcmp(env, "off"))
		return -ENOTSUP;
	rc = sg_cgroup_dir_at("/proc/self/mountinfo", "/proc/self/cgroup", dir, sizeof(dir));
	if (rc < 0)
		return rc;
	return sg_cgroup_open_in(dir, name_enc, timeout_ms, h);
}

int sg_cgroup_open_path(const char *path, const char *name_enc, struct sg_cgroup *h)
{
	const char *base = strrchr(path, '/');
	size_t pl = strlen(SG_CGROUP_PREFIX);
	int rc;

	h->dfd = -1;
	if (base == NULL || strncmp(base + 1, SG_CGROUP_PREFIX, pl) || strcmp(base + 1 + pl, name_enc))
		return -EINVAL;
	if (sg_strlcpy(h->path, path, sizeof(h->path)) < 0)
		return -ENAMETOOLONG;
	h->dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (h->dfd < 0)
		return -errno;
	if ((rc = is_cgroup2(h->dfd)) < 0) {
		sg_cgroup_close(h);
		return rc;
	}
	return 0;
}

/* rmdir every sub-cgroup of dfd, deepest first. */
static int remove_children(int dfd, int depth)
{
	int fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;
	DIR *d;
	struct dirent *e;

	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (d == NULL) {
		close(fd);
		return -errno;
	}
	while ((e = readdir(d)) != NULL) {
		int sub;

		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		if (depth >= MAX_DEPTH) {
			rc = -ELOOP;
			continue;
		}
		sub = openat(dfd, e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (sub >= 0) {
			int r = remove_children(sub, depth + 1);

			close(sub);
			if (r < 0)
				rc = r;
		}
		if (unlinkat(dfd, e->d_name, AT_REMOVEDIR) != 0 && errno != ENOENT)
			rc = -errno;
	}
	closedir(d);
	return rc;
}

int sg_cgroup_remove(struct sg_cgroup *h)
{
	int rc;

	if (h->dfd < 0)
		return -EBADF;
	rc = sg_cgroup_populated(h);
	if (rc == 1) {
		sg_cgroup_close(h);
		return -EBUSY;
	}
	remove_children(h->dfd, 0);
	sg_cgroup_close(h);
	if (rmdir(h->path) != 0 && errno != ENOENT)
		return -errno;
	return 0;
}

static int record_path(const char *rundir, const char *name_enc, char *buf, size_t n)
{
	if ((size_t)snprintf(buf, n, "%s/%s.cgroup", rundir, name_enc) >= n)
		return -ENAMETOOLONG;
	return 0;
}

int sg_cgroup_record_write(const char *rundir, const char *name_enc, const char *path)
{
	char file[PATH_MAX], line[PATH_MAX + 2];
	int rc, len;

	if ((rc = record_path(rundir, name_enc, file, sizeof(file))) < 0)
		return rc;
	if (mkdir(rundir, 0750) != 0 && errno != EEXIST)
		return -errno;
	len = snprintf(line, sizeof(line), "%s\n", path);
	if (len < 0 || (size_t)len >= sizeof(line))
		return -ENAMETOOLONG;
	return sg_write_file_atomic(file, line, (size_t)len, 0640);
}

int sg_cgroup_record_read(const char *rundir, const char *name_enc, char *path, size_t n)
{
	char file[PATH_MAX];
	ssize_t len;
	int rc;

	if ((rc = record_path(rundir, name_enc, file, sizeof(file))) < 0)
		return rc;
	len = sg_read_file(file, path, n);
	if (len < 0)
		return (int)len;
	if (len > 0 && path[len - 1] == '\n')
		path[--len] = '\0';
	if (len == 0 || path[0] != '/' || strchr(path, '\n') != NULL)
		return -EINVAL;
	return 0;
}

int sg_cgroup_record_remove(const char *rundir, const char *name_enc)
{
	char file[PATH_MAX];
	int rc;

	if ((rc = record_path(rundir, name_enc, file, sizeof(file))) < 0)
		return rc;
	if (unlink(file) != 0 && errno != ENOENT)
		return -errno;
	return 0;
}
