/*
 * ws_req.c: WebSocket (RFC 6455) URLs and handshake heads, pure: no I/O
 * (ws.h).  Apart from ws.c's frames, which the Makefile builds for
 * speed: these run once a connection, and are built for size.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/http.h"
#include "parse/url.h"
#include "parse/ws.h"
#include "util/base.h"

#define WS_GUID	"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

int
ws_url_is(const char *s)
{
	return strncasecmp(s, "ws://", 5) == 0 ||
	    strncasecmp(s, "wss://", 6) == 0;
}

int
ws_url_parse(const char *s, struct url *u, char *err)
{
	char buf[WS_PATHLEN + SK_HOSTLEN + 2 * WS_USERLEN + 64];
	int secure = strncasecmp(s, "wss://", 6) == 0;
	size_t skip = secure ? 6 : 5, n;

	if (!ws_url_is(s)) {
		snprintf(err, SK_ERRLEN, "not a ws:// or wss:// URL: %.64s", s);
		return -1;
	}
	if (strchr(s, '#') != NULL) {
		snprintf(err, SK_ERRLEN, "%.64s: a WebSocket URL has no "
		    "fragment (#)", s);
		return -1;
	}
	n = strlen(s + skip);
	if (n + 9 >= sizeof(buf)) {
		snprintf(err, SK_ERRLEN, "URL too long: %.64s...", s);
		return -1;
	}
	/* the same URL as http:// or https://, which url_parse reads */
	memcpy(buf, secure ? "https://" : "http://", secure ? 8 : 7);
	memcpy(buf + (secure ? 8 : 7), s + skip, n + 1);
	if (url_parse(buf, u, err) == -1)
		return -1;
	/* WebSocket's own bounds: its handshake's buffers */
	if (strlen(u->user) >= WS_USERLEN || strlen(u->pass) >= WS_USERLEN) {
		snprintf(err, SK_ERRLEN, "bad user name or password in URL");
		return -1;
	}
	if (strlen(u->path) >= WS_PATHLEN) {
		snprintf(err, SK_ERRLEN, "URL path too long (over %d bytes)",
		    WS_PATHLEN - 1);
		return -1;
	}
	return 0;
}

int
ws_key_ok(const char *k, size_t n)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	if (n != WS_KEY_LEN || k[22] != '=' || k[23] != '=')
		return 0;
	for (i = 0; i < 22; i++)
		if (k[i] == '\0' || strchr(b64, k[i]) == NULL)
			return 0;
	/* 16 bytes fill 128 of the last character's 132 bits: its low
	 * 4 bits are zero */
	return strchr("AQgw", k[21]) != NULL;
}

size_t
ws_accept_input(const char *key, size_t n, char *buf)
{
	memcpy(buf, key, n);
	memcpy(buf + n, WS_GUID, sizeof(WS_GUID));
	return n + sizeof(WS_GUID) - 1;
}

static int
is_ows(int c)
{
	return c == ' ' || c == '\t';
}

/*
 * The next element of the comma-separated list v[*i..n): its bounds
 * v[*a..*b), white space trimmed, empty elements passed over; *i moved
 * past it.  Returns 1, or 0 at the end of the list.
 */
static int
list_elem(const char *v, size_t n, size_t *i, size_t *a, size_t *b)
{
	while (*i < n && (is_ows(v[*i]) || v[*i] == ','))
		(*i)++;
	if (*i >= n)
		return 0;
	*a = *i;
	while (*i < n && v[*i] != ',')
		(*i)++;
	for (*b = *i; *b > *a && is_ows(v[*b - 1]); (*b)--)
		;
	return 1;
}

int
ws_list_has(const char *v, size_t n, const char *tok)
{
	size_t i = 0, a, b, tl = strlen(tok);

	while (list_elem(v, n, &i, &a, &b))
		if (b - a == tl && strncmp(v + a, tok, tl) == 0)
			return 1;
	return 0;
}

/* The end of the head in buf[0..len): after the blank line, or 0. */
static size_t
head_end(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++) {
		if (buf[i] != '\n')
			continue;
		if (buf[i + 1] == '\n')
			return i + 2;
		if (buf[i + 1] == '\r' && i + 2 < len && buf[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

/* Cut the line at s (up to LF or CRLF) with a NUL; the next line. */
static char *
line_cut(char *s)
{
	char *e = strchr(s, '\n');

	if (e > s && e[-1] == '\r')
		e[-1] = '\0';
	*e = '\0';
	return e + 1;
}

static int
is_tchar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' &&
	    strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/*
 * rq->protocols: the Sec-WebSocket-Protocol field, or its lines joined
 * with ", " into protobuf when there are several.  0, or -1 with err.
 */
static int
join_protocols(struct ws_req *rq, char *err)
{
	size_t len = 0, n;
	int i, lines = 0;

	rq->protocols = ws_req_field(rq, "Sec-WebSocket-Protocol");
	for (i = 0; i < rq->nfields; i++) {
		if (strcasecmp(rq->fields[i].name, "Sec-WebSocket-Protocol") !=
		    0)
			continue;
		n = strlen(rq->fields[i].value);
		if (len + n + 3 > sizeof(rq->protobuf)) {
			snprintf(err, SK_ERRLEN, "Sec-WebSocket-Protocol lines "
			    "of more than %d bytes", WS_PROTO_JOIN);
			return -1;
		}
		if (lines++ > 0) {
			memcpy(rq->protobuf + len, ", ", 2);
			len += 2;
		}
		memcpy(rq->protobuf + len, rq->fields[i].value, n);
		len += n;
	}
	rq->protobuf[len] = '\0';
	if (lines > 1)
		rq->protocols = rq->protobuf;
	return 0;
}

long
ws_req_parse(char *buf, size_t len, struct ws_req *rq, char *err)
{
	size_t end = head_end(buf, len < WS_REQ_MAX ? len : WS_REQ_MAX);
	char *s, *next, *sp, *v, *e;

	if (end == 0) {
		if (len >= WS_REQ_MAX) {
			snprintf(err, SK_ERRLEN, "a request head of more than "
			    "%d bytes", WS_REQ_MAX);
			return -1;
		}
		return 0;
	}
	/*
	 * The lines are cut and searched as C strings: a NUL byte would end
	 * one early (the request line's cut found no LF and wrote through a
	 * null pointer), and HTTP allows none in a head.
	 */
	if (memchr(buf, '\0', end) != NULL) {
		snprintf(err, SK_ERRLEN, "a NUL byte in the request head");
		return -1;
	}
	memset(rq, 0, sizeof(*rq));
	buf[end - 1] = '\0';	/* the blank line's LF: the last line ends */
	s = buf;
	next = line_cut(s);
	/* GET /path HTTP/1.1 */
	if ((sp = strchr(s, ' ')) == NULL || sp == s)
		goto bad_line;
	*sp = '\0';
	rq->method = s;
	for (v = s; *v != '\0'; v++)
		if (!is_tchar((unsigned char)*v))
			goto bad_line;
	rq->target = sp + 1;
	if ((sp = strchr(sp + 1, ' ')) == NULL || sp == rq->target)
		goto bad_line;
	*sp = '\0';
	if (strncmp(sp + 1, "HTTP/1.", 7) != 0 || sp[8] < '0' || sp[8] > '9' ||
	    sp[9] != '\0')
		goto bad_line;
	rq->minor = sp[8] - '0';
	for (v = (char *)rq->target; *v != '\0'; v++)
		if ((unsigned char)*v <= ' ' || *v == 0x7f)
			goto bad_line;
	/* up to the blank line: "" (LF) or "\r" (CRLF), its LF cut above */
	for (s = next; *s != '\0' && strcmp(s, "\r") != 0; s = next) {
		if (strchr(s, '\n') == NULL)
			break;
		next = line_cut(s);
		if (is_ows((unsigned char)*s)) {
			snprintf(err, SK_ERRLEN, "a folded header line");
			return -1;
		}
		if ((v = strchr(s, ':')) == NULL || v == s) {
			snprintf(err, SK_ERRLEN, "a header line without a "
			    "name: %.40s", s);
			return -1;
		}
		for (e = s; e < v; e++)
			if (!is_tchar((unsigned char)*e)) {
				snprintf(err, SK_ERRLEN, "a bad header name: "
				    "%.40s", s);
				return -1;
			}
		*v++ = '\0';
		while (is_ows((unsigned char)*v))
			v++;
		e = v + strlen(v);
		while (e > v && is_ows((unsigned char)e[-1]))
			*--e = '\0';
		if (rq->nfields == WS_REQ_FIELDS) {
			snprintf(err, SK_ERRLEN, "more than %d header lines",
			    WS_REQ_FIELDS);
			return -1;
		}
		rq->fields[rq->nfields].name = s;
		rq->fields[rq->nfields].value = v;
		rq->nfields++;
	}
	rq->key = ws_req_field(rq, "Sec-WebSocket-Key");
	rq->origin = ws_req_field(rq, "Origin");
	if (join_protocols(rq, err) == -1)
		return -1;
	return (long)end;
bad_line:
	snprintf(err, SK_ERRLEN, "not an HTTP/1.x request line");
	return -1;
}

const char *
ws_req_field(const struct ws_req *rq, const char *name)
{
	int i;

	for (i = 0; i < rq->nfields; i++)
		if (strcasecmp(rq->fields[i].name, name) == 0)
			return rq->fields[i].value;
	return NULL;
}

/* How many fields of that name? */
static int
field_count(const struct ws_req *rq, const char *name)
{
	int i, n = 0;

	for (i = 0; i < rq->nfields; i++)
		if (strcasecmp(rq->fields[i].name, name) == 0)
			n++;
	return n;
}

/* Does any field of that name hold tok in its comma list? */
static int
field_has(const struct ws_req *rq, const char *name, const char *tok)
{
	int i;

	for (i = 0; i < rq->nfields; i++)
		if (strcasecmp(rq->fields[i].name, name) == 0 &&
		    http_list_has(rq->fields[i].value,
		    strlen(rq->fields[i].value), tok))
			return 1;
	return 0;
}

int
ws_req_check(const struct ws_req *rq, const char *path, char *err)
{
	const char *v;
	size_t n;

	n = strcspn(rq->target, "?");
	if (path != NULL && (strlen(path) != n ||
	    strncmp(path, rq->target, n) != 0)) {
		snprintf(err, SK_ERRLEN, "%.64s: not the WebSocket path",
		    rq->target);
		return 404;
	}
	if (!field_has(rq, "Upgrade", "websocket")) {
		snprintf(err, SK_ERRLEN, "%.16s %.64s: a plain HTTP request, "
		    "no WebSocket upgrade", rq->method, rq->target);
		return 426;
	}
	if (strcmp(rq->method, "GET") != 0) {
		snprintf(err, SK_ERRLEN, "%.16s: an upgrade needs GET",
		    rq->method);
		return 405;
	}
	if (rq->minor < 1 || !field_has(rq, "Connection", "upgrade") ||
	    ws_req_field(rq, "Host") == NULL) {
		snprintf(err, SK_ERRLEN, "an upgrade without HTTP/1.1, "
		    "Connection: Upgrade or Host");
		return 400;
	}
	if ((v = ws_req_field(rq, "Sec-WebSocket-Version")) == NULL ||
	    strcmp(v, "13") != 0) {
		snprintf(err, SK_ERRLEN, "Sec-WebSocket-Version %.16s, not 13",
		    v != NULL ? v : "missing");
		return 426;
	}
	if (rq->key == NULL || !ws_key_ok(rq->key, strlen(rq->key))) {
		snprintf(err, SK_ERRLEN, "a missing or bad Sec-WebSocket-Key");
		return 400;
	}
	if (field_count(rq, "Sec-WebSocket-Key") > 1) {
		snprintf(err, SK_ERRLEN, "more than one Sec-WebSocket-Key");
		return 400;
	}
	return 0;
}

void
ws_pick_protocol(const char *ours, const char *offered, char *out,
    size_t cap)
{
	size_t i = 0, a, b, len;

	if (cap > 0)
		out[0] = '\0';
	if (ours == NULL || offered == NULL)
		return;
	len = strlen(ours);
	while (list_elem(ours, len, &i, &a, &b)) {
		if (b - a >= cap)
			continue;
		memcpy(out, ours + a, b - a);
		out[b - a] = '\0';
		/* subprotocol names match case-sensitively (RFC 7936 2): a
		 * client fails the handshake when the answer is not one of
		 * its own spellings */
		if (ws_list_has(offered, strlen(offered), out))
			return;
		out[0] = '\0';
	}
}

int
ws_origin_ok(const char *list, const char *origin)
{
	size_t i = 0, a, b, len, ol;

	if (list == NULL || origin == NULL)
		return 1;
	ol = strlen(origin);
	len = strlen(list);
	while (list_elem(list, len, &i, &a, &b)) {
		/* a trailing slash, as a user may copy it, is no part of it */
		if (b - a > 1 && list[b - 1] == '/')
			b--;
		if (b - a == ol && strncasecmp(list + a, origin, ol) == 0)
			return 1;
	}
	return 0;
}

int
ws_resp_count(const struct http_resp *r, const char *name)
{
	size_t nl = strlen(name);
	int i, n = 0;

	for (i = 0; i < r->nfields; i++)
		if (r->fields[i].nlen == nl &&
		    strncasecmp(r->fields[i].name, name, nl) == 0)
			n++;
	return n;
}
