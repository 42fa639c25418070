// SPDX-License-Identifier: GPL-2.0
/*
 * The newc cpio reader: see include/lander/cpio.h for the format and API.
 *
 * cpio_next() is the only function that decodes an entry. Offsets are
 * size_t and every sum is compared with the archive's size before the bytes
 * it names are read; the length fields are at most 0xffffffff, so with a
 * 64-bit size_t no sum of an offset below the size and two of them can wrap.
 */
#include <lander/compiler.h>
#include <lander/cpio.h>
#include <lander/string.h>
#include <lander/types.h>

/* Index of each 8-digit field after the magic. */
enum cpio_field {
	CPIO_F_INO,
	CPIO_F_MODE,
	CPIO_F_UID,
	CPIO_F_GID,
	CPIO_F_NLINK,
	CPIO_F_MTIME,
	CPIO_F_FILESIZE,
	CPIO_F_DEVMAJOR,
	CPIO_F_DEVMINOR,
	CPIO_F_RDEVMAJOR,
	CPIO_F_RDEVMINOR,
	CPIO_F_NAMESIZE,
	CPIO_F_CHECK,
	CPIO_NR_FIELDS,
};

#define CPIO_MAGIC_LEN	  6
#define CPIO_FIELD_DIGITS 8

_Static_assert(CPIO_MAGIC_LEN + CPIO_NR_FIELDS * CPIO_FIELD_DIGITS == CPIO_HEADER_SIZE,
	       "a newc header is the magic and 13 fields of 8 digits");
_Static_assert(sizeof(size_t) >= 8, "offset + two u32 lengths must not wrap");

#define CPIO_S_IFMT  0170000
#define CPIO_S_IFREG 0100000

/* Round an archive offset up to the next multiple of 4. */
static size_t cpio_align4(size_t off)
{
	return (off + 3) & ~(size_t)3;
}

/* Parse 8 hex digits (either case) at p into *out; false on any other character. */
static bool cpio_hex8(const u8 *p, u32 *out)
{
	u32 v = 0;

	for (int i = 0; i < CPIO_FIELD_DIGITS; i++) {
		u8 c = p[i];
		u32 d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		v = v << 4 | d;
	}
	*out = v;
	return true;
}

/*
 * The error code of a compressed format whose magic starts the n bytes at
 * p, or 0. The magics are those of gzip (RFC 1952), xz, zstd (RFC 8878),
 * the lz4 legacy frame (what the kernel's build makes), bzip2 and lzma-alone
 * (properties byte 0x5d, then a dictionary size whose low bytes are 0).
 */
static int cpio_compressed(const u8 *p, size_t n)
{
	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return -CPIO_ERR_GZIP;
	if (n >= 6 && !memcmp(p,
			      "\xfd"
			      "7zXZ\0",
			      6))
		return -CPIO_ERR_XZ;
	if (n >= 4 && !memcmp(p, "\x28\xb5\x2f\xfd", 4))
		return -CPIO_ERR_ZSTD;
	if (n >= 4 && !memcmp(p, "\x02\x21\x4c\x18", 4))
		return -CPIO_ERR_LZ4;
	if (n >= 3 && !memcmp(p, "BZh", 3))
		return -CPIO_ERR_BZIP2;
	if (n >= 3 && p[0] == 0x5d && p[1] == 0 && p[2] == 0)
		return -CPIO_ERR_LZMA;
	return 0;
}

/* Set up *cpio over the caller's bytes; refuse a compressed archive by its magic. */
int cpio_init(struct cpio *cpio, const void *start, size_t size)
{
	cpio->start = start;
	cpio->size = size;
	cpio->pos = 0;
	cpio->done = false;
	cpio->error = cpio_compressed(start, size);
	return cpio->error;
}

/* Record err as the reader's final state and return it. */
static int cpio_fail(struct cpio *cpio, int err)
{
	cpio->error = err;
	return err;
}

/*
 * Decode entries from cpio->pos until a regular file or the trailer. Each
 * step checks, in order: a whole header fits, the magic, every field's
 * digits, the name fits and ends with its only NUL, the data fits.
 */
int cpio_next(struct cpio *cpio, struct cpio_file *file)
{
	for (;;) {
		u32 field[CPIO_NR_FIELDS];
		const u8 *hdr, *name;
		size_t name_off, data_off;
		u32 namesize, filesize;

		if (cpio->error)
			return cpio->error;
		if (cpio->done)
			return 0;
		if (cpio->pos >= cpio->size)
			return cpio_fail(cpio, -CPIO_ERR_NOTRAILER);
		if (cpio->size - cpio->pos < CPIO_HEADER_SIZE)
			return cpio_fail(cpio, -CPIO_ERR_TRUNCATED);

		hdr = cpio->start + cpio->pos;
		if (memcmp(hdr, CPIO_NEWC_MAGIC, CPIO_MAGIC_LEN))
			return cpio_fail(cpio, -CPIO_ERR_BADMAGIC);
		for (int i = 0; i < CPIO_NR_FIELDS; i++)
			if (!cpio_hex8(hdr + CPIO_MAGIC_LEN + i * CPIO_FIELD_DIGITS, &field[i]))
				return cpio_fail(cpio, -CPIO_ERR_BADHEX);

		namesize = field[CPIO_F_NAMESIZE];
		filesize = field[CPIO_F_FILESIZE];
		name_off = cpio->pos + CPIO_HEADER_SIZE;
		if (namesize > cpio->size - name_off)
			return cpio_fail(cpio, -CPIO_ERR_TRUNCATED);
		name = cpio->start + name_off;
		/* One NUL, at the end, after at least one character. */
		if (namesize < 2 || strnlen((const char *)name, namesize) != namesize - 1)
			return cpio_fail(cpio, -CPIO_ERR_BADNAME);

		if (namesize == sizeof(CPIO_TRAILER_NAME) &&
		    !memcmp(name, CPIO_TRAILER_NAME, namesize)) {
			cpio->done = true;
			return 0;
		}

		data_off = cpio_align4(name_off + namesize);
		if (data_off > cpio->size || filesize > cpio->size - data_off)
			return cpio_fail(cpio, -CPIO_ERR_BADSIZE);
		cpio->pos = cpio_align4(data_off + filesize);

		if ((field[CPIO_F_MODE] & CPIO_S_IFMT) != CPIO_S_IFREG)
			continue;
		file->name = (const char *)name;
		file->namelen = namesize - 1;
		file->data = cpio->start + data_off;
		file->size = filesize;
		file->mode = field[CPIO_F_MODE];
		return 1;
	}
}

const char *cpio_strerror(int err)
{
	switch (err) {
	case 0: return "success";
	case -CPIO_ERR_TRUNCATED: return "cpio header or name runs past the end of the archive";
	case -CPIO_ERR_BADMAGIC: return "not a newc cpio archive (bad magic)";
	case -CPIO_ERR_BADHEX: return "cpio header field is not hexadecimal";
	case -CPIO_ERR_BADNAME: return "cpio file name is empty or not NUL-terminated";
	case -CPIO_ERR_BADSIZE: return "cpio file data runs past the end of the archive";
	case -CPIO_ERR_NOTRAILER: return "cpio archive ends without its TRAILER!!! entry";
	case -CPIO_ERR_GZIP:
		return "archive is compressed (gzip): only uncompressed newc is supported";
	case -CPIO_ERR_XZ: return "archive is compressed (xz): only uncompressed newc is supported";
	case -CPIO_ERR_ZSTD:
		return "archive is compressed (zstd): only uncompressed newc is supported";
	case -CPIO_ERR_LZ4:
		return "archive is compressed (lz4): only uncompressed newc is supported";
	case -CPIO_ERR_BZIP2:
		return "archive is compressed (bzip2): only uncompressed newc is supported";
	case -CPIO_ERR_LZMA:
		return "archive is compressed (lzma): only uncompressed newc is supported";
	default: return "unknown cpio error";
	}
}
