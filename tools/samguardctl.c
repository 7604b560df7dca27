/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samguardctl - see and act on every SAM process on this node: those
 * samguard started and any other program using libsam with the cmap flag.
 * A thin main over lib/: samscan (read), samproc (join and classify),
 * samreport (print), samwatch (follow), samcleanup (delete stale keys),
 * samserve/samclient (the live view "serve" keeps, which list and show
 * ask first). Exit codes are documented in man/samguardctl.8. */
#include "cmapstate.h"
#include "log.h"
#include "samcleanup.h"
#include "samguardctl_exit.h"
#include "samclient.h"
#include "samproc.h"
#include "samreport.h"
#include "samscan.h"
#include "samserve.h"
#include "samwatch.h"
#include "util.h"
#include "kv.h"
#include "kvlocal.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef SG_VERSION
#define SG_VERSION "0"
#endif

#define SERVER_TIMEOUT_MS 5000

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: samguardctl [--json] [--direct] [list]\n"
		   "       samguardctl [--json] [--direct] show NAME|PID\n"
		   "       samguardctl [--json] watch\n"
		   "       samguardctl [--json] cleanup [--dry-run]\n"
		   "       samguardctl serve\n"
		   "       samguardctl --help | --version\n"
		   "Reads corosync's cmap, or on a Pacemaker Remote node (no corosync) the local\n"
		   "store " SG_KVL_DIR ".\n");
}

/* Say why corosync could not be used; returns the exit code. */
static int cmap_failure(int rc, const char *what)
{
	if (rc == -ENOTCONN) {
		fprintf(stderr, "samguardctl: corosync is not running: cannot %s (%s)\n", what,
			sg_str_empty(sg_kv_why()) ? "no cmap service to connect to" : sg_kv_why());
		return SG_CTL_NOCOROSYNC;
	}
	if (sg_kv_is_local() && (rc == -EACCES || rc == -EPERM)) {
		fprintf(stderr, "samguardctl: cannot %s: %s\n", what,
			rc == -EACCES ? "the local store " SG_KVL_DIR " is root's: run as root"
				      : "the local store " SG_KVL_DIR " is not root's alone: not trusted");
		return SG_CTL_NOACCESS;
	}
	if (rc == -EACCES || rc == -EPERM) {
		fprintf(stderr, "samguardctl: corosync denied access: run as root, or allow this user or group "
				"with a uidgid entry (uidgid { uid: NAME } in /etc/corosync/uidgid.d/ or "
				"corosync.conf)\n");
		return SG_CTL_NOACCESS;
	}
	fprintf(stderr, "samguardctl: cannot %s: %s\n", what, strerror(-rc));
	return SG_CTL_FAIL;
}

/* Connect and read everything into t and v. Returns an exit code. */
static int load(cmap_handle_t *h, enum sg_scan_depth depth, struct sg_table *t, struct sg_samproc **v, size_t *n)
{
	ssize_t cnt;
	int rc = sg_cmap_connect(h);

	*v = NULL;
	*n = 0;
	if (rc < 0)
		return cmap_failure(rc, "read cmap");
	rc = sg_scan(*h, depth, t, NULL);
	if (rc < 0) {
		sg_kv_finalize(*h);
		return cmap_failure(rc, "read cmap");
	}
	cnt = sg_samprocs(t, sg_now_mono_ns(), v);
	if (cnt < 0) {
		sg_kv_finalize(*h);
		fprintf(stderr, "samguardctl: out of memory\n");
		return SG_CTL_FAIL;
	}
	*n = (size_t)cnt;
	return SG_CTL_OK;
}

static int output_status(int rc)
{
	if (rc < 0 || fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "samguardctl: cannot write the output\n");
		return SG_CTL_FAIL;
	}
	return SG_CTL_OK;
}

/* Ask samguardctl serve. Returns an exit code, or -1 when no (usable)
 * server answered and the caller reads cmap itself. */
static int ask_server(const char *request)
{
	char msg[512], *out;
	size_t len;
	int rc = sg_samclient_request(request, SERVER_TIMEOUT_MS, &out, &len, msg, sizeof(msg));

	if (rc < 0 || rc == SG_CTL_NOACCESS || rc == SG_CTL_USAGE) {
		free(out);
		return -1;
	}
	if (rc == SG_CTL_OK) {
		fwrite(out, 1, len, stdout);
		free(out);
		return output_status(0);
	}
	free(out);
	fprintf(stderr, "samguardctl: %s\n", msg);
	return rc;
}

static int cmd_list(int json, int direct)
{
	struct sg_table t;
	struct sg_samproc *v;
	cmap_handle_t h;
	size_t n;
	int rc;

	if (!direct && (rc = ask_server(json ? "list-json" : "list")) >= 0)
		return rc;
	sg_table_init(&t);
	rc = load(&h, SG_SCAN_SUMMARY, &t, &v, &n);
	if (rc != SG_CTL_OK)
		goto out;
	sg_kv_finalize(h);
	if (json) {
		rc = output_status(sg_report_list_json(stdout, v, n, 1));
	} else {
		sg_report_list_text(stdout, v, n);
		rc = output_status(0);
	}
out:
	free(v);
	sg_table_free(&t);
	return rc;
}

static int cmd_show(int json, int direct, const char *what)
{
	const struct sg_samproc *p;
	struct sg_table t;
	struct sg_samproc *v;
	cmap_handle_t h;
	char req[SG_NAME_MAX * 3 + 32];
	size_t n;
	int rc;

	if (strchr(what, '\n') == NULL && strlen(what) < SG_NAME_MAX * 3) {
		snprintf(req, sizeof(req), "%s %s", json ? "show-json" : "show", what);
		if (!direct && (rc = ask_server(req)) >= 0)
			return rc;
	}
	sg_table_init(&t);
	rc = load(&h, SG_SCAN_FULL, &t, &v, &n);
	if (rc != SG_CTL_OK)
		goto out;
	sg_kv_finalize(h);
	p = sg_samprocs_find(v, n, what);
	if (p == NULL) {
		fprintf(stderr, "samguardctl: no SAM process named or numbered \"%s\" on this node\n", what);
		rc = SG_CTL_NOTFOUND;
	} else if (json) {
		rc = output_status(sg_report_show_json(stdout, p, 1));
	} else {
		sg_report_show_text(stdout, p);
		rc = output_status(0);
	}
out:
	free(v);
	sg_table_free(&t);
	return rc;
}

static int cmd_watch(int json)
{
	struct sg_watch_opts o = { .out = stdout, .json = json, .stop = &stop_flag, .tick_ms = 1000 };
	struct sigaction sa;
	cmap_handle_t h;
	int rc = sg_cmap_connect(&h);

	if (rc < 0)
		return cmap_failure(rc, "watch cmap");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	rc = sg_watch_run(h, &o);
	sg_kv_finalize(h);
	if (rc == -ENOTCONN) {
		fprintf(stderr, "samguardctl: corosync went away\n");
		return SG_CTL_NOCOROSYNC;
	}
	if (rc < 0)
		return cmap_failure(rc, "watch cmap");
	return output_status(0);
}

/* serve: keep a live view and answer list, show and SAMHealth. */
static int cmd_serve(void)
{
	struct sg_serve_opts o = { .stop = &stop_flag };
	struct sigaction sa;
	cmap_handle_t h;
	int rc, fd;

	sg_log_init("samguardctl", "serve", 0);
	fd = sg_serve_listen();
	if (fd == -EADDRINUSE) {
		fprintf(stderr, "samguardctl: a server is already running\n");
		return SG_CTL_FAIL;
	}
	if (fd < 0) {
		fprintf(stderr, "samguardctl: cannot listen: %s\n", strerror(-fd));
		return SG_CTL_FAIL;
	}
	rc = sg_cmap_connect(&h);
	if (rc < 0) {
		close(fd);
		return cmap_failure(rc, "serve");
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	o.listen_fd = fd;
	sg_info("serving on @%s", SG_SERVE_SOCKET);
	rc = sg_serve_run(h, &o);
	sg_kv_finalize(h);
	if (rc == -ENOTCONN) {
		sg_notice("corosync went away: exiting");
		return SG_CTL_NOCOROSYNC;
	}
	if (rc < 0) {
		sg_err("serve: %s", strerror(-rc));
		return SG_CTL_FAIL;
	}
	return SG_CTL_OK;
}

static int cmd_cleanup(int json, int dry_run)
{
	struct sg_cleanup_item *items = NULL;
	struct sg_table t;
	struct sg_samproc *v;
	cmap_handle_t h, stats;
	unsigned int failed = 0;
	ssize_t cnt;
	size_t n;
	int rc;

	sg_table_init(&t);
	rc = load(&h, SG_SCAN_FULL, &t, &v, &n);
	if (rc != SG_CTL_OK)
		goto out;
	rc = sg_cs_errno(sg_kv_initialize_map(&stats, CMAP_MAP_STATS));
	if (rc < 0) {
		sg_kv_finalize(h);
		rc = cmap_failure(rc, "read corosync's connection statistics");
		goto out;
	}
	cnt = sg_cleanup_plan(stats, v, n, &items);
	if (cnt < 0) {
		fprintf(stderr, "samguardctl: out of memory\n");
		rc = SG_CTL_FAIL;
	} else {
		if (!dry_run)
			failed = sg_cleanup_run(h, stats, items, (size_t)cnt);
		if (json)
			rc = output_status(sg_report_cleanup_json(stdout, items, (size_t)cnt, dry_run, 1));
		else {
			sg_report_cleanup_text(stdout, items, (size_t)cnt, dry_run);
			rc = output_status(0);
		}
		if (rc == SG_CTL_OK && failed)
			rc = SG_CTL_FAIL;
	}
	sg_kv_finalize(stats);
	sg_kv_finalize(h);
out:
	free(items);
	free(v);
	sg_table_free(&t);
	return rc;
}

int main(int argc, char **argv)
{
	const char *cmd = NULL, *arg = NULL;
	int json = 0, dry_run = 0, direct = 0, extra = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--json") || !strcmp(a, "-j")) {
			json = 1;
		} else if (!strcmp(a, "--dry-run") || !strcmp(a, "-n")) {
			dry_run = 1;
		} else if (!strcmp(a, "--direct") || !strcmp(a, "-d")) {
			direct = 1;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return SG_CTL_OK;
		} else if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
			printf("samguardctl %s\n", SG_VERSION);
			return SG_CTL_OK;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "samguardctl: unknown option %s\n", a);
			usage(stderr);
			return SG_CTL_USAGE;
		} else if (cmd == NULL) {
			cmd = a;
		} else if (arg == NULL) {
			arg = a;
		} else {
			extra = 1;
		}
	}
	if (cmd == NULL)
		cmd = "list";
	if (getenv("SG_NO_SERVER"))
		direct = 1;
	if (dry_run && strcmp(cmd, "cleanup")) {
		fprintf(stderr, "samguardctl: --dry-run goes with cleanup only\n");
		return SG_CTL_USAGE;
	}
	if (!strcmp(cmd, "show")) {
		if (arg == NULL || extra) {
			usage(stderr);
			return SG_CTL_USAGE;
		}
		return cmd_show(json, direct, arg);
	}
	if (arg != NULL) {
		fprintf(stderr, "samguardctl: %s takes no argument\n", cmd);
		usage(stderr);
		return SG_CTL_USAGE;
	}
	if (!strcmp(cmd, "list"))
		return cmd_list(json, direct);
	if (!strcmp(cmd, "serve"))
		return cmd_serve();
	if (!strcmp(cmd, "watch"))
		return cmd_watch(json);
	if (!strcmp(cmd, "cleanup"))
		return cmd_cleanup(json, dry_run);
	fprintf(stderr, "samguardctl: unknown command %s\n", cmd);
	usage(stderr);
	return SG_CTL_USAGE;
}
