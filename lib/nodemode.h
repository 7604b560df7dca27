/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nodemode.h - what kind of cluster node this is, detected, never
 * configured: a full node (corosync answers: state in cmap), a Pacemaker
 * Remote node (no corosync, pacemaker-remoted runs: state in the local
 * store, lib/kvlocal.h), or a full node whose corosync is down (an error,
 * as ever). docs/design.md, "Pacemaker Remote nodes". */
#ifndef SG_NODEMODE_H
#define SG_NODEMODE_H

#include <stddef.h>
#include <sys/types.h>

#ifndef SG_COROSYNC_CONF
#define SG_COROSYNC_CONF "/etc/corosync/corosync.conf"
#endif

enum sg_node_mode {
	SG_NODE_FULL = 0,               /* corosync answers */
	SG_NODE_REMOTE,                 /* Pacemaker Remote node: local store */
	SG_NODE_COROSYNC_DOWN,          /* corosync belongs here but does not answer */
	SG_NODE_NEITHER,                /* no corosync and no pacemaker-remoted */
};

/* What the decision is made from. */
struct sg_node_facts {
	int corosync_answers;           /* a cmap connection was made */
	int corosync_conf;              /* SG_COROSYNC_CONF exists */
	pid_t remoted_pid;              /* a pacemaker-remoted running as root, 0: none */
	int store_in_use;               /* the local store holds keys */
};

/* The decision, a pure function of the facts; a one-line reason (for the
 * log, errors and samguardctl show) goes to why[n] when why is not NULL.
 *   corosync answers                          -> full
 *   else pacemaker-remoted runs as root       -> remote
 *   else the local store holds keys           -> remote (supervisors started
 *                                                here as on a remote node)
 *   else corosync.conf exists                 -> corosync down
 *   else                                      -> neither */
enum sg_node_mode sg_node_mode_decide(const struct sg_node_facts *f, char *why, size_t n);

/* Fill everything but corosync_answers from this node: corosync.conf,
 * /proc (a process whose name is pacemaker-remoted and whose real and
 * effective uid are 0: no other user can run one) and the local store. */
void sg_node_facts_read(struct sg_node_facts *f);

/* The pid of a pacemaker-remoted running as root, 0 for none. procdir is
 * "/proc" (a test passes its own tree). */
pid_t sg_node_find_remoted(const char *procdir);

/* "full", "remote", "corosync-down", "neither". */
const char *sg_node_mode_text(enum sg_node_mode m);

#endif
