/*
 * net/udpserve.h: udp-serve's own modes on a bound UDP socket: --hello
 * answers each datagram "Hello, NAME!", --echo sends it back, --print
 * writes it to standard output; every peer answered at its address.
 *
 * udpserve_run takes datagrams in batches (net/dgram.c) until count of
 * them (-1: for ever) or a failure.  A peer the access lists of acl
 * refuse has its datagrams dropped and counted for nothing.  What
 * --hello and --echo never answer (net/udpguard.h: a service's port,
 * their own address, a loop, past rate replies a second to one address)
 * is counted but not answered.  With verbose each datagram, each
 * refusal, each reply that failed and, at most once a second a reason,
 * the datagrams not answered reach the command as a struct
 * udpserve_event through the callback, the command says it; a failed
 * reply is no error.  Like all of the core it
 * neither says nor exits.
 */
#ifndef UDPSERVE_H
#define UDPSERVE_H

#include <sys/types.h>
#include <sys/socket.h>

#include <stddef.h>

struct addrinfo;
struct mcast_spec;
struct net_opts;
struct server_opts;

enum udpserve_mode { UDPSERVE_HELLO, UDPSERVE_ECHO, UDPSERVE_PRINT };

enum udpserve_event_kind {
	UDPSERVE_EV_DATAGRAM,	/* a datagram of len bytes came */
	UDPSERVE_EV_REFUSED,	/* a datagram refused by the access list */
	UDPSERVE_EV_REPLY,	/* a reply failed: error */
	UDPSERVE_EV_DROPPED	/* n datagrams not answered since the last
				 * told, this one's reason why (enum
				 * udpguard_why) */
};

struct udpserve_event {
	enum udpserve_event_kind kind;
	const char	*peer;		/* its label (net_addr_label) */
	size_t		 len;
	int		 error;
	int		 why;
	long long	 n;
};

struct udpserve_opts {
	enum udpserve_mode mode;
	int		 verbose;	/* the events */
	const struct server_opts *acl;	/* --allow, --deny */
	long long	 count;		/* datagrams to take; -1: no limit */
	int		 rate;		/* replies a second to an address; 0:
					 * no limit */
	void	(*event)(const struct udpserve_event *ev, void *arg);
	void		*arg;
};

/* Which step failed, for the command to say. */
#define UDPSERVE_RECEIVE	1
#define UDPSERVE_STDOUT		2

int	udpserve_run(int fd, const struct udpserve_opts *o, int *step);

/*
 * udp-serve --to, before udpfwd_run (udpdtls_run with --tls): the soft
 * limit of open files raised toward the hard one for per descriptors a
 * session, and how many sessions fit under it, UDPSERVE_FD_SPARE kept
 * for the listener, stdio, epoll and a TLS library's: sessions, or
 * fewer (1 at least) with the limit in *limit (else -1); whether the
 * target to comes back to the listening socket fd: NULL, or why (the
 * socket itself; a group it joined, of the njoined in joined, on its
 * own port: our copy loops back to it); the target,
 * host and port, resolved once, its addresses into *res (the first is
 * the target; freeaddrinfo them) and its name into label (size bytes;
 * "the target" when it has none), 0 or -1 with err.
 */
#define UDPSERVE_FD_SPARE	16

int	udpserve_fd_room(int sessions, int per, long long *limit);
const char *udpserve_loops(int fd, const struct sockaddr *to,
	    const struct mcast_spec *joined, size_t njoined);
int	udpserve_target(const char *host, const char *port,
	    const struct net_opts *no, struct addrinfo **res, char *label,
	    size_t size, char *err);

#endif /* UDPSERVE_H */
