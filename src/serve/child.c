/*
 * serve/child.c: what the children of listen's program and keep modes
 * do with their connection: the program spawned on it (-e/-c), the same
 * behind a relay that enforces -i, the collector that copies a client's
 * data to stdout (-k with no program), and the forwarder (serve/forward.c)
 * that dials --to or --to-unix, through --proxy if given, and relays the
 * two sockets.  The command chooses which.  See serve.h.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "net/conn.h"
#include "net/exec.h"
#include "net/net.h"
#include "net/relay.h"
#include "net/server.h"
#include "net/stack.h"
#include "serve/forward.h"
#include "serve/serve.h"
#include "tls/tls.h"
#include "util/base.h"
#include "ws/ws.h"

/* Tell ev of kind, about peer, what and errno, to the command. */
void
lserve_tell(const struct lserve *ls, enum lserve_ev_kind kind,
    const char *peer, const char *what, size_t n, int ms)
{
	struct lserve_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.peer = peer;
	ev.what = what;
	ev.n = n;
	ev.ms = ms;
	ev.error = errno;
	ls->event(&ev, ls->event_arg);
}

/*
 * The server side's TLS on c (serve.h): the stack's layer and its
 * handshake within ls->tls_ms, then what it met told as events, a
 * timeout with -v alone (a client that never spoke TLS is no news).
 */
int
lserve_tls(const struct lserve *ls, struct conn *c, const char *label,
    char *subject, size_t size)
{
	struct lserve_event ev;
	char err[SK_ERRLEN];

	if (subject != NULL)
		subject[0] = '\0';
	if (stack_accept_tls(c, ls->tls, ls->tls_ms, err) == -1) {
		if (ls->verbose || errno != ETIMEDOUT)
			lserve_tell(ls, LSERVE_EV_PEER_FAIL, label, err, 0, 0);
		return -1;
	}
	if (subject != NULL)
		(void)tls_peer_subject(conn_tls(c), subject, size);
	if (ls->verbose) {
		memset(&ev, 0, sizeof(ev));
		ev.kind = LSERVE_EV_TLS;
		ev.peer = label;
		ev.tls = conn_tls(c);
		ls->event(&ev, ls->event_arg);
	}
	return 0;
}

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
 * for none).  Returns 0, or -1 after the hook said why.
 */
static int
lserve_open(const struct lserve *ls, const struct server_conn *c,
    struct conn *ep, char *subj, size_t size)
{
	subj[0] = '\0';
	conn_init(ep, c->fd);
	if (ls->tls != NULL && lserve_tls(ls, ep, c->label, subj,
	    size) == -1)
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
	struct lrelay *lr = arg;

	if (errno != ETIMEDOUT)
		lserve_tell(lr->ls, LSERVE_EV_FAILED, lr->c->label, err, 0, 0);
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
 * the program's, 1 when the relay failed.
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
		return NET_CHILD_FAIL;
	exec_env_tls(&ls->env, subj[0] != '\0' ? subj : NULL);
	memset(&lr, 0, sizeof(lr));
	lr.ls = ls;
	lr.c = c;
	/* --ws: the upgrade first, so that a refused client starts no
	 * program and an accepted one's Origin is in its environment */
	if (ls->ws != NULL) {
		if (ws_side_accept(ls->ws, &ep, c->label, &lr.ws) == -1) {
			(void)conn_close(&ep, -1);
			return NET_CHILD_FAIL;
		}
		exec_env_ws(&ls->env, lr.ws.info.has_origin ?
		    lr.ws.info.origin : NULL);
	}
	if (exec_env_set(&ls->env, c->fd, c->addr, c->port,
	    (const struct sockaddr *)&c->dst, c->dstlen) == -1) {
		lserve_tell(ls, LSERVE_EV_ENV, c->label, NULL, 0, 0);
		return NET_CHILD_FAIL;
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
		lserve_tell(ls, LSERVE_EV_SYS, c->label, ls->prog[0], 0, 0);
		return NET_CHILD_FAIL;
	}
	return j.relay_rc == 0 && j.status != -1 ? j.status : NET_CHILD_FAIL;
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
		return NET_CHILD_FAIL;
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
		return rc == 0 ? NET_CHILD_OK : NET_CHILD_FAIL;
	}
	ro.conn = &ep;
	rc = relay_run(c->fd, &ro, err);
	idle = rc == -1 && errno == ETIMEDOUT;
	(void)conn_close(&ep, -1);
	/* an idle client is closed quietly, as a server does */
	if (rc == 0 || idle)
		return NET_CHILD_OK;
	if (err[0] != '\0')
		lserve_tell(ls, LSERVE_EV_FAILED, c->label, err, 0, 0);
	return NET_CHILD_FAIL;
}

/*
 * In a forked child: the forwarder (serve/forward.c), with --tls the
 * client's handshake first.
 */
int
lserve_forward(struct server_conn *c, void *arg)
{
	struct lserve *ls = arg;
	struct conn cc;
	char subj[TLS_SUBJECT_LEN];

	if (lserve_open(ls, c, &cc, subj, sizeof(subj)) == -1)
		return NET_CHILD_FAIL;
	return forward_serve(&ls->fwd, c, &cc);
}

/*
 * -e/-c straight on the connection, once its header is read: this child
 * becomes the program, as lserve_spawn's would be, its environment
 * naming the header's client.
 */
int
lserve_pp_exec(struct server_conn *c, void *arg)
{
	struct lserve *ls = arg;

	if (exec_env_set(&ls->env, c->fd, c->addr, c->port,
	    (const struct sockaddr *)&c->dst, c->dstlen) == -1) {
		lserve_tell(ls, LSERVE_EV_ENV, c->label, NULL, 0, 0);
		return NET_CHILD_FAIL;
	}
	(void)exec_exec(c->fd, ls->prog, ls->env.envp, ls->spawn_flags);
	lserve_tell(ls, LSERVE_EV_SYS, c->label, ls->prog[0], 0, 0);
	return NET_CHILD_FAIL;
}
