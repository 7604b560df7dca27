/* SPDX-License-Identifier: GPL-2.0-or-later */
/* quorum.c - votequorum's view of this node. */
#include "quorum.h"

#include "cmapstate.h"

#include <errno.h>
#include <string.h>

int sg_quorum_read_handle(votequorum_handle_t h, struct sg_quorum_info *qi)
{
	struct votequorum_info info;
	cs_error_t err;

	memset(qi, 0, sizeof(*qi));
	/* node id 0 asks about the local node */
	err = votequorum_getinfo(h, 0, &info);
	if (err != CS_OK)
		return sg_cs_errno(err);
	qi->quorate = !!(info.flags & VOTEQUORUM_INFO_QUORATE);
	qi->two_node = !!(info.flags & VOTEQUORUM_INFO_TWONODE);
	qi->wait_for_all = !!(info.flags & VOTEQUORUM_INFO_WAIT_FOR_ALL);
	qi->total_votes = info.total_votes;
	qi->expected_votes = info.node_expected_votes;
	qi->qdevice_registered = !!(info.flags & VOTEQUORUM_INFO_QDEVICE_REGISTERED);
	qi->qdevice_alive = (info.flags & VOTEQUORUM_INFO_QDEVICE_ALIVE) &&
			    (info.flags & VOTEQUORUM_INFO_QDEVICE_CAST_VOTE);
	return 0;
}

int sg_quorum_read(struct sg_quorum_info *qi)
{
	votequorum_callbacks_t cb;
	votequorum_handle_t h;
	cs_error_t err;
	int rc;

	memset(&cb, 0, sizeof(cb));
	memset(qi, 0, sizeof(*qi));
	err = votequorum_initialize(&h, &cb);
	if (err != CS_OK)
		return sg_cs_errno(err);
	rc = sg_quorum_read_handle(h, qi);
	votequorum_finalize(h);
	return rc;
}

int sg_quorum_two_node_alone(const struct sg_quorum_info *qi)
{
	return qi->two_node && qi->total_votes < 2;
}

int sg_quorum_qdevice_unhealthy(const struct sg_quorum_info *qi)
{
	return qi->qdevice_registered && !qi->qdevice_alive;
}

void sg_quorum_observe(const struct sg_quorum_info *qi, struct sg_quorum_obs *q)
{
	q->known = 1;
	q->quorate = qi->quorate;
	q->two_node_alone = sg_quorum_two_node_alone(qi);
	q->qdevice_unhealthy = sg_quorum_qdevice_unhealthy(qi);
}
