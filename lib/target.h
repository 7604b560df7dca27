/* SPDX-License-Identifier: GPL-2.0-or-later */
/* target.h - health_target (health=tcp): "host:port" or "[v6]:port".
 * Parsed with bounds in one place, for validate-all and the supervisor,
 * and resolved once when the supervisor starts: the SAM child's main loop
 * connects to a stored address and never waits for DNS. */
#ifndef SG_TARGET_H
#define SG_TARGET_H

#include <stddef.h>
#include <sys/socket.h>

/* Longest host: a DNS name has at most 253 characters. */
#define SG_TARGET_HOST_MAX 254
#define SG_TARGET_PORT_MAX 6

struct sg_target {
	struct sockaddr_storage addr;
	socklen_t addrlen;
	int family;
};

/* Split t into host (size hn) and port (size pn). The host is a name or
 * IPv4 address of [A-Za-z0-9._-] (1..253 bytes), or in brackets an IPv6
 * address of hex digits, ':' and '.', with an optional %zone; the port is
 * 1..65535. Returns 0, -EINVAL for anything else, -ENAMETOOLONG when host
 * or port do not fit their buffers. */
int sg_target_split(const char *t, char *host, size_t hn, char *port, size_t pn);

/* Resolve t (split first). Numeric hosts need no lookup; a name is
 * resolved with getaddrinfo (the first TCP address). Returns 0, -EINVAL
 * for a malformed target, -EHOSTUNREACH when the name does not resolve
 * (its gai_strerror in why, size n). */
int sg_target_resolve(const char *t, struct sg_target *out, char *why, size_t n);

#endif
