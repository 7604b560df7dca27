# SPDX-License-Identifier: GPL-2.0-or-later
# mk/harness.mk - tools of the test harness itself (cts/suites/harness):
# sg-enc prints lib/names.c's encoding of a name, to hold the shell's copy
# in cts/lib/testlib.sh to it. A test tool, never installed.

SG_ENC := $(BUILDDIR)/cts/sg-enc
ALL_EXTRA += $(SG_ENC)

$(SG_ENC): cts/lib/sg-enc.c $(LIBSG)
	@mkdir -p $(@D)
	$(CC) $(SG_CPPFLAGS) $(SG_CFLAGS) $< $(LIBSG) $(LDFLAGS) -o $@
