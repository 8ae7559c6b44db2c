// SPDX-License-Identifier: MIT
/*
 * Boot image loader.  Three formats, tried in this order:
 *   ELF64    "\x7fELF" magic: PT_LOAD segments at their physical addresses
 *            (p_paddr), entry from e_entry.  MMU is off at entry, so VA = PA.
 *   Image    Linux arm64 Image (Documentation/arch/arm64/booting.rst):
 *            magic "ARM\x64" at 0x38.
 *   raw      anything else: at RAM base + 0x80000, entry at its first byte.
 * Every check names what was wrong and what was expected; malformed input
 * never reads or writes outside the file or RAM buffers.
 */
#include "loader.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errbuf.h"
#include "platform.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the loader reads little-endian headers in place"
#endif

/* Linux arm64 Image header (booting.rst, "Call the kernel image"). */
#define ARM64_IMAGE_MAGIC 0x644d5241u /* "ARM\x64" */
#define ARM64_HDR_SIZE 64
#define ARM64_HDR_TEXT_OFFSET 8
#define ARM64_HDR_IMAGE_SIZE 16
#define ARM64_HDR_FLAGS 24
#define ARM64_HDR_MAGIC 0x38
#define ARM64_FLAG_BE (1ull << 0)  /* bit 0: kernel is big-endian */
#define ARM64_TEXT_ALIGN 0x1000ull /* armvisor's rule, see load_linux */

static uint64_t rd_le64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t rd_le32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static uint64_t ram_end(const struct guest_ram *ram)
{
	return ram->base + ram->size;
}

/* [gpa, gpa + len) lies inside RAM (without overflowing). */
static bool in_ram(const struct guest_ram *ram, uint64_t gpa, uint64_t len)
{
	return gpa >= ram->base && gpa - ram->base <= ram->size &&
	       len <= ram->size - (gpa - ram->base);
}

const char *loader_kind_name(enum image_kind kind)
{
	switch (kind) {
	case IMAGE_ELF:
		return "ELF";
	case IMAGE_LINUX:
		return "Linux arm64 Image";
	case IMAGE_RAW:
		return "raw binary";
	}
	return "?";
}

static const char *file_type_name(mode_t mode)
{
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISSOCK(mode))
		return "a socket";
	return "of an unknown type";
}

/*
 * O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer,
 * before --timeout is armed.  The type is then checked on the open file (no
 * window between a stat and the open), and the size before any byte is
 * read: a sparse 4 GiB file costs nothing to refuse.
 */
int loader_read_file(const char *path, uint64_t max_len, uint8_t **data,
		     size_t *len, char *err, size_t errlen)
{
	struct stat st;
	uint8_t *buf = NULL;
	size_t done = 0;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	if (fd < 0) {
		set_err(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		set_err(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		set_err(err, errlen, "%s: is %s, not a regular file", path,
			file_type_name(st.st_mode));
		goto fail;
	}
	if (st.st_size < 0 || (uint64_t)st.st_size > max_len) {
		set_err(err, errlen,
			"%s: %lld bytes, larger than the guest's RAM (%llu "
			"bytes; see --mem)",
			path, (long long)st.st_size,
			(unsigned long long)max_len);
		goto fail;
	}
	/* +1 so that an empty file still gets a non-NULL buffer. */
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		set_err(err, errlen, "%s: cannot allocate %lld bytes", path,
			(long long)st.st_size);
		goto fail;
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, (size_t)st.st_size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			set_err(err, errlen, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (n == 0) /* shrank under us: use what is there */
			break;
		done += (size_t)n;
	}
	close(fd);
	*data = buf;
	*len = done;
	return 0;
fail:
	free(buf);
	close(fd);
	return -1;
}

enum image_kind loader_detect(const uint8_t *data, size_t len)
{
	if (len >= SELFMAG && memcmp(data, ELFMAG, SELFMAG) == 0)
		return IMAGE_ELF;
	if (len >= ARM64_HDR_SIZE &&
	    rd_le32(data + ARM64_HDR_MAGIC) == ARM64_IMAGE_MAGIC)
		return IMAGE_LINUX;
	return IMAGE_RAW;
}

int loader_copy_to_ram(const struct guest_ram *ram, uint64_t gpa,
		       const void *src, size_t len)
{
	if (!in_ram(ram, gpa, len))
		return -1;
	memcpy(ram->host + (gpa - ram->base), src, len);
	return 0;
}

static int load_elf_segment(const struct guest_ram *ram, const uint8_t *data,
			    size_t len, const char *name, unsigned idx,
			    const Elf64_Phdr *ph, char *err, size_t errlen)
{
	if (ph->p_offset > len || ph->p_filesz > len - ph->p_offset) {
		set_err(err, errlen,
			"%s: ELF segment %u: file bytes 0x%llx..0x%llx lie "
			"beyond the end of the file (%zu bytes)",
			name, idx, (unsigned long long)ph->p_offset,
			(unsigned long long)(ph->p_offset + ph->p_filesz), len);
		return -1;
	}
	if (ph->p_filesz > ph->p_memsz) {
		set_err(err, errlen,
			"%s: ELF segment %u: p_filesz 0x%llx is larger than "
			"p_memsz 0x%llx",
			name, idx, (unsigned long long)ph->p_filesz,
			(unsigned long long)ph->p_memsz);
		return -1;
	}
	if (!in_ram(ram, ph->p_paddr, ph->p_memsz)) {
		set_err(err, errlen,
			"%s: ELF segment %u at 0x%llx..0x%llx lies outside RAM "
			"(0x%llx..0x%llx)",
			name, idx, (unsigned long long)ph->p_paddr,
			(unsigned long long)(ph->p_paddr + ph->p_memsz),
			(unsigned long long)ram->base,
			(unsigned long long)ram_end(ram));
		return -1;
	}
	/* BSS (p_memsz beyond p_filesz) is not written: guest RAM starts
	 * zeroed (loader.h), and a huge p_memsz must cost nothing. */
	memcpy(ram->host + (ph->p_paddr - ram->base), data + ph->p_offset,
	       ph->p_filesz);
	return 0;
}

static int load_elf(const struct guest_ram *ram, const uint8_t *data,
		    size_t len, const char *name, struct loaded_image *img,
		    char *err, size_t errlen)
{
	Elf64_Ehdr eh;
	bool loaded = false;

	if (len < EI_NIDENT || len < sizeof(eh)) {
		set_err(err, errlen,
			"%s: truncated ELF header (%zu bytes, an ELF64 header "
			"is %zu)",
			name, len, sizeof(eh));
		return -1;
	}
	memcpy(&eh, data, sizeof(eh));
	if (eh.e_ident[EI_CLASS] != ELFCLASS64) {
		set_err(err, errlen,
			"%s: not a 64-bit ELF (EI_CLASS %u, expected "
			"ELFCLASS64)",
			name, eh.e_ident[EI_CLASS]);
		return -1;
	}
	if (eh.e_ident[EI_DATA] != ELFDATA2LSB) {
		set_err(err, errlen,
			"%s: not a little-endian ELF (EI_DATA %u, expected "
			"ELFDATA2LSB)",
			name, eh.e_ident[EI_DATA]);
		return -1;
	}
	if (eh.e_machine != EM_AARCH64) {
		set_err(err, errlen,
			"%s: ELF machine %u is not AArch64 (EM_AARCH64 = %u)",
			name, eh.e_machine, EM_AARCH64);
		return -1;
	}
	if (eh.e_type != ET_EXEC) {
		set_err(err, errlen,
			"%s: ELF type %u is not an executable (ET_EXEC); link "
			"the guest at a fixed address",
			name, eh.e_type);
		return -1;
	}
	if (eh.e_phnum == 0 || eh.e_phnum == PN_XNUM) {
		set_err(err, errlen,
			"%s: ELF has no program headers (e_phnum %u)", name,
			eh.e_phnum);
		return -1;
	}
	if (eh.e_phentsize != sizeof(Elf64_Phdr)) {
		set_err(err, errlen, "%s: ELF e_phentsize %u, expected %zu",
			name, eh.e_phentsize, sizeof(Elf64_Phdr));
		return -1;
	}
	uint64_t ph_bytes = (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr);

	if (eh.e_phoff > len || ph_bytes > len - eh.e_phoff) {
		set_err(err, errlen,
			"%s: truncated ELF program headers (0x%llx..0x%llx, "
			"file is %zu bytes)",
			name, (unsigned long long)eh.e_phoff,
			(unsigned long long)(eh.e_phoff + ph_bytes), len);
		return -1;
	}

	img->kind = IMAGE_ELF;
	img->start = UINT64_MAX;
	img->end = 0;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, data + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (load_elf_segment(ram, data, len, name, i, &ph, err, errlen))
			return -1;
		if (ph.p_paddr < img->start)
			img->start = ph.p_paddr;
		if (ph.p_paddr + ph.p_memsz > img->end)
			img->end = ph.p_paddr + ph.p_memsz;
		loaded = true;
	}
	if (!loaded) {
		set_err(err, errlen, "%s: ELF has no PT_LOAD segment to load",
			name);
		return -1;
	}
	if (eh.e_entry & 3) {
		set_err(err, errlen,
			"%s: ELF entry point 0x%llx is not 4-byte aligned (A64 "
			"instructions are)",
			name, (unsigned long long)eh.e_entry);
		return -1;
	}
	if (!in_ram(ram, eh.e_entry, 4)) {
		set_err(err, errlen,
			"%s: ELF entry point 0x%llx lies outside RAM "
			"(0x%llx..0x%llx)",
			name, (unsigned long long)eh.e_entry,
			(unsigned long long)ram->base,
			(unsigned long long)ram_end(ram));
		return -1;
	}
	img->entry = eh.e_entry;
	return 0;
}

/*
 * Load address of an arm64 Image.  booting.rst: "The Image must be placed
 * text_offset bytes from a 2MB aligned base address"; RAM base is 2 MiB
 * aligned, so we use RAM base + text_offset whenever the header is valid
 * (image_size != 0, kernels since v3.17).  Modern kernels say text_offset 0
 * and then start at RAM base itself: putting them at +0x80000 would break
 * that rule.  With image_size == 0 text_offset's endianness is unknown and
 * booting.rst says to assume 0x80000 -- PLATFORM.md's default offset.
 * text_offset must be a multiple of 4 KiB: booting.rst gives no alignment,
 * but every kernel used 0x80000, 0 or (RANDOMIZE_TEXT_OFFSET) a random
 * page-aligned offset below 2 MiB, and an unaligned one would put the entry
 * (code0) off the 4-byte alignment A64 needs.
 */
static int load_linux(const struct guest_ram *ram, const uint8_t *data,
		      size_t len, const char *name, struct loaded_image *img,
		      char *err, size_t errlen)
{
	uint64_t text_offset = rd_le64(data + ARM64_HDR_TEXT_OFFSET);
	uint64_t image_size = rd_le64(data + ARM64_HDR_IMAGE_SIZE);
	uint64_t flags = rd_le64(data + ARM64_HDR_FLAGS);

	if (image_size == 0) {
		text_offset = VIRT_IMAGE_OFFSET;
		image_size = len;
	} else if (flags & ARM64_FLAG_BE) {
		set_err(err, errlen,
			"%s: big-endian arm64 Image (flags bit 0 set) is not "
			"supported",
			name);
		return -1;
	} else if (image_size < len) {
		set_err(
		    err, errlen,
		    "%s: arm64 Image header says image_size 0x%llx, smaller "
		    "than the file (%zu bytes)",
		    name, (unsigned long long)image_size, len);
		return -1;
	}
	if (text_offset % ARM64_TEXT_ALIGN) {
		set_err(err, errlen,
			"%s: arm64 Image text_offset 0x%llx is not a multiple "
			"of 4 KiB",
			name, (unsigned long long)text_offset);
		return -1;
	}
	if (text_offset > ram->size || image_size > ram->size - text_offset) {
		set_err(err, errlen,
			"%s: arm64 Image (text_offset 0x%llx, image_size "
			"0x%llx) is larger than RAM (0x%llx bytes)",
			name, (unsigned long long)text_offset,
			(unsigned long long)image_size,
			(unsigned long long)ram->size);
		return -1;
	}
	uint64_t load = ram->base + text_offset;

	/* The rest of image_size (BSS) is already-zeroed RAM. */
	memcpy(ram->host + text_offset, data, len);
	img->kind = IMAGE_LINUX;
	img->entry = load; /* code0 is the branch to the kernel's start */
	img->start = load;
	img->end = load + image_size;
	return 0;
}

static int load_raw(const struct guest_ram *ram, const uint8_t *data,
		    size_t len, const char *name, struct loaded_image *img,
		    char *err, size_t errlen)
{
	uint64_t load = ram->base + VIRT_IMAGE_OFFSET;

	if (len == 0) {
		set_err(err, errlen, "%s: empty image file", name);
		return -1;
	}
	if (!in_ram(ram, load, len)) {
		set_err(err, errlen,
			"%s: raw image of %zu bytes is larger than RAM above "
			"0x%llx (0x%llx bytes)",
			name, len, (unsigned long long)load,
			(unsigned long long)(ram->size - VIRT_IMAGE_OFFSET));
		return -1;
	}
	memcpy(ram->host + VIRT_IMAGE_OFFSET, data, len);
	img->kind = IMAGE_RAW;
	img->entry = load;
	img->start = load;
	img->end = load + len;
	return 0;
}

int loader_load_image(const struct guest_ram *ram, const uint8_t *data,
		      size_t len, const char *name, struct loaded_image *img,
		      char *err, size_t errlen)
{
	memset(img, 0, sizeof(*img));
	switch (loader_detect(data, len)) {
	case IMAGE_ELF:
		return load_elf(ram, data, len, name, img, err, errlen);
	case IMAGE_LINUX:
		return load_linux(ram, data, len, name, img, err, errlen);
	case IMAGE_RAW:
		break;
	}
	return load_raw(ram, data, len, name, img, err, errlen);
}

int loader_plan_layout(const struct guest_ram *ram,
		       const struct loaded_image *img, uint64_t initrd_size,
		       struct boot_layout *layout, char *err, size_t errlen)
{
	memset(layout, 0, sizeof(*layout));
	layout->dtb_addr = align_up(img->end, VIRT_DTB_ALIGN);
	layout->dtb_max_size = VIRT_DTB_MAX_SIZE;
	if (!in_ram(ram, layout->dtb_addr, layout->dtb_max_size)) {
		set_err(err, errlen,
			"no room for the device tree above the image: image "
			"ends at 0x%llx, DTB would need 0x%llx..0x%llx, RAM "
			"ends at 0x%llx (use a larger --mem)",
			(unsigned long long)img->end,
			(unsigned long long)layout->dtb_addr,
			(unsigned long long)(layout->dtb_addr +
					     layout->dtb_max_size),
			(unsigned long long)ram_end(ram));
		return -1;
	}
	if (initrd_size == 0)
		return 0;
	layout->initrd_addr =
	    align_up(layout->dtb_addr + layout->dtb_max_size, VIRT_DTB_ALIGN);
	layout->initrd_size = initrd_size;
	if (!in_ram(ram, layout->initrd_addr, initrd_size)) {
		set_err(
		    err, errlen,
		    "--initrd: %llu bytes do not fit in RAM above the image "
		    "and DTB (0x%llx..0x%llx, RAM ends at 0x%llx; use a "
		    "larger --mem)",
		    (unsigned long long)initrd_size,
		    (unsigned long long)layout->initrd_addr,
		    (unsigned long long)(layout->initrd_addr + initrd_size),
		    (unsigned long long)ram_end(ram));
		return -1;
	}
	return 0;
}
