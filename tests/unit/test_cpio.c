// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for lib/cpio.c, the newc reader.
 *
 * The oracle is the real `cpio -H newc -o` (Debian's cpio): archives are
 * made at test time from files this test writes, and what the reader hands
 * out is compared with those files. Malformed archives are made by hand,
 * one per rule, each expecting its own error. Every archive the reader sees
 * sits at the end of a malloc of exactly its size, so AddressSanitizer
 * reports any read past it.
 */
#include <lander/cpio.h>
#include <lander/string.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "read_file.h"
#include "tap.h"

#define MAX_FILES 64

struct want {
	char name[128];
	u8 *data;
	u32 size;
	bool regular;
};

/* A copy of n bytes in a malloc of exactly n bytes (1 if n is 0, never read). */
static u8 *exact_copy(const void *p, size_t n)
{
	u8 *b = malloc(n ? n : 1);

	if (!b)
		abort();
	if (n)
		memcpy(b, p, n);
	return b;
}

/* Read a whole file into an exact-size malloc; abort if it cannot. */
static u8 *read_file(const char *path, size_t *n)
{
	u8 *buf = test_read_file(path, n);

	if (!buf)
		abort();
	return buf;
}

/* Run a shell command; abort with its text if it fails. */
static void run(const char *cmd)
{
	if (system(cmd) != 0) {
		printf("# command failed: %s\n", cmd);
		abort();
	}
}

/*
 * Write want[0..n) under dir (regular files with their data, the others as
 * directories), list their names in that order for cpio and build dir.cpio.
 */
static void make_archive(const char *dir, const struct want *want, int n)
{
	char path[512], cmd[1024];
	FILE *list;

	snprintf(path, sizeof(path), "%s/list", dir);
	list = fopen(path, "w");
	if (!list)
		abort();
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/t/%s", dir, want[i].name);
		if (want[i].regular) {
			FILE *f = fopen(path, "wb");

			if (!f || fwrite(want[i].data, 1, want[i].size, f) != want[i].size)
				abort();
			fclose(f);
		} else if (mkdir(path, 0755)) {
			abort();
		}
		fprintf(list, "%s\n", want[i].name);
	}
	fclose(list);
	snprintf(cmd, sizeof(cmd), "cd %s/t && cpio --quiet -H newc -o < ../list > ../a.cpio", dir);
	run(cmd);
}

/* A fresh directory with an empty t/ inside it. */
static void fresh_dir(char *dir, size_t n)
{
	char cmd[600];

	snprintf(dir, n, "/tmp/lander-cpio-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	snprintf(cmd, sizeof(cmd), "mkdir %s/t", dir);
	run(cmd);
}

static void remove_dir(const char *dir)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	run(cmd);
}

/* Expect the archive at buf to hand out exactly the regular files of want, in order. */
static void check_files(const u8 *buf, size_t size, const struct want *want, int n)
{
	struct cpio c;
	struct cpio_file f;
	int ret, i = 0;

	TAP_CHECK(cpio_init(&c, buf, size) == 0, "init");
	while ((ret = cpio_next(&c, &f)) == 1) {
		while (i < n && !want[i].regular)
			i++;
		if (i == n) {
			TAP_CHECK(i < n, "extra file %s", f.name);
			return;
		}
		TAP_CHECK(!strcmp(f.name, want[i].name), "name %s, want %s", f.name, want[i].name);
		TAP_CHECK(f.namelen == strlen(want[i].name), "namelen of %s", f.name);
		TAP_CHECK(f.size == want[i].size, "%s: size %u, want %u", f.name, f.size,
			  want[i].size);
		TAP_CHECK(f.size != want[i].size || !memcmp(f.data, want[i].data, f.size),
			  "%s: data differs", f.name);
		TAP_CHECK((f.mode & 0170000) == 0100000, "%s: mode %o", f.name, f.mode);
		i++;
	}
	TAP_CHECK(ret == 0, "ended with %d (%s)", ret, cpio_strerror(ret));
	while (i < n && !want[i].regular)
		i++;
	TAP_CHECK(i == n, "missing file %s", i < n ? want[i].name : "");
	TAP_CHECK(cpio_next(&c, &f) == 0, "the end is sticky");
}

static u8 filler[8192];

/*
 * Files of every size around the 4-byte padding, names of every length
 * mod 4, a directory and files inside it: the tool's archive against the
 * files. Then every prefix of that archive must fail, never succeed.
 */
static void test_tool_archive(void)
{
	struct want w[] = {
		{ "a", filler, 0, true },
		{ "bb", filler + 1, 1, true },
		{ "ccc", filler + 2, 2, true },
		{ "dddd", filler + 3, 3, true },
		{ "dir", NULL, 0, false },
		{ "dir/e", filler + 4, 4, true },
		{ "dir/ff", filler + 5, 5, true },
		{ "dir/sub", NULL, 0, false },
		{ "dir/sub/big", filler, 4097, true },
	};
	int n = sizeof(w) / sizeof(w[0]);
	char dir[64], path[128];
	size_t size;
	u8 *buf;

	fresh_dir(dir, sizeof(dir));
	make_archive(dir, w, n);
	snprintf(path, sizeof(path), "%s/a.cpio", dir);
	buf = read_file(path, &size);
	check_files(buf, size, w, n);
	tap_case("archive from cpio -H newc -o: names, sizes, data, order");

	/* Expect every prefix that cuts before the trailer's name ends to fail. */
	{
		struct cpio c;
		struct cpio_file f;
		size_t end = 0;

		cpio_init(&c, buf, size);
		while (cpio_next(&c, &f) == 1)
			;
		end = c.pos + CPIO_HEADER_SIZE + sizeof(CPIO_TRAILER_NAME);
		for (size_t len = 0; len < end; len++) {
			u8 *p = exact_copy(buf, len);
			int ret;

			cpio_init(&c, p, len);
			while ((ret = cpio_next(&c, &f)) == 1)
				TAP_CHECK((const u8 *)f.data + f.size <= p + len, "data inside");
			TAP_CHECK(ret < 0, "prefix of %zu bytes gives %d", len, ret);
			free(p);
		}
	}
	tap_case("every truncation of it is an error");

	free(buf);
	remove_dir(dir);
}

/* Append one entry at *len in buf: a header with the given fields, the name, the data. */
static void put_entry(u8 *buf, size_t *len, u32 mode, const char *name, u32 namesize,
		      const void *data, u32 filesize, size_t datalen)
{
	char hdr[CPIO_HEADER_SIZE + 1];
	size_t off = *len;

	snprintf(hdr, sizeof(hdr), "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", 1,
		 mode, 0, 0, 1, 0, filesize, 0, 0, 0, 0, namesize, 0);
	memcpy(buf + off, hdr, CPIO_HEADER_SIZE);
	off += CPIO_HEADER_SIZE;
	memcpy(buf + off, name, strlen(name) + 1);
	off += strlen(name) + 1;
	while (off % 4)
		buf[off++] = 0;
	memcpy(buf + off, data, datalen);
	off += datalen;
	while (off % 4)
		buf[off++] = 0;
	*len = off;
}

static void put_file(u8 *buf, size_t *len, const char *name, const char *data)
{
	put_entry(buf, len, 0100644, name, strlen(name) + 1, data, strlen(data), strlen(data));
}

static void put_trailer(u8 *buf, size_t *len)
{
	put_entry(buf, len, 0, CPIO_TRAILER_NAME, sizeof(CPIO_TRAILER_NAME), "", 0, 0);
}

/*
 * Read the first len bytes of buf from an exact-size copy, checking that
 * each file handed out lies inside it; expect the reader to end with want.
 */
static void expect_error(const u8 *buf, size_t len, int want, const char *what)
{
	u8 *p = exact_copy(buf, len);
	struct cpio c;
	struct cpio_file f;
	int ret;

	cpio_init(&c, p, len);
	while ((ret = cpio_next(&c, &f)) == 1)
		TAP_CHECK((const u8 *)f.data + f.size <= p + len, "data inside");
	TAP_CHECK(ret == want, "%s: got %d (%s), want %d (%s)", what, ret, cpio_strerror(ret), want,
		  cpio_strerror(want));
	TAP_CHECK(cpio_next(&c, &f) == want, "%s: the error is sticky", what);
	free(p);
}

/* One hand-made archive per rule, each with its error. */
static void test_malformed(void)
{
	static u8 buf[4096];
	size_t len, first;

	/* Expect the hand-made good archive to read back. */
	len = 0;
	put_file(buf, &len, "ok", "hello");
	first = len;
	put_trailer(buf, &len);
	expect_error(buf, len, 0, "good");
	tap_case("a hand-made archive reads back");

	expect_error(buf, 0, -CPIO_ERR_NOTRAILER, "empty");
	expect_error(buf, first, -CPIO_ERR_NOTRAILER, "no trailer");
	tap_case("no trailer: NOTRAILER");

	expect_error(buf, first + CPIO_HEADER_SIZE - 1, -CPIO_ERR_TRUNCATED, "short header");
	expect_error(buf, first + CPIO_HEADER_SIZE + 5, -CPIO_ERR_TRUNCATED, "short name");
	tap_case("header or name cut short: TRUNCATED");

	buf[3] = '2'; /* 070721 */
	expect_error(buf, len, -CPIO_ERR_BADMAGIC, "magic");
	memcpy(buf, "070702", 6); /* the crc variant is not read */
	expect_error(buf, len, -CPIO_ERR_BADMAGIC, "crc magic");
	memcpy(buf, "070701", 6);
	tap_case("bad magic: BADMAGIC");

	/* Expect a bad character in any of the 13 fields, first or last digit, to be caught. */
	for (int field = 0; field < 13; field++) {
		static const char bad[] = { 'g', ' ', 'x', '\0', '-', 'G' };

		for (size_t b = 0; b < sizeof(bad); b++) {
			size_t at = 6 + field * 8 + (b & 1) * 7;
			u8 keep = buf[at];
			char what[32];

			buf[at] = bad[b];
			snprintf(what, sizeof(what), "field %d char %zu", field, b);
			expect_error(buf, len, -CPIO_ERR_BADHEX, what);
			buf[at] = keep;
		}
	}
	tap_case("non-hex digit in any field: BADHEX");

	{
		static u8 b2[512];
		size_t l2 = 0;

		/* namesize without the NUL */
		put_entry(b2, &l2, 0100644, "ab", 2, "x", 1, 1);
		put_trailer(b2, &l2);
		expect_error(b2, l2, -CPIO_ERR_BADNAME, "name without NUL");
		l2 = 0;
		put_entry(b2, &l2, 0100644, "", 0, "x", 1, 1);
		put_trailer(b2, &l2);
		expect_error(b2, l2, -CPIO_ERR_BADNAME, "namesize 0");
		l2 = 0;
		put_entry(b2, &l2, 0100644, "", 1, "x", 1, 1);
		put_trailer(b2, &l2);
		expect_error(b2, l2, -CPIO_ERR_BADNAME, "empty name");
		l2 = 0;
		put_entry(b2, &l2, 0100644, "abc", 4, "x", 1, 1);
		b2[CPIO_HEADER_SIZE + 1] = 0;
		put_trailer(b2, &l2);
		expect_error(b2, l2, -CPIO_ERR_BADNAME, "NUL inside the name");
		l2 = 0;
		put_entry(b2, &l2, 0100644, "ab", 0x10000, "x", 1, 1);
		expect_error(b2, l2, -CPIO_ERR_TRUNCATED, "namesize past the end");
		l2 = 0;
		put_entry(b2, &l2, 0100644, "ab", 0xffffffff, "x", 1, 1);
		expect_error(b2, l2, -CPIO_ERR_TRUNCATED, "namesize 0xffffffff");
		tap_case("bad names: BADNAME, or TRUNCATED past the end");

		l2 = 0;
		put_entry(b2, &l2, 0100644, "ab", 3, "xyz", 5, 3);
		expect_error(b2, l2, -CPIO_ERR_BADSIZE, "filesize past the end");
		l2 = 0;
		put_entry(b2, &l2, 0100644, "ab", 3, "xyz", 0xffffffff, 3);
		put_trailer(b2, &l2);
		expect_error(b2, l2, -CPIO_ERR_BADSIZE, "filesize 0xffffffff");
		l2 = 0;
		put_entry(b2, &l2, 040755, "dir", 4, "xyz", 0x80000000, 3);
		put_trailer(b2, &l2);
		expect_error(b2, l2, -CPIO_ERR_BADSIZE, "a directory's size past the end");
		tap_case("data past the end: BADSIZE, for skipped entries too");

		/* Expect non-regular entries skipped, their data stepped over. */
		l2 = 0;
		put_entry(b2, &l2, 0120777, "link", 5, "target", 6, 6);
		put_entry(b2, &l2, 020644, "chr", 4, "", 0, 0);
		put_file(b2, &l2, "ok", "hello");
		put_trailer(b2, &l2);
		{
			u8 *p = exact_copy(b2, l2);
			struct cpio c;
			struct cpio_file f;
			int ret;

			cpio_init(&c, p, l2);
			ret = cpio_next(&c, &f);
			TAP_CHECK(ret == 1, "one file, got %d", ret);
			if (ret == 1)
				TAP_CHECK(!strcmp(f.name, "ok") && f.size == 5 &&
						  !memcmp(f.data, "hello", 5),
					  "the regular file");
			TAP_CHECK(cpio_next(&c, &f) == 0, "then the end");
			free(p);
		}
		tap_case("symlinks and devices are skipped");
	}
}

/* Each compressed format refused with its name in the message. */
static void test_compressed(void)
{
	static const struct {
		const char *magic;
		size_t len;
		int err;
		const char *name;
	} fmt[] = {
		{ "\x1f\x8b\x08", 3, -CPIO_ERR_GZIP, "gzip" },
		{ "\xfd"
		  "7zXZ\0",
		  6, -CPIO_ERR_XZ, "xz" },
		{ "\x28\xb5\x2f\xfd", 4, -CPIO_ERR_ZSTD, "zstd" },
		{ "\x02\x21\x4c\x18", 4, -CPIO_ERR_LZ4, "lz4" },
		{ "BZh9", 4, -CPIO_ERR_BZIP2, "bzip2" },
		{ "\x5d\x00\x00\x80", 4, -CPIO_ERR_LZMA, "lzma" },
	};
	struct want w[] = { { "f", filler, 100, true } };
	char dir[64], path[128], cmd[256];
	struct cpio c;
	struct cpio_file f;
	size_t size;
	u8 *buf;
	int ret;

	fresh_dir(dir, sizeof(dir));
	make_archive(dir, w, 1);
	snprintf(cmd, sizeof(cmd), "gzip -n -9 %s/a.cpio", dir);
	run(cmd);
	snprintf(path, sizeof(path), "%s/a.cpio.gz", dir);
	buf = read_file(path, &size);
	ret = cpio_init(&c, buf, size);
	TAP_CHECK(ret == -CPIO_ERR_GZIP, "gzip archive gives %d", ret);
	TAP_CHECK(strstr(cpio_strerror(ret), "compressed") && strstr(cpio_strerror(ret), "gzip"),
		  "message: %s", cpio_strerror(ret));
	TAP_CHECK(cpio_next(&c, &f) == ret, "next gives the same error");
	free(buf);
	remove_dir(dir);
	tap_case("gzip-compressed archive refused: %s", cpio_strerror(ret));

	for (size_t i = 0; i < sizeof(fmt) / sizeof(fmt[0]); i++) {
		u8 *p = exact_copy(fmt[i].magic, fmt[i].len);

		ret = cpio_init(&c, p, fmt[i].len);
		TAP_CHECK(ret == fmt[i].err, "%s: %d", fmt[i].name, ret);
		TAP_CHECK(strstr(cpio_strerror(ret), "compressed") &&
				  strstr(cpio_strerror(ret), fmt[i].name),
			  "%s: message %s", fmt[i].name, cpio_strerror(ret));
		free(p);
	}
	tap_case("xz, zstd, lz4, bzip2, lzma magics refused by name");
}

/* Random file sets through the cpio tool; the reader must give them back. */
static void test_random(unsigned long seed, int rounds)
{
	static const char alpha[] = "abcdefghijklmnopqrstuvwxyz0123456789._-";
	static struct want w[MAX_FILES];
	static u8 data[MAX_FILES][3000];

	srandom(seed);
	for (int r = 0; r < rounds; r++) {
		char dir[64], path[128];
		int n = random() % MAX_FILES, ndirs = 0;
		size_t size;
		u8 *buf;

		fresh_dir(dir, sizeof(dir));
		for (int i = 0; i < n; i++) {
			int len = 1 + random() % 40;
			size_t at;

			w[i].regular = ndirs == 0 || random() % 5;
			if (ndirs && random() % 2)
				snprintf(w[i].name, sizeof(w[i].name), "d%d/",
					 (int)(random() % ndirs));
			else
				w[i].name[0] = 0;
			if (!w[i].regular) {
				snprintf(w[i].name, sizeof(w[i].name), "d%d", ndirs++);
				continue;
			}
			at = strlen(w[i].name);
			for (int k = 0; k < len; k++)
				w[i].name[at++] = alpha[random() % (sizeof(alpha) - 1)];
			w[i].name[at] = 0;
			/* A unique suffix: the index. */
			snprintf(w[i].name + strlen(w[i].name), 8, "_%u", (unsigned int)i % 100);
			w[i].size = random() % 4 ? (u32)(random() % sizeof(data[i])) :
						   (u32)(random() % 5);
			for (u32 k = 0; k < w[i].size; k++)
				data[i][k] = random();
			w[i].data = data[i];
		}
		make_archive(dir, w, n);
		snprintf(path, sizeof(path), "%s/a.cpio", dir);
		buf = read_file(path, &size);
		check_files(buf, size, w, n);
		free(buf);
		remove_dir(dir);
		if (!tap_case("random round %d (%d entries)", r, n)) {
			printf("# CPIO_SEED=%lu reproduces this\n", seed);
			return;
		}
	}
}

int main(void)
{
	const char *s = getenv("CPIO_SEED");
	unsigned long seed = s ? strtoul(s, NULL, 0) : 20261202;

	for (size_t i = 0; i < sizeof(filler); i++)
		filler[i] = i * 7 + (i >> 8);
	tap_start();
	test_tool_archive();
	test_malformed();
	test_compressed();
	test_random(seed, 24);
	return tap_done();
}
