# SPDX-License-Identifier: GPL-2.0-or-later
# mk/realdaemons.mk - the client probe of the real-daemon tests and bench
# (cts/suites/real-daemons, bench/real-daemons.sh): cts/lib/tcpprobe.c, a
# test tool, never installed.

TCPPROBE := $(BUILDDIR)/cts/tcpprobe
ALL_EXTRA += $(TCPPROBE)

$(TCPPROBE): cts/lib/tcpprobe.c
	@mkdir -p $(@D)
	$(CC) $(SG_CFLAGS) -D_GNU_SOURCE $< $(LDFLAGS) -o $@
