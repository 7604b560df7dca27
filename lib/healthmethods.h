/* SPDX-License-Identifier: GPL-2.0-or-later */
/* healthmethods.h - the names of the health methods and quorum policies:
 * one table each, used by the parameter parser, the supervisor's cmap keys,
 * their readers, error texts and usage. */
#ifndef SG_HEALTHMETHODS_H
#define SG_HEALTHMETHODS_H

#include "params.h" /* enum sg_health, enum sg_quorum_policy */

#include <stddef.h>

/* Health method names indexed by enum sg_health, NULL-terminated, so that
 * the array also serves as a select parameter's option list. */
extern const char *const sg_health_methods[];
#define SG_HEALTH_METHOD_COUNT 4

/* Quorum policy names indexed by enum sg_quorum_policy, NULL-terminated. */
extern const char *const sg_quorum_policies[];
#define SG_QUORUM_POLICY_COUNT 2

/* The name of h, "unknown" when h is not a method. */
const char *sg_health_text(enum sg_health h);

/* The method named s (exact, case-sensitive). Returns 0 and sets *h, or
 * -EINVAL (s NULL or not a method name; *h untouched). */
int sg_health_parse(const char *s, enum sg_health *h);

/* The name of q, "unknown" when q is not a policy. */
const char *sg_quorum_text(enum sg_quorum_policy q);

/* The policy named s. Returns 0 and sets *q, or -EINVAL. */
int sg_quorum_parse(const char *s, enum sg_quorum_policy *q);

/* Write the NULL-terminated names separated by sep into buf[n] (always
 * terminated when n > 0), e.g. "exit | notify | command | tcp". Returns the
 * length the whole list needs, as snprintf does. */
size_t sg_names_join(char *buf, size_t n, const char *const *names, const char *sep);

#endif
