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
#include "cmd/listen/listen_say.h"
#include "net/exec.h"
#include "net/net.h"
#include "net/prefork.h"
#include "net/server.h"
#include "parse/addr.h"
#include "parse/proxyto.h"
#include "parse/socks.h"
#include "parse/url.h"
#include "proxy/proxy_serve.h"
#include "serve/forward.h"
#include "serve/serve.h"
#include "util/base.h"
#include "ws/ws.h"

struct cli_joins;
struct relay_opts;
struct tls_server_ctx;

extern const char listen_usage[];
extern const struct opt_rule listen_rules_to[];	/* listen_opts.c */
extern const struct opt_rule listen_rules_keep[];

/* listen's own options (listen_opts.c declares them) */
enum listen_opt {
	LS_KEEP = CLI_O_OWN,	/* -k */
	LS_UNIX,		/* -U */
	LS_COMMAND,		/* -c command */
	LS_EXEC,		/* -e prog [arg ...] */
	LS_STDERR,		/* --stderr */
	LS_PTY,			/* --pty */
	LS_TO,			/* --to host:port */
	LS_TO_UNIX,		/* --to-unix path */
	LS_PROXY,		/* --proxy url */
	LS_PROXY_USER,		/* --proxy-user user:pw */
	LS_TO_TLS,		/* --to-tls */
	LS_TO_CACERT,		/* --to-cacert file */
	LS_TO_INSECURE,		/* --to-insecure */
	LS_TO_SERVERNAME,	/* --to-servername name */
	LS_BROKER,		/* --broker */
	LS_CHAT,		/* --chat */
	LS_SERVE_PROXY,		/* --serve-proxy socks5|http */
	LS_SERVE_PROXY_AUTH,	/* --serve-proxy-auth user:pw */
	LS_ALLOW_TO,		/* --allow-to spec */
	LS_DENY_TO,		/* --deny-to spec */
	LS_SERVE_PROXY_LOG,	/* --serve-proxy-log file|none */
	LS_WS,			/* --ws */
	LS_WS_BINARY,		/* --ws-binary */
	LS_WS_HALF_CLOSE,	/* --ws-half-close secs */
	LS_WS_MAX,		/* --ws-max-message bytes */
	LS_WS_NO_DEFLATE,	/* --ws-no-deflate */
	LS_WS_ORIGIN,		/* --ws-origin list */
	LS_WS_PATH,		/* --ws-path path */
	LS_WS_PING,		/* --ws-ping secs */
	LS_WS_PROTOCOL,		/* --ws-protocol list */
	LS_UDP,			/* -u */
	LS_LINES,		/* --lines (-u) */
	LS_PP_SEND,		/* --proxy-protocol v1|v2 */
	LS_PP_ACCEPT,		/* --accept-proxy-protocol */
	LS_PP_FROM,		/* --proxy-from list */
	LS_MTU,			/* --mtu bytes (-u --tls) */
	LS_NC_LISTEN,		/* -l: nc's, listen listens already */
	LS_NC_PORT,		/* -p port: nc's -l -p port */
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
