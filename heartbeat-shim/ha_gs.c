/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ha_gs.c - GSAPI responsiveness on samguard: ha_gs_init registers the
 * process with the supervisor over $NOTIFY_SOCKET (X-SAMGUARD-CLIENT=ha_gs
 * plus the check it asks for); the supervisor sends X-SAMGUARD-PING=<seq>
 * to the descriptor the program polls, and ha_gs_dispatch answers with
 * X-SAMGUARD-PONG=<seq>, or X-SAMGUARD-FAILED=... when the program's
 * callback says HA_GS_CALLBACK_NOT_OK. A counter is read by the supervisor
 * itself. docs/notify-protocol.md has the keys. */
#include "ha_gs.h"

#include "notifyclient.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define HA_GS_MAX_SECONDS 86400

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct sg_nclient conn = SG_NCLIENT_INIT;
static ha_gs_responsiveness_t control;          /* copy of ha_gs_init's input */
static ha_gs_responsiveness_cb_t *resp_cb;

static int valid_seconds(ha_gs_time_limit_t s)
{
	return s > 0 && s <= HA_GS_MAX_SECONDS;
}

/* ha_gs_init's checks of its arguments (no state involved). */
static int valid_init(const ha_gs_descriptor_t *d, ha_gs_socket_ctrl_t opts, const ha_gs_responsiveness_t *r,
		      ha_gs_responsiveness_cb_t *cb)
{
	if (d == NULL || r == NULL)
		return 0;
	if (opts != HA_GS_SOCKET_NO_SIGNAL && opts != (HA_GS_SOCKET_NO_SIGNAL | HA_GS_ENABLE_ADAPTER_INFO))
		return 0;
	switch (r->gs_responsiveness_type) {
	case HA_GS_NO_RESPONSIVENESS:
		return 1;
	case HA_GS_PING_RESPONSIVENESS:
		return cb != NULL && valid_seconds(r->gs_responsiveness_interval) &&
		       valid_seconds(r->gs_responsiveness_response_time_limit);
	case HA_GS_COUNTER_RESPONSIVENESS:
		return r->gs_counter_location != NULL &&
		       (r->gs_counter_length == 1 || r->gs_counter_length == 2 || r->gs_counter_length == 4 ||
			r->gs_counter_length == 8) &&
		       valid_seconds(r->gs_responsiveness_interval) &&
		       valid_seconds(r->gs_responsiveness_response_time_limit);
	}
	return 0;
}

/* The registration message for control r. */
static void init_message(char *buf, size_t n, const ha_gs_responsiveness_t *r)
{
	int len = snprintf(buf, n, SG_NX_CLIENT "=ha_gs\n" SG_NX_NAME "=%s\nREADY=1\n", program_invocation_short_name);

	if (r->gs_responsiveness_type == HA_GS_NO_RESPONSIVENESS) {
		snprintf(buf + len, n - (size_t)len, SG_NX_CHECK "=none\n");
		return;
	}
	len += snprintf(buf + len, n - (size_t)len,
			SG_NX_CHECK "=%s\n" SG_NX_CHECK_USEC "=%llu\n" SG_NX_CHECK_TIMEOUT_USEC "=%llu\n",
			r->gs_responsiveness_type == HA_GS_PING_RESPONSIVENESS ? "ping" : "counter",
			(unsigned long long)r->gs_responsiveness_interval * 1000000ULL,
			(unsigned long long)r->gs_responsiveness_response_time_limit * 1000000ULL);
	if (r->gs_responsiveness_type == HA_GS_COUNTER_RESPONSIVENESS)
		snprintf(buf + len, n - (size_t)len, SG_NX_COUNTER "=%llx:%d\n",
			 (unsigned long long)(uintptr_t)r->gs_counter_location, r->gs_counter_length);
}

ha_gs_rc_t ha_gs_init(ha_gs_descriptor_t *ha_gs_descriptor, const ha_gs_socket_ctrl_t socket_options,
		      const ha_gs_responsiveness_t *responsiveness_control, const char *deactivate_script,
		      ha_gs_responsiveness_cb_t *responsiveness_callback,
		      ha_gs_delayed_error_cb_t *delayed_error_callback, ha_gs_query_cb_t *query_callback)
{
	char msg[SG_NOTIFY_MAX];
	int rc;

	(void)deactivate_script;
	(void)delayed_error_callback;
	(void)query_callback;
	if (!valid_init(ha_gs_descriptor, socket_options, responsiveness_control, responsiveness_callback))
		return HA_GS_BAD_PARAMETER;
	init_message(msg, sizeof(msg), responsiveness_control);
	pthread_mutex_lock(&lock);
	if (sg_nclient_is_open(&conn)) {
		pthread_mutex_unlock(&lock);
		return HA_GS_EXISTS;
	}
	sg_nclient_close(&conn); /* one inherited across fork is the parent's */
	rc = sg_nclient_open(&conn);
	if (rc == 0) {
		rc = sg_nclient_request(&conn, msg, SG_NCLIENT_REPLY_MS);
		if (rc < 0)
			sg_nclient_close(&conn);
	}
	if (rc == 0) {
		control = *responsiveness_control;
		resp_cb = responsiveness_callback;
		*ha_gs_descriptor = conn.fd;
	}
	pthread_mutex_unlock(&lock);
	switch (rc) {
	case 0:
		return HA_GS_OK;
	case -EINVAL:
		return HA_GS_BAD_PARAMETER;
	case -EEXIST:
		return HA_GS_EXISTS;
	case -EPERM:
	case -ENOSPC:
		errno = -rc;
		return HA_GS_NOT_OK;
	default:
		errno = EBADF;
		return HA_GS_NOT_OK;
	}
}

/* Call the responsiveness callback for ping seq (outside the lock: it may
 * call us) and send its verdict. */
static void answer_ping(uint32_t seq)
{
	ha_gs_responsiveness_notification_t note = { .gs_notification_type = HA_GS_RESPONSIVENESS_NOTIFICATION };
	ha_gs_responsiveness_cb_t *cb;
	ha_gs_callback_rc_t verdict = HA_GS_CALLBACK_OK;
	char msg[160];

	pthread_mutex_lock(&lock);
	note.gs_responsiveness_information = control;
	cb = resp_cb;
	pthread_mutex_unlock(&lock);
	if (cb != NULL)
		verdict = cb(&note);
	if (verdict == HA_GS_CALLBACK_OK)
		snprintf(msg, sizeof(msg), SG_NX_PONG "=%u\n", seq);
	else
		snprintf(msg, sizeof(msg), SG_NX_FAILED "=responsiveness callback returned HA_GS_CALLBACK_NOT_OK\n");
	pthread_mutex_lock(&lock);
	if (sg_nclient_is_open(&conn))
		sg_nclient_send(&conn, msg); /* a lost answer is a late answer */
	pthread_mutex_unlock(&lock);
}

ha_gs_rc_t ha_gs_dispatch(const ha_gs_dispatch_flag_t dispatch_flag)
{
	if (dispatch_flag != HA_GS_BLOCKING && dispatch_flag != HA_GS_NON_BLOCKING)
		return HA_GS_BAD_PARAMETER;
	for (;;) {
		struct sg_notify_msg m;
		struct pollfd p = { .events = POLLIN };
		uint32_t seq = 0;
		int rc, ping = 0;

		pthread_mutex_lock(&lock);
		if (!sg_nclient_is_open(&conn)) {
			pthread_mutex_unlock(&lock);
			return HA_GS_NO_INIT;
		}
		p.fd = conn.fd;
		if (conn.has_pending_ping) {
			seq = conn.pending_ping;
			conn.has_pending_ping = 0;
			ping = rc = 1;
		} else {
			rc = sg_nclient_recv(&conn, &m);
			if (rc == 1 && m.has_ping) {
				seq = m.ping;
				ping = 1;
			}
		}
		pthread_mutex_unlock(&lock);
		if (rc < 0)
			return HA_GS_NOT_OK;
		if (ping)
			answer_ping(seq);
		if (rc == 1)
			continue; /* more may be waiting */
		if (dispatch_flag == HA_GS_NON_BLOCKING)
			return HA_GS_OK;
		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			return HA_GS_NOT_OK;
		if (p.revents & (POLLERR | POLLNVAL))
			return HA_GS_NOT_OK;
	}
}

ha_gs_rc_t ha_gs_quit(void)
{
	pthread_mutex_lock(&lock);
	if (!sg_nclient_is_open(&conn)) {
		pthread_mutex_unlock(&lock);
		return HA_GS_NO_INIT;
	}
	/* wait for the answer: an exit right after must find us unregistered */
	sg_nclient_request(&conn, SG_NX_UNREGISTER "=1\n", SG_NCLIENT_REPLY_MS);
	sg_nclient_close(&conn);
	resp_cb = NULL;
	memset(&control, 0, sizeof(control));
	pthread_mutex_unlock(&lock);
	return HA_GS_OK;
}
