/* SPDX-License-Identifier: GPL-2.0 */
/* Reading a whole fixture file, for the host unit tests. */
#ifndef TESTS_UNIT_READ_FILE_H
#define TESTS_UNIT_READ_FILE_H

#include <stdio.h>
#include <stdlib.h>

/*
 * The file at path in an exact-size malloc (1 byte for an empty file),
 * its size in *size; NULL if it cannot be read whole.
 */
static inline unsigned char *test_read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc(n ? (size_t)n : 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*size = (size_t)n;
	}
	fclose(f);
	return buf;
}

#endif
