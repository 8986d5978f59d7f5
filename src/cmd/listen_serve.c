/*
 * cmd/listen_serve.c: what the children of listen's program and keep
 * modes do with their connection: the program spawned on it (-e/-c),
 * the same behind a relay that enforces -i, the collector that copies a
 * client's data to stdout (-k with no program), and the forwarder
 * (net/forward.c) that dials --to or --to-unix, through --proxy if
 * given, and relays the two sockets; its events in words.  listen.c
 * chooses which.  With --tls each child first runs the TLS handshake
 * with its client, within -i, and relays through it: a program then
 * always sits behind the relay, on a socketpair, and sees plain bytes.
 * With --pty the program is on a terminal of its own, always behind
 * the relay.  With --ws the client is upgraded first (ws/ws_side.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/msg.h"
#include "cli/server_tls.h"
#include "cmd/cmd.h"
#include "cmd/listen.h"
#include "net/conn.h"
#include "net/exec.h"
#include "net/forward.h"
#include "net/relay.h"
#include "net/server.h"
#include "tls/tls.h"
#include "util/base.h"
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
 * The client's endpoint ep: c's socket, with --tls the TLS of its
 * handshake above it, the client certificate's subject into subj (""
 * for none).  Returns 0, or -1 after the message.
 */
static int
lserve_open(const struct lserve *ls, const struct server_conn *c,
    struct conn *ep, char *subj, size_t size)
{
	subj[0] = '\0';
	conn_init(ep, c->fd);
	if (ls->tls != NULL && cli_tls_accept(ls->tls, ep, c->label,
	    ls->tls_ms, ls->verbose, subj, size) == -1)
		return -1;
	return 0;
}

/* What the relay's end needs said, and the WebSocket relay. */
struct lrelay {
	const struct lserve	*ls;
	const struct server_conn *c;
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
	struct conn ep;
	struct lrelay lr;
	struct exec_job j;
	char subj[TLS_SUBJECT_LEN];

	if (lserve_open(ls, c, &ep, subj, sizeof(subj)) == -1)
		return EXIT_FAIL;
	exec_env_tls(&ls->env, subj[0] != '\0' ? subj : NULL);
	memset(&lr, 0, sizeof(lr));
	lr.ls = ls;
	lr.c = c;
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
	struct conn ep;
	char err[SK_ERRLEN], subj[TLS_SUBJECT_LEN];
	int rc, idle;

	if (lserve_open(ls, c, &ep, subj, sizeof(subj)) == -1)
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

/* The forwarder's events (net/forward.c), in words. */
void
lserve_forward_say(const struct forward_event *ev, void *arg)
{
	(void)arg;
	switch (ev->kind) {
	case FORWARD_EV_REFUSED:
		msg_warnx("connection from %s not forwarded: %s", ev->peer,
		    ev->why);
		break;
	case FORWARD_EV_RESET:
		msg_warnx("connection from %s: reset: %s", ev->peer, ev->why);
		break;
	case FORWARD_EV_FORWARDED:
		msg_warnx("connection from %s forwarded to %s%s%s", ev->peer,
		    ev->far, ev->via[0] != '\0' ? " through proxy " : "",
		    ev->via);
		break;
	case FORWARD_EV_TLS:
		msg_warnx("connection from %s to %s: %s, cipher %s", ev->peer,
		    ev->far, ev->tls->version, ev->tls->cipher);
		break;
	case FORWARD_EV_FAILED:
		msg_warnx("%s", ev->why);
		break;
	case FORWARD_EV_DONE:
		msg_warnx("connection from %s to %s: both sides done",
		    ev->peer, ev->far);
		break;
	}
}

/*
 * In a forked child: the forwarder (net/forward.c), with --tls the
 * client's handshake first.
 */
int
lserve_forward(struct server_conn *c, void *arg)
{
	struct lserve *ls = arg;
	struct conn cc;
	char subj[TLS_SUBJECT_LEN];

	if (lserve_open(ls, c, &cc, subj, sizeof(subj)) == -1)
		return EXIT_FAIL;
	return forward_serve(&ls->fwd, c, &cc);
}
