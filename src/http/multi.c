/*
 * http/multi.c: many transfers in one poll loop (multi.h says what).
 *
 * A transfer waits in the pending list (in the order the caller handed
 * it over, or at the front when it goes again) until a connection to its
 * host can take it: an idle one, a new one within the limits, or, when
 * pipelining, the least loaded one with room.  A connection holds its
 * transfers in the order their requests go out; the first is the one
 * whose response is being read.  Requests are built only when the write
 * buffer is empty, all the waiting ones at once (one write for a whole
 * pipeline), so a TLS write that would block is retried with the same
 * bytes in the same place, as OpenSSL asks.
 *
 * Every body byte goes through deliver(): counted as it came on the
 * wire, its codings undone (decode.h, set up by response() as client.c
 * does), and --max-filesize checked of what it decodes to.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "http/client.h"
#include "http/decode.h"
#include "http/multi.h"
#include "net/net.h"
#include "net/tls.h"
#include "parse/http.h"
#include "parse/socks.h"
#include "parse/url.h"
#include "sockt.h"
#include "util/clock.h"
#include "util/num.h"

#define MBUFSZ		(128 * 1024)	/* a connection's read buffer */
#define INTERIM_MAX	32		/* 1xx heads before the final one */
#define RESENDS_MAX	3		/* sends again after a new connection
					   closed with no answer at all */
#define REQSZ		(HTTPC_FIELDS_MAX + URL_PATHLEN + 2 * SK_HOSTLEN + \
			    4096)	/* client.c's bound on a request head */
#define KEYLEN		(3 * SK_HOSTLEN + 2 * SK_PORTLEN + URL_ZONELEN + \
			    PROXY_USERLEN + 32)

/* ALPN: the one protocol the engine speaks, in TLS's wire form */
static const unsigned char alpn_http11[] = "\010http/1.1";

/* A transfer. */
struct mx {
	struct mx	*next;
	int		 id;
	int		 host;		/* index in m->hosts */
	int		 sent;		/* its request is in the write buffer */
	int		 resent;	/* times it went again after a close */
	int		 lost;		/* ... of them on a connection that had
					   answered nothing yet */
	long long	 not_before;
	const char	*field;		/* its own header field, or NULL */
	long long	 deadline;	/* -m: mono_ms, -1 none, 0 not started */
	uint64_t	 body;		/* body bytes on the wire */
	uint64_t	 decoded;	/* ... and decoded, to the data hook */
	struct decode	 dec;		/* its codings (decode.h), or none */
	struct httpc_result res;
	int		 has_px;	/* through px */
	int		 tunnel;	/* ... in a CONNECT tunnel */
	struct proxy	 px;
	struct url	 url;
	struct url	 origin;
};

struct mhost {
	char		 key[KEYLEN];
	char		 name[SK_HOSTLEN + URL_ZONELEN];	/* to resolve */
	char		 port[SK_PORTLEN];
	int		 has_px;	/* name and port are a proxy's */
	int		 tunnel;	/* CONNECT through it */
	struct proxy	 px;
	struct addrinfo	*ai;		/* resolved once */
	int		 nconns;
	int		 nopipe;	/* a pipeline failed: one at a time */
	unsigned	 full;		/* no room in this assign pass */
};

enum cstate { C_DIAL, C_PROXY, C_TLS, C_OPEN };

struct mconn {
	enum cstate	 state;
	int		 s;
	struct tls_conn	*tls;
	int		 host;
	struct addrinfo	*ai;		/* the address being tried */
	long long	 dial_deadline;	/* connect and TLS within -w */
	long long	 last_rx;	/* mono_ms of the last byte, or send */
	int		 want;		/* TLS: what it waits for */
	int		 rwant_out;	/* TLS: a read waits to write first */
	char		*buf;
	size_t		 len, off;	/* unread: buf[off .. len) */
	char		*wb;		/* requests not yet written */
	size_t		 wlen, woff, wcap;
	struct mx	*q, *qtail;	/* its transfers, in request order */
	int		 nq;
	int		 closing;	/* no more requests: it will close */
	int		 unsent;	/* transfers placed since the last write */
	unsigned long	 nresp;		/* responses read on it */
	unsigned long	 nreq;		/* requests built for it */
	/* the first transfer's response */
	int		 inbody;
	int		 discard;	/* the body goes nowhere */
	int		 ninterim;
	enum http_body_kind kind;
	uint64_t	 left;
	struct http_chunked ch;
};

struct httpm {
	struct httpm_opts o;
	struct httpm_hooks h;
	struct mx	*pend, *ptail;	/* waiting for a connection */
	int		 npend;
	struct mx	*freex;		/* spare transfers */
	int		 dry;		/* the next hook had none */
	struct mconn	**conns;	/* max_conns slots, NULL free */
	int		 nconns;
	struct mhost	*hosts;
	int		 nhosts;
	unsigned	 pass;
	unsigned long	 nconnects;
	struct http_resp *resp;
	char		*req;
	char		**hdrs;
	struct url	 redir;		/* a redirect's target, for done */
	char		 target[URL_PATHLEN + SK_HOSTLEN + 16];
	struct addrinfo	 uai;		/* --unix-socket: every connection's */
	struct sockaddr_un sun;
	struct pollfd	*pfd;
	struct mconn	**pconn;	/* which connection each pfd is */
};

/* Record an outcome and its message in x's result. */
static void
seterr(struct mx *x, enum httpc_outcome oc, const char *fmt, ...)
{
	va_list ap;

	x->res.outcome = oc;
	va_start(ap, fmt);
	(void)vsnprintf(x->res.err, sizeof(x->res.err), fmt, ap);
	va_end(ap);
}

static struct mx *
mx_get(struct httpm *m)
{
	struct mx *x;

	if ((x = m->freex) != NULL)
		m->freex = x->next;
	else if ((x = malloc(sizeof(*x))) == NULL)
		return NULL;
	x->next = NULL;
	return x;
}

static void
mx_put(struct httpm *m, struct mx *x)
{
	decode_free(&x->dec);
	x->next = m->freex;
	m->freex = x;
}

/*
 * The host of x (its URL, and the proxy it goes through), found or
 * added: its index, or -1 with errno.
 */
static int
host_of(struct httpm *m, const struct mx *x)
{
	const struct url *u = &x->url;
	struct mhost *nh, *h;
	char key[KEYLEN];
	int i;

	(void)snprintf(key, sizeof(key), "%s %s %s%%%s %d %s %s %s %d",
	    url_scheme(u), u->host, u->port, u->zone, x->has_px ?
	    x->px.kind : -1, x->has_px ? x->px.host : "-", x->has_px ?
	    x->px.port : "-", x->has_px && x->px.has_auth ? x->px.user : "-",
	    x->tunnel);
	for (i = m->nhosts - 1; i >= 0; i--)
		if (strcmp(m->hosts[i].key, key) == 0)
			return i;
	if (m->nhosts % 16 == 0) {
		if ((nh = realloc(m->hosts, ((size_t)m->nhosts + 16) *
		    sizeof(*nh))) == NULL)
			return -1;
		m->hosts = nh;
	}
	h = &m->hosts[m->nhosts];
	memset(h, 0, sizeof(*h));
	(void)snprintf(h->key, sizeof(h->key), "%s", key);
	if (x->has_px) {
		h->has_px = 1;
		h->tunnel = x->tunnel;
		h->px = x->px;
		(void)snprintf(h->name, sizeof(h->name), "%s", x->px.host);
		(void)snprintf(h->port, sizeof(h->port), "%s", x->px.port);
		return m->nhosts++;
	}
	if (url_dial_host(u, h->name, sizeof(h->name)) == -1)
		h->name[0] = '\0';
	(void)snprintf(h->port, sizeof(h->port), "%s", u->port);
	return m->nhosts++;
}

/* Append x to a list. */
static void
list_add(struct mx **head, struct mx **tail, struct mx *x)
{
	x->next = NULL;
	if (*tail != NULL)
		(*tail)->next = x;
	else
		*head = x;
	*tail = x;
}

/* Take x, whose predecessor is prev (NULL: the head), off a list. */
static void
list_cut(struct mx **head, struct mx **tail, struct mx *prev, struct mx *x)
{
	if (prev != NULL)
		prev->next = x->next;
	else
		*head = x->next;
	if (*tail == x)
		*tail = prev;
}

/* Transfers from the caller while there is room to hold them. */
static int
pull(struct httpm *m)
{
	struct httpm_req rq;
	struct mx *x;
	int cap = m->o.max_conns * m->o.depth + m->o.max_conns;

	while (!m->dry && m->npend < cap) {
		memset(&rq, 0, sizeof(rq));
		if (m->h.next == NULL || m->h.next(m->h.arg, &rq) != 1) {
			m->dry = 1;
			break;
		}
		if ((x = mx_get(m)) == NULL)
			return -1;
		memset(x, 0, sizeof(*x));
		x->id = rq.id;
		x->url = *rq.url;
		x->origin = rq.origin != NULL ? *rq.origin : *rq.url;
		x->not_before = rq.not_before;
		x->field = rq.field;
		x->res.next = &m->redir;
		if (rq.proxy != NULL) {
			x->has_px = 1;
			x->px = *rq.proxy;
			x->tunnel = rq.tunnel;
		}
		if ((x->host = host_of(m, x)) == -1) {
			mx_put(m, x);
			return -1;
		}
		list_add(&m->pend, &m->ptail, x);
		m->npend++;
	}
	return 0;
}

/* The end of x: the caller hears of it, x goes back to the spares. */
static void
finish(struct httpm *m, struct mconn *c, struct mx *x)
{
	struct httpm_end end;

	x->res.next = &m->redir;
	if (c != NULL && c->tls != NULL)
		x->res.ssl_verify = tls_verify_result(c->tls);
	end.res = &x->res;
	end.dropped = 0;
	end.body = x->body;
	end.s = c != NULL ? c->s : -1;
	end.reused = c != NULL && c->nresp > 0;
	end.resent = x->resent;
	m->dry = 0;	/* it may hand over more now (a redirect, a retry) */
	if (m->h.done != NULL)
		m->h.done(m->h.arg, x->id, &end);
	mx_put(m, x);
}

/* x never goes: the start hook said so. */
static void
drop(struct httpm *m, struct mx *x)
{
	struct httpm_end end;

	memset(&end, 0, sizeof(end));
	x->res.outcome = HTTPC_ERR_REQUEST;
	x->res.next = &m->redir;
	end.res = &x->res;
	end.s = -1;
	end.dropped = 1;
	if (m->h.done != NULL)
		m->h.done(m->h.arg, x->id, &end);
	mx_put(m, x);
}

/* Take the first transfer off c. */
static struct mx *
conn_pop(struct mconn *c)
{
	struct mx *x = c->q;

	if (x != NULL) {
		c->q = x->next;
		if (c->q == NULL)
			c->qtail = NULL;
		c->nq--;
		x->next = NULL;
	}
	c->inbody = c->discard = c->ninterim = 0;
	return x;
}

/*
 * The transfers of c from the first on go again on another connection,
 * before every other waiting one and in their order; their requests
 * were sent, maybe, but no byte of a response reached a hook.  A
 * pipeline that broke makes the host a one-at-a-time host.
 */
static void
conn_requeue(struct httpm *m, struct mconn *c)
{
	struct mx *x, *head = NULL, *tail = NULL;

	for (x = c->q; x != NULL && m->o.depth > 1; x = x->next)
		if (x->sent)
			m->hosts[c->host].nopipe = 1;
	while ((x = conn_pop(c)) != NULL) {
		/*
		 * a kept connection the server closed is the race of RFC 9112
		 * section 9.3.1, as often as it comes; a new one that answers
		 * nothing, a server that will never answer: that is bounded
		 */
		if (x->sent) {
			x->resent++;
			if (c->nresp == 0)
				x->lost++;
		}
		x->sent = 0;
		if (x->lost > RESENDS_MAX) {
			seterr(x, HTTPC_ERR_PROTOCOL, "empty reply from server "
			    "(the connection closed %d times)", RESENDS_MAX + 1);
			finish(m, NULL, x);
			continue;
		}
		memset(&x->res, 0, sizeof(x->res));
		decode_free(&x->dec);
		x->body = x->decoded = 0;
		list_add(&head, &tail, x);
		m->npend++;
	}
	if (head != NULL) {
		tail->next = m->pend;
		m->pend = head;
		if (m->ptail == NULL)
			m->ptail = tail;
	}
}

/* Close c, its transfers (if any are left) going again. */
static void
conn_close(struct httpm *m, struct mconn *c)
{
	int i;

	conn_requeue(m, c);
	if (c->tls != NULL) {
		if (c->state == C_OPEN)
			(void)tls_shutdown(c->tls);
		tls_close(c->tls);
	}
	if (c->s != -1)
		(void)close(c->s);
	m->hosts[c->host].nconns--;
	for (i = 0; i < m->o.max_conns; i++)
		if (m->conns[i] == c)
			m->conns[i] = NULL;
	m->nconns--;
	free(c->buf);
	free(c->wb);
	free(c);
}

/* c failed: each of its transfers ends with the outcome. */
static void
conn_fail_all(struct httpm *m, struct mconn *c, enum httpc_outcome oc,
    int sys_err, const char *msg)
{
	struct mx *x;

	while ((x = conn_pop(c)) != NULL) {
		seterr(x, oc, "%s", msg);
		x->res.sys_err = sys_err;
		if (c->tls != NULL)
			x->res.ssl_verify = tls_verify_result(c->tls);
		finish(m, NULL, x);
	}
	conn_close(m, c);
}

/* The first transfer of c fails; the others go again; c closes. */
static void
conn_fail_first(struct httpm *m, struct mconn *c, enum httpc_outcome oc,
    const char *fmt, ...)
{
	struct mx *x;
	va_list ap;

	if ((x = conn_pop(c)) != NULL) {
		x->res.outcome = oc;
		va_start(ap, fmt);
		(void)vsnprintf(x->res.err, sizeof(x->res.err), fmt, ap);
		va_end(ap);
		finish(m, c, x);
	}
	conn_close(m, c);
}

/* Start connecting to the next address of c's host.  0, or -1. */
static int
dial_next(struct mconn *c, int *eno)
{
	for (; c->ai != NULL; c->ai = c->ai->ai_next) {
		if (c->s != -1)
			(void)close(c->s);
		if ((c->s = net_socket(c->ai->ai_family, SOCK_STREAM, 1)) ==
		    -1) {
			*eno = errno;
			continue;
		}
		if (connect(c->s, c->ai->ai_addr, c->ai->ai_addrlen) == 0 ||
		    errno == EINPROGRESS || errno == EINTR)
			return 0;
		*eno = errno;
	}
	return -1;
}

/* The connect failed for every address: c's transfers end. */
static void
dial_failed(struct httpm *m, struct mconn *c, int eno)
{
	struct mhost *h = &m->hosts[c->host];
	char msg[HTTPC_ERRLEN];

	if (m->o.http->unix_path != NULL)
		(void)snprintf(msg, sizeof(msg), "%s: %s",
		    m->o.http->unix_path, strerror(eno));
	else
		(void)snprintf(msg, sizeof(msg), "%s%s port %s: %s",
		    h->has_px ? "proxy " : "", h->name, h->port,
		    strerror(eno));
	conn_fail_all(m, c, HTTPC_ERR_CONNECT, eno, msg);
}

/* A new connection to host hi, dialing.  It, or NULL (said in x). */
static struct mconn *
conn_new(struct httpm *m, int hi, struct mx *x)
{
	struct mhost *h = &m->hosts[hi];
	const struct httpc_opts *o = m->o.http;
	struct net_opts no;
	struct mconn *c;
	char err[SK_ERRLEN];
	int i, eno = ECONNREFUSED;

	if (x->url.https && tls_load(err) == -1) {
		seterr(x, HTTPC_ERR_TLS, "%s", err);
		return NULL;
	}
	if (h->has_px && h->px.kind != PROXY_HTTP) {
		seterr(x, HTTPC_ERR_REQUEST, "-Z and --pipeline do not go "
		    "through a %s proxy", proxy_scheme(h->px.kind));
		return NULL;
	}
	if (o->unix_path != NULL)
		;	/* the socket leads to the server, whatever the URL */
	else if (h->ai == NULL) {
		net_opts_init(&no);
		if (o->family != 0)
			no.family = o->family;
		if (net_resolve(h->name, h->port, &no, 0, &h->ai, err) == -1) {
			x->res.sys_err = errno;
			seterr(x, HTTPC_ERR_CONNECT, "%s", err);
			return NULL;
		}
	}
	x->res.t_resolved = mono_us();
	if ((c = calloc(1, sizeof(*c))) == NULL || (c->buf =
	    malloc(MBUFSZ)) == NULL) {
		free(c);
		seterr(x, HTTPC_ERR_CONNECT, "%s", strerror(ENOMEM));
		return NULL;
	}
	c->s = -1;
	c->host = hi;
	c->state = C_DIAL;
	c->ai = o->unix_path != NULL ? &m->uai : h->ai;
	c->dial_deadline = o->connect_ms > 0 ? mono_ms() + o->connect_ms : -1;
	if (dial_next(c, &eno) == -1) {
		x->res.sys_err = eno;
		if (o->unix_path != NULL)
			seterr(x, HTTPC_ERR_CONNECT, "%s: %s", o->unix_path,
			    strerror(eno));
		else
			seterr(x, HTTPC_ERR_CONNECT, "%s%s port %s: %s",
			    h->has_px ? "proxy " : "", h->name, h->port,
			    strerror(eno));
		if (c->s != -1)
			(void)close(c->s);
		free(c->buf);
		free(c);
		return NULL;
	}
	for (i = 0; i < m->o.max_conns; i++)
		if (m->conns[i] == NULL) {
			m->conns[i] = c;
			break;
		}
	m->nconns++;
	h->nconns++;
	m->nconnects++;
	return c;
}

/*
 * Headers from -H that go only to the host the user named (client.c
 * has the same rule for the one-at-a-time path).
 */
static int
header_private(const char *h)
{
	return strncasecmp(h, "Authorization", 13) == 0 ||
	    strncasecmp(h, "Cookie", 6) == 0 ||
	    (strncasecmp(h, "Host", 4) == 0 && (h[4] == ':' || h[4] == ';'));
}

/* x's request appended to c's write buffer.  0, or -1 (said in x). */
static int
request_add(struct httpm *m, struct mconn *c, struct mx *x)
{
	const struct httpc_opts *o = m->o.http;
	struct http_req rq;
	char err[SK_ERRLEN], host[SK_HOSTLEN + 16], *nb;
	long rl;
	int i, nh = 0;

	if (url_authority(&x->url, host, sizeof(host)) == -1) {
		seterr(x, HTTPC_ERR_REQUEST, "host name too long");
		return -1;
	}
	memset(&rq, 0, sizeof(rq));
	rq.method = o->head ? "HEAD" : "GET";
	rq.host = host;
	rq.agent = o->agent;
	rq.target = x->url.path;
	if (x->has_px && !x->tunnel) {
		/* an HTTP proxy forwarding the request wants the whole URL */
		if (url_string(&x->url, m->target, sizeof(m->target)) == -1) {
			seterr(x, HTTPC_ERR_REQUEST, "URL too long");
			return -1;
		}
		rq.target = m->target;
		if (x->px.has_auth) {
			rq.proxy_user = x->px.user;
			rq.proxy_pass = x->px.pass;
		}
	}
	if (x->url.has_auth) {
		rq.user = x->url.user;
		rq.pass = x->url.pass;
	}
	for (i = 0; i < o->nheaders; i++)
		if (url_same_origin(&x->url, &x->origin) ||
		    !header_private(o->headers[i]))
			m->hdrs[nh++] = o->headers[i];
	if (x->field != NULL)
		m->hdrs[nh++] = (char *)(uintptr_t)x->field;
	rq.headers = m->hdrs;
	rq.nheaders = nh;
	rq.keep_alive = 1;
	/* what decode.c undoes; x-gzip is gzip (client.c asks the same) */
	rq.accept_encoding = o->compressed ? "gzip, deflate" : NULL;
	if ((rl = http_request_build(&rq, m->req, REQSZ, err)) == -1) {
		seterr(x, HTTPC_ERR_REQUEST, "%s", err);
		return -1;
	}
	if (http_request_closes(&rq))
		c->closing = 1;	/* -H Connection: close */
	if (c->wlen + (size_t)rl > c->wcap) {
		if ((nb = realloc(c->wb, c->wlen + (size_t)rl + 4096)) == NULL) {
			seterr(x, HTTPC_ERR_REQUEST, "%s", strerror(errno));
			return -1;
		}
		c->wb = nb;
		c->wcap = c->wlen + (size_t)rl + 4096;
	}
	memcpy(c->wb + c->wlen, m->req, (size_t)rl);
	c->wlen += (size_t)rl;
	x->sent = 1;
	if (m->h.request != NULL)
		m->h.request(m->h.arg, x->id, c->s, c->tls,
		    m->hosts[c->host].has_px, c->nreq > 0, m->req, (size_t)rl);
	c->nreq++;
	return 0;
}

/*
 * Write what waits; when nothing does, build the requests of the
 * transfers not yet sent first.  0, or -1 after c was closed.
 */
static int
conn_flush(struct httpm *m, struct mconn *c)
{
	struct mx *x, *prev = NULL, *nx;
	ssize_t n;

	if (c->state != C_OPEN)
		return 0;
again:
	if (c->woff == c->wlen) {
		c->woff = c->wlen = 0;
		for (x = c->q; x != NULL; x = nx) {
			nx = x->next;
			if (x->sent) {
				prev = x;
				continue;
			}
			if (request_add(m, c, x) == 0) {
				prev = x;
				continue;
			}
			/* unlink and end it: its request cannot be made */
			list_cut(&c->q, &c->qtail, prev, x);
			c->nq--;
			finish(m, c, x);
		}
		if (c->wlen > 0)
			c->last_rx = mono_ms();
	}
	while (c->woff < c->wlen) {
		if (c->tls != NULL)
			n = tls_write(c->tls, c->wb + c->woff, c->wlen - c->woff);
		else
			n = send(c->s, c->wb + c->woff, c->wlen - c->woff,
			    MSG_NOSIGNAL);
		if (n > 0) {
			c->woff += (size_t)n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN) {
			if (c->tls != NULL)
				c->want = tls_want(c->tls);
			return 0;
		}
		/* the server closed: the read side says what it means */
		if (c->nresp > 0 && c->q != NULL && !c->inbody &&
		    c->len == c->off) {
			conn_close(m, c);
			return -1;
		}
		conn_fail_first(m, c, HTTPC_ERR_SEND, "%s port %s: write: %s",
		    m->hosts[c->host].name, m->hosts[c->host].port,
		    strerror(errno));
		return -1;
	}
	/* placed while the last requests were going out: theirs now */
	for (x = c->q; x != NULL; x = x->next)
		if (!x->sent)
			goto again;
	return 0;
}

/* TLS on c's connected socket begins. 0, or -1 after c was closed. */
static int
tls_begin(struct httpm *m, struct mconn *c)
{
	struct tls_client_opts to;
	struct mx *x = c->q;
	char err[SK_ERRLEN];

	if (m->o.http->tls != NULL)
		to = *m->o.http->tls;
	else
		memset(&to, 0, sizeof(to));
	to.host = x->url.host;
	to.port = x->url.port;
	to.alpn = alpn_http11;
	to.alpn_len = sizeof(alpn_http11) - 1;
	to.read_ahead = 1;
	if ((c->tls = tls_client_new(c->s, &to, err)) == NULL) {
		conn_fail_all(m, c, HTTPC_ERR_TLS, 0, err);
		return -1;
	}
	c->state = C_TLS;
	c->want = POLLOUT;
	return 0;
}

/* One step of the handshake.  0, or -1 after c was closed. */
static int
tls_step(struct httpm *m, struct mconn *c)
{
	struct mhost *h = &m->hosts[c->host];
	char err[SK_ERRLEN], msg[HTTPC_ERRLEN];
	int rc;

	if ((rc = tls_handshake_step(c->tls, err)) > 0) {
		c->want = rc;
		return 0;
	}
	if (rc == -1) {
		(void)snprintf(msg, sizeof(msg), "%s port %s: %s", h->name,
		    h->port, err);
		conn_fail_all(m, c, HTTPC_ERR_TLS, 0, msg);
		return -1;
	}
	c->state = C_OPEN;
	return conn_flush(m, c);
}

/* Connected (through the tunnel, if any): TLS for https, or requests. */
static int
tunnel_done(struct httpm *m, struct mconn *c)
{
	if (c->q != NULL && c->q->url.https)
		return tls_begin(m, c);
	c->state = C_OPEN;
	return conn_flush(m, c);
}

static int	proxy_step(struct httpm *, struct mconn *);

/*
 * Ask the proxy for a tunnel to the URL's host and port: the CONNECT
 * request into the write buffer, written as the socket takes it.  0, or
 * -1 after c was closed.
 */
static int
proxy_begin(struct httpm *m, struct mconn *c)
{
	struct mhost *h = &m->hosts[c->host];
	const struct url *u = &c->q->url;
	char err[SK_ERRLEN], msg[HTTPC_ERRLEN];
	const char *errstr = NULL;
	long long port;
	long n;

	if (c->wcap < PROXY_REQ_MAX + URL_ZONELEN + SK_HOSTLEN) {
		char *nb = realloc(c->wb, PROXY_REQ_MAX + URL_ZONELEN +
		    SK_HOSTLEN);

		if (nb == NULL) {
			conn_fail_all(m, c, HTTPC_ERR_CONNECT, errno,
			    strerror(errno));
			return -1;
		}
		c->wb = nb;
		c->wcap = PROXY_REQ_MAX + URL_ZONELEN + SK_HOSTLEN;
	}
	if (parse_num(u->port, 1, 65535, &port, &errstr) == -1 ||
	    (n = http_connect_request(&h->px, u->host, (int)port,
	    (unsigned char *)c->wb, c->wcap, err)) == -1) {
		(void)snprintf(msg, sizeof(msg), "proxy %s port %s: %s",
		    h->name, h->port, errstr != NULL ? errstr : err);
		conn_fail_all(m, c, HTTPC_ERR_CONNECT, 0, msg);
		return -1;
	}
	c->wlen = (size_t)n;
	c->woff = 0;
	c->state = C_PROXY;
	return proxy_step(m, c);
}

/*
 * The CONNECT request out, then its answer in: a 2xx opens the tunnel
 * (bytes after it are the start of a response, none allowed before
 * TLS), anything else is the proxy's refusal.  0, or -1 after c was
 * closed.
 */
static int
proxy_step(struct httpm *m, struct mconn *c)
{
	struct mhost *h = &m->hosts[c->host];
	char err[SK_ERRLEN], msg[HTTPC_ERRLEN];
	size_t need = 0;
	ssize_t n;
	long hl;

	while (c->woff < c->wlen) {
		n = send(c->s, c->wb + c->woff, c->wlen - c->woff,
		    MSG_NOSIGNAL);
		if (n > 0) {
			c->woff += (size_t)n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return 0;
		(void)snprintf(msg, sizeof(msg), "proxy %s port %s: write: %s",
		    h->name, h->port, strerror(errno));
		conn_fail_all(m, c, HTTPC_ERR_CONNECT, errno, msg);
		return -1;
	}
	while ((n = read(c->s, c->buf + c->len, MBUFSZ - c->len)) == -1 &&
	    errno == EINTR)
		;
	if (n == -1 && errno == EAGAIN)
		return 0;
	if (n <= 0) {
		(void)snprintf(msg, sizeof(msg), "proxy %s port %s: %s", h->name,
		    h->port, n == 0 ? "closed the connection before it "
		    "answered CONNECT" : strerror(errno));
		conn_fail_all(m, c, HTTPC_ERR_CONNECT, n == 0 ? 0 : errno, msg);
		return -1;
	}
	c->len += (size_t)n;
	if ((hl = http_connect_parse((unsigned char *)c->buf, c->len, &need,
	    err)) == 0)
		return 0;
	if (hl == -1) {
		(void)snprintf(msg, sizeof(msg), "proxy %s port %s: %s", h->name,
		    h->port, err);
		conn_fail_all(m, c, HTTPC_ERR_CONNECT, 0, msg);
		return -1;
	}
	c->woff = c->wlen = 0;
	c->off = (size_t)hl;
	if (c->off == c->len)
		c->off = c->len = 0;
	else if (c->q->url.https) {
		(void)snprintf(msg, sizeof(msg), "%s port %s: the proxy sent "
		    "data before TLS began", c->q->url.host, c->q->url.port);
		conn_fail_all(m, c, HTTPC_ERR_CONNECT, 0, msg);
		return -1;
	}
	return tunnel_done(m, c);
}

/* The connect finished (or failed).  0, or -1 after c was closed. */
static int
dial_done(struct httpm *m, struct mconn *c)
{
	struct mx *x;
	socklen_t sl = sizeof(int);
	int e = 0;

	if (getsockopt(c->s, SOL_SOCKET, SO_ERROR, &e, &sl) == -1)
		e = errno;
	if (e != 0) {
		c->ai = c->ai->ai_next;
		if (dial_next(c, &e) == -1) {
			dial_failed(m, c, e);
			return -1;
		}
		return 0;
	}
	if (c->ai->ai_family != AF_UNIX)
		(void)net_set_nodelay(c->s);
	for (x = c->q; x != NULL; x = x->next)
		x->res.t_connected = mono_us();
	if (m->hosts[c->host].tunnel)
		return proxy_begin(m, c);
	return tunnel_done(m, c);
}

struct mfeed {
	struct httpm	*m;
	struct mx	*x;
};

/* Decoded body bytes of a transfer to the caller, under --max-filesize. */
static int
sink_data(void *arg, const char *p, size_t n)
{
	struct mfeed *f = arg;
	struct httpm *m = f->m;
	struct mx *x = f->x;
	char err[SK_ERRLEN];

	if (decode_over(&x->dec, x->decoded, n, m->o.http->max_size, err)) {
		seterr(x, HTTPC_ERR_TOO_LARGE, "%s", err);
		return -1;
	}
	if (m->h.data != NULL && m->h.data(m->h.arg, x->id, p, n) == -1) {
		seterr(x, HTTPC_ERR_OUTPUT, "%s", "");
		return -1;
	}
	x->decoded += n;
	return 0;
}

/*
 * Every body byte of every transfer, as framed (chunks undone): its one
 * way to the caller, through its decoder.  0, or -1 (said in x).
 */
static int
deliver(struct httpm *m, struct mconn *c, struct mx *x, const char *p,
    size_t n)
{
	struct mfeed f;
	char err[SK_ERRLEN];
	int rc;

	if (c->discard || n == 0)
		return 0;
	f.m = m;
	f.x = x;
	if ((rc = decode_feed(&x->dec, p, n, sink_data, &f, err)) ==
	    DECODE_ERR)
		seterr(x, HTTPC_ERR_DECODE, "%s", err);
	if (rc != 0)
		return -1;
	x->body += n;
	if (m->h.progress != NULL)
		m->h.progress(m->h.arg, x->id, x->body);
	return 0;
}

static int
is_redirect(int status)
{
	return status == 301 || status == 302 || status == 303 ||
	    status == 307 || status == 308;
}

static int
hook_head(struct httpm *m, struct mx *x, enum httpc_head what,
    const struct http_resp *r, const char *p, size_t n)
{
	return m->h.head != NULL ? m->h.head(m->h.arg, x->id, what, r, p, n) :
	    0;
}

/*
 * The final head of c's first transfer, hl bytes at c->buf + c->off:
 * follow, fail, refuse, or its body.  0 to go on reading, -1 when x
 * ended with a failure that leaves the connection out of step.
 */
static int
response(struct httpm *m, struct mconn *c, struct mx *x,
    struct http_resp *r, size_t hl)
{
	const struct httpc_opts *o = m->o.http;
	const struct http_field *loc;
	const char *p = c->buf + c->off;
	char err[SK_ERRLEN], ref[URL_PATHLEN + SK_HOSTLEN];
	int rc;

	x->res.status = r->status;
	if (x->res.t_first == 0)
		x->res.t_first = mono_us();
	if (http_body_framing(r, o->head, &c->kind, &c->left, err) == -1) {
		seterr(x, HTTPC_ERR_PROTOCOL, "protocol error: %s", err);
		return -1;
	}
	if (o->follow && is_redirect(r->status) &&
	    (loc = http_field_get(r, "Location")) != NULL) {
		if (hook_head(m, x, HTTPC_HEAD_REDIRECT, r, p, hl) == -1) {
			seterr(x, HTTPC_ERR_HOOK, "%s", "");
			return -1;
		}
		if (loc->vlen >= sizeof(ref)) {
			seterr(x, HTTPC_ERR_PROTOCOL, "redirect location too "
			    "long");
			return -1;
		}
		memcpy(ref, loc->value, loc->vlen);
		ref[loc->vlen] = '\0';
		if (url_resolve(&x->url, ref, &m->redir, err) == -1) {
			seterr(x, HTTPC_ERR_PROTOCOL, "redirect: %s", err);
			return -1;
		}
		x->res.outcome = HTTPC_REDIRECT;
		c->discard = 1;
		return 0;
	}
	(void)snprintf(x->res.reason, sizeof(x->res.reason), "%.*s",
	    (int)(r->rlen > HTTPC_REASONLEN ? HTTPC_REASONLEN : r->rlen),
	    r->reason);
	if (o->fail && http_status_class(r->status) >= 4) {
		(void)hook_head(m, x, HTTPC_HEAD_FAIL, r, p, hl);
		seterr(x, HTTPC_HTTP_ERROR, "%s", "");
		c->discard = 1;
		return 0;
	}
	if ((rc = hook_head(m, x, HTTPC_HEAD_FINAL, r, p, hl)) == 1) {
		seterr(x, HTTPC_HTTP_ERROR, "%s", "");
		c->discard = 1;
		return 0;
	}
	if (rc != 0) {
		seterr(x, HTTPC_ERR_HOOK, "%s", "");
		return -1;
	}
	if (c->kind == HTTP_BODY_NONE)
		return 0;
	if (decode_begin(&x->dec, r, o->compressed, err) == -1) {
		seterr(x, HTTPC_ERR_DECODE, "%s", err);
		return -1;
	}
	if (c->kind == HTTP_BODY_LENGTH &&
	    decode_length_over(&x->dec, c->left, o->max_size, err)) {
		seterr(x, HTTPC_ERR_TOO_LARGE, "%s", err);
		return -1;
	}
	return 0;
}

#define HEAD_BODY	1	/* head_step: the final head; its body next */
#define HEAD_MORE	0	/* ... more bytes needed */
#define HEAD_AGAIN	2	/* ... an interim head passed: another */

/*
 * A head at c->buf + c->off for c's first transfer: HEAD_BODY,
 * HEAD_MORE, HEAD_AGAIN, or -1 after c was closed.
 */
static int
head_step(struct httpm *m, struct mconn *c, struct mx *x)
{
	struct http_resp *r = m->resp;
	struct mx *y;
	char err[SK_ERRLEN];
	long hl;

	hl = http_head_parse(c->buf + c->off, c->len - c->off, r, err);
	if (hl == -1) {
		conn_fail_first(m, c, HTTPC_ERR_PROTOCOL, "protocol error: %s",
		    err);
		return -1;
	}
	if (hl == 0) {
		if (c->len - c->off >= HTTP_HEAD_MAX) {
			conn_fail_first(m, c, HTTPC_ERR_PROTOCOL, "protocol "
			    "error: response head too large (over %d bytes)",
			    HTTP_HEAD_MAX);
			return -1;
		}
		return HEAD_MORE;
	}
	if (http_status_class(r->status) == 1) {
		if (r->status == 101) {
			(void)hook_head(m, x, HTTPC_HEAD_SWITCH, r,
			    c->buf + c->off, (size_t)hl);
			conn_fail_first(m, c, HTTPC_ERR_PROTOCOL, "protocol "
			    "error: unexpected 101 Switching Protocols");
			return -1;
		}
		if (++c->ninterim > INTERIM_MAX) {
			conn_fail_first(m, c, HTTPC_ERR_PROTOCOL, "protocol "
			    "error: too many interim responses (over %d)",
			    INTERIM_MAX);
			return -1;
		}
		if (hook_head(m, x, HTTPC_HEAD_INTERIM, r, c->buf + c->off,
		    (size_t)hl) == -1) {
			conn_fail_first(m, c, HTTPC_ERR_HOOK, "%s", "");
			return -1;
		}
		c->off += (size_t)hl;
		return HEAD_AGAIN;
	}
	if (response(m, c, x, r, (size_t)hl) == -1) {
		(void)conn_pop(c);
		finish(m, c, x);
		conn_close(m, c);
		return -1;
	}
	c->off += (size_t)hl;
	c->inbody = 1;
	if (c->kind == HTTP_BODY_CHUNKED)
		http_chunked_init(&c->ch);
	/*
	 * Neither side may go on after this response: the requests sent
	 * after it go again elsewhere (no byte of theirs was delivered)
	 */
	if (c->kind == HTTP_BODY_CLOSE || !http_resp_persistent(r)) {
		c->closing = 1;
		if ((y = x->next) != NULL) {
			int discard = c->discard, ninterim = c->ninterim;

			/* everything after x goes again, in order; x stays */
			x->next = NULL;
			c->q = y;
			c->nq--;
			conn_requeue(m, c);
			c->q = c->qtail = x;
			c->nq = 1;
			c->inbody = 1;
			c->discard = discard;
			c->ninterim = ninterim;
		}
	}
	return HEAD_BODY;
}

/*
 * c's first transfer is complete: its framing ended well, so its
 * codings must have too (a cut or unfinished gzip stream fails it, as
 * client.c's httpc_body_end; the connection stays in step).
 */
static void
complete(struct httpm *m, struct mconn *c)
{
	char err[SK_ERRLEN];
	int kept = !c->discard;
	struct mx *x = conn_pop(c);

	if (kept && x->res.outcome == HTTPC_OK &&
	    decode_finish(&x->dec, err) == -1)
		seterr(x, HTTPC_ERR_DECODE, "%s", err);
	finish(m, c, x);
	c->nresp++;
}

/*
 * The bytes in c's buffer, response by response.  0, or -1 after c
 * was closed.
 */
static int
process(struct httpm *m, struct mconn *c)
{
	struct mx *x;
	char err[SK_ERRLEN];
	size_t n, got;
	long used;
	int rc;

	for (;;) {
		if ((x = c->q) == NULL) {
			if (c->len > c->off || c->closing) {
				/* bytes no request asked for */
				conn_close(m, c);
				return -1;
			}
			c->off = c->len = 0;
			return 0;
		}
		if (!c->inbody) {
			if (c->len == c->off)
				break;
			if ((rc = head_step(m, c, x)) == -1)
				return -1;
			if (rc == HEAD_MORE)
				break;
			if (rc == HEAD_AGAIN)
				continue;
			if (c->kind == HTTP_BODY_NONE) {
				complete(m, c);
				continue;
			}
		}
		n = c->len - c->off;
		switch (c->kind) {
		case HTTP_BODY_LENGTH:
			if ((uint64_t)n > c->left)
				n = (size_t)c->left;
			if (deliver(m, c, x, c->buf + c->off, n) == -1)
				goto fail;
			c->off += n;
			c->left -= n;
			if (c->left > 0)
				goto more;
			complete(m, c);
			break;
		case HTTP_BODY_CHUNKED:
			if (n == 0)
				goto more;
			if ((used = http_chunked_decode(&c->ch, c->buf + c->off,
			    n, &got, err)) == -1) {
				conn_fail_first(m, c, HTTPC_ERR_PROTOCOL,
				    "protocol error: %s", err);
				return -1;
			}
			if (deliver(m, c, x, c->buf + c->off, got) == -1)
				goto fail;
			c->off += (size_t)used;
			if (!http_chunked_done(&c->ch))
				goto more;
			complete(m, c);
			break;
		case HTTP_BODY_CLOSE:
			if (deliver(m, c, x, c->buf + c->off, n) == -1)
				goto fail;
			c->off += n;
			goto more;
		case HTTP_BODY_NONE:
			complete(m, c);
			break;
		}
	}
more:
	if (c->off == c->len)
		c->off = c->len = 0;
	else if (c->off > 0 && c->len == MBUFSZ) {
		memmove(c->buf, c->buf + c->off, c->len - c->off);
		c->len -= c->off;
		c->off = 0;
	}
	if (c->q == NULL && c->closing) {
		conn_close(m, c);
		return -1;
	}
	return conn_flush(m, c);
fail:
	(void)conn_pop(c);
	finish(m, c, x);
	conn_close(m, c);
	return -1;
}

/* The server closed c (or reset it): what that means for each. */
static void
conn_eof(struct httpm *m, struct mconn *c, int eno)
{
	struct mx *x = c->q;

	if (x == NULL) {
		conn_close(m, c);
		return;
	}
	if (c->inbody && c->kind == HTTP_BODY_CLOSE) {
		complete(m, c);
		conn_close(m, c);
		return;
	}
	if (!c->inbody && c->len == c->off && c->ninterim == 0 &&
	    (c->nresp > 0 || x->next != NULL || x->resent > 0)) {
		/*
		 * no byte of its response: a kept connection the server
		 * timed out, or a pipeline it stopped reading; the requests
		 * go again (RFC 9112 section 9.3.1)
		 */
		conn_close(m, c);
		return;
	}
	if (eno != 0 && c->tls != NULL && eno == EPROTO)
		conn_fail_first(m, c, HTTPC_ERR_READ, "read: %s",
		    tls_error(c->tls));
	else if (eno != 0 && !(c->inbody || c->len > c->off))
		conn_fail_first(m, c, HTTPC_ERR_READ, "read: %s",
		    strerror(eno));
	else if (!c->inbody)
		conn_fail_first(m, c, HTTPC_ERR_PROTOCOL, "%s",
		    c->len == c->off ? "empty reply from server" :
		    "connection closed inside the response head");
	else if (c->kind == HTTP_BODY_CHUNKED)
		conn_fail_first(m, c, HTTPC_ERR_PROTOCOL, "transfer closed "
		    "inside the chunked body");
	else
		conn_fail_first(m, c, HTTPC_ERR_PROTOCOL, "transfer closed "
		    "with %llu bytes remaining", (unsigned long long)c->left);
}

/* c is readable.  0, or -1 after c was closed. */
static int
conn_read(struct httpm *m, struct mconn *c)
{
	ssize_t n;
	size_t room;
	int full;

	do {
		if (c->off > 0 && c->len == MBUFSZ) {
			memmove(c->buf, c->buf + c->off, c->len - c->off);
			c->len -= c->off;
			c->off = 0;
		}
		room = MBUFSZ - c->len;
		full = 0;
		if (c->tls != NULL) {
			size_t got = 0;

			for (;;) {
				n = tls_read(c->tls, c->buf + c->len + got,
				    room - got);
				if (n > 0 && (got += (size_t)n) < room)
					continue;
				break;
			}
			if (got > 0) {
				full = got == room;
				n = (ssize_t)got;
			} else if (n == -1 && errno == EAGAIN) {
				c->rwant_out = tls_want(c->tls) == POLLOUT;
				return 0;
			}
		} else {
			while ((n = read(c->s, c->buf + c->len, room)) == -1 &&
			    errno == EINTR)
				;
			if (n == -1 && errno == EAGAIN)
				return 0;
			full = n > 0 && (size_t)n == room;
		}
		if (n <= 0) {
			conn_eof(m, c, n == 0 ? 0 : errno);
			return -1;
		}
		c->len += (size_t)n;
		c->last_rx = mono_ms();
		if (process(m, c) == -1)
			return -1;
	} while (full);
	return 0;
}

/*
 * Room for x on a connection: an idle one to its host, a new one, or
 * (pipelining) the least busy one with room.  1 placed, 0 not now.
 */
static int
place(struct httpm *m, struct mx *x, long long now)
{
	struct mhost *h = &m->hosts[x->host];
	struct mconn *c, *best = NULL, *idle = NULL;
	int i, depth = h->nopipe ? 1 : m->o.depth;

	for (i = 0; i < m->o.max_conns; i++) {
		if ((c = m->conns[i]) == NULL || c->closing)
			continue;
		if (c->host != x->host) {
			if (c->nq == 0 && idle == NULL)
				idle = c;
			continue;
		}
		if (c->nq == 0) {
			best = c;
			break;
		}
		if (c->nq < depth && (best == NULL || c->nq < best->nq))
			best = c;
	}
	if ((best == NULL || best->nq > 0) && h->nconns < m->o.max_host) {
		if (m->nconns == m->o.max_conns && idle != NULL)
			conn_close(m, idle);	/* a host no one waits for */
		if (m->nconns < m->o.max_conns) {
			if ((c = conn_new(m, x->host, x)) == NULL)
				return -1;
			best = c;
		}
	}
	if (best == NULL)
		return 0;
	if (x->deadline == 0)
		x->deadline = m->o.http->max_ms > 0 ? now +
		    m->o.http->max_ms : -1;
	list_add(&best->q, &best->qtail, x);
	best->nq++;
	best->unsent = 1;	/* assign writes it, with the others placed */
	return 1;
}

/* The waiting transfers onto connections, in order, as room allows. */
static void
assign(struct httpm *m, long long now)
{
	struct mx *x, *prev = NULL, *nx;
	struct mconn *c;
	int rc, i;

	m->pass++;
	for (x = m->pend; x != NULL; x = nx) {
		nx = x->next;
		if (x->not_before > now || m->hosts[x->host].full == m->pass) {
			prev = x;
			continue;
		}
		/* off the list first: place may end it, or close others */
		list_cut(&m->pend, &m->ptail, prev, x);
		m->npend--;
		if (x->deadline == 0 && m->h.start != NULL &&
		    m->h.start(m->h.arg, x->id) == 0) {
			drop(m, x);
			nx = prev != NULL ? prev->next : m->pend;
			continue;
		}
		if ((rc = place(m, x, now)) == 1) {
			nx = prev != NULL ? prev->next : m->pend;
			continue;
		}
		if (rc == -1) {
			finish(m, NULL, x);
			nx = prev != NULL ? prev->next : m->pend;
			continue;
		}
		/* back where it was */
		x->next = prev != NULL ? prev->next : m->pend;
		if (prev != NULL)
			prev->next = x;
		else
			m->pend = x;
		if (x->next == NULL)
			m->ptail = x;
		m->npend++;
		m->hosts[x->host].full = m->pass;
		prev = x;
		nx = x->next;
	}
	/* the requests placed, a connection's all in one write */
	for (i = 0; i < m->o.max_conns; i++)
		if ((c = m->conns[i]) != NULL && c->unsent) {
			c->unsent = 0;
			if (c->state == C_OPEN && c->woff == c->wlen)
				(void)conn_flush(m, c);
		}
}

/* A deadline past: the transfer it is for ends.  The next one, or -1. */
static long long
expire(struct httpm *m, long long now)
{
	const struct httpc_opts *o = m->o.http;
	struct mconn *c;
	struct mx *x;
	long long next = -1, t;
	int i;

#define SOONER(t) do { if ((t) > 0 && (next == -1 || (t) < next)) \
	next = (t); } while (0)
	for (i = 0; i < m->o.max_conns; i++) {
		if ((c = m->conns[i]) == NULL)
			continue;
		x = c->q;
		if (c->state != C_OPEN && c->dial_deadline != -1) {
			if (now >= c->dial_deadline) {
				if (c->state == C_DIAL) {
					dial_failed(m, c, ETIMEDOUT);
				} else {
					char msg[HTTPC_ERRLEN];

					(void)snprintf(msg, sizeof(msg),
					    "%s port %s: TLS handshake timed "
					    "out", m->hosts[c->host].name,
					    m->hosts[c->host].port);
					conn_fail_all(m, c, HTTPC_ERR_TIMEOUT,
					    ETIMEDOUT, msg);
				}
				continue;
			}
			SOONER(c->dial_deadline);
		}
		if (x == NULL)
			continue;
		if (x->deadline > 0 && now >= x->deadline) {
			conn_fail_first(m, c, HTTPC_ERR_TIMEOUT, "operation "
			    "timed out after %d ms", o->max_ms);
			continue;
		}
		SOONER(x->deadline);
		if (c->state == C_OPEN && o->idle_ms > 0) {
			t = c->last_rx + o->idle_ms;
			if (now >= t) {
				conn_fail_first(m, c, HTTPC_ERR_TIMEOUT,
				    "no data for %d ms (idle timeout)",
				    o->idle_ms);
				continue;
			}
			SOONER(t);
		}
	}
	for (x = m->pend; x != NULL; x = x->next)
		if (x->not_before > now)
			SOONER(x->not_before);
#undef SOONER
	return next;
}

/* One connection's turn after poll. */
static void
conn_event(struct httpm *m, struct mconn *c, short rev)
{
	switch (c->state) {
	case C_DIAL:
		(void)dial_done(m, c);
		return;
	case C_PROXY:
		(void)proxy_step(m, c);
		return;
	case C_TLS:
		(void)tls_step(m, c);
		return;
	case C_OPEN:
		if ((rev & POLLOUT) && conn_flush(m, c) == -1)
			return;
		if ((rev & (POLLIN | POLLHUP | POLLERR)) ||
		    (c->rwant_out && (rev & POLLOUT))) {
			c->rwant_out = 0;
			(void)conn_read(m, c);
		}
		return;
	}
}

int
httpm_run(struct httpm *m)
{
	struct mconn *c;
	long long now, next;
	int i, n, nfd, wait;

	for (;;) {
		if (pull(m) == -1)
			return -1;
		now = mono_ms();
		assign(m, now);
		if (m->dry && m->npend == 0) {
			for (i = 0, n = 0; i < m->o.max_conns; i++)
				if (m->conns[i] != NULL && m->conns[i]->nq > 0)
					n++;
			if (n == 0)
				break;
		}
		next = expire(m, now);
		nfd = 0;
		for (i = 0; i < m->o.max_conns; i++) {
			if ((c = m->conns[i]) == NULL)
				continue;
			m->pfd[nfd].fd = c->s;
			m->pfd[nfd].revents = 0;
			if (c->state == C_DIAL)
				m->pfd[nfd].events = POLLOUT;
			else if (c->state == C_PROXY)
				m->pfd[nfd].events = c->woff < c->wlen ?
				    POLLOUT : POLLIN;
			else if (c->state == C_TLS)
				m->pfd[nfd].events = (short)c->want;
			else {
				/* a read goes on when readable; TLS may want
				 * to write for it (a key update) */
				m->pfd[nfd].events = POLLIN;
				if ((c->woff < c->wlen && (c->tls == NULL ||
				    c->want == POLLOUT)) || c->rwant_out)
					m->pfd[nfd].events |= POLLOUT;
			}
			m->pconn[nfd++] = c;
		}
		if (nfd == 0 && next == -1) {
			/*
			 * A transfer ended at once: the caller may have more.
			 * Or assign's write found its kept connection closed
			 * by the server (RFC 9112 section 9.3.1) and put the
			 * requests back: with no connection left, the next
			 * assign dials anew for them (or ends them), so this
			 * cannot spin.
			 */
			if (!m->dry || m->npend > 0)
				continue;
			/* nothing can start: a bug, not a hang */
			errno = EDEADLK;
			return -1;
		}
		wait = next == -1 ? -1 : next - now > 0 ? (int)(next - now) : 0;
		n = 0;
		if (m->h.idle != NULL && wait != 0 &&
		    (n = poll(m->pfd, (nfds_t)nfd, 0)) == 0)
			m->h.idle(m->h.arg);
		if (n == 0 && (n = poll(m->pfd, (nfds_t)nfd, wait)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (i = 0; i < nfd && n > 0; i++) {
			if (m->pfd[i].revents == 0)
				continue;
			n--;
			conn_event(m, m->pconn[i], m->pfd[i].revents);
		}
	}
	return 0;
}

struct httpm *
httpm_new(const struct httpm_opts *o, const struct httpm_hooks *h)
{
	struct httpm *m;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	m->o = *o;
	if (m->o.depth < 1)
		m->o.depth = 1;
	if (m->o.max_host < 1)
		m->o.max_host = 1;
	if (m->o.max_conns < 1)
		m->o.max_conns = 1;
	m->h = *h;
	if (o->http->unix_path != NULL) {
		/* checked to fit by the command (addr_check_unix) */
		m->sun.sun_family = AF_UNIX;
		(void)snprintf(m->sun.sun_path, sizeof(m->sun.sun_path), "%s",
		    o->http->unix_path);
		m->uai.ai_family = AF_UNIX;
		m->uai.ai_socktype = SOCK_STREAM;
		m->uai.ai_addr = (struct sockaddr *)&m->sun;
		m->uai.ai_addrlen = sizeof(m->sun);
	}
	if ((m->conns = calloc((size_t)m->o.max_conns, sizeof(*m->conns))) ==
	    NULL || (m->resp = malloc(sizeof(*m->resp))) == NULL ||
	    (m->req = malloc(REQSZ)) == NULL ||
	    (m->hdrs = calloc((size_t)o->http->nheaders + 2,
	    sizeof(*m->hdrs))) == NULL ||
	    (m->pfd = calloc((size_t)m->o.max_conns, sizeof(*m->pfd))) ==
	    NULL || (m->pconn = calloc((size_t)m->o.max_conns,
	    sizeof(*m->pconn))) == NULL) {
		httpm_free(m);
		return NULL;
	}
	return m;
}

unsigned long
httpm_nconnects(const struct httpm *m)
{
	return m->nconnects;
}

void
httpm_free(struct httpm *m)
{
	struct mx *x;
	int i;

	if (m == NULL)
		return;
	for (i = 0; m->conns != NULL && i < m->o.max_conns; i++)
		if (m->conns[i] != NULL) {
			while ((x = conn_pop(m->conns[i])) != NULL)
				mx_put(m, x);
			conn_close(m, m->conns[i]);
		}
	while ((x = m->pend) != NULL) {
		m->pend = x->next;
		free(x);
	}
	while ((x = m->freex) != NULL) {
		m->freex = x->next;
		free(x);
	}
	for (i = 0; i < m->nhosts; i++)
		if (m->hosts[i].ai != NULL)
			freeaddrinfo(m->hosts[i].ai);
	free(m->hosts);
	free(m->conns);
	free(m->resp);
	free(m->req);
	free(m->hdrs);
	free(m->pfd);
	free(m->pconn);
	free(m);
}
