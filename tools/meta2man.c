/* SPDX-License-Identifier: GPL-2.0-or-later */
/* meta2man - turn an OCF 1.1 agent's meta-data (the XML of "AGENT
 * meta-data") into a man page, so that the page is built from the same text
 * that pcs and crmsh show and can never drift from it.
 *
 *   meta2man [--provider P] [--section N] [--date D] [--source S]
 *            [--manual M] [--see-also LIST] [--examples] [FILE|-]
 *
 * The page has NAME, SYNOPSIS, DESCRIPTION (the agent's longdesc),
 * SUPPORTED PARAMETERS (type, default, required, reloadable, choices),
 * SUPPORTED ACTIONS (advised timeout, interval, depth), EXAMPLES (crm shell
 * and pcs, derived from the parameters and actions) and SEE ALSO.
 * --examples prints, one per line, every command the page shows (those of
 * the longdesc and the derived ones), for tests to run them.
 *
 * Longdesc conventions (plain text stays readable in pcs and crm):
 * paragraphs are separated by a blank line; a line starting with "- " is a
 * list item; a line indented by two or more blanks is literal (a command),
 * and a literal line ending in " \" continues on the next one.
 *
 * Build-time tool only: reads a local file, never the network. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#define MAX_CMDS 64

struct opts {
	const char *provider;
	const char *section;
	const char *date;
	const char *source;
	const char *manual;
	const char *see_also;
	int examples;
	const char *file;
};

/* Commands collected for --examples and for the EXAMPLES section. */
struct cmds {
	char *v[MAX_CMDS];
	int n;
};

static int is_elem(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static const xmlNode *child(const xmlNode *parent, const char *name)
{
	for (const xmlNode *c = parent ? parent->children : NULL; c; c = c->next)
		if (is_elem(c, name))
			return c;
	return NULL;
}

/* The text of <tag lang="en"> under parent (or of the first <tag>), as a
 * malloc'd string, "" when absent. */
static char *desc(const xmlNode *parent, const char *tag)
{
	const xmlNode *pick = NULL;
	xmlChar *t;
	char *s;

	for (const xmlNode *c = parent ? parent->children : NULL; c; c = c->next) {
		if (!is_elem(c, tag))
			continue;
		xmlChar *lang = xmlGetProp(c, BAD_CAST "lang");
		int en = lang && !strcmp((const char *)lang, "en");

		xmlFree(lang);
		if (pick == NULL || en)
			pick = c;
		if (en)
			break;
	}
	if (pick == NULL)
		return strdup("");
	t = xmlNodeGetContent(pick);
	s = strdup(t ? (const char *)t : "");
	xmlFree(t);
	return s;
}

/* An attribute as a malloc'd string, NULL when absent. */
static char *attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	char *s = v ? strdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL) {
		fprintf(stderr, "meta2man: out of memory\n");
		exit(1);
	}
	return p;
}

/* ---------------------------------------------------------------- roff */

/* Inline text: backslashes and hyphens escaped (\- so that commands copied
 * from the page keep ASCII hyphens); n bytes of s. */
static void roff_put(FILE *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\\')
			fputs("\\e", out);
		else if (c == '-')
			fputs("\\-", out);
		else if (c == '\t')
			fputc(' ', out);
		else if (c < 0x20 || c == 0x7f)
			continue;
		else
			fputc(c, out);
	}
}

static void roff_puts(FILE *out, const char *s)
{
	roff_put(out, s, strlen(s));
}

/* One input line of text: never starts with a control character. */
static void roff_text_line(FILE *out, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0)
		return;
	if (*s == '.' || *s == '\'')
		fputs("\\&", out);
	roff_put(out, s, n);
	fputc('\n', out);
}

/* Free text that may contain newlines: each line becomes one input line. */
static void roff_text(FILE *out, const char *s)
{
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);

		roff_text_line(out, s, n);
		s += n + (nl != NULL);
	}
}

/* A macro argument in double quotes. */
static void roff_arg(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputs("\\(dq", out);
		else if (*s == '\\')
			fputs("\\e", out);
		else if (*s == '-')
			fputs("\\-", out);
		else if ((unsigned char)*s >= 0x20)
			fputc(*s, out);
	}
	fputc('"', out);
}

/* A literal block: lines kept as they are, indented. */
static void roff_literal(FILE *out, char **lines, int n)
{
	fputs(".PP\n.RS 4\n.nf\n", out);
	for (int i = 0; i < n; i++) {
		const char *l = lines[i];

		if (*l == '.' || *l == '\'')
			fputs("\\&", out);
		roff_puts(out, l);
		fputc('\n', out);
	}
	fputs(".fi\n.RE\n", out);
}

/* ------------------------------------------------------------ longdesc */

static int literal_indent(const char *line)
{
	int n = 0;

	while (line[n] == ' ')
		n++;
	return line[n] && (n >= 2 || line[0] == '\t') ? n : -1;
}

static int ends_with_backslash(const char *s)
{
	size_t n = strlen(s);

	while (n && s[n - 1] == ' ')
		n--;
	return n && s[n - 1] == '\\';
}

/* Join a literal command continued with " \" into one line. */
static char *join_command(char **lines, int n)
{
	size_t len = 1;
	char *cmd, *p;

	for (int i = 0; i < n; i++)
		len += strlen(lines[i]) + 1;
	cmd = p = xmalloc(len);
	for (int i = 0; i < n; i++) {
		const char *l = lines[i];
		size_t k;

		while (*l == ' ' || *l == '\t')
			l++;
		k = strlen(l);
		while (k && l[k - 1] == ' ')
			k--;
		if (i + 1 < n && k && l[k - 1] == '\\')
			k--;
		while (k && l[k - 1] == ' ')
			k--;
		if (p != cmd)
			*p++ = ' ';
		memcpy(p, l, k);
		p += k;
	}
	*p = '\0';
	return cmd;
}

static void add_cmd(struct cmds *c, char *cmd)
{
	if (c->n < MAX_CMDS)
		c->v[c->n++] = cmd;
	else
		free(cmd);
}

/* Commands in a literal block: lines starting with pcs or crm. */
static void collect_commands(struct cmds *c, char **lines, int n)
{
	for (int i = 0; i < n;) {
		int j = i;

		while (j + 1 < n && ends_with_backslash(lines[j]))
			j++;
		const char *first = lines[i] + strspn(lines[i], " \t");

		if (!strncmp(first, "pcs ", 4) || !strncmp(first, "crm ", 4))
			add_cmd(c, join_command(lines + i, j - i + 1));
		i = j + 1;
	}
}

/* Render a longdesc: paragraphs, "- " items, indented literal lines. */
static void render_longdesc(FILE *out, const char *text, struct cmds *c)
{
	char *copy = strdup(text), **lines;
	int n = 0, cap = 16, i = 0;
	enum { NONE, PROSE, ITEM } mode = NONE;

	if (copy == NULL)
		return;
	lines = xmalloc(sizeof(*lines) * (size_t)cap);
	/* split into lines, keeping empty ones (strtok would drop them) */
	for (char *p = copy;; ) {
		char *nl = strchr(p, '\n');

		if (n == cap) {
			cap *= 2;
			lines = realloc(lines, sizeof(*lines) * (size_t)cap);
			if (lines == NULL)
				exit(1);
		}
		lines[n++] = p;
		if (nl == NULL)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	while (i < n) {
		const char *l = lines[i];
		const char *t = l + strspn(l, " \t");

		if (*t == '\0') {
			mode = NONE;
			i++;
		} else if (literal_indent(l) >= 0 && mode != ITEM) {
			int j = i;

			while (j < n && literal_indent(lines[j]) >= 0)
				j++;
			/* keep the lines' indentation relative to the first */
			int base = literal_indent(lines[i]);
			char **lit = xmalloc(sizeof(*lit) * (size_t)(j - i));

			for (int k = i; k < j; k++) {
				int ind = literal_indent(lines[k]);

				lit[k - i] = lines[k] + (ind > base ? base : ind);
			}
			roff_literal(out, lit, j - i);
			collect_commands(c, lit, j - i);
			free(lit);
			mode = NONE;
			i = j;
		} else if (!strncmp(t, "- ", 2)) {
			fputs(".IP \\(bu 2\n", out);
			roff_text_line(out, t + 2, strlen(t + 2));
			mode = ITEM;
			i++;
		} else if (mode == ITEM && t != l) {
			/* an indented line right after an item continues it */
			roff_text_line(out, t, strlen(t));
			i++;
		} else {
			if (mode != PROSE)
				fputs(".PP\n", out);
			mode = PROSE;
			roff_text_line(out, t, strlen(t));
			i++;
		}
	}
	free(lines);
	free(copy);
}

/* ------------------------------------------------------------- sections */

/* Standard meanings, for the actions list. */
static const char *action_meaning(const char *name)
{
	static const struct { const char *name, *what; } m[] = {
		{ "start", "Starts the resource; returns once it is ready." },
		{ "stop", "Stops the resource; returns 0 only when nothing of it is left." },
		{ "monitor", "Reports the resource's state (0 running, 7 stopped, 190 degraded, 1 failed)." },
		{ "reload-agent", "Applies changed reloadable parameters without a restart." },
		{ "meta-data", "Prints this description as OCF 1.1 XML." },
		{ "validate-all", "Checks the parameters (deeper checks with OCF_CHECK_LEVEL=10)." },
		{ "promote", "Promotes the resource." },
		{ "demote", "Demotes the resource." },
		{ "notify", "Receives a clone notification." },
		{ "migrate_to", "Migrates the resource away." },
		{ "migrate_from", "Completes a migration here." },
		{ NULL, NULL },
	};

	for (int i = 0; m[i].name; i++)
		if (!strcmp(m[i].name, name))
			return m[i].what;
	return NULL;
}

/* Actions that are configured as cluster operations (pcs and crmsh skip
 * the others). */
static int is_operation(const char *name)
{
	return strcmp(name, "meta-data") && strcmp(name, "validate-all") && strcmp(name, "status") &&
	       strcmp(name, "usage") && strcmp(name, "methods");
}

/* "p=v" placeholders for the required parameters: the type's name, as
 * resource-agents' pages do. */
static size_t required_params(const xmlNode *params, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (const xmlNode *p = params ? params->children : NULL; p; p = p->next) {
		if (!is_elem(p, "parameter"))
			continue;
		char *name = attr(p, "name"), *req = attr(p, "required");
		const xmlNode *content = child(p, "content");
		char *type = content ? attr(content, "type") : NULL;

		if (name && req && !strcmp(req, "1")) {
			int k = snprintf(buf + used, len - used, "%s%s=%s", used ? " " : "", name,
					 type ? type : "string");

			if (k > 0 && (size_t)k < len - used)
				used += (size_t)k;
		}
		free(name);
		free(req);
		free(type);
	}
	return used;
}

static char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		fprintf(stderr, "meta2man: out of memory\n");
		exit(1);
	}
	return s;
}

/* The derived crm and pcs commands: required parameters with placeholders,
 * the operations with their advised values. */
static void derived_examples(const xmlNode *root, const char *provider, const char *agent, char **crm,
			     char **pcs)
{
	char req[1024], ops[2048] = "", mon[256] = "";
	size_t used = 0;
	const xmlNode *actions = child(root, "actions");

	required_params(child(root, "parameters"), req, sizeof(req));
	for (const xmlNode *a = actions ? actions->children : NULL; a; a = a->next) {
		if (!is_elem(a, "action"))
			continue;
		char *name = attr(a, "name"), *timeout = attr(a, "timeout"), *interval = attr(a, "interval");

		if (name && timeout && is_operation(name)) {
			int k = snprintf(ops + used, sizeof(ops) - used, " op %s timeout=%s interval=%s", name,
					 timeout, interval ? interval : "0s");

			if (k > 0 && (size_t)k < sizeof(ops) - used)
				used += (size_t)k;
			if (!strcmp(name, "monitor") && mon[0] == '\0')
				snprintf(mon, sizeof(mon), " op monitor interval=%s timeout=%s",
					 interval ? interval : "10s", timeout);
		}
		free(name);
		free(timeout);
		free(interval);
	}
	*crm = xasprintf("crm configure primitive p_%s ocf:%s:%s%s%s%s", agent, provider, agent,
			 req[0] ? " params " : "", req, ops);
	*pcs = xasprintf("pcs resource create p_%s ocf:%s:%s%s%s%s", agent, provider, agent,
			 req[0] ? " " : "", req, mon);
}

/* A command shown wrapped at about 64 columns with " \" continuations,
 * and a new line for each "params", "op" and "meta". */
static void render_command(FILE *out, const char *cmd)
{
	const size_t width = 64;
	size_t col = 0;
	const char *p = cmd;

	fputs(".PP\n.RS 4\n.nf\n", out);
	while (*p) {
		const char *end = strchr(p, ' ');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		int keyword = !strncmp(p, "op ", 3) || !strncmp(p, "params ", 7) || !strncmp(p, "meta ", 5);

		if (col > 0 && (col + 1 + n > width || keyword)) {
			fputs(" \\e\n  ", out);
			col = 2;
		} else if (col > 0) {
			fputc(' ', out);
			col++;
		}
		roff_put(out, p, n);
		col += n;
		p += n;
		while (*p == ' ')
			p++;
	}
	fputs("\n.fi\n.RE\n", out);
}

static void section_parameters(FILE *out, const xmlNode *params)
{
	fputs(".SH \"SUPPORTED PARAMETERS\"\n", out);
	for (const xmlNode *p = params ? params->children : NULL; p; p = p->next) {
		if (!is_elem(p, "parameter"))
			continue;
		const xmlNode *content = child(p, "content");
		char *name = attr(p, "name"), *req = attr(p, "required"), *rel = attr(p, "reloadable");
		char *type = content ? attr(content, "type") : NULL;
		char *dflt = content ? attr(content, "default") : NULL;
		char *sd = desc(p, "shortdesc"), *ld = desc(p, "longdesc");
		struct cmds none = { .n = 0 };

		fputs(".TP\n.B ", out);
		roff_puts(out, name ? name : "?");
		fputc('\n', out);
		roff_text(out, sd);
		fputs(".IP\n", out);
		fputs("Type: ", out);
		roff_puts(out, type ? type : "string");
		if (content && type && !strcmp(type, "select")) {
			int first = 1;

			fputs(" (one of", out);
			for (const xmlNode *o = content->children; o; o = o->next) {
				if (!is_elem(o, "option"))
					continue;
				char *v = attr(o, "value");

				fputs(first ? " \\fB" : ", \\fB", out);
				roff_puts(out, v ? v : "");
				fputs("\\fR", out);
				first = 0;
				free(v);
			}
			fputc(')', out);
		}
		fputs(". ", out);
		if (dflt && *dflt) {
			fputs("Default: \\fB", out);
			roff_puts(out, dflt);
			fputs("\\fR.", out);
		} else if (dflt) {
			fputs("Default: empty.", out);
		} else {
			fputs("No default.", out);
		}
		if (req && !strcmp(req, "1"))
			fputs(" Required.", out);
		if (rel && !strcmp(rel, "1"))
			fputs(" Reloadable (reload\\-agent applies a change without a restart).", out);
		fputc('\n', out);
		if (*ld && strcmp(ld, sd)) {
			/* list items and literals inside an indented parameter */
			fputs(".RS\n", out);
			render_longdesc(out, ld, &none);
			fputs(".RE\n", out);
			for (int i = 0; i < none.n; i++)
				free(none.v[i]);
		}
		free(name);
		free(req);
		free(rel);
		free(type);
		free(dflt);
		free(sd);
		free(ld);
	}
}

static void section_actions(FILE *out, const xmlNode *actions)
{
	fputs(".SH \"SUPPORTED ACTIONS\"\n", out);
	fputs(".PP\nAdvised minimum timeouts and default intervals; pcs copies the operations "
	      "into the resource it creates.\n", out);
	for (const xmlNode *a = actions ? actions->children : NULL; a; a = a->next) {
		if (!is_elem(a, "action"))
			continue;
		static const char *const extra[] = { "interval", "depth", "role", "start-delay", NULL };
		char *name = attr(a, "name"), *timeout = attr(a, "timeout");
		const char *what = name ? action_meaning(name) : NULL;

		fputs(".TP\n.B ", out);
		roff_puts(out, name ? name : "?");
		fputc('\n', out);
		if (what)
			roff_text(out, what);
		fputs(".br\nTimeout: ", out);
		roff_puts(out, timeout ? timeout : "?");
		for (int i = 0; extra[i]; i++) {
			char *v = attr(a, extra[i]);

			if (v) {
				fputs(", ", out);
				roff_puts(out, extra[i]);
				fputs(": ", out);
				roff_puts(out, v);
			}
			free(v);
		}
		fputs(".\n", out);
		free(name);
		free(timeout);
	}
}

static void upper(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

static void synopsis(FILE *out, const xmlNode *root, const char *agent)
{
	const xmlNode *params = child(root, "parameters"), *actions = child(root, "actions");
	int first = 1;

	fputs(".SH SYNOPSIS\n.PP\n", out);
	for (const xmlNode *p = params ? params->children : NULL; p; p = p->next) {
		if (!is_elem(p, "parameter"))
			continue;
		const xmlNode *content = child(p, "content");
		char *name = attr(p, "name"), *req = attr(p, "required");
		char *type = content ? attr(content, "type") : NULL;
		int optional = !(req && !strcmp(req, "1"));

		fputs(optional ? "[\\fBOCF_RESKEY_" : "\\fBOCF_RESKEY_", out);
		roff_puts(out, name ? name : "?");
		fputs("\\fR=\\fI", out);
		roff_puts(out, type ? type : "string");
		fputs(optional ? "\\fR]\n" : "\\fR\n", out);
		free(name);
		free(req);
		free(type);
	}
	fputs("\\fB", out);
	roff_puts(out, agent);
	fputs("\\fR [", out);
	for (const xmlNode *a = actions ? actions->children : NULL; a; a = a->next) {
		if (!is_elem(a, "action"))
			continue;
		char *name = attr(a, "name");

		fputs(first ? "" : " | ", out);
		roff_puts(out, name ? name : "?");
		first = 0;
		free(name);
	}
	fputs("]\n", out);
}

static int write_page(FILE *out, const xmlNode *root, const struct opts *o)
{
	char *agent = attr(root, "name"), *version = attr(root, "version");
	char *sd = desc(root, "shortdesc"), *ld = desc(root, "longdesc");
	char *page, *title, *crm = NULL, *pcs = NULL;
	struct cmds c = { .n = 0 };
	int rc = 0;
	FILE *body;
	char *body_buf = NULL;
	size_t body_len = 0;

	if (agent == NULL || !*agent) {
		fprintf(stderr, "meta2man: resource-agent has no name\n");
		free(agent);
		free(version);
		free(sd);
		free(ld);
		return 1;
	}
	page = xasprintf("ocf_%s_%s", o->provider, agent);
	title = strdup(page);
	if (title == NULL)
		exit(1);
	upper(title);

	/* the description is rendered first: it yields the longdesc commands */
	body = open_memstream(&body_buf, &body_len);
	if (body == NULL)
		exit(1);
	render_longdesc(body, ld, &c);
	fclose(body);
	derived_examples(root, o->provider, agent, &crm, &pcs);

	if (o->examples) {
		for (int i = 0; i < c.n; i++)
			printf("%s\n", c.v[i]);
		printf("%s\n%s\n", crm, pcs);
	} else {
		fputs(".\\\" Generated by meta2man from the agent's meta-data; do not edit.\n", out);
		fputs(".TH ", out);
		roff_arg(out, title);
		fputc(' ', out);
		roff_arg(out, o->section);
		fputc(' ', out);
		roff_arg(out, o->date);
		fputc(' ', out);
		roff_arg(out, o->source ? o->source : (version ? version : ""));
		fputc(' ', out);
		roff_arg(out, o->manual);
		fputs("\n.nh\n.ad l\n.SH NAME\n", out);
		roff_puts(out, page);
		fputs(" \\- ", out);
		roff_puts(out, *sd ? sd : agent);
		fputc('\n', out);
		synopsis(out, root, agent);
		fputs(".SH DESCRIPTION\n", out);
		fwrite(body_buf, 1, body_len, out);
		section_parameters(out, child(root, "parameters"));
		section_actions(out, child(root, "actions"));
		fputs(".SH EXAMPLES\n.PP\nWith the crm shell (crmsh), advised operation values "
		      "included:\n", out);
		render_command(out, crm);
		fputs(".PP\nWith pcs, which adds the advised operations by itself:\n", out);
		render_command(out, pcs);
		fputs(".PP\n\\fBcrm ra info ocf:", out);
		roff_puts(out, o->provider);
		fputc(':', out);
		roff_puts(out, agent);
		fputs("\\fR and \\fBpcs resource describe ocf:", out);
		roff_puts(out, o->provider);
		fputc(':', out);
		roff_puts(out, agent);
		fputs("\\fR show the same text.\n", out);
		if (o->see_also && *o->see_also) {
			fputs(".SH \"SEE ALSO\"\n.PP\n", out);
			roff_text(out, o->see_also);
		}
		if (ferror(out))
			rc = 1;
	}
	for (int i = 0; i < c.n; i++)
		free(c.v[i]);
	free(body_buf);
	free(crm);
	free(pcs);
	free(page);
	free(title);
	free(agent);
	free(version);
	free(sd);
	free(ld);
	return rc;
}

static void usage(FILE *f)
{
	fputs("usage: meta2man [--provider P] [--section N] [--date D] [--source S] [--manual M]\n"
	      "                [--see-also LIST] [--examples] [FILE|-]\n", f);
}

int main(int argc, char **argv)
{
	struct opts o = {
		.provider = "samguard", .section = "7", .date = "", .source = NULL,
		.manual = "OCF resource agents", .see_also = NULL, .examples = 0, .file = "-",
	};
	xmlDocPtr doc;
	const xmlNode *root;
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = !strcmp(a, "--provider") ? &o.provider
				    : !strcmp(a, "--section") ? &o.section
				    : !strcmp(a, "--date") ? &o.date
				    : !strcmp(a, "--source") ? &o.source
				    : !strcmp(a, "--manual") ? &o.manual
				    : !strcmp(a, "--see-also") ? &o.see_also : NULL;

		if (slot) {
			if (i + 1 >= argc) {
				usage(stderr);
				return 2;
			}
			*slot = argv[++i];
		} else if (!strcmp(a, "--examples")) {
			o.examples = 1;
		} else if (!strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (a[0] == '-' && a[1]) {
			usage(stderr);
			return 2;
		} else {
			o.file = a;
		}
	}
	doc = xmlReadFile(o.file, NULL, XML_PARSE_NONET);
	if (doc == NULL) {
		fprintf(stderr, "meta2man: %s: not well-formed XML\n", o.file);
		return 1;
	}
	root = xmlDocGetRootElement(doc);
	if (!is_elem(root, "resource-agent")) {
		fprintf(stderr, "meta2man: %s: the root element is not <resource-agent>\n", o.file);
		xmlFreeDoc(doc);
		return 1;
	}
	rc = write_page(stdout, root, &o);
	if (fflush(stdout) != 0)
		rc = 1;
	xmlFreeDoc(doc);
	xmlCleanupParser();
	return rc;
}
