/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samguard-run - supervise one program under corosync's SAM.
 *
 * The per-resource supervisor that SAMProcess start launches, and a
 * standalone launcher for programs outside Pacemaker (one supervisor,
 * lib/supervise.c, serves both). Its options are the SAMProcess parameters,
 * from the one table in lib/params.c (lib/paramcli.c makes them options and
 * usage lines); everything after "--" is the program and its arguments, passed to it
 * unchanged. With --health notify the program may speak sd_notify or use
 * the heartbeat-shim libraries (apphb(3), ha_gs(3)); see samguard-run(8). */
#include "log.h"
#include "ocf.h"
#include "paramcli.h"
#include "params.h"
#include "push.h"
#include "supervise.h"
#include "util.h"
#include "kvlocal.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SG_VERSION
#define SG_VERSION "0"
#endif

static void usage(FILE *f)
{
	fprintf(f,
		"usage: samguard-run [options] -- PROGRAM [ARGS...]\n"
		"Supervise PROGRAM under corosync's SAM: restart it in place when it dies or hangs,\n"
		"publish its state in cmap under samguard.resource.NAME (on a Pacemaker Remote node,\n"
		"where no corosync runs, in the local store " SG_KVL_DIR ").\n\n");
	sg_cli_usage(f, sg_run_extras);
	fprintf(f,
		"Programs that speak sd_notify, or use libapphb or libha_gs, need --health notify.\n"
		"Stop it with SIGTERM (or SIGINT) to the samguard-run process. Exit status: 0 stopped\n"
		"(or PROGRAM stopped cleanly), 1 gave up or no corosync, 2 bad options. See samguard-run(8).\n");
}

int main(int argc, char **argv)
{
	struct sg_cli cli;
	struct sg_supervise_config cfg = { .ready_timeout_ms = 60000, .self_argv = argv };
	const char *name;
	char reason[256], namebuf[SG_NAME_MAX + 1];
	uint64_t n;
	int rc;

	if (sg_cli_parse(&cli, sg_run_extras, argc, argv) != 0) {
		usage(stderr);
		return 2;
	}
	if (cli.extra[SG_RUN_HELP]) {
		usage(stdout);
		return 0;
	}
	if (cli.extra[SG_RUN_VERSION]) {
		printf("samguard-run %s\n", SG_VERSION);
		return 0;
	}
	if (cli.extra[SG_RUN_READY_TIMEOUT]) {
		if (sg_parse_u64(cli.extra[SG_RUN_READY_TIMEOUT], 0, 86400000, &n) != 0) {
			fprintf(stderr, "samguard-run: --ready-timeout '%s' is not 0..86400000\n",
				cli.extra[SG_RUN_READY_TIMEOUT]);
			return 2;
		}
		cfg.ready_timeout_ms = (unsigned int)n;
	}
	if (cli.extra[SG_RUN_NODE]) {
		if (sg_push_valid_node(cli.extra[SG_RUN_NODE]) < 0) {
			fprintf(stderr, "samguard-run: --node '%s' is not a node name\n", cli.extra[SG_RUN_NODE]);
			return 2;
		}
		cfg.node = cli.extra[SG_RUN_NODE];
	}
	if (cli.program_argc == 0) {
		fprintf(stderr, "samguard-run: no program given\n");
		usage(stderr);
		return 2;
	}
	name = cli.extra[SG_RUN_NAME];
	if (name == NULL) {
		sg_strlcpy(namebuf, cli.program[0], sizeof(namebuf));
		name = basename(namebuf);
	}
	sg_log_init("samguard-run", name, 1);
	rc = sg_params_load(&cfg.params, sg_cli_get, &cli, reason, sizeof(reason));
	if (rc == 0 && strlen(name) > SG_NAME_MAX) {
		snprintf(reason, sizeof(reason), "name longer than %d bytes", SG_NAME_MAX);
		rc = SG_OCF_ERR_CONFIGURED;
	}
	if (rc == 0)
		rc = sg_params_check_env(&cfg.params, reason, sizeof(reason));
	if (rc != 0) {
		fprintf(stderr, "samguard-run: %s\n", reason);
		return 2;
	}
	sg_strlcpy(cfg.params.name, name, sizeof(cfg.params.name));
	cfg.argv = cli.program;
	return sg_supervise_run(&cfg);
}
