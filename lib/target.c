/* SPDX-License-Identifier: GPL-2.0-or-later */
/* target.c - health_target parsing and one-time resolution. */
#include "target.h"

#include "util.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
	       c == '-' || c == '_';
}

static int v6_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
}

int sg_target_split(const char *t, char *host, size_t hn, char *port, size_t pn)
{
	const char *h, *colon;
	size_t hl, i;
	uint64_t p;

	if (t == NULL)
		return -EINVAL;
	if (t[0] == '[') {
		const char *end = strchr(t, ']');
		int zone = 0;

		if (end == NULL || end == t + 1 || end[1] != ':')
			return -EINVAL;
		h = t + 1;
		hl = (size_t)(end - h);
		for (i = 0; i < hl; i++) {
			if (h[i] == '%' && !zone && i > 0 && i + 1 < hl)
				zone = 1;
			else if (zone ? !name_char(h[i]) : !v6_char(h[i]))
				return -EINVAL;
		}
		if (memchr(h, ':', hl) == NULL)
			return -EINVAL;
		colon = end + 1;
	} else {
		colon = strrchr(t, ':');
		if (colon == NULL || colon == t || memchr(t, ':', (size_t)(colon - t)))
			return -EINVAL;
		h = t;
		hl = (size_t)(colon - t);
		for (i = 0; i < hl; i++)
			if (!name_char(h[i]))
				return -EINVAL;
	}
	if (hl > SG_TARGET_HOST_MAX - 1)
		return -EINVAL;
	if (sg_parse_u64(colon + 1, 1, 65535, &p) != 0)
		return -EINVAL;
	if (hl + 1 > hn || strlen(colon + 1) + 1 > pn)
		return -ENAMETOOLONG;
	memcpy(host, h, hl);
	host[hl] = '\0';
	memcpy(port, colon + 1, strlen(colon + 1) + 1);
	return 0;
}

int sg_target_resolve(const char *t, struct sg_target *out, char *why, size_t n)
{
	char host[SG_TARGET_HOST_MAX], port[SG_TARGET_PORT_MAX];
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV | AI_NUMERICHOST },
			*ai = NULL;
	int rc;

	if (sg_target_split(t, host, sizeof(host), port, sizeof(port)) != 0) {
		snprintf(why, n, "not host:port or [address]:port");
		return -EINVAL;
	}
	/* numeric first: no lookup at all */
	rc = getaddrinfo(host, port, &hints, &ai);
	if (rc == EAI_NONAME) {
		hints.ai_flags = AI_NUMERICSERV;
		rc = getaddrinfo(host, port, &hints, &ai);
	}
	if (rc != 0 || ai == NULL || ai->ai_addrlen > sizeof(out->addr)) {
		snprintf(why, n, "%s", rc != 0 ? gai_strerror(rc) : "no address");
		if (ai)
			freeaddrinfo(ai);
		return -EHOSTUNREACH;
	}
	memset(out, 0, sizeof(*out));
	memcpy(&out->addr, ai->ai_addr, ai->ai_addrlen);
	out->addrlen = ai->ai_addrlen;
	out->family = ai->ai_family;
	freeaddrinfo(ai);
	return 0;
}
