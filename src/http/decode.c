/*
 * http/decode.c: a body's codings undone as it streams, over the
 * system's zlib opened at run time.  See decode.h.
 *
 * zlib is util/zlib.c's, opened once for every module that uses it.
 * gzip is inflated raw (window bits -15): its header and trailer are
 * checked by parse/gzip.c, the CRC-32 of the output computed by zlib's
 * crc32.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/decode.h"
#include "http/decode_bz.h"
#include "parse/gzip.h"
#include "parse/http.h"
#include "util/base.h"
#include "util/zlib.h"

#define WBITS		15		/* 32 KiB, the most a stream may use */

enum {
	S_HEAD,		/* gzip: a member's header */
	S_START,	/* deflate: its first two bytes say zlib or raw */
	S_BODY,		/* inflating */
	S_TRAILER,	/* gzip: the member's 8 bytes */
	S_END		/* gzip: after a member; deflate: after the stream */
};

struct decode_stage {
	enum http_coding cd;
	int		 state;
	int		 zinit;		/* inflateInit2_ done: End it */
	int		 got;		/* a byte of input came */
	void		*bz;		/* br, zstd: decode_bz.c's state */
	z_stream	 zs;
	struct gzip_head gh;
	uint32_t	 crc, isize;	/* of this gzip member's output */
	unsigned char	 hold[GZIP_TRAILER];	/* a trailer, deflate's */
	size_t		 nhold;			/* first bytes */
	unsigned long	 members;
	unsigned char	 out[DECODE_BUFSZ];
};

int
decode_load(char *err)
{
	char why[SK_ERRLEN];

	if (zlib_load(why) == 0)
		return 0;
	snprintf(err, SK_ERRLEN, "gzip decoding needs %.200s", why);
	return -1;
}

const char *
decode_lib_version(void)
{
	return zlib_version();
}

const char *
decode_lib_name(void)
{
	return zlib_name();
}

static const char *
coding_name(enum http_coding cd)
{
	return http_coding_str(cd);
}

/* br or zstd: decode_bz.c's, not zlib's */
static int
is_bz(enum http_coding cd)
{
	return cd == HTTP_CODING_BR || cd == HTTP_CODING_ZSTD;
}

const char *
decode_codec_version(enum http_coding cd, const char **file, char *err)
{
	if (bz_load(cd, err) == -1)
		return NULL;
	*file = bz_lib_name(cd);
	return bz_lib_version(cd);
}

const char *
decode_accept(void)
{
	static char v[32];
	char err[SK_ERRLEN];

	if (v[0] == '\0')
		/* curl's order, of what was found */
		(void)snprintf(v, sizeof(v), "deflate, gzip%s%s",
		    bz_load(HTTP_CODING_BR, err) == 0 ? ", br" : "",
		    bz_load(HTTP_CODING_ZSTD, err) == 0 ? ", zstd" : "");
	return v;
}

int
decode_init(struct decode *d, const enum http_coding *cd, int n, char *err)
{
	struct decode_stage *s;
	int i;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < n; i++) {
		if (cd[i] == HTTP_CODING_IDENTITY)
			continue;
		if ((is_bz(cd[i]) ? bz_load(cd[i], err) : decode_load(err)) ==
		    -1) {
			decode_free(d);
			return -1;
		}
		if ((s = malloc(sizeof(*s))) == NULL) {
			snprintf(err, SK_ERRLEN, "%s decoding: out of memory",
			    coding_name(cd[i]));
			decode_free(d);
			return -1;
		}
		memset(s, 0, offsetof(struct decode_stage, out));
		d->st[d->n++] = s;
		s->cd = cd[i];
		if (is_bz(cd[i]) && (s->bz = bz_new(cd[i])) == NULL) {
			snprintf(err, SK_ERRLEN, "%s decoding: out of memory",
			    coding_name(cd[i]));
			decode_free(d);
			return -1;
		}
		s->state = cd[i] == HTTP_CODING_GZIP ? S_HEAD : is_bz(cd[i]) ?
		    S_BODY : S_START;
		gzip_head_init(&s->gh);
	}
	return 0;
}

int
decode_begin(struct decode *d, const struct http_resp *r, int compressed,
    char *err)
{
	enum http_coding cd[HTTP_CODINGS_MAX];
	int n;

	memset(d, 0, sizeof(*d));
	if ((n = http_codings(r, compressed, cd, HTTP_CODINGS_MAX, err)) == -1)
		return -1;
	return decode_init(d, cd, n, err);
}

int
decode_length_over(const struct decode *d, uint64_t length, long long max,
    char *err)
{
	if (max <= 0 || d->n > 0 || length <= (uint64_t)max)
		return 0;
	snprintf(err, SK_ERRLEN, "maximum file size exceeded: Content-Length "
	    "%llu is over %lld bytes", (unsigned long long)length, max);
	return 1;
}

int
decode_over(const struct decode *d, uint64_t have, size_t n, long long max,
    char *err)
{
	if (max <= 0 || have + n <= (uint64_t)max)
		return 0;
	snprintf(err, SK_ERRLEN, "maximum file size exceeded: the body is over "
	    "%lld bytes%s", max, d->n > 0 ? " decoded" : "");
	return 1;
}

void
decode_free(struct decode *d)
{
	int i;

	for (i = 0; i < d->n; i++) {
		if (d->st[i]->zinit)
			(void)zl.inflateEnd(&d->st[i]->zs);
		if (is_bz(d->st[i]->cd))
			bz_free(d->st[i]->cd, d->st[i]->bz);
		free(d->st[i]);
	}
	memset(d, 0, sizeof(*d));
}

static int	stage_feed(struct decode *, int, const unsigned char *, size_t);

/* Bytes out of stage i: to the next stage, or the sink. */
static int
emit(struct decode *d, int i, const unsigned char *p, size_t n)
{
	if (n == 0)
		return 0;
	if (i + 1 < d->n)
		return stage_feed(d, i + 1, p, n);
	return d->sink(d->arg, (const char *)p, n) == -1 ? DECODE_SINK : 0;
}

static int
fail(struct decode *d, const char *fmt, const char *a, const char *b)
{
	snprintf(d->err, SK_ERRLEN, fmt, a, b);
	return DECODE_ERR;
}

/* (Re)start inflating, raw or zlib-wrapped. */
static int
z_start(struct decode *d, struct decode_stage *s, int wbits)
{
	if (s->zinit) {
		if (zl.inflateReset(&s->zs) == Z_OK)
			return 0;
	} else if (zl.inflateInit2_(&s->zs, wbits, ZLIB_API,
	    (int)sizeof(z_stream)) == Z_OK) {
		s->zinit = 1;
		return 0;
	}
	return fail(d, "%s decoding: %s", coding_name(s->cd),
	    s->zs.msg != NULL ? s->zs.msg : "zlib cannot start");
}

/*
 * Inflate from p[0..n) until its end or the end of the stream; *used
 * says how much was taken.  0, or DECODE_ERR / DECODE_SINK.
 */
static int
inflate_some(struct decode *d, int i, const unsigned char *p, size_t n,
    size_t *used)
{
	struct decode_stage *s = d->st[i];
	size_t made;
	int r, rc;

	s->zs.next_in = p;
	s->zs.avail_in = (unsigned)n;
	for (;;) {
		s->zs.next_out = s->out;
		s->zs.avail_out = sizeof(s->out);
		r = zl.inflate(&s->zs, Z_NO_FLUSH);
		if (r != Z_OK && r != Z_STREAM_END && r != Z_BUF_ERROR)
			return fail(d, "%s decoding: corrupt data: %s",
			    coding_name(s->cd), r == Z_NEED_DICT ?
			    "a preset dictionary is needed" : s->zs.msg !=
			    NULL ? s->zs.msg : "inflate failed");
		made = sizeof(s->out) - s->zs.avail_out;
		if (s->cd == HTTP_CODING_GZIP && made > 0) {
			s->crc = (uint32_t)zl.crc32(s->crc, s->out,
			    (unsigned)made);
			s->isize += (uint32_t)made;
		}
		if ((rc = emit(d, i, s->out, made)) != 0)
			return rc;
		if (r == Z_STREAM_END) {
			s->state = s->cd == HTTP_CODING_GZIP ? S_TRAILER :
			    S_END;
			s->nhold = 0;
			break;
		}
		/* all input taken and the output not full: wants more */
		if (s->zs.avail_in == 0 && s->zs.avail_out > 0)
			break;
		if (r == Z_BUF_ERROR && made == 0)
			break;
	}
	*used = n - s->zs.avail_in;
	return 0;
}

/*
 * br or zstd input p[0..n) for stage i: decoded until all is taken and
 * all it gave is out.  After the end of a brotli stream nothing may
 * follow; after a zstd frame, another frame may (RFC 8878 section 3).
 */
static int
bz_feed(struct decode *d, int i, const unsigned char *p, size_t n)
{
	struct decode_stage *s = d->st[i];
	const char *why = "";
	size_t made, before;
	int r, rc;

	for (;;) {
		if (s->state == S_END) {
			if (n == 0)
				return 0;
			if (s->cd == HTTP_CODING_BR)
				return fail(d, "%s decoding: data after the end "
				    "of the stream%s", coding_name(s->cd), "");
			s->state = S_BODY;
		}
		before = n;
		if ((r = bz_run(s->cd, s->bz, &p, &n, s->out, sizeof(s->out),
		    &made, &why)) < 0)
			return fail(d, r == -2 ? "%s decoding: %.200s" :
			    "%s decoding: corrupt data: %.200s",
			    coding_name(s->cd), why != NULL ? why : "");
		if ((rc = emit(d, i, s->out, made)) != 0)
			return rc;
		if (r == 1)
			s->state = S_END;
		else if (n == 0 && made < sizeof(s->out))
			return 0;
		else if (n == before && made == 0)	/* never: no spin */
			return fail(d, "%s decoding: corrupt data: %s",
			    coding_name(s->cd), "no progress");
	}
}

/* Input p[0..n) for stage i, whatever state it is in. */
static int
stage_feed(struct decode *d, int i, const unsigned char *p, size_t n)
{
	struct decode_stage *s = d->st[i];
	char why[SK_ERRLEN];
	size_t k, chunk;
	long h;
	int rc;

	if (n > 0)
		s->got = 1;
	if (is_bz(s->cd))
		return n > 0 ? bz_feed(d, i, p, n) : 0;
	while (n > 0) {
		switch (s->state) {
		case S_END:
			if (s->cd != HTTP_CODING_GZIP)
				return fail(d, "%s decoding: data after the end "
				    "of the stream%s", coding_name(s->cd), "");
			/* RFC 1952 2.2: another member follows */
			gzip_head_init(&s->gh);
			s->state = S_HEAD;
			/* FALLTHROUGH */
		case S_HEAD:
			if ((h = gzip_head_feed(&s->gh, p, n, why)) == -1)
				return s->members > 0 ? fail(d, "gzip decoding: "
				    "data after the end of the stream (%.160s)",
				    why, "") : fail(d, "gzip decoding: %.200s", why,
				    "");
			p += h;
			n -= (size_t)h;
			if (!gzip_head_done(&s->gh))
				return 0;
			if ((rc = z_start(d, s, -WBITS)) != 0)
				return rc;
			s->crc = s->isize = 0;
			s->state = S_BODY;
			break;
		case S_START:
			s->hold[s->nhold++] = *p++;
			n--;
			if (s->nhold < 2)
				break;
			/* RFC 9110's deflate is zlib's; raw deflate too */
			if ((rc = z_start(d, s, gzip_zlib_head(s->hold) ? WBITS :
			    -WBITS)) != 0)
				return rc;
			s->state = S_BODY;
			if ((rc = inflate_some(d, i, s->hold, 2, &k)) != 0)
				return rc;
			if (k < 2 && s->state == S_END)
				return fail(d, "%s decoding: data after the end "
				    "of the stream%s", coding_name(s->cd), "");
			break;
		case S_BODY:
			/* zlib counts its input in an unsigned int */
			chunk = n > 1024 * 1024 * 1024 ? 1024 * 1024 * 1024 : n;
			if ((rc = inflate_some(d, i, p, chunk, &k)) != 0)
				return rc;
			p += k;
			n -= k;
			break;
		case S_TRAILER:
			k = GZIP_TRAILER - s->nhold;
			if (k > n)
				k = n;
			memcpy(s->hold + s->nhold, p, k);
			s->nhold += k;
			p += k;
			n -= k;
			if (s->nhold < GZIP_TRAILER)
				return 0;
			if (gzip_trailer_check(s->hold, s->crc, s->isize,
			    why) == -1)
				return fail(d, "gzip decoding: %.200s", why, "");
			s->members++;
			s->state = S_END;
			break;
		}
	}
	return 0;
}

int
decode_feed(struct decode *d, const char *p, size_t n, decode_sink sink,
    void *arg, char *err)
{
	int rc;

	if (d->n == 0)
		return n > 0 && sink(arg, p, n) == -1 ? DECODE_SINK : 0;
	d->sink = sink;
	d->arg = arg;
	d->err = err;
	rc = stage_feed(d, 0, (const unsigned char *)p, n);
	d->err = NULL;
	return rc;
}

int
decode_finish(struct decode *d, char *err)
{
	struct decode_stage *s;
	int i;

	for (i = 0; i < d->n; i++) {
		s = d->st[i];
		if (!s->got || s->state == S_END)
			continue;
		snprintf(err, SK_ERRLEN, "%s decoding: the stream ends early "
		    "(truncated)", coding_name(s->cd));
		return -1;
	}
	return 0;
}
