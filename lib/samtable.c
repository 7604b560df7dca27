/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samtable.c - the in-memory map of SAM processes and samguard resources. */
#include "samtable.h"

#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* The leaves are cmapstate.h's tables: bit i of sg_sg_entry.keys is
 * sg_leaves[i], bit i of sg_sam_entry.keys sg_sam_leaves[i]. */
_Static_assert(SG_LEAF_COUNT <= sizeof(unsigned int) * CHAR_BIT, "a bit per samguard leaf in sg_sg_entry.keys");
_Static_assert(SG_SAM_LEAF_COUNT <= sizeof(unsigned int) * CHAR_BIT, "a bit per SAM leaf in sg_sam_entry.keys");

enum sg_key_kind sg_key_parse(const char *key, struct sg_key_parts *kp)
{
	static const size_t sam_len = sizeof(SG_SAM_PREFIX) - 1, sg_len = sizeof(SG_CMAP_PREFIX) - 1;
	const char *p, *dot;
	uint64_t pid;
	char num[16];

	memset(kp, 0, sizeof(*kp));
	if (key == NULL)
		return SG_KEYKIND_OTHER;
	if (!strncmp(key, SG_SAM_PREFIX, sam_len)) {
		p = key + sam_len;
		dot = strchr(p, '.');
		if (dot == NULL || dot == p || dot[1] == '\0' || (size_t)(dot - p) >= sizeof(num))
			return SG_KEYKIND_OTHER;
		memcpy(num, p, (size_t)(dot - p));
		num[dot - p] = '\0';
		if (sg_parse_u64(num, 1, UINT32_MAX, &pid) != 0 || num[0] == '0')
			return SG_KEYKIND_OTHER;
		kp->pid = (uint32_t)pid;
		kp->leaf = dot + 1;
		return kp->kind = SG_KEYKIND_SAM;
	}
	if (!strncmp(key, SG_CMAP_PREFIX, sg_len)) {
		p = key + sg_len;
		dot = strchr(p, '.');
		if (dot == NULL || dot == p || dot[1] == '\0' || (size_t)(dot - p) >= sizeof(kp->enc))
			return SG_KEYKIND_OTHER;
		memcpy(kp->enc, p, (size_t)(dot - p));
		kp->enc[dot - p] = '\0';
		kp->leaf = dot + 1;
		return kp->kind = SG_KEYKIND_SAMGUARD;
	}
	return SG_KEYKIND_OTHER;
}

void sg_table_init(struct sg_table *t)
{
	memset(t, 0, sizeof(*t));
}

void sg_table_free(struct sg_table *t)
{
	free(t->sam);
	free(t->sg);
	sg_table_init(t);
}

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	void *p;
	size_t ncap;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 64;
	p = realloc(*v, ncap * size);
	if (p == NULL)
		return -ENOMEM;
	*v = p;
	*cap = ncap;
	return 0;
}

/* Index where pid is or would be inserted (arrays sorted). */
static size_t sam_lower_bound(const struct sg_table *t, uint32_t pid)
{
	size_t lo = 0, hi = t->nsam;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->sam[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t sg_lower_bound(const struct sg_table *t, const char *enc)
{
	size_t lo = 0, hi = t->nsg;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(t->sg[mid].enc, enc) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The entry for pid: the hint, a binary search (sorted) or a new one. */
static struct sg_sam_entry *sam_get(struct sg_table *t, uint32_t pid, int create)
{
	size_t i;

	if (t->nsam && t->hint_sam < t->nsam && t->sam[t->hint_sam].pid == pid)
		return &t->sam[t->hint_sam];
	if (t->sorted) {
		i = sam_lower_bound(t, pid);
		if (i < t->nsam && t->sam[i].pid == pid) {
			t->hint_sam = i;
			return &t->sam[i];
		}
	} else {
		i = t->nsam;
	}
	if (!create || grow((void **)&t->sam, &t->capsam, t->nsam, sizeof(*t->sam)) < 0)
		return NULL;
	memmove(&t->sam[i + 1], &t->sam[i], (t->nsam - i) * sizeof(*t->sam));
	memset(&t->sam[i], 0, sizeof(*t->sam));
	t->sam[i].pid = pid;
	t->sam[i].connected = -1;
	t->sam[i].sg = -1;
	t->nsam++;
	t->hint_sam = i;
	return &t->sam[i];
}

static struct sg_sg_entry *sg_get(struct sg_table *t, const char *enc, int create)
{
	size_t i;

	if (t->nsg && t->hint_sg < t->nsg && !strcmp(t->sg[t->hint_sg].enc, enc))
		return &t->sg[t->hint_sg];
	if (t->sorted) {
		i = sg_lower_bound(t, enc);
		if (i < t->nsg && !strcmp(t->sg[i].enc, enc)) {
			t->hint_sg = i;
			return &t->sg[i];
		}
	} else {
		i = t->nsg;
	}
	if (!create || grow((void **)&t->sg, &t->capsg, t->nsg, sizeof(*t->sg)) < 0)
		return NULL;
	memmove(&t->sg[i + 1], &t->sg[i], (t->nsg - i) * sizeof(*t->sg));
	memset(&t->sg[i], 0, sizeof(*t->sg));
	sg_strlcpy(t->sg[i].enc, enc, sizeof(t->sg[i].enc));
	if (sg_name_decode(enc, t->sg[i].name, sizeof(t->sg[i].name)) < 0)
		t->sg[i].name[0] = '\0';
	t->sg[i].sam = -1;
	t->nsg++;
	t->hint_sg = i;
	return &t->sg[i];
}

int sg_table_set(struct sg_table *t, const char *key, const char *value)
{
	struct sg_key_parts kp;
	int idx, rc;

	switch (sg_key_parse(key, &kp)) {
	case SG_KEYKIND_SAM: {
		struct sg_sam_entry *e = sam_get(t, kp.pid, 1);

		if (e == NULL)
			return -ENOMEM;
		idx = sg_sam_leaf_index(kp.leaf);
		if (idx < 0) {
			e->others++;
			e->ss.found = 1;
			return 0;
		}
		e->keys |= 1u << idx;
		e->ss.found = 1;
		if (value == NULL)
			return 0;
		rc = sg_sam_state_apply(&e->ss, kp.leaf, value);
		return rc == -ENOENT ? 0 : rc;
	}
	case SG_KEYKIND_SAMGUARD: {
		struct sg_sg_entry *e = sg_get(t, kp.enc, 1);

		if (e == NULL)
			return -ENOMEM;
		idx = sg_leaf_index(kp.leaf);
		if (idx < 0)
			e->others++;
		else
			e->keys |= 1u << idx;
		e->rs.found = 1;
		if (value == NULL)
			return 0;
		rc = sg_resource_state_apply(&e->rs, kp.leaf, value);
		return rc == -ENOENT ? 0 : rc;
	}
	default:
		return 1;
	}
}

/* Clear what sg_table_set stored for leaf idx: numbers to 0, text and
 * the history to empty. */
static void sg_clear_leaf(struct sg_resource_state *rs, int idx)
{
	enum sg_leaf_type type = sg_leaves[idx].type;

	sg_resource_state_apply(rs, sg_leaves[idx].name, type == SG_LEAF_U32 || type == SG_LEAF_U64 ? "0" : "");
}

int sg_table_unset(struct sg_table *t, const char *key)
{
	struct sg_key_parts kp;
	int idx;

	if (!t->sorted)
		return 1;
	switch (sg_key_parse(key, &kp)) {
	case SG_KEYKIND_SAM: {
		struct sg_sam_entry *e = sam_get(t, kp.pid, 0);

		if (e == NULL)
			return 1;
		idx = sg_sam_leaf_index(kp.leaf);
		if (idx < 0) {
			if (e->others)
				e->others--;
		} else {
			e->keys &= ~(1u << idx);
			switch ((enum sg_sam_leaf)idx) {
			case SG_SAM_LEAF_STATE:
				e->ss.state[0] = '\0';
				break;
			case SG_SAM_LEAF_RECOVERY:
				e->ss.recovery[0] = '\0';
				break;
			case SG_SAM_LEAF_POLL_PERIOD:
				e->ss.poll_period_ms = 0;
				break;
			default:
				e->ss.has_last_updated = 0;
				e->ss.last_updated_ns = 0;
				break;
			}
		}
		if (e->keys == 0 && e->others == 0) {
			size_t i = (size_t)(e - t->sam);

			memmove(e, e + 1, (t->nsam - i - 1) * sizeof(*e));
			t->nsam--;
			t->hint_sam = 0;
		}
		return 0;
	}
	case SG_KEYKIND_SAMGUARD: {
		struct sg_sg_entry *e = sg_get(t, kp.enc, 0);

		if (e == NULL)
			return 1;
		idx = sg_leaf_index(kp.leaf);
		if (idx < 0) {
			if (e->others)
				e->others--;
		} else {
			e->keys &= ~(1u << idx);
			sg_clear_leaf(&e->rs, idx);
		}
		if (e->keys == 0 && e->others == 0) {
			size_t i = (size_t)(e - t->sg);

			memmove(e, e + 1, (t->nsg - i - 1) * sizeof(*e));
			t->nsg--;
			t->hint_sg = 0;
		}
		return 0;
	}
	default:
		return 1;
	}
}

static int cmp_sam(const void *a, const void *b)
{
	uint32_t x = ((const struct sg_sam_entry *)a)->pid, y = ((const struct sg_sam_entry *)b)->pid;

	return (x > y) - (x < y);
}

static int cmp_sg(const void *a, const void *b)
{
	return strcmp(((const struct sg_sg_entry *)a)->enc, ((const struct sg_sg_entry *)b)->enc);
}

/* How strongly resource e claims its supervisor pid: a live identity beats
 * an unchecked one beats a dead one; then the newest start time. */
static int claim_beats(const struct sg_sg_entry *a, const struct sg_sg_entry *b)
{
	int ra = a->supervisor_live == SG_PROC_ALIVE ? 2 : a->supervisor_live == SG_PROC_NONE ? 1 : 0;
	int rb = b->supervisor_live == SG_PROC_ALIVE ? 2 : b->supervisor_live == SG_PROC_NONE ? 1 : 0;

	if (ra != rb)
		return ra > rb;
	return a->rs.supervisor_start > b->rs.supervisor_start;
}

void sg_table_link(struct sg_table *t)
{
	size_t i, o;

	if (!t->sorted) {
		if (t->nsam)
			qsort(t->sam, t->nsam, sizeof(*t->sam), cmp_sam);
		if (t->nsg)
			qsort(t->sg, t->nsg, sizeof(*t->sg), cmp_sg);
		/* a key seen twice by a scan made two entries: keep one */
		for (i = 0, o = 0; i < t->nsam; i++)
			if (o == 0 || t->sam[o - 1].pid != t->sam[i].pid)
				t->sam[o++] = t->sam[i];
		t->nsam = o;
		for (i = 0, o = 0; i < t->nsg; i++)
			if (o == 0 || strcmp(t->sg[o - 1].enc, t->sg[i].enc))
				t->sg[o++] = t->sg[i];
		t->nsg = o;
		t->sorted = 1;
	}
	t->hint_sam = t->hint_sg = 0;
	for (i = 0; i < t->nsg; i++)
		t->sg[i].sam = -1;
	for (i = 0; i < t->nsam; i++)
		t->sam[i].sg = -1;
	for (i = 0; i < t->nsg; i++) {
		struct sg_sg_entry *e = &t->sg[i];
		struct sg_sam_entry *s;
		ptrdiff_t si;

		if (e->rs.supervisor_pid == 0 || (s = sg_table_find_sam(t, e->rs.supervisor_pid)) == NULL)
			continue;
		si = s - t->sam;
		for (size_t j = 0; j < i; j++) {
			if (t->sg[j].sam != si)
				continue;
			if (!claim_beats(e, &t->sg[j]))
				goto next;
			t->sg[j].sam = -1;
		}
		e->sam = si;
		s->sg = (ptrdiff_t)i;
next:;
	}
}

struct sg_sam_entry *sg_table_find_sam(const struct sg_table *t, uint32_t pid)
{
	size_t i;

	if (!t->sorted) {
		for (i = 0; i < t->nsam; i++)
			if (t->sam[i].pid == pid)
				return &t->sam[i];
		return NULL;
	}
	i = sam_lower_bound(t, pid);
	return i < t->nsam && t->sam[i].pid == pid ? &t->sam[i] : NULL;
}

struct sg_sg_entry *sg_table_find_sg(const struct sg_table *t, const char *enc)
{
	size_t i;

	if (!t->sorted) {
		for (i = 0; i < t->nsg; i++)
			if (!strcmp(t->sg[i].enc, enc))
				return &t->sg[i];
		return NULL;
	}
	i = sg_lower_bound(t, enc);
	return i < t->nsg && !strcmp(t->sg[i].enc, enc) ? &t->sg[i] : NULL;
}

int sg_sg_entry_has(const struct sg_sg_entry *e, const char *leaf)
{
	int idx = sg_leaf_index(leaf);

	return idx >= 0 && (e->keys & (1u << idx));
}

int sg_sam_entry_has(const struct sg_sam_entry *e, const char *leaf)
{
	int idx = sg_sam_leaf_index(leaf);

	return idx >= 0 && (e->keys & (1u << idx));
}
