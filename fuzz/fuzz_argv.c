/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_argv.c - sg_argv_split (lib/argv.h): cmdline_options, health_cmd
 * and the like come from the CIB and become an argument vector without a
 * shell. Properties: no memory error; a result is a well-formed vector;
 * and quoting each word in single quotes and splitting again gives the
 * same words (the quoting rules are what argv.h documents). */
#include "argv.h"
#include "fuzz.h"

#include <errno.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char **av = NULL, **av2 = NULL, *s, *q, *w;
	int ac = -1, ac2 = -1, rc;
	size_t need = 1;

	if (size > SG_ARGV_MAX_LEN + 16)
		return 0;
	s = fuzz_cstr(data, size);
	rc = sg_argv_split(s, &av, &ac);
	free(s);
	FUZZ_ASSERT(rc == 0 || rc == -EINVAL || rc == -E2BIG || rc == -ENOMEM);
	FUZZ_ASSERT(sg_argv_strerror(rc) != NULL);
	if (rc != 0)
		return 0;
	FUZZ_ASSERT(av != NULL && ac >= 0 && ac <= SG_ARGV_MAX_ARGS && av[ac] == NULL);
	for (int i = 0; i < ac; i++)
		need += 4 * strlen(av[i]) + 3;
	q = w = malloc(need);
	if (q == NULL)
		abort();
	for (int i = 0; i < ac; i++) {
		*w++ = '\'';
		for (const char *c = av[i]; *c; c++) {
			if (*c == '\'') {
				memcpy(w, "'\\''", 4);  /* close, literal quote, reopen */
				w += 4;
			} else {
				*w++ = *c;
			}
		}
		*w++ = '\'';
		*w++ = ' ';
	}
	*w = '\0';
	rc = sg_argv_split(q, &av2, &ac2);
	if (rc != -E2BIG) {
		FUZZ_ASSERT(rc == 0);
		FUZZ_ASSERT(ac2 == ac);
		for (int i = 0; i < ac; i++)
			FUZZ_ASSERT(strcmp(av[i], av2[i]) == 0);
	}
	free(q);
	sg_argv_free(av);
	sg_argv_free(av2);
	return 0;
}
