# Host unit tests of the core, timer and engine logic (cmocka).
CORE_TEST_DIR := $(B)/tests/unit
CORE_UNIT_TESTS := $(addprefix $(CORE_TEST_DIR)/,test_decode test_counter \
	test_api test_kick test_api_safety test_gic_addr test_pmu_debug)
UNIT_TESTS += $(CORE_UNIT_TESTS)

$(CORE_TEST_DIR)/test_decode: $(CORE_TEST_DIR)/test_decode.o \
	$(B)/src/engine/unicorn/uc_decode.o
	$(CC) $(CFLAGS) -o $@ $^ $(UNIT_LDLIBS)
$(CORE_TEST_DIR)/test_counter: $(CORE_TEST_DIR)/test_counter.o
	$(CC) $(CFLAGS) -o $@ $^ $(UNIT_LDLIBS)
$(CORE_TEST_DIR)/test_api: $(CORE_TEST_DIR)/test_api.o $(B)/libarmvisor.a
	$(CC) $(CFLAGS) -o $@ $^ $(UNIT_LDLIBS) $(LDLIBS)
$(CORE_TEST_DIR)/test_kick: $(CORE_TEST_DIR)/test_kick.o $(B)/libarmvisor.a
	$(CC) $(CFLAGS) -o $@ $^ $(UNIT_LDLIBS) $(LDLIBS)
$(CORE_TEST_DIR)/test_api_safety: $(CORE_TEST_DIR)/test_api_safety.o \
	$(B)/libarmvisor.a
	$(CC) $(CFLAGS) -o $@ $^ $(UNIT_LDLIBS) $(LDLIBS)
$(CORE_TEST_DIR)/test_gic_addr: $(CORE_TEST_DIR)/test_gic_addr.o \
	$(B)/libarmvisor.a
	$(CC) $(CFLAGS) -o $@ $^ $(UNIT_LDLIBS) $(LDLIBS)
$(CORE_TEST_DIR)/test_pmu_debug: $(CORE_TEST_DIR)/test_pmu_debug.o \
	$(B)/libarmvisor.a
	$(CC) $(CFLAGS) -o $@ $^ $(UNIT_LDLIBS) $(LDLIBS)

# The run loop over the null engine (no CPU: exits scripted by the test).
$(CORE_TEST_DIR)/test_run_loop: $(CORE_TEST_DIR)/test_run_loop.o \
	$(CORE_TEST_DIR)/null_harness.o $(B)/libarmvisor-null.a
	$(CC) $(CFLAGS) -o $@ $^ $(UNIT_LDLIBS) $(NULL_LDLIBS)
UNIT_TESTS += $(CORE_TEST_DIR)/test_run_loop
