/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_json.c - samguardctl's JSON writer (lib/json.h) over arbitrary
 * bytes, as cmap values from any daemon can hold. Properties: the output
 * is always valid JSON (strict: UTF-8 without surrogates or overlongs),
 * a string that is valid UTF-8 comes back unchanged when parsed, and a
 * document built with it is valid JSON too. */
#include "fuzz.h"
#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sg_json j;
	char *s, *out = NULL, *dec;
	size_t outlen = 0, n;
	int valid_utf8 = 1;
	FILE *f;

	if (size > 8192)
		return 0;
	s = fuzz_cstr(data, size);
	n = strlen(s);
	for (size_t i = 0; i < n;) {
		size_t l = fuzz_utf8_len((const unsigned char *)s + i, n - i);

		if (l == 0) {
			valid_utf8 = 0;
			break;
		}
		i += l;
	}

	f = open_memstream(&out, &outlen);
	FUZZ_ASSERT(f != NULL);
	FUZZ_ASSERT(sg_json_write_string(f, s) == 0);
	FUZZ_ASSERT(fclose(f) == 0);
	dec = malloc(outlen + 1);
	FUZZ_ASSERT(dec != NULL);
	FUZZ_ASSERT(fuzz_json_valid(out, outlen, dec, outlen + 1));
	if (valid_utf8)
		FUZZ_ASSERT(strcmp(dec, s) == 0);
	free(dec);
	free(out);

	/* the same bytes as keys and values, nested as the reports nest them */
	out = NULL;
	f = open_memstream(&out, &outlen);
	FUZZ_ASSERT(f != NULL);
	sg_json_init(&j, f, size & 1);
	sg_json_object_begin(&j, NULL);
	sg_json_str(&j, s, s);
	sg_json_array_begin(&j, "a");
	for (size_t i = 0; i < size && i < 64; i++) {
		switch (data[i] & 3) {
		case 0: sg_json_u64(&j, NULL, (uint64_t)data[i] << (data[i] % 57)); break;
		case 1: sg_json_bool(&j, NULL, data[i] & 4); break;
		case 2: sg_json_null(&j, NULL); break;
		default: sg_json_str(&j, NULL, s + i); break;
		}
	}
	sg_json_array_end(&j);
	sg_json_object_begin(&j, "o");
	sg_json_u64(&j, s, UINT64_MAX);
	sg_json_object_end(&j);
	sg_json_object_end(&j);
	FUZZ_ASSERT(sg_json_finish(&j) == 0);
	FUZZ_ASSERT(fclose(f) == 0);
	FUZZ_ASSERT(fuzz_json_valid(out, outlen, NULL, 0));
	free(out);
	free(s);
	return 0;
}
