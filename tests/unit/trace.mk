# The rings of `armvisor run --trace` (vmm/trace_ring.c), plainly and
# under ThreadSanitizer (several pushing threads, one draining).
UNIT_TESTS += $(B)/tests/unit/test_trace_ring $(B)/tests/unit/test_trace_ring_tsan

$(B)/tests/unit/test_trace_ring.o: CFLAGS += -I.

$(B)/tests/unit/test_trace_ring: $(B)/tests/unit/test_trace_ring.o \
	$(B)/vmm/trace_ring.o
	$(CC) $(CFLAGS) -o $@ $^ $(UNIT_LDLIBS) -lpthread

$(B)/tests/unit/test_trace_ring_tsan: tests/unit/test_trace_ring.c \
	vmm/trace_ring.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -I. -O1 -fsanitize=thread -o $@ \
		$(filter %.c,$^) $(UNIT_LDLIBS) -lpthread
