# SPDX-License-Identifier: GPL-2.0-or-later
# mk/man.mk - man pages (included by the top-level Makefile).
#
# ocf_samguard_<Agent>.7 is generated at build time from "<Agent> meta-data"
# by tools/meta2man (libxml2, which the agents already use), so the page is
# the very text pcs and crmsh show and cannot drift from the agent.
# Handwritten pages live in man/ as man/<name>.<section> and are installed
# as they are; other components may also add pages of their own to
# MAN_EXTRA (paths, any section), read when the install recipe runs.
#
#   OCF_AGENT_NAMES   the OCF agents with a generated page: SAMProcess, plus
#                     SAMHealth once agents/SAMHealth.c exists
#   MAN_DATE          the date on the pages: SOURCE_DATE_EPOCH's, else the
#                     last commit's, else today (reproducible builds)

OCF_PROVIDER    ?= samguard
OCF_AGENT_NAMES ?= SAMProcess $(if $(wildcard agents/SAMHealth.c),SAMHealth)
META2MAN        := $(BUILDDIR)/tools/meta2man
METADATA_XML    := $(OCF_AGENT_NAMES:%=$(BUILDDIR)/metadata/%.xml)
MAN_GENERATED   := $(OCF_AGENT_NAMES:%=$(BUILDDIR)/man/ocf_$(OCF_PROVIDER)_%.7)
MAN_HANDWRITTEN := $(sort $(wildcard man/*.[1-8]))
MAN_EXTRA       ?=
ifndef MAN_DATE
MAN_DATE        := $(shell d=$${SOURCE_DATE_EPOCH:+@$$SOURCE_DATE_EPOCH}; \
                     [ -n "$$d" ] || d=$$(git log -1 --format=@%ct 2>/dev/null); \
                     date -u -d "$${d:-now}" +%Y-%m-%d 2>/dev/null)
endif
comma           := ,
MAN_SEE_ALSO    := $(strip $(foreach p,$(filter %.8,$(MAN_HANDWRITTEN)),$(basename $(notdir $(p)))($(subst .,,$(suffix $(p))))) \
                   crm(8) pcs(8) crm_resource(8) corosync-cmapctl(8))
rparen          := )
MAN_SEE_ALSO    := $(subst $(rparen) ,$(rparen)$(comma) ,$(MAN_SEE_ALSO))

ALL_EXTRA     += $(METADATA_XML) $(MAN_GENERATED)
INSTALL_EXTRA += install-man
UNINSTALL_EXTRA += uninstall-man

.PHONY: install-man uninstall-man

$(META2MAN): tools/meta2man.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -Wall -Wextra -Werror -Wshadow -Wformat=2 -D_GNU_SOURCE $(HARDEN_CFLAGS) $(CFLAGS) \
		$(shell $(PKG_CONFIG) --cflags libxml-2.0) $< \
		$(LDFLAGS) $(shell $(PKG_CONFIG) --libs libxml-2.0) -o $@

# meta-data needs no cluster, no root and no parameters
$(BUILDDIR)/metadata/%.xml: $(BUILDDIR)/agents/%
	@mkdir -p $(@D)
	env -i PATH=/usr/bin:/bin HA_LOGFACILITY=none $< meta-data > $@

$(BUILDDIR)/man/ocf_$(OCF_PROVIDER)_%.7: $(BUILDDIR)/metadata/%.xml $(META2MAN)
	@mkdir -p $(@D)
	$(META2MAN) --provider $(OCF_PROVIDER) --section 7 --date "$(MAN_DATE)" \
		--source "samguard $(VERSION)" --manual "OCF resource agents" \
		--see-also "$(MAN_SEE_ALSO)" $< > $@

# every page in its section's directory, by its suffix
install-man: $(MAN_GENERATED)
	@set -e; for p in $(MAN_GENERATED) $(MAN_HANDWRITTEN) $(MAN_EXTRA); do \
		s=$${p##*.}; \
		install -d -m 755 $(DESTDIR)$(MANDIR)/man$$s; \
		install -m 644 $$p $(DESTDIR)$(MANDIR)/man$$s/; \
	done

uninstall-man:
	@for p in $(MAN_GENERATED) $(MAN_HANDWRITTEN) $(MAN_EXTRA); do \
		rm -f $(DESTDIR)$(MANDIR)/man$${p##*.}/$${p##*/}; \
	done
