/*
 * cmd/listen_proxy.c: listen --serve-proxy socks5|http, a SOCKS5 or HTTP
 * proxy server: its options (--serve-proxy-auth, --allow-to), and each
 * connection's child, which runs the handshake of net/proxy_serve.c,
 * says who went where, and relays the client and the far side both ways
 * as the --to forwarder does.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/msg.h"
#include "cmd/listen.h"
#include "net/net.h"
#include "net/proxy_serve.h"
#include "net/relay.h"
#include "net/server.h"
#include "parse/proxyto.h"
#include "parse/socks.h"
#include "sockt.h"

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
			return msg_usage(usage, "--serve-proxy %s: socks5 or "
			    "http", arg);
		lp->given = 1;
		ls->proxy = &lp->ps;
		return SK_CONTINUE;
	case LPROXY_AUTH:
		/* RFC 1929 holds 1 to 255 bytes each; RFC 7617 one colon */
		colon = strchr(arg, ':');
		ul = colon != NULL ? (size_t)(colon - arg) : 0;
		pl = colon != NULL ? strlen(colon + 1) : 0;
		if (colon == NULL || ul < 1 || ul > 255 || pl < 1 || pl > 255)
			return msg_usage(usage, "--serve-proxy-auth: user:pw, "
			    "each of 1 to 255 bytes");
		memcpy(lp->user, arg, ul);
		lp->user[ul] = '\0';
		memcpy(lp->pass, colon + 1, pl + 1);
		lp->ps.user = lp->user;
		lp->ps.pass = lp->pass;
		lp->auth_given = 1;
		return SK_CONTINUE;
	default:
		if (lp->ps.nto == LPROXY_MAXTO)
			return msg_usage(usage, "--allow-to: more than %d "
			    "entries", LPROXY_MAXTO);
		if (proxy_to_parse(arg, &lp->to[lp->ps.nto], err) == -1)
			return msg_usage(usage, "%s", err);
		lp->ps.to = lp->to;
		lp->ps.nto++;
		lp->to_given = 1;
		return SK_CONTINUE;
	}
}

int
lproxy_settle(struct lproxy *lp, const struct net_opts *dial,
    const struct proxy *px, const char *usage)
{
	if (!lp->given) {
		if (lp->auth_given || lp->to_given)
			return msg_usage(usage, "%s needs --serve-proxy",
			    lp->auth_given ? "--serve-proxy-auth" :
			    "--allow-to");
		return SK_CONTINUE;
	}
	lp->ps.dial = dial;
	lp->ps.px = px;
	return SK_CONTINUE;
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
	else
		snprintf(buf, size, "SOCKS5 reply %d", code);
}

/*
 * In a forked child: the handshake, then the relay.  A refusal is said
 * (the client was told the reason: a reply code, a status), as the
 * forwarder says a failed dial; a client gone or silent before its
 * request only with -v.
 */
int
lserve_proxy(struct server_conn *c, void *arg)
{
	struct lserve *ls = arg;
	struct pserve ps = *ls->proxy;
	struct pserve_conn pc;
	struct relay_opts ro;
	char err[SK_ERRLEN], what[32];
	int fd, rc, idle;

	/* the request within -i, else 10 s; -w is the onward dial's */
	ps.hs_ms = ls->idle_ms > 0 ? ls->idle_ms : LISTEN_TLS_MS;
	if ((fd = pserve_run(c->fd, &ps, &pc)) == -1) {
		told(ls, pc.code, what, sizeof(what));
		if (pc.target[0] != '\0')
			msg_warnx("connection from %s to %s refused (%s): %s",
			    c->label, pc.target, what, pc.err);
		else if (pc.code >= 0 || ls->verbose)
			msg_warnx("connection from %s: %s (%s)", c->label,
			    pc.err, what);
		return EXIT_FAIL;
	}
	if (ls->verbose)
		msg_warnx("connection from %s to %s (%s%s%s)", c->label,
		    pc.target, ps.kind == PSERVE_HTTP ? "HTTP " : "SOCKS5",
		    pc.method, ps.px != NULL ? ", through --proxy" : "");
	/* as the forwarder: no Nagle but while bulk moves, both non-blocking */
	relay_opts_init(&ro);
	ro.nagle_adapt = net_set_nodelay(fd) == 0 &&
	    net_set_nodelay(c->fd) == 0;
	(void)net_set_nonblock(fd, 1);
	ro.in_fd = ro.out_fd = fd;
	if (ls->no_shutdown)
		ro.no_shutdown = RELAY_KEEP_OUT;
	ro.idle_ms = ls->idle_ms;
	ro.peer = c->label;
	ro.io_name = pc.target;
	rc = relay_run(c->fd, &ro, err);
	idle = rc == -1 && errno == ETIMEDOUT;
	close(fd);
	if (rc == -1 && err[0] != '\0' && (!idle || ls->verbose))
		msg_warnx("%s", err);
	else if (rc == 0 && ls->verbose)
		msg_warnx("connection from %s to %s: both sides done",
		    c->label, pc.target);
	return rc == 0 || idle ? EXIT_OK : EXIT_FAIL;
}
