/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* apphb.c - libapphb on samguard: each call is one sd_notify datagram on
 * $NOTIFY_SOCKET with samguard's X-SAMGUARD- keys (docs/notify-protocol.md).
 *
 *   apphb_register     X-SAMGUARD-CLIENT=apphb, NAME, READY=1, WATCHDOG_USEC (request)
 *   apphb_unregister   X-SAMGUARD-UNREGISTER=1 (request)
 *   apphb_setinterval  WATCHDOG_USEC=<ms * 1000>, or X-SAMGUARD-WATCHDOG=off for 0
 *   apphb_setwarn      X-SAMGUARD-WARN-USEC=<ms * 1000>
 *   apphb_setreboot    X-SAMGUARD-ESCALATE=0|1 (request)
 *   apphb_hb           WATCHDOG=1
 *
 * Requests wait for the supervisor's answer (at most SG_NCLIENT_REPLY_MS);
 * the others are sent and forgotten, as apphb_hb always was. */
#include "apphb.h"

#include "notifyclient.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define APPHB_DEFAULT_MS 10000ULL      /* apphb.h: "initially defaulted to 10 seconds" */
#define APPHB_MAX_MS 86400000UL        /* one day */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct sg_nclient conn = SG_NCLIENT_INIT;

static int fail(int err)
{
	errno = err;
	return -1;
}

/* Copy s into dst for a one-line value: control characters become '?'. */
static void one_line(char *dst, size_t n, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < n; i++)
		dst[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? '?' : s[i];
	dst[i] = '\0';
}

/* Send a fire-and-forget message from a registered process. */
static int send_registered(const char *text, int lost_beat_ok)
{
	int rc;

	pthread_mutex_lock(&lock);
	if (!sg_nclient_is_open(&conn)) {
		pthread_mutex_unlock(&lock);
		return fail(ESRCH);
	}
	rc = sg_nclient_send(&conn, text);
	pthread_mutex_unlock(&lock);
	if (rc == -EAGAIN && lost_beat_ok)
		return 0; /* the supervisor's queue stayed full: this beat is lost */
	return rc < 0 ? fail(EBADF) : 0;
}

/* Send a request from a registered process; map the supervisor's errno. */
static int request_registered(const char *text)
{
	int rc;

	pthread_mutex_lock(&lock);
	if (!sg_nclient_is_open(&conn)) {
		pthread_mutex_unlock(&lock);
		return fail(ESRCH);
	}
	rc = sg_nclient_request(&conn, text, SG_NCLIENT_REPLY_MS);
	pthread_mutex_unlock(&lock);
	if (rc == -EPERM || rc == -EINVAL || rc == -ESRCH)
		return fail(-rc);
	return rc < 0 ? fail(EBADF) : 0;
}

int apphb_register(const char *appname, const char *appinstance)
{
	char name[2 * APPHB_OLEN], msg[SG_NOTIFY_MAX], inst[APPHB_OLEN];
	int rc;

	if (appname == NULL || appinstance == NULL || appname[0] == '\0')
		return fail(EINVAL);
	if (strlen(appname) >= APPHB_OLEN || strlen(appinstance) >= APPHB_OLEN)
		return fail(ENAMETOOLONG);
	one_line(name, APPHB_OLEN, appname);
	one_line(inst, sizeof(inst), appinstance);
	if (inst[0])
		snprintf(name + strlen(name), sizeof(name) - strlen(name), "/%s", inst);
	snprintf(msg, sizeof(msg),
		 SG_NX_CLIENT "=apphb\n" SG_NX_NAME "=%s\nREADY=1\nWATCHDOG_USEC=%llu\n", name,
		 APPHB_DEFAULT_MS * 1000ULL);
	pthread_mutex_lock(&lock);
	if (sg_nclient_is_open(&conn)) {
		pthread_mutex_unlock(&lock);
		return fail(EEXIST);
	}
	/* a registration inherited across fork belongs to the parent */
	sg_nclient_close(&conn);
	rc = sg_nclient_open(&conn);
	if (rc == 0) {
		rc = sg_nclient_request(&conn, msg, SG_NCLIENT_REPLY_MS);
		if (rc < 0)
			sg_nclient_close(&conn);
	}
	pthread_mutex_unlock(&lock);
	switch (rc) {
	case 0:
		return 0;
	case -EEXIST:
	case -ENOSPC:
	case -EINVAL:
		return fail(-rc);
	case -EPERM:
		return fail(EINVAL); /* apphbd's answer to a credential mismatch */
	default:
		return fail(EBADF);
	}
}

int apphb_unregister(void)
{
	int rc;

	pthread_mutex_lock(&lock);
	if (!sg_nclient_is_open(&conn)) {
		pthread_mutex_unlock(&lock);
		return fail(ESRCH);
	}
	rc = sg_nclient_request(&conn, SG_NX_UNREGISTER "=1\n", SG_NCLIENT_REPLY_MS);
	sg_nclient_close(&conn);
	pthread_mutex_unlock(&lock);
	if (rc == -ESRCH)
		return fail(ESRCH);
	return rc < 0 ? fail(EBADF) : 0;
}

int apphb_setinterval(unsigned long hbms)
{
	char msg[64];

	if (hbms > APPHB_MAX_MS)
		return fail(EINVAL);
	if (hbms == 0)
		snprintf(msg, sizeof(msg), SG_NX_WATCHDOG "=off\n");
	else
		snprintf(msg, sizeof(msg), "WATCHDOG_USEC=%llu\n", (unsigned long long)hbms * 1000ULL);
	return send_registered(msg, 0);
}

int apphb_setwarn(unsigned long hbms)
{
	char msg[64];

	if (hbms == 0 || hbms > APPHB_MAX_MS)
		return fail(EINVAL);
	snprintf(msg, sizeof(msg), SG_NX_WARN_USEC "=%llu\n", (unsigned long long)hbms * 1000ULL);
	return send_registered(msg, 0);
}

int apphb_setreboot(unsigned int truefalse)
{
	return request_registered(truefalse ? SG_NX_ESCALATE "=1\n" : SG_NX_ESCALATE "=0\n");
}

int apphb_hb(void)
{
	return send_registered("WATCHDOG=1\n", 1);
}
