#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make-fixtures.sh - regenerate the CIB fixtures of the scheduler tests.
#   cts/scheduler/make-fixtures.sh
# Writes cts/scheduler/xml/<case>.xml for every case in cases.txt, using
# only Pacemaker's own tools, offline (no cluster daemon, nothing written
# outside a mktemp directory and xml/):
#   1. cibadmin --empty, then cibadmin (CIB_file=...) adds two nodes,
#      stonith-enabled=true, a stonith resource, the resource under test and
#      two location preferences; have-quorum="1".
#   2. crm_simulate --node-up node1 --node-up node2 -S -O runs the probes and
#      the starts: demo runs on node1, fence1 on node2.
#   3. Some cases then edit the status with cibadmin: a refreshed history,
#      lost quorum, a degraded result as the controller records it.
#   4. Timestamps that crm_simulate takes from the wall clock
#      (last-rc-change) are set to a fixed value, so that running this
#      script twice gives the same bytes; each fixture is then checked to
#      be stable (no action planned) where it should be.
# The expected outputs (exp/*.summary) are not generated here: they were
# written by reading what crm_simulate plans (see run.sh --update).
set -u
cd "$(dirname "$0")" || exit 2

# the fixtures' clock: 2024-01-01T00:00:00Z; run.sh simulates one minute later
FIXED_TIME=1704067200
DATETIME=2024-01-01T00:00:00Z

for tool in cibadmin crm_simulate; do
	command -v "$tool" >/dev/null || { echo "make-fixtures: $tool not found" >&2; exit 2; }
done
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sg-fixtures.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM HUP
export CIB_shadow_dir=$TMP
unset CIB_file

die() { echo "make-fixtures: $*" >&2; exit 1; }

# cibadmin on a file, never on a live cluster
cib() { # file cibadmin-args...
	local f=$1
	shift
	CIB_file=$f cibadmin "$@" || die "cibadmin $* failed on $f"
}

# The resource under test. The agent does not need to exist: crm_simulate
# neither runs agents nor reads their meta-data.
demo_xml() { # variant
	local meta='' onfail=''
	case $1 in
	base) ;;
	mig1)
		meta='<meta_attributes id="demo-meta"><nvpair id="demo-meta-migration-threshold" name="migration-threshold" value="1"/></meta_attributes>'
		;;
	mig1-ft)
		meta='<meta_attributes id="demo-meta"><nvpair id="demo-meta-migration-threshold" name="migration-threshold" value="1"/><nvpair id="demo-meta-failure-timeout" name="failure-timeout" value="10min"/></meta_attributes>'
		;;
	fence) onfail=' on-fail="fence"' ;;
	ignore) onfail=' on-fail="ignore"' ;;
	restart-ft)
		meta='<meta_attributes id="demo-meta"><nvpair id="demo-meta-failure-timeout" name="failure-timeout" value="10min"/></meta_attributes>'
		onfail=' on-fail="restart"'
		;;
	*) die "unknown variant $1" ;;
	esac
	printf '<primitive id="demo" class="ocf" provider="samguard" type="SAMProcess">%s<operations><op id="demo-monitor-10s" name="monitor" interval="10s"%s/></operations></primitive>' \
		"$meta" "$onfail"
}

# configuration only, no status
make_config() { # variant out
	local out=$2
	cibadmin --empty >"$out" || die "cibadmin --empty failed"
	cib "$out" --modify --xml-text '<cib have-quorum="1"/>'
	cib "$out" --create -o crm_config --xml-text \
		'<cluster_property_set id="cib-bootstrap-options"><nvpair id="cib-bootstrap-options-stonith-enabled" name="stonith-enabled" value="true"/></cluster_property_set>'
	cib "$out" --create -o nodes --xml-text '<node id="1" uname="node1"/>'
	cib "$out" --create -o nodes --xml-text '<node id="2" uname="node2"/>'
	cib "$out" --create -o resources --xml-text '<primitive id="fence1" class="stonith" type="fence_dummy"/>'
	cib "$out" --create -o resources --xml-text "$(demo_xml "$1")"
	# demo starts on node1; the fencing device stays off the node that gets
	# fenced, so that the summaries show only demo's reaction
	cib "$out" --create -o constraints --xml-text \
		'<rsc_location id="demo-prefers-node1" rsc="demo" node="node1" score="100"/>'
	cib "$out" --create -o constraints --xml-text \
		'<rsc_location id="fence1-prefers-node2" rsc="fence1" node="node2" score="100"/>'
}

normalize() { # file
	sed -i -e "s/last-rc-change=\"[0-9]*\"/last-rc-change=\"$FIXED_TIME\"/g" "$1"
}

# the planned transition of a CIB, as text
plan() { # file
	crm_simulate -x "$1" -S -t "$DATETIME" -O "$TMP/plan.xml" 2>&1 |
		sed -n '/^Transition Summary:/,/^Executing Cluster Transition:/p'
}

# configuration of a variant, both nodes up, demo started on node1
running() { # variant out
	make_config "$1" "$TMP/$1.cfg.xml"
	crm_simulate -x "$TMP/$1.cfg.xml" -S -t "$DATETIME" --node-up node1 --node-up node2 \
		-O "$2" >"$TMP/$1.up.log" 2>&1 || { cat "$TMP/$1.up.log"; die "bring-up of $1 failed"; }
	normalize "$2"
	grep -q '^Transition Summary:$' <(plan "$2") || die "$1: no plan"
	if [ "$(plan "$2" | grep -c '^  \* ')" -ne 0 ]; then
		plan "$2"
		die "$1: not stable after bring-up"
	fi
}

# what a `crm_resource --refresh -r demo -N NODE` leaves behind: no history
# of demo on NODE, so the scheduler probes it there
refreshed() { # node file
	cib "$2" --delete --xpath "//node_state[@uname='$1']//lrm_resource[@id='demo']"
}

# The history a real controller writes when the recurring monitor returns
# 190: the result (crm_mon lists it under failed actions) but no fail-count
# and no last-failure attribute, because pacemaker-controld compares
# pcmk__effective_rc(190) = 0 with the expected 0 (controld_te_events.c,
# update_failcount). crm_simulate's injector counts every rc but 0 (and 7 on
# a probe) as a failure and leaves out the op-digest, so this fixture is its
# injection with those two differences undone, and the recurring op's entry
# updated to the same result.
recorded_degraded() { # file
	local f=$1 digest
	crm_simulate -x "$f" -R -t "$DATETIME" -i demo_monitor_10000@node1=190 \
		-O "$TMP/recorded.xml" >"$TMP/recorded.log" 2>&1 || { cat "$TMP/recorded.log"; die "injection failed"; }
	digest=$(CIB_file=$TMP/recorded.xml cibadmin --query \
		--xpath "//node_state[@uname='node1']//lrm_rsc_op[@id='demo_monitor_10000']" |
		sed -n 's/.*op-digest="\([0-9a-f]*\)".*/\1/p')
	[ -n "$digest" ] || die "no op-digest for demo_monitor_10000"
	cib "$TMP/recorded.xml" --modify \
		--xpath "//node_state[@uname='node1']//lrm_rsc_op[@id='demo_last_failure_0']" \
		--xml-text "<lrm_rsc_op id=\"demo_last_failure_0\" op-digest=\"$digest\"/>"
	# the recurring op's own entry carries its latest result too
	cib "$TMP/recorded.xml" --modify \
		--xpath "//node_state[@uname='node1']//lrm_rsc_op[@id='demo_monitor_10000']" \
		--xml-text '<lrm_rsc_op id="demo_monitor_10000" rc-code="190" transition-magic="0:190;3:-1:0:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"/>'
	cib "$TMP/recorded.xml" --delete --xpath "//node_state[@uname='node1']/transient_attributes"
	normalize "$TMP/recorded.xml"
	cp "$TMP/recorded.xml" "$f"
}

fixture() { # case
	local c=$1 out=xml/$1.xml
	case $c in
	gave-up-migration-threshold-1 | not-running-migration-threshold-1 | \
		degraded-migration-threshold-1-injected)
		running mig1 "$out"
		;;
	degraded-migration-threshold-1)
		running mig1 "$out"
		recorded_degraded "$out"
		;;
	gave-up-on-fail-fence) running fence "$out" ;;
	gave-up-on-fail-ignore) running ignore "$out" ;;
	gave-up-failure-timeout-not-expired | gave-up-failure-timeout-expired)
		running mig1-ft "$out"
		;;
	gave-up-on-fail-restart-failure-timeout) running restart-ft "$out" ;;
	probe-degraded)
		running base "$out"
		refreshed node1 "$out"
		;;
	probe-degraded-node2)
		running base "$out"
		refreshed node2 "$out"
		;;
	no-quorum)
		running base "$out"
		# crm_simulate --quorum false does not take effect in 2.1.5
		cib "$out" --modify --xml-text '<cib have-quorum="0"/>'
		;;
	*) running base "$out" ;;
	esac
	chmod 644 "$out"
}

mkdir -p xml
n=0
while IFS='|' read -r name _ _; do
	case $name in '' | '#'*) continue ;; esac
	fixture "$name"
	n=$((n + 1))
done <cases.txt
echo "make-fixtures: wrote $n fixtures in $PWD/xml"
