/*
 * http_proxy.c: an HTTP proxy's request heads, and the response heads
 * it passes back, pure (no I/O), so the unit tests and the fuzzer link
 * it alone.  http_proxy.h states the contract.  A request head is read
 * line by line twice: once to check it and find the target,
 * Proxy-Authorization, its body and whether the client stays, once to
 * write it out for the origin server.  A response head comes parsed
 * (parse/http.c) and is written out from its fields.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/http.h"
#include "parse/http_proxy.h"
#include "parse/http_proxy_int.h"
#include "parse/socks.h"
#include "util/base.h"

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

/*
 * Is m a standard method (RFC 9110 section 9, RFC 5789) in another case?
 * Method names are case-sensitive: "head" is no HEAD to us, but an
 * origin that reads it as one sends no body, and the next response
 * would be taken for this one's.  Neither forwarded nor guessed at.
 */
static int
method_case(const char *m)
{
	static const char *const std[] = { "GET", "HEAD", "POST", "PUT",
	    "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH" };
	size_t i;

	for (i = 0; i < sizeof(std) / sizeof(std[0]); i++)
		if (strcasecmp(m, std[i]) == 0 && strcmp(m, std[i]) != 0)
			return 1;
	return 0;
}

/* The request line l of buf: METHOD SP target SP HTTP/1.x */
static long
request_line(const char *buf, const struct line *l, struct hproxy_req *rq,
    char *err)
{
	size_t i, m, t, tn;

	for (m = l->start; m < l->end && http_tchar((unsigned char)buf[m]); m++)
		continue;
	if (m == l->start || m == l->end || buf[m] != ' ')
		return bad(rq, 400, err, "bad request line");
	if (m - l->start >= HPROXY_METHOD_MAX)
		return bad(rq, 501, err, "method name too long");
	memcpy(rq->method, buf + l->start, m - l->start);
	rq->method[m - l->start] = '\0';
	if (method_case(rq->method))
		return bad(rq, 400, err, "a standard method not in capitals "
		    "(method names are case-sensitive)");
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

	for (i = l->start; i < l->end && http_tchar((unsigned char)buf[i]); i++)
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
size_t
hpx_elem(const char *v, size_t n, size_t j, size_t *b, size_t *t)
{
	size_t e;

	for (e = j; e < n && v[e] != ','; e++)
		continue;
	for (*b = j; *b < e && (v[*b] == ' ' || v[*b] == '\t'); (*b)++)
		continue;
	for (*t = e; *t > *b && (v[*t - 1] == ' ' || v[*t - 1] == '\t');
	    (*t)--)
		continue;
	return e;
}

int
hpx_is_name(const char *name, size_t n, const char *s)
{
	return n == strlen(s) && strncasecmp(name, s, n) == 0;
}

static int
named(const char *buf, size_t s, size_t e, const char *name)
{
	return hpx_is_name(buf + s, e - s, name);
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

/* The tokens of the Connection value v[0..n) into d; -1 past its cap. */
int
hpx_drops_add(const char *v, size_t n, struct hpx_drops *d)
{
	size_t i = 0, s;

	while (i < n) {
		while (i < n && (v[i] == ',' || v[i] == ' ' || v[i] == '\t'))
			i++;
		for (s = i; i < n && http_tchar((unsigned char)v[i]); i++)
			continue;
		if (i > s && d->n == DROP_MAX)
			return -1;
		if (i > s) {
			d->s[d->n] = v + s;
			d->len[d->n++] = i - s;
		}
		/* skip what is no token (a parameter, garbage) */
		while (i < n && v[i] != ',')
			i++;
	}
	return 0;
}

/*
 * The Transfer-Encoding fields of a request, gathered in fr: 0 when
 * they name the one coding chunked, once (what we send on, so what
 * the origin reads), else the status to refuse with: 501 for a coding
 * not known (RFC 9112 section 6.1), 400 for any other list ("identity,
 * chunked", ",chunked", chunked twice, gzip).
 */
static int
te_only_chunked(const struct http_resp *fr)
{
	static const char *const known[] = { "chunked", "gzip", "x-gzip",
	    "deflate", "compress", "x-compress", "identity" };
	const struct http_field *f;
	size_t j, b, e, k, t;
	int i, n = 0, st = 0, unknown;

	for (i = 0; i < fr->nfields; i++) {
		f = &fr->fields[i];
		if (!hpx_is_name(f->name, f->nlen, "Transfer-Encoding"))
			continue;
		for (j = 0; j <= f->vlen; j = e + 1) {
			e = hpx_elem(f->value, f->vlen, j, &b, &t);
			n++;
			unknown = 1;
			for (k = 0; k < sizeof(known) / sizeof(known[0]); k++)
				if (hpx_is_name(f->value + b, t - b, known[k]))
					unknown = 0;
			if (unknown && t > b)
				st = 501;
			else if (st == 0 && !hpx_is_name(f->value + b, t - b,
			    "chunked"))
				st = 400;
		}
	}
	if (st == 0 && n != 1)
		st = 400;
	return st;
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
	int st;

	/* a smuggling attempt, as RFC 9112 section 6.1 warns: refused */
	if (te && cl)
		return bad(rq, 400, err, "both Transfer-Encoding and "
		    "Content-Length");
	/* HTTP/1.0 has no transfer codings: its framing is in doubt */
	if (te && rq->minor == 0)
		return bad(rq, 400, err, "Transfer-Encoding in an HTTP/1.0 "
		    "request");
	if (te && (st = te_only_chunked(fr)) != 0)
		return bad(rq, st, err, st == 501 ? "a transfer coding not "
		    "known" : "a Transfer-Encoding other than the one coding "
		    "chunked");
	rq->cl = cl;
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

/*
 * Max-Forwards (RFC 9110 section 7.6.2): digits; a value past INT_MAX
 * is as good as it.  A second field is an error.  0, or -1.
 */
static int
max_forwards(const char *v, size_t n, struct hproxy_req *rq)
{
	size_t i;
	long m = 0;

	if (n == 0 || rq->maxfwd != -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		if (m < INT_MAX / 10)
			m = m * 10 + (v[i] - '0');
		else
			m = INT_MAX;
	}
	rq->maxfwd = (int)(m > INT_MAX ? INT_MAX : m);
	return 0;
}

long
hproxy_parse(const char *buf, size_t len, struct hproxy_req *rq, char *err)
{
	static struct http_resp fr;
	static struct hproxy_req hostrq;	/* a Host value's, unused */
	struct http_field *f;
	struct line l;
	struct hpx_drops d;
	size_t pos, ne, vs, ve, scan = len;
	int first = 1, te = 0, cl = 0, shut = 0, hosts = 0;

	memset(rq, 0, sizeof(*rq));
	rq->maxfwd = -1;
	d.n = 0;
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
			/* past the cap a field named late would go on */
			if (hpx_drops_add(buf + vs, ve - vs, &d) == -1)
				return bad(rq, 400, err, "Connection names too "
				    "many fields");
		}
		/*
		 * RFC 9112 section 3.2: a Host value that is no
		 * uri-host [":" port] ("a, b": two hosts in one field) is
		 * refused, though the URL's authority replaces it
		 */
		if (named(buf, l.start, ne, "Host")) {
			hosts++;
			if (ve > vs && authority(buf + vs, ve - vs, 0,
			    &hostrq) == -1)
				return bad(rq, 400, err, "bad Host field");
		}
		if (named(buf, l.start, ne, "Max-Forwards") &&
		    max_forwards(buf + vs, ve - vs, rq) == -1)
			return bad(rq, 400, err, "bad Max-Forwards");
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
	/* RFC 9112 section 3.2: Host once, and in HTTP/1.1 always */
	if (hosts > 1 || (hosts == 0 && rq->minor >= 1))
		return bad(rq, 400, err, hosts > 1 ? "several Host fields" :
		    "no Host field");
	/*
	 * RFC 9112 section 9.3: a proxy MUST NOT keep an HTTP/1.0
	 * client's connection, keep-alive or not (a 1.0 proxy in front may
	 * have passed its own client's keep-alive on without knowing it,
	 * and would wait for our close for ever)
	 */
	rq->close = shut || rq->minor == 0;
	if (!rq->connect && req_body(&fr, te, cl, rq, err) == -1)
		return -1;
	return (long)rq->head_len;
}

/* Room left: append s[0..n) to out at *o, or fail. */
int
hpx_put(char *out, size_t cap, size_t *o, const char *s, size_t n)
{
	if (n > cap - *o)
		return -1;
	memcpy(out + *o, s, n);
	*o += n;
	return 0;
}

/*
 * Is the field name[0..n) one of hop (nhop names), or one a Connection
 * field named?  The framing fields are written anew, whatever
 * Connection says.
 */
int
hpx_dropped(const char *name, size_t n, const char *const *hop, size_t nhop,
    const struct hpx_drops *d)
{
	size_t i;

	for (i = 0; i < nhop; i++)
		if (hpx_is_name(name, n, hop[i]))
			return 1;
	for (i = 0; i < d->n; i++)
		if (n == d->len[i] && strncasecmp(name, d->s[i], n) == 0)
			return 1;
	return 0;
}

/* "Name: value\r\n" with an unsigned value, or fail. */
int
hpx_put_num(char *out, size_t cap, size_t *o, const char *name,
    unsigned long long v)
{
	char line[64];
	int n;

	n = snprintf(line, sizeof(line), "%s: %llu\r\n", name, v);
	if (n < 0 || (size_t)n >= sizeof(line))
		return -1;
	return hpx_put(out, cap, o, line, (size_t)n);
}

/*
 * "Via: 1.minor name\r\n", none for NULL: RFC 9110 section 7.6.3's
 * received-protocol is the version of the message as it came to us (an
 * HTTP/1.0 client's request, an HTTP/1.0 origin's response), not ours.
 */
int
hpx_put_via(char *out, size_t cap, size_t *o, int minor, const char *via)
{
	char v[16];
	int n;

	if (via == NULL)
		return 0;
	n = snprintf(v, sizeof(v), "Via: 1.%d ", minor);
	if (n < 0 || (size_t)n >= sizeof(v) ||
	    hpx_put(out, cap, o, v, (size_t)n) == -1 ||
	    hpx_put(out, cap, o, via, strlen(via)) == -1 ||
	    hpx_put(out, cap, o, "\r\n", 2) == -1)
		return -1;
	return 0;
}

/* Does Max-Forwards concern rq (OPTIONS, TRACE: RFC 9110 7.6.2)? */
int
hproxy_maxfwd(const struct hproxy_req *rq)
{
	return rq->maxfwd != -1 && (strcmp(rq->method, "OPTIONS") == 0 ||
	    strcmp(rq->method, "TRACE") == 0);
}

/* The request line: "METHOD target HTTP/1.1\r\nHost: authority\r\n" */
static int
put_start(const char *buf, const struct hproxy_req *rq, char *out,
    size_t cap, size_t *o)
{
	char host[SK_HOSTLEN + 16];
	int n;

	if (hpx_put(out, cap, o, rq->method, strlen(rq->method)) == -1 ||
	    hpx_put(out, cap, o, " ", 1) == -1)
		return -1;
	/* RFC 9112 section 3.2.4: OPTIONS with no path asks for "*" */
	if (rq->path_len == 0 && strcmp(rq->method, "OPTIONS") == 0) {
		if (hpx_put(out, cap, o, "*", 1) == -1)
			return -1;
	} else if (((rq->path_len == 0 || buf[rq->path_off] != '/') &&
	    hpx_put(out, cap, o, "/", 1) == -1) ||
	    hpx_put(out, cap, o, buf + rq->path_off, rq->path_len) == -1)
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
	if (hpx_put(out, cap, o, " HTTP/1.1\r\nHost: ", 17) == -1 ||
	    hpx_put(out, cap, o, host, (size_t)n) == -1 ||
	    hpx_put(out, cap, o, "\r\n", 2) == -1)
		return -1;
	return 0;
}

long
hproxy_rewrite(const char *buf, const struct hproxy_req *rq, int shut,
    const char *via, char *out, size_t cap)
{
	static const char *const hop[] = { "Host", "Proxy-Authorization",
	    "Proxy-Connection", "Connection", "Keep-Alive", "TE", "Trailer",
	    "Upgrade", "Content-Length", "Transfer-Encoding",
	    "Max-Forwards" };
	struct hpx_drops d;
	struct line l;
	size_t o = 0, pos, first, ne, vs, ve, nhop;
	int mf = hproxy_maxfwd(rq);

	/* Max-Forwards is ours to count down only where it applies */
	nhop = sizeof(hop) / sizeof(hop[0]) - (mf ? 0 : 1);
	d.n = 0;
	first = head_start(buf, rq->head_len);
	if (!line_at(buf, rq->head_len, first, &l))
		return -1;
	first = l.next;
	for (pos = first; line_at(buf, rq->head_len, pos, &l) &&
	    l.end > l.start; pos = l.next)
		if (field(buf, &l, &ne, &vs, &ve) == 0 &&
		    (named(buf, l.start, ne, "Connection") ||
		    named(buf, l.start, ne, "Proxy-Connection")) &&
		    hpx_drops_add(buf + vs, ve - vs, &d) == -1)
			return -1;
	if (put_start(buf, rq, out, cap, &o) == -1)
		return -1;
	for (pos = first; line_at(buf, rq->head_len, pos, &l) &&
	    l.end > l.start; pos = l.next) {
		if (field(buf, &l, &ne, &vs, &ve) == -1 ||
		    hpx_dropped(buf + l.start, ne - l.start, hop, nhop, &d))
			continue;
		if (hpx_put(out, cap, &o, buf + l.start, l.end - l.start) ==
		    -1 || hpx_put(out, cap, &o, "\r\n", 2) == -1)
			return -1;
	}
	/* the framing as we read it, once: what the origin reads too */
	if ((rq->cl && hpx_put_num(out, cap, &o, "Content-Length",
	    rq->body_len) == -1) || (rq->body == HTTP_BODY_CHUNKED &&
	    hpx_put(out, cap, &o, "Transfer-Encoding: chunked\r\n", 28) ==
	    -1) ||
	    (mf && rq->maxfwd > 0 && hpx_put_num(out, cap, &o, "Max-Forwards",
	    (unsigned long long)rq->maxfwd - 1) == -1) ||
	    hpx_put_via(out, cap, &o, rq->minor, via) == -1 ||
	    (shut && hpx_put(out, cap, &o, "Connection: close\r\n", 19) ==
	    -1) ||
	    hpx_put(out, cap, &o, "\r\n", 2) == -1)
		return -1;
	return (long)o;
}

/*
 * Is the Via element v[0..n) "protocol received-by [comment]" with
 * received-by name (any case)?
 */
static int
via_names(const char *v, size_t n, const char *name)
{
	size_t i, s;

	for (i = 0; i < n && (v[i] == ' ' || v[i] == '\t'); i++)
		continue;
	while (i < n && v[i] != ' ' && v[i] != '\t')
		i++;
	while (i < n && (v[i] == ' ' || v[i] == '\t'))
		i++;
	for (s = i; i < n && v[i] != ' ' && v[i] != '\t'; i++)
		continue;
	return i > s && hpx_is_name(v + s, i - s, name);
}

int
hproxy_via_has(const char *buf, const struct hproxy_req *rq,
    const char *name)
{
	struct line l;
	size_t pos, ne, vs, ve, e;

	pos = head_start(buf, rq->head_len);
	if (!line_at(buf, rq->head_len, pos, &l))
		return 0;
	for (pos = l.next; line_at(buf, rq->head_len, pos, &l) &&
	    l.end > l.start; pos = l.next) {
		if (field(buf, &l, &ne, &vs, &ve) == -1 ||
		    !named(buf, l.start, ne, "Via"))
			continue;
		for (; vs <= ve; vs = e + 1) {
			for (e = vs; e < ve && buf[e] != ','; e++)
				continue;
			if (via_names(buf + vs, e - vs, name))
				return 1;
		}
	}
	return 0;
}

long
hproxy_trace(const char *buf, const struct hproxy_req *rq, char *out,
    size_t cap)
{
	/* RFC 9110 section 9.3.8: what is likely sensitive stays out */
	static const char *const secret[] = { "Proxy-Authorization",
	    "Authorization", "Cookie" };
	struct hpx_drops d;
	struct line l;
	size_t o = 0, pos, ne, vs, ve;

	d.n = 0;
	pos = head_start(buf, rq->head_len);
	if (!line_at(buf, rq->head_len, pos, &l) ||
	    hpx_put(out, cap, &o, buf + l.start, l.end - l.start) == -1 ||
	    hpx_put(out, cap, &o, "\r\n", 2) == -1)
		return -1;
	for (pos = l.next; line_at(buf, rq->head_len, pos, &l) &&
	    l.end > l.start; pos = l.next) {
		if (field(buf, &l, &ne, &vs, &ve) == -1 ||
		    hpx_dropped(buf + l.start, ne - l.start, secret,
		    sizeof(secret) / sizeof(secret[0]), &d))
			continue;
		if (hpx_put(out, cap, &o, buf + l.start, l.end - l.start) ==
		    -1 || hpx_put(out, cap, &o, "\r\n", 2) == -1)
			return -1;
	}
	if (hpx_put(out, cap, &o, "\r\n", 2) == -1)
		return -1;
	return (long)o;
}
