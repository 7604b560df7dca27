/* SPDX-License-Identifier: GPL-2.0-or-later */
/* log.h - logging for agents and supervisors, the way ClusterLabs agents do
 * it: syslog (facility from HA_LOGFACILITY or PCMK_logfacility, default
 * "daemon", "none" turns it off), plus a copy appended to the file named by
 * HA_LOGFILE or PCMK_logfile when set, plus stderr when asked for (Pacemaker
 * keeps an agent's stderr in its own log). Lines are tagged like shell
 * agents: "SAMProcess(web)[1234]". */
#ifndef SG_LOG_H
#define SG_LOG_H

#include <syslog.h>

/* Set the tag "<ident>(<instance>)" (instance may be NULL) and whether
 * messages at LOG_WARNING or worse also go to stderr (all levels when
 * debug is on: HA_debug=1 or PCMK_debug=yes). Safe to call again. */
void sg_log_init(const char *ident, const char *instance, int to_stderr);

/* Extra file to append every message to (NULL: none besides HA_LOGFILE).
 * The pointer is kept, not copied: path must stay valid until the next
 * call. A path equal to HA_LOGFILE's gets each line once. */
void sg_log_set_file(const char *path);

/* Log one message at a syslog priority. */
void sg_log(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define sg_err(...) sg_log(LOG_ERR, __VA_ARGS__)
#define sg_warn(...) sg_log(LOG_WARNING, __VA_ARGS__)
#define sg_notice(...) sg_log(LOG_NOTICE, __VA_ARGS__)
#define sg_info(...) sg_log(LOG_INFO, __VA_ARGS__)
#define sg_debug(...) sg_log(LOG_DEBUG, __VA_ARGS__)

#endif
