/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ha_gs.h - the responsiveness subset of IBM RSCT Group Services' GSAPI,
 * served by samguard's supervisor (samguard-run, SAMProcess with
 * health=notify). See ha_gs(3).
 *
 * SOURCE-COMPATIBLE, NOT BINARY-COMPATIBLE. The names, types and
 * semantics below follow the public GSAPI documentation. Where it leaves a
 * value or layout unknown (numeric values of the enumerations and return
 * codes, the integer types, the layout of ha_gs_responsiveness_t, the unit
 * of the time limits, the parameters of the group calls, ha_gs_quit's
 * return type), samguard defines one, marked "samguard:" here. Programs
 * written for GSAPI compile against this header; objects built against
 * IBM's header must be rebuilt.
 *
 * Callbacks run only inside ha_gs_dispatch(), in the calling thread. A
 * responsiveness ping therefore proves that the program's dispatch loop is
 * alive: no answer within the response time limit, or HA_GS_CALLBACK_NOT_OK,
 * makes SAM restart the program. Group membership is not provided: those
 * calls return HA_GS_NOT_SUPPORTED. */
#ifndef _HA_GS_H
#define _HA_GS_H

#ifdef __cplusplus
extern "C" {
#endif

/* samguard: a file descriptor, to poll for input (never read or write it). */
typedef int ha_gs_descriptor_t;
/* samguard: seconds. */
typedef int ha_gs_time_limit_t;
/* samguard: bytes. */
typedef int ha_gs_length_t;
/* samguard: group tokens exist only for the unsupported group calls. */
typedef int ha_gs_token_t;

/* Return codes. samguard: the numeric values; HA_GS_EXISTS,
 * HA_GS_NO_INIT and HA_GS_NOT_SUPPORTED are samguard's names. */
typedef enum {
	HA_GS_OK = 0,
	HA_GS_NOT_OK = 1,               /* no supervisor, or it refused (errno says why) */
	HA_GS_EXISTS = 2,               /* ha_gs_init() was already called */
	HA_GS_NO_INIT = 3,              /* ha_gs_init() was not called (or failed) */
	HA_GS_BAD_PARAMETER = 4,
	HA_GS_BAD_MEMBER_TOKEN = 5,
	HA_GS_BAD_GROUP_ATTRIBUTES = 6,
	HA_GS_BACKLEVEL_PROVIDERS = 7,
	HA_GS_COLLIDE = 8,
	HA_GS_NOT_SUPPORTED = 9         /* group membership: not provided by samguard */
} ha_gs_rc_t;

typedef enum {
	HA_GS_CALLBACK_OK = 0,
	HA_GS_CALLBACK_NOT_OK = 1
} ha_gs_callback_rc_t;

/* socket_options of ha_gs_init(): HA_GS_SOCKET_NO_SIGNAL, optionally
 * with HA_GS_ENABLE_ADAPTER_INFO (accepted; there is no adapter info). */
typedef unsigned int ha_gs_socket_ctrl_t;
#define HA_GS_SOCKET_NO_SIGNAL 0x1u
#define HA_GS_ENABLE_ADAPTER_INFO 0x2u

typedef enum {
	HA_GS_NON_BLOCKING = 0,         /* handle what is pending, return */
	HA_GS_BLOCKING = 1              /* handle forever; returns only on error */
} ha_gs_dispatch_flag_t;

typedef enum {
	HA_GS_NO_RESPONSIVENESS = 0,
	HA_GS_PING_RESPONSIVENESS = 1,  /* the callback is called every interval */
	HA_GS_COUNTER_RESPONSIVENESS = 2  /* the counter must change every interval */
} ha_gs_responsiveness_type_t;

/* samguard: this layout. Interval and limit in seconds, both > 0 unless
 * the type is HA_GS_NO_RESPONSIVENESS. For a ping, the answer must come
 * within the limit; for a counter, it may stand still for interval +
 * limit. The counter is 1, 2, 4 or 8 bytes, incremented (or changed in any
 * way) by the program; the supervisor reads it from the process. */
typedef struct {
	ha_gs_responsiveness_type_t gs_responsiveness_type;
	ha_gs_time_limit_t gs_responsiveness_interval;
	ha_gs_time_limit_t gs_responsiveness_response_time_limit;
	void *gs_counter_location;
	ha_gs_length_t gs_counter_length;
} ha_gs_responsiveness_t;

typedef enum {
	HA_GS_RESPONSIVENESS_NOTIFICATION = 1,
	HA_GS_DELAYED_ERROR_NOTIFICATION = 2,
	HA_GS_QUERY_NOTIFICATION = 3
} ha_gs_notification_type_t;

typedef struct {
	ha_gs_notification_type_t gs_notification_type;     /* HA_GS_RESPONSIVENESS_NOTIFICATION */
	ha_gs_responsiveness_t gs_responsiveness_information; /* as given to ha_gs_init() */
} ha_gs_responsiveness_notification_t;

/* samguard: these two are never delivered (no group operations). */
typedef struct {
	ha_gs_notification_type_t gs_notification_type;
	ha_gs_rc_t gs_error_code;
} ha_gs_delayed_error_notification_t;

typedef struct {
	ha_gs_notification_type_t gs_notification_type;
} ha_gs_query_notification_t;

/* Callback types (functions, passed by address). */
typedef ha_gs_callback_rc_t ha_gs_responsiveness_cb_t(const ha_gs_responsiveness_notification_t *notification);
typedef ha_gs_callback_rc_t ha_gs_delayed_error_cb_t(const ha_gs_delayed_error_notification_t *notification);
typedef ha_gs_callback_rc_t ha_gs_query_cb_t(const ha_gs_query_notification_t *notification);

/* Connect to the supervisor and start the responsiveness checks.
 * *ha_gs_descriptor receives the descriptor to poll for input.
 * deactivate_script is accepted and not run (SAM's recovery is a restart);
 * HA_DOMAIN_NAME is ignored. Returns HA_GS_OK, HA_GS_BAD_PARAMETER,
 * HA_GS_EXISTS, or HA_GS_NOT_OK with errno EBADF (no supervisor), EPERM
 * (the caller is not part of the supervised program) or ENOSPC (too many
 * registered processes). */
ha_gs_rc_t ha_gs_init(ha_gs_descriptor_t *ha_gs_descriptor, const ha_gs_socket_ctrl_t socket_options,
		      const ha_gs_responsiveness_t *responsiveness_control, const char *deactivate_script,
		      ha_gs_responsiveness_cb_t *responsiveness_callback,
		      ha_gs_delayed_error_cb_t *delayed_error_callback, ha_gs_query_cb_t *query_callback);

/* Deliver pending notifications by calling the callbacks. Returns HA_GS_OK
 * (non-blocking), HA_GS_NO_INIT, HA_GS_BAD_PARAMETER, or HA_GS_NOT_OK on a
 * connection error (the only way HA_GS_BLOCKING returns). */
ha_gs_rc_t ha_gs_dispatch(const ha_gs_dispatch_flag_t dispatch_flag);

/* samguard: returns ha_gs_rc_t. End the connection: no more checks; a
 * program whose own process quit and then exits with status 0 has stopped
 * cleanly and is not restarted. Returns HA_GS_OK or HA_GS_NO_INIT. */
ha_gs_rc_t ha_gs_quit(void);

/* Group membership: not provided. samguard: these parameter lists (the
 * GSAPI structures are opaque here); every call returns
 * HA_GS_NOT_SUPPORTED and changes nothing. */
typedef struct ha_gs_proposal_info ha_gs_proposal_info_t;
typedef struct ha_gs_subscription_info ha_gs_subscription_info_t;
typedef struct ha_gs_vote_info ha_gs_vote_info_t;

ha_gs_rc_t ha_gs_join(ha_gs_token_t *provider_token, const ha_gs_proposal_info_t *proposal_info);
ha_gs_rc_t ha_gs_leave(ha_gs_token_t provider_token, const ha_gs_proposal_info_t *proposal_info);
ha_gs_rc_t ha_gs_goodbye(ha_gs_token_t provider_token);
ha_gs_rc_t ha_gs_expel(ha_gs_token_t provider_token, const ha_gs_proposal_info_t *proposal_info);
ha_gs_rc_t ha_gs_vote(ha_gs_token_t provider_token, const ha_gs_vote_info_t *vote_info);
ha_gs_rc_t ha_gs_change_state_value(ha_gs_token_t provider_token, const ha_gs_proposal_info_t *proposal_info);
ha_gs_rc_t ha_gs_change_attributes(ha_gs_token_t provider_token, const ha_gs_proposal_info_t *proposal_info);
ha_gs_rc_t ha_gs_send_message(ha_gs_token_t provider_token, const ha_gs_proposal_info_t *proposal_info);
ha_gs_rc_t ha_gs_subscribe(ha_gs_token_t *subscriber_token, const ha_gs_subscription_info_t *subscription_info);
ha_gs_rc_t ha_gs_unsubscribe(ha_gs_token_t subscriber_token);

#ifdef __cplusplus
}
#endif

#endif
