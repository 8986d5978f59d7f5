/*
 * Unit tests for the gzip header and trailer (src/parse/gzip.c): every
 * flag, the refusals, byte-at-a-time feeding, the trailer's two checks
 * and the zlib header test.
 */
#include <stdint.h>
#include <string.h>

#include "parse/gzip.h"
#include "tap.h"
#include "util/base.h"

static char err[SK_ERRLEN];

/* Feed h[0..n) at once; the bytes used, or -1. */
static long
feed_all(const unsigned char *h, size_t n, int *done)
{
	struct gzip_head g;
	long k;

	gzip_head_init(&g);
	k = gzip_head_feed(&g, h, n, err);
	*done = gzip_head_done(&g);
	return k;
}

/* Feed h[0..n) a byte at a time; the bytes used, or -1. */
static long
feed_bytes(const unsigned char *h, size_t n, int *done)
{
	struct gzip_head g;
	size_t i;
	long k, used = 0;

	gzip_head_init(&g);
	for (i = 0; i < n && !gzip_head_done(&g); i++) {
		if ((k = gzip_head_feed(&g, h + i, 1, err)) == -1)
			return -1;
		used += k;
	}
	*done = gzip_head_done(&g);
	return used;
}

static void
le32put(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = (v >> 24) & 0xff;
}

int
main(void)
{
	/* gzip -n of nothing: the 10 fixed bytes, then the data */
	static const unsigned char plain[] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0,
	    0, 3, 0x03, 0x00 };
	/* every flag: FEXTRA (3 bytes), FNAME "ab", FCOMMENT "c", FHCRC */
	unsigned char all[64], t[GZIP_TRAILER], bad[16];
	unsigned char z1[2] = { 0x78, 0x9c }, z2[2] = { 0x78, 0x01 };
	unsigned char z3[2] = { 0x78, 0x9d }, z4[2] = { 0x88, 0x98 };
	uint32_t crc;
	size_t n = 0;
	int done;

	is_int(feed_all(plain, sizeof(plain), &done), 10, "plain: 10 bytes");
	ok(done, "... complete");
	is_int(feed_bytes(plain, sizeof(plain), &done), 10,
	    "plain a byte at a time: 10 bytes");
	ok(done, "... complete");
	is_int(feed_all(plain, 9, &done), 9, "9 bytes: all used");
	ok(!done, "... not complete");

	memcpy(all, plain, 10);
	all[3] = 0x02 | 0x04 | 0x08 | 0x10 | 0x01;
	n = 10;
	all[n++] = 3;
	all[n++] = 0;
	all[n++] = 'x';
	all[n++] = 'y';
	all[n++] = 'z';
	memcpy(all + n, "ab", 3);
	n += 3;
	memcpy(all + n, "c", 2);
	n += 2;
	crc = gzip_crc32(0, all, n);
	all[n++] = crc & 0xff;
	all[n++] = (crc >> 8) & 0xff;
	all[n++] = 0x03;
	all[n++] = 0x00;
	is_int(feed_all(all, n, &done), (long)n - 2, "every flag: the "
	    "header's length");
	ok(done, "... complete");
	is_int(feed_bytes(all, n, &done), (long)n - 2, "... a byte at a time");
	ok(done, "... complete");
	all[n - 4] ^= 1;
	is_int(feed_all(all, n, &done), -1, "a wrong FHCRC refused");
	ok(strstr(err, "header CRC") != NULL, "... saying so");
	all[n - 4] ^= 1;

	/* FEXTRA of length 0 */
	memcpy(bad, plain, 10);
	bad[3] = 0x04;
	bad[10] = 0;
	bad[11] = 0;
	bad[12] = 0x03;
	is_int(feed_all(bad, 13, &done), 12, "an empty FEXTRA");
	ok(done, "... complete");

	memcpy(bad, plain, 12);
	bad[0] = 0x1e;
	is_int(feed_all(bad, 12, &done), -1, "a bad first magic byte");
	ok(strstr(err, "magic") != NULL, "... saying so");
	memcpy(bad, plain, 12);
	bad[1] = 0x8c;
	is_int(feed_bytes(bad, 12, &done), -1, "a bad second magic byte");
	memcpy(bad, plain, 12);
	bad[2] = 7;
	is_int(feed_all(bad, 12, &done), -1, "CM 7 refused");
	ok(strstr(err, "method") != NULL, "... naming the method");
	memcpy(bad, plain, 12);
	bad[3] = 0x20;
	is_int(feed_all(bad, 12, &done), -1, "a reserved flag bit refused");
	ok(strstr(err, "reserved") != NULL, "... saying so");
	bad[3] = 0x80;
	is_int(feed_bytes(bad, 12, &done), -1, "... the top bit too");

	/* the trailer */
	crc = gzip_crc32(0, (const unsigned char *)"123456789", 9);
	ok(crc == 0xcbf43926u, "CRC-32 of 123456789 is cbf43926");
	ok(gzip_crc32(gzip_crc32(0, (const unsigned char *)"1234", 4),
	    (const unsigned char *)"56789", 5) == crc, "... in two pieces");
	ok(gzip_crc32(0, NULL, 0) == 0, "... of nothing is 0");
	le32put(t, crc);
	le32put(t + 4, 9);
	is_int(gzip_trailer_check(t, crc, 9, err), 0, "a right trailer");
	is_int(gzip_trailer_check(t, crc ^ 1, 9, err), -1, "a wrong CRC");
	ok(strstr(err, "CRC") != NULL, "... saying so");
	is_int(gzip_trailer_check(t, crc, 10, err), -1, "a wrong length");
	ok(strstr(err, "length") != NULL, "... saying so");
	le32put(t + 4, 5);
	is_int(gzip_trailer_check(t, crc, (uint32_t)((1ULL << 32) + 5), err),
	    0, "the length is modulo 2^32");

	/* zlib's two bytes */
	ok(gzip_zlib_head(z1), "78 9c is zlib");
	ok(gzip_zlib_head(z2), "78 01 is zlib");
	ok(!gzip_zlib_head(z3), "78 9d is not (check bits)");
	ok(!gzip_zlib_head(z4), "88 98 is not (a 64 KiB window)");
	ok(!gzip_zlib_head(plain), "1f 8b is not");
	return tap_done();
}
