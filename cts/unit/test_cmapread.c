/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_cmapread.c - sg_cmap_resource_read against a writer that publishes
 * a give-up while the read is under way, as the SAM child does (the
 * failure, then state=failed). The cmap calls the reader makes are
 * replaced here by an in-memory map (this file's definitions take
 * precedence over libcmap's), whose writer runs right after the reader
 * fetched a chosen key. Whatever the moment, a reader that sees
 * state=failed must see that give-up's reason: CI once saw a give-up
 * with the previous failure's reason.
 *
 * Build: cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Ilib \
 *        cts/unit/test_cmapread.c build/libsamguard.a -lcmap -lcmocka
 */
#include "sg_test.h"

#include <string.h>

#include "cmapstate.h"

#define P SG_CMAP_PREFIX "web."

struct kv {
	const char *key;
	char value[128];
};

/* in key order, as corosync's trie iterates */
static struct kv map[] = {
	{ P "instance", "3" },
	{ P "last_failure", "daemon exited (exit code 3)" },
	{ P "name", "web" },
	{ P "restarts", "2" },
	{ P "state", "running" },
};
#define NKEYS (sizeof(map) / sizeof(map[0]))

static const char *write_after; /* the writer runs once the reader got this key */
static size_t iter_pos;

static struct kv *find(const char *key)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (!strcmp(map[i].key, key))
			return &map[i];
	return NULL;
}

/* the SAM child's give-up: the reason, then the state */
static void give_up(void)
{
	snprintf(find(P "last_failure")->value, sizeof(map[0].value), "restarted 3 times in 60s (max_restarts=2)");
	snprintf(find(P "state")->value, sizeof(map[0].value), "failed");
}

cs_error_t cmap_get(cmap_handle_t h, const char *key, void *value, size_t *len, cmap_value_types_t *type)
{
	struct kv *kv = find(key);
	size_t n;

	(void)h;
	if (kv == NULL)
		return CS_ERR_NOT_EXIST;
	n = strlen(kv->value) + 1;
	if (n > *len)
		return CS_ERR_INVALID_PARAM;
	memcpy(value, kv->value, n);
	*len = n;
	*type = CMAP_VALUETYPE_STRING;
	if (write_after && !strcmp(key, write_after)) {
		write_after = NULL;
		give_up();
	}
	return CS_OK;
}

cs_error_t cmap_iter_init(cmap_handle_t h, const char *prefix, cmap_iter_handle_t *it)
{
	(void)h;
	(void)prefix;
	iter_pos = 0;
	*it = 1;
	return CS_OK;
}

cs_error_t cmap_iter_next(cmap_handle_t h, cmap_iter_handle_t it, char key[], size_t *len, cmap_value_types_t *type)
{
	(void)h;
	(void)it;
	if (iter_pos >= NKEYS)
		return CS_ERR_NO_SECTIONS;
	strcpy(key, map[iter_pos].key);
	if (len)
		*len = strlen(map[iter_pos].value) + 1;
	if (type)
		*type = CMAP_VALUETYPE_STRING;
	iter_pos++;
	return CS_OK;
}

cs_error_t cmap_iter_finalize(cmap_handle_t h, cmap_iter_handle_t it)
{
	(void)h;
	(void)it;
	return CS_OK;
}

static void reset(void)
{
	snprintf(find(P "last_failure")->value, sizeof(map[0].value), "daemon exited (exit code 3)");
	snprintf(find(P "state")->value, sizeof(map[0].value), "running");
}

static void test_a_give_up_is_never_read_with_the_previous_reason(void **state)
{
	(void)state;
	/* the writer may run after any key the reader fetches */
	for (size_t i = 0; i < NKEYS; i++) {
		struct sg_resource_state st;

		reset();
		write_after = map[i].key;
		assert_int_equal(sg_cmap_resource_read(0, "web", &st), 0);
		if (strcmp(st.state, "failed") != 0)
			continue;
		if (strstr(st.last_failure, "max_restarts=2") == NULL)
			fail_msg("writer after %s: state failed with reason \"%s\"", map[i].key, st.last_failure);
	}
}

static void test_read_without_a_writer_sees_every_key(void **state)
{
	struct sg_resource_state st;

	(void)state;
	reset();
	write_after = NULL;
	assert_int_equal(sg_cmap_resource_read(0, "web", &st), 0);
	assert_string_equal(st.state, "running");
	assert_string_equal(st.last_failure, "daemon exited (exit code 3)");
	assert_string_equal(st.name, "web");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_give_up_is_never_read_with_the_previous_reason),
		cmocka_unit_test(test_read_without_a_writer_sees_every_key),
	};

	return sg_run_tests("cmapread", tests, NULL, NULL);
}
