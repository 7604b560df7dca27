/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kv.c - cmap or the local store, decided once per process (kv.h). */
#include "kv.h"

#include "kvlocal.h"
#include "log.h"
#include "relay.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum kv_mode { KV_UNDECIDED = 0, KV_CMAP, KV_LOCAL };

static enum kv_mode kv_mode;
static enum sg_node_mode kv_node = SG_NODE_NEITHER;    /* the last decision */
static char kv_why[256];

/* Every handle of a process is of its mode; the stats dummy answers every
 * call with "nothing". */
#define LOCAL() (kv_mode == KV_LOCAL)
#define STATS_DUMMY(h) (LOCAL() && (h) == ~(cmap_handle_t)0)

/* Handles through the publisher (sg_kv_initialize_shared). Bit 63 is never
 * set in a libcmap handle (libqb's handle database puts random(), 31 bits,
 * in the upper half), so these never equal one. */
#define RELAY_TAG ((cmap_handle_t)0x8000000053470000ULL)
#define RELAY_SLOTS 4

struct kv_relay {
	int used;
	int fd;              /* the publisher; a closed socketpair's end when dead */
	int timeout_ms;
	int own;             /* moved to a connection of its own */
	int dead;            /* neither answers: every call fails */
	cmap_handle_t conn;  /* that connection */
};

static struct kv_relay relays[RELAY_SLOTS];
static char relay_vbuf[SG_RELAY_VALUE_MAX];

/* The relay behind h, or NULL for a libcmap or local store handle. */
static struct kv_relay *relay_of(cmap_handle_t h)
{
	cmap_handle_t i = h & 0xff;

	if ((h & ~(cmap_handle_t)0xff) != RELAY_TAG || i >= RELAY_SLOTS || !relays[i].used)
		return NULL;
	return &relays[i];
}

/* libcmap's handle for h: its own connection's once a relay has moved. */
static cmap_handle_t direct(cmap_handle_t h)
{
	struct kv_relay *r = relay_of(h);

	return r && r->own ? r->conn : h;
}

/* h goes through a live publisher: calls are messages. */
static struct kv_relay *via_publisher(cmap_handle_t h)
{
	struct kv_relay *r = relay_of(h);

	return r && !r->own ? r : NULL;
}

/* The publisher did not answer (why: -errno): another one that already
 * runs (when again), else a connection of our own, else dead (a descriptor
 * that polls as hung up, so that the caller's loop finds the loss). */
static void relay_failover(struct kv_relay *r, int why, int again)
{
	int sp[2];

	close(r->fd);
	r->fd = again ? sg_relay_connect(r->timeout_ms) : -1;
	if (r->fd >= 0) {
		sg_notice("samguard-publisher went away (%s); reconnected to the one that runs now", strerror(-why));
		return;
	}
	if (cmap_initialize(&r->conn) == CS_OK) {
		r->own = 1;
		sg_warn("samguard-publisher went away (%s); using a corosync connection of our own", strerror(-why));
		return;
	}
	r->dead = 1;
	r->fd = -1;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) == 0) {
		close(sp[1]);
		r->fd = sp[0];
	}
}

/* One call through the publisher. Returns libcmap's answer; *moved set
 * when the relay has moved to its own connection and the caller must make
 * the call there instead. */
static cs_error_t relay_call(struct kv_relay *r, const struct sg_relay_msg *req, struct sg_relay_msg *ans,
			     int *moved)
{
	*moved = 0;
	/* a publisher that fails twice in one call is not tried again */
	for (int attempt = 0;; attempt++) {
		int rc;

		if (r->dead)
			return CS_ERR_LIBRARY;
		if (r->own) {
			*moved = 1;
			return CS_OK;
		}
		rc = sg_relay_call(r->fd, req, ans, relay_vbuf, sizeof(relay_vbuf), r->timeout_ms);
		if (rc == 0)
			return (cs_error_t)ans->code;
		relay_failover(r, rc, attempt == 0);
	}
}

static int key_msg(struct sg_relay_msg *m, uint32_t code, const char *key)
{
	memset(m, 0, sizeof(*m));
	m->code = code;
	if (key == NULL || (m->keylen = strlen(key)) > CMAP_KEYNAME_MAXLEN)
		return -1;
	memcpy(m->key, key, m->keylen + 1);
	return 0;
}

/* corosync does not answer (err): decide from the node's facts. */
static enum sg_node_mode decide_without_corosync(void)
{
	struct sg_node_facts f = { 0 };
	enum sg_node_mode m;

	sg_node_facts_read(&f);
	m = kv_node = sg_node_mode_decide(&f, kv_why, sizeof(kv_why));
	if (m == SG_NODE_REMOTE)
		kv_mode = KV_LOCAL;
	return m;
}

static void decided_cmap(void)
{
	if (kv_mode == KV_UNDECIDED) {
		struct sg_node_facts f = { .corosync_answers = 1 };

		kv_node = sg_node_mode_decide(&f, kv_why, sizeof(kv_why));
		kv_mode = KV_CMAP;
	}
}

cs_error_t sg_kv_initialize(cmap_handle_t *handle)
{
	cs_error_t err;

	if (kv_mode == KV_LOCAL)
		return sg_kvl_initialize(handle);
	err = cmap_initialize(handle);
	if (err == CS_OK)
		decided_cmap();
	else if (kv_mode == KV_UNDECIDED && decide_without_corosync() == SG_NODE_REMOTE)
		return sg_kvl_initialize(handle);
	return err;
}

cs_error_t sg_kv_initialize_shared(cmap_handle_t *handle, int timeout_ms)
{
	int slot = -1, fd;

	if (kv_mode == KV_LOCAL || sg_env_is_off("SG_PUBLISHER"))
		return sg_kv_initialize(handle);
	for (int i = 0; i < RELAY_SLOTS && slot < 0; i++)
		if (!relays[i].used)
			slot = i;
	fd = slot < 0 ? -EMFILE : sg_relay_start(timeout_ms > 5000 ? timeout_ms : 5000, NULL);
	if (fd < 0) {
		cs_error_t err = sg_kv_initialize(handle);

		if (err == CS_OK && kv_mode == KV_CMAP)
			sg_notice("no samguard-publisher (%s): using a corosync connection of our own", strerror(-fd));
		return err;
	}
	/* it answered: corosync does */
	decided_cmap();
	relays[slot] = (struct kv_relay){ .used = 1, .fd = fd, .timeout_ms = timeout_ms };
	*handle = RELAY_TAG | (cmap_handle_t)slot;
	return CS_OK;
}

int sg_kv_is_shared(cmap_handle_t handle)
{
	return via_publisher(handle) != NULL;
}

const char *sg_kv_path(cmap_handle_t handle)
{
	if (LOCAL())
		return "local store";
	return via_publisher(handle) ? "publisher" : "own connection";
}

enum sg_node_mode sg_kv_decide(void)
{
	cmap_handle_t h;

	if (kv_mode == KV_UNDECIDED && sg_kv_initialize(&h) == CS_OK)
		sg_kv_finalize(h);
	return kv_node;
}

/* sg_relay_start's question, under its lock: a full node (corosync answers)? */
static int full_node(void)
{
	return sg_kv_decide() == SG_NODE_FULL;
}

enum sg_node_mode sg_kv_decide_shared(int start)
{
	if (kv_mode == KV_UNDECIDED && !sg_env_is_off("SG_PUBLISHER")) {
		int fd = start ? sg_relay_start(5000, full_node) : sg_relay_connect(5000);

		if (fd >= 0) {
			close(fd);
			decided_cmap();
			return kv_node;
		}
	}
	return sg_kv_decide();
}

int sg_kv_is_local(void)
{
	return kv_mode == KV_LOCAL;
}

const char *sg_kv_why(void)
{
	return kv_why;
}

void sg_kv_reset(void)
{
	kv_mode = KV_UNDECIDED;
	kv_node = SG_NODE_NEITHER;
	kv_why[0] = '\0';
}

cs_error_t sg_kv_initialize_map(cmap_handle_t *handle, cmap_map_t map)
{
	if (map == CMAP_MAP_DEFAULT)
		return sg_kv_initialize(handle);
	if (LOCAL()) {
		/* no connections to list: an empty handle */
		*handle = ~(cmap_handle_t)0;
		return CS_OK;
	}
	return cmap_initialize_map(handle, map);
}

cs_error_t sg_kv_finalize(cmap_handle_t handle)
{
	struct kv_relay *r = relay_of(handle);

	if (STATS_DUMMY(handle))
		return CS_OK;
	if (r) {
		if (r->fd >= 0)
			close(r->fd);
		if (r->own)
			cmap_finalize(r->conn);
		*r = (struct kv_relay){ 0 };
		return CS_OK;
	}
	return LOCAL() ? sg_kvl_finalize(handle) : cmap_finalize(handle);
}

cs_error_t sg_kv_fd_get(cmap_handle_t handle, int *fd)
{
	struct kv_relay *r = via_publisher(handle);

	if (r) {
		*fd = r->fd;
		return r->fd >= 0 ? CS_OK : CS_ERR_LIBRARY;
	}
	return LOCAL() ? sg_kvl_fd_get(handle, fd) : cmap_fd_get(direct(handle), fd);
}

cs_error_t sg_kv_dispatch(cmap_handle_t handle, cs_dispatch_flags_t dispatch_types)
{
	struct kv_relay *r = via_publisher(handle);

	if (r) {
		/* the publisher never speaks unasked: readable means gone */
		if (r->dead)
			return CS_ERR_LIBRARY;
		relay_failover(r, -ECONNRESET, 1);
		return r->dead ? CS_ERR_LIBRARY : CS_OK;
	}
	return LOCAL() ? sg_kvl_dispatch(handle, dispatch_types) : cmap_dispatch(direct(handle), dispatch_types);
}

/* A set: the local store, the publisher, or libcmap. */
static cs_error_t kv_set(cmap_handle_t handle, const char *key, const void *value, size_t len,
			 cmap_value_types_t type)
{
	struct kv_relay *r = via_publisher(handle);
	struct sg_relay_msg req, ans;
	cs_error_t err;
	int moved;

	if (value == NULL)
		return CS_ERR_INVALID_PARAM;
	if (LOCAL())
		return sg_kvl_set(handle, key, value, len, type);
	if (r) {
		if (key_msg(&req, SG_RELAY_SET, key) < 0 || len > SG_RELAY_VALUE_MAX)
			return CS_ERR_INVALID_PARAM;
		req.type = type;
		req.value = value;
		req.vlen = len;
		err = relay_call(r, &req, &ans, &moved);
		if (!moved)
			return err;
	}
	return cmap_set(direct(handle), key, value, len, type);
}

cs_error_t sg_kv_set_string(cmap_handle_t handle, const char *key, const char *value)
{
	return kv_set(handle, key, value, value ? strlen(value) + 1 : 0, CMAP_VALUETYPE_STRING);
}

cs_error_t sg_kv_set_uint32(cmap_handle_t handle, const char *key, uint32_t value)
{
	return kv_set(handle, key, &value, sizeof(value), CMAP_VALUETYPE_UINT32);
}

cs_error_t sg_kv_set_uint64(cmap_handle_t handle, const char *key, uint64_t value)
{
	return kv_set(handle, key, &value, sizeof(value), CMAP_VALUETYPE_UINT64);
}

/* cmap_get through the publisher: its answer, with cmap_get's rules for
 * the caller's buffer. */
static cs_error_t relay_get(cmap_handle_t handle, struct kv_relay *r, const char *key, void *value, size_t *len,
			    cmap_value_types_t *type)
{
	struct sg_relay_msg req, ans;
	cs_error_t err;
	int moved;

	if (key_msg(&req, SG_RELAY_GET, key) < 0)
		return CS_ERR_INVALID_PARAM;
	err = relay_call(r, &req, &ans, &moved);
	if (moved)
		return cmap_get(direct(handle), key, value, len, type);
	if (err != CS_OK)
		return err;
	if (value != NULL) {
		if (len == NULL || *len < ans.vlen)
			return CS_ERR_INVALID_PARAM;
		memcpy(value, ans.value, ans.vlen);
	}
	if (len != NULL)
		*len = ans.vlen;
	if (type != NULL)
		*type = (cmap_value_types_t)ans.type;
	return CS_OK;
}

cs_error_t sg_kv_get(cmap_handle_t handle, const char *key, void *value, size_t *len, cmap_value_types_t *type)
{
	struct kv_relay *r = via_publisher(handle);

	if (STATS_DUMMY(handle))
		return CS_ERR_NOT_EXIST;
	if (r)
		return relay_get(handle, r, key, value, len, type);
	return LOCAL() ? sg_kvl_get(handle, key, value, len, type) : cmap_get(direct(handle), key, value, len, type);
}

cs_error_t sg_kv_get_string(cmap_handle_t handle, const char *key, char **str)
{
	char buf[SG_KVL_VALUE_MAX];
	size_t len = sizeof(buf);
	cmap_value_types_t type;
	cs_error_t err;

	if (!LOCAL() && !relay_of(handle))
		return cmap_get_string(handle, key, str);
	err = sg_kv_get(handle, key, buf, &len, &type);
	if (err != CS_OK)
		return err;
	if (type != CMAP_VALUETYPE_STRING || len == 0 || buf[len - 1] != '\0')
		return CS_ERR_INVALID_PARAM;
	*str = strdup(buf);
	return *str ? CS_OK : CS_ERR_NO_MEMORY;
}

cs_error_t sg_kv_get_uint32(cmap_handle_t handle, const char *key, uint32_t *value)
{
	size_t len = sizeof(*value);
	cmap_value_types_t type;
	cs_error_t err;

	if (!LOCAL() && !relay_of(handle))
		return cmap_get_uint32(handle, key, value);
	err = sg_kv_get(handle, key, value, &len, &type);
	if (err == CS_OK && (type != CMAP_VALUETYPE_UINT32 || len != sizeof(*value)))
		return CS_ERR_INVALID_PARAM;
	return err;
}

cs_error_t sg_kv_delete(cmap_handle_t handle, const char *key)
{
	struct kv_relay *r = via_publisher(handle);
	struct sg_relay_msg req, ans;
	cs_error_t err;
	int moved;

	if (STATS_DUMMY(handle))
		return CS_ERR_NOT_EXIST;
	if (r) {
		if (key_msg(&req, SG_RELAY_DELETE, key) < 0)
			return CS_ERR_INVALID_PARAM;
		err = relay_call(r, &req, &ans, &moved);
		if (!moved)
			return err;
	}
	return LOCAL() ? sg_kvl_delete(handle, key) : cmap_delete(direct(handle), key);
}

/* An iteration begun through the publisher does not survive a move to an
 * own connection: its next and finalize then answer CS_ERR_BAD_HANDLE. */
cs_error_t sg_kv_iter_init(cmap_handle_t handle, const char *prefix, cmap_iter_handle_t *iter)
{
	struct kv_relay *r = via_publisher(handle);
	struct sg_relay_msg req, ans;
	cs_error_t err;
	int moved;

	if (STATS_DUMMY(handle)) {
		*iter = 0;
		return CS_OK;
	}
	if (r) {
		if (key_msg(&req, SG_RELAY_ITER_INIT, prefix ? prefix : "") < 0)
			return CS_ERR_INVALID_PARAM;
		err = relay_call(r, &req, &ans, &moved);
		if (!moved) {
			if (err == CS_OK)
				*iter = ans.iter;
			return err;
		}
	}
	return LOCAL() ? sg_kvl_iter_init(handle, prefix, iter) : cmap_iter_init(direct(handle), prefix, iter);
}

cs_error_t sg_kv_iter_next(cmap_handle_t handle, cmap_iter_handle_t iter, char key[], size_t *len,
			   cmap_value_types_t *type)
{
	struct kv_relay *r = via_publisher(handle);
	struct sg_relay_msg req = { .code = SG_RELAY_ITER_NEXT, .iter = iter }, ans;
	cs_error_t err;
	int moved;

	if (STATS_DUMMY(handle))
		return CS_ERR_NO_SECTIONS;
	if (r) {
		err = relay_call(r, &req, &ans, &moved);
		if (moved)
			return CS_ERR_BAD_HANDLE;
		if (err == CS_OK) {
			memcpy(key, ans.key, ans.keylen + 1);
			if (len)
				*len = (size_t)ans.value_len;
			if (type)
				*type = (cmap_value_types_t)ans.type;
		}
		return err;
	}
	return LOCAL() ? sg_kvl_iter_next(handle, iter, key, len, type)
			     : cmap_iter_next(direct(handle), iter, key, len, type);
}

cs_error_t sg_kv_iter_finalize(cmap_handle_t handle, cmap_iter_handle_t iter)
{
	struct kv_relay *r = via_publisher(handle);
	struct sg_relay_msg req = { .code = SG_RELAY_ITER_FINALIZE, .iter = iter }, ans;
	cs_error_t err;
	int moved;

	if (STATS_DUMMY(handle))
		return CS_OK;
	if (r) {
		err = relay_call(r, &req, &ans, &moved);
		return moved ? CS_ERR_BAD_HANDLE : err;
	}
	return LOCAL() ? sg_kvl_iter_finalize(handle, iter) : cmap_iter_finalize(direct(handle), iter);
}

/* Tracking needs notifications, which the publisher does not relay: only
 * on a handle of its own. */
cs_error_t sg_kv_track_add(cmap_handle_t handle, const char *key, int32_t track_type, cmap_notify_fn_t fn,
			   void *user_data, cmap_track_handle_t *track)
{
	if (STATS_DUMMY(handle) || via_publisher(handle))
		return CS_ERR_NOT_SUPPORTED;
	return LOCAL() ? sg_kvl_track_add(handle, key, track_type, fn, user_data, track)
			     : cmap_track_add(direct(handle), key, track_type, fn, user_data, track);
}

cs_error_t sg_kv_track_delete(cmap_handle_t handle, cmap_track_handle_t track)
{
	if (STATS_DUMMY(handle) || via_publisher(handle))
		return CS_ERR_NOT_EXIST;
	return LOCAL() ? sg_kvl_track_delete(handle, track) : cmap_track_delete(direct(handle), track);
}
