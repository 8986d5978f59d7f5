/*
 * cmd/connect/connect.h: what connect.c (the command) and connect_opts.c (its
 * options) share.  Part of the command: private to the connect*.c
 * files.
 */
#ifndef CONNECT_H
#define CONNECT_H

#include "cli/cli.h"
#include "cmd/connect/connect_exec.h"
#include "cmd/connect/connect_ws.h"
#include "net/net.h"
#include "net/relay.h"
#include "parse/addr.h"
#include "parse/socks.h"
#include "tls/tls.h"
#include "util/base.h"

extern const char connect_usage[];

/*
 * What the command line asked for.  The option rows (connect_opts.c)
 * bind its members, named by OPT_AT(struct cnx, f): CN(f).
 */
struct cnx {
	struct net_opts	 no;
	struct relay_opts ro;
	struct proxy	 px;
	struct endpoint	 ep;		/* host and port as given */
	const char	*proxy_url, *proxy_user, *xproto, *xaddr;
	int		 use_proxy, verbose, check_only, unix_path;
	int		 udp;		/* -u */
	int		 lines;		/* --lines */
	int		 tls;		/* --tls, or --starttls */
	int		 starttls;	/* STLS_P_*, or -1 */
	const char	*xmpp_host;	/* --xmpp-host */
	const char	*ehlo;		/* --ehlo */
	struct tls_client_opts to;	/* the shared options: cli.c's */
	unsigned char	 alpn[TLS_ALPN_MAX];
	int		 ws;		/* a ws:// or wss:// URL */
	struct connect_ws w;
	char		 ws_host[SK_HOSTLEN];	/* to dial: the URL's */
	/* what the messages of TLS and STARTTLS call the peer: host and
	 * port as given, or -U's path */
	char		 where[SK_HOSTLEN + SK_PORTLEN + 8];
	struct connect_exec x;	/* -c, -e */
	int		 pty;		/* --pty */
	int		 prog_stderr;	/* --stderr */
};
#define CN(f)	OPT_AT(struct cnx, f)

/*
 * connect's ids but its members': -c and -e (-e takes the rest of the
 * line, moving the option reader on, which a row's setter does not; -c
 * goes the same way, cli_prog, which refuses the two together), -N
 * (what connect does anyway), and the modes of no option, for the rules.
 */
enum connect_opt {
	CN_COMMAND = CLI_O_OWN,	/* -c command */
	CN_EXEC,		/* -e prog [arg ...] */
	CN_NC_SHUT,		/* -N: nc's half-close, ours already */
	/* no option's, for the rules: a ws:// or wss:// URL operand */
	CN_WS_URL,
	CN_WSS_URL,		/* a wss:// one */
	CN_STLS_XMPP,		/* --starttls xmpp (OPT_VALUE) */
	CN_STLS_SMTP,		/* --starttls smtp or lmtp */
	CN_UDP_TLS,		/* -u --tls (OPT_ALL) */
	CN_UDP_PROG		/* -u -c, -u -e */
};

/* the rules about the operands, once they are read (opt_mark), and TLS's */
extern const struct opt_rule connect_rules_url[];
extern const struct opt_rule connect_rules_tls[];

#endif /* CONNECT_H */
