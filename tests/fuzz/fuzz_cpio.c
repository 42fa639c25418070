// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for lib/cpio.c: the whole archive read from arbitrary
 * bytes. The input is copied to a heap buffer of exactly its size, so the
 * sanitizers report any read past it. The asserts check what the reader
 * promises: every file handed out lies inside the archive with its name
 * NUL-terminated at namelen, offsets only move forward, and the end or an
 * error is final.
 */
#include <lander/cpio.h>
#include <lander/string.h>

#include <stdlib.h>

#define CHECK(cond)              \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);
int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u8 *buf = malloc(size ? size : 1);
	const u8 *end = buf + size;
	const u8 *last = buf;
	struct cpio_file f;
	struct cpio c;
	int ret;

	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	ret = cpio_init(&c, buf, size);
	CHECK(ret <= 0);
	while ((ret = cpio_next(&c, &f)) == 1) {
		const u8 *name = (const u8 *)f.name, *file = f.data;

		CHECK(name >= last + CPIO_HEADER_SIZE && name + f.namelen < end);
		CHECK(f.namelen > 0 && strnlen(f.name, f.namelen + 1) == f.namelen);
		CHECK(file >= name + f.namelen + 1 && (size_t)(file - buf) % 4 == 0);
		CHECK(f.size <= (size_t)(end - file));
		CHECK((f.mode & 0170000) == 0100000);
		last = file + f.size;
	}
	CHECK(ret <= 0);
	CHECK(cpio_next(&c, &f) == ret);
	CHECK(ret != 0 || c.done);
	CHECK(strlen(cpio_strerror(ret)) > 0);
	free(buf);
	return 0;
}
