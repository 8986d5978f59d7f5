/*
 * cmd/listen/listen.c: sockt listen, the server side of netcat, in one of three
 * modes (enum listen_mode) fixed by the command line:
 *
 * - relay: accept one connection, on a TCP port or (-U) a UNIX socket,
 *   and relay it to stdin and stdout exactly as connect does;
 * - program (-c or -e without -k): accept one connection and run the
 *   program on it, whose exit status becomes ours;
 * - keep (-k): a server that gives each connection a child of its own,
 *   until a signal stops it;
 * - broker (--broker, --chat; -k implied): every client in one process,
 *   each one's bytes (or lines) passed to all the others
 *   (serve/broker_gw.c and net/broker.c).
 *
 * --to HOST:PORT (or --to-unix PATH) makes either of the last two a port
 * forwarder: each connection's child dials onward, through --proxy if
 * given, and relays the two sockets to each other (serve/forward.c, which
 * lserve_forward in serve/child.c runs, beside each connection's child
 * of the other modes).
 *
 * The last two run the shared server (server.c); the relay takes its one
 * connection through the server's accept-and-screen step, so --allow and
 * --deny mean the same in every mode.  exec.c starts programs.
 *
 * --serve-proxy socks5|http makes either of the last two a SOCKS5 or
 * HTTP proxy server: each connection's child reads where its client
 * wants to go, dials there and relays (lserve_proxy in listen_proxy.c);
 * over TLS with --tls (an HTTPS proxy), on a UNIX socket with -U.
 *
 * --accept-proxy-protocol reads haproxy's PROXY header first in every
 * mode, where the connection is served (net/server_late.c; the broker's
 * loop), and its client is the peer from then on; --proxy-protocol sends
 * one onward from the forwarder.
 *
 * --tls serves TLS in every mode: the context is made here, once, before
 * listening; each handshake runs where its connection is served (the
 * child, or the relay mode's one connection), never in the accept loop;
 * the broker steps each one in its own loop, never waiting on one.
 * --to-tls speaks TLS onward.
 */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/join.h"
#include "cmd/listen/listen_say.h"
#include "cli/msg.h"
#include "cli/server_say.h"
#include "cli/server_tls.h"
#include "cli/server_user.h"
#include "cmd/cmd.h"
#include "cmd/listen/listen.h"
#include "net/conn.h"
#include "net/exec.h"
#include "net/net.h"
#include "net/prefork.h"
#include "net/proxy_udp.h"
#include "net/proxyhdr_io.h"
#include "net/relay.h"
#include "net/server.h"
#include "net/udpsess.h"
#include "parse/addr.h"
#include "parse/opt.h"
#include "parse/socks.h"
#include "parse/ws.h"
#include "tls/tls.h"
#include "util/base.h"
#include "util/clock.h"
#include "util/user.h"
#include "ws/ws.h"


/* In the server, and for the relay's refused peers: say what happens. */
static void
listen_event(const struct server_event *ev, void *arg)
{
	const struct lserve *ls = arg;

	server_say(ev, ls->spawns ? "cannot start the program" : "fork");
}

/*
 * The forwarder's options: -s and -w (the connect timeout) go to the
 * onward dial, and only there (to the proxy's, with --proxy); -w with -k
 * is the relay's option still (listen_rules_keep).  --proxy goes with
 * --to only.
 * Returns CMD_GO_ON, else the exit status.
 */
static int
listen_forward_settle(struct listen_args *la, struct opt_state *st,
    int keep)
{
	struct lserve *ls = &la->ls;
	char err[SK_ERRLEN];
	int forward = ls->to != NULL || ls->to_unix != NULL ||
	    ls->proxy != NULL;

	if (keep && !forward)
		opt_mark(st, LS_KEEP_ALONE);
	if (opt_check(st, listen_rules_keep) == -1)
		return cmd_usage(listen_usage, "%s", st->err);
	if (!forward)
		return CMD_GO_ON;
	if (ls->to_unix != NULL && *ls->to_unix == '\0')
		return cmd_usage(listen_usage, "--to-unix: empty path");
	if (ls->to_unix != NULL && addr_check_unix(ls->to_unix, err) == -1)
		return cmd_usage(listen_usage, "--to-unix: %s", err);
	if (la->proxy_url != NULL) {
		if (proxy_parse_clear(la->proxy_url, &la->px, err) == -1 ||
		    (la->proxy_user != NULL && proxy_user_set(&la->px,
		    la->proxy_user, err) == -1))
			return cmd_usage(listen_usage, "%s", err);
		ls->fwd.px = &la->px;
	}
	if (ls->to_unix != NULL)
		snprintf(ls->fwd.label, sizeof(ls->fwd.label), "%s",
		    ls->to_unix);
	else if (ls->to != NULL)
		snprintf(ls->fwd.label, sizeof(ls->fwd.label), "%s port %s",
		    la->to.host, la->to.port);
	ls->fwd.path = ls->to_unix;
	if (ls->to != NULL) {
		ls->fwd.host = la->to.host;
		ls->fwd.port = la->to.port;
	}
	la->dial = la->no;
	/* -4 and -6 choose where we listen; a proxy's names resolve so too */
	if (ls->proxy == NULL)
		la->dial.family = AF_UNSPEC;
	la->dial.timeout_ms = la->accept_ms > 0 ? la->accept_ms :
	    NET_CONNECT_TIMEOUT_MS;
	la->no.src_addr = NULL;
	la->accept_ms = 0;
	ls->fwd.dial = &la->dial;
	ls->fwd.verbose = ls->verbose = la->verbose;
	ls->fwd.no_shutdown = la->ro.no_shutdown != 0;
	ls->fwd.event = listen_say_forward;
	if (la->lp != NULL && la->lp->given)
		/* consent to serve strangers: a list of them, or a check
		 * of each (a password, a certificate of --cacert's) */
		lproxy_settle(la->lp, &la->dial, ls->fwd.px, la->so.nallow > 0 ||
		    la->tso.verify_client);
	return CMD_GO_ON;
}

/*
 * After the options: the mode, what goes with it, and the operands.
 * Returns CMD_GO_ON, else the exit status.
 */
static int
listen_settle(struct listen_args *la, struct opt_state *st, int keep,
    int unix_path)
{
	struct relay_opts *ro = &la->ro;
	struct server_opts *so = &la->so;
	struct lserve *ls = &la->ls;
	char err[SK_ERRLEN];
	int rc;

	if ((rc = listen_forward_settle(la, st, keep)) != CMD_GO_ON)
		return rc;
	/*
	 * the PROXY header within PROXYHDR_MS, or -i if that is shorter:
	 * a sender sends it at once, in the connection's first segment,
	 * and a longer -i is for the client's data, not for a stranger
	 * who holds a child without a word
	 */
	/* kept working as before, but it trusts the world: say so */
	if (la->lp != NULL)
		la->lp->ps.hdr_any = so->proxy_hdr && so->npp_from == 0;
	if (so->proxy_hdr && so->npp_from == 0 && la->verbose)
		msg_warnx("--accept-proxy-protocol without --proxy-from: any "
		    "peer may name any client");
	so->proxy_ms = ro->idle_ms > 0 && ro->idle_ms < PROXYHDR_MS ?
	    ro->idle_ms : PROXYHDR_MS;
	la->mode = keep ? LISTEN_KEEP : ls->prog != NULL ||
	    ls->to != NULL || ls->to_unix != NULL || ls->proxy != NULL ?
	    LISTEN_PROGRAM : LISTEN_RELAY;
	if (la->mode != LISTEN_RELAY) {
		if ((ls->spawn_flags & EXEC_PATH) && !exec_found(ls->prog[0]))
			return cmd_usage(listen_usage, "-e %s: program not found",
			    ls->prog[0]);
		if (so->max_children == 0)
			/* one connection, its PROXY header read side by
			 * side, so no stranger holds it (server_late.c) */
			so->max_children = keep || so->proxy_hdr ?
			    SERVER_MAX_CHILDREN : 1;
		so->once = la->mode == LISTEN_PROGRAM;
		/* a program behind the -i relay needs the peer too, and
		 * the forwarder's messages */
		so->need_peer = la->mode != LISTEN_RELAY;
		ls->fwd.idle_ms = ls->idle_ms = ro->idle_ms;
	}
	if (la->ops[1] != NULL) {
		/* nc's -l -p port: the port as the last operand */
		if (st->argc > 1)
			return cmd_usage(listen_usage, "-p gives the port: "
			    "too many operands: %s", st->argv[1]);
		la->ops[0] = st->argc > 0 ? st->argv[0] : la->ops[1];
	}
	if (!unix_path) {
		/* ncat's listen -k -e PROG 7002 */
		if (la->ops[1] == NULL && cli_prog_first(st, la->sh_argv,
		    &ls->prog, ls->spawn_flags, 2, listen_usage, "port",
		    "listen port") == -1)
			return EXIT_USAGE;
		rc = st->argc + (la->ops[1] != NULL);
		if (cli_endpoint(rc, la->ops[1] != NULL ? la->ops : st->argv,
		    EP_LISTEN, la->udp ? "udp" : "tcp", &la->ep, err) == -1)
			return cmd_usage(listen_usage, "%s", err);
		/* a proxy with no address: loopback's, as ssh -D */
		if (ls->proxy != NULL && rc == 1) {
			snprintf(la->ep.host, sizeof(la->ep.host), "%s",
			    la->no.family == AF_INET6 ? "::1" : "127.0.0.1");
			la->lp->dflt = 1;
		}
		return CMD_GO_ON;
	}
	if (st->argc != 1)
		return cmd_usage(listen_usage, st->argc == 0 ? "missing socket "
		    "path" : "too many operands: %s", st->argv[1]);
	if (addr_check_unix(st->argv[0], err) == -1)
		return cmd_usage(listen_usage, "%s", err);
	la->path = st->argv[0];
	return CMD_GO_ON;
}

/*
 * The rules about what --to's value chose (listen_rules_to), --to-tls
 * and its options, and the handshake's time limit of --tls: -i, else -w
 * (wait_ms), else LSERVE_TLS_MS.  Returns CMD_GO_ON, else EXIT_USAGE
 * after the message.
 */
static int
listen_tls_settle(struct listen_args *la, struct opt_state *st,
    int wait_ms)
{
	struct lserve *ls = &la->ls;

	if (opt_check(st, listen_rules_to) == -1)
		return cmd_usage(listen_usage, "%s", st->err);
	if (la->to_tls_on) {
		/* over a UNIX socket no host was named: localhost */
		la->to_tls.host = la->to_servername != NULL ?
		    la->to_servername : ls->to != NULL ? la->to.host :
		    "localhost";
		la->to_tls.port = ls->to != NULL ? la->to.port : NULL;
		ls->fwd.tls = &la->to_tls;
	}
	/* a failed verification's hint names the forwarder's option */
	la->to_tls.ca_opt = "--to-cacert";
	ls->tls_ms = la->ro.idle_ms > 0 ? la->ro.idle_ms : wait_ms > 0 ?
	    wait_ms : LSERVE_TLS_MS;
	return CMD_GO_ON;
}

/*
 * --ws and --to ws://: what goes with them, settled once the mode is
 * known.  Returns CMD_GO_ON, else EXIT_USAGE after the message.
 */
static int
listen_ws_settle(struct listen_args *la)
{
	struct ws_side *w = &la->ws;
	struct forward *f = &la->ls.fwd;

	w->verbose = la->verbose;
	w->hs_ms = la->ls.tls_ms;
	w->event = lws_say;
	w->arg = w;
	if (w->max_message == 0)
		w->max_message = (long long)WS_MAX_MESSAGE;
	if (la->ls.to_ws != NULL) {
		if (la->ws.to_url.https) {
			la->to_tls.host = la->to_servername != NULL ?
			    la->to_servername : la->to.host;
			la->to_tls.port = la->to.port;
			la->ls.fwd.tls = &la->to_tls;
		}
		/* the far side's bytes are its messages' */
		f->ws = w;
		f->ws_far = 1;
		return CMD_GO_ON;
	}
	if (!la->ws_on)
		return CMD_GO_ON;
	la->ls.ws = w;
	/*
	 * a bridge to TCP moves bytes: messages in, binary ones back; a
	 * client whose far side failed is answered 502, as a gateway's
	 */
	if (la->ls.to != NULL || la->ls.to_unix != NULL) {
		w->binary = 1;
		f->ws = w;
	}
	return CMD_GO_ON;
}

/*
 * Option c of listen's own that its row does not bind (-c, -e, --to),
 * its argument in st->arg, into la.  Returns CMD_GO_ON, else the exit
 * status.
 */
static int
listen_arg(struct listen_args *la, struct opt_state *st, int c)
{
	char err[SK_ERRLEN];
	int rc;

	switch (c) {
	case LS_COMMAND:
	case LS_EXEC:
		if (cli_prog(c == LS_COMMAND, st, la->sh_argv, &la->ls.prog,
		    &la->ls.spawn_flags, listen_usage) == -1)
			return EXIT_USAGE;
		break;
	case LS_TO:
		if (ws_url_is(st->arg)) {
			if ((rc = lws_to(&la->ws, st->arg, &la->to,
			    listen_usage)) != CMD_GO_ON)
				return rc;
			la->ls.to_ws = &la->ws;
			opt_mark(st, LS_TO_WS);
			if (la->ws.to_url.https)
				opt_mark(st, LS_TO_WSS);
		} else if (cli_endpoint(1, &st->arg, 0, "tcp", &la->to,
		    err) == -1)
			return cmd_usage(listen_usage, "--to %s: %s", st->arg,
			    err);
		la->ls.to = &la->to;
		break;
	}
	return CMD_GO_ON;
}

/* The command line into la.  Returns CMD_GO_ON, else the exit status. */
static int
listen_parse(int argc, char *argv[], struct listen_args *la)
{
	struct opt_state st;
	struct cli cl;
	int broker, c, rc, wait_ms;

	memset(la, 0, sizeof(*la));
	la->so.max_per_peer = SERVER_SHARE;
	net_opts_init(&la->no);
	relay_opts_init(&la->ro);
	cli_init(&cl, &listen_spec, &st, argc, argv);
	st.foreign = cli_nc_listen_foreign;
	cl.no = &la->no;
	cl.ro = &la->ro;
	cl.so = &la->so;
	cl.tls_srv = &la->tso;
	cl.wait_ms = &la->accept_ms;
	cl.joins = &la->joins;
	cl.user = &la->user;
	cl.dest = la;
	while ((c = cli_next(&cl, &st)) != CLI_END) {
		if (c < 0)
			return c == CLI_HELP ? EXIT_OK : c == CLI_FAIL ?
			    EXIT_FAIL : EXIT_USAGE;
		if ((rc = listen_arg(la, &st, c)) != CMD_GO_ON)
			return rc;
	}
	if (la->prog_stderr)
		la->ls.spawn_flags |= EXEC_STDERR;
	if (la->pty)
		la->ls.spawn_flags |= EXEC_PTY;
	la->so.verbose = la->verbose = la->ls.verbose = cl.verbose;
	la->ls.event = listen_say_serve;
	la->tls = opt_seen(&st, CLI_O_SRV_TLS);
	if (la->udp) {
		la->no.socktype = SOCK_DGRAM;
		if (!opt_seen(&st, CLI_O_QUIT))
			la->ro.quit_ms = UDPSESS_QUIT_MS;
	}
	broker = la->chat || la->broker;
	wait_ms = la->accept_ms;
	if ((rc = listen_settle(la, &st, broker || la->keep,
	    la->unix_path)) != CMD_GO_ON)
		return rc;
	if (la->udp && cli_join_check(&cl, la->no.family, la->ep.host) == -1)
		return EXIT_USAGE;
	if (broker)
		la->mode = LISTEN_BROKER;
	if ((rc = listen_tls_settle(la, &st, wait_ms)) != CMD_GO_ON)
		return rc;
	return listen_ws_settle(la);
}

/*
 * listen -u: bound, the groups joined, then serve/udp_peer.c's one peer.
 * Returns the status.
 */
static int
listen_udp(struct listen_args *la)
{
	struct ludp lu = { &la->ro, &la->so, la->verbose, la->accept_ms,
	    la->lines, NULL, &la->ls };
	char err[SK_ERRLEN], label[NET_LABELLEN];
	int fd, rc = EXIT_FAIL;

	la->tso.dtls = 1;
	if (la->tls && (lu.tls = cli_tls_server_ctx(&la->tso,
	    la->verbose)) == NULL)
		return EXIT_FAIL;
	if ((fd = net_listen(la->ep.host, la->ep.port, &la->no, 0,
	    err)) == -1)
		msg_warnx("%s", err);
	else if (cli_join_apply(fd, &la->joins, la->verbose) == 0 &&
	    cli_user_drop(&la->user, la->verbose, NULL, NULL, NULL) == 0) {
		/* the line scripts and tests wait for */
		if (la->verbose && net_local_label(fd, label,
		    sizeof(label)) == 0)
			msg_warnx("listening on %s", label);
		rc = lserve_udp(fd, &lu) == 0 ? EXIT_OK : EXIT_FAIL;
	}
	if (fd != -1)
		close(fd);
	tls_server_ctx_free(lu.tls);
	return rc;
}

/*
 * --proxy alone: the proxy listens for us (SOCKS5 BIND), for the peer
 * the operands name (any address, any port: 0.0.0.0 0); where it
 * listens is said at once, -v or not, as the peer must be told; then
 * its one connection is the relay mode's.  The status.
 */
static int
listen_bind(struct listen_args *la)
{
	struct conn ep;
	char err[SK_ERRLEN], bound[NET_LABELLEN], peer[NET_LABELLEN];
	int rc = EXIT_FAIL;

	if (la->mode != LISTEN_RELAY || la->tls || la->ws_on)
		return cmd_usage(listen_usage, "--proxy without --to or "
		    "--serve-proxy is a BIND through the proxy: one peer, to "
		    "stdin and stdout (no -k, -c, -e, --tls or --ws)");
	if (proxy_parse_clear(la->proxy_url, &la->px, err) == -1 ||
	    (la->proxy_user != NULL && proxy_user_set(&la->px,
	    la->proxy_user, err) == -1))
		return cmd_usage(listen_usage, "%s", err);
	la->no.timeout_ms = NET_CONNECT_TIMEOUT_MS;
	if (proxy_bind_open(&ep, &la->px, la->ep.host[0] != '\0' ?
	    la->ep.host : NULL, la->ep.port, &la->no, bound,
	    sizeof(bound), err) == -1)
		goto fail;
	msg_warnx("listening on %s", bound);
	if (proxy_bind_wait(&ep, la->accept_ms > 0 ? mono_ms() +
	    la->accept_ms : -1, peer, sizeof(peer), err) == -1)
		goto fail;
	if (la->verbose)
		msg_warnx("connection from %s", peer);
	la->ro.peer = peer;
	la->ro.conn = &ep;
	if (relay_run(ep.fd, &la->ro, err) == 0)
		rc = EXIT_OK;
	else if (err[0] != '\0')
		msg_warnx("%s", err);
	(void)conn_close(&ep, -1);
	return rc;
fail:
	msg_warnx("%s", err);
	return EXIT_FAIL;
}

/* The command line read into la: the mode on its socket.  The status. */
static int
listen_run(struct listen_args *la)
{
	char err[SK_ERRLEN], label[NET_LABELLEN];
	int lfd, rc, backlog;

	if (la->udp)
		return listen_udp(la);
	if (la->proxy_url != NULL && la->ls.fwd.px == NULL &&
	    la->ls.proxy == NULL)
		return listen_bind(la);
	/* once, here: each child only starts a session from it */
	if (la->tls && (la->ls.tls = cli_tls_server_ctx(&la->tso,
	    la->verbose)) == NULL)
		return EXIT_FAIL;
	/* --to-tls alone: a missing library is said now, not per client */
	if (la->ls.fwd.tls != NULL && tls_load(err) == -1) {
		msg_warnx("%s", err);
		tls_server_ctx_free(la->ls.tls);
		return EXIT_FAIL;
	}
	la->so.event = listen_event;
	la->so.arg = &la->ls;
	if (la->lp != NULL && la->lp->given) {
		if (lproxy_start(la->lp, la->verbose) != CMD_GO_ON) {
			tls_server_ctx_free(la->ls.tls);
			return EXIT_FAIL;
		}
		la->ls.event_arg = &la->lp->say;
	}
	/* the relay's one connection needs no queue */
	backlog = la->mode == LISTEN_RELAY ? 1 : NET_BACKLOG;
	if (la->path != NULL)
		lfd = net_listen_unix(la->path, SOCK_STREAM, backlog,
		    &la->path_id, err);
	else
		lfd = net_listen(la->ep.host, la->ep.port, &la->no, backlog,
		    err);
	if (lfd == -1)
		msg_warnx("%s", err);
	/* bound, and every file open: the user's from here (--user) */
	else if (cli_user_drop(&la->user, la->verbose, la->ls.prog != NULL ?
	    la->ls.prog[0] : NULL, la->path, &la->path_id) == -1) {
		close(lfd);
		lfd = -1;
	}
	if (lfd == -1) {
		tls_server_ctx_free(la->ls.tls);
		return EXIT_FAIL;
	}
	/* the line scripts and tests wait for */
	if (la->verbose && net_local_label(lfd, label, sizeof(label)) == 0)
		msg_warnx("listening on %s", label);
	if (la->mode == LISTEN_RELAY) {
		struct lserve_one one = { &la->so, la->accept_ms, la->path,
		    &la->path_id, &la->ls };

		rc = lserve_single(lfd, &one, &la->ro) == 0 ? EXIT_OK :
		    EXIT_FAIL;
	}
	else if (la->mode == LISTEN_BROKER) {
		rc = EXIT_OK;
		if (lserve_broker(lfd, &la->so, la->chat, &la->ls,
		    listen_say_broker, err) == -1) {
			msg_warnx("%s", err);
			rc = EXIT_FAIL;
		}
		close(lfd);
	} else {
		if ((rc = lserve_run(lfd, &la->so, &la->ls, err)) == -1) {
			msg_warnx("%s", err);
			rc = EXIT_FAIL;
		}
		if (la->path != NULL)
			(void)net_unlink_unix(la->path, &la->path_id);
		close(lfd);
	}
	tls_server_ctx_free(la->ls.tls);
	return rc;
}

int
cmd_listen(int argc, char *argv[])
{
	struct listen_args la;
	int rc;

	if ((rc = listen_parse(argc, argv, &la)) == CMD_GO_ON)
		rc = listen_run(&la);
	if (la.lp != NULL && la.lp->say.record_fd > STDERR_FILENO)
		(void)close(la.lp->say.record_fd);
	free(la.lp);
	/* a ws:// --to URL's strings are the heap's (parse/url.c) */
	url_free(&la.ws.to_url);
	return rc;
}
