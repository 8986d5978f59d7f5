/*
 * test_http.c: response heads, body framing, the chunked decoder (the
 * same output however its input is split) and request building.
 */
#include <stdio.h>
#include <string.h>

#include "parse/http.h"
#include "tap.h"
#include "util/base.h"
#include "util/base64.h"

static struct http_resp r;
static char err[SK_ERRLEN];
static char hb[2 * HTTP_LINE_MAX];

static long
head(const char *s)
{
	size_t n = strlen(s);

	memcpy(hb, s, n);
	err[0] = '\0';
	return http_head_parse(hb, n, &r, err);
}

static int
framing(const char *s, int is_head, enum http_body_kind *k, uint64_t *len)
{
	if (head(s) <= 0)
		return -2;
	return http_body_framing(&r, is_head, k, len, err);
}

static const char *
fval(const char *name)
{
	static char v[256];
	const struct http_field *f = http_field_get(&r, name);

	if (f == NULL)
		return "(none)";
	memcpy(v, f->value, f->vlen);
	v[f->vlen] = '\0';
	return v;
}

/* decode in pieces of at most step bytes; the output, or "ERR:..." */
static const char *
dechunk(const char *in, size_t len, size_t step, size_t *used)
{
	static char out[8192];
	char piece[8192];
	struct http_chunked c;
	size_t o = 0, i = 0, n, got;
	long k;

	http_chunked_init(&c);
	*used = 0;
	while (i < len && !http_chunked_done(&c)) {
		n = len - i < step ? len - i : step;
		memcpy(piece, in + i, n);
		k = http_chunked_decode(&c, piece, n, &got, err);
		if (k < 0) {
			snprintf(out, sizeof(out), "ERR:%s", err);
			return out;
		}
		memcpy(out + o, piece, got);
		o += got;
		i += (size_t)k;
		if ((size_t)k < n)
			break;
	}
	*used = i;
	out[o] = '\0';
	if (!http_chunked_done(&c))
		snprintf(out + o, sizeof(out) - o, "|INCOMPLETE");
	return out;
}

/* The request head http_request_build makes of rq, as a string. */
static const char *
built(const struct http_req *rq)
{
	static char b[4096];
	char e[SK_ERRLEN];
	long n;

	n = http_request_build(rq, b, sizeof(b) - 1, e);
	b[n > 0 ? n : 0] = '\0';
	return b;
}

/* curl 7.88's order, the first -H Host in Host's place. */
static void
request_order(void)
{
	static char *hdrs[] = { "X-A: 1", "host:h1", "Host: h2",
	    "Accept: a/b" };
	static const char *own[] = { "If-None-Match: \"e\"", "Range: bytes=1-",
	    "If-Modified-Since: x" };
	struct http_req rq = { .method = "GET", .target = "http://h/",
	    .host = "h", .agent = "sockt/" SOCKT_VERSION, .headers = hdrs,
	    .nheaders = 4, .fields = own, .nfields = 3, .via_proxy = 1,
	    .user = "Aladdin", .pass = "open sesame", .proxy_user = "p",
	    .proxy_pass = "q", .referer = "r", .accept_encoding = "gzip",
	    .cookie = "Cookie: c=d" };

	is_str(built(&rq), "GET http://h/ HTTP/1.1\r\nHost:h1\r\n"
	    "Proxy-Authorization: Basic cDpx\r\n"
	    "Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n"
	    "Range: bytes=1-\r\nUser-Agent: sockt/" SOCKT_VERSION "\r\n"
	    "Accept-Encoding: gzip\r\nReferer: r\r\n"
	    "Proxy-Connection: Keep-Alive\r\nCookie: c=d\r\n"
	    "If-Modified-Since: x\r\nX-A: 1\r\nAccept: a/b\r\n"
	    "If-None-Match: \"e\"\r\n\r\n", "curl's order");
	hdrs[1] = "Host:";
	rq.nheaders = 3;
	rq.nfields = 0;
	rq.user = rq.proxy_user = rq.referer = rq.cookie = NULL;
	rq.accept_encoding = NULL;
	rq.via_proxy = 0;
	is_str(built(&rq), "GET http://h/ HTTP/1.1\r\n"
	    "User-Agent: sockt/" SOCKT_VERSION "\r\nAccept: */*\r\n"
	    "X-A: 1\r\nHost: h2\r\n\r\n",
	    "a first bare -H Host: none in place, the next with the rest");
}

/*
 * curl's --tr-encoding: Connection: TE (after a -H Connection's value,
 * that field then not sent) and TE: gzip after Accept; a -H TE alone.
 */
static void
request_te(void)
{
	static char *hdrs[] = { "X-A: 1", "Connection:  keep-alive ", "TE: x" };
	struct http_req rq = { .method = "GET", .target = "/", .host = "h",
	    .headers = hdrs, .nheaders = 1, .te = 1, .accept_encoding = "gzip" };

	is_str(built(&rq), "GET / HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n"
	    "Connection: TE\r\nTE: gzip\r\nAccept-Encoding: gzip\r\n"
	    "X-A: 1\r\n\r\n", "--tr-encoding: curl's fields in curl's place");
	rq.nheaders = 2;
	is_str(built(&rq), "GET / HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n"
	    "Connection: keep-alive , TE\r\nTE: gzip\r\n"
	    "Accept-Encoding: gzip\r\nX-A: 1\r\n\r\n",
	    "... a -H Connection's value first, as curl's");
	rq.nheaders = 3;
	is_str(built(&rq), "GET / HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n"
	    "Accept-Encoding: gzip\r\nX-A: 1\r\nConnection:  keep-alive "
	    "\r\nTE: x\r\n\r\n", "... a -H TE: the user's fields alone");
}

/* Keep-alive: what the response and our own request say (RFC 9112 9.3). */
static void
persistence(void)
{
	struct http_req rq;
	char *hdrs[2];

	head("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
	is_int(http_resp_persistent(&r), 1, "HTTP/1.1 persists");
	head("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
	is_int(http_resp_persistent(&r), 0, "Connection: close ends it");
	head("HTTP/1.1 200 OK\r\nconnection: Upgrade ,  CLOSE\r\n\r\n");
	is_int(http_resp_persistent(&r), 0, "close in a list, any case");
	head("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\n"
	    "Connection: close\r\n\r\n");
	is_int(http_resp_persistent(&r), 0, "close in a second field");
	head("HTTP/1.1 200 OK\r\nConnection: closed, xclose\r\n\r\n");
	is_int(http_resp_persistent(&r), 1, "tokens, not substrings");
	head("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n");
	is_int(http_resp_persistent(&r), 0, "HTTP/1.0 closes by default");
	head("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\n\r\n");
	is_int(http_resp_persistent(&r), 1, "HTTP/1.0 with keep-alive");
	head("HTTP/1.0 200 OK\r\nConnection: keep-alive, close\r\n\r\n");
	is_int(http_resp_persistent(&r), 0, "keep-alive and close: close");

	memset(&rq, 0, sizeof(rq));
	rq.method = "GET";
	rq.target = "/";
	rq.host = "h";
	is_int(http_request_closes(&rq), 1, "default request closes");
	rq.keep_alive = 1;
	is_int(http_request_closes(&rq), 0, "keep_alive: it does not");
	is_str(built(&rq), "GET / HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n\r\n",
	    "keep_alive: no Connection field");
	rq.accept_encoding = "gzip, deflate";
	is_str(built(&rq), "GET / HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n"
	    "Accept-Encoding: gzip, deflate\r\n\r\n",
	    "accept_encoding: after Accept");
	hdrs[0] = "accept-encoding: br";
	rq.headers = hdrs;
	rq.nheaders = 1;
	is_str(built(&rq), "GET / HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n"
	    "accept-encoding: br\r\n\r\n", "... -H Accept-Encoding wins");
	rq.accept_encoding = NULL;
	rq.nheaders = 0;
	hdrs[0] = "connection: foo, Close";
	rq.headers = hdrs;
	rq.nheaders = 1;
	is_int(http_request_closes(&rq), 1, "-H Connection naming close");
	hdrs[0] = "Connection: keep-alive";
	rq.keep_alive = 0;
	is_int(http_request_closes(&rq), 0, "-H Connection: keep-alive");
	hdrs[0] = "Connection:";
	is_int(http_request_closes(&rq), 0, "-H Connection: drops the close");
	hdrs[0] = "Connection;";
	is_int(http_request_closes(&rq), 0, "-H Connection; sends it empty");
}

int
main(void)
{
	enum http_body_kind k;
	enum http_coding cd[HTTP_CODINGS_MAX];
	uint64_t len;
	const char *s;
	char big[200 * 40], req[4096], *hdrs[4];
	size_t i, used, step;
	struct http_req rq;
	long n;
	int same;

	/* heads */
	s = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
	    "content-length:  5 \r\n\r\nhello";
	is_int(head(s), (long)strlen(s) - 5, "head length");
	is_int(r.status, 200, "status");
	is_int(r.minor, 1, "minor version");
	ok(r.rlen == 2 && memcmp(r.reason, "OK", 2) == 0, "reason");
	is_int(r.nfields, 2, "two fields");
	is_str(fval("Content-Length"), "5", "field any case, OWS trimmed");
	is_str(fval("X-None"), "(none)", "missing field");
	is_int(head("HTTP/1.1 200 OK\r\nA: b\r\n"), 0, "incomplete: need more");
	is_int(head("HTTP/1.1 200 OK\r\n"), 0, "status line only: more");
	is_int(head("HTT"), 0, "partial protocol: more");
	is_int(head("HTTP/1.0 404 Not Found\n\n"), 24, "bare LF lines");
	is_int(r.status, 404, "404");
	is_int(head("HTTP/1.1 204\r\n\r\n"), 16, "no reason, no space");
	is_int(head("HTTP/1.1 200 \r\n\r\n"), 17, "empty reason");
	is_int(head("HTTP/1.1 200 OK\r\nX: a\r\n  b\r\nY: c\r\n\r\n") > 0, 1,
	    "obs-fold accepted");
	is_str(fval("X"), "a    b", "obs-fold becomes spaces");
	is_str(fval("Y"), "c", "field after fold");
	is_int(head("HTTP/1.1 200 OK\r\nX:\r\n\r\n") > 0, 1, "empty value");
	is_str(fval("X"), "", "empty value is empty");

	is_int(head("SSH-2.0-OpenSSH\r\n\r\n"), -1, "garbage status line");
	ok(strstr(err, "bad status line") != NULL, "... says so");
	is_int(head("garbage"), -1, "garbage fails before any line end");
	is_int(head("HTTP/2 200\r\n\r\n"), -1, "HTTP/2 status line");
	is_int(head("HTTP/2.0 200 OK\r\n\r\n"), -1, "HTTP/2.0");
	ok(strstr(err, "HTTP/2.0") != NULL, "... names the version");
	/* http-get's, as curl 7.88 reads them */
	{
		static const char *took[] = { "HTTP/2 200\r\n\r\n",
		    "HTTP/2.0 200 OK\r\n\r\n", "HTTP/2 200 \r\n\r\n",
		    "HTTP/1.1  \t204 X\r\n\r\n", "HTTP/1.1 600\r\n\r\n" };
		static const char *refused[] = { "HTTP/2.1 200 OK\r\n\r\n",
		    "HTTP/3 200\r\n\r\n", "HTTP/0.9 200\r\n\r\n",
		    "HTTP/1.1 099 X\r\n\r\n", "HTTP/1.1 2000\r\n\r\n",
		    "HTTP/2\r\n\r\n" };
		size_t i, k;

		for (i = 0; i < sizeof(took) / sizeof(took[0]); i++) {
			k = strlen(took[i]);
			memcpy(hb, took[i], k);
			ok(http_head_parse_client(hb, k, sizeof(hb), &r, err) ==
			    (long)k, "client: a status line curl takes");
		}
		for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
			k = strlen(refused[i]);
			memcpy(hb, refused[i], k);
			ok(http_head_parse_client(hb, k, sizeof(hb), &r, err) ==
			    -1, "client: a status line curl refuses");
		}
		memcpy(hb, "HTTP/2 201 Made\r\n\r\n", 19);
		ok(http_head_parse_client(hb, 19, sizeof(hb), &r, err) == 19 &&
		    r.major == 2 && r.status == 201 && r.rlen == 4,
		    "client: HTTP/2's version, code and reason");
	}
	is_int(head("HTTP/1.1 20 OK\r\n\r\n"), -1, "two-digit status");
	is_int(head("HTTP/1.1 999 X\r\n\r\n"), 18, "status 999 parsed");
	is_int(r.status, 999, "... as 999");
	is_int(head("HTTP/1.1 099 X\r\n\r\n"), 18, "status 099 parsed");
	is_int(r.status, 99, "... as 99");
	is_int(head("HTTP/1.1 1000 X\r\n\r\n"), -1, "four-digit status");
	is_int(head("HTTP/1.1 2x0 X\r\n\r\n"), -1, "status not digits");
	is_int(http_status_class(100), 1, "100 is 1xx");
	is_int(http_status_class(204), 2, "204 is 2xx");
	is_int(http_status_class(404), 4, "404 is 4xx");
	is_int(http_status_class(599), 5, "599 is 5xx");
	is_int(http_status_class(600), 5, "600 counts as 5xx");
	is_int(http_status_class(999), 5, "999 counts as 5xx");
	is_int(http_status_class(99), 5, "099 counts as 5xx");
	is_int(http_status_class(0), 5, "000 counts as 5xx");
	is_int(head("HTTP/1.1 200OK\r\n\r\n"), -1, "no space before reason");
	is_int(head("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n"), -1,
	    "space in field name");
	is_int(head("HTTP/1.1 200 OK\r\nName : x\r\n\r\n"), -1,
	    "space before colon");
	is_int(head("HTTP/1.1 200 OK\r\nNoColon\r\n\r\n"), -1, "no colon");
	is_int(head("HTTP/1.1 200 OK\r\n: x\r\n\r\n"), -1, "empty name");
	is_int(head("HTTP/1.1 200 OK\r\n X: x\r\n\r\n"), -1,
	    "fold before first field");
	is_int(head("HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n"), -1, "bare CR");
	{
		char nul[] = "HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n";

		memcpy(hb, nul, sizeof(nul) - 1);
		is_int(http_head_parse(hb, sizeof(nul) - 1, &r, err), -1,
		    "NUL in value");
	}

	/* limits */
	n = snprintf(big, sizeof(big), "HTTP/1.1 200 OK\r\n");
	for (i = 0; i < 100; i++)
		n += snprintf(big + n, sizeof(big) - (size_t)n,
		    "X-Field: value\r\n");
	snprintf(big + n, sizeof(big) - (size_t)n, "\r\n");
	ok(head(big) > 0 && r.nfields == 100, "100 fields accepted");
	snprintf(big + n, sizeof(big) - (size_t)n, "X-One-More: v\r\n\r\n");
	is_int(head(big), -1, "101 fields refused");
	ok(strstr(err, "too many header fields") != NULL, "... says so");
	memcpy(hb, "HTTP/1.1 200 OK\r\nX: ", 20);
	memset(hb + 20, 'a', sizeof(hb) - 20);
	is_int(http_head_parse(hb, HTTP_HEAD_MAX - 1, &r, err), 0,
	    "just under the limit: more");
	is_int(http_head_parse(hb, HTTP_HEAD_MAX, &r, err), -1,
	    "64 KiB without an end refused");
	ok(strstr(err, "too large") != NULL, "... as too large");
	is_int(http_head_parse(hb, sizeof(hb), &r, err), -1,
	    "more than 64 KiB refused");
	memcpy(hb + HTTP_HEAD_MAX + 10, "\r\n\r\n", 4);
	is_int(http_head_parse(hb, sizeof(hb), &r, err), -1,
	    "end past 64 KiB still refused");
	/* a client's cap: curl's 100 KB a line (CURL_MAX_HTTP_HEADER) */
	memset(hb + 20, 'a', sizeof(hb) - 20);
	/* the line "X: a...\r\n" from 17, HTTP_LINE_MAX with its end */
	memcpy(hb + 17 + HTTP_LINE_MAX - 2, "\r\n\r\n", 4);
	ok(http_head_parse_client(hb, 17 + HTTP_LINE_MAX + 2, sizeof(hb), &r,
	    err) == -1 && r.huge_line, "a line of 100 KB with its end: huge");
	memcpy(hb + 17 + HTTP_LINE_MAX - 3, "\r\n\r\n", 4);
	is_int(http_head_parse_client(hb, 17 + HTTP_LINE_MAX + 1, sizeof(hb), &r,
	    err), 17 + HTTP_LINE_MAX + 1, "... a byte less: read");
	memset(hb + 20, 'a', sizeof(hb) - 20);
	ok(http_head_parse_client(hb, 17 + HTTP_LINE_MAX - 1, sizeof(hb), &r,
	    err) == -1 && r.huge_line, "... under way and that long: huge");
	is_int(http_head_parse_client(hb, 17 + HTTP_LINE_MAX - 2, sizeof(hb), &r,
	    err), 0, "... shorter: more");

	/* framing */
	framing("HTTP/1.1 200 OK\r\nContent-Length: 42\r\n\r\n", 0, &k, &len);
	ok(k == HTTP_BODY_LENGTH && len == 42, "Content-Length");
	framing("HTTP/1.1 200 OK\r\nContent-Length: 42, 42\r\n"
	    "Content-Length: 42\r\n\r\n", 0, &k, &len);
	ok(k == HTTP_BODY_LENGTH && len == 42, "repeated equal lengths");
	is_int(framing("HTTP/1.1 200 OK\r\nContent-Length: 42\r\n"
	    "Content-Length: 43\r\n\r\n", 0, &k, &len), -1,
	    "conflicting lengths");
	is_int(framing("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", 0,
	    &k, &len), -1, "negative length");
	is_int(framing("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n", 0,
	    &k, &len), -1, "junk length");
	is_int(framing("HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n", 0,
	    &k, &len), -1, "empty length");
	is_int(framing("HTTP/1.1 200 OK\r\nContent-Length: "
	    "99999999999999999999999\r\n\r\n", 0, &k, &len), -1,
	    "huge length");
	framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n"
	    "Content-Length: 5\r\n\r\n", 0, &k, &len);
	ok(k == HTTP_BODY_CHUNKED, "chunked wins over Content-Length");
	is_int(framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked"
	    "\r\n\r\n", 0, &k, &len), 0, "gzip, chunked: decoded");
	ok(k == HTTP_BODY_CHUNKED, "... framed by chunked");
	is_int(framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: compress, "
	    "chunked\r\n\r\n", 0, &k, &len), -1, "compress refused");
	ok(strstr(err, "'compress'") != NULL, "... by name");
	is_int(framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: compress, "
	    "chunked\r\n\r\n", HTTP_FRAMING_ANY, &k, &len), 0,
	    "HTTP_FRAMING_ANY: compress passed on");
	ok(k == HTTP_BODY_CHUNKED, "... framed by chunked");
	is_int(framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: br\r\n\r\n",
	    HTTP_FRAMING_ANY, &k, &len), 0, "HTTP_FRAMING_ANY: br alone");
	ok(k == HTTP_BODY_CLOSE, "... until close");
	is_int(framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, br"
	    "\r\n\r\n", HTTP_FRAMING_ANY, &k, &len), -1,
	    "HTTP_FRAMING_ANY: chunked not last, refused still");
	framing("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n",
	    HTTP_FRAMING_HEAD | HTTP_FRAMING_ANY, &k, &len);
	ok(k == HTTP_BODY_NONE, "HTTP_FRAMING_HEAD with ANY: no body");
	is_int(framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, "
	    "chunked\r\n\r\n", 0, &k, &len), -1, "chunked twice");
	framing("HTTP/1.1 200 OK\r\n\r\n", 0, &k, &len);
	ok(k == HTTP_BODY_CLOSE, "no length: until close");
	framing("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", 1, &k, &len);
	ok(k == HTTP_BODY_NONE, "HEAD: no body");
	framing("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n", 0,
	    &k, &len);
	ok(k == HTTP_BODY_NONE, "204: no body");
	framing("HTTP/1.1 304 Not Modified\r\n\r\n", 0, &k, &len);
	ok(k == HTTP_BODY_NONE, "304: no body");
	framing("HTTP/1.1 100 Continue\r\n\r\n", 0, &k, &len);
	ok(k == HTTP_BODY_NONE, "1xx: no body");
	framing("HTTP/1.1 099 Low\r\nContent-Length: 3\r\n\r\n", 0, &k,
	    &len);
	ok(k == HTTP_BODY_LENGTH && len == 3, "099 is no 1xx: it has a body");
	framing("HTTP/1.1 999 X\r\n\r\n", 0, &k, &len);
	ok(k == HTTP_BODY_CLOSE, "999 has a body, until close");
	is_int(framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\n"
	    "\r\n", 0, &k, &len), 0, "identity accepted");
	ok(k == HTTP_BODY_CLOSE, "... read until close");
	framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: Identity\r\n"
	    "Content-Length: 5\r\n\r\n", 0, &k, &len);
	ok(k == HTTP_BODY_CLOSE && len == 0,
	    "identity overrides Content-Length");
	framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n", 0, &k, &len);
	ok(k == HTTP_BODY_CHUNKED, "identity then chunked: chunked");
	is_int(framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, "
	    "identity\r\n\r\n", 0, &k, &len), -1,
	    "chunked, identity: chunked not last");
	is_int(framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: identity, "
	    "gzip\r\n\r\n", 0, &k, &len), 0, "identity, gzip: decoded");
	ok(k == HTTP_BODY_CLOSE, "... until close");
	is_int(framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, br\r\n"
	    "\r\n", 0, &k, &len), -1, "gzip, br refused");
	ok(strstr(err, "'br'") != NULL, "... naming br");
	is_int(framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, "
	    "gzip\r\n\r\n", 0, &k, &len), -1, "chunked, gzip: chunked not "
	    "last");

	/* the codings to undo, in order */
	head("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
	    "Transfer-Encoding: deflate, x-gzip , chunked\r\n\r\n");
	is_int(http_codings(&r, 0, cd, HTTP_CODINGS_MAX, err), 2,
	    "codings: the transfer ones alone without content");
	ok(cd[0] == HTTP_CODING_GZIP && cd[1] == HTTP_CODING_DEFLATE,
	    "... last applied first (x-gzip is gzip)");
	is_int(http_codings(&r, 1, cd, HTTP_CODINGS_MAX, err), 3,
	    "... and Content-Encoding's with content");
	ok(cd[0] == HTTP_CODING_GZIP && cd[1] == HTTP_CODING_DEFLATE &&
	    cd[2] == HTTP_CODING_GZIP, "... after the transfer ones");
	head("HTTP/1.1 200 OK\r\nContent-Encoding: deflate, identity, "
	    "GZIP\r\nContent-Encoding: x-gzip\r\n\r\n");
	is_int(http_codings(&r, 1, cd, HTTP_CODINGS_MAX, err), 3,
	    "two Content-Encoding fields, identity left out");
	ok(cd[0] == HTTP_CODING_GZIP && cd[1] == HTTP_CODING_GZIP &&
	    cd[2] == HTTP_CODING_DEFLATE, "... last first, any case");
	is_int(http_codings(&r, 1, cd, 2, err), -1, "... over the room");
	ok(strstr(err, "too many") != NULL, "... saying so");
	head("HTTP/1.1 200 OK\r\nContent-Encoding: compress\r\n\r\n");
	is_int(http_codings(&r, 0, cd, HTTP_CODINGS_MAX, err), 0,
	    "an unknown content coding is no matter without content");
	is_int(http_codings(&r, 1, cd, HTTP_CODINGS_MAX, err), -1,
	    "... refused with it");
	ok(strstr(err, "content encoding 'compress'") != NULL, "... by name");
	head("HTTP/1.1 200 OK\r\nContent-Encoding: BR, zstd\r\n\r\n");
	is_int(http_codings(&r, 1, cd, HTTP_CODINGS_MAX, err), 2,
	    "br and zstd");
	ok(cd[0] == HTTP_CODING_ZSTD && cd[1] == HTTP_CODING_BR,
	    "... last first, any case");
	is_str(http_coding_str(cd[1]), "br", "... named");
	head("HTTP/1.1 200 OK\r\nContent-Encoding: identity\r\n\r\n");
	is_int(http_codings(&r, 1, cd, HTTP_CODINGS_MAX, err), 0,
	    "identity: nothing to undo");
	framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\n\r\n",
	    1, &k, &len);
	ok(k == HTTP_BODY_NONE, "identity on HEAD: no body");

	/* chunked */
	s = "5;name=val\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
	is_str(dechunk(s, strlen(s), 1000, &used), "hello world",
	    "chunked with an extension");
	is_int((long)used, (long)strlen(s), "all consumed");
	s = "A\r\n0123456789\r\na\r\nabcdefghij\r\n0\r\nX-Sum: 1\r\n"
	    "Y: 2\r\n\r\nNEXT";
	is_str(dechunk(s, strlen(s), 1000, &used), "0123456789abcdefghij",
	    "hex sizes and trailers");
	is_int((long)used, (long)strlen(s) - 4, "stops at the end of body");
	s = "3\nabc\n0\n\n";
	is_str(dechunk(s, strlen(s), 1000, &used), "abc", "bare LF framing");
	s = "3 ; a=\"b c\"\r\nabc\r\n0\r\n\r\n";
	is_str(dechunk(s, strlen(s), 1000, &used), "abc",
	    "whitespace and quoted extension");
	s = "5\r\nhel";
	is_str(dechunk(s, strlen(s), 1000, &used), "hel|INCOMPLETE",
	    "truncated body is incomplete");
	s = "5\r\nhello\r\n0\r\n";
	is_str(dechunk(s, strlen(s), 1000, &used), "hello|INCOMPLETE",
	    "missing final CRLF is incomplete");
	s = "zz\r\n";
	ok(strncmp(dechunk(s, strlen(s), 1000, &used), "ERR:", 4) == 0,
	    "bad size");
	s = "\r\n";
	ok(strncmp(dechunk(s, strlen(s), 1000, &used), "ERR:", 4) == 0,
	    "empty size");
	s = "3\r\nabcX\r\n";
	ok(strncmp(dechunk(s, strlen(s), 1000, &used), "ERR:", 4) == 0,
	    "no CRLF after data");
	s = "1000000000000000\r\n";
	ok(strncmp(dechunk(s, strlen(s), 1000, &used), "ERR:", 4) == 0,
	    "size overflow");
	ok(strstr(err, "too large") != NULL, "... too large");
	s = "FFFFFFFFFFFFFFFFFFFF\r\n";
	ok(strncmp(dechunk(s, strlen(s), 1000, &used), "ERR:", 4) == 0,
	    "20 hex digits refused");
	s = "000000000000000B\r\nhello world\r\n0\r\n\r\n";
	is_str(dechunk(s, strlen(s), 1000, &used), "hello world",
	    "leading zeros: only the value counts");
	s = "0FFFFFFFFFFFFFFF\r\n";
	is_str(dechunk(s, strlen(s), 1000, &used), "|INCOMPLETE",
	    "2^60 - 1 after a zero is fine");
	s = "0000000000000000000000000000000\r\n\r\n";
	is_str(dechunk(s, strlen(s), 1000, &used), "",
	    "a last chunk of many zeros");
	is_int((long)used, (long)strlen(s), "... is the end");
	{
		char zeros[HTTP_CHUNK_LINE_MAX + 64];

		memset(zeros, '0', sizeof(zeros));
		ok(strncmp(dechunk(zeros, sizeof(zeros), 1000, &used),
		    "ERR:", 4) == 0, "endless zeros refused");
		ok(strstr(err, "line too long") != NULL, "... line too long");
	}
	s = "3\r\x01\nabc";
	ok(strncmp(dechunk(s, strlen(s), 1000, &used), "ERR:", 4) == 0,
	    "CR not followed by LF");
	{
		char ext[HTTP_CHUNK_LINE_MAX + 64];

		memset(ext, 'e', sizeof(ext));
		ext[0] = '1';
		ext[1] = ';';
		ok(strncmp(dechunk(ext, sizeof(ext), 1000, &used), "ERR:",
		    4) == 0, "over-long extension refused");
	}
	{
		struct http_chunked sc;
		char bws[HTTP_CHUNK_LINE_MAX + 64];

		/* a strict decoder's BWS before ';' is the line's too */
		memset(bws, ' ', sizeof(bws));
		bws[0] = '1';
		http_chunked_init_strict(&sc);
		ok(http_chunked_decode(&sc, bws, sizeof(bws), NULL, err) ==
		    -1, "strict: endless white space after a size refused");
	}
	/* the trailer lines, where they lie, for -i and -D (curl's) */
	{
		struct http_chunked tc;
		char tb[] = "3\r\nok\n\r\n0\r\nX-T: yes\r\nY: 2\n\r\n";
		size_t got;

		http_chunked_init(&tc);
		ok(http_chunked_decode(&tc, tb, sizeof(tb) - 1, &got, err) ==
		    (long)sizeof(tb) - 1 && got == 3 && tc.tr_len == 15 &&
		    memcmp(tb + tc.tr_from, "X-T: yes\r\nY: 2\n", 15) == 0,
		    "trailer lines: where they came, the empty line left out");
		memcpy(tb, "3\r\nok\n\r\n0\r", 10);
		http_chunked_init(&tc);
		ok(http_chunked_decode(&tc, tb, 10, &got, err) == 10 &&
		    tc.tr_len == 0 && got == 3, "none before them");
	}
	/* a trailer line's end and the trailer's bound, in either mode */
	{
		static const char *const ends[] = { "0\r\nX: 1\rY\r\n\r\n",
		    "0\r\nX: 1\r\n\rY" };
		static const char *const what[2][4] = {
		    { "lenient: CR without LF after a field: bad line ending",
		    "lenient: CR without LF ending the trailer: the same",
		    "lenient: a trailer over HTTP_HEAD_MAX refused",
		    "lenient: a field's CR LF, the empty line's: the end, "
		    "before what follows" },
		    { "strict: CR without LF after a field: bad line ending",
		    "strict: CR without LF ending the trailer: the same",
		    "strict: a trailer over HTTP_HEAD_MAX refused",
		    "strict: a field's CR LF, the empty line's: the end, "
		    "before what follows" } };
		static char big[HTTP_HEAD_MAX + 64];
		struct http_chunked sc;
		int i, st;

		for (st = 0; st < 2; st++) {
			for (i = 0; i < 2; i++) {
				(st ? http_chunked_init_strict :
				    http_chunked_init)(&sc);
				memcpy(big, ends[i], strlen(ends[i]));
				ok(http_chunked_decode(&sc, big, strlen(ends[i]),
				    NULL, err) == -1 && strstr(err,
				    "trailer line ending") != NULL, what[st][i]);
			}
			(st ? http_chunked_init_strict : http_chunked_init)(&sc);
			memset(big, 'a', sizeof(big));
			memcpy(big, "0\r\nX: ", 6);
			ok(http_chunked_decode(&sc, big, sizeof(big), NULL,
			    err) == -1 && strstr(err, "trailer too large") !=
			    NULL, what[st][2]);
			(st ? http_chunked_init_strict : http_chunked_init)(&sc);
			memcpy(big, "0\r\nX: 1\r\n\r\nZ", 12);
			ok(http_chunked_decode(&sc, big, 12, NULL, err) == 11 &&
			    http_chunked_done(&sc), what[st][3]);
		}
	}

	/* every split gives the same output */
	s = "4;x=y\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n"
	    "0\r\nExpires: never\r\n\r\n";
	same = 1;
	for (step = 1; step <= strlen(s); step++)
		if (strcmp(dechunk(s, strlen(s), step, &used),
		    "Wikipedia in\r\n\r\nchunks.") != 0 || used != strlen(s))
			same = 0;
	ok(same, "same output for every piece size 1..len");

	/* requests */
	memset(&rq, 0, sizeof(rq));
	rq.method = "GET";
	rq.target = "/x?y";
	rq.host = "[::1]:8080";
	rq.agent = "sockt/" SOCKT_VERSION;
	is_str(built(&rq), "GET /x?y HTTP/1.1\r\nHost: [::1]:8080\r\n"
	    "User-Agent: sockt/" SOCKT_VERSION "\r\nAccept: */*\r\n"
	    "\r\n", "default request: no Connection, as curl");
	hdrs[0] = "accept: text/html";
	hdrs[1] = "User-Agent:";
	hdrs[2] = "X-Empty;";
	hdrs[3] = "X-Extra:  1";
	rq.headers = hdrs;
	rq.nheaders = 4;
	rq.user = "Aladdin";
	rq.pass = "open sesame";
	rq.method = "HEAD";
	is_str(built(&rq), "HEAD /x?y HTTP/1.1\r\nHost: [::1]:8080\r\n"
	    "Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n"
	    "accept: text/html\r\nX-Empty:\r\n"
	    "X-Extra:  1\r\n\r\n", "-H replaces, removes, adds as given; "
	    "Basic auth");
	is_int(http_request_build(&rq, req, 40, err), -1, "too small buffer");

	is_int(http_header_check("X-A: b", err), 0, "good header");
	is_int(http_header_check("X-A: b\r\nEvil: 1", err), -1, "CRLF header");
	ok(strstr(err, "CR or LF") != NULL, "... says CR or LF");
	is_int(http_header_check("X-A: b\nEvil: 1", err), -1, "LF header");
	is_int(http_header_check("NoColon", err), -1, "no colon");
	is_int(http_header_check("Bad Name: x", err), -1, "space in name");
	is_int(http_header_check("X-A: a\001b", err), -1, "control in value");
	is_int(http_value_ok("agent/1.0 (x\ty)"), 1, "value with HTAB ok");
	is_int(http_value_ok("agent\033[1m"), 0, "value with ESC refused");
	is_int(http_value_ok("agent\177"), 0, "value with DEL refused");
	is_int(http_header_check(": x", err), -1, "empty name");
	is_int(http_header_check("X;y", err), -1, "junk after ;");
	is_int(http_header_check("X-Empty;", err), 0, "Name; form");
	ok(http_header_ignored("NoColon") && http_header_ignored("X;y") &&
	    http_header_ignored("X;  ") && !http_header_ignored("X;") &&
	    !http_header_ignored("X: a;b") && !http_header_ignored("X:"),
	    "the -H curl drops: no colon, but Name;");

	{
		char b64[16];

		base64_encode((const unsigned char *)"a", 1, b64);
		is_str(b64, "YQ==", "base64 one byte");
		base64_encode((const unsigned char *)"ab", 2, b64);
		is_str(b64, "YWI=", "base64 two bytes");
		base64_encode((const unsigned char *)"abc", 3, b64);
		is_str(b64, "YWJj", "base64 three bytes");
	}
	persistence();
	request_order();
	request_te();
	{
		/* out NULL: the framing followed, the bytes left as they are */
		static const char in[] = "5\r\nhello\r\n0\r\nT: 1\r\n\r\nNEXT";
		char copy[sizeof(in)];
		struct http_chunked c;
		size_t i, used = 0;
		long k;

		memcpy(copy, in, sizeof(in));
		http_chunked_init(&c);
		for (i = 0; i < sizeof(in) - 1 && !http_chunked_done(&c);
		    i++) {
			k = http_chunked_decode(&c, copy + i, 1, NULL, err);
			if (k < 0)
				break;
			used += (size_t)k;
		}
		ok(http_chunked_done(&c) && used == sizeof(in) - 5 &&
		    memcmp(copy, in, sizeof(in)) == 0,
		    "chunked, out NULL: where the body ends, the bytes "
		    "untouched");
	}
	/* chunked trailer lines as curl 7.88 writes them */
	{
		static const char in[] = "A: 1\nB: 2\r\n  fold\n"
		    "nocolon\r\nC: 3\n";
		char out[2 * sizeof(in)];
		size_t k;
		int why;

		k = http_trailer_lines(in, 18, out, &why);
		ok(k == 20 && memcmp(out, "A: 1\r\nB: 2\r\n  fold\r\n",
		    20) == 0 && why == 0,
		    "trailers: each line CR LF, a fold kept");
		k = http_trailer_lines(in, sizeof(in) - 1, out, &why);
		ok(k == 20 && why == HTTP_TRAILER_FIELD,
		    "trailers: stopped before a line that is no field");
		memset(hb, 'a', 5000);
		memcpy(hb, "X: ", 3);
		hb[HTTP_TRAILER_LINE_MAX] = '\n';
		ok(http_trailer_lines(hb, HTTP_TRAILER_LINE_MAX + 1, hb + 8192,
		    &why) == HTTP_TRAILER_LINE_MAX + 2 && why == 0,
		    "trailers: a line of curl's 4093 bytes taken");
		hb[HTTP_TRAILER_LINE_MAX] = 'a';
		hb[HTTP_TRAILER_LINE_MAX + 1] = '\n';
		ok(http_trailer_lines(hb, HTTP_TRAILER_LINE_MAX + 2, hb + 8192,
		    &why) == 0 && why == HTTP_TRAILER_LONG,
		    "trailers: a byte more refused");
	}
	return tap_done();
}
