/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samguard-run - supervise one program under corosync's SAM.
 *
 * The per-resource supervisor that SAMProcess start launches, and a
 * standalone launcher for programs outside Pacemaker (one supervisor,
 * lib/supervise.c, serves both). Options mirror the SAMProcess parameters;
 * everything after "--" is the program and its arguments, passed to it
 * unchanged. With --health notify the program may speak sd_notify or use
 * the heartbeat-shim libraries (apphb(3), ha_gs(3)); see samguard-run(8). */
#include "log.h"
#include "ocf.h"
#include "params.h"
#include "supervise.h"
#include "util.h"

#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SG_VERSION
#define SG_VERSION "0"
#endif

static const char *const opt_params[] = { "binfile", "workdir", "user", "logfile", "errlogfile",
					  "stop_timeout", "health", "health_interval", "health_cmd",
					  "health_target", "max_restarts", "restart_window", "quorum",
					  "watchdog", "readiness", "pidfile" };

struct opt_values {
	const char *v[SG_ARRAY_SIZE(opt_params)];
};

static const char *get_opt(const char *name, void *ctx)
{
	struct opt_values *ov = ctx;

	for (size_t i = 0; i < SG_ARRAY_SIZE(opt_params); i++)
		if (!strcmp(opt_params[i], name))
			return ov->v[i];
	return NULL;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: samguard-run [options] -- PROGRAM [ARGS...]\n"
		"Supervise PROGRAM under corosync's SAM: restart it in place when it dies or hangs,\n"
		"publish its state in cmap under samguard.resource.NAME.\n\n"
		"  -n, --name NAME            name in cmap (default: PROGRAM's file name)\n"
		"  -H, --health METHOD        exit | notify | command | tcp (default exit)\n"
		"  -i, --health-interval MS   SAM health interval in ms (default 1000)\n"
		"      --health-cmd CMD       command for --health command (split without a shell)\n"
		"      --health-target H:P    address for --health tcp\n"
		"      --watchdog WHEN        auto | require | off: when WATCHDOG=1 is required (default auto:\n"
		"                             once PROGRAM sent its first one)\n"
		"      --readiness WHO        health | notify: READY=1 ends start whatever the method\n"
		"      --pidfile FILE         PROGRAM forks into the background and writes its pid here\n"
		"  -r, --max-restarts N       restarts allowed within the window (default 5)\n"
		"  -w, --restart-window S     window in seconds (default 60)\n"
		"  -q, --quorum POLICY        ignore | require (default ignore)\n"
		"  -u, --user USER            run PROGRAM as USER with its groups\n"
		"  -d, --workdir DIR          working directory (default /)\n"
		"      --logfile FILE         PROGRAM's stdout (default /dev/null)\n"
		"      --errlogfile FILE      PROGRAM's stderr (default: same as --logfile)\n"
		"      --stop-timeout S       seconds from SIGTERM to SIGKILL on stop (default 10)\n"
		"      --ready-timeout MS     how long PROGRAM may take to become ready (default 60000)\n"
		"  -h, --help                 this text\n"
		"  -V, --version              version\n"
		"Programs that speak sd_notify, or use libapphb or libha_gs, need --health notify.\n"
		"Stop it with SIGTERM (or SIGINT) to the samguard-run process. Exit status: 0 stopped\n"
		"(or PROGRAM stopped cleanly), 1 gave up or no corosync, 2 bad options. See samguard-run(8).\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "health", required_argument, NULL, 'H' },
		{ "health-interval", required_argument, NULL, 'i' },
		{ "health-cmd", required_argument, NULL, 'C' },
		{ "health-target", required_argument, NULL, 'T' },
		{ "max-restarts", required_argument, NULL, 'r' },
		{ "restart-window", required_argument, NULL, 'w' },
		{ "quorum", required_argument, NULL, 'q' },
		{ "user", required_argument, NULL, 'u' },
		{ "workdir", required_argument, NULL, 'd' },
		{ "logfile", required_argument, NULL, 'L' },
		{ "errlogfile", required_argument, NULL, 'E' },
		{ "stop-timeout", required_argument, NULL, 'S' },
		{ "ready-timeout", required_argument, NULL, 'R' },
		{ "watchdog", required_argument, NULL, 'W' },
		{ "readiness", required_argument, NULL, 'Y' },
		{ "pidfile", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const keys[] = { ['H'] = "health", ['i'] = "health_interval", ['C'] = "health_cmd",
		['T'] = "health_target", ['r'] = "max_restarts", ['w'] = "restart_window", ['q'] = "quorum",
		['u'] = "user", ['d'] = "workdir", ['L'] = "logfile", ['E'] = "errlogfile",
		['S'] = "stop_timeout", ['W'] = "watchdog", ['Y'] = "readiness", ['P'] = "pidfile" };
	struct opt_values ov = { { NULL } };
	struct sg_supervise_config cfg = { .ready_timeout_ms = 60000, .self_argv = argv };
	const char *name = NULL;
	char reason[256], namebuf[SG_NAME_MAX + 1];
	uint64_t n;
	int c, rc;

	while ((c = getopt_long(argc, argv, "+n:H:i:r:w:q:u:d:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			name = optarg;
			break;
		case 'R':
			if (sg_parse_u64(optarg, 0, 86400000, &n) != 0) {
				fprintf(stderr, "samguard-run: --ready-timeout '%s' is not 0..86400000\n", optarg);
				return 2;
			}
			cfg.ready_timeout_ms = (unsigned int)n;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("samguard-run %s\n", SG_VERSION);
			return 0;
		case '?':
			usage(stderr);
			return 2;
		default:
			for (size_t i = 0; i < SG_ARRAY_SIZE(opt_params); i++)
				if (!strcmp(opt_params[i], keys[c]))
					ov.v[i] = optarg;
			break;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "samguard-run: no program given\n");
		usage(stderr);
		return 2;
	}
	ov.v[0] = argv[optind];
	if (name == NULL) {
		sg_strlcpy(namebuf, argv[optind], sizeof(namebuf));
		name = basename(namebuf);
	}
	sg_log_init("samguard-run", name, 1);
	rc = sg_params_load(&cfg.params, get_opt, &ov, reason, sizeof(reason));
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
	cfg.argv = argv + optind;
	return sg_supervise_run(&cfg);
}
