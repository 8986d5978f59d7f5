/*
 * proxy_http.c: the HTTP proxy's side of one client connection
 * (pserve_http, proxy_serve.h): its requests one after another over a
 * persistent connection, each sent on over a connection to its origin
 * server that is kept for the next, the responses back, bodies streamed
 * in their own framing (parse/http_proxy.c over parse/http.c), never
 * held whole; and CONNECT, after which the connection is a tunnel.  The
 * client's bytes and the onward dial are proxy_serve.c's (proxy_int.h);
 * an origin's connection is an endpoint of net/conn.h, every byte
 * through it.  Core: never prints, never exits.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "net/conn.h"
#include "net/net.h"
#include "parse/http.h"
#include "parse/http_proxy.h"
#include "parse/socks.h"
#include "proxy/proxy_int.h"
#include "proxy/proxy_serve.h"
#include "util/base.h"
#include "util/clock.h"

/* the origin's bytes: a response head and what follows it */
#define RB_SIZE		(HTTP_HEAD_MAX + 64 * 1024)
/*
 * A head rewritten and the body bytes that came with it, sent in one
 * write: the request's (the client's buffer's worth of body), the
 * response's (no longer than the origin's head, a status line and a
 * Connection field more, and the ": " of each field at most)
 */
/*
 * and the fields written anew (framing, Via, Max-Forwards; Transfer- and
 * Content-Encoding lists with ", " between their elements), and the
 * room a chunked body written anew may take past its input
 */
#define NEW_FIELDS	(2 * SK_HOSTLEN + 512)
#define QB_SIZE		(HPROXY_HEAD_MAX + NEW_FIELDS + HS_BUF + \
			    HTTP_REFRAME_SLACK)
#define OB_SIZE		(2 * HTTP_HEAD_MAX + 3 * HTTP_FIELDS_MAX + \
			    NEW_FIELDS + RB_SIZE + HTTP_REFRAME_SLACK)
#define CB_SIZE		(RB_SIZE + HTTP_REFRAME_SLACK)

/* one()'s answers */
#define ONE_TUNNEL	0	/* a tunnel: its far end in hx.fc */
#define ONE_END		(-1)	/* the connection ends */
#define ONE_NEXT	(-2)	/* the client's next request */

/*
 * A connection to an origin server, kept for the client's next request:
 * its endpoint (c.fd -1: none), blocking, its reads and writes within
 * the socket's limits (up_limit).
 */
struct up {
	struct conn	 c;
	int		 port;
	int		 used;		/* a response came over it */
	int		 lim;		/* its reads' limit now */
	long long	 last;		/* its last use, mono_ms() */
	char		 host[SK_HOSTLEN];
};

/* One client's proxy: its handshake state, its origin connections. */
struct hx {
	struct hs	*h;
	struct conn	*fc;		/* a tunnel's far end */
	int		 ms;		/* -i: an origin silent; -1 */
	int		 body_ms;	/* a body silent: -i, or hs_ms */
	size_t		 rbl;		/* bytes in rb */
	struct up	 up[PSERVE_UPSTREAMS];
	char		 via[SK_HOSTLEN + 8];	/* our name in Via */
};

static char rb[RB_SIZE], ob[OB_SIZE], qb[QB_SIZE], cb[CB_SIZE];

static const int http_status[] = {
	[PW_OK] = 200, [PW_FAIL] = 502, [PW_RULESET] = 403,
	[PW_NETUNREACH] = 502, [PW_HOSTUNREACH] = 502, [PW_REFUSED] = 502,
	[PW_TIMEOUT] = 504
};

/* A request answered: told to ps->said, then pc cleared for the next. */
static void
said(struct hx *x)
{
	struct pserve_conn *pc = x->h->pc;

	if (x->h->ps->said != NULL)
		x->h->ps->said(pc, x->h->ps->said_arg);
	pc->code = -1;
	pc->relayed = pc->stranger = pc->port = 0;
	pc->err[0] = pc->target[0] = pc->method[0] = pc->host[0] = '\0';
	pc->user = NULL;
	pc->up = pc->down = 0;
}

/*
 * A request that failed once it was on its way (the origin's answer
 * begun, or the client gone within its body): told as it ends, a
 * failure and no refusal.  Returns ONE_END.
 */
static int
broke(struct hx *x)
{
	x->h->pc->relayed = 1;
	said(x);
	return ONE_END;
}

/*
 * An error response of the proxy's own, told to ps->said (why: pc->err's
 * text); keep: the connection persists after it.  Returns ONE_NEXT when
 * it does, else ONE_END.
 */
static int
refuse(struct hx *x, int status, const char *why, int keep)
{
	struct hs *h = x->h;
	char out[512], body[128], what[SK_ERRLEN];
	int bl, n;

	bl = snprintf(body, sizeof(body), "%d %s\n", status,
	    hproxy_status_text(status));
	n = snprintf(out, sizeof(out), "HTTP/1.1 %d %s\r\n"
	    "Content-Type: text/plain\r\nContent-Length: %d\r\n%s%s\r\n%s",
	    status, hproxy_status_text(status), bl, status == 407 ?
	    "Proxy-Authenticate: Basic realm=\"sockt\"\r\n" : "", keep ? "" :
	    "Connection: close\r\n", body);
	snprintf(what, sizeof(what), "%s", why);
	/* the answer gets a time of its own: the origin took what it took */
	if (h->ps->hs_ms > 0)
		h->deadline = mono_ms() + h->ps->hs_ms;
	if (n > 0 && (size_t)n < sizeof(out) && phs_write(h, out, (size_t)n) ==
	    -1)
		keep = 0;
	memcpy(h->pc->err, what, sizeof(what));
	h->pc->code = status;
	said(x);
	return keep ? ONE_NEXT : ONE_END;
}

/* pc->err: what went wrong with whom; returns -1. */
static int
failed(struct hx *x, const char *what)
{
	snprintf(x->h->pc->err, SK_ERRLEN, "%.128s: %.64s", x->h->pc->target,
	    what);
	return -1;
}

/*
 * b[0..n) of the origin's answer to the client within x->body_ms,
 * through its endpoint, and counted.  0, or -1 with errno.
 */
static int
cli_write(struct hx *x, const void *b, size_t n)
{
	if (conn_write_all(x->h->c, b, n, x->body_ms > 0 ? mono_ms() +
	    x->body_ms : -1) == -1)
		return -1;
	x->h->pc->down += n;
	return 0;
}

static void
up_close(struct up *u)
{
	if (u->c.fd != -1)
		phs_drop(&u->c);
}

/* Reads and writes on fd that give up after ms (EAGAIN); -1: never. */
static void
set_limits(int fd, int ms)
{
	struct timeval tv;

	if (ms <= 0)
		ms = 0;
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

/* u's reads and writes within ms from now on: a call only for a change */
static void
up_limit(struct up *u, int ms)
{
	if (ms <= 0)
		ms = -1;
	if (u->lim != ms)
		set_limits(u->c.fd, ms);
	u->lim = ms;
}

/*
 * Is a kept connection quiet, nothing come since its last response
 * (neither held in its endpoint nor readable: an origin that closed it,
 * or sent what no one asked for, is done with it)?  1 or 0.
 */
static int
up_quiet(struct up *u)
{
	struct pollfd pfd;

	pfd.fd = u->c.fd;
	pfd.events = POLLIN;
	return conn_pending(&u->c) == 0 && poll(&pfd, 1, 0) == 0;
}

/*
 * The connection to the request's origin: a kept one while it is still
 * quiet, else a new one within the rules, in the place of the one used
 * longest ago (a chained proxy's early bytes wait in it).  Returns it,
 * or NULL with *why and pc->err.
 */
static struct up *
up_get(struct hx *x, const struct hproxy_req *rq, enum why *why)
{
	struct up *u, *old = &x->up[0];
	struct conn nc;
	int i;

	for (i = 0; i < PSERVE_UPSTREAMS; i++) {
		u = &x->up[i];
		if (u->c.fd != -1 && u->port == rq->port &&
		    strcasecmp(u->host, rq->host) == 0) {
			if (up_quiet(u)) {
				phs_target(x->h, rq->host, rq->port);
				return u;
			}
			up_close(u);
		}
		if (old->c.fd != -1 && (u->c.fd == -1 || u->last < old->last))
			old = u;
	}
	if (phs_dial(x->h, rq->host, rq->port, &nc, why) == -1)
		return NULL;
	up_close(old);
	/* no layer of an origin's endpoint points back at it: it may move */
	old->c = nc;
	old->port = rq->port;
	old->used = 0;
	old->last = mono_ms();
	snprintf(old->host, sizeof(old->host), "%s", rq->host);
	/* a request and its answer each go in one write: no Nagle */
	(void)net_set_nodelay(old->c.fd);
	old->lim = -1;	/* a new socket waits for ever */
	up_limit(old, x->ms);
	return old;
}

/*
 * Up to n of the origin's bytes into b, through its endpoint.  Returns
 * the count, 0 at its end, or -1 with errno (ETIMEDOUT: silent past
 * the socket's limit).
 */
static ssize_t
up_read(struct up *u, void *b, size_t n)
{
	ssize_t r;

	for (;;) {
		if ((r = conn_read(&u->c, b, n)) >= 0)
			return r;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			errno = ETIMEDOUT;
		return -1;
	}
}

/*
 * b[0..n) to the origin through its endpoint, within ms (-1: no limit).
 * 0, or -1 with errno (ETIMEDOUT: the time ran out).
 */
static int
up_write(struct up *u, const void *b, size_t n, int ms)
{
	return conn_write_all(&u->c, b, n, ms >= 0 ? mono_ms() + ms : -1);
}

/*
 * The rest of the request's body, from the client (what is in its
 * buffer first) to the origin u, until it ends or the origin has
 * something to say (an interim 100 Continue, or its answer before it
 * took it all: b->done tells).  Returns 0, or -1 with pc->err and
 * *status the answer due (400 a bad chunk, 502 an origin that would not
 * take it; 0: none, the client went away or stalled).
 */
static int
pump_req(struct hx *x, struct up *u, struct hproxy_body *b, int *status)
{
	struct hs *h = x->h;
	struct pollfd p[2];
	char why[SK_ERRLEN];
	size_t out;
	ssize_t n;
	long t;
	int pr;

	for (;;) {
		if (h->len > h->off) {
			if ((t = hproxy_body_take(b, (char *)h->buf + h->off,
			    h->len - h->off, cb, &out, why)) == -1) {
				*status = 400;
				return failed(x, why);
			}
			if (up_write(u, cb, out, x->body_ms) == -1) {
				*status = errno == ETIMEDOUT ? 504 : 502;
				return failed(x, strerror(errno));
			}
			h->pc->up += out;
			h->off += (size_t)t;
			if (b->done)
				return 0;
		}
		h->off = h->len = 0;
		*status = 0;
		/* a chained proxy's early bytes, which poll cannot see */
		if (conn_pending(&u->c) > 0)
			return 0;
		if ((pr = phs_wait(h, p, u->c.fd, x->body_ms)) == -1)
			return failed(x, strerror(errno));
		if (pr == 0)
			return failed(x, "the client's body stalled");
		if (p[1].revents != 0)
			return 0;
		n = conn_read(h->c, h->buf, sizeof(h->buf));
		if (n == -1 && (errno == EINTR || errno == EAGAIN ||
		    errno == EWOULDBLOCK))
			continue;
		if (n <= 0)
			return failed(x, n == 0 ? "the client closed within "
			    "its request's body" : errno == EPROTO ?
			    conn_error(h->c) : strerror(errno));
		h->len = (size_t)n;
	}
}

/*
 * The origin's response head into rb (x->rbl bytes) and r, the request
 * body's rest sent meanwhile; an interim response (1xx) goes to an
 * HTTP/1.1 client as it comes.  Returns the head's length; 0 when the
 * origin closed before it sent a byte (a kept connection it had given
 * up on); -1 with pc->err and *status the answer due (502, 504; 0: none).
 */
static long
resp_head(struct hx *x, struct up *u, const struct hproxy_req *rq,
    struct hproxy_body *qbody, struct http_resp *r, int *status)
{
	char why[SK_ERRLEN];
	long p, hl;
	ssize_t n;
	int got = x->rbl > 0;

	*status = 502;
	for (;;) {
		if (x->rbl > 0 && (p = http_head_parse(rb, x->rbl, r, why)) !=
		    0) {
			if (p == -1)
				return failed(x, why);
			if (http_status_class(r->status) != 1)
				return p;
			/* the Upgrade field went: no one asked to switch */
			if (r->status == 101)
				return failed(x, "101 to no upgrade asked for");
			if (rq->minor >= 1 && ((hl = hproxy_resp_rewrite(r, 0,
			    x->via, ob, sizeof(ob), why)) == -1 ||
			    cli_write(x, ob, (size_t)hl) == -1)) {
				*status = hl == -1 ? 502 : 0;
				return failed(x, hl == -1 ? why : "the client "
				    "does not read");
			}
			memmove(rb, rb + p, x->rbl - (size_t)p);
			x->rbl -= (size_t)p;
			continue;
		}
		if (!qbody->done && pump_req(x, u, qbody, status) == -1)
			return -1;
		n = up_read(u, rb + x->rbl, sizeof(rb) - x->rbl);
		if (!got && (n == 0 || (n == -1 && errno == ECONNRESET)))
			return 0;
		if (n <= 0) {
			*status = n == -1 && errno == ETIMEDOUT ? 504 : 502;
			return failed(x, n == 0 ? "the origin closed before "
			    "its response" : strerror(errno));
		}
		x->rbl += (size_t)n;
		got = 1;
	}
}

/*
 * The rest of the response's body from the origin to the client.  An
 * origin that sends more than its body keeps its connection no more
 * (*ukeep).  Returns 0, or -1 with pc->err.
 */
static int
pump_resp(struct hx *x, struct up *u, struct hproxy_body *b, int *ukeep)
{
	char why[SK_ERRLEN];
	size_t out;
	ssize_t n;
	long t;

	/* the body's bytes each within the body's limit */
	if (!b->done)
		up_limit(u, x->body_ms);
	while (!b->done) {
		n = up_read(u, rb, sizeof(rb));
		if (n == 0 && b->kind == HTTP_BODY_CLOSE)
			return 0;
		if (n <= 0)
			return failed(x, n == 0 ? "the origin closed within "
			    "its body" : strerror(errno));
		if ((t = hproxy_body_take(b, rb, (size_t)n, cb, &out, why)) ==
		    -1)
			return failed(x, why);
		if (t < n)
			*ukeep = 0;
		if (out > 0 && cli_write(x, cb, out) == -1)
			return failed(x, "the client does not read");
	}
	return 0;
}

/*
 * The response to rq, its head in rb[0..p) and r, to the client: the
 * head rewritten, the body streamed.  Whether the client's connection
 * and the origin's persist after it: RFC 9112 section 9, and a body
 * that ends at close ends both; so does a request body the origin did
 * not wait for.  Returns ONE_NEXT or ONE_END.
 */
static int
respond(struct hx *x, struct up *u, const struct hproxy_req *rq,
    const struct hproxy_body *qbody, const struct http_resp *r, long p)
{
	struct hproxy_body b;
	enum http_body_kind kind;
	char why[SK_ERRLEN];
	uint64_t len;
	size_t n;
	long hl, t;
	int how, ckeep, ukeep;

	if (http_body_framing(r, (strcmp(rq->method, "HEAD") == 0 ?
	    HTTP_FRAMING_HEAD : 0) | HTTP_FRAMING_ANY, &kind, &len, why) ==
	    -1) {
		up_close(u);
		(void)failed(x, why);
		return refuse(x, 502, x->h->pc->err, 0);
	}
	/* HTTP/1.0 knows no chunks: decoded, until close */
	hproxy_body_init(&b, kind, len, rq->minor == 0);
	ckeep = !rq->close && qbody->done && kind != HTTP_BODY_CLOSE &&
	    !b.dechunk;
	/*
	 * Transfer-Encoding beside Content-Length, or in HTTP/1.0: framing
	 * in doubt (RFC 9112 sections 6.1, 6.3), the origin's connection
	 * closed after it, whatever it says
	 */
	ukeep = qbody->done && kind != HTTP_BODY_CLOSE &&
	    http_resp_persistent(r) &&
	    (http_field_get(r, "Transfer-Encoding") == NULL ||
	    (http_field_get(r, "Content-Length") == NULL && r->minor >= 1));
	how = rq->minor == 0 ? HPROXY_RESP_V10 : 0;
	how |= !ckeep ? HPROXY_RESP_CLOSE : 0;
	if ((hl = hproxy_resp_rewrite(r, how, x->via, ob, sizeof(ob) -
	    CB_SIZE, why)) == -1 || (t = hproxy_body_take(&b, rb + p,
	    x->rbl - (size_t)p, ob + hl, &n, why)) == -1) {
		up_close(u);
		(void)failed(x, why);
		return refuse(x, 502, x->h->pc->err, 0);
	}
	if ((size_t)t < x->rbl - (size_t)p)
		ukeep = 0;
	x->h->pc->code = r->status;
	if (cli_write(x, ob, (size_t)hl + n) == -1 ||
	    pump_resp(x, u, &b, &ukeep) == -1) {
		if (x->h->pc->err[0] == '\0')
			(void)failed(x, "the client does not read");
		up_close(u);
		return broke(x);
	}
	said(x);
	if (!ukeep)
		up_close(u);
	u->used = 1;
	u->last = mono_ms();
	return ckeep ? ONE_NEXT : ONE_END;
}

/* May the request be sent again (RFC 9110 section 9.2.2)? */
static int
idempotent(const char *method)
{
	static const char *const ok[] = { "GET", "HEAD", "OPTIONS", "TRACE",
	    "PUT", "DELETE" };
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strcmp(method, ok[i]) == 0)
			return 1;
	return 0;
}

/*
 * A request for an origin server: its head rewritten with the body's
 * bytes at hand, sent over the origin's connection (a kept one that
 * turns out closed, the origin done with it as the request came, is
 * dialed anew, once, for an idempotent request whole in hand), the rest
 * of the body, the response.
 */
static int
hx_forward(struct hx *x, const struct hproxy_req *rq)
{
	static struct http_resp r;
	struct hs *h = x->h;
	struct hproxy_body qbody;
	struct up *u;
	char why[SK_ERRLEN];
	enum why w;
	size_t n;
	long hl, t, p;
	int tries, again, status;

	if ((hl = hproxy_rewrite((const char *)h->buf, rq, rq->close, x->via,
	    qb, sizeof(qb) - HS_BUF - HTTP_REFRAME_SLACK)) == -1)
		return refuse(x, 431, "request head too long", 0);
	hproxy_body_init(&qbody, rq->body, rq->body_len, 0);
	if ((t = hproxy_body_take(&qbody, (char *)h->buf + h->off, h->len -
	    h->off, qb + hl, &n, why)) == -1)
		return refuse(x, 400, why, 0);
	h->off += (size_t)t;
	for (tries = 0;; tries++) {
		x->rbl = 0;
		if ((u = up_get(x, rq, &w)) == NULL)
			return refuse(x, http_status[w], h->pc->err,
			    !rq->close && qbody.done);
		again = u->used && tries == 0 && qbody.done &&
		    idempotent(rq->method);
		/* the response head may take the origin its time: -i */
		up_limit(u, x->ms);
		if (up_write(u, qb, (size_t)hl + n, x->ms) == -1) {
			status = errno == ETIMEDOUT ? 504 : 502;
			(void)failed(x, strerror(errno));
			up_close(u);
			if (again)
				continue;
			return refuse(x, status, h->pc->err, 0);
		}
		h->pc->up += (size_t)hl + n;
		if ((p = resp_head(x, u, rq, &qbody, &r, &status)) > 0)
			break;
		up_close(u);
		if (p == 0 && again)
			continue;
		if (p == 0)
			(void)failed(x, "the origin closed before its "
			    "response");
		if (status == 0)
			return broke(x);
		return refuse(x, status, h->pc->err, 0);
	}
	return respond(x, u, rq, &qbody, &r, p);
}

/*
 * OPTIONS or TRACE with Max-Forwards: 0, answered here (RFC 9110
 * section 7.6.2): 200, for TRACE the request as it came (message/http,
 * hproxy_trace).  Returns ONE_NEXT or ONE_END as refuse does.
 */
static int
answer_self(struct hx *x, const struct hproxy_req *rq)
{
	struct hs *h = x->h;
	long bl = 0;
	int n, keep = !rq->close && rq->body == HTTP_BODY_NONE;

	if (strcmp(rq->method, "TRACE") == 0 && (bl = hproxy_trace(
	    (const char *)h->buf, rq, cb, sizeof(cb))) == -1)
		return refuse(x, 431, "request head too long", 0);
	n = snprintf(ob, sizeof(ob), "HTTP/1.1 200 OK\r\n%sContent-Length: "
	    "%ld\r\nVia: 1.1 %s\r\n%s\r\n", bl > 0 ? "Content-Type: "
	    "message/http\r\n" : "Allow: GET, HEAD, POST, PUT, DELETE, "
	    "CONNECT, OPTIONS, TRACE, PATCH\r\n", bl, x->via, keep ? "" :
	    "Connection: close\r\n");
	if (n < 0 || (size_t)n >= sizeof(ob) || (size_t)n + (size_t)bl >
	    sizeof(ob))
		return refuse(x, 431, "request head too long", 0);
	memcpy(ob + n, cb, (size_t)bl);
	if (h->ps->hs_ms > 0)
		h->deadline = mono_ms() + h->ps->hs_ms;
	if (phs_write(h, ob, (size_t)n + (size_t)bl) == -1)
		keep = 0;
	phs_target(h, rq->host, rq->port);
	h->pc->code = 200;
	said(x);
	return keep ? ONE_NEXT : ONE_END;
}

/*
 * CONNECT: the tunnel's far end into x->fc, the client told (a chained
 * proxy's early bytes after the 200).  ONE_TUNNEL, or ONE_END.
 */
static int
tunnel(struct hx *x, const struct hproxy_req *rq)
{
	static const char ok[] = "HTTP/1.1 200 Connection established\r\n\r\n";
	struct hs *h = x->h;
	enum why w;

	if (phs_dial(h, rq->host, rq->port, x->fc, &w) == -1)
		return refuse(x, http_status[w], h->pc->err, 0);
	if (phs_write(h, ok, sizeof(ok) - 1) == -1 ||
	    phs_pass_rest(h, x->fc) == -1 || phs_pass_early(h, x->fc) == -1) {
		phs_drop(x->fc);
		return ONE_END;
	}
	h->pc->code = 200;
	return ONE_TUNNEL;
}

/*
 * The client's next request, and its answer.  Between two requests the
 * client may take hs_ms to speak (then it is closed, as one that closed
 * itself, quietly).  Returns ONE_NEXT, ONE_END, or ONE_TUNNEL.
 */
static int
one(struct hx *x, int first)
{
	struct hs *h = x->h;
	const struct pserve *ps = h->ps;
	struct hproxy_req rq;
	struct pollfd pfd[2];
	char why[SK_ERRLEN];
	size_t n;
	long r;

	memmove(h->buf, h->buf + h->off, h->len - h->off);
	h->len -= h->off;
	h->off = 0;
	h->deadline = ps->hs_ms > 0 ? mono_ms() + ps->hs_ms : 0;
	if (!first && h->len == 0 && phs_wait(h, pfd, -1, ps->hs_ms > 0 ?
	    ps->hs_ms : -1) <= 0)
		return ONE_END;
	if (!first)
		h->pc->t0 = mono_ms();
	for (;;) {
		r = hproxy_parse((const char *)h->buf, h->len, &rq, why);
		if (r != 0)
			break;
		if (phs_read(h) == -1) {
			/* closed between two requests: as it may */
			if (!first && h->len == 0)
				h->pc->err[0] = '\0';
			return ONE_END;
		}
	}
	if (r < 0)
		return refuse(x, rq.status, why, 0);
	h->off = (size_t)r;
	/* the record's, each request's: copied, not printed */
	n = strnlen(rq.method, sizeof(h->pc->method) - 1);
	memcpy(h->pc->method, rq.method, n);
	h->pc->method[n] = '\0';
	if (phs_stranger(h)) {
		phs_target(h, rq.host, rq.port);
		return refuse(x, 403, h->pc->err, 0);
	}
	if (ps->user != NULL && (rq.auth_len == 0 || !hproxy_auth_ok(
	    (const char *)h->buf + rq.auth_off, rq.auth_len, ps->user,
	    ps->pass)))
		return refuse(x, 407, rq.auth_len == 0 ? "no credentials" :
		    "authentication failed", !rq.close && !rq.connect &&
		    rq.body == HTTP_BODY_NONE);
	h->pc->user = ps->user;
	/*
	 * Our own name in Via: the request came round to us again.  508
	 * Loop Detected (RFC 5842 section 7.2) rather than 400: nothing in
	 * the request is malformed, and the status says what a proxy log or
	 * a client has to fix (a chain that points back at itself).
	 */
	if (hproxy_via_has((const char *)h->buf, &rq, x->via))
		return refuse(x, 508, "a forwarding loop (Via names this "
		    "proxy)", 0);
	if (hproxy_maxfwd(&rq) && rq.maxfwd == 0)
		return answer_self(x, &rq);
	if (rq.connect)
		return tunnel(x, &rq);
	return hx_forward(x, &rq);
}

/*
 * Our name in Via (RFC 9110 section 7.6.3): this host's name and the
 * port the client reached, so that two proxies on one host are two
 * names, and a request back at this one is a loop.  "sockt" when the
 * host's name is no plain host name.
 */
static void
via_name(struct hx *x)
{
	const struct sockaddr_storage *ss = &x->h->self;
	char name[SK_HOSTLEN];
	size_t i;
	int port = 0, ok;

	ok = gethostname(name, sizeof(name)) == 0;
	name[sizeof(name) - 1] = '\0';
	for (i = 0; ok && name[i] != '\0'; i++)
		ok = (name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' &&
		    name[i] <= 'Z') || (name[i] >= '0' && name[i] <= '9') ||
		    name[i] == '-' || name[i] == '.';
	if (!ok || name[0] == '\0')
		snprintf(name, sizeof(name), "sockt");
	if (ss->ss_family == AF_INET)
		port = ntohs(((const struct sockaddr_in *)ss)->sin_port);
	else if (ss->ss_family == AF_INET6)
		port = ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
	if (port > 0)
		snprintf(x->via, sizeof(x->via), "%.*s:%d", SK_HOSTLEN - 8,
		    name, port);
	else
		snprintf(x->via, sizeof(x->via), "%s", name);
}

int
pserve_http(struct conn *c, const struct pserve *ps, struct pserve_conn *pc,
    struct conn *fc)
{
	static struct hs h;
	static struct hx x;
	int i, rc, first = 1;

	phs_init(&h, c, ps, pc);
	x.h = &h;
	x.fc = fc;
	x.ms = ps->idle_ms > 0 ? ps->idle_ms : -1;
	/*
	 * a body has no time of its own: without -i the head's limit, so
	 * a client that promises a megabyte and sends three bytes holds no
	 * child, nor an origin's connection, for ever
	 */
	x.body_ms = ps->idle_ms > 0 ? ps->idle_ms : ps->hs_ms;
	x.rbl = 0;
	via_name(&x);
	for (i = 0; i < PSERVE_UPSTREAMS; i++)
		conn_init(&x.up[i].c, -1);
	/* its waits are polls within x.ms: no socket limits on it */
	(void)net_set_nodelay(c->fd);
	while ((rc = one(&x, first)) == ONE_NEXT)
		first = 0;
	for (i = 0; i < PSERVE_UPSTREAMS; i++)
		up_close(&x.up[i]);
	if (rc == ONE_END) {
		pc->code = -1;
		pc->target[0] = '\0';
	}
	return rc;
}
