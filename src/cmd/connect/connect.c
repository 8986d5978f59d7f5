/*
 * cmd/connect/connect.c: sockt connect, the client side of netcat: the
 * connection relayed to stdin and stdout, or to a program with -e and
 * -c (connect_exec.c), or a WebSocket session (connect_ws.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/msg.h"
#include "cmd/cmd.h"
#include "cmd/connect/connect.h"
#include "cmd/connect/connect_exec.h"
#include "cmd/connect/connect_udp.h"
#include "cmd/connect/connect_ws.h"
#include "cmd/connect/zscan.h"
#include "net/conn.h"
#include "net/net.h"
#include "net/proxy_dial.h"
#include "net/relay.h"
#include "net/stack.h"
#include "net/starttls_io.h"
#include "parse/addr.h"
#include "parse/opt.h"
#include "parse/socks.h"
#include "parse/starttls.h"
#include "parse/ws.h"
#include "tls/tls.h"
#include "util/base.h"

/* the synopsis, as the messages of a usage error end */
static const char *const usage = connect_usage;

/*
 * Whether -X is among the options, read silently from a copy of argv (the
 * option reader moves operands in place); the real reading says what is
 * wrong.  Decides which spec reads the command line.
 */
static int
nc_form(int argc, char *argv[])
{
	struct opt_state st;
	struct cli cl;
	char **v;
	int c, seen;

	if ((v = calloc((size_t)argc + 1, sizeof(*v))) == NULL)
		return 0;
	memcpy(v, argv, (size_t)argc * sizeof(*v));
	cli_init(&cl, &connect_spec_nc, &st, argc, v);
	/* past a bad number (st.arg set): the form decides who says it */
	while ((c = opt_next(&st)) != OPT_DONE && (c != OPT_ERR ||
	    st.arg != NULL))
		;
	seen = opt_seen(&st, CN(xproto));
	free(v);
	return seen;
}

/*
 * The rules about the operands (connect_rules_url), and a ws:// or wss://
 * URL in place of host and port: read it into cn->w, with what to dial
 * in cn->ep.  Returns CMD_GO_ON, else EXIT_USAGE after the message.
 */
static int
connect_ws_check(struct cnx *cn, struct opt_state *st)
{
	char err[SK_ERRLEN];

	cn->ws = st->argc == 1 && ws_url_is(st->argv[0]);
	if (cn->ws)
		opt_mark(st, CN_WS_URL);
	if (opt_check(st, connect_rules_url) == -1)
		return cmd_usage(usage, "%s", st->err);
	if (!cn->ws)
		return CMD_GO_ON;
	if (ws_url_parse(st->argv[0], &cn->w.url, err) == -1 ||
	    url_dial_host(&cn->w.url, cn->ws_host, sizeof(cn->ws_host)) < 0)
		return cmd_usage(usage, "%s", err);
	if (strlen(cn->ws_host) >= sizeof(cn->ep.host)) {
		return cmd_usage(usage, "%s: host too long", st->argv[0]);
	}
	memcpy(cn->ep.host, cn->ws_host, strlen(cn->ws_host) + 1);
	snprintf(cn->ep.port, sizeof(cn->ep.port), "%s", cn->w.url.port);
	if ((cn->tls = cn->w.url.https))
		opt_mark(st, CN_WSS_URL);
	cn->w.url_arg = st->argv[0];
	if (cn->w.max_message == 0)
		cn->w.max_message = (long long)WS_MAX_MESSAGE;
	return CMD_GO_ON;
}

/* TLS's rules, then the dialogue's names.  CMD_GO_ON, else EXIT_USAGE. */
static int
connect_tls_check(struct cnx *cn, struct opt_state *st)
{
	struct starttls t;

	if (opt_check(st, connect_rules_tls) == -1)
		return cmd_usage(usage, "%s", st->err);
	if (cn->xmpp_host != NULL && starttls_init(&t, STLS_P_XMPP,
	    cn->xmpp_host) == -1)
		return cmd_usage(usage, "--xmpp-host %s: not a domain name",
		    cn->xmpp_host);
	/* a name or an address literal (RFC 5321 4.1.3): one word */
	if (cn->ehlo != NULL && starttls_init(&t, cn->starttls,
	    cn->ehlo) == -1)
		return cmd_usage(usage, "--ehlo %s: not a name", cn->ehlo);
	return CMD_GO_ON;
}

/* The options into cn.  Returns CMD_GO_ON, else the exit status. */
static int
connect_args(struct cnx *cn, struct opt_state *st, int argc, char *argv[])
{
	struct cli cl;
	char err[SK_ERRLEN];
	int c;

	cli_init(&cl, nc_form(argc, argv) ? &connect_spec_nc : &connect_spec, st,
	    argc, argv);
	st->foreign = cli_nc_connect_foreign;
	cl.dest = cn;
	cl.no = &cn->no;
	cl.ro = &cn->ro;
	cl.tls = &cn->to;
	cl.wait_ms = &cn->no.timeout_ms;
	/* every option of its own is bound in its row but -c, -e and -N */
	while ((c = cli_next(&cl, st)) != CLI_END) {
		if (c < 0)
			return c == CLI_HELP ? EXIT_OK : EXIT_USAGE;
		if ((c == CN_COMMAND || c == CN_EXEC) && cli_prog(c ==
		    CN_COMMAND, st, cn->x.sh_argv, &cn->x.prog, &cn->x.flags,
		    usage) == -1)
			return EXIT_USAGE;
	}
	cn->verbose = cl.verbose;
	/* a service name of the protocol spoken: -p syslog is UDP's */
	if (cn->no.src_port != NULL && cli_service(cn->no.src_port,
	    cn->udp ? "udp" : "tcp", err) == -1)
		return cmd_usage(usage, "source %s", err);
	if ((c = connect_ws_check(cn, st)) != CMD_GO_ON ||
	    (c = connect_exec_settle(&cn->x, cn->pty, cn->prog_stderr,
	    usage)) != CMD_GO_ON)
		return c;
	return connect_tls_check(cn, st);
}

/*
 * The proxy options into cn->px.  Returns CMD_GO_ON, else EXIT_USAGE
 * after the message.
 */
static int
connect_proxy_args(struct cnx *cn)
{
	char err[SK_ERRLEN];

	if (cn->xproto == NULL && cn->proxy_url == NULL)
		return CMD_GO_ON;
	/*
	 * nc's spelling brings nc's rule: no half-close at the end of
	 * stdin (OpenBSD nc needs -N for one), which ProxyCommand lines
	 * copied from nc(1) rely on through proxies that end the tunnel
	 * at the first end of file
	 */
	if (cn->xproto != NULL)
		cn->ro.no_shutdown |= RELAY_KEEP_SOCK;
	if ((cn->xproto != NULL ? proxy_nc(cn->xproto, cn->xaddr, &cn->px,
	    err) : proxy_parse_clear(cn->proxy_url, &cn->px, err)) == -1 ||
	    (cn->proxy_user != NULL && proxy_user_set(&cn->px, cn->proxy_user,
	    err) == -1))
		return cmd_usage(usage, "%s", err);
	cn->use_proxy = 1;
	return CMD_GO_ON;
}

/* -v: a line of the STARTTLS dialogue, '>' sent, '<' received. */
static void
connect_show(int dir, const char *line, void *arg)
{
	(void)arg;
	msg_warnx("%c %s", dir, line);
}

/*
 * The operands into d: -U's path, or host and port (a ws:// URL's were
 * read already).  Returns CMD_GO_ON, else EXIT_USAGE after the message.
 */
static int
connect_where(struct cnx *cn, struct opt_state *st, struct stack_dial *d)
{
	struct endpoint *ep = &cn->ep;
	char err[SK_ERRLEN];

	if (cn->unix_path) {
		if (st->argc != 1)
			return cmd_usage(usage, st->argc == 0 ? "missing "
			    "socket path" : "too many operands: %s",
			    st->argv[1]);
		if (addr_check_unix(st->argv[0], err) == -1)
			return cmd_usage(usage, "%s", err);
		d->path = st->argv[0];
		snprintf(cn->where, sizeof(cn->where), "%s", d->path);
		/*
		 * TLS over a UNIX socket: the certificate is checked against
		 * --servername, else localhost (no host was named)
		 */
		snprintf(ep->host, sizeof(ep->host), "localhost");
		return CMD_GO_ON;
	}
	/* nc's -e takes one word; ours the rest of the line */
	if (!cn->ws && cli_prog_first(st, NULL, &cn->x.prog, cn->x.flags, 0,
	    usage, "host and port", "connect host port") == -1)
		return EXIT_USAGE;
	if (!cn->ws && cli_endpoint(st->argc, st->argv, 0, "tcp", ep,
	    err) == -1)
		return cmd_usage(usage, "%s", err);
	snprintf(cn->where, sizeof(cn->where), "%s port %s", ep->host,
	    ep->port);
	d->host = ep->host;
	d->port = ep->port;
	if (cn->use_proxy)
		d->px = &cn->px;
	return CMD_GO_ON;
}

/*
 * Connect as the command line says: the dial steps (the socket, through
 * a proxy its handshake) within -w, -v's line, then the layers above
 * (the STARTTLS dialogue, TLS), each within -w again.  Returns
 * CMD_GO_ON with the endpoint in ep and peer naming it, else the exit
 * status after the message.
 */
static int
connect_open(struct cnx *cn, struct opt_state *st, struct conn *ep,
    char *peer, size_t peersz)
{
	struct stack_dial d;
	struct starttls_opts so;
	char err[SK_ERRLEN], via[SK_HOSTLEN + SK_PORTLEN + 8];
	int rc;

	memset(&d, 0, sizeof(d));
	d.no = &cn->no;
	d.step_ms = cn->no.timeout_ms > 0 ? cn->no.timeout_ms : 0;
	if ((rc = connect_where(cn, st, &d)) != CMD_GO_ON)
		return rc;
	if (stack_open(ep, &d, via, sizeof(via), err) == -1) {
		/* -z is quiet as nc's: the status says it, -v the error */
		if (!cn->check_only || cn->verbose)
			msg_warnx("%s", err);
		return EXIT_FAIL;
	}
	if (d.path != NULL || d.px != NULL ||
	    net_peer_label(ep->fd, peer, peersz) == -1)
		snprintf(peer, peersz, "%s", cn->where);
	if (cn->verbose)
		msg_warnx("connected to %s%s%s", peer, via[0] != '\0' ?
		    " through proxy " : "", via);
	if (cn->starttls != -1) {
		memset(&so, 0, sizeof(so));
		so.proto = cn->starttls;
		if (cn->starttls == STLS_P_XMPP)
			so.name = cn->xmpp_host != NULL ? cn->xmpp_host :
			    cn->ep.host;
		else
			so.name = cn->ehlo;	/* NULL: our address */
		so.timeout_ms = cn->no.timeout_ms;
		if (cn->verbose)
			so.show = connect_show;
		d.starttls = &so;
	}
	if (cn->tls) {
		/*
		 * XMPP's certificate names the service's domain, which may
		 * not be the host it runs on (RFC 6120 13.7.2.1, RFC 6125):
		 * the check and SNI are the stream's "to"
		 */
		cn->to.host = cn->starttls == STLS_P_XMPP &&
		    cn->xmpp_host != NULL ? cn->xmpp_host : cn->ep.host;
		cn->to.port = cn->unix_path ? NULL : cn->ep.port;
		d.tls = &cn->to;
	}
	/* what the library refused of our options needs no peer's name */
	if (stack_push(ep, &d, err) == -1)
		msg_warnx("%s", err);
	else if (conn_handshake(ep, -1, err) == -1)
		msg_warnx("%s: %s", cn->where, err);
	else {
		if (cn->tls && cn->verbose)
			cli_tls_show(conn_tls(ep), NULL);
		return CMD_GO_ON;
	}
	(void)conn_close(ep, 0);
	return EXIT_FAIL;
}

static int
connect_run(struct cnx *c, int argc, char *argv[])
{
	struct opt_state st;
	struct conn ep;
	char err[SK_ERRLEN], peer[SK_HOSTLEN + SK_PORTLEN + 8];
	int rc;

	c->starttls = -1;
	net_opts_init(&c->no);
	c->no.timeout_ms = NET_CONNECT_TIMEOUT_MS;
	relay_opts_init(&c->ro);
	if ((rc = connect_args(c, &st, argc, argv)) != CMD_GO_ON)
		return rc;
	c->x.idle_ms = c->ro.idle_ms;
	if ((rc = connect_proxy_args(c)) != CMD_GO_ON)
		return rc;
	if (c->udp) {
		struct connect_udp cu = { usage, &c->no, &c->ro, st.argc,
		    st.argv, c->verbose, c->check_only,
		    c->lines, opt_seen(&st, CLI_O_QUIT),
		    opt_seen(&st, CLI_O_WAIT), &c->x, c->tls ? &c->to : NULL,
		    c->use_proxy ? &c->px : NULL };

		return connect_udp(&cu);
	}
	/* nc -z's port lists: one dial each, nc's words with -v */
	if (c->check_only && !c->ws && !c->unix_path && !c->use_proxy &&
	    !c->tls && connect_zscan_wants(st.argc, st.argv)) {
		if ((rc = connect_zscan(st.argv[0], st.argv + 1, st.argc - 1,
		    &c->no, c->verbose, err)) == -1)
			return cmd_usage(usage, "%s", err);
		return rc > 0 ? EXIT_OK : EXIT_FAIL;
	}
	/* no library, no connection: say so before dialing (ws:// too:
	 * its handshake's SHA-1 is libcrypto's) */
	if ((c->tls || c->ws) && tls_load(err) == -1) {
		if (c->ws)
			msg_warnx("%s: the WebSocket handshake needs SHA-1 "
			    "from OpenSSL 3: %s", c->w.url_arg, err);
		else
			msg_warnx("%s", err);
		return EXIT_FAIL;
	}
	if ((rc = connect_open(c, &st, &ep, peer, sizeof(peer))) !=
	    CMD_GO_ON)
		return rc;
	if (c->ws) {
		if (conn_pending(&ep) > 0) {
			msg_warnx("%s: the proxy sent data before the "
			    "handshake", c->w.url_arg);
			(void)conn_close(&ep, 0);
			return EXIT_FAIL;
		}
		c->w.verbose = c->verbose;
		c->w.check_only = c->check_only;
		c->w.timeout_ms = c->no.timeout_ms;
		c->w.no_stdin = c->ro.no_stdin;
		c->w.quit_ms = c->ro.quit_ms;
		c->w.idle_ms = c->ro.idle_ms;
		rc = connect_ws_session(&ep, &c->w);
		/* the server closes TCP first: its end awaited (RFC 6455 7.1) */
		(void)conn_close(&ep, -1);
		return rc;
	}
	if (c->check_only) {
		(void)conn_close(&ep, 0);
		return EXIT_OK;
	}
	if (c->x.prog != NULL) {
		c->x.peer = peer;
		return connect_exec_run(&c->x, &ep);
	}
	c->ro.peer = peer;
	c->ro.conn = &ep;
	rc = relay_run(ep.fd, &c->ro, err) == 0 ? EXIT_OK : EXIT_FAIL;
	if (rc != EXIT_OK && err[0] != '\0')
		msg_warnx("%s", err);
	if (ep.reset_end && c->verbose)
		msg_warnx("%s: reset after our close_notify: its end", peer);
	/*
	 * -q's or -i's end, or a failure: no waiting for the peer's end, it
	 * was not awaited
	 */
	(void)conn_close(&ep, rc != EXIT_OK || c->ro.quit_ms >= 0 ? 0 : -1);
	return rc;
}

int
cmd_connect(int argc, char *argv[])
{
	struct cnx cn;
	int rc;

	memset(&cn, 0, sizeof(cn));
	rc = connect_run(&cn, argc, argv);
	/* a ws:// URL's strings are the heap's (parse/url.c) */
	url_free(&cn.w.url);
	return rc;
}
