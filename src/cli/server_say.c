/*
 * server_say.c: say a server event on stderr, the same words for every
 * server.  See server_say.h.
 */
#include <errno.h>

#include "cli/msg.h"
#include "cli/server_say.h"
#include "parse/proxyhdr.h"

/*
 * Say ev.  start names how the server starts a child ("fork" or "cannot
 * start the program"), for a child that could not start.
 */
void
server_say(const struct server_event *ev, const char *start)
{
	switch (ev->kind) {
	case SERVER_EV_OPEN:
		msg_warnx("connection from %s", ev->peer);
		break;
	case SERVER_EV_DENIED:
		msg_warnx("connection from %s refused by the access list",
		    ev->peer);
		break;
	case SERVER_EV_FULL:
		msg_warnx("connection from %s refused: %d connections from "
		    "this address already", ev->peer, ev->n);
		break;
	case SERVER_EV_NOTFROM:
		msg_warnx("connection from %s refused: not a PROXY header "
		    "sender (--proxy-from)", ev->peer);
		break;
	case SERVER_EV_CLOSED:
		msg_warnx("connection from %s closed", ev->peer);
		break;
	case SERVER_EV_NOSTART:
		errno = ev->error;
		msg_warn("%s for %s", start, ev->peer);
		break;
	case SERVER_EV_ACCEPT:
		errno = ev->error;
		msg_warn("accept");
		break;
	case SERVER_EV_HEADER:
		/* in the words of the connection that brought it */
		msg_warnx("connection from %s: PROXY header v%d %s%s%s",
		    ev->peer, ev->hdr->version, ev->hdr->kind, ev->hdr->local ?
		    " (its own address kept)" : " from ", ev->hdr->local ? "" :
		    ev->client);
		break;
	case SERVER_EV_NOHEADER:
		msg_warnx("connection from %s: no valid PROXY header: %s",
		    ev->peer, ev->why);
		break;
	case SERVER_EV_SLOTS:
		msg_warnx("-m %d lowered to %d: %lld open files allowed "
		    "(RLIMIT_NOFILE), %d a connection", ev->was, ev->n,
		    ev->nofile, ev->per);
		break;
	case SERVER_EV_SHARE:
		msg_warnx("at most %d connection%s from one address (a "
		    "quarter of -m %d; loopback exempt; --max-per-peer sets "
		    "it)", ev->n, ev->n == 1 ? "" : "s", ev->was);
		break;
	}
}
