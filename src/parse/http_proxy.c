/*
 * http_proxy.c: an HTTP proxy's request heads, pure (no I/O), so the
 * unit tests and the fuzzer link it alone.  http_proxy.h states the
 * contract.  The head is read line by line twice: once to check it and
 * find the target and Proxy-Authorization, once to write it out for
 * the origin server.
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

static int
named(const char *buf, size_t s, size_t e, const char *name)
{
	return e - s == strlen(name) && strncasecmp(buf + s, name, e - s) == 0;
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

long
hproxy_parse(const char *buf, size_t len, struct hproxy_req *rq, char *err)
{
	struct line l;
	size_t pos, ne, vs, ve, scan = len;
	int first = 1;

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
	}
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

/* The names a Connection field lists, as [s, e) pairs into buf. */
struct drops {
	size_t	n;
	size_t	s[DROP_MAX], e[DROP_MAX];
};

static void
drops_add(const char *buf, size_t vs, size_t ve, struct drops *d)
{
	size_t i = vs, s;

	while (i < ve) {
		while (i < ve && (buf[i] == ',' || buf[i] == ' ' ||
		    buf[i] == '\t'))
			i++;
		for (s = i; i < ve && tchar((unsigned char)buf[i]); i++)
			continue;
		if (i > s && d->n < DROP_MAX) {
			d->s[d->n] = s;
			d->e[d->n++] = i;
		}
		/* skip what is no token (a parameter, garbage) */
		while (i < ve && buf[i] != ',')
			i++;
	}
}

/* Is the field name [ns, ne) hop-by-hop, or not ours to pass on? */
static int
dropped(const char *buf, size_t ns, size_t ne, const struct drops *d)
{
	static const char *const hop[] = { "Host", "Proxy-Authorization",
	    "Proxy-Connection", "Connection", "Keep-Alive", "TE", "Trailer",
	    "Upgrade" };
	size_t i;

	for (i = 0; i < sizeof(hop) / sizeof(hop[0]); i++)
		if (named(buf, ns, ne, hop[i]))
			return 1;
	/* the body's framing stays whatever Connection says */
	if (named(buf, ns, ne, "Content-Length") ||
	    named(buf, ns, ne, "Transfer-Encoding"))
		return 0;
	for (i = 0; i < d->n; i++)
		if (ne - ns == d->e[i] - d->s[i] &&
		    strncasecmp(buf + ns, buf + d->s[i], ne - ns) == 0)
			return 1;
	return 0;
}

long
hproxy_rewrite(const char *buf, const struct hproxy_req *rq, char *out,
    size_t cap)
{
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
			drops_add(buf, vs, ve, &d);
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
		    dropped(buf, l.start, ne, &d))
			continue;
		if (put(out, cap, &o, buf + l.start, l.end - l.start) == -1 ||
		    put(out, cap, &o, "\r\n", 2) == -1)
			return -1;
	}
	if (put(out, cap, &o, "Connection: close\r\n\r\n", 21) == -1)
		return -1;
	return (long)o;
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
