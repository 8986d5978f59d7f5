/*
 * serve/forward.h: listen's forwarder (--to, --to-unix): each client's
 * child dials onward as the options say and relays the two endpoints both
 * ways, then ends both gracefully; the tunnels of --serve-proxy end
 * through the same relay.  Core: never prints, never exits; what
 * happens is told as events (struct forward_event) for the command to
 * word, as the server's are.
 *
 * forward_resolve resolves --to once, in the server, when it is an
 * address literal and no proxy takes it as given: getaddrinfo is most of
 * what a short connection's child runs.  A name is resolved per
 * connection, as its addresses may change while the forwarder runs.
 * forward_free frees what it resolved.  forward_loops: would --to (every
 * address its host has now) reach the listener lfd itself, whose
 * clients' dials would come back to it as new clients for ever
 * (net/self.c)?  1 or 0.
 *
 * forward_serve is the child of client c, whose endpoint cc is its socket,
 * TLS above it or none, and which it ends: first the onward endpoint,
 * the dial steps within -w (--to-unix, or --to through --proxy), then
 * the PROXY header, then TLS (--to-tls), each within -w.  The PROXY
 * header goes onward before the TLS handshake, as nginx's "listen ...
 * ssl proxy_protocol" and haproxy's "send-proxy" with "ssl" have it.  A
 * failure is told (FORWARD_EV_REFUSED) and the client reset, who must not
 * take it for an empty answer, or with --ws answered 502, a gateway's
 * way (ws_side_refuse).  Then the relay of the two (forward_pipe), or
 * where a side speaks WebSocket (f->ws) ws/ws_side.c's bridge in its
 * place: ws_side_near for --ws, ws_side_far for --to ws://; the
 * bytes a proxy sent past its reply wait in the onward endpoint and
 * reach the client first, but a far side whose bridge speaks first
 * cannot take them: the client is reset.  Returns the child's exit
 * status.
 *
 * forward_pipe relays client c, through its endpoint cc, and the
 * endpoint fc both ways until both are done, each EOF passed on as a
 * half-close (close_notify on a TLS side), then ends both gracefully;
 * far names fc's end; moved, unless NULL, gets the bytes written to the
 * client [0] and to fc [1].  A failure is told (FORWARD_EV_FAILED), but an
 * idle client's end only with verbose, as a server closes it quietly.
 * Returns the child's exit status.
 */
#ifndef SERVE_FORWARD_H
#define SERVE_FORWARD_H

#include "util/base.h"

struct addrinfo;
struct conn;
struct net_opts;
struct proxy;
struct server_conn;
struct tls_client_opts;
struct tls_info;
struct ws_side;

enum forward_event_kind {
	FORWARD_EV_REFUSED,	/* not forwarded: why */
	FORWARD_EV_RESET,	/* verbose: the client reset on purpose: why */
	FORWARD_EV_FORWARDED,	/* verbose: to far, through the proxy via
				 * ("": none) */
	FORWARD_EV_TLS,		/* verbose: the TLS session to far: tls */
	FORWARD_EV_FAILED,	/* the relay failed: why, the peer named */
	FORWARD_EV_DONE		/* verbose: both sides done with far */
};

struct forward_event {
	enum forward_event_kind	 kind;
	const char		*peer;	/* the client's label */
	const char		*far;
	const char		*via;
	const char		*why;
	const struct tls_info	*tls;
};

struct forward {
	const char	*host, *port;	/* --to */
	const char	*path;		/* --to-unix, or NULL: --to */
	const struct proxy *px;		/* --proxy, or NULL */
	const struct net_opts *dial;	/* -4 -6 -n -s -w onward */
	struct addrinfo	*res;		/* host's addresses, resolved once */
	int		 pp_version;	/* --proxy-protocol: 1 or 2; 0 */
	const struct tls_client_opts *tls;	/* --to-tls, or NULL */
	char		 label[SK_HOSTLEN + SK_PORTLEN + 8];
					/* names the far side in events */
	int		 idle_ms;	/* -i, or -1 */
	int		 no_shutdown;	/* --no-shutdown: the client's EOF
					 * is not passed on */
	int		 verbose;
	const struct ws_side *ws;	/* a side that speaks WebSocket, or
					 * NULL: the relay of bytes */
	int		 ws_far;	/* it is fc's (--to ws://), not the
					 * client's (--ws) */
	void		(*event)(const struct forward_event *ev, void *arg);
	void		*arg;
};

void	forward_resolve(struct forward *f);
int	forward_loops(const struct forward *f, int lfd);
void	forward_free(struct forward *f);
int	forward_serve(const struct forward *f, const struct server_conn *c,
	    struct conn *cc);
int	forward_pipe(const struct forward *f, const struct server_conn *c,
	    struct conn *cc, struct conn *fc, const char *far,
	    unsigned long long *moved);

#endif /* SERVE_FORWARD_H */
