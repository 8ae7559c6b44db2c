# Host unit tests of the VMM's API-free parts (cmocka): option parsing,
# image loader, device tree, PL011 model, console, PSCI (with a fake API).
# None of them needs libarmvisor.
VMM_TEST_DIR := $(B)/tests/unit
VMM_UNIT_TESTS := $(addprefix $(VMM_TEST_DIR)/,test_cli test_loader test_fdt \
	test_vmm_pl011 test_vmm_console test_vmm_psci)
VMM_UNIT_OBJS := $(VMM_UNIT_TESTS:%=%.o)
UNIT_TESTS += $(VMM_UNIT_TESTS)

# The tests include "vmm/<file>.h".
$(VMM_UNIT_OBJS): CFLAGS += -I.

$(VMM_TEST_DIR)/test_cli: $(VMM_TEST_DIR)/test_cli.o $(B)/vmm/cli.o
$(VMM_TEST_DIR)/test_loader: $(VMM_TEST_DIR)/test_loader.o $(B)/vmm/loader.o
$(VMM_TEST_DIR)/test_fdt: $(VMM_TEST_DIR)/test_fdt.o $(B)/vmm/fdt.o
$(VMM_TEST_DIR)/test_vmm_pl011: $(VMM_TEST_DIR)/test_vmm_pl011.o \
	$(B)/vmm/pl011.o
$(VMM_TEST_DIR)/test_vmm_console: $(VMM_TEST_DIR)/test_vmm_console.o \
	$(B)/vmm/console.o $(B)/vmm/pl011.o
$(VMM_TEST_DIR)/test_vmm_psci: $(VMM_TEST_DIR)/test_vmm_psci.o \
	$(B)/vmm/psci.o

$(VMM_UNIT_TESTS):
	$(CC) $(CFLAGS) -o $@ $^ $(UNIT_LDLIBS) -lfdt -lpthread

# `make vmm-unit-test`: build and run just these.
vmm-unit-test: $(VMM_UNIT_TESTS)
	@set -e; for t in $(VMM_UNIT_TESTS); do echo "== $$t"; $$t; done

.PHONY: vmm-unit-test
