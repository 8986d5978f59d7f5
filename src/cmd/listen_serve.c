/*
 * cmd/listen_serve.c: what the children of listen's program and keep
 * modes do with their connection: the program spawned on it (-e/-c),
 * the same behind a relay that enforces -i, the collector that copies a
 * client's data to stdout (-k with no program), and the forwarder that
 * dials --to or --to-unix, through --proxy if given, and relays the two
 * sockets (lserve_forward).  listen.c chooses which.  With --tls each
 * child first runs the TLS handshake with its client, within -i, and
 * relays through it: a program then always sits behind the relay, on a
 * socketpair, and sees plain bytes.  With --pty the program is on a
 * terminal of its own, always behind the relay.  --to-tls speaks TLS
 * onward.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/msg.h"
#include "cli/server_tls.h"
#include "cmd/listen.h"
#include "net/conn.h"
#include "net/exec.h"
#include "net/net.h"
#include "net/proxy_dial.h"
#include "net/relay.h"
#include "net/server.h"
#include "net/stack.h"
#include "parse/addr.h"
#include "parse/socks.h"
#include "sockt.h"
#include "tls/tls.h"
#include "ws/ws.h"

/* Spawn the program on the connection itself: EOF passes both ways. */
pid_t
lserve_spawn(struct server_conn *c, void *arg)
{
	struct lserve *ls = arg;

	if (exec_env_set(&ls->env, c->fd, c->addr, c->port,
	    (const struct sockaddr *)&c->dst, c->dstlen) == -1)
		return -1;
	/* a group of its own, which the server ends as a whole */
	return exec_spawn(c->fd, ls->prog, ls->env.envp,
	    ls->spawn_flags | EXEC_PGRP);
}

/*
 * --tls: the client's handshake, and its certificate's subject into
 * subj (empty for none).  Returns 0 (*t NULL without --tls), or -1 after
 * the message.
 */
static int
lserve_tls(const struct lserve *ls, const struct server_conn *c,
    struct tls_conn **t, char *subj, size_t size)
{
	*t = NULL;
	subj[0] = '\0';
	if (ls->tls == NULL)
		return 0;
	*t = cli_tls_accept(ls->tls, c->fd, c->label, ls->tls_ms, ls->verbose,
	    subj, size);
	return *t != NULL ? 0 : -1;
}

/* What the relay's end needs said, and the WebSocket relay. */
struct lrelay {
	const struct lserve	*ls;
	const struct server_conn *c;
	struct conn		*ep;
	struct ws_sess		 ws;	/* --ws: upgraded before the spawn */
};

/* an idle client is closed quietly, as a server does */
static void
lrelay_fail(void *arg, const char *err)
{
	(void)arg;
	if (errno != ETIMEDOUT)
		msg_warnx("%s", err);
}

/* --ws: the program's end is our Close, the client's answer briefly */
static int
lrelay_ws(void *arg, struct relay_opts *ro)
{
	struct lrelay *lr = arg;

	ro->quit_ms = 2000;
	return ws_side_run(lr->ls->ws, &lr->ws, lr->c->label, ro->in_fd,
	    ro->out_fd, NULL, ro);
}

/*
 * In a forked child: the program on one end of a socketpair, or with
 * --pty on a terminal of its own, relayed to the client (net/exec.c) so
 * the idle timeout can end it, or TLS be spoken for it (the client
 * certificate's subject in its environment).  Returns the exit status:
 * the program's, EXIT_FAIL when the relay failed.
 */
int
lserve_relay(struct server_conn *c, void *arg)
{
	struct lserve *ls = arg;
	struct relay_opts ro;
	struct tls_conn *t;
	struct conn ep;
	struct lrelay lr;
	struct exec_job j;
	char subj[TLS_SUBJECT_LEN];

	memset(&lr, 0, sizeof(lr));
	lr.ls = ls;
	lr.c = c;
	lr.ep = &ep;
	if (lserve_tls(ls, c, &t, subj, sizeof(subj)) == -1)
		return EXIT_FAIL;
	exec_env_tls(&ls->env, subj[0] != '\0' ? subj : NULL);
	conn_init(&ep, c->fd);
	(void)conn_push_tls(&ep, t);
	/* --ws: the upgrade first, so that a refused client starts no
	 * program and an accepted one's Origin is in its environment */
	if (ls->ws != NULL) {
		if (ws_side_accept(ls->ws, &ep, c->label, &lr.ws) == -1) {
			(void)conn_close(&ep, -1);
			return EXIT_FAIL;
		}
		exec_env_ws(&ls->env, lr.ws.info.has_origin ?
		    lr.ws.info.origin : NULL);
	}
	if (exec_env_set(&ls->env, c->fd, c->addr, c->port,
	    (const struct sockaddr *)&c->dst, c->dstlen) == -1) {
		msg_warn("connection from %s", c->label);
		return EXIT_FAIL;
	}
	relay_opts_init(&ro);
	ro.idle_ms = ls->idle_ms;
	ro.peer = c->label;
	memset(&j, 0, sizeof(j));
	j.argv = ls->prog;
	j.envp = ls->env.envp;
	j.flags = ls->spawn_flags | EXEC_CHILD;
	j.relay = ls->ws != NULL ? lrelay_ws : NULL;
	j.fail = lrelay_fail;
	j.arg = &lr;
	if (exec_relay(&j, &ep, &ro) == -1) {
		msg_warn("%s", ls->prog[0]);
		return EXIT_FAIL;
	}
	return j.relay_rc == 0 && j.status != -1 ? j.status : EXIT_FAIL;
}

/* In a forked child, with no program: the client's data to stdout. */
int
lserve_collect(struct server_conn *c, void *arg)
{
	struct lserve *ls = arg;
	struct relay_opts ro;
	struct tls_conn *t;
	struct conn ep;
	char err[SK_ERRLEN], subj[TLS_SUBJECT_LEN];
	int rc, idle;

	if (lserve_tls(ls, c, &t, subj, sizeof(subj)) == -1)
		return EXIT_FAIL;
	relay_opts_init(&ro);
	/*
	 * Nothing to send, but no FIN either (unlike -d): a client that
	 * stops sending soon after its peer's end of file (socat, half a
	 * second later) must get all its data through
	 */
	ro.no_stdin = 1;
	ro.no_shutdown = RELAY_KEEP_SOCK;
	ro.idle_ms = ls->idle_ms;
	ro.peer = c->label;
	conn_init(&ep, c->fd);
	(void)conn_push_tls(&ep, t);
	if (ls->ws != NULL) {
		rc = ws_side_serve(ls->ws, &ep, c->label, -1, 1, NULL, &ro);
		(void)conn_close(&ep, -1);
		return rc == 0 ? EXIT_OK : EXIT_FAIL;
	}
	ro.conn = &ep;
	rc = relay_run(c->fd, &ro, err);
	idle = rc == -1 && errno == ETIMEDOUT;
	(void)conn_close(&ep, -1);
	/* an idle client is closed quietly, as a server does */
	if (rc == 0 || idle)
		return EXIT_OK;
	if (err[0] != '\0')
		msg_warnx("%s", err);
	return EXIT_FAIL;
}

/*
 * The onward endpoint, as the options say: the dial steps (--to-unix,
 * --to with the addresses resolved at start-up for a literal, through
 * --proxy), then the PROXY header, then TLS (--to-tls), each within -w.
 * Returns 0 with fc and via (the proxy that answered, "" without one),
 * or -1 with err.
 */
static int
lserve_onward(const struct lserve *ls, const struct server_conn *c,
    struct conn *fc, char *via, size_t viasz, char *err)
{
	struct stack_dial d;
	char why[SK_ERRLEN];

	memset(&d, 0, sizeof(d));
	d.no = ls->dial;
	d.step_ms = ls->dial->timeout_ms > 0 ? ls->dial->timeout_ms : 0;
	if (ls->to_unix != NULL)
		d.path = ls->to_unix;
	else {
		d.host = ls->to->host;
		d.port = ls->to->port;
		d.px = ls->px;
		d.res = ls->to_res;
	}
	/* --proxy-protocol: the header first, TLS and WebSocket after */
	d.pp_version = ls->pp_send;
	d.pp_conn = c;
	d.tls = ls->to_tls;
	if (stack_open(fc, &d, via, viasz, err) == -1)
		return -1;
	if (stack_push(fc, &d, why) == 0 && conn_handshake(fc, -1, why) == 0)
		return 0;
	if (fc->failed >= 0 && strcmp(fc->layer[fc->failed].ops->name,
	    "PROXY header") == 0)
		snprintf(err, SK_ERRLEN, "%s", why);
	else
		snprintf(err, SK_ERRLEN, "%.*s: %.*s", SK_ERRLEN / 2,
		    ls->to_label, SK_ERRLEN / 2 - 3, why);
	conn_abort(fc);
	return -1;
}

/*
 * In a forked child: relay the client c, through its endpoint cc, and
 * the onward endpoint fc both ways until both are done, then end both
 * gracefully; far names fc's end in the messages.  A WebSocket client
 * (--ws) has its messages' bytes relayed, and its Close ends fc's
 * input.  Returns the child's exit status.  The forwarder and the proxy
 * server end this way.
 */
int
lserve_pipe(struct lserve *ls, struct server_conn *c, struct conn *cc,
    struct conn *fc, const char *far)
{
	struct relay_opts ro;
	char err[SK_ERRLEN];
	int rc, idle;

	relay_opts_init(&ro);
	ro.idle_ms = ls->idle_ms;
	/* both sockets non-blocking: neither direction may stall the other */
	(void)net_set_nonblock(fc->fd, 1);
	if (ls->ws != NULL) {
		/* a WebSocket client to a far side (ws/ws_side.c) */
		rc = ws_side_near(ls->ws, c->label, cc, fc, ls->idle_ms, err);
		/* an abnormal WebSocket end is a truncation: the far side
		 * must not take it for a clean end */
		if (rc != 0)
			conn_abort(fc);
		else
			(void)conn_close(fc, 0);
		(void)conn_close(cc, -1);
		return rc == 0 ? EXIT_OK : EXIT_FAIL;
	}
	/*
	 * No Nagle on the TCP sides: the ends already chose when to send,
	 * and a forwarder that held a small write back until its last one
	 * is acknowledged would add a delayed ACK (40 ms on Linux) to every
	 * answer sent in two writes.  With both sides TCP the relay turns
	 * it back on while a direction moves bulk (nagle_adapt).
	 */
	ro.nagle_adapt = ls->to_unix == NULL && c->peer.ss_family != AF_UNIX &&
	    net_set_nodelay(fc->fd) == 0 && net_set_nodelay(c->fd) == 0;
	ro.in_fd = ro.out_fd = fc->fd;
	/*
	 * --no-shutdown: the client's EOF is not passed on, so a far side
	 * that ends everything at the first one (through microsocks) still
	 * answers; the far side's EOF is, and ends the session once the
	 * client is done too (connect's rules, with the client as stdin)
	 */
	if (ls->no_shutdown)
		ro.no_shutdown = RELAY_KEEP_OUT;
	ro.peer = c->label;
	ro.io_name = far;
	ro.conn = cc;
	ro.io_conn = fc;
	rc = relay_run(c->fd, &ro, err);
	idle = rc == -1 && errno == ETIMEDOUT;
	(void)conn_close(fc, 0);
	(void)conn_close(cc, -1);
	/* an idle client is closed quietly, as a server does, unless -v */
	if (rc == -1 && err[0] != '\0' && (!idle || ls->verbose))
		msg_warnx("%s", err);
	else if (rc == 0 && ls->verbose)
		msg_warnx("connection from %s to %s: both sides done",
		    c->label, far);
	return rc == 0 || idle ? EXIT_OK : EXIT_FAIL;
}

/*
 * The client's endpoint cc reset on purpose: its onward connection
 * failed, and it must see a failure rather than an end (why says which,
 * with -v).
 */
static void
lserve_reset(const struct lserve *ls, const struct server_conn *c,
    struct conn *cc, const char *why)
{
	conn_abort(cc);
	if (ls->verbose)
		msg_warnx("connection from %s: reset: %s", c->label, why);
}

/*
 * --to ws://: the client's bytes (its endpoint cc) over a WebSocket
 * connection on the onward endpoint fc (TLS for wss://).  Both are ended
 * here: gracefully after the session, the client reset when the upgrade
 * failed (or a proxy spoke before it), so that it does not take the
 * failure for an empty answer.  Returns the child's exit status.
 */
static int
lserve_onward_ws(struct lserve *ls, struct server_conn *c, struct conn *cc,
    struct conn *fc)
{
	char why[SK_ERRLEN] = "the proxy spoke before the handshake";
	int rc = -1;

	if (conn_pending(fc) > 0)
		msg_warnx("connection from %s not forwarded: %s", c->label,
		    why);
	else
		rc = ws_side_far(ls->to_ws, c->label, cc, fc, ls->idle_ms,
		    why);
	if (rc == -1) {
		conn_abort(fc);
		lserve_reset(ls, c, cc, why);
		return EXIT_FAIL;
	}
	(void)conn_close(fc, 0);
	/* an abnormal WebSocket end reaches the client as a reset */
	if (rc != 0)
		lserve_reset(ls, c, cc, why);
	else
		(void)conn_close(cc, -1);
	return rc == 0 ? EXIT_OK : EXIT_FAIL;
}

/*
 * In a forked child: the forwarder.  With --tls the client's handshake
 * first.  Then the onward endpoint (lserve_onward) and the relay of the
 * two, each EOF passed on as a half-close (close_notify on a TLS side).
 * A failed onward connection resets the client, who must not take it
 * for an empty answer.  The bytes a proxy sent after its reply wait in
 * the onward endpoint and reach the client first.  The PROXY header
 * goes onward before the TLS handshake of --to-tls, as nginx's "listen
 * ... ssl proxy_protocol" and haproxy's "send-proxy" with "ssl" have it.
 */
int
lserve_forward(struct server_conn *c, void *arg)
{
	struct lserve *ls = arg;
	struct tls_conn *t;
	struct tls_info in;
	struct conn cc, fc;
	char err[SK_ERRLEN], peer[NET_LABELLEN], subj[TLS_SUBJECT_LEN];
	char via[SK_HOSTLEN + SK_PORTLEN + 8];
	const char *far = ls->to_label;

	if (lserve_tls(ls, c, &t, subj, sizeof(subj)) == -1)
		return EXIT_FAIL;
	conn_init(&cc, c->fd);
	(void)conn_push_tls(&cc, t);
	if (lserve_onward(ls, c, &fc, via, sizeof(via), err) == -1) {
		msg_warnx("connection from %s not forwarded: %s", c->label,
		    err);
		/* a WebSocket client gets an HTTP answer, as a gateway's */
		if (ls->ws != NULL) {
			ws_side_refuse(ls->ws, c->label, &cc, err);
			(void)conn_close(&cc, -1);
		} else
			lserve_reset(ls, c, &cc, "the onward connection "
			    "failed");
		return EXIT_FAIL;
	}
	/*
	 * The address that answered, for -v only: a child that keeps quiet
	 * does no more than it must (the label of --to names the far side
	 * in a message about it).
	 */
	if (ls->verbose && ls->to_unix == NULL && ls->px == NULL &&
	    net_peer_label(fc.fd, peer, sizeof(peer)) == 0)
		far = peer;
	if (ls->verbose)
		msg_warnx("connection from %s forwarded to %s%s%s", c->label,
		    far, via[0] != '\0' ? " through proxy " : "", via);
	if (ls->verbose && conn_tls(&fc) != NULL) {
		tls_info(conn_tls(&fc), &in);
		msg_warnx("connection from %s to %s: %s, cipher %s", c->label,
		    far, in.version, in.cipher);
	}
	if (ls->to_ws != NULL)
		return lserve_onward_ws(ls, c, &cc, &fc);
	return lserve_pipe(ls, c, &cc, &fc, far);
}

/*
 * --to an address literal: resolve it once, here, rather than in every
 * child (getaddrinfo is most of what a short connection's child runs).
 * A name is resolved per connection, as its addresses may change while
 * the forwarder runs; so is a literal with --proxy, whose handshake
 * takes it as given.
 */
void
lserve_resolve(struct lserve *ls)
{
	struct net_opts lit;
	char err[SK_ERRLEN];

	if (ls->to == NULL || ls->px != NULL)
		return;
	lit = *ls->dial;
	lit.numeric = 1;
	if (net_resolve(ls->to->host, ls->to->port, &lit, 0, &ls->to_res,
	    err) == -1)
		ls->to_res = NULL;
}
