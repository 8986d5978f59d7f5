/*
 * stack.c: the layers of an onward dial (stack.h) and their assembly:
 * the proxy's handshake a step at a time, the PROXY header, the STARTTLS
 * dialogue (starttls_io.c's), TLS; and an accepted connection's TLS,
 * a server's handshake stepped as a client's is.  Each is a struct conn_ops; conn.c runs
 * them.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/conn.h"
#include "net/net.h"
#include "net/proxy_dial.h"
#include "net/proxyhdr_io.h"
#include "net/server.h"
#include "net/stack.h"
#include "net/starttls_io.h"
#include "tls/tls.h"
#include "util/base.h"
#include "util/clock.h"

/* --- the proxy's handshake (SOCKS4/4a/5/5h, HTTP CONNECT) ------------------ */

static int
proxyl_step(void *ctx, struct conn *c, char *err)
{
	struct proxy_hs *h = ctx;
	int rc;

	/* conn_step: c->failed is this layer, its I/O beneath it */
	if ((rc = proxy_hs_step(h, c, c->failed, err)) == 0)
		return h->want;
	if (rc == -1)
		return -1;
	/* its early bytes are the far end's first */
	if (conn_rest(c, h->buf + h->rest, h->len - h->rest) == -1) {
		snprintf(err, SK_ERRLEN, "%s", strerror(errno));
		return -1;
	}
	return 0;
}

static void
proxyl_timeout(const void *ctx, char *err)
{
	proxy_hs_timeout(ctx, err);
}

static const struct conn_ops proxy_layer = {
	.name = "proxy",
	.step = proxyl_step,
	.timeout = proxyl_timeout,
	.free = free
};

int
stack_push_proxy(struct conn *c, const struct proxy_tunnel *t, char *err)
{
	struct proxy_hs *h;

	if ((h = malloc(sizeof(*h))) == NULL) {
		snprintf(err, SK_ERRLEN, "proxy %.96s port %.16s: %s",
		    t->px->host, t->px->port, strerror(errno));
		return -1;
	}
	if (proxy_hs_init(h, t, err) == -1)
		goto fail;
	if (conn_push(c, &proxy_layer, h) == -1) {
		snprintf(err, SK_ERRLEN, "%s", strerror(errno));
		goto fail;
	}
	return 0;
fail:
	free(h);
	return -1;
}

/* --- the PROXY header, sent before anything else --------------------------- */

struct ppl {
	int			 version;
	const struct server_conn *for_conn;
	unsigned char		 out[PROXYHDR_BUILD_MAX];
	size_t			 n, sent;	/* built, and sent of it */
};

/* Sent through the layers below (c->failed is ours while we step). */
static int
ppl_step(void *ctx, struct conn *c, char *err)
{
	struct ppl *p = ctx;
	ssize_t k;

	if (p->n == 0 && (p->n = p->for_conn != NULL ?
	    proxyhdr_make(p->out, p->version, p->for_conn, err) :
	    proxyhdr_make_own(p->out, p->version, c->fd, err)) == 0)
		return -1;
	while (p->sent < p->n) {
		k = conn_write_under(c, c->failed, p->out + p->sent,
		    p->n - p->sent);
		if (k == -1 && errno == EINTR)
			continue;
		if (k == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return conn_want_under(c, c->failed, POLLOUT);
		if (k <= 0) {
			snprintf(err, SK_ERRLEN, "PROXY header: %s",
			    strerror(k == 0 ? EPIPE : errno));
			return -1;
		}
		p->sent += (size_t)k;
	}
	return 0;
}

static const struct conn_ops pp_layer = {
	.name = "PROXY header",
	.flags = CONN_L_NAMED,
	.step = ppl_step,
	.free = free
};

/* --- the assembly ---------------------------------------------------------- */

int
stack_open(struct conn *c, const struct stack_dial *d, char *via,
    size_t viasz, char *err)
{
	struct proxy_tunnel t = { .px = d->px, .host = d->host,
	    .port = d->port, .no = d->no };
	char why[SK_ERRLEN];
	int fd;

	via[0] = '\0';
	if (d->path != NULL)
		fd = net_dial_unix(d->path, SOCK_STREAM, err);
	else if (d->px != NULL && d->px->path[0] != '\0') {
		/* curl's SOCKS over a UNIX socket */
		if ((fd = net_dial_unix(d->px->path, SOCK_STREAM, why)) == -1)
			snprintf(err, SK_ERRLEN, "proxy %.*s", SK_ERRLEN - 7,
			    why);
	} else if (d->px != NULL) {
		if ((fd = net_dial(d->px->host, d->px->port, d->no, why)) ==
		    -1)
			snprintf(err, SK_ERRLEN, "proxy %.*s", SK_ERRLEN - 7,
			    why);
	} else if (d->res != NULL)
		fd = net_dial_res(d->res, d->host, d->port, d->no, err);
	else
		fd = net_dial(d->host, d->port, d->no, err);
	conn_init(c, fd);
	if (fd == -1)
		return -1;
	if (d->px == NULL)
		return 0;
	if (net_peer_label(fd, via, viasz) == -1)
		snprintf(via, viasz, "%s port %s", d->px->host, d->px->port);
	if (stack_push_proxy(c, &t, err) == -1) {
		conn_abort(c);
		return -1;
	}
	if (conn_handshake(c, d->step_ms > 0 ? mono_ms() + d->step_ms : -1,
	    err) == -1) {
		conn_close(c, 0);
		return -1;
	}
	return 0;
}

int
stack_push_pp(struct conn *c, int version, const struct server_conn *for_conn,
    char *err)
{
	struct ppl *p;

	if ((p = calloc(1, sizeof(*p))) == NULL)
		goto nomem;
	p->version = version;
	p->for_conn = for_conn;
	if (conn_push(c, &pp_layer, p) == -1) {
		free(p);
		goto nomem;
	}
	return 0;
nomem:
	snprintf(err, SK_ERRLEN, "%s", strerror(errno));
	return -1;
}

int
stack_push(struct conn *c, const struct stack_dial *d, char *err)
{
	if (d->pp_version != 0 && stack_push_pp(c, d->pp_version, d->pp_conn,
	    err) == -1)
		return -1;
	if (d->starttls != NULL && starttls_push(c, d->starttls, err) == -1)
		return -1;
	if (d->tls != NULL && conn_push_tls_client(c, d->tls, err) == -1)
		return -1;
	c->step_ms = d->step_ms;
	return 0;
}

/* --- an accepted connection's TLS ------------------------------------------ */

int
stack_push_tls_hs(struct conn *c, struct tls_conn *t, char *err)
{
	int save_errno;

	if (conn_push_tls_hs(c, t) == -1) {
		save_errno = errno;
		snprintf(err, SK_ERRLEN, "%s", strerror(errno));
		tls_close(t);
		errno = save_errno;
		return -1;
	}
	return 0;
}

int
stack_push_tls_server(struct conn *c, struct tls_server_ctx *sc, char *err)
{
	struct tls_conn *t;

	if ((t = tls_server_new(c->fd, sc, err)) == NULL)
		return -1;
	return stack_push_tls_hs(c, t, err);
}

int
stack_accept_tls(struct conn *c, struct tls_server_ctx *sc, int ms,
    char *err)
{
	int save_errno;

	err[0] = '\0';
	if (stack_push_tls_server(c, sc, err) == 0 &&
	    conn_handshake(c, ms > 0 ? mono_ms() + ms : -1, err) == 0)
		return 0;
	save_errno = errno;
	/* a poll that failed says nothing of its own */
	if (err[0] == '\0')
		snprintf(err, SK_ERRLEN, "poll: %s", strerror(errno));
	conn_free(c);
	errno = save_errno;
	return -1;
}

/* --- a DTLS server's sessions over an unconnected socket ------------------- */

int
stack_dtls_open(struct stack_dtls *l, int fd, struct tls_server_ctx *sc,
    char *err)
{
	l->fd = fd;
	l->sc = sc;
	return (l->t = tls_server_new(fd, sc, err)) == NULL ? -1 : 0;
}

void
stack_dtls_close(struct stack_dtls *l)
{
	tls_close(l->t);
	l->t = NULL;
}

int
stack_dtls_renew(struct stack_dtls *l, char *err)
{
	stack_dtls_close(l);
	return stack_dtls_open(l, l->fd, l->sc, err);
}

int
stack_dtls_wait(struct stack_dtls *l, struct sockaddr_storage *peer,
    char *err)
{
	return tls_dtls_listen(l->t, peer, err);
}

int
stack_dtls_step(struct stack_dtls *l, char *err)
{
	return tls_handshake_step(l->t, err);
}

int
stack_push_dtls(struct conn *c, struct stack_dtls *l, char *err)
{
	struct tls_conn *t = l->t;
	int save_errno;

	/* the peer's socket of its own, or the listener's now connected */
	l->t = NULL;
	if (c->fd != l->fd ? tls_dtls_rebind(t, c->fd, err) == -1 :
	    tls_dtls_connected(t) == -1) {
		if (c->fd == l->fd)
			snprintf(err, SK_ERRLEN, "%s", strerror(errno));
		goto fail;
	}
	if (conn_push_tls_hs(c, t) == 0)
		return 0;
	snprintf(err, SK_ERRLEN, "%s", strerror(errno));
fail:
	save_errno = errno;
	tls_close(t);
	errno = save_errno;
	return -1;
}
