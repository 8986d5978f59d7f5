/*
 * http/client.c: the HTTP/1.1 client engine: requests, 1xx heads,
 * redirects resolved for the caller to follow, a persistent connection
 * kept from one request to the next.  The body's strict framing (a short
 * body is an error, never a silently truncated file) and its splice(2)
 * on Linux are in body.c.  Never prints: every failure is an outcome
 * with its message text in the result.
 */
#include <sys/socket.h>
#include <sys/time.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "http/client.h"
#include "http/client_int.h"
#include "net/net.h"
#include "net/proxy_dial.h"
#include "net/relay.h"
#include "sockt.h"
#include "util/clock.h"

/*
 * The request head: the -H and -A fields (HTTPC_FIELDS_MAX, which the
 * command checks when it reads them), the request target (an absolute
 * URL for a proxy), Host, and 4 KiB for the rest (Accept, Connection,
 * the Basic credentials, Range and the conditional fields).
 */
#define REQSZ		(HTTPC_FIELDS_MAX + URL_PATHLEN + 2 * SK_HOSTLEN + \
			    4096)
#define INTERIM_MAX	32		/* 1xx heads before the final one */
#define TRIES		2		/* sends of one request: see fetch_try */

/* Record the outcome and its message; returns -1 for the caller. */
int
httpc_seterr(struct conn *c, enum httpc_outcome oc, const char *fmt, ...)
{
	va_list ap;

	c->res->outcome = oc;
	va_start(ap, fmt);
	(void)vsnprintf(c->res->err, sizeof(c->res->err), fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * Keep SO_RCVTIMEO at the idle timeout, or the time left for -m when
 * that is shorter, so a stalled read (or splice) fails in time with no
 * poll(2) per read.  With -m it is reset only when 100 ms too generous,
 * which keeps the setsockopt off the path of every read.  Returns -1
 * once the time is up (errno ETIMEDOUT).
 */
int
httpc_conn_arm(struct conn *c)
{
	struct timeval tv;
	long long want = -1;

	if (c->q->deadline != -1) {
		want = c->q->deadline - mono_ms();
		if (want <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
	}
	if (c->o->idle_ms > 0 && (want == -1 || c->o->idle_ms < want))
		want = c->o->idle_ms;
	/* a kept connection may come with a shorter one from before */
	if (want == -1 ? c->armed_ms == 0 : c->armed_ms != 0 &&
	    c->armed_ms >= want && c->armed_ms - want < 100)
		return 0;
	tv.tv_sec = (time_t)(want == -1 ? 0 : want / 1000);
	tv.tv_usec = (suseconds_t)(want == -1 ? 0 : want % 1000 * 1000);
	if (setsockopt(c->s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == -1)
		return -1;
	c->armed_ms = want == -1 ? 0 : (int)want;
	return 0;
}

/* read(2) with EINTR handled and a read timeout turned into ETIMEDOUT. */
ssize_t
httpc_conn_read(struct conn *c, void *p, size_t n)
{
	ssize_t r;

	if (httpc_conn_arm(c) == -1)
		return -1;
	while ((r = read(c->s, p, n)) == -1 && errno == EINTR)
		;
	if (r == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
		errno = ETIMEDOUT;
	return r;
}

/* A failed read: which limit ran out, or errno. */
int
httpc_read_error(struct conn *c)
{
	int e = errno;

	if (e == ETIMEDOUT && c->q->deadline != -1 &&
	    (c->o->idle_ms <= 0 ||
	    c->q->deadline - mono_ms() < c->o->idle_ms))
		return httpc_seterr(c, HTTPC_ERR_TIMEOUT,
		    "operation timed out after %d ms", c->o->max_ms);
	if (e == ETIMEDOUT && c->o->idle_ms > 0)
		return httpc_seterr(c, HTTPC_ERR_TIMEOUT,
		    "no data for %d ms (idle timeout)", c->o->idle_ms);
	return httpc_seterr(c, HTTPC_ERR_READ, "read: %s", strerror(e));
}

static int
hook_head(struct conn *c, enum httpc_head what, const struct http_resp *r,
    size_t n)
{
	if (c->h->head == NULL ||
	    c->h->head(c->h->arg, what, r, c->buf + c->off, n) == 0)
		return 0;
	return httpc_seterr(c, HTTPC_ERR_HOOK, "%s", "");
}

/* More of the head into the buffer; -1 when none comes. */
static int
head_fill(struct conn *c)
{
	ssize_t n;

	if (c->off > 0 && c->len == BUFSZ) {
		memmove(c->buf, c->buf + c->off, c->len - c->off);
		c->len -= c->off;
		c->off = 0;
	}
	n = httpc_conn_read(c, c->buf + c->len, BUFSZ - c->len);
	if (n <= 0 && c->rx == 0 && (n == 0 || errno == ECONNRESET))
		c->early = 1;
	if (n == -1)
		return httpc_read_error(c);
	if (n > 0 && c->res->t_first == 0)
		c->res->t_first = mono_us();
	if (n == 0)
		return httpc_seterr(c, HTTPC_ERR_PROTOCOL, "%s",
		    c->len == c->off ? "empty reply from server" :
		    "connection closed inside the response head");
	c->len += (size_t)n;
	c->rx += (uint64_t)n;
	return 0;
}

/* A 1xx head of hl bytes: passed on (100 Continue and the like). */
static int
head_interim(struct conn *c, const struct http_resp *r, size_t hl,
    int *ninterim)
{
	if (r->status == 101) {
		(void)hook_head(c, HTTPC_HEAD_SWITCH, r, hl);
		return httpc_seterr(c, HTTPC_ERR_PROTOCOL, "protocol error: "
		    "unexpected 101 Switching Protocols");
	}
	if (++*ninterim > INTERIM_MAX)
		return httpc_seterr(c, HTTPC_ERR_PROTOCOL, "protocol error: "
		    "too many interim responses (over %d)", INTERIM_MAX);
	if (hook_head(c, HTTPC_HEAD_INTERIM, r, hl) == -1)
		return -1;
	c->off += hl;
	return 0;
}

/*
 * Read until a whole final response head is in c->buf at c->off,
 * passing 1xx interim responses to the head hook as curl does.  All the
 * heads together must fit in HTTP_HEAD_MAX, and there may be INTERIM_MAX
 * interim ones at most: a server that sends 100 Continue forever is
 * stopped here, not by -m.
 */
static int
read_head(struct conn *c, struct http_resp *r)
{
	char err[SK_ERRLEN];
	size_t total = 0;	/* bytes of the interim heads so far */
	long hl;
	int ninterim = 0;

	for (;;) {
		hl = c->len > c->off ? http_head_parse(c->buf + c->off,
		    c->len - c->off, r, err) : 0;
		if (hl == -1)
			return httpc_seterr(c, HTTPC_ERR_PROTOCOL,
			    "protocol error: %s", err);
		if ((hl > 0 && total + (size_t)hl > HTTP_HEAD_MAX) ||
		    (hl == 0 && total + c->len - c->off >= HTTP_HEAD_MAX))
			return httpc_seterr(c, HTTPC_ERR_PROTOCOL,
			    "protocol error: response heads too large (over "
			    "%d bytes, %d interim)", HTTP_HEAD_MAX, ninterim);
		if (hl > 0 && http_status_class(r->status) != 1)
			return 0;
		if (hl > 0) {
			if (head_interim(c, r, (size_t)hl, &ninterim) == -1)
				return -1;
			total += (size_t)hl;
		} else if (head_fill(c) == -1)
			return -1;
	}
}

static int
is_redirect(int status)
{
	return status == 301 || status == 302 || status == 303 ||
	    status == 307 || status == 308;
}

/*
 * Headers from -H that go only to the host the user named: credentials,
 * and a Host that names that host (as curl does, another host gets its
 * own name).
 */
static int
header_private(const char *h)
{
	return strncasecmp(h, "Authorization", 13) == 0 ||
	    strncasecmp(h, "Cookie", 6) == 0 ||
	    (strncasecmp(h, "Host", 4) == 0 && (h[4] == ':' || h[4] == ';'));
}

/* The request head in e->req; its length, or -1. */
static long
build_request(struct httpc *e, const struct httpc_req *q, struct conn *c)
{
	struct http_req rq;
	char err[SK_ERRLEN], host[SK_HOSTLEN + 16];
	char target[URL_PATHLEN + SK_HOSTLEN + 16];
	const struct url *u = q->url;
	long rl;
	int i, nh = 0;

	if (url_authority(u, host, sizeof(host)) == -1)
		return httpc_seterr(c, HTTPC_ERR_REQUEST, "host name too long");
	memset(&rq, 0, sizeof(rq));
	rq.method = q->opt->head ? "HEAD" : "GET";
	rq.host = host;
	rq.agent = q->opt->agent;
	rq.target = u->path;
	if (q->proxy != NULL && !q->tunnel) {
		/* an HTTP proxy forwarding the request wants the whole URL */
		(void)url_string(u, target, sizeof(target));
		rq.target = target;
		if (q->proxy->has_auth) {
			rq.proxy_user = q->proxy->user;
			rq.proxy_pass = q->proxy->pass;
		}
	}
	if (u->has_auth) {
		rq.user = u->user;
		rq.pass = u->pass;
	}
	for (i = 0; i < q->opt->nheaders; i++)
		if (url_same_origin(u, q->origin) ||
		    !header_private(q->opt->headers[i]))
			e->hdrs[nh++] = q->opt->headers[i];
	rq.headers = e->hdrs;
	rq.nheaders = nh;
	rq.keep_alive = q->keep_alive;
	if ((rl = http_request_build(&rq, e->req, REQSZ, err)) == -1)
		return httpc_seterr(c, HTTPC_ERR_REQUEST, "%s", err);
	c->closes = http_request_closes(&rq);
	return rl;
}

/*
 * Connect to the server or the proxy, within what is left of -m, and
 * through a tunnel ask the proxy for the server; the connect timeout
 * covers the dial and the whole handshake.  Bytes the proxy passed on
 * after its reply are the start of the response: they stay in c->buf.
 */
static int
dial(struct conn *c, const struct httpc_req *q)
{
	const struct proxy *px = q->proxy;
	struct net_opts no;
	char err[SK_ERRLEN], host[SK_HOSTLEN + URL_ZONELEN];
	long long left, deadline = 0;
	int eno;

	if (q->opt->unix_path != NULL) {
		/* --unix-socket: every request, whatever the URL's host */
		if ((c->s = net_dial_unix(q->opt->unix_path, SOCK_STREAM,
		    err)) == -1) {
			c->res->sys_err = errno;
			return httpc_seterr(c, HTTPC_ERR_CONNECT, "%s", err);
		}
		c->res->t_connected = mono_us();
		return 0;
	}
	if (url_dial_host(q->url, host, sizeof(host)) == -1)
		return httpc_seterr(c, HTTPC_ERR_REQUEST, "host name too long");
	net_opts_init(&no);
	if (q->opt->family != 0)
		no.family = q->opt->family;
	no.timeout_ms = q->opt->connect_ms;
	no.resolved_us = &c->res->t_resolved;
	if (q->deadline != -1) {
		left = q->deadline - mono_ms();
		if (left <= 0)
			return httpc_seterr(c, HTTPC_ERR_TIMEOUT,
			    "operation timed out after %d ms", q->opt->max_ms);
		if (no.timeout_ms <= 0 || left < no.timeout_ms)
			no.timeout_ms = (int)left;
	}
	if (no.timeout_ms > 0)
		deadline = mono_ms() + no.timeout_ms;
	if ((c->s = net_dial(px != NULL ? px->host : host,
	    px != NULL ? px->port : q->url->port, &no, err)) == -1) {
		c->res->sys_err = errno;
		return httpc_seterr(c, HTTPC_ERR_CONNECT, "%s%s",
		    px != NULL ? "proxy " : "", err);
	}
	c->res->t_connected = mono_us();
	c->armed_ms = 0;
	if (px == NULL || !q->tunnel)
		return 0;
	if (proxy_connect(c->s, &(struct proxy_tunnel){ px, q->url->host,
	    q->url->port, &no, deadline, (unsigned char *)c->buf, BUFSZ,
	    &c->len }, err) == -1) {
		eno = errno;
		if (eno == ETIMEDOUT && q->deadline != -1 &&
		    q->deadline - mono_ms() <= 0)
			return httpc_seterr(c, HTTPC_ERR_TIMEOUT, "operation "
			    "timed out after %d ms (%s)", q->opt->max_ms, err);
		return httpc_seterr(c, HTTPC_ERR_CONNECT, "%s", err);
	}
	return 0;
}

/* A redirect to follow: the head passed on, the target resolved. */
static int
redirect(struct conn *c, const struct httpc_req *q, const struct http_resp *r,
    const struct http_field *loc)
{
	char ref[URL_PATHLEN + SK_HOSTLEN], err[SK_ERRLEN];

	if (hook_head(c, HTTPC_HEAD_REDIRECT, r, r->head_len) == -1)
		return -1;
	if (loc->vlen >= sizeof(ref))
		return httpc_seterr(c, HTTPC_ERR_PROTOCOL,
		    "redirect location too long");
	memcpy(ref, loc->value, loc->vlen);
	ref[loc->vlen] = '\0';
	if (url_resolve(q->url, ref, c->res->next, err) == -1)
		return httpc_seterr(c, HTTPC_ERR_PROTOCOL, "redirect: %s", err);
	c->res->outcome = HTTPC_REDIRECT;
	return 0;
}

/*
 * The body of a response we stop at (a redirect, a failing status) is
 * passed over when it is all in the buffer already, so the connection
 * can carry the next request; else the connection closes, as waiting
 * for a body nobody wants costs more than a new connection.
 */
static void
skip_body(struct conn *c, const struct httpc_req *q, const struct http_resp *r)
{
	struct http_chunked ch;
	enum http_body_kind kind;
	uint64_t length;
	char err[SK_ERRLEN], *p = c->buf + c->off + r->head_len;
	size_t got, avail = c->len - c->off - r->head_len;
	long used = 0;

	c->keep = 0;
	if (c->closes || !http_resp_persistent(r) ||
	    http_body_framing(r, q->opt->head, &kind, &length, err) == -1)
		return;
	if (kind == HTTP_BODY_CLOSE ||
	    (kind == HTTP_BODY_LENGTH && length > avail))
		return;
	if (kind == HTTP_BODY_LENGTH)
		used = (long)length;
	if (kind == HTTP_BODY_CHUNKED) {
		http_chunked_init(&ch);
		if ((used = http_chunked_decode(&ch, p, avail, &got,
		    err)) == -1 || !http_chunked_done(&ch))
			return;
	}
	if ((size_t)used != avail)
		return;		/* bytes after it: not ours to guess at */
	c->keep = 1;
	c->off = c->len = 0;
}

/* The final head is in: redirect, fail, or the body. */
static int
response(struct conn *c, const struct httpc_req *q, struct http_resp *r)
{
	const struct http_field *loc;
	enum http_body_kind kind;
	uint64_t length;
	char err[SK_ERRLEN];

	c->res->status = r->status;
	if (q->opt->follow && is_redirect(r->status) &&
	    (loc = http_field_get(r, "Location")) != NULL) {
		if (redirect(c, q, r, loc) == -1)
			return -1;
		skip_body(c, q, r);
		return 0;
	}
	snprintf(c->res->reason, sizeof(c->res->reason), "%.*s",
	    (int)(r->rlen > HTTPC_REASONLEN ? HTTPC_REASONLEN : r->rlen),
	    r->reason);
	if (q->opt->fail && http_status_class(r->status) >= 4 &&
	    !(q->resume && r->status == 416)) {
		(void)hook_head(c, HTTPC_HEAD_FAIL, r, r->head_len);
		skip_body(c, q, r);
		return httpc_seterr(c, HTTPC_HTTP_ERROR, "%s", "");
	}
	if (http_body_framing(r, q->opt->head, &kind, &length, err) == -1)
		return httpc_seterr(c, HTTPC_ERR_PROTOCOL, "protocol error: %s",
		    err);
	if (c->h->head != NULL) {
		/* 1: the command refuses this body (it will retry) */
		int rc = c->h->head(c->h->arg, HTTPC_HEAD_FINAL, r,
		    c->buf + c->off, r->head_len);

		if (rc == 1) {
			skip_body(c, q, r);
			return httpc_seterr(c, HTTPC_HTTP_ERROR, "%s", "");
		}
		if (rc != 0)
			return httpc_seterr(c, HTTPC_ERR_HOOK, "%s", "");
	}
	if (kind == HTTP_BODY_LENGTH && q->opt->max_size > 0 &&
	    length > (uint64_t)q->opt->max_size)
		return httpc_seterr(c, HTTPC_ERR_TOO_LARGE, "maximum file size "
		    "exceeded: Content-Length %llu is over %lld bytes",
		    (unsigned long long)length, q->opt->max_size);
	c->off += r->head_len;
	c->t0 = mono_ms();
	/* the body's end is known, and neither side asked to close */
	c->keep = kind != HTTP_BODY_CLOSE && !c->closes &&
	    http_resp_persistent(r);
	if (kind != HTTP_BODY_NONE && c->h->body != NULL &&
	    c->h->body(c->h->arg, kind, length) == -1)
		return httpc_seterr(c, HTTPC_ERR_HOOK, "%s", "");
	switch (kind) {
	case HTTP_BODY_NONE:
		if (c->len > c->off)
			c->keep = 0;	/* bytes after it */
		return 0;
	case HTTP_BODY_LENGTH:
		return httpc_body_plain(c, length, 0);
	case HTTP_BODY_CLOSE:
		return httpc_body_plain(c, 0, 1);
	case HTTP_BODY_CHUNKED:
		return httpc_body_chunked(c);
	}
	return 0;
}

/* Where a connection goes: the server, or the proxy and the server. */
static void
conn_key(const struct httpc_req *q, char *key, size_t cap)
{
	/* the same server by the same way: socket, family, proxy, tunnel */
	(void)snprintf(key, cap, "%s %s%%%s %s %d %s %s %d %d", q->url->host,
	    q->url->port, q->url->zone, q->opt->unix_path != NULL ?
	    q->opt->unix_path : "-", q->opt->family,
	    q->proxy != NULL ? q->proxy->host : "-",
	    q->proxy != NULL ? q->proxy->port : "-",
	    q->proxy != NULL ? (int)q->proxy->kind : -1, q->tunnel);
}

/*
 * The open connection, when it goes where key says and the server has
 * not closed it: anything to read before we asked (EOF, a reset, stray
 * bytes) means it is no use.  Else it is closed and c->s stays -1.
 */
static void
conn_take(struct httpc *e, struct conn *c, const char *key)
{
	char b;
	ssize_t n;

	e->reused = 0;
	if (e->s == -1)
		return;
	if (strcmp(e->key, key) == 0) {
		n = recv(e->s, &b, 1, MSG_PEEK | MSG_DONTWAIT);
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			c->s = e->s;
			c->armed_ms = e->armed_ms;
			e->s = -1;
			e->reused = 1;
			return;
		}
	}
	(void)close(e->s);
	e->s = -1;
}

/* After the response: keep the connection for the next request, or not. */
static void
conn_put(struct httpc *e, struct conn *c, const char *key)
{
	if (c->s == -1)
		return;
	if (c->keep && (c->res->outcome == HTTPC_OK ||
	    c->res->outcome == HTTPC_REDIRECT ||
	    c->res->outcome == HTTPC_HTTP_ERROR)) {
		e->s = c->s;
		e->armed_ms = c->armed_ms;
		(void)snprintf(e->key, sizeof(e->key), "%s", key);
	} else
		(void)close(c->s);
	c->s = -1;
}

/*
 * Send the request and read the response on the connection in c->s, or
 * a new one.  Returns 1 when the kept connection turned out closed by
 * the server before a byte of response came, so the request may go once
 * more on a new connection (RFC 9112 section 9.3.1: nothing was done);
 * else 0, with the outcome in c->res.
 */
static int
fetch_try(struct httpc *e, const struct httpc_req *q, struct conn *c,
    size_t rl)
{
	const struct httpc_hooks *h = c->h;

	if (c->s == -1) {
		if (dial(c, q) == -1)
			return 0;
		e->nconnects++;
	}
	if (h->request != NULL)
		h->request(h->arg, c->s, q->proxy != NULL, e->req, rl);
	if (io_write_all(c->s, e->req, rl) == -1) {
		if (e->reused && (errno == EPIPE || errno == ECONNRESET))
			return 1;
		(void)httpc_seterr(c, HTTPC_ERR_SEND, "%s%s port %s: write: %s",
		    q->proxy != NULL ? "proxy " : "",
		    q->proxy != NULL ? q->proxy->host : q->url->host,
		    q->proxy != NULL ? q->proxy->port : q->url->port,
		    strerror(errno));
		return 0;
	}
	if (read_head(c, e->resp) == 0)
		(void)response(c, q, e->resp);
	else if (e->reused && c->early)
		return 1;
	return 0;
}

enum httpc_outcome
httpc_fetch(struct httpc *e, const struct httpc_req *q,
    const struct httpc_hooks *h, struct output *out, struct httpc_result *res)
{
	struct conn c;
	char key[HTTPC_KEYLEN];
	long rl;
	int tries;

	memset(&c, 0, sizeof(c));
	c.s = -1;
	c.buf = e->buf;
	c.q = q;
	c.o = q->opt;
	c.h = h;
	c.out = out;
	c.res = res;
	res->outcome = HTTPC_OK;
	res->status = 0;
	res->reason[0] = res->err[0] = '\0';
	res->sys_err = 0;
	res->t_resolved = res->t_connected = res->t_first = 0;
	if ((rl = build_request(e, q, &c)) == -1)
		return res->outcome;
	conn_key(q, key, sizeof(key));
	for (tries = 1;; tries++) {
		conn_take(e, &c, key);
		if (fetch_try(e, q, &c, (size_t)rl) == 0 || tries == TRIES)
			break;
		/* the server closed it while idle: once more, anew */
		(void)close(c.s);
		c.s = -1;
		c.len = c.off = 0;
		c.rx = 0;
		c.early = 0;
		res->outcome = HTTPC_OK;
		res->err[0] = '\0';
	}
	conn_put(e, &c, key);
	return res->outcome;
}

int
httpc_init(struct httpc *e, int nheaders)
{
	memset(e, 0, sizeof(*e));
	e->s = -1;
	if ((e->buf = malloc(BUFSZ)) == NULL ||
	    (e->req = malloc(REQSZ)) == NULL ||
	    (e->resp = malloc(sizeof(*e->resp))) == NULL ||
	    (e->hdrs = calloc((size_t)nheaders + 1, sizeof(*e->hdrs))) ==
	    NULL) {
		httpc_free(e);
		return -1;
	}
	return 0;
}

void
httpc_free(struct httpc *e)
{
	if (e->s != -1)
		(void)close(e->s);
	free(e->buf);
	free(e->req);
	free(e->resp);
	free(e->hdrs);
	memset(e, 0, sizeof(*e));
}
