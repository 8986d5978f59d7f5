/*
 * listen_say.h: what listen's modes (serve/: each connection's child,
 * net/forward.c's forwarder, net/broker.c's broker) report, in words, for cmd/listen*.c to hand
 * the engine as its event hooks.  arg is unused.
 *
 * Layer: command helper.  It prints on stderr through msg.c, which the
 * engine may not; it never exits.
 */
#ifndef LISTEN_SAY_H
#define LISTEN_SAY_H

#include "net/broker.h"
#include "net/forward.h"
#include "serve/serve.h"

void	listen_say_serve(const struct lserve_event *ev, void *arg);
void	listen_say_forward(const struct forward_event *ev, void *arg);
/* The broker's (net/broker.c), arg its struct broker_opts. */
void	listen_say_broker(const struct broker_event *ev, void *arg);

#endif /* LISTEN_SAY_H */
