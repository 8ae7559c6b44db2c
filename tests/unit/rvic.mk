# rVIC/rVID host unit tests (cmocka).
#   build/tests/test_rvic        state machine + hypercall ABI, and the
#                                multi-threaded stress test, over a fake core
#   build/tests/test_rvic_tsan   the same under ThreadSanitizer
#   build/tests/unit/test_rvic_api  the device API through the real library
RVIC_SRCS := $(sort $(wildcard src/irqchip/rvic/*.c)) src/platform/platform_posix.c
RVIC_TEST_HDRS := $(wildcard src/irqchip/rvic/*.h src/core/core.h \
	src/irqchip/irqchip.h src/platform/platform.h include/armvisor/*.h \
	tests/unit/rvic_fake.h)
RVIC_TEST_CFLAGS := -std=gnu11 $(WARN) -Iinclude -Isrc -Itests/unit -pthread -g

UNIT_TESTS += $(B)/tests/test_rvic $(B)/tests/test_rvic_stress \
	$(B)/tests/test_rvic_tsan $(B)/tests/unit/test_rvic_api

$(B)/tests/test_rvic: tests/unit/test_rvic.c tests/unit/rvic_fake.c \
	$(RVIC_SRCS) $(RVIC_TEST_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(RVIC_TEST_CFLAGS) -O1 -o $@ tests/unit/test_rvic.c \
		tests/unit/rvic_fake.c $(RVIC_SRCS) $(UNIT_LDLIBS) -lpthread

$(B)/tests/test_rvic_stress: tests/unit/test_rvic_stress.c \
	tests/unit/rvic_fake.c $(RVIC_SRCS) $(RVIC_TEST_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(RVIC_TEST_CFLAGS) -O1 -o $@ tests/unit/test_rvic_stress.c \
		tests/unit/rvic_fake.c $(RVIC_SRCS) $(UNIT_LDLIBS) -lpthread

$(B)/tests/test_rvic_tsan: tests/unit/test_rvic_stress.c \
	tests/unit/rvic_fake.c $(RVIC_SRCS) $(RVIC_TEST_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(RVIC_TEST_CFLAGS) -O1 -fsanitize=thread -DRVIC_TEST_TSAN \
		-o $@ tests/unit/test_rvic_stress.c tests/unit/rvic_fake.c \
		$(RVIC_SRCS) $(UNIT_LDLIBS) -lpthread

$(B)/tests/unit/test_rvic_api: $(B)/tests/unit/test_rvic_api.o \
	$(B)/libarmvisor.a
	$(CC) $(CFLAGS) -o $@ $^ $(UNIT_LDLIBS) $(LDLIBS)
