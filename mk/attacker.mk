# SPDX-License-Identifier: GPL-2.0-or-later
# mk/attacker.mk - the attacker's tool of cts/suites/attacker (what a local
# user tries against samguard's sockets, docs/security.md).
ATTACK_BIN := $(BUILDDIR)/cts/sg-attack
ALL_EXTRA  += $(ATTACK_BIN)

$(ATTACK_BIN): cts/attacker/sg-attack.c
	@mkdir -p $(@D)
	$(CC) $(SG_CFLAGS) -D_GNU_SOURCE $< $(LDFLAGS) -o $@
