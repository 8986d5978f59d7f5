/*
 * listen_say.c: listen's modes' events in words, one file for them all.
 * See listen_say.h.
 */
#include <errno.h>

#include "cli/listen_say.h"
#include "cli/msg.h"
#include "tls/tls.h"

/* A connection's child (serve/child.c). */
void
listen_say_serve(const struct lserve_event *ev, void *arg)
{
	(void)arg;
	errno = ev->error;
	switch (ev->kind) {
	case LSERVE_EV_ENV:
		msg_warn("connection from %s", ev->peer);
		break;
	case LSERVE_EV_PROG:
		msg_warn("%s", ev->what);
		break;
	case LSERVE_EV_FAILED:
		msg_warnx("%s", ev->what);
		break;
	}
}

/* The forwarder's events (net/forward.c), the proxy server's tunnels'. */
void
listen_say_forward(const struct forward_event *ev, void *arg)
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
