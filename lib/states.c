/* SPDX-License-Identifier: GPL-2.0-or-later */
/* states.c - the supervisor's state names, text <-> enum sg_state. */
#include "states.h"

#include "util.h"

#include <string.h>

static const char *const state_text[] = {
	[SG_STATE_ABSENT] = "absent",
	[SG_STATE_STARTING] = "starting",
	[SG_STATE_RUNNING] = "running",
	[SG_STATE_STOPPING] = "stopping",
	[SG_STATE_STOPPED] = "stopped",
	[SG_STATE_FAILED] = "failed",
	[SG_STATE_STOP_FAILED] = "stop-failed",
	[SG_STATE_UNKNOWN] = "unknown",
};
_Static_assert(SG_ARRAY_SIZE(state_text) == SG_STATE_COUNT, "state_text[] names every enum sg_state value");

const char *sg_state_text(enum sg_state s)
{
	return (unsigned)s < SG_STATE_COUNT ? state_text[s] : state_text[SG_STATE_UNKNOWN];
}

enum sg_state sg_state_parse(const char *s)
{
	if (sg_str_empty(s))
		return SG_STATE_ABSENT;
	for (int i = SG_STATE_FIRST_WRITTEN; i <= SG_STATE_LAST_WRITTEN; i++)
		if (!strcmp(s, state_text[i]))
			return (enum sg_state)i;
	return SG_STATE_UNKNOWN;
}
