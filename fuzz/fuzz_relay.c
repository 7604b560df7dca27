/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_relay.c - sg_relay_decode (lib/relay.h): samguard-publisher decodes
 * what any root process on the node sends to its socket, and a supervisor
 * decodes the publisher's answers. Properties: no memory error (the buffer
 * is exactly the input); -EBADMSG or exactly one message whose lengths add
 * up to the input, with a terminated key of keylen bytes and the value in
 * place; encoding it again gives the input byte for byte, and a buffer one
 * byte short is refused untouched; sg_relay_key_allowed and
 * sg_relay_value_valid on what was decoded give the answers relay.h
 * documents (checked against plain restatements here). */
#include "fuzz.h"
#include "relay.h"

#include <errno.h>

/* relay.h: only samguard's and SAM's keys, and only what cmap accepts
 * (kvlocal's alphabet: cmap's without '/') */
static int key_allowed_ref(const char *key)
{
	size_t len = strlen(key);

	if (strncmp(key, "samguard.", 9) != 0 && strncmp(key, "resources.process.", 18) != 0)
		return 0;
	if (len > CMAP_KEYNAME_MAXLEN)
		return 0;
	for (const char *p = key; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		      *p == '_' || *p == ':' || *p == '-'))
			return 0;
	return 1;
}

/* a number's size, a string's one terminating NUL, any binary */
static int value_valid_ref(uint32_t type, const unsigned char *v, size_t vlen)
{
	static const size_t size[] = {
		[CMAP_VALUETYPE_INT8] = 1, [CMAP_VALUETYPE_UINT8] = 1, [CMAP_VALUETYPE_INT16] = 2,
		[CMAP_VALUETYPE_UINT16] = 2, [CMAP_VALUETYPE_INT32] = 4, [CMAP_VALUETYPE_UINT32] = 4,
		[CMAP_VALUETYPE_INT64] = 8, [CMAP_VALUETYPE_UINT64] = 8, [CMAP_VALUETYPE_FLOAT] = 4,
		[CMAP_VALUETYPE_DOUBLE] = 8,
	};

	if (type == CMAP_VALUETYPE_BINARY)
		return 1;
	if (type == CMAP_VALUETYPE_STRING) {
		if (vlen == 0 || v[vlen - 1] != '\0')
			return 0;
		for (size_t i = 0; i + 1 < vlen; i++)
			if (v[i] == '\0')
				return 0;
		return 1;
	}
	return type >= CMAP_VALUETYPE_INT8 && type <= CMAP_VALUETYPE_DOUBLE && vlen == size[type];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char out[SG_RELAY_MSG_MAX];
	struct sg_relay_msg m;
	unsigned char *buf;
	uint16_t reserved;
	ssize_t n;
	int rc;

	if (size > SG_RELAY_MSG_MAX + 16)
		return 0;
	buf = malloc(size ? size : 1);
	if (buf == NULL)
		abort();
	memcpy(buf, data, size);
	rc = sg_relay_decode(buf, size, &m);
	FUZZ_ASSERT(rc == 0 || rc == -EBADMSG);
	if (rc != 0) {
		free(buf);
		return 0;
	}
	/* exactly one well-formed message */
	FUZZ_ASSERT(size >= SG_RELAY_HDR);
	memcpy(&reserved, buf + 26, sizeof(reserved));
	FUZZ_ASSERT(reserved == 0);
	FUZZ_ASSERT(m.keylen <= CMAP_KEYNAME_MAXLEN && m.vlen <= SG_RELAY_VALUE_MAX);
	FUZZ_ASSERT(size == SG_RELAY_HDR + m.keylen + m.vlen && size <= SG_RELAY_MSG_MAX);
	FUZZ_TERMINATED(m.key);
	FUZZ_ASSERT(strlen(m.key) == m.keylen && memcmp(m.key, buf + SG_RELAY_HDR, m.keylen) == 0);
	FUZZ_ASSERT(m.vlen ? m.value == buf + SG_RELAY_HDR + m.keylen : m.value == NULL);
	FUZZ_ASSERT(sg_relay_decode(buf, size - 1, &m) == -EBADMSG);
	FUZZ_ASSERT(sg_relay_decode(buf, size, &m) == 0);

	/* the same bytes again, and nothing written when they do not fit */
	n = sg_relay_encode(&m, out, sizeof(out));
	FUZZ_ASSERT(n == (ssize_t)size && memcmp(out, buf, size) == 0);
	memset(out, 0xa5, size);
	FUZZ_ASSERT(sg_relay_encode(&m, out, size - 1) == -ENOBUFS);
	for (size_t i = 0; i < size; i++)
		FUZZ_ASSERT(out[i] == 0xa5);

	/* what the publisher asks of a request next */
	FUZZ_ASSERT(!!sg_relay_key_allowed(m.key) == key_allowed_ref(m.key));
	FUZZ_ASSERT(!!sg_relay_value_valid(m.type, m.value, m.vlen) == value_valid_ref(m.type, m.value, m.vlen));
	free(buf);
	return 0;
}
