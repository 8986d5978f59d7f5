/*
 * cmd/connect/connect.h: what connect.c (the command) and connect_opts.c (its
 * options) share.  Part of the command: private to the connect*.c
 * files.
 */
#ifndef CONNECT_H
#define CONNECT_H

#include "cli/cli.h"

extern const char connect_usage[];

/* connect's own options (connect_opts.c declares them) */
enum connect_opt {
	CN_UNIX = CLI_O_OWN,	/* -U */
	CN_CHECK,		/* -z */
	CN_SRC_PORT,		/* -p port */
	CN_XPROTO,		/* -X 4|5|connect (nc's form) */
	CN_XADDR,		/* -x proxy[:port] (nc's form) */
	CN_PROXY,		/* --proxy url */
	CN_PROXY_USER,		/* --proxy-user user:pw */
	CN_TLS,			/* --tls, --ssl */
	CN_ALPN,		/* --alpn list */
	CN_HEADER,		/* -H header (ws://) */
	CN_WS_BINARY,		/* --ws-binary */
	CN_WS_MAX,		/* --ws-max-message bytes */
	CN_WS_NO_DEFLATE,	/* --ws-no-deflate */
	CN_WS_PING,		/* --ws-ping secs */
	CN_WS_PROTOCOL,		/* --ws-protocol list */
	CN_STARTTLS,		/* --starttls proto */
	CN_XMPP_HOST,		/* --xmpp-host name */
	CN_EHLO,		/* --ehlo name */
	CN_UDP,			/* -u */
	CN_LINES,		/* --lines (-u) */
	CN_COMMAND,		/* -c command */
	CN_EXEC,		/* -e prog [arg ...] */
	CN_PTY,			/* --pty */
	CN_STDERR,		/* --stderr */
	CN_MTU,			/* --mtu bytes (-u --tls) */
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
