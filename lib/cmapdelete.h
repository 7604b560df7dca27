/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmapdelete.h - delete every cmap key under a prefix, reliably. */
#ifndef SG_CMAPDELETE_H
#define SG_CMAPDELETE_H

#include <corosync/cmap.h>

/* Delete every key whose name starts with prefix. One pass is not enough
 * on corosync 3 with libqb 2.0: a key that the map's trie holds a stray
 * reference on (an iterator stood on its node while another key's insert
 * split the node) survives one cmap_delete, which still returns CS_OK and
 * sends no track event; cts/tools/cmap-pin.c makes such a key. So passes
 * repeat, each collecting the keys first, until one finds nothing (at most
 * 8). Returns 0, -EAGAIN when keys are still there after the last pass
 * (a writer keeps re-creating them), or the -errno of a cmap error. */
int sg_cmap_delete_prefix(cmap_handle_t h, const char *prefix);

#endif
