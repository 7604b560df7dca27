# SPDX-License-Identifier: GPL-2.0-or-later
# mk/tools.mk - samguardctl (the administrator's view of every SAM process
# on a node), the SAMHealth agent (node health from them) and the plain
# libsam test program and cmap-pin of cts/suites/tools, and bench/cmapload for
# bench/samguardctl.sh. Included by the top-level
# Makefile after its variables. man/samguardctl.8 is installed by
# mk/man.mk with the other handwritten pages.

SAMGUARDCTL := $(BUILDDIR)/sbin/samguardctl
# built by the top-level agents/% rule: libsamguard plus the on-demand
# libcmap/libxml2 trampolines, so that a monitor maps only libc at start
SAMHEALTH   := $(BUILDDIR)/agents/SAMHealth
SAM_PLAIN   := $(BUILDDIR)/cts/sam-plain
CMAP_PIN    := $(BUILDDIR)/cts/cmap-pin
CMAPLOAD    := $(BUILDDIR)/bench/cmapload
# the tool needs libcmap only; the rest of PKG_LIBS (libxml2 and its ICU
# chain, libsam, libquorum) would only cost start-up time
CMAP_LIBS    = $(shell $(PKG_CONFIG) --libs libcmap)
SAM_LIBS     = $(shell $(PKG_CONFIG) --libs libsam)

ALL_EXTRA     += $(SAMGUARDCTL) $(SAMHEALTH) $(SAM_PLAIN) $(CMAP_PIN) $(CMAPLOAD)
INSTALL_EXTRA += install-tools
UNINSTALL_EXTRA += uninstall-tools

.PHONY: install-tools uninstall-tools bench-tools

$(SAMGUARDCTL): tools/samguardctl.c $(LIBSG)
	@mkdir -p $(@D)
	$(CC) $(SG_CPPFLAGS) $(SG_CFLAGS) $< $(LIBSG) $(CMAP_LIBS) $(LDFLAGS) -o $@

$(SAM_PLAIN): cts/tools/sam-plain.c
	@mkdir -p $(@D)
	$(CC) $(SG_CFLAGS) -D_GNU_SOURCE $(PKG_CFLAGS) $< $(SAM_LIBS) $(LDFLAGS) -o $@

# leaves a cmap key that survives one delete (libqb's trie): see the file
$(CMAP_PIN): cts/tools/cmap-pin.c
	@mkdir -p $(@D)
	$(CC) $(SG_CFLAGS) -D_GNU_SOURCE $(PKG_CFLAGS) $< $(CMAP_LIBS) $(LDFLAGS) -o $@

$(CMAPLOAD): bench/cmapload.c
	@mkdir -p $(@D)
	$(CC) $(SG_CFLAGS) -D_GNU_SOURCE $(PKG_CFLAGS) $< $(CMAP_LIBS) $(LDFLAGS) -o $@

install-tools: $(SAMGUARDCTL) $(SAMHEALTH)
	install -d -m 755 $(DESTDIR)$(SBINDIR) $(DESTDIR)$(OCFDIR)
	install -m 755 $(SAMGUARDCTL) $(DESTDIR)$(SBINDIR)/
	install -m 755 $(SAMHEALTH) $(DESTDIR)$(OCFDIR)/

uninstall-tools:
	rm -f $(DESTDIR)$(SBINDIR)/samguardctl $(DESTDIR)$(OCFDIR)/SAMHealth

# samguardctl list and SAMHealth monitor with 1000/500 SAM processes
bench-tools: deps
	@$(MAKE) --no-print-directory all
	@bench/samguardctl.sh
