/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sam-plain - a plain libsam program for samguard's tool tests: no
 * samguard code, just what any program using SAM with the cmap flag does.
 *   sam-plain [--interval MS] [--exit-after MS] [--give-up-after N]
 *             [--pidfile FILE] [--tag TEXT]
 * The parent registers with SAM (RESTART|CMAP, health-check interval MS,
 * default 500); each child calls sam_start() and sends sam_hc_send() every
 * MS/4 ms. --exit-after makes each child exit after MS ms, so SAM restarts
 * it; --give-up-after N makes instance N+1 call sam_mark_failed() (SAM then
 * records state "failed" and the parent exits). --pidfile receives
 * "<parent pid> <child pid> <instance>" from every new child. --tag is
 * ignored (it tells test processes apart in ps). */
#include <corosync/sam.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

int main(int argc, char **argv)
{
	long interval = 500, exit_after = -1, give_up_after = -1, t = 0, step;
	const char *pidfile = NULL;
	unsigned int instance = 0;
	pid_t parent = getpid();
	cs_error_t err;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--interval") && i + 1 < argc)
			interval = atol(argv[++i]);
		else if (!strcmp(argv[i], "--exit-after") && i + 1 < argc)
			exit_after = atol(argv[++i]);
		else if (!strcmp(argv[i], "--give-up-after") && i + 1 < argc)
			give_up_after = atol(argv[++i]);
		else if (!strcmp(argv[i], "--pidfile") && i + 1 < argc)
			pidfile = argv[++i];
		else if (!strcmp(argv[i], "--tag") && i + 1 < argc)
			i++;
		else {
			fprintf(stderr, "sam-plain: unknown argument %s\n", argv[i]);
			return 2;
		}
	}
	err = sam_initialize((int)interval, SAM_RECOVERY_POLICY_RESTART | SAM_RECOVERY_POLICY_CMAP);
	if (err != CS_OK) {
		fprintf(stderr, "sam-plain: sam_initialize: %d\n", err);
		return 1;
	}
	err = sam_register(&instance);
	if (err != CS_OK) {
		fprintf(stderr, "sam-plain: sam_register: %d\n", err);
		return 1;
	}
	/* the SAM child from here on */
	if (give_up_after >= 0 && instance > (unsigned long)give_up_after) {
		sam_mark_failed();
		for (;;)
			pause();
	}
	if (pidfile) {
		char tmp[4096];
		FILE *f;

		snprintf(tmp, sizeof(tmp), "%s.tmp%d", pidfile, (int)getpid());
		f = fopen(tmp, "w");
		if (f) {
			fprintf(f, "%d %d %u\n", (int)parent, (int)getpid(), instance);
			fclose(f);
			rename(tmp, pidfile);
		}
	}
	if (sam_start() != CS_OK)
		return 1;
	step = interval > 4 ? interval / 4 : 1;
	for (;;) {
		sam_hc_send();
		msleep(step);
		t += step;
		if (exit_after >= 0 && t >= exit_after)
			return 3;
	}
}
