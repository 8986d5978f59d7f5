/*
 * cmd/listen_broker.c: listen --broker and --chat, the command's side:
 * the broker (net/broker.c) on the listening socket, and its events in
 * words.  With --ws each client is served through a gateway: a process
 * of its own that upgrades it (TLS first with --tls) and turns its
 * messages into lines or bytes on a socketpair, which the broker serves
 * as it serves any client.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/msg.h"
#include "cli/server_tls.h"
#include "cmd/cmd.h"
#include "cmd/listen.h"
#include "net/broker.h"
#include "net/conn.h"
#include "net/net.h"
#include "net/relay.h"
#include "tls/tls.h"
#include "util/base.h"
#include "ws/ws.h"

/* What a --ws gateway needs. */
struct lbroker_ws {
	const struct ws_side	*ws;
	struct tls_server_ctx	*tls;
	int			 tls_ms;
	int			 verbose;
};

/*
 * The gateway of one client, in a process of its own (net/broker.c):
 * the client's TLS and upgrade, then its messages to and from end, the
 * socketpair's.  Returns its exit status.
 */
static int
lbroker_ws_serve(int fd, int end, const struct server_conn *sc, void *arg)
{
	const struct lbroker_ws *bw = arg;
	struct relay_opts ro;
	struct conn ep;
	int status;

	conn_init(&ep, fd);
	if (bw->tls != NULL && cli_tls_accept(bw->tls, &ep, sc->label,
	    bw->tls_ms, bw->verbose, NULL, 0) == -1)
		return EXIT_FAIL;
	(void)net_set_nonblock(end, 1);
	relay_opts_init(&ro);
	/* the broker's end of this client: our Close, then the client's
	 * answer, briefly */
	ro.quit_ms = 2000;
	status = ws_side_serve(bw->ws, &ep, sc->label, end, end, NULL,
	    &ro) == 0 ? EXIT_OK : EXIT_FAIL;
	/* the broker sees this client's end before our lingering close
	 * waits for the client's */
	close(end);
	(void)conn_close(&ep, -1);
	return status;
}

/* The broker's wrap hook with --ws: the client's gateway.  Its end, or -1. */
static int
lbroker_ws_wrap(int fd, const struct server_conn *sc, void *arg)
{
	int end, forked;

	if ((end = broker_gateway(fd, sc, lbroker_ws_serve, arg,
	    &forked)) == -1) {
		if (forked)
			msg_warn("connection from %s: fork", sc->label);
		else
			msg_warn("connection from %s", sc->label);
	}
	return end;
}

/*
 * Say an event: a drop and a failed accept always, the rest (who comes
 * and goes, who is refused) with -v, as the forking server does.  TLS in
 * the words of the other TLS servers (cli_tls_accept): a failed
 * handshake always, one out of time with -v only, as an idle client's
 * end; the session in a line with -v.
 */
static void
lbroker_event(const struct broker_event *ev, void *arg)
{
	const struct broker_opts *bo = arg;
	int verbose = bo->so->verbose;
	struct tls_info in;

	switch (ev->kind) {
	case BROKER_EV_JOIN:
		if (!verbose)
			break;
		if (bo->chat)
			msg_warnx("connection from %s as <user%lu>", ev->peer,
			    ev->id);
		else
			msg_warnx("connection from %s", ev->peer);
		break;
	case BROKER_EV_LEAVE:
		if (!verbose)
			break;
		if (ev->error == 0)
			msg_warnx("connection from %s closed", ev->peer);
		else if (ev->why != NULL)
			msg_warnx("connection from %s closed: %s", ev->peer,
			    ev->why);
		else
			msg_warnx("connection from %s closed: %s", ev->peer,
			    strerror(ev->error));
		break;
	case BROKER_EV_DROP:
		msg_warnx("connection from %s dropped: it does not read, "
		    "%zu bytes queued", ev->peer, ev->n);
		break;
	case BROKER_EV_DENIED:
		if (verbose)
			msg_warnx("connection from %s refused by the access "
			    "list", ev->peer);
		break;
	case BROKER_EV_FULL:
		if (verbose)
			msg_warnx("connection from %s refused: %zu connections "
			    "from this address already", ev->peer, ev->n);
		break;
	case BROKER_EV_NOTFROM:
		if (verbose)
			msg_warnx("connection from %s refused: not a PROXY "
			    "header sender (--proxy-from)", ev->peer);
		break;
	case BROKER_EV_MAX:
		if (verbose)
			msg_warnx("connection from %s refused: %zu clients "
			    "already (-m)", ev->peer, ev->n);
		break;
	case BROKER_EV_ACCEPT:
		errno = ev->error;
		msg_warn("accept");
		break;
	case BROKER_EV_TLS:
		if (!verbose)
			break;
		tls_info(ev->tls, &in);
		msg_warnx("connection from %s: %s, cipher %s%s%s", ev->peer,
		    in.version, in.cipher, in.subject[0] != '\0' ?
		    ", client certificate " : "", in.subject);
		break;
	case BROKER_EV_TLS_FAIL:
		if (verbose || ev->error != ETIMEDOUT)
			msg_warnx("connection from %s: %s", ev->peer, ev->why);
		break;
	case BROKER_EV_HDR_FAIL:
		msg_warnx("connection from %s: no valid PROXY header: %s",
		    ev->peer, ev->why);
		break;
	}
}

/*
 * --broker (chat 0) or --chat on lfd, screened and limited by so, until
 * a signal stops it; over TLS with tls (NULL: none), each handshake
 * within tls_ms; over WebSocket with ws (NULL: none).  Returns the exit
 * status.
 */
int
lbroker_run(int lfd, const struct server_opts *so, int chat,
    struct tls_server_ctx *tls, int tls_ms, const struct ws_side *ws)
{
	struct broker_opts bo;
	struct lbroker_ws bw;
	char err[SK_ERRLEN];

	memset(&bo, 0, sizeof(bo));
	bo.so = so;
	bo.chat = chat;
	bo.tls = tls;
	bo.tls_ms = tls_ms;
	bo.event = lbroker_event;
	bo.arg = &bo;
	if (ws != NULL) {
		bw.ws = ws;
		bw.tls = tls;
		bw.tls_ms = tls_ms;
		bw.verbose = so->verbose;
		bo.tls = NULL;
		bo.wrap = lbroker_ws_wrap;
		bo.wrap_arg = &bw;
	}
	if (broker_run(lfd, &bo, err) == -1) {
		msg_warnx("%s", err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
