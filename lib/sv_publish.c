/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sv_publish.c - what the SAM child publishes: samguard.resource.<name>.*
 * in cmap, mirrored in memory and served on the status socket (with SAM's
 * own keys read fresh), so that monitor needs no cmap connection. */
#include "cmapstate.h"
#include "healthmethods.h"
#include "log.h"
#include "quorum.h"
#include "ratelimit.h"
#include "states.h"
#include "status.h"
#include "supervise_internal.h"
#include "util.h"
#include "kv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* what this child has published, served on the status socket */
static struct sg_resource_state mirror;

void sv_pub_str(const char *leaf, const char *v)
{
	int rc = sg_cmap_set_str(sv_ch.cmap, sv_enc, leaf, v);

	if (rc < 0)
		sg_debug("cmap set %s: %s", leaf, strerror(-rc));
	sg_resource_state_apply(&mirror, leaf, v ? v : "");
}

void sv_pub_u32(const char *leaf, uint32_t v)
{
	char text[16];

	sg_cmap_set_u32(sv_ch.cmap, sv_enc, leaf, v);
	snprintf(text, sizeof(text), "%u", v);
	sg_resource_state_apply(&mirror, leaf, text);
}

void sv_pub_u64(const char *leaf, uint64_t v)
{
	char text[24];

	sg_cmap_set_u64(sv_ch.cmap, sv_enc, leaf, v);
	snprintf(text, sizeof(text), "%llu", (unsigned long long)v);
	sg_resource_state_apply(&mirror, leaf, text);
}

void sv_pub_state(enum sg_state s)
{
	sv_pub_str(SG_KEY_STATE, sg_state_text(s));
}

/* Refused peers: one line per minute with a count, never one per peer. */
static struct sg_ratelimit rl_refused = SG_RATELIMIT_INIT(60000);

/* Answer one status query: our published state plus SAM's keys, fresh.
 * The peer is checked (root) and its request read before any of that work:
 * anybody else costs one accept and one close (docs/security.md). */
void sv_answer_status(void)
{
	char reply[SG_STATUS_MAX], key[CMAP_KEYNAME_MAXLEN + 1], *state = NULL;
	struct sg_sam_state ss;
	size_t len;
	int cmap_ok, present = 0;
	unsigned long count;
	uid_t uid = 0;
	int fd = sg_status_accept(sv_ch.lfd, 50, &uid);

	if (fd == -EPERM && sg_ratelimit_event(&rl_refused, sg_now_mono_ms(), &count))
		sg_warn("status socket: refused %lu peer(s) that are not root since the last report (latest uid %u)",
			count, (unsigned)uid);
	if (fd < 0)
		return;
	len = sg_resource_state_format(&mirror, reply, sizeof(reply) - 512);
	cmap_ok = sg_cmap_sam_read(sv_ch.cmap, (uint32_t)sv_shm->parent_pid, &ss) == 0;

	if (cmap_ok && sg_cmap_key(key, sizeof(key), sv_enc, SG_KEY_STATE) == 0) {
		present = sg_kv_get_string(sv_ch.cmap, key, &state) == CS_OK;
		free(state);
	}
	len += (size_t)snprintf(reply + len, sizeof(reply) - len,
				"cmap_ok=%d\nkeys_present=%d\nsam." SG_SAM_KEY_STATE "=%s\nsam." SG_SAM_KEY_RECOVERY
				"=%s\nsam." SG_SAM_KEY_POLL_PERIOD "=%llu\n",
				cmap_ok, present, ss.found ? ss.state : "", ss.recovery,
				(unsigned long long)ss.poll_period_ms);
	if (ss.has_last_updated)
		len += (size_t)snprintf(reply + len, sizeof(reply) - len, "sam." SG_SAM_KEY_LAST_UPDATED "=%llu\n",
					(unsigned long long)ss.last_updated_ns);
	if (sv_ch.have_vq) {
		struct sg_quorum_info qi;
		struct sg_quorum_obs q = { 0 };

		if (sg_quorum_read_handle(sv_ch.vq, &qi) == 0)
			sg_quorum_observe(&qi, &q);
		len += (size_t)snprintf(reply + len, sizeof(reply) - len,
					"quorum.known=%d\nquorum.quorate=%d\nquorum.two_node_alone=%d\n"
					"quorum.qdevice_unhealthy=%d\n",
					q.known, q.quorate, q.two_node_alone, q.qdevice_unhealthy);
	}
	sg_status_send(fd, reply, len);
}

void sv_pub_history(void)
{
	char buf[SG_HISTORY_MAX * 21];
	unsigned int from = sv_shm->restarts.len > SG_HISTORY_MAX ? sv_shm->restarts.len - SG_HISTORY_MAX : 0;

	sg_history_format(sv_shm->restarts.at + from, sv_shm->restarts.len - from, buf, sizeof(buf));
	sv_pub_str(SG_KEY_HISTORY, buf);
	sv_pub_u32(SG_KEY_RESTARTS, sv_shm->restarts.total);
}

void sv_set_failure(const char *reason)
{
	sg_strlcpy(sv_shm->last_failure, reason, sizeof(sv_shm->last_failure));
	sv_pub_str(SG_KEY_LAST_FAILURE, reason);
	sv_pub_u64(SG_KEY_LAST_FAILURE_TIME, (uint64_t)time(NULL));
}

unsigned int sv_live_limit(const char *leaf, unsigned int dflt)
{
	char key[CMAP_KEYNAME_MAXLEN + 1];
	uint32_t v;

	if (sg_cmap_key(key, sizeof(key), sv_enc, leaf) == 0 && sg_kv_get_uint32(sv_ch.cmap, key, &v) == CS_OK)
		return v;
	return dflt;
}

void sv_publish_static(void)
{
	struct sg_procid self;

	sv_pub_str(SG_KEY_NAME, sv_cfg->params.name);
	if (sg_procid_read(getppid(), &self) == 0) {
		sv_pub_u32(SG_KEY_SUPERVISOR_PID, (uint32_t)self.pid);
		sv_pub_u64(SG_KEY_SUPERVISOR_START, self.start);
	}
	sv_pub_u32(SG_KEY_CHILD_PID, (uint32_t)getpid());
	sv_pub_u32(SG_KEY_INSTANCE, sv_ch.instance);
	sv_pub_str(SG_KEY_HEALTH, sg_health_text(sv_cfg->params.health));
	sv_pub_u32(SG_KEY_INTERVAL, sv_cfg->params.health_interval_ms);
	sv_pub_str(SG_KEY_QUORUM, sg_quorum_text(sv_cfg->params.quorum));
	/* reload-agent may have changed the limits: keep what is there */
	sv_pub_u32(SG_KEY_MAX_RESTARTS, sv_live_limit(SG_KEY_MAX_RESTARTS, sv_cfg->params.max_restarts));
	sv_pub_u32(SG_KEY_RESTART_WINDOW, sv_live_limit(SG_KEY_RESTART_WINDOW, sv_cfg->params.restart_window_s));
	sv_pub_u32(SG_KEY_RESTARTS, sv_shm->restarts.total);
	if (sv_shm->last_failure[0] == '\0')
		sv_pub_str(SG_KEY_LAST_FAILURE, "");
	/* the latest failure record outlives the child that wrote it */
	if (sv_shm->failure_record[0]) {
		sv_pub_str(SG_KEY_FAILURE_RECORD, sv_shm->failure_record);
		sv_pub_str(SG_KEY_FAILURE_SUMMARY, sv_shm->failure_summary);
	}
}
