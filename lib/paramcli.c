/* SPDX-License-Identifier: GPL-2.0-or-later */
/* paramcli.c - samguard-run's command line from the SAMProcess parameter
 * table: parsing, usage, and the argv SAMProcess starts the supervisor with. */
#include "paramcli.h"

#include "argv.h"
#include "healthmethods.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* getopt_long values of the long options: table entry or extra, by index */
#define OPT_PARAM 0x100
#define OPT_EXTRA 0x200

/* usage: the column the texts start in, and the width of a line */
#define USAGE_INDENT 29
#define USAGE_WIDTH 79

const struct sg_cli_opt sg_run_extras[] = {
	[SG_RUN_NAME] = { "name", 'n', "NAME", "name in cmap (default: PROGRAM's file name)", 0 },
	[SG_RUN_READY_TIMEOUT] = { "ready-timeout", 0, "MS", "time PROGRAM has to become ready (default 60000)", 1 },
	[SG_RUN_NODE] = { "node", 0, "NODE",
			  "Pacemaker's name of this node: a give-up is reported for it (--push)", 1 },
	[SG_RUN_HELP] = { "help", 'h', NULL, "this text", 1 },
	[SG_RUN_VERSION] = { "version", 'V', NULL, "version", 1 },
	[SG_RUN_EXTRAS] = { NULL, 0, NULL, NULL, 0 },
};

int sg_cli_parse(struct sg_cli *c, const struct sg_cli_opt *extras, int argc, char **argv)
{
	struct option lo[2 * SG_CLI_MAX + 1];
	char shortopts[4 * SG_CLI_MAX + 2];
	size_t nlo = 0, ns = 0;
	int np = 0, nx = 0, ch;

	memset(c, 0, sizeof(*c));
	shortopts[ns++] = '+'; /* stop at the program: its options are its own */
	for (const struct sg_param_def *d = sg_samprocess_params; d->name; d++, np++) {
		if (np >= SG_CLI_MAX)
			return -E2BIG;
		if (d->longopt == NULL)
			continue;
		lo[nlo++] = (struct option){ d->longopt, required_argument, NULL, OPT_PARAM + np };
		if (d->shortopt) {
			shortopts[ns++] = d->shortopt;
			shortopts[ns++] = ':';
		}
	}
	for (const struct sg_cli_opt *x = extras; x && x->longopt; x++, nx++) {
		if (nx >= SG_CLI_MAX)
			return -E2BIG;
		lo[nlo++] = (struct option){ x->longopt, x->metavar ? required_argument : no_argument, NULL,
					     OPT_EXTRA + nx };
		if (x->shortopt) {
			shortopts[ns++] = x->shortopt;
			if (x->metavar)
				shortopts[ns++] = ':';
		}
	}
	lo[nlo] = (struct option){ NULL, 0, NULL, 0 };
	shortopts[ns] = '\0';

	optind = 0; /* glibc: start afresh, and read the '+' again */
	while ((ch = getopt_long(argc, argv, shortopts, lo, NULL)) != -1) {
		if (ch == '?' || ch == ':')
			return -EINVAL;
		if (ch < OPT_PARAM) { /* a short option: whose? */
			int i = 0, found = 0;

			for (const struct sg_param_def *d = sg_samprocess_params; d->name && !found; d++, i++)
				if (d->longopt && d->shortopt == ch)
					found = OPT_PARAM + i;
			i = 0;
			for (const struct sg_cli_opt *x = extras; x && x->longopt && !found; x++, i++)
				if (x->shortopt == ch)
					found = OPT_EXTRA + i;
			if (!found)
				return -EINVAL;
			ch = found;
		}
		if (ch >= OPT_EXTRA)
			c->extra[ch - OPT_EXTRA] = optarg ? optarg : "";
		else
			c->param[ch - OPT_PARAM] = optarg;
	}
	if (optind < argc) {
		c->program = argv + optind;
		c->program_argc = argc - optind;
	}
	return 0;
}

const char *sg_cli_get(const char *name, void *ctx)
{
	const struct sg_cli *c = ctx;
	int i = 0;

	for (const struct sg_param_def *d = sg_samprocess_params; d->name && i < SG_CLI_MAX; d++, i++) {
		if (strcmp(d->name, name))
			continue;
		if (d->flags & SG_PF_ARGV_PROGRAM)
			return c->program_argc > 0 ? c->program[0] : NULL;
		if (d->flags & SG_PF_ARGV_ARGS)
			return NULL;
		return c->param[i];
	}
	return NULL;
}

/* "  -i, --health-interval MS", then text from column USAGE_INDENT on,
 * wrapped at word boundaries. */
static void usage_line(FILE *f, char shortopt, const char *longopt, const char *metavar, const char *text)
{
	int col = fprintf(f, "  %c%c%s--%s%s%s", shortopt ? '-' : ' ', shortopt ? shortopt : ' ',
			  shortopt ? ", " : "  ", longopt, metavar ? " " : "", metavar ? metavar : "");

	if (col >= USAGE_INDENT - 1) {
		fputc('\n', f);
		col = 0;
	}
	for (const char *w = text; *w;) {
		size_t len = strcspn(w, " ");

		if (col > USAGE_INDENT && col + 1 + (int)len > USAGE_WIDTH) {
			fputc('\n', f);
			col = 0;
		}
		if (col < USAGE_INDENT)
			col += fprintf(f, "%*s", USAGE_INDENT - col, "");
		else
			col += fprintf(f, " ");
		col += fprintf(f, "%.*s", (int)len, w);
		w += len;
		w += strspn(w, " ");
	}
	fputc('\n', f);
}

static void usage_extras(FILE *f, const struct sg_cli_opt *extras, int after)
{
	for (const struct sg_cli_opt *x = extras; x && x->longopt; x++)
		if (!x->after == !after)
			usage_line(f, x->shortopt, x->longopt, x->metavar, x->usage ? x->usage : "");
}

void sg_cli_usage(FILE *f, const struct sg_cli_opt *extras)
{
	usage_extras(f, extras, 0);
	for (const struct sg_param_def *d = sg_samprocess_params; d->name; d++) {
		char text[512] = "";
		size_t len = 0;

		if (d->longopt == NULL)
			continue;
		if (d->options) {
			len = sg_names_join(text, sizeof(text), d->options, " | ");
			if (d->usage && len < sizeof(text))
				len += (size_t)snprintf(text + len, sizeof(text) - len, ": ");
		}
		if (d->usage && len < sizeof(text))
			len += (size_t)snprintf(text + len, sizeof(text) - len, "%s", d->usage);
		if (!sg_str_empty(d->dflt) && len < sizeof(text))
			snprintf(text + len, sizeof(text) - len, " (default %s)", d->dflt);
		usage_line(f, d->shortopt, d->longopt, d->metavar, text);
	}
	usage_extras(f, extras, 1);
}

/* A NULL-terminated vector of copies. */
struct words {
	char **v;
	size_t n, cap;
};

static int push(struct words *w, const char *s)
{
	if (w->n + 2 > w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 64;
		char **v = realloc(w->v, cap * sizeof(*v));

		if (v == NULL)
			return -ENOMEM;
		w->v = v;
		w->cap = cap;
	}
	w->v[w->n] = strdup(s);
	if (w->v[w->n] == NULL)
		return -ENOMEM;
	w->v[++w->n] = NULL;
	return 0;
}

/* "--" and the option's name */
static int push_option(struct words *w, const char *longopt)
{
	char buf[64];

	if (snprintf(buf, sizeof(buf), "--%s", longopt) >= (int)sizeof(buf))
		return -E2BIG;
	return push(w, buf);
}

int sg_params_argv(const struct sg_params *p, const char *const *head, char ***out)
{
	struct words w = { NULL, 0, 0 };
	const struct sg_param_def *d;
	char num[24], **args = NULL;
	const char *v;
	int rc = 0, program = 0;

	*out = NULL;
	for (; head && *head && rc == 0; head++)
		rc = push(&w, *head);
	/* the options, in the table's order */
	for (d = sg_samprocess_params; d->name && rc == 0; d++) {
		if (d->longopt == NULL || (v = sg_param_text(p, d, num, sizeof(num))) == NULL)
			continue;
		rc = push_option(&w, d->longopt);
		if (rc == 0)
			rc = push(&w, v);
	}
	if (rc == 0)
		rc = push(&w, "--");
	/* the program, then its arguments */
	for (d = sg_samprocess_params; d->name && rc == 0; d++) {
		if (!(d->flags & SG_PF_ARGV_PROGRAM))
			continue;
		v = sg_param_text(p, d, num, sizeof(num));
		rc = v ? push(&w, v) : -EINVAL;
		program++;
	}
	for (d = sg_samprocess_params; d->name && rc == 0; d++) {
		if (!(d->flags & SG_PF_ARGV_ARGS))
			continue;
		rc = sg_argv_split(sg_param_text(p, d, num, sizeof(num)), &args, NULL);
		for (char **a = args; rc == 0 && a && *a; a++)
			rc = push(&w, *a);
		sg_argv_free(args);
		args = NULL;
	}
	if (rc == 0 && program != 1)
		rc = -EINVAL;
	if (rc < 0)
		goto fail;
	*out = w.v;
	return (int)w.n;
fail:
	sg_argv_free(w.v);
	return rc;
}
