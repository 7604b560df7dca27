/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sv_health_command.c - health=command: health_cmd (no shell, as the
 * daemon's user) must exit 0 within health_interval, every interval. */
#include "argv.h"
#include "spawn.h"
#include "supervise_internal.h"

#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>

static pid_t check_pid;

static int command_start(uint64_t now);
static int command_in_flight(void)
{
	return check_pid > 0;
}

static void command_abort(void)
{
	if (check_pid > 0)
		kill(-check_pid, SIGKILL);
}

static const struct sv_probe_ops command_probe = {
	.driver = &sv_health_command,
	.what = "health_cmd",
	.start = command_start,
	.in_flight = command_in_flight,
	.abort = command_abort,
};

static int command_start(uint64_t now)
{
	char **argv = NULL, err[256];
	int argc = 0;
	struct sg_spawn_opts o = { .cred = &sv_cred, .workdir = sv_cfg->params.workdir,
				   .pdeathsig = SIGKILL, .cgroup_fd = sv_ch.cg.dfd /* part of the instance */ };

	(void)now;
	if (sg_argv_split(sv_cfg->params.health_cmd, &argv, &argc) != 0 || argc == 0)
		sv_child_give_up("health_cmd cannot be parsed");
	o.path = argv[0];
	o.argv = argv;
	check_pid = sg_spawn(&o, err, sizeof(err));
	sg_argv_free(argv);
	if (check_pid < 0) {
		check_pid = 0;
		sv_child_fail("health check: %s", err);
	}
	return 0;
}

static void command_tick(uint64_t now)
{
	sv_probe_tick(&command_probe, now);
}

static uint64_t command_next_wake(uint64_t now)
{
	(void)now;
	return sv_probe_next_wake(&command_probe);
}

/* health_cmd exited: its status is the verdict. An aborted probe (killed
 * at its deadline) is reaped here too; its verdict was already given. */
static int command_reaped(pid_t pid, int status)
{
	char how[64], why[128];

	if (pid != check_pid || pid <= 0)
		return 0;
	check_pid = 0;
	sv_describe_status(status, how, sizeof(how));
	snprintf(why, sizeof(why), "health_cmd failed (%s)", how);
	sv_probe_done(&command_probe, WIFEXITED(status) && WEXITSTATUS(status) == 0, why);
	return 1;
}

const struct sv_health_driver sv_health_command = {
	.method = SG_HEALTH_COMMAND,
	.tick = command_tick,
	.next_wake = command_next_wake,
	.reaped = command_reaped,
	.cancel = command_abort,
};
