/*
 * fuzz_gzip.c: the gzip header parser must use the same bytes and give
 * the same verdict however its input is split, never read past it, and
 * say done exactly when it stopped short of the input's end or at its
 * end; a header it takes is read again whole to the same length.  The
 * trailer check must agree with the CRC-32 it is given.  The first byte
 * seeds the split points.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/gzip.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct result {
	long	 used;		/* -1: refused */
	int	 done;
};

static void
parse(const uint8_t *in, size_t len, unsigned seed, struct result *res)
{
	struct gzip_head g;
	char err[SK_ERRLEN];
	unsigned char *piece;
	size_t i = 0, n;
	long k;

	if ((piece = malloc(len + 1)) == NULL)
		abort();
	gzip_head_init(&g);
	res->used = 0;
	while (i < len && !gzip_head_done(&g)) {
		if (seed == 0)
			n = len - i;
		else {
			seed = seed * 1103515245u + 12345u;
			n = 1 + (seed >> 16) % 7;
			if (n > len - i)
				n = len - i;
		}
		/* an exact copy: a read past n is the sanitizer's to see */
		memcpy(piece, in + i, n);
		if ((k = gzip_head_feed(&g, piece, n, err)) == -1) {
			res->used = -1;
			break;
		}
		if ((size_t)k > n || ((size_t)k < n && !gzip_head_done(&g)))
			abort();
		i += (size_t)k;
		res->used = (long)i;
	}
	res->done = gzip_head_done(&g);
	free(piece);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct result whole, split, again;
	char err[SK_ERRLEN];
	uint32_t crc;

	if (size < 1)
		return 0;
	parse(data + 1, size - 1, 0, &whole);
	parse(data + 1, size - 1, data[0] | 1u, &split);
	if (whole.used != split.used || whole.done != split.done)
		abort();
	if (whole.done) {
		parse(data + 1, (size_t)whole.used, 0, &again);
		if (again.used != whole.used || !again.done)
			abort();
	}
	/* the trailer: its own CRC and length pass, any other fails */
	if (size >= 1 + GZIP_TRAILER) {
		const unsigned char *t = data + 1;

		crc = (uint32_t)t[0] | (uint32_t)t[1] << 8 |
		    (uint32_t)t[2] << 16 | (uint32_t)t[3] << 24;
		if (gzip_trailer_check(t, crc, (uint32_t)t[4] |
		    (uint32_t)t[5] << 8 | (uint32_t)t[6] << 16 |
		    (uint32_t)t[7] << 24, err) != 0)
			abort();
		if (gzip_trailer_check(t, crc ^ (data[0] | 0x100u), 0, err) != -1)
			abort();
	}
	(void)gzip_crc32(0, data, size);
	return 0;
}
