/*
 * stack.h: an endpoint's chain built from a command's options (conn.h):
 * the onward dial of connect, of listen's forwarder and of its proxy
 * servers.  Core: never prints, never exits.
 *
 * stack_open runs the dial steps within d->step_ms (0: no limit):
 * the socket (a UNIX path, the addresses of d->res, or d->host with Happy
 * Eyeballs), then through d->px the proxy's handshake, a layer whose
 * step never blocks; what the proxy sent past its reply waits in the
 * endpoint (conn_rest) for whoever reads it first.  via names the proxy
 * that answered ("" without one).  stack_push adds the layers above, not
 * yet begun: the PROXY header sent (d->pp_version), the STARTTLS dialogue
 * (d->starttls, each reply within its timeout_ms), TLS (d->tls);
 * conn_handshake then runs them in turn, each within d->step_ms, and
 * c->failed says whose step failed.  Both return 0, or -1 with err
 * (SK_ERRLEN): a failed dial names the far end, or the proxy ("proxy
 * 127.0.0.1 port 1080: Connection refused").  After a failed stack_open
 * c holds no descriptor.
 * stack_push_pp pushes onto c the PROXY header (version 1 or 2) that
 * stack_push sends for d->pp_conn; for_conn NULL: for c's own
 * connection, our address its source (curl's --haproxy-protocol).
 * stack_push_proxy pushes onto c the proxy's handshake for the tunnel t
 * (proxy_dial.h), not yet begun: a layer whose steps read and write
 * beneath it (the socket, or an https:// proxy's TLS), whose early
 * bytes wait in c (conn_rest); 0, or -1 with err.
 *
 * The accepted side: stack_push_tls_server pushes onto c a TLS server
 * session of sc (tls.h) over the descriptor, its handshake a step of
 * the chain's (conn_step, for a poll loop of its own: the broker);
 * stack_accept_tls pushes it and runs the handshake within ms (<= 0: no
 * limit), the descriptor made non-blocking.  Both return 0, or -1 with
 * err and errno (ETIMEDOUT: the time ran out) and c's layers freed, the
 * descriptor left open; on success conn_tls(c) is the session, for -v.
 * stack_push_tls_hs pushes a session made elsewhere (portscan's probe,
 * tls_probe.h), its handshake a step of the chain's: 0, or -1 with err
 * and errno, t closed.
 *
 * A DTLS server's side (udp-serve --tls, listen -u --tls): a struct
 * stack_dtls is a listener over the unconnected socket fd, a session of
 * sc that answers each ClientHello without a valid cookie with a
 * HelloVerifyRequest and forgets it.  stack_dtls_open makes it (0, or
 * -1 with err), stack_dtls_close frees it (fd stays open),
 * stack_dtls_renew makes it afresh, nothing of the last peer kept (0,
 * or -1 with err).  stack_dtls_wait reads the datagrams waiting: 1 when
 * a ClientHello came back with its cookie, its sender in *peer, the
 * listener then in that peer's handshake; 0 when no more are waiting;
 * -1 with err (a datagram that is no DTLS: renew it).  stack_dtls_step
 * is one step of that handshake on the listener's socket (the rest of a
 * hello sent in fragments), 0 or -1 with err.  stack_push_dtls moves
 * the peer's handshake onto c as its TLS layer, a step of the chain's
 * (conn_step, conn_handshake): over c's descriptor, a socket of the
 * peer's own, connected to it, or fd itself once connected to the peer.
 * The listener then holds no session (stack_dtls_renew for the next);
 * 0, or -1 with err and errno, the session freed.
 */
#ifndef NET_STACK_H
#define NET_STACK_H

#include <stddef.h>

struct addrinfo;
struct conn;
struct net_opts;
struct proxy;
struct proxy_tunnel;
struct sockaddr_storage;
struct server_conn;
struct starttls_opts;
struct tls_client_opts;
struct tls_conn;
struct tls_server_ctx;

struct stack_dial {
	const char	*host, *port;	/* the far end */
	const char	*path;		/* or a UNIX stream socket */
	struct addrinfo	*res;		/* host's addresses, resolved once
					 * already; NULL: resolve now */
	const struct net_opts *no;	/* -4 -6 -n -s -p */
	const struct proxy *px;		/* through this proxy, or NULL */
	int		 step_ms;	/* the dial steps' time limit, and
					 * each layer's above them from its
					 * first step (conn.h); 0: none */
	int		 pp_version;	/* the PROXY header first: 1 or 2;
					 * 0: none */
	const struct server_conn *pp_conn;	/* whose peer it names */
	const struct starttls_opts *starttls;	/* or NULL */
	const struct tls_client_opts *tls;	/* or NULL */
};

struct stack_dtls {
	struct tls_conn	*t;		/* cookies, then a peer's handshake */
	struct tls_server_ctx *sc;
	int		 fd;		/* the unconnected socket */
};

int	stack_open(struct conn *c, const struct stack_dial *d, char *via,
	    size_t viasz, char *err);
int	stack_push(struct conn *c, const struct stack_dial *d, char *err);
int	stack_push_proxy(struct conn *c, const struct proxy_tunnel *t,
	    char *err);
int	stack_push_pp(struct conn *c, int version,
	    const struct server_conn *for_conn, char *err);
int	stack_push_tls_hs(struct conn *c, struct tls_conn *t, char *err);
int	stack_push_tls_server(struct conn *c, struct tls_server_ctx *sc,
	    char *err);
int	stack_accept_tls(struct conn *c, struct tls_server_ctx *sc, int ms,
	    char *err);
int	stack_dtls_open(struct stack_dtls *l, int fd, struct tls_server_ctx *sc,
	    char *err);
void	stack_dtls_close(struct stack_dtls *l);
int	stack_dtls_renew(struct stack_dtls *l, char *err);
int	stack_dtls_wait(struct stack_dtls *l, struct sockaddr_storage *peer,
	    char *err);
int	stack_dtls_step(struct stack_dtls *l, char *err);
int	stack_push_dtls(struct conn *c, struct stack_dtls *l, char *err);

#endif /* NET_STACK_H */
