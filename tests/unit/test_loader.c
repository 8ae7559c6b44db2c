// SPDX-License-Identifier: MIT
/* Unit tests: boot image loader and DTB/initrd placement (vmm/loader.c). */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "vmm/loader.h"
#include "vmm/platform.h"

#define RAM_SIZE (16ull << 20)
#define RAM_END (VIRT_RAM_BASE + RAM_SIZE)

static struct guest_ram ram;
static struct loaded_image img;
static char err[512];
static uint8_t file[64 * 1024];

static int setup(void **state)
{
	ram.base = VIRT_RAM_BASE;
	ram.size = RAM_SIZE;
	ram.host = malloc(RAM_SIZE);
	assert_non_null(ram.host);
	/* Not zero, as guest RAM is: shows which bytes the loader wrote. */
	memset(ram.host, 0xcc, RAM_SIZE);
	memset(file, 0, sizeof(file));
	err[0] = '\0';
	return 0;
}

static int teardown(void **state)
{
	free(ram.host);
	return 0;
}

static uint8_t *ram_at(uint64_t gpa) { return ram.host + (gpa - ram.base); }

/* ---- ELF builder ------------------------------------------------------- */

struct seg {
	uint32_t type;
	uint64_t paddr, filesz, memsz;
};

/* Ehdr, then phdrs, then each segment's bytes (filled with 0xa0 + index). */
static size_t make_elf(uint64_t entry, const struct seg *segs, unsigned n)
{
	Elf64_Ehdr eh = {0};
	size_t off = sizeof(eh) + n * sizeof(Elf64_Phdr);

	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_EXEC;
	eh.e_machine = EM_AARCH64;
	eh.e_version = EV_CURRENT;
	eh.e_entry = entry;
	eh.e_phoff = sizeof(eh);
	eh.e_ehsize = sizeof(eh);
	eh.e_phentsize = sizeof(Elf64_Phdr);
	eh.e_phnum = (Elf64_Half)n;
	memcpy(file, &eh, sizeof(eh));
	for (unsigned i = 0; i < n; i++) {
		Elf64_Phdr ph = {0};

		ph.p_type = segs[i].type;
		ph.p_flags = PF_R | PF_X;
		ph.p_offset = off;
		ph.p_vaddr = segs[i].paddr;
		ph.p_paddr = segs[i].paddr;
		ph.p_filesz = segs[i].filesz;
		ph.p_memsz = segs[i].memsz;
		ph.p_align = 0x1000;
		memcpy(file + sizeof(eh) + i * sizeof(ph), &ph, sizeof(ph));
		memset(file + off, 0xa0 + i, segs[i].filesz);
		off += segs[i].filesz;
	}
	return off;
}

static Elf64_Ehdr *ehdr(void) { return (Elf64_Ehdr *)file; }

static Elf64_Phdr *phdr(unsigned i)
{
	return (Elf64_Phdr *)(file + sizeof(Elf64_Ehdr)) + i;
}

static int load(size_t len)
{
	return loader_load_image(&ram, file, len, "g.img", &img, err,
				 sizeof(err));
}

static void expect_fail(size_t len, const char *msg)
{
	assert_int_equal(load(len), -1);
	assert_string_equal(err, msg);
}

static const struct seg two_segs[] = {
    {PT_LOAD, 0x40080000, 0x100, 0x100},
    {PT_NOTE, 0, 0, 0x10},
    {PT_LOAD, 0x40100000, 0x20, 0x1000}, /* 0xfe0 bytes of BSS */
};

/* ---- ELF --------------------------------------------------------------- */

static void test_elf_good(void **state)
{
	size_t len = make_elf(0x40080010, two_segs, 3);

	assert_int_equal(loader_detect(file, len), IMAGE_ELF);
	assert_int_equal(load(len), 0);
	assert_int_equal(img.kind, IMAGE_ELF);
	assert_int_equal(img.entry, 0x40080010);
	assert_int_equal(img.start, 0x40080000);
	assert_int_equal(img.end, 0x40101000);
	assert_int_equal(ram_at(0x40080000)[0], 0xa0);
	assert_int_equal(ram_at(0x400800ff)[0], 0xa0);
	assert_int_equal(ram_at(0x40080100)[0], 0xcc); /* untouched */
	assert_int_equal(ram_at(0x40100000)[0], 0xa2);
	assert_int_equal(ram_at(0x4010001f)[0], 0xa2);
	/* BSS is left to the already-zeroed guest RAM: not written. */
	assert_int_equal(ram_at(0x40100020)[0], 0xcc);
	assert_int_equal(ram_at(0x40100fff)[0], 0xcc);
	assert_int_equal(ram_at(0x40101000)[0], 0xcc);
}

/*
 * An 8 GiB BSS costs nothing: RAM of 8 GiB + 1 MiB is address space only,
 * readable and writable just where the file's bytes go; a loader that
 * touched the BSS would fault here.
 */
static void test_elf_huge_bss(void **state)
{
	const uint64_t big = (8ull << 30) + SZ_1M;
	const struct seg segs[] = {
	    {PT_LOAD, 0x40080000, 0x100, (8ull << 30)},
	};
	struct guest_ram huge = {NULL, VIRT_RAM_BASE, big};
	size_t len = make_elf(0x40080000, segs, 1);

	huge.host = mmap(NULL, big, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	assert_true(huge.host != MAP_FAILED);
	assert_int_equal(mprotect(huge.host, SZ_1M, PROT_READ | PROT_WRITE), 0);
	assert_int_equal(loader_load_image(&huge, file, len, "g.img", &img, err,
					   sizeof(err)),
			 0);
	assert_int_equal(img.end, 0x40080000 + (8ull << 30));
	assert_int_equal(huge.host[0x80000], 0xa0);
	munmap(huge.host, big);
}

static void test_elf_segment_at_ram_edges(void **state)
{
	const struct seg segs[] = {
	    {PT_LOAD, VIRT_RAM_BASE, 0x10, 0x10},
	    {PT_LOAD, RAM_END - 0x1000, 0x10, 0x1000},
	};
	size_t len = make_elf(VIRT_RAM_BASE, segs, 2);

	assert_int_equal(load(len), 0);
	assert_int_equal(img.start, VIRT_RAM_BASE);
	assert_int_equal(img.end, RAM_END);
}

static void test_elf_truncated_header(void **state)
{
	make_elf(0x40080000, two_segs, 3);
	expect_fail(40, "g.img: truncated ELF header (40 bytes, an ELF64 "
			"header is 64)");
	expect_fail(4, "g.img: truncated ELF header (4 bytes, an ELF64 header "
		       "is 64)");
}

static void test_elf_wrong_kind(void **state)
{
	size_t len = make_elf(0x40080000, two_segs, 3);

	ehdr()->e_ident[EI_CLASS] = ELFCLASS32;
	expect_fail(len, "g.img: not a 64-bit ELF (EI_CLASS 1, expected "
			 "ELFCLASS64)");
	ehdr()->e_ident[EI_CLASS] = ELFCLASS64;
	ehdr()->e_ident[EI_DATA] = ELFDATA2MSB;
	expect_fail(len, "g.img: not a little-endian ELF (EI_DATA 2, expected "
			 "ELFDATA2LSB)");
	ehdr()->e_ident[EI_DATA] = ELFDATA2LSB;
	ehdr()->e_machine = EM_X86_64;
	expect_fail(len, "g.img: ELF machine 62 is not AArch64 (EM_AARCH64 = "
			 "183)");
	ehdr()->e_machine = EM_AARCH64;
	ehdr()->e_type = ET_DYN;
	expect_fail(len, "g.img: ELF type 3 is not an executable (ET_EXEC); "
			 "link the guest at a fixed address");
}

static void test_elf_bad_program_headers(void **state)
{
	size_t len = make_elf(0x40080000, two_segs, 3);

	ehdr()->e_phnum = 0;
	expect_fail(len, "g.img: ELF has no program headers (e_phnum 0)");
	ehdr()->e_phnum = 3;
	ehdr()->e_phentsize = 32;
	expect_fail(len, "g.img: ELF e_phentsize 32, expected 56");
	ehdr()->e_phentsize = sizeof(Elf64_Phdr);
	ehdr()->e_phoff = len - 8;
	{
		char want[256];

		snprintf(want, sizeof(want),
			 "g.img: truncated ELF program headers (0x%zx..0x%zx, "
			 "file is %zu bytes)",
			 len - 8, len - 8 + 3 * sizeof(Elf64_Phdr), len);
		expect_fail(len, want);
	}
	/* Program headers cut off by a short file. */
	ehdr()->e_phoff = sizeof(Elf64_Ehdr);
	expect_fail(100, "g.img: truncated ELF program headers (0x40..0xe8, "
			 "file is 100 bytes)");
}

static void test_elf_bad_segments(void **state)
{
	size_t len = make_elf(0x40080000, two_segs, 3);

	phdr(2)->p_offset = len - 0x10;
	{
		char want[256];

		snprintf(want, sizeof(want),
			 "g.img: ELF segment 2: file bytes 0x%zx..0x%zx lie "
			 "beyond the end of the file (%zu bytes)",
			 len - 0x10, len + 0x10, len);
		expect_fail(len, want);
	}
	len = make_elf(0x40080000, two_segs, 3);
	phdr(0)->p_filesz = 0x200;
	phdr(0)->p_memsz = 0x100;
	expect_fail(len + 0x100,
		    "g.img: ELF segment 0: p_filesz 0x200 is larger than "
		    "p_memsz 0x100");

	len = make_elf(0x40080000, two_segs, 3);
	phdr(2)->p_paddr = 0x3ffff000;
	expect_fail(len, "g.img: ELF segment 2 at 0x3ffff000..0x40000000 lies "
			 "outside RAM (0x40000000..0x41000000)");
	phdr(2)->p_paddr = RAM_END - 0x800; /* straddles the end */
	expect_fail(len, "g.img: ELF segment 2 at 0x40fff800..0x41000800 lies "
			 "outside RAM (0x40000000..0x41000000)");
	phdr(2)->p_paddr = 0xfffffffffffff000ull; /* wraps around */
	expect_fail(len, "g.img: ELF segment 2 at 0xfffffffffffff000..0x0 lies "
			 "outside RAM (0x40000000..0x41000000)");
	phdr(2)->p_paddr = 0x40100000;
	phdr(2)->p_memsz = RAM_SIZE; /* image larger than RAM */
	expect_fail(len, "g.img: ELF segment 2 at 0x40100000..0x41100000 lies "
			 "outside RAM (0x40000000..0x41000000)");
}

static void test_elf_no_load_bad_entry(void **state)
{
	const struct seg notes[] = {{PT_NOTE, 0, 0x10, 0x10}};
	size_t len = make_elf(0x40080000, notes, 1);

	expect_fail(len, "g.img: ELF has no PT_LOAD segment to load");
	len = make_elf(0x80000, two_segs, 3);
	expect_fail(len, "g.img: ELF entry point 0x80000 lies outside RAM "
			 "(0x40000000..0x41000000)");
	len = make_elf(0x40080002, two_segs, 3);
	expect_fail(len, "g.img: ELF entry point 0x40080002 is not 4-byte "
			 "aligned (A64 instructions are)");
}

/* ---- Linux arm64 Image ------------------------------------------------- */

static size_t make_image(uint64_t text_offset, uint64_t image_size,
			 uint64_t flags, size_t len)
{
	memset(file, 0x5a, len);
	memcpy(file + 8, &text_offset, 8);
	memcpy(file + 16, &image_size, 8);
	memcpy(file + 24, &flags, 8);
	memcpy(file + 0x38, "ARM\x64", 4);
	return len;
}

static void test_image_text_offset(void **state)
{
	size_t len = make_image(0x80000, 0x3000, 0xa, 0x1000);

	assert_int_equal(loader_detect(file, len), IMAGE_LINUX);
	assert_int_equal(load(len), 0);
	assert_int_equal(img.kind, IMAGE_LINUX);
	assert_int_equal(img.entry, 0x40080000);
	assert_int_equal(img.start, 0x40080000);
	assert_int_equal(img.end, 0x40083000); /* image_size, incl. BSS */
	assert_int_equal(ram_at(0x40080000)[0], 0x5a);
	assert_int_equal(ram_at(0x40080fff)[0], 0x5a);
	/* image_size beyond the file is BSS: left to the zeroed RAM. */
	assert_int_equal(ram_at(0x40081000)[0], 0xcc);
	assert_int_equal(ram_at(0x40082fff)[0], 0xcc);
}

static void test_image_modern_and_legacy(void **state)
{
	/* text_offset 0 (Linux >= 5.10): at the 2 MiB aligned RAM base. */
	size_t len = make_image(0, 0x2000, 0xa, 0x1000);

	assert_int_equal(load(len), 0);
	assert_int_equal(img.entry, VIRT_RAM_BASE);
	assert_int_equal(img.end, VIRT_RAM_BASE + 0x2000);

	/* image_size 0 (before 3.17): text_offset unreliable, use 0x80000. */
	len = make_image(0x12345, 0, 0, 0x1000);
	assert_int_equal(load(len), 0);
	assert_int_equal(img.entry, 0x40080000);
	assert_int_equal(img.end, 0x40081000);
}

static void test_image_malformed(void **state)
{
	size_t len = make_image(0x80000, 0x3000, 1, 0x1000);

	expect_fail(len, "g.img: big-endian arm64 Image (flags bit 0 set) is "
			 "not supported");
	len = make_image(0x80000, 0x800, 0, 0x1000);
	expect_fail(len, "g.img: arm64 Image header says image_size 0x800, "
			 "smaller than the file (4096 bytes)");
	len = make_image(0x80000, RAM_SIZE, 0, 0x1000);
	expect_fail(len, "g.img: arm64 Image (text_offset 0x80000, image_size "
			 "0x1000000) is larger than RAM (0x1000000 bytes)");
	/* booting.rst's base is 2 MiB aligned; armvisor wants the offset
	 * page aligned (so is every kernel's), never RAM base + 1. */
	len = make_image(1, 0x1000, 0, 0x1000);
	expect_fail(len, "g.img: arm64 Image text_offset 0x1 is not a "
			 "multiple of 4 KiB");
	len = make_image(0x80800, 0x1000, 0, 0x1000);
	expect_fail(len, "g.img: arm64 Image text_offset 0x80800 is not a "
			 "multiple of 4 KiB");
	len = make_image(0x1ff000, 0x1000, 0, 0x1000);
	assert_int_equal(load(len), 0);
	assert_int_equal(img.entry, VIRT_RAM_BASE + 0x1ff000);
	len = make_image(0xffffffffffff0000ull, 0x1000, 0, 0x1000);
	expect_fail(len, "g.img: arm64 Image (text_offset 0xffffffffffff0000, "
			 "image_size 0x1000) is larger than RAM (0x1000000 "
			 "bytes)");
}

/* ---- raw --------------------------------------------------------------- */

static void test_raw(void **state)
{
	memset(file, 0x11, 100);
	assert_int_equal(loader_detect(file, 100), IMAGE_RAW);
	assert_int_equal(load(100), 0);
	assert_int_equal(img.kind, IMAGE_RAW);
	assert_int_equal(img.entry, 0x40080000);
	assert_int_equal(img.end, 0x40080000 + 100);
	assert_int_equal(ram_at(0x40080000)[0], 0x11);
	assert_int_equal(ram_at(0x40080063)[0], 0x11);
	assert_int_equal(ram_at(0x40080064)[0], 0xcc);
	/* Shorter than an Image header and not ELF: raw. */
	memcpy(file,
	       "\x7f"
	       "EL",
	       3);
	assert_int_equal(loader_detect(file, 3), IMAGE_RAW);
}

static void test_raw_malformed(void **state)
{
	expect_fail(0, "g.img: empty image file");

	/* A big "file" that does not fit above RAM base + 0x80000. */
	struct guest_ram small = {ram.host, VIRT_RAM_BASE, 0x80000 + 64};

	assert_int_equal(loader_load_image(&small, file, 65, "g.img", &img, err,
					   sizeof(err)),
			 -1);
	assert_string_equal(err, "g.img: raw image of 65 bytes is larger than "
				 "RAM above 0x40080000 (0x40 bytes)");
}

/* ---- files ------------------------------------------------------------- */

static int read_file(const char *path, uint64_t max, uint8_t **data,
		     size_t *len)
{
	return loader_read_file(path, max, data, len, err, sizeof(err));
}

static void test_read_file(void **state)
{
	char path[] = "/tmp/armvisor-test-loader-XXXXXX";
	int fd = mkstemp(path);
	uint8_t *data = NULL;
	size_t len = 0;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "hello", 5), 5);
	close(fd);
	assert_int_equal(read_file(path, 5, &data, &len), 0);
	assert_int_equal(len, 5);
	assert_memory_equal(data, "hello", 5);
	free(data);
	unlink(path);

	assert_int_equal(
	    read_file("/nonexistent/guest.elf", RAM_SIZE, &data, &len), -1);
	assert_string_equal(
	    err, "/nonexistent/guest.elf: No such file or directory");
	assert_int_equal(read_file("/tmp", RAM_SIZE, &data, &len), -1);
	assert_string_equal(err, "/tmp: is a directory, not a regular file");
	assert_int_equal(read_file("/dev/null", RAM_SIZE, &data, &len), -1);
	assert_string_equal(err,
			    "/dev/null: is a character device, not a regular "
			    "file");
}

/* Opening a FIFO with no writer must not wait for one (that was before
 * --timeout is armed): refused at once.  A blocking open hangs here. */
static void test_read_file_fifo(void **state)
{
	char dir[] = "/tmp/armvisor-test-fifo-XXXXXX";
	char path[64];
	uint8_t *data = NULL;
	size_t len = 0;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(read_file(path, RAM_SIZE, &data, &len), -1);
	{
		char want[128];

		snprintf(want, sizeof(want),
			 "%s: is a FIFO, not a regular file", path);
		assert_string_equal(err, want);
	}
	unlink(path);
	rmdir(dir);
}

/* A sparse file larger than RAM is refused from its size, unread. */
static void test_read_file_too_big(void **state)
{
	char path[] = "/tmp/armvisor-test-big-XXXXXX";
	int fd = mkstemp(path);
	uint8_t *data = NULL;
	size_t len = 0;

	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 4ll << 30), 0);
	close(fd);
	assert_int_equal(read_file(path, RAM_SIZE, &data, &len), -1);
	{
		char want[160];

		snprintf(want, sizeof(want),
			 "%s: 4294967296 bytes, larger than the guest's RAM "
			 "(16777216 bytes; see --mem)",
			 path);
		assert_string_equal(err, want);
	}
	/* Exactly RAM-sized is fine (the layout decides where it fits). */
	assert_int_equal(truncate(path, 4096), 0);
	assert_int_equal(read_file(path, 4096, &data, &len), 0);
	assert_int_equal(len, 4096);
	free(data);
	unlink(path);
}

/* ---- layout ------------------------------------------------------------ */

static void test_layout(void **state)
{
	struct boot_layout l;
	struct loaded_image i = {IMAGE_RAW, 0x40080000, 0x40080000, 0x40080100};

	assert_int_equal(loader_plan_layout(&ram, &i, 0, &l, err, sizeof(err)),
			 0);
	assert_int_equal(l.dtb_addr, 0x40200000); /* 2 MiB aligned, above */
	assert_int_equal(l.initrd_addr, 0);

	i.end = 0x40200000; /* already aligned: right there */
	assert_int_equal(
	    loader_plan_layout(&ram, &i, 0x1234, &l, err, sizeof(err)), 0);
	assert_int_equal(l.dtb_addr, 0x40200000);
	assert_int_equal(l.initrd_addr, 0x40400000); /* above the DTB room */
	assert_int_equal(l.initrd_size, 0x1234);
	assert_true(l.initrd_addr >= l.dtb_addr + l.dtb_max_size);
	assert_true(l.dtb_addr >= i.end);
}

static void test_layout_no_room(void **state)
{
	struct boot_layout l;
	struct loaded_image i = {IMAGE_ELF, 0x40080000, 0x40080000,
				 RAM_END - 0x1000};

	assert_int_equal(loader_plan_layout(&ram, &i, 0, &l, err, sizeof(err)),
			 -1);
	assert_string_equal(err,
			    "no room for the device tree above the image: "
			    "image ends at 0x40fff000, DTB would need "
			    "0x41000000..0x41010000, RAM ends at 0x41000000 "
			    "(use a larger --mem)");

	i.end = 0x40c00000;
	assert_int_equal(
	    loader_plan_layout(&ram, &i, 0x300000, &l, err, sizeof(err)), -1);
	assert_string_equal(err,
			    "--initrd: 3145728 bytes do not fit in RAM above "
			    "the image and DTB (0x40e00000..0x41100000, RAM "
			    "ends at 0x41000000; use a larger --mem)");
	assert_int_equal(
	    loader_plan_layout(&ram, &i, 0x200000, &l, err, sizeof(err)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	    T(test_elf_good),
	    T(test_elf_huge_bss),
	    T(test_elf_segment_at_ram_edges),
	    T(test_elf_truncated_header),
	    T(test_elf_wrong_kind),
	    T(test_elf_bad_program_headers),
	    T(test_elf_bad_segments),
	    T(test_elf_no_load_bad_entry),
	    T(test_image_text_offset),
	    T(test_image_modern_and_legacy),
	    T(test_image_malformed),
	    T(test_raw),
	    T(test_raw_malformed),
	    T(test_read_file),
	    T(test_read_file_fifo),
	    T(test_read_file_too_big),
	    T(test_layout),
	    T(test_layout_no_room),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
