/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samreport.h - samguardctl's output: the list table, the detail view of
 * one SAM process, and both as JSON (docs/samguardctl-json.md documents
 * the JSON; it is version 1 and only ever grows). */
#ifndef SG_SAMREPORT_H
#define SG_SAMREPORT_H

#include "json.h"
#include "samcleanup.h"
#include "samproc.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SG_JSON_VERSION 1

/* "850ms", "3.2s", "59s", "4m05s", "2h03m", "3d04h". */
void sg_format_duration_ms(uint64_t ms, char *buf, size_t n);

/* Status as the table shows it: problems in capitals ("STALE"). */
const char *sg_report_status_label(enum sg_sp_status s);

/* The list: a header line and one row per process. */
void sg_report_list_text(FILE *f, const struct sg_samproc *v, size_t n);

/* One row without header, with the name and state columns that wide (watch). */
void sg_report_row_text(FILE *f, const struct sg_samproc *p, int name_width, int state_width);

/* {"version":1, "processes":[...], "summary":{...}}. Returns 0 or -errno. */
int sg_report_list_json(FILE *f, const struct sg_samproc *v, size_t n, int pretty);

/* Everything known about one process, as "field: value" lines. */
void sg_report_show_text(FILE *f, const struct sg_samproc *p);

/* {"version":1, "process":{...full...}}. Returns 0 or -errno. */
int sg_report_show_json(FILE *f, const struct sg_samproc *p, int pretty);

/* What cleanup did (or would do, dry_run) with each key set, and a
 * count line. */
void sg_report_cleanup_text(FILE *f, const struct sg_cleanup_item *items, size_t n, int dry_run);

/* The same as {"version":1, "dry_run":..., "items":[...], "summary":{...}}. */
int sg_report_cleanup_json(FILE *f, const struct sg_cleanup_item *items, size_t n, int dry_run, int pretty);

/* One process as a JSON object (member key, or NULL in an array); full
 * adds the detail fields of show. */
void sg_report_proc_json(struct sg_json *j, const char *key, const struct sg_samproc *p, int full);

#endif
