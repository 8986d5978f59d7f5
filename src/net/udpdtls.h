/*
 * net/udpdtls.h: udp-serve --tls, a DTLS server for many peers at once
 * on one bound UDP port.  Core: never prints, never exits.
 *
 * udpdtls_run serves lfd until SIGINT or SIGTERM (then every session
 * gets a close_notify and it returns 0).  A ClientHello without a valid
 * cookie is answered with a HelloVerifyRequest from lfd and forgotten
 * (tls_dtls_listen: stateless, so a spoofed source costs a datagram and
 * no state); one that comes back with the cookie, from a sender the
 * access lists of o->acl let in, gets a session: a UDP socket of its
 * own bound to lfd's address and port and connected to the peer (the
 * kernel hands the peer's datagrams to the connected socket), its DTLS
 * connection moved onto it, the handshake within UDPDTLS_HS_MS.  Each
 * record of the peer is then answered as o->mode says: echoed, printed
 * to standard output, answered "Hello, DATA!", or with o->to sent as a
 * datagram to the target from a socket of the session's own, whose
 * replies go back as records.  A session ends at the peer's
 * close_notify, after o->idle_ms without a record (our close_notify
 * then), or on a failure; with o->max_sessions open, or out of
 * descriptors (EMFILE, ENFILE), a new peer ends the idlest.  What happens reaches the command through o->event.  Returns
 * 0, or -1 with err (empty when the reader of standard output left).
 */
#ifndef UDPDTLS_H
#define UDPDTLS_H

#include <sys/types.h>
#include <sys/socket.h>

#include <stddef.h>

#define UDPDTLS_HS_MS	10000	/* a session's handshake */

struct server_opts;
struct tls_server_ctx;

enum udpdtls_event_kind {
	UDPDTLS_EV_READY,	/* serving (peer NULL) */
	UDPDTLS_EV_OPEN,	/* a session's handshake done: why names
				 * the version and cipher */
	UDPDTLS_EV_RECORD,	/* a record of n bytes came */
	UDPDTLS_EV_END,		/* closed by the peer's close_notify */
	UDPDTLS_EV_IDLE,	/* closed: idle */
	UDPDTLS_EV_EVICT,	/* closed, the idlest of n, for a new peer */
	UDPDTLS_EV_AGAIN,	/* closed: the peer began a new one */
	UDPDTLS_EV_FAIL,	/* closed: why */
	UDPDTLS_EV_DENIED,	/* refused by the access lists */
	UDPDTLS_EV_NOSESSION	/* no socket for a new peer: error; n such
				 * since the last told (once a second) */
};

struct udpdtls_event {
	enum udpdtls_event_kind kind;
	const char	*peer;
	int		 n;
	int		 error;
	const char	*why;
};

struct udpdtls_opts {
	int		 mode;		/* UDPSERVE_HELLO, _ECHO, _PRINT */
	const struct sockaddr *to;	/* --to: the target, or NULL */
	socklen_t	 tolen;
	struct tls_server_ctx *sc;
	int		 idle_ms;	/* > 0 */
	int		 max_sessions;	/* >= 1 */
	const struct server_opts *acl;
	int		 verbose;	/* RECORD and the sessions' events */
	void		(*event)(const struct udpdtls_event *ev, void *arg);
	void		*arg;
};

int	udpdtls_run(int lfd, const struct udpdtls_opts *o, char *err);

#endif /* UDPDTLS_H */
