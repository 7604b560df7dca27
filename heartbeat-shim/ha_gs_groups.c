/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ha_gs_groups.c - GSAPI's group membership calls, which samguard does not
 * provide: a program gets a clear HA_GS_NOT_SUPPORTED instead of a link
 * error, and can fall back or say what it misses. */
#include "ha_gs.h"

ha_gs_rc_t ha_gs_join(ha_gs_token_t *provider_token, const ha_gs_proposal_info_t *proposal_info)
{
	(void)provider_token;
	(void)proposal_info;
	return HA_GS_NOT_SUPPORTED;
}

ha_gs_rc_t ha_gs_leave(ha_gs_token_t provider_token, const ha_gs_proposal_info_t *proposal_info)
{
	(void)provider_token;
	(void)proposal_info;
	return HA_GS_NOT_SUPPORTED;
}

ha_gs_rc_t ha_gs_goodbye(ha_gs_token_t provider_token)
{
	(void)provider_token;
	return HA_GS_NOT_SUPPORTED;
}

ha_gs_rc_t ha_gs_expel(ha_gs_token_t provider_token, const ha_gs_proposal_info_t *proposal_info)
{
	(void)provider_token;
	(void)proposal_info;
	return HA_GS_NOT_SUPPORTED;
}

ha_gs_rc_t ha_gs_vote(ha_gs_token_t provider_token, const ha_gs_vote_info_t *vote_info)
{
	(void)provider_token;
	(void)vote_info;
	return HA_GS_NOT_SUPPORTED;
}

ha_gs_rc_t ha_gs_change_state_value(ha_gs_token_t provider_token, const ha_gs_proposal_info_t *proposal_info)
{
	(void)provider_token;
	(void)proposal_info;
	return HA_GS_NOT_SUPPORTED;
}

ha_gs_rc_t ha_gs_change_attributes(ha_gs_token_t provider_token, const ha_gs_proposal_info_t *proposal_info)
{
	(void)provider_token;
	(void)proposal_info;
	return HA_GS_NOT_SUPPORTED;
}

ha_gs_rc_t ha_gs_send_message(ha_gs_token_t provider_token, const ha_gs_proposal_info_t *proposal_info)
{
	(void)provider_token;
	(void)proposal_info;
	return HA_GS_NOT_SUPPORTED;
}

ha_gs_rc_t ha_gs_subscribe(ha_gs_token_t *subscriber_token, const ha_gs_subscription_info_t *subscription_info)
{
	(void)subscriber_token;
	(void)subscription_info;
	return HA_GS_NOT_SUPPORTED;
}

ha_gs_rc_t ha_gs_unsubscribe(ha_gs_token_t subscriber_token)
{
	(void)subscriber_token;
	return HA_GS_NOT_SUPPORTED;
}
