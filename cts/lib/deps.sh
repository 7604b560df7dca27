#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# deps.sh - install the Debian packages that samguard's build, tests, demo
# and benchmarks need; only the missing ones. Needs root (or nothing to do).
set -u
PKGS=(
	make gcc clang pkg-config libc6-dev
	libsam-dev libcmap-dev libquorum-dev libvotequorum-dev libcorosync-common-dev
	libqb-dev libxml2-dev libxml2-utils libcmocka-dev shunit2 valgrind
	corosync pacemaker pacemaker-cli-utils resource-agents
	iproute2 util-linux procps psmisc
	libsystemd-dev  # test-only: cts/suites/shim's sd_notify client links the real libsystemd
	pcs crmsh man-db dpkg-dev debhelper lintian rpm
	# test-only: real daemons for cts/suites/real-daemons and bench/real-daemons.sh
	nginx-light redis-server redis-tools memcached haproxy
)
# the init services these packages bring: disabled again when we install them
# (the tests start the daemons themselves, in namespaces, never on the host)
SERVICES=(nginx redis-server memcached haproxy)
# Not installed but kept as a .deb: pacemaker-remote (pacemaker-remoted)
# conflicts with pacemaker, so the lab's remote nodes (cts/lib/cluster.sh
# --remote) unpack it into their own tree. The version must be the installed
# pacemaker's (same libraries); the lab reads only this cache, never the
# network.
REMOTE_CACHE=/var/cache/samguard
missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

# fetch_remote_deb: pacemaker-remote_<pacemaker's version>_<arch>.deb into
# $REMOTE_CACHE, unless it is there already
fetch_remote_deb() {
	local ver arch name tmp f
	ver=$(dpkg-query -W -f='${Version}' pacemaker 2>/dev/null) && [ -n "$ver" ] || return 0
	arch=$(dpkg --print-architecture) || return 1
	# the file name apt gives it (an epoch's ':' becomes %3a)
	name=pacemaker-remote_${ver//:/%3a}_$arch.deb
	[ -s "$REMOTE_CACHE/$name" ] && return 0
	if [ "$(id -u)" != 0 ]; then
		# (only the lab's remote nodes need it, and the lab needs root anyway)
		echo "make deps: $REMOTE_CACHE/$name missing: run make deps as root" >&2
		return 0
	fi
	echo "make deps: downloading pacemaker-remote $ver into $REMOTE_CACHE (not installed)"
	mkdir -p "$REMOTE_CACHE" && tmp=$(mktemp -d) || return 1
	# apt downloads as its sandbox user _apt, which must be able to write there
	if id _apt >/dev/null 2>&1; then chown _apt "$tmp"; else chmod 755 "$tmp"; fi
	if ! (cd "$tmp" && apt-get download -q "pacemaker-remote=$ver" >/dev/null); then
		# an outdated package list: update once and try again
		apt-get update -q >/dev/null && (cd "$tmp" && apt-get download -q "pacemaker-remote=$ver" >/dev/null)
	fi
	for f in "$tmp"/pacemaker-remote_*.deb; do
		[ -s "$f" ] && mv "$f" "$REMOTE_CACHE/$name"
	done
	rm -rf "$tmp"
	[ -s "$REMOTE_CACHE/$name" ] || { echo "make deps: could not download pacemaker-remote $ver" >&2; return 1; }
}

if [ ${#missing[@]} -eq 0 ]; then
	fetch_remote_deb
	exit
fi
if [ "$(id -u)" != 0 ]; then
	echo "make deps: missing Debian packages: ${missing[*]}" >&2
	echo "make deps: run as root (or: apt-get install ${missing[*]})" >&2
	exit 1
fi
echo "make deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null || { echo "make deps: apt-get update failed" >&2; exit 1; }
# corosync and pacemaker must not start on the host: the tests run their own
# in namespaces. policy-rc.d keeps the packages' init scripts quiet.
prc=/usr/sbin/policy-rc.d
created=0
if [ ! -e "$prc" ]; then printf '#!/bin/sh\nexit 101\n' > "$prc"; chmod 755 "$prc"; created=1; fi
apt-get install -y -q --no-install-recommends "${missing[@]}"
rc=$?
# Newly installed services must not start at the next boot either: disable
# them for sysvinit (update-rc.d) and for systemd (deb-systemd-helper works
# without a running systemd); a service that was installed before stays as
# its admin left it.
for svc in "${SERVICES[@]}"; do
	case " ${missing[*]} " in
	*" $svc "*|*" $svc-light "*) ;;
	*) continue ;;
	esac
	[ -e "/etc/init.d/$svc" ] && command -v update-rc.d >/dev/null &&
		update-rc.d "$svc" disable >/dev/null 2>&1
	[ -e "/lib/systemd/system/$svc.service" ] && command -v deb-systemd-helper >/dev/null &&
		deb-systemd-helper disable "$svc.service" >/dev/null 2>&1
done
[ "$created" = 1 ] && rm -f "$prc"
fetch_remote_deb || rc=1
exit $rc
