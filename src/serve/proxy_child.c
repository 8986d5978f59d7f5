/*
 * serve/proxy_child.c: each connection's child of listen --serve-proxy
 * socks5|http, a SOCKS5 or HTTP proxy server: it makes the client an
 * endpoint (net/conn.h: with --tls, TLS above its socket, an HTTPS
 * proxy), runs the handshake of proxy/proxy_serve.c over it (an HTTP
 * client's requests in proxy/proxy_http.c), tells who went where
 * (LSERVE_EV_PX_*: each request and tunnel recorded as it ends, a
 * refused one too), and relays the client and the far side of a tunnel
 * both ways as the --to forwarder does.  A client not on loopback is a
 * stranger to the proxy (proxy_serve.h).
 */
#include <sys/socket.h>

#include <string.h>

#include "net/conn.h"
#include "net/net.h"
#include "net/prefork.h"
#include "net/server.h"
#include "proxy/proxy_serve.h"
#include "serve/forward.h"
#include "serve/serve.h"
#include "util/base.h"

/* What a connection's requests came to: the child's exit status. */
struct said {
	const struct lserve	*ls;
	const struct server_conn *c;
	int			 rc;
};

/* Tell ev of kind about client c and its request pc. */
static void
px_tell(const struct lserve *ls, enum lserve_ev_kind kind,
    const struct server_conn *c, const struct pserve_conn *pc)
{
	struct lserve_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.peer = c->label;
	ev.pc = pc;
	ev.conn = c;
	ev.http = ls->proxy->kind == PSERVE_HTTP;
	ev.via = ls->proxy->px != NULL;
	ls->event(&ev, ls->event_arg);
}

/*
 * A refusal is recorded and told (the client was told the reason: a
 * reply code, a status), as the forwarder tells a failed dial; a client
 * gone or silent before its request, a stranger (the record has it, and
 * each would be a line a stranger writes in our log) and a request that
 * failed on its way only with -v.
 */
static void
refused(const struct lserve *ls, const struct server_conn *c,
    const struct pserve_conn *pc)
{
	int asked = pc->target[0] != '\0' || pc->code >= 0;

	if (asked)
		px_tell(ls, LSERVE_EV_PX_RECORD, c, pc);
	if (ls->verbose || (asked && !pc->stranger && !pc->relayed))
		px_tell(ls, LSERVE_EV_PX_REFUSED, c, pc);
}

/* An HTTP request answered: refused, or forwarded and recorded. */
static void
http_said(const struct pserve_conn *pc, void *arg)
{
	struct said *s = arg;

	if (pc->err[0] != '\0') {
		s->rc = NET_CHILD_FAIL;
		refused(s->ls, s->c, pc);
		return;
	}
	px_tell(s->ls, LSERVE_EV_PX_RECORD, s->c, pc);
	if (s->ls->verbose)
		px_tell(s->ls, LSERVE_EV_PX_ANSWERED, s->c, pc);
}

/* Is the socket's own peer on loopback (or a UNIX socket's)?  1 or 0. */
static int
real_local(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	return getpeername(fd, (struct sockaddr *)&ss, &len) == 0 &&
	    net_addr_loopback((struct sockaddr *)&ss);
}

/*
 * In a forked child: with --tls the client's TLS handshake (an HTTPS
 * proxy, or SOCKS5 over TLS), then the proxy's handshake over it, then
 * the relay; an HTTP client's requests, each told as it ends, until its
 * connection ends or becomes a tunnel.  c ends here, gracefully (its
 * close_notify, its lingering close), either way.
 */
static int
proxy_one(struct server_conn *c, void *arg)
{
	struct lserve *ls = arg;
	struct pserve ps = *ls->proxy;
	struct pserve_conn pc;
	struct said s = { ls, c, NET_CHILD_OK };
	struct conn cc, fc;
	unsigned long long moved[2] = { 0, 0 };
	int rc;

	conn_init(&cc, c->fd);
	if (ls->tls != NULL) {
		/* said there; a pool child goes on to its next connection */
		if (lserve_tls(ls, &cc, c->label, NULL, 0) == -1) {
			(void)conn_close(&cc, 0);
			return NET_CHILD_FAIL;
		}
	}

	/* the request within -i, else 10 s; -w is the onward dial's */
	ps.hs_ms = ls->idle_ms > 0 ? ls->idle_ms : LSERVE_TLS_MS;
	ps.idle_ms = ls->idle_ms;
	ps.said = http_said;
	ps.said_arg = &s;
	ps.assoc = pserve_assoc;
	/*
	 * a UNIX-socket client, or the PROXY header's, by then the peer;
	 * but a header that anyone may send (no --proxy-from) cannot make
	 * a stranger's connection a local client's
	 */
	ps.stranger = !net_addr_loopback((struct sockaddr *)&c->peer) ||
	    (ps.hdr_any && !real_local(c->fd));
	if (ps.kind == PSERVE_HTTP)
		rc = pserve_http(&cc, &ps, &pc, &fc);
	else
		rc = pserve_run(&cc, &ps, &pc, &fc);
	if (rc == 1) {
		/* an association, relayed to its end: its record */
		(void)conn_close(&cc, -1);
		px_tell(ls, LSERVE_EV_PX_RECORD, c, &pc);
		return NET_CHILD_OK;
	}
	if (rc == -1) {
		/*
		 * a kept connection's end, its requests told; or a refusal
		 * (a 407 to a client still sending its body): either way
		 * our close_notify, then the client's end awaited, so no
		 * reset eats our answer, but no flood after a refusal
		 */
		cc.refused = pc.err[0] != '\0' && pc.code >= 0;
		(void)conn_close(&cc, -1);
		if (pc.err[0] == '\0')
			return s.rc;
		refused(ls, c, &pc);
		return NET_CHILD_FAIL;
	}
	if (ls->verbose)
		px_tell(ls, LSERVE_EV_PX_TUNNEL, c, &pc);
	rc = forward_pipe(&ls->fwd, c, &cc, &fc, pc.target, moved);
	pc.down += moved[0];
	pc.up += moved[1];
	px_tell(ls, LSERVE_EV_PX_RECORD, c, &pc);
	return rc;
}

/*
 * In a forked child: the connection the server gave, then, while the
 * pool lets it, the next ones it takes from the listener itself
 * (net/prefork.c).  Each connection is closed when done.
 */
int
lserve_proxy(struct server_conn *c, void *arg)
{
	struct lserve *ls = arg;

	/* proxy_one ends each connection, its lingering close included */
	return prefork_serve(ls->prefork, c, proxy_one, ls);
}
