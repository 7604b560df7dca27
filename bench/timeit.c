/* SPDX-License-Identifier: GPL-2.0-or-later */
/* timeit - benchmark helpers.
 *   timeit N EXPECTED_RC cmd args...
 *       run cmd N times, print the median and 90th percentile wall time in
 *       microseconds ("median_us p90_us"); output is discarded and any exit
 *       status but EXPECTED_RC aborts.
 *   timeit kill SIGNAL PID
 *       print CLOCK_MONOTONIC in ns, then send SIGNAL to PID (so that a
 *       recovery can be timed against stamps the daemon writes). */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static int cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int n, expect;
	long long *t;

	if (argc == 4 && !strcmp(argv[1], "kill")) {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		printf("%lld\n", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
		fflush(stdout);
		return kill(atoi(argv[3]), atoi(argv[2])) == 0 ? 0 : 1;
	}

	if (argc < 4 || (n = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: timeit N EXPECTED_RC cmd args...\n");
		return 2;
	}
	expect = atoi(argv[2]);
	t = calloc((size_t)n, sizeof(*t));
	for (int i = 0; i < n; i++) {
		long long t0 = now_us();
		int status;
		pid_t pid = fork();

		if (pid == 0) {
			int fd = open("/dev/null", O_WRONLY);

			dup2(fd, 1);
			dup2(fd, 2);
			execv(argv[3], argv + 3);
			_exit(127);
		}
		waitpid(pid, &status, 0);
		t[i] = now_us() - t0;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != expect) {
			fprintf(stderr, "timeit: %s exited with %d, expected %d\n", argv[3],
				WIFEXITED(status) ? WEXITSTATUS(status) : -1, expect);
			return 1;
		}
	}
	qsort(t, (size_t)n, sizeof(*t), cmp);
	printf("%lld %lld\n", t[n / 2], t[(n * 9) / 10 < n ? (n * 9) / 10 : n - 1]);
	free(t);
	return 0;
}
