/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samtable.h - every SAM process on this node as cmap describes it: SAM's
 * pid-keyed resources.process.<pid>.* entries (any program using libsam
 * with the cmap flag) and samguard's name-keyed samguard.resource.<enc>.*
 * entries, linked where a samguard resource names the SAM pid as its
 * supervisor. Pure data: keys and text values go in (from a scan or from
 * cmap track notifications), nothing here talks to corosync or /proc. */
#ifndef SG_SAMTABLE_H
#define SG_SAMTABLE_H

#include "cmapstate.h"
#include "policy.h"
#include "procid.h"

#include <stddef.h>
#include <stdint.h>

#define SG_PROGRAM_MAX 64

/* One resources.process.<pid> entry, plus what /proc says of the pid. */
struct sg_sam_entry {
	uint32_t pid;
	struct sg_sam_state ss;
	unsigned int keys;             /* bit per known leaf present */
	unsigned int others;           /* unknown leaves present */
	/* filled by sg_scan_probe() */
	int probed;
	int exists;                    /* /proc/<pid> is a live, non-zombie process */
	struct sg_procid id;           /* its identity when it exists */
	int reused;                    /* it started after last_updated: not the writer */
	char program[SG_PROGRAM_MAX];  /* basename of its argv[0] ("" if unknown) */
	uint32_t child_pid;            /* its first child (SAM's child), 0 if none */
	int connected;                 /* corosync holds an IPC connection from pid: 1, 0, -1 unknown */
	ptrdiff_t sg;                  /* index of the samguard resource linked to it, -1 if none */
};

/* One samguard.resource.<enc> entry. */
struct sg_sg_entry {
	char enc[SG_NAME_ENC_MAX];
	char name[SG_NAME_MAX + 1];    /* decoded from enc ("" when enc is not ours) */
	struct sg_resource_state rs;
	unsigned int keys;             /* bit per known leaf present */
	unsigned int others;           /* unknown leaves present */
	ptrdiff_t sam;                 /* index of the linked SAM entry, -1 if none */
	/* filled by sg_scan_probe() */
	int probed;
	int have_supervisor;           /* identity from the keys or the run-state file */
	int supervisor_from_file;
	struct sg_procid supervisor;
	enum sg_proc supervisor_live;
	enum sg_proc daemon_live;
};

struct sg_table {
	struct sg_sam_entry *sam;      /* sorted by pid after sg_table_link() */
	size_t nsam, capsam;
	struct sg_sg_entry *sg;        /* sorted by enc after sg_table_link() */
	size_t nsg, capsg;
	size_t hint_sam, hint_sg;      /* last entry touched: scans come in key order */
	int sorted;                    /* both arrays sorted (bsearch usable) */
};

/* Which map a key belongs to, with its parts. */
enum sg_key_kind {
	SG_KEYKIND_OTHER = 0,
	SG_KEYKIND_SAM,                /* resources.process.<pid>.<leaf> */
	SG_KEYKIND_SAMGUARD,           /* samguard.resource.<enc>.<leaf> */
};

struct sg_key_parts {
	enum sg_key_kind kind;
	uint32_t pid;
	char enc[SG_NAME_ENC_MAX];
	const char *leaf;              /* points into the key */
};

/* Split a cmap key. Returns the kind (SG_KEYKIND_OTHER for anything else,
 * including a pid that is not a positive 32-bit decimal or an empty part). */
enum sg_key_kind sg_key_parse(const char *key, struct sg_key_parts *kp);

void sg_table_init(struct sg_table *t);
void sg_table_free(struct sg_table *t);

/* Record one key's text value. Unknown leaves of a known prefix still
 * create the entry (the process exists in cmap). Until the first
 * sg_table_link() the table is in scan mode: a key that does not belong to
 * the entry touched last starts a new entry (cmap iterates a prefix's keys
 * together); afterwards entries are found by binary search and inserted
 * in order. A NULL value records that the key exists without reading it
 * (scans skip values they do not need). Returns 0, 1 when the key is not
 * SAM's or samguard's, -ENOMEM,
 * or -EINVAL for a bad number (the entry then exists without that field). */
int sg_table_set(struct sg_table *t, const char *key, const char *value);

/* A key was deleted: clear the field; the entry goes away with its last
 * key. Only after sg_table_link(); links are stale until the next one.
 * Returns 0, or 1 when the key is not SAM's or samguard's or not present. */
int sg_table_unset(struct sg_table *t, const char *key);

/* Sort both arrays and link each samguard resource to the SAM entry of
 * its supervisor_pid. When two resources name the same pid, the one whose
 * recorded identity is alive (sg_scan_probe) or, failing that, the one
 * whose supervisor_start is newest wins. Call after changes, before reading. */
void sg_table_link(struct sg_table *t);

/* True when the entry's key leaf exists (whatever its value). */
int sg_sg_entry_has(const struct sg_sg_entry *e, const char *leaf);
int sg_sam_entry_has(const struct sg_sam_entry *e, const char *leaf);

/* Look-ups (after sg_table_link). NULL when absent. */
struct sg_sam_entry *sg_table_find_sam(const struct sg_table *t, uint32_t pid);
struct sg_sg_entry *sg_table_find_sg(const struct sg_table *t, const char *enc);

#endif
