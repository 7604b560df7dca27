# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-or-later
# cts/lib/cgroup.sh - sourced by sandbox.sh and cluster.sh.

# sg_own_cgroup_dir: the caller's own cgroup v2 directory: the cgroup2
# mount from mountinfo (field 4 is the hierarchy path mounted there, field 5
# the mount point), plus the "0::" line of /proc/self/cgroup. Fails without
# cgroup2.
sg_own_cgroup_dir() {
	local root mnt cg
	read -r root mnt < <(awk '{ for (i = 7; i < NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup2") { print $4, $5; exit } break } }' /proc/self/mountinfo)
	[ -n "${mnt:-}" ] || return 1
	case $root$mnt in *\\*) return 1 ;; esac # escaped blanks: not ours to guess
	cg=$(sed -n 's/^0:://p' /proc/self/cgroup)
	[[ $cg == /* ]] || return 1
	if [ "$root" != / ]; then
		[[ $cg == "$root" || $cg == "$root"/* ]] || return 1
		cg=${cg#"$root"}
	fi
	[ "$cg" = / ] && cg=''
	printf '%s%s\n' "$mnt" "$cg"
}
