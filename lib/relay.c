/* SPDX-License-Identifier: GPL-2.0-or-later */
/* relay.c - the publisher's messages: encoding, decoding, what a client
 * may name (relay.h). Pure: no I/O. */
#include "relay.h"

#include "cmapstate.h"
#include "kvlocal.h"

#include <errno.h>
#include <string.h>

/* the wire header; 32 bytes, no padding */
struct relay_hdr {
	uint32_t code;
	uint32_t type;
	uint64_t iter;
	uint64_t value_len;
	uint16_t keylen;
	uint16_t reserved;
	uint32_t vlen;
};

_Static_assert(sizeof(struct relay_hdr) == SG_RELAY_HDR, "relay header is 32 bytes");

ssize_t sg_relay_encode(const struct sg_relay_msg *m, void *buf, size_t n)
{
	struct relay_hdr h = {
		.code = m->code,
		.type = m->type,
		.iter = m->iter,
		.value_len = m->value_len,
		.keylen = (uint16_t)m->keylen,
		.vlen = (uint32_t)m->vlen,
	};
	char *p = buf;

	if (m->keylen > CMAP_KEYNAME_MAXLEN || m->vlen > SG_RELAY_VALUE_MAX || memchr(m->key, '\0', m->keylen) ||
	    (m->vlen && m->value == NULL))
		return -EINVAL;
	if (n < SG_RELAY_HDR + m->keylen + m->vlen)
		return -ENOBUFS;
	memcpy(p, &h, sizeof(h));
	memcpy(p + SG_RELAY_HDR, m->key, m->keylen);
	if (m->vlen)
		memcpy(p + SG_RELAY_HDR + m->keylen, m->value, m->vlen);
	return (ssize_t)(SG_RELAY_HDR + m->keylen + m->vlen);
}

int sg_relay_decode(const void *buf, size_t len, struct sg_relay_msg *m)
{
	const char *p = buf;
	struct relay_hdr h;

	if (len < SG_RELAY_HDR)
		return -EBADMSG;
	memcpy(&h, p, sizeof(h));
	if (h.reserved != 0 || h.keylen > CMAP_KEYNAME_MAXLEN || h.vlen > SG_RELAY_VALUE_MAX ||
	    len != SG_RELAY_HDR + (size_t)h.keylen + h.vlen || memchr(p + SG_RELAY_HDR, '\0', h.keylen))
		return -EBADMSG;
	memset(m, 0, sizeof(*m));
	m->code = h.code;
	m->type = h.type;
	m->iter = h.iter;
	m->value_len = h.value_len;
	m->keylen = h.keylen;
	memcpy(m->key, p + SG_RELAY_HDR, h.keylen);
	m->key[h.keylen] = '\0';
	m->vlen = h.vlen;
	m->value = h.vlen ? p + SG_RELAY_HDR + h.keylen : NULL;
	return 0;
}

int sg_relay_key_allowed(const char *key)
{
	static const char *const prefixes[] = { "samguard.", SG_SAM_PREFIX };

	if (!sg_kvl_key_valid(key))
		return 0;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strncmp(key, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	return 0;
}

int sg_relay_value_valid(uint32_t type, const void *value, size_t vlen)
{
	switch (type) {
	case CMAP_VALUETYPE_INT8: case CMAP_VALUETYPE_UINT8:
		return vlen == 1;
	case CMAP_VALUETYPE_INT16: case CMAP_VALUETYPE_UINT16:
		return vlen == 2;
	case CMAP_VALUETYPE_INT32: case CMAP_VALUETYPE_UINT32: case CMAP_VALUETYPE_FLOAT:
		return vlen == 4;
	case CMAP_VALUETYPE_INT64: case CMAP_VALUETYPE_UINT64: case CMAP_VALUETYPE_DOUBLE:
		return vlen == 8;
	case CMAP_VALUETYPE_STRING:
		return vlen >= 1 && ((const char *)value)[vlen - 1] == '\0' && memchr(value, '\0', vlen) == (const char *)value + vlen - 1;
	case CMAP_VALUETYPE_BINARY:
		return 1;
	default:
		return 0;
	}
}
