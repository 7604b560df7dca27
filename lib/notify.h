/* notify.h - the supervisor side of systemd's sd_notify protocol: a
 * datagram socket named by $NOTIFY_SOCKET, peer credentials, and the
 * parsing of the KEY=VALUE lines a daemon sends. */
#ifndef SG_NOTIFY_H
#define SG_NOTIFY_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct sg_notify_msg {
	int ready;              /* READY=1 */
	int watchdog;           /* WATCHDOG=1 */
	int trigger;            /* WATCHDOG=trigger */
	int stopping;           /* STOPPING=1 */
	int has_status;
	char status[256];       /* STATUS=... */
	int has_watchdog_usec;
	uint64_t watchdog_usec; /* WATCHDOG_USEC=... */
	int has_extend_usec;
	uint64_t extend_usec;   /* EXTEND_TIMEOUT_USEC=... */
	pid_t sender;           /* from SCM_CREDENTIALS */
};

/* Parse one datagram (newline-separated assignments). Unknown keys are
 * ignored as systemd does. */
void sg_notify_parse(const char *buf, size_t len, struct sg_notify_msg *m);

/* Create a datagram socket bound to the abstract name "@samguard/<tag>"
 * with SO_PASSCRED, non-blocking, close-on-exec. The value for
 * $NOTIFY_SOCKET goes to env_value. Returns the fd or -errno. */
int sg_notify_open(const char *tag, char *env_value, size_t n);

/* Receive one datagram. Returns 1 with *m filled, 0 when nothing is
 * pending, or -errno. Datagrams without credentials are dropped (0). */
int sg_notify_recv(int fd, struct sg_notify_msg *m);

#endif
