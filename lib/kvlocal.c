/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kvlocal.c - the local state store (kvlocal.h): cmap's calls on a
 * directory of one file per key. */
#include "kvlocal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#define KVL_HANDLES 16

struct kvl_track {
	int used;
	char key[CMAP_KEYNAME_MAXLEN + 1];
	int32_t type;
	cmap_notify_fn_t fn;
	void *user_data;
};

struct kvl_iter {
	int used;
	char **names;
	size_t n, pos;
};

/* A sorted set of key names. */
struct kvl_set {
	char **v;
	size_t n, cap;
};

struct kvl {
	int used;
	int dfd;                        /* the store directory */
	int ifd;                        /* inotify; watches the directory once a track exists */
	int watching;
	unsigned int seq;               /* temporary file names */
	struct kvl_track *tracks;
	size_t ntracks;
	struct kvl_iter *iters;
	size_t niters;
	struct kvl_set known;           /* keys present, as the tracks were told */
};

static struct kvl kvl[KVL_HANDLES];

static struct kvl *get(cmap_handle_t h)
{
	if (h == 0 || h > KVL_HANDLES || !kvl[h - 1].used)
		return NULL;
	return &kvl[h - 1];
}

int sg_kvl_key_valid(const char *key)
{
	size_t len = 0;

	if (key == NULL || key[0] == '\0' || key[0] == '.')
		return 0;
	for (const char *p = key; *p; p++, len++) {
		char c = *p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
		      c == '_' || c == ':' || c == '-'))
			return 0;
	}
	return len <= CMAP_KEYNAME_MAXLEN;
}

/* Open the store directory, creating it (0700) when we are root, and
 * check it: a directory owned by root that nobody else can write. */
static int open_store(void)
{
	struct stat st;
	int fd;

	if (geteuid() == 0) {
		int rc = sg_rundir_prepare();

		if (rc < 0)
			return rc;
		if (mkdir(SG_KVL_DIR, 0700) != 0 && errno != EEXIST)
			return -errno;
	}
	fd = open(SG_KVL_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) != 0 || st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH))) {
		close(fd);
		return -EPERM;
	}
	return fd;
}

cs_error_t sg_kvl_initialize(cmap_handle_t *handle)
{
	int fd;

	for (size_t i = 0; i < KVL_HANDLES; i++) {
		if (kvl[i].used)
			continue;
		fd = open_store();
		if (fd == -EPERM)
			return CS_ERR_SECURITY;
		if (fd == -EACCES || fd == -ENOENT)
			return CS_ERR_ACCESS;
		if (fd < 0)
			return CS_ERR_LIBRARY;
		memset(&kvl[i], 0, sizeof(kvl[i]));
		kvl[i].used = 1;
		kvl[i].dfd = fd;
		kvl[i].ifd = -1;
		*handle = i + 1;
		return CS_OK;
	}
	return CS_ERR_NO_RESOURCES;
}

static void set_free(struct kvl_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static void iter_free(struct kvl_iter *it)
{
	for (size_t i = 0; i < it->n; i++)
		free(it->names[i]);
	free(it->names);
	memset(it, 0, sizeof(*it));
}

cs_error_t sg_kvl_finalize(cmap_handle_t handle)
{
	struct kvl *k = get(handle);

	if (k == NULL)
		return CS_ERR_BAD_HANDLE;
	close(k->dfd);
	if (k->ifd >= 0)
		close(k->ifd);
	for (size_t i = 0; i < k->niters; i++)
		iter_free(&k->iters[i]);
	free(k->iters);
	free(k->tracks);
	set_free(&k->known);
	memset(k, 0, sizeof(*k));
	return CS_OK;
}

static int ensure_inotify(struct kvl *k)
{
	if (k->ifd < 0)
		k->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	return k->ifd;
}

cs_error_t sg_kvl_fd_get(cmap_handle_t handle, int *fd)
{
	struct kvl *k = get(handle);

	if (k == NULL)
		return CS_ERR_BAD_HANDLE;
	/* without a track the descriptor watches nothing and never wakes its
	 * poller: a supervisor that polls it only for a hang-up is not woken
	 * by every other supervisor's writes */
	if (ensure_inotify(k) < 0)
		return CS_ERR_NO_RESOURCES;
	*fd = k->ifd;
	return CS_OK;
}

/* Open key's file: a root-owned regular file that nobody else may write,
 * not a symlink. Returns the descriptor (its size in *size), -ENOENT, -EPERM
 * or another -errno. */
static int open_key(struct kvl *k, const char *key, off_t *size)
{
	struct stat st;
	int fd = openat(k->dfd, key, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return errno == ELOOP ? -EPERM : -errno;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH))) {
		close(fd);
		return -EPERM;
	}
	*size = st.st_size;
	return fd;
}

/* Read key's file (open_key), at most n bytes: the whole of it, or with
 * n == 1 only the type byte. Returns the value's length (buf[0] is the
 * type), -ENOENT, or another -errno. */
static ssize_t read_key(struct kvl *k, const char *key, unsigned char *buf, size_t n)
{
	off_t size = 0;
	ssize_t len = 0, r;
	int fd = open_key(k, key, &size);

	if (fd < 0)
		return fd;
	while ((size_t)len < n && (r = read(fd, buf + len, n - (size_t)len)) > 0)
		len += r;
	close(fd);
	if (len < 1 || size < 1)
		return -EIO;            /* no type byte: never written so */
	if (size > SG_KVL_VALUE_MAX + 1)
		return -EFBIG;
	return n == 1 ? (ssize_t)size - 1 : len - 1;
}

static cs_error_t cs_from_errno(ssize_t rc)
{
	switch (rc) {
	case 0: return CS_OK;
	case -ENOENT: return CS_ERR_NOT_EXIST;
	case -EPERM: return CS_ERR_SECURITY;
	case -EACCES: return CS_ERR_ACCESS;
	case -ENOMEM: return CS_ERR_NO_MEMORY;
	case -EFBIG: return CS_ERR_TOO_BIG;
	default: return CS_ERR_LIBRARY;
	}
}

cs_error_t sg_kvl_set(cmap_handle_t handle, const char *key, const void *value, size_t len,
		      cmap_value_types_t type)
{
	struct kvl *k = get(handle);
	char tmp[64];
	unsigned char t = (unsigned char)type;
	struct iovec iov[2] = { { &t, 1 }, { (void *)value, len } };
	ssize_t w;
	int fd;

	if (k == NULL)
		return CS_ERR_BAD_HANDLE;
	if (!sg_kvl_key_valid(key) || (value == NULL && len) || type < CMAP_VALUETYPE_INT8 ||
	    type > CMAP_VALUETYPE_BINARY)
		return CS_ERR_INVALID_PARAM;
	if (len > SG_KVL_VALUE_MAX)
		return CS_ERR_TOO_BIG;
	snprintf(tmp, sizeof(tmp), ".%ld.%u", (long)getpid(), ++k->seq);
	fd = openat(k->dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return cs_from_errno(-errno);
	w = writev(fd, iov, 2);
	if (close(fd) != 0 || w != (ssize_t)(len + 1) || renameat(k->dfd, tmp, k->dfd, key) != 0) {
		unlinkat(k->dfd, tmp, 0);
		return CS_ERR_LIBRARY;
	}
	return CS_OK;
}

cs_error_t sg_kvl_get(cmap_handle_t handle, const char *key, void *value, size_t *len,
		      cmap_value_types_t *type)
{
	struct kvl *k = get(handle);
	unsigned char buf[SG_KVL_VALUE_MAX + 2];
	ssize_t n;

	if (k == NULL)
		return CS_ERR_BAD_HANDLE;
	if (!sg_kvl_key_valid(key))
		return CS_ERR_NOT_EXIST;
	n = read_key(k, key, buf, sizeof(buf));
	if (n < 0)
		return cs_from_errno(n);
	if (value != NULL) {
		if (len == NULL || *len < (size_t)n)
			return CS_ERR_INVALID_PARAM;
		memcpy(value, buf + 1, (size_t)n);
	}
	if (len != NULL)
		*len = (size_t)n;
	if (type != NULL)
		*type = (cmap_value_types_t)buf[0];
	return CS_OK;
}

cs_error_t sg_kvl_delete(cmap_handle_t handle, const char *key)
{
	struct kvl *k = get(handle);

	if (k == NULL)
		return CS_ERR_BAD_HANDLE;
	if (!sg_kvl_key_valid(key))
		return CS_ERR_NOT_EXIST;
	if (unlinkat(k->dfd, key, 0) != 0)
		return cs_from_errno(-errno);
	return CS_OK;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Remove a temporary file whose writer is dead (SIGKILLed between create
 * and rename); only root can, and only root's files are there. */
static void sweep_tmp(int dfd, const char *name)
{
	char *end;
	long pid = strtol(name + 1, &end, 10);

	if (geteuid() == 0 && pid > 0 && *end == '.' && kill((pid_t)pid, 0) != 0 && errno == ESRCH)
		unlinkat(dfd, name, 0);
}

/* The sorted names under prefix; *out is malloc'd. Returns the count or -errno. */
static ssize_t list_keys(struct kvl *k, const char *prefix, char ***out)
{
	size_t plen = strlen(prefix), n = 0, cap = 0;
	char **v = NULL;
	struct dirent *de;
	int fd = openat(k->dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;

	if (d == NULL) {
		if (fd >= 0)
			close(fd);
		return -ENOMEM;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.') {
			if (de->d_name[1] && de->d_name[1] != '.')
				sweep_tmp(k->dfd, de->d_name);
			continue;
		}
		if (strncmp(de->d_name, prefix, plen) || !sg_kvl_key_valid(de->d_name))
			continue;
		if (n == cap) {
			char **nv = realloc(v, (cap ? cap * 2 : 64) * sizeof(*v));

			if (nv == NULL)
				goto nomem;
			v = nv;
			cap = cap ? cap * 2 : 64;
		}
		if ((v[n] = strdup(de->d_name)) == NULL)
			goto nomem;
		n++;
	}
	closedir(d);
	if (n)
		qsort(v, n, sizeof(*v), cmp_names);
	*out = v;
	return (ssize_t)n;
nomem:
	closedir(d);
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return -ENOMEM;
}

int sg_kvl_in_use(void)
{
	DIR *d = opendir(SG_KVL_DIR);
	struct dirent *de;
	int found = 0;

	if (d == NULL)
		return 0;
	while (!found && (de = readdir(d)) != NULL)
		found = de->d_name[0] != '.';
	closedir(d);
	return found;
}

cs_error_t sg_kvl_iter_init(cmap_handle_t handle, const char *prefix, cmap_iter_handle_t *iter)
{
	struct kvl *k = get(handle);
	struct kvl_iter *it = NULL;
	ssize_t n;
	size_t i;

	if (k == NULL)
		return CS_ERR_BAD_HANDLE;
	for (i = 0; i < k->niters; i++)
		if (!k->iters[i].used)
			break;
	if (i == k->niters) {
		struct kvl_iter *nv = realloc(k->iters, (k->niters + 1) * sizeof(*nv));

		if (nv == NULL)
			return CS_ERR_NO_MEMORY;
		k->iters = nv;
		memset(&k->iters[k->niters++], 0, sizeof(*nv));
	}
	it = &k->iters[i];
	n = list_keys(k, prefix ? prefix : "", &it->names);
	if (n < 0)
		return CS_ERR_NO_MEMORY;
	it->n = (size_t)n;
	it->pos = 0;
	it->used = 1;
	*iter = i + 1;
	return CS_OK;
}

static struct kvl_iter *get_iter(struct kvl *k, cmap_iter_handle_t iter)
{
	if (iter == 0 || iter > k->niters || !k->iters[iter - 1].used)
		return NULL;
	return &k->iters[iter - 1];
}

cs_error_t sg_kvl_iter_next(cmap_handle_t handle, cmap_iter_handle_t iter, char key[], size_t *len,
			    cmap_value_types_t *type)
{
	struct kvl *k = get(handle);
	struct kvl_iter *it = k ? get_iter(k, iter) : NULL;

	if (it == NULL)
		return CS_ERR_BAD_HANDLE;
	while (it->pos < it->n) {
		const char *name = it->names[it->pos++];
		unsigned char t;
		ssize_t n = read_key(k, name, &t, 1);    /* the type byte and the size */

		if (n == -ENOENT)
			continue;       /* deleted since the listing */
		if (n < 0)
			return cs_from_errno(n);
		if (len != NULL)
			*len = (size_t)n;
		if (type != NULL)
			*type = (cmap_value_types_t)t;
		snprintf(key, CMAP_KEYNAME_MAXLEN + 1, "%s", name);
		return CS_OK;
	}
	return CS_ERR_NO_SECTIONS;
}

cs_error_t sg_kvl_iter_finalize(cmap_handle_t handle, cmap_iter_handle_t iter)
{
	struct kvl *k = get(handle);
	struct kvl_iter *it = k ? get_iter(k, iter) : NULL;

	if (it == NULL)
		return CS_ERR_BAD_HANDLE;
	iter_free(it);
	return CS_OK;
}

/* Position of name in s (found: *at set, 1) or where it goes (0). */
static int set_find(const struct kvl_set *s, const char *name, size_t *at)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->v[mid], name);

		if (c == 0) {
			*at = mid;
			return 1;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return 0;
}

static int set_add(struct kvl_set *s, const char *name)
{
	size_t at;
	char *c;

	if (set_find(s, name, &at))
		return 0;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		char **nv = realloc(s->v, cap * sizeof(*nv));

		if (nv == NULL)
			return -ENOMEM;
		s->v = nv;
		s->cap = cap;
	}
	if ((c = strdup(name)) == NULL)
		return -ENOMEM;
	memmove(&s->v[at + 1], &s->v[at], (s->n - at) * sizeof(*s->v));
	s->v[at] = c;
	s->n++;
	return 0;
}

static void set_remove(struct kvl_set *s, size_t at)
{
	free(s->v[at]);
	memmove(&s->v[at], &s->v[at + 1], (s->n - at - 1) * sizeof(*s->v));
	s->n--;
}

/* Start watching the directory and learn which keys exist, so that the
 * first change of each is told as a modify, a new key as an add. */
static cs_error_t start_watch(struct kvl *k)
{
	char **names;
	ssize_t n;

	if (ensure_inotify(k) < 0)
		return CS_ERR_NO_RESOURCES;
	if (inotify_add_watch(k->ifd, SG_KVL_DIR, IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_DONT_FOLLOW | IN_ONLYDIR) < 0)
		return CS_ERR_LIBRARY;
	n = list_keys(k, "", &names);
	if (n < 0)
		return CS_ERR_NO_MEMORY;
	set_free(&k->known);
	k->known.v = names;
	k->known.n = k->known.cap = (size_t)n;
	k->watching = 1;
	return CS_OK;
}

cs_error_t sg_kvl_track_add(cmap_handle_t handle, const char *key, int32_t track_type, cmap_notify_fn_t fn,
			    void *user_data, cmap_track_handle_t *track)
{
	struct kvl *k = get(handle);
	size_t i;

	if (k == NULL)
		return CS_ERR_BAD_HANDLE;
	if (key == NULL || strlen(key) > CMAP_KEYNAME_MAXLEN || fn == NULL ||
	    !(track_type & (CMAP_TRACK_ADD | CMAP_TRACK_DELETE | CMAP_TRACK_MODIFY)))
		return CS_ERR_INVALID_PARAM;
	if (!k->watching) {
		cs_error_t err = start_watch(k);

		if (err != CS_OK)
			return err;
	}
	for (i = 0; i < k->ntracks; i++)
		if (!k->tracks[i].used)
			break;
	if (i == k->ntracks) {
		struct kvl_track *nv = realloc(k->tracks, (k->ntracks + 1) * sizeof(*nv));

		if (nv == NULL)
			return CS_ERR_NO_MEMORY;
		k->tracks = nv;
		k->ntracks++;
	}
	k->tracks[i] = (struct kvl_track){ .used = 1, .type = track_type, .fn = fn, .user_data = user_data };
	snprintf(k->tracks[i].key, sizeof(k->tracks[i].key), "%s", key);
	*track = i + 1;
	return CS_OK;
}

cs_error_t sg_kvl_track_delete(cmap_handle_t handle, cmap_track_handle_t track)
{
	struct kvl *k = get(handle);

	if (k == NULL)
		return CS_ERR_BAD_HANDLE;
	if (track == 0 || track > k->ntracks || !k->tracks[track - 1].used)
		return CS_ERR_NOT_EXIST;
	k->tracks[track - 1].used = 0;
	return CS_OK;
}

/* Tell every track that wants it that key had event. */
static void notify(cmap_handle_t handle, struct kvl *k, const char *key, int32_t event, const unsigned char *buf,
		   ssize_t len)
{
	struct cmap_notify_value nv = { 0 }, ov = { 0 };

	if (len >= 0) {
		nv.type = (cmap_value_types_t)buf[0];
		nv.len = (size_t)len;
		nv.data = buf + 1;
	}
	/* a callback may add or delete tracks: index, and re-check each */
	for (size_t i = 0; i < k->ntracks; i++) {
		struct kvl_track *t = &k->tracks[i];
		size_t tl;

		if (!t->used || !(t->type & event))
			continue;
		tl = strlen(t->key);
		if ((t->type & CMAP_TRACK_PREFIX) ? strncmp(key, t->key, tl) != 0 : strcmp(key, t->key) != 0)
			continue;
		t->fn(handle, i + 1, event, key, nv, ov, t->user_data);
		k = get(handle);        /* a callback may even finalize */
		if (k == NULL)
			return;
	}
}

/* One key may have changed: compare with what the tracks know. */
static void key_changed(cmap_handle_t handle, struct kvl *k, const char *key)
{
	static unsigned char buf[SG_KVL_VALUE_MAX + 2];
	ssize_t len;
	size_t at;
	int known;

	if (!sg_kvl_key_valid(key))
		return;
	len = read_key(k, key, buf, sizeof(buf));
	known = set_find(&k->known, key, &at);
	if (len < 0) {
		if (known) {
			set_remove(&k->known, at);
			notify(handle, k, key, CMAP_TRACK_DELETE, NULL, -1);
		}
		return;
	}
	if (!known && set_add(&k->known, key) < 0)
		return;
	notify(handle, k, key, known ? CMAP_TRACK_MODIFY : CMAP_TRACK_ADD, buf, len);
}

/* The event queue overflowed: compare the whole directory with what the
 * tracks know; every present key is told as changed. */
static void resync(cmap_handle_t handle, struct kvl *k)
{
	char **names;
	ssize_t n = list_keys(k, "", &names);

	if (n < 0)
		return;
	for (size_t i = 0; (k = get(handle)) != NULL && i < k->known.n;) {
		char key[CMAP_KEYNAME_MAXLEN + 1];

		if (bsearch(&k->known.v[i], names, (size_t)n, sizeof(*names), cmp_names) != NULL) {
			i++;
			continue;
		}
		snprintf(key, sizeof(key), "%s", k->known.v[i]);
		set_remove(&k->known, i);
		notify(handle, k, key, CMAP_TRACK_DELETE, NULL, -1);
	}
	for (ssize_t i = 0; i < n; i++) {
		if ((k = get(handle)) != NULL)
			key_changed(handle, k, names[i]);
		free(names[i]);
	}
	free(names);
}

cs_error_t sg_kvl_dispatch(cmap_handle_t handle, cs_dispatch_flags_t dispatch_types)
{
	char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
	struct kvl *k = get(handle);

	if (k == NULL)
		return CS_ERR_BAD_HANDLE;
	if (k->ifd < 0)
		return CS_OK;
	if (dispatch_types == CS_DISPATCH_BLOCKING) {
		struct pollfd p = { .fd = k->ifd, .events = POLLIN };

		while (poll(&p, 1, -1) < 0 && errno == EINTR)
			;
	}
	for (;;) {
		ssize_t n = read(k->ifd, buf, sizeof(buf));

		if (n <= 0)
			return n < 0 && errno != EAGAIN && errno != EINTR ? CS_ERR_LIBRARY : CS_OK;
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;

			p += sizeof(*ev) + ev->len;
			if ((k = get(handle)) == NULL)
				return CS_OK;
			if (ev->mask & IN_Q_OVERFLOW)
				resync(handle, k);
			else if (ev->len && ev->name[0] != '.')
				key_changed(handle, k, ev->name);
		}
		if (dispatch_types == CS_DISPATCH_ONE)
			return CS_OK;
	}
}
