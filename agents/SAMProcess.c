/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SAMProcess - OCF resource agent: supervise one daemon under corosync's
 * SAM. start launches samguard-run (the supervisor) detached and waits for
 * the daemon to be ready; monitor reads cmap and run-state files and asks
 * the policy layer; stop asks the supervisor to stop the daemon and makes
 * sure nothing of the instance is left. */
#include "agentmain.h"
#include "argv.h"
#include "cgroup.h"
#include "cmapstate.h"
#include "contain.h"
#include "log.h"
#include "metadata.h"
#include "observe.h"
#include "onfail.h"
#include "ocf.h"
#include "paramcli.h"
#include "params.h"
#include "policy.h"
#include "push.h"
#include "quorum.h"
#include "runstate.h"
#include "status.h"
#include "spawn.h"
#include "states.h"
#include "util.h"
#include "kv.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SG_VERSION
#define SG_VERSION "0"
#endif
#ifndef SG_SBINDIR
#define SG_SBINDIR "/usr/sbin"
#endif

#define POLL_MS 10u
#define MARGIN_MS 1500u      /* left of an op's timeout for cleanup and reporting */

static const struct sg_action_def actions[] = {
	{ "start", "60s", NULL, NULL },
	{ "stop", "60s", NULL, NULL },
	{ "monitor", "20s", "10s", "0" },
	{ "reload-agent", "20s", NULL, NULL },
	{ "meta-data", "5s", NULL, NULL },
	{ "validate-all", "20s", NULL, NULL },
	{ NULL, NULL, NULL, NULL },
};

static const struct sg_agent_info agent_info = {
	.name = "SAMProcess",
	.version = SG_VERSION,
	.shortdesc = "Daemon supervised in place by corosync SAM",
	.longdesc =
		"Runs one daemon under corosync's SAM (Service Availability Manager). It is a drop-in "
		"replacement for ocf:heartbeat:anything: binfile, cmdline_options, workdir, user, logfile, "
		"errlogfile and stop_timeout mean the same. A per-resource supervisor (samguard-run) "
		"restarts the daemon in place within milliseconds when it dies, and kills and restarts it "
		"when it hangs (health=notify, command or tcp), without involving Pacemaker. The daemon "
		"must stay in the foreground: samguard is its parent. Its state is published in "
		"corosync's cmap under samguard.resource.NAME (corosync-cmapctl -b samguard.); on a "
		"Pacemaker Remote node, where no corosync runs, the same keys are kept in "
		"/run/samguard/kv, and quorum=require is left to Pacemaker (samguardctl reads both).\n"
		"\n"
		"The escalation ladder:\n"
		"- The daemon dies or hangs: SAM restarts it in place. While there were at most "
		"max_restarts restarts within restart_window, monitor returns OCF_DEGRADED (190) with the "
		"reason: crm_mon shows it, Pacemaker recovers nothing and counts no failure.\n"
		"- More restarts than that: the supervisor gives up and monitor returns OCF_ERR_GENERIC "
		"(1). Pacemaker restarts the resource, moves it after migration-threshold failures, or "
		"fences the node when the monitor operation has on-fail=fence. With push=true (default) "
		"and the monitor's on-fail restart (the default), the supervisor tells Pacemaker at once "
		"(crm_resource --fail), so recovery does not wait for the next monitor.\n"
		"- Stop cannot get rid of the daemon: stop fails, and Pacemaker fences the node "
		"(stonith-enabled=true).\n"
		"- With quorum=require the daemon runs only while the node is quorate: start fails at "
		"once on an inquorate node; after quorum loss monitor returns OCF_DEGRADED and the daemon "
		"comes back by itself with quorum.\n"
		"\n"
		"An exit code alone never fences: each rung is chosen in the resource's operations and "
		"meta attributes, the same words for pcs and crm:\n"
		"- restart in place, move after N give-ups, forget them after 10 minutes: op monitor "
		"interval=10s meta migration-threshold=N failure-timeout=10min\n"
		"- move at the first give-up: meta migration-threshold=1\n"
		"- fence the node: op monitor interval=10s on-fail=fence (needs stonith-enabled=true)\n"
		"- only show it, never recover: op monitor interval=10s on-fail=ignore\n"
		"\n"
		"validate-all prints nothing and returns 0 for good parameters, and 6 (OCF_ERR_CONFIGURED) "
		"with a reason for a value that is wrong on every node: a missing binfile, a relative "
		"path, an unknown health method, a number out of range. With OCF_CHECK_LEVEL=10 it also "
		"returns 5 (OCF_ERR_INSTALLED) when binfile or health_cmd is not an executable file, user "
		"does not exist or workdir is not a directory on this node; start makes the same checks.\n"
		"\n"
		"Examples, with pcs and with the crm shell:\n"
		"  pcs resource create web ocf:samguard:SAMProcess \\\n"
		"    binfile=/usr/sbin/nginx cmdline_options=\"-g 'daemon off;'\" \\\n"
		"    health=tcp health_target=127.0.0.1:80 health_interval=1000 \\\n"
		"    op monitor interval=10s meta migration-threshold=3\n"
		"\n"
		"  crm configure primitive web ocf:samguard:SAMProcess \\\n"
		"    params binfile=/usr/sbin/nginx cmdline_options=\"-g 'daemon off;'\" \\\n"
		"    health=tcp health_target=127.0.0.1:80 \\\n"
		"    op monitor interval=10s on-fail=fence meta migration-threshold=3",
	.params = sg_samprocess_params,
	.actions = actions,
};

static unsigned int op_budget_ms(unsigned int dflt)
{
	unsigned int t = sg_ocf_timeout_ms(dflt);

	return t > 2 * MARGIN_MS ? t - MARGIN_MS : t / 2;
}

static int load_params(struct sg_params *p, int report)
{
	char reason[256];
	int rc = sg_params_load(p, sg_params_get_reskey, NULL, reason, sizeof(reason));

	if (rc != 0 && report)
		sg_ocf_exit_reason("%s", reason);
	return rc;
}

static int action_validate(void)
{
	struct sg_params p;
	char reason[256];
	int rc = load_params(&p, 1);

	if (rc != 0)
		return rc;
	if (sg_ocf_check_level() >= 10) {
		rc = sg_params_check_env(&p, reason, sizeof(reason));
		if (rc != 0)
			sg_ocf_exit_reason("%s", reason);
	}
	return rc;
}

/* Observe and decide; the policy's housekeeping is done here. */
static int decide(const char *name, int probe, int quick, struct sg_verdict *v, struct sg_observed *o)
{
	int rc = sg_observe_ex(name, probe, quick, o);

	if (rc < 0) {
		snprintf(v->reason, sizeof(v->reason), "invalid resource name: %s", strerror(-rc));
		v->rc = probe ? SG_OCF_NOT_RUNNING : SG_OCF_ERR_CONFIGURED;
		return v->rc;
	}
	sg_policy_decide(&o->obs, v);
	if ((v->actions & SG_ACT_DELETE_STALE_KEYS) && sg_observed_cmap(o)) {
		sg_cmap_resource_delete(o->cmap, o->enc);
		if (o->have_supervisor)
			sg_cmap_sam_delete(o->cmap, (uint32_t)o->supervisor.pid);
	}
	return v->rc;
}

static int action_monitor(const char *name)
{
	struct sg_observed o;
	struct sg_verdict v;
	int probe = sg_ocf_is_probe();
	int rc = decide(name, probe, 1, &v, &o);

	sg_observed_done(&o);
	/* the recurring monitor's on-fail, for the supervisor's push
	 * (onfail.h); Pacemaker's default when none is configured */
	if (!probe && (rc == SG_OCF_SUCCESS || rc == SG_OCF_DEGRADED)) {
		const char *of = sg_ocf_reskey("CRM_meta_on_fail");
		int r = sg_onfail_record(SG_RUNDIR, name, of && *of ? of : "restart");

		if (r < 0)
			sg_warn("cannot record the monitor's on-fail for the supervisor: %s", strerror(-r));
	}
	if (rc == SG_OCF_DEGRADED)
		sg_ocf_degraded_reason("%s", v.reason);
	else if (rc != SG_OCF_SUCCESS && rc != SG_OCF_NOT_RUNNING)
		sg_ocf_exit_reason("%s", v.reason);
	else if (rc == SG_OCF_NOT_RUNNING && v.reason[0])
		sg_info("%s", v.reason);
	return rc;
}

/* SIGKILL a recorded process group and wait (bounded) until it is gone.
 * Only a group proven ours is signalled (sg_procid_group: pid reuse). */
static int kill_group_wait(const struct sg_procid *id, unsigned int ms)
{
	uint64_t end = sg_now_mono_ms() + ms, now;
	enum sg_group g = sg_procid_group(id);

	if (g == SG_GROUP_FOREIGN)
		sg_warn("process group %d is no longer the daemon's (pid reused): not signalled", (int)id->pid);
	if (g != SG_GROUP_OURS)
		return 0;
	/* the session too (children that made a group of their own); zombies
	 * do not count: whoever inherited them reaps them */
	now = sg_now_mono_ms();
	return sg_contain_kill_session(id->pid, end > now ? (unsigned int)(end - now) : 0) == 0 ? 0 : -EBUSY;
}

/* The instance cgroup the supervisor recorded: kill what runs in it, wait
 * (bounded) until it is empty, remove it. 0 when nothing of the instance
 * runs there (or there is no cgroup: fallback containment), -EBUSY when
 * something survives; the record then stays for the next stop. */
static int stop_cgroup(const char *enc, unsigned int ms)
{
	struct sg_cgroup h = SG_CGROUP_INIT;
	char path[PATH_MAX] = "";
	int rc = sg_cgroup_record_read(SG_RUNDIR, enc, path, sizeof(path));

	if (rc == -ENOENT)
		return 0;
	if (rc == 0)
		rc = sg_cgroup_open_path(path, enc, &h);
	if (rc < 0) {
		if (rc != -ENOENT)
			sg_warn("ignoring the instance cgroup record (%s): %s", path, strerror(-rc));
		sg_cgroup_record_remove(SG_RUNDIR, enc);
		return 0;
	}
	if (sg_cgroup_populated(&h) != 0) {
		sg_cgroup_kill(&h);
		if (sg_cgroup_wait_empty(&h, ms) != 0) {
			sg_cgroup_close(&h);
			return -EBUSY;
		}
	}
	rc = sg_cgroup_remove(&h);
	if (rc < 0)
		sg_warn("cannot remove %s: %s", path, strerror(-rc));
	sg_cgroup_record_remove(SG_RUNDIR, enc);
	return 0;
}

/* Remove every trace of the instance: keys, SAM keys, run-state files. */
static void forget(const char *name, struct sg_observed *o)
{
	if (sg_observed_cmap(o)) {
		sg_cmap_resource_delete(o->cmap, o->enc);
		if (o->have_supervisor)
			sg_cmap_sam_delete(o->cmap, (uint32_t)o->supervisor.pid);
	}
	if (o->have_supervisor && !sg_procid_alive(&o->supervisor))
		sg_status_unlink(o->supervisor.pid);
	sg_runstate_remove(name, SG_RUN_DAEMON);
	sg_runstate_remove(name, SG_RUN_SUPERVISOR);
	sg_onfail_remove(SG_RUNDIR, name);
}

/* Stop within budget_ms. Returns OCF_SUCCESS only when nothing is left. */
static int stop_instance(const char *name, unsigned int budget_ms, unsigned int stop_timeout_ms)
{
	struct sg_observed o;
	uint64_t start = sg_now_mono_ms(), end = start + budget_ms, next_signal = 0;
	int sup_alive;

	sg_observe(name, 0, &o);
	sup_alive = o.have_supervisor && sg_procid_alive(&o.supervisor);
	if (sup_alive) {
		if (sg_observed_cmap(&o))
			sg_cmap_set_u32(o.cmap, o.enc, SG_KEY_STOP_TIMEOUT, stop_timeout_ms);
		/* the supervisor forwards SIGTERM to its current child, which
		 * stops the daemon; repeat in case SAM was between children */
		while (sg_procid_alive(&o.supervisor) && sg_now_mono_ms() < end) {
			if (sg_now_mono_ms() >= next_signal) {
				kill(o.supervisor.pid, SIGTERM);
				next_signal = sg_now_mono_ms() + 500;
			}
			sg_sleep_ms(POLL_MS);
		}
		if (sg_procid_alive(&o.supervisor)) {
			sg_warn("supervisor %d did not stop in time: killing it", (int)o.supervisor.pid);
			/* the SAM child only when it is the supervisor's child */
			if (o.rs.child_pid && sg_procid_parent((pid_t)o.rs.child_pid) == o.supervisor.pid)
				kill((pid_t)o.rs.child_pid, SIGKILL);
			kill(o.supervisor.pid, SIGKILL);
		}
	}
	/* whatever is left of the daemon (leftover or never supervised) */
	if (o.have_daemon && kill_group_wait(&o.daemon, end > sg_now_mono_ms() + 500 ? (unsigned)(end - sg_now_mono_ms()) : 500) < 0) {
		sg_ocf_exit_reason("daemon process group %d survives SIGKILL (uninterruptible sleep?)",
				   (int)o.daemon.pid);
		sg_observed_done(&o);
		return SG_OCF_ERR_GENERIC;
	}
	/* and everything else of the instance, setsid() or not */
	if (stop_cgroup(o.enc, end > sg_now_mono_ms() + 500 ? (unsigned)(end - sg_now_mono_ms()) : 500) < 0) {
		sg_ocf_exit_reason("processes of the instance survive cgroup.kill (uninterruptible sleep?)");
		sg_observed_done(&o);
		return SG_OCF_ERR_GENERIC;
	}
	forget(name, &o);
	sg_observed_done(&o);
	sg_info("stopped in %llu ms", (unsigned long long)(sg_now_mono_ms() - start));
	return SG_OCF_SUCCESS;
}

static int action_stop(const char *name)
{
	struct sg_params p;
	unsigned int budget = op_budget_ms(60000);
	unsigned int st = budget * 2 / 3;

	/* stop works with any parameters: it only needs the instance name */
	if (load_params(&p, 0) == 0 && p.stop_timeout_s && p.stop_timeout_s * 1000u < budget)
		st = p.stop_timeout_s * 1000u;
	return stop_instance(name, budget, st);
}

/* Why the supervisor could not write its run-state file: try it. */
static const char *runstate_diagnosis(void)
{
	char path[256];
	int rc;

	snprintf(path, sizeof(path), "%s/.probe-%d", SG_RUNDIR, (int)getpid());
	rc = sg_write_file_atomic(path, "probe\n", 6, 0600);
	unlink(path);
	return rc < 0 ? strerror(-rc) : "see the log";
}

static int is_active(int rc)
{
	return rc == SG_OCF_SUCCESS || rc == SG_OCF_DEGRADED;
}

static int action_start(const char *name)
{
	struct sg_params p;
	struct sg_observed o;
	struct sg_verdict v;
	char reason[256], ready_ms[16], **argv = NULL;
	unsigned int budget = op_budget_ms(60000);
	uint64_t t0 = sg_now_mono_ms(), end = t0 + budget;
	struct sg_spawn_opts so = { .out_path = "/dev/null" };
	const char *node;
	int rc, cmap_ok;
	pid_t pid;

	rc = load_params(&p, 1);
	if (rc != 0)
		return rc;
	rc = sg_params_check_env(&p, reason, sizeof(reason));
	if (rc != 0) {
		sg_ocf_exit_reason("%s", reason);
		return rc;
	}
	sg_strlcpy(p.name, name, sizeof(p.name));

	rc = decide(name, 0, 0, &v, &o);
	cmap_ok = o.obs.cmap_ok;
	sg_observed_done(&o);
	if (is_active(rc) && v.actions == 0 && o.obs.supervisor == SG_PROC_ALIVE) {
		sg_info("already running");
		return SG_OCF_SUCCESS;
	}
	if (!cmap_ok) {
		sg_ocf_exit_reason("cannot start under SAM: %s",
				   sg_str_empty(sg_kv_why()) ? "corosync refuses us" : sg_kv_why());
		return SG_OCF_ERR_GENERIC;
	}
	if (p.quorum == SG_QUORUM_REQUIRE && sg_kv_is_local()) {
		sg_info("quorum=require on a Pacemaker Remote node: delegated to Pacemaker (docs/policy.md)");
	} else if (p.quorum == SG_QUORUM_REQUIRE) {
		struct sg_quorum_info qi;

		rc = sg_quorum_read(&qi);
		if (rc < 0) {
			sg_ocf_exit_reason("quorum=require but quorum cannot be read: %s", strerror(-rc));
			return SG_OCF_ERR_GENERIC;
		}
		if (!qi.quorate) {
			sg_ocf_exit_reason("no quorum: quorum=require and this node is inquorate (%u of %u votes)",
					   qi.total_votes, qi.expected_votes);
			return SG_OCF_ERR_GENERIC;
		}
	}
	/* anything left of an earlier life (failed, stale, orphaned) goes first */
	if (o.have_supervisor || o.have_daemon || o.rs.found) {
		rc = stop_instance(name, budget / 3, 2000);
		if (rc != SG_OCF_SUCCESS)
			return rc;
	}

	/* samguard-run --name NAME --ready-timeout MS, then the parameters
	 * (lib/paramcli.c); tests find the supervisor by its first words */
	snprintf(ready_ms, sizeof(ready_ms), "%u", budget);
	/* --node NODE: the node Pacemaker runs us on, for the push of a
	 * give-up (push.h); checked here, passed as one word */
	node = sg_ocf_reskey("CRM_meta_on_node");
	if (node != NULL && sg_push_valid_node(node) < 0) {
		sg_warn("OCF_RESKEY_CRM_meta_on_node '%s' is no node name: a give-up is left to the monitor", node);
		node = NULL;
	}
	if (sg_params_argv(&p, (const char *const[]){ SG_SBINDIR "/samguard-run", "--name", p.name,
						      "--ready-timeout", ready_ms,
						      node ? "--node" : NULL, node, NULL },
			   &argv) < 0) {
		sg_ocf_exit_reason("cannot build the supervisor's command line");
		rc = SG_OCF_ERR_GENERIC;
		goto out;
	}
	/* the supervisor refuses to run without its run-state files (a daemon
	 * nobody can find would be started twice); say why up front */
	if ((rc = sg_rundir_prepare()) < 0) {
		sg_ocf_exit_reason("run directory %s: %s", SG_RUNDIR,
				   rc == -EPERM ? "not a directory owned by root and writable only by root"
						: strerror(-rc));
		rc = SG_OCF_ERR_GENERIC;
		goto out;
	}
	so.path = argv[0];
	so.argv = argv;
	pid = sg_spawn(&so, reason, sizeof(reason));
	if (pid < 0) {
		sg_ocf_exit_reason("%s", reason);
		rc = SG_OCF_ERR_INSTALLED;
		goto out;
	}
	/* Wait for the supervisor to report the daemon ready. A failure is
	 * judged only once the supervisor has exited (dead is taken before the
	 * read): the SAM child writes last_failure, then state=failed, then
	 * asks SAM's parent to quit, so after waitpid() every key is written
	 * and nobody writes any more. Keys are read one by one in name order
	 * (last_failure before state), so a read while the child was giving
	 * up could see state=failed next to the last_failure of before. */
	for (;;) {
		struct sg_resource_state rs;
		cmap_handle_t h;
		int status, dead = waitpid(pid, &status, WNOHANG) == pid;
		char enc[SG_NAME_ENC_MAX];

		/* it refused to run the daemon without its run-state file */
		if (dead && WIFEXITED(status) && WEXITSTATUS(status) == SG_EXIT_RUNSTATE) {
			stop_instance(name, 3000, 1000);
			sg_ocf_exit_reason("cannot write the run-state files under %s: %s", SG_RUNDIR,
					   runstate_diagnosis());
			rc = SG_OCF_ERR_GENERIC;
			goto out;
		}
		sg_name_encode(name, enc, sizeof(enc));
		if (sg_cmap_connect(&h) == 0) {
			int r = sg_cmap_resource_read(h, enc, &rs);

			sg_kv_finalize(h);
			if (r == 0 && !dead && sg_state_parse(rs.state) == SG_STATE_RUNNING) {
				sg_info("started in %llu ms", (unsigned long long)(sg_now_mono_ms() - t0));
				rc = SG_OCF_SUCCESS;
				goto out;
			}
			if (r == 0 && dead) {
				char why[256];

				snprintf(why, sizeof(why), "%s", rs.last_failure[0] ? rs.last_failure
										  : "supervisor exited; see the log");
				stop_instance(name, 3000, 1000);
				sg_ocf_exit_reason("start failed: %s", why);
				rc = SG_OCF_ERR_GENERIC;
				goto out;
			}
		}
		if (dead) {
			stop_instance(name, 3000, 1000);
			sg_ocf_exit_reason("supervisor exited during start (corosync unreachable?); see the log");
			rc = SG_OCF_ERR_GENERIC;
			goto out;
		}
		if (sg_now_mono_ms() >= end) {
			stop_instance(name, MARGIN_MS, 500);
			sg_ocf_exit_reason("daemon not ready within %u ms", budget);
			rc = SG_OCF_ERR_GENERIC;
			goto out;
		}
		sg_sleep_ms(POLL_MS);
	}
out:
	sg_argv_free(argv);
	return rc;
}

/* reload-agent: apply reloadable parameters (the restart limits) live. */
static int action_reload(const char *name)
{
	struct sg_params p;
	char enc[SG_NAME_ENC_MAX];
	cmap_handle_t h;
	int rc = load_params(&p, 1);

	if (rc != 0)
		return rc;
	struct sg_procid sup;

	/* only a live supervisor reads the limits; otherwise the next start
	 * uses the parameters anyway */
	if (sg_runstate_read(name, SG_RUN_SUPERVISOR, &sup) != 0 || !sg_procid_alive(&sup) ||
	    sg_name_encode(name, enc, sizeof(enc)) < 0 || sg_cmap_connect(&h) != 0)
		return SG_OCF_SUCCESS;
	sg_cmap_set_u32(h, enc, SG_KEY_MAX_RESTARTS, p.max_restarts);
	sg_cmap_set_u32(h, enc, SG_KEY_RESTART_WINDOW, p.restart_window_s);
	sg_kv_finalize(h);
	return SG_OCF_SUCCESS;
}

int main(int argc, char **argv)
{
	static const struct sg_agent agent = {
		.info = &agent_info,
		.usage = "usage: SAMProcess {start|stop|monitor|meta-data|validate-all|reload-agent|usage}",
		.validate = action_validate,
		.start = action_start,
		.stop = action_stop,
		.monitor = action_monitor,
		.reload = action_reload,
	};

	return sg_agent_main(&agent, argc, argv);
}
