/*
 * cmd/listen.h: what listen.c (the options, the modes, the dispatch),
 * listen_serve.c (each connection's child in the program and keep
 * modes) and listen_broker.c (--broker, --chat) share.  Part of the
 * command: private to the listen*.c files.
 */
#ifndef LISTEN_H
#define LISTEN_H

#include <sys/types.h>

#include "net/listen_exec.h"
#include "net/net.h"
#include "net/server.h"
#include "parse/addr.h"
#include "parse/socks.h"
#include "sockt.h"

struct addrinfo;
struct tls_client_opts;
struct tls_server_ctx;

#define LISTEN_TLS_MS	10000	/* the handshake's limit without -i, -w */


/*
 * The program and keep modes: a small layer over the shared server.
 * Each connection gets its own child: a program spawned straight onto
 * the socket (-e/-c), the same behind a relay that enforces -i, or
 * without a program a collector that copies the client's data to stdout.
 */
struct lserve {
	char		**prog;		/* argv of -e or of sh -c; NULL: collect */
	int		  spawn_flags;	/* LEXEC_PATH for -e, LEXEC_STDERR */
	int		  idle_ms;	/* -i, or -1 */
	int		  spawns;	/* the server runs lserve_spawn */
	struct lexec_env  env;
	/* the forwarder: where each connection goes */
	const struct endpoint *to;	/* --to, or NULL */
	const char	 *to_unix;	/* --to-unix, or NULL */
	const struct proxy *px;		/* --proxy for --to, or NULL */
	const struct net_opts *dial;	/* -n, -s, -w for the onward dial */
	/* --no-shutdown: the client's EOF is not passed on */
	int		  no_shutdown;
	struct addrinfo	 *to_res;	/* --to's address if a literal */
	char		  to_label[SK_HOSTLEN + SK_PORTLEN + 8];
					/* names the far side in messages */
	int		  verbose;
	/* --tls: the context, made once, and the handshake's time limit */
	struct tls_server_ctx *tls;
	int		  tls_ms;
	const struct tls_client_opts *to_tls;	/* --to-tls, or NULL */
};

/* The server's spawn hook: the program on the connection itself. */
pid_t	lserve_spawn(struct server_conn *c, void *arg);

/*
 * The server's serve hooks, run in each connection's child; arg is the
 * struct lserve.  Each returns the child's exit status.
 */
int	lserve_relay(struct server_conn *c, void *arg);
int	lserve_collect(struct server_conn *c, void *arg);
int	lserve_forward(struct server_conn *c, void *arg);

/* --to an address literal: resolved once into ls->to_res, else NULL. */
void	lserve_resolve(struct lserve *ls);

/*
 * listen_broker.c: --broker (chat 0) or --chat on lfd, screened and
 * limited by so, until a signal; over TLS with tls (NULL: none), each
 * handshake within tls_ms.  Returns the exit status.
 */
int	lbroker_run(int lfd, const struct server_opts *so, int chat,
	    struct tls_server_ctx *tls, int tls_ms);

#endif /* LISTEN_H */
