/*
 * server.h: the fork-per-connection server of listen and serve-hello.
 *
 * Layer: core, included by the commands that serve connections
 * (cmd/listen/listen.c, cmd/serve-hello/serve_hello.c) and by exec.c.
 *
 * server_run is a blocking accept loop: every accepted connection is
 * screened by the allow/deny lists, then served by its own child, either
 * a fork of sockt running a callback or a program the command starts on
 * the connection.  Children are reaped as they exit, at most max_children
 * live at once (further clients wait in the listen backlog), at most
 * max_per_peer of them for one peer address (more are reset at once;
 * by default a fair share, server_settle), and
 * SIGINT, SIGTERM or SIGHUP stops the loop, ends the children and returns
 * 0.  Each child leads its own process group, and it is the group that
 * the stop signals, so whatever a program started ends with it.
 * server_accept_one is the accept-and-screen step on its own, for a
 * command that serves one connection itself (listen without -k).
 * server_accept_wait takes that one connection within ms (0: no limit)
 * for the whole wait, refused peers included; with proxy_hdr its PROXY
 * header too, within proxy_ms and the time left: a connection without a
 * valid one is one more refused.  Returns 0 with c, or -1 with errno
 * (ETIMEDOUT after ms).
 * server_reset closes a connection with a reset (SO_LINGER 0), for a
 * client that must see a failure, not an empty answer.
 * With proxy_hdr the header is read where the connection is served,
 * its child (before serve) or the one process of listen's relay mode
 * (server_accept_wait; c->late_fd -1), within proxy_ms, and applied to
 * c; what it said is told through the event callback (SERVER_EV_HEADER
 * with verbose, SERVER_EV_NOHEADER).  Without a valid header the
 * server counts the connection as never served (a one-connection
 * server waits for the next); else c's peer is screened as the accept
 * screens without proxy_hdr, the refusals told through the event
 * callback (by the server, for a child), and a refused c closed (reset
 * but for a peer the lists refuse).
 * server_sigs_set and server_ppoll are a server loop's signals and its
 * wait (server.c's, the broker's): the signals blocked but while it
 * waits, atomically (ppoll, or pselect where there is none), so one
 * that comes just before the wait still ends it.
 * server_peer_allowed says whether so's allow and deny lists let an
 * address in (1) or not (0), for a server of another shape that takes
 * the same lists (udp-serve, its forwarder in udpfwd.c).
 * server_pp_trusted says whether pp_from names an address: 1, 0, or -1
 * when there is no pp_from (every peer may send the header).
 * server_settle makes so's limits what a server on lfd applies, before
 * it runs (server_run and the broker call it on a copy): where the
 * server itself holds per_slot descriptors for each slot, the soft
 * RLIMIT_NOFILE is raised toward the hard one and max_children lowered
 * to what fits beside SERVER_FD_SPARE (SERVER_EV_SLOTS with verbose);
 * then max_per_peer's default, SERVER_SHARE, becomes a number: max(1,
 * max_children / SERVER_SHARE_DIV) for every peer that is not this host
 * (net_addr_loopback; peer_exempt set: loopback peers are not counted),
 * said with verbose (SERVER_EV_SHARE), or 0 where the share could count
 * no one (once, a listener on loopback or a UNIX socket), which
 * server_share_on(so, lfd) tells before (0) as the pool needs to know.
 * server_say_due: a repeated failure said at most once a second, 1 when
 * it is due (*last, 0 at first, set to now), else 0.
 *
 * Like all of the core, the server neither prints nor exits.  What it
 * cannot return without stopping (a refused peer, a child's end, a failed
 * accept or fork) reaches the command as a struct server_event through
 * the event callback, and the command says it.
 *
 * The one exception to "never exits", for the whole core: a child forked
 * to serve a connection (here) or to run a scan worker (scan.c) ends with
 * _exit(2) once its work is done.  It must not return into the command
 * that forked it, nor run the parent's atexit handlers or flush stdio
 * buffers it inherited; its exit status is its result.
 */
#ifndef SERVER_H
#define SERVER_H

#include <sys/types.h>
#include <sys/socket.h>

#include <poll.h>
#include <signal.h>
#include <stddef.h>

#include "parse/cidr.h"

struct proxyhdr;

#define SERVER_MAX_CHILDREN	100	/* the default for -m */
#define SERVER_MAX_LIMIT	100000	/* the largest -m accepted */
#define SERVER_SHARE		(-1)	/* max_per_peer's default */
#define SERVER_SHARE_DIV	4	/* the share: a quarter of the slots */
#define SERVER_FD_SPARE		32	/* descriptors beside the slots' */
#define SERVER_SAY_MS		1000	/* a repeated failure, said again */
#define SERVER_ADDRLEN		64	/* an IPv6 address in text, and more */
#define SERVER_LABELLEN		(SERVER_ADDRLEN + 16)	/* "ADDR port N" */

/* One accepted connection, as a child or a spawn callback sees it. */
struct server_conn {
	int			 fd;		/* the connection, blocking
						 * unless so->nonblock */
	struct sockaddr_storage	 peer;
	socklen_t		 peerlen;
	char			 addr[SERVER_ADDRLEN];	/* peer, numeric */
	int			 port;			/* peer port */
	char			 label[SERVER_LABELLEN]; /* "ADDR port N" */
	/* what the client reached, as a PROXY header says; 0: our socket */
	struct sockaddr_storage	 dst;
	socklen_t		 dstlen;
	int			 late_fd;	/* with proxy_hdr, the child's
						 * line to the server; or -1 */
};

/* What the server tells the command, which decides what to say. */
enum server_event_kind {
	SERVER_EV_OPEN,		/* a connection accepted, to be served */
	SERVER_EV_DENIED,	/* refused by the access lists */
	SERVER_EV_FULL,		/* refused: n connections from its address */
	SERVER_EV_NOTFROM,	/* refused: proxy_hdr, and not one of
				 * pp_from, the senders of the header */
	SERVER_EV_CLOSED,	/* its child has ended */
	SERVER_EV_NOSTART,	/* its child could not start; error is errno */
	SERVER_EV_ACCEPT,	/* accept ran out of resources; error is errno;
				 * the server retries shortly */
	SERVER_EV_HEADER,	/* proxy_hdr: its header, hdr, read (with
				 * verbose); client is its label now */
	SERVER_EV_NOHEADER,	/* proxy_hdr: no valid header; why */
	SERVER_EV_SLOTS,	/* max_children lowered from was to n, as
				 * nofile descriptors allow, per a slot */
	SERVER_EV_SHARE		/* the share: n a peer, of was slots */
};

struct server_event {
	enum server_event_kind	 kind;
	const char		*peer;	/* label; NULL for SERVER_EV_ACCEPT */
	int			 n;	/* SERVER_EV_FULL: connections held */
	int			 error;	/* errno, for the failures */
	const struct proxyhdr	*hdr;	/* SERVER_EV_HEADER: what it said */
	const char		*client;	/* and the client it named */
	const char		*why;	/* SERVER_EV_NOHEADER: in words */
	int			 was;	/* SLOTS, SHARE: max_children before */
	int			 per;	/* SLOTS: descriptors a slot */
	long long		 nofile;	/* SLOTS: RLIMIT_NOFILE */
};

struct server_opts {
	int		 max_children;	/* >= 1 */
	int		 max_per_peer;	/* per peer address; 0: no limit;
					 * SERVER_SHARE: the default */
	int		 peer_exempt;	/* loopback peers are not counted
					 * (server_settle's, for the share) */
	int		 verbose;	/* events of every connection too (-v);
					 * without it only the failures */
	int		 once;		/* serve one connection, wait, return */
	int		 need_peer;	/* fill the peer address for serve too */
	int		 nonblock;	/* the connection non-blocking, as
					 * accept4 gives it: no fcntl in the
					 * child */
	const struct cidr *allow;	/* if any, only these peers */
	size_t		 nallow;
	const struct cidr *deny;	/* never these peers (deny wins) */
	size_t		 ndeny;
	/*
	 * Each connection begins with a PROXY protocol header that names
	 * its peer (listen --accept-proxy-protocol): the accept screens no
	 * one, and the header is read where the connection is served,
	 * never in the accept loop: in serve's child before serve runs
	 * (with spawn no one would read it: serve goes with proxy_hdr).
	 * There server_late.c screens the peer it names (or the real
	 * one, for a header that names none) by allow and deny, and by
	 * max_per_peer through the server, which counts it from then on
	 * and names it in the events.
	 */
	int		 proxy_hdr;
	/*
	 * With proxy_hdr: the peers trusted to send the header (listen
	 * --proxy-from), checked at the accept, before a byte is read or
	 * a child forked; any other is reset there (SERVER_EV_NOTFROM).
	 * None (npp_from 0): every peer may send one.  A connection whose
	 * header is pending counts for max_per_peer under its real peer,
	 * unless pp_from names that peer: a trusted sender is one host
	 * for many clients, each header sent at once.  proxy_ms bounds
	 * the wait for the header (> 0), in the child or the broker.
	 */
	const struct cidr *pp_from;
	size_t		 npp_from;
	int		 proxy_ms;
	/*
	 * Exactly one of these.  serve runs in a forked child and returns
	 * its exit status.  spawn runs in the server itself and must start
	 * a child process for the connection without blocking, returning
	 * its pid, or -1 with errno (SERVER_EV_NOSTART, the client is
	 * closed).
	 */
	int		(*serve)(struct server_conn *c, void *arg);
	pid_t		(*spawn)(struct server_conn *c, void *arg);
	/*
	 * Or NULL: while held(held_arg) says children of serve wait to accept
	 * on the listener themselves (listen --serve-proxy's pool), the
	 * server leaves new connections to them rather than race them and
	 * fork; hold_fd (non-blocking) turns readable when that may have
	 * changed, and the server drains it.  The server looks again every
	 * SERVER_HOLD_MS while it holds (a change unsaid costs that delay),
	 * and after SERVER_HOLD_PAST looks in a row once past the hold, so
	 * a waiter lost (killed) cannot stop it for good.
	 */
	int		(*held)(void *arg);
	void		*held_arg;
	int		 hold_fd;
	/* the command's reporter, or NULL; called in the server, and where
	 * a connection is served for its PROXY header's events */
	void		(*event)(const struct server_event *ev, void *arg);
	void		*arg;		/* for serve, spawn, event */
};

#define SERVER_HOLD_MS	20
#define SERVER_HOLD_PAST	25	/* half a second */

/* server_emit: an event of kind to so's hook, if it has one (the servers
 * of serve/ tell theirs through it too). */
void	server_emit(const struct server_opts *so, enum server_event_kind kind,
	    const char *peer, int n, int error);
int	server_run(int lfd, const struct server_opts *so, char *err);
int	server_accept_one(int lfd, const struct server_opts *so, int timeout_ms,
	    struct server_conn *c);
int	server_wait_conn(int lfd, int *epfd, int ms);
int	server_accept_wait(int lfd, const struct server_opts *so, int ms,
	    struct server_conn *c);

/*
 * server_accept_failed: what a failed accept's errno e means for a
 * server: nothing was waiting, this one connection failed (go on), out
 * of resources (say so, back off), or the listener itself is broken.
 */
enum server_accept_err {
	SERVER_ACCEPT_NONE,
	SERVER_ACCEPT_SKIP,
	SERVER_ACCEPT_SHORT,
	SERVER_ACCEPT_FATAL
};
enum server_accept_err server_accept_failed(int e);
void	server_reset(int fd);

int	server_peer_allowed(const struct server_opts *so,
	    const struct sockaddr *sa);
int	server_pp_trusted(const struct server_opts *so,
	    const struct sockaddr *sa);
void	server_settle(struct server_opts *so, int lfd, int per_slot);
/*
 * server_fd_limit: the descriptors this process may have open
 * (RLIMIT_NOFILE's soft limit), raised toward the hard one for want
 * first (a refusal leaves it as it was); -1 when there is no limit.
 * The servers' -m and udp-serve's sessions fit themselves to it.
 */
long long server_fd_limit(long long want);
int	server_share_on(const struct server_opts *so, int lfd);
int	server_say_due(long long *last);
void	server_sigs_set(const int *sigs, size_t n, void (*h)(int),
	    struct sigaction *old, sigset_t *oldmask, sigset_t *waitmask);
void	server_sigs_restore(const int *sigs, size_t n,
	    const struct sigaction *old, const sigset_t *oldmask);
int	server_ppoll(struct pollfd *pfd, nfds_t n, int ms,
	    const sigset_t *waitmask);

#endif /* SERVER_H */
