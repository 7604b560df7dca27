/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SAMHealth - OCF resource agent, run as a clone: judges every SAM process
 * on its node (those samguard started and any other libsam program with
 * the cmap flag) and publishes the node's health as a transient attribute
 * (#health-samguard = green, yellow or red) for Pacemaker's
 * node-health-strategy.
 *
 * Short-lived like every agent, and cheap with hundreds of SAM processes:
 * start launches "samguardctl serve" (a live, event-driven view of them;
 * samserve.h), and monitor asks it over a local socket instead of reading
 * every key from cmap (one round trip per key). When it does not answer,
 * monitor reads cmap itself (the on-demand libcmap trampolines: nothing is
 * mapped until then) and starts a new one for next time. attrd_updater
 * (fork/exec, no shell) runs only when the colour changes or the last
 * publication is older than REFRESH_MS. */
#include "agentmain.h"
#include "attrd.h"
#include "kv.h"
#include "samhealthparams.h"
#include "log.h"
#include "metadata.h"
#include "namefilter.h"
#include "names.h"
#include "nodehealth.h"
#include "ocf.h"
#include "procid.h"
#include "rundir.h"
#include "runstate.h"
#include "samclient.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SG_VERSION
#define SG_VERSION "0"
#endif

#define REFRESH_MS 60000u       /* republish an unchanged colour this often */
#define ATTRD_TIMEOUT_MS 10000u
#define SERVER_TIMEOUT_MS 3000u  /* then read cmap ourselves */
#define SERVER_START_MS 3000u    /* how long start waits for a new server */

static const struct sg_action_def actions[] = {
	{ "start", "30s", NULL, NULL },
	{ "stop", "30s", NULL, NULL },
	{ "monitor", "20s", "10s", "0" },
	{ "reload-agent", "20s", NULL, NULL },
	{ "meta-data", "5s", NULL, NULL },
	{ "validate-all", "20s", NULL, NULL },
	{ NULL, NULL, NULL, NULL },
};

static const struct sg_agent_info agent_info = {
	.name = "SAMHealth",
	.version = SG_VERSION,
	.shortdesc = "Node health from the SAM processes on the node",
	.longdesc =
		"Watches every SAM process on its node: the daemons samguard supervises "
		"(ocf:samguard:SAMProcess, samguard-run) and any other program that uses corosync's SAM "
		"with the cmap flag. It publishes the node's health as the transient node attribute "
		"#health-samguard: green when they are all well, yellow when at least yellow_limit of them "
		"are degraded (restarting in place, restarted within their restart_window, waiting for "
		"quorum) or failed, red when at least red_limit of them failed (their supervisor gave up, "
		"SAM marked them failed, their SAM parent stopped sending heartbeats, or their supervisor "
		"is gone). include and exclude choose which processes count, by name. Pacemaker's "
		"node-health-strategy then moves resources off a node whose supervised services fail.\n"
		"\n"
		"Run it as a clone, with the clone's meta attribute allow-unhealthy-nodes=true so that it "
		"keeps running, and reporting, on a node it made unhealthy (Pacemaker 2.1.5 reads it from "
		"the clone, not from the primitive inside); and set the cluster property "
		"node-health-strategy (migrate-on-red moves everything off a red node, only-green off a "
		"yellow one too, progressive scores them). With pcs, one command creates the clone:\n"
		"  pcs resource create samhealth ocf:samguard:SAMHealth \\\n"
		"    yellow_limit=1 red_limit=1 dampen=5s \\\n"
		"    op monitor interval=10s clone allow-unhealthy-nodes=true\n"
		"\n"
		"and pcs property set node-health-strategy=migrate-on-red sets the strategy. With the crm "
		"shell, create the primitive:\n"
		"  crm configure primitive samhealth ocf:samguard:SAMHealth \\\n"
		"    params yellow_limit=1 red_limit=1 dampen=5s \\\n"
		"    op monitor interval=10s timeout=20s\n"
		"\n"
		"then clone it with crm configure clone samhealth-clone samhealth meta "
		"allow-unhealthy-nodes=true and set the strategy with crm configure property "
		"node-health-strategy=migrate-on-red.\n"
		"\n"
		"Monitor returns 0 while the node is green and OCF_DEGRADED (190) with the reason (which "
		"processes) while it is yellow or red, so that crm_mon shows why; it never asks Pacemaker "
		"to recover anything. Stop removes the attribute. The value is published with "
		"attrd_updater: -B (value and dampen) at start, -U in monitor, because Pacemaker 2.1.5 "
		"ignores a delay given with -U. samguardctl list shows the same processes.",
	.params = sg_samhealth_params,
	.actions = actions,
};

static int load_params(struct sg_samhealth_config *p, int report)
{
	char reason[256];
	int rc = sg_samhealth_config_load(p, sg_params_get_reskey, NULL, reason, sizeof(reason));

	if (rc != 0 && report)
		sg_ocf_exit_reason("%s", reason);
	return rc;
}

/* ------------------------------------------------------------ state file */

/* <rundir>/<encoded instance>.health: "<colour> <monotonic ms of the last
 * publication> <pid> <start>", the last two naming the samguardctl serve
 * we started (0 0: none of ours). Its existence means "started" (the run
 * directory is cleared at boot). */
struct health_state {
	char color[16];
	uint64_t when_ms;
	struct sg_procid server;
};

static int state_path(const char *name, char *buf, size_t n)
{
	char enc[SG_NAME_ENC_MAX];
	int rc = sg_name_encode(name, enc, sizeof(enc));

	if (rc < 0)
		return rc;
	if ((size_t)snprintf(buf, n, "%s/%s.health", SG_RUNDIR, enc) >= n)
		return -ENAMETOOLONG;
	return 0;
}

/* Returns 0, -ENOENT when not started, -errno. */
static int state_read(const char *name, struct health_state *st)
{
	char path[512], line[128], c[16];
	unsigned long long t, start = 0;
	ssize_t len;
	int pid = 0, rc = state_path(name, path, sizeof(path));

	memset(st, 0, sizeof(*st));
	if (rc < 0)
		return rc;
	len = sg_read_file(path, line, sizeof(line));
	if (len < 0 && len != -EISDIR)
		return (int)len;
	if (len <= 0)
		return -EINVAL;
	if (sscanf(line, "%15s %llu %d %llu", c, &t, &pid, &start) < 2)
		return -EINVAL;
	sg_strlcpy(st->color, c, sizeof(st->color));
	st->when_ms = t;
	st->server.pid = pid > 0 ? pid : 0;
	st->server.start = start;
	return 0;
}

/* Record a publication (when_ms now) and the server we own. */
static int state_write(const char *name, const char *color, const struct sg_procid *server)
{
	char path[512], line[128];
	int rc, len;

	if ((rc = state_path(name, path, sizeof(path))) < 0)
		return rc;
	if ((rc = sg_rundir_prepare()) < 0)
		return rc; /* the run directory is shared with the supervisors' sockets */
	len = snprintf(line, sizeof(line), "%s %llu %d %llu\n", color, (unsigned long long)sg_now_mono_ms(),
		       server ? (int)server->pid : 0, server ? (unsigned long long)server->start : 0ULL);
	return sg_write_file_atomic(path, line, (size_t)len, 0640);
}

/* Keep colour and time, record a new server. */
static void state_rewrite_server(const char *name, const struct health_state *st)
{
	char path[512], line[128];
	int fd, len;

	if (state_path(name, path, sizeof(path)) != 0)
		return;
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return;
	len = snprintf(line, sizeof(line), "%s %llu %d %llu\n", st->color, (unsigned long long)st->when_ms,
		       (int)st->server.pid, (unsigned long long)st->server.start);
	if (write(fd, line, (size_t)len) != len)
		sg_warn("cannot update %s: %s", path, strerror(errno));
	close(fd);
}

static void state_remove(const char *name)
{
	char path[512];

	if (state_path(name, path, sizeof(path)) == 0 && unlink(path) != 0 && errno != ENOENT)
		sg_warn("cannot remove %s: %s", path, strerror(errno));
}

/* ------------------------------------------------------------ actions */

/* Start a server of ours unless one answers; wait_ms 0: do not wait for
 * it. Updates *server (the one we own, or none). */
static void ensure_server(struct sg_procid *server, unsigned int wait_ms)
{
	pid_t pid;

	if (getenv("SG_NO_SERVER"))
		return;
	if (server->pid > 0 && sg_procid_alive(server))
		return;
	server->pid = 0;
	server->start = 0;
	pid = sg_samclient_spawn_server(wait_ms);
	if (pid > 0) {
		if (sg_procid_read(pid, server) != 0)
			server->pid = 0;
	} else if (pid != -EADDRINUSE) {
		sg_warn("cannot start %s serve: %s", SG_SAMGUARDCTL, strerror((int)-pid));
	}
}

/* The node's health now, from the server or else from cmap. Returns 0 or
 * an OCF code (reason reported). *asked is set when the server answered. */
static int judge(const struct sg_samhealth_config *p, struct sg_node_health *h, int *asked)
{
	struct sg_namefilter f;
	char why[256];
	int rc;

	rc = getenv("SG_NO_SERVER") ? -ECANCELED : sg_samclient_health(p, SERVER_TIMEOUT_MS, h, why, sizeof(why));
	*asked = rc == 0;
	if (rc == 0)
		return 0;
	if (rc > 0)
		sg_warn("samguardctl serve refused the request (%s): reading cmap", why);
	if (sg_namefilter_init(&f, p->include, p->exclude, why, sizeof(why)) != 0) {
		sg_ocf_exit_reason("%s", why);
		return SG_OCF_ERR_CONFIGURED;
	}
	rc = sg_node_health_read(&f, &p->limits, h);
	sg_namefilter_free(&f);
	if (rc == -ENOTCONN) {
		sg_ocf_exit_reason("cannot see the SAM processes: %s",
				   sg_str_empty(sg_kv_why()) ? "corosync is not running" : sg_kv_why());
		return SG_OCF_ERR_GENERIC;
	}
	if (rc == -EACCES || rc == -EPERM) {
		sg_ocf_exit_reason("%s", sg_kv_is_local() ? "the local store refused us (not root, or not root's alone)"
							   : "corosync refused the cmap connection (not root?)");
		return SG_OCF_ERR_PERM;
	}
	if (rc < 0) {
		sg_ocf_exit_reason("cannot read the SAM processes from cmap: %s", strerror(-rc));
		return SG_OCF_ERR_GENERIC;
	}
	return 0;
}

/* Publish color; both: -B with the dampen delay. Returns 0 or an OCF code. */
static int publish(const struct sg_samhealth_config *p, const char *color, int both)
{
	struct sg_attrd_req r = {
		.op = both ? SG_ATTRD_UPDATE_BOTH : SG_ATTRD_UPDATE,
		.name = p->attribute,
		.value = color,
		.delay = p->dampen,
		.node = sg_ocf_reskey("CRM_meta_on_node"),
	};
	char err[256];
	int rc = sg_attrd_run(&r, ATTRD_TIMEOUT_MS, err, sizeof(err));

	if (rc != 0) {
		sg_ocf_exit_reason("cannot publish %s=%s: %s", p->attribute, color, err);
		return SG_OCF_ERR_GENERIC;
	}
	return 0;
}

/* The result monitor reports for a health: 0 when green, else degraded
 * with the reason. */
static int report(const struct sg_node_health *h)
{
	if (h->color == SG_COLOR_GREEN)
		return SG_OCF_SUCCESS;
	sg_ocf_degraded_reason("%s: %s", sg_color_name(h->color), h->summary);
	return SG_OCF_DEGRADED;
}

static int action_start(const char *name)
{
	struct sg_samhealth_config p;
	struct sg_node_health h;
	struct health_state st;
	int rc = load_params(&p, 1), asked;

	if (rc != 0)
		return rc;
	if (state_read(name, &st) != 0)
		memset(&st, 0, sizeof(st));
	ensure_server(&st.server, SERVER_START_MS);
	rc = judge(&p, &h, &asked);
	if (rc != 0)
		return rc;
	rc = publish(&p, sg_color_name(h.color), 1);
	if (rc != 0)
		return rc;
	rc = state_write(name, sg_color_name(h.color), &st.server);
	if (rc < 0) {
		sg_ocf_exit_reason("cannot write the state file under %s: %s", SG_RUNDIR, strerror(-rc));
		return SG_OCF_ERR_GENERIC;
	}
	sg_notice("started: %s is %s (%s)", p.attribute, sg_color_name(h.color), h.summary);
	return SG_OCF_SUCCESS;
}

static int action_monitor(const char *name)
{
	struct sg_samhealth_config p;
	struct sg_node_health h;
	struct health_state st;
	const char *color;
	int rc = state_read(name, &st), asked;

	if (rc == -ENOENT)
		return SG_OCF_NOT_RUNNING;
	if (sg_ocf_is_probe())
		return SG_OCF_SUCCESS;  /* started; a probe judges nothing */
	if (load_params(&p, 1) != 0)
		return SG_OCF_ERR_CONFIGURED;
	rc = judge(&p, &h, &asked);
	if (rc != 0)
		return rc;
	color = sg_color_name(h.color);
	if (!asked && !getenv("SG_NO_SERVER")) {
		/* read cmap ourselves this time; a server for next time */
		sg_info("samguardctl serve did not answer: read cmap directly");
		ensure_server(&st.server, 0);
	}
	if (!strcmp(st.color, color) && sg_now_mono_ms() - st.when_ms < REFRESH_MS) {
		if (!asked)
			state_rewrite_server(name, &st);
		return report(&h);
	}
	if (strcmp(st.color, color))
		sg_notice("%s: %s -> %s (%s)", p.attribute, st.color, color, h.summary);
	rc = publish(&p, color, 0);
	if (rc != 0)
		return rc;
	rc = state_write(name, color, &st.server);
	if (rc < 0)
		sg_warn("cannot write the state file under %s: %s", SG_RUNDIR, strerror(-rc));
	return report(&h);
}

static int action_stop(const char *name)
{
	struct sg_samhealth_config p;
	struct health_state st;
	struct sg_attrd_req r = { .op = SG_ATTRD_DELETE, .node = sg_ocf_reskey("CRM_meta_on_node") };
	char err[256];
	int rc;

	/* any parameters will do: only the attribute name matters */
	r.name = load_params(&p, 0) == 0 ? p.attribute : SG_HEALTH_ATTRIBUTE_DEFAULT;
	rc = sg_attrd_run(&r, ATTRD_TIMEOUT_MS, err, sizeof(err));
	/* a leftover transient attribute is not worth fencing the node over:
	 * it goes when the node leaves the cluster */
	if (rc != 0)
		sg_warn("cannot remove %s: %s", r.name, err);
	/* the server we started goes with us */
	if (state_read(name, &st) == 0 && st.server.pid > 0 && sg_procid_alive(&st.server))
		kill(st.server.pid, SIGTERM);
	state_remove(name);
	return SG_OCF_SUCCESS;
}

/* reload-agent: limits and patterns are read by every monitor; a new
 * dampen takes -B. */
static int action_reload(const char *name)
{
	struct sg_samhealth_config p;
	struct sg_node_health h;
	struct health_state st;
	int rc = load_params(&p, 1), asked;

	if (rc != 0)
		return rc;
	if (state_read(name, &st) != 0)
		return SG_OCF_SUCCESS;
	rc = judge(&p, &h, &asked);
	if (rc != 0)
		return rc;
	rc = publish(&p, sg_color_name(h.color), 1);
	if (rc == 0)
		state_write(name, sg_color_name(h.color), &st.server);
	return rc;
}

static int action_validate(void)
{
	struct sg_samhealth_config p;
	int rc = load_params(&p, 1);

	if (rc != 0)
		return rc;
	if (sg_ocf_check_level() >= 10 && access(SG_ATTRD_UPDATER, X_OK) != 0) {
		sg_ocf_exit_reason("%s is not an executable: is Pacemaker installed?", SG_ATTRD_UPDATER);
		return SG_OCF_ERR_INSTALLED;
	}
	return SG_OCF_SUCCESS;
}

int main(int argc, char **argv)
{
	static const struct sg_agent agent = {
		.info = &agent_info,
		.usage = "usage: SAMHealth {start|stop|monitor|meta-data|validate-all|reload-agent|usage}",
		.validate = action_validate,
		.start = action_start,
		.stop = action_stop,
		.monitor = action_monitor,
		.reload = action_reload,
	};

	return sg_agent_main(&agent, argc, argv);
}
