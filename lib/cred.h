/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cred.h - the identity a spawned program runs as, resolved once.
 *
 * User and group databases may live in LDAP or SSSD: a lookup can block for
 * minutes during an outage. The supervisor resolves the daemon's user once,
 * before sam_register(), and every later spawn (each restart, each
 * health_cmd run) reuses the result without touching NSS again. */
#ifndef SG_CRED_H
#define SG_CRED_H

#include <stddef.h>
#include <sys/types.h>

struct sg_cred {
	uid_t uid;
	gid_t gid;        /* primary group */
	gid_t *groups;    /* every group as getgrouplist() gives it, primary included; heap */
	size_t ngroups;
	char *name;       /* pw_name; heap */
	char *home;       /* pw_dir, "/" when empty; heap */
	char *shell;      /* pw_shell, "/bin/sh" when empty (passwd(5)); heap */
};

/* Resolve a user name or numeric uid with its full group list (any size up
 * to the kernel's NGROUPS_MAX). Never truncates the group list: a list that
 * cannot be read whole is an error. Returns 0, -ENOENT (no such user),
 * -E2BIG (more groups than the kernel allows), -ENOMEM or the -errno of the
 * failed lookup; err[n] says why. On error c holds nothing to free. */
int sg_cred_resolve(const char *user, struct sg_cred *c, char *err, size_t n);

/* Free what sg_cred_resolve allocated; c may be zeroed or freed already. */
void sg_cred_free(struct sg_cred *c);

#endif
