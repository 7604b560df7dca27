/* SPDX-License-Identifier: GPL-2.0-or-later */
/* names.h - reversible encoding of Pacemaker resource names into cmap key
 * components and file names.
 *
 * cmap keys are hierarchical with '.' as separator and accept only
 * [A-Za-z0-9._/:-]. Resource ids may contain '.', and clone instances carry
 * ":N". The encoding keeps [A-Za-z0-9-] as is and writes every other byte,
 * '_' included, as '_' plus two lower-case hex digits: "web:0" -> "web_3a0",
 * "db.main" -> "db_2emain", "a_b" -> "a_5fb". */
#ifndef SG_NAMES_H
#define SG_NAMES_H

#include <stddef.h>

/* Longest resource name accepted (bytes, before encoding). */
#define SG_NAME_MAX 64
/* Worst case encoded length plus terminator. */
#define SG_NAME_ENC_MAX (SG_NAME_MAX * 3 + 1)

/* Encode name into out (size n). Returns encoded length, -EINVAL for an
 * empty name, -ENAMETOOLONG when name exceeds SG_NAME_MAX or out is small. */
int sg_name_encode(const char *name, char *out, size_t n);

/* Decode enc into out (size n). Returns decoded length, -EINVAL for text
 * that no name encodes to, -ENAMETOOLONG when out is too small. */
int sg_name_decode(const char *enc, char *out, size_t n);

#endif
