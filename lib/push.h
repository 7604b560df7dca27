/* SPDX-License-Identifier: GPL-2.0-or-later */
/* push.h - telling Pacemaker at once that the supervisor gave up: whether to,
 * and the crm_resource command line that does it (pure, unit-tested).
 *
 * The push is `crm_resource --fail --resource R --node N`, Pacemaker's
 * supported way to report a resource failure. Measured with Pacemaker 2.1.5
 * (docs/design.md): the controller records a failed operation R_asyncmon_0
 * (rc 1, interval 0, exit reason "Simulated failure") and increments
 * fail-count-R#asyncmon_0, so migration-threshold applies; the on-fail that
 * applies is that of an operation named asyncmon with interval 0, not the
 * recurring monitor's (--operation and --interval do not change the
 * recorded operation). Without such an operation it is the default,
 * restart. A push therefore reproduces only a monitor whose on-fail is
 * restart; for any other on-fail the supervisor leaves the failure to the
 * recurring monitor, which reports the same verdict. */
#ifndef SG_PUSH_H
#define SG_PUSH_H

#include <stddef.h>

#ifndef SG_CRM_RESOURCE
#define SG_CRM_RESOURCE "/usr/sbin/crm_resource"
#endif

/* crm_resource's argv: 6 words and the terminating NULL */
#define SG_PUSH_ARGV_MAX 7

/* Longest resource id (with a clone's ":N") or node name accepted. */
#define SG_PUSH_ID_MAX 255

/* A Pacemaker resource id as OCF_RESOURCE_INSTANCE gives it: an XML ID
 * (letter or '_' first, then letters, digits, '_', '.', '-'), optionally
 * followed by ":N" (a clone instance). 0 when valid, -EINVAL otherwise. */
int sg_push_valid_rsc(const char *id);

/* A node name as Pacemaker knows it (uname or corosync name): letters,
 * digits, '.', '-', '_', not starting with '-' or '.', at most
 * SG_PUSH_ID_MAX bytes. 0 when valid, -EINVAL otherwise. */
int sg_push_valid_node(const char *node);

/* Fill argv (SG_PUSH_ARGV_MAX slots) with crm_resource --fail --resource
 * RSC --node NODE, NULL-terminated; the strings are borrowed, never
 * copied or quoted (no shell sees them). 0, or -EINVAL when RSC or NODE is
 * not valid (argv is then untouched). */
int sg_push_argv(const char *argv[SG_PUSH_ARGV_MAX], const char *rsc, const char *node);

/* Whether to push a give-up. enabled: the push parameter; remote_node: a
 * Pacemaker Remote node (kv.h), where Pacemaker refuses the push; node: the node
 * name SAMProcess passed (NULL: samguard-run runs on its own); on_fail: the
 * recurring monitor's on-fail as its last run recorded it (SAMProcess
 * records Pacemaker's default, restart, when none is configured; NULL: no
 * recurring monitor ran yet, unknown, no push). 1: push (only on-fail
 * restart); 0: not, with why in reason (n bytes). */
int sg_push_wanted(int enabled, int remote_node, const char *node, const char *on_fail, char *reason,
		   size_t n);

#endif
