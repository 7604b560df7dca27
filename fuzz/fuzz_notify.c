/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_notify.c - sg_notify_parse (lib/notify.h): every datagram a daemon
 * or a heartbeat-shim client sends to $NOTIFY_SOCKET, and every reply and
 * ping the clients read back, goes through it. Properties: no memory error
 * on any bytes, and the invariants notify.h promises for the fields. */
#include "fuzz.h"
#include "notify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sg_notify_msg m;
	char *buf;

	if (size > SG_NOTIFY_MAX)
		return 0;
	/* exactly size bytes, not terminated: the parser takes a length */
	buf = malloc(size ? size : 1);
	if (buf == NULL)
		abort();
	memcpy(buf, data, size);
	memset(&m, 0, sizeof(m));
	sg_notify_parse(buf, size, &m);
	free(buf);

	FUZZ_TERMINATED(m.status);
	FUZZ_TERMINATED(m.client);
	FUZZ_TERMINATED(m.name);
	FUZZ_TERMINATED(m.failed);
	for (const char *c = m.client; *c; c++)
		FUZZ_ASSERT((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_');
	if (m.has_name)
		for (const unsigned char *c = (const unsigned char *)m.name; *c; c++)
			FUZZ_ASSERT(*c >= 0x20 && *c != 0x7f);
	if (m.has_counter)
		FUZZ_ASSERT(m.counter_len == 1 || m.counter_len == 2 || m.counter_len == 4 || m.counter_len == 8);
	if (m.has_errno)
		FUZZ_ASSERT(m.err >= 0 && m.err <= 4095);
	if (m.has_check_usec)
		FUZZ_ASSERT(m.check_usec > 0);
	if (m.has_check_timeout_usec)
		FUZZ_ASSERT(m.check_timeout_usec > 0);
	FUZZ_ASSERT(m.ext_invalid >= 0);
	FUZZ_ASSERT(m.sender == 0 && m.fromlen == 0);
	return 0;
}
