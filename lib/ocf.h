/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ocf.h - OCF resource agent plumbing: actions, exit codes, the
 * OCF_RESKEY_* environment and exit reasons (OCF 1.1, as Pacemaker 2.1
 * implements it). */
#ifndef SG_OCF_H
#define SG_OCF_H

/* Exit codes Pacemaker understands; anything else becomes 1. */
enum sg_ocf_rc {
	SG_OCF_SUCCESS = 0,
	SG_OCF_ERR_GENERIC = 1,       /* soft: restart in place, move at migration-threshold */
	SG_OCF_ERR_ARGS = 2,          /* hard: ban from this node */
	SG_OCF_ERR_UNIMPLEMENTED = 3,
	SG_OCF_ERR_PERM = 4,          /* hard */
	SG_OCF_ERR_INSTALLED = 5,     /* hard; masked to 7 on probes */
	SG_OCF_ERR_CONFIGURED = 6,    /* fatal: stop everywhere */
	SG_OCF_NOT_RUNNING = 7,
	SG_OCF_RUNNING_PROMOTED = 8,
	SG_OCF_FAILED_PROMOTED = 9,
	SG_OCF_DEGRADED = 190,        /* no recovery, shown by crm_mon */
	SG_OCF_DEGRADED_PROMOTED = 191,
};

enum sg_ocf_action {
	SG_ACTION_UNKNOWN = 0,
	SG_ACTION_START,
	SG_ACTION_STOP,
	SG_ACTION_MONITOR,
	SG_ACTION_META_DATA,
	SG_ACTION_VALIDATE_ALL,
	SG_ACTION_RELOAD_AGENT,
	SG_ACTION_USAGE,
};

/* Longest exit reason Pacemaker 2.1.5 keeps. */
#define SG_OCF_REASON_MAX 128

/* Exact (never prefix) match of an action name; NULL gives UNKNOWN. */
enum sg_ocf_action sg_ocf_action_parse(const char *name);

/* Symbolic name of an exit code ("OCF_NOT_RUNNING"), "unknown" otherwise. */
const char *sg_ocf_rc_name(int rc);

/* True for the exit codes Pacemaker does not rewrite to 1. */
int sg_ocf_rc_is_valid(int rc);

/* Value of OCF_RESKEY_<name>, or NULL when unset. An empty value counts as
 * unset, as Pacemaker passes no variable for an empty attribute anyway. */
const char *sg_ocf_reskey(const char *name);

/* OCF_RESOURCE_INSTANCE, or NULL. */
const char *sg_ocf_instance(void);

/* True when this monitor is a probe (interval unset or 0). */
int sg_ocf_is_probe(void);

/* Operation timeout from OCF_RESKEY_CRM_meta_timeout (ms), else dflt_ms. */
unsigned int sg_ocf_timeout_ms(unsigned int dflt_ms);

/* OCF_CHECK_LEVEL as a number (0 when unset or invalid). */
int sg_ocf_check_level(void);

/* Print "ocf-exit-reason:<text>" (prefix from OCF_EXIT_REASON_PREFIX) on
 * stderr as one line of at most SG_OCF_REASON_MAX bytes (control characters
 * become spaces) and log it at error level. */
void sg_ocf_exit_reason(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The same for OCF_DEGRADED, logged as a warning: nothing failed yet. */
void sg_ocf_degraded_reason(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Format text into buf of size n: one line (control characters become
 * spaces), cut at SG_OCF_REASON_MAX bytes or n - 1, never inside a UTF-8
 * character. n == 0 writes nothing. */
void sg_ocf_reason_format(char *buf, unsigned int n, const char *text);

#endif
