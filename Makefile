# SPDX-License-Identifier: GPL-2.0-or-later
# samguard - Pacemaker OCF agents on corosync SAM.
# make / make install / make check / make demo / make bench / make deps
VERSION     := 0.1.0
PREFIX      ?= /usr
SBINDIR     ?= $(PREFIX)/sbin
OCF_ROOT    ?= /usr/lib/ocf
OCFDIR      ?= $(OCF_ROOT)/resource.d/samguard
MANDIR      ?= $(PREFIX)/share/man
DOCDIR      ?= $(PREFIX)/share/doc/samguard
RUNDIR      ?= /run/samguard
BUILDDIR    ?= build
DESTDIR     ?=

CC          ?= cc
CFLAGS      ?= -O2 -g
PKG_CONFIG  ?= pkg-config
PKGS        := libsam libcmap libquorum libvotequorum libqb libxml-2.0

# recursive on purpose: pkg-config runs only once the packages exist (make deps)
PKG_CFLAGS   = $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS     = $(shell $(PKG_CONFIG) --libs $(PKGS))
SG_CPPFLAGS  = $(CPPFLAGS) -Ilib -D_GNU_SOURCE -DSG_VERSION='"$(VERSION)"' -DSG_SBINDIR='"$(SBINDIR)"' \
               -DSG_RUNDIR='"$(RUNDIR)"' $(PKG_CFLAGS)
SG_CFLAGS    = -std=c11 -Wall -Wextra -Werror -Wshadow -Wformat=2 -fno-common $(HARDEN_CFLAGS) $(CFLAGS)

# Hardening, as Debian and Fedora build their packages; HARDEN=0 turns it
# off. Each flag is probed with $(CC) and $(CFLAGS), so a compiler or
# architecture without it (-fcf-protection: x86 only) builds without it.
#   _FORTIFY_SOURCE  3, else 2 (glibc's effective level, which needs -O1 or
#                    more); left to the packager when CPPFLAGS or CFLAGS
#                    already set it (dpkg-buildflags, %set_build_flags), and
#                    off with -fsanitize (ASan/UBSan intercept what FORTIFY
#                    would replace); HARDEN_FORTIFY=0 turns it off alone
#   -fPIE / -pie     executables; the heartbeat-shim libraries add -fPIC
#                    after it (mk/shim.mk), and a -shared link must not get
#                    -pie: use $(filter-out -pie,$(LDFLAGS)) there
#   -Wl,-z,relro,-z,now   full RELRO, on executables and libraries alike
# cts/suites/hardening checks the installed binaries for all of them.
HARDEN         ?= 1
HARDEN_FORTIFY ?= 1
sg_cc_probe = $(shell printf '%b' '$(2)' | $(CC) $(CFLAGS) $(1) -Werror -x c -c - -o /dev/null >/dev/null 2>&1 && echo y)
sg_fortify_src = \043include <string.h>\n\043if !defined __OPTIMIZE__ || __USE_FORTIFY_LEVEL != $(1)\n\043error level\n\043endif\n
ifeq ($(HARDEN),1)
HARDEN_CFLAGS := -fPIE
HARDEN_CFLAGS += $(if $(call sg_cc_probe,-fstack-protector-strong),-fstack-protector-strong)
HARDEN_CFLAGS += $(if $(call sg_cc_probe,-fstack-clash-protection),-fstack-clash-protection)
HARDEN_CFLAGS += $(if $(call sg_cc_probe,-fcf-protection),-fcf-protection)
ifeq ($(HARDEN_FORTIFY)$(findstring _FORTIFY_SOURCE,$(CPPFLAGS) $(CFLAGS))$(findstring -fsanitize,$(CFLAGS)),1)
HARDEN_FORTIFY_LEVEL := $(or $(if $(call sg_cc_probe,-U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=3,$(call sg_fortify_src,3)),3), \
                             $(if $(call sg_cc_probe,-U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2,$(call sg_fortify_src,2)),2))
HARDEN_CFLAGS += $(if $(HARDEN_FORTIFY_LEVEL),-U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=$(HARDEN_FORTIFY_LEVEL))
endif
override LDFLAGS += -pie -Wl,-z,relro -Wl,-z,now
endif

LIB_SRC     := $(wildcard lib/*.c)
LIB_OBJ     := $(LIB_SRC:%.c=$(BUILDDIR)/%.o)
LIBSG       := $(BUILDDIR)/libsamguard.a
# short-lived agents load libcmap/libxml2 only when they need them
ONDEMAND_OBJ := $(BUILDDIR)/lib/ondemand/cmap.o $(BUILDDIR)/lib/ondemand/xml.o \
                $(BUILDDIR)/lib/ondemand/votequorum.o
AGENTS      := $(BUILDDIR)/agents/SAMProcess
SBIN        := $(BUILDDIR)/sbin/samguard-run $(BUILDDIR)/sbin/samguard-publisher
UNIT_SRC    := $(wildcard cts/unit/test_*.c)
UNIT_BIN    := $(UNIT_SRC:cts/unit/%.c=$(BUILDDIR)/unit/%)
TESTD       := $(BUILDDIR)/cts/sg-testd
TIMEIT      := $(BUILDDIR)/bench/timeit

.PHONY: all install uninstall check check-unit check-agents demo bench deps clean dist
.DELETE_ON_ERROR:
.DEFAULT_GOAL := all

# Components (heartbeat-shim, tools, man pages, packaging) live in mk/*.mk,
# included here; each appends its build targets to ALL_EXTRA and its install
# targets to INSTALL_EXTRA, and may use everything defined above.
ALL_EXTRA       :=
INSTALL_EXTRA   :=
UNINSTALL_EXTRA :=
include $(sort $(wildcard mk/*.mk))

all: $(AGENTS) $(SBIN) $(UNIT_BIN) $(TESTD) $(TIMEIT) $(ALL_EXTRA)

$(BUILDDIR)/lib/%.o: lib/%.c $(wildcard lib/*.h lib/ondemand/*.h)
	@mkdir -p $(@D)
	$(CC) $(SG_CPPFLAGS) $(SG_CFLAGS) -c $< -o $@

$(LIBSG): $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILDDIR)/agents/%: agents/%.c $(LIBSG) $(ONDEMAND_OBJ)
	@mkdir -p $(@D)
	$(CC) $(SG_CPPFLAGS) $(SG_CFLAGS) $< $(ONDEMAND_OBJ) $(LIBSG) $(LDFLAGS) -o $@

$(BUILDDIR)/sbin/%: agents/%.c $(LIBSG)
	@mkdir -p $(@D)
	$(CC) $(SG_CPPFLAGS) $(SG_CFLAGS) $< $(LIBSG) $(PKG_LIBS) $(LDFLAGS) -o $@

$(BUILDDIR)/unit/%: cts/unit/%.c cts/unit/sg_test.h cts/unit/sg_table_fixture.h $(LIBSG)
	@mkdir -p $(@D)
	$(CC) $(SG_CPPFLAGS) $(SG_CFLAGS) -Wno-shadow $< $(LIBSG) $(PKG_LIBS) -lcmocka $(LDFLAGS) -o $@

$(TESTD): cts/agent/sg-testd.c
	@mkdir -p $(@D)
	$(CC) $(SG_CFLAGS) -D_GNU_SOURCE $< $(LDFLAGS) -o $@

$(TIMEIT): bench/timeit.c
	@mkdir -p $(@D)
	$(CC) $(SG_CFLAGS) -D_GNU_SOURCE $< $(LDFLAGS) -o $@

install: $(AGENTS) $(SBIN) $(INSTALL_EXTRA)
	install -d -m 755 $(DESTDIR)$(OCFDIR) $(DESTDIR)$(SBINDIR)
	install -m 755 $(AGENTS) $(DESTDIR)$(OCFDIR)/
	install -m 755 $(SBIN) $(DESTDIR)$(SBINDIR)/

uninstall: $(UNINSTALL_EXTRA)
	rm -f $(DESTDIR)$(OCFDIR)/SAMProcess $(DESTDIR)$(SBINDIR)/samguard-run $(DESTDIR)$(SBINDIR)/samguard-publisher
	-rmdir $(DESTDIR)$(OCFDIR)

# Installs the Debian packages the build, tests and demo need (only those missing).
deps:
	@cts/lib/deps.sh

# Everything: unit tests (plain and valgrind), agent tests on a real corosync in
# namespaces, then the same on an ASan/UBSan build. Last line: "N passed, N failed".
check: deps
	@cts/check.sh

check-unit: all
	@cts/check.sh unit

check-agents: all
	@cts/check.sh agents

demo: deps
	@$(MAKE) --no-print-directory all
	@cts/demo.sh

bench: deps
	@$(MAKE) --no-print-directory all
	@bench/run.sh

clean:
	rm -rf build build-asan

dist:
	git archive --format=tar.gz --prefix=samguard-$(VERSION)/ -o samguard-$(VERSION).tar.gz HEAD
