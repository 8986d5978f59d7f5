/*
 * cmd/listen_broker.c: listen --broker and --chat, the command's side:
 * the broker (net/broker.c) on the listening socket, and its events in
 * words.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/msg.h"
#include "cmd/listen.h"
#include "net/broker.h"
#include "net/tls.h"
#include "sockt.h"

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
	}
}

/*
 * --broker (chat 0) or --chat on lfd, screened and limited by so, until
 * a signal stops it; over TLS with tls (NULL: none), each handshake
 * within tls_ms.  Returns the exit status.
 */
int
lbroker_run(int lfd, const struct server_opts *so, int chat,
    struct tls_server_ctx *tls, int tls_ms)
{
	struct broker_opts bo;
	char err[SK_ERRLEN];

	memset(&bo, 0, sizeof(bo));
	bo.so = so;
	bo.chat = chat;
	bo.tls = tls;
	bo.tls_ms = tls_ms;
	bo.event = lbroker_event;
	bo.arg = &bo;
	if (broker_run(lfd, &bo, err) == -1) {
		msg_warnx("%s", err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
