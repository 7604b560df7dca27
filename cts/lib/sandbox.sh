#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# cts/lib/sandbox.sh - run a command inside a throwaway single-node corosync
# (and optionally pacemaker) cluster that lives in its own namespaces.
#
# Usage:
#   sandbox.sh [--pacemaker | --remote] [--root DESTDIR] [--keep DIR] [--] COMMAND [ARGS...]
#
#   --pacemaker     also start pacemakerd and wait for a DC with node1 online
#   --remote        a Pacemaker Remote node instead: no corosync and no
#                   corosync.conf, only pacemaker-remoted (unpacked from the
#                   pacemaker-remote .deb that make deps keeps in
#                   /var/cache/samguard; SG_PCMK_REMOTE_DEB names another),
#                   with a fresh /etc/pacemaker/authkey; no cluster connects
#                   to it.  COMMAND also gets SG_SANDBOX_REMOTE=1.
#   --root DESTDIR  overlay DESTDIR/usr/sbin, DESTDIR/usr/bin,
#                   DESTDIR/usr/libexec and DESTDIR/usr/lib/ocf (each only if
#                   it exists) on top of the host's directories, so that an
#                   uninstalled build ("make install DESTDIR=...") is seen at
#                   its real paths, e.g. /usr/libexec/samguard and
#                   /usr/lib/ocf/resource.d/<provider>/<agent>
#   --keep DIR      copy the corosync and pacemaker logs (plus the CIB, the
#                   scheduler inputs, ocf trace_ra output and the sandbox's own
#                   log) into DIR before the scratch dir is removed.  Done on
#                   every run, whatever the exit status.
#
# COMMAND runs as root with the caller's stdin/stdout/stderr, cwd and
# environment, plus:
#   SG_SANDBOX=1
#   SG_SANDBOX_DIR   the scratch dir (same path inside and outside)
#   SG_SANDBOX_CGROUP the sandbox's cgroup v2 directory (empty without one)
#   TMPDIR           $SG_SANDBOX_DIR/tmp (private, removed afterwards)
#   PATH             the caller's, with /usr/sbin and /usr/bin appended if missing
# Inside, the hostname is node1, corosync's node is node1 (nodeid 1,
# 127.0.0.1, cluster name "sandbox", expected_votes 1), and every corosync,
# pacemaker and client tool talks only to the sandbox's daemons.
#
# Exit status: COMMAND's status (127 if not found, 128+N if killed by signal N
# or if the sandbox was interrupted by signal N); 125 if the sandbox itself
# failed (not root, corosync/pacemaker did not come up, ...); 2 on usage error.
#
# How it works
#   Everything runs under
#     unshare --pid --fork --mount-proc --net --mount --uts --ipc --propagation private
#   This script is re-executed there as the namespace's "init" (pid 1).  When
#   init exits, the kernel SIGKILLs every process left in the pid namespace,
#   so nothing (daemons, resource agents, children of COMMAND) survives the
#   sandbox, and no mount outlives the mount namespace.
#   * net ns (only "lo", brought up): libqb servers (corosync cmap/cpg/quorum,
#     pacemaker cib/crmd/...) listen on ABSTRACT unix sockets, which are
#     scoped per network namespace, so clients inside only ever see our
#     daemons and a cluster running on the host is never contacted.
#   * mount ns: private tmpfs on /run (corosync.pid lock, /run/crm, ocf state
#     files) and on /dev/shm (libqb ring buffers, corosync blackbox); per
#     sandbox dirs bind-mounted on /etc/corosync, /var/lib/corosync,
#     /var/log/corosync and, with --pacemaker, /var/lib/pacemaker,
#     /var/log/pacemaker and /var/lib/heartbeat (ocf trace_ra output).
#
# Decisions
#   * /tmp is NOT replaced.  Paths under /tmp that the caller passes (cwd,
#     --root, files named inside "sh -c" strings, ...) keep working, for
#     reading and writing.  Isolation comes from TMPDIR instead: it points to
#     a private dir in the scratch dir, which mktemp, bash, pacemaker's tools
#     and most programs honour.  Programs that hard-code /tmp/<name> would
#     share it with the host and with concurrent sandboxes.
#   * /usr/libexec/samguard does not exist on the host, and creating it would
#     touch the host file system, so the overlay is mounted on /usr/libexec
#     itself: DESTDIR/usr/libexec/samguard then appears as
#     /usr/libexec/samguard.  For the same reason the OCF overlay is on
#     /usr/lib/ocf, which covers resource.d/<provider> and lib/<provider>.
#     A DESTDIR dir whose host counterpart does not exist is skipped with a
#     warning.  Shared libraries in DESTDIR are not overlaid (use
#     LD_LIBRARY_PATH in COMMAND if ever needed).
#   * The scratch dir is mktemp -d -t (so under $TMPDIR or /tmp).  If this
#     script is killed with SIGKILL it cannot remove it; the namespace still
#     goes away (the parent-death signal chain below tears it down).
#   * Daemons get a clean environment (env -i); only PCMK_debug is passed
#     through from the caller.  They see the --root overlays too, so a
#     corosync or pacemaker in DESTDIR/usr/sbin would be the one started.
#   * Daemon stdout/stderr go to /var/log/{corosync,pacemaker}/*.stdout,
#     never to the caller's fds: nothing holds the caller's pipes open once
#     this script has exited.
#   * Everything in the sandbox runs in a cgroup v2 of its own,
#     sg-sandbox.<tag> below the caller's cgroup (found from
#     /proc/self/mountinfo and /proc/self/cgroup, never a fixed path), so
#     that the instance cgroups samguard makes below it (samguard-<name>)
#     are never shared by parallel sandboxes and nothing escapes.  When the
#     pid namespace is gone it is killed (cgroup.kill), and removed depth
#     first, whatever the exit status.  Without a writable cgroup2 the
#     sandbox runs without one (samguard then uses its fallback).
set -u
# the script needs the usual tools even if called with an empty PATH
[ -n "${PATH:-}" ] || export PATH=/usr/sbin:/usr/bin:/sbin:/bin

readonly NODE_NAME=node1
readonly CLUSTER_NAME=sandbox
readonly COROSYNC_TIMEOUT=15    # s, corosync answering cmap
readonly PACEMAKER_TIMEOUT=60   # s, DC elected and node1 online
readonly STOP_TIMEOUT=10        # s, pacemakerd --shutdown
readonly EX_USAGE=2 EX_SANDBOX=125
readonly DAEMON_PATH=/usr/sbin:/usr/bin:/sbin:/bin
# DESTDIR subtrees that --root overlays onto the same host path
readonly OVERLAY_DIRS="usr/sbin usr/bin usr/libexec usr/lib/ocf"
readonly INIT_MARK=__sg_sandbox_init__

SELF=$(readlink -f "${BASH_SOURCE[0]}")
# shellcheck source=cts/lib/cgroup.sh
. "$(dirname "$SELF")/cgroup.sh"
readonly SELF

warn() { printf 'sandbox: %s\n' "$*" >&2; }

# the header comment up to "How it works"
usage() { sed -n '2,/^# How it works/{/^# How it works/d;/^# SPDX-License-Identifier:/d;s/^# \{0,1\}//;p;}' "$SELF"; }

# wall clock in microseconds, no fork (EPOCHREALTIME's radix is locale dependent)
now_us() { local t=$EPOCHREALTIME; echo "${t//[!0-9]/}"; }
# elapsed seconds since $1 (microseconds), as 1.234
since() { local d=$(( $(now_us) - $1 )); printf '%d.%03d' $((d / 1000000)) $((d % 1000000 / 1000)); }
signum() { kill -l "$1"; }

###########################################################################
# Namespace side: runs as pid 1 of the new pid namespace.
###########################################################################

S='' PCMK='' REMOTE='' ROOT='' LOG=''
readonly REMOTE_CACHE=/var/cache/samguard
cs_pid='' pm_pid='' rm_pid='' cmd_pid='' interrupted='' tearing_down=''

log() {
	local t=$EPOCHREALTIME ts
	printf -v ts '%(%H:%M:%S)T' "${t%[!0-9]*}"
	printf '%s.%s %s\n' "$ts" "${t:${#t}-6:3}" "$*" >>"$LOG"
}

# stop pacemaker cleanly (resources are stopped by their agents); everything
# else is SIGKILLed by the kernel when init exits
teardown() {
	[ -n "$tearing_down" ] && return
	tearing_down=1
	local t0; t0=$(now_us)
	if [ -n "$pm_pid" ] && kill -0 "$pm_pid" 2>/dev/null; then
		log "stopping pacemaker"
		local end=$((SECONDS + STOP_TIMEOUT))   # one deadline for both steps
		timeout "$STOP_TIMEOUT" pacemakerd --shutdown >/dev/null 2>&1
		while kill -0 "$pm_pid" 2>/dev/null && [ "$SECONDS" -lt "$end" ]; do
			sleep 0.1
		done
		if kill -0 "$pm_pid" 2>/dev/null; then
			log "pacemaker did not stop within ${STOP_TIMEOUT}s, killing it"
		else
			log "pacemaker stopped in $(since "$t0") s"
		fi
	fi
	# pacemaker-remoted with no cluster connected has nothing to hand back:
	# init's exit kills it with everything else
	log "teardown done, init exits"
}

# fail MESSAGE [FILE...]: sandbox failure; report with the tail of the
# daemon's log files (paths as seen inside), tear down, exit
fail() {
	local msg=$1 file
	shift
	log "ERROR: $msg"
	warn "ERROR: $msg"
	for file in "$@"; do
		[ -s "$file" ] || continue
		warn "--- last lines of $file:"
		tail -n 25 "$file" | sed 's/^/    /' >&2
	done
	teardown
	exit "$EX_SANDBOX"
}

# shellcheck disable=SC2317  # (trap handler)
on_signal() {
	local sig=$1
	# Ignored while tearing down (bounded by STOP_TIMEOUT).  The same signal
	# often arrives twice: once from the terminal or from timeout(1) to the
	# whole process group, once forwarded by the host side.
	[ -n "$tearing_down" ] && return
	log "got SIG$sig"
	interrupted=$sig
	if [ -n "$cmd_pid" ]; then
		kill -s "$sig" "$cmd_pid" 2>/dev/null   # main flow then tears down
	else
		teardown
		exit $((128 + $(signum "$sig")))
	fi
}

# spawn_daemon OUTFILE CMD...: start a daemon in its own session (no
# controlling tty, so a Ctrl-C on the caller's terminal does not reach it),
# with a clean environment, default INT/QUIT handling, no caller fds.
# Sets $spawned to its pid.
spawn_daemon() {
	local out=$1; shift
	( trap - INT QUIT; exec setsid env -i PATH="$DAEMON_PATH" LANG=C.UTF-8 "$@" ) \
		</dev/null >>"$out" 2>&1 &
	spawned=$!
}

setup_namespace() {
	# network: only lo, needed for corosync's knet on 127.0.0.1
	ip link set lo up || return 1
	echo "$NODE_NAME" >/proc/sys/kernel/hostname || return 1

	# /run: corosync.pid lock, /run/crm, /run/resource-agents, ocf state
	# files.  /dev/shm: libqb ring buffers and the corosync blackbox.
	mount -n -t tmpfs -o mode=755 sg-run /run || return 1
	mkdir -m 1777 /run/lock                             # /var/lock -> /run/lock
	mount -n -t tmpfs -o mode=1777 sg-shm /dev/shm || return 1

	local d
	for d in etc/corosync var/lib/corosync var/log/corosync; do
		mount -n --bind "$S/$d" "/$d" || return 1
	done
	if [ -n "$REMOTE" ]; then
		for d in etc/pacemaker var/log/pacemaker; do
			mount -n --bind "$S/$d" "/$d" || return 1
		done
	fi
	if [ -n "$PCMK" ]; then
		for d in var/lib/pacemaker var/log/pacemaker; do
			mount -n --bind "$S/$d" "/$d" || return 1
		done
		# not used by pacemaker itself, but ocf-shellfuncs' trace_ra writes
		# to $HA_VARLIB/trace_ra: keep that out of the host
		if [ -d /var/lib/heartbeat ]; then
			mount -n --bind "$S/var/lib/heartbeat" /var/lib/heartbeat || return 1
		fi
	fi

	# uninstalled build: DESTDIR layers on top of the host dirs (read-only)
	if [ -n "$ROOT" ]; then
		for d in $OVERLAY_DIRS; do
			[ -d "$ROOT/$d" ] || continue
			if [ ! -d "/$d" ]; then
				warn "warning: /$d does not exist, $ROOT/$d is not overlaid"
				continue
			fi
			mount -n -t overlay sg-overlay -o "lowerdir=$ROOT/$d:/$d" "/$d" || return 1
			log "overlay $ROOT/$d on /$d"
		done
	fi
	return 0
}

# await_daemon NAME PID TIMEOUT CHECK...: wait until CHECK succeeds; fail
# (with the logs in $logs) when PID exits or TIMEOUT seconds pass first
await_daemon() {
	local name=$1 pid=$2 secs=$3 end=$((SECONDS + $3))
	shift 3
	until "$@"; do
		kill -0 "$pid" 2>/dev/null || fail "$name exited during startup" "${logs[@]}"
		[ "$SECONDS" -lt "$end" ] || fail "$name was not ready within ${secs}s" "${logs[@]}"
		sleep 0.05
	done
}

corosync_answers() { corosync-cmapctl -g totem.cluster_name >/dev/null 2>&1; }

# pacemaker-remoted listens on its TCP port, 3121 (0x0C31), state 0A (LISTEN)
remoted_listens() { grep -qE '^ *[0-9]+: [0-9A-F:]+:0C31 [0-9A-F:]+ 0A ' /proc/net/tcp /proc/net/tcp6 2>/dev/null; }

start_corosync() {
	local t0 spawned
	local logs=(/var/log/corosync/corosync.stdout /var/log/corosync/corosync.log)
	t0=$(now_us)
	spawn_daemon /var/log/corosync/corosync.stdout corosync -f
	cs_pid=$spawned
	await_daemon corosync "$cs_pid" "$COROSYNC_TIMEOUT" corosync_answers
	log "corosync (pid $cs_pid) ready in $(since "$t0") s"
}

# A Pacemaker Remote node's only cluster daemon; ready when it listens.
start_remoted() {
	local t0 spawned
	local logs=(/var/log/pacemaker/pacemaker-remoted.stdout /var/log/pacemaker/pacemaker.log)
	t0=$(now_us)
	spawn_daemon /var/log/pacemaker/pacemaker-remoted.stdout \
		PCMK_logfile=/var/log/pacemaker/pacemaker.log PCMK_logfacility=none \
		"$S/pcmk-remote/usr/sbin/pacemaker-remoted"
	rm_pid=$spawned
	await_daemon pacemaker-remoted "$rm_pid" "$PACEMAKER_TIMEOUT" remoted_listens
	log "pacemaker-remoted (pid $rm_pid) ready in $(since "$t0") s"
}

start_pacemaker() {
	local t0 end spawned out
	local logs=(/var/log/pacemaker/pacemakerd.stdout /var/log/pacemaker/pacemaker.log)
	t0=$(now_us)
	spawn_daemon /var/log/pacemaker/pacemakerd.stdout \
		PCMK_logfile=/var/log/pacemaker/pacemaker.log PCMK_logfacility=none \
		HA_LOGFACILITY=none PCMK_debug="${PCMK_debug:-no}" pacemakerd
	pm_pid=$spawned
	end=$((SECONDS + PACEMAKER_TIMEOUT))
	while :; do
		out=$(timeout 5 crm_mon -1 --output-as=xml 2>/dev/null)
		if [[ $out == *'<current_dc present="true"'* &&
			  $out =~ \<node\ name=\"$NODE_NAME\"[^\>]*\ online=\"true\" ]]; then
			break
		fi
		kill -0 "$pm_pid" 2>/dev/null ||
			fail "pacemakerd exited during startup" "${logs[@]}"
		[ "$SECONDS" -lt "$end" ] ||
			fail "no DC with $NODE_NAME online within ${PACEMAKER_TIMEOUT}s" "${logs[@]}"
		sleep 0.2
	done
	log "pacemaker (pid $pm_pid) ready in $(since "$t0") s"
}

# init_main SCRATCH PACEMAKER(0|1) DESTDIR -- COMMAND...
init_main() {
	S=$1 PCMK=$2 ROOT=$3
	shift 3; shift   # --
	[ "$PCMK" = remote ] && REMOTE=1
	[ "$PCMK" = 1 ] || PCMK=
	LOG=$S/sandbox.log
	# refuse to mount anything unless we really are a fresh pid namespace
	if [ "$$" != 1 ]; then
		warn "internal error: init is not pid 1, refusing to run"
		exit "$EX_SANDBOX"
	fi
	trap 'on_signal INT' INT
	trap 'on_signal TERM' TERM
	trap 'on_signal HUP' HUP

	local t0; t0=$(now_us)
	log "init: pacemaker=${PCMK:-0} remote=${REMOTE:-0} root=${ROOT:-none} command: $*"
	setup_namespace || fail "namespace setup failed"
	if [ -n "$REMOTE" ]; then
		start_remoted
	else
		start_corosync
		[ -n "$PCMK" ] && start_pacemaker
	fi
	log "sandbox up in $(since "$t0") s, running command"

	# The command: caller's fds and environment.  "trap -" undoes the
	# SIGINT/SIGQUIT ignore that bash applies to background jobs (a signal
	# the caller itself ignored stays ignored).
	local path=$PATH
	[[ :$path: == *:/usr/sbin:* ]] || path=${path:+$path:}/usr/sbin
	[[ :$path: == *:/usr/bin:* ]] || path=$path:/usr/bin
	( trap - INT QUIT
	  [ -n "$REMOTE" ] && export SG_SANDBOX_REMOTE=1
	  export SG_SANDBOX=1 SG_SANDBOX_DIR="$S" TMPDIR="$S/tmp" PATH="$path" \
			 SG_SANDBOX_CGROUP="${SG_SANDBOX_CGROUP:-}"
	  [[ $1 == */* ]] || command -v -- "$1" >/dev/null ||
		  { warn "$1: command not found"; exit 127; }
	  exec "$@" ) <&0 &
	cmd_pid=$!
	# 2>/dev/null: no "Segmentation fault ( trap - ...)" job report from bash
	wait "$cmd_pid" 2>/dev/null
	local rc=$?
	if [ -n "$interrupted" ]; then
		rc=$((128 + $(signum "$interrupted")))
		log "interrupted by SIG$interrupted, status $rc"
	else
		log "command exited with status $rc"
	fi
	teardown
	exit "$rc"
}

###########################################################################
# Host side: prepare the scratch dir, run init in new namespaces, clean up.
###########################################################################

scratch='' upid='' sbcg=''
opt_pacemaker='' opt_remote='' opt_root='' opt_keep=''

die() { warn "ERROR: $*"; exit "$EX_SANDBOX"; }
usage_error() { warn "$*"; warn "usage: sandbox.sh [--pacemaker | --remote] [--root DESTDIR] [--keep DIR] -- COMMAND [ARGS...]"; exit "$EX_USAGE"; }


# the sandbox's cgroup: create it below ours, or go without
make_cgroup() {
	local parent
	parent=$(sg_own_cgroup_dir) || { warn "warning: no cgroup2: processes are contained by the pid namespace only"; return 0; }
	sbcg=$parent/sg-sandbox.${scratch##*.}
	if ! mkdir "$sbcg" 2>/dev/null || [ ! -w "$sbcg/cgroup.procs" ]; then
		warn "warning: cannot create a cgroup in $parent: processes are contained by the pid namespace only"
		rmdir "$sbcg" 2>/dev/null
		sbcg=''
	fi
}

# kill what is left in the sandbox's cgroup, then remove it depth first
remove_cgroup() {
	[ -n "$sbcg" ] && [ -d "$sbcg" ] || return 0
	echo 1 >"$sbcg/cgroup.kill" 2>/dev/null
	for _ in $(seq 1 100); do
		grep -qx 'populated 0' "$sbcg/cgroup.events" 2>/dev/null && break
		sleep 0.05
	done
	find "$sbcg" -depth -type d -exec rmdir {} + 2>/dev/null
	[ ! -d "$sbcg" ] || warn "could not remove cgroup $sbcg"
}

# shellcheck disable=SC2317  # (trap handler)
cleanup() {
	remove_cgroup
	# only ever remove what mktemp created; never cross into a mount
	if [ -n "$scratch" ] && [ -f "$scratch/.sg-sandbox" ]; then
		rm -rf --one-file-system -- "$scratch"
	fi
}

# signal to this script: pass it on to init, which tears the sandbox down
# (unshare itself blocks INT and TERM while it waits)
# shellcheck disable=SC2317  # (trap handler)
forward_signal() {
	local sig=$1 init=''
	[ -n "$upid" ] || exit $((128 + $(signum "$sig")))   # nothing started yet
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		# (no trailing newline in that file: read "fails" but sets init)
		read -r init _ 2>/dev/null <"/proc/$upid/task/$upid/children"
		[ -n "$init" ] && break
		kill -0 "$upid" 2>/dev/null || return
		sleep 0.1
	done
	[ -n "$init" ] && kill -s "$sig" "$init" 2>/dev/null
}

write_corosync_conf() {
	cat <<EOF
# generated by cts/lib/sandbox.sh: single node, loopback only
totem {
    version: 2
    cluster_name: $CLUSTER_NAME
    transport: knet
    crypto_cipher: none
    crypto_hash: none
    token: 1000
}
system {
    # do not move corosync out of the caller's cgroup
    move_to_root_cgroup: no
}
logging {
    to_logfile: yes
    logfile: /var/log/corosync/corosync.log
    to_syslog: no
    to_stderr: no
    timestamp: hires
}
quorum {
    provider: corosync_votequorum
    expected_votes: 1
}
nodelist {
    node {
        ring0_addr: 127.0.0.1
        name: $NODE_NAME
        nodeid: 1
    }
}
EOF
}

# Initial CIB: an empty CIB of the installed pacemaker plus dc-deadtime=2s
# (the default 20s would make the controller wait 20s before electing
# itself) and stonith-enabled=false (no fence device, resources must start).
# No .sig file: pacemaker-based accepts it and writes the digest itself.
write_initial_cib() {
	local cib props
	cib=$(cibadmin --empty) || return 1
	props='<crm_config>
      <cluster_property_set id="cib-bootstrap-options">
        <nvpair id="cib-bootstrap-options-dc-deadtime" name="dc-deadtime" value="2s"/>
        <nvpair id="cib-bootstrap-options-stonith-enabled" name="stonith-enabled" value="false"/>
      </cluster_property_set>
    </crm_config>'
	[[ $cib == *'<crm_config/>'* ]] || return 1
	printf '%s\n' "${cib/'<crm_config/>'/$props}"
}

# --remote: the pacemaker-remote package (never installed: it conflicts with
# pacemaker) unpacked into the scratch dir, an authkey, and log dirs.
prepare_remote() {
	local deb=${SG_PCMK_REMOTE_DEB:-} ver arch
	if [ -z "$deb" ]; then
		ver=$(dpkg-query -W -f='${Version}' pacemaker 2>/dev/null) && arch=$(dpkg --print-architecture) ||
			{ warn "--remote: pacemaker is not a Debian package here: set SG_PCMK_REMOTE_DEB"; return 1; }
		deb=$REMOTE_CACHE/pacemaker-remote_${ver//:/%3a}_$arch.deb
	fi
	[ -s "$deb" ] || { warn "--remote: $deb not found (make deps downloads it)"; return 1; }
	dpkg-deb -x "$deb" "$scratch/pcmk-remote" && [ -x "$scratch/pcmk-remote/usr/sbin/pacemaker-remoted" ] ||
		{ warn "--remote: cannot unpack $deb"; return 1; }
	mkdir -p "$scratch"/etc/pacemaker "$scratch"/var/log/pacemaker || return 1
	chmod 770 "$scratch"/var/log/pacemaker && chown hacluster:haclient "$scratch"/var/log/pacemaker || return 1
	head -c 4096 /dev/urandom >"$scratch/etc/pacemaker/authkey" &&
		chown root:haclient "$scratch/etc/pacemaker/authkey" && chmod 640 "$scratch/etc/pacemaker/authkey"
}

prepare_scratch() {
	local d
	: >"$scratch/.sg-sandbox"                 # marker checked by cleanup
	chmod 755 "$scratch"
	mkdir -p "$scratch"/etc/corosync "$scratch"/var/lib/corosync \
			 "$scratch"/var/log/corosync "$scratch"/tmp || return 1
	chmod 1777 "$scratch/tmp"
	if [ -d /etc/corosync/uidgid.d ]; then
		cp -R /etc/corosync/uidgid.d "$scratch/etc/corosync/" || return 1
	fi
	if [ -n "$opt_remote" ]; then
		prepare_remote
		return
	fi
	write_corosync_conf >"$scratch/etc/corosync/corosync.conf" || return 1
	[ -n "$opt_pacemaker" ] || return 0

	for d in cib pengine blackbox cores; do
		mkdir -p "$scratch/var/lib/pacemaker/$d" || return 1
	done
	mkdir -p "$scratch"/var/log/pacemaker "$scratch"/var/lib/heartbeat || return 1
	chown -R hacluster:haclient "$scratch"/var/lib/pacemaker/* "$scratch"/var/log/pacemaker &&
		chmod 750 "$scratch"/var/lib/pacemaker/* &&
		chmod 770 "$scratch"/var/log/pacemaker || return 1
	write_initial_cib >"$scratch/var/lib/pacemaker/cib/cib.xml" || return 1
	chown hacluster:haclient "$scratch/var/lib/pacemaker/cib/cib.xml" &&
		chmod 600 "$scratch/var/lib/pacemaker/cib/cib.xml"
}

# copy logs and friends to the --keep dir (this is on the host side: the
# scratch dir is a normal directory, the daemons are gone already)
keep_logs() {
	local src dst
	local keep=$opt_keep
	mkdir -p "$keep" || { warn "cannot create --keep dir $keep"; return; }
	cp "$scratch/sandbox.log" "$keep/" 2>/dev/null
	for src in var/log/corosync:corosync var/log/pacemaker:pacemaker \
			   var/lib/pacemaker/cib:cib var/lib/pacemaker/pengine:pengine \
			   var/lib/heartbeat/trace_ra:trace_ra; do
		dst=$keep/${src#*:}; src=$scratch/${src%%:*}
		[ -d "$src" ] || continue
		mkdir -p "$dst" && cp -R --preserve=timestamps "$src/." "$dst/"
	done
}

host_main() {
	local c
	while [ $# -gt 0 ]; do
		case $1 in
		--pacemaker) opt_pacemaker=1 ;;
		--remote)    opt_remote=1 ;;
		--root)      [ $# -ge 2 ] || usage_error "--root needs an argument"; opt_root=$2; shift ;;
		--root=*)    opt_root=${1#*=} ;;
		--keep)      [ $# -ge 2 ] || usage_error "--keep needs an argument"; opt_keep=$2; shift ;;
		--keep=*)    opt_keep=${1#*=} ;;
		-h|--help)   usage; exit 0 ;;
		--)          shift; break ;;
		-*)          usage_error "unknown option: $1" ;;
		*)           break ;;
		esac
		shift
	done
	[ $# -ge 1 ] || usage_error "no COMMAND given"
	[ -n "$opt_pacemaker" ] && [ -n "$opt_remote" ] && usage_error "--pacemaker and --remote exclude each other"

	[ "$(id -u)" = 0 ] || die "must run as root"
	for c in unshare setpriv ip mount timeout corosync corosync-cmapctl; do
		command -v "$c" >/dev/null || die "$c not found"
	done
	for c in /etc/corosync /var/lib/corosync /var/log/corosync; do
		[ -d "$c" ] || die "$c does not exist (bind mount target)"
	done
	if [ -n "$opt_pacemaker" ]; then
		for c in pacemakerd crm_mon cibadmin; do
			command -v "$c" >/dev/null || die "$c not found"
		done
		for c in /var/lib/pacemaker /var/log/pacemaker; do
			[ -d "$c" ] || die "$c does not exist (bind mount target)"
		done
		id hacluster >/dev/null 2>&1 || die "user hacluster does not exist"
	fi
	if [ -n "$opt_root" ]; then
		[ -d "$opt_root" ] || die "--root: $opt_root is not a directory"
		opt_root=$(realpath -e -- "$opt_root") || die "--root: cannot resolve $opt_root"
		case $opt_root in *[:,\\]*) die "--root: path must not contain ':', ',' or '\\'";; esac
	fi

	# CI jobs may start us with closed fds: give them /dev/null
	[ -L /proc/$$/fd/0 ] || exec 0</dev/null
	[ -L /proc/$$/fd/1 ] || exec 1>/dev/null
	[ -L /proc/$$/fd/2 ] || exec 2>/dev/null

	trap cleanup EXIT
	trap 'forward_signal INT' INT
	trap 'forward_signal TERM' TERM
	trap 'forward_signal HUP' HUP
	scratch=$(mktemp -d -t sg-sandbox.XXXXXXXX) || die "mktemp failed"
	prepare_scratch || die "cannot prepare $scratch"
	make_cgroup

	local mode=${opt_pacemaker:-0}
	[ -n "$opt_remote" ] && mode=remote
	# setpriv --pdeathsig: if this script dies (even by SIGKILL), unshare is
	# killed; --kill-child then sends TERM to init, which tears down.
	# "trap -": see init_main.
	# The subshell joins the sandbox's cgroup first: unshare, init and
	# everything below are born in it.
	( trap - INT QUIT
	  if [ -n "$sbcg" ]; then echo "$BASHPID" >"$sbcg/cgroup.procs" || exit "$EX_SANDBOX"; fi
	  exec setpriv --pdeathsig KILL -- \
		unshare --pid --fork --mount-proc --net --mount --uts --ipc \
				--propagation private --kill-child=TERM -- \
		env SG_SANDBOX_CGROUP="$sbcg" \
		"$BASH" "$SELF" "$INIT_MARK" "$scratch" "$mode" "$opt_root" -- "$@"
	) <&0 &
	upid=$!
	# a trapped signal interrupts wait; keep waiting until unshare is gone
	while kill -0 "$upid" 2>/dev/null; do wait "$upid"; done
	wait "$upid"
	local rc=$?
	[ -n "$opt_keep" ] && keep_logs
	exit "$rc"
}

if [ "${1:-}" = "$INIT_MARK" ]; then
	shift
	init_main "$@"
else
	host_main "$@"
fi
