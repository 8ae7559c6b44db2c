# Host tests of the architected timers through the public API (cmocka):
# the user-space irqchip path end to end, and the counters and physical
# timer as guests see them.
TIMER_TEST_DIR := $(B)/tests/unit
TIMER_UNIT_TESTS := $(addprefix $(TIMER_TEST_DIR)/,test_user_irqchip \
	test_timer_api)
UNIT_TESTS += $(TIMER_UNIT_TESTS)

$(TIMER_UNIT_TESTS): %: %.o $(B)/libarmvisor.a
	$(CC) $(CFLAGS) -o $@ $^ $(UNIT_LDLIBS) $(LDLIBS)
