/*
 * http/open.c: a connection opened, a step at a time in the engine's
 * poll loop: the name resolved (once per host), Happy Eyeballs over its
 * addresses (net_dialer_*); then the socket is a connection stack
 * (net/conn.h) whose layers are, as the host needs, TLS to an https://
 * proxy, the proxy's SOCKS or CONNECT handshake (net/stack.h), and TLS
 * for https, each reading and writing through those below it (an
 * https URL's TLS inside the proxy's: TLS in TLS); conn_step runs
 * their handshakes in turn, and then its requests go.  The connect
 * timeout (-w) covers all of it.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/auth.h"
#include "http/engine.h"
#include "http/engine_int.h"
#include "net/conn.h"
#include "net/net.h"
#include "net/proxy_dial.h"
#include "net/stack.h"
#include "parse/addr.h"
#include "parse/dialmap.h"
#include "parse/noproxy.h"
#include "parse/socks.h"
#include "parse/url.h"
#include "tls/tls.h"
#include "util/base.h"
#include "util/clock.h"

/* ALPN: the one protocol the engine speaks, in TLS's wire form */
static const unsigned char alpn_http11[] = "\010http/1.1";

/* What c's dial failed with (eno) in msg: "proxy H port P: why". */
static void
dial_msg(const struct httpm *m, const struct mconn *c, int eno, char *msg,
    size_t cap)
{
	const struct mhost *h = &m->hosts[c->host];

	if (m->o.http->unix_path != NULL)
		(void)snprintf(msg, cap, "%s: %s", m->o.http->unix_path,
		    strerror(eno));
	else if (h->has_px && h->px.path[0] != '\0')
		(void)snprintf(msg, cap, "proxy %s: %s", h->px.path,
		    strerror(eno));
	else
		(void)snprintf(msg, cap, "%s%s port %s: %s", h->has_px ?
		    "proxy " : "", h->name, h->port, strerror(eno));
}

/* TLS options for a name (the server's, or the proxy's), ALPN http/1.1. */
static void
tls_opts(struct tls_client_opts *to, const struct tls_client_opts *o,
    const char *host, const char *port)
{
	if (o != NULL)
		*to = *o;
	else
		memset(to, 0, sizeof(*to));
	to->host = host;
	to->port = port;
	to->alpn = alpn_http11;
	to->alpn_len = sizeof(alpn_http11) - 1;
}

/*
 * --proxy-digest on a CONNECT: the answer to the challenge c's first
 * transfer holds for the tunnel to host and port, as the request line
 * names it (curl's uri), into auth[0..cap); "" before one came.  0,
 * or -1 with err.
 */
static int
tunnel_auth(struct mconn *c, const char *host, const char *port, char *auth,
    size_t cap, char *err)
{
	const struct proxy *px = &c->m->hosts[c->host].px;
	char uri[SK_HOSTLEN + 24];

	auth[0] = '\0';
	if (c->q == NULL || c->q->pauth == NULL)
		return 0;
	(void)snprintf(uri, sizeof(uri), strchr(host, ':') != NULL ?
	    "[%s]:%s" : "%s:%s", host, port);
	return hauth_value(c->q->pauth, "CONNECT", uri, px->user, px->pass,
	    auth, cap, err) == -1 ? -1 : 0;
}

/* Where c's tunnel leads: --connect-to's place, or the URL's. */
static void
tunnel_to(const struct httpm *m, const struct mconn *c, const char **host,
    const char **port, char *hbuf, char *pbuf)
{
	const struct mhost *h = &m->hosts[c->host];
	int to_port;

	*host = h->to_host;
	*port = h->to_port;
	if (m->o.http->dialmap != NULL) {
		(void)dialmap_route(m->o.http->dialmap, h->to_host,
		    h->to_port_num, 1, hbuf, SK_HOSTLEN, &to_port);
		(void)snprintf(pbuf, 16, "%d", to_port);
		*host = hbuf;
		*port = pbuf;
	}
}

/* A 407 to c's CONNECT (proxy_dial.h's reauth): its answer, or 0. */
static int
tunnel_reauth(void *arg, const struct http_resp *r, char *auth, size_t cap)
{
	struct mconn *c = arg;
	const char *why, *host, *port;
	char err[SK_ERRLEN], hbuf[SK_HOSTLEN], pbuf[16];

	c->reauth = 0;
	if (c->q == NULL || c->q->pauth == NULL ||
	    hauth_take(c->q->pauth, c->m->o.http->proxy_auth, r,
	    "Proxy-Authenticate", &why) != 1)
		return 0;
	if (auth == NULL) {
		/* the proxy closes: the answer goes on the next connection */
		c->reauth = 1;
		return 1;
	}
	tunnel_to(c->m, c, &host, &port, hbuf, pbuf);
	if (tunnel_auth(c, host, port, auth, cap, err) == -1 ||
	    auth[0] == '\0')
		return 0;
	c->reauth = 1;
	return 1;
}

/*
 * The proxy's handshake for the tunnel to the server, a layer of c.
 * 0, or -1 with err.
 */
static int
proxy_push(struct httpm *m, struct mconn *c, char *err)
{
	const struct mhost *h = &m->hosts[c->host];
	struct proxy_tunnel t;
	struct net_opts no;
	char to_host[SK_HOSTLEN], to_port_s[16], auth[PROXY_AUTH_MAX];

	net_opts_init(&no);
	if (m->o.http->family != 0)
		no.family = m->o.http->family;
	memset(&t, 0, sizeof(t));
	t.px = &h->px;
	/* --connect-to: the tunnel leads there instead */
	tunnel_to(m, c, &t.host, &t.port, to_host, to_port_s);
	if (m->o.http->proxy_auth != 0 && h->px.has_auth &&
	    h->px.kind == PROXY_HTTP) {
		/* --proxy-digest: none until a 407 asks, as curl's */
		if (tunnel_auth(c, t.host, t.port, auth, sizeof(auth),
		    err) == -1)
			return -1;
		t.auth = auth;
		t.reauth = tunnel_reauth;
		t.reauth_arg = c;
	}
	t.no = &no;
	/* curl's CONNECT: -A's User-Agent (never -H's), Proxy-Connection */
	t.agent = m->o.http->agent;
	t.ph = m->o.http->pheaders;
	t.nph = m->o.http->npheaders;
	c->at_proxy = c->conn.nlayers;
	return stack_push_proxy(&c->conn, &t, err);
}

/*
 * c's layers, their handshakes not yet begun: TLS to an https://
 * proxy, its certificate checked against the proxy's name as curl
 * checks it, with the proxy's own options; the proxy's handshake for a
 * tunnel; TLS for https, through the tunnel (inside the proxy's TLS:
 * TLS in TLS).  0, or -1 after c was closed.
 */
static int
push_layers(struct httpm *m, struct mconn *c)
{
	const struct mhost *h = &m->hosts[c->host];
	const struct httpc_opts *o = m->o.http;
	struct tls_client_opts to;
	enum httpc_detail d;
	struct mx *x;
	char err[SK_ERRLEN], msg[HTTPC_ERRLEN];

	c->at_ptls = c->at_proxy = -1;
	if (o->unix_path == NULL && h->has_px && h->px.tls) {
		tls_opts(&to, o->proxy_tls, h->px.host, h->px.port);
		c->at_ptls = c->conn.nlayers;
		if (conn_push_tls_client(&c->conn, &to, err) == -1) {
			(void)snprintf(msg, sizeof(msg), "proxy %s port %s: %s",
			    h->px.host, h->px.port, err);
			mconn_detail(c, HTTPC_D_TLS_SETUP);
			mconn_fail_all(m, c, HTTPC_ERR_TLS, 0, msg);
			return -1;
		}
	}
	if (o->unix_path == NULL && h->tunnel && proxy_push(m, c, err) == -1) {
		mconn_detail(c, h->px.kind == PROXY_HTTP ? HTTPC_D_TUNNEL :
		    HTTPC_D_SOCKS);
		mconn_fail_all(m, c, HTTPC_ERR_CONNECT, 0, err);
		return -1;
	}
	/* curl's --haproxy-protocol: through the tunnel, before TLS */
	if (o->haproxy && stack_push_pp(&c->conn, 1, NULL, err) == -1) {
		mconn_fail_all(m, c, HTTPC_ERR_CONNECT, 0, err);
		return -1;
	}
	if (!h->https)
		return 0;
	tls_opts(&to, o->tls, h->to_host, h->to_port);
	to.read_ahead = 1;
	if (conn_push_tls_client(&c->conn, &to, err) == -1) {
		d = strncmp(err, TLS_CIPHERS_ERR, sizeof(TLS_CIPHERS_ERR) -
		    1) == 0 ? HTTPC_D_TLS_CIPHER : strncmp(err, TLS_CLIENT_ERR,
		    sizeof(TLS_CLIENT_ERR) - 1) == 0 ? HTTPC_D_TLS_CERT :
		    HTTPC_D_TLS_SETUP;
		mconn_detail(c, d);
		/* OpenSSL's words for curl's sentence (errmsg.c) */
		for (x = c->q; d == HTTPC_D_TLS_CERT && x != NULL; x = x->next)
			x->res.tls_err = tls_first_error();
		mconn_fail_all(m, c, HTTPC_ERR_TLS, 0, err);
		return -1;
	}
	c->tls = c->peer.tls = conn_tls(&c->conn);
	return 0;
}

/*
 * A step of c's handshakes failed with err: in the words of its layer,
 * the proxy's TLS, the proxy's handshake, the server's TLS.  The
 * proxy's bytes before the server's TLS began are the proxy's fault.
 */
static void
hs_failed(struct httpm *m, struct mconn *c, const char *err)
{
	const struct mhost *h = &m->hosts[c->host];
	char msg[HTTPC_ERRLEN];
	struct tls_conn *t = c->conn.layer[c->conn.failed].ctx;
	struct mx *x;
	int sys = 0;

	/* a TLS layer's: what OpenSSL queued, for curl's words (errmsg.c) */
	for (x = c->q; x != NULL && t != NULL && (t == c->tls ||
	    c->conn.failed == c->at_ptls); x = x->next) {
		x->res.tls_err = tls_fail_code(t, &sys);
		if (c->conn.failed == c->at_ptls)
			x->res.proxy_verify = tls_verify_result(t);
	}
	if (c->conn.failed == c->at_ptls) {
		(void)snprintf(msg, sizeof(msg), "proxy %s port %s: %s",
		    h->px.host, h->px.port, err);
		if (tls_verify_result(t) != 0)
			mconn_detail(c, HTTPC_D_PROXY_CERT);
		mconn_fail_all(m, c, HTTPC_ERR_TLS, sys, msg);
	} else if (c->conn.failed == c->at_proxy && c->reauth) {
		/* the proxy closed after its 407: again on a new one */
		c->conn.peer_end = CONN_PEER_GONE;
		mconn_close(m, c);
	} else if (c->conn.failed == c->at_proxy) {
		mconn_detail(c, h->px.kind == PROXY_HTTP ? HTTPC_D_TUNNEL :
		    HTTPC_D_SOCKS);
		mconn_fail_all(m, c, HTTPC_ERR_CONNECT, 0, err);
	}
	else {
		(void)snprintf(msg, sizeof(msg), "%s port %s: %s", h->to_host,
		    h->to_port, err);
		if (c->conn.rlen > c->conn.roff)
			mconn_fail_all(m, c, HTTPC_ERR_CONNECT, 0, msg);
		else
			mconn_fail_all(m, c, HTTPC_ERR_TLS, sys, msg);
	}
}

/*
 * c's handshakes ended: the moment the server's TLS was done, and a
 * CONNECT's status and request bytes, in the result of each transfer
 * waiting on c (curl's time_appconnect, http_connect, size_request).
 */
static void
hs_connect(struct mconn *c, int ok)
{
	struct mx *x;
	long long now = ok && c->tls != NULL ? mono_us() : 0;
	size_t sent = 0;
	int st = 0;

	if (c->at_proxy >= 0)
		st = proxy_hs_connect(c->conn.layer[c->at_proxy].ctx, &sent);
	/* curl's certinfo: of the transfers whose handshake this was */
	if (now != 0 && c->m->o.http->certinfo) {
		free(c->certs);
		c->certs = tls_certinfo(c->tls);
	}
	for (x = c->q; x != NULL; x = x->next) {
		x->res.t_appconnect = now;
		x->res.num_certs = now != 0 ? tls_peer_chain_len(c->tls) : 0;
		x->res.connect_status = st;
		x->res.req_bytes += sent;
	}
}

/*
 * c's CONNECT done, its tunnel up or refused: round by round, its
 * request to the request hook and the proxy's reply to the head hook
 * (each 407 answered, then the 200 or the refusal), as heads of c's
 * first transfer before any other, as curl's -v, -i, -D and
 * %{size_header} show them.  -1 when the head hook failed, else 0.
 */
static int
tunnel_show(struct httpm *m, struct mconn *c)
{
	const unsigned char *req, *rep;
	struct http_resp *r = NULL;
	struct httpm_peer pr;
	char err[SK_ERRLEN], *b = NULL;
	size_t rl, pl, ro = 0, k, off = 0;
	long hl;
	int rc = 0;

	if (c->at_proxy < 0 || c->q == NULL ||
	    proxy_hs_heads(c->conn.layer[c->at_proxy].ctx, &req, &rl, &rep,
	    &pl) == -1)
		return 0;
	if (m->h.request == NULL)
		rl = 0;
	/* a copy to parse: the hook gets the bytes as they came */
	if (m->h.head == NULL || (b = malloc(pl)) == NULL ||
	    (r = malloc(sizeof(*r))) == NULL)
		pl = 0;
	pr = c->peer;
	pr.tls = NULL;		/* the server's: with its request */
	while (rc == 0 && (ro < rl || off < pl)) {
		/* a CONNECT has no body: its head, to its blank line */
		for (k = 4; ro + k <= rl && memcmp(req + ro + k - 4,
		    "\r\n\r\n", 4) != 0; k++)
			;
		if ((k = ro + k <= rl ? k : rl - ro) > 0) {
			m->h.request(m->h.arg, c->q->id, &pr,
			    (const char *)req + ro, k);
			c->said_peer = 1;
			pr.ip = "";	/* the peer said once */
			ro += k;
		}
		if (off < pl) {
			memcpy(b, rep + off, pl - off);
			if ((hl = http_head_parse(b, pl - off, r, err)) <= 0)
				break;
			rc = m->h.head(m->h.arg, c->q->id, HTTPC_HEAD_TUNNEL,
			    r, (const char *)rep + off, (size_t)hl);
			off += (size_t)hl;
		}
	}
	free(r);
	free(b);
	return rc == -1 ? -1 : 0;
}

/*
 * One step of c's handshakes, as far as the socket lets them go; when
 * all are done, its requests.  0, or -1 after c was closed.
 */
static int
hs_step(struct httpm *m, struct mconn *c)
{
	char err[SK_ERRLEN];
	int rc;

	if ((rc = conn_step(&c->conn, err)) > 0) {
		c->want = rc;
		return 0;
	}
	if (rc == -1) {
		hs_connect(c, 0);
		(void)tunnel_show(m, c);	/* a refusal: hs_failed's */
		hs_failed(m, c, err);
		return -1;
	}
	hs_connect(c, 1);
	if (tunnel_show(m, c) == -1) {
		mconn_fail_all(m, c, HTTPC_ERR_HOOK, 0, "");
		return -1;
	}
	c->state = C_OPEN;
	return mconn_flush(m, c);
}

/*
 * The round trip to h (to its proxy through one) as its connections
 * connect: the shortest the kernel measured a handshake (took: the
 * dial's time in the loop, where it has none); a UNIX socket is near.
 */
static void
host_rtt(struct mhost *h, const struct addrinfo *ai, int s, long long took)
{
	long long rtt = ai != NULL && ai->ai_family == AF_UNIX ? 1 :
	    net_rtt_us(s);

	if (rtt < 0)
		rtt = took;
	if (rtt < 1)
		rtt = 1;
	if (h->rtt_us == 0 || rtt < h->rtt_us)
		h->rtt_us = rtt;
}

/* c's socket s connected.  0, or -1 after c was closed. */
static int
connected(struct httpm *m, struct mconn *c, int s)
{
	const struct addrinfo *ai = net_dialer_won(c->dialer);
	struct mx *x;
	long long now = mono_us();

	conn_init(&c->conn, s);
	host_rtt(&m->hosts[c->host], ai, s, now - c->dial_us);
	net_dialer_free(c->dialer);
	c->dialer = NULL;
	if (ai == NULL || net_addr_str(ai->ai_addr, ai->ai_addrlen, c->ip,
	    sizeof(c->ip), &c->peer.port) == -1)
		c->ip[0] = '\0';
	/* once a connection, for --write-out's %{local_ip} */
	if (net_local_str(s, c->lip, sizeof(c->lip), &c->peer.local_port) ==
	    -1)
		c->lip[0] = '\0';
	if (ai != NULL && ai->ai_family != AF_UNIX)
		(void)net_set_nodelay(s);
	for (x = c->q; x != NULL; x = x->next)
		x->res.t_connected = now;
	if (push_layers(m, c) == -1)
		return -1;
	c->state = C_HS;
	return hs_step(m, c);
}

/*
 * The dial of c failed with eno (err: the dialer's words): its
 * transfers end.  --interface not bound is said in curl's words.
 */
static void
dial_failed(struct httpm *m, struct mconn *c, int eno, const char *err)
{
	char msg[HTTPC_ERRLEN];

	if (net_dialer_src_failed(c->dialer)) {
		mconn_detail(c, HTTPC_D_IFACE);
		mconn_fail_all(m, c, HTTPC_ERR_CONNECT, eno, err);
		return;
	}
	dial_msg(m, c, eno, msg, sizeof(msg));
	mconn_fail_all(m, c, HTTPC_ERR_CONNECT, eno, msg);
}

/*
 * The address of h's proxy on a UNIX socket (curl's
 * socks5h://localhost/PATH) as h->ai, one allocation.  0, or -1.
 */
static int
unix_ai(struct mhost *h)
{
	struct {
		struct addrinfo		ai;	/* first: free() takes both */
		struct sockaddr_un	sun;
	} *u;

	if ((u = calloc(1, sizeof(*u))) == NULL)
		return -1;
	u->sun.sun_family = AF_UNIX;
	/* proxy_parse saw it fit */
	(void)snprintf(u->sun.sun_path, sizeof(u->sun.sun_path), "%.107s",
	    h->px.path);
	u->ai.ai_family = AF_UNIX;
	u->ai.ai_socktype = SOCK_STREAM;
	u->ai.ai_addr = (struct sockaddr *)&u->sun;
	u->ai.ai_addrlen = sizeof(u->sun);
	h->ai = &u->ai;
	h->ai_unix = 1;
	return 0;
}

/* where localhost and its subdomains lead */
static const char loopback[2][DIALMAP_ADDRLEN] = { "127.0.0.1", "::1" };

int
open_begin(struct httpm *m, struct mconn *c)
{
	struct mhost *h = &m->hosts[c->host];
	const struct httpc_opts *o = m->o.http;
	struct addrinfo *ai = &m->uai;
	struct net_opts no;
	char err[SK_ERRLEN], msg[HTTPC_ERRLEN];
	int s, eno;

	/* no library, no connection: said before dialing */
	if (h->https && tls_load(err) == -1) {
		mconn_detail(c, HTTPC_D_TLS_NOLIB);
		mconn_fail_all(m, c, HTTPC_ERR_TLS, 0, err);
		return -1;
	}
	net_opts_init(&no);
	if (o->family != 0)
		no.family = o->family;
	/* curl's --interface: never a UNIX socket's */
	no.iface = o->unix_path == NULL && !(h->has_px &&
	    h->px.path[0] != '\0') ? o->iface : NULL;
	if (o->unix_path == NULL && h->has_px && h->px.path[0] != '\0' &&
	    h->ai == NULL && unix_ai(h) == -1) {
		mconn_fail_all(m, c, HTTPC_ERR_CONNECT, errno, strerror(errno));
		return -1;
	}
	if (o->unix_path == NULL) {
		/* --resolve: its addresses, not the name's */
		if (h->ai == NULL && h->map != NULL) {
			if (net_addr_list(h->map->addr, h->map->naddr, h->port,
			    &no, &h->ai, err) == -1) {
				eno = errno;
				(void)snprintf(msg, sizeof(msg), "%s%s port %s: "
				    "%s", h->has_px ? "proxy " : "", h->name,
				    h->port, err);
				mconn_fail_all(m, c, HTTPC_ERR_CONNECT, eno, msg);
				return -1;
			}
			h->ai_own = 1;
		}
		/*
		 * localhost and *.localhost: 127.0.0.1, then ::1, asking
		 * no resolver (RFC 6761), as curl 7.88 does
		 */
		if (h->ai == NULL && addr_is_localhost(h->name)) {
			if (net_addr_list(loopback, 2, h->port, &no, &h->ai,
			    err) == -1) {
				mconn_fail_all(m, c, HTTPC_ERR_CONNECT, errno,
				    err);
				return -1;
			}
			h->ai_own = 1;
		}
		if (h->ai == NULL && net_resolve(h->name, h->port, &no, 0,
		    &h->ai, err) == -1) {
			eno = errno;
			(void)snprintf(msg, sizeof(msg), "%s%s", h->has_px ?
			    "proxy " : "", err);
			mconn_detail(c, h->has_px ? HTTPC_D_RESOLVE_PROXY :
			    HTTPC_D_RESOLVE);
			mconn_fail_all(m, c, HTTPC_ERR_CONNECT, eno, msg);
			return -1;
		}
		ai = h->ai;
	}
	if (c->q != NULL)
		c->q->res.t_resolved = mono_us();
	c->dial_deadline = o->connect_ms > 0 ? mono_ms() + o->connect_ms :
	    -1;
	c->dial_us = mono_us();
	if ((c->dialer = net_dialer_new(ai, &no)) == NULL) {
		mconn_fail_all(m, c, HTTPC_ERR_CONNECT, errno, strerror(errno));
		return -1;
	}
	s = net_dialer_step(c->dialer, NULL, 0, mono_ms(), h->name, h->port,
	    err);
	if (s != -1)
		return connected(m, c, s);
	if (errno != EINPROGRESS) {
		dial_failed(m, c, errno, err);
		return -1;
	}
	return 0;
}

int
open_fds(struct mconn *c, struct pollfd *pfd, int cap)
{
	switch (c->state) {
	case C_DIAL:
		return net_dialer_fds(c->dialer, pfd, cap);
	case C_HS:
		if (cap < 1)
			return 0;
		pfd->fd = c->conn.fd;
		pfd->events = (short)c->want;
		pfd->revents = 0;
		return 1;
	default:
		return 0;
	}
}

int
open_step(struct httpm *m, struct mconn *c, const struct pollfd *pfd, int n)
{
	const struct mhost *h = &m->hosts[c->host];
	char err[SK_ERRLEN];
	int s;

	switch (c->state) {
	case C_DIAL:
		s = net_dialer_step(c->dialer, pfd, n, mono_ms(), h->name,
		    h->port, err);
		if (s != -1)
			return connected(m, c, s);
		if (errno == EINPROGRESS)
			return 0;
		dial_failed(m, c, errno, err);
		return -1;
	case C_HS:
		return hs_step(m, c);
	default:
		return 0;
	}
}

long long
open_wake(const struct mconn *c)
{
	if (c->state == C_HS)
		return conn_step_wake(&c->conn);
	return c->state == C_DIAL ? net_dialer_wake(c->dialer) : -1;
}

void
open_timeout(struct httpm *m, struct mconn *c)
{
	const struct mhost *h = &m->hosts[c->host];
	char err[SK_ERRLEN], msg[HTTPC_ERRLEN];

	if (c->state == C_DIAL) {
		dial_failed(m, c, ETIMEDOUT, "");
		return;
	}
	/* the words of the layer whose step waits */
	conn_timeout(&c->conn, err);
	if (c->conn.failed == c->at_proxy) {
		mconn_fail_all(m, c, HTTPC_ERR_CONNECT, ETIMEDOUT, err);
		return;
	}
	if (c->conn.failed == c->at_ptls)
		(void)snprintf(msg, sizeof(msg), "proxy %s port %s: %s",
		    h->px.host, h->px.port, err);
	else
		(void)snprintf(msg, sizeof(msg), "%s port %s: %s", h->to_host,
		    h->to_port, err);
	mconn_fail_all(m, c, HTTPC_ERR_TIMEOUT, ETIMEDOUT, msg);
}

/* Set and not empty, as curl reads the environment. */
static const char *
env_get(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : NULL;
}

int
httpc_proxy_env(struct proxy_env *env, char *err)
{
	struct proxy px;

	/* --proxy as given: said now, not once per URL */
	errno = 0;
	if (env->opt != NULL && *env->opt != '\0' &&
	    proxy_parse(env->opt, &px, err) == -1)
		return errno == EPROTONOSUPPORT ? -3 : errno == EMSGSIZE ?
		    -4 : -2;
	if (env->opt != NULL && *env->opt != '\0' && env->user != NULL &&
	    proxy_user_set(&px, env->user, err) == -1)
		return -1;
	env->http_proxy = env_get("http_proxy");
	env->https_name = "https_proxy";
	if ((env->https_proxy = env_get("https_proxy")) == NULL) {
		env->https_name = "HTTPS_PROXY";
		env->https_proxy = env_get("HTTPS_PROXY");
	}
	env->all_name = "all_proxy";
	if ((env->all_proxy = env_get("all_proxy")) == NULL) {
		env->all_name = "ALL_PROXY";
		env->all_proxy = env_get("ALL_PROXY");
	}
	if ((env->no_proxy = env_get("no_proxy")) == NULL)
		env->no_proxy = env_get("NO_PROXY");
	return 0;
}
