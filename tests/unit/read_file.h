/* SPDX-License-Identifier: GPL-2.0 */
/* Finding and reading fixture files, for the host unit tests. */
#ifndef TESTS_UNIT_READ_FILE_H
#define TESTS_UNIT_READ_FILE_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/*
 * Append to *files (*n of them, strdup()ed) the path of every file under
 * dir, recursively, whose name ends in suffix. A missing dir adds none.
 */
static inline void test_list_files(const char *dir, const char *suffix, char ***files, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[4096];
	size_t l, sl = strlen(suffix);

	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		l = strlen(de->d_name);
		if (de->d_type == DT_DIR) {
			test_list_files(path, suffix, files, n);
		} else if (l > sl && !strcmp(de->d_name + l - sl, suffix)) {
			*files = realloc(*files, (*n + 1) * sizeof(**files));
			(*files)[(*n)++] = strdup(path);
		}
	}
	if (d)
		closedir(d);
}

#endif
