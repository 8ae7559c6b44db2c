// SPDX-License-Identifier: MIT
#include "platform/el2/machine.h"
static void demo_cpu_main(unsigned cpu) { (void)cpu; el2_machine_exit(9); }
const struct el2_app el2_app_demo = { .name = "demo", .cpu_main = demo_cpu_main };
