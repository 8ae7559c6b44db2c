/* SPDX-License-Identifier: MIT */
/* A tiny read-only flattened device tree walker (DTSpec v0.3 chapter 5). */
#ifndef GUEST_FDT_H
#define GUEST_FDT_H

#include <stdbool.h>
#include <stdint.h>

/* Node handles are offsets of FDT_BEGIN_NODE tokens in the struct block;
 * negative means "none". */
int fdt_init(const void *blob); /* 0 or -1 when the header is bad */
const void *fdt_blob(void);
uint32_t fdt_totalsize(void);

int fdt_root(void);
/* "/cpus/cpu@0"; a component without '@' also matches "name@unit". */
int fdt_path_offset(const char *path);
/* Next node after `from` (-1: from the start) whose compatible lists compat. */
int fdt_node_by_compatible(int from, const char *compat);
int fdt_first_child(int node);
int fdt_next_sibling(int node);
int fdt_parent(int node);
const char *fdt_node_name(int node);

const void *fdt_getprop(int node, const char *name, int *len);
bool fdt_has_prop(int node, const char *name);
bool fdt_is_compatible(int node, const char *compat);
/* The first string of a string(-list) property, or NULL. */
const char *fdt_prop_string(int node, const char *name);
uint32_t fdt_prop_u32(int node, const char *name, uint32_t dflt);
/* Read a big-endian number of `cells` 32-bit cells. */
uint64_t fdt_read_cells(const void *p, int cells);

/* reg entry idx, using the parent's #address-cells / #size-cells. */
int fdt_reg(int node, int idx, uint64_t *addr, uint64_t *size);

/* /cpus children with device_type = "cpu". */
int fdt_count_cpus(void);
/* reg of the first /memory node. */
int fdt_memory(uint64_t *base, uint64_t *size);

#endif
