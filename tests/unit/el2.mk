# Host unit tests of the EL2 image's plain-C parts (cmocka): manifest
# checks, exit decoding, allocator, timer lists, the freestanding formatter.
EL2_UNIT_DIR := $(B)/tests/unit
EL2_LOGIC_OBJS := $(addprefix $(B)/,src/engine/el2/manifest.o \
	src/engine/el2/exit_decode.o src/platform/el2/alloc.o \
	src/platform/el2/timerq.o)
UNIT_TESTS += $(EL2_UNIT_DIR)/test_el2_logic

# fmt.c against its own headers, renamed so it does not replace the C
# library's snprintf in the test program.
$(EL2_UNIT_DIR)/el2_fmt.o: src/platform/el2/libc/fmt.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc/platform/el2/libc/include \
		-Dvsnprintf=el2_vsnprintf -Dsnprintf=el2_snprintf -c $< -o $@

$(EL2_UNIT_DIR)/test_el2_logic: $(EL2_UNIT_DIR)/test_el2_logic.o \
	$(EL2_LOGIC_OBJS) $(EL2_UNIT_DIR)/el2_fmt.o
	$(CC) $(CFLAGS) -o $@ $^ $(UNIT_LDLIBS)
