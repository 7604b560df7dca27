/* SPDX-License-Identifier: GPL-2.0-or-later */
/* push.c - whether and how the supervisor reports a give-up to Pacemaker
 * (crm_resource --fail): validation, argv, decision. Pure. */
#include "push.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int sg_push_valid_rsc(const char *id)
{
	const char *colon;
	size_t len;

	if (id == NULL || (len = strlen(id)) == 0 || len > SG_PUSH_ID_MAX)
		return -EINVAL;
	if (!is_alpha(id[0]) && id[0] != '_')
		return -EINVAL;
	colon = strchr(id, ':');
	for (const char *p = id + 1; p < (colon ? colon : id + len); p++)
		if (!is_alpha(*p) && !is_digit(*p) && *p != '_' && *p != '.' && *p != '-')
			return -EINVAL;
	if (colon) {
		/* a clone instance: ":N", digits only */
		if (colon[1] == '\0')
			return -EINVAL;
		for (const char *p = colon + 1; *p; p++)
			if (!is_digit(*p))
				return -EINVAL;
	}
	return 0;
}

int sg_push_valid_node(const char *node)
{
	size_t len;

	if (node == NULL || (len = strlen(node)) == 0 || len > SG_PUSH_ID_MAX)
		return -EINVAL;
	/* never an option to crm_resource, never a path component trick */
	if (node[0] == '-' || node[0] == '.')
		return -EINVAL;
	for (const char *p = node; *p; p++)
		if (!is_alpha(*p) && !is_digit(*p) && *p != '_' && *p != '.' && *p != '-')
			return -EINVAL;
	return 0;
}

int sg_push_argv(const char *argv[SG_PUSH_ARGV_MAX], const char *rsc, const char *node)
{
	if (sg_push_valid_rsc(rsc) < 0 || sg_push_valid_node(node) < 0)
		return -EINVAL;
	argv[0] = SG_CRM_RESOURCE;
	argv[1] = "--fail";
	argv[2] = "--resource";
	argv[3] = rsc;
	argv[4] = "--node";
	argv[5] = node;
	argv[6] = NULL;
	return 0;
}

int sg_push_wanted(int enabled, int remote_node, const char *node, const char *on_fail, char *reason, size_t n)
{
	if (!enabled) {
		snprintf(reason, n, "push=false");
		return 0;
	}
	/* the controller takes a fail request only from a privileged user;
	 * pacemaker-remoted's proxy sends it as the remote node's name, and
	 * Pacemaker (2.1.5, measured) logs "remote1 does not have permission to
	 * fail ..." while crm_resource still exits 0 */
	if (remote_node) {
		snprintf(reason, n, "on a Pacemaker Remote node Pacemaker refuses crm_resource --fail "
			 "(the remote node is no privileged user): left to the recurring monitor");
		return 0;
	}
	if (node == NULL || node[0] == '\0') {
		snprintf(reason, n, "not started by Pacemaker (no node name)");
		return 0;
	}
	/* no recurring monitor has run yet (it runs right after start): its
	 * on-fail is unknown, and a push could turn a fence into a restart */
	if (on_fail == NULL || on_fail[0] == '\0') {
		snprintf(reason, n, "no recurring monitor has recorded its on-fail yet: left to the monitor");
		return 0;
	}
	/* crm_resource --fail is recorded as asyncmon_0, whose on-fail is
	 * restart unless configured: it reproduces only on-fail=restart */
	if (strcmp(on_fail, "restart") != 0) {
		snprintf(reason, n,
			 "the monitor's on-fail is %s, which crm_resource --fail cannot reproduce "
			 "(Pacemaker applies the on-fail of an asyncmon operation, default restart): "
			 "left to the recurring monitor",
			 on_fail);
		return 0;
	}
	snprintf(reason, n, "monitor on-fail=%s", on_fail);
	return 1;
}
