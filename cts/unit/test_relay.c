/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_relay.c - unit tests for lib/relay.c, the messages between the
 * supervisors and samguard-publisher (relay.h): every field of a request
 * and an answer survives encode then decode, the wire header is the
 * documented 32 bytes, what encode and decode refuse, which keys a client
 * may name and which values a SET may carry. Pure: no socket, no cmap.
 *
 * Decoding reads from malloc'ed copies of exactly the message's length,
 * so that valgrind (make check) sees any read past the end.
 *
 * Built by the Makefile against libsamguard (relay.c's key check is
 * kvlocal.c's, which pulls in the rest).
 */
#include "sg_test.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "relay.h"

/* where relay.c's header puts each field (native byte order) */
#define OFF_CODE 0
#define OFF_TYPE 4
#define OFF_ITER 8
#define OFF_VALUE_LEN 16
#define OFF_KEYLEN 24
#define OFF_RESERVED 26
#define OFF_VLEN 28

static unsigned char wire[SG_RELAY_MSG_MAX + 16];

/* A request or answer with key (a C string, or NULL: none) and vlen bytes of value. */
static struct sg_relay_msg msg(uint32_t code, uint32_t type, const char *key, const void *value, size_t vlen)
{
	struct sg_relay_msg m;

	memset(&m, 0, sizeof(m));
	m.code = code;
	m.type = type;
	if (key != NULL) {
		m.keylen = strlen(key);
		assert_true(m.keylen <= CMAP_KEYNAME_MAXLEN);
		memcpy(m.key, key, m.keylen + 1);
	}
	m.value = value;
	m.vlen = vlen;
	return m;
}

/* Decode a malloc'ed copy of exactly len bytes of buf (valgrind sees any
 * read past it); the copy is *copy (free it), m->value points into it. */
static int decode_copy(const void *buf, size_t len, struct sg_relay_msg *m, unsigned char **copy)
{
	unsigned char *c = malloc(len ? len : 1);
	int rc;

	assert_non_null(c);
	memcpy(c, buf, len);
	memset(m, 0xa5, sizeof(*m));    /* nothing of before survives */
	rc = sg_relay_decode(c, len, m);
	if (copy != NULL)
		*copy = c;
	else
		free(c);
	return rc;
}

/* Encode in, decode it again and check every field; the decoded message
 * is *out and its buffer *copy (free it). Returns the encoded length. */
static size_t round_trip(const struct sg_relay_msg *in, struct sg_relay_msg *out, unsigned char **copy)
{
	ssize_t n;

	memset(wire, 0x5a, sizeof(wire));
	n = sg_relay_encode(in, wire, sizeof(wire));
	if (n < 0)
		fail_msg("encode failed: %zd", n);
	assert_int_equal((size_t)n, SG_RELAY_HDR + in->keylen + in->vlen);
	/* nothing written past the message */
	for (size_t i = (size_t)n; i < sizeof(wire); i++)
		if (wire[i] != 0x5a)
			fail_msg("encode wrote byte %zu of a %zd-byte message", i, n);
	assert_int_equal(decode_copy(wire, (size_t)n, out, copy), 0);
	assert_int_equal(out->code, in->code);
	assert_int_equal(out->type, in->type);
	assert_true(out->iter == in->iter);
	assert_true(out->value_len == in->value_len);
	assert_int_equal(out->keylen, in->keylen);
	assert_memory_equal(out->key, in->key, in->keylen);
	assert_int_equal(out->key[out->keylen], '\0');
	assert_int_equal(strlen(out->key), out->keylen);
	assert_int_equal(out->vlen, in->vlen);
	if (in->vlen) {
		/* the value is read in place, right after the key */
		assert_ptr_equal(out->value, *copy + SG_RELAY_HDR + in->keylen);
		assert_memory_equal(out->value, in->value, in->vlen);
	} else {
		assert_null(out->value);
	}
	return (size_t)n;
}

static void test_set_string_round_trip(void **state)
{
	static const char value[] = "running";
	struct sg_relay_msg in = msg(SG_RELAY_SET, CMAP_VALUETYPE_STRING, "samguard.resource.web.state", value,
				     sizeof(value));
	struct sg_relay_msg out;
	unsigned char *copy;

	(void)state;
	assert_int_equal(round_trip(&in, &out, &copy), SG_RELAY_HDR + 27 + 8);
	/* the key ends where the value starts: terminated, not run on */
	assert_string_equal(out.key, "samguard.resource.web.state");
	assert_string_equal((const char *)out.value, "running");
	assert_true(sg_relay_value_valid(out.type, out.value, out.vlen));
	free(copy);
}

static void test_set_uint64_round_trip(void **state)
{
	uint64_t v = (1ULL << 40) | 0x0123456789ULL, got;
	struct sg_relay_msg in = msg(SG_RELAY_SET, CMAP_VALUETYPE_UINT64, "resources.process.12.last_updated", &v,
				     sizeof(v));
	struct sg_relay_msg out;
	unsigned char *copy;

	(void)state;
	round_trip(&in, &out, &copy);
	assert_int_equal(out.type, CMAP_VALUETYPE_UINT64);
	assert_int_equal(out.vlen, 8);
	memcpy(&got, out.value, sizeof(got));
	assert_true(got == v);
	assert_true(sg_relay_value_valid(out.type, out.value, out.vlen));
	free(copy);
}

static void test_key_only_requests_round_trip(void **state)
{
	static const uint32_t ops[] = { SG_RELAY_GET, SG_RELAY_DELETE, SG_RELAY_ITER_INIT };
	struct sg_relay_msg in, out;
	unsigned char *copy;

	(void)state;
	for (size_t i = 0; i < SG_ARRAY_SIZE(ops); i++) {
		in = msg(ops[i], 0, ops[i] == SG_RELAY_ITER_INIT ? "samguard.resource." : "samguard.resource.db.pid",
			 NULL, 0);
		assert_int_equal(round_trip(&in, &out, &copy), SG_RELAY_HDR + in.keylen);
		assert_null(out.value);
		assert_int_equal(out.vlen, 0);
		free(copy);
	}
}

static void test_header_only_messages_round_trip(void **state)
{
	struct sg_relay_msg in, out;
	unsigned char *copy;

	(void)state;
	/* HELLO: nothing but the header */
	in = msg(SG_RELAY_HELLO, 0, NULL, NULL, 0);
	assert_int_equal(round_trip(&in, &out, &copy), SG_RELAY_HDR);
	assert_string_equal(out.key, "");
	free(copy);
	/* ITER_NEXT and ITER_FINALIZE name their iteration, all 64 bits */
	in = msg(SG_RELAY_ITER_NEXT, 0, NULL, NULL, 0);
	in.iter = 0xfedcba9876543210ULL;
	assert_int_equal(round_trip(&in, &out, &copy), SG_RELAY_HDR);
	assert_true(out.iter == 0xfedcba9876543210ULL);
	free(copy);
	in.code = SG_RELAY_ITER_FINALIZE;
	round_trip(&in, &out, &copy);
	free(copy);
	/* ITER_INIT's answer: the code and the iteration */
	in = msg(CS_OK, 0, NULL, NULL, 0);
	in.iter = 0x8000000000000001ULL;
	round_trip(&in, &out, &copy);
	assert_int_equal(out.code, CS_OK);
	free(copy);
	/* a failure answer: any cs_error_t */
	in = msg(CS_ERR_ACCESS, 0, NULL, NULL, 0);
	round_trip(&in, &out, &copy);
	assert_int_equal(out.code, CS_ERR_ACCESS);
	free(copy);
}

static void test_answers_round_trip(void **state)
{
	uint32_t v32 = 0xdeadbeef;
	struct sg_relay_msg in, out;
	unsigned char *copy;

	(void)state;
	/* ITER_NEXT's answer: key, type and the value's length, no value */
	in = msg(CS_OK, CMAP_VALUETYPE_BINARY, "resources.process.4242.recovery", NULL, 0);
	in.value_len = (1ULL << 33) + 7;    /* all 64 bits carried */
	in.iter = 3;
	round_trip(&in, &out, &copy);
	assert_true(out.value_len == (1ULL << 33) + 7);
	assert_int_equal(out.type, CMAP_VALUETYPE_BINARY);
	assert_string_equal(out.key, "resources.process.4242.recovery");
	assert_null(out.value);
	free(copy);
	/* GET's answer: type and value, no key */
	in = msg(CS_OK, CMAP_VALUETYPE_UINT32, NULL, &v32, sizeof(v32));
	assert_int_equal(round_trip(&in, &out, &copy), SG_RELAY_HDR + 4);
	assert_int_equal(out.keylen, 0);
	assert_string_equal(out.key, "");
	assert_ptr_equal(out.value, copy + SG_RELAY_HDR);
	free(copy);
}

static void test_maximal_message_round_trip(void **state)
{
	unsigned char *value = malloc(SG_RELAY_VALUE_MAX);
	char key[CMAP_KEYNAME_MAXLEN + 1];
	struct sg_relay_msg in, out;
	unsigned char *copy;

	(void)state;
	assert_non_null(value);
	for (size_t i = 0; i < SG_RELAY_VALUE_MAX; i++)
		value[i] = (unsigned char)(i * 7 + 1);
	value[100] = '\0';                  /* a binary value may hold NULs */
	memset(key, 'k', CMAP_KEYNAME_MAXLEN);
	key[CMAP_KEYNAME_MAXLEN] = '\0';
	in = msg(SG_RELAY_SET, CMAP_VALUETYPE_BINARY, key, value, SG_RELAY_VALUE_MAX);
	assert_int_equal(round_trip(&in, &out, &copy), SG_RELAY_MSG_MAX);
	free(copy);
	/* it fits a buffer of exactly SG_RELAY_MSG_MAX */
	assert_int_equal(sg_relay_encode(&in, wire, SG_RELAY_MSG_MAX), SG_RELAY_MSG_MAX);
	assert_int_equal(sg_relay_encode(&in, wire, SG_RELAY_MSG_MAX - 1), -ENOBUFS);
	free(value);
}

static void test_wire_header_layout(void **state)
{
	static const char value[] = "on";
	struct sg_relay_msg in = msg(0x01020304, 0x0a0b0c0d, "samguard.x", value, sizeof(value));
	uint32_t u32;
	uint64_t u64;
	uint16_t u16;

	(void)state;
	in.iter = 0x1122334455667788ULL;
	in.value_len = 0x99aabbccddeeff00ULL;
	memset(wire, 0xff, sizeof(wire));
	assert_int_equal(sg_relay_encode(&in, wire, sizeof(wire)), SG_RELAY_HDR + 10 + 3);
	memcpy(&u32, wire + OFF_CODE, 4);
	assert_int_equal(u32, 0x01020304);
	memcpy(&u32, wire + OFF_TYPE, 4);
	assert_int_equal(u32, 0x0a0b0c0d);
	memcpy(&u64, wire + OFF_ITER, 8);
	assert_true(u64 == 0x1122334455667788ULL);
	memcpy(&u64, wire + OFF_VALUE_LEN, 8);
	assert_true(u64 == 0x99aabbccddeeff00ULL);
	memcpy(&u16, wire + OFF_KEYLEN, 2);
	assert_int_equal(u16, 10);
	memcpy(&u16, wire + OFF_RESERVED, 2);
	assert_int_equal(u16, 0);
	memcpy(&u32, wire + OFF_VLEN, 4);
	assert_int_equal(u32, 3);
	assert_memory_equal(wire + SG_RELAY_HDR, "samguard.x", 10);
	assert_memory_equal(wire + SG_RELAY_HDR + 10, "on", 3);
}

static void test_encode_refuses_what_cannot_be_sent(void **state)
{
	static const char value[] = "v";
	char key[CMAP_KEYNAME_MAXLEN + 2];
	struct sg_relay_msg m;
	unsigned char *big = calloc(1, SG_RELAY_VALUE_MAX + 1);

	(void)state;
	assert_non_null(big);
	/* a key one byte too long */
	memset(key, 'a', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	m = msg(SG_RELAY_GET, 0, NULL, NULL, 0);
	memcpy(m.key, key, CMAP_KEYNAME_MAXLEN + 1);    /* the whole array, no NUL in it */
	m.keylen = CMAP_KEYNAME_MAXLEN + 1;
	assert_int_equal(sg_relay_encode(&m, wire, sizeof(wire)), -EINVAL);
	m.keylen = CMAP_KEYNAME_MAXLEN;
	assert_int_equal(sg_relay_encode(&m, wire, sizeof(wire)), SG_RELAY_HDR + CMAP_KEYNAME_MAXLEN);
	/* a value one byte too long, and one whose 32-bit length would wrap */
	m = msg(SG_RELAY_SET, CMAP_VALUETYPE_BINARY, "samguard.x", big, SG_RELAY_VALUE_MAX + 1);
	assert_int_equal(sg_relay_encode(&m, wire, sizeof(wire)), -EINVAL);
	m.vlen = (size_t)UINT32_MAX + 1;
	assert_int_equal(sg_relay_encode(&m, wire, sizeof(wire)), -EINVAL);
	m.vlen = SG_RELAY_VALUE_MAX;
	assert_int_equal(sg_relay_encode(&m, wire, sizeof(wire)), SG_RELAY_HDR + 10 + SG_RELAY_VALUE_MAX);
	/* a NUL inside the key, first, in the middle, last */
	m = msg(SG_RELAY_SET, CMAP_VALUETYPE_STRING, "samguard.x.y", value, sizeof(value));
	m.key[8] = '\0';
	assert_int_equal(sg_relay_encode(&m, wire, sizeof(wire)), -EINVAL);
	m = msg(SG_RELAY_GET, 0, "samguard.x.y", NULL, 0);
	m.key[0] = '\0';
	assert_int_equal(sg_relay_encode(&m, wire, sizeof(wire)), -EINVAL);
	m = msg(SG_RELAY_GET, 0, "samguard.x.y", NULL, 0);
	m.key[m.keylen - 1] = '\0';
	assert_int_equal(sg_relay_encode(&m, wire, sizeof(wire)), -EINVAL);
	/* a value length without a value */
	m = msg(SG_RELAY_SET, CMAP_VALUETYPE_UINT32, "samguard.x", NULL, 4);
	assert_int_equal(sg_relay_encode(&m, wire, sizeof(wire)), -EINVAL);
	free(big);
}

static void test_encode_refuses_a_short_buffer_and_writes_nothing(void **state)
{
	static const char value[] = "running";
	struct sg_relay_msg m = msg(SG_RELAY_SET, CMAP_VALUETYPE_STRING, "samguard.resource.web.state", value,
				    sizeof(value));
	size_t need = SG_RELAY_HDR + m.keylen + m.vlen;
	static const size_t shorts[] = { 0, 1, SG_RELAY_HDR - 1, SG_RELAY_HDR, SG_RELAY_HDR + 27, SG_RELAY_HDR + 34 };
	struct sg_relay_msg hello = msg(SG_RELAY_HELLO, 0, NULL, NULL, 0);

	(void)state;
	for (size_t i = 0; i < SG_ARRAY_SIZE(shorts); i++) {
		assert_true(shorts[i] < need);
		memset(wire, 0x5a, sizeof(wire));
		assert_int_equal(sg_relay_encode(&m, wire, shorts[i]), -ENOBUFS);
		for (size_t j = 0; j < sizeof(wire); j++)
			if (wire[j] != 0x5a)
				fail_msg("a refused encode into %zu bytes wrote byte %zu", shorts[i], j);
	}
	assert_int_equal(sg_relay_encode(&m, wire, need), (ssize_t)need);
	assert_int_equal(sg_relay_encode(&hello, wire, SG_RELAY_HDR - 1), -ENOBUFS);
	assert_int_equal(sg_relay_encode(&hello, wire, SG_RELAY_HDR), SG_RELAY_HDR);
	/* a NULL buffer of no size is only short */
	assert_int_equal(sg_relay_encode(&hello, NULL, 0), -ENOBUFS);
}

/* A valid SET (keylen 10, vlen 3) in wire; returns its length. */
static size_t valid_set(void)
{
	static const char value[] = "on";
	struct sg_relay_msg m = msg(SG_RELAY_SET, CMAP_VALUETYPE_STRING, "samguard.x", value, sizeof(value));
	ssize_t n = sg_relay_encode(&m, wire, sizeof(wire));

	assert_int_equal(n, SG_RELAY_HDR + 13);
	return (size_t)n;
}

static void put16(size_t off, uint16_t v)
{
	memcpy(wire + off, &v, sizeof(v));
}

static void put32(size_t off, uint32_t v)
{
	memcpy(wire + off, &v, sizeof(v));
}

static void test_decode_refuses_a_short_or_ill_sized_message(void **state)
{
	struct sg_relay_msg m;
	size_t n;

	(void)state;
	n = valid_set();
	assert_int_equal(decode_copy(wire, n, &m, NULL), 0);
	/* shorter than the header (and the header of a message without key or value) */
	for (size_t len = 0; len < SG_RELAY_HDR; len++)
		assert_int_equal(decode_copy(wire, len, &m, NULL), -EBADMSG);
	memset(wire, 0, SG_RELAY_HDR);
	for (size_t len = 0; len < SG_RELAY_HDR; len++)
		assert_int_equal(decode_copy(wire, len, &m, NULL), -EBADMSG);
	assert_int_equal(decode_copy(wire, SG_RELAY_HDR, &m, NULL), 0);
	/* one byte more or less than the header says: not exactly one message */
	n = valid_set();
	wire[n] = 'x';
	assert_int_equal(decode_copy(wire, n + 1, &m, NULL), -EBADMSG);
	assert_int_equal(decode_copy(wire, n - 1, &m, NULL), -EBADMSG);
	assert_int_equal(decode_copy(wire, SG_RELAY_HDR, &m, NULL), -EBADMSG);
	/* the lengths in the header one off the bytes there are */
	put16(OFF_KEYLEN, 11);
	assert_int_equal(decode_copy(wire, n, &m, NULL), -EBADMSG);
	put16(OFF_KEYLEN, 9);
	assert_int_equal(decode_copy(wire, n, &m, NULL), -EBADMSG);
	put16(OFF_KEYLEN, 10);
	put32(OFF_VLEN, 4);
	assert_int_equal(decode_copy(wire, n, &m, NULL), -EBADMSG);
	put32(OFF_VLEN, 2);
	assert_int_equal(decode_copy(wire, n, &m, NULL), -EBADMSG);
	/* a value length far past the bytes there are */
	put32(OFF_VLEN, UINT32_MAX);
	assert_int_equal(decode_copy(wire, n, &m, NULL), -EBADMSG);
	put32(OFF_VLEN, 3);
	assert_int_equal(decode_copy(wire, n, &m, NULL), 0);
}

static void test_decode_refuses_lengths_over_the_limits(void **state)
{
	size_t len = SG_RELAY_HDR + CMAP_KEYNAME_MAXLEN + 1 + SG_RELAY_VALUE_MAX + 1;
	unsigned char *buf = calloc(1, len);
	struct sg_relay_msg m;
	uint16_t u16;
	uint32_t u32;

	(void)state;
	assert_non_null(buf);
	memset(buf + SG_RELAY_HDR, 'k', len - SG_RELAY_HDR);
	/* a key of 256 bytes, the length right */
	u16 = CMAP_KEYNAME_MAXLEN + 1;
	memcpy(buf + OFF_KEYLEN, &u16, 2);
	assert_int_equal(decode_copy(buf, SG_RELAY_HDR + CMAP_KEYNAME_MAXLEN + 1, &m, NULL), -EBADMSG);
	u16 = UINT16_MAX;
	memcpy(buf + OFF_KEYLEN, &u16, 2);
	assert_int_equal(decode_copy(buf, len, &m, NULL), -EBADMSG);
	/* a value of SG_RELAY_VALUE_MAX + 1 bytes, the length right */
	u16 = 0;
	memcpy(buf + OFF_KEYLEN, &u16, 2);
	u32 = SG_RELAY_VALUE_MAX + 1;
	memcpy(buf + OFF_VLEN, &u32, 4);
	assert_int_equal(decode_copy(buf, SG_RELAY_HDR + SG_RELAY_VALUE_MAX + 1, &m, NULL), -EBADMSG);
	/* both at their limits: the largest message there is, accepted */
	u16 = CMAP_KEYNAME_MAXLEN;
	memcpy(buf + OFF_KEYLEN, &u16, 2);
	u32 = SG_RELAY_VALUE_MAX;
	memcpy(buf + OFF_VLEN, &u32, 4);
	assert_int_equal(decode_copy(buf, SG_RELAY_MSG_MAX, &m, NULL), 0);
	assert_int_equal(m.keylen, CMAP_KEYNAME_MAXLEN);
	assert_int_equal(strlen(m.key), CMAP_KEYNAME_MAXLEN);
	assert_int_equal(m.vlen, SG_RELAY_VALUE_MAX);
	assert_int_equal(decode_copy(buf, SG_RELAY_MSG_MAX + 1, &m, NULL), -EBADMSG);
	free(buf);
}

static void test_decode_refuses_a_nul_in_the_key(void **state)
{
	struct sg_relay_msg m;
	size_t n;

	(void)state;
	for (size_t i = 0; i < 10; i++) {
		n = valid_set();
		wire[SG_RELAY_HDR + i] = '\0';
		if (decode_copy(wire, n, &m, NULL) != -EBADMSG)
			fail_msg("a key with a NUL at %zu was decoded", i);
	}
	/* a NUL in the value (the string's own) is the value's business */
	n = valid_set();
	assert_int_equal(wire[n - 1], '\0');
	wire[SG_RELAY_HDR + 10] = '\0';
	assert_int_equal(decode_copy(wire, n, &m, NULL), 0);
}

static void test_decode_refuses_a_reserved_field_set(void **state)
{
	struct sg_relay_msg m;
	size_t n;

	(void)state;
	for (int bit = 0; bit < 16; bit++) {
		n = valid_set();
		put16(OFF_RESERVED, (uint16_t)(1u << bit));
		if (decode_copy(wire, n, &m, NULL) != -EBADMSG)
			fail_msg("reserved 0x%x accepted", 1u << bit);
	}
}

static void test_decoded_message_encodes_to_the_same_bytes(void **state)
{
	static unsigned char again[SG_RELAY_MSG_MAX];
	struct sg_relay_msg m;
	unsigned char *copy;
	size_t n;

	(void)state;
	n = valid_set();
	/* header fields the codec carries whatever they hold */
	put32(OFF_CODE, 0xffffffffu);
	put32(OFF_TYPE, 0x7fffffffu);
	memset(wire + OFF_ITER, 0xee, 16);
	assert_int_equal(decode_copy(wire, n, &m, &copy), 0);
	assert_int_equal(sg_relay_encode(&m, again, sizeof(again)), (ssize_t)n);
	assert_memory_equal(again, copy, n);
	free(copy);
}

static void test_key_allowed(void **state)
{
	static const char *const allowed[] = {
		"samguard.resource.x.state",
		"samguard.resource.web_3a0.last_failure",
		"samguard.resource.",
		"samguard.node.n-1:2",
		"samguard.",
		"resources.process.12.state",
		"resources.process.",
		"resources.process.4242.recovery",
	};
	static const char *const refused[] = {
		"totem.token",
		"quorum.expected_votes",
		"runtime.config.totem.token",
		"nodelist.node.0.ring0_addr",
		"samguard",
		"samguardX.y",
		"Samguard.x",
		"xsamguard.x",
		"resources.processX",
		"resources.process",
		"resources.processes.1.state",
		"resources.",
		"",
		".samguard.x",
		"samguard.a b",
		"samguard.a/b",
		"resources.process.1/../x",
		"samguard.x\n",
		"samguard.x\t",
		"samguard.caf\xc3\xa9",
		"samguard.a$b",
	};
	char key[CMAP_KEYNAME_MAXLEN + 2];

	(void)state;
	for (size_t i = 0; i < SG_ARRAY_SIZE(allowed); i++)
		if (!sg_relay_key_allowed(allowed[i]))
			fail_msg("\"%s\" refused, want allowed", allowed[i]);
	for (size_t i = 0; i < SG_ARRAY_SIZE(refused); i++)
		if (sg_relay_key_allowed(refused[i]))
			fail_msg("\"%s\" allowed, want refused", refused[i]);
	/* 255 characters are a cmap key, 256 are not */
	memset(key, 'a', sizeof(key) - 1);
	memcpy(key, "samguard.", 9);
	key[CMAP_KEYNAME_MAXLEN + 1] = '\0';
	assert_false(sg_relay_key_allowed(key));
	key[CMAP_KEYNAME_MAXLEN] = '\0';
	assert_true(sg_relay_key_allowed(key));
}

static void check_sized(uint32_t type, size_t size)
{
	unsigned char v[16];

	memset(v, 0, sizeof(v));
	for (size_t len = 0; len <= sizeof(v); len++)
		if (sg_relay_value_valid(type, v, len) != (len == size))
			fail_msg("type %u, %zu bytes: %s, want %zu bytes only", type, len,
				 len == size ? "refused" : "accepted", size);
}

/* sg_relay_value_valid on a malloc'ed copy of exactly len bytes */
static int valid_copy(uint32_t type, const char *s, size_t len)
{
	char *c = malloc(len ? len : 1);
	int ok;

	assert_non_null(c);
	memcpy(c, s, len);
	ok = sg_relay_value_valid(type, c, len);
	free(c);
	return ok;
}

static void test_value_valid_numbers_by_size(void **state)
{
	(void)state;
	check_sized(CMAP_VALUETYPE_INT8, 1);
	check_sized(CMAP_VALUETYPE_UINT8, 1);
	check_sized(CMAP_VALUETYPE_INT16, 2);
	check_sized(CMAP_VALUETYPE_UINT16, 2);
	check_sized(CMAP_VALUETYPE_INT32, 4);
	check_sized(CMAP_VALUETYPE_UINT32, 4);
	check_sized(CMAP_VALUETYPE_INT64, 8);
	check_sized(CMAP_VALUETYPE_UINT64, 8);
	check_sized(CMAP_VALUETYPE_FLOAT, sizeof(float));
	check_sized(CMAP_VALUETYPE_DOUBLE, sizeof(double));
}

static void test_value_valid_strings_end_with_their_only_nul(void **state)
{
	(void)state;
	assert_true(valid_copy(CMAP_VALUETYPE_STRING, "running", 8));
	assert_true(valid_copy(CMAP_VALUETYPE_STRING, "x", 2));
	/* sg_kv_set_string(h, key, "") sends one NUL: an empty string is a string */
	assert_true(valid_copy(CMAP_VALUETYPE_STRING, "", 1));
	/* no terminating NUL (what libcmap's own cmap_set_string sends: relay.h
	 * asks for the NUL), or nothing at all */
	assert_false(valid_copy(CMAP_VALUETYPE_STRING, "running", 7));
	assert_false(valid_copy(CMAP_VALUETYPE_STRING, "", 0));
	assert_false(sg_relay_value_valid(CMAP_VALUETYPE_STRING, NULL, 0));
	/* a NUL before the end */
	assert_false(valid_copy(CMAP_VALUETYPE_STRING, "run\0ing", 8));
	assert_false(valid_copy(CMAP_VALUETYPE_STRING, "\0running", 9));
	assert_false(valid_copy(CMAP_VALUETYPE_STRING, "running\0", 9));
	assert_false(valid_copy(CMAP_VALUETYPE_STRING, "\0", 2));
	assert_false(valid_copy(CMAP_VALUETYPE_STRING, "run\0ing", 7));
}

static void test_value_valid_binary_is_anything(void **state)
{
	static const unsigned char bytes[] = { 0, 0xff, 0, 'a', 0 };
	unsigned char *big = calloc(1, SG_RELAY_VALUE_MAX);

	(void)state;
	assert_non_null(big);
	assert_true(sg_relay_value_valid(CMAP_VALUETYPE_BINARY, NULL, 0));
	assert_true(sg_relay_value_valid(CMAP_VALUETYPE_BINARY, bytes, sizeof(bytes)));
	assert_true(sg_relay_value_valid(CMAP_VALUETYPE_BINARY, bytes, 1));
	assert_true(sg_relay_value_valid(CMAP_VALUETYPE_BINARY, big, SG_RELAY_VALUE_MAX));
	free(big);
}

static void test_value_valid_refuses_unknown_types(void **state)
{
	static const uint32_t bad[] = { 0, CMAP_VALUETYPE_BINARY + 1, 99, 0x80000000u, UINT32_MAX };
	static const char value[] = "running";

	(void)state;
	for (size_t i = 0; i < SG_ARRAY_SIZE(bad); i++)
		for (size_t len = 0; len <= sizeof(value); len++)
			if (sg_relay_value_valid(bad[i], value, len))
				fail_msg("type %u with %zu bytes accepted", bad[i], len);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_string_round_trip),
		cmocka_unit_test(test_set_uint64_round_trip),
		cmocka_unit_test(test_key_only_requests_round_trip),
		cmocka_unit_test(test_header_only_messages_round_trip),
		cmocka_unit_test(test_answers_round_trip),
		cmocka_unit_test(test_maximal_message_round_trip),
		cmocka_unit_test(test_wire_header_layout),
		cmocka_unit_test(test_encode_refuses_what_cannot_be_sent),
		cmocka_unit_test(test_encode_refuses_a_short_buffer_and_writes_nothing),
		cmocka_unit_test(test_decode_refuses_a_short_or_ill_sized_message),
		cmocka_unit_test(test_decode_refuses_lengths_over_the_limits),
		cmocka_unit_test(test_decode_refuses_a_nul_in_the_key),
		cmocka_unit_test(test_decode_refuses_a_reserved_field_set),
		cmocka_unit_test(test_decoded_message_encodes_to_the_same_bytes),
		cmocka_unit_test(test_key_allowed),
		cmocka_unit_test(test_value_valid_numbers_by_size),
		cmocka_unit_test(test_value_valid_strings_end_with_their_only_nul),
		cmocka_unit_test(test_value_valid_binary_is_anything),
		cmocka_unit_test(test_value_valid_refuses_unknown_types),
	};

	return sg_run_tests("relay", tests, NULL, NULL);
}
