/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_cmapleaves.c - the one table of samguard's cmap leaves (sg_leaves[]
 * in lib/cmapstate.c): consistent with struct sg_resource_state, used the
 * same way by cmapstate and samtable, and documented in docs/cmap-keys.md;
 * and SAM's leaves (sg_sam_leaves[]) likewise. */
#include "sg_test.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cmapstate.h"
#include "healthmethods.h"
#include "samtable.h"
#include "util.h"

/* Names are distinct; each member has the size its type says. */
static void test_table_consistent(void **state)
{
	struct sg_resource_state rs;

	(void)state;
	for (int i = 0; i < SG_LEAF_COUNT; i++) {
		const struct sg_leaf *l = &sg_leaves[i];

		assert_non_null(l->name);
		assert_int_equal(sg_leaf_index(l->name), i);
		if (l->size == 0)
			continue;
		assert_true(l->off + l->size <= sizeof(rs));
		switch (l->type) {
		case SG_LEAF_U32: assert_int_equal(l->size, sizeof(uint32_t)); break;
		case SG_LEAF_U64: assert_int_equal(l->size, sizeof(uint64_t)); break;
		case SG_LEAF_HIST: assert_int_equal(l->size, sizeof(rs.history)); break;
		case SG_LEAF_STR: assert_true(l->size > 1); break;
		default: fail_msg("leaf %s: type %d", l->name, (int)l->type);
		}
	}
	assert_int_equal(sg_leaf_index("no_such_leaf"), -1);
	assert_int_equal(sg_leaf_index(""), -1);
	assert_int_equal(sg_leaf_index("State"), -1);
}

/* The text a leaf of this type takes, distinct per leaf. */
static void sample(const struct sg_leaf *l, int i, char *buf, size_t n)
{
	switch (l->type) {
	case SG_LEAF_STR: snprintf(buf, n, "text-%d", i); break;
	case SG_LEAF_U32: snprintf(buf, n, "%d", 1000 + i); break;
	case SG_LEAF_U64: snprintf(buf, n, "%" PRIu64, UINT64_C(5000000000) + (uint64_t)i); break;
	case SG_LEAF_HIST: snprintf(buf, n, "%d %d", 10 + i, 20 + i); break;
	}
}

/* Every leaf kept in struct sg_resource_state is applied and formatted
 * back the same, in table order; the others are refused as unknown. */
static void test_apply_format_round_trip(void **state)
{
	struct sg_resource_state rs;
	char buf[4096], want[4096], v[64];
	size_t o = 0;

	(void)state;
	memset(&rs, 0, sizeof(rs));
	want[0] = '\0';
	for (int i = 0; i < SG_LEAF_COUNT; i++) {
		const struct sg_leaf *l = &sg_leaves[i];

		sample(l, i, v, sizeof(v));
		if (l->size == 0) {
			assert_int_equal(sg_resource_state_apply(&rs, l->name, v), -ENOENT);
			continue;
		}
		assert_int_equal(sg_resource_state_apply(&rs, l->name, v), 0);
		o += (size_t)snprintf(want + o, sizeof(want) - o, "%s=%s\n", l->name, v);
		if (l->type != SG_LEAF_STR && l->type != SG_LEAF_HIST)
			assert_int_equal(sg_resource_state_apply(&rs, l->name, "x"), -EINVAL);
	}
	assert_int_equal(sg_resource_state_format(&rs, buf, sizeof(buf)), strlen(want));
	assert_string_equal(buf, want);
	assert_int_equal(sg_resource_state_apply(&rs, "no_such_leaf", "1"), -ENOENT);
}

/* samtable knows every leaf of the table (none counted as unknown), and
 * unsetting one clears what setting it stored. */
static void test_samtable_knows_every_leaf(void **state)
{
	struct sg_table t;
	struct sg_sg_entry *e;
	char key[256], v[64];

	(void)state;
	sg_table_init(&t);
	for (int i = 0; i < SG_LEAF_COUNT; i++) {
		sample(&sg_leaves[i], i, v, sizeof(v));
		snprintf(key, sizeof(key), SG_CMAP_PREFIX "web.%s", sg_leaves[i].name);
		assert_int_equal(sg_table_set(&t, key, v), 0);
	}
	snprintf(key, sizeof(key), SG_CMAP_PREFIX "web.%s", "future_leaf");
	assert_int_equal(sg_table_set(&t, key, "1"), 0);
	sg_table_link(&t);
	assert_non_null(e = sg_table_find_sg(&t, "web"));
	assert_int_equal(e->others, 1);
	for (int i = 0; i < SG_LEAF_COUNT; i++)
		assert_true(sg_sg_entry_has(e, sg_leaves[i].name));
	for (int i = 0; i < SG_LEAF_COUNT; i++) {
		const struct sg_leaf *l = &sg_leaves[i];
		struct sg_resource_state empty;

		snprintf(key, sizeof(key), SG_CMAP_PREFIX "web.%s", l->name);
		assert_int_equal(sg_table_unset(&t, key), 0);
		assert_non_null(e = sg_table_find_sg(&t, "web"));
		assert_false(sg_sg_entry_has(e, l->name));
		if (l->size == 0)
			continue;
		memset(&empty, 0, sizeof(empty));
		if (l->type == SG_LEAF_HIST) {
			assert_int_equal(e->rs.history_len, 0);
			continue;
		}
		if (memcmp((char *)&e->rs + l->off, (char *)&empty + l->off, l->type == SG_LEAF_STR ? 1 : l->size))
			fail_msg("leaf %s not cleared by unset", l->name);
	}
	sg_table_free(&t);
}

/* SAM's leaves: samtable knows each, and unsetting one clears it. */
static void test_samtable_knows_every_sam_leaf(void **state)
{
	static const char *const values[SG_SAM_LEAF_COUNT] = {
		[SG_SAM_LEAF_STATE] = "running", [SG_SAM_LEAF_RECOVERY] = "quit",
		[SG_SAM_LEAF_POLL_PERIOD] = "1000", [SG_SAM_LEAF_LAST_UPDATED] = "123456789",
	};
	struct sg_table t;
	struct sg_sam_entry *e;
	char key[128];

	(void)state;
	sg_table_init(&t);
	for (int i = 0; i < SG_SAM_LEAF_COUNT; i++) {
		assert_int_equal(sg_sam_leaf_index(sg_sam_leaves[i]), i);
		snprintf(key, sizeof(key), SG_SAM_PREFIX "42.%s", sg_sam_leaves[i]);
		assert_int_equal(sg_table_set(&t, key, values[i]), 0);
	}
	sg_table_link(&t);
	assert_non_null(e = sg_table_find_sam(&t, 42));
	assert_int_equal(e->others, 0);
	assert_string_equal(e->ss.state, "running");
	assert_string_equal(e->ss.recovery, "quit");
	assert_int_equal(e->ss.poll_period_ms, 1000);
	assert_true(e->ss.has_last_updated);
	assert_int_equal(e->ss.last_updated_ns, 123456789);
	for (int i = 0; i < SG_SAM_LEAF_COUNT - 1; i++) {
		assert_true(sg_sam_entry_has(e, sg_sam_leaves[i]));
		snprintf(key, sizeof(key), SG_SAM_PREFIX "42.%s", sg_sam_leaves[i]);
		assert_int_equal(sg_table_unset(&t, key), 0);
		assert_non_null(e = sg_table_find_sam(&t, 42));
		assert_false(sg_sam_entry_has(e, sg_sam_leaves[i]));
	}
	assert_string_equal(e->ss.state, "");
	assert_string_equal(e->ss.recovery, "");
	assert_int_equal(e->ss.poll_period_ms, 0);
	assert_int_equal(sg_sam_leaf_index("State"), -1);
	sg_table_free(&t);
}

/* The cells of a Markdown table row, split at '|'; returns how many. */
static int cells(char *line, char **cell, int max)
{
	int n = 0;
	char *p = strchr(line, '|');

	while (p && n < max) {
		char *q = strchr(p + 1, '|');

		if (q == NULL)
			break;
		*q = '\0';
		p++;
		while (*p == ' ')
			p++;
		for (char *e = q - 1; e >= p && *e == ' '; e--)
			*e = '\0';
		cell[n++] = p;
		*q = '|';
		p = q;
	}
	return n;
}

static const char *type_word(enum sg_leaf_type t)
{
	return t == SG_LEAF_U32 ? "u32" : t == SG_LEAF_U64 ? "u64" : "str";
}

/* docs/cmap-keys.md lists every leaf of the table once, with its type,
 * and nothing else; the health and quorum rows name every method and
 * policy. */
static void test_docs_list_every_leaf(void **state)
{
	FILE *f = fopen("docs/cmap-keys.md", "r");
	char line[1024], health_row[1024] = "", quorum_row[1024] = "", word[64], sam_line[1024] = "";
	char sam_leaves[128] = SG_SAM_PREFIX "<supervisor pid>.{";
	int seen[SG_LEAF_COUNT] = { 0 }, in_section = 0;

	(void)state;
	if (f == NULL)
		skip(); /* run from the source tree (cts/check.sh does) */
	for (int i = 0; i < SG_SAM_LEAF_COUNT; i++) {
		strcat(sam_leaves, sg_sam_leaves[i]);
		strcat(sam_leaves, i + 1 < SG_SAM_LEAF_COUNT ? "," : "}");
	}
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "`" SG_SAM_PREFIX "<"))
			snprintf(sam_line, sizeof(sam_line), "%s", line);
		char copy[1024], *cell[4], *names, *types, *save1 = NULL, *save2 = NULL, *leaf, *type = NULL;

		if (!strncmp(line, "## ", 3))
			in_section = !strncmp(line, "## samguard's keys", 18);
		if (!in_section || line[0] != '|' || !strncmp(line, "| leaf |", 8) || !strncmp(line, "|---", 4))
			continue;
		snprintf(copy, sizeof(copy), "%s", line);
		if (cells(copy, cell, 4) < 3)
			fail_msg("docs/cmap-keys.md: short row: %s", line);
		names = cell[0];
		types = cell[1];
		for (leaf = strtok_r(names, ", ", &save1); leaf; leaf = strtok_r(NULL, ", ", &save1)) {
			char *t = strtok_r(type ? NULL : types, ", ", &save2);
			int i = sg_leaf_index(leaf);

			type = t ? t : type; /* one type for several leaves */
			if (i < 0)
				fail_msg("docs/cmap-keys.md documents leaf '%s', which sg_leaves[] lacks", leaf);
			if (seen[i]++)
				fail_msg("docs/cmap-keys.md documents leaf '%s' twice", leaf);
			if (type == NULL || strcmp(type, type_word(sg_leaves[i].type)))
				fail_msg("docs/cmap-keys.md: leaf '%s' is '%s', the table says %s", leaf,
					 type ? type : "(none)", type_word(sg_leaves[i].type));
			if (!strcmp(leaf, SG_KEY_HEALTH))
				snprintf(health_row, sizeof(health_row), "%s", line);
			if (!strcmp(leaf, SG_KEY_QUORUM))
				snprintf(quorum_row, sizeof(quorum_row), "%s", line);
		}
	}
	fclose(f);
	if (!strstr(sam_line, sam_leaves))
		fail_msg("docs/cmap-keys.md does not list SAM's leaves as %s", sam_leaves);
	for (int i = 0; i < SG_LEAF_COUNT; i++)
		if (!seen[i])
			fail_msg("docs/cmap-keys.md does not document leaf '%s'", sg_leaves[i].name);
	for (int i = 0; sg_health_methods[i]; i++) {
		snprintf(word, sizeof(word), "`%s`", sg_health_methods[i]);
		if (!strstr(health_row, word))
			fail_msg("docs/cmap-keys.md: the health row does not name %s", word);
	}
	for (int i = 0; sg_quorum_policies[i]; i++) {
		snprintf(word, sizeof(word), "`%s`", sg_quorum_policies[i]);
		if (!strstr(quorum_row, word))
			fail_msg("docs/cmap-keys.md: the quorum row does not name %s", word);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_consistent),
		cmocka_unit_test(test_apply_format_round_trip),
		cmocka_unit_test(test_samtable_knows_every_leaf),
		cmocka_unit_test(test_samtable_knows_every_sam_leaf),
		cmocka_unit_test(test_docs_list_every_leaf),
	};

	return sg_run_tests("cmapleaves", tests, NULL, NULL);
}
