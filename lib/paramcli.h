/* SPDX-License-Identifier: GPL-2.0-or-later */
/* paramcli.h - the SAMProcess parameter table (params.h) as samguard-run's
 * command line: getopt_long options and usage generated from the table, a
 * get() for sg_params_load over the parsed options, and the inverse, the
 * supervisor's argv that SAMProcess builds from struct sg_params. */
#ifndef SG_PARAMCLI_H
#define SG_PARAMCLI_H

#include "params.h"

#include <stddef.h>
#include <stdio.h>

/* Most options of either kind (table entries, extras). */
#define SG_CLI_MAX 32

/* A samguard-run option that is no SAMProcess parameter (--name, --help). */
struct sg_cli_opt {
	const char *longopt;        /* "ready-timeout"; NULL ends the list */
	char shortopt;              /* 0: none */
	const char *metavar;        /* NULL: a flag, no argument */
	const char *usage;
	int after;                  /* listed after the parameters in the usage */
};

/* samguard-run's options that are no SAMProcess parameter, indexed by
 * enum sg_run_extra, terminated by longopt NULL. */
enum sg_run_extra { SG_RUN_NAME, SG_RUN_READY_TIMEOUT, SG_RUN_NODE, SG_RUN_HELP, SG_RUN_VERSION, SG_RUN_EXTRAS };
extern const struct sg_cli_opt sg_run_extras[];

/* The options as given: the last one wins. */
struct sg_cli {
	const char *param[SG_CLI_MAX];  /* by index in sg_samprocess_params, NULL: not given */
	const char *extra[SG_CLI_MAX];  /* by index in the extras; a flag given is "" */
	char **program;                 /* the first word that is no option, and the rest */
	int program_argc;               /* 0: no program */
};

/* Parse argv[1..] with getopt_long (stopping at the first word that is no
 * option, or after "--"), with the table's options and the extras
 * (terminated by longopt NULL). Returns 0, or -EINVAL for an unknown
 * option or a missing argument (getopt has printed why). Resets getopt. */
int sg_cli_parse(struct sg_cli *c, const struct sg_cli_opt *extras, int argc, char **argv);

/* get() for sg_params_load over a parsed command line: an option's
 * argument, the program for the table's SG_PF_ARGV_PROGRAM entry, NULL for
 * SG_PF_ARGV_ARGS (the program's arguments stay words). ctx: struct sg_cli. */
const char *sg_cli_get(const char *name, void *ctx);

/* One line (wrapped at 80 columns) per option: the extras without .after,
 * the table's entries in its order, then the extras with .after. A
 * select's choices and a parameter's non-empty default are added to its
 * text. */
void sg_cli_usage(FILE *f, const struct sg_cli_opt *extras);

/* The supervisor's command line: head (NULL-terminated, copied first), then
 * "--option value" for every table entry that has an option and a value in
 * p (sg_param_text), then "--", the program and the words of its
 * arguments. *out is NULL-terminated, owned by the caller (sg_argv_free).
 * Returns the number of words, or -ENOMEM, -EINVAL (no program, arguments
 * that cannot be split) or -E2BIG. */
int sg_params_argv(const struct sg_params *p, const char *const *head, char ***out);

#endif
