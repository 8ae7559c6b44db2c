# The EL2 hypervisor image (src/platform/el2, src/engine/el2), its test
# guest and host tool (tests/el2).  Included by the top Makefile.
#
#   make el2    build/el2/armvisor-el2.bin (arm64 Image) and .elf,
#               build/el2/guest/el2-guest.bin, build/el2/mkmanifest
#
# Freestanding: no libc (src/platform/el2/libc has the string, memory and
# formatting functions and the headers), general-purpose registers only,
# plain Armv8.0.  libgcc for the 128-bit divisions of timer/counter.h.
EL2_CROSS ?= aarch64-linux-gnu-
EL2_CC := $(EL2_CROSS)gcc
EL2_OBJCOPY := $(EL2_CROSS)objcopy
EL2_B := $(B)/el2
EL2_GCC_INC := $(shell $(EL2_CC) -print-file-name=include 2>/dev/null)
EL2_CFLAGS := -std=gnu11 -O2 -g $(WARN) -ffreestanding -nostdlib -nostdinc -I. \
	-isystem $(EL2_GCC_INC) -Isrc/platform/el2/libc/include -Iinclude -Isrc \
	-march=armv8-a -mgeneral-regs-only -mstrict-align -mno-outline-atomics \
	-fno-stack-protector -fno-pic -fno-pie -fno-common \
	-fno-tree-loop-distribute-patterns -ffunction-sections -MMD -MP
EL2_ASFLAGS := -g -Iinclude -Isrc -D__ASSEMBLER__ -march=armv8-a -MMD -MP
EL2_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none \
	-Wl,-z,max-page-size=4096 -Wl,--no-warn-rwx-segments \
	-T src/platform/el2/el2.ld
EL2_SRCS := $(sort $(wildcard src/platform/el2/*.c src/platform/el2/*.S \
	src/platform/el2/libc/*.c src/engine/el2/*.c src/engine/el2/*.S))
# The same core, timers and irqchips as the armvisor program, and the VMM
# role's devices (one PL011 and one PSCI for both engines).
EL2_CORE_SRCS := $(sort $(wildcard src/core/*.c src/timer/*.c \
	src/irqchip/*.c src/irqchip/*/*.c src/debug/*.c src/pmu/*.c)) \
	vmm/pl011.c vmm/psci.c vmm/user_gic.c \
	$(wildcard vmm/image/*.c)
EL2_OBJS := $(EL2_SRCS:%=$(EL2_B)/%.o) $(EL2_CORE_SRCS:%=$(EL2_B)/%.o)

$(EL2_CORE_SRCS:%=$(EL2_B)/%.o): EL2_CFLAGS += -DAV_EL2_IMAGE

el2: $(EL2_B)/armvisor-el2.bin $(EL2_B)/guest/el2-guest.bin $(EL2_B)/mkmanifest

$(EL2_B)/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(EL2_CC) $(EL2_CFLAGS) -c $< -o $@

$(EL2_B)/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(EL2_CC) $(EL2_ASFLAGS) -c $< -o $@

$(EL2_B)/armvisor-el2.elf: $(EL2_OBJS) src/platform/el2/el2.ld
	$(EL2_CC) $(EL2_CFLAGS) $(EL2_LDFLAGS) -o $@ $(EL2_OBJS) -lgcc

$(EL2_B)/armvisor-el2.bin: $(EL2_B)/armvisor-el2.elf
	$(EL2_OBJCOPY) -O binary $< $@

# The test guest: bare-metal EL1 code (tests/el2/guest), its own crt0.
EL2_GUEST_SRCS := $(sort $(wildcard tests/el2/guest/*.c tests/el2/guest/*.S))
EL2_GUEST_OBJS := $(EL2_GUEST_SRCS:%=$(EL2_B)/%.o)

$(EL2_B)/tests/el2/guest/%.c.o: tests/el2/guest/%.c
	@mkdir -p $(dir $@)
	$(EL2_CC) $(EL2_CFLAGS) -Itests/el2/guest -c $< -o $@

$(EL2_B)/tests/el2/guest/%.S.o: tests/el2/guest/%.S
	@mkdir -p $(dir $@)
	$(EL2_CC) $(EL2_ASFLAGS) -c $< -o $@

# It borrows the image's freestanding string and formatting functions.
EL2_LIBC_OBJS := $(patsubst %,$(EL2_B)/%.o,$(sort $(wildcard src/platform/el2/libc/*.c)))

$(EL2_B)/guest/el2-guest.elf: $(EL2_GUEST_OBJS) $(EL2_LIBC_OBJS) \
		tests/el2/guest/guest.ld
	@mkdir -p $(dir $@)
	$(EL2_CC) $(EL2_CFLAGS) -nostdlib -static -no-pie -Wl,--build-id=none \
		-Wl,-z,max-page-size=4096 -Wl,--no-warn-rwx-segments \
		-T tests/el2/guest/guest.ld -o $@ $(EL2_GUEST_OBJS) \
		$(EL2_LIBC_OBJS) -lgcc

$(EL2_B)/guest/el2-guest.bin: $(EL2_B)/guest/el2-guest.elf
	$(EL2_OBJCOPY) -O binary $< $@

# Host tool: writes a manifest (tests/el2/mkmanifest.c).
$(EL2_B)/mkmanifest: tests/el2/mkmanifest.c vmm/el2_qemu.c vmm/el2_qemu.h \
		include/armvisor/el2_manifest.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -I. -o $@ tests/el2/mkmanifest.c vmm/el2_qemu.c

.PHONY: el2
