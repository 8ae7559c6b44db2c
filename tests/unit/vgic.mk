# vGIC host unit tests (cmocka), over the real core and the null engine
# (tests/unit/vgic_harness.h, null_harness.h).
#   build/tests/test_vgic       normal build (build/libarmvisor-null.a)
#   build/tests/test_vgic_tsan  the same tests under ThreadSanitizer, the
#                               library included (libarmvisor-null-tsan.a)
VGIC_TEST_SRCS := tests/unit/test_vgic.c tests/unit/test_vgic_regs.c \
	tests/unit/test_vgic_stress.c tests/unit/vgic_harness.c \
	tests/unit/null_harness.c
VGIC_TEST_OBJS := $(VGIC_TEST_SRCS:%.c=$(B)/%.o)
VGIC_TSAN_OBJS := $(VGIC_TEST_SRCS:%.c=$(B)/tsan/vgic-test/%.o)

UNIT_TESTS += $(B)/tests/test_vgic $(B)/tests/test_vgic_tsan

$(B)/tests/test_vgic: $(VGIC_TEST_OBJS) $(B)/libarmvisor-null.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(UNIT_LDLIBS) $(NULL_LDLIBS)

$(B)/tsan/vgic-test/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -O1 -fsanitize=thread -DVGIC_TEST_TSAN -c $< -o $@

$(B)/tests/test_vgic_tsan: $(VGIC_TSAN_OBJS) $(B)/libarmvisor-null-tsan.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -O1 -fsanitize=thread -o $@ $^ $(UNIT_LDLIBS) \
		$(NULL_LDLIBS)

# The CPU interface seam with a second implementation (software ICH_*
# registers) behind it, picked through the null engine's capabilities.
UNIT_TESTS += $(B)/tests/unit/test_vgic_cpuif
$(B)/tests/unit/test_vgic_cpuif: $(B)/tests/unit/test_vgic_cpuif.o \
	$(B)/tests/unit/vgic_harness.o $(B)/tests/unit/null_harness.o \
	$(B)/libarmvisor-null.a
	$(CC) $(CFLAGS) -o $@ $^ $(UNIT_LDLIBS) $(NULL_LDLIBS)

# The hardware CPU interface of the EL2 image (vgic_cpuif_hw.c, built here
# with AV_EL2_IMAGE) over a software ICH_*_EL2 register set.
UNIT_TESTS += $(B)/tests/unit/test_vgic_cpuif_hw
$(B)/tests/unit/vgic_cpuif_hw_el2.o: src/irqchip/vgic/vgic_cpuif_hw.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DAV_EL2_IMAGE -c $< -o $@
$(B)/tests/unit/test_vgic_cpuif_hw: $(B)/tests/unit/test_vgic_cpuif_hw.o \
	$(B)/tests/unit/vgic_cpuif_hw_el2.o $(B)/tests/unit/vgic_harness.o \
	$(B)/tests/unit/null_harness.o $(B)/libarmvisor-null.a
	$(CC) $(CFLAGS) -o $@ $^ $(UNIT_LDLIBS) $(NULL_LDLIBS)
