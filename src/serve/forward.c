/*
 * serve/forward.c: listen's forwarder, a client's child (forward.h): the
 * onward endpoint built as the options say (net/stack.c), the relay of
 * the two endpoints or the bridge of a side that speaks WebSocket
 * (ws/ws_side.c), and the ends: graceful where all went well, a reset
 * where the client must see a failure.  The events are the command's to
 * word.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>

#include "net/conn.h"
#include "net/net.h"
#include "net/relay.h"
#include "net/server.h"
#include "net/stack.h"
#include "serve/forward.h"
#include "tls/tls.h"
#include "util/base.h"
#include "ws/ws.h"

/* Tell the command ev, of kind, about client c. */
static void
forward_tell(const struct forward *f, struct forward_event *ev,
    enum forward_event_kind kind, const struct server_conn *c)
{
	ev->kind = kind;
	ev->peer = c->label;
	if (f->event != NULL)
		f->event(ev, f->arg);
}

/* An event with a far side, or a sentence: why. */
static void
forward_emit(const struct forward *f, enum forward_event_kind kind,
    const struct server_conn *c, const char *far, const char *why)
{
	struct forward_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.far = far;
	ev.why = why;
	forward_tell(f, &ev, kind, c);
}

void
forward_resolve(struct forward *f)
{
	struct net_opts lit;
	char err[SK_ERRLEN];

	if (f->path != NULL || f->host == NULL || f->px != NULL)
		return;
	lit = *f->dial;
	lit.numeric = 1;
	if (net_resolve(f->host, f->port, &lit, 0, &f->res, err) == -1)
		f->res = NULL;
}

int
forward_loops(const struct forward *f, int lfd)
{
	struct addrinfo *res, *ai;
	char err[SK_ERRLEN];
	int loops = 0;

	if (f->path != NULL || f->host == NULL || f->px != NULL)
		return 0;
	if (net_resolve(f->host, f->port, f->dial, 0, &res, err) == -1)
		return 0;	/* each client's dial says why */
	for (ai = res; ai != NULL && !loops; ai = ai->ai_next)
		loops = net_reaches_fd(lfd, ai->ai_addr);
	freeaddrinfo(res);
	return loops;
}

void
forward_free(struct forward *f)
{
	if (f->res != NULL)
		freeaddrinfo(f->res);
	f->res = NULL;
}

/*
 * The onward endpoint into fc: the dial steps (the addresses resolved
 * at start-up for a literal), then the PROXY header, then TLS.  Returns
 * 0 with via (the proxy that answered, "" without one), or -1 with err.
 */
static int
forward_open(const struct forward *f, const struct server_conn *c,
    struct conn *fc, char *via, size_t viasz, char *err)
{
	struct stack_dial d;
	char why[SK_ERRLEN];

	memset(&d, 0, sizeof(d));
	d.no = f->dial;
	d.step_ms = f->dial->timeout_ms > 0 ? f->dial->timeout_ms : 0;
	if (f->path != NULL)
		d.path = f->path;
	else {
		d.host = f->host;
		d.port = f->port;
		d.px = f->px;
		d.res = f->res;
	}
	/* --proxy-protocol: the header first, TLS and WebSocket after */
	d.pp_version = f->pp_version;
	d.pp_conn = c;
	d.tls = f->tls;
	if (stack_open(fc, &d, via, viasz, err) == -1)
		return -1;
	if (stack_push(fc, &d, why) == 0 && conn_handshake(fc, -1, why) == 0)
		return 0;
	/* the PROXY header's failure names its peer itself */
	if (conn_layer_is(fc, fc->failed, CONN_L_NAMED))
		snprintf(err, SK_ERRLEN, "%s", why);
	else
		snprintf(err, SK_ERRLEN, "%.*s: %.*s", SK_ERRLEN / 2, f->label,
		    SK_ERRLEN / 2 - 3, why);
	conn_abort(fc);
	return -1;
}

/* The client's endpoint cc reset on purpose, why told with verbose. */
static void
forward_reset(const struct forward *f, const struct server_conn *c,
    struct conn *cc, const char *why)
{
	conn_abort(cc);
	if (f->verbose)
		forward_emit(f, FORWARD_EV_RESET, c, NULL, why);
}

int
forward_pipe(const struct forward *f, const struct server_conn *c,
    struct conn *cc, struct conn *fc, const char *far,
    unsigned long long *moved)
{
	struct relay_opts ro;
	char err[SK_ERRLEN];
	int rc, idle;

	relay_opts_init(&ro);
	ro.idle_ms = f->idle_ms;
	/* both sockets non-blocking: neither direction may stall the other */
	(void)net_set_nonblock(fc->fd, 1);
	/*
	 * No Nagle on the TCP sides: the ends already chose when to send,
	 * and a forwarder that held a small write back until its last one
	 * is acknowledged would add a delayed ACK (40 ms on Linux) to every
	 * answer sent in two writes.  With both sides TCP the relay turns
	 * it back on while a direction moves bulk (nagle_adapt).
	 */
	ro.nagle_adapt = f->path == NULL && c->peer.ss_family != AF_UNIX &&
	    net_set_nodelay(fc->fd) == 0 && net_set_nodelay(c->fd) == 0;
	ro.in_fd = ro.out_fd = fc->fd;
	/*
	 * --no-shutdown: the client's EOF is not passed on, so a far side
	 * that ends everything at the first one (through microsocks) still
	 * answers; the far side's EOF is, and ends the session once the
	 * client is done too (connect's rules, with the client as stdin)
	 */
	if (f->no_shutdown)
		ro.no_shutdown = RELAY_KEEP_OUT;
	ro.peer = c->label;
	ro.io_name = far;
	ro.conn = cc;
	ro.io_conn = fc;
	ro.moved = moved;
	rc = relay_run(c->fd, &ro, err);
	idle = rc == -1 && errno == ETIMEDOUT;
	/* a client gone first leaves fc still sending: drained, as cc is */
	(void)conn_close(fc, idle ? 0 : -1);
	(void)conn_close(cc, -1);
	/* an idle client is closed quietly, as a server does, unless -v */
	if (rc == -1 && err[0] != '\0' && (!idle || f->verbose))
		forward_emit(f, FORWARD_EV_FAILED, c, far, err);
	else if (rc == 0 && f->verbose)
		forward_emit(f, FORWARD_EV_DONE, c, far, NULL);
	return rc == 0 || idle ? NET_CHILD_OK : NET_CHILD_FAIL;
}

/*
 * The bridge of a side that speaks WebSocket, and the ends: the side
 * that moves bytes must see a failure (the far side aborted, the client
 * reset), the WebSocket side ends as its protocol has it; an upgrade
 * onward that never happened leaves nothing to end gracefully.
 */
static int
forward_bridge(const struct forward *f, const struct server_conn *c,
    struct conn *cc, struct conn *fc)
{
	char why[SK_ERRLEN];
	int rc;

	if (!f->ws_far)
		rc = ws_side_near(f->ws, c->label, cc, fc, f->idle_ms);
	else if (conn_pending(fc) > 0) {
		snprintf(why, sizeof(why), "the proxy spoke before the "
		    "handshake");
		forward_emit(f, FORWARD_EV_REFUSED, c, NULL, why);
		rc = -1;
	} else
		rc = ws_side_far(f->ws, c->label, cc, fc, f->idle_ms, why);
	if (!f->ws_far) {
		if (rc != 0)
			conn_abort(fc);
		else
			(void)conn_close(fc, 0);
		(void)conn_close(cc, -1);
	} else {
		if (rc == -1)
			conn_abort(fc);
		else
			(void)conn_close(fc, 0);
		if (rc != 0)
			forward_reset(f, c, cc, why);
		else
			(void)conn_close(cc, -1);
	}
	return rc == 0 ? NET_CHILD_OK : NET_CHILD_FAIL;
}

/* -v: where it went, and over what TLS; far names the far side. */
static void
forward_say_onward(const struct forward *f, const struct server_conn *c,
    struct conn *fc, const char *far, const char *via)
{
	struct forward_event ev;
	struct tls_info in;

	memset(&ev, 0, sizeof(ev));
	ev.far = far;
	ev.via = via;
	forward_tell(f, &ev, FORWARD_EV_FORWARDED, c);
	if (conn_tls(fc) == NULL)
		return;
	tls_info(conn_tls(fc), &in);
	ev.tls = &in;
	forward_tell(f, &ev, FORWARD_EV_TLS, c);
}

int
forward_serve(const struct forward *f, const struct server_conn *c,
    struct conn *cc)
{
	struct conn fc;
	char err[SK_ERRLEN], peer[NET_LABELLEN];
	char via[SK_HOSTLEN + SK_PORTLEN + 8];
	const char *far = f->label;

	if (forward_open(f, c, &fc, via, sizeof(via), err) == -1) {
		forward_emit(f, FORWARD_EV_REFUSED, c, NULL, err);
		if (f->ws != NULL && !f->ws_far) {
			ws_side_refuse(f->ws, c->label, cc, err);
			(void)conn_close(cc, -1);
		} else
			forward_reset(f, c, cc, "the onward connection failed");
		return NET_CHILD_FAIL;
	}
	/*
	 * The address that answered, for -v only: a child that keeps quiet
	 * does no more than it must (the label of --to names the far side
	 * in a message about it).
	 */
	if (f->verbose && f->path == NULL && f->px == NULL &&
	    net_peer_label(fc.fd, peer, sizeof(peer)) == 0)
		far = peer;
	if (f->verbose)
		forward_say_onward(f, c, &fc, far, via);
	if (f->ws != NULL)
		return forward_bridge(f, c, cc, &fc);
	return forward_pipe(f, c, cc, &fc, far, NULL);
}
