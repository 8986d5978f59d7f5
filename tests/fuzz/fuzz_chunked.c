/*
 * fuzz_chunked.c: the chunked decoder must give the same output, the
 * same verdict and stop at the same byte however its input is split.
 * The first byte of the input seeds the split points.  A strict
 * decoder (a proxy's) that writes the body anew must take no more than
 * the lenient one, and what it writes must decode, strictly, to the
 * same data, however its input was split.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/http.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct result {
	char	*out;
	size_t	 olen, used;
	int	 error, done;
};

/*
 * mode 0: lenient, decoded; 1: strict, written anew; 2: strict,
 * decoded.  A chunk of one byte written anew is six: room for that.
 */
static void
decode(const uint8_t *in, size_t len, unsigned seed, struct result *res,
    int mode)
{
	struct http_chunked c;
	char err[SK_ERRLEN], *piece, *dst;
	size_t i = 0, n, got;
	long k;

	memset(res, 0, sizeof(*res));
	res->out = malloc(6 * len + HTTP_REFRAME_SLACK + 1);
	piece = malloc(len + 1);
	dst = malloc(len + HTTP_REFRAME_SLACK + 1);
	if (res->out == NULL || piece == NULL || dst == NULL)
		abort();
	if (mode == 0)
		http_chunked_init(&c);
	else
		http_chunked_init_strict(&c);
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
		if (mode == 1)
			k = http_chunked_reframe(&c, piece, n, dst, &got, err);
		else
			k = http_chunked_decode(&c, piece, n, &got, err);
		if (k < 0) {
			res->error = 1;
			break;
		}
		if ((size_t)k > n || (mode != 1 && got > (size_t)k) ||
		    got > (size_t)k + HTTP_REFRAME_SLACK)
			abort();
		memcpy(res->out + res->olen, mode == 1 ? dst : piece, got);
		res->olen += got;
		i += (size_t)k;
		if ((size_t)k < n)
			break;
	}
	res->used = i;
	res->done = http_chunked_done(&c);
	free(piece);
	free(dst);
}

/* Strict, written anew, then decoded: the data of the lenient decode. */
static void
strict(const uint8_t *in, size_t len, unsigned seed, const struct result *w)
{
	struct result re, de;

	decode(in, len, seed, &re, 1);
	if (!re.error && (w->error || re.used != w->used ||
	    re.done != w->done))
		abort();
	if (!re.error && re.done) {
		decode((const uint8_t *)re.out, re.olen, 0, &de, 2);
		if (de.error || !de.done || de.used != re.olen ||
		    de.olen != w->olen || memcmp(de.out, w->out, de.olen) != 0)
			abort();
		free(de.out);
	}
	free(re.out);
}

/* The input's lines as trailer lines: CR LF each, within 2 * size. */
static void
trailers(const uint8_t *in, size_t size)
{
	char *out;
	size_t k, i, lines = 0;
	int why;

	/* whole lines, as the decoder hands them (http.h) */
	while (size > 0 && in[size - 1] != '\n')
		size--;
	if ((out = malloc(2 * size + 1)) == NULL)
		abort();
	k = http_trailer_lines((const char *)in, size, out, &why);
	for (i = 0; i + 1 < k; i++)
		if (out[i] == '\r' && out[i + 1] == '\n')
			lines++;
	if (k > 2 * size || (k > 0 && (out[k - 2] != '\r' ||
	    out[k - 1] != '\n')) || (why == 0 && lines < (size > 0 &&
	    in[size - 1] == '\n' ? 1 : 0)))
		abort();
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct result whole, split;

	if (size < 1)
		return 0;
	decode(data + 1, size - 1, 0, &whole, 0);
	decode(data + 1, size - 1, data[0] | 1u, &split, 0);
	strict(data + 1, size - 1, 0, &whole);
	strict(data + 1, size - 1, data[0] | 1u, &whole);
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
	trailers(data, size);
	return 0;
}
