/*
 * cmd/connect/connect_opts.c: connect's usage, its option tables (its own, and
 * nc's form, where -x names the proxy) and what does not go together:
 * each option declared once, here, and the usage, help and completion
 * read from it.  connect.c reads the command line with them.
 */
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "cli/msg.h"
#include "cli/server_tls.h"
#include "cmd/cmd.h"
#include "cmd/connect/connect.h"
#include "parse/addr.h"
#include "parse/alpn.h"
#include "parse/http.h"
#include "parse/opt.h"
#include "parse/starttls.h"
#include "parse/ws.h"
#include "tls/tls.h"
#include "util/base.h"

const char connect_usage[] =
    "usage: sockt connect [-46CdNnQvxz] [-i secs] [-p port] [-q secs] "
    "[-s addr] [-w secs]\n"
    "                     [--no-shutdown] [--proxy url] "
    "[--proxy-user user:pw]\n"
    "                     [--tls [--alpn list] [--cacert file] "
    "[--capath dir] [--cert file]\n"
    "                     [--insecure] [--key file] "
    "[--pinnedpubkey hashes|file]\n"
    "                     [--servername name] [--tls-min 1.2|1.3]]\n"
    "                     [--starttls proto [--ehlo name] [--xmpp-host name]\n"
    "                     [TLS option ...]]\n"
    "                     host port\n"
    "       sockt connect [-46CdnQvz] [-i secs] [-p port] [-q secs] "
    "[-s addr] [-w secs]\n"
    "                     [--proxy-user user:pw] -X 4|5|connect "
    "-x proxy[:port]\n"
    "                     host port\n"
    "       sockt connect -u [-46Cdnvxz] [--lines] [-i secs] [-p port] "
    "[-q secs]\n"
    "                     [-s addr] [-w secs] host port "
    "[-c command | -e prog [arg ...]]\n"
    "       sockt connect -u --tls [-46Cdnvxz] [--lines] [--mtu bytes] "
    "[-i secs]\n"
    "                     [-p port] [-q secs] [-s addr] [-w secs] "
    "[TLS option ...] host port\n"
    "       sockt connect -U [-CdQvxz] [-i secs] [-q secs] "
    "[--no-shutdown] path\n"
    "       sockt connect [-46dnQvz] [-H header]... [-i secs] [-q secs] "
    "[-w secs]\n"
    "                     [--proxy url] [--ws-binary] "
    "[--ws-max-message bytes]\n"
    "                     [--ws-no-deflate] [--ws-ping secs] "
    "[--ws-protocol list]\n"
    "                     [TLS option ...] ws-url\n"
    "       sockt connect [-46nv] [-i secs] [-p port] [-s addr] "
    "[-w secs] [--proxy url]\n"
    "                     [--pty] [--stderr] [--tls [TLS option ...]]\n"
    "                     host port {-c command | -e prog [arg ...]}\n"
    "       sockt connect -U [-v] [-i secs] [--pty] [--stderr]\n"
    "                     path {-c command | -e prog [arg ...]}\n";

/* the struct the rows bind (cl.dest) */
#define C	struct cnx

static int	set_src_port(void *, const struct opt_state *);
static int	set_starttls(void *, const struct opt_state *);
static int	set_alpn(void *, const struct opt_state *);
static int	set_header(void *, const struct opt_state *);
static int	set_ws_protocol(void *, const struct opt_state *);

/*
 * Each row binds its option: a flag or a value into its member of struct
 * cnx, or an argument through a setter that checks it.
 */
static const struct opt_def opts[] = {
	CLI_FAMILY_DOC,
	OPT_DOC(CLI_O_CRLF, "  -C         send LF from stdin as CR LF\n"),
	OPT_DOC(CLI_O_NOSTDIN,
	    "  -d, --recv-only  do not read stdin (half-close at once); end "
	    "when the peer\n"
	    "             closes\n"),
	OPT_ALIAS(CLI_O_NOSTDIN, 0, "recv-only", 0),
	OPT_DOC(CLI_O_IDLE,
	    "  -i secs    exit 1 when no data moves for secs\n"),
	OPT_DOC(CLI_O_NUMERIC,
	    "  -n         no name lookups: host must be an address\n"),
	OPT_CALL('p', NULL, "port", COMP_PORT, NULL, C, no.src_port,
	    set_src_port, "  -p port    connect from this source port\n"),
	OPT_DOC(CLI_O_QUIT_EOF,
	    "  -Q         quit when the peer closes, whatever stdin holds\n"),
	OPT_DOC(CLI_O_QUIT,
	    "  -q secs    after stdin ends, wait at most secs for the peer "
	    "(negative: until\n"
	    "             it closes, the default; with -u 1 s)\n"),
	CLI_SOURCE_DOC,
	CLI_UNIX_AT(C, unix_path),
	OPT_BOOL('u', NULL, C, udp,
	    "  -u         UDP: each read of stdin a datagram, each datagram "
	    "received\n"
	    "             written out; -q 1 by default; -z sends an empty "
	    "one\n"),
	OPT_DOC(CLI_O_VERBOSE, "  -v         say where we connected\n"),
	OPT_DOC(CLI_O_WAIT,
	    "  -w secs    connect timeout (default 10), proxy handshake "
	    "included\n"),
	OPT_DOC(CN(xproto),
	    "  -X proto   with -x: nc's proxy protocol, 4, 5 or connect "
	    "(HTTP)\n"),
	OPT_DOC(CLI_O_DUMP,
	    "  -x         hex dump of the data both ways on stderr\n"),
	OPT_DOC(CN(xaddr),
	    "  -x proxy[:port]  with -X: the proxy (ports 1080, 3128 by "
	    "default)\n"),
	OPT_FLAG_(CN_NC_SHUT, 'N', NULL,
	    "  -N         half-close at the end of stdin (nc's -N): what "
	    "connect does\n"),
	OPT_BOOL('z', NULL, C, check_only,
	    "  -z         only check that a connection can be made, quietly "
	    "without -v;\n"
	    "             with ports (1-100, 22 80 443) check each, as nc "
	    "-z does\n"),
	OPT_DOC(CLI_O_NO_SHUTDOWN,
	    "  --no-shutdown  no half-close at the end of stdin: end when the "
	    "peer closes\n"
	    "             (proxies such as microsocks need it; -X implies it)\n"),
	CLI_LINES_AT(C, lines),
	OPT_STRWORDS(0, "proxy", "url", CLI_PROXY_WORDS, C, proxy_url,
	    "  --proxy url       through a proxy: socks5://, socks5h://, "
	    "socks4://,\n"
	    "                    socks4a:// or http:// (CONNECT), "
	    "user:pw@ allowed\n"),
	CLI_PROXY_USER_AT(C, proxy_user),
	OPT_BOOL(0, "tls", C, tls,
	    "  --tls, --ssl  speak TLS (OpenSSL 3 at run time), the "
	    "certificate verified\n"
	    "             against the system's CA store and host; with -u "
	    "DTLS, a record\n"
	    "             a datagram\n"),
	OPT_ALIAS(CN(tls), 0, "ssl", 0),
	OPT_CALL(0, "starttls", "proto", COMP_WORDS, STLS_PROTO_WORDS, C,
	    starttls, set_starttls,
	    "  --starttls proto  upgrade to TLS as proto does first (smtp, "
	    "lmtp, imap, pop3,\n"
	    "             ftp, xmpp, postgres), then as --tls; -v shows the "
	    "dialogue\n"),
	OPT_STRING(0, "ehlo", "name", COMP_HOST, C, ehlo,
	    "  --ehlo name       with --starttls smtp or lmtp: the name EHLO "
	    "gives\n"
	    "                    (default: our address, [127.0.0.1])\n"),
	OPT_STRING(0, "xmpp-host", "name", COMP_HOST, C, xmpp_host,
	    "  --xmpp-host name  with --starttls xmpp: the stream's domain "
	    "(default: host)\n"),
	CLI_MTU_AT(C, to.mtu,
	    "  --mtu bytes       with -u --tls: the path MTU (default: the "
	    "kernel's); the\n"
	    "                    handshake fragments and records fit it\n"),
	OPT_CALL(0, "alpn", "list", COMP_NONE, NULL, C, alpn, set_alpn,
	    "  --alpn list       offer these protocols (ALPN), comma-"
	    "separated: h2,http/1.1\n"),
	CLI_TLS_CLIENT_DOC,
	OPT_DOC(CLI_O_INSECURE,
	    "  --insecure        do not verify the server's certificate\n"),
	CLI_TLS_CLIENT_DOC2,
	OPT_TEXT("program (-c, -e: the connection its stdin and stdout, its "
	    "exit status ours):\n"),
	OPT_ARG_(CN_COMMAND, 'c', "sh-exec", "command", COMP_NONE,
	    "  -c, --sh-exec command  run command with /bin/sh -c on the "
	    "connection\n"),
	OPT_ARG_(CN_EXEC, 'e', NULL, "prog", COMP_NONE,
	    "  -e prog [arg ...]  run prog on the connection (comes last: "
	    "the words after\n"
	    "             it are its arguments)\n"),
	OPT_BOOL(0, "pty", C, pty,
	    "  --pty      run it on a pseudo-terminal of its own: the session "
	    "leader,\n"
	    "             stdin, stdout and stderr on it (tty, stty, job "
	    "control)\n"),
	OPT_BOOL(0, "stderr", C, prog_stderr,
	    "  --stderr   give the program's stderr to the connection too\n"),
	OPT_TEXT("WebSocket (ws-url, ws://host[:port][/path] or wss://..., "
	    "in place of host port;\nwss:// takes the TLS options):\n"),
	OPT_CALL('H', "header", "header", COMP_NONE, NULL, C, w.headers,
	    set_header,
	    "  -H header  add or replace a handshake header ('Name: value'; "
	    "'Name:' drops one)\n"),
	OPT_BOOL(0, "ws-binary", C, w.binary,
	    "  --ws-binary  each read of stdin a binary message, payloads "
	    "written raw\n"
	    "             (default: a text message a line, and a line a "
	    "message)\n"),
	CLI_WS_MAX_AT(C, w.max_message),
	OPT_BOOL(0, "ws-no-deflate", C, w.no_deflate,
	    "  --ws-no-deflate  offer no permessage-deflate (compression, "
	    "offered by default)\n"),
	OPT_SECS(0, "ws-ping", "--ws-ping", C, w.ping_ms,
	    "  --ws-ping secs  ping every secs; exit 1 when no pong comes "
	    "within secs\n"),
	OPT_CALL(0, "ws-protocol", "list", COMP_NONE, NULL, C, w.protocols,
	    set_ws_protocol,
	    "  --ws-protocol list  offer these subprotocols (comma-"
	    "separated); -v shows\n"
	    "             the server's choice\n"),
	OPT_VALUE(CN_STLS_XMPP, "starttls", "xmpp"),
	OPT_VALUE(CN_STLS_SMTP, "starttls", "smtp lmtp"),
	OPT_END
};

/*
 * nc's form: once -X is given, -x names the proxy (as in nc) instead of
 * asking for the hex dump, so this form makes -x a letter of connect's
 * own that takes an argument; cli_next hands it over untouched.
 */
static const struct opt_def opts_nc[] = {
	OPT_STRWORDS('X', NULL, "proto", "4 5 connect", C, xproto, NULL),
	OPT_STRING('x', NULL, "proxy[:port]", COMP_HOST, C, xaddr, NULL),
	OPT_END
};

/*
 * What connect's options need and exclude, a row a rule, for either
 * form: a row about -X or nc's -x never fires in connect's own, where
 * neither is an option.
 */
static const struct opt_rule rules[] = {
	{ OPT_EXCLUDES, { CN(unix_path) }, { CLI_O_4, CLI_O_6, CLI_O_NUMERIC,
	    CN(no.src_port), CLI_O_SOURCE }, "-U does not go with -4, -6, -n, "
	    "-p or -s: a UNIX socket has no address family, host name or "
	    "port" },
	{ OPT_EXCLUDES, { CN(unix_path) }, { CN(xproto), CN(xaddr),
	    CN(proxy_url), CN(proxy_user) }, "-U does not go with a proxy: the proxies dial "
	    "TCP hosts" },
	{ OPT_EXCLUDES, { CN(proxy_url) }, { CN(xproto), CN(xaddr) },
	    "--proxy does not go with -X or -x" },
	{ OPT_EXCLUDES, { CN(tls) }, { CN(starttls) }, "--tls and --starttls "
	    "exclude each other (--starttls speaks TLS after its dialogue)" },
	/* what a UDP session (-u) cannot do */
	{ OPT_EXCLUDES, { CN(udp) }, { CN(unix_path) }, "-U does not go with "
	    "-u "
	    "(UNIX-domain datagram sockets are not supported)" },
	{ OPT_EXCLUDES, { CN(udp) }, { CN(starttls), CN(xmpp_host), CN(ehlo) },
	    "-u does not go with --starttls: STARTTLS needs a stream (-u "
	    "--tls speaks DTLS)" },
	{ OPT_EXCLUDES, { CN(udp) }, { CLI_O_NO_SHUTDOWN, CLI_O_QUIT_EOF },
	    "-u does not go with --no-shutdown or -Q: UDP has no end of "
	    "stream" },
	{ OPT_EXCLUDES, { CN(udp) }, { CN(w.headers), CN(w.binary),
	    CN(w.max_message), CN(w.ping_ms), CN(w.protocols),
	    CN(w.no_deflate) }, "-u does not go "
	    "with the WebSocket options: WebSocket runs over a stream" },
	/* what a program on the connection does not go with */
	{ OPT_EXCLUDES, { CN_COMMAND, CN_EXEC }, { CN(check_only) }, "-z only "
	    "checks that a connection can be made; it does not go with -c "
	    "or -e" },
	{ OPT_EXCLUDES, { CN_COMMAND, CN_EXEC }, { CLI_O_CRLF, CLI_O_NOSTDIN,
	    CLI_O_QUIT_EOF, CLI_O_QUIT, CLI_O_DUMP, CLI_O_NO_SHUTDOWN },
	    "-C, -d, -Q, -q, -x and --no-shutdown shape the relay to stdin; "
	    "they do not go with -c or -e" },
	{ OPT_NEEDS, { CN(lines) }, { CN(udp) }, NULL },
	/* the program's each write a datagram: no relay between */
	{ OPT_NEEDS, { CN(to.mtu) }, { CN(udp) }, "%s needs -u --tls" },
	{ OPT_NEEDS, { CN(to.mtu) }, { CN(tls), CN(starttls) },
	    "%s needs -u --tls" },
	{ OPT_NEEDS, { CN(pty), CN(prog_stderr) }, { CN_COMMAND, CN_EXEC },
	    "%s needs a program (-c or -e)" },
	{ OPT_NEEDS, { CN(xproto) }, { CN(xaddr) },
	    "%s needs -x proxy[:port]" },
	{ OPT_NEEDS, { CN(proxy_user) }, { CN(proxy_url), CN(xproto) },
	    "%s needs --proxy or -X" },
	OPT_RULES_END
};

/*
 * What a program with -u, and what a ws:// or wss:// operand (CN_WS_URL),
 * do not go with, checked once the operands are read.
 */
const struct opt_rule connect_rules_url[] = {
	{ OPT_ALL, { CN_UDP_TLS }, { CN(udp), CN(tls) }, NULL },
	{ OPT_ALL, { CN_UDP_PROG }, { CN(udp), CN_COMMAND }, NULL },
	{ OPT_ALL, { CN_UDP_PROG }, { CN(udp), CN_EXEC }, NULL },
	{ OPT_EXCLUDES, { CN_UDP_TLS }, { CN_COMMAND, CN_EXEC }, "-u --tls "
	    "does not go with -c or -e: the program would get the socket, "
	    "not DTLS" },
	{ OPT_EXCLUDES, { CN_UDP_PROG }, { CN(pty), CLI_O_IDLE, CN(lines) },
	    "with -u the program gets the socket itself: --pty, -i and "
	    "--lines do not go with -u -c or -u -e" },
	{ OPT_NEEDS, { CN(w.headers), CN(w.binary), CN(w.max_message),
	    CN(w.no_deflate),
	    CN(w.ping_ms), CN(w.protocols) }, { CN_WS_URL },
	    "%s needs a ws:// or wss:// URL" },
	{ OPT_EXCLUDES, { CN(check_only) }, { CN_WS_URL }, "-z does not go "
	    "with a "
	    "WebSocket URL: it checks that a TCP connection can be made "
	    "(give host and port)" },
	{ OPT_EXCLUDES, { CN_WS_URL }, { CLI_O_CRLF, CLI_O_DUMP, CN(unix_path),
	    CLI_O_NO_SHUTDOWN }, "%s does not go with a WebSocket URL" },
	{ OPT_EXCLUDES, { CN_WS_URL }, { CN(tls) }, "%s does not go with a "
	    "WebSocket URL (wss:// is over TLS)" },
	{ OPT_EXCLUDES, { CN_WS_URL }, { CN(alpn), CN(starttls), CN(xmpp_host),
	    CN(ehlo), CN(udp), CN_COMMAND, CN_EXEC, CN(pty) },
	    "%s does not go with a WebSocket URL" },
	{ OPT_EXCLUDES, { CN_WS_URL }, { CN(prog_stderr) },
	    "%s does not go with a WebSocket URL" },
	OPT_RULES_END
};

/*
 * What TLS's options need, once a wss:// URL is known: TLS, which a ws://
 * URL lets by in the first two rows for the last two to say wss://.
 */
const struct opt_rule connect_rules_tls[] = {
	{ OPT_NEEDS, { CN(xmpp_host) }, { CN_STLS_XMPP }, NULL },
	{ OPT_NEEDS, { CN(ehlo) }, { CN_STLS_SMTP }, NULL },
	{ OPT_NEEDS, { CN(alpn), CLI_O_CACERT, CLI_O_CAPATH, CLI_O_CERT,
	    CLI_O_INSECURE, CLI_O_KEY, CLI_O_PINNED, CLI_O_SERVERNAME },
	    { CN(tls), CN(starttls), CN_WS_URL }, "%s needs --tls" },
	{ OPT_NEEDS, { CLI_O_TLS_MIN }, { CN(tls), CN(starttls), CN_WS_URL },
	    "%s needs --tls" },
	{ OPT_NEEDS, { CN(alpn), CLI_O_CACERT, CLI_O_CAPATH, CLI_O_CERT,
	    CLI_O_INSECURE, CLI_O_KEY, CLI_O_PINNED, CLI_O_SERVERNAME },
	    { CN(tls), CN(starttls), CN_WSS_URL }, "%s needs --tls (a wss:// "
	    "URL)" },
	{ OPT_NEEDS, { CLI_O_TLS_MIN }, { CN(tls), CN(starttls), CN_WSS_URL },
	    "%s needs --tls (a wss:// URL)" },
	OPT_RULES_END
};

const struct cli_spec connect_spec = {
	connect_usage, opts, CLI_FAMILY | CLI_NUMERIC | CLI_SOURCE | CLI_WAIT |
	    CLI_VERBOSE | CLI_RELAY | CLI_TLS_CLIENT, rules, NULL
};
const struct cli_spec connect_spec_nc = {
	connect_usage, opts, CLI_FAMILY | CLI_NUMERIC | CLI_SOURCE | CLI_WAIT |
	    CLI_VERBOSE | CLI_RELAY | CLI_TLS_CLIENT, rules, opts_nc
};

/*
 * The setters the rows bind (cli.h): each option applied to struct cnx
 * dest, its argument checked first.  Each returns 0, or -1 after a usage
 * error's message.
 */
static int
set_src_port(void *dest, const struct opt_state *st)
{
	char err[SK_ERRLEN];

	if (port_parse(st->arg, 0, err) == -1)
		return msg_usage(connect_usage, "source %s", err);
	((C *)dest)->no.src_port = st->arg;
	return 0;
}

static int
set_starttls(void *dest, const struct opt_state *st)
{
	C *cn = dest;

	/* the table's words: the option reader checked it */
	if ((cn->starttls = starttls_proto(st->arg)) == -1)
		return msg_usage(connect_usage, "--starttls %s: not one of %s",
		    st->arg, STLS_PROTO_WORDS);
	cn->tls = 1;
	return 0;
}

static int
set_alpn(void *dest, const struct opt_state *st)
{
	C *cn = dest;
	char err[SK_ERRLEN];

	if (alpn_parse(st->arg, cn->alpn, sizeof(cn->alpn), &cn->to.alpn_len,
	    err) == -1)
		return msg_usage(connect_usage, "%s", err);
	cn->to.alpn = cn->alpn;
	return 0;
}

/* -H, a header of the WebSocket handshake */
static int
set_header(void *dest, const struct opt_state *st)
{
	struct connect_ws *w = &((C *)dest)->w;
	const char *arg = st->arg;
	char err[SK_ERRLEN];

	if (http_header_check(arg, err) == -1)
		return msg_usage(connect_usage, "-H %s: %s", arg, err);
	/* the key is made afresh for each handshake: a second one would
	 * make the request one a server must refuse */
	if (strncasecmp(arg, "Sec-WebSocket-Key", 17) == 0 &&
	    (arg[17] == ':' || arg[17] == ';'))
		return msg_usage(connect_usage, "-H %s: sockt makes the "
		    "Sec-WebSocket-Key", arg);
	if (w->nheaders == CONNECT_WS_HEADERS)
		return msg_usage(connect_usage, "more than %d -H",
		    CONNECT_WS_HEADERS);
	w->headers[w->nheaders++] = arg;
	return 0;
}

static int
set_ws_protocol(void *dest, const struct opt_state *st)
{
	const char *arg = st->arg;

	if (strlen(arg) >= WS_PROTO_MAX || !http_value_ok(arg) ||
	    strspn(arg, " ,\t") == strlen(arg))
		return msg_usage(connect_usage, "--ws-protocol %s: not a list "
		    "of subprotocols", arg);
	((C *)dest)->w.protocols = arg;
	return 0;
}
