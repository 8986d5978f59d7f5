/*
 * gzip.c: a gzip member's header and trailer (RFC 1952), and the zlib
 * header's check (RFC 1950).  See gzip.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "parse/gzip.h"
#include "util/base.h"

/* FLG bits (RFC 1952 section 2.3.1) */
#define FTEXT		0x01
#define FHCRC		0x02
#define FEXTRA		0x04
#define FNAME		0x08
#define FCOMMENT	0x10
#define FRESERVED	0xe0

enum {
	H_FIXED,	/* ID1 ID2 CM FLG MTIME(4) XFL OS: 10 bytes */
	H_XLEN,		/* FEXTRA's 2-byte length */
	H_EXTRA,	/* its bytes */
	H_NAME,		/* FNAME, to its NUL */
	H_COMMENT,	/* FCOMMENT, to its NUL */
	H_HCRC,		/* 2 bytes: the low half of the header's CRC-32 */
	H_DONE
};

static int
head_fail(char *err, const char *why)
{
	snprintf(err, SK_ERRLEN, "%s", why);
	return -1;
}

/* The state after the one just finished, as FLG says. */
static int
head_next(const struct gzip_head *g, int after)
{
	if (after < H_XLEN && (g->flags & FEXTRA))
		return H_XLEN;
	if (after < H_NAME && (g->flags & FNAME))
		return H_NAME;
	if (after < H_COMMENT && (g->flags & FCOMMENT))
		return H_COMMENT;
	if (after < H_HCRC && (g->flags & FHCRC))
		return H_HCRC;
	return H_DONE;
}

void
gzip_head_init(struct gzip_head *g)
{
	memset(g, 0, sizeof(*g));
	g->state = H_FIXED;
}

int
gzip_head_done(const struct gzip_head *g)
{
	return g->state == H_DONE;
}

/* One byte of the header; 0, or -1 with err. */
static int
head_byte(struct gzip_head *g, unsigned char c, char *err)
{
	switch (g->state) {
	case H_FIXED:
		if ((g->pos == 0 && c != 0x1f) || (g->pos == 1 && c != 0x8b))
			return head_fail(err, "not a gzip stream (bad magic)");
		if (g->pos == 2 && c != 8)
			return head_fail(err, "gzip: unknown compression "
			    "method (not deflate)");
		if (g->pos == 3) {
			if (c & FRESERVED)
				return head_fail(err, "gzip: reserved flag "
				    "bits set");
			g->flags = c;
		}
		if (++g->pos == 10) {
			g->pos = 0;
			g->state = head_next(g, H_FIXED);
		}
		return 0;
	case H_XLEN:
		g->xlen |= (unsigned)c << (8 * g->pos);
		if (++g->pos == 2) {
			g->pos = 0;
			g->state = g->xlen > 0 ? H_EXTRA : head_next(g, H_EXTRA);
		}
		return 0;
	case H_EXTRA:
		if (++g->pos == g->xlen) {
			g->pos = 0;
			g->state = head_next(g, H_EXTRA);
		}
		return 0;
	case H_NAME:
	case H_COMMENT:
		if (c == 0)
			g->state = head_next(g, g->state);
		return 0;
	case H_HCRC:
		g->hcrc |= (unsigned)c << (8 * g->pos);
		if (++g->pos == 2) {
			if (g->hcrc != (g->crc & 0xffff))
				return head_fail(err, "gzip: header CRC "
				    "mismatch");
			g->state = H_DONE;
		}
		return 0;
	}
	return head_fail(err, "gzip: header already complete");
}

long
gzip_head_feed(struct gzip_head *g, const unsigned char *p, size_t n,
    char *err)
{
	size_t i;
	int st;

	for (i = 0; i < n && g->state != H_DONE; i++) {
		if (++g->total > GZIP_HEAD_MAX)
			return head_fail(err, "gzip: header too large");
		st = g->state;
		if (head_byte(g, p[i], err) == -1)
			return -1;
		/* FHCRC covers every byte before it */
		if (st != H_HCRC)
			g->crc = gzip_crc32(g->crc, p + i, 1);
	}
	return (long)i;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

int
gzip_trailer_check(const unsigned char t[GZIP_TRAILER], uint32_t crc,
    uint32_t isize, char *err)
{
	if (le32(t) != crc) {
		snprintf(err, SK_ERRLEN, "gzip: CRC mismatch (the data is "
		    "corrupt): %08lx, %08lx expected", (unsigned long)crc,
		    (unsigned long)le32(t));
		return -1;
	}
	if (le32(t + 4) != isize) {
		snprintf(err, SK_ERRLEN, "gzip: length mismatch: %lu bytes "
		    "(mod 2^32), %lu expected", (unsigned long)isize,
		    (unsigned long)le32(t + 4));
		return -1;
	}
	return 0;
}

uint32_t
gzip_crc32(uint32_t crc, const unsigned char *p, size_t n)
{
	static uint32_t table[256];
	static int made;
	uint32_t c;
	size_t i;
	int k;

	if (!made) {
		for (i = 0; i < 256; i++) {
			c = (uint32_t)i;
			for (k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
		made = 1;
	}
	crc = ~crc;
	for (i = 0; i < n; i++)
		crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
	return ~crc;
}

int
gzip_zlib_head(const unsigned char h[2])
{
	return (h[0] & 0x0f) == 8 && (h[0] >> 4) <= 7 &&
	    ((unsigned)h[0] << 8 | h[1]) % 31 == 0;
}
