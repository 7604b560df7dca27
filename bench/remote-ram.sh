#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/remote-ram.sh - what N supervised resources cost a Pacemaker Remote
# node (run by bench/remote.sh inside cts/lib/sandbox.sh --remote: a real
# pacemaker-remoted, no corosync): N standalone samguard-run instances
# (health=exit, 1000 ms, a sleeping daemon); the PSS of supervisors,
# children and daemons without shared memory, per resource; /dev/shm above
# the node's baseline (no corosync connection: no libqb rings); the local
# store's size in keys. Compare with bench/scale.sh on a full node.
set -u
N=${SG_REMOTE_RAM_N:-100}
[ -n "${SG_SANDBOX_REMOTE:-}" ] || { echo "bench/remote-ram.sh runs inside cts/lib/sandbox.sh --remote" >&2; exit 2; }
KV=/run/samguard/kv
running() { local f n=0; for f in "$KV"/samguard.resource.*.state; do [ "$(tail -c +2 "$f" 2>/dev/null | tr -d '\0')" = running ] && n=$((n + 1)); done; echo $n; }
shm0=$(df -k --output=used /dev/shm | tail -1 | tr -d ' ')
for i in $(seq 1 "$N"); do
	setsid /usr/sbin/samguard-run -n "ram$i" -i 1000 -- /bin/sleep 1000000 </dev/null >/dev/null 2>&1 &
done
end=$((SECONDS + 120))
while [ "$(running)" -lt "$N" ] && [ $SECONDS -lt $end ]; do sleep 0.5; done
n=$(running)
shm1=$(df -k --output=used /dev/shm | tail -1 | tr -d ' ')
pss=0
for p in $(pgrep -x samguard-run) $(pgrep -fx '/bin/sleep 1000000'); do
	v=$(awk '/^Pss:/ { p = $2 } /^Pss_Shmem:/ { s = $2 } END { print p - s }' "/proc/$p/smaps_rollup" 2>/dev/null)
	pss=$((pss + ${v:-0}))
done
printf '%d resources running on a Pacemaker Remote node (no corosync): RAM %s MiB per resource (PSS of supervisor, SAM child and daemon), /dev/shm +%d KiB, %d keys in %s\n' \
	"$n" "$(awk -v p="$pss" -v n="$N" 'BEGIN { printf "%.2f", p / 1024 / n }')" $((shm1 - shm0)) "$(ls "$KV" | wc -l)" "$KV"
[ "$n" = "$N" ]
