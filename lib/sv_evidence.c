/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sv_evidence.c - C: act at once and leave evidence (issue 13). Before a
 * hung daemon is killed, what it was doing is recorded (lib/evidence.h);
 * with hang_signal=abort it gets SIGABRT first so that the system's core
 * handler makes a core; a daemon the OOM killer killed is reported as
 * such. The record goes to failure_dir (lib/failstore.h), its path and
 * summary to cmap. */
#include "evidence.h"
#include "failstore.h"
#include "log.h"
#include "supervise_internal.h"
#include "util.h"

#include <corosync/sam.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#define ABORT_POLL_MS 10

/* one record at a time; too big for C's stack budget next to the loop's */
static struct sg_evidence ev;
static char text[16384];

static void ev_start(const char *reason)
{
	struct timespec ts;
	struct tm tm;
	char t[32];

	sg_ev_init(&ev);
	sg_strlcpy(ev.reason, reason, sizeof(ev.reason));
	sg_strlcpy(ev.name, sv_cfg->params.name, sizeof(ev.name));
	sg_strlcpy(ev.status, sv_ch.status, sizeof(ev.status));
	ev.instance = sv_ch.instance;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(ev.when, sizeof(ev.when), "%.24s.%03uZ", t, (unsigned int)(ts.tv_nsec / 1000000L) % 1000u);
}

/* Write the record; publish its path and summary. */
static void ev_save(const char *summary)
{
	char name[64], path[512];
	struct timespec ts;
	size_t len;
	int rc;

	sg_strlcpy(sv_shm->failure_summary, summary, sizeof(sv_shm->failure_summary));
	if (sv_cfg->params.failure_records == 0 || sg_str_empty(sv_cfg->params.failure_dir))
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	len = sg_ev_format(&ev, text, sizeof(text));
	rc = sg_failstore_name(ts.tv_sec, (unsigned int)(ts.tv_nsec / 1000000L), sv_ch.instance, name, sizeof(name));
	if (rc == 0)
		rc = sg_failstore_save(sv_cfg->params.failure_dir, sv_enc, name, text, len,
				       sv_cfg->params.failure_records, path, sizeof(path));
	if (rc < 0) {
		sg_warn("cannot write the failure record in %s/%s: %s", sv_cfg->params.failure_dir, sv_enc,
			strerror(-rc));
		return;
	}
	sg_notice("failure record: %s", path);
	sg_strlcpy(sv_shm->failure_record, path, sizeof(sv_shm->failure_record));
	sv_pub_str(SG_KEY_FAILURE_RECORD, sv_shm->failure_record);
	sv_pub_str(SG_KEY_FAILURE_SUMMARY, sv_shm->failure_summary);
}

/* hang_signal=abort: SIGABRT (and SIGCONT, for a stopped daemon) to the
 * main process, then wait until it died, at most SG_HANG_ABORT_WAIT_MS,
 * SAM's heartbeat going on meanwhile (the wait may outlast the interval). */
static void abort_and_wait(pid_t pid)
{
	uint64_t t0 = sg_now_mono_ms(), next_hb = 0, now;
	unsigned int tick = sv_ch.interval / 4 ? sv_ch.interval / 4 : 1;
	int status;

	kill(pid, SIGABRT);
	kill(pid, SIGCONT);
	while ((now = sg_now_mono_ms()) - t0 < SG_HANG_ABORT_WAIT_MS) {
		pid_t r;

		if (now >= next_hb) {
			sam_hc_send();
			next_hb = now + tick;
		}
		r = waitpid(pid, &status, WNOHANG);
		if (r == pid) {
			char how[64];

			sv_ch.daemon_reaped = 1;
			sv_ch.daemon_status = status;
			sv_describe_status(status, how, sizeof(how));
			snprintf(ev.after, sizeof(ev.after), "SIGABRT: the daemon died of %s%s after %llu ms", how,
				 WIFSIGNALED(status) && WCOREDUMP(status) ? ", core dumped" : "",
				 (unsigned long long)(sg_now_mono_ms() - t0));
			return;
		}
		if (r < 0 && errno != EINTR)
			break;
		sg_sleep_ms(ABORT_POLL_MS);
	}
	snprintf(ev.after, sizeof(ev.after), "SIGABRT: still running after %llu ms: SIGKILL",
		 (unsigned long long)(sg_now_mono_ms() - t0));
}

void sv_evidence_hang(const char *reason, char *summary, size_t n)
{
	pid_t pid = sv_ch.daemon.pid;
	int live = pid > 0 && !sv_ch.daemon_reaped;

	/* SAM's deadline is one interval from the last heartbeat: one now, and
	 * a budget well inside the interval */
	unsigned int budget = sv_ch.interval && sv_ch.interval / 2 < SG_EV_BUDGET_MS ? sv_ch.interval / 2
									      : SG_EV_BUDGET_MS;

	sam_hc_send();
	ev_start(reason);
	if (live)
		sg_ev_capture(pid, sv_ch.cg.dfd, budget, &ev);
	else
		sg_ev_capture_cgroup(sv_ch.cg.dfd, &ev);
	sam_hc_send();
	sg_ev_summary(&ev, summary, n);
	sg_info("evidence of the hang captured in %llu.%03llu ms%s", (unsigned long long)(ev.capture_us / 1000),
		(unsigned long long)(ev.capture_us % 1000), ev.truncated ? " (truncated)" : "");
	if (live && sv_cfg->params.hang_signal == SG_HANG_SIGNAL_ABORT) {
		abort_and_wait(pid);
		sg_notice("%s", ev.after);
	} else if (live) {
		snprintf(ev.after, sizeof(ev.after), "SIGKILL");
	}
	ev_save(summary);
}

void sv_evidence_started(void)
{
	sv_ch.oom_known = sg_ev_oom_kills(sv_ch.cg.dfd, &sv_ch.oom_at_start) == 0;
}

int sv_evidence_oom(char *reason, size_t n)
{
	uint64_t now_count;

	/* memory.events counts the cgroup's subtree: the daemon or one of its
	 * processes was chosen since this daemon started */
	if (!sv_ch.oom_known || sg_ev_oom_kills(sv_ch.cg.dfd, &now_count) != 0 || now_count <= sv_ch.oom_at_start)
		return 0;
	snprintf(reason, n, "daemon killed by the OOM killer (memory.events oom_kill %llu -> %llu)",
		 (unsigned long long)sv_ch.oom_at_start, (unsigned long long)now_count);
	ev_start(reason);
	ev.pid = sv_ch.daemon.pid;
	ev.oom = 1;
	ev.oom_before = sv_ch.oom_at_start;
	ev.oom_after = now_count;
	sg_ev_capture_cgroup(sv_ch.cg.dfd, &ev);
	{
		char summary[256];

		sg_ev_summary(&ev, summary, sizeof(summary));
		ev_save(summary);
		sg_strlcpy(reason, summary, n);
	}
	return 1;
}
