# rVIC/rVID host unit tests (cmocka).
#   build/tests/test_rvic        state machine + hypercall ABI, and
#   build/tests/test_rvic_stress the multi-threaded stress test, over the
#                                real core and the null engine
#   build/tests/test_rvic_tsan   the stress test under ThreadSanitizer, the
#                                library included
#   build/tests/unit/test_rvic_api  the device API through the real library
RVIC_TEST_OBJS := $(B)/tests/unit/null_harness.o $(B)/libarmvisor-null.a
RVIC_TSAN_OBJS := $(B)/tsan/rvic-test/tests/unit/test_rvic_stress.o \
	$(B)/tsan/rvic-test/tests/unit/null_harness.o \
	$(B)/libarmvisor-null-tsan.a

UNIT_TESTS += $(B)/tests/test_rvic $(B)/tests/test_rvic_stress \
	$(B)/tests/test_rvic_tsan $(B)/tests/unit/test_rvic_api

$(B)/tests/test_rvic: $(B)/tests/unit/test_rvic.o $(RVIC_TEST_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(UNIT_LDLIBS) $(NULL_LDLIBS)

$(B)/tests/test_rvic_stress: $(B)/tests/unit/test_rvic_stress.o \
	$(RVIC_TEST_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(UNIT_LDLIBS) $(NULL_LDLIBS)

$(B)/tsan/rvic-test/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -O1 -fsanitize=thread -DRVIC_TEST_TSAN -c $< -o $@

$(B)/tests/test_rvic_tsan: $(RVIC_TSAN_OBJS)
	$(CC) $(CFLAGS) -O1 -fsanitize=thread -o $@ $^ $(UNIT_LDLIBS) \
		$(NULL_LDLIBS)

$(B)/tests/unit/test_rvic_api: $(B)/tests/unit/test_rvic_api.o \
	$(B)/libarmvisor.a
	$(CC) $(CFLAGS) -o $@ $^ $(UNIT_LDLIBS) $(LDLIBS)
