/*
 * http/pool.c: the engine's connections and their transfers: the hosts
 * connections go to, the spare transfers, a connection's queue, what
 * happens to the transfers of a connection that closes or fails, its
 * graceful end a step at a time (net/conn.h's, the rules of every
 * connection's end), and the end of a transfer, when the caller hears
 * of it.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/decode.h"
#include "http/engine.h"
#include "http/engine_int.h"
#include "net/net.h"
#include "net/proxy_dial.h"
#include "parse/socks.h"
#include "parse/url.h"
#include "tls/tls.h"
#include "util/base.h"

#define RESENDS_MAX	3		/* sends again after a new connection
					   closed with no answer at all */

void
mx_seterr(struct mx *x, enum httpc_outcome oc, const char *fmt, ...)
{
	va_list ap;

	x->res.outcome = oc;
	va_start(ap, fmt);
	(void)vsnprintf(x->res.err, sizeof(x->res.err), fmt, ap);
	va_end(ap);
}

struct mx *
mx_get(struct httpm *m)
{
	struct mx *x;

	if ((x = m->freex) != NULL)
		m->freex = x->next;
	else if ((x = malloc(sizeof(*x))) == NULL)
		return NULL;
	else
		x->redir = NULL;	/* a spare keeps its own */
	x->next = NULL;
	return x;
}

void
mx_free(struct mx *x)
{
	if (x->redir != NULL)
		url_free(x->redir);
	free(x->redir);
	free(x);
}

static void
mx_put(struct httpm *m, struct mx *x)
{
	decode_free(&x->dec);
	x->next = m->freex;
	m->freex = x;
}

void
list_add(struct mx **head, struct mx **tail, struct mx *x)
{
	x->next = NULL;
	if (*tail != NULL)
		(*tail)->next = x;
	else
		*head = x;
	*tail = x;
}

void
list_cut(struct mx **head, struct mx **tail, struct mx *prev, struct mx *x)
{
	if (prev != NULL)
		prev->next = x->next;
	else
		*head = x->next;
	if (*tail == x)
		*tail = prev;
}

/*
 * --connect-to and --resolve for the connections of h, whose name is
 * host and port: where they are dialed instead (the proxy's own name
 * goes through --resolve alone: --connect-to is for the request's).
 */
void
host_map(const struct httpm *m, struct mhost *h, const char *host, int port)
{
	const struct dialmap *dm = m->o.http->dialmap;
	char to[SK_HOSTLEN];
	int to_port;

	if (dm == NULL || port <= 0)
		return;
	h->map = dialmap_route(dm, host, port, !h->has_px, to, sizeof(to),
	    &to_port);
	if (h->has_px)
		return;
	if (strcmp(to, host) != 0)
		(void)snprintf(h->name, sizeof(h->name), "%s", to);
	(void)snprintf(h->port, sizeof(h->port), "%d", to_port);
}

struct mhost *
host_room(struct httpm *m)
{
	struct mhost *nh;

	if (m->nhosts % 16 == 0) {
		if ((nh = realloc(m->hosts, ((size_t)m->nhosts + 16) *
		    sizeof(*nh))) == NULL)
			return NULL;
		m->hosts = nh;
	}
	nh = &m->hosts[m->nhosts];
	memset(nh, 0, sizeof(*nh));
	return nh;
}

int
host_of(struct httpm *m, const struct mx *x)
{
	const struct url *u = x->url;
	const struct proxy *px = x->px;
	struct mhost *h;
	char key[KEYLEN];
	int i, fwd;

	/*
	 * the same server by the same way: scheme, host, port, proxy; the
	 * proxy alone for a request it forwards, as curl reuses its
	 * connection for any host (its own case 1421)
	 */
	fwd = px != NULL && px->kind == PROXY_HTTP && !x->tunnel && !u->https;
	(void)snprintf(key, sizeof(key), "%s %s %s%%%s %d%s %s %s%s %s %d",
	    url_scheme(u), fwd ? "" : u->host, fwd ? "" : u->port,
	    fwd ? "" : u->zone, px != NULL ? px->kind :
	    -1, px != NULL && px->tls ? "s" : "", px != NULL ? px->host : "-",
	    px != NULL ? px->port : "-", px != NULL ? px->path : "",
	    px != NULL && px->has_auth ? px->user : "-", x->tunnel);
	for (i = m->nhosts - 1; i >= 0; i--)
		if (strcmp(m->hosts[i].key, key) == 0)
			return i;
	if ((h = host_room(m)) == NULL)
		return -1;
	(void)snprintf(h->key, sizeof(h->key), "%s", key);
	(void)snprintf(h->to_host, sizeof(h->to_host), "%s", u->host);
	(void)snprintf(h->to_port, sizeof(h->to_port), "%s", u->port);
	h->to_port_num = u->port_num;
	h->https = u->https;
	h->tunnel = x->tunnel;
	if (px != NULL) {
		h->has_px = 1;
		h->px = *px;
		(void)snprintf(h->name, sizeof(h->name), "%s", px->host);
		(void)snprintf(h->port, sizeof(h->port), "%s", px->port);
		host_map(m, h, px->host, (int)strtol(px->port, NULL, 10));
		return m->nhosts++;
	}
	if (url_dial_host(u, h->name, sizeof(h->name)) == -1)
		h->name[0] = '\0';
	(void)snprintf(h->port, sizeof(h->port), "%s", u->port);
	host_map(m, h, u->host, u->port_num);
	return m->nhosts++;
}

struct mconn *
mconn_new(struct httpm *m, int hi)
{
	struct mconn *c;
	int i;

	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->buf = malloc(MBUFSZ)) == NULL) {
		free(c);
		return NULL;
	}
	c->conn.fd = -1;	/* conn_init once it is dialed */
	c->conn.failed = -1;
	c->at_ptls = c->at_proxy = -1;
	c->pipe[0] = c->pipe[1] = -1;
	c->host = hi;
	c->m = m;
	c->state = C_DIAL;
	c->peer.ip = c->ip;
	c->peer.local_ip = c->lip;
	c->peer.via_proxy = m->hosts[hi].has_px &&
	    m->o.http->unix_path == NULL;
	for (i = 0; i < m->o.max_conns; i++)
		if (m->conns[i] == NULL) {
			m->conns[i] = c;
			break;
		}
	m->nconns++;
	m->hosts[hi].nconns++;
	return c;
}

void
finish(struct httpm *m, struct mconn *c, struct mx *x)
{
	struct httpm_end end;

	memset(&end, 0, sizeof(end));
	x->res.next = x->redir != NULL && x->res.outcome == HTTPC_REDIRECT ?
	    x->redir : &m->redir;
	/* the origin's TLS: an https:// proxy's is not the URL's */
	if (c != NULL && c->tls != NULL) {
		x->res.ssl_verify = tls_verify_result(c->tls);
		if (x->res.t_appconnect != 0)
			end.certs = c->certs;
	}
	if (c != NULL && c->at_ptls >= 0)
		x->res.proxy_verify = tls_verify_result(
		    c->conn.layer[c->at_ptls].ctx);
	end.res = &x->res;
	end.body = x->body;
	end.deadline = x->deadline;
	end.peer = c != NULL && c->state == C_OPEN ? &c->peer : NULL;
	end.resent = x->resent;
	/* it may hand over more now (a redirect, a retry) */
	m->dry = 0;
	m->kick = 1;
	if (m->h.done != NULL)
		m->h.done(m->h.arg, x->id, &end);
	mx_put(m, x);
}

void
drop(struct httpm *m, struct mx *x)
{
	struct httpm_end end;

	memset(&end, 0, sizeof(end));
	x->res.outcome = HTTPC_ERR_REQUEST;
	x->res.next = &m->redir;
	end.res = &x->res;
	end.dropped = 1;
	m->dry = 0;
	m->kick = 1;
	if (m->h.done != NULL)
		m->h.done(m->h.arg, x->id, &end);
	mx_put(m, x);
}

struct mx *
mconn_pop(struct mconn *c)
{
	struct mx *x = c->q;

	if (x != NULL) {
		c->q = x->next;
		if (c->q == NULL)
			c->qtail = NULL;
		c->nq--;
		x->next = NULL;
	}
	c->inbody = c->discard = c->ninterim = c->splicing = 0;
	c->interim = 0;
	return x;
}

void
pend_front(struct httpm *m, struct mx *head, struct mx *tail)
{
	if (head == NULL)
		return;
	if ((tail->next = m->pend) == NULL)
		m->ptail = tail;
	m->pend = head;
}

void
mconn_requeue(struct httpm *m, struct mconn *c)
{
	struct mx *x, *head = NULL, *tail = NULL;

	for (x = c->q; x != NULL && m->o.depth > 1; x = x->next)
		if (x->sent)
			m->hosts[c->host].nopipe = 1;
	while ((x = mconn_pop(c)) != NULL) {
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
			x->res.detail = HTTPC_D_EMPTY;
			mx_seterr(x, HTTPC_ERR_PROTOCOL, "empty reply from "
			    "server (the connection closed %d times)",
			    RESENDS_MAX + 1);
			finish(m, NULL, x);
			continue;
		}
		memset(&x->res, 0, sizeof(x->res));
		decode_free(&x->dec);
		x->body = x->decoded = 0;
		memset(&x->spd, 0, sizeof(x->spd));
		x->direct = NULL;
		list_add(&head, &tail, x);
		m->npend++;
	}
	pend_front(m, head, tail);
}

void
mconn_close(struct httpm *m, struct mconn *c)
{
	int i;

	/*
	 * Every answer read over TLS, nothing more is owed: the answer to
	 * our close_notify is awaited a short while (conn.h); a plain one
	 * ends as curl ends it, our FIN and what is there now read (nothing
	 * unread, no reset), never the server's end awaited (one that keeps
	 * it open costs no time); a failure (mconn_fail_*) or a connection
	 * not yet open leaves a peer whose rest nobody wants, and so do
	 * too many ends under way (servers that never end would hold a
	 * descriptor each)
	 */
	if (c->conn.peer_end == 0)
		c->conn.peer_end = c->state == C_OPEN && c->nq == 0 &&
		    (c->tls != NULL || c->at_ptls >= 0) &&
		    m->nends < m->o.max_conns ? CONN_PEER_DONE : CONN_PEER_GONE;
	mconn_requeue(m, c);
	net_dialer_free(c->dialer);
	c->dialer = NULL;
	for (i = 0; i < 2; i++)
		if (c->pipe[i] != -1)
			(void)close(c->pipe[i]);
	m->hosts[c->host].nconns--;
	for (i = 0; i < m->o.max_conns; i++)
		if (m->conns[i] == c)
			m->conns[i] = NULL;
	m->nconns--;
	free(c->buf);
	free(c->wb);
	free(c->trail);
	free(c->certs);
	c->buf = c->wb = c->trail = c->certs = NULL;
	c->trlen = 0;
	c->tls = c->peer.tls = NULL;	/* the end frees them */
	c->state = C_END;
	c->next = m->ends;
	m->ends = c;
	m->nends++;
	(void)mconn_end(m, c);
}

int
mconn_end(struct httpm *m, struct mconn *c)
{
	struct mconn **pp;
	int rc;

	if ((rc = conn_close_step(&c->conn, -1)) > 0) {
		c->want = rc;
		return 0;
	}
	for (pp = &m->ends; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	m->nends--;
	free(c);
	return 1;
}

void
mconn_detail(struct mconn *c, enum httpc_detail d)
{
	struct mx *x;

	for (x = c->q; x != NULL; x = x->next)
		x->res.detail = d;
}

void
mconn_fail_all(struct httpm *m, struct mconn *c, enum httpc_outcome oc,
    int sys_err, const char *msg)
{
	struct mx *x;

	while ((x = mconn_pop(c)) != NULL) {
		mx_seterr(x, oc, "%s", msg);
		x->res.sys_err = sys_err;
		if (c->tls != NULL)
			x->res.ssl_verify = tls_verify_result(c->tls);
		finish(m, NULL, x);
	}
	c->conn.peer_end = CONN_PEER_GONE;
	mconn_close(m, c);
}

void
mconn_fail_read(struct httpm *m, struct mconn *c, int eno)
{
	mconn_fail_first(m, c, HTTPC_ERR_READ, "%s%s port %s: %s",
	    c->peer.via_proxy ? "proxy " : "", m->hosts[c->host].name,
	    m->hosts[c->host].port, strerror(eno));
}

void
mconn_fail_first(struct httpm *m, struct mconn *c, enum httpc_outcome oc,
    const char *fmt, ...)
{
	struct mx *x;
	va_list ap;

	if ((x = mconn_pop(c)) != NULL) {
		x->res.outcome = oc;
		va_start(ap, fmt);
		(void)vsnprintf(x->res.err, sizeof(x->res.err), fmt, ap);
		va_end(ap);
		finish(m, c, x);
	}
	c->conn.peer_end = CONN_PEER_GONE;
	mconn_close(m, c);
}
