/* SPDX-License-Identifier: GPL-2.0-or-later */
/* argv.h - split a parameter string into an argument vector without a shell.
 *
 * Quoting rules (documented for administrators in SAMProcess meta-data):
 *   - unquoted blanks (space, tab, carriage return, newline) separate words;
 *   - '...' keeps everything literally up to the next single quote;
 *   - "..." keeps everything literally except \" and \\ (a quote, a backslash);
 *   - outside quotes, a backslash makes the next character literal;
 *   - nothing is expanded: $VAR, *, ~, `cmd`, ;, |, & and > are plain text;
 *   - '' or "" give an empty argument.
 * An unterminated quote or a trailing backslash is an error. */
#ifndef SG_ARGV_H
#define SG_ARGV_H

#define SG_ARGV_MAX_ARGS 256
#define SG_ARGV_MAX_LEN 8192

/* Split s. On success *argv is a NULL-terminated vector owned by the caller
 * (free with sg_argv_free) and *argc its length; returns 0. Errors:
 * -EINVAL (unterminated quote, trailing backslash), -E2BIG (too long or too
 * many words), -ENOMEM. A NULL or blank s gives an empty vector. */
int sg_argv_split(const char *s, char ***argv, int *argc);

/* Free a vector from sg_argv_split (NULL is fine). */
void sg_argv_free(char **argv);

/* Human-readable text for an sg_argv_split error. */
const char *sg_argv_strerror(int err);

#endif
