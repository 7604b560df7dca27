/* SPDX-License-Identifier: GPL-2.0-or-later */
/* failstore.c - failure records on disk, safe against a daemon's user
 * planting links (see failstore.h). */
#include "failstore.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int sg_failstore_name(time_t sec, unsigned int ms, unsigned int instance, char *buf, size_t n)
{
	struct tm tm;
	char t[32];

	if (gmtime_r(&sec, &tm) == NULL || strftime(t, sizeof(t), "%Y%m%dT%H%M%S", &tm) == 0)
		return -EINVAL;
	if ((size_t)snprintf(buf, n, "%s.%03uZ-%u" SG_FAILSTORE_SUFFIX, t, ms % 1000, instance) >= n)
		return -ENAMETOOLONG;
	return 0;
}

/* A directory of ours that nobody else may write: fix our own mode to
 * 0700, refuse anything else. */
static int check_dir(int fd)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	if (st.st_uid != geteuid())
		return -EPERM;
	if ((st.st_mode & 07777) != 0700 && fchmod(fd, 0700) != 0)
		return -errno;
	return 0;
}

/* Open (creating it 0700 if missing) the directory name below at, never
 * following a link. */
static int open_dir_at(int at, const char *name)
{
	int fd, rc;

	if (mkdirat(at, name, 0700) != 0 && errno != EEXIST)
		return -errno;
	fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOTDIR ? -ELOOP : -errno; /* a symlink gives ENOTDIR or ELOOP */
	if ((rc = check_dir(fd)) < 0) {
		close(fd);
		return rc;
	}
	return fd;
}

/* mkdir -p for the parents of dir (0755, as /var/lib/samguard should be). */
static int make_parents(const char *dir)
{
	char p[PATH_MAX];
	size_t len = strlen(dir);

	if (len >= sizeof(p) || dir[0] != '/')
		return -EINVAL;
	memcpy(p, dir, len + 1);
	for (char *s = p + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_record(const char *name)
{
	size_t len = strlen(name), sl = strlen(SG_FAILSTORE_SUFFIX);

	return name[0] >= '0' && name[0] <= '9' && len > sl && !strcmp(name + len - sl, SG_FAILSTORE_SUFFIX);
}

int sg_failstore_rotate(int dfd, unsigned int keep)
{
	char **names = NULL;
	size_t count = 0, cap = 0;
	struct dirent *de;
	int fd = dup(dfd), removed = 0, rc = 0;
	DIR *d;

	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (d == NULL) {
		rc = -errno;
		close(fd);
		return rc;
	}
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		if (!is_record(de->d_name))
			continue;
		if (count == cap) {
			char **more = realloc(names, (cap = cap ? cap * 2 : 16) * sizeof(*names));

			if (more == NULL) {
				rc = -ENOMEM;
				break;
			}
			names = more;
		}
		if ((names[count] = strdup(de->d_name)) == NULL) {
			rc = -ENOMEM;
			break;
		}
		count++;
	}
	closedir(d);
	if (rc == 0 && count > keep) {
		qsort(names, count, sizeof(*names), cmp_names);
		for (size_t i = 0; i < count - keep; i++)
			if (unlinkat(dfd, names[i], 0) == 0)
				removed++;
	}
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
	return rc < 0 ? rc : removed;
}

int sg_failstore_save(const char *dir, const char *enc, const char *name, const char *text, size_t len,
		      unsigned int keep, char *path, size_t pn)
{
	int top, dfd, fd, rc = 0;
	size_t off = 0;

	if (strchr(enc, '/') || strchr(name, '/') || enc[0] == '.' || name[0] == '.' || keep == 0)
		return -EINVAL;
	if ((size_t)snprintf(path, pn, "%s/%s/%s", dir, enc, name) >= pn)
		return -ENAMETOOLONG;
	if ((rc = make_parents(dir)) < 0)
		return rc;
	top = open_dir_at(AT_FDCWD, dir);
	if (top < 0)
		return top;
	dfd = open_dir_at(top, enc);
	close(top);
	if (dfd < 0)
		return dfd;
	fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = -errno;
		close(dfd);
		return rc;
	}
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			break;
		}
		off += (size_t)w;
	}
	if (close(fd) != 0 && rc == 0)
		rc = -errno;
	if (rc == 0) {
		int r = sg_failstore_rotate(dfd, keep);

		rc = r < 0 ? r : 0;
	} else {
		unlinkat(dfd, name, 0);
	}
	close(dfd);
	return rc;
}
