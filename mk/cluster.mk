# SPDX-License-Identifier: GPL-2.0-or-later
# mk/cluster.mk - make check-cluster: only the multi-node suites
# (cts/suites/cluster, then cts/suites/remote: Pacemaker Remote nodes), in
# the environment cts/check.sh's run_suites gives every suite: an installed
# copy of the build (SG_DESTDIR), the build dir, the test daemon and the log
# dir.  make check-remote: only cts/suites/remote.  make check runs them
# too, with the others.

# mk/*.mk is included before the Makefile's "all" rule: without this line
# check-cluster would become the default goal of a plain "make"
all:

CLUSTER_LOGDIR = $(abspath $(or $(SG_CHECK_LOGDIR),build/check-logs))

.PHONY: check-cluster check-remote
check-cluster: CLUSTER_SUITES = cluster remote
check-remote: CLUSTER_SUITES = remote
check-cluster check-remote: all
	@dest=$$(mktemp -d /tmp/samguard-check.XXXXXX) || exit 1; \
	trap 'rm -rf "$$dest"' EXIT; \
	$(MAKE) -s --no-print-directory BUILDDIR=$(BUILDDIR) DESTDIR="$$dest" install >/dev/null || exit 1; \
	mkdir -p $(CLUSTER_LOGDIR); \
	rc=0; \
	for s in $(CLUSTER_SUITES); do \
		SG_BUILDDIR=$(abspath $(BUILDDIR)) SG_DESTDIR="$$dest" SG_TESTD=$(abspath $(TESTD)) \
			SG_LOGDIR=$(CLUSTER_LOGDIR) timeout 900 cts/suites/$$s || rc=1; \
	done; \
	exit $$rc
