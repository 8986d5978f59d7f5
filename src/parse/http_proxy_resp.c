/*
 * http_proxy_resp.c: the HTTP proxy's response heads and the bodies it
 * passes on either way, pure (no I/O): a response head comes parsed
 * (parse/http.c) and is written out from its fields with its framing
 * anew; a body is followed by its framing, a chunked one written anew.
 * http_proxy.h states the contract.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/http.h"
#include "parse/http_proxy.h"
#include "parse/http_proxy_int.h"
#include "parse/socks.h"
#include "util/base.h"
#include "util/base64.h"

/* Is s[0..n) a content coding too (RFC 9110 section 8.4.1)? */
static int
content_coding(const char *s, size_t n)
{
	return hpx_is_name(s, n, "gzip") || hpx_is_name(s, n, "x-gzip") ||
	    hpx_is_name(s, n, "deflate") || hpx_is_name(s, n, "compress") ||
	    hpx_is_name(s, n, "x-compress");
}

/* Where a walk of the transfer codings is: a field, a place in it. */
struct te_walk {
	int		 i;
	size_t		 j;
};

/*
 * The next transfer coding of r from w on (zeroed to begin): the next
 * element that is not empty, blanks trimmed, of its Transfer-Encoding
 * fields in order, into s[0..*n).  1, or 0 when there are no more.
 */
static int
te_next(const struct http_resp *r, struct te_walk *w, const char **s,
    size_t *n)
{
	const struct http_field *f;
	size_t b, t;

	for (; w->i < r->nfields; w->i++, w->j = 0) {
		f = &r->fields[w->i];
		if (!hpx_is_name(f->name, f->nlen, "Transfer-Encoding"))
			continue;
		while (w->j <= f->vlen) {
			w->j = hpx_elem(f->value, f->vlen, w->j, &b, &t) + 1;
			if (t > b) {
				*s = f->value + b;
				*n = t - b;
				return 1;
			}
		}
	}
	return 0;
}

/*
 * Does r have a Transfer-Encoding that frames it: a field with an
 * element that is not empty, as http_body_framing reads it?  An empty
 * field ("Transfer-Encoding: ,") leaves the framing to Content-Length.
 */
static int
has_te(const struct http_resp *r)
{
	struct te_walk w = { 0, 0 };
	const char *s;
	size_t n;

	return te_next(r, &w, &s, &n);
}

/* The values of r's fields called name, each as it came, ", " between. */
static int
put_values(const struct http_resp *r, const char *name, char *out,
    size_t cap, size_t *o, int *sep)
{
	int i;

	for (i = 0; i < r->nfields; i++) {
		if (!hpx_is_name(r->fields[i].name, r->fields[i].nlen, name) ||
		    r->fields[i].vlen == 0)
			continue;
		if ((*sep && hpx_put(out, cap, o, ", ", 2) == -1) ||
		    hpx_put(out, cap, o, r->fields[i].value,
		    r->fields[i].vlen) == -1)
			return -1;
		*sep = 1;
	}
	return 0;
}

/*
 * The response's transfer codings, written anew: for an HTTP/1.1 client
 * one Transfer-Encoding (identity and empty elements left out); for an
 * HTTP/1.0 client, which knows none, the codings but chunked (undone
 * here) appended to Content-Encoding, the codings applied to the
 * content in order (RFC 9110 section 8.4).  0, or -1 with err.
 */
static int
put_codings(const struct http_resp *r, int v10, char *out, size_t cap,
    size_t *o, char *err)
{
	struct te_walk w = { 0, 0 };
	const char *s;
	size_t n, start = *o;
	int sep = 0;

	if (v10 && (hpx_put(out, cap, o, "Content-Encoding: ", 18) == -1 ||
	    put_values(r, "Content-Encoding", out, cap, o, &sep) == -1))
		goto room;
	if (!v10 && hpx_put(out, cap, o, "Transfer-Encoding: ", 19) == -1)
		goto room;
	while (te_next(r, &w, &s, &n)) {
		if (hpx_is_name(s, n, "identity") ||
		    (v10 && hpx_is_name(s, n, "chunked")))
			continue;
		if (v10 && !content_coding(s, n)) {
			snprintf(err, SK_ERRLEN, "transfer coding '%.*s' for an "
			    "HTTP/1.0 client", (int)(n > 32 ? 32 : n), s);
			return -1;
		}
		if ((sep && hpx_put(out, cap, o, ", ", 2) == -1) ||
		    hpx_put(out, cap, o, s, n) == -1)
			goto room;
		sep = 1;
	}
	/* nothing to say: no field at all */
	if (!sep) {
		*o = start;
		return 0;
	}
	if (hpx_put(out, cap, o, "\r\n", 2) == -1)
		goto room;
	return 0;
room:
	snprintf(err, SK_ERRLEN, "response head too long");
	return -1;
}

long
hproxy_resp_rewrite(const struct http_resp *r, int how, const char *via,
    char *out, size_t cap, char *err)
{
	const char *hop[10] = { "Connection", "Keep-Alive",
	    "Proxy-Connection", "TE", "Upgrade", "Content-Length",
	    "Transfer-Encoding" };
	const struct http_field *f;
	struct hpx_drops d;
	size_t o = 0, nhop = 7;
	uint64_t len;
	char line[32], why[SK_ERRLEN];
	int i, n, te, v10 = how & HPROXY_RESP_V10, none;

	/* RFC 9110 sections 8.6, 15.2, 15.3.5: no framing on 1xx, 204 */
	none = http_status_class(r->status) == 1 || r->status == 204;
	te = has_te(r);
	if (v10 && te && !none) {
		hop[nhop++] = "Trailer";
		hop[nhop++] = "Content-Encoding";
	}
	d.n = 0;
	for (i = 0; i < r->nfields; i++)
		if (hpx_is_name(r->fields[i].name, r->fields[i].nlen,
		    "Connection") && hpx_drops_add(r->fields[i].value,
		    r->fields[i].vlen, &d) == -1) {
			snprintf(err, SK_ERRLEN, "Connection names too many "
			    "fields");
			return -1;
		}
	/* a proxy sends its own version (RFC 9110 section 6.2) */
	n = snprintf(line, sizeof(line), "HTTP/1.1 %03d ", r->status);
	if (n < 0 || (size_t)n >= sizeof(line) ||
	    hpx_put(out, cap, &o, line, (size_t)n) == -1 ||
	    hpx_put(out, cap, &o, r->reason, r->rlen) == -1 ||
	    hpx_put(out, cap, &o, "\r\n", 2) == -1)
		goto room;
	for (i = 0; i < r->nfields; i++) {
		f = &r->fields[i];
		if (hpx_dropped(f->name, f->nlen, hop, nhop, &d))
			continue;
		if (hpx_put(out, cap, &o, f->name, f->nlen) == -1 ||
		    hpx_put(out, cap, &o, ": ", 2) == -1 ||
		    hpx_put(out, cap, &o, f->value, f->vlen) == -1 ||
		    hpx_put(out, cap, &o, "\r\n", 2) == -1)
			goto room;
	}
	/*
	 * The framing anew: Content-Length never beside Transfer-Encoding
	 * (RFC 9112 section 6.3), and one, from its parsed value; a bad one
	 * where it frames nothing (HEAD, 304) left out
	 */
	if (!none && te && put_codings(r, v10, out, cap, &o, err) == -1)
		return -1;
	if (!none && !te && http_content_length(r, &len, why) == 1 &&
	    hpx_put_num(out, cap, &o, "Content-Length", len) == -1)
		goto room;
	if (hpx_put_via(out, cap, &o, r->minor, via) == -1 ||
	    ((how & HPROXY_RESP_CLOSE) && hpx_put(out, cap, &o,
	    "Connection: close\r\n", 19) == -1) ||
	    hpx_put(out, cap, &o, "\r\n", 2) == -1)
		goto room;
	return (long)o;
room:
	snprintf(err, SK_ERRLEN, "response head too long");
	return -1;
}

void
hproxy_body_init(struct hproxy_body *b, int kind, uint64_t len, int dechunk)
{
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->left = len;
	b->dechunk = kind == HTTP_BODY_CHUNKED && dechunk;
	/* what goes on is canonical: no framing two readers read two ways */
	http_chunked_init_strict(&b->ch);
	b->done = kind == HTTP_BODY_NONE || (kind == HTTP_BODY_LENGTH &&
	    len == 0);
}

long
hproxy_body_take(struct hproxy_body *b, const char *buf, size_t n,
    char *dst, size_t *out, char *err)
{
	long t;

	*out = 0;
	if (b->done)
		return 0;
	switch (b->kind) {
	case HTTP_BODY_LENGTH:
		if ((uint64_t)n > b->left)
			n = (size_t)b->left;
		b->left -= n;
		b->done = b->left == 0;
		break;
	case HTTP_BODY_CHUNKED:
		if (b->dechunk) {
			memmove(dst, buf, n);
			t = http_chunked_decode(&b->ch, dst, n, out, err);
		} else
			t = http_chunked_reframe(&b->ch, buf, n, dst, out,
			    err);
		if (t == -1)
			return -1;
		b->done = http_chunked_done(&b->ch);
		return t;
	default:	/* HTTP_BODY_CLOSE: all of it */
		break;
	}
	memmove(dst, buf, n);
	*out = n;
	return (long)n;
}

/*
 * Not in http_proxy.c, which is built for speed (the Makefile's HOTOBJS)
 * for the request heads: a credential checked and a refusal's reason.
 */
int
hproxy_auth_ok(const char *v, size_t n, const char *user, const char *pass)
{
	char cred[2 * PROXY_USERLEN], b64[3 * PROXY_USERLEN];
	size_t i, bl, diff = 0;
	int cl;

	if (n < 6 || strncasecmp(v, "Basic", 5) != 0 || (v[5] != ' ' &&
	    v[5] != '\t'))
		return 0;
	for (i = 5; i < n && (v[i] == ' ' || v[i] == '\t'); i++)
		continue;
	cl = snprintf(cred, sizeof(cred), "%s:%s", user, pass);
	if (cl < 0 || (size_t)cl >= sizeof(cred))
		return 0;
	bl = base64_encode((const unsigned char *)cred, (size_t)cl, b64);
	if (n - i != bl)
		return 0;
	/* every byte compared: the time taken says nothing of the match */
	for (n = 0; n < bl; n++)
		diff |= (size_t)(v[i + n] ^ b64[n]);
	return diff == 0;
}

const char *
hproxy_status_text(int status)
{
	switch (status) {
	case 200:
		return "Connection established";
	case 400:
		return "Bad Request";
	case 403:
		return "Forbidden";
	case 405:
		return "Method Not Allowed";
	case 407:
		return "Proxy Authentication Required";
	case 431:
		return "Request Header Fields Too Large";
	case 508:
		return "Loop Detected";
	case 501:
		return "Not Implemented";
	case 502:
		return "Bad Gateway";
	case 504:
		return "Gateway Timeout";
	case 505:
		return "HTTP Version Not Supported";
	default:
		return "Error";
	}
}
