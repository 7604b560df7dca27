/* SPDX-License-Identifier: GPL-2.0-or-later */
/* agentmain.c - shared OCF action dispatch for the agents. */
#include "agentmain.h"

#include "log.h"
#include "names.h"
#include "ocf.h"

#include <stdio.h>
#include <string.h>

int sg_agent_main(const struct sg_agent *agent, int argc, char **argv)
{
	enum sg_ocf_action action = sg_ocf_action_parse(argc > 1 ? argv[1] : NULL);
	const char *name = sg_ocf_instance();

	sg_log_init(agent->info->name, name, 1);
	switch (action) {
	case SG_ACTION_META_DATA:
		return sg_metadata_write(stdout, agent->info) == 0 ? SG_OCF_SUCCESS : SG_OCF_ERR_GENERIC;
	case SG_ACTION_USAGE:
		printf("%s\n", agent->usage);
		return SG_OCF_SUCCESS;
	case SG_ACTION_VALIDATE_ALL:
		return agent->validate();
	case SG_ACTION_START:
	case SG_ACTION_STOP:
	case SG_ACTION_MONITOR:
		break;
	case SG_ACTION_RELOAD_AGENT:
		if (agent->reload)
			break;
		/* fall through */
	default:
		fprintf(stderr, "%s\n", agent->usage);
		return SG_OCF_ERR_UNIMPLEMENTED;
	}
	if (name == NULL || strlen(name) > SG_NAME_MAX) {
		sg_ocf_exit_reason("OCF_RESOURCE_INSTANCE is unset or longer than %d bytes", SG_NAME_MAX);
		return action == SG_ACTION_STOP ? SG_OCF_SUCCESS
		       : action == SG_ACTION_MONITOR ? SG_OCF_NOT_RUNNING : SG_OCF_ERR_CONFIGURED;
	}
	switch (action) {
	case SG_ACTION_START:
		return agent->start(name);
	case SG_ACTION_STOP:
		return agent->stop(name);
	case SG_ACTION_MONITOR:
		return agent->monitor(name);
	default:
		return agent->reload(name);
	}
}
