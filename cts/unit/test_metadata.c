/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_metadata.c - unit tests for lib/metadata.c: the OCF 1.1 meta-data
 * document written from the tables, read back with libxml2's parser and
 * XPath (element order, attributes present only when the table has a
 * value, select options, escaping, no encoding declaration), the
 * SAMProcess parameter table as it comes out, and write errors.
 * cts/suites/packaging validates the agents' output against the OCF
 * schemas. */
#include "sg_test.h"

#include <errno.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "metadata.h"
#include "params.h"

static const char *const colours[] = { "red", "green & blue", NULL };

static const struct sg_param_def params[] = {
	{ .name = "colour", .type = "select", .dflt = "red", .options = colours, .required = 0,
	  .reloadable = 1, .shortdesc = "The colour", .longdesc = "Which colour: <red> or \"green & blue\"." },
	{ .name = "path", .type = "string", .required = 1, .shortdesc = "A path",
	  .longdesc = "An absolute path." },
	{ .name = "count", .type = "integer", .dflt = "3", .shortdesc = "A count", .longdesc = "How many." },
	{ .name = NULL },
};

static const struct sg_action_def actions[] = {
	{ "start", "60s", NULL, NULL },
	{ "monitor", "20s", "10s", "0" },
	{ "meta-data", "5s", NULL, NULL },
	{ NULL, NULL, NULL, NULL },
};

static const struct sg_agent_info info = {
	.name = "Test&Agent",
	.version = "1.2.3",
	.shortdesc = "A test agent",
	.longdesc = "Line one.\nLine two with <markup> & an ampersand.",
	.params = params,
	.actions = actions,
};

/* The document sg_metadata_write gives for in (malloc'ed). */
static char *write_doc(const struct sg_agent_info *in)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(sg_metadata_write(f, in), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

struct doc {
	char *text;
	xmlDocPtr xml;
	xmlXPathContextPtr xp;
};

/* Write and parse (a document that does not parse fails the test). */
static void doc_open(struct doc *d, const struct sg_agent_info *in)
{
	d->text = write_doc(in);
	d->xml = xmlReadMemory(d->text, (int)strlen(d->text), "meta-data.xml", NULL, XML_PARSE_NONET);
	if (d->xml == NULL)
		fail_msg("meta-data does not parse:\n%s", d->text);
	d->xp = xmlXPathNewContext(d->xml);
	assert_non_null(d->xp);
}

static void doc_close(struct doc *d)
{
	xmlXPathFreeContext(d->xp);
	xmlFreeDoc(d->xml);
	free(d->text);
}

/* The string value of an XPath expression (malloc'ed). */
static char *xp_str(struct doc *d, const char *expr)
{
	char full[512];
	xmlXPathObjectPtr o;
	char *s;

	snprintf(full, sizeof(full), "string(%s)", expr);
	o = xmlXPathEvalExpression(BAD_CAST full, d->xp);
	assert_non_null(o);
	s = strdup(o->stringval ? (const char *)o->stringval : "");
	xmlXPathFreeObject(o);
	assert_non_null(s);
	return s;
}

static int xp_count(struct doc *d, const char *expr)
{
	char full[512];
	xmlXPathObjectPtr o;
	int n;

	snprintf(full, sizeof(full), "count(%s)", expr);
	o = xmlXPathEvalExpression(BAD_CAST full, d->xp);
	assert_non_null(o);
	n = (int)o->floatval;
	xmlXPathFreeObject(o);
	return n;
}

static void check_str(int line, struct doc *d, const char *expr, const char *want)
{
	char *got = xp_str(d, expr);

	if (strcmp(got, want) != 0) {
		print_error("line %d: %s is \"%s\", want \"%s\"\n", line, expr, got, want);
		free(got);
		fail();
	}
	free(got);
}

static void check_count(int line, struct doc *d, const char *expr, int want)
{
	int got = xp_count(d, expr);

	if (got != want)
		fail_msg("line %d: count(%s) is %d, want %d", line, expr, got, want);
}

#define STR(d, expr, want) check_str(__LINE__, (d), (expr), (want))
#define COUNT(d, expr, want) check_count(__LINE__, (d), (expr), (want))

/* The frame: the agent's name and version, OCF version 1.1, longdesc
 * before shortdesc, both lang="en", then parameters and actions. */
static void test_document_frame(void **state)
{
	struct doc d;

	(void)state;
	doc_open(&d, &info);
	COUNT(&d, "/resource-agent", 1);
	STR(&d, "/resource-agent/@name", "Test&Agent");
	STR(&d, "/resource-agent/@version", "1.2.3");
	STR(&d, "/resource-agent/version", "1.1");
	STR(&d, "/resource-agent/longdesc", "Line one.\nLine two with <markup> & an ampersand.");
	STR(&d, "/resource-agent/longdesc/@lang", "en");
	STR(&d, "/resource-agent/shortdesc", "A test agent");
	STR(&d, "/resource-agent/shortdesc/@lang", "en");
	/* the children, in this order */
	COUNT(&d, "/resource-agent/*", 5);
	STR(&d, "name(/resource-agent/*[1])", "version");
	STR(&d, "name(/resource-agent/*[2])", "longdesc");
	STR(&d, "name(/resource-agent/*[3])", "shortdesc");
	STR(&d, "name(/resource-agent/*[4])", "parameters");
	STR(&d, "name(/resource-agent/*[5])", "actions");
	doc_close(&d);
}

/* No encoding declaration (crmsh's lxml refuses a str that declares one),
 * and the markup is escaped in the text, not passed through. */
static void test_declaration_and_escaping(void **state)
{
	char *text = write_doc(&info);

	(void)state;
	assert_int_equal(strncmp(text, "<?xml version=\"1.0\"?>\n", 22), 0);
	assert_lacks(text, "encoding");
	assert_contains(text, "name=\"Test&amp;Agent\"");
	assert_contains(text, "&lt;markup&gt; &amp; an ampersand");
	assert_lacks(text, "<markup>");
	assert_contains(text, "value=\"green &amp; blue\"");
	free(text);
}

/* Each parameter in table order with its attributes, descriptions and
 * content; a default only when the table has one; options only for a
 * select, in order. */
static void test_parameters(void **state)
{
	struct doc d;

	(void)state;
	doc_open(&d, &info);
	COUNT(&d, "/resource-agent/parameters/parameter", 3);
	STR(&d, "/resource-agent/parameters/parameter[1]/@name", "colour");
	STR(&d, "/resource-agent/parameters/parameter[2]/@name", "path");
	STR(&d, "/resource-agent/parameters/parameter[3]/@name", "count");

	STR(&d, "//parameter[@name='colour']/@required", "0");
	STR(&d, "//parameter[@name='colour']/@reloadable", "1");
	STR(&d, "//parameter[@name='colour']/longdesc", "Which colour: <red> or \"green & blue\".");
	STR(&d, "//parameter[@name='colour']/longdesc/@lang", "en");
	STR(&d, "//parameter[@name='colour']/shortdesc", "The colour");
	STR(&d, "//parameter[@name='colour']/content/@type", "select");
	STR(&d, "//parameter[@name='colour']/content/@default", "red");
	COUNT(&d, "//parameter[@name='colour']/content/option", 2);
	STR(&d, "//parameter[@name='colour']/content/option[1]/@value", "red");
	STR(&d, "//parameter[@name='colour']/content/option[2]/@value", "green & blue");
	STR(&d, "name(//parameter[@name='colour']/*[1])", "longdesc");
	STR(&d, "name(//parameter[@name='colour']/*[2])", "shortdesc");
	STR(&d, "name(//parameter[@name='colour']/*[3])", "content");

	STR(&d, "//parameter[@name='path']/@required", "1");
	STR(&d, "//parameter[@name='path']/@reloadable", "0");
	STR(&d, "//parameter[@name='path']/content/@type", "string");
	COUNT(&d, "//parameter[@name='path']/content/@default", 0);
	COUNT(&d, "//parameter[@name='path']/content/option", 0);

	STR(&d, "//parameter[@name='count']/content/@type", "integer");
	STR(&d, "//parameter[@name='count']/content/@default", "3");
	doc_close(&d);
}

/* Options of a parameter that is not a select are not written. */
static void test_options_only_for_select(void **state)
{
	static const struct sg_param_def odd[] = {
		{ .name = "s", .type = "string", .options = colours, .shortdesc = "s", .longdesc = "s" },
		{ .name = "e", .type = "select", .options = NULL, .shortdesc = "e", .longdesc = "e" },
		{ .name = NULL },
	};
	struct sg_agent_info in = info;
	struct doc d;

	(void)state;
	in.params = odd;
	doc_open(&d, &in);
	COUNT(&d, "//option", 0);
	STR(&d, "//parameter[@name='e']/content/@type", "select");
	doc_close(&d);
}

/* Each action in table order; interval and depth only when set. */
static void test_actions(void **state)
{
	struct doc d;

	(void)state;
	doc_open(&d, &info);
	COUNT(&d, "/resource-agent/actions/action", 3);
	STR(&d, "/resource-agent/actions/action[1]/@name", "start");
	STR(&d, "/resource-agent/actions/action[1]/@timeout", "60s");
	COUNT(&d, "/resource-agent/actions/action[1]/@interval", 0);
	COUNT(&d, "/resource-agent/actions/action[1]/@depth", 0);
	STR(&d, "/resource-agent/actions/action[2]/@name", "monitor");
	STR(&d, "/resource-agent/actions/action[2]/@timeout", "20s");
	STR(&d, "/resource-agent/actions/action[2]/@interval", "10s");
	STR(&d, "/resource-agent/actions/action[2]/@depth", "0");
	STR(&d, "/resource-agent/actions/action[3]/@name", "meta-data");
	STR(&d, "/resource-agent/actions/action[3]/@timeout", "5s");
	doc_close(&d);
}

/* Empty tables give empty parameters and actions elements. */
static void test_empty_tables(void **state)
{
	static const struct sg_param_def no_params[] = { { .name = NULL } };
	static const struct sg_action_def no_actions[] = { { NULL, NULL, NULL, NULL } };
	struct sg_agent_info in = info;
	struct doc d;

	(void)state;
	in.params = no_params;
	in.actions = no_actions;
	doc_open(&d, &in);
	COUNT(&d, "/resource-agent/parameters", 1);
	COUNT(&d, "/resource-agent/parameters/*", 0);
	COUNT(&d, "/resource-agent/actions", 1);
	COUNT(&d, "/resource-agent/actions/*", 0);
	doc_close(&d);
}

/* SAMProcess's table comes out whole: every parameter, in order, with
 * its type, required, reloadable, default, options and descriptions. */
static void test_samprocess_table(void **state)
{
	struct sg_agent_info in = info;
	char expr[256], want[16];
	struct doc d;
	int n = 0;

	(void)state;
	in.params = sg_samprocess_params;
	doc_open(&d, &in);
	for (const struct sg_param_def *p = sg_samprocess_params; p->name; p++) {
		n++;
		snprintf(expr, sizeof(expr), "/resource-agent/parameters/parameter[%d]/@name", n);
		STR(&d, expr, p->name);
		snprintf(expr, sizeof(expr), "//parameter[@name='%s']/content/@type", p->name);
		STR(&d, expr, p->type);
		snprintf(expr, sizeof(expr), "//parameter[@name='%s']/@required", p->name);
		snprintf(want, sizeof(want), "%d", p->required ? 1 : 0);
		STR(&d, expr, want);
		snprintf(expr, sizeof(expr), "//parameter[@name='%s']/@reloadable", p->name);
		snprintf(want, sizeof(want), "%d", p->reloadable ? 1 : 0);
		STR(&d, expr, want);
		snprintf(expr, sizeof(expr), "//parameter[@name='%s']/content/@default", p->name);
		COUNT(&d, expr, p->dflt ? 1 : 0);
		if (p->dflt)
			STR(&d, expr, p->dflt);
		snprintf(expr, sizeof(expr), "//parameter[@name='%s']/longdesc", p->name);
		STR(&d, expr, p->longdesc);
		snprintf(expr, sizeof(expr), "//parameter[@name='%s']/shortdesc", p->name);
		STR(&d, expr, p->shortdesc);
		for (int i = 0; !strcmp(p->type, "select") && p->options[i]; i++) {
			snprintf(expr, sizeof(expr), "//parameter[@name='%s']/content/option[%d]/@value", p->name, i + 1);
			STR(&d, expr, p->options[i]);
		}
	}
	assert_true(n > 10);
	COUNT(&d, "/resource-agent/parameters/parameter", n);
	doc_close(&d);
}

/* A stream that cannot take the document: -EIO. */
static void test_write_errors(void **state)
{
	FILE *f;

	(void)state;
	/* /dev/full: the write or the flush fails with ENOSPC */
	f = fopen("/dev/full", "w");
	assert_non_null(f);
	assert_int_equal(sg_metadata_write(f, &info), -EIO);
	fclose(f);
	/* a stream open for reading only */
	f = fopen("/dev/null", "r");
	assert_non_null(f);
	assert_int_equal(sg_metadata_write(f, &info), -EIO);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_document_frame),
		cmocka_unit_test(test_declaration_and_escaping),
		cmocka_unit_test(test_parameters),
		cmocka_unit_test(test_options_only_for_select),
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_empty_tables),
		cmocka_unit_test(test_samprocess_table),
		cmocka_unit_test(test_write_errors),
	};

	return sg_run_tests("metadata", tests, NULL, NULL);
}
