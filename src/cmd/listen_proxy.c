/*
 * cmd/listen_proxy.c: listen --serve-proxy socks5|http, a SOCKS5 or HTTP
 * proxy server: its options (--serve-proxy-auth, --allow-to), and each
 * connection's child, which makes the client an endpoint (net/conn.h:
 * with --tls, TLS above its socket, an HTTPS proxy), runs the handshake
 * of proxy/proxy_serve.c over it (an HTTP client's requests in
 * proxy/proxy_http.c), says who went where, and relays the client and the
 * far side of a tunnel both ways as the --to forwarder does.
 */
#include <stdio.h>
#include <string.h>

#include "cli/msg.h"
#include "cmd/cmd.h"
#include "cmd/listen.h"
#include "net/conn.h"
#include "net/forward.h"
#include "net/net.h"
#include "net/prefork.h"
#include "net/relay.h"
#include "net/server.h"
#include "parse/proxyto.h"
#include "parse/socks.h"
#include "proxy/proxy_serve.h"
#include "util/base.h"

int
lproxy_arg(struct lproxy *lp, struct lserve *ls, int which, const char *arg,
    const char *usage)
{
	char err[SK_ERRLEN];
	const char *colon;
	size_t ul, pl;

	switch (which) {
	case LPROXY_KIND:
		if (strcmp(arg, "socks5") == 0)
			lp->ps.kind = PSERVE_SOCKS5;
		else if (strcmp(arg, "http") == 0)
			lp->ps.kind = PSERVE_HTTP;
		else
			return cmd_usage(usage, "--serve-proxy %s: socks5 or "
			    "http", arg);
		lp->given = 1;
		ls->proxy = &lp->ps;
		ls->prefork = &lp->prefork;
		return CMD_GO_ON;
	case LPROXY_AUTH:
		/* RFC 1929 holds 1 to 255 bytes each; RFC 7617 one colon */
		colon = strchr(arg, ':');
		ul = colon != NULL ? (size_t)(colon - arg) : 0;
		pl = colon != NULL ? strlen(colon + 1) : 0;
		if (colon == NULL || ul < 1 || ul > 255 || pl < 1 || pl > 255)
			return cmd_usage(usage, "--serve-proxy-auth: user:pw, "
			    "each of 1 to 255 bytes");
		memcpy(lp->user, arg, ul);
		lp->user[ul] = '\0';
		memcpy(lp->pass, colon + 1, pl + 1);
		lp->ps.user = lp->user;
		lp->ps.pass = lp->pass;
		lp->auth_given = 1;
		return CMD_GO_ON;
	default:
		if (lp->ps.nto == LPROXY_MAXTO)
			return cmd_usage(usage, "--allow-to: more than %d "
			    "entries", LPROXY_MAXTO);
		if (proxy_to_parse(arg, &lp->to[lp->ps.nto], err) == -1)
			return cmd_usage(usage, "%s", err);
		lp->ps.to = lp->to;
		lp->ps.nto++;
		lp->to_given = 1;
		return CMD_GO_ON;
	}
}

void
lproxy_settle(struct lproxy *lp, const struct net_opts *dial,
    const struct proxy *px)
{
	lp->ps.dial = dial;
	lp->ps.px = px;
}

/* "SOCKS5 reply 5" or "HTTP 502": what the client was told. */
static void
told(const struct lserve *ls, int code, char *buf, size_t size)
{
	if (code < 0)
		snprintf(buf, size, "closed");
	else if (ls->proxy->kind == PSERVE_HTTP)
		snprintf(buf, size, "HTTP %d", code);
	else if (code == 0xff)
		snprintf(buf, size, "SOCKS5 method 255");
	else if (code == PSERVE_AUTH_FAIL)
		snprintf(buf, size, "SOCKS5 authentication status 1");
	else
		snprintf(buf, size, "SOCKS5 reply %d", code);
}

/* What a connection's requests came to: the child's exit status. */
struct said {
	const struct lserve	*ls;
	const struct server_conn *c;
	int			 rc;
};

/*
 * A refusal is said (the client was told the reason: a reply code, a
 * status), as the forwarder says a failed dial; a client gone or silent
 * before its request only with -v.
 */
static void
refused(const struct lserve *ls, const struct server_conn *c,
    const struct pserve_conn *pc)
{
	char what[32];

	told(ls, pc->code, what, sizeof(what));
	if (pc->target[0] != '\0')
		msg_warnx("connection from %s to %s refused (%s): %s", c->label,
		    pc->target, what, pc->err);
	else if (pc->code >= 0 || ls->verbose)
		msg_warnx("connection from %s: %s (%s)", c->label, pc->err,
		    what);
}

/* An HTTP request answered: refused, or with -v forwarded. */
static void
http_said(const struct pserve_conn *pc, void *arg)
{
	struct said *s = arg;

	if (pc->err[0] != '\0') {
		s->rc = EXIT_FAIL;
		refused(s->ls, s->c, pc);
	} else if (s->ls->verbose)
		msg_warnx("connection from %s to %s (HTTP %s%s): %d",
		    s->c->label, pc->target, pc->method, s->ls->proxy->px !=
		    NULL ? ", through --proxy" : "", pc->code);
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
	struct said s = { ls, c, EXIT_OK };
	struct tls_conn *t;
	struct conn cc, fc;
	int fd;

	conn_init(&cc, c->fd);
	if (ls->tls != NULL) {
		/* said there; a pool child goes on to its next connection */
		if ((t = ls->tls_accept(ls->tls, c->fd, c->label, ls->tls_ms,
		    ls->verbose, NULL, 0)) == NULL) {
			(void)conn_close(&cc, 0);
			return EXIT_FAIL;
		}
		(void)conn_push_tls(&cc, t);
	}

	/* the request within -i, else 10 s; -w is the onward dial's */
	ps.hs_ms = ls->idle_ms > 0 ? ls->idle_ms : LISTEN_TLS_MS;
	ps.idle_ms = ls->idle_ms;
	ps.said = http_said;
	ps.said_arg = &s;
	if (ps.kind == PSERVE_HTTP)
		fd = pserve_http(&cc, &ps, &pc);
	else
		fd = pserve_run(&cc, &ps, &pc);
	if (fd == -1) {
		/*
		 * a kept connection's end, its requests told; or a refusal
		 * (a 407 to a client still sending its body): either way
		 * our close_notify, then the client's end awaited, so no
		 * reset eats our answer
		 */
		(void)conn_close(&cc, -1);
		if (pc.err[0] == '\0')
			return s.rc;
		refused(ls, c, &pc);
		return EXIT_FAIL;
	}
	if (ls->verbose)
		msg_warnx("connection from %s to %s (%s%s%s)", c->label,
		    pc.target, ps.kind == PSERVE_HTTP ? "HTTP " : "SOCKS5",
		    pc.method, ps.px != NULL ? ", through --proxy" : "");
	conn_init(&fc, fd);
	return forward_pipe(&ls->fwd, c, &cc, &fc, pc.target);
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
