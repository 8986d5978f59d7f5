/*
 * http/conn.c: the HTTP client's connections: dialing (direct, through
 * a proxy, over a UNIX socket), TLS for https over any of them, reads
 * and writes with -m and the idle timeout, and the one connection kept
 * from a response to the next request (client.h says when).
 *
 * A plain connection blocks, its reads timed by SO_RCVTIMEO, so a body
 * costs no poll(2) per read and may be spliced (body.c).  A TLS one is
 * non-blocking as the handshake leaves it: tls_read is called until it
 * would block, collecting what the records bring into one buffer (a
 * record is 16 KiB at most; the caller's buffer is far larger), and
 * poll(2) waits only then.
 */
#include <sys/socket.h>
#include <sys/time.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "http/client.h"
#include "http/client_int.h"
#include "net/net.h"
#include "net/proxy_dial.h"
#include "net/relay.h"
#include "net/tls.h"
#include "sockt.h"
#include "util/clock.h"

/* ALPN: the one protocol the engine speaks, in TLS's wire form */
static const unsigned char alpn_http11[] = "\010http/1.1";

/*
 * How long a read may still wait: the idle timeout, or the time left
 * for -m when that is shorter; -1 for no limit.  Returns -1 with errno
 * ETIMEDOUT once -m's time is up.
 */
static int
read_budget(const struct conn *c, long long *want)
{
	*want = -1;
	if (c->q->deadline != -1) {
		*want = c->q->deadline - mono_ms();
		if (*want <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
	}
	if (c->o->idle_ms > 0 && (*want == -1 || c->o->idle_ms < *want))
		*want = c->o->idle_ms;
	return 0;
}

/*
 * Keep SO_RCVTIMEO at the read budget, so a stalled read (or splice)
 * fails in time with no poll(2) per read.  With -m it is reset only when
 * 100 ms too generous, which keeps the setsockopt off the path of every
 * read.  Returns -1 once the time is up (errno ETIMEDOUT).
 */
int
httpc_conn_arm(struct conn *c)
{
	struct timeval tv;
	long long want;

	if (read_budget(c, &want) == -1)
		return -1;
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

/*
 * Wait until the TLS connection can go on (tls_want), within the read
 * budget.  Returns 0, or -1 with errno (ETIMEDOUT).
 */
static int
tls_wait(struct conn *c)
{
	struct pollfd pfd;
	long long want;
	int n;

	do {
		if (read_budget(c, &want) == -1)
			return -1;
		pfd.fd = c->s;
		pfd.events = (short)tls_want(c->tls);
		pfd.revents = 0;
		n = poll(&pfd, 1, want == -1 ? -1 : (int)want);
	} while (n == -1 && errno == EINTR);
	if (n == 0)
		errno = ETIMEDOUT;
	return n > 0 ? 0 : -1;
}

/*
 * TLS: what the records bring until tls_read would block (or p is
 * full), waiting only for the first byte.  The bytes read, 0 at the end
 * of the stream, or -1 with errno; a failure after some bytes comes
 * back on the next call.
 */
static ssize_t
tls_fill(struct conn *c, char *p, size_t n)
{
	size_t got = 0;
	ssize_t r;

	for (;;) {
		if ((r = tls_read(c->tls, p + got, n - got)) > 0) {
			if ((got += (size_t)r) == n)
				return (ssize_t)got;
			continue;
		}
		if (got > 0 || r == 0)
			return (ssize_t)got;
		if (errno != EAGAIN || tls_wait(c) == -1)
			return -1;
	}
}

/*
 * read(2) with EINTR handled and a read timeout turned into ETIMEDOUT;
 * over TLS, tls_fill.
 */
ssize_t
httpc_conn_read(struct conn *c, void *p, size_t n)
{
	ssize_t r;

	if (c->tls != NULL)
		return tls_fill(c, p, n);
	if (httpc_conn_arm(c) == -1)
		return -1;
	while ((r = read(c->s, p, n)) == -1 && errno == EINTR)
		;
	if (r == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
		errno = ETIMEDOUT;
	return r;
}

/* All of p[0..n) to the connection.  0, or -1 with errno. */
int
httpc_conn_write(struct conn *c, const void *p, size_t n)
{
	const char *b = p;
	ssize_t r;

	if (c->tls == NULL)
		return io_write_all(c->s, p, n) == -1 ? -1 : 0;
	while (n > 0) {
		if ((r = tls_write(c->tls, b, n)) > 0) {
			b += r;
			n -= (size_t)r;
		} else if (errno != EAGAIN || tls_wait(c) == -1)
			return -1;
	}
	return 0;
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
	if (e == EPROTO && c->tls != NULL)
		return httpc_seterr(c, HTTPC_ERR_READ, "read: TLS error");
	return httpc_seterr(c, HTTPC_ERR_READ, "read: %s", strerror(e));
}

/* The connection s (and its TLS) closed, close_notify sent first. */
static void
conn_drop(int s, struct tls_conn *tc)
{
	if (tc != NULL) {
		(void)tls_shutdown(tc);
		tls_close(tc);
	}
	if (s != -1)
		(void)close(s);
}

void
httpc_conn_close(struct conn *c)
{
	conn_drop(c->s, c->tls);
	c->s = -1;
	c->tls = NULL;
}

/*
 * TLS over c->s to the URL's host, the handshake within deadline
 * (mono_ms, or 0 for none).  Returns 0, or -1 with the outcome.
 */
static int
tls_start(struct conn *c, const struct httpc_req *q, long long deadline)
{
	struct tls_client_opts to;
	char err[SK_ERRLEN];
	int e;

	if (c->len > 0)
		return httpc_seterr(c, HTTPC_ERR_CONNECT, "%s port %s: the proxy "
		    "sent data before TLS began", q->url->host, q->url->port);
	if (q->opt->tls != NULL)
		to = *q->opt->tls;
	else
		memset(&to, 0, sizeof(to));
	to.host = q->url->host;
	to.port = q->url->port;
	to.alpn = alpn_http11;
	to.alpn_len = sizeof(alpn_http11) - 1;
	to.read_ahead = 1;
	if ((c->tls = tls_client_new(c->s, &to, err)) == NULL)
		return httpc_seterr(c, HTTPC_ERR_TLS, "%s", err);
	if (tls_handshake(c->tls, deadline > 0 ? deadline : -1, err) == 0) {
		c->res->ssl_verify = tls_verify_result(c->tls);
		return 0;
	}
	e = errno;
	c->res->ssl_verify = tls_verify_result(c->tls);
	if (e == ETIMEDOUT)
		return httpc_seterr(c, HTTPC_ERR_TIMEOUT, "%s port %s: %s",
		    q->url->host, q->url->port, err);
	return httpc_seterr(c, HTTPC_ERR_TLS, "%s port %s: %s", q->url->host,
	    q->url->port, err);
}

/* The options of a dial: -4/-6, the connect timeout within -m. */
static int
dial_opts(struct conn *c, const struct httpc_req *q, struct net_opts *no,
    long long *deadline)
{
	long long left;

	net_opts_init(no);
	if (q->opt->family != 0)
		no->family = q->opt->family;
	no->timeout_ms = q->opt->connect_ms;
	no->resolved_us = &c->res->t_resolved;
	if (q->deadline != -1) {
		left = q->deadline - mono_ms();
		if (left <= 0)
			return httpc_seterr(c, HTTPC_ERR_TIMEOUT,
			    "operation timed out after %d ms", q->opt->max_ms);
		if (no->timeout_ms <= 0 || left < no->timeout_ms)
			no->timeout_ms = (int)left;
	}
	*deadline = no->timeout_ms > 0 ? mono_ms() + no->timeout_ms : 0;
	return 0;
}

/* The socket: to the server, the proxy, or --unix-socket. */
static int
dial_socket(struct conn *c, const struct httpc_req *q, struct net_opts *no)
{
	const struct proxy *px = q->proxy;
	char err[SK_ERRLEN], host[SK_HOSTLEN + URL_ZONELEN];

	if (q->opt->unix_path != NULL)
		/* --unix-socket: every request, whatever the URL's host */
		c->s = net_dial_unix(q->opt->unix_path, SOCK_STREAM, err);
	else if (url_dial_host(q->url, host, sizeof(host)) == -1)
		return httpc_seterr(c, HTTPC_ERR_REQUEST, "host name too long");
	else
		c->s = net_dial(px != NULL ? px->host : host,
		    px != NULL ? px->port : q->url->port, no, err);
	if (c->s == -1) {
		c->res->sys_err = errno;
		return httpc_seterr(c, HTTPC_ERR_CONNECT, "%s%s",
		    px != NULL && q->opt->unix_path == NULL ? "proxy " : "",
		    err);
	}
	c->res->t_connected = mono_us();
	c->armed_ms = 0;
	return 0;
}

/*
 * Connect to the server or the proxy, within what is left of -m, and
 * through a tunnel ask the proxy for the server; the connect timeout
 * covers the dial, the proxy's handshake and TLS's.  Bytes the proxy
 * passed on after its reply are the start of the response: they stay
 * in c->buf (over TLS there must be none).
 */
int
httpc_dial(struct conn *c, const struct httpc_req *q)
{
	const struct proxy *px = q->proxy;
	struct net_opts no;
	char err[SK_ERRLEN];
	long long deadline = 0;
	int eno;

	/* no library, no connection: said before dialing */
	if (q->url->https && tls_load(err) == -1)
		return httpc_seterr(c, HTTPC_ERR_TLS, "%s", err);
	if (dial_opts(c, q, &no, &deadline) == -1 ||
	    dial_socket(c, q, &no) == -1)
		return -1;
	if (px != NULL && q->tunnel && q->opt->unix_path == NULL &&
	    proxy_connect(c->s, &(struct proxy_tunnel){ px, q->url->host,
	    q->url->port, &no, deadline, (unsigned char *)c->buf, BUFSZ,
	    &c->len }, err) == -1) {
		eno = errno;
		if (eno == ETIMEDOUT && q->deadline != -1 &&
		    q->deadline - mono_ms() <= 0)
			return httpc_seterr(c, HTTPC_ERR_TIMEOUT, "operation "
			    "timed out after %d ms (%s)", q->opt->max_ms, err);
		return httpc_seterr(c, HTTPC_ERR_CONNECT, "%s", err);
	}
	return q->url->https ? tls_start(c, q, deadline) : 0;
}

/* Where a connection goes: the server, or the proxy and the server. */
void
httpc_conn_key(const struct httpc_req *q, char *key, size_t cap)
{
	/* the same server by the same way: scheme, socket, family, proxy */
	(void)snprintf(key, cap, "%s %s %s%%%s %s %d %s %s %d %d",
	    url_scheme(q->url), q->url->host, q->url->port, q->url->zone,
	    q->opt->unix_path != NULL ? q->opt->unix_path : "-",
	    q->opt->family, q->proxy != NULL ? q->proxy->host : "-",
	    q->proxy != NULL ? q->proxy->port : "-",
	    q->proxy != NULL ? (int)q->proxy->kind : -1, q->tunnel);
}

/*
 * The open connection, when it goes where key says and the server has
 * not closed it: anything to read before we asked (EOF, a reset, stray
 * bytes, a TLS alert) means it is no use.  Else it is closed and c->s
 * stays -1.
 */
void
httpc_conn_take(struct httpc *e, struct conn *c, const char *key)
{
	char b;
	ssize_t n;

	e->reused = 0;
	if (e->s == -1)
		return;
	if (strcmp(e->key, key) == 0 && (e->tls == NULL ||
	    tls_pending(e->tls) == 0)) {
		n = recv(e->s, &b, 1, MSG_PEEK | MSG_DONTWAIT);
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			c->s = e->s;
			c->tls = e->tls;
			c->armed_ms = e->armed_ms;
			c->res->ssl_verify = e->ssl_verify;
			e->s = -1;
			e->tls = NULL;
			e->reused = 1;
			return;
		}
	}
	conn_drop(e->s, e->tls);
	e->s = -1;
	e->tls = NULL;
}

/* After the response: keep the connection for the next request, or not. */
void
httpc_conn_put(struct httpc *e, struct conn *c, const char *key)
{
	if (c->s == -1)
		return;
	if (c->keep && (c->res->outcome == HTTPC_OK ||
	    c->res->outcome == HTTPC_REDIRECT ||
	    c->res->outcome == HTTPC_HTTP_ERROR)) {
		e->s = c->s;
		e->tls = c->tls;
		e->armed_ms = c->armed_ms;
		e->ssl_verify = c->res->ssl_verify;
		(void)snprintf(e->key, sizeof(e->key), "%s", key);
		c->s = -1;
		c->tls = NULL;
	} else
		httpc_conn_close(c);
}
