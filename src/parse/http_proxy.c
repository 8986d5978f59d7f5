/*
 * http_proxy.c: an HTTP proxy's request heads, and the response heads
 * it passes back, pure (no I/O), so the unit tests and the fuzzer link
 * it alone.  http_proxy.h states the contract.  A request head is read
 * line by line twice: once to check it and find the target,
 * Proxy-Authorization, its body and whether the client stays, once to
 * write it out for the origin server.  A response head comes parsed
 * (parse/http.c) and is written out from its fields.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/http.h"
#include "parse/http_proxy.h"
#include "parse/socks.h"
#include "sockt.h"

#define DROP_MAX	32	/* fields a Connection field may name */

/* One line of the head: [start, end) without its CR LF; next after it. */
struct line {
	size_t	start, end, next;
};

/*
 * The line at pos in buf[0..len): 1 with l set, 0 when no LF follows.
 * A CR before the LF is not part of the line; a bare LF ends one too.
 */
static int
line_at(const char *buf, size_t len, size_t pos, struct line *l)
{
	const char *lf = memchr(buf + pos, '\n', len - pos);

	if (lf == NULL)
		return 0;
	l->start = pos;
	l->end = (size_t)(lf - buf);
	l->next = l->end + 1;
	if (l->end > pos && buf[l->end - 1] == '\r')
		l->end--;
	return 1;
}

/* RFC 9110 section 5.6.2: tchar */
static int
tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr("!#$%&'*+-.^_`|~",
	    c) != NULL);
}

/* A byte a host name or address may hold (brackets apart). */
static int
host_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

static long
bad(struct hproxy_req *rq, int status, char *err, const char *what)
{
	rq->status = status;
	snprintf(err, SK_ERRLEN, "%s", what);
	return -1;
}

/*
 * host[:port] or [v6]:port at s[0..n) into rq; port_needed: CONNECT's
 * authority-form, which has no default.  Returns 0, or -1.
 */
static int
authority(const char *s, size_t n, int port_needed, struct hproxy_req *rq)
{
	size_t hl, i, p;
	int port = 0;

	if (n > 0 && s[0] == '[') {
		for (hl = 1; hl < n && s[hl] != ']'; hl++)
			if (!(host_byte((unsigned char)s[hl]) || s[hl] == ':'))
				return -1;
		if (hl == n || hl == 1 || hl - 1 >= sizeof(rq->host) ||
		    memchr(s + 1, ':', hl - 1) == NULL)
			return -1;
		memcpy(rq->host, s + 1, hl - 1);
		rq->host[hl - 1] = '\0';
		p = hl + 1;
	} else {
		for (hl = 0; hl < n && s[hl] != ':'; hl++)
			if (!host_byte((unsigned char)s[hl]))
				return -1;
		if (hl == 0 || hl >= sizeof(rq->host))
			return -1;
		memcpy(rq->host, s, hl);
		rq->host[hl] = '\0';
		p = hl;
	}
	if (p == n) {
		if (port_needed)
			return -1;
		rq->port = 80;
		return 0;
	}
	if (s[p] != ':')
		return -1;
	/* "host:" is the default port (RFC 3986), but not for CONNECT */
	if (p + 1 == n && !port_needed) {
		rq->port = 80;
		return 0;
	}
	for (i = p + 1; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || i - p > 5)
			return -1;
		port = port * 10 + (s[i] - '0');
	}
	if (port < 1 || port > 65535)
		return -1;
	rq->port = port;
	return 0;
}

/* The target t[0..n) of the request line. */
static long
target(const char *buf, size_t t, size_t n, struct hproxy_req *rq, char *err)
{
	const char *s = buf + t;
	size_t a, e;

	if (rq->connect) {
		if (authority(s, n, 1, rq) == -1)
			return bad(rq, 400, err, "CONNECT needs host:port");
		return 0;
	}
	if (n < 7 || strncasecmp(s, "http://", 7) != 0) {
		if (n > 0 && (s[0] == '/' || s[0] == '*'))
			return bad(rq, 400, err, "not a proxy request (no "
			    "absolute URL)");
		return bad(rq, 501, err, "only http:// URLs are proxied "
		    "(https through CONNECT)");
	}
	for (e = 7; e < n && s[e] != '/' && s[e] != '?' && s[e] != '#'; e++)
		continue;
	/* user@ in a URL: deprecated (RFC 9110 section 4.2.4), left out */
	for (a = e; a > 7 && s[a - 1] != '@'; a--)
		continue;
	if (authority(s + a, e - a, 0, rq) == -1)
		return bad(rq, 400, err, "bad host or port in the URL");
	rq->path_off = t + e;
	rq->path_len = n - e;
	if (memchr(s + e, '#', n - e) != NULL)
		rq->path_len = (size_t)((const char *)memchr(s + e, '#',
		    n - e) - (s + e));
	return 0;
}

/* The request line l of buf: METHOD SP target SP HTTP/1.x */
static long
request_line(const char *buf, const struct line *l, struct hproxy_req *rq,
    char *err)
{
	size_t i, m, t, tn;

	for (m = l->start; m < l->end && tchar((unsigned char)buf[m]); m++)
		continue;
	if (m == l->start || m == l->end || buf[m] != ' ')
		return bad(rq, 400, err, "bad request line");
	if (m - l->start >= HPROXY_METHOD_MAX)
		return bad(rq, 501, err, "method name too long");
	memcpy(rq->method, buf + l->start, m - l->start);
	rq->method[m - l->start] = '\0';
	rq->connect = strcmp(rq->method, "CONNECT") == 0;
	t = m + 1;
	for (i = t; i < l->end && buf[i] != ' '; i++)
		if ((unsigned char)buf[i] < 0x21 || buf[i] == 0x7f)
			return bad(rq, 400, err, "bad request target");
	tn = i - t;
	if (i == l->end || tn == 0)
		return bad(rq, 400, err, "bad request line");
	i++;
	if (l->end - i != 8 || memcmp(buf + i, "HTTP/", 5) != 0 ||
	    buf[i + 5] < '0' || buf[i + 5] > '9' || buf[i + 6] != '.' ||
	    buf[i + 7] < '0' || buf[i + 7] > '9')
		return bad(rq, 400, err, "bad request line");
	if (buf[i + 5] != '1')
		return bad(rq, 505, err, "only HTTP/1.x is proxied");
	rq->minor = buf[i + 7] - '0';
	return target(buf, t, tn, rq, err);
}

/*
 * A field line: name, colon, value; its name in [*ns, *ne), its value
 * trimmed in [*vs, *ve).  Returns 0, or -1 when malformed.
 */
static int
field(const char *buf, const struct line *l, size_t *ne, size_t *vs,
    size_t *ve)
{
	size_t i;

	for (i = l->start; i < l->end && tchar((unsigned char)buf[i]); i++)
		continue;
	/* no name, or space before the colon (RFC 9112 section 5.1) */
	if (i == l->start || i == l->end || buf[i] != ':')
		return -1;
	*ne = i;
	for (i++; i < l->end && (buf[i] == ' ' || buf[i] == '\t'); i++)
		continue;
	*vs = i;
	for (; i < l->end; i++)
		if (((unsigned char)buf[i] < 0x20 && buf[i] != '\t') ||
		    buf[i] == 0x7f)
			return -1;
	for (i = l->end; i > *vs && (buf[i - 1] == ' ' || buf[i - 1] == '\t');
	    i--)
		continue;
	*ve = i;
	return 0;
}

/* Is name[0..n) the field name s (any case)? */
static int
is_name(const char *name, size_t n, const char *s)
{
	return n == strlen(s) && strncasecmp(name, s, n) == 0;
}

static int
named(const char *buf, size_t s, size_t e, const char *name)
{
	return is_name(buf + s, e - s, name);
}

/* Where the head starts: a client may send empty lines before it. */
static size_t
head_start(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len && (buf[i] == '\r' || buf[i] == '\n'); i++)
		continue;
	return i;
}

/*
 * The request's body (RFC 9112 section 6.3) from its Content-Length and
 * Transfer-Encoding fields, gathered in fr: framed by http.c's rules, as
 * a response's, but neither field is no body, and a Transfer-Encoding
 * without chunked last none can delimit.  Returns 0, or -1 (400).
 */
static long
req_body(struct http_resp *fr, int te, int cl, struct hproxy_req *rq,
    char *err)
{
	enum http_body_kind kind;
	char why[SK_ERRLEN];

	/* a smuggling attempt, as RFC 9112 section 6.1 warns: refused */
	if (te && cl)
		return bad(rq, 400, err, "both Transfer-Encoding and "
		    "Content-Length");
	fr->major = fr->minor = 1;
	fr->status = 200;
	if (http_body_framing(fr, HTTP_FRAMING_ANY, &kind, &rq->body_len,
	    why) == -1)
		return bad(rq, 400, err, why);
	if (kind == HTTP_BODY_CLOSE && te)
		return bad(rq, 400, err, "a Transfer-Encoding without chunked "
		    "last");
	if (kind == HTTP_BODY_CLOSE || (kind == HTTP_BODY_LENGTH &&
	    rq->body_len == 0))
		kind = HTTP_BODY_NONE;
	rq->body = (int)kind;
	return 0;
}

long
hproxy_parse(const char *buf, size_t len, struct hproxy_req *rq, char *err)
{
	static struct http_resp fr;
	struct http_field *f;
	struct line l;
	size_t pos, ne, vs, ve, scan = len;
	int first = 1, te = 0, cl = 0, shut = 0, alive = 0;

	memset(rq, 0, sizeof(*rq));
	if (scan > HPROXY_HEAD_MAX)
		scan = HPROXY_HEAD_MAX;
	/* complete first: a head is only judged whole */
	for (pos = head_start(buf, scan);;) {
		if (!line_at(buf, scan, pos, &l)) {
			if (len >= HPROXY_HEAD_MAX)
				return bad(rq, 431, err, "request head over "
				    "16 KiB");
			return 0;
		}
		pos = l.next;
		if (l.end == l.start && !first)
			break;
		first = 0;
	}
	rq->head_len = pos;
	pos = head_start(buf, scan);
	(void)line_at(buf, scan, pos, &l);
	if (request_line(buf, &l, rq, err) == -1)
		return -1;
	fr.nfields = 0;
	for (pos = l.next; line_at(buf, rq->head_len, pos, &l) &&
	    l.end > l.start; pos = l.next) {
		if (buf[l.start] == ' ' || buf[l.start] == '\t')
			return bad(rq, 400, err, "obsolete line folding");
		if (field(buf, &l, &ne, &vs, &ve) == -1)
			return bad(rq, 400, err, "bad header field");
		if (named(buf, l.start, ne, "Proxy-Authorization") &&
		    rq->auth_len == 0) {
			rq->auth_off = vs;
			rq->auth_len = ve - vs;
		}
		/* the client's hop: Proxy-Connection counts as Connection */
		if (named(buf, l.start, ne, "Connection") ||
		    named(buf, l.start, ne, "Proxy-Connection")) {
			shut |= http_list_has(buf + vs, ve - vs, "close");
			alive |= http_list_has(buf + vs, ve - vs, "keep-alive");
		}
		te |= named(buf, l.start, ne, "Transfer-Encoding");
		cl |= named(buf, l.start, ne, "Content-Length");
		if (!named(buf, l.start, ne, "Transfer-Encoding") &&
		    !named(buf, l.start, ne, "Content-Length"))
			continue;
		if (fr.nfields == HTTP_FIELDS_MAX)
			return bad(rq, 400, err, "too many framing fields");
		f = &fr.fields[fr.nfields++];
		f->name = buf + l.start;
		f->nlen = ne - l.start;
		f->value = buf + vs;
		f->vlen = ve - vs;
	}
	rq->close = shut || (rq->minor == 0 && !alive);
	if (!rq->connect && req_body(&fr, te, cl, rq, err) == -1)
		return -1;
	return (long)rq->head_len;
}

/* Room left: append s[0..n) to out at *o, or fail. */
static int
put(char *out, size_t cap, size_t *o, const char *s, size_t n)
{
	if (n > cap - *o)
		return -1;
	memcpy(out + *o, s, n);
	*o += n;
	return 0;
}

/* The names a Connection field lists. */
struct drops {
	size_t		 n;
	const char	*s[DROP_MAX];
	size_t		 len[DROP_MAX];
};

/* The tokens of the Connection value v[0..n) into d. */
static void
drops_add(const char *v, size_t n, struct drops *d)
{
	size_t i = 0, s;

	while (i < n) {
		while (i < n && (v[i] == ',' || v[i] == ' ' || v[i] == '\t'))
			i++;
		for (s = i; i < n && tchar((unsigned char)v[i]); i++)
			continue;
		if (i > s && d->n < DROP_MAX) {
			d->s[d->n] = v + s;
			d->len[d->n++] = i - s;
		}
		/* skip what is no token (a parameter, garbage) */
		while (i < n && v[i] != ',')
			i++;
	}
}

/*
 * Is the field name[0..n) one of hop (nhop names), or one a Connection
 * field named?  The body's framing stays whatever Connection says.
 */
static int
dropped(const char *name, size_t n, const char *const *hop, size_t nhop,
    const struct drops *d)
{
	size_t i;

	for (i = 0; i < nhop; i++)
		if (is_name(name, n, hop[i]))
			return 1;
	if (is_name(name, n, "Content-Length") ||
	    is_name(name, n, "Transfer-Encoding"))
		return 0;
	for (i = 0; i < d->n; i++)
		if (n == d->len[i] && strncasecmp(name, d->s[i], n) == 0)
			return 1;
	return 0;
}

long
hproxy_rewrite(const char *buf, const struct hproxy_req *rq, int shut,
    char *out, size_t cap)
{
	static const char *const hop[] = { "Host", "Proxy-Authorization",
	    "Proxy-Connection", "Connection", "Keep-Alive", "TE", "Trailer",
	    "Upgrade" };
	struct drops d;
	struct line l;
	size_t o = 0, pos, first, ne, vs, ve;
	char host[SK_HOSTLEN + 16];
	int n;

	d.n = 0;
	first = head_start(buf, rq->head_len);
	if (!line_at(buf, rq->head_len, first, &l))
		return -1;
	first = l.next;
	for (pos = first; line_at(buf, rq->head_len, pos, &l) &&
	    l.end > l.start; pos = l.next)
		if (field(buf, &l, &ne, &vs, &ve) == 0 &&
		    (named(buf, l.start, ne, "Connection") ||
		    named(buf, l.start, ne, "Proxy-Connection")))
			drops_add(buf + vs, ve - vs, &d);
	if (put(out, cap, &o, rq->method, strlen(rq->method)) == -1 ||
	    put(out, cap, &o, " ", 1) == -1 ||
	    ((rq->path_len == 0 || buf[rq->path_off] != '/') &&
	    put(out, cap, &o, "/", 1) == -1) ||
	    put(out, cap, &o, buf + rq->path_off, rq->path_len) == -1)
		return -1;
	n = snprintf(host, sizeof(host), strchr(rq->host, ':') != NULL ?
	    "[%s]" : "%s", rq->host);
	if (n < 0 || (size_t)n >= sizeof(host))
		return -1;
	if (rq->port != 80) {
		n += snprintf(host + n, sizeof(host) - (size_t)n, ":%d",
		    rq->port);
		if ((size_t)n >= sizeof(host))
			return -1;
	}
	if (put(out, cap, &o, " HTTP/1.1\r\nHost: ", 17) == -1 ||
	    put(out, cap, &o, host, (size_t)n) == -1 ||
	    put(out, cap, &o, "\r\n", 2) == -1)
		return -1;
	for (pos = first; line_at(buf, rq->head_len, pos, &l) &&
	    l.end > l.start; pos = l.next) {
		if (field(buf, &l, &ne, &vs, &ve) == -1 ||
		    dropped(buf + l.start, ne - l.start, hop,
		    sizeof(hop) / sizeof(hop[0]), &d))
			continue;
		if (put(out, cap, &o, buf + l.start, l.end - l.start) == -1 ||
		    put(out, cap, &o, "\r\n", 2) == -1)
			return -1;
	}
	if ((shut && put(out, cap, &o, "Connection: close\r\n", 19) == -1) ||
	    put(out, cap, &o, "\r\n", 2) == -1)
		return -1;
	return (long)o;
}

long
hproxy_resp_rewrite(const struct http_resp *r, int how, char *out,
    size_t cap)
{
	const char *hop[8] = { "Connection", "Keep-Alive",
	    "Proxy-Connection", "TE", "Upgrade" };
	const struct http_field *f;
	struct drops d;
	size_t o = 0, nhop = 5;
	char line[32];
	int i, n;

	if (how & (HPROXY_RESP_CHUNKED | HPROXY_RESP_DECHUNK))
		hop[nhop++] = "Content-Length";
	if (how & HPROXY_RESP_DECHUNK) {
		hop[nhop++] = "Transfer-Encoding";
		hop[nhop++] = "Trailer";
	}
	d.n = 0;
	for (i = 0; i < r->nfields; i++)
		if (is_name(r->fields[i].name, r->fields[i].nlen, "Connection"))
			drops_add(r->fields[i].value, r->fields[i].vlen, &d);
	/* a proxy sends its own version (RFC 9110 section 6.2) */
	n = snprintf(line, sizeof(line), "HTTP/1.1 %03d ", r->status);
	if (n < 0 || (size_t)n >= sizeof(line) ||
	    put(out, cap, &o, line, (size_t)n) == -1 ||
	    put(out, cap, &o, r->reason, r->rlen) == -1 ||
	    put(out, cap, &o, "\r\n", 2) == -1)
		return -1;
	for (i = 0; i < r->nfields; i++) {
		f = &r->fields[i];
		if (dropped(f->name, f->nlen, hop, nhop, &d))
			continue;
		if (put(out, cap, &o, f->name, f->nlen) == -1 ||
		    put(out, cap, &o, ": ", 2) == -1 ||
		    put(out, cap, &o, f->value, f->vlen) == -1 ||
		    put(out, cap, &o, "\r\n", 2) == -1)
			return -1;
	}
	if (((how & HPROXY_RESP_CLOSE) && put(out, cap, &o,
	    "Connection: close\r\n", 19) == -1) ||
	    ((how & (HPROXY_RESP_KEEP | HPROXY_RESP_CLOSE)) ==
	    HPROXY_RESP_KEEP && put(out, cap, &o,
	    "Connection: keep-alive\r\n", 24) == -1) ||
	    put(out, cap, &o, "\r\n", 2) == -1)
		return -1;
	return (long)o;
}

void
hproxy_body_init(struct hproxy_body *b, int kind, uint64_t len, int dechunk)
{
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->left = len;
	b->dechunk = kind == HTTP_BODY_CHUNKED && dechunk;
	http_chunked_init(&b->ch);
	b->done = kind == HTTP_BODY_NONE || (kind == HTTP_BODY_LENGTH &&
	    len == 0);
}

long
hproxy_body_take(struct hproxy_body *b, char *buf, size_t n, size_t *out,
    char *err)
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
		t = http_chunked_decode(&b->ch, buf, n, b->dechunk ? out :
		    NULL, err);
		if (t == -1)
			return -1;
		b->done = http_chunked_done(&b->ch);
		if (b->dechunk)
			return t;
		n = (size_t)t;
		break;
	default:	/* HTTP_BODY_CLOSE: all of it */
		break;
	}
	*out = n;
	return (long)n;
}

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
	bl = http_base64((const unsigned char *)cred, (size_t)cl, b64);
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
