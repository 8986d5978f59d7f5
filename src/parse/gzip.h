/*
 * gzip.h: the parts of a gzip stream (RFC 1952) that sockt checks
 * itself, pure (no I/O): a member's header, fed in pieces as the body
 * arrives, and its 8-byte trailer against the CRC-32 and the length of
 * what was inflated; and the two bytes that say whether a "deflate"
 * body is zlib-wrapped (RFC 1950) or raw deflate.  zlib (http/decode.c)
 * inflates what lies between header and trailer.  Linked by the unit
 * test and the fuzzer.
 */
#ifndef GZIP_H
#define GZIP_H

#include <stddef.h>
#include <stdint.h>

#define GZIP_TRAILER	8		/* CRC-32, ISIZE: little-endian */
#define GZIP_HEAD_MAX	(1024 * 1024)	/* a header's bytes, names too */

/* A member header being read: fill with gzip_head_init. */
struct gzip_head {
	int		 state;
	unsigned	 flags;		/* FLG */
	size_t		 pos;		/* bytes of the current part */
	unsigned	 xlen;		/* FEXTRA's length */
	size_t		 total;		/* bytes of the header so far */
	uint32_t	 crc;		/* CRC-32 of them, for FHCRC */
	unsigned	 hcrc;		/* the FHCRC field read */
};

void	gzip_head_init(struct gzip_head *g);

/*
 * gzip_head_feed: the next bytes p[0..n) of a member header: the magic
 * 1f 8b, CM 8 (deflate), FLG without its reserved bits, MTIME, XFL, OS,
 * then FEXTRA, FNAME, FCOMMENT and FHCRC (checked) as FLG says.  Returns
 * the bytes it used: n, or fewer once the header is complete (the rest
 * is deflate data); -1 with err filled when they are no gzip header or
 * it passes GZIP_HEAD_MAX.  Any split of the input gives the same
 * result.
 */
long	gzip_head_feed(struct gzip_head *g, const unsigned char *p, size_t n,
	    char *err);

/* gzip_head_done: 1 once the whole header is in, else 0. */
int	gzip_head_done(const struct gzip_head *g);

/*
 * gzip_trailer_check: the trailer t against the CRC-32 of the inflated
 * bytes and their count modulo 2^32.  Returns 0, or -1 with err filled.
 */
int	gzip_trailer_check(const unsigned char t[GZIP_TRAILER], uint32_t crc,
	    uint32_t isize, char *err);

/* gzip_crc32: the CRC-32 of RFC 1952 over p[0..n), continuing crc (0). */
uint32_t gzip_crc32(uint32_t crc, const unsigned char *p, size_t n);

/*
 * gzip_zlib_head: 1 when h[0], h[1] open a zlib stream (RFC 1950: CM 8,
 * a window of 32 KiB or less, the check bits), so a "deflate" body is
 * zlib-wrapped as RFC 9110 says; 0 when it must be raw deflate, as some
 * servers send it.
 */
int	gzip_zlib_head(const unsigned char h[2]);

#endif /* GZIP_H */
