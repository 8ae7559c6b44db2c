# armvisor top-level Makefile.
#   make demo   install missing Debian packages, build, boot the demo guest
#   make test   same set-up, then every test (unit, guest, sanitizers)
#   make bench  benchmarks beside QEMU
#   make test-qemu  the guest tests on qemu-system-aarch64 -M virt
#   make fuzz   libFuzzer targets, FUZZ_SECONDS each (tests/fuzz/fuzz.mk)
#   make el2    the EL2 hypervisor image and its test guest (el2.mk)
.DEFAULT_GOAL := all
B := build
CC ?= gcc
WARN := -Wall -Wextra -Werror -Wno-unused-parameter
OPT ?= -O2 -g
SAN ?=
CFLAGS := $(OPT) $(SAN) -std=gnu11 $(WARN) -Iinclude -Isrc -pthread -MMD -MP
LDLIBS := -lunicorn -lfdt -lpthread -lm
UNIT_LDLIBS := -lcmocka

# The library is the core (src/core, src/timer, src/irqchip and the POSIX
# platform layer) plus one engine: Unicorn for the VMM and the API tests,
# the null engine (no CPU, scripted exits) for unit tests of the real core.
# src/*/el2 is the freestanding EL2 image's (el2.mk), in neither.
CORE_SRCS := $(sort $(wildcard src/core/*.c src/timer/*.c src/irqchip/*.c \
	src/irqchip/*/*.c src/debug/*.c src/pmu/*.c)) \
	src/platform/platform_posix.c
UC_ENGINE_SRCS := $(sort $(wildcard src/engine/unicorn/*.c))
NULL_ENGINE_SRCS := $(sort $(wildcard src/engine/null/*.c))
LIB_OBJS := $(CORE_SRCS:%.c=$(B)/%.o) $(UC_ENGINE_SRCS:%.c=$(B)/%.o)
NULL_LIB_OBJS := $(CORE_SRCS:%.c=$(B)/%.o) $(NULL_ENGINE_SRCS:%.c=$(B)/%.o)
# The null library again under ThreadSanitizer, for the *_tsan unit tests.
NULL_TSAN_OBJS := $(CORE_SRCS:%.c=$(B)/tsan/%.o) \
	$(NULL_ENGINE_SRCS:%.c=$(B)/tsan/%.o)
NULL_LDLIBS := -lpthread -lm
VMM_SRCS := $(sort $(wildcard vmm/*.c))
VMM_OBJS := $(VMM_SRCS:%.c=$(B)/%.o)

all: $(B)/armvisor $(B)/libarmvisor-null.a guest unit-build fuzz-replay-build el2

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(B)/tsan/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -O1 -fsanitize=thread -c $< -o $@

$(B)/libarmvisor.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/libarmvisor-null.a: $(NULL_LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/libarmvisor-null-tsan.a: $(NULL_TSAN_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/armvisor: $(VMM_OBJS) $(B)/libarmvisor.a
	$(CC) $(CFLAGS) -o $@ $(VMM_OBJS) $(B)/libarmvisor.a $(LDLIBS)

# Unit tests: fragments append binaries to UNIT_TESTS and give their rules.
UNIT_TESTS :=
include $(sort $(wildcard tests/unit/*.mk))
unit-build: $(UNIT_TESTS)
include tests/fuzz/fuzz.mk
include el2.mk
print-unit-tests:
	@echo $(UNIT_TESTS)

guest:
	$(MAKE) -C guest O=$(CURDIR)/$(B)/guest

setup:
	@sh scripts/setup.sh

demo: setup
	$(MAKE) all
	$(B)/armvisor run --cpus 2 --timeout 30 $(B)/guest/hello.img

# Debian's arm64 kernel with a busybox initramfs (tests/linux): the checks
# of tests/linux/init, then an interactive shell ('poweroff -f' ends it).
demo-linux: setup
	$(MAKE) all
	@sh tests/linux/initramfs.sh
	$(B)/armvisor run --cpus 2 --mem 512M --initrd $(B)/linux/initramfs.cpio.gz \
		--append "console=ttyAMA0 armvisor.cpus=2 armvisor.demo=1" $(B)/linux/Image

test: setup
	$(MAKE) all
	@sh tests/run-all.sh

test-qemu: setup
	$(MAKE) guest
	@sh tests/qemu/run.sh

# ThreadSanitizer and AddressSanitizer/UBSan builds of the library, the VMM
# and the threaded tests, then tests/sanitize.sh runs them (also part of
# `make test`).
SAN_TARGETS = armvisor tests/unit/test_kick tests/unit/test_api \
	tests/unit/test_user_irqchip tests/unit/test_timer_api tests/unit/test_rvic_api \
	tests/unit/test_api_safety tests/unit/test_pmu_debug tests/unit/test_run_loop \
	$(FUZZ_TARGETS:%=tests/fuzz/replay_%)
check-sanitize: guest
	$(MAKE) B=build-tsan OPT="-O1 -g" SAN="-fsanitize=thread" \
		$(addprefix build-tsan/,$(SAN_TARGETS))
	$(MAKE) B=build-asan OPT="-O1 -g" \
		SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
		$(addprefix build-asan/,$(SAN_TARGETS))
	@sh tests/sanitize.sh

bench: setup
	$(MAKE) all
	@sh bench/run.sh

clean:
	rm -rf $(B) build-tsan build-asan build-fuzz

.PHONY: all guest setup demo demo-linux test test-qemu bench clean unit-build print-unit-tests check-sanitize
-include $(shell find $(B) -name '*.d' 2>/dev/null)
