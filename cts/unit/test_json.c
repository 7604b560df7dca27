/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_json.c - unit tests for lib/json.c: string escaping (quotes,
 * backslashes, every control character, DEL, valid UTF-8 kept, every kind
 * of invalid UTF-8 replaced), and the writer's structure (separators,
 * nesting, null, numbers, pretty and compact, misuse reported). */
#include "sg_test.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

/* s as a JSON string literal */
static char *escaped(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(sg_json_write_string(f, s), 0);
	fclose(f);
	return buf;
}

#define ESC(in, want) do { char *got_ = escaped(in); assert_string_equal(got_, want); free(got_); } while (0)

static void test_plain_and_specials(void **state)
{
	(void)state;
	ESC("", "\"\"");
	ESC(NULL, "\"\"");
	ESC("web:0", "\"web:0\"");
	ESC("say \"hi\"", "\"say \\\"hi\\\"\"");
	ESC("a\\b", "\"a\\\\b\"");
	ESC("/", "\"/\"");
	ESC("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
}

static void test_every_control_character(void **state)
{
	(void)state;
	for (int c = 1; c < 0x20; c++) {
		char in[2] = { (char)c, 0 }, want[16];
		char *got;

		switch (c) {
		case '\b': strcpy(want, "\"\\b\""); break;
		case '\f': strcpy(want, "\"\\f\""); break;
		case '\n': strcpy(want, "\"\\n\""); break;
		case '\r': strcpy(want, "\"\\r\""); break;
		case '\t': strcpy(want, "\"\\t\""); break;
		default: snprintf(want, sizeof(want), "\"\\u%04x\"", c); break;
		}
		got = escaped(in);
		assert_string_equal(got, want);
		free(got);
	}
	ESC("\x7f", "\"\\u007f\"");
}

static void test_utf8_kept(void **state)
{
	(void)state;
	ESC("caf\xc3\xa9", "\"caf\xc3\xa9\"");                 /* 2 bytes */
	ESC("\xe2\x82\xac", "\"\xe2\x82\xac\"");                /* euro, 3 bytes */
	ESC("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");        /* emoji, 4 bytes */
	ESC("\xef\xbf\xbf", "\"\xef\xbf\xbf\"");                /* U+FFFF */
	ESC("\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\"");        /* U+10FFFF */
}

static void test_invalid_utf8_replaced(void **state)
{
	(void)state;
	ESC("\xff", "\"\\ufffd\"");
	ESC("a\xfe" "b", "\"a\\ufffdb\"");
	ESC("\x80", "\"\\ufffd\"");                              /* lone continuation */
	ESC("\xc3", "\"\\ufffd\"");                              /* cut at the end */
	ESC("\xc3(", "\"\\ufffd(\"");                            /* bad continuation */
	ESC("\xc0\xaf", "\"\\ufffd\\ufffd\"");                   /* overlong */
	ESC("\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"");        /* overlong 3 */
	ESC("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");        /* surrogate */
	ESC("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\""); /* > U+10FFFF */
	ESC("\xf5\x80\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	ESC("\xe2\x82", "\"\\ufffd\\ufffd\"");                   /* cut 3-byte */
	ESC("ok\xe2\x82\xacok\xff", "\"ok\xe2\x82\xacok\\ufffd\"");
}

/* The writer into a string. */
static char *doc(void (*fn)(struct sg_json *), int pretty, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct sg_json j;

	sg_json_init(&j, f, pretty);
	fn(&j);
	*rc = sg_json_finish(&j);
	fclose(f);
	return buf;
}

static void build(struct sg_json *j)
{
	sg_json_object_begin(j, NULL);
	sg_json_u64(j, "version", 1);
	sg_json_u64(j, "big", UINT64_MAX);
	sg_json_str(j, "name", "x\"y");
	sg_json_str(j, "none", NULL);
	sg_json_null(j, "nothing");
	sg_json_bool(j, "yes", 1);
	sg_json_bool(j, "no", 0);
	sg_json_array_begin(j, "list");
	sg_json_u64(j, NULL, 0);
	sg_json_object_begin(j, NULL);
	sg_json_object_end(j);
	sg_json_array_begin(j, NULL);
	sg_json_array_end(j);
	sg_json_array_end(j);
	sg_json_object_end(j);
}

static void test_writer_compact(void **state)
{
	int rc;
	char *s = doc(build, 0, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_string_equal(s, "{\"version\":1,\"big\":18446744073709551615,\"name\":\"x\\\"y\",\"none\":null,"
			       "\"nothing\":null,\"yes\":true,\"no\":false,\"list\":[0,{},[]]}\n");
	free(s);
}

static void test_writer_pretty(void **state)
{
	int rc;
	char *s = doc(build, 1, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_string_equal(s, "{\n  \"version\": 1,\n  \"big\": 18446744073709551615,\n  \"name\": \"x\\\"y\",\n"
			       "  \"none\": null,\n  \"nothing\": null,\n  \"yes\": true,\n  \"no\": false,\n"
			       "  \"list\": [\n    0,\n    {},\n    []\n  ]\n}\n");
	free(s);
}

static void unbalanced(struct sg_json *j)
{
	sg_json_object_begin(j, NULL);
	sg_json_array_begin(j, "a");
}

static void overclosed(struct sg_json *j)
{
	sg_json_object_begin(j, NULL);
	sg_json_object_end(j);
	sg_json_object_end(j);
}

static void too_deep(struct sg_json *j)
{
	for (int i = 0; i < SG_JSON_DEPTH_MAX + 1; i++)
		sg_json_array_begin(j, NULL);
	for (int i = 0; i < SG_JSON_DEPTH_MAX + 1; i++)
		sg_json_array_end(j);
}

static void test_writer_misuse(void **state)
{
	int rc;

	(void)state;
	free(doc(unbalanced, 0, &rc));
	assert_int_equal(rc, -EINVAL);
	free(doc(overclosed, 0, &rc));
	assert_int_equal(rc, -EINVAL);
	free(doc(too_deep, 1, &rc));
	assert_int_equal(rc, -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_specials),
		cmocka_unit_test(test_every_control_character),
		cmocka_unit_test(test_utf8_kept),
		cmocka_unit_test(test_invalid_utf8_replaced),
		cmocka_unit_test(test_writer_compact),
		cmocka_unit_test(test_writer_pretty),
		cmocka_unit_test(test_writer_misuse),
	};

	return sg_run_tests("json", tests, NULL, NULL);
}
