/* SPDX-License-Identifier: MIT */
/*
 * Boot image loader (PLATFORM.md "Boot"): ELF64 AArch64 executables, Linux
 * arm64 Images and raw binaries, copied into guest RAM given as a host
 * buffer.  Also places the DTB and initrd above the image.  No API calls:
 * the unit tests load into a malloc'd "RAM".
 */
#ifndef VMM_LOADER_H
#define VMM_LOADER_H

#include <stddef.h>
#include <stdint.h>

enum image_kind {
	IMAGE_ELF,
	IMAGE_LINUX, /* arm64 Image */
	IMAGE_RAW,
};

/* Guest RAM as the loader sees it. */
struct guest_ram {
	uint8_t *host; /* host address of guest physical 'base' */
	uint64_t base; /* guest physical address */
	uint64_t size; /* bytes */
};

struct loaded_image {
	enum image_kind kind;
	uint64_t entry; /* guest physical address of the first instruction */
	uint64_t start; /* lowest guest physical address written */
	uint64_t end;	/* one past the highest (incl. BSS / image_size) */
};

/* Where the DTB and initrd go (guest physical addresses). */
struct boot_layout {
	uint64_t dtb_addr;
	uint64_t dtb_max_size; /* room reserved for the DTB */
	uint64_t initrd_addr;  /* 0 if no initrd */
	uint64_t initrd_size;
};

/*
 * Read a whole regular file of at most max_len bytes into a malloc'd buffer.
 * Never blocks on a FIFO or device (refused as not a regular file) and
 * refuses a file larger than max_len before reading any of it.  Returns 0,
 * or -1 with a message naming the file in err.
 */
int loader_read_file(const char *path, uint64_t max_len, uint8_t **data,
		     size_t *len, char *err, size_t errlen);

/* What kind of image these bytes are (never fails: raw is the fallback). */
enum image_kind loader_detect(const uint8_t *data, size_t len);

/*
 * Load an image into RAM.  'name' is used in error messages.  Returns 0, or
 * -1 with a precise message in err; RAM may be partly written on failure.
 * RAM must be zero where the image goes: only the file's bytes are copied,
 * and BSS (an ELF segment's p_memsz beyond p_filesz, an Image's image_size
 * beyond the file) is left as it is, so a huge BSS costs nothing.
 */
int loader_load_image(const struct guest_ram *ram, const uint8_t *data,
		      size_t len, const char *name, struct loaded_image *img,
		      char *err, size_t errlen);

/*
 * Place the DTB (2 MiB aligned, above the image) and the initrd (above the
 * DTB's reserved room, 2 MiB aligned).  Returns 0, or -1 if they do not fit
 * in RAM.
 */
int loader_plan_layout(const struct guest_ram *ram,
		       const struct loaded_image *img, uint64_t initrd_size,
		       struct boot_layout *layout, char *err, size_t errlen);

/* Copy bytes to a guest physical range that must lie inside RAM. */
int loader_copy_to_ram(const struct guest_ram *ram, uint64_t gpa,
		       const void *src, size_t len);

const char *loader_kind_name(enum image_kind kind);

#endif
