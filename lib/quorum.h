/* SPDX-License-Identifier: GPL-2.0-or-later */
/* quorum.h - this node's quorum as votequorum sees it, plus the facts
 * sbd's distrust rules need: two_node with a single member, and a quorum
 * device that is registered but not alive or not voting. */
#ifndef SG_QUORUM_H
#define SG_QUORUM_H

#include <corosync/votequorum.h>

struct sg_quorum_info {
	int quorate;
	int two_node;
	int wait_for_all;
	unsigned int total_votes;
	unsigned int expected_votes;
	int qdevice_registered;
	int qdevice_alive;          /* alive and casting its vote */
};

/* What monitor needs to know about quorum. */
struct sg_quorum_obs {
	int known;                  /* 0: not read (quorum=ignore, or corosync down) */
	int quorate;
	int two_node_alone;
	int qdevice_unhealthy;
};

/* Read from an open votequorum handle. Returns 0 or -errno. */
int sg_quorum_read_handle(votequorum_handle_t h, struct sg_quorum_info *qi);

/* Connect, read, disconnect. Returns 0 or -errno (-ENOTCONN: corosync down). */
int sg_quorum_read(struct sg_quorum_info *qi);

/* two_node and only our own vote present: quorate by configuration, not by
 * a majority (sbd distrusts this). */
int sg_quorum_two_node_alone(const struct sg_quorum_info *qi);

/* A quorum device is configured but not alive or not voting. */
int sg_quorum_qdevice_unhealthy(const struct sg_quorum_info *qi);

/* Fill an observation from a reading. */
void sg_quorum_observe(const struct sg_quorum_info *qi, struct sg_quorum_obs *q);

#endif
