/*
 * ws/: WebSocket, a layer over an endpoint of net/conn.h.  Engine:
 * never prints, never exits.  May use net, tls, parse and util.
 *
 * ws.h: WebSocket sessions (RFC 6455) on an endpoint of the connection
 * stack (net/conn.h: a connected socket, plain or with TLS as its
 * layer): the handshake of either side (ws_hs.c) and the messages
 * between the endpoint and a pair of descriptors or a second endpoint,
 * WebSocket a layer of the endpoint's that net/relay.c reads and writes
 * (ws_layer.c, ws_in.c, ws_out.c).  Core: never prints, never exits;
 * what fails fills an SK_ERRLEN err in words a user can act on ("the
 * server answered 403 Forbidden, not 101"), which the caller prefixes
 * with the URL or the peer.
 *
 * ws_conn_new takes the endpoint conn, whose layers carry the frames
 * (every read and write goes through conn_read and conn_write), for the
 * client side (client: every frame sent masked, none accepted masked) or
 * the server's (the reverse), and makes its descriptor non-blocking;
 * ws_conn_free frees the ws_conn and leaves conn to its owner, who ends
 * it (conn_close, or conn_abort after a failed handshake).
 *
 * ws_client_handshake sends the upgrade request for o->url and reads the
 * answer by o->deadline: 0 once it is a 101 with the right accept key
 * (the subprotocol chosen in info->protocol), else -1 with err (info->
 * status: the status the server answered, or 0).  The accept key's SHA-1
 * comes from libcrypto (tls_sha1): without it the handshake fails with
 * err saying so.
 *
 * Both offer or take permessage-deflate (RFC 7692, ws_deflate.h) unless
 * o->no_deflate: info->extensions says what was agreed, info->ext_note
 * why nothing was (zlib missing, an offer declined); the relay then
 * compresses and inflates each message.
 *
 * ws_server_handshake reads a client's request by o->deadline and
 * answers it: 0 with the 101 sent, else -1 with err, having answered
 * 400, 403 (an Origin not in o->origins), 404, 405, 426 or o->refuse
 * (info->status) or nothing (0: the request was cut short or the time
 * ran out).
 *
 * ws_relay pushes the WebSocket layer on the endpoint and runs the one
 * relay (net/relay.c, relay_run) until the session ends, the layer then
 * taken off again (conn_pop): each line of in_fd a
 * text message and each message received a line on out_fd, or with
 * binary each read a binary message and each payload raw.  The other
 * side may be an endpoint (io: a far side with TLS, read and written
 * through its layers, its output ended with conn_shut_wr, which sends
 * close_notify; the caller ends it afterwards) instead of the raw
 * descriptors.  ro says which (in_fd and out_fd, or io_conn) and how
 * (no_stdin: -d, quit_ms: -q, idle_ms: -i, stop_fd), as for the plain
 * relay; o what WebSocket adds.  Pings are
 * answered at once, fragmented messages put back together, text checked
 * as UTF-8 (1007), messages over max_message refused (1009), a broken
 * frame closed with 1002.  At the end of in_fd a Close 1000 follows what
 * was read, and the peer's Close is awaited (quit_ms at most, else
 * until the peer has been silent WS_CLOSE_MS: a peer gone quiet never
 * holds it, one still sending what came before its Close is let
 * finish); the peer's Close is
 * passed on as the end of out_fd and answered at once (RFC 6455 5.5.1),
 * or with half_close_ms once in_fd ends too.  One pong waits at most
 * (the latest ping's, 5.5.3).  ro->stop_fd readable (a signal) sends
 * 1001 and runs the same bounded closing handshake.  A burst from the peer
 * is read as it piles up, not a segment at a time.  Returns 0
 * when the session ended with a Close of the peer's (its code and reason
 * in *end: the caller judges them), -1 with err otherwise (a protocol
 * error of the peer's, a connection that ended without a Close, a time
 * limit, a failed read or write).  A peer that fails --ws-ping's check
 * is gone: our Close goes as far as the socket takes it then, and no
 * answer is awaited.  Once the closing handshake is done, or the peer
 * gone, the endpoint's peer_end says so (net/conn.h), and the caller's
 * conn_close waits for the peer's end briefly or not at all.
 *
 * ws_side.c is a WebSocket side of a server's connections as the
 * options set it (struct ws_side: listen --ws, --to ws://); what
 * happens is told through w->event (struct ws_side_event), which the
 * owner words, and each call names the connection label for it.
 * ws_side_accept reads a client's request on the endpoint ep and
 * answers it (the upgrade, else the refusal told: with verbose, or when
 * the request never came whole); ws_side_run then relays the session's
 * messages to in_fd and out_fd, or to the endpoint io where not NULL,
 * as the relay options ro say (-d, -q, -i, -Q; a program on a
 * socketpair, io_reset_eof, has the client's Close as its end of input
 * and our Close after its output's end, as with --ws-half-close);
 * ws_side_serve is the two.  Each returns 0, else -1 with the failure
 * told (a Close but 1000, 1001 or one without a code is a failure
 * too).  Apart, a program can be started between them, the Origin in
 * its environment.
 * None of them ends an endpoint: its owner does.  ws_side_near,
 * ws_side_far and ws_side_refuse are what listen's forwarder
 * (serve/forward.c) runs where a side speaks WebSocket, in place of the
 * relay of bytes: a WebSocket client cc in front of a far side's bytes
 * (--ws), a client's bytes over a WebSocket connection onward on fc
 * (--to ws://, the upgrade sent for to_url), and a client answered 502
 * with why when its far side failed.  The first two relay cc and fc
 * (label names the client) and end neither: 0 when the session ended
 * well, 1 when it failed, and ws_side_far -1 when it never began (the
 * upgrade onward), filling why on either failure for the reset that
 * follows.
 */
#ifndef NET_WS_H
#define NET_WS_H

#include <stddef.h>
#include <stdint.h>

#include "parse/url.h"
#include "parse/ws.h"
#include "parse/wsext.h"

struct conn;
struct ws_conn;

struct ws_info {
	int	status;			/* the handshake's HTTP status */
	char	reason[64];		/* its reason phrase (client side) */
	char	protocol[WS_PROTO_MAX];	/* the subprotocol agreed, or "" */
	char	target[256];		/* the request's path (server side) */
	char	extensions[WSEXT_TEXT_MAX];	/* permessage-deflate agreed
					 * (its parameters), or "" */
	char	ext_note[160];		/* why it was not (-v), or "" */
	char	origin[256];		/* its Origin (server side) */
	int	has_origin;		/* 0: the client sent none */
};

struct ws_client_opts {
	const struct url *url;
	const char *const *headers;	/* -H "Name: value" lines */
	int		 nheaders;
	const char	*protocols;	/* --ws-protocol list, or NULL */
	int		 no_deflate;	/* --ws-no-deflate: offer none */
	long long	 deadline;	/* mono_ms; -1: none */
};

struct ws_server_opts {
	const char	*path;		/* --ws-path, or NULL: any */
	const char	*protocols;	/* ours, or NULL: agree to none */
	int		 no_deflate;	/* --ws-no-deflate: decline it */
	const char	*origins;	/* --ws-origin, or NULL: any */
	int		 refuse;	/* read the request, answer this
					 * (502: the far side failed) */
	const char	*refuse_why;	/* and this, as its body */
	long long	 deadline;
};

/* What ws_relay's caller hears while it runs (-v), one line each. */
typedef void	(*ws_note_fn)(void *arg, const char *line);

/*
 * What WebSocket adds to a relay's options (net/relay.h's relay_opts,
 * whose in_fd, out_fd, io_conn, no_stdin, quit_ms and idle_ms it takes
 * as the plain relay does).
 */
struct ws_opts {
	int		 binary;	/* --ws-binary */
	int		 ping_ms;	/* --ws-ping: ping every ping_ms and
					 * fail when no pong comes within it;
					 * 0: none */
	uint64_t	 max_message;	/* --ws-max-message */
	/*
	 * --ws-half-close: the peer's Close is the end of its input, as a
	 * TCP half-close is; what in_fd still has (a program's last output)
	 * goes first and our Close follows its end, half_close_ms at most.
	 * This breaks RFC 6455 5.5.1 (a Close is answered as soon as
	 * practical), hence opt-in.  0: answered at once.
	 */
	int		 half_close_ms;
	ws_note_fn	 note;		/* NULL: nothing to say */
	void		*note_arg;
};

struct ws_end {
	int	peer_code;		/* the peer's Close code (WS_CLOSE_NONE
					 * when it gave none); -1: no Close */
	char	peer_reason[WS_CONTROL_MAX + 1];
	int	sent_code;		/* ours, or -1 */
};

/* What a WebSocket side (ws_side.c) tells its owner. */
enum ws_side_kind {
	WS_SIDE_NOSESS,		/* no session could be made: error */
	WS_SIDE_REFUSED,	/* a client's request answered status (0:
				 * none), not upgraded: line, why */
	WS_SIDE_UPGRADED,	/* verbose: a client upgraded: info */
	WS_SIDE_NOT_FORWARDED,	/* the upgrade onward failed: line, why */
	WS_SIDE_ONWARD,		/* verbose: the upgrade onward: info */
	WS_SIDE_NOTE,		/* verbose: the relay's line */
	WS_SIDE_FAILED,		/* the session failed: line, why */
	WS_SIDE_CLOSED		/* the peer closed it with end's code: the
				 * server with server, else the client */
};

struct ws_side_event {
	enum ws_side_kind	 kind;
	const char		*label;	/* the connection its call named */
	const char		*line;
	int			 status;
	int			 error;	/* errno */
	int			 server;
	const struct ws_info	*info;
	const struct ws_end	*end;
};

/*
 * The WebSocket options of a server (listen --ws, --to ws://): each
 * connection's upgrade and its messages, and for --to ws:// where each
 * client's bytes go onward.
 */
struct ws_side {
	const char	*path;		/* --ws-path, or NULL: any */
	const char	*protocols;	/* --ws-protocol */
	int		 binary;	/* --ws-binary (bridges: always) */
	int		 no_deflate;	/* --ws-no-deflate */
	int		 ping_ms;	/* --ws-ping; 0: none */
	long long	 max_message;	/* --ws-max-message */
	int		 verbose;
	int		 hs_ms;		/* the handshake's time limit */
	const char	*origins;	/* --ws-origin, or NULL: any */
	int		 half_close_ms;	/* --ws-half-close; 0: none */
	/* --to ws://: the URL, as given and as read */
	const char	*to_arg;
	struct url	 to_url;
	void		(*event)(const struct ws_side_event *ev, void *arg);
	void		*arg;
};

/* A session between ws_side_accept and ws_side_run. */
struct ws_sess {
	struct ws_conn	*c;
	struct ws_info	 info;
};

#define WS_MAX_MESSAGE	((uint64_t)64 << 20)	/* the default limit */
#define WS_CLOSE_MS	5000	/* the closing handshake's default bound */

struct ws_conn *ws_conn_new(struct conn *conn, int client);
void	ws_conn_free(struct ws_conn *c);
int	ws_client_handshake(struct ws_conn *c, const struct ws_client_opts *o,
	    struct ws_info *info, char *err);
int	ws_server_handshake(struct ws_conn *c, const struct ws_server_opts *o,
	    struct ws_info *info, char *err);
struct relay_opts;

void	ws_opts_init(struct ws_opts *o);
int	ws_relay(struct ws_conn *c, const struct relay_opts *ro,
	    const struct ws_opts *o, struct ws_end *end, char *err);

int	ws_side_accept(const struct ws_side *w, struct conn *ep,
	    const char *label, struct ws_sess *s);
int	ws_side_run(const struct ws_side *w, struct ws_sess *s,
	    const char *label, int in_fd, int out_fd, struct conn *io,
	    const struct relay_opts *ro);
int	ws_side_serve(const struct ws_side *w, struct conn *ep,
	    const char *label, int in_fd, int out_fd, struct conn *io,
	    const struct relay_opts *ro);
int	ws_side_near(const struct ws_side *w, const char *label,
	    struct conn *cc, struct conn *fc, int idle_ms);
int	ws_side_far(const struct ws_side *w, const char *label,
	    struct conn *cc, struct conn *fc, int idle_ms, char *why);
void	ws_side_refuse(const struct ws_side *w, const char *label,
	    struct conn *ep, const char *why);

#endif /* NET_WS_H */
