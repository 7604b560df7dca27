/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sv_push.c - C: report a give-up to Pacemaker at once (crm_resource --fail)
 * from a short-lived detached helper process (see push.h, docs/design.md).
 *
 * Why a helper: C is about to call sam_mark_failed() and P lives inside
 * libsam; neither may wait for the controller (a hung crm_resource would
 * hold the give-up past SAM's deadlines). C forks twice and reaps only the
 * middle process, which exits at once; the helper, in a session of its
 * own, runs crm_resource without a shell (execve, an argv of validated
 * words, a clean environment), kills it after SV_PUSH_TIMEOUT_MS, logs
 * what it ran, its status and how long it took, and exits. */
#include "log.h"
#include "onfail.h"
#include "push.h"
#include "rundir.h"
#include "supervise_internal.h"
#include "util.h"
#include "kv.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SV_PUSH_TIMEOUT_MS 10000u

/* The helper: run argv, bounded; log the outcome; never returns. */
static void push_helper(const char *const argv[SG_PUSH_ARGV_MAX])
{
	static char *const envp[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C", NULL };
	uint64_t t0 = sg_now_mono_ms(), end = t0 + SV_PUSH_TIMEOUT_MS, now;
	char out[512] = "", how[64];
	size_t used = 0;
	int pfd[2], status = 0, killed = 0;
	sigset_t none;
	pid_t pid;

	/* out of C's session and process group, with a clean signal state:
	 * C blocks signals for its signalfd and has handlers of its own */
	setsid();
	sigemptyset(&none);
	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP)
			signal(s, SIG_DFL);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* nothing of SAM's, corosync's or the status socket stays open here */
	close_range(3, ~0U, 0);
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		sg_err("cannot push the give-up to Pacemaker: pipe: %s", strerror(errno));
		_exit(1);
	}
	pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);

		if (devnull >= 0)
			dup2(devnull, 0);
		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		execve(argv[0], (char *const *)argv, envp);
		dprintf(2, "cannot execute %s: %s", argv[0], strerror(errno));
		_exit(127);
	}
	close(pfd[1]);
	if (pid < 0) {
		sg_err("cannot push the give-up to Pacemaker: fork: %s", strerror(errno));
		_exit(1);
	}
	/* its output (for the log) until it closes it or time is up */
	for (;;) {
		struct pollfd p = { .fd = pfd[0], .events = POLLIN };
		ssize_t r;

		now = sg_now_mono_ms();
		if (now >= end)
			break;
		if (poll(&p, 1, (int)(end - now)) <= 0)
			continue;
		r = read(pfd[0], used < sizeof(out) - 1 ? out + used : (char[64]){ 0 },
			 used < sizeof(out) - 1 ? sizeof(out) - 1 - used : 64);
		if (r <= 0)
			break;
		if (used < sizeof(out) - 1)
			used += (size_t)r;
	}
	out[used] = '\0';
	for (char *c = out; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (sg_now_mono_ms() >= end && !killed) {
			kill(pid, SIGKILL);
			killed = 1;
		}
		sg_sleep_ms(killed ? 1 : 5);
	}
	now = sg_now_mono_ms();
	sv_describe_status(status, how, sizeof(how));
	if (killed)
		sg_err("push to Pacemaker: %s --fail --resource %s --node %s did not finish within %u ms: killed",
		       argv[0], argv[3], argv[5], SV_PUSH_TIMEOUT_MS);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		sg_notice("pushed the give-up to Pacemaker: %s --fail --resource %s --node %s: %s after %llu ms",
			  argv[0], argv[3], argv[5], how, (unsigned long long)(now - t0));
	else
		sg_err("push to Pacemaker failed: %s --fail --resource %s --node %s: %s after %llu ms: %s",
		       argv[0], argv[3], argv[5], how, (unsigned long long)(now - t0), out);
	_exit(0);
}

void sv_push_give_up(void)
{
	char why[320], on_fail[SG_ONFAIL_MAX + 1];
	const char *argv[SG_PUSH_ARGV_MAX];
	const char *of = NULL;
	pid_t mid;
	int st;

	/* before the daemon was ever ready, start is still running (or failed)
	 * and reports the failure itself */
	if (!sv_shm->ever_ready)
		return;
	if (sg_onfail_read(SG_RUNDIR, sv_cfg->params.name, on_fail, sizeof(on_fail)) == 0)
		of = on_fail;
	if (!sg_push_wanted(sv_cfg->params.push == SG_PUSH_TRUE, sg_kv_is_local(), sv_cfg->node, of, why,
			    sizeof(why))) {
		sg_notice("give-up not pushed to Pacemaker (%s)", why);
		return;
	}
	if (sg_push_argv(argv, sv_cfg->params.name, sv_cfg->node) < 0) {
		sg_err("give-up not pushed to Pacemaker: resource '%s' or node '%s' is no valid name",
		       sv_cfg->params.name, sv_cfg->node);
		return;
	}
	sg_notice("pushing the give-up to Pacemaker (%s): %s --fail --resource %s --node %s", why, argv[0],
		  argv[3], argv[5]);
	mid = fork();
	if (mid == 0) {
		pid_t h = fork();

		if (h == 0)
			push_helper(argv);
		_exit(h < 0 ? 1 : 0);
	}
	if (mid < 0) {
		sg_err("cannot push the give-up to Pacemaker: fork: %s", strerror(errno));
		return;
	}
	while (waitpid(mid, &st, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		sg_err("cannot push the give-up to Pacemaker: the helper did not start");
}
