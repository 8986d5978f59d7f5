/*
 * ws.c: WebSocket (RFC 6455) frames, text checks, URLs and handshake
 * heads, pure: no I/O (ws.h).
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
ws_head_parse(const unsigned char *p, size_t n, struct ws_head *h,
    char *err)
{
	return ws_head_parse_rsv1(p, n, 0, h, err);
}

int
ws_head_parse_rsv1(const unsigned char *p, size_t n, int rsv1_ok,
    struct ws_head *h, char *err)
{
	unsigned len7;
	size_t need = 2, i;

	if (n < 2)
		return 0;
	memset(h, 0, sizeof(*h));
	h->fin = (p[0] & 0x80) != 0;
	h->opcode = p[0] & 0x0f;
	h->masked = (p[1] & 0x80) != 0;
	len7 = p[1] & 0x7f;
	h->rsv1 = (p[0] & 0x40) != 0;
	if (p[0] & (rsv1_ok ? 0x30 : 0x70)) {
		snprintf(err, SK_ERRLEN, "a frame with reserved bits set "
		    "(0x%02x), %s", p[0] & 0x70, rsv1_ok ? "which no agreed "
		    "extension uses" : "and no extension was agreed");
		return -1;
	}
	switch (h->opcode) {
	case WS_OP_CONT:
	case WS_OP_TEXT:
	case WS_OP_BINARY:
		break;
	case WS_OP_CLOSE:
	case WS_OP_PING:
	case WS_OP_PONG:
		if (!h->fin) {
			snprintf(err, SK_ERRLEN, "a fragmented control frame");
			return -1;
		}
		if (len7 > WS_CONTROL_MAX) {
			snprintf(err, SK_ERRLEN, "a control frame of more than "
			    "125 bytes");
			return -1;
		}
		break;
	default:
		snprintf(err, SK_ERRLEN, "a frame of unknown opcode %d",
		    h->opcode);
		return -1;
	}
	if (len7 == 126)
		need += 2;
	else if (len7 == 127)
		need += 8;
	if (h->masked)
		need += 4;
	if (n < need)
		return 0;
	if (len7 == 126)
		h->len = (uint64_t)p[2] << 8 | p[3];
	else if (len7 == 127) {
		if (p[2] & 0x80) {
			snprintf(err, SK_ERRLEN, "a frame length with its top "
			    "bit set");
			return -1;
		}
		for (i = 0; i < 8; i++)
			h->len = h->len << 8 | p[2 + i];
	} else
		h->len = len7;
	if (h->masked)
		memcpy(h->mask, p + need - 4, 4);
	h->hlen = need;
	return (int)need;
}

size_t
ws_head_build(unsigned char *out, int fin, int opcode, uint64_t len,
    const unsigned char *mask)
{
	size_t n = 2, i;

	out[0] = (unsigned char)((fin ? 0x80 : 0) | (opcode & 0x0f));
	if (len < 126)
		out[1] = (unsigned char)len;
	else if (len <= 0xffff) {
		out[1] = 126;
		out[2] = (unsigned char)(len >> 8);
		out[3] = (unsigned char)len;
		n = 4;
	} else {
		out[1] = 127;
		for (i = 0; i < 8; i++)
			out[2 + i] = (unsigned char)(len >> (56 - 8 * i));
		n = 10;
	}
	if (mask != NULL) {
		out[1] |= 0x80;
		memcpy(out + n, mask, 4);
		n += 4;
	}
	return n;
}

/*
 * A byte at a time up to an 8-byte boundary, then 8 bytes at a time (the
 * compiler widens that further), then the tail.  The key's phase moves
 * one a byte and stays the same across each 8.
 */
void
ws_mask(unsigned char *p, size_t n, const unsigned char key[4], uint64_t off)
{
	unsigned char kk[8];
	uint64_t w, m;
	size_t i = 0, j;
	unsigned k = (unsigned)(off & 3);

	while (i < n && ((uintptr_t)(p + i) & 7) != 0) {
		p[i++] ^= key[k];
		k = (k + 1) & 3;
	}
	if (n - i >= 8) {
		for (j = 0; j < 8; j++)
			kk[j] = key[(k + j) & 3];
		memcpy(&m, kk, 8);
		for (; n - i >= 8; i += 8) {
			memcpy(&w, p + i, 8);
			w ^= m;
			memcpy(p + i, &w, 8);
		}
	}
	while (i < n) {
		p[i++] ^= key[k];
		k = (k + 1) & 3;
	}
}

void
ws_utf8_init(struct ws_utf8 *u)
{
	memset(u, 0, sizeof(*u));
}

/*
 * The table of RFC 3629 section 4: each lead byte fixes how many bytes
 * follow and the range of the first of them, which is what refuses
 * overlong forms, surrogates and code points past U+10FFFF at the
 * first byte that shows them.
 */
int
ws_utf8_feed(struct ws_utf8 *u, const unsigned char *p, size_t n)
{
	uint64_t w;
	size_t i = 0;
	unsigned c;

	while (i < n) {
		if (u->need == 0) {
			/* ASCII runs, the common text, 8 bytes at a time */
			while (n - i >= 8) {
				memcpy(&w, p + i, 8);
				if (w & 0x8080808080808080ULL)
					break;
				i += 8;
			}
			if (i == n)
				break;
			c = p[i++];
			if (c < 0x80)
				continue;
			u->lo = 0x80;
			u->hi = 0xbf;
			if (c >= 0xc2 && c <= 0xdf)
				u->need = 1;
			else if (c >= 0xe0 && c <= 0xef) {
				u->need = 2;
				if (c == 0xe0)
					u->lo = 0xa0;
				else if (c == 0xed)
					u->hi = 0x9f;
			} else if (c >= 0xf0 && c <= 0xf4) {
				u->need = 3;
				if (c == 0xf0)
					u->lo = 0x90;
				else if (c == 0xf4)
					u->hi = 0x8f;
			} else
				return -1;
			continue;
		}
		c = p[i++];
		if (c < u->lo || c > u->hi)
			return -1;
		u->need--;
		u->lo = 0x80;
		u->hi = 0xbf;
	}
	return 0;
}

int
ws_utf8_done(const struct ws_utf8 *u)
{
	return u->need == 0;
}

int
ws_close_known(int code)
{
	return (code >= 1000 && code <= 1003) ||
	    (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

int
ws_close_clean(int code)
{
	return code == WS_CLOSE_NORMAL || code == WS_CLOSE_AWAY ||
	    code == WS_CLOSE_NONE;
}

int
ws_close_parse(const unsigned char *p, size_t n, int *code, size_t *rlen,
    char *err)
{
	struct ws_utf8 u;

	*rlen = 0;
	if (n == 0) {
		*code = WS_CLOSE_NONE;
		return 0;
	}
	if (n == 1) {
		snprintf(err, SK_ERRLEN, "a Close frame of one byte");
		return -1;
	}
	*code = p[0] << 8 | p[1];
	if (!ws_close_known(*code)) {
		snprintf(err, SK_ERRLEN, "a Close frame with code %d, which "
		    "may not be sent", *code);
		return -1;
	}
	ws_utf8_init(&u);
	if (ws_utf8_feed(&u, p + 2, n - 2) == -1 || !ws_utf8_done(&u)) {
		snprintf(err, SK_ERRLEN, "a Close reason that is not UTF-8");
		return -1;
	}
	*rlen = n - 2;
	return 0;
}

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
