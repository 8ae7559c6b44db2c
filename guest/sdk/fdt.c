// SPDX-License-Identifier: MIT
/*
 * Read-only flattened device tree walker (DTSpec v0.3 chapter 5: header,
 * structure block of 4-byte aligned big-endian tokens, strings block).
 * All reads are byte-wise so the walker works with the MMU off.
 */
#include "sdk.h"

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u

static const uint8_t *blob;
static const uint8_t *dt_struct;
static const char *dt_strings;
static uint32_t struct_size;

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

static int align4(int off) { return (off + 3) & ~3; }

int fdt_init(const void *p)
{
	blob = NULL;
	if (!p || be32(p) != FDT_MAGIC || be32((const uint8_t *)p + 20) < 16)
		return -1;
	blob = p;
	dt_struct = blob + be32(blob + 8);
	dt_strings = (const char *)blob + be32(blob + 12);
	struct_size = be32(blob + 36);
	return 0;
}

const void *fdt_blob(void) { return blob; }

uint32_t fdt_totalsize(void) { return blob ? be32(blob + 4) : 0; }

/* Returns the offset after the token at off (and its payload). */
static int skip_token(int off, uint32_t *tok)
{
	*tok = be32(dt_struct + off);
	off += 4;
	switch (*tok) {
	case FDT_BEGIN_NODE:
		off = align4(off + (int)strlen((const char *)dt_struct + off) +
			     1);
		break;
	case FDT_PROP:
		off = align4(off + 8 + (int)be32(dt_struct + off));
		break;
	case FDT_END_NODE:
	case FDT_NOP:
		break;
	default:
		*tok = FDT_END;
		break;
	}
	return off;
}

/* The next BEGIN_NODE after the node at off; *depth is adjusted by +1 for
 * each node entered and -1 for each left (libfdt's fdt_next_node). */
static int next_node(int off, int *depth)
{
	uint32_t tok;

	off = skip_token(off, &tok);
	while ((uint32_t)off < struct_size) {
		int cur = off;

		off = skip_token(off, &tok);
		if (tok == FDT_BEGIN_NODE) {
			(*depth)++;
			return cur;
		}
		if (tok == FDT_END_NODE)
			(*depth)--;
		if (tok == FDT_END)
			return -1;
	}
	return -1;
}

int fdt_root(void)
{
	uint32_t tok;
	int off = 0;

	if (!blob)
		return -1;
	while ((uint32_t)off < struct_size) {
		int cur = off;

		off = skip_token(off, &tok);
		if (tok == FDT_BEGIN_NODE)
			return cur;
		if (tok != FDT_NOP)
			return -1;
	}
	return -1;
}

const char *fdt_node_name(int node)
{
	return node < 0 ? NULL : (const char *)dt_struct + node + 4;
}

int fdt_first_child(int node)
{
	int depth = 0, n;

	if (node < 0)
		return -1;
	n = next_node(node, &depth);
	return n >= 0 && depth == 1 ? n : -1;
}

int fdt_next_sibling(int node)
{
	int depth = 0, n = node;

	if (node < 0)
		return -1;
	for (;;) {
		n = next_node(n, &depth);
		if (n < 0 || depth < 0)
			return -1;
		if (depth == 0)
			return n;
	}
}

int fdt_parent(int node)
{
	int stack[32], depth = 0, n = fdt_root();

	while (n >= 0 && depth >= 0 && depth < 32) {
		stack[depth] = n;
		if (n == node)
			return depth ? stack[depth - 1] : -1;
		n = next_node(n, &depth);
	}
	return -1;
}

const void *fdt_getprop(int node, const char *name, int *len)
{
	uint32_t tok;
	int off;

	if (node < 0)
		return NULL;
	off = skip_token(node, &tok);
	for (;;) {
		int cur = off;

		off = skip_token(off, &tok);
		if (tok == FDT_NOP)
			continue;
		if (tok != FDT_PROP)
			return NULL;
		if (!strcmp(dt_strings + be32(dt_struct + cur + 8), name)) {
			if (len)
				*len = (int)be32(dt_struct + cur + 4);
			return dt_struct + cur + 12;
		}
	}
}

bool fdt_has_prop(int node, const char *name)
{
	return fdt_getprop(node, name, NULL) != NULL;
}

bool fdt_is_compatible(int node, const char *compat)
{
	int len;
	const char *p = fdt_getprop(node, "compatible", &len);

	while (p && len > 0) {
		int n = (int)strlen(p) + 1;

		if (!strcmp(p, compat))
			return true;
		p += n;
		len -= n;
	}
	return false;
}

const char *fdt_prop_string(int node, const char *name)
{
	int len;
	const char *p = fdt_getprop(node, name, &len);

	return p && len > 0 ? p : NULL;
}

uint64_t fdt_read_cells(const void *p, int cells)
{
	const uint8_t *b = p;
	uint64_t v = 0;

	for (int i = 0; i < cells; i++)
		v = v << 32 | be32(b + 4 * i);
	return v;
}

uint32_t fdt_prop_u32(int node, const char *name, uint32_t dflt)
{
	int len;
	const void *p = fdt_getprop(node, name, &len);

	return p && len >= 4 ? be32(p) : dflt;
}

/* Does node name "name@unit" match path component comp (length n)? */
static bool name_matches(const char *name, const char *comp, int n)
{
	if (strncmp(name, comp, (size_t)n))
		return false;
	if (name[n] == '\0')
		return true;
	/* "memory" matches "memory@40000000" unless comp has a unit itself. */
	for (int i = 0; i < n; i++)
		if (comp[i] == '@')
			return false;
	return name[n] == '@';
}

int fdt_path_offset(const char *path)
{
	int node = fdt_root();

	while (node >= 0 && *path) {
		int n = 0;

		while (*path == '/')
			path++;
		if (!*path)
			break;
		while (path[n] && path[n] != '/')
			n++;
		for (node = fdt_first_child(node); node >= 0;
		     node = fdt_next_sibling(node))
			if (name_matches(fdt_node_name(node), path, n))
				break;
		path += n;
	}
	return node;
}

int fdt_node_by_compatible(int from, const char *compat)
{
	int depth = 0, n;

	if (from < 0) {
		n = fdt_root();
		if (n >= 0 && fdt_is_compatible(n, compat))
			return n;
	} else {
		n = from;
	}
	while (n >= 0) {
		n = next_node(n, &depth);
		if (n >= 0 && fdt_is_compatible(n, compat))
			return n;
	}
	return -1;
}

int fdt_reg(int node, int idx, uint64_t *addr, uint64_t *size)
{
	int parent = fdt_parent(node), len;
	int ac = (int)fdt_prop_u32(parent, "#address-cells", 2);
	int sc = (int)fdt_prop_u32(parent, "#size-cells", 1);
	const uint8_t *p = fdt_getprop(node, "reg", &len);
	int stride = 4 * (ac + sc);

	if (!p || ac > 2 || sc > 2 || stride == 0 || (idx + 1) * stride > len)
		return -1;
	p += idx * stride;
	if (addr)
		*addr = fdt_read_cells(p, ac);
	if (size)
		*size = fdt_read_cells(p + 4 * ac, sc);
	return 0;
}

static bool has_device_type(int node, const char *type)
{
	const char *t = fdt_prop_string(node, "device_type");

	return t && !strcmp(t, type);
}

int fdt_count_cpus(void)
{
	int n = 0;

	for (int c = fdt_first_child(fdt_path_offset("/cpus")); c >= 0;
	     c = fdt_next_sibling(c))
		if (has_device_type(c, "cpu"))
			n++;
	return n;
}

int fdt_memory(uint64_t *base, uint64_t *size)
{
	for (int c = fdt_first_child(fdt_root()); c >= 0;
	     c = fdt_next_sibling(c))
		if (has_device_type(c, "memory"))
			return fdt_reg(c, 0, base, size);
	return -1;
}
