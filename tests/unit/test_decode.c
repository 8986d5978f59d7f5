/*
 * Unit tests for the body decoder (src/http/decode.c) over the system's
 * zlib: gzip, several members, gzip of gzip as two stages, deflate
 * zlib-wrapped and raw, each fed whole and a byte at a time with the
 * same output; a cut stream, a bad trailer and bytes after the end
 * refused; a sink that stops is obeyed at once.  The streams in
 * decode_data.h were made by python3's gzip and zlib modules from the
 * text text() makes.  Without zlib the decoder is checked to refuse
 * and the rest is skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode_data.h"
#include "http/decode.h"
#include "parse/http.h"
#include "tap.h"
#include "util/base.h"

static char want[16384];
static size_t nwant;

struct got {
	char	 buf[16384];
	size_t	 n;
	size_t	 calls;
	int	 stop;		/* refuse every call */
};

static void
text(void)
{
	int i;

	for (i = 0; i < 400; i++)
		nwant += (size_t)snprintf(want + nwant, sizeof(want) - nwant,
		    "row %d of the decoder's test\n", i);
}

static int
sink(void *arg, const char *p, size_t n)
{
	struct got *g = arg;

	g->calls++;
	if (g->stop)
		return -1;
	if (n > sizeof(g->buf) - g->n)
		return -1;
	memcpy(g->buf + g->n, p, n);
	g->n += n;
	return 0;
}

/*
 * Decode in[0..len) with the codings cd[0..ncd), in pieces of step
 * bytes (0: whole); the feed's or finish's result, the output in *g.
 */
static int
run(const enum http_coding *cd, int ncd, const unsigned char *in, size_t len,
    size_t step, struct got *g, char *err)
{
	struct decode d;
	size_t i, k;
	int rc = 0;

	memset(g, 0, sizeof(*g));
	if (decode_init(&d, cd, ncd, err) == -1)
		return -9;
	for (i = 0; i < len && rc == 0; i += k) {
		k = step == 0 || step > len - i ? len - i : step;
		rc = decode_feed(&d, (const char *)in + i, k, sink, g, err);
	}
	if (rc == 0)
		rc = decode_finish(&d, err);
	decode_free(&d);
	return rc;
}

static int
same(const struct got *g)
{
	return g->n == nwant && memcmp(g->buf, want, nwant) == 0;
}

/* "hello, br and zstd\n" by the brotli and zstd programs */
static const unsigned char hbr[] = {
	0x0f, 0x09, 0x80, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x2c, 0x20, 0x62,
	0x72, 0x20, 0x61, 0x6e, 0x64, 0x20, 0x7a, 0x73, 0x74, 0x64, 0x0a,
	0x03
};
static const unsigned char hzs[] = {
	0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58, 0x99, 0x00, 0x00, 0x68, 0x65,
	0x6c, 0x6c, 0x6f, 0x2c, 0x20, 0x62, 0x72, 0x20, 0x61, 0x6e, 0x64,
	0x20, 0x7a, 0x73, 0x74, 0x64, 0x0a, 0x4a, 0x5a, 0x58, 0x6c
};

/*
 * br or zstd (cd), when its library is found: whole and a byte at a
 * time, cut short, corrupt; else a refusal that names the library.
 */
static void
codec(enum http_coding cd, const unsigned char *in, size_t len,
    const char *lib)
{
	static struct got g;
	unsigned char two[2 * 64], bad[64];
	const char *file;
	char err[SK_ERRLEN];
	size_t steps[] = { 0, 1, 3 }, i;

	if (decode_codec_version(cd, &file, err) == NULL) {
		ok(strstr(err, lib) != NULL, "no library: said by name");
		is_int(run(&cd, 1, in, len, 0, &g, err), -9,
		    "... and the coding refused");
		return;
	}
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		is_int(run(&cd, 1, in, len, steps[i], &g, err), 0,
		    http_coding_str(cd));
		ok(g.n == 19 && memcmp(g.buf, "hello, br and zstd\n", 19) == 0,
		    "... its text");
	}
	is_int(run(&cd, 1, in, len - 2, 0, &g, err), -1, "cut short");
	ok(strstr(err, "ends early") != NULL, "... truncated");
	memcpy(two, in, len);
	memcpy(two + len, in, len);
	is_int(run(&cd, 1, two, 2 * len, 1, &g, err), cd == HTTP_CODING_BR ?
	    DECODE_ERR : 0, cd == HTTP_CODING_BR ? "br: data after its end" :
	    "zstd: a second frame");
	memset(bad, 'x', sizeof(bad));
	is_int(run(&cd, 1, bad, sizeof(bad), 0, &g, err), DECODE_ERR,
	    "corrupt");
	ok(strstr(err, "corrupt data") != NULL, "... said");
}

int
main(void)
{
	static struct got g;
	enum http_coding gzc[2] = { HTTP_CODING_GZIP, HTTP_CODING_GZIP };
	enum http_coding dfc = HTTP_CODING_DEFLATE, idc = HTTP_CODING_IDENTITY;
	unsigned char bad[2048];
	char err[SK_ERRLEN];
	size_t steps[] = { 0, 1, 2, 7, 100 }, i;

	text();
	codec(HTTP_CODING_BR, hbr, sizeof(hbr), "libbrotlidec.so.1");
	codec(HTTP_CODING_ZSTD, hzs, sizeof(hzs), "libzstd.so.1");
	if (decode_load(err) == -1) {
		ok(strstr(err, "libz.so.1") != NULL, "no zlib: said by name");
		is_int(run(gzc, 1, gz, sizeof(gz), 0, &g, err), -9,
		    "... and gzip is refused");
		return tap_done();
	}
	ok(decode_lib_version() != NULL && decode_lib_name() != NULL,
	    "zlib loaded, its version and file known");
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		char d[80];

		snprintf(d, sizeof(d), "gzip in pieces of %zu", steps[i]);
		ok(run(gzc, 1, gz, sizeof(gz), steps[i], &g, err) == 0 &&
		    same(&g), d);
		ok(run(gzc, 1, gz2, sizeof(gz2), steps[i], &g, err) == 0 &&
		    same(&g), "... two members");
		ok(run(gzc, 2, gzgz, sizeof(gzgz), steps[i], &g, err) == 0 &&
		    same(&g), "... gzip of gzip, two stages");
		ok(run(&dfc, 1, zl, sizeof(zl), steps[i], &g, err) == 0 &&
		    same(&g), "... deflate, zlib-wrapped");
		ok(run(&dfc, 1, raw, sizeof(raw), steps[i], &g, err) == 0 &&
		    same(&g), "... deflate, raw");
	}
	ok(run(&idc, 1, (const unsigned char *)want, nwant, 5, &g, err) ==
	    0 && same(&g), "identity passes the bytes on");
	is_int(run(gzc, 1, gz, 0, 0, &g, err), 0, "no byte at all: done");

	is_int(run(gzc, 1, gz, sizeof(gz) - 1, 1, &g, err), -1,
	    "gzip short of a byte: refused at the end");
	ok(strstr(err, "truncated") != NULL, "... as truncated");
	is_int(run(gzc, 1, gz, 5, 0, &g, err), -1, "... inside the header");
	is_int(run(&dfc, 1, zl, 1, 0, &g, err), -1, "deflate of one byte");
	memcpy(bad, gz, sizeof(gz));
	bad[sizeof(gz) - 4] ^= 1;	/* ISIZE's low byte */
	is_int(run(gzc, 1, bad, sizeof(gz), 3, &g, err), DECODE_ERR,
	    "a wrong ISIZE");
	ok(strstr(err, "length mismatch") != NULL, "... saying so");
	memcpy(bad + sizeof(gz), "x", 1);
	memcpy(bad, gz, sizeof(gz));
	is_int(run(gzc, 1, bad, sizeof(gz) + 1, 0, &g, err), DECODE_ERR,
	    "a byte after the gzip stream");
	ok(strstr(err, "after the end") != NULL, "... saying so");
	memcpy(bad, zl, sizeof(zl));
	bad[sizeof(zl)] = 0;
	is_int(run(&dfc, 1, bad, sizeof(zl) + 1, 0, &g, err), DECODE_ERR,
	    "a byte after the deflate stream");
	memcpy(bad, raw, sizeof(raw));
	bad[sizeof(raw)] = 0;
	is_int(run(&dfc, 1, bad, sizeof(raw) + 1, 1, &g, err), DECODE_ERR,
	    "... after raw deflate, fed a byte at a time");

	/* a sink that says stop: no call after it */
	memset(&g, 0, sizeof(g));
	{
		struct decode d;

		is_int(decode_init(&d, gzc, 2, err), 0, "two stages");
		g.stop = 1;
		is_int(decode_feed(&d, (const char *)gzgz, sizeof(gzgz), sink,
		    &g, err), DECODE_SINK, "the sink stops it: DECODE_SINK");
		is_int((int)g.calls, 1, "... at its first call, none after");
		decode_free(&d);
	}
	return tap_done();
}
