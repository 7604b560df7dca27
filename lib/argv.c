/* SPDX-License-Identifier: GPL-2.0-or-later */
/* argv.c - shell-free word splitting with documented quoting rules. */
#include "argv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void sg_argv_free(char **argv)
{
	if (argv == NULL)
		return;
	for (char **p = argv; *p; p++)
		free(*p);
	free(argv);
}

const char *sg_argv_strerror(int err)
{
	switch (err) {
	case -EINVAL: return "unterminated quote or trailing backslash";
	case -E2BIG: return "too long or too many words";
	case -ENOMEM: return "out of memory";
	default: return "invalid";
	}
}

int sg_argv_split(const char *s, char ***argv_out, int *argc_out)
{
	size_t len = s ? strlen(s) : 0;
	char **argv = NULL, *word = NULL;
	int argc = 0, rc = 0;

	if (len > SG_ARGV_MAX_LEN)
		return -E2BIG;
	argv = calloc(SG_ARGV_MAX_ARGS + 1, sizeof(*argv));
	word = malloc(len + 1);
	if (argv == NULL || word == NULL) {
		rc = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < len;) {
		size_t w = 0;
		int in_word = 0;

		while (i < len && is_blank(s[i]))
			i++;
		while (i < len && !is_blank(s[i])) {
			in_word = 1;
			if (s[i] == '\'') {
				const char *end = memchr(s + i + 1, '\'', len - i - 1);

				if (end == NULL) {
					rc = -EINVAL;
					goto out;
				}
				memcpy(word + w, s + i + 1, (size_t)(end - s - i - 1));
				w += (size_t)(end - s - i - 1);
				i = (size_t)(end - s) + 1;
			} else if (s[i] == '"') {
				i++;
				while (i < len && s[i] != '"') {
					if (s[i] == '\\' && i + 1 < len && (s[i + 1] == '"' || s[i + 1] == '\\'))
						i++;
					word[w++] = s[i++];
				}
				if (i >= len) {
					rc = -EINVAL;
					goto out;
				}
				i++;
			} else if (s[i] == '\\') {
				if (i + 1 >= len) {
					rc = -EINVAL;
					goto out;
				}
				word[w++] = s[i + 1];
				i += 2;
			} else {
				word[w++] = s[i++];
			}
		}
		if (!in_word)
			break;
		if (argc >= SG_ARGV_MAX_ARGS) {
			rc = -E2BIG;
			goto out;
		}
		argv[argc] = strndup(word, w);
		if (argv[argc] == NULL) {
			rc = -ENOMEM;
			goto out;
		}
		argc++;
	}
out:
	free(word);
	if (rc < 0) {
		sg_argv_free(argv);
		return rc;
	}
	*argv_out = argv;
	if (argc_out)
		*argc_out = argc;
	return 0;
}
