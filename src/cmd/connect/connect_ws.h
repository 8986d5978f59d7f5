/*
 * connect_ws.h: sockt connect ws:// and wss://, the session once the
 * endpoint (the socket and its TLS) is up: the handshake, the relay of messages, and
 * what the end means for the exit status (connect_ws.c).
 */
#ifndef CONNECT_WS_H
#define CONNECT_WS_H

#include "parse/url.h"
#include "ws/ws.h"

#define CONNECT_WS_HEADERS	64	/* -H lines */

struct connect_ws {
	const char	*url_arg;	/* as given: names it in messages */
	struct url	 url;
	const char	*headers[CONNECT_WS_HEADERS];
	int		 nheaders;
	const char	*protocols;	/* --ws-protocol */
	int		 binary;	/* --ws-binary */
	int		 no_deflate;	/* --ws-no-deflate */
	int		 ping_ms;	/* --ws-ping */
	long long	 max_message;	/* --ws-max-message */
	int		 verbose;
	int		 check_only;	/* -z: the handshake, then Close */
	int		 timeout_ms;	/* -w: the handshake's too */
	int		 no_stdin, quit_ms, idle_ms;
};

struct conn;

/*
 * The session on the endpoint ep (the socket, with TLS for wss://),
 * which the caller ends; the exit status.
 */
int	connect_ws_session(struct conn *ep, const struct connect_ws *w);

#endif /* CONNECT_WS_H */
