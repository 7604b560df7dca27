/* spawn.h - start a program without a shell: own session and process
 * group, chosen user with its groups, working directory, output files,
 * default signal dispositions, no inherited descriptors beyond 0-2, and
 * a report of exec() failure to the caller. */
#ifndef SG_SPAWN_H
#define SG_SPAWN_H

#include <stddef.h>
#include <sys/types.h>

struct sg_spawn_opts {
	const char *path;          /* absolute path */
	char *const *argv;         /* argv[0] included, NULL-terminated */
	const char *workdir;       /* NULL: keep */
	const char *user;          /* NULL or "root": keep credentials */
	const char *out_path;      /* stdout, appended; NULL: /dev/null */
	const char *err_path;      /* stderr, appended; NULL: same as out_path */
	const char *const *env_set;/* extra NAME=VALUE entries, NULL-terminated */
	const char *const *env_unset; /* names to remove, NULL-terminated */
	int pdeathsig;             /* signal when the caller dies, 0: none */
	const char *env_pid_name;  /* set NAME=<the child's own pid> (e.g. WATCHDOG_PID), NULL: none */
	/* A cgroup v2 directory (lib/cgroup.h) the child joins before
	 * anything else, while still root: nothing the program starts is
	 * ever born outside it. 0 or -1: none (0 is stdin, never a cgroup,
	 * so zero-initialised options mean none). */
	int cgroup_fd;
};

/* Fork and exec. Returns the child's pid (it leads its own session and
 * process group) or -errno; when exec itself fails the child is reaped, the
 * error returned and a reason written to err[n]. */
pid_t sg_spawn(const struct sg_spawn_opts *o, char *err, size_t n);

/* Resolve a user name or number. Returns 0 or -ENOENT. */
int sg_user_lookup(const char *user, uid_t *uid, gid_t *gid);

#endif
