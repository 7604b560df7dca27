/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samscan.c - one pass over SAM's and samguard's cmap keys, then /proc. */
#include "samscan.h"

#include "colocate.h"
#include "runstate.h"
#include "util.h"
#include "kv.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <signal.h>
#include <unistd.h>

/* Whether a scan of depth reads the value of leaf: a full scan all, a
 * summary the samguard leaves marked SG_LEAF_SUMMARY (cmapstate.c) and
 * SAM's but recovery (unknown SAM leaves are read: they are few); leaves samguard does not know it counts unread. */
static int wanted(enum sg_key_kind kind, const char *leaf, enum sg_scan_depth depth)
{
	int i;

	if (depth == SG_SCAN_FULL)
		return 1;
	if (kind == SG_KEYKIND_SAM)
		return strcmp(leaf, SG_SAM_KEY_RECOVERY) != 0;
	i = sg_leaf_index(leaf);
	return i >= 0 && (sg_leaves[i].flags & SG_LEAF_SUMMARY);
}

/* Iterate one prefix into t. */
static int scan_prefix(cmap_handle_t h, const char *prefix, enum sg_scan_depth depth, struct sg_table *t,
		       struct sg_scan_stats *st)
{
	char key[CMAP_KEYNAME_MAXLEN + 1], raw[1024], text[1024];
	cmap_iter_handle_t it;
	cmap_value_types_t type;
	struct sg_key_parts kp;
	size_t vlen;
	cs_error_t err;
	int rc = 0;

	err = sg_kv_iter_init(h, prefix, &it);
	if (err != CS_OK)
		return sg_cs_errno(err);
	while ((err = sg_kv_iter_next(h, it, key, &vlen, &type)) == CS_OK) {
		enum sg_key_kind kind = sg_key_parse(key, &kp);
		size_t len = sizeof(raw);

		st->keys++;
		if (kind == SG_KEYKIND_OTHER)
			continue;
		if (!wanted(kind, kp.leaf, depth) || vlen > sizeof(raw)) {
			rc = sg_table_set(t, key, NULL);
		} else {
			st->gets++;
			err = sg_kv_get(h, key, raw, &len, &type);
			if (err == CS_ERR_NOT_EXIST)
				continue;       /* deleted since: as if never seen */
			if (err != CS_OK) {
				rc = sg_cs_errno(err);
				break;
			}
			rc = sg_cmap_value_text(raw, len, type, text, sizeof(text));
			rc = sg_table_set(t, key, rc == -EINVAL ? NULL : text);
		}
		if (rc == -ENOMEM)
			break;
		rc = 0;
	}
	if (err != CS_OK && err != CS_ERR_NO_SECTIONS && rc == 0)
		rc = sg_cs_errno(err);
	sg_kv_iter_finalize(h, it);
	return rc;
}

int sg_scan(cmap_handle_t h, enum sg_scan_depth depth, struct sg_table *t, struct sg_scan_stats *st)
{
	struct sg_scan_stats dummy;
	struct sg_colocation co;
	int rc;

	if (st == NULL)
		st = &dummy;
	memset(st, 0, sizeof(*st));
	st->cpu = sg_colocate_begin(&co);
	if (!co.moved)
		st->cpu = -1;
	rc = scan_prefix(h, SG_SAM_PREFIX, depth, t, st);
	if (rc == 0)
		rc = scan_prefix(h, SG_CMAP_PREFIX, depth, t, st);
	sg_colocate_end(&co);
	if (rc < 0)
		return rc;
	sg_table_link(t);
	sg_scan_probe(t, depth);
	return 0;
}

int sg_started_after(uint64_t start_ticks, long hz, uint64_t boot_minus_mono_ns, uint64_t last_updated_ns)
{
	uint64_t start_boot_ns, start_mono_min;

	if (hz <= 0 || start_ticks > UINT64_MAX / 1000000000ULL)
		return 0;
	/* ticks are rounded down: the process started at or after this */
	start_boot_ns = start_ticks * (1000000000ULL / (uint64_t)hz);
	/* the boot/monotonic offset only grows (suspend): at the process's
	 * start it was at most what it is now */
	if (start_boot_ns <= boot_minus_mono_ns)
		return 0;
	start_mono_min = start_boot_ns - boot_minus_mono_ns;
	return start_mono_min > last_updated_ns;
}

/* CLOCK_BOOTTIME - CLOCK_MONOTONIC (time spent suspended), never negative:
 * monotonic is read first, so the later boottime reading is not smaller
 * than it plus the offset. */
static uint64_t boot_minus_mono(void)
{
	struct timespec b, m;
	int64_t d;

	clock_gettime(CLOCK_MONOTONIC, &m);
	clock_gettime(CLOCK_BOOTTIME, &b);
	d = (int64_t)(b.tv_sec - m.tv_sec) * 1000000000LL + (int64_t)(b.tv_nsec - m.tv_nsec);
	return d > 0 ? (uint64_t)d : 0;
}

/* Basename of argv[0] from /proc/<pid>/cmdline, else comm from stat. */
static void read_program(uint32_t pid, char *out, size_t n)
{
	char path[64], buf[1024];
	const char *base, *open_p, *close_p;
	ssize_t len;

	snprintf(path, sizeof(path), "/proc/%" PRIu32 "/cmdline", pid);
	len = sg_read_file(path, buf, sizeof(buf));
	if (len > 0 && buf[0]) {
		base = strrchr(buf, '/');
		sg_strlcpy(out, base && base[1] ? base + 1 : buf, n);
		return;
	}
	snprintf(path, sizeof(path), "/proc/%" PRIu32 "/stat", pid);
	if (sg_read_file(path, buf, sizeof(buf)) <= 0)
		return;
	open_p = strchr(buf, '(');
	close_p = strrchr(buf, ')');
	if (open_p && close_p && close_p > open_p) {
		size_t c = (size_t)(close_p - open_p - 1);

		if (c >= n)
			c = n - 1;
		memcpy(out, open_p + 1, c);
		out[c] = '\0';
	}
}

void sg_scan_probe_sam(struct sg_sam_entry *e, int want_program, int want_child)
{
	char path[64], buf[1024];
	ssize_t len;

	e->probed = 1;
	e->exists = 0;
	e->reused = 0;
	e->program[0] = '\0';
	e->child_pid = 0;
	if (e->pid > INT32_MAX || sg_procid_read((pid_t)e->pid, &e->id) != 0)
		return;
	e->exists = 1;
	if (e->ss.has_last_updated &&
	    sg_started_after(e->id.start, sysconf(_SC_CLK_TCK), boot_minus_mono(), e->ss.last_updated_ns)) {
		e->reused = 1;
		return;
	}
	if (want_program)
		read_program(e->pid, e->program, sizeof(e->program));
	if (want_child) {
		uint64_t c;

		snprintf(path, sizeof(path), "/proc/%" PRIu32 "/task/%" PRIu32 "/children", e->pid, e->pid);
		len = sg_read_file(path, buf, sizeof(buf));
		if (len > 0) {
			buf[strcspn(buf, " \n")] = '\0';
			if (sg_parse_u64(buf, 1, UINT32_MAX, &c) == 0)
				e->child_pid = (uint32_t)c;
		}
	}
}

void sg_scan_probe_sg(struct sg_sg_entry *e)
{
	struct sg_procid d;

	e->probed = 1;
	e->have_supervisor = 0;
	e->supervisor_from_file = 0;
	e->supervisor_live = SG_PROC_NONE;
	e->daemon_live = SG_PROC_NONE;
	if (e->rs.supervisor_pid && e->rs.supervisor_pid <= INT32_MAX && e->rs.supervisor_start) {
		e->supervisor.pid = (pid_t)e->rs.supervisor_pid;
		e->supervisor.start = e->rs.supervisor_start;
		e->have_supervisor = 1;
	} else if (e->name[0] && sg_runstate_read(e->name, SG_RUN_SUPERVISOR, &e->supervisor) == 0) {
		/* the supervisor writes its file before any key */
		e->have_supervisor = 1;
		e->supervisor_from_file = 1;
	}
	if (e->have_supervisor)
		e->supervisor_live = sg_procid_alive(&e->supervisor) ? SG_PROC_ALIVE : SG_PROC_DEAD;
	if (e->rs.daemon_pid && e->rs.daemon_pid <= INT32_MAX && e->rs.daemon_start) {
		d.pid = (pid_t)e->rs.daemon_pid;
		d.start = e->rs.daemon_start;
		e->daemon_live = sg_procid_alive(&d) ? SG_PROC_ALIVE : SG_PROC_DEAD;
	}
}

void sg_scan_probe(struct sg_table *t, enum sg_scan_depth depth)
{
	for (size_t i = 0; i < t->nsg; i++)
		sg_scan_probe_sg(&t->sg[i]);
	sg_table_link(t);
	/* name and child matter only for processes samguard did not start
	 * (samguard publishes its own) */
	for (size_t i = 0; i < t->nsam; i++)
		sg_scan_probe_sam(&t->sam[i], t->sam[i].sg < 0, t->sam[i].sg < 0 || depth == SG_SCAN_FULL);
}

int sg_scan_connected(cmap_handle_t stats, uint32_t pid)
{
	char prefix[64], key[CMAP_KEYNAME_MAXLEN + 1];
	cmap_iter_handle_t it;
	cmap_value_types_t type;
	size_t len;
	cs_error_t err;

	if (sg_kv_is_local()) {
		/* no corosync to hold connections: on the local store an entry
		 * is live while its writer is */
		if (pid == 0 || pid > INT32_MAX)
			return 0;
		return kill((pid_t)pid, 0) == 0 || errno == EPERM;
	}
	snprintf(prefix, sizeof(prefix), "stats.ipcs.service0.%" PRIu32 ".", pid);
	err = sg_kv_iter_init(stats, prefix, &it);
	if (err != CS_OK)
		return sg_cs_errno(err);
	err = sg_kv_iter_next(stats, it, key, &len, &type);
	sg_kv_iter_finalize(stats, it);
	if (err == CS_OK)
		return 1;
	return err == CS_ERR_NO_SECTIONS ? 0 : sg_cs_errno(err);
}

int sg_scan_same_pidns(cmap_handle_t stats)
{
	return sg_scan_connected(stats, (uint32_t)getpid());
}
