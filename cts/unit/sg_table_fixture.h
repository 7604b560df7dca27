/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sg_table_fixture.h - what a probe (lib/samscan.c) finds on a healthy
 * node, set by hand on a table built from fixture keys, for the unit tests
 * of what is made of scanned tables (test_samproc, test_samreport). */
#ifndef SG_TABLE_FIXTURE_H
#define SG_TABLE_FIXTURE_H

#include "samtable.h"

/* The first samguard entry's supervisor (pid, start) and its daemon are
 * alive, and every SAM parent of the table exists. Call after
 * sg_table_link(). */
static inline void sg_fixture_probed_healthy(struct sg_table *t, pid_t supervisor, uint64_t start)
{
	t->sg[0].probed = 1;
	t->sg[0].have_supervisor = 1;
	t->sg[0].supervisor.pid = supervisor;
	t->sg[0].supervisor.start = start;
	t->sg[0].supervisor_live = SG_PROC_ALIVE;
	t->sg[0].daemon_live = SG_PROC_ALIVE;
	for (size_t i = 0; i < t->nsam; i++) {
		t->sam[i].probed = 1;
		t->sam[i].exists = 1;
	}
}

#endif
