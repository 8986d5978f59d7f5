/*
 * udpfwd.h: the UDP forwarder of udp-serve --to.
 *
 * Layer: core, included by cmd/udp-serve/udp_serve.c.
 *
 * udpfwd_run serves the bound UDP socket lfd until SIGINT, SIGTERM or
 * SIGHUP, in one process and one poll loop.  Each client address (IP
 * and port) gets a session: a UDP socket of its own connected to the
 * target, so the target's replies come back on it and no other client's
 * can.  A datagram from the client goes out on its session's socket; a
 * reply goes back to the client from lfd, so the client hears the
 * address it sent to.  Datagrams keep their boundaries, from 0 bytes to
 * the largest UDP carries.  A session ends after idle_ms without a
 * datagram either way; when max_sessions are open and a new client
 * comes, the session idle longest is closed for it.  A new client is
 * screened first by the access lists of acl (listen's --allow and
 * --deny) and its IP's sessions against acl->max_per_peer; one refused
 * has its datagrams dropped.  A datagram whose source is the target
 * itself (any of targets' addresses, or for a target on this host any
 * of this host's, with the target's port) is dropped before any of
 * that: a session for it would hand the target's replies back to the
 * target, and its answers back to us, for ever.  Out of descriptors
 * (EMFILE, ENFILE), a new client's socket takes one that a closed
 * session held, or else the idlest session's.  An ICMP error from the target (port
 * unreachable: ECONNREFUSED on a session's socket) ends nothing: the
 * target may come back.  Datagrams move in batches (net/dgram.c): on
 * Linux a client's run of one size goes to the target as one buffer the
 * kernel cuts, and the target's replies are taken and sent back so too;
 * elsewhere one datagram a call.
 *
 * Like all of the core it neither prints nor exits: what happens to a
 * session reaches the command as a struct udpfwd_event through the
 * callback, the command says it.  The events of every session come only
 * with verbose; UDPFWD_EV_READY, once the stop signals are caught (the
 * moment to say "listening on"), and the failures (UDPFWD_EV_NOSESSION,
 * UDPFWD_EV_SEND) always.  Those that may repeat thousands of times a
 * second (the failures, UDPFWD_EV_LOOP) come at most once a second
 * each, with how many there were since.
 */
#ifndef UDPFWD_H
#define UDPFWD_H

#include <sys/types.h>
#include <sys/socket.h>

#include <stdint.h>

#define UDPFWD_IDLE_MS		60000	/* the default for -i: 60 s */
#define UDPFWD_MAX_SESSIONS	1024	/* the default for -m */

struct addrinfo;
struct server_opts;

enum udpfwd_event_kind {
	UDPFWD_EV_READY,	/* set up, signals caught: serving (peer
				 * NULL); always */
	UDPFWD_EV_OPEN,		/* a session for a new client */
	UDPFWD_EV_IDLE,		/* closed: idle for idle_ms */
	UDPFWD_EV_EVICT,	/* closed, the idlest, for a new client;
				 * n: the sessions open */
	UDPFWD_EV_DENIED,	/* a new client refused by the access lists */
	UDPFWD_EV_FULL,		/* a new client refused: n sessions from
				 * its IP already */
	UDPFWD_EV_REFUSED,	/* the target refused a datagram (ICMP);
				 * said once until it answers again */
	UDPFWD_EV_NOSESSION,	/* no socket for a new client: error; n
				 * such since the last told */
	UDPFWD_EV_SEND,		/* a datagram lost on its way: error; n
				 * such since the last told */
	UDPFWD_EV_LOOP		/* datagrams from the target dropped, n
				 * since the last told */
};

struct udpfwd_event {
	enum udpfwd_event_kind	 kind;
	const char		*peer;	/* the client: "ADDR port N" */
	int			 n;
	int			 error;	/* errno, for the failures */
};

struct udpfwd_opts {
	int		 idle_ms;	/* > 0 */
	/* the target's addresses, to's first (NULL: to alone) */
	const struct addrinfo *targets;
	int		 max_sessions;	/* >= 1 */
	/* allow, deny, max_per_peer (0: no limit); the rest unused */
	const struct server_opts *acl;
	int		 verbose;	/* the events of every session too */
	void		(*event)(const struct udpfwd_event *ev, void *arg);
	void		*arg;
};

int	udpfwd_run(int lfd, const struct sockaddr *to, socklen_t tolen,
	    const struct udpfwd_opts *o, char *err);

#endif /* UDPFWD_H */
