# The user irqchip's GICv2 component (include/armvisor/av_gic.h) through
# its public interface, over the library with the null engine (the
# component needs no CPU): rules, register semantics, lines, SGI floods.
UNIT_TESTS += $(B)/tests/unit/test_av_gic
$(B)/tests/unit/test_av_gic: $(B)/tests/unit/test_av_gic.o \
	$(B)/libarmvisor-null.a
	$(CC) $(CFLAGS) -o $@ $^ $(UNIT_LDLIBS) $(NULL_LDLIBS)
