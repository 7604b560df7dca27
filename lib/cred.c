/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cred.c - resolve a user's uid, gid, groups, home and shell once. */
#include "cred.h"

#include "util.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int sg_cred_resolve(const char *user, struct sg_cred *c, char *err, size_t n)
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

void sg_cred_free(struct sg_cred *c)
{
	free(c->groups);
	free(c->name);
	free(c->home);
	free(c->shell);
	memset(c, 0, sizeof(*c));
}
