/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Address-space windows: the modules window and the BPF window of the
 * layout (include/mm/layout.h) hand out page-aligned ranges of virtual
 * addresses. Each range is followed by at least one unmapped guard page,
 * so running off the end of one faults instead of reaching the next.
 * Ranges come from the top of the window down, as close to the kernel
 * image (above both windows) as the window allows.
 *
 * Only addresses are handed out: the caller maps them (pt_map()) and
 * unmaps them before giving them back.
 */
#ifndef MM_VM_WINDOW_H
#define MM_VM_WINDOW_H

#include <lander/types.h>

#define VM_WINDOW_MAX_RANGES 64

struct vm_window {
	const char *name;
	virt_addr_t start, end; /* [start, end), page aligned */
	u64 page_size;
	int count;
	struct {
		virt_addr_t va;
		u64 size;	      /* guard included */
	} busy[VM_WINDOW_MAX_RANGES]; /* sorted by va */
};

/* An empty window over [start, end). */
void vm_window_init(struct vm_window *w, const char *name, virt_addr_t start, virt_addr_t end,
		    u64 page_size);

/*
 * The highest free range of size bytes (rounded up to pages) that has a
 * free guard page after it, or 0 when none fits or the window's list is full.
 */
virt_addr_t vm_window_alloc(struct vm_window *w, u64 size);

/*
 * Take [va, va + size) (page aligned, inside the window, free with its
 * guard page): for tests that need a range at a chosen place. Returns 0,
 * -EINVAL or -EBUSY.
 */
int vm_window_alloc_at(struct vm_window *w, virt_addr_t va, u64 size);

/* Give back the range starting at va. Returns 0 or -ENOENT. */
int vm_window_free(struct vm_window *w, virt_addr_t va);

#endif
