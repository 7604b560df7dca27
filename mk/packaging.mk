# SPDX-License-Identifier: GPL-2.0-or-later
# mk/packaging.mk - Debian and RPM packages (included by the top-level Makefile).
#
#   make deb        .deb files in $(PKGDIR)/deb/ (dpkg-buildpackage -us -uc -b
#                   in an unpacked copy of the dist tarball), then lintian
#   make rpm        .rpm and .src.rpm in $(PKGDIR)/rpm/ (rpmbuild -ta on the
#                   dist tarball; --nodeps on Debian, where the Fedora
#                   BuildRequires cannot resolve; a database of its own there,
#                   not Debian rpm's default ~/.rpmdb)
#   make dist-tree  like "make dist", but of the working tree (uncommitted
#                   and untracked, not ignored, files included): the tests
#                   package what is in front of them, not HEAD
#   PKG_DIST=dist-tree make deb|rpm   package the working tree
#
# The packages are filled by "make install" and sorted into sub-packages by
# path (debian/*.install, rpm/samguard.spec %install). Components that add
# files to "make install" (INSTALL_EXTRA) get them packaged by installing to
# these directories, which the packagers always pass on the command line:
#
#   PREFIX SBINDIR BINDIR LIBDIR INCLUDEDIR PKGCONFIGDIR MANDIR DOCDIR OCF_ROOT
#
#   agents       $(OCFDIR)/<Agent>          -> samguard
#   programs     $(SBINDIR) or $(BINDIR)    -> samguard (samguardctl: -tools)
#   man pages    $(MANDIR)/man<N>/          -> with their program; man3 -> shim -dev
#   libraries    $(LIBDIR)/lib*.so.<N>      -> Debian libapphb2 / libha-gs0,
#                                              RPM samguard-shim
#   linker files $(LIBDIR)/lib*.so, $(INCLUDEDIR)/*, $(PKGCONFIGDIR)/*
#                                           -> libsamguard-shim-dev / samguard-shim-devel
#
# A Debian library package is named after the SONAME's version (libapphb2:
# libapphb.so.2); debian/rules stops the build when they differ.

PKGDIR     ?= $(BUILDDIR)/pkg
PKG_DIST   ?= dist
DIST_TAR   := samguard-$(VERSION).tar.gz
HAVE_SHIM  := $(if $(wildcard heartbeat-shim/*.c),yes)
HAVE_TOOLS := $(if $(wildcard tools/samguardctl.c),yes)
RPMBUILD   ?= rpmbuild
RPM_FLAGS  ?= $(if $(wildcard /etc/debian_version),--nodeps) \
              $(if $(HAVE_SHIM),,--without shim) $(if $(HAVE_TOOLS),,--without tools)
DEB_FLAGS  ?=
LINTIAN    ?= lintian
LINTIAN_FLAGS ?= --info --display-info --tag-display-limit 0

.PHONY: dist-tree deb deb-lint rpm check-versions

# the same tarball as "make dist", of the files in front of us; reproducible
# (names sorted, owner root, mtimes of the last commit)
dist-tree:
	@set -e; root=samguard-$(VERSION); \
	t=$$(git log -1 --format=%ct 2>/dev/null || date +%s); \
	git ls-files -z -c -o --exclude-standard | \
	xargs -0 -r sh -c 'for f; do [ -e "$$f" ] && printf "%s\0" "$$f"; done; exit 0' sh | \
	sort -z | \
	tar --null -T - --sort=name --owner=0 --group=0 --numeric-owner --mtime=@$$t \
		--transform "s,^,$$root/," -cf - | gzip -n > $(DIST_TAR).tmp; \
	tar -tzf $(DIST_TAR).tmp $$root/Makefile >/dev/null; \
	mv $(DIST_TAR).tmp $(DIST_TAR); \
	echo "$(DIST_TAR) (working tree)"

# the three version numbers agree
check-versions:
	@set -e; \
	d=$$(dpkg-parsechangelog -l debian/changelog -S Version 2>/dev/null || \
	     sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' debian/changelog); \
	r=$$(sed -n 's/^Version:[[:space:]]*//p' rpm/samguard.spec); \
	[ "$${d%-*}" = "$(VERSION)" ] || { echo "debian/changelog has $$d, Makefile $(VERSION)" >&2; exit 1; }; \
	[ "$$r" = "$(VERSION)" ] || { echo "rpm/samguard.spec has $$r, Makefile $(VERSION)" >&2; exit 1; }

deb: check-versions
	@$(MAKE) --no-print-directory $(PKG_DIST)
	rm -rf $(PKGDIR)/deb
	mkdir -p $(PKGDIR)/deb
	cp $(DIST_TAR) $(PKGDIR)/deb/samguard_$(VERSION).orig.tar.gz
	tar -xzf $(DIST_TAR) -C $(PKGDIR)/deb
	cd $(PKGDIR)/deb/samguard-$(VERSION) && dpkg-buildpackage -us -uc -b $(DEB_FLAGS)
	@ls -1 $(PKGDIR)/deb/*.deb
	@$(MAKE) --no-print-directory deb-lint

# errors fail; warnings and infos are shown (docs/packaging.md justifies them)
deb-lint:
	$(LINTIAN) $(LINTIAN_FLAGS) --fail-on error $(PKGDIR)/deb/*.changes

rpm: check-versions
	@$(MAKE) --no-print-directory $(PKG_DIST)
	rm -rf $(PKGDIR)/rpm
	mkdir -p $(PKGDIR)/rpm
	$(RPMBUILD) --define "_topdir $(abspath $(PKGDIR)/rpm)" --dbpath $(abspath $(PKGDIR)/rpm/rpmdb) \
		$(RPM_FLAGS) -ta $(DIST_TAR)
	@find $(PKGDIR)/rpm/RPMS $(PKGDIR)/rpm/SRPMS -name '*.rpm' | sort
