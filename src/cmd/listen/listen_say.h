/*
 * listen_say.h: what listen's modes (serve/: each connection's child,
 * serve/forward.c's forwarder, net/broker.c's broker) report, in words, for cmd/listen*.c to hand
 * the engine as its event hooks.  arg is unused, but listen_say_serve's
 * (struct listen_say, or NULL).
 *
 * Layer: command helper.  It prints on stderr through msg.c, which the
 * engine may not; it never exits.
 */
#ifndef LISTEN_SAY_H
#define LISTEN_SAY_H

#include "net/broker.h"
#include "serve/forward.h"
#include "serve/serve.h"

/*
 * listen_say_serve's arg: where --serve-proxy's record goes, one line
 * for each request and tunnel as it ends (LSERVE_EV_PX_RECORD), in
 * logfmt: time (UTC), proxy, client, user, method, dst, status, up and
 * down (bytes to the destination and from it), ms, reason.  A line is
 * one write(2), whole, so the lines of many children never mix: to
 * stderr, or a file opened with O_APPEND before the server started.
 */
struct listen_say {
	int	record_fd;	/* -1: none (--serve-proxy-log none) */
};

void	listen_say_serve(const struct lserve_event *ev, void *arg);
void	listen_say_forward(const struct forward_event *ev, void *arg);
/* The broker's (net/broker.c), arg its struct broker_opts. */
void	listen_say_broker(const struct broker_event *ev, void *arg);

#endif /* LISTEN_SAY_H */
