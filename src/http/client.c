/*
 * http/client.c: the HTTP/1.1 client engine: requests, 1xx heads,
 * redirects resolved for the caller to follow.  The connections (TLS,
 * proxies, the one kept from one request to the next) are conn.c's; the
 * body's strict framing (a short body is an error, never a silently
 * truncated file) and its splice(2) on Linux are body.c's.  Never prints: every failure is an outcome
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
#include "http/decode.h"
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
	/* what http_codings and decode.c undo; x-gzip is gzip */
	rq.accept_encoding = q->opt->compressed ? "gzip, deflate" : NULL;
	if ((rl = http_request_build(&rq, e->req, REQSZ, err)) == -1)
		return httpc_seterr(c, HTTPC_ERR_REQUEST, "%s", err);
	c->closes = http_request_closes(&rq);
	return rl;
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
	int framed = 0;

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
	if (httpc_body_begin(c, r, kind, length) == -1)
		return -1;
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
		framed = httpc_body_plain(c, length, 0);
		break;
	case HTTP_BODY_CLOSE:
		framed = httpc_body_plain(c, 0, 1);
		break;
	case HTTP_BODY_CHUNKED:
		framed = httpc_body_chunked(c);
		break;
	}
	return framed == 0 ? httpc_body_end(c) : -1;
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
		if (httpc_dial(c, q) == -1)
			return 0;
		e->nconnects++;
	}
	if (h->request != NULL)
		h->request(h->arg, c->s, c->tls, q->proxy != NULL, e->req, rl);
	if (httpc_conn_write(c, e->req, rl) == -1) {
		if (e->reused && (errno == EPIPE || errno == ECONNRESET))
			return 1;
		(void)httpc_seterr(c, HTTPC_ERR_SEND, "%s%s port %s: write: %s",
		    q->proxy != NULL ? "proxy " : "",
		    q->proxy != NULL ? q->proxy->host : q->url->host,
		    q->proxy != NULL ? q->proxy->port : q->url->port,
		    strerror(errno));
		return 0;
	}
	if (read_head(c, e->resp) == 0) {
		(void)response(c, q, e->resp);
		decode_free(&c->dec);
	}
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
	c.tls = NULL;
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
	res->ssl_verify = 0;
	res->t_resolved = res->t_connected = res->t_first = 0;
	if ((rl = build_request(e, q, &c)) == -1)
		return res->outcome;
	httpc_conn_key(q, key, sizeof(key));
	for (tries = 1;; tries++) {
		httpc_conn_take(e, &c, key);
		if (fetch_try(e, q, &c, (size_t)rl) == 0 || tries == TRIES)
			break;
		/* the server closed it while idle: once more, anew */
		httpc_conn_close(&c);
		c.len = c.off = 0;
		c.rx = 0;
		c.early = 0;
		res->outcome = HTTPC_OK;
		res->err[0] = '\0';
	}
	httpc_conn_put(e, &c, key);
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
	struct conn c;

	memset(&c, 0, sizeof(c));
	c.s = e->s;
	c.tls = e->tls;
	httpc_conn_close(&c);
	free(e->buf);
	free(e->req);
	free(e->resp);
	free(e->hdrs);
	memset(e, 0, sizeof(*e));
}
