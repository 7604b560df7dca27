/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* apphb.h - Linux-HA Heartbeat's application heartbeat API, served by
 * samguard's supervisor (samguard-run, SAMProcess with health=notify).
 *
 * Same functions, arguments, return values and errno values as Heartbeat's
 * libapphb, so programs written for it compile and link unchanged (the
 * library's soname is libapphb.so.2, like Heartbeat 3's). What changed is
 * who listens: not apphbd, but the supervisor that started the program,
 * reached through $NOTIFY_SOCKET. A missed heartbeat is a hang: SAM kills
 * and restarts the program in place. See apphb(3).
 *
 * Every call returns 0 on success, or -1 with errno set. */
#ifndef _APPHB_H
#define _APPHB_H

#ifdef __cplusplus
extern "C" {
#endif

/* Longest appname and appinstance, terminator included (Heartbeat's). */
#define APPHB_OLEN 256

/* Register the calling process. The heartbeat interval starts at 10 s
 * (10000 ms). Not inherited by children: they register themselves.
 * errno: EEXIST already registered; EBADF no supervisor ($NOTIFY_SOCKET
 * unset, nobody listening, or it did not answer); EINVAL NULL or empty
 * argument, or the caller is not part of the supervised program; ENOSPC
 * too many processes registered; ENAMETOOLONG an argument of
 * APPHB_OLEN bytes or more. */
int apphb_register(const char *appname, const char *appinstance);

/* Stop being monitored. A program whose own process unregistered and then
 * exits with status 0 has stopped cleanly: it is not restarted.
 * errno: EBADF, ESRCH not registered. */
int apphb_unregister(void);

/* Expect apphb_hb() at least every hbms milliseconds (0: no deadline).
 * Also counts as a heartbeat. errno: EBADF, ESRCH, EINVAL (hbms above one
 * day). */
int apphb_setinterval(unsigned long hbms);

/* Log heartbeats that come more than hbms milliseconds apart.
 * errno: EBADF, ESRCH, EINVAL (0, as Heartbeat's library did, or above
 * one day). */
int apphb_setwarn(unsigned long hbms);

/* Non-zero: a failure of this program is not restarted in place; the
 * supervisor gives up (state "failed"), so Pacemaker recovers the resource
 * and fences the node where the monitor has on-fail=fence.
 * errno: EBADF, ESRCH, EPERM (only root, hacluster or the supervisor's own
 * user may). */
int apphb_setreboot(unsigned int truefalse);

/* Heartbeat. Never waits for an answer. errno: EBADF, ESRCH. */
int apphb_hb(void);

#ifdef __cplusplus
}
#endif

#endif
