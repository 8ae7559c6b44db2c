// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the boot image loader (vmm/loader.c).  The input is an image
 * file: ELF64, Linux arm64 Image or raw, detected as the VMM does, loaded
 * into a fake guest RAM of 16 MiB and into one just too small for most
 * images, then the DTB and an initrd are placed above it.  Whatever the
 * bytes, a successful load must stay inside RAM with a 4-byte aligned entry
 * point, and the layout must not overlap the image.
 */
#include "fuzz.h"

#include "vmm/loader.h"
#include "vmm/platform.h"

#define BIG_RAM (16ull << 20)
#define SMALL_RAM (VIRT_IMAGE_OFFSET + 0x2000)

static uint8_t *ram_big, *ram_small;

static void check_loaded(const struct guest_ram *ram,
			 const struct loaded_image *img, uint64_t initrd_size)
{
	uint64_t end = ram->base + ram->size;
	struct boot_layout l;
	char err[512];

	FUZZ_CHECK(img->entry >= ram->base && img->entry + 4 <= end);
	FUZZ_CHECK((img->entry & 3) == 0);
	FUZZ_CHECK(img->start >= ram->base && img->start <= img->end);
	FUZZ_CHECK(img->end <= end);
	if (loader_plan_layout(ram, img, initrd_size, &l, err, sizeof(err)))
		return;
	FUZZ_CHECK(l.dtb_addr >= img->end && l.dtb_addr % VIRT_DTB_ALIGN == 0);
	FUZZ_CHECK(l.dtb_addr + l.dtb_max_size <= end);
	if (initrd_size) {
		FUZZ_CHECK(l.initrd_addr >= l.dtb_addr + l.dtb_max_size);
		FUZZ_CHECK(l.initrd_addr + initrd_size <= end);
	}
}

static void load_into(uint8_t *host, uint64_t size, const uint8_t *data,
		      size_t len)
{
	struct guest_ram ram = {host, VIRT_RAM_BASE, size};
	struct loaded_image img;
	char err[512] = "";

	if (loader_load_image(&ram, data, len, "fuzz.img", &img, err,
			      sizeof(err))) {
		FUZZ_CHECK(err[0] != '\0'); /* every refusal says why */
		return;
	}
	/* An initrd size from the image's last bytes: 0..~16 MiB. */
	uint64_t initrd = 0;

	if (len >= 3)
		initrd = (uint64_t)data[len - 1] << 16 |
			 (uint64_t)data[len - 2] << 8 | data[len - 3];
	check_loaded(&ram, &img, initrd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Guest RAM starts zeroed (the loader relies on it for BSS); one
	 * allocation, reused, as the loader only ever writes inside it. */
	if (!ram_big) {
		ram_big = calloc(1, BIG_RAM);
		ram_small = calloc(1, SMALL_RAM);
		if (!ram_big || !ram_small)
			abort();
	}
	(void)loader_detect(data, size);
	load_into(ram_big, BIG_RAM, data, size);
	load_into(ram_small, SMALL_RAM, data, size);
	return 0;
}
