#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# cts/lib/cluster.sh - a throwaway N-node corosync + Pacemaker cluster on one
# machine, built from namespaces, for multi-node tests and failure rehearsals.
#
# Usage:
#   cluster.sh run [--up] [--nodes N] [--remote M] [--root DESTDIR] [--keep DIR] -- COMMAND [ARGS...]
#       Run COMMAND inside a new lab; with --up the nodes are started first.
#       COMMAND can call "cluster.sh <command>" (or source this file and use
#       the cl_* functions).  Everything goes away when COMMAND exits; with
#       --keep, the nodes' logs are copied to DIR if COMMAND failed.
#   cluster.sh up [--nodes N] [--remote M] [--root DESTDIR]
#       Inside a lab: start N nodes (default 3) and M Pacemaker Remote nodes
#       (default 0), wait until a DC sees the N online, connect the remote
#       nodes and wait until they are online too.  On the host without
#       SG_CLUSTER_DIR: create a detached lab first and print
#       "export SG_CLUSTER_DIR=..." for the commands below.
#   cluster.sh down [--keep DIR]
#       Power every node off and remove them (a detached lab goes too).
#   cluster.sh exec N COMMAND...     run COMMAND on node N (as root, clean env)
#   cluster.sh crash N               power cut: SIGKILL every process of node N
#   cluster.sh start N | stop N      power node N on again / shut it down cleanly
#   cluster.sh partition N | heal N  unplug / replug node N's network cable
#                                    (N: a full node's number, or nodeN, or a
#                                    remote node's name remoteM, everywhere)
#   cluster.sh fencing [K=V...]      add the test fence device, enable stonith
#   cluster.sh fenced                who was fenced and when, one line each:
#                                    "EPOCH TARGET ACTION BY RESULT"
#   cluster.sh freeze N PID | thaw N hold a process of node N in
#                                    uninterruptible sleep (survives SIGKILL)
#   cluster.sh status                crm_mon -1 from the first node up
#   cluster.sh wait-dc [SECONDS [NODES]]
#   cluster.sh wait-remotes [SECONDS [remoteM...]]  until they are online
#   cluster.sh remote-connect remoteM  add the cluster's connection to it
#                                    (up does this for every remote node)
#   cluster.sh nodes                 every node's name, one a line
#
# Nodes are node1..nodeN (corosync nodeid N, address 198.18.0.N/24).  Tools
# run through "exec" talk to that node's daemons only.
# Remote nodes are remote1..remoteM (address 198.18.0.(100+M)/24): each runs
# only pacemaker-remoted (port 3121; no corosync, no pacemakerd, an empty
# /etc/corosync), and the cluster reaches it through an ocf:pacemaker:remote
# resource with the node's name as its id (reconnect_interval 5s, monitor
# 2s).  Pacemaker's tools run there ("exec remoteM crm_attribute ...") talk
# to the cluster through pacemaker-remoted's proxy.  pacemaker-remoted comes
# from the pacemaker-remote .deb that make deps keeps in /var/cache/samguard
# (SG_PCMK_REMOTE_DEB: another one; the package conflicts with pacemaker, so
# it is never installed), unpacked into the lab and overlaid on the remote
# nodes' /usr/sbin; it uses the installed Pacemaker's libraries, so the
# versions must match.  Every node has a per-node /etc/pacemaker holding the
# lab's own authkey (4096 random bytes, one per lab).  "stop remoteM" first
# stops the connection (target-role=Stopped, so the cluster stops the node's
# resources), then pacemaker-remoted; "start remoteM" starts it and clears
# that target-role.  "crash remoteM" is a power cut: with fencing on, the
# cluster fences the node (by its cgroup, as a full node).  With --root, the
# installed build in DESTDIR (make install DESTDIR=...) is overlaid on
# /usr/sbin, /usr/bin, /usr/libexec and /usr/lib/ocf of every node, as
# cts/lib/sandbox.sh --root does.  Fencing: stonith:fence_sgcluster powers a
# node off by killing its cgroup (stonith-action=off: it stays off until
# "start N"); it logs to $SG_CLUSTER_DIR/fence.log.
#
# Environment: SG_CLUSTER_DIR (the lab's scratch dir, set inside a lab and by
# "up"), SG_CLUSTER_NODES (default 3), SG_CLUSTER_REMOTES (default 0),
# SG_PCMK_REMOTE_DEB, PCMK_debug (passed to the daemons).
# Exit status: COMMAND's for run; 0/1 for the others; 2 on usage errors.
#
# How it works
#   The lab is a new pid, network, mount, UTS and IPC namespace whose pid 1 is
#   this script (as in sandbox.sh: when it exits, the kernel kills everything
#   left in it, nodes included).  Its network namespace is the "switch": a
#   bridge br0 with one veth port per node; partition = port down.  No
#   interface, address, route or netns name is ever created in the host's
#   network namespace, and 198.18.0.0/24 (RFC 2544, never routed) exists
#   only inside the lab, so concurrent labs cannot collide.
#   Each node is again a pid, network, mount, UTS and IPC namespace inside
#   the lab, held by an "anchor" (its pid 1, a reaper).  Its own network
#   namespace scopes the abstract unix sockets of libqb (corosync's and
#   Pacemaker's IPC), its own /run and /dev/shm tmpfs hold pid files and
#   libqb rings, and per node directories are bind-mounted on /etc/corosync,
#   /etc/pacemaker, /var/lib/{corosync,pacemaker,heartbeat} and
#   /var/log/{corosync,pacemaker}.  A remote node is built the same way
#   (namespaces, anchor, port on br0, cgroup), only its daemons differ.
#   Nothing of this is visible outside the node.
#   Each node's daemons run in a cgroup v2 leaf of their own: the node's
#   power switch (cgroup.kill).  The anchor is outside it, so a node can be
#   powered on again in the same namespaces.  A v1 freezer cgroup per node
#   (when the kernel has one mounted) lets tests hold a process in
#   uninterruptible sleep; powering the node off thaws it, as a power cut
#   ends any sleep.
#   Host footprint: the scratch dir (mktemp, removed at the end) and the
#   cgroups sg-cluster.<tag> (removed at the end, depth first: samguard's
#   instance cgroups samguard-<name> live below each node's); <tag> is the
#   scratch dir's unique suffix.  The v2 one is made below the caller's own
#   cgroup (found from /proc/self/mountinfo and /proc/self/cgroup), so
#   parallel labs and sandboxes never share a cgroup.  Corosync and Pacemaker already running on the host are
#   never contacted or signalled: nothing is ever killed by name, only by
#   cgroup or by a pid checked against the namespace it must be in.
set -u
[ -n "${PATH:-}" ] || export PATH=/usr/sbin:/usr/bin:/sbin:/bin

# shellcheck disable=SC2034  # (some are used by the suites that source us)
{
readonly CL_NET=198.18.0            # RFC 2544 benchmarking range, never routed
readonly CL_CLUSTER_NAME=sglab
readonly CL_TOKEN=1000              # ms; detection of a dead node ~ token + consensus
readonly CL_DC_DEADTIME=2s          # default 20s would add 20 s to every start
readonly CL_COROSYNC_TIMEOUT=15     # s, until corosync answers cmap
readonly CL_DC_TIMEOUT=90           # s, until a DC sees all nodes online
readonly CL_STOP_TIMEOUT=30         # s, clean node shutdown before a power cut
readonly CL_DAEMON_PATH=/usr/sbin:/usr/bin:/sbin:/bin
readonly CL_REMOTE_PORT=3121        # pacemaker-remoted's default
readonly CL_REMOTE_MONITOR=2s       # the connection's monitor
readonly CL_REMOTE_RECONNECT=5s     # retry a lost connection this often
readonly CL_REMOTE_CACHE=/var/cache/samguard   # make deps keeps the .deb there
readonly CL_OVERLAY_DIRS="usr/sbin usr/bin usr/libexec usr/lib/ocf"
readonly CL_LAB_MARK=__sg_cluster_lab__
readonly CL_NODE_MARK=__sg_cluster_node__
readonly CL_BOOTFS_MARK=__sg_cluster_bootfs__
# runs first in a node: join its power domain (cgroup $1), then the command
# in a clean environment ($2... may start with VAR=VALUE words, as for env)
# shellcheck disable=SC2016  # (expanded by the node's shell)
readonly CL_TRAMPOLINE='echo $$ >"$1/cgroup.procs" || exit 125; shift
exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root "$@"'
}
CL_SELF=$(readlink -f "${BASH_SOURCE[0]}")
# shellcheck source=cts/lib/cgroup.sh
. "$(dirname "$CL_SELF")/cgroup.sh"

# the lab: its scratch dir, and settings from $CL_DIR/lab.env
CL_DIR=${SG_CLUSTER_DIR:-}
CL_TAG='' CL_CG='' CL_FRZ='' CL_ROOT=''

cl__warn() { printf 'cluster: %s\n' "$*" >&2; }
cl__log() {
	[ -n "$CL_DIR" ] && [ -d "$CL_DIR" ] || return 0
	local t=$EPOCHREALTIME ts
	printf -v ts '%(%H:%M:%S)T' "${t%[!0-9]*}"
	printf '%s.%s [%s] %s\n' "$ts" "${t:${#t}-6:3}" "$$" "$*" >>"$CL_DIR/lab.log"
}
cl__fail() { cl__warn "$*"; cl__log "ERROR: $*"; return 1; }

# remove cgroup directory $1 and every cgroup below it, deepest first
cl__rmcg() { [ -d "$1" ] && find "$1" -depth -type d -exec rmdir {} + 2>/dev/null; [ ! -d "$1" ]; }

# wall clock in microseconds, no fork (EPOCHREALTIME's radix is locale dependent)
cl_now_us() { local t=$EPOCHREALTIME; echo "${t//[!0-9]/}"; }

# cl__name SPEC: the name of an existing node: nodeN for SPEC N or nodeN
# (a full node), remoteM for SPEC remoteM (a Pacemaker Remote node)
cl__name() {
	local s=${1:-}
	[[ $s =~ ^[1-9][0-9]*$ ]] && s=node$s
	[[ $s =~ ^(node|remote)[1-9][0-9]*$ ]] && [ -d "$CL_DIR/nodes/$s" ] && echo "$s"
}
cl__valid_node() { cl__name "${1:-}" >/dev/null; }
cl__ndir() { printf '%s/nodes/%s' "$CL_DIR" "$1"; }   # (by name)
cl__is_remote() { [[ $1 == remote* ]]; }
# a node's address: nodeN 198.18.0.N, remoteM 198.18.0.(100+M)
cl__addr() {
	case $1 in
	node*) printf '%s.%d\n' "$CL_NET" "${1#node}" ;;
	remote*) printf '%s.%d\n' "$CL_NET" "$((100 + ${1#remote}))" ;;
	esac
}

# settings written by the host side: key=value lines, parsed (never sourced)
cl__load_env() {
	local k v
	if ! { [ -n "$CL_DIR" ] && [ -f "$CL_DIR/.sg-cluster" ] && [ -f "$CL_DIR/lab.env" ]; }; then
		cl__warn "SG_CLUSTER_DIR=${CL_DIR:-(unset)} is not a lab"
		return 1
	fi
	while IFS='=' read -r k v; do
		case $k in
		TAG) CL_TAG=$v ;;
		CG) CL_CG=$v ;;
		FRZ) CL_FRZ=$v ;;
		ROOT) CL_ROOT=$v ;;
		esac
	done <"$CL_DIR/lab.env"
	[ -n "$CL_TAG" ] && [ -n "$CL_CG" ]
}

# true when this process runs in the lab whose dir is $CL_DIR
cl__in_lab() {
	[ -n "$CL_DIR" ] && [ -f "$CL_DIR/lab.pidns" ] &&
		[ "$(readlink /proc/self/ns/pid)" = "$(cat "$CL_DIR/lab.pidns" 2>/dev/null)" ]
}

###########################################################################
# Nodes (run inside the lab)
###########################################################################

# The anchor's pid, only if it still is the pid 1 of the node's namespace
# recorded at creation (never enter or signal a reused pid).
cl__anchor() {
	local n; n=$(cl__ndir "$1")
	local pid ns
	pid=$(cat "$n/anchor.pid" 2>/dev/null) && ns=$(cat "$n/anchor.ns" 2>/dev/null) || return 1
	[ -n "$pid" ] && [ "$(readlink "/proc/$pid/ns/pid" 2>/dev/null)" = "$ns" ] || return 1
	echo "$pid"
}

# node N (or remoteM) has processes in its power domain (its cgroup)
cl_node_on() {
	local nm
	nm=$(cl__name "${1:-}") && grep -qx 'populated 1' "$CL_CG/$nm/cgroup.events" 2>/dev/null
}

# the full nodes' numbers
cl_nodes() {
	local d
	for d in "$CL_DIR"/nodes/node*; do
		[ -d "$d" ] && echo "${d##*/node}"
	done | sort -n
}

# the remote nodes' names (remote1...)
cl_remotes() {
	local d
	for d in "$CL_DIR"/nodes/remote*; do
		[ -d "$d" ] && echo "${d##*/remote}"
	done | sort -n | sed 's/^/remote/'
}

# every node's name, full nodes first
cl__names() { cl_nodes | sed 's/^/node/'; cl_remotes; }

cl_first_up() {
	local i
	for i in $(cl_nodes); do
		cl_node_on "$i" && { echo "$i"; return 0; }
	done
	return 1
}

# cl_exec N|remoteM COMMAND...: run COMMAND in the node's namespaces and
# power domain (a crash of the node kills it too), clean environment, the
# caller's cwd.
cl_exec() {
	local nm a wd
	nm=$(cl__name "${1:-}") || { cl__warn "exec: no node ${1:-}"; return 2; }
	shift
	a=$(cl__anchor "$nm") || { cl__warn "exec: $nm has no namespaces"; return 2; }
	# (the node has its own /run and /dev/shm)
	case $PWD in /run|/run/*|/dev/shm|/dev/shm/*) wd=/ ;; *) wd=$PWD ;; esac
	nsenter -t "$a" -p -m -u -i -n --wd="$wd" -- \
		/bin/sh -c "$CL_TRAMPOLINE" sh "$CL_CG/$nm" "$@"
}

# cl__spawn NAME OUTFILE [VAR=VALUE...] COMMAND...: start a daemon of node
# NAME in its power domain, detached (own session, no caller fds), clean
# environment
cl__spawn() {
	local nm=$1 out=$2 a
	shift 2
	a=$(cl__anchor "$nm") || return 1
	setsid nsenter -t "$a" -p -m -u -i -n --wd=/ -- \
		/bin/sh -c "$CL_TRAMPOLINE" sh "$CL_CG/$nm" "$@" </dev/null >>"$out" 2>&1 &
}

cl__write_corosync_conf() {
	local n=$1 i
	cat <<EOF
# generated by cts/lib/cluster.sh (lab $CL_TAG)
totem {
    version: 2
    cluster_name: $CL_CLUSTER_NAME
    transport: knet
    crypto_cipher: none
    crypto_hash: none
    token: $CL_TOKEN
    # the default adds 650 ms per node above two: keep detection times
    # independent of the node count
    token_coefficient: 0
}
system {
    # corosync must stay in the node's cgroup (its power switch)
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
}
nodelist {
EOF
	for i in $(seq 1 "$n"); do
		printf '    node {\n        ring0_addr: %s.%d\n        name: node%d\n        nodeid: %d\n    }\n' \
			"$CL_NET" "$i" "$i" "$i"
	done
	echo "}"
}

# An empty CIB of the installed Pacemaker with dc-deadtime short (each
# controller otherwise waits 20 s for a DC) and no fencing until a test asks
# for it.  No .sig file: pacemaker-based accepts it and writes the digest.
cl__write_initial_cib() {
	local cib props
	cib=$(cibadmin --empty) || return 1
	props="<crm_config>
      <cluster_property_set id=\"cib-bootstrap-options\">
        <nvpair id=\"cib-bootstrap-options-dc-deadtime\" name=\"dc-deadtime\" value=\"$CL_DC_DEADTIME\"/>
        <nvpair id=\"cib-bootstrap-options-stonith-enabled\" name=\"stonith-enabled\" value=\"false\"/>
      </cluster_property_set>
    </crm_config>"
	[[ $cib == *'<crm_config/>'* ]] || return 1
	printf '%s\n' "${cib/'<crm_config/>'/$props}"
}

# cl__prepare_node_dir NAME N: the files of node NAME in an N-node cluster;
# a remote node gets no corosync.conf (its /etc/corosync stays empty) and no CIB
cl__prepare_node_dir() {
	local nm=$1 n=$2 d
	d=$(cl__ndir "$nm")
	mkdir -p "$d"/etc/corosync "$d"/var/lib/corosync "$d"/var/log/corosync \
		"$d"/var/lib/pacemaker/{cib,pengine,blackbox,cores} "$d"/var/log/pacemaker \
		"$d"/var/lib/heartbeat "$d"/etc/pacemaker || return 1
	chown -R hacluster:haclient "$d"/var/lib/pacemaker "$d"/var/log/pacemaker &&
		chmod 750 "$d"/var/lib/pacemaker/* && chmod 770 "$d"/var/log/pacemaker || return 1
	# the lab's Pacemaker Remote key (root:haclient 640, as Debian makes it)
	install -m 640 -o root -g haclient "$CL_DIR/authkey" "$d/etc/pacemaker/authkey" || return 1
	cl__is_remote "$nm" && return 0
	if [ -d /etc/corosync/uidgid.d ]; then
		cp -R /etc/corosync/uidgid.d "$d/etc/corosync/" || return 1
	fi
	cl__write_corosync_conf "$n" >"$d/etc/corosync/corosync.conf" &&
		cl__write_initial_cib >"$d/var/lib/pacemaker/cib/cib.xml" &&
		chown hacluster:haclient "$d/var/lib/pacemaker/cib/cib.xml" &&
		chmod 600 "$d/var/lib/pacemaker/cib/cib.xml"
}

# create node NAME's namespaces (anchor), cgroups and network port
cl__create_node() {
	local nm=$1 d upid a k
	d=$(cl__ndir "$nm")
	mkdir -p "$CL_CG/$nm" || return 1
	[ -z "$CL_FRZ" ] || mkdir -p "$CL_FRZ/$nm" || return 1
	rm -f "$d/anchor.pid" "$d/anchor.ns" "$d/anchor.ready"
	setsid unshare --pid --fork --mount-proc --net --mount --uts --ipc --propagation private -- \
		"$BASH" "$CL_SELF" "$CL_NODE_MARK" "$CL_DIR" "$nm" </dev/null >>"$d/anchor.log" 2>&1 &
	upid=$!
	# the anchor is unshare's child (pid 1 of the node's pid namespace)
	a=''
	for k in $(seq 1 100); do
		read -r a _ 2>/dev/null <"/proc/$upid/task/$upid/children"
		[ -n "$a" ] && [ -f "$d/anchor.ready" ] && break
		kill -0 "$upid" 2>/dev/null || break
		sleep 0.05
	done
	if [ -z "$a" ] || [ ! -f "$d/anchor.ready" ]; then
		cl__fail "$nm: anchor did not come up: $(tail -3 "$d/anchor.log" 2>/dev/null)"
		return 1
	fi
	echo "$a" >"$d/anchor.pid"
	readlink "/proc/$a/ns/pid" >"$d/anchor.ns"
	# network: a veth from the lab's bridge into the node
	if ! { ip link add "$nm" type veth peer name eth0 netns "$a" &&
		   ip link set "$nm" master br0 up &&
		   nsenter -t "$a" -n ip link set lo up &&
		   nsenter -t "$a" -n ip addr add "$(cl__addr "$nm")/24" dev eth0 &&
		   nsenter -t "$a" -n ip link set eth0 up; }; then
		cl__fail "$nm: network setup failed"
		return 1
	fi
	cl__log "$nm created (anchor $a, ${k}x50ms)"
}

# cl_start N|remoteM: power a node on: fresh /run and /dev/shm (as after a
# reboot; /var/lib persists like a disk), then corosync and pacemakerd on a
# full node, pacemaker-remoted (listening on its port) on a remote node
cl_start() {
	local nm d end
	nm=$(cl__name "${1:-}") || { cl__warn "start: no node ${1:-}"; return 2; }
	cl_node_on "$nm" && return 0
	d=$(cl__ndir "$nm")
	cl_exec "$nm" "$BASH" "$CL_SELF" "$CL_BOOTFS_MARK" || return 1
	if cl__is_remote "$nm"; then
		cl__spawn "$nm" "$d/var/log/pacemaker/pacemaker-remoted.stdout" \
			PCMK_logfile=/var/log/pacemaker/pacemaker.log PCMK_logfacility=none \
			HA_LOGFACILITY=none PCMK_debug="${PCMK_debug:-no}" pacemaker-remoted || return 1
		end=$((SECONDS + CL_COROSYNC_TIMEOUT))
		until [ -n "$(cl_exec "$nm" ss -Hltn "sport = :$CL_REMOTE_PORT" 2>/dev/null)" ]; do
			[ "$SECONDS" -lt "$end" ] ||
				{ cl__fail "$nm: pacemaker-remoted did not listen within ${CL_COROSYNC_TIMEOUT}s"; return 1; }
			sleep 0.05
		done
		# undo a "stop": the cluster may connect again
		cl__remote_role "$nm" Started
		cl__log "$nm powered on"
		return 0
	fi
	cl__spawn "$nm" "$d/var/log/corosync/corosync.stdout" corosync -f || return 1
	end=$((SECONDS + CL_COROSYNC_TIMEOUT))
	until cl_exec "$nm" corosync-cmapctl -g totem.cluster_name >/dev/null 2>&1; do
		[ "$SECONDS" -lt "$end" ] ||
			{ cl__fail "$nm: corosync did not answer within ${CL_COROSYNC_TIMEOUT}s"; return 1; }
		sleep 0.05
	done
	cl__spawn "$nm" "$d/var/log/pacemaker/pacemakerd.stdout" \
		PCMK_logfile=/var/log/pacemaker/pacemaker.log PCMK_logfacility=none \
		HA_LOGFACILITY=none PCMK_debug="${PCMK_debug:-no}" pacemakerd || return 1
	cl__log "$nm powered on"
}

# cl__remote_role NAME Started|Stopped: the target-role of the cluster's
# connection to remote node NAME (Started: the meta attribute is removed);
# nothing when no full node is up or there is no such connection yet
cl__remote_role() {
	local nm=$1 role=$2 i
	i=$(cl_first_up) || return 0
	cl_exec "$i" crm_resource --resource "$nm" --meta --get-parameter target-role >/dev/null 2>&1 ||
		[ "$role" = Stopped ] || return 0
	if [ "$role" = Started ]; then
		cl_exec "$i" crm_resource --resource "$nm" --meta --delete-parameter target-role >/dev/null 2>&1
	else
		cl_exec "$i" crm_resource --resource "$nm" --meta --set-parameter target-role \
			--parameter-value Stopped >/dev/null 2>&1
	fi
}

# cl_stop N|remoteM: clean shutdown (Pacemaker stops its resources), then
# corosync; a power cut if that takes longer than CL_STOP_TIMEOUT.
# A remote node: the cluster stops its connection (target-role=Stopped on
# the connection resource, which first stops the node's resources), then
# pacemaker-remoted gets SIGTERM.  (Not SIGTERM alone: pacemaker-remoted
# 2.1.5 asks the cluster to stop its resources, then exits at once without
# waiting, and the cluster fences the node for the lost connection.)
cl_stop() {
	local nm end i
	nm=$(cl__name "${1:-}") || { cl__warn "stop: no node ${1:-}"; return 2; }
	cl_node_on "$nm" || return 0
	end=$((SECONDS + CL_STOP_TIMEOUT))
	if cl__is_remote "$nm"; then
		if cl__remote_role "$nm" Stopped; then
			while i=$(cl_first_up) && [ "$SECONDS" -lt "$end" ] &&
				! cl_exec "$i" crm_resource --locate --resource "$nm" 2>&1 | grep -q 'is NOT running'; do
				sleep 0.1
			done
		fi
		# (in the node's own pid namespace: only its processes are seen; the
		# comm is cut to 15 characters, so match the command line)
		cl_exec "$nm" pkill -TERM -f -x pacemaker-remoted >/dev/null 2>&1
		while cl_exec "$nm" pgrep -f -x pacemaker-remoted >/dev/null 2>&1 && [ "$SECONDS" -lt "$end" ]; do
			sleep 0.1
		done
		# what is left (a process started by hand) goes as at the end of a
		# shutdown: killed
		if ! cl_exec "$nm" pgrep -f -x pacemaker-remoted >/dev/null 2>&1; then
			cl__power_off "$nm"
		fi
	else
		cl_exec "$nm" timeout "$CL_STOP_TIMEOUT" pacemakerd --shutdown >/dev/null 2>&1
		while cl_exec "$nm" pgrep -x pacemakerd >/dev/null 2>&1 && [ "$SECONDS" -lt "$end" ]; do
			sleep 0.1
		done
		cl_exec "$nm" corosync-cfgtool -H --force >/dev/null 2>&1
		while cl_node_on "$nm" && [ "$SECONDS" -lt "$end" ]; do sleep 0.1; done
	fi
	if cl_node_on "$nm"; then
		cl__log "$nm did not stop within ${CL_STOP_TIMEOUT}s: power cut"
		cl_crash "$nm" >/dev/null
	fi
	cl__log "$nm stopped"
}

# power off (by name): kill the node's cgroup; a frozen process dies only
# once thawed
cl__power_off() {
	local nm=$1 k
	[ -d "$CL_CG/$nm" ] || return 0
	echo 1 >"$CL_CG/$nm/cgroup.kill" 2>/dev/null
	[ -z "$CL_FRZ" ] || [ ! -d "$CL_FRZ/$nm" ] || echo THAWED >"$CL_FRZ/$nm/freezer.state"
	for k in $(seq 1 200); do
		cl_node_on "$nm" || return 0
		sleep 0.05
	done
	cl__fail "$nm: processes left after cgroup.kill"
}

# cl_crash N|remoteM: power cut of a node (every process, at once); prints
# the instant of the cut (epoch seconds) on stdout
cl_crash() {
	local nm t
	nm=$(cl__name "${1:-}") || { cl__warn "crash: no node ${1:-}"; return 2; }
	t=$EPOCHREALTIME
	cl__power_off "$nm" || return 1
	cl__log "$nm crashed at $t"
	echo "$t"
}

# cl_partition N / cl_heal N (or remoteM): take the node's switch port down
# / up (a clean, symmetric split: the node keeps its address, nothing
# reaches it); prints the instant on stdout
cl_partition() { cl__port "${1:-}" down; }
cl_heal() { cl__port "${1:-}" up; }
cl__port() {
	local nm t
	nm=$(cl__name "$1") || { cl__warn "partition/heal: no node $1"; return 2; }
	t=$EPOCHREALTIME
	ip link set "$nm" "$2" || return 1
	cl__log "$nm port $2 at $t"
	echo "$t"
}

# cl_freeze N PID: hold process PID of node N (or remoteM; a pid as that
# node sees it) in uninterruptible sleep: it survives SIGKILL until thawed or
# the node is powered off.  Needs a cgroup v1 freezer hierarchy on the host.
cl_freeze() {
	local nm pid=${2:-} f k
	if ! nm=$(cl__name "${1:-}") || [[ ! $pid =~ ^[0-9]+$ ]]; then
		cl__warn "freeze: usage: freeze N PID"
		return 2
	fi
	[ -n "$CL_FRZ" ] || { cl__warn "freeze: no cgroup v1 freezer on this host"; return 1; }
	f=$CL_FRZ/$nm
	# the pid means something only in the node's pid namespace
	# shellcheck disable=SC2016  # (expanded by the node's shell)
	cl_exec "$nm" /bin/sh -c 'echo "$1" >"$2/cgroup.procs"' sh "$pid" "$f" || return 1
	echo FROZEN >"$f/freezer.state" || return 1
	for k in $(seq 1 100); do
		[ "$(cat "$f/freezer.state")" = FROZEN ] && return 0
		sleep 0.02
	done
	cl__fail "$nm: freezer did not reach FROZEN"
}

cl_thaw() {
	local nm
	nm=$(cl__name "${1:-}") || { cl__warn "thaw: no node ${1:-}"; return 2; }
	[ -z "$CL_FRZ" ] || [ ! -d "$CL_FRZ/$nm" ] || echo THAWED >"$CL_FRZ/$nm/freezer.state"
}

# cl_wait_dc [SECONDS [NODES]]: a DC exists and sees NODES full nodes
# (cluster members: remote nodes do not count) online
cl_wait_dc() {
	local t=${1:-$CL_DC_TIMEOUT} want=${2:-} end i x online
	[ -n "$want" ] || want=$(cl_nodes | wc -l)
	end=$((SECONDS + t))
	while [ "$SECONDS" -lt "$end" ]; do
		if i=$(cl_first_up) && x=$(cl_exec "$i" timeout 5 crm_mon -1 --output-as=xml 2>/dev/null); then
			# a joining node is online="true" pending="true" for a while
			online=$(grep '<node name="[^"]*" [^>]*online="true"[^>]*pending="false"' <<<"$x" | grep -c ' type="member"')
			if [[ $x == *'<current_dc present="true"'* ]] && [ "$online" -ge "$want" ]; then
				return 0
			fi
		fi
		sleep 0.2
	done
	cl__fail "no DC with $want nodes online within ${t}s"
}

# cl_remote_online NAME: a full node's crm_mon shows remote node NAME online
# and its connection started (not still "Starting")
cl_remote_online() {
	local i x
	i=$(cl_first_up) && x=$(cl_exec "$i" timeout 5 crm_mon -1 --output-as=xml 2>/dev/null) || return 1
	grep "<node name=\"$1\" " <<<"$x" | grep ' online="true"' | grep -q ' type="remote"' &&
		grep -q "<resource id=\"$1\" resource_agent=\"ocf:pacemaker:remote\" role=\"Started\" " <<<"$x"
}

# cl_wait_remotes [SECONDS [NAME...]]: every remote node named (default: all)
# is online in crm_mon of a full node
cl_wait_remotes() {
	local t=${1:-$CL_DC_TIMEOUT} end nm left
	[ $# -gt 0 ] && shift
	# shellcheck disable=SC2046  # (names without blanks)
	[ $# -gt 0 ] || set -- $(cl_remotes)
	end=$((SECONDS + t))
	while :; do
		left=''
		for nm in "$@"; do cl_remote_online "$nm" || left+=" $nm"; done
		[ -n "$left" ] || return 0
		[ "$SECONDS" -lt "$end" ] || break
		sleep 0.2
	done
	cl__fail "remote node(s)$left not online within ${t}s"
}

# cl_remote_connect NAME: the cluster connects to remote node NAME: an
# ocf:pacemaker:remote resource named NAME (the node's name in the cluster)
cl_remote_connect() {
	local nm
	if ! nm=$(cl__name "${1:-}") || ! cl__is_remote "$nm"; then
		cl__warn "remote-connect: no remote node ${1:-}"
		return 2
	fi
	cl_primitive "$nm" ocf:pacemaker:remote params server="$(cl__addr "$nm")" \
		port="$CL_REMOTE_PORT" reconnect_interval="$CL_REMOTE_RECONNECT" \
		op monitor interval="$CL_REMOTE_MONITOR" timeout=15s
}

# the pacemaker-remote package (it conflicts with pacemaker, so it is never
# installed) unpacked into $CL_DIR/pcmk-remote: make deps keeps the .deb of
# the installed pacemaker's version in /var/cache/samguard (SG_PCMK_REMOTE_DEB
# names another one).  The lab never downloads it.
cl__unpack_remote() {
	local deb=${SG_PCMK_REMOTE_DEB:-} ver arch want have
	[ -x "$CL_DIR/pcmk-remote/usr/sbin/pacemaker-remoted" ] && return 0
	if [ -z "$deb" ]; then
		if ! { ver=$(dpkg-query -W -f='${Version}' pacemaker 2>/dev/null) && arch=$(dpkg --print-architecture); }; then
			cl__fail "remote nodes: pacemaker is not a Debian package here: set SG_PCMK_REMOTE_DEB"
			return 1
		fi
		deb=$CL_REMOTE_CACHE/pacemaker-remote_${ver//:/%3a}_$arch.deb
	fi
	[ -s "$deb" ] || { cl__fail "remote nodes: $deb not found (make deps downloads it)"; return 1; }
	if ! { mkdir -p "$CL_DIR/pcmk-remote" && dpkg-deb -x "$deb" "$CL_DIR/pcmk-remote" &&
		   [ -x "$CL_DIR/pcmk-remote/usr/sbin/pacemaker-remoted" ]; }; then
		cl__fail "remote nodes: cannot unpack $deb"
		return 1
	fi
	# its libraries are the installed pacemaker's: the versions must match
	want=$(pacemakerd --version 2>/dev/null | head -1)
	have=$("$CL_DIR/pcmk-remote/usr/sbin/pacemaker-remoted" --version 2>/dev/null | head -1)
	[ "$want" = "$have" ] || { cl__fail "remote nodes: $deb is ${have:-unusable}, pacemaker is $want"; return 1; }
}

# cl_up [N [M]]: N full nodes (default SG_CLUSTER_NODES or 3) and M remote
# nodes (default SG_CLUSTER_REMOTES or 0), started together, the remote
# nodes connected; a no-op when they are up already
cl_up() {
	local n=${1:-${SG_CLUSTER_NODES:-3}} m=${2:-${SG_CLUSTER_REMOTES:-0}} i nm t0 pids=() rc=0
	[[ $n =~ ^[1-9][0-9]?$ ]] || { cl__warn "up: bad node count $n"; return 2; }
	[[ $m =~ ^(0|[1-9][0-9]?)$ ]] || { cl__warn "up: bad remote node count $m"; return 2; }
	if [ -n "$(cl_nodes)" ]; then
		if [ "$(cl_nodes | wc -l)" != "$n" ] || [ "$(cl_remotes | wc -l)" != "$m" ]; then
			cl__warn "up: a lab with $(cl_nodes | wc -l) nodes and $(cl_remotes | wc -l) remote nodes exists: down first"
			return 1
		fi
		for nm in $(cl__names); do cl_start "$nm" || return 1; done
		cl_wait_dc && cl_wait_remotes
		return
	fi
	t0=$(cl_now_us)
	if [ "$m" -gt 0 ]; then
		cl__unpack_remote || return 1
		[ -d /etc/pacemaker ] || { cl__fail "up: /etc/pacemaker does not exist (bind mount target)"; return 1; }
	fi
	# the key of the cluster's connections to remote nodes, one per lab
	if [ ! -s "$CL_DIR/authkey" ]; then
		dd if=/dev/urandom of="$CL_DIR/authkey" bs=4096 count=1 status=none || return 1
		chmod 600 "$CL_DIR/authkey"
	fi
	for nm in $(seq 1 "$n" | sed 's/^/node/') $(seq 1 "$m" | sed 's/^/remote/'); do
		cl__prepare_node_dir "$nm" "$n" || { cl__fail "$nm: cannot prepare its files"; return 1; }
		cl__create_node "$nm" || return 1
	done
	# start all at once: a node alone waits dc-deadtime for its peers
	for nm in $(cl__names); do
		cl_start "$nm" &
		pids+=($!)
	done
	# explicit pids: the anchors are our children too
	for i in "${pids[@]}"; do wait "$i" || rc=1; done
	[ "$rc" = 0 ] && cl_wait_dc "$CL_DC_TIMEOUT" "$n" || return 1
	if [ "$m" -gt 0 ]; then
		for nm in $(cl_remotes); do cl_remote_connect "$nm" || return 1; done
		cl_wait_remotes "$CL_DC_TIMEOUT" || return 1
	fi
	cl__log "$n nodes and $m remote nodes up in $(( ($(cl_now_us) - t0) / 1000 )) ms"
}

# cl_keep_logs DIR: copy what a post-mortem needs (each node's corosync and
# Pacemaker logs, CIB, scheduler inputs, trace_ra output; fence and lab logs)
cl_keep_logs() {
	local keep=${1:-} nm d src
	[ -n "$keep" ] || return 0
	mkdir -p "$keep" || { cl__warn "cannot create $keep"; return 1; }
	cp "$CL_DIR/fence.log" "$CL_DIR/lab.log" "$keep/" 2>/dev/null
	for nm in $(cl__names); do
		d=$(cl__ndir "$nm")
		for src in var/log/corosync var/log/pacemaker var/lib/pacemaker/cib \
				   var/lib/pacemaker/pengine var/lib/heartbeat/trace_ra; do
			[ -d "$d/$src" ] || continue
			mkdir -p "$keep/$nm/$src" && cp -R --preserve=timestamps "$d/$src/." "$keep/$nm/$src/"
		done
		cp "$d/anchor.log" "$keep/$nm/" 2>/dev/null
	done
	return 0
}

# cl_down [DIR]: power off and remove every node (DIR: keep their logs first);
# the lab itself stays, ready for another cl_up
cl_down() {
	local keep=${1:-} nm a names
	[ -d "$CL_DIR/nodes" ] || return 0
	cl_keep_logs "$keep"
	names=$(cl__names)
	for nm in $names; do cl__power_off "$nm"; done
	for nm in $names; do
		# the anchor is pid 1 of the node: its exit ends the node's namespaces
		a=$(cl__anchor "$nm") && kill "$a" 2>/dev/null
	done
	for nm in $names; do
		for _ in $(seq 1 100); do cl__anchor "$nm" >/dev/null || break; sleep 0.02; done
		ip link del "$nm" 2>/dev/null    # normally gone with the node's netns
		cl__rmcg "$CL_CG/$nm"
		[ -z "$CL_FRZ" ] || rmdir "$CL_FRZ/$nm" 2>/dev/null
	done
	rm -rf --one-file-system -- "$CL_DIR/nodes"
	: >"$CL_DIR/fence.log"
	cl__log "nodes removed"
}

# ----------------------------------------------------------- configuration
cl__xml_escape() {
	local s=$1
	s=${s//&/&amp;}
	s=${s//</&lt;}
	s=${s//>/&gt;}
	s=${s//\"/&quot;}
	s=${s//\'/&apos;}
	printf '%s' "$s"
}

# cl_primitive ID CLASS:[PROVIDER:]TYPE [params K=V...] [meta K=V...]
#              [op NAME K=V...]... [clone [K=V...]]
# creates a primitive the way a user would, with cibadmin (the syntax is
# crm's "primitive"; "clone" wraps it in ID-clone with those meta
# attributes, as pcs does); runs on the first node that is up
cl_primitive() {
	local id=${1:-} spec=${2:-} cls prov type sect='' k v i x
	local params='' meta='' ops='' op='' opattrs='' opint='' clone='' cmeta=''
	if [ -z "$id" ] || [ -z "$spec" ]; then
		cl__warn "primitive: usage: primitive ID CLASS:[PROVIDER:]TYPE ..."
		return 2
	fi
	shift 2
	IFS=: read -r cls prov type <<<"$spec"
	if [ -z "$type" ]; then type=$prov; prov=''; fi
	# a trailing "op" keyword closes the last operation
	for k in "$@" op; do
		case $k in
		params|meta|op|clone)
			if [ -n "$op" ]; then
				# the schema wants an interval on every op (0: not recurring)
				[ -n "$opint" ] || { opint=0; opattrs+=' interval="0"'; }
				ops+="<op id=\"$(cl__xml_escape "$id-$op-$opint")\" name=\"$(cl__xml_escape "$op")\"$opattrs/>"
			fi
			sect=$k op='' opattrs='' opint=''
			[ "$k" != clone ] || clone=1
			continue ;;
		esac
		if [ "$sect" = op ] && [ -z "$op" ]; then op=$k; continue; fi
		[[ $k == *=* ]] || { cl__warn "primitive: expected K=V, got $k"; return 2; }
		v=${k#*=} k=${k%%=*}
		case $sect in
		params) params+="<nvpair id=\"$(cl__xml_escape "$id-params-$k")\" name=\"$(cl__xml_escape "$k")\" value=\"$(cl__xml_escape "$v")\"/>" ;;
		meta) meta+="<nvpair id=\"$(cl__xml_escape "$id-meta-$k")\" name=\"$(cl__xml_escape "$k")\" value=\"$(cl__xml_escape "$v")\"/>" ;;
		op) opattrs+=" $(cl__xml_escape "$k")=\"$(cl__xml_escape "$v")\""
			[ "$k" != interval ] || opint=$v ;;
		clone) cmeta+="<nvpair id=\"$(cl__xml_escape "$id-clone-meta-$k")\" name=\"$(cl__xml_escape "$k")\" value=\"$(cl__xml_escape "$v")\"/>" ;;
		*) cl__warn "primitive: $k=$v outside params/meta/op"; return 2 ;;
		esac
	done
	x="<primitive id=\"$(cl__xml_escape "$id")\" class=\"$(cl__xml_escape "$cls")\""
	[ -z "$prov" ] || x+=" provider=\"$(cl__xml_escape "$prov")\""
	x+=" type=\"$(cl__xml_escape "$type")\">"
	[ -z "$params" ] || x+="<instance_attributes id=\"$(cl__xml_escape "$id-params")\">$params</instance_attributes>"
	[ -z "$meta" ] || x+="<meta_attributes id=\"$(cl__xml_escape "$id-meta")\">$meta</meta_attributes>"
	[ -z "$ops" ] || x+="<operations>$ops</operations>"
	x+="</primitive>"
	if [ -n "$clone" ]; then
		[ -z "$cmeta" ] || cmeta="<meta_attributes id=\"$(cl__xml_escape "$id-clone-meta")\">$cmeta</meta_attributes>"
		x="<clone id=\"$(cl__xml_escape "$id-clone")\">$cmeta$x</clone>"
	fi
	i=$(cl_first_up) || { cl__warn "primitive: no node is up"; return 1; }
	cl_exec "$i" cibadmin --create -o resources --xml-text "$x"
}

# cl_fencing [K=V...]: the test fence device for every node (the remote
# nodes too, as far as they exist then), stonith on.
# stonith-action=off: the harness, not the device, powers nodes on again.
cl_fencing() {
	local i hosts
	i=$(cl_first_up) || { cl__warn "fencing: no node is up"; return 1; }
	hosts=$(cl__names | paste -sd' ')
	cl_primitive fence-lab stonith:fence_sgcluster params pcmk_host_list="$hosts" "$@" \
		op monitor interval=60s || return 1
	cl_exec "$i" crm_attribute -t crm_config -n stonith-action -v off >/dev/null &&
		cl_exec "$i" crm_attribute -t crm_config -n stonith-enabled -v true >/dev/null
}

# who was fenced, when and by whom: "EPOCH TARGET ACTION BY RESULT"
cl_fenced() { cat "$CL_DIR/fence.log" 2>/dev/null; }

# cl_wait_fenced NODE SINCE SECONDS: wait until NODE (nodeN) was powered off
# by the fence device after SINCE (epoch); prints that line
cl_wait_fenced() {
	local node=$1 since=$2 end=$((SECONDS + $3)) t tg act by res
	while [ "$SECONDS" -lt "$end" ]; do
		while read -r t tg act by res; do
			[ "$tg" = "$node" ] && [ "$res" = ok ] && [ "${t//[!0-9]/}" -gt "${since//[!0-9]/}" ] &&
				{ echo "$t $tg $act $by $res"; return 0; }
		done <"$CL_DIR/fence.log"
		sleep 0.1
	done
	return 1
}

# cl_first_log REGEX: the first line (in time) matching the extended regex
# in any node's pacemaker.log (Pacemaker's own lines and those of agents and
# supervisors, which log there too: PCMK_logfile; remote nodes' too); empty
# if none
cl_first_log() {
	cat "$CL_DIR"/nodes/*/var/log/pacemaker/pacemaker.log 2>/dev/null | grep -a -E -- "$1" |
		sort -s -k1,3 | head -1
}

# cl_log_time LINE: a log line's time ("Dec 04 04:05:55.475 ...", local
# time, ms) as an EPOCHREALTIME value; nothing if it has none
cl_log_time() {
	[ -n "$1" ] || return 1
	date -d "${1:0:19}" +%s.%6N 2>/dev/null
}

# cl_log_wait SECONDS REGEX: wait for cl_first_log REGEX; prints the line
cl_log_wait() {
	local end=$((SECONDS + $1)) l
	while :; do
		l=$(cl_first_log "$2")
		[ -z "$l" ] || { echo "$l"; return 0; }
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.1
	done
}

cl_status() {
	local i
	i=$(cl_first_up) || { echo "no node is up"; return 1; }
	cl_exec "$i" crm_mon -1
}

# cl_install_sbin FILE...: add programs to every node's /usr/sbin (before
# cl_up: a node sees its /usr/sbin layer as it was when the node was made)
cl_install_sbin() {
	local f
	for f in "$@"; do
		install -m 755 "$f" "$CL_DIR/sbin/" || return 1
	done
}

###########################################################################
# The test fence device (generated into the nodes' /usr/sbin)
###########################################################################

cl__write_fence_agent() {
	{
		echo '#!/bin/bash'
		echo '# fence_sgcluster - fence device of cts/lib/cluster.sh: "power" is the node'"'"'s'
		echo '# cgroup; off = cgroup.kill (plus thawing its freezer, as a power cut would).'
		echo '# fence-agents protocol: key=value lines on stdin, or -o ACTION -n NODE.'
		printf 'LAB=%q CG=%q FRZ=%q\n' "$CL_DIR" "$CL_CG" "$CL_FRZ"
		cat <<'EOF'
set -u
action=reboot target=
while [ $# -gt 0 ]; do
    case $1 in
    -o|--action) action=${2:-}; shift ;;
    --action=*) action=${1#*=} ;;
    -n|--plug|--port) target=${2:-}; shift ;;
    --plug=*|--port=*) target=${1#*=} ;;
    esac
    shift
done
if [ ! -t 0 ]; then
    while IFS= read -r line; do
        key=${line%%=*} val=${line#*=}
        case $key in
        action|option) action=$val ;;
        port|plug|nodename) [ -n "$val" ] && target=$val ;;
        esac
    done
fi
# one line per power change: "EPOCH TARGET ACTION BY RESULT"
flog() { printf '%s %s %s %s %s\n' "$EPOCHREALTIME" "$target" "$action" "$HOSTNAME" "$1" >>"$LAB/fence.log"; }
# a full node (nodeN) or a Pacemaker Remote node (remoteM)
valid() { [[ $target =~ ^(node|remote)[1-9][0-9]*$ ]] && [ -d "$CG/$target" ]; }
off() {
    valid || { flog "unknown-node"; echo "no such node: $target" >&2; return 1; }
    # fencing ourselves: nothing will be left to write the result
    [ "$target" = "$HOSTNAME" ] && flog "self"
    echo 1 >"$CG/$target/cgroup.kill" || { flog "failed"; return 1; }
    [ -z "$FRZ" ] || [ ! -d "$FRZ/$target" ] || echo THAWED >"$FRZ/$target/freezer.state"
    for _ in $(seq 1 200); do
        grep -qx 'populated 0' "$CG/$target/cgroup.events" && { flog ok; return 0; }
        sleep 0.05
    done
    flog "failed"
    return 1
}
case $action in
off|reboot) off; exit ;;   # reboot: the harness powers nodes on (cluster.sh start)
on) echo "power-on is done by the harness: cluster.sh start N" >&2; exit 1 ;;
status)
    valid || exit 1
    grep -qx 'populated 1' "$CG/$target/cgroup.events" && exit 0
    exit 2 ;;
monitor|validate-all) [ -d "$CG" ]; exit ;;
list|list-status)
    for d in "$CG"/node* "$CG"/remote*; do
        [ -d "$d" ] || continue
        if [ "$action" = list ]; then echo "${d##*/},"
        elif grep -qx 'populated 1' "$d/cgroup.events"; then echo "${d##*/},,on"
        else echo "${d##*/},,off"; fi
    done
    exit 0 ;;
metadata)
    cat <<'XML'
<?xml version="1.0" ?>
<resource-agent name="fence_sgcluster" shortdesc="Fence device of cts/lib/cluster.sh">
<longdesc>Powers a lab node (full or remote) off by killing every process in its cgroup.</longdesc>
<vendor-url>none</vendor-url>
<parameters>
 <parameter name="action" unique="0" required="1">
  <getopt mixed="-o, --action=[action]"/>
  <content type="string" default="reboot"/>
  <shortdesc lang="en">Fencing action</shortdesc>
 </parameter>
 <parameter name="port" unique="0" required="0">
  <getopt mixed="-n, --plug=[id]"/>
  <content type="string"/>
  <shortdesc lang="en">Node name</shortdesc>
 </parameter>
 <parameter name="plug" unique="0" required="0" obsoletes="port">
  <getopt mixed="-n, --plug=[id]"/>
  <content type="string"/>
  <shortdesc lang="en">Node name</shortdesc>
 </parameter>
</parameters>
<actions>
 <action name="off"/>
 <action name="reboot"/>
 <action name="status"/>
 <action name="list"/>
 <action name="list-status"/>
 <action name="monitor"/>
 <action name="metadata"/>
 <action name="validate-all"/>
</actions>
</resource-agent>
XML
    exit 0 ;;
*) echo "unsupported action: $action" >&2; exit 1 ;;
esac
EOF
	} >"$CL_DIR/sbin/fence_sgcluster" && chmod 755 "$CL_DIR/sbin/fence_sgcluster"
}

###########################################################################
# Inside a node: its anchor (pid 1) and the "boot" of its file system
###########################################################################

cl__node_main() {
	CL_DIR=$1
	local nm=$2 d x lower
	[ "$$" = 1 ] || { cl__warn "internal error: anchor is not pid 1"; exit 1; }
	cl__load_env || exit 1
	d=$(cl__ndir "$nm")
	set -e
	hostname "$nm"
	mount -n -t tmpfs -o mode=755,size=64m sg-node-run /run
	mkdir -m 1777 /run/lock
	mount -n -t tmpfs -o mode=1777,size=256m sg-node-shm /dev/shm
	# (a remote node's etc/corosync is empty: no corosync.conf, as on a real one)
	for x in etc/corosync var/lib/corosync var/log/corosync var/lib/pacemaker var/log/pacemaker; do
		mount -n --bind "$d/$x" "/$x"
	done
	# the lab's Pacemaker Remote key, never the host's
	[ ! -d /etc/pacemaker ] || mount -n --bind "$d/etc/pacemaker" /etc/pacemaker
	# ocf-shellfuncs' trace_ra writes to $HA_VARLIB/trace_ra
	[ ! -d /var/lib/heartbeat ] || mount -n --bind "$d/var/lib/heartbeat" /var/lib/heartbeat
	# /usr/sbin: the lab's programs (fence device...), the build, on a
	# remote node the unpacked pacemaker-remote package, the host
	lower=$CL_DIR/sbin
	[ -z "$CL_ROOT" ] || [ ! -d "$CL_ROOT/usr/sbin" ] || lower+=:$CL_ROOT/usr/sbin
	! cl__is_remote "$nm" || lower+=:$CL_DIR/pcmk-remote/usr/sbin
	mount -n -t overlay sg-node-sbin -o "lowerdir=$lower:/usr/sbin" /usr/sbin
	if [ -n "$CL_ROOT" ]; then
		for x in $CL_OVERLAY_DIRS; do
			if [ "$x" = usr/sbin ] || [ ! -d "$CL_ROOT/$x" ] || [ ! -d "/$x" ]; then continue; fi
			mount -n -t overlay sg-node-overlay -o "lowerdir=$CL_ROOT/$x:/$x" "/$x"
		done
	fi
	set +e
	: >"$d/anchor.ready"
	# pid 1 of the node: reap orphans (daemons the agents detached) at once,
	# so that no zombie looks like a live process to an agent
	trap 'exit 0' TERM
	while :; do
		sleep 3600 &
		wait $!
	done
}

# fresh /run and /dev/shm (runs inside a node, as root): only ever on the
# node's own tmpfs, never on a host directory
cl__bootfs() {
	if [ "$(awk '$2 == "/run" { s = $1 } END { print s }' /proc/mounts)" != sg-node-run ] ||
	   [ "$(awk '$2 == "/dev/shm" { s = $1 } END { print s }' /proc/mounts)" != sg-node-shm ]; then
		echo "bootfs: not in a lab node" >&2
		exit 1
	fi
	find /run /dev/shm -mindepth 1 -maxdepth 1 -exec rm -rf {} + 2>/dev/null
	mkdir -m 1777 /run/lock
}

###########################################################################
# The lab: pid 1 of its namespaces
###########################################################################

cl__lab_cmd_pid='' cl__lab_sig='' cl__lab_down=''

# cl__lab_teardown [RC]: a failed command leaves the nodes' logs in $CL_DIR/kept
# (the host side copies them to run --keep DIR)
cl__lab_teardown() {
	[ -n "$cl__lab_down" ] && return
	cl__lab_down=1
	if [ "${1:-0}" != 0 ]; then cl_down "$CL_DIR/kept"; else cl_down; fi
	# the run's cgroups too: the host side may be gone (SIGKILL)
	cl__rmcg "$CL_CG"
	[ -z "$CL_FRZ" ] || rmdir "$CL_FRZ" 2>/dev/null
	cl__log "lab teardown done"
}

# shellcheck disable=SC2317  # (trap handler)
cl__lab_signal() {
	[ -n "$cl__lab_down" ] && return
	cl__log "lab: got SIG$1"
	cl__lab_sig=$1
	if [ -n "$cl__lab_cmd_pid" ]; then
		kill -s "$1" "$cl__lab_cmd_pid" 2>/dev/null   # the main flow tears down
	else
		cl__lab_teardown 1
		exit $((128 + $(kill -l "$1")))
	fi
}

# cl__lab_main DIR run|hold [-- COMMAND...]
cl__lab_main() {
	CL_DIR=$1
	local mode=$2 rc
	shift 2
	[ "${1:-}" = -- ] && shift
	[ "$$" = 1 ] || { cl__warn "internal error: lab init is not pid 1"; exit 125; }
	cl__load_env || exit 125
	trap 'cl__lab_signal INT' INT
	trap 'cl__lab_signal TERM' TERM
	trap 'cl__lab_signal HUP' HUP
	# private /run and /dev/shm: a tool run in the lab by mistake (ip netns
	# add, a libqb client) writes here, never on the host
	if ! { mount -n -t tmpfs -o mode=755 sg-lab-run /run && mkdir -m 1777 /run/lock &&
		   mount -n -t tmpfs -o mode=1777 sg-lab-shm /dev/shm &&
		   hostname sglab && ip link set lo up &&
		   ip link add br0 type bridge && ip link set br0 up; }; then
		cl__warn "lab setup failed"
		exit 125
	fi
	cl__write_fence_agent || { cl__warn "cannot write the fence agent"; exit 125; }
	export SG_CLUSTER_DIR=$CL_DIR
	readlink /proc/self/ns/pid >"$CL_DIR/lab.pidns"
	cl__log "lab up (tag $CL_TAG, cgroup $CL_CG, freezer ${CL_FRZ:-none}, root ${CL_ROOT:-none})"
	if [ "$mode" = hold ]; then
		# detached lab: live until "down" (TERM); reap what the nodes leave
		while [ -z "$cl__lab_sig" ]; do
			sleep 3600 &
			wait $!
		done
		cl__lab_teardown
		exit 0
	fi
	( trap - INT QUIT
	  export TMPDIR=$CL_DIR/tmp
	  exec "$@" ) <&0 &
	cl__lab_cmd_pid=$!
	# a trapped signal interrupts wait: keep waiting for the command
	while kill -0 "$cl__lab_cmd_pid" 2>/dev/null; do wait "$cl__lab_cmd_pid" 2>/dev/null; done
	wait "$cl__lab_cmd_pid" 2>/dev/null
	rc=$?
	[ -z "$cl__lab_sig" ] || rc=$((128 + $(kill -l "$cl__lab_sig")))
	cl__log "command exited with status $rc"
	cl__lab_teardown "$rc"
	exit "$rc"
}

###########################################################################
# Host side: create / enter / remove labs
###########################################################################

cl__host_checks() {
	local c
	[ "$(id -u)" = 0 ] || { cl__warn "must run as root"; return 1; }
	for c in unshare nsenter setpriv setsid ip mount corosync corosync-cmapctl pacemakerd crm_mon cibadmin; do
		command -v "$c" >/dev/null || { cl__warn "$c not found"; return 1; }
	done
	for c in /etc/corosync /var/lib/corosync /var/log/corosync /var/lib/pacemaker /var/log/pacemaker; do
		[ -d "$c" ] || { cl__warn "$c does not exist (bind mount target)"; return 1; }
	done
	id hacluster >/dev/null 2>&1 || { cl__warn "user hacluster does not exist"; return 1; }
}

# host side of a lab: scratch dir, cgroups; sets S
cl__host_create() {
	local root=$1 cg2 frz1 tag
	cl__host_checks || return 1
	cg2=$(sg_own_cgroup_dir) || { cl__warn "no cgroup2 mount (needed for the nodes' power switches)"; return 1; }
	frz1=$(awk '$3 == "cgroup" && $4 ~ /(^|,)freezer(,|$)/ { print $2; exit }' /proc/mounts)
	if [ -n "$root" ]; then
		[ -d "$root" ] || { cl__warn "--root: $root is not a directory"; return 1; }
		root=$(realpath -e -- "$root") || return 1
		case $root in *[:,\\]*) cl__warn "--root: path must not contain ':', ',' or '\\'"; return 1 ;; esac
	fi
	CL_DIR=$(mktemp -d -t sg-cluster.XXXXXXXX) || return 1
	: >"$CL_DIR/.sg-cluster"     # only a dir with this marker is ever removed
	chmod 755 "$CL_DIR"
	case $CL_DIR in *[:,\\[:space:]]*) cl__warn "scratch dir $CL_DIR: unusable characters"; rm -rf -- "$CL_DIR"; CL_DIR=''; return 1 ;; esac
	tag=${CL_DIR##*.}
	CL_TAG=$tag CL_CG=$cg2/sg-cluster.$tag CL_FRZ='' CL_ROOT=$root
	[ -z "$frz1" ] || CL_FRZ=$frz1/sg-cluster.$tag
	if ! { mkdir -p "$CL_DIR/sbin" "$CL_DIR/tmp" && chmod 1777 "$CL_DIR/tmp" && : >"$CL_DIR/fence.log" &&
		   mkdir "$CL_CG"; }; then
		cl__host_remove
		return 1
	fi
	# without a freezer only "freeze" is unavailable
	if [ -n "$CL_FRZ" ] && ! mkdir "$CL_FRZ"; then CL_FRZ=''; fi
	printf 'TAG=%s\nCG=%s\nFRZ=%s\nROOT=%s\n' "$CL_TAG" "$CL_CG" "$CL_FRZ" "$CL_ROOT" >"$CL_DIR/lab.env"
	# cgroup.kill (Linux 5.14) is what powers a node off
	if ! { mkdir "$CL_CG/probe" && [ -f "$CL_CG/probe/cgroup.kill" ]; }; then
		rmdir "$CL_CG/probe" 2>/dev/null
		cl__warn "cgroup.kill not supported (Linux >= 5.14 needed)"
		cl__host_remove
		return 1
	fi
	rmdir "$CL_CG/probe"
}

# after the lab is gone: thaw and remove our cgroups, then the scratch dir
# (only what we created: the marker, the tag's names)
cl__host_remove() {
	local d
	if [ -n "$CL_FRZ" ] && [ -d "$CL_FRZ" ]; then
		for d in "$CL_FRZ"/*/; do [ -d "$d" ] && echo THAWED >"$d/freezer.state" 2>/dev/null && rmdir "$d" 2>/dev/null; done
		rmdir "$CL_FRZ" 2>/dev/null
	fi
	if [ -n "$CL_CG" ] && [ -d "$CL_CG" ]; then
		for d in "$CL_CG"/*/; do
			[ -d "$d" ] || continue
			echo 1 >"$d/cgroup.kill" 2>/dev/null
			for _ in $(seq 1 50); do cl__rmcg "$d" && break; sleep 0.05; done
		done
		cl__rmcg "$CL_CG" || cl__warn "could not remove $CL_CG"
	fi
	if [ -n "$CL_DIR" ] && [ -f "$CL_DIR/.sg-cluster" ]; then
		rm -rf --one-file-system -- "$CL_DIR"
	fi
}

# the pid of a detached lab's init, checked against its pid namespace
cl__lab_pid() {
	local pid
	pid=$(cat "$CL_DIR/lab.pid" 2>/dev/null) && [ -n "$pid" ] &&
		[ "$(readlink "/proc/$pid/ns/pid" 2>/dev/null)" = "$(cat "$CL_DIR/lab.pidns" 2>/dev/null)" ] &&
		echo "$pid"
}

# the pid of the lab init under unshare's pid $1, once the lab is ready
cl__lab_init_of() {
	local upid=$1 init=''
	for _ in $(seq 1 200); do
		read -r init _ 2>/dev/null <"/proc/$upid/task/$upid/children"
		[ -n "$init" ] && [ -f "$CL_DIR/lab.pidns" ] && { echo "$init"; return 0; }
		kill -0 "$upid" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

cl__host_upid='' cl__host_keep=''

# shellcheck disable=SC2317  # (trap handler)
cl__host_forward() {
	local sig=$1 init
	[ -n "$cl__host_upid" ] || exit $((128 + $(kill -l "$sig")))
	read -r init _ 2>/dev/null <"/proc/$cl__host_upid/task/$cl__host_upid/children"
	[ -n "$init" ] && kill -s "$sig" "$init" 2>/dev/null
}

# cluster.sh run: the lab lives as long as COMMAND
cl__host_run() {
	local up='' nodes=${SG_CLUSTER_NODES:-3} remotes=${SG_CLUSTER_REMOTES:-0} root='' rc
	while [ $# -gt 0 ]; do
		case $1 in
		--up) up=1 ;;
		--nodes) nodes=${2:-}; shift ;;
		--remote) remotes=${2:-}; shift ;;
		--root) root=${2:-}; shift ;;
		--keep) cl__host_keep=${2:-}; shift ;;
		--) shift; break ;;
		-*) cl__warn "run: unknown option $1"; return 2 ;;
		*) break ;;
		esac
		shift
	done
	[ $# -ge 1 ] || { cl__warn "run: no COMMAND"; return 2; }
	[[ $nodes =~ ^[1-9][0-9]?$ ]] || { cl__warn "run: bad --nodes $nodes"; return 2; }
	[[ $remotes =~ ^(0|[1-9][0-9]?)$ ]] || { cl__warn "run: bad --remote $remotes"; return 2; }
	[ -L /proc/$$/fd/0 ] || exec 0</dev/null
	# before anything exists: whatever happens next, it is removed
	trap 'cl__host_remove' EXIT
	cl__host_create "$root" || return 125
	trap 'cl__host_forward INT' INT
	trap 'cl__host_forward TERM' TERM
	trap 'cl__host_forward HUP' HUP
	if [ -n "$up" ]; then
		# shellcheck disable=SC2016  # (expanded by that bash)
		set -- "$BASH" -c '"$1" up --nodes "$2" --remote "$3" || exit 125; shift 3; exec "$@"' up "$CL_SELF" "$nodes" "$remotes" "$@"
	fi
	# setpriv --pdeathsig: if we die (even by SIGKILL) unshare dies, and
	# --kill-child sends TERM to the lab's init, which tears down
	( trap - INT QUIT
	  exec setpriv --pdeathsig KILL -- \
		unshare --pid --fork --mount-proc --net --mount --uts --ipc --propagation private --kill-child=TERM -- \
		env SG_CLUSTER_NODES="$nodes" SG_CLUSTER_REMOTES="$remotes" "$BASH" "$CL_SELF" "$CL_LAB_MARK" "$CL_DIR" run -- "$@" ) <&0 &
	cl__host_upid=$!
	while kill -0 "$cl__host_upid" 2>/dev/null; do wait "$cl__host_upid"; done
	wait "$cl__host_upid"
	rc=$?
	if [ "$rc" != 0 ] && [ -n "$cl__host_keep" ]; then
		cl__host_keep_logs "$cl__host_keep"
	fi
	return "$rc"
}

# the lab's nodes are gone by now; their logs are plain files in $CL_DIR
cl__host_keep_logs() {
	mkdir -p "$1" && cp -R --preserve=timestamps "$CL_DIR/kept/." "$1/" 2>/dev/null
	cp "$CL_DIR/lab.log" "$CL_DIR/fence.log" "$1/" 2>/dev/null
	return 0
}

# cluster.sh up on the host: a detached lab, then "up" inside it
cl__host_up() {
	local nodes=${SG_CLUSTER_NODES:-3} remotes=${SG_CLUSTER_REMOTES:-0} root='' upid init
	while [ $# -gt 0 ]; do
		case $1 in
		--nodes) nodes=${2:-}; shift ;;
		--remote) remotes=${2:-}; shift ;;
		--root) root=${2:-}; shift ;;
		*) cl__warn "up: unknown argument $1"; return 2 ;;
		esac
		shift
	done
	[[ $nodes =~ ^[1-9][0-9]?$ ]] || { cl__warn "up: bad --nodes $nodes"; return 2; }
	[[ $remotes =~ ^(0|[1-9][0-9]?)$ ]] || { cl__warn "up: bad --remote $remotes"; return 2; }
	# failed or interrupted before the lab is up: remove what exists so far
	trap 'cl__host_abort' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	cl__host_create "$root" || return 1
	# --kill-child: killing unshare (see cl__host_abort) takes the lab down
	setsid unshare --pid --fork --mount-proc --net --mount --uts --ipc --propagation private \
		--kill-child=TERM -- "$BASH" "$CL_SELF" "$CL_LAB_MARK" "$CL_DIR" hold </dev/null >>"$CL_DIR/lab.out" 2>&1 &
	upid=$!
	cl__host_upid=$upid
	init=$(cl__lab_init_of "$upid") || { cl__warn "the lab did not start: $(cat "$CL_DIR/lab.out" 2>/dev/null)"; return 1; }
	echo "$init" >"$CL_DIR/lab.pid"
	SG_CLUSTER_DIR=$CL_DIR cl__host_enter up --nodes "$nodes" --remote "$remotes" || return 1
	trap - EXIT INT TERM
	echo "export SG_CLUSTER_DIR=$CL_DIR"
}

# shellcheck disable=SC2317  # (trap handler)
cl__host_abort() {
	local init
	init=$(cl__lab_pid) && kill "$init" 2>/dev/null
	[ -z "$cl__host_upid" ] || kill "$cl__host_upid" 2>/dev/null
	for _ in $(seq 1 100); do
		if [ -z "$cl__host_upid" ] || ! kill -0 "$cl__host_upid" 2>/dev/null; then break; fi
		sleep 0.05
	done
	cl__host_remove
}

# run "cluster.sh ARGS" inside the detached lab $CL_DIR
cl__host_enter() {
	local init
	cl__load_env || return 1
	init=$(cl__lab_pid) || { cl__warn "the lab of $CL_DIR is not running"; return 1; }
	nsenter -t "$init" -p -m -n -u -i --wd="$PWD" -- \
		env SG_CLUSTER_DIR="$CL_DIR" "$BASH" "$CL_SELF" "$@"
}

# cluster.sh down on the host: nodes, then the lab, cgroups and scratch dir
cl__host_down() {
	local keep=${1:-} init
	cl__load_env || return 1
	init=$(cl__lab_pid) && cl__host_enter down ${keep:+"$keep"}
	if [ -n "$init" ]; then
		kill "$init" 2>/dev/null
		for _ in $(seq 1 200); do
			[ -d "/proc/$init" ] || break
			sleep 0.05
		done
	fi
	[ -z "$keep" ] || cl__host_keep_logs "$keep"
	cl__host_remove
}

###########################################################################
# Command line
###########################################################################

cl__main() {
	local cmd=${1:-}
	shift || true
	case $cmd in
	"$CL_LAB_MARK") cl__lab_main "$@" ;;      # (both exit)
	"$CL_NODE_MARK") cl__node_main "$@" ;;
	"$CL_BOOTFS_MARK") cl__bootfs; exit ;;
	run) cl__host_run "$@"; exit ;;
	''|-h|--help|help)
		sed -n '2,/^# How it works/{/^# How it works/d;/^# SPDX-License-Identifier:/d;s/^# \{0,1\}//;p;}' "$CL_SELF"
		[ -n "$cmd" ]; exit ;;
	esac
	if ! cl__in_lab; then
		# on the host: act on the lab named by SG_CLUSTER_DIR
		if [ "$cmd" = up ] && [ -z "$CL_DIR" ]; then cl__host_up "$@"; exit; fi
		[ -n "$CL_DIR" ] || { cl__warn "$cmd: SG_CLUSTER_DIR is not set (run \"cluster.sh up\" or \"cluster.sh run\")"; exit 2; }
		case $cmd in
		down)
			[ "${1:-}" = --keep ] && shift
			[ -e "$CL_DIR" ] || exit 0     # gone already
			cl__host_down "${1:-}"; exit ;;
		*) cl__host_enter "$cmd" "$@"; exit ;;
		esac
	fi
	cl__load_env || exit 1
	case $cmd in
	up)
		local n=${SG_CLUSTER_NODES:-3} m=${SG_CLUSTER_REMOTES:-0}
		while [ $# -gt 0 ]; do
			case $1 in
			--nodes) n=${2:-}; shift ;;
			--remote) m=${2:-}; shift ;;
			--root) cl__warn "up: --root is set when the lab is created"; exit 2 ;;
			[0-9]*) n=$1 ;;
			*) cl__warn "up: unknown argument $1"; exit 2 ;;
			esac
			shift
		done
		cl_up "$n" "$m" ;;
	down) [ "${1:-}" = --keep ] && shift; cl_down "${1:-}" ;;
	exec) cl_exec "$@" ;;
	crash) cl_crash "$@" >/dev/null ;;
	start) cl_start "$@" ;;
	stop) cl_stop "$@" ;;
	partition) cl_partition "$@" >/dev/null ;;
	heal) cl_heal "$@" >/dev/null ;;
	fencing) cl_fencing "$@" ;;
	fenced) cl_fenced ;;
	freeze) cl_freeze "$@" ;;
	thaw) cl_thaw "$@" ;;
	status) cl_status ;;
	wait-dc) cl_wait_dc "$@" ;;
	primitive) cl_primitive "$@" ;;
	remote-connect) cl_remote_connect "$@" ;;
	wait-remotes) cl_wait_remotes "$@" ;;
	nodes) cl__names ;;
	*) cl__warn "unknown command: $cmd (cluster.sh --help)"; exit 2 ;;
	esac
}

# sourced (by a suite running in the lab): only define the functions
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	cl__main "$@"
else
	[ -z "$CL_DIR" ] || cl__load_env || true
fi
