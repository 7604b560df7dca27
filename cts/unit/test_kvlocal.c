/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_kvlocal.c - the local state store of Pacemaker Remote nodes
 * (lib/kvlocal.c) and the mode switch in front of it (lib/kv.c): cmap's
 * semantics (types, lengths, iteration in key order, add/modify/delete
 * tracking) and the checks that keep other users' files out. Each test
 * runs on an empty tmpfs in place of SG_RUNDIR's parent, in a mount
 * namespace of its own (root needed, else skipped). */
#include "sg_test.h"

#include "kv.h"
#include "kvlocal.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct sg_test_private_dir priv = { -1, -1 };
static cmap_handle_t h;

static void private_rundir_parent(void)
{
	sg_test_private_rundir_parent(&priv);
}

static int setup(void **state)
{
	(void)state;
	h = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (h)
		sg_kvl_finalize(h);
	h = 0;
	return sg_test_private_dir_leave(&priv) == 0 ? 0 : -1;
}

static void open_store(void)
{
	private_rundir_parent();
	assert_int_equal(sg_kvl_initialize(&h), CS_OK);
}

static void test_initialize_makes_a_private_root_directory(void **state)
{
	struct stat st;

	(void)state;
	open_store();
	assert_int_equal(stat(SG_KVL_DIR, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(st.st_uid, 0);
	assert_int_equal(sg_kvl_in_use(), 0);
}

static void test_values_come_back_with_their_type_and_length(void **state)
{
	char buf[64];
	size_t len;
	cmap_value_types_t type;
	uint32_t u32 = 7, r32;
	uint64_t u64 = 1ULL << 40, r64;

	(void)state;
	open_store();
	assert_int_equal(sg_kvl_set(h, "samguard.resource.web.state", "running", 8, CMAP_VALUETYPE_STRING), CS_OK);
	assert_int_equal(sg_kvl_set(h, "samguard.resource.web.restarts", &u32, 4, CMAP_VALUETYPE_UINT32), CS_OK);
	assert_int_equal(sg_kvl_set(h, "resources.process.12.last_updated", &u64, 8, CMAP_VALUETYPE_UINT64), CS_OK);
	len = sizeof(buf);
	assert_int_equal(sg_kvl_get(h, "samguard.resource.web.state", buf, &len, &type), CS_OK);
	assert_int_equal(len, 8);
	assert_int_equal(type, CMAP_VALUETYPE_STRING);
	assert_string_equal(buf, "running");
	len = sizeof(r32);
	assert_int_equal(sg_kvl_get(h, "samguard.resource.web.restarts", &r32, &len, &type), CS_OK);
	assert_int_equal(type, CMAP_VALUETYPE_UINT32);
	assert_int_equal(r32, 7);
	len = sizeof(r64);
	assert_int_equal(sg_kvl_get(h, "resources.process.12.last_updated", &r64, &len, &type), CS_OK);
	assert_int_equal(r64, u64);
	/* cmap_get's rules: NULL value gives the length, a short buffer is refused */
	assert_int_equal(sg_kvl_get(h, "samguard.resource.web.state", NULL, &len, &type), CS_OK);
	assert_int_equal(len, 8);
	len = 3;
	assert_int_equal(sg_kvl_get(h, "samguard.resource.web.state", buf, &len, &type), CS_ERR_INVALID_PARAM);
	/* replaced whole */
	assert_int_equal(sg_kvl_set(h, "samguard.resource.web.state", "failed", 7, CMAP_VALUETYPE_STRING), CS_OK);
	len = sizeof(buf);
	assert_int_equal(sg_kvl_get(h, "samguard.resource.web.state", buf, &len, &type), CS_OK);
	assert_string_equal(buf, "failed");
	assert_int_equal(sg_kvl_get(h, "samguard.resource.db.state", buf, &len, &type), CS_ERR_NOT_EXIST);
	assert_int_equal(sg_kvl_delete(h, "samguard.resource.web.state"), CS_OK);
	assert_int_equal(sg_kvl_delete(h, "samguard.resource.web.state"), CS_ERR_NOT_EXIST);
	assert_int_equal(sg_kvl_in_use(), 1);
}

static void test_keys_that_are_no_cmap_keys_are_refused(void **state)
{
	static const char *const bad[] = { "", ".hidden", "a/b", "..", "a b", "a\nb", "samguard.resource.w$" };
	char big[CMAP_KEYNAME_MAXLEN + 2];

	(void)state;
	open_store();
	for (size_t i = 0; i < SG_ARRAY_SIZE(bad); i++) {
		assert_false(sg_kvl_key_valid(bad[i]));
		assert_int_equal(sg_kvl_set(h, bad[i], "x", 2, CMAP_VALUETYPE_STRING), CS_ERR_INVALID_PARAM);
	}
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_false(sg_kvl_key_valid(big));
	big[CMAP_KEYNAME_MAXLEN] = '\0';
	assert_true(sg_kvl_key_valid(big));
	assert_true(sg_kvl_key_valid("samguard.resource.web_3a0.last_failure"));
	assert_int_equal(sg_kvl_set(h, "k", "x", 2, (cmap_value_types_t)99), CS_ERR_INVALID_PARAM);
}

static void test_iteration_is_in_key_order_and_by_prefix(void **state)
{
	static const char *const keys[] = { "samguard.resource.web.state", "resources.process.9.state",
					    "samguard.resource.db.state", "samguard.resource.web.name",
					    "samguard.resourceX" };
	static const char *const want[] = { "samguard.resource.db.state", "samguard.resource.web.name",
					    "samguard.resource.web.state" };
	char key[CMAP_KEYNAME_MAXLEN + 1];
	cmap_iter_handle_t it;
	size_t len, n = 0;
	cmap_value_types_t type;
	cs_error_t err;

	(void)state;
	open_store();
	for (size_t i = 0; i < SG_ARRAY_SIZE(keys); i++)
		assert_int_equal(sg_kvl_set(h, keys[i], "v", 2, CMAP_VALUETYPE_STRING), CS_OK);
	assert_int_equal(sg_kvl_iter_init(h, "samguard.resource.", &it), CS_OK);
	/* a key deleted after the listing is skipped, not an error */
	assert_int_equal(sg_kvl_delete(h, "samguard.resource.web.name"), CS_OK);
	while ((err = sg_kvl_iter_next(h, it, key, &len, &type)) == CS_OK) {
		if (n == 1)
			n++;            /* web.name is gone */
		assert_true(n < SG_ARRAY_SIZE(want));
		assert_string_equal(key, want[n]);
		assert_int_equal(len, 2);
		assert_int_equal(type, CMAP_VALUETYPE_STRING);
		n++;
	}
	assert_int_equal(err, CS_ERR_NO_SECTIONS);
	assert_int_equal(n, 3);
	assert_int_equal(sg_kvl_iter_finalize(h, it), CS_OK);
	assert_int_equal(sg_kvl_iter_next(h, it, key, &len, &type), CS_ERR_BAD_HANDLE);
}

struct seen {
	int n;
	int32_t event[16];
	char key[16][CMAP_KEYNAME_MAXLEN + 1];
	char value[16][32];
};

static void on_change(cmap_handle_t hh, cmap_track_handle_t th, int32_t event, const char *key,
		      struct cmap_notify_value nv, struct cmap_notify_value ov, void *ctx)
{
	struct seen *s = ctx;

	(void)hh;
	(void)th;
	(void)ov;
	if (s->n >= 16)
		return;
	s->event[s->n] = event;
	snprintf(s->key[s->n], sizeof(s->key[0]), "%s", key);
	snprintf(s->value[s->n], sizeof(s->value[0]), "%.*s", (int)(nv.len ? nv.len - 1 : 0),
		 nv.data ? (const char *)nv.data : "");
	s->n++;
}

static void test_tracks_report_add_modify_and_delete(void **state)
{
	struct seen s = { 0 }, e = { 0 };
	cmap_handle_t w;
	cmap_track_handle_t th, te;
	int fd;

	(void)state;
	open_store();
	assert_int_equal(sg_kvl_initialize(&w), CS_OK);      /* a second writer, as another process */
	assert_int_equal(sg_kvl_set(w, "samguard.resource.a.state", "starting", 9, CMAP_VALUETYPE_STRING), CS_OK);
	assert_int_equal(sg_kvl_track_add(h, "samguard.resource.", CMAP_TRACK_ADD | CMAP_TRACK_MODIFY |
					  CMAP_TRACK_DELETE | CMAP_TRACK_PREFIX, on_change, &s, &th), CS_OK);
	assert_int_equal(sg_kvl_track_add(h, "samguard.resource.b.state", CMAP_TRACK_DELETE, on_change, &e, &te),
			 CS_OK);
	assert_int_equal(sg_kvl_fd_get(h, &fd), CS_OK);
	assert_true(fd >= 0);
	assert_int_equal(sg_kvl_set(w, "samguard.resource.a.state", "running", 8, CMAP_VALUETYPE_STRING), CS_OK);
	assert_int_equal(sg_kvl_set(w, "samguard.resource.b.state", "running", 8, CMAP_VALUETYPE_STRING), CS_OK);
	assert_int_equal(sg_kvl_set(w, "resources.process.3.state", "running", 8, CMAP_VALUETYPE_STRING), CS_OK);
	assert_int_equal(sg_kvl_dispatch(h, CS_DISPATCH_ALL), CS_OK);
	assert_int_equal(sg_kvl_delete(w, "samguard.resource.b.state"), CS_OK);
	assert_int_equal(sg_kvl_dispatch(h, CS_DISPATCH_ALL), CS_OK);
	assert_int_equal(s.n, 3);
	/* a key that existed before the track was added is a modify */
	assert_int_equal(s.event[0], CMAP_TRACK_MODIFY);
	assert_string_equal(s.key[0], "samguard.resource.a.state");
	assert_string_equal(s.value[0], "running");
	assert_int_equal(s.event[1], CMAP_TRACK_ADD);
	assert_string_equal(s.key[1], "samguard.resource.b.state");
	assert_int_equal(s.event[2], CMAP_TRACK_DELETE);
	assert_string_equal(s.key[2], "samguard.resource.b.state");
	/* the exact-key track wants deletes only */
	assert_int_equal(e.n, 1);
	assert_int_equal(e.event[0], CMAP_TRACK_DELETE);
	/* what is told is the directory as dispatch finds it: a key added and
	 * deleted between two dispatches is not told at all */
	assert_int_equal(sg_kvl_set(w, "samguard.resource.c.state", "x", 2, CMAP_VALUETYPE_STRING), CS_OK);
	assert_int_equal(sg_kvl_delete(w, "samguard.resource.c.state"), CS_OK);
	assert_int_equal(sg_kvl_dispatch(h, CS_DISPATCH_ALL), CS_OK);
	assert_int_equal(s.n, 3);
	/* a deleted track hears nothing more */
	assert_int_equal(sg_kvl_track_delete(h, th), CS_OK);
	assert_int_equal(sg_kvl_set(w, "samguard.resource.a.state", "failed", 7, CMAP_VALUETYPE_STRING), CS_OK);
	assert_int_equal(sg_kvl_dispatch(h, CS_DISPATCH_ALL), CS_OK);
	assert_int_equal(s.n, 3);
	assert_int_equal(sg_kvl_finalize(w), CS_OK);
}

/* Without a track the descriptor never becomes readable: a supervisor that
 * polls it for a hang-up is not woken by the other supervisors' writes. */
static void test_fd_without_a_track_stays_quiet(void **state)
{
	struct pollfd p;
	int fd;

	(void)state;
	open_store();
	assert_int_equal(sg_kvl_fd_get(h, &fd), CS_OK);
	assert_int_equal(sg_kvl_set(h, "samguard.resource.a.state", "x", 2, CMAP_VALUETYPE_STRING), CS_OK);
	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	assert_int_equal(poll(&p, 1, 0), 0);
}

/* The store must be root's alone: a directory that others may write is not
 * trusted, nor a key file of another owner, nor a symlink. */
static void test_files_of_other_users_are_not_read(void **state)
{
	char buf[64];
	size_t len = sizeof(buf);
	cmap_value_types_t type;
	cmap_handle_t h2;

	(void)state;
	open_store();
	assert_int_equal(sg_kvl_set(h, "samguard.resource.a.state", "running", 8, CMAP_VALUETYPE_STRING), CS_OK);
	assert_int_equal(chown(SG_KVL_DIR "/samguard.resource.a.state", 65534, 65534), 0);
	assert_int_equal(sg_kvl_get(h, "samguard.resource.a.state", buf, &len, &type), CS_ERR_SECURITY);
	assert_int_equal(symlink("samguard.resource.b.state", SG_KVL_DIR "/samguard.resource.c.state"), 0);
	assert_int_equal(sg_kvl_set(h, "samguard.resource.b.state", "running", 8, CMAP_VALUETYPE_STRING), CS_OK);
	assert_int_equal(sg_kvl_get(h, "samguard.resource.c.state", buf, &len, &type), CS_ERR_SECURITY);
	assert_int_equal(chmod(SG_KVL_DIR "/samguard.resource.b.state", 0622), 0);
	assert_int_equal(sg_kvl_get(h, "samguard.resource.b.state", buf, &len, &type), CS_ERR_SECURITY);
	assert_int_equal(chmod(SG_KVL_DIR, 0770), 0);
	assert_int_equal(sg_kvl_initialize(&h2), CS_ERR_SECURITY);
	assert_int_equal(chmod(SG_KVL_DIR, 0700), 0);
	assert_int_equal(chown(SG_KVL_DIR, 65534, 0), 0);
	assert_int_equal(sg_kvl_initialize(&h2), CS_ERR_SECURITY);
}

/* A writer SIGKILLed between create and rename leaves ".<pid>.<n>": never
 * a key, and removed by the next listing once that pid is gone. */
static void test_temporary_files_of_dead_writers_are_swept(void **state)
{
	char key[CMAP_KEYNAME_MAXLEN + 1];
	cmap_iter_handle_t it;
	int fd;

	(void)state;
	open_store();
	fd = open(SG_KVL_DIR "/.999999999.1", O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(sg_kvl_in_use(), 0);
	assert_int_equal(sg_kvl_iter_init(h, "", &it), CS_OK);
	assert_int_equal(sg_kvl_iter_next(h, it, key, NULL, NULL), CS_ERR_NO_SECTIONS);
	sg_kvl_iter_finalize(h, it);
	assert_int_equal(access(SG_KVL_DIR "/.999999999.1", F_OK), -1);
}

/* kv.c: with the local store chosen, the calls go there; the stats map is
 * an empty one. */
static void test_kv_routes_to_the_store_once_remote(void **state)
{
	cmap_handle_t kh, st;
	char *s = NULL;
	uint32_t v = 0;
	cmap_iter_handle_t it;
	char key[CMAP_KEYNAME_MAXLEN + 1];

	(void)state;
	private_rundir_parent();
	/* the store holds a key: with no corosync answering, that alone makes
	 * this a remote node (nodemode.h) */
	assert_int_equal(mkdir(SG_RUNDIR, 0755), 0);
	assert_int_equal(mkdir(SG_KVL_DIR, 0700), 0);
	assert_int_equal(sg_write_file_atomic(SG_KVL_DIR "/samguard.resource.x.name", "\013x", 3, 0600), 0);
	sg_kv_reset();
	if (sg_kv_decide() == SG_NODE_FULL)
		skip();                 /* a corosync answers in this namespace */
	assert_true(sg_kv_is_local());
	assert_string_not_equal(sg_kv_why(), "");
	/* decided: the supervisor's way to decide agrees, and asks no publisher */
	assert_int_equal(sg_kv_decide_shared(1), SG_NODE_REMOTE);
	assert_int_equal(sg_kv_initialize(&kh), CS_OK);
	assert_int_equal(sg_kv_set_string(kh, "samguard.resource.x.state", "running"), CS_OK);
	assert_int_equal(sg_kv_set_uint32(kh, "samguard.resource.x.restarts", 4), CS_OK);
	assert_int_equal(sg_kv_get_string(kh, "samguard.resource.x.state", &s), CS_OK);
	assert_string_equal(s, "running");
	free(s);
	assert_int_equal(sg_kv_get_uint32(kh, "samguard.resource.x.restarts", &v), CS_OK);
	assert_int_equal(v, 4);
	assert_int_equal(sg_kv_get_string(kh, "samguard.resource.x.restarts", &s), CS_ERR_INVALID_PARAM);
	{
		/* the SAM child's handle: no publisher here, the store */
		cmap_handle_t sh;
		char *t = NULL;

		assert_int_equal(sg_kv_initialize_shared(&sh, 100), CS_OK);
		assert_string_equal(sg_kv_path(sh), "local store");
		assert_int_equal(sg_kv_is_shared(sh), 0);
		assert_int_equal(sg_kv_get_string(sh, "samguard.resource.x.state", &t), CS_OK);
		assert_string_equal(t, "running");
		free(t);
		sg_kv_finalize(sh);
	}
	{
		struct seen seen = { 0 };
		cmap_track_handle_t th;
		uint64_t u = 0;
		size_t len = sizeof(u);
		cmap_value_types_t type;
		int fd;

		assert_int_equal(sg_kv_track_add(kh, "samguard.resource.x.", CMAP_TRACK_ADD | CMAP_TRACK_DELETE |
						 CMAP_TRACK_PREFIX, on_change, &seen, &th), CS_OK);
		assert_int_equal(sg_kv_fd_get(kh, &fd), CS_OK);
		assert_int_equal(sg_kv_set_uint64(kh, "samguard.resource.x.daemon_start", 1ULL << 33), CS_OK);
		assert_int_equal(sg_kv_get(kh, "samguard.resource.x.daemon_start", &u, &len, &type), CS_OK);
		assert_int_equal(type, CMAP_VALUETYPE_UINT64);
		assert_int_equal(u, 1ULL << 33);
		assert_int_equal(sg_kv_delete(kh, "samguard.resource.x.daemon_start"), CS_OK);
		assert_int_equal(sg_kv_dispatch(kh, CS_DISPATCH_ALL), CS_OK);
		assert_int_equal(sg_kv_track_delete(kh, th), CS_OK);
		assert_int_equal(seen.n, 0);    /* added and deleted before the dispatch: not told */
	}
	{
		struct sg_node_facts f = { 0 };

		sg_node_facts_read(&f);
		assert_int_equal(f.store_in_use, 1);
		assert_int_equal(f.corosync_conf, access(SG_COROSYNC_CONF, F_OK) == 0);
	}
	assert_int_equal(sg_kv_initialize_map(&st, CMAP_MAP_STATS), CS_OK);
	assert_int_equal(sg_kv_iter_init(st, "stats.ipcs.", &it), CS_OK);
	assert_int_equal(sg_kv_iter_next(st, it, key, NULL, NULL), CS_ERR_NO_SECTIONS);
	sg_kv_iter_finalize(st, it);
	sg_kv_finalize(st);
	sg_kv_finalize(kh);
	sg_kv_reset();
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_initialize_makes_a_private_root_directory),
		T(test_values_come_back_with_their_type_and_length),
		T(test_keys_that_are_no_cmap_keys_are_refused),
		T(test_iteration_is_in_key_order_and_by_prefix),
		T(test_tracks_report_add_modify_and_delete),
		T(test_fd_without_a_track_stays_quiet),
		T(test_files_of_other_users_are_not_read),
		T(test_temporary_files_of_dead_writers_are_swept),
		T(test_kv_routes_to_the_store_once_remote),
	};
#undef T

	return sg_run_tests("kvlocal", tests, NULL, NULL);
}
