# Fuzzing (tests/fuzz/, README "Fuzzing").  Included by the top Makefile.
#
#   make fuzz              build every target with clang's libFuzzer and
#                          ASan/UBSan (in build-fuzz/), run each for
#                          FUZZ_SECONDS (default 60), print executions and
#                          crashes per target (tests/fuzz/run.sh)
#   make all               also builds build/tests/fuzz/replay_TARGET: the
#                          same target without libFuzzer, which `make test`
#                          runs over the committed corpus and reproducers
#                          (tests/fuzz/replay.sh); check-sanitize builds them
#                          with ASan/UBSan too.
FUZZ_TARGETS := fuzz_loader fuzz_cli fuzz_vgic fuzz_pl011 fuzz_hvc
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer

FUZZ_DIR := $(B)/tests/fuzz
FUZZ_REPLAYS := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/replay_%)

# What each target links besides its own file.
FUZZ_DEPS_fuzz_loader := $(B)/vmm/loader.o
FUZZ_DEPS_fuzz_cli := $(B)/vmm/cli.o $(B)/vmm/gic_place.o $(B)/libarmvisor.a
FUZZ_DEPS_fuzz_vgic := $(B)/libarmvisor-null.a
FUZZ_DEPS_fuzz_pl011 := $(B)/vmm/pl011.o
FUZZ_DEPS_fuzz_hvc := $(B)/vmm/psci.o $(B)/libarmvisor-null.a

# The targets include "vmm/..." and "core/..." headers.
$(FUZZ_DIR)/%.o: CFLAGS += -I. -Itests/fuzz

.SECONDEXPANSION:
$(FUZZ_REPLAYS): $(FUZZ_DIR)/replay_%: $(FUZZ_DIR)/%.o $(FUZZ_DIR)/replay.o \
	$$(FUZZ_DEPS_$$*)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# libFuzzer binaries: only in the build-fuzz tree (make fuzz sets B).
$(FUZZ_TARGETS:%=$(FUZZ_DIR)/%): $(FUZZ_DIR)/%: $(FUZZ_DIR)/%.o \
	$$(FUZZ_DEPS_$$*)
	$(CC) $(CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

fuzz-replay-build: $(FUZZ_REPLAYS)
fuzz-build: $(FUZZ_TARGETS:%=$(FUZZ_DIR)/%)

fuzz: setup
	$(MAKE) B=build-fuzz CC=$(FUZZ_CC) OPT="-O1 -g" \
		SAN="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh

.PHONY: fuzz fuzz-build fuzz-replay-build
