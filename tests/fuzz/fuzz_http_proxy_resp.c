/*
 * fuzz_http_proxy_resp.c: what an HTTP proxy does with a response
 * (http_proxy.c over http.c): the first byte picks the rewrite's flags
 * and whether the request was HEAD, the rest is the origin's bytes.  A
 * head that parses is rewritten within its room, and the rewritten head
 * parses again, as HTTP/1.1 with the same status, no hop-by-hop field
 * and at most one Connection field, one Transfer-Encoding or one
 * Content-Length, never both, and no Transfer-Encoding for HTTP/1.0;
 * for HTTP/1.1 it frames the body as the origin's head did.
 * Its body, framed as a proxy frames it, is taken whole and then byte
 * by byte: the same bytes taken, the same end, the same bytes passed
 * on (a chunked body written anew: the same data once decoded).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/http.h"
#include "parse/http_proxy.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char in[HTTP_HEAD_MAX + 8192], in2[sizeof(in)];
static char out[2 * HTTP_HEAD_MAX + 3 * HTTP_FIELDS_MAX + 512];
/* byte by byte, a chunk of one byte is six: "1\r\nx\r\n" */
static char pass1[6 * sizeof(in)], pass2[6 * sizeof(in)];
static char dst[sizeof(in) + HTTP_REFRAME_SLACK];
static struct http_resp r, r2;

/* Take b[0..n) in pieces of step: the bytes passed on into o. */
static long
take_all(struct hproxy_body *b, char *buf, size_t n, size_t step, char *o,
    size_t *olen)
{
	char err[SK_ERRLEN];
	size_t i = 0, got, k;
	long t, taken = 0;

	*olen = 0;
	while (i < n && !b->done) {
		k = n - i < step ? n - i : step;
		if ((t = hproxy_body_take(b, buf + i, k, dst, &got, err)) ==
		    -1)
			return -1;
		if ((size_t)t > k || got > k + HTTP_REFRAME_SLACK)
			abort();
		memcpy(o + *olen, dst, got);
		*olen += got;
		taken += t;
		i += k;
		if ((size_t)t < k)
			break;
	}
	return taken;
}

/* The fields called name in r. */
static int
count(const struct http_resp *h, const char *name)
{
	size_t n = strlen(name);
	int i, c = 0;

	for (i = 0; i < h->nfields; i++)
		c += h->fields[i].nlen == n && strncasecmp(h->fields[i].name,
		    name, n) == 0;
	return c;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hproxy_body b1, b2;
	enum http_body_kind kind, kind2;
	char err[SK_ERRLEN];
	uint64_t len, len2;
	size_t l1, l2, rest;
	long p, n, t1, t2;
	int how, head, i;

	if (size < 1)
		return 0;
	how = data[0] & 0x0f;
	head = data[0] & 0x10;
	size--;
	if (size > sizeof(in))
		size = sizeof(in);
	memcpy(in, data + 1, size);
	memcpy(in2, data + 1, size);
	if ((p = http_head_parse(in, size, &r, err)) <= 0)
		return 0;
	/*
	 * a head near the limit may grow past it (CR LF for a bare LF), or
	 * past the fields our parser takes (Via, the framing, Connection
	 * added): no limit of the protocol's, so not judged
	 */
	if ((n = hproxy_resp_rewrite(&r, how, "p:1", out, sizeof(out),
	    err)) > 0 && n < HTTP_HEAD_MAX && r.nfields + 3 <=
	    HTTP_FIELDS_MAX) {
		if (http_head_parse(out, (size_t)n, &r2, err) != n ||
		    r2.status != r.status || r2.major != 1 || r2.minor != 1)
			abort();
		for (i = 0; i < r2.nfields; i++)
			if ((r2.fields[i].nlen == 10 && strncasecmp(
			    r2.fields[i].name, "Keep-Alive", 10) == 0) ||
			    (r2.fields[i].nlen == 7 && strncasecmp(
			    r2.fields[i].name, "Upgrade", 7) == 0) ||
			    (r2.fields[i].nlen == 16 && strncasecmp(
			    r2.fields[i].name, "Proxy-Connection", 16) == 0) ||
			    ((how & HPROXY_RESP_V10) && r2.fields[i].nlen ==
			    17 && strncasecmp(r2.fields[i].name,
			    "Transfer-Encoding", 17) == 0))
				abort();
		if (count(&r2, "Transfer-Encoding") + count(&r2,
		    "Content-Length") > 1)
			abort();
		n = 0;
		for (i = 0; i < r2.nfields; i++)
			n += r2.fields[i].nlen == 10 && strncasecmp(
			    r2.fields[i].name, "Connection", 10) == 0;
		if (n > 1)
			abort();
		/* the client frames the body as the proxy does */
		if (!head && !(how & HPROXY_RESP_V10) && http_body_framing(&r,
		    HTTP_FRAMING_ANY, &kind, &len, err) == 0 &&
		    (http_body_framing(&r2, HTTP_FRAMING_ANY, &kind2, &len2,
		    err) == -1 || kind2 != kind || len2 != len))
			abort();
	}
	if (http_body_framing(&r, (head ? HTTP_FRAMING_HEAD : 0) |
	    HTTP_FRAMING_ANY, &kind, &len, err) == -1)
		return 0;
	rest = size - (size_t)p;
	hproxy_body_init(&b1, kind, len, how & HPROXY_RESP_V10);
	hproxy_body_init(&b2, kind, len, how & HPROXY_RESP_V10);
	/* the decoder moves what it passes on: each run its own copy */
	t1 = take_all(&b1, in + p, rest, rest > 0 ? rest : 1, pass1, &l1);
	t2 = take_all(&b2, in2 + p, rest, 1, pass2, &l2);
	if (t1 >= 0 && t2 >= 0 && kind == HTTP_BODY_CHUNKED &&
	    !(how & HPROXY_RESP_V10)) {
		/* written anew in other spans: the data must be the same */
		hproxy_body_init(&b1, kind, 0, 1);
		hproxy_body_init(&b2, kind, 0, 1);
		if (take_all(&b1, pass1, l1, sizeof(in), pass1, &l1) == -1 ||
		    take_all(&b2, pass2, l2, sizeof(in), pass2, &l2) == -1 ||
		    (b1.done && !b2.done) || (t1 == (long)rest && b1.done &&
		    l1 != l2) || memcmp(pass1, pass2, l1 < l2 ? l1 : l2) != 0)
			abort();
	}
	if (t1 != t2 || (t1 >= 0 && (l1 != l2 || b1.done != b2.done ||
	    memcmp(pass1, pass2, l1) != 0)))
		abort();
	if (kind == HTTP_BODY_NONE && (t1 != 0 || !b1.done))
		abort();
	return 0;
}
