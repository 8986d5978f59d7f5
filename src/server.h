/*
 * server.h: the shared server module of listen -k and serve-hello.
 *
 * server_run is a blocking accept loop: every accepted connection is
 * screened by the allow/deny lists, then served by its own child, either
 * a fork of sockt running a callback or a program spawned directly on
 * the connection.  Children are reaped as they exit, at most max_children
 * live at once (further clients wait in the listen backlog), at most
 * max_per_peer of them for one peer address (more are reset at once), and
 * SIGINT, SIGTERM or SIGHUP stops the loop, ends the children and returns
 * 0.  Each child leads its own process group, and it is the group that
 * the stop signals, so whatever a program started ends with it.
 *
 * Unlike net.c and io.c this is not core that stays silent: it is the
 * servers' own loop, running for the life of the server, so it reports
 * what it cannot return without stopping (a failed accept or fork, and
 * with verbose each connection and its end) on stderr through msg.c.
 * It never exits; only the children it forks do.
 */
#ifndef SERVER_H
#define SERVER_H

#include <sys/types.h>
#include <sys/socket.h>

#include <stddef.h>

#include "addr.h"
#include "cidr.h"
#include "net.h"

#define SERVER_MAX_CHILDREN	100	/* the default for -m */
#define SERVER_MAX_LIMIT	100000	/* the largest -m accepted */
#define SERVER_ADDRLEN		64	/* an IPv6 address in text, and more */

/* One accepted connection, as a child or a spawn callback sees it. */
struct server_conn {
	int			 fd;		/* the connection, blocking */
	struct sockaddr_storage	 peer;
	socklen_t		 peerlen;
	char			 addr[SERVER_ADDRLEN];	/* peer, numeric */
	int			 port;			/* peer port */
};

struct server_opts {
	int		 max_children;	/* >= 1 */
	int		 max_per_peer;	/* per peer address; 0: no limit */
	int		 verbose;	/* log connections on stderr (-v) */
	int		 once;		/* serve one connection, wait, return */
	int		 need_peer;	/* fill the peer address for serve too */
	const struct cidr *allow;	/* if any, only these peers */
	size_t		 nallow;
	const struct cidr *deny;	/* never these peers (deny wins) */
	size_t		 ndeny;
	/*
	 * Exactly one of these.  serve runs in a forked child and returns
	 * its exit status.  spawn runs in the server itself and must start
	 * a child process for the connection without blocking, returning
	 * its pid, or -1 with errno (it is logged, the client is closed).
	 */
	int		(*serve)(struct server_conn *, void *);
	pid_t		(*spawn)(struct server_conn *, void *);
	void		*arg;
};

/* An environment for programs run on a connection (listen -e/-c). */
struct server_env {
	char	**envp;		/* the SOCKT_ and UCSPI names, then environ */
	char	 *slots;	/* storage for the per-connection strings */
};

int	server_listen(const struct endpoint *, const struct net_opts *, int,
	    char *);
int	server_run(int, const struct server_opts *, char *);
int	server_peer_allowed(const struct server_opts *,
	    const struct sockaddr *);
int	server_env_init(struct server_env *);
int	server_env_set(struct server_env *, const struct server_conn *);
void	server_env_free(struct server_env *);
#define SERVER_SPAWN_PATH	0x01	/* look the program up in PATH */
#define SERVER_SPAWN_STDERR	0x02	/* its stderr on the connection too */
#define SERVER_SPAWN_PGRP	0x04	/* in a process group of its own */

pid_t	server_spawn(int, char *const [], char *const [], int);

#endif /* SERVER_H */
