/*
 * cmd/listen/listen.h: what listen.c (the modes, the dispatch), listen_opts.c
 * (the options), listen_ws.c (--ws), listen_proxy.c (--serve-proxy's
 * options) and listen_pp.c (the PROXY protocol's
 * options) share; each mode is served in serve/.  Part of the command:
 * private to the listen*.c files.
 */
#ifndef LISTEN_H
#define LISTEN_H

#include <sys/types.h>

#include "cli/cli.h"
#include "cli/join.h"
#include "cli/server_user.h"
#include "cmd/listen/listen_say.h"
#include "net/exec.h"
#include "net/net.h"
#include "net/prefork.h"
#include "net/relay.h"
#include "net/server.h"
#include "parse/addr.h"
#include "parse/proxyto.h"
#include "parse/socks.h"
#include "parse/url.h"
#include "proxy/proxy_serve.h"
#include "serve/forward.h"
#include "serve/serve.h"
#include "tls/tls.h"
#include "util/base.h"
#include "util/user.h"
#include "ws/ws.h"

struct tls_server_ctx;

extern const char listen_usage[];
extern const struct opt_rule listen_rules_to[];	/* listen_opts.c */
extern const struct opt_rule listen_rules_keep[];

enum listen_mode {
	LISTEN_RELAY,		/* one connection, relayed to stdin/stdout */
	LISTEN_PROGRAM,		/* one connection, to the program */
	LISTEN_KEEP,		/* -k: a child per connection */
	LISTEN_BROKER		/* --broker, --chat: one loop for all */
};

struct lproxy;

/*
 * Everything the command line says.  The option rows (listen_opts.c)
 * bind its members, named by OPT_AT(struct listen_args, f): LS(f).
 */
struct listen_args {
	enum listen_mode  mode;
	struct net_opts	  no;
	struct relay_opts ro;		/* the relay mode's relay */
	struct endpoint	  ep;
	const char	 *path;		/* -U: the socket's path, else NULL */
	struct net_unix_id path_id;	/* -U: the file we made there */
	int		  verbose;
	int		  accept_ms;	/* -w, the relay mode's wait; 0: none */
	struct server_opts so;		/* screening in every mode */
	struct cli_joins  joins;	/* -u --join */
	struct lserve	  ls;
	char		 *sh_argv[4];	/* -c: sh -c COMMAND */
	char		 *ops[2];	/* [addr] and nc's -p port */
	struct endpoint	  to;		/* --to */
	struct net_opts	  dial;		/* the forwarder's onward side */
	struct proxy	  px;		/* --proxy, --proxy-user */
	const char	 *proxy_url, *proxy_user;
	int		  tls;		/* --tls */
	int		  chat;		/* --chat */
	int		  broker;	/* --broker */
	int		  keep;		/* -k */
	int		  unix_path;	/* -U */
	int		  pty;		/* --pty */
	int		  prog_stderr;	/* --stderr */
	int		  to_tls_on;	/* --to-tls */
	int		  ws_on;	/* --ws */
	struct tls_server_opts tso;	/* --tls and its options */
	struct tls_client_opts to_tls;	/* --to-tls and its options */
	const char	 *to_servername;
	struct ws_side	  ws;		/* --ws, --to ws:// */
	int		  udp;		/* -u: serve/udp_peer.c's */
	int		  lines;	/* --lines */
	/* --serve-proxy's options, or NULL: allocated with the first, as
	 * --allow-to's many entries are too large for the stack */
	struct lproxy	 *lp;
	struct user_id	  user;		/* --user */
};
#define LS(f)	OPT_AT(struct listen_args, f)

/*
 * listen's ids but its members': -c and -e (-e takes the rest of the
 * line, moving the option reader on, which a row's setter does not; -c
 * goes the same way, cli_prog), --to (its value marks a mode for the
 * rules), -l (what listen does anyway), --serve-proxy's options (into
 * struct lproxy, allocated with the first: lproxy_arg takes the id), and
 * the modes of no option, for the rules.
 */
enum listen_opt {
	LS_COMMAND = CLI_O_OWN,	/* -c command */
	LS_EXEC,		/* -e prog [arg ...] */
	LS_TO,			/* --to host:port */
	LS_NC_LISTEN,		/* -l: nc's, listen listens already */
	LS_SERVE_PROXY,		/* --serve-proxy socks5|http */
	LS_SERVE_PROXY_AUTH,	/* --serve-proxy-auth user:pw */
	LS_ALLOW_TO,		/* --allow-to spec */
	LS_DENY_TO,		/* --deny-to spec */
	LS_SERVE_PROXY_LOG,	/* --serve-proxy-log file|none */
	/* no option's: what --to's value chose, for the rules (opt_mark) */
	LS_TO_WS,		/* --to ws:// or wss:// */
	LS_TO_WSS,		/* --to wss:// */
	LS_KEEP_ALONE		/* -k with no --to, --to-unix, --serve-proxy */
};

/*
 * listen_ws.c.  lws_say: a WebSocket side's events (ws/ws_side.c) in
 * words, arg the struct ws_side.  lws_to reads --to ws-url into w
 * (to_url, to_arg) and where to dial into to; lws_arg reads the --ws
 * option of that long name ("--ws-path") into w (those of numbers and
 * seconds come read: listen.c stores them).  Both return CMD_GO_ON,
 * else EXIT_USAGE after the message (with usage).
 */
void	lws_say(const struct ws_side_event *ev, void *arg);
int	lws_to(struct ws_side *w, const char *arg, struct endpoint *to,
	    const char *usage);
int	lws_arg(struct ws_side *w, const char *name, const char *arg,
	    const char *usage);

/*
 * listen_pp.c: --proxy-from's list (addresses and CIDR blocks, commas
 * between) added to so->pp_from; CMD_GO_ON, else EXIT_USAGE after the
 * message.
 */
int	lpp_from(struct server_opts *so, const char *list);

/*
 * --serve-proxy (listen_proxy.c): the options as read, then settled into
 * the struct pserve that each connection's child runs (lserve_proxy,
 * serve/proxy_child.c).
 */
#define LPROXY_MAXTO	256	/* --allow-to entries, and --deny-to's */

struct lproxy {
	int		  given;	/* --serve-proxy was */
	int		  auth_given, to_given;
	int		  dflt;		/* no address given: loopback's */
	const char	 *log;		/* --serve-proxy-log, or NULL */
	struct listen_say say;		/* and where the record goes */
	struct pserve	  ps;
	struct prefork	  prefork;	/* net/prefork.c: the children that
					 * wait on the listener */
	char		  user[PROXY_USERLEN];
	char		  pass[PROXY_USERLEN];
	struct proxy_to	  to[LPROXY_MAXTO];
	struct proxy_to	  deny[LPROXY_MAXTO];
};

/*
 * One of its options, which (LS_SERVE_PROXY, LS_SERVE_PROXY_AUTH,
 * LS_ALLOW_TO, LS_DENY_TO, LS_SERVE_PROXY_LOG); returns CMD_GO_ON, else
 * EXIT_USAGE (said).
 */
int	lproxy_arg(struct lproxy *lp, struct lserve *ls, int which,
	    const char *arg, const char *usage);
/*
 * lproxy_set: the same for the struct listen_args la, *la->lp allocated
 * with the first; 0, or -1 after a usage error's message, CLI_FAIL after
 * another's (a row's setter's answer).
 */
int	lproxy_set(struct listen_args *la, int which, const char *arg);
/*
 * Once the options are read (the rules saw --serve-proxy-auth and
 * --allow-to have it): --serve-proxy's onward dial (dial: -4 -6 -n -s
 * -w, px: --proxy or NULL), and whether --allow was given (open: a
 * client not on loopback may be served without credentials).
 */
void	lproxy_settle(struct lproxy *lp, const struct net_opts *dial,
	    const struct proxy *px, int open);
/*
 * Before the server starts: the record's file opened, once, and with
 * -v what the default address keeps out.  Returns CMD_GO_ON, else
 * EXIT_FAIL (said).
 */
int	lproxy_start(struct lproxy *lp, int verbose);

#endif /* LISTEN_H */
