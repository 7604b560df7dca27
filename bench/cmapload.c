/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmapload - set many cmap keys fast, for benchmarks: reads lines
 *   KEY str [VALUE...]      (the rest of the line, possibly empty)
 *   KEY u32 NUMBER | KEY u64 NUMBER
 * from stdin and sets them over one connection. corosync-cmapctl -p
 * cannot set empty strings, which running resources publish. */
#include <corosync/cmap.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	char line[4096];
	cmap_handle_t h;
	unsigned long n = 0;

	if (cmap_initialize(&h) != CS_OK) {
		fprintf(stderr, "cmapload: cannot connect to corosync\n");
		return 1;
	}
	while (fgets(line, sizeof(line), stdin)) {
		char *key = line, *type, *value;
		cs_error_t err;

		line[strcspn(line, "\n")] = '\0';
		type = strchr(key, ' ');
		if (type == NULL)
			continue;
		*type++ = '\0';
		value = strchr(type, ' ');
		if (value)
			*value++ = '\0';
		else
			value = type + strlen(type);
		if (!strcmp(type, "str"))
			err = cmap_set_string(h, key, value);
		else if (!strcmp(type, "u32"))
			err = cmap_set_uint32(h, key, (uint32_t)strtoul(value, NULL, 10));
		else if (!strcmp(type, "u64"))
			err = cmap_set_uint64(h, key, strtoull(value, NULL, 10));
		else
			err = CS_ERR_INVALID_PARAM;
		if (err != CS_OK) {
			fprintf(stderr, "cmapload: %s: error %d\n", key, err);
			cmap_finalize(h);
			return 1;
		}
		n++;
	}
	cmap_finalize(h);
	(void)n;
	return 0;
}
