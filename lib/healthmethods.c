/* SPDX-License-Identifier: GPL-2.0-or-later */
/* healthmethods.c - the one table of health method and quorum policy names. */
#include "healthmethods.h"

#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

const char *const sg_health_methods[] = {
	[SG_HEALTH_EXIT] = "exit",
	[SG_HEALTH_NOTIFY] = "notify",
	[SG_HEALTH_COMMAND] = "command",
	[SG_HEALTH_TCP] = "tcp",
	[SG_HEALTH_METHOD_COUNT] = NULL,
};
_Static_assert(SG_ARRAY_SIZE(sg_health_methods) == SG_HEALTH_METHOD_COUNT + 1 &&
		       SG_HEALTH_TCP + 1 == SG_HEALTH_METHOD_COUNT,
	       "sg_health_methods[] names every enum sg_health value");

const char *const sg_quorum_policies[] = {
	[SG_QUORUM_IGNORE] = "ignore",
	[SG_QUORUM_REQUIRE] = "require",
	[SG_QUORUM_POLICY_COUNT] = NULL,
};
_Static_assert(SG_ARRAY_SIZE(sg_quorum_policies) == SG_QUORUM_POLICY_COUNT + 1 &&
		       SG_QUORUM_REQUIRE + 1 == SG_QUORUM_POLICY_COUNT,
	       "sg_quorum_policies[] names every enum sg_quorum_policy value");

/* Index of s in the NULL-terminated names, -EINVAL when absent. */
static int name_index(const char *const *names, const char *s)
{
	if (s == NULL)
		return -EINVAL;
	for (int i = 0; names[i]; i++)
		if (!strcmp(names[i], s))
			return i;
	return -EINVAL;
}

const char *sg_health_text(enum sg_health h)
{
	return (unsigned)h < SG_HEALTH_METHOD_COUNT ? sg_health_methods[h] : "unknown";
}

int sg_health_parse(const char *s, enum sg_health *h)
{
	int i = name_index(sg_health_methods, s);

	if (i < 0)
		return i;
	*h = (enum sg_health)i;
	return 0;
}

const char *sg_quorum_text(enum sg_quorum_policy q)
{
	return (unsigned)q < SG_QUORUM_POLICY_COUNT ? sg_quorum_policies[q] : "unknown";
}

int sg_quorum_parse(const char *s, enum sg_quorum_policy *q)
{
	int i = name_index(sg_quorum_policies, s);

	if (i < 0)
		return i;
	*q = (enum sg_quorum_policy)i;
	return 0;
}

size_t sg_names_join(char *buf, size_t n, const char *const *names, const char *sep)
{
	size_t len = 0;

	if (n > 0)
		buf[0] = '\0';
	for (int i = 0; names[i]; i++) {
		const char *parts[2] = { i ? sep : "", names[i] };

		for (int k = 0; k < 2; k++) {
			size_t l = strlen(parts[k]);

			if (len + 1 < n) {
				size_t room = n - 1 - len;
				size_t c = l < room ? l : room;

				memcpy(buf + len, parts[k], c);
				buf[len + c] = '\0';
			}
			len += l;
		}
	}
	return len;
}
