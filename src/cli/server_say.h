/*
 * server_say.h: the server's events in words, for the commands that run
 * it (cmd/listen/listen.c, cmd/serve-hello/serve_hello.c).
 *
 * Layer: command helper.  It prints on stderr through msg.c, which the
 * core (server.c) may not; it never exits.
 */
#ifndef SERVER_SAY_H
#define SERVER_SAY_H

#include "net/server.h"

void	server_say(const struct server_event *ev, const char *start);

#endif /* SERVER_SAY_H */
