/*
 * test_http_proxy.c: an HTTP proxy's request heads (http_proxy.c):
 * CONNECT's authority-form and the absolute-form of other methods, the
 * statuses of what is refused, a head judged only once whole (every
 * prefix says "more"), the request's body and whether the client stays,
 * the head rewritten for the origin server with the hop-by-hop fields
 * gone, Proxy-Authorization: Basic; the response head rewritten for the
 * client, and a body's end found however its bytes come.
 */
#include <stdio.h>
#include <string.h>

#include "parse/http_proxy.h"
#include "tap.h"
#include "util/base.h"

static char err[SK_ERRLEN];
static struct hproxy_req rq;

/* s whole, and every shorter prefix, which must say "more" (0). */
static long
parse(const char *s)
{
	struct hproxy_req r2;
	char e2[SK_ERRLEN];
	size_t i, n = strlen(s);
	long whole = hproxy_parse(s, n, &rq, err);

	for (i = 0; i < n && whole != 0; i++)
		if (hproxy_parse(s, i, &r2, e2) != 0 && (size_t)whole > i)
			return -99;	/* decided too early */
	return whole;
}

static void
refused(const char *s, int status, const char *desc)
{
	long r = parse(s);

	if (!ok(r == -1 && rq.status == status, desc))
		printf("#   got %ld status %d (%s)\n", r, rq.status, err);
}

static const char *via;

static void
rewrites_as(const char *s, int shut, const char *want, const char *desc)
{
	char out[4096];
	long n = parse(s);

	if (n <= 0) {
		ok(0, desc);
		printf("#   parse: %ld %s\n", n, err);
		return;
	}
	n = hproxy_rewrite(s, &rq, shut, via, out, sizeof(out));
	if (!ok(n > 0 && (size_t)n == strlen(want) &&
	    memcmp(out, want, (size_t)n) == 0, desc))
		printf("#   got '%.*s'\n", n > 0 ? (int)n : 0, out);
}

static void
rewrites(const char *s, const char *want, const char *desc)
{
	rewrites_as(s, 1, want, desc);
}

/*
 * A bracketed host longer than the room for a host (fuzz_http_proxy
 * found its copy unchecked): refused, in CONNECT's authority and in an
 * absolute URL alike.
 */
static void
long_bracket(void)
{
	static char req[3 * SK_HOSTLEN];
	size_t n;

	n = (size_t)snprintf(req, sizeof(req), "CONNECT [");
	memset(req + n, 'a', SK_HOSTLEN);
	n += SK_HOSTLEN;
	(void)snprintf(req + n, sizeof(req) - n, ":1]:22 HTTP/1.1\r\n"
	    "Host: h\r\n\r\n");
	refused(req, 400, "CONNECT a bracketed host past SK_HOSTLEN: 400");
	n = (size_t)snprintf(req, sizeof(req), "GET http://[");
	memset(req + n, 'b', SK_HOSTLEN);
	n += SK_HOSTLEN;
	(void)snprintf(req + n, sizeof(req) - n, ":1]/ HTTP/1.1\r\nHost: h\r\n"
	    "\r\n");
	refused(req, 400, "GET a bracketed host past SK_HOSTLEN: 400");
}

static void
test_connect(void)
{
	const char *s = "CONNECT example.org:443 HTTP/1.1\r\n"
	    "Host: example.org:443\r\n\r\nTLS...";

	is_int(parse(s), (long)(strlen(s) - 6), "CONNECT: the head's length");
	ok(rq.connect && strcmp(rq.host, "example.org") == 0 &&
	    rq.port == 443 && rq.minor == 1, "CONNECT: host and port");
	is_int(parse("CONNECT [::1]:22 HTTP/1.0\r\n\r\n"), 29,
	    "CONNECT: an IPv6 literal");
	ok(strcmp(rq.host, "::1") == 0 && rq.port == 22 && rq.minor == 0,
	    "CONNECT: [::1]:22, HTTP/1.0");
	is_int(parse("\r\nCONNECT h:1 HTTP/1.0\n\n"), 24,
	    "CONNECT: an empty line before, bare LFs");
	refused("CONNECT example.org HTTP/1.1\r\nHost: h\r\n\r\n", 400,
	    "CONNECT without a port: 400");
	refused("CONNECT h:0 HTTP/1.1\r\nHost: h\r\n"
	    "\r\n", 400, "CONNECT port 0: 400");
	refused("CONNECT h:65536 HTTP/1.1\r\nHost: h\r\n\r\n", 400,
	    "CONNECT port 65536: 400");
	refused("CONNECT [::1:22 HTTP/1.1\r\nHost: h\r\n\r\n", 400,
	    "CONNECT an open bracket: 400");
	refused("CONNECT h:22 HTTP/2.0\r\n\r\n", 505, "HTTP/2.0: 505");
	long_bracket();
	refused("CONNECT h:22 HTTX/1.1\r\n\r\n", 400, "not HTTP: 400");
	refused("CONNECT  h:22 HTTP/1.1\r\nHost: h\r\n"
	    "\r\n", 400, "two spaces: 400");
}

static void
test_absolute(void)
{
	const char *s = "GET http://Example.org:8080/a/b?c=d HTTP/1.1\r\n"
	    "Host: example.org:8080\r\n\r\n";

	ok(parse(s) > 0 && !rq.connect && strcmp(rq.method, "GET") == 0 &&
	    strcmp(rq.host, "Example.org") == 0 && rq.port == 8080 &&
	    rq.path_len == 8 && memcmp(s + rq.path_off, "/a/b?c=d", 8) == 0,
	    "GET: host, port and origin-form path");
	ok(parse("HEAD http://h HTTP/1.1\r\nHost: h\r\n"
	    "\r\n") > 0 && rq.port == 80 &&
	    rq.path_len == 0, "HEAD: no port, no path: 80 and /");
	ok(parse("POST http://u:p@h:81/x HTTP/1.1\r\nHost: h\r\n\r\n") > 0 &&
	    strcmp(rq.host, "h") == 0 && rq.port == 81,
	    "POST: user info in the URL left out");
	ok(parse("GET http://[::1]:81/#frag HTTP/1.1\r\nHost: h\r\n\r\n") > 0 &&
	    strcmp(rq.host, "::1") == 0 && rq.path_len == 1,
	    "GET: IPv6 and the fragment cut");
	refused("GET /index.html HTTP/1.1\r\nHost: h\r\n\r\n", 400,
	    "origin-form to a proxy: 400");
	refused("GET https://h/ HTTP/1.1\r\nHost: h\r\n\r\n", 501,
	    "https:// absolute-form: 501 (CONNECT is the way)");
	refused("GET ftp://h/ HTTP/1.1\r\nHost: h\r\n\r\n", 501, "ftp://: 501");
	refused("GET http://h:x/ HTTP/1.1\r\nHost: h\r\n"
	    "\r\n", 400, "a bad port: 400");
	refused("GET http:///x HTTP/1.1\r\nHost: h\r\n"
	    "\r\n", 400, "no host: 400");
	refused("GET http://h/ HTTP/1.1\r\nHost: h\r\nBad Name: x\r\n\r\n", 400,
	    "a space in a field name: 400");
	refused("GET http://h/ HTTP/1.1\r\nHost: h\r\nName : x\r\n\r\n", 400,
	    "a space before the colon: 400");
	refused("GET http://h/ HTTP/1.1\r\nHost: h\r\nA: b\r\n c\r\n\r\n", 400,
	    "obsolete line folding: 400");
	refused("GET http://h/ HTTP/1.1\r\nHost: h\r\nA: b\x01\r\n\r\n", 400,
	    "a control character in a value: 400");
	refused("G(T http://h/ HTTP/1.1\r\nHost: h\r\n\r\n", 400,
	    "a method that is no token: 400");
}

static void
test_limits(void)
{
	static char big[HPROXY_HEAD_MAX + 64];
	size_t n;

	n = (size_t)snprintf(big, sizeof(big), "GET http://h/ HTTP/1.1\r\n"
	    "Host: h\r\n");
	memset(big + n, 'a', sizeof(big) - n - 1);
	big[sizeof(big) - 1] = '\0';
	is_int(hproxy_parse(big, HPROXY_HEAD_MAX - 1, &rq, err), 0,
	    "a head under the limit, not whole: more");
	ok(hproxy_parse(big, sizeof(big) - 1, &rq, err) == -1 &&
	    rq.status == 431, "a head over 16 KiB: 431");
}

static void
test_rewrite(void)
{
	rewrites("GET http://h:8080/p?q HTTP/1.1\r\nHost: wrong\r\n"
	    "User-Agent: curl\r\nProxy-Authorization: Basic eA==\r\n"
	    "Proxy-Connection: Keep-Alive\r\nAccept: */*\r\n\r\n",
	    "GET /p?q HTTP/1.1\r\nHost: h:8080\r\nUser-Agent: curl\r\n"
	    "Accept: */*\r\nConnection: close\r\n\r\n",
	    "rewrite: origin-form, Host from the URL, Proxy-* gone");
	rewrites("HEAD http://[::1] HTTP/1.0\r\n\r\n",
	    "HEAD / HTTP/1.1\r\nHost: [::1]\r\nConnection: close\r\n\r\n",
	    "rewrite: no path is /, port 80 not named, IPv6 in brackets");
	rewrites("GET http://h?x HTTP/1.1\r\nHost: h\r\n\r\n",
	    "GET /?x HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
	    "rewrite: a query alone gets its /");
	rewrites("POST http://h/ HTTP/1.1\r\nHost: h\r\n"
	    "Connection: X-Hop, close\r\n"
	    "X-Hop: 1\r\nX-End: 2\r\nKeep-Alive: 5\r\nTE: trailers\r\n"
	    "Upgrade: h2c\r\nContent-Length: 3\r\n\r\nabc",
	    "POST / HTTP/1.1\r\nHost: h\r\nX-End: 2\r\nContent-Length: 3\r\n"
	    "Connection: close\r\n\r\n",
	    "rewrite: Connection's fields and the hop-by-hop ones gone, the "
	    "body's length kept");
	rewrites("PUT http://h/ HTTP/1.1\r\nHost: h\r\n"
	    "Connection: Content-Length\r\n"
	    "Content-Length: 1\r\n\r\nx",
	    "PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n"
	    "Connection: close\r\n\r\n",
	    "rewrite: Connection cannot take the body's framing away");
	{
		char small[16];
		const char *s = "GET http://h/ HTTP/1.1\r\nHost: h\r\n\r\n";

		(void)hproxy_parse(s, strlen(s), &rq, err);
		is_int(hproxy_rewrite(s, &rq, 1, NULL, small,
		    sizeof(small)), -1,
		    "rewrite: no room is -1");
	}
}

static void
test_body(void)
{
	ok(parse("GET http://h/ HTTP/1.1\r\nHost: h\r\n\r\n") > 0 &&
	    rq.body == HTTP_BODY_NONE && !rq.close,
	    "no length: no body; HTTP/1.1 stays");
	ok(parse("POST http://h/ HTTP/1.1\r\nHost: h\r\nContent-Length: 12\r\n"
	    "\r\n") >
	    0 && rq.body == HTTP_BODY_LENGTH && rq.body_len == 12,
	    "Content-Length: 12");
	ok(parse("POST http://h/ HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n"
	    "\r\n") >
	    0 && rq.body == HTTP_BODY_NONE, "Content-Length: 0: no body");
	ok(parse("POST http://h/ HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: "
	    "Chunked\r\n\r\n") > 0 && rq.body == HTTP_BODY_CHUNKED,
	    "Chunked: chunked");
	refused("POST http://h/ HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: "
	    "gzip\r\n\r\n", 400, "Transfer-Encoding without chunked: 400");
	refused("POST http://h/ HTTP/1.1\r\nHost: h\r\n"
	    "Transfer-Encoding: chunked\r\n"
	    "Content-Length: 3\r\n\r\n", 400, "both framings: 400");
	refused("POST http://h/ HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n"
	    "Content-Length: 4\r\n\r\n", 400, "two lengths: 400");
	refused("POST http://h/ HTTP/1.1\r\nHost: h\r\nContent-Length: x\r\n"
	    "\r\n", 400,
	    "a length that is no number: 400");
	ok(parse("CONNECT h:1 HTTP/1.1\r\nHost: h\r\nContent-Length: x\r\n"
	    "\r\n") > 0,
	    "CONNECT: no body to frame");
	ok(parse("GET http://h/ HTTP/1.1\r\nHost: h\r\n"
	    "Connection: x, Close\r\n\r\n") >
	    0 && rq.close, "Connection: close");
	ok(parse("GET http://h/ HTTP/1.1\r\nHost: h\r\n"
	    "Proxy-Connection: close\r\n\r\n")
	    > 0 && rq.close, "Proxy-Connection: close");
	ok(parse("GET http://h/ HTTP/1.0\r\n\r\n") > 0 && rq.close,
	    "HTTP/1.0 closes");
	ok(parse("GET http://h/ HTTP/1.0\r\nProxy-Connection: Keep-Alive\r\n"
	    "\r\n") > 0 && rq.close, "HTTP/1.0 with keep-alive closes too "
	    "(RFC 9112 9.3: a proxy keeps no HTTP/1.0 client)");
	rewrites_as("GET http://h/ HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
	    0, "GET / HTTP/1.1\r\nHost: h\r\n\r\n",
	    "rewrite, kept: no Connection field");
}

/* The response head s rewritten as how says: the result, or "-1". */
static const char *
resp(const char *s, int how)
{
	static char in[4096], out[4096];
	static struct http_resp r;
	long n;

	memcpy(in, s, strlen(s));
	if (http_head_parse(in, strlen(s), &r, err) <= 0)
		return "parse";
	n = hproxy_resp_rewrite(&r, how, via, out, sizeof(out), err);
	if (n < 0)
		return "-1";
	out[n] = '\0';
	return out;
}

static void
test_resp(void)
{
	is_str(resp("HTTP/1.0 200 Fine\r\nConnection: X-A, keep-alive\r\n"
	    "X-A: 1\r\nKeep-Alive: timeout=5\r\nProxy-Connection: x\r\n"
	    "TE: t\r\nUpgrade: h2c\r\nX-B:2\r\nContent-Length: 3\r\n\r\n", 0),
	    "HTTP/1.1 200 Fine\r\nX-B: 2\r\nContent-Length: 3\r\n\r\n",
	    "response: our version, hop-by-hop fields and Connection's gone");
	is_str(resp("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
	    "Content-Length: 3\r\nTrailer: X\r\n\r\n", 0),
	    "HTTP/1.1 200 OK\r\nTrailer: X\r\nTransfer-Encoding: chunked\r\n"
	    "\r\n", "chunked passed on: no Content-Length beside it");
	is_str(resp("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n"
	    "Content-Length: 3\r\n\r\n", 0),
	    "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
	    "gzip, not chunked: still no Content-Length beside it");
	is_str(resp("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
	    "Trailer: X\r\nX-C: 1\r\n\r\n", HPROXY_RESP_V10 |
	    HPROXY_RESP_CLOSE), "HTTP/1.1 200 OK\r\nX-C: 1\r\n"
	    "Connection: close\r\n\r\n", "decoded: no framing fields, close");
	is_str(resp("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n"
	    "Transfer-Encoding: identity,gzip\r\nTransfer-Encoding: chunked\r\n"
	    "\r\n", HPROXY_RESP_V10), "HTTP/1.1 200 OK\r\n"
	    "Content-Encoding: br, gzip\r\n\r\n",
	    "HTTP/1.0 client: the codings but chunked become Content-Encoding");
	is_str(resp("HTTP/1.1 200 OK\r\nTransfer-Encoding: x-new, chunked\r\n"
	    "\r\n", HPROXY_RESP_V10), "-1",
	    "HTTP/1.0 client: a coding no content coding: refused (502)");
	is_str(resp("HTTP/1.1 200 OK\r\nTransfer-Encoding: identity, , Gzip,"
	    "chunked\r\n\r\n", 0), "HTTP/1.1 200 OK\r\n"
	    "Transfer-Encoding: Gzip, chunked\r\n\r\n",
	    "Transfer-Encoding written anew, identity and empties gone");
	is_str(resp("HTTP/1.1 200 OK\r\nTransfer-Encoding: \r\n"
	    "Transfer-Encoding: ,\r\nContent-Length: 5\r\n\r\n", 0),
	    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n",
	    "Transfer-Encoding with no coding: framed by Content-Length, "
	    "which goes on");
	is_str(resp("HTTP/1.1 204 No Content\r\nConnection: Content-Length\r\n"
	    "Content-Length: 0\r\n\r\n", HPROXY_RESP_CLOSE),
	    "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n",
	    "204: no Content-Length; the client's hop closed");
	is_str(resp("HTTP/1.1 100 Continue\r\nContent-Length: 5\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n", 0),
	    "HTTP/1.1 100 Continue\r\n\r\n", "1xx: no framing fields");
	is_str(resp("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n"
	    "Content-Length: 5\r\n\r\n", 0),
	    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n",
	    "Content-Length 5, 5 twice: one, from the value");
	is_str(resp("HTTP/1.1 304 Not Modified\r\nContent-Length: 007\r\n"
	    "\r\n", 0), "HTTP/1.1 304 Not Modified\r\nContent-Length: 7\r\n"
	    "\r\n", "304: its Content-Length, from the value");
	via = "p.example:3128";
	is_str(resp("HTTP/1.1 200 OK\r\nVia: 1.0 a\r\n\r\n", 0),
	    "HTTP/1.1 200 OK\r\nVia: 1.0 a\r\nVia: 1.1 p.example:3128\r\n\r\n",
	    "response: our Via after theirs");
	is_str(resp("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", 0),
	    "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n"
	    "Via: 1.0 p.example:3128\r\n\r\n",
	    "an HTTP/1.0 response: Via 1.0, the version it came in");
	via = NULL;
	is_str(resp("HTTP/1.1 200 OK\r\nX-Long: a\r\n b\r\n\r\n", 0),
	    "HTTP/1.1 200 OK\r\nX-Long: a   b\r\n\r\n",
	    "a folded line made one");
	is_str(resp("HTTP/1.1 404\r\n\r\n", 0), "HTTP/1.1 404 \r\n\r\n",
	    "no reason phrase");
	{
		static struct http_resp r;
		char in[] = "HTTP/1.1 200 OK\r\nX: 1\r\n\r\n", small[20];

		(void)http_head_parse(in, strlen(in), &r, err);
		is_int(hproxy_resp_rewrite(&r, 0, NULL, small, sizeof(small),
		    err), -1, "response: no room is -1");
	}
}

/*
 * The body in s, fed in pieces of step bytes: "TAKEN OUT" (the bytes the
 * body took, and what was passed on), "+" when it ended, or "ERR".
 */
static const char *
take(int kind, uint64_t len, int dechunk, const char *s, size_t step)
{
	static char res[512], outb[4096];
	struct hproxy_body b;
	char piece[4096], dst[4096 + HTTP_REFRAME_SLACK];
	size_t i = 0, n, got, taken = 0, o = 0;
	long t;

	hproxy_body_init(&b, kind, len, dechunk);
	while (i < strlen(s) && !b.done) {
		n = strlen(s) - i < step ? strlen(s) - i : step;
		memcpy(piece, s + i, n);
		if ((t = hproxy_body_take(&b, piece, n, dst, &got, err)) == -1)
			return "ERR";
		if (got > n + HTTP_REFRAME_SLACK || o + got >= sizeof(outb))
			return "SLACK";
		memcpy(outb + o, dst, got);
		o += got;
		taken += (size_t)t;
		i += n;
	}
	outb[o] = '\0';
	snprintf(res, sizeof(res), "%zu %.400s%s", taken, outb, b.done ?
	    "+" : "");
	return res;
}

/* Chunked s in pieces of step, written anew, decoded again: the data. */
static const char *
round_trip(const char *s, size_t step)
{
	static char res[512];
	const char *t = take(HTTP_BODY_CHUNKED, 0, 0, s, step), *sp;

	if ((sp = strchr(t, ' ')) == NULL)
		return t;
	snprintf(res, sizeof(res), "%s", sp + 1);
	if (res[0] != '\0' && res[strlen(res) - 1] == '+')
		res[strlen(res) - 1] = '\0';
	t = take(HTTP_BODY_CHUNKED, 0, 1, res, 4096);
	return (sp = strchr(t, ' ')) == NULL ? t : sp + 1;
}

static void
test_take(void)
{
	static const char ch[] = "3\r\nabc\r\n2;x=1\r\nde\r\n0\r\nT: 1\r\n"
	    "\r\nNEXT";
	char want[128];
	size_t step;
	int same = 1, dsame = 1;

	is_str(take(HTTP_BODY_LENGTH, 5, 0, "helloNEXT", 3), "5 hello+",
	    "length 5 in pieces of 3: five bytes, then it ends");
	is_str(take(HTTP_BODY_NONE, 0, 0, "NEXT", 2), "0 +",
	    "no body: ended before a byte");
	is_str(take(HTTP_BODY_LENGTH, 0, 0, "NEXT", 2), "0 +",
	    "length 0: the same");
	is_str(take(HTTP_BODY_CLOSE, 0, 0, "all of it", 4), "9 all of it",
	    "until close: all, never ended");
	snprintf(want, sizeof(want), "%zu 3\r\nabc\r\n2\r\nde\r\n0\r\n"
	    "T: 1\r\n\r\n+", sizeof(ch) - 5);
	is_str(take(HTTP_BODY_CHUNKED, 0, 0, ch, 4096), want,
	    "chunked passed on whole: written anew, the extension gone");
	for (step = 1; step < sizeof(ch); step++) {
		same &= strcmp(round_trip(ch, step), "abcde+") == 0;
		snprintf(want, sizeof(want), "%zu abcde+", sizeof(ch) - 5);
		dsame &= strcmp(take(HTTP_BODY_CHUNKED, 0, 1, ch, step),
		    want) == 0;
	}
	ok(same, "chunked passed on, in pieces of any size: canonical "
	    "chunks of the same data, up to its end");
	ok(dsame, "chunked decoded, in pieces of any size: the data");
	is_str(take(HTTP_BODY_CHUNKED, 0, 0, "03\r\nabc\r\n000\r\n\r\n",
	    4096), "16 3\r\nabc\r\n0\r\n\r\n+", "leading zeros written away");
	is_str(take(HTTP_BODY_CHUNKED, 0, 0, "3\r\nabcX", 100), "ERR",
	    "a chunk without its line end: an error");
	is_str(take(HTTP_BODY_CHUNKED, 0, 0, "3\nabc\r\n0\r\n\r\n", 100),
	    "ERR", "a bare LF after the size: an error");
	is_str(take(HTTP_BODY_CHUNKED, 0, 0, "3\r\nabc\n0\r\n\r\n", 100),
	    "ERR", "a bare LF after the data: an error");
	is_str(take(HTTP_BODY_CHUNKED, 0, 0, "3\r\nabc\r\n0\r\n\n", 100),
	    "ERR", "a bare LF at the end: an error");
	is_str(take(HTTP_BODY_CHUNKED, 0, 0, "3 junk\r\nabc\r\n0\r\n\r\n",
	    100), "ERR", "3 junk: an error");
	is_str(take(HTTP_BODY_CHUNKED, 0, 0, "3 ;a=b\r\nabc\r\n0\r\n\r\n",
	    100), "18 3\r\nabc\r\n0\r\n\r\n+", "3 ;ext (BWS): taken");
	is_str(take(HTTP_BODY_CHUNKED, 0, 0, "0\r\nBad Name: 1\r\n\r\n",
	    100), "ERR", "a trailer name with a space: an error");
	is_str(take(HTTP_BODY_CHUNKED, 0, 0, "0\r\nA: 1\r\n 2\r\n\r\n",
	    100), "ERR", "a folded trailer: an error");
	is_str(take(HTTP_BODY_CHUNKED, 0, 0, "0\r\nA: \x01\r\n\r\n", 100),
	    "ERR", "a control in a trailer value: an error");
	is_str(take(HTTP_BODY_CHUNKED, 0, 0, "0\r\nA\r\n\r\n", 100), "ERR",
	    "a trailer without a colon: an error");
	is_str(take(HTTP_BODY_CHUNKED, 0, 0, "0\r\ncontent-length: 5\r\n"
	    "\r\n", 100), "ERR", "Content-Length in the trailer: an error");
	is_str(take(HTTP_BODY_CHUNKED, 0, 0, "0\r\ncontent-length: 5\r\n"
	    "\r\n", 1), "ERR", "... a byte at a time too");
	is_str(take(HTTP_BODY_CHUNKED, 0, 0, "0\r\nX: 1\r\nHost: evil\r\n"
	    "\r\n", 100), "ERR", "Host in the trailer: an error");
	is_str(take(HTTP_BODY_CHUNKED, 0, 0, "0\r\nTransfer-Encoding: "
	    "chunked\r\n\r\n", 100), "ERR",
	    "Transfer-Encoding in the trailer: an error");
	is_str(take(HTTP_BODY_CHUNKED, 0, 0, "0\r\nTE-X: 1\r\n"
	    "Content-Length-X: 2\r\n\r\n", 100),
	    "35 0\r\nTE-X: 1\r\nContent-Length-X: 2\r\n\r\n+",
	    "names that only begin as banned ones: taken");
}

/* Item 1 to 6 of issue 40: what a proxy may not pass on as it came. */
static void
test_canonical(void)
{
	int i;
	char conn[512];
	size_t n;

	refused("POST http://h/ HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: "
	    "identity\r\nTransfer-Encoding: chunked\r\n\r\n", 400,
	    "TE identity then chunked in two fields: 400");
	refused("POST http://h/ HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: "
	    ",chunked\r\n\r\n", 400, "TE ,chunked: 400");
	refused("POST http://h/ HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: "
	    "identity, chunked\r\n\r\n", 400, "TE identity, chunked: 400");
	refused("POST http://h/ HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: "
	    "chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400,
	    "TE chunked twice: 400");
	refused("POST http://h/ HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: "
	    "gzip, chunked\r\n\r\n", 400, "TE gzip, chunked: 400");
	refused("POST http://h/ HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: "
	    "x-new, chunked\r\n\r\n", 501, "TE of a coding not known: 501");
	refused("POST http://h/ HTTP/1.0\r\nTransfer-Encoding: chunked\r\n"
	    "\r\n", 400, "HTTP/1.0 with Transfer-Encoding: 400");
	rewrites("POST http://h/ HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: "
	    " CHUNKED \r\nX: 1\r\n\r\n", "POST / HTTP/1.1\r\nHost: h\r\n"
	    "X: 1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
	    "TE: one Transfer-Encoding: chunked sent");
	rewrites("POST http://h/ HTTP/1.1\r\nHost: h\r\nContent-Length: 5, 5"
	    "\r\nContent-Length: 05\r\n\r\n", "POST / HTTP/1.1\r\nHost: h\r\n"
	    "Content-Length: 5\r\nConnection: close\r\n\r\n",
	    "Content-Length 5, 5 and 05: one Content-Length: 5");
	rewrites("POST http://h/ HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n"
	    "\r\n", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n"
	    "Connection: close\r\n\r\n", "Content-Length: 0 kept");
	refused("GET http://h/ HTTP/1.1\r\n\r\n", 400,
	    "HTTP/1.1 without Host: 400");
	refused("GET http://h/ HTTP/1.1\r\nHost: h\r\nHost: h\r\n\r\n", 400,
	    "two Host fields: 400");
	refused("GET http://h/ HTTP/1.0\r\nHost: h\r\nHost: i\r\n\r\n", 400,
	    "two Host fields in HTTP/1.0: 400");
	ok(parse("GET http://h/ HTTP/1.0\r\n\r\n") > 0,
	    "HTTP/1.0 without Host: taken");
	refused("GET http://h/ HTTP/1.1\r\nHost: a, b\r\n\r\n", 400,
	    "Host: a, b (two hosts in one field): 400");
	refused("GET http://h/ HTTP/1.1\r\nHost: h h\r\n\r\n", 400,
	    "Host: h h: 400");
	refused("GET http://h/ HTTP/1.1\r\nHost: u@h\r\n\r\n", 400,
	    "Host: u@h: 400");
	ok(parse("GET http://h/ HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n") > 0,
	    "Host: [::1]:8080 taken");
	ok(parse("GET http://h/ HTTP/1.1\r\nHost:\r\n\r\n") > 0,
	    "Host empty (a reg-name may be): taken, the URL's goes on");
	n = (size_t)snprintf(conn, sizeof(conn), "GET http://h/ HTTP/1.1\r\n"
	    "Host: h\r\nConnection: ");
	for (i = 0; i < 33; i++)
		n += (size_t)snprintf(conn + n, sizeof(conn) - n, "%sx-%d",
		    i > 0 ? "," : "", i);
	snprintf(conn + n, sizeof(conn) - n, "\r\nx-32: secret\r\n\r\n");
	refused(conn, 400, "Connection naming 33 fields: 400");
	refused("get http://h/ HTTP/1.1\r\nHost: h\r\n\r\n", 400,
	    "get in small letters: 400");
	refused("Head http://h/ HTTP/1.1\r\nHost: h\r\n\r\n", 400,
	    "Head: 400");
	ok(parse("purge http://h/ HTTP/1.1\r\nHost: h\r\n\r\n") > 0,
	    "an extension method in small letters: its own name, taken");
	rewrites("OPTIONS http://h HTTP/1.1\r\nHost: h\r\nMax-Forwards: 3\r\n"
	    "\r\n", "OPTIONS * HTTP/1.1\r\nHost: h\r\nMax-Forwards: 2\r\n"
	    "Connection: close\r\n\r\n",
	    "OPTIONS without a path: *, Max-Forwards counted down");
	ok(parse("TRACE http://h/ HTTP/1.1\r\nHost: h\r\nMax-Forwards: 0\r\n"
	    "\r\n") > 0 && hproxy_maxfwd(&rq) && rq.maxfwd == 0,
	    "TRACE Max-Forwards: 0: ours to answer");
	ok(parse("GET http://h/ HTTP/1.1\r\nHost: h\r\nMax-Forwards: 0\r\n"
	    "\r\n") > 0 && !hproxy_maxfwd(&rq), "GET: Max-Forwards not ours");
	rewrites("GET http://h/ HTTP/1.1\r\nHost: h\r\nMax-Forwards: 0\r\n"
	    "\r\n", "GET / HTTP/1.1\r\nHost: h\r\nMax-Forwards: 0\r\n"
	    "Connection: close\r\n\r\n", "GET: Max-Forwards as it came");
	refused("OPTIONS http://h/ HTTP/1.1\r\nHost: h\r\nMax-Forwards: x\r\n"
	    "\r\n", 400, "Max-Forwards: x: 400");
	via = "p:1";
	rewrites("GET http://h/ HTTP/1.1\r\nHost: h\r\nVia: 1.0 a\r\n\r\n",
	    "GET / HTTP/1.1\r\nHost: h\r\nVia: 1.0 a\r\nVia: 1.1 p:1\r\n"
	    "Connection: close\r\n\r\n", "Via: ours added");
	rewrites("GET http://h/ HTTP/1.0\r\n\r\n",
	    "GET / HTTP/1.1\r\nHost: h\r\nVia: 1.0 p:1\r\n"
	    "Connection: close\r\n\r\n",
	    "an HTTP/1.0 request: Via 1.0, the version it came in");
	via = NULL;
	ok(parse("GET http://h/ HTTP/1.1\r\nHost: h\r\nVia: 1.0 a, 1.1 P:1 "
	    "(sockt)\r\n\r\n") > 0 && hproxy_via_has("GET http://h/ HTTP/1.1"
	    "\r\nHost: h\r\nVia: 1.0 a, 1.1 P:1 (sockt)\r\n\r\n", &rq, "p:1"),
	    "Via naming us: a loop");
	ok(parse("GET http://h/ HTTP/1.1\r\nHost: h\r\nVia: 1.1 p:12\r\n\r\n")
	    > 0 && !hproxy_via_has("GET http://h/ HTTP/1.1\r\nHost: h\r\n"
	    "Via: 1.1 p:12\r\n\r\n", &rq, "p:1"), "Via naming another: none");
	{
		const char *s = "TRACE http://h/ HTTP/1.1\r\nHost: h\r\n"
		    "Cookie: c\r\nX: 1\n\r\n";
		char out[256];
		long t;

		(void)parse(s);
		t = hproxy_trace(s, &rq, out, sizeof(out));
		ok(t > 0 && (size_t)t == strlen("TRACE http://h/ HTTP/1.1\r\n"
		    "Host: h\r\nX: 1\r\n\r\n") && memcmp(out, "TRACE http://h/ "
		    "HTTP/1.1\r\nHost: h\r\nX: 1\r\n\r\n", (size_t)t) == 0,
		    "TRACE reflected, Cookie left out");
	}
}

static void
test_auth(void)
{
	/* "alice:s3cret" */
	const char *v = "Basic YWxpY2U6czNjcmV0";

	ok(hproxy_auth_ok(v, strlen(v), "alice", "s3cret"),
	    "Basic: the right credentials");
	ok(hproxy_auth_ok("basic  YWxpY2U6czNjcmV0", 23, "alice", "s3cret"),
	    "Basic: the scheme in any case, more spaces");
	ok(!hproxy_auth_ok(v, strlen(v), "alice", "s3cre"),
	    "Basic: another password");
	ok(!hproxy_auth_ok(v, strlen(v) - 1, "alice", "s3cret"),
	    "Basic: cut short");
	ok(!hproxy_auth_ok("Bearer YWxpY2U6czNjcmV0", 23, "alice", "s3cret"),
	    "Basic: another scheme");
	ok(!hproxy_auth_ok("Basic", 5, "alice", "s3cret"),
	    "Basic: no credentials");
	ok(parse("CONNECT h:1 HTTP/1.1\r\nHost: h\r\n"
	    "Proxy-Authorization: Basic x\r\n"
	    "Proxy-Authorization: Basic y\r\n\r\n") > 0 && rq.auth_len == 7,
	    "parse: the first Proxy-Authorization is the one");
	is_str(hproxy_status_text(407), "Proxy Authentication Required",
	    "407's reason");
}

int
main(void)
{
	test_connect();
	test_absolute();
	test_limits();
	test_rewrite();
	test_body();
	test_resp();
	test_take();
	test_canonical();
	test_auth();
	return tap_done();
}
