# SPDX-License-Identifier: GPL-2.0-or-later
# mk/fuzz.mk - libFuzzer harnesses for every parser fed from outside
# (fuzz/fuzz_<target>.c, one per target; fuzz/fuzz.h holds their helpers).
# Included by the top-level Makefile after its variables.
#
#   make fuzz-build   build every harness into $(BUILDDIR)/fuzz/ with clang
#                     (-fsanitize=fuzzer,address,undefined) and run each on
#                     its regression inputs, fuzz/regressions/<target>/*
#   make fuzz         that, then fuzz each target for FUZZ_SECONDS (300) on
#                     its corpus: the seeds in fuzz/corpus/<target>/ (read
#                     only) plus what it grows, kept in $(BUILDDIR)/fuzz/corpus/
#                     <target>/ (never in the tree). A crash is written to
#                     fuzz/regressions/<target>/crash-<sha1>: fix the bug and
#                     commit the file, so fuzz-build runs it from then on.
#                     Targets run in parallel with make -jN.
#   make fuzz-<target>    one target only
#   make fuzz-bin     the harnesses only
#
# Everything libsamguard holds is rebuilt for the harnesses with clang and
# the sanitizers (and without the hardening flags: FORTIFY and ASan do not
# mix), in $(BUILDDIR)/fuzz/lib/.  cts/suites/fuzz runs the same harnesses
# for SG_FUZZ_SECONDS (20) each.

FUZZ_CC       ?= clang
FUZZ_SECONDS  ?= 300
FUZZ_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS   := -std=c11 -Wall -Wextra -Werror -Wshadow -Wformat=2 -fno-common -O1 -g $(FUZZ_SANITIZE)
FUZZ_DIR      := $(BUILDDIR)/fuzz
FUZZ_TARGETS  := $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c))
FUZZ_BIN      := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_LIB      := $(FUZZ_DIR)/libsamguard-fuzz.a
FUZZ_LIB_OBJ  := $(LIB_SRC:lib/%.c=$(FUZZ_DIR)/lib/%.o)
# the longest input worth trying: the parser's own limit, a little above it
FUZZ_MAXLEN_DEFAULT := 4096
FUZZ_MAXLEN_status  := 8300
FUZZ_MAXLEN_argv    := 8300
FUZZ_MAXLEN_names   := 800
FUZZ_MAXLEN_samtable := 8192
FUZZ_MAXLEN_relay   := 66000
FUZZ_MAXLEN_serve   := 8192
FUZZ_MAXLEN_json    := 2048
fuzz_maxlen = $(or $(FUZZ_MAXLEN_$(1)),$(FUZZ_MAXLEN_DEFAULT))
# libFuzzer options for every run: the corpus grows in the build dir, the
# seeds in the tree are only read, a crash goes to the regressions
fuzz_opts = -max_len=$(call fuzz_maxlen,$(1)) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
            $(if $(wildcard fuzz/$(1).dict),-dict=$(CURDIR)/fuzz/$(1).dict)

.PHONY: fuzz fuzz-build fuzz-bin fuzz-opts $(FUZZ_TARGETS:%=fuzz-%)
# named, so that make keeps them (not intermediate files of the chain)
.SECONDARY: $(FUZZ_BIN)

$(FUZZ_DIR)/lib/%.o: lib/%.c $(wildcard lib/*.h lib/ondemand/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(SG_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_LIB): $(FUZZ_LIB_OBJ)
	rm -f $@
	rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_DIR)/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz.h $(FUZZ_LIB)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(SG_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer $< $(FUZZ_LIB) $(PKG_LIBS) -o $@

# a harness is built when it passes its regression inputs (each run once)
$(FUZZ_DIR)/fuzz_%.regressions: $(FUZZ_DIR)/fuzz_% $(wildcard fuzz/regressions/*/*)
	@set -e; inputs=$$(find fuzz/regressions/$* -type f 2>/dev/null | sort); \
	if [ -n "$$inputs" ]; then \
		$< -runs=1 $$inputs > $@.log 2>&1 || { tail -40 $@.log; echo "fuzz: $* fails a regression input" >&2; exit 1; }; \
	fi; \
	echo "$$inputs" > $@

# the harnesses only (cts/suites/fuzz runs the regressions itself, one test each)
fuzz-bin: $(FUZZ_BIN)

fuzz-build: $(FUZZ_BIN) $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%.regressions)

fuzz: $(FUZZ_TARGETS:%=fuzz-%)

# the options for FUZZ_TARGET, for cts/suites/fuzz
fuzz-opts:
	@echo $(call fuzz_opts,$(FUZZ_TARGET))

$(FUZZ_TARGETS:%=fuzz-%): fuzz-%: $(FUZZ_DIR)/fuzz_%.regressions
	@mkdir -p $(FUZZ_DIR)/corpus/$* fuzz/regressions/$*
	@echo "fuzz: $* for $(FUZZ_SECONDS) s"
	@$(FUZZ_DIR)/fuzz_$* $(call fuzz_opts,$*) -max_total_time=$(FUZZ_SECONDS) \
		-artifact_prefix=fuzz/regressions/$*/ $(FUZZ_DIR)/corpus/$* fuzz/corpus/$* \
		> $(FUZZ_DIR)/fuzz-$*.log 2>&1 || \
		{ tail -60 $(FUZZ_DIR)/fuzz-$*.log; echo "fuzz: $* crashed: the input is in fuzz/regressions/$*/" >&2; exit 1; }
	@grep -E '^stat::(number_of_executed_units|new_units_added)' $(FUZZ_DIR)/fuzz-$*.log | tr '\n' ' ' | \
		sed 's/^/fuzz: $* /; s/$$/\n/'
