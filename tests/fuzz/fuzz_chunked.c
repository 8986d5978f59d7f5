/*
 * fuzz_chunked.c: the chunked decoder must give the same output, the
 * same verdict and stop at the same byte however its input is split.
 * The first byte of the input seeds the split points.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/http.h"
#include "sockt.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct result {
	char	*out;
	size_t	 olen, used;
	int	 error, done;
};

static void
decode(const uint8_t *in, size_t len, unsigned seed, struct result *res)
{
	struct http_chunked c;
	char err[SK_ERRLEN], *piece;
	size_t i = 0, n, got;
	long k;

	memset(res, 0, sizeof(*res));
	res->out = malloc(len + 1);
	piece = malloc(len + 1);
	if (res->out == NULL || piece == NULL)
		abort();
	http_chunked_init(&c);
	while (i < len && !http_chunked_done(&c)) {
		if (seed == 0)
			n = len - i;
		else {
			seed = seed * 1103515245u + 12345u;
			n = 1 + (seed >> 16) % 7;
			if (n > len - i)
				n = len - i;
		}
		memcpy(piece, in + i, n);
		k = http_chunked_decode(&c, piece, n, &got, err);
		if (k < 0) {
			res->error = 1;
			break;
		}
		if ((size_t)k > n || got > (size_t)k)
			abort();
		memcpy(res->out + res->olen, piece, got);
		res->olen += got;
		i += (size_t)k;
		if ((size_t)k < n)
			break;
	}
	res->used = i;
	res->done = http_chunked_done(&c);
	free(piece);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct result whole, split;

	if (size < 1)
		return 0;
	decode(data + 1, size - 1, 0, &whole);
	decode(data + 1, size - 1, data[0] | 1u, &split);
	if (whole.error != split.error)
		abort();
	if (!whole.error && (whole.olen != split.olen || whole.used !=
	    split.used || whole.done != split.done ||
	    memcmp(whole.out, split.out, whole.olen) != 0))
		abort();
	/* on an error the output so far must be a prefix of the other */
	if (whole.error) {
		size_t m = whole.olen < split.olen ? whole.olen : split.olen;

		if (memcmp(whole.out, split.out, m) != 0)
			abort();
	}
	free(whole.out);
	free(split.out);
	return 0;
}
