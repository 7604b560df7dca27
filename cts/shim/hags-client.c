/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hags-client - a program written the way Group Services clients were:
 * ha_gs_init with a responsiveness control and callback, then a main loop
 * that polls the GS descriptor and calls ha_gs_dispatch(HA_GS_NON_BLOCKING)
 * (or hands its thread to ha_gs_dispatch(HA_GS_BLOCKING)). For
 * cts/suites/shim.
 *
 *   --interval S / --limit S  responsiveness interval and time limit (1, 1)
 *   --counter                 counter responsiveness: increment a word every 100 ms
 *   --none                    HA_GS_NO_RESPONSIVENESS
 *   --blocking                dispatch with HA_GS_BLOCKING
 *   --block-after MS          the main loop stops polling and dispatching (blocked)
 *   --stall-after MS          the counter stops changing
 *   --not-ok-after N          the N-th callback returns HA_GS_CALLBACK_NOT_OK
 *   --hang-callback-after N   the N-th callback never returns
 *   --quit-after MS           ha_gs_quit, then exit 0
 *   --exit-after MS           exit 0 without ha_gs_quit
 *   --rc-checks               the calls that must fail, with their ha_gs_rc_t
 *   --report FILE             one line per checked call: "<case> rc=<n>"
 *   --pings FILE              append "ping <n> <mono ns>" per callback
 *   --stamp FILE              "start <ns>" at start; "stop <ns>": the last dispatch before
 *                             the loop blocks, the last counter change, or the failing
 *                             callback */
#include <ha_gs.h>

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static FILE *report;
static const char *stamp_file, *pings_file;
static int calls, not_ok_at = -1, hang_at = -1;
static volatile uint32_t counter;

static long long last_alive;

static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Append "<what> <when>" to the stamp file (when: CLOCK_MONOTONIC ns). */
static void stamp_at(const char *what, long long when)
{
	FILE *f = stamp_file ? fopen(stamp_file, "a") : NULL;

	if (f) {
		fprintf(f, "%s %lld\n", what, when);
		fclose(f);
	}
}

static void stamp(const char *file, const char *what, int n)
{
	FILE *f = file ? fopen(file, "a") : NULL;

	if (f) {
		if (n >= 0)
			fprintf(f, "%s %d %lld\n", what, n, mono_ns());
		else
			fprintf(f, "%s %lld\n", what, mono_ns());
		fclose(f);
	}
}

static void check(const char *name, ha_gs_rc_t rc)
{
	if (report) {
		fprintf(report, "%s rc=%d\n", name, (int)rc);
		fflush(report);
	}
}

static ha_gs_callback_rc_t responsiveness(const ha_gs_responsiveness_notification_t *n)
{
	calls++;
	stamp(pings_file, "ping", calls);
	if (n->gs_notification_type != HA_GS_RESPONSIVENESS_NOTIFICATION ||
	    n->gs_responsiveness_information.gs_responsiveness_type != HA_GS_PING_RESPONSIVENESS)
		return HA_GS_CALLBACK_NOT_OK;
	if (calls == hang_at) {
		stamp(stamp_file, "stop", -1);
		for (;;)
			pause();
	}
	if (calls == not_ok_at) {
		stamp(stamp_file, "stop", -1);
		return HA_GS_CALLBACK_NOT_OK;
	}
	return HA_GS_CALLBACK_OK;
}

static void rc_checks_before(const ha_gs_responsiveness_t *good)
{
	ha_gs_descriptor_t d;
	ha_gs_responsiveness_t r = *good;
	ha_gs_token_t tok = 0;

	check("dispatch-uninitialized", ha_gs_dispatch(HA_GS_NON_BLOCKING));
	check("quit-uninitialized", ha_gs_quit());
	check("init-null-descriptor", ha_gs_init(NULL, HA_GS_SOCKET_NO_SIGNAL, good, NULL, responsiveness, NULL, NULL));
	check("init-bad-socket-options", ha_gs_init(&d, 0, good, NULL, responsiveness, NULL, NULL));
	check("init-null-control", ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, NULL, NULL, responsiveness, NULL, NULL));
	r.gs_responsiveness_type = HA_GS_PING_RESPONSIVENESS;
	check("init-ping-without-callback", ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &r, NULL, NULL, NULL, NULL));
	r.gs_responsiveness_interval = 0;
	check("init-zero-interval", ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &r, NULL, responsiveness, NULL, NULL));
	r = *good;
	r.gs_responsiveness_type = HA_GS_COUNTER_RESPONSIVENESS;
	r.gs_counter_location = (void *)&counter;
	r.gs_counter_length = 3;
	check("init-counter-bad-length", ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &r, NULL, NULL, NULL, NULL));
	r.gs_responsiveness_type = (ha_gs_responsiveness_type_t)7;
	check("init-unknown-type", ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &r, NULL, NULL, NULL, NULL));
	check("join-unsupported", ha_gs_join(&tok, NULL));
	check("subscribe-unsupported", ha_gs_subscribe(&tok, NULL));
}

static void rc_checks_after(const ha_gs_responsiveness_t *good)
{
	ha_gs_descriptor_t d;

	check("init-twice", ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, good, NULL, responsiveness, NULL, NULL));
	check("dispatch-bad-flag", ha_gs_dispatch((ha_gs_dispatch_flag_t)5));
	check("dispatch-ok", ha_gs_dispatch(HA_GS_NON_BLOCKING));
	check("goodbye-unsupported", ha_gs_goodbye(0));
	check("vote-unsupported", ha_gs_vote(0, NULL));
}

int main(int argc, char **argv)
{
	ha_gs_responsiveness_t r = { .gs_responsiveness_type = HA_GS_PING_RESPONSIVENESS,
				     .gs_responsiveness_interval = 1,
				     .gs_responsiveness_response_time_limit = 1 };
	long block_after = -1, stall_after = -1, quit_after = -1, exit_after = -1, t;
	long long t0 = mono_ns();
	int blocking = 0, rc_checks = 0, stalled = 0;
	ha_gs_descriptor_t d = -1;
	ha_gs_rc_t rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--interval") && i + 1 < argc)
			r.gs_responsiveness_interval = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--limit") && i + 1 < argc)
			r.gs_responsiveness_response_time_limit = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--counter")) {
			r.gs_responsiveness_type = HA_GS_COUNTER_RESPONSIVENESS;
			r.gs_counter_location = (void *)&counter;
			r.gs_counter_length = (ha_gs_length_t)sizeof(counter);
		} else if (!strcmp(argv[i], "--none"))
			r.gs_responsiveness_type = HA_GS_NO_RESPONSIVENESS;
		else if (!strcmp(argv[i], "--blocking"))
			blocking = 1;
		else if (!strcmp(argv[i], "--block-after") && i + 1 < argc)
			block_after = atol(argv[++i]);
		else if (!strcmp(argv[i], "--stall-after") && i + 1 < argc)
			stall_after = atol(argv[++i]);
		else if (!strcmp(argv[i], "--not-ok-after") && i + 1 < argc)
			not_ok_at = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--hang-callback-after") && i + 1 < argc)
			hang_at = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--quit-after") && i + 1 < argc)
			quit_after = atol(argv[++i]);
		else if (!strcmp(argv[i], "--exit-after") && i + 1 < argc)
			exit_after = atol(argv[++i]);
		else if (!strcmp(argv[i], "--rc-checks"))
			rc_checks = 1;
		else if (!strcmp(argv[i], "--report") && i + 1 < argc) {
			report = fopen(argv[++i], "a");
			if (report == NULL)
				return 5;
		} else if (!strcmp(argv[i], "--pings") && i + 1 < argc)
			pings_file = argv[++i];
		else if (!strcmp(argv[i], "--stamp") && i + 1 < argc)
			stamp_file = argv[++i];
	}
	last_alive = mono_ns();
	stamp_at("start", last_alive);
	if (rc_checks)
		rc_checks_before(&r);
	rc = ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &r, NULL, responsiveness, NULL, NULL);
	check("init", rc);
	if (rc != HA_GS_OK) {
		fprintf(stderr, "ha_gs_init: rc %d (%s)\n", (int)rc, strerror(errno));
		return 1;
	}
	if (rc_checks)
		rc_checks_after(&r);
	if (report)
		fclose(report);
	if (blocking) {
		rc = ha_gs_dispatch(HA_GS_BLOCKING);
		fprintf(stderr, "ha_gs_dispatch(HA_GS_BLOCKING) returned %d\n", (int)rc);
		return 2;
	}
	for (;;) {
		struct pollfd p = { .fd = d, .events = POLLIN };

		t = (long)((mono_ns() - t0) / 1000000);
		if (block_after >= 0 && t >= block_after) {
			stamp_at("stop", last_alive);
			for (;;)
				pause();
		}
		if (stall_after >= 0 && t >= stall_after && !stalled) {
			stamp_at("stop", last_alive);
			stalled = 1;
		}
		if (quit_after >= 0 && t >= quit_after) {
			if (ha_gs_quit() != HA_GS_OK)
				return 4;
			stamp(stamp_file, "stop", -1);
			return 0;
		}
		if (exit_after >= 0 && t >= exit_after) {
			stamp(stamp_file, "stop", -1);
			return 0;
		}
		if (!stalled) {
			/* stamped before the change: the supervisor sees it later */
			if (r.gs_responsiveness_type == HA_GS_COUNTER_RESPONSIVENESS)
				last_alive = mono_ns();
			counter++;
		}
		if (poll(&p, 1, 100) > 0) {
			if (ha_gs_dispatch(HA_GS_NON_BLOCKING) != HA_GS_OK)
				return 3;
			if (r.gs_responsiveness_type == HA_GS_PING_RESPONSIVENESS)
				last_alive = mono_ns();
		}
	}
}
