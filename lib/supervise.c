/* SPDX-License-Identifier: GPL-2.0-or-later */
/* supervise.c - the SAM supervisor: P registers with SAM and becomes its
 * parent; every SAM child C runs one daemon D and its health checks.
 *
 * Why things are done the way they are (see docs/design.md):
 *  - sam_register() forks and never returns in P, so everything P must know
 *    later lives in an anonymous shared mapping made before it: the current
 *    child's pid (for stop forwarding), the restart history, the last
 *    failure, and the daemon's identity.
 *  - SAM only signals its direct child, so D gets its own session and C
 *    kills D's process group itself; D never inherits SAM's pipes.
 *  - Health is judged in C's main loop (never in libsam's callback thread,
 *    which can deadlock on corosync 3.1.7); C always sends SAM heartbeats
 *    while it is itself alive, and exits when D fails, which makes SAM
 *    restart the pair in place.
 *  - SAM never reconnects to corosync: C watches its own cmap connection,
 *    and P re-executes itself once corosync is back.
 *  - With health=notify, C owns the daemon's $NOTIFY_SOCKET. Plain sd_notify
 *    senders drive one watchdog for the whole daemon; processes that
 *    register through a heartbeat-shim library (X-SAMGUARD-CLIENT) get their
 *    own deadlines and checks (lib/notify_clients.c, docs/notify-protocol.md). */
#include "supervise.h"

#include "cmapstate.h"
#include "log.h"
#include "procid.h"
#include "rundir.h"
#include "runstate.h"
#include "supervise_internal.h"
#include "util.h"
#include "kv.h"

#include <corosync/sam.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define RECONNECT_WAIT_S 300

struct sv_shared *sv_shm;
const struct sg_supervise_config *sv_cfg;
char sv_enc[SG_NAME_ENC_MAX];
struct sg_cred sv_cred;
int sv_cred_rc;
uid_t sv_cluster_uid = (uid_t)-1;
char sv_cred_why[256];

/* ------------------------------------------------------------------ P */

/* P: SIGTERM/SIGINT/SIGHUP mean "stop": tell the current child. */
static void parent_stop_handler(int sig)
{
	pid_t c = sv_shm->child_pid;

	(void)sig;
	sv_shm->stop_requested = 1;
	if (c > 0)
		kill(c, SIGUSR2);
}

static int parent_reconnect(void);

/* P: libsam's parent loop ends with exit() once a child that stopped SAM
 * exits (a give-up, a clean stop, corosync lost): this atexit handler is
 * the only place P runs our code again. After a give-up whoever started us
 * sees status 1; after corosync was lost P waits for it and re-executes
 * itself. atexit handlers are inherited by the children, hence the pid
 * test. */
static void parent_exit_status(void)
{
	if (sv_shm == NULL || getpid() != sv_shm->parent_pid)
		return;
	if (sv_shm->gave_up)
		_exit(1);
	if (sv_shm->corosync_lost && sv_shm->ever_started && !sv_shm->stop_requested)
		_exit(parent_reconnect());
}

/* P after a child lost corosync (parent_exit_status): the daemon is down.
 * Wait for corosync and re-execute ourselves, which republishes
 * everything. */
static int parent_reconnect(void)
{
	cmap_handle_t h;

	sg_err("lost corosync; the daemon is down until corosync is back (waiting up to %d s)",
	       RECONNECT_WAIT_S);
	for (int i = 0; i < RECONNECT_WAIT_S * 2 && !sv_shm->stop_requested; i++) {
		if (sg_cmap_connect(&h) == 0) {
			sg_kv_finalize(h);
			sg_notice("corosync is back: restarting the supervisor");
			close_range(3, ~0U, 0);
			execv("/proc/self/exe", sv_cfg->self_argv);
			sg_err("cannot re-execute the supervisor: %s", strerror(errno));
			return 1;
		}
		sg_sleep_ms(500);
	}
	sg_err("corosync did not come back; giving up");
	return 1;
}

int sg_supervise_run(const struct sg_supervise_config *config)
{
	struct sigaction sa = { 0 };
	struct sg_procid self;
	/* no SAM_RECOVERY_POLICY_CMAP: libsam would hold a cmap connection (3
	 * MiB of shared-memory rings) in P beside the child's own; the child
	 * writes SAM's registry entry instead (lib/samregistry.c) */
	sam_recovery_policy_t policy = SAM_RECOVERY_POLICY_RESTART;
	unsigned int instance = 0;
	cs_error_t err;
	int rc;

	sv_cfg = config;
	if (sg_name_encode(sv_cfg->params.name, sv_enc, sizeof(sv_enc)) < 0) {
		sg_err("invalid resource name '%s'", sv_cfg->params.name);
		return 2;
	}
	sv_shm = mmap(NULL, sizeof(*sv_shm), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sv_shm == MAP_FAILED) {
		sg_err("mmap: %s", strerror(errno));
		return 1;
	}
	memset(sv_shm, 0, sizeof(*sv_shm));
	sv_shm->parent_pid = getpid();
	atexit(parent_exit_status);

	/* Dispositions P keeps forever (libsam never sets its own). SIGPIPE
	 * ignored protects P when a child dies mid-reply (E12); SIGCHLD must
	 * stay default for libsam's waitpid. */
	signal(SIGPIPE, SIG_IGN);
	signal(SIGUSR2, SIG_IGN);
	signal(SIGCHLD, SIG_DFL);
	sa.sa_handler = parent_stop_handler;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	/* no run-state file, no daemon: monitor would say "never started" and
	 * Pacemaker could start a second copy elsewhere (docs/security.md) */
	if ((rc = sg_procid_read(getpid(), &self)) < 0 ||
	    (rc = sg_runstate_write(sv_cfg->params.name, SG_RUN_SUPERVISOR, &self)) < 0) {
		sg_err("cannot write %s/%s.supervisor: %s; not starting", SG_RUNDIR, sv_enc, strerror(-rc));
		return SG_EXIT_RUNSTATE;
	}
	/* sockets that SIGKILLed supervisors and children left behind */
	if ((rc = sg_rundir_sweep()) > 0)
		sg_info("removed %d stale socket(s) from %s", rc, SG_RUNDIR);
	else if (rc < 0)
		sg_warn("cannot sweep %s: %s", SG_RUNDIR, strerror(-rc));
	/* health=tcp: resolve the target once, here, before any fork; the
	 * child's loop never waits for DNS */
	sv_tcp_resolve();

	/* the daemon's user, once, before any fork (sv_cred) */
	sv_cred_rc = sg_cred_resolve(sv_cfg->params.user ? sv_cfg->params.user : "root", &sv_cred,
				     sv_cred_why, sizeof(sv_cred_why));
	if (sv_cred_rc < 0)
		sg_err("%s", sv_cred_why);
	/* the cluster user, who may escalate failures (apphb_setreboot):
	 * looked up here so that no NSS call runs in the child's loop */
	{
		struct sg_cred hc;
		char why[128];

		if (sg_cred_resolve("hacluster", &hc, why, sizeof(why)) == 0) {
			sv_cluster_uid = hc.uid;
			sg_cred_free(&hc);
		}
	}

	/* full node or Pacemaker Remote node, once, before any fork: the
	 * children inherit the decision (lib/kv.h). On a full node the node's
	 * publisher is started here if none runs: P is nobody's subreaper, so
	 * it ends up nobody's child, and the SAM children find it. */
	switch (sg_kv_decide_shared(1)) {
	case SG_NODE_FULL:
		sg_info("%s", sg_kv_why());
		break;
	case SG_NODE_REMOTE:
		sg_notice("%s", sg_kv_why());
		break;
	default:
		sg_err("cannot supervise: %s", sg_kv_why());
		return 1;
	}
	if (sv_cfg->params.quorum == SG_QUORUM_REQUIRE) {
		if (!sg_kv_is_local())
			policy |= SAM_RECOVERY_POLICY_QUORUM;
		else
			sg_notice("quorum=require on a Pacemaker Remote node: the node has no quorum of its own; "
				  "Pacemaker runs its resources only from a quorate partition and fences it when "
				  "the connection is lost (docs/policy.md)");
	}
	err = sam_initialize((int)sv_cfg->params.health_interval_ms, policy);
	if (err != CS_OK) {
		sg_err("sam_initialize failed (%d): is corosync running?", err);
		return 1;
	}
	sam_warn_signal_set(SIGUSR1);
	fflush(NULL);
	err = sam_register(&instance);
	if (err == CS_OK)
		sv_child_main(instance);
	/* Still P, without a child: sam_register failed (pipe or fork). */
	sg_err("sam_register failed (%d)", err);
	return 1;
}
