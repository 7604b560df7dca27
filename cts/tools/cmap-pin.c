/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmap-pin - give a cmap key a reference that one delete does not drop.
 *   cmap-pin KEY
 * corosync keeps cmap in a libqb trie. In libqb 2.0 an iterator holds a
 * reference on the node it stands on; when another key is inserted that
 * splits that node's compressed segment, the reference moves to the node
 * that now carries KEY and is never given back. The next cmap_delete of
 * KEY then only drops that reference: the call succeeds, no track event
 * is sent, and KEY is still there (a second delete removes it). Any cmap
 * client that iterates while a supervisor adds a key can cause this; this
 * program causes it on purpose so that tests can prove that samguard's
 * deletes cope. The inserted sibling is KEY with its last byte replaced
 * (removed again at once), so KEY must be at least 2 bytes long and must
 * not have been pinned before. Exit 0 when done, 1 on a cmap error. */
#include <corosync/cmap.h>

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	char sibling[CMAP_KEYNAME_MAXLEN + 1], key[CMAP_KEYNAME_MAXLEN + 1];
	cmap_handle_t h;
	cmap_iter_handle_t it;
	cmap_value_types_t type;
	size_t len, vlen;

	if (argc != 2 || (len = strlen(argv[1])) < 2 || len > CMAP_KEYNAME_MAXLEN) {
		fprintf(stderr, "usage: cmap-pin KEY\n");
		return 2;
	}
	if (cmap_initialize(&h) != CS_OK) {
		fprintf(stderr, "cmap-pin: no corosync\n");
		return 1;
	}
	memcpy(sibling, argv[1], len + 1);
	sibling[len - 1] = sibling[len - 1] == '_' ? '-' : '_'; /* cmap allows neither ~ nor ^ */
	if (cmap_iter_init(h, argv[1], &it) != CS_OK || cmap_iter_next(h, it, key, &vlen, &type) != CS_OK ||
	    strcmp(key, argv[1])) {
		fprintf(stderr, "cmap-pin: %s not found\n", argv[1]);
		return 1;
	}
	/* the iterator stands on KEY's node: split it at the last byte */
	if (cmap_set_string(h, sibling, "pin") != CS_OK) {
		fprintf(stderr, "cmap-pin: cannot set %s\n", sibling);
		return 1;
	}
	cmap_iter_finalize(h, it);
	cmap_delete(h, sibling);
	cmap_finalize(h);
	return 0;
}
