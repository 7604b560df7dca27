/* SPDX-License-Identifier: GPL-2.0-or-later */
/* evidence.h - what the supervisor records about a daemon it is about to
 * kill as hung (or that the OOM killer killed): each thread's state and
 * wchan, the kernel stack, memory and CPU use, the last STATUS=. The
 * parsers and the formatting are pure (lib/evidence.c, unit-tested with
 * fixture text); reading /proc and the cgroup is lib/evidence_proc.c. */
#ifndef SG_EVIDENCE_H
#define SG_EVIDENCE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define SG_EV_TASKS_MAX 64      /* threads recorded one by one; more are counted */
#define SG_EV_BUDGET_MS 150     /* the most a capture may take; more is marked truncated */

struct sg_ev_task {
	int tid;
	char comm[32];
	char state;             /* /proc stat field 3: R S D T t Z X I ..., '?' unknown */
	uint64_t utime, stime;  /* clock ticks */
	char wchan[64];         /* "" when unreadable; "0" while running */
};

struct sg_evidence {
	char reason[256];       /* the verdict: "no WATCHDOG=1 within 200 ms (daemon hung?)" */
	char name[72];          /* the resource */
	unsigned int instance;
	char when[40];          /* UTC, 2026-12-04T04:30:00.123Z */
	int pid;                /* the daemon's main process, 0: gone */
	unsigned int ntasks;    /* in task[] */
	unsigned int tasks_seen;/* listed in /proc/<pid>/task (>= ntasks) */
	struct sg_ev_task task[SG_EV_TASKS_MAX];
	int64_t rss_kb, hwm_kb; /* VmRSS, VmHWM; -1 unknown */
	int64_t mem_current;    /* the instance cgroup's memory.current, bytes; -1 none */
	int64_t mem_max;        /* its memory.max, bytes; -1 none or "max" */
	int has_cpu;
	uint64_t utime, stime;  /* whole process, clock ticks */
	long clk_tck;
	char status[256];       /* the daemon's last STATUS=, "" none */
	char stack[2048];       /* /proc/<pid>/stack */
	int stack_err;          /* 0 or the errno that kept it from us */
	uint64_t oom_before, oom_after; /* memory.events oom_kill, for an OOM kill */
	int oom;                /* the OOM killer killed it */
	char after[192];        /* what became of it after the evidence (SIGABRT, SIGKILL) */
	uint64_t capture_us;    /* measured time of the capture */
	int truncated;          /* the budget ran out */
};

/* Start an empty record: every number unknown. */
void sg_ev_init(struct sg_evidence *e);

/* Fill t from /proc/<pid>/task/<tid>/stat text (comm may hold blanks and
 * parentheses: it ends at the last ')'). 0 or -EINVAL. */
int sg_ev_parse_task_stat(const char *text, struct sg_ev_task *t);

/* "<key>:  <n> kB" from /proc/<pid>/status text into *kb. 0 or -ENOENT. */
int sg_ev_parse_status_kb(const char *text, const char *key, int64_t *kb);

/* "<key> <n>" from a flat-keyed cgroup file (memory.events) into *v. 0 or
 * -ENOENT. */
int sg_ev_parse_flat_key(const char *text, const char *key, uint64_t *v);

/* The one-line summary that goes into last_failure (and so the monitor's
 * exit reason): the reason, then the threads grouped by state and wchan,
 * VmRSS and STATUS=, cut to n. Control characters become blanks. */
void sg_ev_summary(const struct sg_evidence *e, char *buf, size_t n);

/* The whole record as text, cut to n; returns its length. Every value a
 * daemon controls (comm, STATUS=) is written on its own line with control
 * characters replaced, so that it cannot fake a line of the record. */
size_t sg_ev_format(const struct sg_evidence *e, char *buf, size_t n);

/* ---- lib/evidence_proc.c: reading them (the daemon's /proc, its cgroup) */

/* Read pid's threads (state, wchan, CPU), /proc/<pid>/stack, VmRSS and
 * VmHWM and CPU times into e, and, with cgroup_dfd >= 0, memory.current and
 * memory.max; reads no more after budget_ms (then e->truncated). Measures
 * itself in e->capture_us. Returns 0, or -errno when pid's /proc directory is gone
 * (e holds what could be read). */
int sg_ev_capture(pid_t pid, int cgroup_dfd, unsigned int budget_ms, struct sg_evidence *e);

/* Only the cgroup's memory.current and memory.max into e (the daemon is
 * gone). 0 or -ENOENT without a cgroup. */
int sg_ev_capture_cgroup(int cgroup_dfd, struct sg_evidence *e);

/* The oom_kill counter of the cgroup's memory.events. 0 or -errno (no
 * memory controller there: -ENOENT). */
int sg_ev_oom_kills(int cgroup_dfd, uint64_t *count);

#endif
