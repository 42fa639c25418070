// SPDX-License-Identifier: GPL-2.0
/*
 * Address-space windows: see include/mm/vm_window.h. A sorted array of
 * busy ranges; a free range is a gap between two of them.
 */
#include <lander/compiler.h>
#include <lander/errno.h>
#include <lander/string.h>
#include <mm/vm_window.h>

void vm_window_init(struct vm_window *w, const char *name, virt_addr_t start, virt_addr_t end,
		    u64 page_size)
{
	memset(w, 0, sizeof(*w));
	w->name = name;
	w->start = start;
	w->end = end;
	w->page_size = page_size;
}

/* Record [va, va + size) (guard included) as busy, keeping the list sorted. */
static int vm_window_insert(struct vm_window *w, virt_addr_t va, u64 size)
{
	int i;

	if (w->count == VM_WINDOW_MAX_RANGES)
		return -ENOSPC;
	for (i = w->count; i > 0 && w->busy[i - 1].va > va; i--)
		w->busy[i] = w->busy[i - 1];
	w->busy[i].va = va;
	w->busy[i].size = size;
	w->count++;
	return 0;
}

virt_addr_t vm_window_alloc(struct vm_window *w, u64 size)
{
	u64 need;
	int i;

	if (!size || size > w->end - w->start)
		return 0;
	need = ALIGN_UP(size, w->page_size) + w->page_size;
	if (need > w->end - w->start)
		return 0;
	/* Gaps from the top: [end of busy i - 1 (or start), start of busy i (or end)). */
	for (i = w->count; i >= 0; i--) {
		virt_addr_t lo = i ? w->busy[i - 1].va + w->busy[i - 1].size : w->start;
		virt_addr_t hi = i < w->count ? w->busy[i].va : w->end;

		if (hi - lo >= need) {
			if (vm_window_insert(w, hi - need, need))
				return 0;
			return hi - need;
		}
	}
	return 0;
}

int vm_window_alloc_at(struct vm_window *w, virt_addr_t va, u64 size)
{
	u64 need = ALIGN_UP(size, w->page_size) + w->page_size;
	int i;

	if (!size || va & (w->page_size - 1) || va < w->start || va > w->end || need > w->end - va)
		return -EINVAL;
	for (i = 0; i < w->count; i++)
		if (va < w->busy[i].va + w->busy[i].size && w->busy[i].va < va + need)
			return -EBUSY;
	return vm_window_insert(w, va, need) ? -EBUSY : 0;
}

int vm_window_free(struct vm_window *w, virt_addr_t va)
{
	int i;

	for (i = 0; i < w->count; i++) {
		if (w->busy[i].va != va)
			continue;
		memmove(&w->busy[i], &w->busy[i + 1], (w->count - i - 1) * sizeof(w->busy[0]));
		w->count--;
		return 0;
	}
	return -ENOENT;
}
