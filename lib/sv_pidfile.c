/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sv_pidfile.c - pidfile=: programs that fork into the background. The
 * first process (the launcher) must exit 0; the supervisor then follows
 * the pid written in the pid file. Because the SAM child is a child
 * subreaper, the daemonized process is reparented to it when the launcher
 * exits: the pid is accepted only when it is our own child, so a pid file
 * written by the daemon's user cannot point the supervisor (which kills
 * what it follows) at any other process. */
#include "log.h"
#include "procid.h"
#include "runstate.h"
#include "supervise_internal.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PIDFILE_RETRY_MS 10u
/* how long after the launcher's exit the pid file may take to name the
 * daemon: five health intervals, at least one second (a stale file from an
 * earlier run may be there until the daemon rewrites it) */
#define PIDFILE_WAIT_MIN_MS 1000u

static uint64_t launcher_exit;  /* ms: when the launcher exited 0, 0: still running */
static uint64_t next_try;
static int adopted;     /* a pid from the file is followed */

int sv_pidfile_awaited(void)
{
	return sv_cfg->params.pidfile != NULL && launcher_exit != 0 && sv_ch.daemon_reaped;
}

int sv_pidfile_pending(void)
{
	return sv_cfg->params.pidfile != NULL && !adopted;
}

int sv_pidfile_launcher_exited(int status, const char *how)
{
	if (sv_cfg->params.pidfile == NULL || launcher_exit != 0)
		return 0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		sv_child_fail("daemon exited (%s) before it went into the background", how);
	launcher_exit = sg_now_mono_ms();
	next_try = launcher_exit;
	sg_info("launcher pid %d exited 0: following %s", (int)sv_ch.daemon.pid, sv_cfg->params.pidfile);
	return 1;
}

/* Read the pid file; a pid of ours becomes the daemon. */
static int adopt(void)
{
	char buf[32];
	ssize_t len = sg_read_file(sv_cfg->params.pidfile, buf, sizeof(buf));
	uint64_t v;
	struct sg_procid id;

	if (len <= 0)
		return -ENOENT;
	buf[len] = '\0';
	buf[strcspn(buf, " \t\n")] = '\0';
	if (sg_parse_u64(buf, 2, INT32_MAX, &v) != 0)
		return -EINVAL;
	if (sg_procid_parent((pid_t)v) != getpid() || sg_procid_read((pid_t)v, &id) != 0)
		return -EPERM;
	sv_ch.daemon = id;
	sv_ch.daemon_reaped = 0;
	adopted = 1;
	sv_shm->daemon = id;
	sv_shm->daemon_pgid = getpgid(id.pid) > 0 ? getpgid(id.pid) : id.pid;
	sg_runstate_write(sv_cfg->params.name, SG_RUN_DAEMON, &id);
	sv_pub_u32(SG_KEY_DAEMON_PID, (uint32_t)id.pid);
	sv_pub_u64(SG_KEY_DAEMON_START, id.start);
	sg_info("following pid %d from %s", (int)id.pid, sv_cfg->params.pidfile);
	sv_ready_resume();
	return 0;
}

void sv_pidfile_tick(uint64_t now)
{
	int rc;

	if (!sv_pidfile_awaited() || now < next_try)
		return;
	rc = adopt();
	if (rc == 0)
		return;
	if (now >= launcher_exit + (5ULL * sv_ch.interval > PIDFILE_WAIT_MIN_MS ? 5ULL * sv_ch.interval
									 : PIDFILE_WAIT_MIN_MS) ||
	    (sv_ch.ready_deadline && now >= sv_ch.ready_deadline))
		sv_child_fail("pid file names no process of this instance (%s): %s",
			      rc == -ENOENT ? "missing or empty" : rc == -EINVAL ? "not a pid" : "not our child",
			      sv_cfg->params.pidfile);
	next_try = now + PIDFILE_RETRY_MS;
}

uint64_t sv_pidfile_next_wake(void)
{
	return sv_pidfile_awaited() ? next_try : UINT64_MAX;
}
