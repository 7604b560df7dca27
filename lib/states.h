/* SPDX-License-Identifier: GPL-2.0-or-later */
/* states.h - the one table of the supervisor's states: the values of
 * samguard.resource.<name>.state, written by the supervisor (lib/sv_*.c)
 * and read by the monitor policy, samclass and the tools. */
#ifndef SG_STATES_H
#define SG_STATES_H

enum sg_state {
	SG_STATE_ABSENT = 0,    /* no state key: never written */
	SG_STATE_STARTING,      /* a SAM child is starting the daemon */
	SG_STATE_RUNNING,       /* the health method said ready */
	SG_STATE_STOPPING,      /* a stop request is being carried out */
	SG_STATE_STOPPED,       /* the daemon said STOPPING=1 and exited 0 */
	SG_STATE_FAILED,        /* the supervisor gave up */
	SG_STATE_STOP_FAILED,   /* the daemon survived SIGKILL on stop */
	SG_STATE_UNKNOWN,       /* a value the supervisor never writes: never written */
};

/* The supervisor writes exactly the states from SG_STATE_FIRST_WRITTEN to
 * SG_STATE_LAST_WRITTEN (ABSENT and UNKNOWN are what a reader makes of a
 * missing key or a foreign value). */
#define SG_STATE_FIRST_WRITTEN SG_STATE_STARTING
#define SG_STATE_LAST_WRITTEN SG_STATE_STOP_FAILED
#define SG_STATE_COUNT (SG_STATE_UNKNOWN + 1)

/* The text of s as written to cmap ("stop-failed"); "absent" and
 * "unknown" for the two reader-only values and anything out of range. */
const char *sg_state_text(enum sg_state s);

/* The state of a written value: NULL or "" -> SG_STATE_ABSENT, a written
 * state's exact text -> that state, anything else (including "absent"
 * and "unknown") -> SG_STATE_UNKNOWN. */
enum sg_state sg_state_parse(const char *s);

#endif
