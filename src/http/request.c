/*
 * http/request.c: the engine's requests: each transfer's request head
 * built when its connection's write buffer is empty, all the waiting
 * ones at once (one write for a whole pipeline), and written as the
 * socket takes it; a TLS write that would block is retried with the
 * same bytes in the same place, as OpenSSL asks.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/auth.h"
#include "http/engine.h"
#include "http/engine_int.h"
#include "parse/http.h"
#include "parse/url.h"
#include "util/base.h"
#include "util/clock.h"

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

/* Room for n more bytes in c's write buffer.  0, or -1. */
static int
wb_room(struct mconn *c, size_t n)
{
	char *nb;

	if (c->wlen + n <= c->wcap)
		return 0;
	if ((nb = realloc(c->wb, c->wlen + n + 4096)) == NULL)
		return -1;
	c->wb = nb;
	c->wcap = c->wlen + n + 4096;
	return 0;
}

/*
 * m->req large enough for u's request: the fixed part, the target (an
 * absolute URL through a proxy) and the credentials in base64, each as
 * long as it is.  0, or -1 with errno.
 */
static int
req_room(struct httpm *m, const struct url *u)
{
	const char *t = m->o.http->target;
	size_t need = HTTPC_REQSZ + strlen(u->path) + URL_EXTRA +
	    (t != NULL ? strlen(t) : 0);
	char *nb;

	if (u->has_auth)
		need += 2 * (strlen(u->user) + strlen(u->pass)) + 16;
	if (need <= m->reqcap)
		return 0;
	if ((nb = realloc(m->req, need)) == NULL)
		return -1;
	m->req = nb;
	m->reqcap = need;
	return 0;
}

/*
 * The proxy's credentials on x's request rq: Basic, or with
 * --proxy-digest none until a 407's challenge came, then its answer.
 * 0, or -1 (said in x).
 */
static int
proxy_cred(struct httpm *m, struct mx *x, struct http_req *rq)
{
	char err[SK_ERRLEN];
	long n;

	if (m->o.http->proxy_auth == 0 || (x->pauth != NULL &&
	    x->pauth->basic)) {
		rq->proxy_user = x->px->user;
		rq->proxy_pass = x->px->pass;
		return 0;
	}
	if (x->pauth == NULL)
		return 0;
	if ((n = hauth_value(x->pauth, rq->method, x->url->path, x->px->user,
	    x->px->pass, m->pauthv, sizeof(m->pauthv), err)) == -1) {
		mx_seterr(x, HTTPC_ERR_REQUEST, "%s", err);
		return -1;
	}
	if (n > 0)
		rq->proxy_auth = m->pauthv;
	return 0;
}

/*
 * x's request appended to c's write buffer, at now (mono_us, the
 * moment curl calls pretransfer).  0, or -1 (said in x).
 */
static int
request_add(struct httpm *m, struct mconn *c, struct mx *x, long long now)
{
	const struct httpc_opts *o = m->o.http;
	const struct url *u = x->url;
	struct httpm_peer pr;
	struct http_req rq;
	char err[SK_ERRLEN], host[SK_HOSTLEN + 16];
	const char *why = err;
	long rl;
	int i, nh = 0;

	if (url_authority(u, host, sizeof(host)) == -1) {
		why = "host name too long";
		goto fail;
	}
	if (req_room(m, u) == -1)
		goto nomem;
	memset(&rq, 0, sizeof(rq));
	rq.method = o->head ? "HEAD" : "GET";
	rq.http10 = c->http10;
	rq.host = host;
	rq.agent = o->agent;
	rq.referer = x->referer != NULL ? x->referer : o->referer;
	rq.target = u->path;
	if (x->px != NULL && !x->tunnel && o->unix_path == NULL) {
		/* an HTTP proxy forwarding the request wants the whole URL */
		free(m->target);
		if ((m->target = url_string_new(u)) == NULL)
			goto nomem;
		rq.target = m->target;
		rq.via_proxy = 1;	/* curl's Proxy-Connection */
		rq.pheaders = o->pheaders;
		rq.npheaders = o->npheaders;
		if (x->px->has_auth && proxy_cred(m, x, &rq) == -1)
			return -1;
	}
	/* curl's --request-target: to a proxy as well, as given */
	if (o->target != NULL)
		rq.target = o->target;
	if (u->has_auth && (o->auth == 0 || (x->auth != NULL &&
	    x->auth->basic))) {
		rq.user = u->user;
		rq.pass = u->pass;
	} else if (u->has_auth && x->auth != NULL) {
		/* --digest: none until a challenge came, as curl's */
		if ((rl = hauth_value(x->auth, rq.method, u->path, u->user,
		    u->pass, m->authv, sizeof(m->authv), err)) == -1)
			goto fail;
		if (rl > 0)
			rq.auth = m->authv;
	}
	if (o->bearer != NULL && (o->trusted || url_same_origin(u,
	    x->origin)))
		rq.bearer = o->bearer;
	for (i = 0; i < o->nheaders; i++)
		if (o->trusted || url_same_origin(u, x->origin) ||
		    !header_private(o->headers[i]))
			m->hdrs[nh++] = o->headers[i];
	rq.fields = x->fields;
	rq.nfields = x->nfields;
	if (cookies_field(m, x, m->cookie, COOKIE_FIELD_MAX +
	    strlen(o->cookie != NULL ? o->cookie : "") + 2) > 0)
		rq.cookie = m->cookie;
	rq.headers = (char **)m->hdrs;
	rq.nheaders = nh;
	rq.keep_alive = x->keep_alive;
	/* what http_codings and decode.c undo; x-gzip is gzip */
	rq.accept_encoding = o->compressed ? decode_accept() : NULL;
	rq.te = o->te;
	if ((rl = http_request_build(&rq, m->req, m->reqcap, err)) == -1)
		goto fail;
	if (http_request_closes(&rq))
		c->closing = 1;	/* nothing goes after it */
	if (wb_room(c, (size_t)rl) == -1)
		goto nomem;
	memcpy(c->wb + c->wlen, m->req, (size_t)rl);
	c->wlen += (size_t)rl;
	x->sent = 1;
	x->res.t_pretransfer = now;
	x->res.req_bytes += (unsigned long long)rl;
	c->peer.reused = c->nreq > 0;
	if (m->h.request != NULL) {
		/* the peer was said with the CONNECT */
		pr = c->peer;
		if (c->said_peer && c->nreq == 0)
			pr.ip = "";
		m->h.request(m->h.arg, x->id, &pr, m->req, (size_t)rl);
	}
	c->nreq++;
	return 0;
nomem:
	why = strerror(errno);
fail:
	mx_seterr(x, HTTPC_ERR_REQUEST, "%s", why);
	return -1;
}

/* The requests of c's transfers not sent yet into its write buffer. */
static void
build_all(struct httpm *m, struct mconn *c)
{
	struct mx *x, *prev = NULL, *nx, *head = NULL, *tail = NULL;
	long long now = mono_us();

	c->woff = c->wlen = 0;
	for (x = c->q; x != NULL; x = nx) {
		nx = x->next;
		if (x->sent || (!c->closing && request_add(m, c, x, now) == 0)) {
			prev = x;
			continue;
		}
		/*
		 * its request cannot be made (it ends), or one before it
		 * said close (it goes again on another connection, before
		 * the transfers that wait, in its order)
		 */
		list_cut(&c->q, &c->qtail, prev, x);
		c->nq--;
		if (c->closing && x->res.outcome == HTTPC_OK) {
			list_add(&head, &tail, x);
			m->npend++;
		} else
			finish(m, c, x);
	}
	pend_front(m, head, tail);
	if (c->wlen > 0)
		c->last_rx = now / 1000;	/* mono_ms's */
}

int
mconn_flush(struct httpm *m, struct mconn *c)
{
	struct mx *x;
	ssize_t n;

	if (c->state != C_OPEN)
		return 0;
again:
	if (c->woff == c->wlen)
		build_all(m, c);
	while (c->woff < c->wlen) {
		n = conn_write(&c->conn, c->wb + c->woff, c->wlen - c->woff);
		if (n > 0) {
			c->woff += (size_t)n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			c->want = conn_want(&c->conn, POLLOUT);
			return 0;
		}
		/* a kept connection the server closed: the read side says */
		if (c->nresp > 0 && c->q != NULL && !c->inbody &&
		    c->len == c->off) {
			mconn_close(m, c);
			return -1;
		}
		mconn_fail_first(m, c, HTTPC_ERR_SEND, "%s%s port %s: write: %s",
		    c->peer.via_proxy ? "proxy " : "", m->hosts[c->host].name,
		    m->hosts[c->host].port, strerror(errno));
		return -1;
	}
	/* placed while the last requests were going out: theirs now */
	for (x = c->q; x != NULL; x = x->next)
		if (!x->sent && !c->closing)
			goto again;
	return 0;
}

size_t
httpc_fields_len(const struct httpc_opts *o)
{
	size_t n = 0;
	int i;

	for (i = 0; i < o->nheaders; i++)
		n += strlen(o->headers[i]) + 2;
	if (o->agent != NULL && *o->agent != '\0')
		n += sizeof("User-Agent: ") - 1 + strlen(o->agent) + 2;
	if (o->referer != NULL)
		n += sizeof("Referer: ") - 1 + strlen(o->referer) + 2;
	if (o->cookie != NULL)
		n += sizeof("Cookie: ; ") - 1 + strlen(o->cookie) + 2;
	return n;
}
