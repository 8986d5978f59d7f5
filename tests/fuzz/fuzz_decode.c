/*
 * fuzz_decode.c: the body decoder (http/decode.c) over the system's
 * zlib, fed the same bytes whole and split: the same verdict and the
 * same output, one a prefix of the other when either fails, and never
 * more output than the sink took.  The first byte picks the codings
 * (bit 0: deflate, else gzip; bit 1: gzip beneath it, two stages) and
 * seeds the split points.  Without zlib every input passes untested.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/decode.h"
#include "parse/http.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define OUTCAP	(1024 * 1024)	/* a bomb stops here: the sink says no */

struct result {
	char	*out;
	size_t	 n;
	int	 rc;
};

static int
sink(void *arg, const char *p, size_t n)
{
	struct result *r = arg;

	if (n > OUTCAP - r->n)
		return -1;
	memcpy(r->out + r->n, p, n);
	r->n += n;
	return 0;
}

static void
decode(const enum http_coding *cd, int ncd, const uint8_t *in, size_t len,
    unsigned seed, struct result *r)
{
	struct decode d;
	char err[SK_ERRLEN];
	size_t i, k;

	r->n = 0;
	r->rc = 0;
	if ((r->out = malloc(OUTCAP)) == NULL)
		abort();
	if (decode_init(&d, cd, ncd, err) == -1)
		abort();
	for (i = 0; i < len && r->rc == 0; i += k) {
		if (seed == 0)
			k = len - i;
		else {
			seed = seed * 1103515245u + 12345u;
			k = 1 + (seed >> 16) % 13;
			if (k > len - i)
				k = len - i;
		}
		r->rc = decode_feed(&d, (const char *)in + i, k, sink, r, err);
		if (r->rc == DECODE_ERR && err[0] == '\0')
			abort();	/* an error always says why */
	}
	if (r->rc == 0 && decode_finish(&d, err) == -1)
		r->rc = DECODE_ERR;
	decode_free(&d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int zlib = -1;
	enum http_coding cd[2];
	struct result whole, split;
	char err[SK_ERRLEN];
	size_t m;
	int ncd = 1;

	if (zlib == -1)
		zlib = decode_load(err) == 0;
	if (!zlib || size < 1)
		return 0;
	cd[0] = data[0] & 1 ? HTTP_CODING_DEFLATE : HTTP_CODING_GZIP;
	if (data[0] & 2) {
		cd[1] = cd[0];
		cd[0] = HTTP_CODING_GZIP;
		ncd = 2;
	}
	decode(cd, ncd, data + 1, size - 1, 0, &whole);
	decode(cd, ncd, data + 1, size - 1, data[0] | 4u, &split);
	if (whole.n > OUTCAP || split.n > OUTCAP)
		abort();
	m = whole.n < split.n ? whole.n : split.n;
	if (memcmp(whole.out, split.out, m) != 0)
		abort();
	/*
	 * Both through, both the same.  A sink's stop may come before an
	 * error in one and after it in the other (what one inflate call
	 * made before an error is dropped with it), so only a clean end
	 * must agree exactly.
	 */
	if ((whole.rc == 0) != (split.rc == 0) &&
	    whole.rc != DECODE_SINK && split.rc != DECODE_SINK)
		abort();
	if (whole.rc == 0 && split.rc == 0 && whole.n != split.n)
		abort();
	free(whole.out);
	free(split.out);
	return 0;
}
