# SPDX-License-Identifier: GPL-2.0-or-later
# mk/shim.mk - heartbeat-shim: libapphb and libha_gs (thin clients of the
# supervisor's $NOTIFY_SOCKET, docs/notify-protocol.md), their headers, the
# man pages apphb(3), ha_gs(3) and samguard-run(8), and the test programs of
# cts/suites/shim. Included by the top-level Makefile after its variables.

# Debian's multiarch directory when the compiler knows it (gcc, clang),
# /usr/lib otherwise; debian/rules sets DEB_HOST_MULTIARCH itself.
DEB_HOST_MULTIARCH ?= $(shell $(CC) -print-multiarch 2>/dev/null)
LIBDIR      ?= $(PREFIX)/lib$(if $(DEB_HOST_MULTIARCH),/$(DEB_HOST_MULTIARCH))
INCLUDEDIR  ?= $(PREFIX)/include

SHIM_DIR       := $(BUILDDIR)/shim
# CPPFLAGS: the packager's (dpkg-buildflags' _FORTIFY_SOURCE) reach the libraries too
SHIM_CPPFLAGS   = $(CPPFLAGS) -Ilib -Iheartbeat-shim -D_GNU_SOURCE
SHIM_CFLAGS     = $(SG_CFLAGS) -fPIC
# the parts of libsamguard a client needs, compiled position-independent
SHIM_COMMON    := $(SHIM_DIR)/pic/notify.o $(SHIM_DIR)/pic/notifyclient.o $(SHIM_DIR)/pic/util.o

# Heartbeat 3 built libapphb with libtool -version-info 2:0:0: soname
# libapphb.so.2; the calls are the same, so its users need no relinking.
APPHB_SONAME   := libapphb.so.2
APPHB_LIB      := $(SHIM_DIR)/libapphb.so.2.0.0
# GSAPI is source-compatible only (ha_gs.h): our own numbering.
HAGS_SONAME    := libha_gs.so.0
HAGS_LIB       := $(SHIM_DIR)/libha_gs.so.0.1.0
SHIM_LIBS      := $(APPHB_LIB) $(HAGS_LIB)
SHIM_LINKS     := $(SHIM_DIR)/$(APPHB_SONAME) $(SHIM_DIR)/libapphb.so \
                  $(SHIM_DIR)/$(HAGS_SONAME) $(SHIM_DIR)/libha_gs.so

# test programs, written the way each API's users wrote them
SHIM_TESTBIN   := $(BUILDDIR)/cts/shim/apphb-client $(BUILDDIR)/cts/shim/hags-client
HAVE_LIBSYSTEMD := $(shell $(PKG_CONFIG) --exists libsystemd 2>/dev/null && echo yes)
ifeq ($(HAVE_LIBSYSTEMD),yes)
SHIM_TESTBIN   += $(BUILDDIR)/cts/shim/sdnotify-client
endif
SHIM_RPATH      = -Wl,-rpath,$(abspath $(SHIM_DIR))

# man/apphb.3, man/ha_gs.3 and man/samguard-run.8 are installed by
# mk/man.mk with the other handwritten pages; here, one page per function
# name, each a ".so" link to the page that documents it (via MAN_EXTRA)
APPHB_FUNCS    := apphb_register apphb_unregister apphb_setinterval apphb_setwarn apphb_setreboot apphb_hb
HAGS_FUNCS     := ha_gs_init ha_gs_dispatch ha_gs_quit ha_gs_responsiveness_callback
SHIM_MAN_LINKS := $(APPHB_FUNCS:%=$(SHIM_DIR)/man/%.3) $(HAGS_FUNCS:%=$(SHIM_DIR)/man/%.3)
MAN_EXTRA      += $(SHIM_MAN_LINKS)
# pkg-config files for the libraries
PKGCONFIGDIR   ?= $(LIBDIR)/pkgconfig
SHIM_PC        := $(SHIM_DIR)/libapphb.pc $(SHIM_DIR)/libha_gs.pc

ALL_EXTRA     += $(SHIM_LIBS) $(SHIM_LINKS) $(SHIM_TESTBIN) $(SHIM_MAN_LINKS) $(SHIM_PC)
INSTALL_EXTRA += install-shim

.PHONY: install-shim

$(SHIM_DIR)/pic/%.o: lib/%.c $(wildcard lib/*.h)
	@mkdir -p $(@D)
	$(CC) $(SHIM_CPPFLAGS) $(SHIM_CFLAGS) -c $< -o $@

$(SHIM_DIR)/pic/%.o: heartbeat-shim/%.c $(wildcard heartbeat-shim/*.h lib/*.h)
	@mkdir -p $(@D)
	$(CC) $(SHIM_CPPFLAGS) $(SHIM_CFLAGS) -c $< -o $@

$(APPHB_LIB): $(SHIM_DIR)/pic/apphb.o $(SHIM_COMMON) heartbeat-shim/apphb.map
	$(CC) -shared -pthread -Wl,-soname,$(APPHB_SONAME) -Wl,--version-script=heartbeat-shim/apphb.map \
		$(SHIM_CFLAGS) $(filter %.o,$^) $(filter-out -pie,$(LDFLAGS)) -o $@

$(HAGS_LIB): $(SHIM_DIR)/pic/ha_gs.o $(SHIM_DIR)/pic/ha_gs_groups.o $(SHIM_COMMON) heartbeat-shim/ha_gs.map
	$(CC) -shared -pthread -Wl,-soname,$(HAGS_SONAME) -Wl,--version-script=heartbeat-shim/ha_gs.map \
		$(SHIM_CFLAGS) $(filter %.o,$^) $(filter-out -pie,$(LDFLAGS)) -o $@

# soname and development links next to the libraries
$(SHIM_DIR)/$(APPHB_SONAME) $(SHIM_DIR)/libapphb.so: $(APPHB_LIB)
	ln -sf $(notdir $<) $@
$(SHIM_DIR)/$(HAGS_SONAME) $(SHIM_DIR)/libha_gs.so: $(HAGS_LIB)
	ln -sf $(notdir $<) $@

$(BUILDDIR)/cts/shim/apphb-client: cts/shim/apphb-client.c heartbeat-shim/apphb.h $(SHIM_LINKS)
	@mkdir -p $(@D)
	$(CC) -Iheartbeat-shim -D_GNU_SOURCE $(SG_CFLAGS) $< -L$(SHIM_DIR) -lapphb $(SHIM_RPATH) $(LDFLAGS) -o $@

$(BUILDDIR)/cts/shim/hags-client: cts/shim/hags-client.c heartbeat-shim/ha_gs.h $(SHIM_LINKS)
	@mkdir -p $(@D)
	$(CC) -Iheartbeat-shim -D_GNU_SOURCE $(SG_CFLAGS) $< -L$(SHIM_DIR) -lha_gs $(SHIM_RPATH) $(LDFLAGS) -o $@

$(BUILDDIR)/cts/shim/sdnotify-client: cts/shim/sdnotify-client.c
	@mkdir -p $(@D)
	$(CC) -D_GNU_SOURCE $(SG_CFLAGS) $(shell $(PKG_CONFIG) --cflags libsystemd) $< \
		$(shell $(PKG_CONFIG) --libs libsystemd) $(LDFLAGS) -o $@

# cmocka tests of the libraries themselves link the built .so files (the
# generic unit rule in the Makefile links only libsamguard)
$(BUILDDIR)/unit/test_apphb: cts/unit/test_apphb.c heartbeat-shim/apphb.h cts/unit/sg_test.h $(LIBSG) $(SHIM_LINKS)
	@mkdir -p $(@D)
	$(CC) $(SG_CPPFLAGS) -Iheartbeat-shim $(SG_CFLAGS) -Wno-shadow $< -L$(SHIM_DIR) -lapphb $(SHIM_RPATH) \
		$(LIBSG) -lcmocka $(LDFLAGS) -o $@

$(BUILDDIR)/unit/test_ha_gs: cts/unit/test_ha_gs.c heartbeat-shim/ha_gs.h cts/unit/sg_test.h $(LIBSG) $(SHIM_LINKS)
	@mkdir -p $(@D)
	$(CC) $(SG_CPPFLAGS) -Iheartbeat-shim $(SG_CFLAGS) -Wno-shadow $< -L$(SHIM_DIR) -lha_gs $(SHIM_RPATH) \
		$(LIBSG) -lcmocka $(LDFLAGS) -o $@

$(SHIM_DIR)/man/apphb%.3:
	@mkdir -p $(@D)
	echo '.so man3/apphb.3' > $@
$(SHIM_DIR)/man/ha_gs%.3:
	@mkdir -p $(@D)
	echo '.so man3/ha_gs.3' > $@

$(SHIM_DIR)/%.pc: heartbeat-shim/%.pc.in
	@mkdir -p $(@D)
	sed -e 's|@VERSION@|$(VERSION)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' $< > $@

# mk/man.mk's recipe installs MAN_EXTRA: have the links ready by then
install-man: $(SHIM_MAN_LINKS)

install-shim: $(SHIM_LIBS) $(SHIM_LINKS) $(SHIM_PC)
	install -d -m 755 $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR)
	install -m 644 $(SHIM_LIBS) $(DESTDIR)$(LIBDIR)/
	ln -sf $(notdir $(APPHB_LIB)) $(DESTDIR)$(LIBDIR)/$(APPHB_SONAME)
	ln -sf $(APPHB_SONAME) $(DESTDIR)$(LIBDIR)/libapphb.so
	ln -sf $(notdir $(HAGS_LIB)) $(DESTDIR)$(LIBDIR)/$(HAGS_SONAME)
	ln -sf $(HAGS_SONAME) $(DESTDIR)$(LIBDIR)/libha_gs.so
	install -m 644 heartbeat-shim/apphb.h heartbeat-shim/ha_gs.h $(DESTDIR)$(INCLUDEDIR)/
	install -m 644 $(SHIM_PC) $(DESTDIR)$(PKGCONFIGDIR)/
