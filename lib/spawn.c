/* spawn.c - fork/exec with credentials, session, files and error report. */
#include "spawn.h"

#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

int sg_user_lookup(const char *user, uid_t *uid, gid_t *gid)
{
	struct passwd *pw = getpwnam(user);
	uint64_t n;

	if (pw == NULL && sg_parse_u64(user, 0, UINT32_MAX - 1, &n) == 0)
		pw = getpwuid((uid_t)n);
	if (pw == NULL)
		return -ENOENT;
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return 0;
}

/* In the child: report errno on the pipe and exit. */
static void child_fail(int fd, int err, const char *what)
{
	char buf[160];
	int len = snprintf(buf, sizeof(buf), "%d %s", err, what);

	if (write(fd, buf, (size_t)len) < 0) {
		/* nothing more can be done */
	}
	_exit(127);
}

static int open_append(const char *path)
{
	return open(path ? path : "/dev/null", O_WRONLY | O_CREAT | O_APPEND | O_NOCTTY, 0640);
}

pid_t sg_spawn(const struct sg_spawn_opts *o, char *err, size_t n)
{
	int pfd[2], status;
	gid_t groups[256];
	int ngroups = (int)SG_ARRAY_SIZE(groups);
	int switch_user = o->user && strcmp(o->user, "root") && strcmp(o->user, "0");
	struct passwd *pw = NULL;
	char home[512] = "", uname[64] = "";
	pid_t pid;
	ssize_t len;
	char buf[160];

	if (switch_user) {
		uint64_t num;

		pw = getpwnam(o->user);
		if (pw == NULL && sg_parse_u64(o->user, 0, UINT32_MAX - 1, &num) == 0)
			pw = getpwuid((uid_t)num);
		if (pw == NULL) {
			snprintf(err, n, "user %s does not exist", o->user);
			return -ENOENT;
		}
		if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &ngroups) < 0)
			ngroups = 0;
		sg_strlcpy(home, pw->pw_dir ? pw->pw_dir : "/", sizeof(home));
		sg_strlcpy(uname, pw->pw_name, sizeof(uname));
	}
	if (pipe2(pfd, O_CLOEXEC) != 0) {
		snprintf(err, n, "pipe: %s", strerror(errno));
		return -errno;
	}
	pid = fork();
	if (pid < 0) {
		int e = errno;

		close(pfd[0]);
		close(pfd[1]);
		snprintf(err, n, "fork: %s", strerror(e));
		return -e;
	}
	if (pid == 0) {
		sigset_t all;
		int fd;

		sigemptyset(&all);
		sigprocmask(SIG_SETMASK, &all, NULL);
		for (int s = 1; s < NSIG; s++)
			if (s != SIGKILL && s != SIGSTOP)
				signal(s, SIG_DFL);
		if (o->cgroup_fd > 0) {
			/* "0" moves the writer itself; as root, before the drop */
			fd = openat(o->cgroup_fd, "cgroup.procs", O_WRONLY | O_CLOEXEC);
			if (fd < 0 || write(fd, "0", 1) != 1)
				child_fail(pfd[1], errno, "join the instance cgroup");
			close(fd);
		}
		if (setsid() < 0)
			child_fail(pfd[1], errno, "setsid");
		/* nothing but 0-2 and the report pipe (close-on-exec) survives */
		if (pfd[1] > 3)
			close_range(3, (unsigned)pfd[1] - 1, 0);
		close_range((unsigned)pfd[1] + 1, ~0U, 0);
		fd = open("/dev/null", O_RDONLY | O_NOCTTY);
		if (fd < 0 || dup2(fd, 0) < 0)
			child_fail(pfd[1], errno, "stdin /dev/null");
		if (fd > 2)
			close(fd);
		fd = open_append(o->out_path);
		if (fd < 0)
			child_fail(pfd[1], errno, o->out_path ? o->out_path : "/dev/null");
		if (dup2(fd, 1) < 0)
			child_fail(pfd[1], errno, "dup2");
		if (fd > 2)
			close(fd);
		fd = o->err_path ? open_append(o->err_path) : dup(1);
		if (fd < 0)
			child_fail(pfd[1], errno, o->err_path ? o->err_path : "stderr");
		if (dup2(fd, 2) < 0)
			child_fail(pfd[1], errno, "dup2");
		if (fd > 2)
			close(fd);
		if (o->workdir && chdir(o->workdir) != 0)
			child_fail(pfd[1], errno, o->workdir);
		for (const char *const *u = o->env_unset; u && *u; u++)
			unsetenv(*u);
		for (const char *const *e = o->env_set; e && *e; e++)
			putenv((char *)*e);
		if (o->env_pid_name) {
			/* only the child knows its pid before exec (systemd's WATCHDOG_PID) */
			char pidbuf[24];

			snprintf(pidbuf, sizeof(pidbuf), "%d", (int)getpid());
			if (setenv(o->env_pid_name, pidbuf, 1) != 0)
				child_fail(pfd[1], errno, o->env_pid_name);
		}
		if (switch_user) {
			setenv("HOME", home, 1);
			setenv("USER", uname, 1);
			setenv("LOGNAME", uname, 1);
			if (setgroups((size_t)ngroups, groups) != 0)
				child_fail(pfd[1], errno, "setgroups");
			if (setgid(pw->pw_gid) != 0)
				child_fail(pfd[1], errno, "setgid");
			if (setuid(pw->pw_uid) != 0)
				child_fail(pfd[1], errno, "setuid");
		}
		/* after the credential change, which would clear it */
		if (o->pdeathsig && prctl(PR_SET_PDEATHSIG, o->pdeathsig) != 0)
			child_fail(pfd[1], errno, "prctl");
		execv(o->path, o->argv);
		child_fail(pfd[1], errno, "exec");
	}
	close(pfd[1]);
	do {
		len = read(pfd[0], buf, sizeof(buf) - 1);
	} while (len < 0 && errno == EINTR);
	close(pfd[0]);
	if (len > 0) {
		int e = 0;
		char what[160] = "";

		buf[len] = '\0';
		sscanf(buf, "%d %159[^\n]", &e, what);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		snprintf(err, n, "cannot execute %s: %s: %s", o->path, what, strerror(e));
		return e > 0 ? -e : -EIO;
	}
	return pid;
}
