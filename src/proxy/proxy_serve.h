/*
 * proxy/: the proxy servers of listen --serve-proxy.  Engine: never
 * prints, never exits.  May use net, parse and util.
 *
 * proxy_serve.h: a proxy server's side of one connection: the SOCKS5
 * (RFC 1928, RFC 1929) or HTTP proxy handshake with the client, the
 * onward dial within the rules, the reply.  Core: never prints, never
 * exits.  parse/socks_serve.h and parse/http_proxy.h are the protocols;
 * this file moves their bytes.
 *
 * The client is an endpoint (net/conn.h): its socket, TCP or UNIX, with
 * TLS above it when the client spoke TLS to us (an HTTPS proxy, as curl
 * calls it); every byte to and from it goes through the endpoint, whose
 * socket these make non-blocking.  The onward connections are endpoints
 * too, built by net/stack.c's dial (stack_open, as connect --proxy's):
 * the socket, and through ps->px the proxy's handshake a layer above it;
 * every byte to and from an origin goes through them.
 *
 * A client that is not on loopback (ps->stranger: not 127/8, ::1 nor a
 * UNIX socket's, after a PROXY header its client) is served only when
 * ps->open (--allow screened it at the accept) or ps->user (it must
 * give the credentials): else its request is read and refused as its
 * protocol refuses one (SOCKS5 reply 2 after its greeting is answered,
 * HTTP 403), pc->stranger set.  Nor does it reach this host or its
 * links (net_addr_inward; through ps->px the names localhost and
 * *.localhost) unless an entry of ps->to names the place
 * (proxy_to_names).  ps->deny's entries are refused to every client.
 *
 * pserve_run(c, ps, pc, fc): c is an accepted SOCKS5 client (kind
 * PSERVE_SOCKS5; an HTTP one goes to pserve_http).  It reads the
 * client's request within ps->hs_ms, checks the credentials if
 * ps->user is set, resolves the destination (with ps->dial's family
 * and -n), lets through only the addresses the rules above and ps->to
 * allow (all when ps->nto is 0), judged as resolved, so what is judged
 * is what is dialed, and never the proxy itself (the address and port
 * it listens on, ps->bound as pserve_listener(ps, lfd) read it from the
 * listener, or for a wildcard bind any address of this host's with that
 * port: a proxy asked to reach itself would loop), dials within
 * ps->dial->timeout_ms (through ps->px if set), and answers the client.  What the client sent after
 * its request (pipelined data, an HTTP request's body) goes onward, so
 * on success the two only remain to be relayed (what TLS holds past the
 * request stays in c, for the relay to read), and what a chained proxy
 * sent after its reply goes to the client.  Each answer to
 * the client gets ps->hs_ms of its own, however long the dial took.
 * Returns 0 with
 * fc the onward endpoint (its socket blocking), or -1 with pc->err filled and, when the
 * client was answered, pc->code the SOCKS5 reply or HTTP status sent
 * (PSERVE_AUTH_FAIL: RFC 1929's failure status; -1 when it was not
 * answered: it spoke no protocol, went away or was slow).
 * pc->target names the destination asked for ("example.org port 80",
 * empty before the request is read; pc->host and pc->port its parts),
 * pc->code 0 or 200 on success; pc->user the user authenticated,
 * pc->method "CONNECT", pc->up and pc->down the bytes moved so far
 * each way (the tunnel's relay adds its own), pc->t0 its start.
 *
 * pserve_http(c, ps, pc, fc): c is an accepted HTTP proxy client, whose
 * connection persists (RFC 9112 section 9.3) while it and the origin
 * servers' framing allow: each request is read within ps->hs_ms (a
 * client silent that long between two requests is closed quietly),
 * checked (the credentials, the rules, all for each request), sent on
 * in origin-form over a connection to its origin server that is kept
 * for the next request to that origin (PSERVE_UPSTREAMS at most, the
 * one used longest ago closed first), and answered with the origin's
 * response, hop-by-hop fields replaced, "Via: 1.1 host:port" added both
 * ways, only canonical HTTP/1.1 passed on (parse/http_proxy.h: the
 * framing written anew, a chunked body too, decoded for an HTTP/1.0
 * client; a request whose Via names us is a loop, 508; OPTIONS and
 * TRACE with Max-Forwards: 0 answered here).  The origin's silence past
 * ps->idle_ms (-1: none) before its response is a 504; within a body,
 * either side's silence past ps->idle_ms, or without it ps->hs_ms, ends
 * the connection.  Each request answered, forwarded (pc->err empty, pc->code
 * the origin's status) or refused (pc->code the status sent, pc->err
 * why), is told to ps->said as it ends.  A CONNECT request, answered
 * 200, makes the connection a tunnel: 0, its onward endpoint in fc as
 * pserve_run's (not told to ps->said).  Otherwise returns -1 once the
 * connection ends, with pc->code -1 and pc->err why, empty when it
 * ended as a persistent connection may (the client closed or was
 * silent between requests, or the framing asked for it).  Each request
 * told has its own pc->t0, pc->up (its head and body as sent on) and
 * pc->down (the response's, as sent back); one that failed once on its
 * way (its answer begun, or the client gone within its body) is told
 * with pc->relayed set.
 */
#ifndef PROXY_SERVE_H
#define PROXY_SERVE_H

#include <sys/socket.h>

#include <stddef.h>

#include "parse/proxyto.h"
#include "parse/socks.h"
#include "util/base.h"

struct conn;
struct net_opts;
struct pserve_conn;

enum pserve_kind {
	PSERVE_SOCKS5,
	PSERVE_HTTP
};

struct hs;
struct socks5_req;

struct pserve {
	int		 kind;		/* enum pserve_kind */
	/*
	 * The credentials asked for, or NULL: each PROXY_USERLEN bytes,
	 * zero after the string (compared whole, in constant time)
	 */
	const char	*user;
	const char	*pass;
	const struct proxy_to *to;	/* where clients may go; */
	size_t		 nto;		/* 0: anywhere but here */
	const struct proxy_to *deny;	/* where they may not (deny wins) */
	size_t		 ndeny;
	int		 open;		/* a stranger (below) may be served
					 * without a password: --allow, or
					 * --tls-verify-client's certificate */
	int		 stranger;	/* this client is not on loopback */
	int		 hdr_any;	/* a PROXY header from any peer
					 * (no --proxy-from) names it */
	const struct net_opts *dial;	/* the onward dial */
	const struct proxy *px;		/* onward through it, or NULL */
	int		 hs_ms;		/* the request within */
	int		 idle_ms;	/* HTTP: an origin silent; -1 none */
	/* HTTP: each request answered, as it ends */
	void		(*said)(const struct pserve_conn *pc, void *arg);
	void		*said_arg;
	/*
	 * SOCKS5's BIND and UDP ASSOCIATE (pserve_assoc), or NULL: answered
	 * 7, command not supported.  Plugged in by the caller, not called
	 * by name: proxy_assoc.c stands on proxy_serve.c's handshake, and
	 * proxy_serve.c calling it back made the two a circle.
	 */
	int		(*assoc)(struct hs *h, const struct socks5_req *rq,
			    struct conn *oc);
	/* the listener's address (pserve_listener), or ss_family 0 */
	struct sockaddr_storage bound;
	int		 bound_v6only;	/* and it takes no IPv4 */
};

#define PSERVE_UPSTREAMS	4	/* HTTP: origin connections kept */

struct pserve_conn {
	int		 code;		/* SOCKS5 reply, HTTP status */
#define PSERVE_AUTH_FAIL 0x101		/* ... or RFC 1929's status 1 */
	int		 relayed;	/* the destination's answer began:
					 * a failure after it is no refusal */
	int		 stranger;	/* refused as a stranger */
	char		 method[32];	/* the request's method, CONNECT */
	char		 target[SK_HOSTLEN + 16];
	char		 host[SK_HOSTLEN];	/* the target's host, */
	int		 port;			/* and port */
	const char	*user;		/* authenticated as, or NULL */
	long long	 t0;		/* the request's start, mono_ms() */
	unsigned long long up, down;	/* bytes to the destination, and
					 * from it to the client */
	/* UDP ASSOCIATE: datagrams each way, those dropped (another
	   source, a fragment, a bad header, the rules), destinations */
	unsigned long long dg_up, dg_down, dropped;
	unsigned	 dsts;
	char		 err[SK_ERRLEN];
};

void	pserve_listener(struct pserve *ps, int lfd);
int	pserve_run(struct conn *c, const struct pserve *ps,
	    struct pserve_conn *pc, struct conn *fc);
int	pserve_http(struct conn *c, const struct pserve *ps,
	    struct pserve_conn *pc, struct conn *fc);

/*
 * pserve_assoc: SOCKS5's BIND and UDP ASSOCIATE (proxy_assoc.c), for
 * struct pserve's assoc: UDP answers and relays the association to its
 * end (1, or -1 with pc->err, answered); BIND answers twice (0 with oc
 * the peer's connection, or -1 with pc->err).
 */
int	pserve_assoc(struct hs *h, const struct socks5_req *rq,
	    struct conn *oc);

#endif /* PROXY_SERVE_H */
