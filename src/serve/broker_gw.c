/*
 * serve/broker_gw.c: listen --broker and --chat: the broker
 * (net/broker.c) on the listening socket.  With --ws each client is
 * served through a gateway: a process of its own that upgrades it (TLS
 * first with --tls) and turns its messages into lines or bytes on a
 * socketpair, which the broker serves as it serves any client.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "net/broker.h"
#include "net/conn.h"
#include "net/net.h"
#include "net/relay.h"
#include "serve/serve.h"
#include "tls/tls.h"
#include "util/base.h"
#include "ws/ws.h"

/*
 * The gateway of one client, in a process of its own (net/broker.c):
 * the client's TLS and upgrade, then its messages to and from end, the
 * socketpair's.  Returns its exit status.
 */
static int
lbroker_ws_serve(int fd, int end, const struct server_conn *sc, void *arg)
{
	const struct lserve *ls = arg;
	struct relay_opts ro;
	struct conn ep;
	int status;

	conn_init(&ep, fd);
	if (ls->tls != NULL && lserve_tls(ls, &ep, sc->label, NULL,
	    0) == -1)
		return NET_CHILD_FAIL;
	(void)net_set_nonblock(end, 1);
	relay_opts_init(&ro);
	/* the broker's end of this client: our Close, then the client's
	 * answer, briefly */
	ro.quit_ms = 2000;
	status = ws_side_serve(ls->ws, &ep, sc->label, end, end, NULL,
	    &ro) == 0 ? NET_CHILD_OK : NET_CHILD_FAIL;
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
	    &forked)) == -1)
		lserve_tell(arg, forked ? LSERVE_EV_FORK : LSERVE_EV_ENV,
		    sc->label, NULL, 0, 0);
	return end;
}

int
lserve_broker(int lfd, const struct server_opts *so, int chat,
    const struct lserve *ls,
    void (*event)(const struct broker_event *ev, void *arg), char *err)
{
	struct broker_opts bo;

	memset(&bo, 0, sizeof(bo));
	bo.so = so;
	bo.chat = chat;
	bo.tls = ls->tls;
	bo.tls_ms = ls->tls_ms;
	bo.event = event;
	bo.arg = &bo;
	if (ls->ws != NULL) {
		bo.tls = NULL;
		bo.wrap = lbroker_ws_wrap;
		bo.wrap_arg = (void *)ls;
	}
	return broker_run(lfd, &bo, err);
}
