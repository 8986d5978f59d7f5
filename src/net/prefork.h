/*
 * net/prefork.h: the pre-forked children that wait on a server's
 * listener (listen --serve-proxy's; http/pool.c is another thing, the
 * HTTP client's connections).  A child done with its connection may
 * take the next one from the listener itself (a dup of it) rather than
 * exit, which saves a fork and an exit a connection, most of what a
 * short one costs; it waits while it holds a token of a pipe, so at most
 * PREFORK_TOKENS wake for each new connection, and the server holds back
 * while any waits (server_opts' held and hold_fd).  Core: never prints,
 * never exits.
 *
 * prefork_open sets the pool up on the listener lfd for the server of so,
 * and hooks so's held and hold_fd; it leaves p->on 0 (no pool) where a
 * child must serve one connection only (so's once, verbose,
 * max_per_peer or its default share where it counts anyone, proxy_hdr:
 * to log, to count by address, to read the header) or a descriptor is
 * short.  prefork_close ends it in the server.
 * prefork_serve runs in a forked child: serve(c, arg) on the connection
 * the server gave, then, while the pool lets it and the server lives,
 * on the next ones the child takes, screened as the server screens
 * them, each within PREFORK_IDLE_MS.  Returns the last serve's value.
 */
#ifndef NET_PREFORK_H
#define NET_PREFORK_H

#include <sys/types.h>

struct server_conn;
struct server_opts;

#define PREFORK_TOKENS	8	/* children waiting at most */
#define PREFORK_IDLE_MS	2000	/* then a waiting child ends */

struct prefork {
	int		 on;		/* lfd, tok, wake open */
	int		 lfd;		/* a dup of the listener */
	int		 tok[2];	/* the tokens */
	int		 wake[2];	/* the server's hold_fd */
	const struct server_opts *so;	/* the screening */
	pid_t		 server;	/* the pool ends with it */
};

void	prefork_open(struct prefork *p, int lfd, struct server_opts *so);
void	prefork_close(struct prefork *p);
int	prefork_serve(struct prefork *p, struct server_conn *c,
	    int (*serve)(struct server_conn *c, void *arg), void *arg);

#endif /* NET_PREFORK_H */
