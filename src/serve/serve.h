/*
 * serve/: listen's modes, served.  What each connection's child does in
 * the program and keep modes (the program on the connection, the same
 * behind a relay, the collector, the forwarder: forward.h), composed of
 * net/ (the server, the connection stack, the relay), proxy/ and ws/,
 * which lie beside each other and so cannot compose one another.  May
 * use proxy, ws, net, tls, parse and util.  Like the rest of the engine
 * it never prints and never exits: what it meets it reports as events
 * (struct lserve_event, struct forward_event) that the command has said
 * in words (cmd/listen/listen_say.c).
 *
 * serve.h: the program and keep modes, a small layer over the shared
 * server (net/server.c).  Each connection gets its own child: a program
 * spawned straight onto the socket (-e/-c), the same behind a relay that
 * enforces -i, or without a program a collector that copies the client's
 * data to stdout; with --to the forwarder (serve/forward.c).  With --tls
 * each child first runs the TLS handshake with its client (lserve_tls,
 * within tls_ms), and relays through it: a program then always
 * sits behind the relay, on a socketpair, and sees plain bytes.  With
 * --pty the program is on a terminal of its own, always behind the
 * relay.  With --ws the client is upgraded first (ws/ws_side.c).
 */
#ifndef SERVE_H
#define SERVE_H

#include <sys/types.h>

#include <stddef.h>

#include "net/exec.h"
#include "net/server.h"
#include "serve/forward.h"

struct broker_event;
struct conn;
struct net_unix_id;
struct prefork;
struct relay_opts;
struct pserve;
struct pserve_conn;
struct tls_conn;
struct tls_server_ctx;
struct lserve;
struct ws_side;

/* What serving a connection met, for the command to say. */
enum lserve_ev_kind {
	LSERVE_EV_ENV,		/* the program's environment not set: errno */
	LSERVE_EV_SYS,		/* what failed: errno (the program: its name) */
	LSERVE_EV_FAILED,	/* the relay failed: what says why */
	LSERVE_EV_FORK,		/* a broker's gateway not forked: errno */
	LSERVE_EV_NO_CONN,	/* the relay mode's wait: none within ms */
	LSERVE_EV_PEER_FAIL,	/* the peer's handshake failed: what */
	LSERVE_EV_TLS,		/* verbose: the peer's session, tls */
	/* listen -u's (serve/udp_peer.c) */
	LSERVE_EV_UDP_REFUSED,	/* verbose: a sender kept out */
	LSERVE_EV_UDP_FIRST,	/* verbose: the first datagram, n bytes */
	LSERVE_EV_UDP_STRAY,	/* verbose: another sender's, what the peer */
	LSERVE_EV_UDP_ENDED,	/* verbose: the session's end */
	LSERVE_EV_UDP_NO_HS,	/* no handshake within ms */
	LSERVE_EV_UDP_NO_DGRAM,	/* no datagram within ms */
	/* --serve-proxy's (serve/proxy_child.c): pc is the request */
	LSERVE_EV_PX_REFUSED,	/* refused, what pc->code told the client;
				 * or with pc->relayed a request that
				 * failed on its way */
	LSERVE_EV_PX_ANSWERED,	/* verbose: an HTTP request answered */
	LSERVE_EV_PX_TUNNEL,	/* verbose: a tunnel to pc->target */
	LSERVE_EV_PX_RECORD	/* a request or tunnel ended, refused or
				 * not: the proxy's record of it */
};

struct lserve_event {
	enum lserve_ev_kind  kind;
	const char	    *peer;	/* the client's label */
	const char	    *what;
	int		     error;	/* errno, or 0 */
	int		     ms;	/* LSERVE_EV_NO_*: the wait */
	size_t		     n;		/* LSERVE_EV_UDP_FIRST: bytes */
	struct tls_conn	    *tls;	/* LSERVE_EV_TLS */
	const struct pserve_conn *pc;	/* the proxy server's request */
	const struct server_conn *conn;	/* and its client */
	int		     http;	/* the proxy server speaks HTTP */
	int		     via;	/* and dials through --proxy */
};

/*
 * lserve_tls: the server side's TLS with the client on c's descriptor,
 * ls->tls's layer pushed onto c and its handshake run within ls->tls_ms
 * (net/stack.h's stack_accept_tls); the client certificate's subject
 * into subject (size bytes; NULL: not wanted).  Returns 0, with -v told
 * as LSERVE_EV_TLS, or -1 when the handshake failed, told as
 * LSERVE_EV_PEER_FAIL (a timeout with -v alone), c's layers freed and
 * its descriptor left open.
 */
int	lserve_tls(const struct lserve *ls, struct conn *c, const char *label,
	    char *subject, size_t size);

struct lserve {
	char		**prog;		/* argv of -e or of sh -c; NULL: collect */
	int		  spawn_flags;	/* EXEC_PATH for -e, EXEC_STDERR,
					 * EXEC_PTY */
	int		  idle_ms;	/* -i, or -1 */
	int		  spawns;	/* the server runs lserve_spawn */
	struct exec_env  env;
	/* the forwarder (serve/forward.c): where each connection goes */
	const struct endpoint *to;	/* --to, or NULL */
	const char	 *to_unix;	/* --to-unix, or NULL */
	struct forward	  fwd;		/* and what the engine takes of it */
	int		  verbose;
	/* --tls: the context, made once, and the handshake's time limit
	 * (lserve_tls) */
	struct tls_server_ctx *tls;
	int		  tls_ms;
	struct pserve	 *proxy;	/* --serve-proxy, or NULL */
	struct prefork	 *prefork;	/* and its pool of children */
	struct ws_side	 *ws;		/* --ws, or NULL */
	struct ws_side	 *to_ws;	/* --to ws://, or NULL */
	/* what happened, said by the command */
	void		(*event)(const struct lserve_event *ev, void *arg);
	void		 *event_arg;
};

/* The server's spawn hook: the program on the connection itself. */
pid_t	lserve_spawn(struct server_conn *c, void *arg);

/*
 * The server's serve hooks, run in each connection's child; arg is the
 * struct lserve.  Each returns the child's exit status: 0, else 1 (the
 * program's own with lserve_relay).  lserve_pp_exec is -e and -c with
 * --accept-proxy-protocol: the program in this child, once the server
 * has read the header.
 */
/* lserve_tell: an event of kind to ls's hook: peer, what, n bytes, a
 * wait of ms, and errno. */
void	lserve_tell(const struct lserve *ls, enum lserve_ev_kind kind,
	    const char *peer, const char *what, size_t n, int ms);
int	lserve_relay(struct server_conn *c, void *arg);
int	lserve_collect(struct server_conn *c, void *arg);
int	lserve_forward(struct server_conn *c, void *arg);
int	lserve_pp_exec(struct server_conn *c, void *arg);

/*
 * --serve-proxy (serve/proxy_child.c): the proxy server's children,
 * each serving the connection the server gave it, then while the pool
 * (prefork) lets it the next ones it takes itself.  The request within
 * -i, else LSERVE_TLS_MS.
 */
int	lserve_proxy(struct server_conn *c, void *arg);

/*
 * The relay mode: one connection on lfd, screened by so, within
 * accept_ms (0: no limit), relayed to stdin and stdout by ro (over TLS
 * with ls->tls, WebSocket's messages with ls->ws).  Closes lfd (and
 * removes path, -U's socket) before relaying: one connection only.  -v's
 * words are so->event's, as the server's.  Returns 0, or -1 (told).
 */
struct lserve_one {
	const struct server_opts *so;
	int			 accept_ms;
	const char		*path;		/* -U, or NULL */
	struct net_unix_id	*path_id;
	const struct lserve	*ls;
};

int	lserve_single(int lfd, const struct lserve_one *o,
	    struct relay_opts *ro);

/*
 * The program and keep modes: the server on lfd, so's hooks chosen for
 * ls's mode.  Returns the program's exit status without -k, else 0, or
 * -1 with err.
 */
int	lserve_run(int lfd, struct server_opts *so, struct lserve *ls,
	    char *err);

/*
 * listen -u (serve/udp_peer.c) on fd, bound: take the first datagram's
 * sender (one the access lists of so let in, within wait_ms) as the
 * peer, connect to it, and relay it to stdin and stdout as connect -u
 * does, in one UDP session; with tls (--tls) the first sender to pass
 * the cookie exchange, over DTLS.  ls->event hears what happens.
 * Returns 0, or -1 (told).
 */
struct ludp {
	const struct relay_opts	*ro;		/* -C -d -i -q -x */
	const struct server_opts *so;		/* --allow, --deny */
	int			 verbose;
	int			 wait_ms;	/* -w: the first datagram's */
	int			 lines;		/* --lines */
	struct tls_server_ctx	*tls;		/* --tls: DTLS, or NULL */
	const struct lserve	*ls;		/* its event hook */
};

int	lserve_udp(int fd, const struct ludp *lu);

/*
 * --broker (chat 0) or --chat on lfd (serve/broker_gw.c), screened and
 * limited by so, until a signal stops it; over TLS with ls->tls, each
 * handshake within ls->tls_ms; with ls->ws (--ws) each client through a
 * WebSocket gateway of its own.  event gets the broker's events, its arg
 * the struct broker_opts.  Returns 0, or -1 with err.
 */
int	lserve_broker(int lfd, const struct server_opts *so, int chat,
	    const struct lserve *ls,
	    void (*event)(const struct broker_event *ev, void *arg),
	    char *err);

#define LSERVE_TLS_MS	10000	/* a handshake's limit without -i, -w */

#endif /* SERVE_H */
