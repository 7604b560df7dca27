/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmapstate.c - the samguard.resource.* map and SAM's resources.process.* keys. */
#include "cmapstate.h"

#include "cmapdelete.h"

#include "util.h"
#include "kv.h"

#include <errno.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sg_cs_errno(cs_error_t err)
{
	switch (err) {
	case CS_OK: return 0;
	case CS_ERR_LIBRARY: return -ENOTCONN;
	case CS_ERR_TRY_AGAIN: return -EAGAIN;
	case CS_ERR_INVALID_PARAM: return -EINVAL;
	case CS_ERR_NO_MEMORY: return -ENOMEM;
	case CS_ERR_BAD_HANDLE: return -EBADF;
	case CS_ERR_ACCESS: return -EACCES;
	case CS_ERR_NOT_EXIST: return -ENOENT;
	case CS_ERR_NAME_TOO_LONG: return -ENAMETOOLONG;
	case CS_ERR_EXIST: return -EEXIST;
	case CS_ERR_TOO_BIG: return -E2BIG;
	case CS_ERR_TIMEOUT: return -ETIMEDOUT;
	case CS_ERR_SECURITY: return -EPERM;
	default: return -EIO;
	}
}

int sg_cmap_connect(cmap_handle_t *h)
{
	return sg_cs_errno(sg_kv_initialize(h));
}

int sg_cmap_key(char *buf, size_t n, const char *enc, const char *leaf)
{
	if ((size_t)snprintf(buf, n, SG_CMAP_PREFIX "%s.%s", enc, leaf) >= n)
		return -ENAMETOOLONG;
	return 0;
}

int sg_cmap_set_str(cmap_handle_t h, const char *enc, const char *leaf, const char *v)
{
	char key[CMAP_KEYNAME_MAXLEN + 1];
	int rc = sg_cmap_key(key, sizeof(key), enc, leaf);

	return rc ? rc : sg_cs_errno(sg_kv_set_string(h, key, v ? v : ""));
}

int sg_cmap_set_u32(cmap_handle_t h, const char *enc, const char *leaf, uint32_t v)
{
	char key[CMAP_KEYNAME_MAXLEN + 1];
	int rc = sg_cmap_key(key, sizeof(key), enc, leaf);

	return rc ? rc : sg_cs_errno(sg_kv_set_uint32(h, key, v));
}

int sg_cmap_set_u64(cmap_handle_t h, const char *enc, const char *leaf, uint64_t v)
{
	char key[CMAP_KEYNAME_MAXLEN + 1];
	int rc = sg_cmap_key(key, sizeof(key), enc, leaf);

	return rc ? rc : sg_cs_errno(sg_kv_set_uint64(h, key, v));
}

/* Read one key of any integer type as uint64, or a string into sbuf. */
static int get_any(cmap_handle_t h, const char *key, uint64_t *num, char *sbuf, size_t sn)
{
	char raw[1024];
	size_t len = sizeof(raw);
	cmap_value_types_t type;
	cs_error_t err = sg_kv_get(h, key, raw, &len, &type);

	if (err != CS_OK)
		return sg_cs_errno(err);
	switch (type) {
	case CMAP_VALUETYPE_UINT8: *num = *(uint8_t *)raw; break;
	case CMAP_VALUETYPE_UINT16: { uint16_t v; memcpy(&v, raw, 2); *num = v; break; }
	case CMAP_VALUETYPE_UINT32: { uint32_t v; memcpy(&v, raw, 4); *num = v; break; }
	case CMAP_VALUETYPE_UINT64: { uint64_t v; memcpy(&v, raw, 8); *num = v; break; }
	case CMAP_VALUETYPE_INT32: { int32_t v; memcpy(&v, raw, 4); *num = v < 0 ? 0 : (uint64_t)v; break; }
	case CMAP_VALUETYPE_INT64: { int64_t v; memcpy(&v, raw, 8); *num = v < 0 ? 0 : (uint64_t)v; break; }
	case CMAP_VALUETYPE_STRING:
		if (sbuf) {
			size_t c = len < sn ? len : sn - 1;

			memcpy(sbuf, raw, c);
			sbuf[c] = '\0';
		}
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

#define MEMBER(m) offsetof(struct sg_resource_state, m), sizeof(((struct sg_resource_state *)0)->m)
#define NO_MEMBER 0, 0

/* Every samguard leaf: what it holds, whether a summary scan reads it
 * (list and health show no name, child, instance, interval, failure time,
 * quorum policy, status, stop timeout or containment; SAM's poll_period
 * stands in for health_interval), and where struct sg_resource_state
 * keeps it. */
const struct sg_leaf sg_leaves[SG_LEAF_COUNT] = {
	{ SG_KEY_NAME, SG_LEAF_STR, 0, MEMBER(name) },
	{ SG_KEY_STATE, SG_LEAF_STR, SG_LEAF_SUMMARY, MEMBER(state) },
	{ SG_KEY_SUPERVISOR_PID, SG_LEAF_U32, SG_LEAF_SUMMARY, MEMBER(supervisor_pid) },
	{ SG_KEY_SUPERVISOR_START, SG_LEAF_U64, SG_LEAF_SUMMARY, MEMBER(supervisor_start) },
	{ SG_KEY_CHILD_PID, SG_LEAF_U32, 0, MEMBER(child_pid) },
	{ SG_KEY_DAEMON_PID, SG_LEAF_U32, SG_LEAF_SUMMARY, MEMBER(daemon_pid) },
	{ SG_KEY_DAEMON_START, SG_LEAF_U64, SG_LEAF_SUMMARY, MEMBER(daemon_start) },
	{ SG_KEY_INSTANCE, SG_LEAF_U32, 0, MEMBER(instance) },
	{ SG_KEY_RESTARTS, SG_LEAF_U32, SG_LEAF_SUMMARY, MEMBER(restarts) },
	{ SG_KEY_HISTORY, SG_LEAF_HIST, SG_LEAF_SUMMARY, MEMBER(history) },
	{ SG_KEY_LAST_FAILURE, SG_LEAF_STR, SG_LEAF_SUMMARY, MEMBER(last_failure) },
	{ SG_KEY_LAST_FAILURE_TIME, SG_LEAF_U64, 0, MEMBER(last_failure_time) },
	{ SG_KEY_HEALTH, SG_LEAF_STR, SG_LEAF_SUMMARY, MEMBER(health) },
	{ SG_KEY_INTERVAL, SG_LEAF_U32, 0, MEMBER(interval_ms) },
	{ SG_KEY_MAX_RESTARTS, SG_LEAF_U32, SG_LEAF_SUMMARY, MEMBER(max_restarts) },
	{ SG_KEY_RESTART_WINDOW, SG_LEAF_U32, SG_LEAF_SUMMARY, MEMBER(restart_window_s) },
	{ SG_KEY_QUORUM, SG_LEAF_STR, 0, MEMBER(quorum) },
	{ SG_KEY_STATUS, SG_LEAF_STR, 0, MEMBER(status) },
	{ SG_KEY_STOP_TIMEOUT, SG_LEAF_U32, 0, NO_MEMBER },
	{ SG_KEY_CONTAINMENT, SG_LEAF_STR, 0, NO_MEMBER },
	{ SG_KEY_RESTART_DELAY, SG_LEAF_U32, 0, MEMBER(restart_delay_ms) },
	{ SG_KEY_FAILURE_RECORD, SG_LEAF_STR, 0, MEMBER(failure_record) },
	{ SG_KEY_FAILURE_SUMMARY, SG_LEAF_STR, 0, MEMBER(failure_summary) },
};

const char *const sg_sam_leaves[SG_SAM_LEAF_COUNT] = {
	[SG_SAM_LEAF_STATE] = SG_SAM_KEY_STATE,
	[SG_SAM_LEAF_RECOVERY] = SG_SAM_KEY_RECOVERY,
	[SG_SAM_LEAF_POLL_PERIOD] = SG_SAM_KEY_POLL_PERIOD,
	[SG_SAM_LEAF_LAST_UPDATED] = SG_SAM_KEY_LAST_UPDATED,
};

int sg_sam_leaf_index(const char *name)
{
	for (int i = 0; i < SG_SAM_LEAF_COUNT; i++)
		if (!strcmp(name, sg_sam_leaves[i]))
			return i;
	return -1;
}

int sg_leaf_index(const char *name)
{
	for (int i = 0; i < SG_LEAF_COUNT; i++)
		if (!strcmp(name, sg_leaves[i].name))
			return i;
	return -1;
}

int sg_resource_state_apply(struct sg_resource_state *st, const char *leaf, const char *value)
{
	int i = sg_leaf_index(leaf);

	if (i >= 0 && sg_leaves[i].size) {
		const struct sg_leaf *f = &sg_leaves[i];
		char *p = (char *)st + f->off;
		uint64_t v;

		switch (f->type) {
		case SG_LEAF_STR:
			sg_strlcpy(p, value, f->size);
			for (; *p; p++)
				if (*p == '\n' || *p == '\r')
					*p = ' ';
			break;
		case SG_LEAF_U32:
			if (sg_parse_u64(value, 0, UINT32_MAX, &v) != 0)
				return -EINVAL;
			*(uint32_t *)(void *)p = (uint32_t)v;
			break;
		case SG_LEAF_U64:
			if (sg_parse_u64(value, 0, UINT64_MAX, &v) != 0)
				return -EINVAL;
			memcpy(p, &v, sizeof(v));
			break;
		case SG_LEAF_HIST:
			st->history_len = sg_history_parse(value, st->history, SG_HISTORY_MAX);
			break;
		}
		st->found = 1;
		return 0;
	}
	return -ENOENT;
}

size_t sg_resource_state_format(const struct sg_resource_state *st, char *buf, size_t n)
{
	size_t o = 0;

	if (n == 0)
		return 0;
	buf[0] = '\0';
	for (size_t i = 0; i < SG_LEAF_COUNT && o < n; i++) {
		const struct sg_leaf *f = &sg_leaves[i];
		const char *p = (const char *)st + f->off;
		char hist[SG_HISTORY_MAX * 21];
		uint64_t v64;
		int w = 0;

		if (f->size == 0)
			continue;
		switch (f->type) {
		case SG_LEAF_STR:
			w = snprintf(buf + o, n - o, "%s=%s\n", f->name, p);
			break;
		case SG_LEAF_U32:
			w = snprintf(buf + o, n - o, "%s=%" PRIu32 "\n", f->name, *(const uint32_t *)(const void *)p);
			break;
		case SG_LEAF_U64:
			memcpy(&v64, p, sizeof(v64));
			w = snprintf(buf + o, n - o, "%s=%" PRIu64 "\n", f->name, v64);
			break;
		case SG_LEAF_HIST:
			sg_history_format(st->history, st->history_len, hist, sizeof(hist));
			w = snprintf(buf + o, n - o, "%s=%s\n", f->name, hist);
			break;
		}
		if (w < 0 || (size_t)w >= n - o) {
			buf[o] = '\0';
			break;
		}
		o += (size_t)w;
	}
	return o;
}

int sg_cmap_resource_read(cmap_handle_t h, const char *enc, struct sg_resource_state *st)
{
	char prefix[CMAP_KEYNAME_MAXLEN + 1], key[CMAP_KEYNAME_MAXLEN + 1], sval[1024];
	cmap_iter_handle_t it;
	size_t plen, vlen;
	cmap_value_types_t type;
	cs_error_t err;

	char state[sizeof(sval)] = "";
	uint64_t snum;
	int have_state;

	memset(st, 0, sizeof(*st));
	if ((size_t)snprintf(prefix, sizeof(prefix), SG_CMAP_PREFIX "%s.", enc) >= sizeof(prefix))
		return -ENAMETOOLONG;
	plen = strlen(prefix);
	/* The state first: the supervisor writes what explains a state (the
	 * failure, the history) before the state itself, so whatever is read
	 * after the state is at least as new. Read in key order instead,
	 * last_failure came before state: a monitor saw a give-up with the
	 * previous failure's reason (CI). */
	if ((size_t)snprintf(key, sizeof(key), "%s%s", prefix, SG_KEY_STATE) >= sizeof(key))
		return -ENAMETOOLONG;
	have_state = get_any(h, key, &snum, state, sizeof(state)) == 0;
	err = sg_kv_iter_init(h, prefix, &it);
	if (err != CS_OK)
		return sg_cs_errno(err);
	if (have_state)
		sg_resource_state_apply(st, SG_KEY_STATE, state);
	while ((err = sg_kv_iter_next(h, it, key, &vlen, &type)) == CS_OK) {
		uint64_t num = 0;

		if (have_state && !strcmp(key + plen, SG_KEY_STATE))
			continue;
		sval[0] = '\0';
		if (get_any(h, key, &num, sval, sizeof(sval)) != 0)
			continue;
		if (type != CMAP_VALUETYPE_STRING)
			snprintf(sval, sizeof(sval), "%" PRIu64, num);
		sg_resource_state_apply(st, key + plen, sval);
	}
	sg_kv_iter_finalize(h, it);
	return 0;
}

int sg_cmap_resource_delete(cmap_handle_t h, const char *enc)
{
	char prefix[CMAP_KEYNAME_MAXLEN + 1];

	if ((size_t)snprintf(prefix, sizeof(prefix), SG_CMAP_PREFIX "%s.", enc) >= sizeof(prefix))
		return -ENAMETOOLONG;
	return sg_cmap_delete_prefix(h, prefix);
}

int sg_sam_state_apply(struct sg_sam_state *st, const char *leaf, const char *value)
{
	uint64_t v;

	switch (sg_sam_leaf_index(leaf)) {
	case SG_SAM_LEAF_STATE:
		sg_strlcpy(st->state, value, sizeof(st->state));
		break;
	case SG_SAM_LEAF_RECOVERY:
		sg_strlcpy(st->recovery, value, sizeof(st->recovery));
		break;
	case SG_SAM_LEAF_POLL_PERIOD:
		if (sg_parse_u64(value, 0, UINT64_MAX, &v) != 0)
			return -EINVAL;
		st->poll_period_ms = v;
		break;
	case SG_SAM_LEAF_LAST_UPDATED:
		if (sg_parse_u64(value, 0, UINT64_MAX, &v) != 0)
			return -EINVAL;
		st->has_last_updated = 1;
		st->last_updated_ns = v;
		break;
	default:
		return -ENOENT;
	}
	st->found = 1;
	return 0;
}

/* Fixed-size integers of each cmap type, widened. Returns 0 or -EINVAL
 * when len is short or the type is not an integer. */
static int int_value(const unsigned char *p, size_t len, cmap_value_types_t type, uint64_t *u, int64_t *s,
		     int *is_signed)
{
	static const struct {
		cmap_value_types_t type;
		size_t size;
		int is_signed;
	} ints[] = {
		{ CMAP_VALUETYPE_INT8, 1, 1 }, { CMAP_VALUETYPE_UINT8, 1, 0 }, { CMAP_VALUETYPE_INT16, 2, 1 },
		{ CMAP_VALUETYPE_UINT16, 2, 0 }, { CMAP_VALUETYPE_INT32, 4, 1 }, { CMAP_VALUETYPE_UINT32, 4, 0 },
		{ CMAP_VALUETYPE_INT64, 8, 1 }, { CMAP_VALUETYPE_UINT64, 8, 0 },
	};

	for (size_t i = 0; i < SG_ARRAY_SIZE(ints); i++) {
		if (ints[i].type != type)
			continue;
		if (len < ints[i].size)
			return -EINVAL;
		*is_signed = ints[i].is_signed;
		switch (ints[i].size) {
		case 1: { int8_t v8; memcpy(&v8, p, 1); *s = v8; *u = p[0]; break; }
		case 2: { int16_t v; uint16_t w; memcpy(&v, p, 2); memcpy(&w, p, 2); *s = v; *u = w; break; }
		case 4: { int32_t v; uint32_t w; memcpy(&v, p, 4); memcpy(&w, p, 4); *s = v; *u = w; break; }
		default: memcpy(s, p, 8); memcpy(u, p, 8); break;
		}
		return 0;
	}
	return -EINVAL;
}

int sg_cmap_value_text(const void *raw, size_t len, cmap_value_types_t type, char *buf, size_t n)
{
	const unsigned char *p = raw;
	uint64_t u = 0;
	int64_t s = 0;
	int w, is_signed = 0;

	if (n == 0)
		return -E2BIG;
	buf[0] = '\0';
	if (type == CMAP_VALUETYPE_STRING) {
		size_t c = 0;

		while (c < len && p[c])
			c++;
		if (c >= n) {
			memcpy(buf, p, n - 1);
			buf[n - 1] = '\0';
			return -E2BIG;
		}
		memcpy(buf, p, c);
		buf[c] = '\0';
		return 0;
	}
	if (int_value(p, len, type, &u, &s, &is_signed) != 0)
		return -EINVAL;
	if (is_signed)
		u = s < 0 ? 0 : (uint64_t)s;
	w = snprintf(buf, n, "%" PRIu64, u);
	return (w < 0 || (size_t)w >= n) ? -E2BIG : 0;
}

int sg_cmap_sam_read(cmap_handle_t h, uint32_t pid, struct sg_sam_state *st)
{
	char key[CMAP_KEYNAME_MAXLEN + 1];
	uint64_t num;
	int rc;

	memset(st, 0, sizeof(*st));
	snprintf(key, sizeof(key), SG_SAM_PREFIX "%" PRIu32 ".%s", pid, SG_SAM_KEY_STATE);
	rc = get_any(h, key, &num, st->state, sizeof(st->state));
	if (rc == -ENOENT)
		return 0;
	if (rc < 0)
		return rc;
	st->found = 1;
	snprintf(key, sizeof(key), SG_SAM_PREFIX "%" PRIu32 ".%s", pid, SG_SAM_KEY_RECOVERY);
	get_any(h, key, &num, st->recovery, sizeof(st->recovery));
	snprintf(key, sizeof(key), SG_SAM_PREFIX "%" PRIu32 ".%s", pid, SG_SAM_KEY_POLL_PERIOD);
	if (get_any(h, key, &num, NULL, 0) == 0)
		st->poll_period_ms = num;
	snprintf(key, sizeof(key), SG_SAM_PREFIX "%" PRIu32 ".%s", pid, SG_SAM_KEY_LAST_UPDATED);
	if (get_any(h, key, &num, NULL, 0) == 0) {
		st->has_last_updated = 1;
		st->last_updated_ns = num;
	}
	return 0;
}

int sg_cmap_sam_delete(cmap_handle_t h, uint32_t pid)
{
	char prefix[64];

	snprintf(prefix, sizeof(prefix), SG_SAM_PREFIX "%" PRIu32 ".", pid);
	return sg_cmap_delete_prefix(h, prefix);
}

void sg_history_format(const uint64_t *h, unsigned int len, char *buf, size_t n)
{
	size_t o = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < len && o < n; i++) {
		int w = snprintf(buf + o, n - o, i ? " %" PRIu64 : "%" PRIu64, h[i]);

		if (w < 0 || (size_t)w >= n - o) {
			buf[o] = '\0';
			break;
		}
		o += (size_t)w;
	}
}

unsigned int sg_history_parse(const char *s, uint64_t *h, unsigned int max)
{
	unsigned int len = 0;

	while (s && *s && len < max) {
		char *end;
		unsigned long long v;

		while (*s == ' ')
			s++;
		if (*s < '0' || *s > '9')
			break;
		errno = 0;
		v = strtoull(s, &end, 10);
		if (errno || end == s)
			break;
		h[len++] = v;
		s = end;
	}
	return len;
}

unsigned int sg_history_count_recent(const uint64_t *h, unsigned int len, uint64_t now_ms,
				     uint32_t window_s)
{
	uint64_t window_ms = (uint64_t)window_s * 1000ULL;
	unsigned int n = 0;

	for (unsigned int i = 0; i < len; i++)
		if (h[i] <= now_ms && now_ms - h[i] < window_ms)
			n++;
	return n;
}
