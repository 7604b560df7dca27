#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# cts/lib/deb-install-check.sh SCRATCH DEB... - install the .deb files with
# the real dpkg, check what a user gets, purge them, and check that nothing
# is left; the host never sees any of it.
#
# Must run in a private mount namespace of its own (the caller uses
# "unshare --mount --propagation private"): /usr, /etc and /var are overlaid
# with writable layers in SCRATCH, so dpkg, its database, the man-db and
# ldconfig triggers all write there. After the purge the layers hold exactly
# what the packages left behind. Prints "FAIL: ..." lines and, last,
# "deb-install-check: done"; exits non-zero on any failure.
set -u
S=${1:?usage: deb-install-check.sh SCRATCH DEB...}
shift
[ $# -ge 1 ] || { echo "FAIL: no .deb given"; exit 2; }
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OCF_RNG=$HERE/../schemas/ra-api-1.1.rng
AGENT=/usr/lib/ocf/resource.d/samguard/SAMProcess
failed=0
fail() { echo "FAIL: $*"; failed=1; }
ok() { echo "ok: $*"; }

# refuse to touch the host's mounts: we must be in a namespace of our own
if [ "$(readlink /proc/self/ns/mnt)" = "$(readlink /proc/1/ns/mnt)" ]; then
	echo "FAIL: not in a private mount namespace (run under unshare --mount)"
	exit 2
fi

mkdir -p "$S/host"
# the host's tree as it is, to tell directories that existed from new ones
mount --rbind / "$S/host" || { echo "FAIL: bind mount of /"; exit 2; }
for d in usr etc var; do
	mkdir -p "$S/upper/$d" "$S/work/$d"
	mount -t overlay "sg-deb-$d" -o "lowerdir=/$d,upperdir=$S/upper/$d,workdir=$S/work/$d" "/$d" ||
		{ echo "FAIL: overlay on /$d"; exit 2; }
done

pkgs=()
for deb in "$@"; do pkgs+=("$(dpkg-deb -f "$deb" Package)"); done
echo "packages: ${pkgs[*]}"

export DEBIAN_FRONTEND=noninteractive
if dpkg -i "$@"; then ok "dpkg -i"; else fail "dpkg -i"; fi
for p in "${pkgs[@]}"; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
	[ "$st" = "install ok installed" ] && ok "$p installed" || fail "$p: status '$st'"
done

# what a user gets
dpkg -L samguard | grep -qx "$AGENT" && ok "dpkg -L samguard lists the agent" || fail "dpkg -L samguard"
[ "$(dpkg -S "$AGENT" 2>/dev/null | cut -d: -f1)" = samguard ] && ok "dpkg -S" || fail "dpkg -S $AGENT"
for a in /usr/lib/ocf/resource.d/samguard/*; do
	[ "$(stat -c %a "$a")" = 755 ] || fail "$a mode $(stat -c %a "$a")"
	setpriv --reuid=nobody --regid=nogroup --clear-groups env -i "$a" meta-data > "$S/md.xml" ||
		fail "$a meta-data"
	xmllint --noout --relaxng "$OCF_RNG" "$S/md.xml" 2>/dev/null && ok "${a##*/} meta-data valid" ||
		fail "${a##*/} meta-data against ra-api.rng"
	crm_resource --show-metadata "ocf:samguard:${a##*/}" >/dev/null 2>&1 &&
		ok "crm_resource --show-metadata ocf:samguard:${a##*/}" || fail "crm_resource --show-metadata ${a##*/}"
	page=$(man -w "ocf_samguard_${a##*/}" 2>/dev/null)
	[ -n "$page" ] && ok "man -w finds $page" || fail "man page of ${a##*/} not found"
	err=$(MANWIDTH=80 man --warnings "ocf_samguard_${a##*/}" 2>&1 >/dev/null)
	[ -z "$err" ] || fail "man ocf_samguard_${a##*/}: $err"
done
# a library package's SONAMEs are known to the dynamic linker
for p in "${pkgs[@]}"; do
	case "$p" in lib*-dev) continue ;; lib*) ;; *) continue ;; esac
	for f in $(dpkg -L "$p" | grep '\.so\.[0-9]*$'); do
		ldconfig -p | grep -q "^[[:space:]]${f##*/} " && ok "ldconfig knows ${f##*/}" || fail "ldconfig -p lacks ${f##*/}"
	done
done
for f in $(dpkg -L "${pkgs[@]}" 2>/dev/null); do
	[ -f "$f" ] && [ -x "$f" ] || continue
	[ "$(head -c 4 "$f" | od -An -c | tr -d " ")" = "177ELF" ] || continue
	ldd "$f" 2>/dev/null | grep -q 'not found' && fail "$f: $(ldd "$f" | grep 'not found')"
done

if dpkg --purge "${pkgs[@]}"; then ok "dpkg --purge"; else fail "dpkg --purge"; fi
for p in "${pkgs[@]}"; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
	case "$st" in "" | "unknown ok not-installed" | "purge ok not-installed") ok "$p purged" ;;
	*) fail "$p: status '$st' after purge" ;; esac
done
[ -e "$AGENT" ] && fail "$AGENT still there"
[ -e /usr/lib/ocf/resource.d/samguard ] && fail "agent directory still there"

# What the layers hold now is what install + purge changed. Allowed: dpkg's
# own records and logs, the man-db index, the ld.so cache.
allowed='^var/(lib/dpkg|log|cache/man|cache/debconf|cache/ldconfig)/|^etc/ld\.so\.cache$'
while IFS= read -r -d '' e; do
	rel=${e#"$S/upper/"}
	if [ -c "$e" ]; then
		fail "the host's $rel was deleted"
	elif [ -d "$e" ]; then
		[ -d "$S/host/$rel" ] || [[ $rel/ =~ $allowed ]] || fail "directory left: /$rel"
	elif ! [[ $rel =~ $allowed ]]; then
		fail "file left: /$rel"
	fi
done < <(find "$S/upper" -mindepth 2 -print0)

echo "deb-install-check: done"
exit "$failed"
