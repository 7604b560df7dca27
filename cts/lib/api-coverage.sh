#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# cts/lib/api-coverage.sh [ROOT] - every function declared in ROOT/lib/*.h
# is called by a test: its name appears in the code (comments and strings
# left out) of a C file under ROOT/cts/ or ROOT/fuzz/, or it has a line
# with the reason in ROOT/cts/api-coverage.exempt. The declarations come
# from the compiler (gcc -aux-info over all the headers), so macros and
# static inline functions (no symbol of the library) do not count, nor do
# the *_internal.h headers that a component's own files share (sv_*: the
# supervisor's). ROOT defaults to the tree this script is in.
#
# Prints one "FAIL: ..." line for each function no test calls, each
# exemption of a function not declared and each exemption of a function a
# test calls now, then a summary line; exits 1 on any FAIL, 2 when the
# headers do not compile.
set -u
root=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
cd "$root" || exit 2
exempt=cts/api-coverage.exempt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the declarations: "name header:line", one per function
for h in lib/*.h; do
	case $h in *_internal.h) continue ;; esac
	printf '#include "%s"\n' "$h"
done >"$tmp/all.c"
# shellcheck disable=SC2046  # pkg-config's flags are words
if ! gcc -std=c11 -D_GNU_SOURCE -I. -Ilib $(pkg-config --cflags libsam libcmap libquorum libvotequorum libqb libxml-2.0 2>/dev/null) \
	-fsyntax-only -aux-info "$tmp/aux" "$tmp/all.c" 2>"$tmp/cc.err"; then
	cat "$tmp/cc.err"
	echo "FAIL: lib/*.h do not compile"
	exit 2
fi
# "/* ./lib/names.h:22:NC */ extern int sg_name_encode (const char *, ...);"
sed -n 's|^/\* \(\./\)\{0,1\}\(lib/[^:]*\.h:[0-9]*\):[A-Z]* \*/ \(.*\)$|\2 \3|p' "$tmp/aux" |
	grep -v '^[^ ]* static ' |
	sed 's/^\([^ ]*\) [^(]*[ *]\([A-Za-z_][A-Za-z0-9_]*\) (.*/\2 \1/' | sort -u -k1,1 >"$tmp/declared"

# the names the tests use: every identifier of their code
find cts fuzz -name '*.c' -print0 2>/dev/null | sort -z |
	while IFS= read -r -d '' f; do
		gcc -fpreprocessed -dD -E -P "$f" 2>/dev/null
	done | sed 's/"\([^"\\]\|\\.\)*"//g' | grep -oE '[A-Za-z_][A-Za-z0-9_]*' | sort -u >"$tmp/used"

# the exemptions: "name reason"
[ -f "$exempt" ] && grep -vE '^[[:space:]]*(#|$)' "$exempt" | awk '{ print $1 }' | sort -u >"$tmp/exempt" || : >"$tmp/exempt"

fails=0
while read -r name where; do
	if ! grep -qxF "$name" "$tmp/used" && ! grep -qxF "$name" "$tmp/exempt"; then
		echo "FAIL: $name ($where) is called by no test under cts/ or fuzz/"
		fails=$((fails + 1))
	fi
done <"$tmp/declared"
while read -r name; do
	if ! awk '{ print $1 }' "$tmp/declared" | grep -qxF "$name"; then
		echo "FAIL: $exempt names $name, which lib/*.h does not declare: delete the line"
		fails=$((fails + 1))
	elif grep -qxF "$name" "$tmp/used"; then
		echo "FAIL: $exempt names $name, which a test calls now: delete the line"
		fails=$((fails + 1))
	fi
done <"$tmp/exempt"
echo "api-coverage: $(wc -l <"$tmp/declared") functions declared in lib/*.h, $(wc -l <"$tmp/exempt") exempt, $fails failures"
[ "$fails" -eq 0 ]
