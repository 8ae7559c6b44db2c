# vGIC host unit tests (cmocka).  Built against the vGIC sources and a fake
# core; build/libarmvisor.a is not needed.
#   build/tests/test_vgic       normal build
#   build/tests/test_vgic_tsan  the same tests under ThreadSanitizer
VGIC_SRCS := $(sort $(wildcard src/irqchip/vgic/*.c))
VGIC_TEST_SRCS := $(sort $(wildcard tests/unit/test_vgic*.c)) tests/unit/fake_core.c \
	src/platform/platform_posix.c
VGIC_TEST_HDRS := $(wildcard src/irqchip/vgic/*.h src/core/*.h src/irqchip/*.h \
	src/platform/*.h include/armvisor/*.h tests/unit/fake_core.h)
VGIC_TEST_CFLAGS := -std=gnu11 $(WARN) -Iinclude -Isrc -Itests/unit -pthread -g

UNIT_TESTS += $(B)/tests/test_vgic $(B)/tests/test_vgic_tsan

$(B)/tests/test_vgic: $(VGIC_SRCS) $(VGIC_TEST_SRCS) $(VGIC_TEST_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(VGIC_TEST_CFLAGS) -O1 -o $@ $(VGIC_SRCS) $(VGIC_TEST_SRCS) \
		$(UNIT_LDLIBS) -lpthread

$(B)/tests/test_vgic_tsan: $(VGIC_SRCS) $(VGIC_TEST_SRCS) $(VGIC_TEST_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(VGIC_TEST_CFLAGS) -O1 -fsanitize=thread -DVGIC_TEST_TSAN \
		-o $@ $(VGIC_SRCS) $(VGIC_TEST_SRCS) $(UNIT_LDLIBS) -lpthread
