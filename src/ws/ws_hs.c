/*
 * ws_hs.c: the WebSocket connection, its I/O through the layers of the
 * endpoint below its own (TLS, or none: net/conn.h; beneath the
 * WebSocket layer once that is pushed, conn_read_under), and the opening
 * handshake of either side (RFC 6455 section 4), each within a deadline
 * (ws.h).
 */
#include <sys/types.h>
#if defined(__linux__)
#include <sys/random.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "net/conn.h"
#include "net/net.h"
#include "parse/http.h"
#include "parse/url.h"
#include "parse/ws.h"
#include "tls/tls.h"
#include "util/base.h"
#include "util/base64.h"
#include "util/clock.h"
#include "ws/ws.h"
#include "ws/ws_deflate.h"
#include "ws/ws_int.h"

struct ws_conn *
ws_conn_new(struct conn *conn, int client)
{
	struct ws_conn *c;
	int fl;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	if ((c->rbuf = malloc(WS_RBUF)) == NULL) {
		free(c);
		return NULL;
	}
	c->conn = conn;
	c->level = conn->nlayers;
	c->client = client;
	/* every wait is a poll with a deadline: never a blocking read */
	if ((fl = fcntl(conn->fd, F_GETFL)) != -1 && !(fl & O_NONBLOCK))
		(void)fcntl(conn->fd, F_SETFL, fl | O_NONBLOCK);
	return c;
}

void
ws_conn_free(struct ws_conn *c)
{
	if (c == NULL)
		return;
	wsd_free(c->dfl);
	free(c->rbuf);
	free(c);
}

ssize_t
ws_io_read(struct ws_conn *c, void *buf, size_t len)
{
	ssize_t n;

	while ((n = conn_read_under(c->conn, c->level, buf, len)) == -1 &&
	    errno == EINTR)
		;
	return n;
}

ssize_t
ws_io_write(struct ws_conn *c, const void *buf, size_t len)
{
	ssize_t n;

	while ((n = conn_write_under(c->conn, c->level, buf, len)) == -1 &&
	    errno == EINTR)
		;
	return n;
}

/* What to poll for after an EAGAIN: TLS may want the other way. */
int
ws_io_want(const struct ws_conn *c, int dir)
{
	return conn_want_under(c->conn, c->level, dir);
}

/* A failed read or write's errno e in words: a layer's own for EPROTO. */
const char *
ws_io_error(const struct ws_conn *c, int e)
{
	return e == EPROTO ? conn_error_under(c->conn, c->level) :
	    strerror(e);
}

/* Wait for fd to be ready for events until deadline; -1 on timeout. */
static int
wait_fd(int fd, int events, long long deadline)
{
	struct pollfd p;
	long long left;
	int rc;

	for (;;) {
		left = deadline < 0 ? -1 : deadline - mono_ms();
		if (deadline >= 0 && left <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		p.fd = fd;
		p.events = (short)events;
		p.revents = 0;
		rc = poll(&p, 1, left < 0 ? -1 : left > 86400000 ? 86400000 :
		    (int)left);
		if (rc > 0)
			return 0;
		if (rc == -1 && errno != EINTR)
			return -1;
	}
}

int
ws_io_write_all(struct ws_conn *c, const void *buf, size_t len,
    long long deadline)
{
	return conn_write_all(c->conn, buf, len, deadline);
}

/*
 * n random bytes for masks and keys, from a pool refilled a kilobyte at
 * a time: one system call for hundreds of frames.  0, or -1 (errno).
 */
int
ws_random(struct ws_conn *c, unsigned char *out, size_t n)
{
	size_t got = 0;
	ssize_t r;
	int fd;

	if (n > sizeof(c->keys))
		return -1;
	if (c->nkeys < n) {
#if defined(__linux__)
		while (got < sizeof(c->keys)) {
			r = getrandom(c->keys + got, sizeof(c->keys) - got, 0);
			if (r == -1 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			got += (size_t)r;
		}
#endif
		if (got < sizeof(c->keys)) {
			if ((fd = open("/dev/urandom", O_RDONLY)) == -1)
				return -1;
			while (got < sizeof(c->keys)) {
				r = read(fd, c->keys + got,
				    sizeof(c->keys) - got);
				if (r == -1 && errno == EINTR)
					continue;
				if (r <= 0)
					break;
				got += (size_t)r;
			}
			(void)close(fd);
			if (got < sizeof(c->keys))
				return -1;
		}
		c->nkeys = sizeof(c->keys);
	}
	memcpy(out, c->keys + sizeof(c->keys) - c->nkeys, n);
	c->nkeys -= n;
	return 0;
}

/*
 * Read into rbuf until head_len says a head is whole: its length, with
 * what came after it kept in rbuf for the relay.  -1 with err.
 */
static long
read_head(struct ws_conn *c, long long deadline, const char *who,
    long (*head_len)(char *, size_t, void *, char *), void *arg,
    char *err)
{
	ssize_t n;
	long h;

	for (;;) {
		if (c->rlen > 0) {
			if ((h = head_len((char *)c->rbuf, c->rlen, arg,
			    err)) != 0)
				return h;
			if (c->rlen >= WS_RBUF - 1) {
				snprintf(err, SK_ERRLEN, "%s head is too long",
				    who);
				return -1;
			}
		}
		/* one byte kept free: the parsers cut lines with NULs */
		n = ws_io_read(c, c->rbuf + c->rlen, WS_RBUF - 1 - c->rlen);
		if (n > 0) {
			c->rlen += (size_t)n;
			continue;
		}
		if (n == 0) {
			snprintf(err, SK_ERRLEN, "the connection ended before "
			    "the %s head was whole", who);
			return -1;
		}
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			snprintf(err, SK_ERRLEN, "%s", ws_io_error(c, errno));
			return -1;
		}
		if (wait_fd(c->conn->fd, ws_io_want(c, POLLIN),
		    deadline) == -1) {
			snprintf(err, SK_ERRLEN, errno == ETIMEDOUT ? "no %s "
			    "head in time" : "%s: poll failed", who);
			return -1;
		}
	}
}

/* The accept key of key[0..n): base64(SHA-1(key GUID)) into out. */
static int
accept_key(const char *key, size_t n, char *out, char *err)
{
	char in[WS_KEY_LEN + 64];
	unsigned char md[TLS_SHA1_LEN];
	size_t len;

	if (n > WS_KEY_LEN)
		n = WS_KEY_LEN;
	len = ws_accept_input(key, n, in);
	if (tls_sha1(in, len, md, err) == -1)
		return -1;
	(void)base64_encode(md, sizeof(md), out);
	return 0;
}

static long
resp_len(char *buf, size_t len, void *arg, char *err)
{
	struct http_resp *r = arg;
	char save = buf[len];
	long h;

	/* http_head_parse reads up to len; a NUL past it costs nothing */
	buf[len] = '\0';
	h = http_head_parse(buf, len, r, err);
	buf[len] = save;
	return h;
}

/* Does the response field name hold tok in its comma list? */
static int
resp_has(const struct http_resp *r, const char *name, const char *tok)
{
	int i;

	for (i = 0; i < r->nfields; i++)
		if (r->fields[i].nlen == strlen(name) &&
		    strncasecmp(r->fields[i].name, name, r->fields[i].nlen) ==
		    0 && http_list_has(r->fields[i].value, r->fields[i].vlen,
		    tok))
			return 1;
	return 0;
}

/* Is there a -H of this name (to take the place of our default)? */
static int
hdr_given(const struct ws_client_opts *o, const char *name)
{
	size_t n = strlen(name);
	int i;

	for (i = 0; i < o->nheaders; i++)
		if (strncasecmp(o->headers[i], name, n) == 0 &&
		    (o->headers[i][n] == ':' || o->headers[i][n] == ';'))
			return 1;
	return 0;
}

/* Append printf-style to buf[*len..cap); -1 when it does not fit. */
static int
add(char *buf, size_t cap, size_t *len, const char *fmt, const char *a,
    const char *b)
{
	int n = snprintf(buf + *len, cap - *len, fmt, a, b);

	if (n < 0 || (size_t)n >= cap - *len)
		return -1;
	*len += (size_t)n;
	return 0;
}

/*
 * The upgrade request, key the Sec-WebSocket-Key, ext our offer of
 * extensions (a field line, or "").  Its length, or -1.
 */
static long
build_request(const struct ws_client_opts *o, const char *key,
    const char *ext, char *buf, size_t cap)
{
	const struct url *u = o->url;
	char auth[SK_HOSTLEN + 16], up[2 * WS_USERLEN + 2];
	char b64[((2 * WS_USERLEN + 2 + 2) / 3) * 4 + 1];
	const char *h, *colon;
	size_t len = 0;
	int i, k;

	if (url_authority(u, auth, sizeof(auth)) < 0 ||
	    add(buf, cap, &len, "GET %s HTTP/1.1\r\n", u->path, NULL) == -1)
		return -1;
	if (!hdr_given(o, "Host") &&
	    add(buf, cap, &len, "Host: %s\r\n", auth, NULL) == -1)
		return -1;
	if (add(buf, cap, &len, "Upgrade: websocket\r\nConnection: Upgrade\r\n"
	    "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n", key,
	    NULL) == -1)
		return -1;
	if (o->protocols != NULL && add(buf, cap, &len,
	    "Sec-WebSocket-Protocol: %s\r\n", o->protocols, NULL) == -1)
		return -1;
	if (add(buf, cap, &len, "%s", ext, NULL) == -1)
		return -1;
	if (!hdr_given(o, "User-Agent") && add(buf, cap, &len,
	    "User-Agent: sockt/%s\r\n", SOCKT_VERSION, NULL) == -1)
		return -1;
	/* ws://user:pass@host/: Basic, as curl sends it */
	if (u->has_auth && !hdr_given(o, "Authorization")) {
		snprintf(up, sizeof(up), "%s:%s", u->user, u->pass);
		(void)base64_encode((const unsigned char *)up, strlen(up), b64);
		if (add(buf, cap, &len, "Authorization: Basic %s\r\n", b64,
		    NULL) == -1)
			return -1;
	}
	for (i = 0; i < o->nheaders; i++) {
		h = o->headers[i];
		colon = h + strcspn(h, ":;");
		/* "Name:" drops a default, "Name;" sends it empty */
		if (*colon == ':' && colon[1 + strspn(colon + 1, " \t")] ==
		    '\0')
			continue;
		if (*colon == ';') {
			k = snprintf(buf + len, cap - len, "%.*s:\r\n",
			    (int)(colon - h), h);
			if (k < 0 || (size_t)k >= cap - len)
				return -1;
			len += (size_t)k;
			continue;
		}
		if (add(buf, cap, &len, "%s\r\n", h, NULL) == -1)
			return -1;
	}
	if (add(buf, cap, &len, "\r\n", NULL, NULL) == -1)
		return -1;
	return (long)len;
}

int
ws_client_handshake(struct ws_conn *c, const struct ws_client_opts *o,
    struct ws_info *info, char *err)
{
	static struct http_resp r;	/* 100 fields: not on the stack */
	unsigned char raw[16];
	char key[WS_KEY_LEN + 4], want[WS_ACCEPT_LEN + 4], req[16384];
	char ext[WSEXT_TEXT_MAX + 40];
	const struct http_field *f;
	long n, h;

	memset(info, 0, sizeof(*info));
	if (ws_random(c, raw, sizeof(raw)) == -1) {
		snprintf(err, SK_ERRLEN, "no random bytes for the key: %s",
		    strerror(errno));
		return -1;
	}
	(void)base64_encode(raw, sizeof(raw), key);
	/* the hash first: without libcrypto, nothing is sent */
	if (accept_key(key, strlen(key), want, err) == -1)
		return -1;
	/* permessage-deflate, unless -H names the field itself */
	wsd_offer(!o->no_deflate && !hdr_given(o, "Sec-WebSocket-Extensions"),
	    ext, sizeof(ext), info);
	if ((n = build_request(o, key, ext, req, sizeof(req))) == -1) {
		snprintf(err, SK_ERRLEN, "the handshake request is too long");
		return -1;
	}
	if (ws_io_write_all(c, req, (size_t)n, o->deadline) == -1) {
		snprintf(err, SK_ERRLEN, "sending the handshake: %s",
		    errno == ETIMEDOUT ? "timed out" : strerror(errno));
		return -1;
	}
	if ((h = read_head(c, o->deadline, "handshake response", resp_len, &r,
	    err)) == -1)
		return -1;
	c->roff = (size_t)h;
	info->status = r.status;
	snprintf(info->reason, sizeof(info->reason), "%.*s",
	    (int)(r.rlen < 60 ? r.rlen : 60), r.reason);
	if (r.status != 101) {
		snprintf(err, SK_ERRLEN, "the server answered %d%s%s, not 101 "
		    "Switching Protocols", r.status, info->reason[0] ? " " : "",
		    info->reason);
		return -1;
	}
	if (!resp_has(&r, "Upgrade", "websocket") ||
	    !resp_has(&r, "Connection", "upgrade")) {
		snprintf(err, SK_ERRLEN, "the server's 101 has no %s",
		    resp_has(&r, "Upgrade", "websocket") ?
		    "Connection: Upgrade" : "Upgrade: websocket");
		return -1;
	}
	if (ws_resp_count(&r, "Sec-WebSocket-Accept") > 1 ||
	    ws_resp_count(&r, "Sec-WebSocket-Protocol") > 1) {
		snprintf(err, SK_ERRLEN, "the server's 101 has more than one "
		    "Sec-WebSocket-%s", ws_resp_count(&r,
		    "Sec-WebSocket-Accept") > 1 ? "Accept" : "Protocol");
		return -1;
	}
	f = http_field_get(&r, "Sec-WebSocket-Accept");
	if (f == NULL || f->vlen != strlen(want) ||
	    memcmp(f->value, want, f->vlen) != 0) {
		snprintf(err, SK_ERRLEN, "the server's Sec-WebSocket-Accept "
		    "is %s (%.*s), not %s", f == NULL ? "missing" : "wrong",
		    f == NULL ? 0 : (int)(f->vlen < 40 ? f->vlen : 40),
		    f == NULL ? "" : f->value, want);
		return -1;
	}
	if (wsd_client_agree(c, &r, ext[0] != '\0', info, err) == -1)
		return -1;
	if ((f = http_field_get(&r, "Sec-WebSocket-Protocol")) != NULL) {
		snprintf(info->protocol, sizeof(info->protocol), "%.*s",
		    (int)f->vlen, f->value);
		/* in its case, as the server side matches (RFC 6455
		 * 4.1: one of the values the client sent) */
		if (o->protocols == NULL || !ws_list_has(o->protocols,
		    strlen(o->protocols), info->protocol)) {
			snprintf(err, SK_ERRLEN, "the server chose the "
			    "subprotocol %.64s, which was not offered",
			    info->protocol);
			return -1;
		}
	}
	return 0;
}

static long
req_len(char *buf, size_t len, void *arg, char *err)
{
	return ws_req_parse(buf, len, arg, err);
}

static const char *
status_text(int status)
{
	switch (status) {
	case 400:
		return "Bad Request";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 502:
		return "Bad Gateway";
	default:
		return "Upgrade Required";
	}
}

/* A refusal, with a one-line body that says why (err). */
static void
refuse(struct ws_conn *c, int status, const char *why, long long deadline)
{
	char buf[1024];
	int n;

	n = snprintf(buf, sizeof(buf), "HTTP/1.1 %d %s\r\n"
	    "Content-Type: text/plain\r\nContent-Length: %zu\r\n"
	    "%sConnection: %sclose\r\n\r\n%s\n", status, status_text(status),
	    strlen(why) + 1, status == 426 ? "Upgrade: websocket\r\n"
	    "Sec-WebSocket-Version: 13\r\n" : status == 405 ? "Allow: GET\r\n" :
	    "", status == 426 ? "upgrade, " : "", why);
	if (n > 0 && (size_t)n < sizeof(buf))
		(void)ws_io_write_all(c, buf, (size_t)n, deadline);
}

int
ws_server_handshake(struct ws_conn *c, const struct ws_server_opts *o,
    struct ws_info *info, char *err)
{
	static struct ws_req rq;
	char accept[WS_ACCEPT_LEN + 4], resp[1024], proto[WS_PROTO_MAX + 40];
	char ext[WSEXT_TEXT_MAX + 40];
	long h;
	int st, n;

	memset(info, 0, sizeof(*info));
	if ((h = read_head(c, o->deadline, "request", req_len, &rq, err)) ==
	    -1) {
		if (c->rlen > 0) {
			info->status = 400;
			refuse(c, 400, err, o->deadline);
		}
		return -1;
	}
	c->roff = (size_t)h;
	snprintf(info->target, sizeof(info->target), "%s", rq.target);
	if (rq.origin != NULL) {
		snprintf(info->origin, sizeof(info->origin), "%s", rq.origin);
		info->has_origin = 1;
	}
	st = ws_req_check(&rq, o->path, err);
	/* a page elsewhere may not drive what we serve (RFC 6455 10.2) */
	if (st == 0 && !ws_origin_ok(o->origins, rq.origin)) {
		snprintf(err, SK_ERRLEN, "Origin %.128s not allowed "
		    "(--ws-origin)", rq.origin);
		st = 403;
	}
	if (st == 0 && o->refuse != 0) {
		snprintf(err, SK_ERRLEN, "%s", o->refuse_why);
		st = o->refuse;
	}
	if (st != 0) {
		info->status = st;
		refuse(c, st, err, o->deadline);
		return -1;
	}
	if (accept_key(rq.key, strlen(rq.key), accept, err) == -1) {
		info->status = 500;
		return -1;
	}
	ws_pick_protocol(o->protocols, rq.protocols, info->protocol,
	    sizeof(info->protocol));
	proto[0] = '\0';
	if (info->protocol[0] != '\0')
		snprintf(proto, sizeof(proto), "Sec-WebSocket-Protocol: %s\r\n",
		    info->protocol);
	if (wsd_server_agree(c, &rq, o->no_deflate, ext, sizeof(ext), info,
	    err) == -1) {
		info->status = 500;
		return -1;
	}
	n = snprintf(resp, sizeof(resp), "HTTP/1.1 101 Switching Protocols\r\n"
	    "Upgrade: websocket\r\nConnection: Upgrade\r\n"
	    "Sec-WebSocket-Accept: %s\r\n%s%s\r\n", accept, proto, ext);
	if (n < 0 || (size_t)n >= sizeof(resp) ||
	    ws_io_write_all(c, resp, (size_t)n, o->deadline) == -1) {
		snprintf(err, SK_ERRLEN, "sending the 101: %s",
		    strerror(errno));
		return -1;
	}
	info->status = 101;
	return 0;
}
