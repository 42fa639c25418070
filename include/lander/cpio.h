/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A reader for uncompressed "newc" cpio archives, the format of an
 * initramfs (what `cpio -H newc -o` writes).
 *
 * Each entry is a header of 110 ASCII bytes: the magic "070701", then 13
 * fields of 8 hex digits (ino, mode, uid, gid, nlink, mtime, filesize,
 * devmajor, devminor, rdevmajor, rdevminor, namesize, check). The name
 * follows, namesize bytes with its NUL; header and name are padded with
 * zeros to a multiple of 4 bytes, then come filesize bytes of data, padded
 * to 4 too. The entry named "TRAILER!!!" ends the archive.
 *
 * The caller owns the state (struct cpio) and the archive's memory; the
 * reader keeps no globals and copies nothing. Every length field is checked
 * against [start, start + size) before a byte it covers is read.
 *
 * A regular file that is one of several hard links has its data only in
 * the last of them: the others are handed out with size 0, as stored.
 */
#ifndef LANDER_CPIO_H
#define LANDER_CPIO_H

#include <lander/types.h>

#define CPIO_NEWC_MAGIC	  "070701"
#define CPIO_HEADER_SIZE  110
#define CPIO_TRAILER_NAME "TRAILER!!!"

/* Error codes, returned negated. */
enum cpio_error {
	CPIO_ERR_TRUNCATED = 1, /* a header or a name runs past the end of the archive */
	CPIO_ERR_BADMAGIC,	/* an entry does not start with "070701" */
	CPIO_ERR_BADHEX,	/* a header field holds a character that is not a hex digit */
	CPIO_ERR_BADNAME,	/* a name is empty, lacks its NUL or holds a NUL inside */
	CPIO_ERR_BADSIZE,	/* an entry's data runs past the end of the archive */
	CPIO_ERR_NOTRAILER,	/* the archive ends without a "TRAILER!!!" entry */
	CPIO_ERR_GZIP,		/* the archive is compressed: each format has its code */
	CPIO_ERR_XZ,
	CPIO_ERR_ZSTD,
	CPIO_ERR_LZ4,
	CPIO_ERR_BZIP2,
	CPIO_ERR_LZMA,
};

/* An archive being read: the caller's memory, and how far the reader got. */
struct cpio {
	const u8 *start;
	size_t size;
	size_t pos; /* offset of the next header */
	bool done;  /* the trailer was read */
	int error;  /* the error that stopped the reader, 0 if none */
};

/* One regular file, pointing into the archive. */
struct cpio_file {
	const char *name; /* NUL-terminated, as stored (no "./" removed) */
	size_t namelen;	  /* without the NUL */
	const void *data;
	u32 size;
	u32 mode; /* permission bits and file type, as stored */
};

/**
 * cpio_init() - start reading the archive at [start, start + size)
 *
 * Return: 0, or -CPIO_ERR_GZIP .. -CPIO_ERR_LZMA if the bytes start with
 * the magic of a compressed format. Anything else is found by cpio_next().
 */
int cpio_init(struct cpio *cpio, const void *start, size_t size);

/**
 * cpio_next() - hand out the next regular file, skipping other entries
 *
 * Return: 1 with *file filled in, 0 once the trailer is read (and on every
 * call after it), or a negated enum cpio_error; after an error, every
 * further call returns the same error.
 */
int cpio_next(struct cpio *cpio, struct cpio_file *file);

/* A short description of a cpio_init()/cpio_next() result. */
const char *cpio_strerror(int err);

#endif /* LANDER_CPIO_H */
