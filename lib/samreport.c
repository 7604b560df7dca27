/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samreport.c - text and JSON views of the node's SAM processes. */
#include "samreport.h"

#include "util.h"
#include "kv.h"
#include "kvlocal.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>

#define LAST_FAILURE_COLS 60

void sg_format_duration_ms(uint64_t ms, char *buf, size_t n)
{
	uint64_t s = ms / 1000;

	if (ms < 1000)
		snprintf(buf, n, "%" PRIu64 "ms", ms);
	else if (ms < 10000)
		snprintf(buf, n, "%" PRIu64 ".%" PRIu64 "s", s, (ms % 1000) / 100);
	else if (s < 60)
		snprintf(buf, n, "%" PRIu64 "s", s);
	else if (s < 3600)
		snprintf(buf, n, "%" PRIu64 "m%02" PRIu64 "s", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, n, "%" PRIu64 "h%02" PRIu64 "m", s / 3600, (s % 3600) / 60);
	else
		snprintf(buf, n, "%" PRIu64 "d%02" PRIu64 "h", s / 86400, (s % 86400) / 3600);
}

const char *sg_report_status_label(enum sg_sp_status s)
{
	switch (s) {
	case SG_SP_FAILED: return "FAILED";
	case SG_SP_HUNG: return "HUNG";
	case SG_SP_STALE: return "STALE";
	case SG_SP_ORPHAN: return "ORPHAN";
	case SG_SP_UNKNOWN: return "UNKNOWN";
	case SG_SP_WAITING: return "waiting";
	default: return sg_sp_status_name(s);
	}
}

/* The state a process reports: samguard's, else SAM's, else "-". */
static const char *state_of(const struct sg_samproc *p)
{
	if (p->sg && p->sg->rs.state[0])
		return p->sg->rs.state;
	if (p->sam && p->sam->ss.state[0])
		return p->sam->ss.state;
	return NULL;
}

static void u32_or_dash(char *buf, size_t n, uint32_t v)
{
	if (v)
		snprintf(buf, n, "%" PRIu32, v);
	else
		snprintf(buf, n, "-");
}

void sg_report_row_text(FILE *f, const struct sg_samproc *p, int name_width, int state_width)
{
	char pid[16], daemon[16], interval[24], age[24], restarts[16], failure[LAST_FAILURE_COLS * 4 + 1];
	char name[SG_PROGRAM_MAX + SG_NAME_MAX + 1];
	const char *state = state_of(p);
	int64_t iv = sg_samproc_interval_ms(p);
	uint64_t a = sg_sp_heartbeat_age_ms(&p->facts);

	sg_text_one_line(name, sizeof(name), p->name[0] ? p->name : "-", sizeof(name));
	u32_or_dash(pid, sizeof(pid), p->pid);
	u32_or_dash(daemon, sizeof(daemon), sg_samproc_daemon_pid(p));
	if (iv > 0)
		sg_format_duration_ms((uint64_t)iv, interval, sizeof(interval));
	else
		snprintf(interval, sizeof(interval), iv == 0 ? "none" : "-");
	if (a != UINT64_MAX)
		sg_format_duration_ms(a, age, sizeof(age));
	else
		snprintf(age, sizeof(age), "-");
	if (p->sg && sg_sg_entry_has(p->sg, SG_KEY_RESTARTS))
		snprintf(restarts, sizeof(restarts), "%" PRIu32, p->sg->rs.restarts);
	else
		snprintf(restarts, sizeof(restarts), "-");
	sg_text_one_line(failure, sizeof(failure), p->sg && p->sg->rs.last_failure[0] ? p->sg->rs.last_failure : "-",
		 LAST_FAILURE_COLS);
	fprintf(f, "%-*s %-7s %-7s %-8s %-*s %-7s %-8s %-10s %-8s %s\n", name_width, name, pid, daemon,
		sg_report_status_label(p->status), state_width, state ? state : "-",
		p->sg ? (p->sg->rs.health[0] ? p->sg->rs.health : "-") : "sam", interval, age, restarts,
		failure);
}

void sg_report_list_text(FILE *f, const struct sg_samproc *v, size_t n)
{
	int w = 4, sw = 5;

	for (size_t i = 0; i < n; i++) {
		const char *st = state_of(&v[i]);
		int l = (int)strlen(v[i].name);

		if (l > w)
			w = l;
		l = st ? (int)strlen(st) : 1;
		if (l > sw)
			sw = l;
	}
	if (w > 40)
		w = 40;
	if (sw > 24)
		sw = 24;
	fprintf(f, "%-*s %-7s %-7s %-8s %-*s %-7s %-8s %-10s %-8s %s\n", w, "NAME", "PID", "DAEMON", "STATUS", sw,
		"STATE", "HEALTH", "INTERVAL", "LAST-CHECK", "RESTARTS", "LAST FAILURE");
	for (size_t i = 0; i < n; i++)
		sg_report_row_text(f, &v[i], w, sw);
}

static void json_u32_or_null(struct sg_json *j, const char *key, int have, uint64_t v)
{
	if (have)
		sg_json_u64(j, key, v);
	else
		sg_json_null(j, key);
}

static void json_live(struct sg_json *j, const char *key, enum sg_proc live)
{
	if (live == SG_PROC_NONE)
		sg_json_null(j, key);
	else
		sg_json_bool(j, key, live == SG_PROC_ALIVE);
}

void sg_report_proc_json(struct sg_json *j, const char *key, const struct sg_samproc *p, int full)
{
	const struct sg_sg_entry *sg = p->sg;
	const struct sg_sam_entry *sam = p->sam;
	int64_t iv = sg_samproc_interval_ms(p);
	uint64_t age = sg_sp_heartbeat_age_ms(&p->facts);
	uint32_t dpid = sg_samproc_daemon_pid(p);

	sg_json_object_begin(j, key);
	sg_json_str(j, "name", p->name[0] ? p->name : NULL);
	sg_json_str(j, "origin", sg ? "samguard" : "sam");
	sg_json_str(j, "resource", sg ? p->name : NULL);
	sg_json_str(j, "program", !sg && sam->program[0] ? sam->program : NULL);
	json_u32_or_null(j, "pid", p->pid != 0, p->pid);
	sg_json_str(j, "status", sg_sp_status_name(p->status));
	sg_json_bool(j, "stale", sg_samproc_stale(p));
	sg_json_str(j, "state", state_of(p));
	sg_json_str(j, "sam_state", sam && sam->ss.state[0] ? sam->ss.state : NULL);

	sg_json_object_begin(j, "supervisor");
	json_u32_or_null(j, "pid", p->pid != 0, p->pid);
	if (sg && sg->have_supervisor)
		sg_json_u64(j, "start", sg->supervisor.start);
	else
		sg_json_null(j, "start");
	json_live(j, "alive", p->facts.supervisor);
	sg_json_object_end(j);

	sg_json_object_begin(j, "daemon");
	json_u32_or_null(j, "pid", dpid != 0, dpid);
	if (sg)
		json_live(j, "alive", p->facts.daemon);
	else
		json_live(j, "alive", dpid ? SG_PROC_ALIVE : SG_PROC_NONE);
	sg_json_object_end(j);

	sg_json_str(j, "health", sg && sg->rs.health[0] ? sg->rs.health : NULL);
	json_u32_or_null(j, "interval_ms", iv >= 0, (uint64_t)iv);
	json_u32_or_null(j, "last_check_age_ms", age != UINT64_MAX, age);
	json_u32_or_null(j, "restarts", sg && sg_sg_entry_has(sg, SG_KEY_RESTARTS), sg ? sg->rs.restarts : 0);
	json_u32_or_null(j, "restarts_recent", sg != NULL, p->facts.restarts_recent);
	sg_json_str(j, "last_failure", sg && sg->rs.last_failure[0] ? sg->rs.last_failure : NULL);

	if (full) {
		char prefix[SG_NAME_ENC_MAX + 32];

		json_u32_or_null(j, "instance", sg && sg_sg_entry_has(sg, SG_KEY_INSTANCE), sg ? sg->rs.instance : 0);
		json_u32_or_null(j, "child_pid", sg ? sg->rs.child_pid != 0 : sam->child_pid != 0,
				 sg ? sg->rs.child_pid : sam->child_pid);
		json_u32_or_null(j, "daemon_start", sg && sg->rs.daemon_start, sg ? sg->rs.daemon_start : 0);
		if (sg) {
			sg_json_array_begin(j, "restart_history_ms");
			for (unsigned int i = 0; i < sg->rs.history_len; i++)
				sg_json_u64(j, NULL, sg->rs.history[i]);
			sg_json_array_end(j);
		} else {
			sg_json_null(j, "restart_history_ms");
		}
		json_u32_or_null(j, "max_restarts", sg && sg_sg_entry_has(sg, SG_KEY_MAX_RESTARTS),
				 sg ? sg->rs.max_restarts : 0);
		json_u32_or_null(j, "restart_window_s", sg && sg_sg_entry_has(sg, SG_KEY_RESTART_WINDOW),
				 sg ? sg->rs.restart_window_s : 0);
		json_u32_or_null(j, "last_failure_time", sg && sg->rs.last_failure_time,
				 sg ? sg->rs.last_failure_time : 0);
		sg_json_str(j, "quorum", sg && sg->rs.quorum[0] ? sg->rs.quorum : NULL);
		sg_json_str(j, "status_message", sg && sg->rs.status[0] ? sg->rs.status : NULL);
		json_u32_or_null(j, "restart_delay_ms", sg && sg_sg_entry_has(sg, SG_KEY_RESTART_DELAY),
				 sg ? sg->rs.restart_delay_ms : 0);
		sg_json_str(j, "failure_record", sg && sg->rs.failure_record[0] ? sg->rs.failure_record : NULL);
		sg_json_str(j, "failure_summary", sg && sg->rs.failure_summary[0] ? sg->rs.failure_summary : NULL);
		sg_json_str(j, "recovery", sam && sam->ss.recovery[0] ? sam->ss.recovery : NULL);
		json_u32_or_null(j, "poll_period_ms", sam && sg_sam_entry_has(sam, SG_SAM_KEY_POLL_PERIOD),
				 sam ? sam->ss.poll_period_ms : 0);
		json_u32_or_null(j, "last_updated_ns", sam && sam->ss.has_last_updated,
				 sam ? sam->ss.last_updated_ns : 0);
		sg_json_str(j, "supervisor_identity", sg ? (sg->supervisor_from_file ? "run-state file"
							    : sg->have_supervisor ? "cmap keys" : NULL)
						     : "pid and last_updated");
		sg_json_object_begin(j, "keys");
		if (sg) {
			snprintf(prefix, sizeof(prefix), SG_CMAP_PREFIX "%s.", sg->enc);
			sg_json_str(j, "samguard", prefix);
		} else {
			sg_json_null(j, "samguard");
		}
		if (sam) {
			snprintf(prefix, sizeof(prefix), SG_SAM_PREFIX "%" PRIu32 ".", sam->pid);
			sg_json_str(j, "sam", prefix);
		} else {
			sg_json_null(j, "sam");
		}
		sg_json_object_end(j);
	}
	sg_json_object_end(j);
}

int sg_report_list_json(FILE *f, const struct sg_samproc *v, size_t n, int pretty)
{
	struct sg_json j;
	unsigned int cnt[4] = { 0 }, stale = 0;
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	sg_json_init(&j, f, pretty);
	sg_json_object_begin(&j, NULL);
	sg_json_u64(&j, "version", SG_JSON_VERSION);
	sg_json_u64(&j, "time_ms", (uint64_t)ts.tv_sec * 1000ULL + (uint64_t)ts.tv_nsec / 1000000ULL);
	sg_json_array_begin(&j, "processes");
	for (size_t i = 0; i < n; i++) {
		sg_report_proc_json(&j, NULL, &v[i], 0);
		cnt[sg_sp_severity(v[i].status)]++;
		stale += sg_samproc_stale(&v[i]);
	}
	sg_json_array_end(&j);
	sg_json_object_begin(&j, "summary");
	sg_json_u64(&j, "total", n);
	sg_json_u64(&j, "ok", cnt[SG_SEV_OK]);
	sg_json_u64(&j, "degraded", cnt[SG_SEV_DEGRADED]);
	sg_json_u64(&j, "failed", cnt[SG_SEV_FAILED]);
	sg_json_u64(&j, "stopped", cnt[SG_SEV_NONE]);
	sg_json_u64(&j, "stale", stale);
	sg_json_object_end(&j);
	sg_json_object_end(&j);
	return sg_json_finish(&j);
}

int sg_report_show_json(FILE *f, const struct sg_samproc *p, int pretty)
{
	struct sg_json j;

	sg_json_init(&j, f, pretty);
	sg_json_object_begin(&j, NULL);
	sg_json_u64(&j, "version", SG_JSON_VERSION);
	sg_report_proc_json(&j, "process", p, 1);
	/* where this node keeps the state (kv.h) */
	sg_json_str(&j, "node_mode", sg_kv_is_local() ? "remote" : "full");
	sg_json_str(&j, "store", sg_kv_is_local() ? SG_KVL_DIR : "cmap");
	sg_json_object_end(&j);
	return sg_json_finish(&j);
}

static const char *live_word(enum sg_proc l)
{
	return l == SG_PROC_ALIVE ? "alive" : l == SG_PROC_DEAD ? "gone" : "unknown";
}

void sg_report_show_text(FILE *f, const struct sg_samproc *p)
{
	const struct sg_sg_entry *sg = p->sg;
	const struct sg_sam_entry *sam = p->sam;
	const char *state = state_of(p);
	char buf[LAST_FAILURE_COLS * 8], d[32];
	int64_t iv = sg_samproc_interval_ms(p);
	uint64_t age = sg_sp_heartbeat_age_ms(&p->facts);

#define ROW(label, ...) do { fprintf(f, "%-18s ", label ":"); fprintf(f, __VA_ARGS__); fputc('\n', f); } while (0)
	sg_text_one_line(buf, sizeof(buf), p->name[0] ? p->name : "(unknown)", sizeof(buf));
	ROW("name", "%s", buf);
	ROW("origin", "%s", sg ? "samguard (SAMProcess or samguard-run)" : "another program using libsam");
	ROW("node", "%s", sg_str_empty(sg_kv_why()) ? (sg_kv_is_local() ? "Pacemaker Remote node" : "full cluster node")
						    : sg_kv_why());
	ROW("status", "%s%s", sg_sp_status_name(p->status), sg_samproc_stale(p) ? " (supervisor gone: stale keys)" : "");
	ROW("state", "%s", state ? state : "-");
	if (sam)
		ROW("SAM state", "%s (recovery %s)", sam->ss.state[0] ? sam->ss.state : "-",
		    sam->ss.recovery[0] ? sam->ss.recovery : "-");
	else
		ROW("SAM state", "no resources.process keys");
	if (p->pid) {
		if (sg && sg->have_supervisor)
			ROW("supervisor", "pid %" PRIu32 ", start %" PRIu64 " (from %s), %s", p->pid, sg->supervisor.start,
			    sg->supervisor_from_file ? "run-state file" : "cmap", live_word(p->facts.supervisor));
		else
			ROW("supervisor", "pid %" PRIu32 ", %s%s", p->pid, live_word(p->facts.supervisor),
			    sam && sam->reused ? " (pid reused by a newer process)" : "");
	} else {
		ROW("supervisor", "none recorded");
	}
	if (sg) {
		if (sg->rs.daemon_pid)
			ROW("daemon", "pid %" PRIu32 ", %s", sg->rs.daemon_pid, live_word(p->facts.daemon));
		if (sg->rs.child_pid)
			ROW("SAM child", "pid %" PRIu32 " (instance %" PRIu32 ")", sg->rs.child_pid, sg->rs.instance);
		ROW("health", "%s", sg->rs.health[0] ? sg->rs.health : "-");
	} else if (sam->child_pid) {
		ROW("SAM child", "pid %" PRIu32, sam->child_pid);
	}
	if (iv > 0) {
		sg_format_duration_ms((uint64_t)iv, d, sizeof(d));
		ROW("interval", "%s", d);
	} else {
		ROW("interval", iv == 0 ? "none (no heartbeat)" : "-");
	}
	if (age != UINT64_MAX) {
		sg_format_duration_ms(age, d, sizeof(d));
		ROW("last check", "%s ago", d);
	} else {
		ROW("last check", "never");
	}
	if (sg) {
		ROW("restarts", "%" PRIu32 " in total, %u within %" PRIu32 "s (limit %u)", sg->rs.restarts,
		    p->facts.restarts_recent, sg->rs.restart_window_s, p->facts.max_restarts);
		if (sg->rs.last_failure[0]) {
			sg_text_one_line(buf, sizeof(buf), sg->rs.last_failure, sizeof(buf));
			if (sg->rs.last_failure_time) {
				time_t t = (time_t)sg->rs.last_failure_time;
				struct tm tm;
				char when[40];

				strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", localtime_r(&t, &tm));
				ROW("last failure", "%s (%s)", buf, when);
			} else {
				ROW("last failure", "%s", buf);
			}
		}
		if (sg->rs.status[0]) {
			sg_text_one_line(buf, sizeof(buf), sg->rs.status, sizeof(buf));
			ROW("daemon status", "%s", buf);
		}
		if (sg_sg_entry_has(sg, SG_KEY_RESTART_DELAY) && sg->rs.restart_delay_ms) {
			sg_format_duration_ms(sg->rs.restart_delay_ms, d, sizeof(d));
			ROW("restart delay", "%s before this instance (restart_delay)", d);
		}
		if (sg->rs.failure_record[0]) {
			sg_text_one_line(buf, sizeof(buf), sg->rs.failure_record, sizeof(buf));
			ROW("failure record", "%s", buf);
			sg_text_one_line(buf, sizeof(buf), sg->rs.failure_summary[0] ? sg->rs.failure_summary : "-", sizeof(buf));
			ROW("record summary", "%s", buf);
		}
		if (sg->rs.quorum[0])
			ROW("quorum", "%s", sg->rs.quorum);
		ROW("cmap keys", SG_CMAP_PREFIX "%s.*%s", sg->enc, sam ? "" : " (no SAM keys)");
	}
	if (sam && sg)
		ROW("SAM keys", SG_SAM_PREFIX "%" PRIu32 ".*", sam->pid);
	else if (sam)
		ROW("cmap keys", SG_SAM_PREFIX "%" PRIu32 ".*", sam->pid);
#undef ROW
}

/* What happened to one item: "deleted", "would-delete", "kept", "failed". */
static const char *cleanup_action(const struct sg_cleanup_item *it, int dry_run)
{
	if (it->error)
		return "failed";
	if (it->done)
		return "deleted";
	if (it->delete && dry_run)
		return "would-delete";
	return "kept";
}

void sg_report_cleanup_text(FILE *f, const struct sg_cleanup_item *items, size_t n, int dry_run)
{
	unsigned int del = 0, kept = 0, failed = 0;
	char name[SG_NAME_MAX + SG_PROGRAM_MAX + 1];

	for (size_t i = 0; i < n; i++) {
		const struct sg_cleanup_item *it = &items[i];
		const char *a = cleanup_action(it, dry_run);

		sg_text_one_line(name, sizeof(name), it->name[0] ? it->name : "-", sizeof(name));
		if (it->error)
			fprintf(f, "%-12s %s* (%s): %s: %s\n", a, it->prefix, name, it->why, strerror(-it->error));
		else
			fprintf(f, "%-12s %s* (%s): %s\n", a, it->prefix, name, it->why);
		if (it->error)
			failed++;
		else if (it->done || (it->delete && dry_run))
			del++;
		else
			kept++;
	}
	fprintf(f, "%u key set%s %s, %u kept, %u failed\n", del, del == 1 ? "" : "s",
		dry_run ? "would be deleted" : "deleted", kept, failed);
}

int sg_report_cleanup_json(FILE *f, const struct sg_cleanup_item *items, size_t n, int dry_run, int pretty)
{
	unsigned int del = 0, kept = 0, failed = 0;
	struct sg_json j;

	sg_json_init(&j, f, pretty);
	sg_json_object_begin(&j, NULL);
	sg_json_u64(&j, "version", SG_JSON_VERSION);
	sg_json_bool(&j, "dry_run", dry_run);
	sg_json_array_begin(&j, "items");
	for (size_t i = 0; i < n; i++) {
		const struct sg_cleanup_item *it = &items[i];

		sg_json_object_begin(&j, NULL);
		sg_json_str(&j, "keys", it->prefix);
		sg_json_str(&j, "kind", it->kind == SG_CLEAN_SAMGUARD ? "samguard" : "sam");
		sg_json_str(&j, "name", it->name[0] ? it->name : NULL);
		if (it->pid)
			sg_json_u64(&j, "pid", it->pid);
		else
			sg_json_null(&j, "pid");
		sg_json_str(&j, "action", cleanup_action(it, dry_run));
		sg_json_str(&j, "reason", it->why);
		sg_json_str(&j, "error", it->error ? strerror(-it->error) : NULL);
		sg_json_object_end(&j);
		if (it->error)
			failed++;
		else if (it->done || (it->delete && dry_run))
			del++;
		else
			kept++;
	}
	sg_json_array_end(&j);
	sg_json_object_begin(&j, "summary");
	sg_json_u64(&j, "deleted", dry_run ? 0 : del);
	sg_json_u64(&j, "would_delete", dry_run ? del : 0);
	sg_json_u64(&j, "kept", kept);
	sg_json_u64(&j, "failed", failed);
	sg_json_object_end(&j);
	sg_json_object_end(&j);
	return sg_json_finish(&j);
}
