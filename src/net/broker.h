/*
 * broker.h: the connection broker of listen --broker and --chat.
 *
 * Layer: core, included by cmd/listen/listen.c.
 *
 * broker_run serves every client in one process with one poll loop on
 * non-blocking sockets, no child per connection: each byte a client
 * sends goes to every other client, never back to it.  Per sender the
 * order is kept exactly; between senders a client sees the others'
 * reads (broker) or lines (chat) interleaved as they came.
 *
 * Each client has an output queue of at most queue_max bytes, for what
 * its socket would not take at once.  A client that keeps reading holds
 * the senders back (backpressure: the broker stops reading from them
 * while some reader's queue is more than half full), so nobody who keeps
 * up loses a byte.  A client that stops reading holds them back for
 * BROKER_STALL_MS at most: then the others go on, its queue fills, and
 * it is dropped (BROKER_EV_DROP), never stalling the rest for longer.
 *
 * A client's end of file (a TCP half-close) is its leave, as with ncat:
 * everything it sent has gone to the others by then; it gets what is
 * queued for it already, nothing after, and is closed, so a one-shot
 * "echo hi | sockt connect" ends at once.  If its socket takes nothing
 * of that queue for BROKER_STALL_MS it is dropped (BROKER_EV_DROP),
 * never holding its slot on.  A client that only listens keeps its
 * sending side open (connect --no-shutdown).
 *
 * --chat cuts each client's bytes into lines (parse/chat.h), sends each
 * whole line to the others as "<userN> LINE" with the control bytes
 * escaped, a partial line at its end of file too, and announces joins
 * and leaves with ncat's words; N counts the clients from 1 and is never
 * reused while the broker runs.
 *
 * With tls (tls/tls.h) every client is served over TLS: its handshake
 * runs a step at a time in the same loop, within tls_ms of its accept;
 * it joins (BROKER_EV_JOIN, and with --chat its announcement) only once
 * the handshake is done (BROKER_EV_TLS), and one that fails or runs out
 * of time is closed alone (BROKER_EV_TLS_FAIL), never stalling the rest.
 * Reading, writing, the queues, the backpressure and the drop are the
 * same over TLS; a close_notify, like a TCP end of file, is a client's
 * leave, and the broker answers with its own before it closes.
 *
 * With so->proxy_hdr (listen --accept-proxy-protocol) each client's PROXY
 * header is read a step at a time in the same loop, within so->proxy_ms
 * of its accept and before its TLS handshake or its gateway, never
 * waiting on it; the client it names is then screened as below, and one
 * without a valid header is closed alone (BROKER_EV_HDR_FAIL).  Until
 * then it gets nothing and counts under its real peer for max_per_peer
 * (but for a sender so->pp_from names); a peer so->pp_from does not name
 * is reset at the accept (BROKER_EV_NOTFROM).
 *
 * so gives the screening as server_run's: allow, deny, max_per_peer
 * (more from one address are reset), and max_children, the most clients
 * at once (more are reset: they are not held in the backlog, where a
 * broker's client would wait unseen).  SIGINT, SIGTERM or SIGHUP ends
 * the loop; every client is closed and broker_run returns 0, or -1 with
 * err filled when it cannot go on.  Like all the core it never prints:
 * what happens reaches the command through the event callback.
 */
#ifndef BROKER_H
#define BROKER_H

#include <stddef.h>

#include "net/server.h"

struct tls_conn;
struct tls_server_ctx;

#define BROKER_QUEUE_MAX	(1024 * 1024)	/* a client's queue */
#define BROKER_STALL_MS		2000	/* a non-reader holds the rest back */

enum broker_event_kind {
	BROKER_EV_JOIN,		/* a client came in, numbered id */
	BROKER_EV_LEAVE,	/* it left: end of file (error 0) or an
				 * error reading or writing (errno) */
	BROKER_EV_DROP,		/* dropped: its queue was full (n bytes)
				 * and it did not read */
	BROKER_EV_DENIED,	/* refused by the access lists */
	BROKER_EV_FULL,		/* refused: n connections from its address */
	BROKER_EV_NOTFROM,	/* refused: not a trusted sender of the
				 * PROXY header (so->pp_from) */
	BROKER_EV_MAX,		/* refused: n clients already (-m) */
	BROKER_EV_ACCEPT,	/* accept ran out of resources (errno); the
				 * broker retries shortly */
	BROKER_EV_TLS,		/* its TLS handshake is done (tls) */
	BROKER_EV_TLS_FAIL,	/* its TLS handshake failed (why; error
				 * ETIMEDOUT when it ran out of time) */
	BROKER_EV_HDR_FAIL	/* no valid PROXY header (why) */
};

struct broker_event {
	enum broker_event_kind	 kind;
	const char		*peer;	/* "ADDR port N"; NULL for ACCEPT */
	unsigned long		 id;	/* JOIN, LEAVE, DROP */
	size_t			 n;
	int			 error;
	const char		*why;	/* TLS_FAIL, or a LEAVE's TLS error;
					 * else NULL */
	struct tls_conn		*tls;	/* TLS: the client's session */
};

struct broker_opts {
	const struct server_opts *so;	/* screening and limits (above) */
	int		 chat;		/* lines, prefixes, announcements */
	size_t		 queue_max;	/* 0: BROKER_QUEUE_MAX */
	struct tls_server_ctx *tls;	/* TLS for every client, or NULL */
	int		 tls_ms;	/* a handshake's time limit */
	void		(*event)(const struct broker_event *ev, void *arg);
	void		*arg;
	/*
	 * A gateway per client, or NULL: called with each client that
	 * passed the screening, it returns the descriptor the broker
	 * serves in the client's place (a socketpair to a child that
	 * speaks the client's protocol: listen --ws), having closed fd,
	 * or -1 (fd closed, the failure said by the hook).  With it, TLS
	 * is the gateway's business: tls is NULL.
	 */
	int		(*wrap)(int fd, const struct server_conn *sc,
			    void *arg);
	void		*wrap_arg;
};

int	broker_run(int lfd, const struct broker_opts *bo, char *err);

/*
 * broker_gateway: the process of a wrap hook.  A socketpair, and a
 * grandchild (its parent exits at once and is reaped here, so no
 * gateway is ever our zombie) that holds the client's fd and its end of
 * the pair, no other descriptor, and ends with serve's value as its
 * exit status.  Returns the broker's end, or -1 with errno (*forked:
 * whether the socketpair was made and the fork failed); fd is closed
 * either way.
 */
int	broker_gateway(int fd, const struct server_conn *sc,
	    int (*serve)(int fd, int end, const struct server_conn *sc,
	    void *arg), void *arg, int *forked);

#endif /* BROKER_H */
