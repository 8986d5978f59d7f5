/*
 * cmd/listen/listen_opts.c: listen's usage, its option table and what does not
 * go together: each option declared once, here, and the usage, help and
 * completion read from it.  listen.c reads the command line with them.
 */
#include <string.h>

#include "cli/cli.h"
#include "cli/join.h"
#include "cli/msg.h"
#include "cli/server_tls.h"
#include "cli/server_user.h"
#include "cmd/cmd.h"
#include "cmd/listen/listen.h"
#include "parse/opt.h"
#include "tls/tls.h"
#include "util/base.h"

const char listen_usage[] =
    "usage: sockt listen [-46CdlnQvx] [-i secs] [-p port] [-q secs] "
    "[-w secs]\n"
    "                    [--no-shutdown] [addr] port\n"
    "       sockt listen -u [-46Cdnvx] [--lines] [-i secs] [-q secs] "
    "[-w secs]\n"
    "                    [--allow spec] [--deny spec] [--join group]\n"
    "                    [--tls [--cert file] [--key file] "
    "[--mtu bytes] [--tls-min 1.2|1.3]\n"
    "                    [--tls-verify-client --cacert file]]\n"
    "                    [addr] port\n"
    "       sockt listen -U [-CdQvx] [-i secs] [-q secs] [-w secs]\n"
    "                    [--no-shutdown] path\n"
    "       sockt listen [-46knv] [-i secs] [-m max] [--allow spec] "
    "[--deny spec]\n"
    "                    [--max-per-peer n] [--pty] [--stderr] [addr] port\n"
    "                    [-c command | -e prog [arg ...]]\n"
    "       sockt listen [-46knUv] [-i secs] [-m max] [-s addr] [-w secs]\n"
    "                    [--allow spec] [--deny spec] [--max-per-peer n]\n"
    "                    [--no-shutdown] [addr] port "
    "{--to host:port | --to-unix path}\n"
    "       sockt listen [-46knUv] [-i secs] [-m max] [-s addr] [-w secs]\n"
    "                    [--allow spec] [--deny spec] [--max-per-peer n]\n"
    "                    [--no-shutdown] [addr] port --to host:port "
    "--proxy url\n"
    "                    [--proxy-user user:pw]\n"
    "       sockt listen --tls [--cert file [--key file]] "
    "[--tls-min 1.2|1.3]\n"
    "                    [--tls-verify-client --cacert file] "
    "[option ...] [addr] port ...\n"
    "       sockt listen [option ...] [addr] port --to host:port "
    "--to-tls\n"
    "                    [--to-cacert file] [--to-insecure] "
    "[--to-servername name]\n"
    "       sockt listen [-46knv] [-m max] [--allow spec] [--deny spec]\n"
    "                    [--max-per-peer n] [--tls] {--broker | --chat} "
    "[addr] port\n"
    "       sockt listen [-46knUv] [-i secs] [-m max] [-s addr] [-w secs]\n"
    "                    [--allow spec] [--deny spec] [--max-per-peer n]\n"
    "                    [--allow-to spec] [--deny-to spec] "
    "[--serve-proxy-auth user:pw]\n"
    "                    [--serve-proxy-log file|none] [--proxy url] "
    "[--tls]\n"
    "                    [addr] port --serve-proxy socks5|http\n"
    "       sockt listen --ws [--ws-binary] [--ws-half-close secs]\n"
    "                    [--ws-max-message bytes] [--ws-no-deflate] "
    "[--ws-origin list]\n"
    "                    [--ws-path path] [--ws-ping secs] "
    "[--ws-protocol list]\n"
    "                    [option ...] [addr] port "
    "...\n"
    "       sockt listen [option ...] [addr] port --to ws-url\n"
    "       sockt listen --user name [option ...] [addr] port ...\n"
    "       sockt listen --accept-proxy-protocol [--proxy-from list] "
    "[option ...]\n"
    "                    [addr] port ...\n"
    "       sockt listen --proxy-protocol v1|v2 [option ...]\n"
    "                    [addr] port {--to host:port | --to-unix path}\n";

/* the struct the rows bind (cl.dest) */
#define L	struct listen_args

static int	set_to_cacert(void *, const struct opt_state *);
static int	set_to_servername(void *, const struct opt_state *);
static int	set_serve_proxy(void *, const struct opt_state *);
static int	set_serve_proxy_auth(void *, const struct opt_state *);
static int	set_allow_to(void *, const struct opt_state *);
static int	set_deny_to(void *, const struct opt_state *);
static int	set_serve_proxy_log(void *, const struct opt_state *);
static int	set_ws_origin(void *, const struct opt_state *);
static int	set_ws_path(void *, const struct opt_state *);
static int	set_ws_protocol(void *, const struct opt_state *);
static int	set_pp_from(void *, const struct opt_state *);
static int	set_pp_send(void *, const struct opt_state *);

/*
 * Each row binds its option: a flag or a value into its member of struct
 * listen_args, or an argument through a setter that checks it.
 */
static const struct opt_def opts[] = {
	CLI_FAMILY_DOC,
	OPT_DOC(CLI_O_CRLF, "  -C, -d, -i, -Q, -q, -x  shape the relay to "
	    "stdin as for connect\n"),
	OPT_LIKE_ABOVE(CLI_O_NOSTDIN),
	OPT_LIKE_ABOVE(CLI_O_IDLE),
	OPT_LIKE_ABOVE(CLI_O_QUIT_EOF),
	OPT_LIKE_ABOVE(CLI_O_QUIT),
	OPT_LIKE_ABOVE(CLI_O_DUMP),
	OPT_DOC(CLI_O_NO_SHUTDOWN,
	    "  --no-shutdown  no half-close at the end of stdin: end when the "
	    "peer closes\n"
	    "             (with --to: the client's end is not passed on)\n"),
	OPT_DOC(CLI_O_NUMERIC,
	    "  -n         no name lookups: addr must be an address\n"),
	OPT_FLAG_(LS_NC_LISTEN, 'l', NULL,
	    "  -l         nc's listen flag: taken, listen listens already\n"),
	OPT_STRING('p', NULL, "port", COMP_PORT, L, ops[1],
	    "  -p port    the port, as nc -l -p port names it (or the "
	    "operand)\n"),
	CLI_UNIX_AT(L, unix_path),
	OPT_BOOL('u', NULL, L, udp,
	    "  -u         UDP: the first datagram's sender is the peer, "
	    "relayed as\n"
	    "             connect -u does (-q 1 by default); others are "
	    "dropped\n"),
	CLI_JOIN_DOC,
	CLI_LINES_AT(L, lines),
	CLI_MTU_AT(L, tso.mtu,
	    "  --mtu bytes  with -u --tls: the path MTU (default: the "
	    "kernel's)\n"),
	OPT_DOC(CLI_O_VERBOSE,
	    "  -v         say the port listened on and each connection\n"),
	OPT_DOC(CLI_O_WAIT,
	    "  -w secs    exit 1 if no connection arrives within secs\n"),
	CLI_USER_DOC,
	OPT_TEXT("server (-k, -c, -e):\n"),
	OPT_ARG_(LS_COMMAND, 'c', "sh-exec", "command", COMP_NONE,
	    "  -c, --sh-exec command  run command with /bin/sh -c on each "
	    "connection\n"),
	OPT_ARG_(LS_EXEC, 'e', NULL, "prog", COMP_NONE,
	    "  -e prog [arg ...]  run prog on each connection (comes "
	    "last)\n"),
	OPT_DOC(CLI_O_IDLE,
	    "  -i secs    close a connection where no data moves for secs\n"),
	OPT_BOOL('k', "keep-open", L, keep,
	    "  -k, --keep-open  keep accepting; without -c or -e copy data to "
	    "stdout\n"),
	OPT_DOC(CLI_O_MAX, "  -m max     at most max children at once "
	    "(default 100; fewer if RLIMIT_NOFILE)\n"),
	CLI_ACL_DOC,
	CLI_PER_PEER_DOC,
	OPT_BOOL(0, "pty", L, pty,
	    "  --pty      run the program on a pseudo-terminal of its own: "
	    "the session\n"
	    "             leader, stdin, stdout and stderr on it (tty, stty, "
	    "job control)\n"),
	OPT_BOOL(0, "stderr", L, prog_stderr,
	    "  --stderr   give the program's stderr to the client too\n"),
	OPT_TEXT("forwarder (--to, --to-unix; one connection without -k):\n"),
	OPT_ARG_(LS_TO, 0, "to", "host:port", COMP_HOST,
	    "  --to host:port  dial host:port ([v6addr]:port) for each "
	    "client\n"
	    "             and relay the two both ways\n"),
	OPT_STRING(0, "to-unix", "path", COMP_FILE, L, ls.to_unix,
	    "  --to-unix path  dial the UNIX-domain socket path instead\n"),
	OPT_STRWORDS(0, "proxy", "url", CLI_PROXY_WORDS, L, proxy_url,
	    "  --proxy url  dial --to through this proxy: socks5://, "
	    "socks5h://,\n"
	    "             socks4://, socks4a:// or http:// (CONNECT), "
	    "user:pw@ allowed;\n"
	    "             without --to, a SOCKS5 BIND: the proxy listens "
	    "for the peer\n"
	    "             addr port names (0: any)\n"),
	CLI_PROXY_USER_AT(L, proxy_user),
	OPT_DOC(CLI_O_SOURCE,
	    "  -s addr    the source address of the onward connection (to "
	    "the\n"
	    "             proxy with --proxy); the listening address is the "
	    "operand\n"),
	OPT_DOC(CLI_O_WAIT,
	    "  -w secs    the onward connect timeout (default 10), proxy "
	    "handshake\n"
	    "             included\n"),
	OPT_BOOL(0, "to-tls", L, to_tls_on,
	    "  --to-tls   speak TLS to --to's host, its certificate verified "
	    "against the\n"
	    "             system's CA store and the host\n"),
	OPT_CALL(0, "to-cacert", "file", COMP_FILE, NULL, L, to_tls.cafile,
	    set_to_cacert,
	    "  --to-cacert file  trust the CA certificates of file (PEM) "
	    "instead\n"),
	OPT_BOOL(0, "to-insecure", L, to_tls.insecure,
	    "  --to-insecure  do not verify the far side's certificate\n"),
	OPT_CALL(0, "to-servername", "name", COMP_HOST, NULL, L,
	    to_servername, set_to_servername,
	    "  --to-servername name  send this name (SNI) and check the "
	    "certificate\n"
	    "             against it\n"),
	OPT_TEXT("broker (--broker, --chat; one process, -k implied):\n"),
	OPT_BOOL(0, "broker", L, broker,
	    "  --broker   pass each client's bytes to every other client; "
	    "its end\n"
	    "             of file closes it, as ncat's; one that does not "
	    "read is\n"
	    "             dropped when 1 MiB waits for it\n"),
	OPT_BOOL(0, "chat", L, chat,
	    "  --chat     a chat room: each line to the others as "
	    "\"<userN> line\",\n"
	    "             control bytes escaped; joins and leaves "
	    "announced\n"),
	OPT_TEXT("proxy server (--serve-proxy; one connection without -k; "
	    "no addr: 127.0.0.1,\n"
	    "::1 with -6; a client not on loopback needs --allow, "
	    "--serve-proxy-auth\nor --tls-verify-client, and reaches this "
	    "host's or link-local addresses\nonly by --allow-to):\n"),
	OPT_CALL_ID(LS_SERVE_PROXY, 0, "serve-proxy", "socks5|http",
	    COMP_WORDS, "socks5 http", set_serve_proxy,
	    "  --serve-proxy socks5|http  be a SOCKS5 (CONNECT) or HTTP "
	    "proxy (CONNECT,\n"
	    "             http:// URLs kept alive, sent on canonical: "
	    "framing written\n"
	    "             anew, Via added); -w is the onward connect "
	    "timeout, -s its\n"
	    "             source, --proxy chains onward\n"),
	OPT_CALL_ID(LS_SERVE_PROXY_AUTH, 0, "serve-proxy-auth", "user:pw",
	    COMP_NONE, NULL, set_serve_proxy_auth,
	    "  --serve-proxy-auth user:pw  ask clients for this user and "
	    "password\n"
	    "             (SOCKS5 RFC 1929, HTTP Proxy-Authorization: "
	    "Basic)\n"),
	OPT_CALL_ID(LS_ALLOW_TO, 0, "allow-to", "spec", COMP_NONE, NULL,
	    set_allow_to,
	    "  --allow-to spec  let clients reach only these: CIDR, or "
	    "host:port\n"
	    "             (port * for any; repeatable); never the proxy "
	    "itself\n"),
	OPT_CALL_ID(LS_DENY_TO, 0, "deny-to", "spec", COMP_NONE, NULL,
	    set_deny_to,
	    "  --deny-to spec  never let clients reach these (as --allow-to; "
	    "it wins)\n"),
	OPT_CALL_ID(LS_SERVE_PROXY_LOG, 0, "serve-proxy-log", "file|none",
	    COMP_FILE, NULL, set_serve_proxy_log,
	    "  --serve-proxy-log file|none  the record, a line a request or "
	    "tunnel, to\n"
	    "             file (appended) or none; default stderr\n"),
	OPT_TEXT("WebSocket (--ws: every mode but the proxy server; --to "
	    "ws-url, ws://host[:port][/path]\nor wss://..., the other "
	    "way):\n"),
	OPT_BOOL(0, "ws", L, ws_on,
	    "  --ws       upgrade each connection to WebSocket (a plain HTTP "
	    "request gets\n"
	    "             426), then relay messages: a text message a line, "
	    "a line a\n"
	    "             message; with --to, messages in are bytes out (over "
	    "TLS with\n"
	    "             --to-tls), bytes back binary messages\n"),
	OPT_BOOL(0, "ws-binary", L, ws.binary,
	    "  --ws-binary  each read a binary message, payloads passed on "
	    "raw\n"),
	OPT_SECS(0, "ws-half-close", "--ws-half-close", L, ws.half_close_ms,
	    "  --ws-half-close secs  take a client's Close as the end of its "
	    "input: answer it\n"
	    "             once stdin or the program ends, secs at most "
	    "(breaks RFC 6455\n"
	    "             5.5.1; default: at once, 3 s for a program)\n"),
	CLI_WS_MAX_AT(L, ws.max_message),
	OPT_BOOL(0, "ws-no-deflate", L, ws.no_deflate,
	    "  --ws-no-deflate  no permessage-deflate (compression): decline "
	    "it, and with\n"
	    "             --to ws:// offer none\n"),
	OPT_CALL(0, "ws-origin", "list", COMP_NONE, NULL, L, ws.origins,
	    set_ws_origin,
	    "  --ws-origin list  upgrade only requests whose Origin is in "
	    "list (comma-\n"
	    "             separated, http://host[:port]; others get 403); "
	    "the program gets\n"
	    "             it as SOCKT_WS_ORIGIN\n"),
	OPT_CALL(0, "ws-path", "path", COMP_NONE, NULL, L, ws.path,
	    set_ws_path,
	    "  --ws-path path  upgrade only requests for path (others get "
	    "404)\n"),
	OPT_SECS(0, "ws-ping", "--ws-ping", L, ws.ping_ms,
	    "  --ws-ping secs  ping every secs; end a connection that sends "
	    "no pong within\n"
	    "             secs\n"),
	OPT_CALL(0, "ws-protocol", "list", COMP_NONE, NULL, L, ws.protocols,
	    set_ws_protocol,
	    "  --ws-protocol list  the subprotocols to agree to, the first "
	    "a client offers\n"),
	OPT_TEXT("PROXY protocol (haproxy's, v1 text or v2 binary; the "
	    "header before TLS):\n"),
	OPT_BOOL(0, "accept-proxy-protocol", L, so.proxy_hdr,
	    "  --accept-proxy-protocol  each connection begins with a PROXY "
	    "header (v1 or\n"
	    "             v2, within 3 s, or -i if shorter), whose client is "
	    "the peer from\n"
	    "             then on: SOCKT_PEER_ADDR, -v, --allow, --deny, "
	    "--max-per-peer; one\n"
	    "             without a valid header is reset and said\n"),
	OPT_CALL(0, "proxy-from", "list", COMP_NONE, NULL, L, so.pp_from,
	    set_pp_from,
	    "  --proxy-from list  take the header only from these peers "
	    "(addresses or CIDR\n"
	    "             blocks, commas between; repeatable), resetting any "
	    "other at once;\n"
	    "             without it any peer may name any client\n"),
	OPT_CALL(0, "proxy-protocol", "v1|v2", COMP_WORDS, "v1 v2", L,
	    ls.fwd.pp_version, set_pp_send,
	    "  --proxy-protocol v1|v2  send --to's or --to-unix's far side a "
	    "PROXY header\n"
	    "             that names the client, before any of its bytes\n"),
	OPT_TEXT("TLS (every mode, the proxy server's an HTTPS proxy; the "
	    "handshake within -i,\n"
	    "else -w, else 10 s; the broker's within 10 s):\n"),
	CLI_TLS_SERVER_DOC,
	OPT_END
};

/* the relay's shaping options, as the rules below name them */
#define LS_SHAPE	CLI_O_CRLF, CLI_O_NOSTDIN, CLI_O_QUIT_EOF, CLI_O_QUIT
/* What listen's options need and exclude, a row a rule. */
static const struct opt_rule rules[] = {
	{ OPT_EXCLUDES, { LS_SHAPE, CLI_O_DUMP }, { LS(keep) },
	    "-C, -d, -Q, -q, -w and -x shape the relay to stdin; they do not "
	    "go with -k" },
	{ OPT_EXCLUDES, { LS_SHAPE, CLI_O_WAIT, CLI_O_DUMP }, { LS_COMMAND,
	    LS_EXEC }, "-C, -d, -Q, -q, -w and -x shape the relay to stdin; "
	    "they do not go with -c or -e" },
	{ OPT_EXCLUDES, { CLI_O_NO_SHUTDOWN }, { LS_COMMAND, LS_EXEC },
	    "--no-shutdown goes with the relay to stdin or --to; not with -c "
	    "or -e" },
	{ OPT_EXCLUDES, { LS(unix_path) }, { CLI_O_4, CLI_O_6, CLI_O_NUMERIC },
	    "-U does not go with -4, -6 or -n: a UNIX socket has no address "
	    "family or host name" },
	{ OPT_EXCLUDES, { LS(unix_path) }, { CLI_O_PER_PEER },
	    "--max-per-peer is for IP peers; it does not go with -U" },
	{ OPT_EXCLUDES, { LS(unix_path) }, { LS(so.pp_from) },
	    "--proxy-from is for IP "
	    "peers; it does not go with -U" },
	{ OPT_EXCLUDES, { LS(unix_path) }, { CLI_O_ALLOW, CLI_O_DENY },
	    "--allow and --deny are for IP peers; they do not go with -U" },
	{ OPT_EXCLUDES, { LS_TO, LS(ls.to_unix) }, { 0 }, NULL },
	{ OPT_EXCLUDES, { LS_TO, LS(ls.to_unix) }, { LS_SHAPE, CLI_O_DUMP,
	    LS_COMMAND, LS_EXEC }, "--to and --to-unix forward the "
	    "connection; they do not go with -c, -e, -C, -d, -Q, -q or -x" },
	{ OPT_EXCLUDES, { LS(proxy_url), LS(proxy_user) }, { LS(ls.to_unix) },
	    "--proxy and --proxy-user go with --to, not with --to-unix: a "
	    "proxy dials hosts, not local paths" },
	/* the modes that serve on their own, one at a time */
	{ OPT_EXCLUDES, { LS(broker), LS(chat), LS_SERVE_PROXY }, { 0 }, NULL },
	{ OPT_EXCLUDES, { LS(broker), LS(chat) }, { LS_COMMAND, LS_EXEC,
	    LS(prog_stderr), LS(pty), LS_TO, LS(ls.to_unix), LS(proxy_url),
	    LS(to_tls_on) },
	    "--broker and --chat pass each client's bytes to the others; they "
	    "do not go with -c, -e, --to or --to-unix" },
	{ OPT_EXCLUDES, { LS(broker), LS(chat) }, { LS_SHAPE, CLI_O_DUMP,
	    CLI_O_IDLE, CLI_O_WAIT, CLI_O_NO_SHUTDOWN }, "-C, -d, -i, -Q, -q, "
	    "-w, -x and --no-shutdown do not go with --broker or --chat" },
	{ OPT_EXCLUDES, { LS(broker), LS(chat) }, { LS(unix_path) },
	    "--broker and "
	    "--chat serve TCP clients; they do not go with -U" },
	/*
	 * The client names the far side (so no --to) and speaks its own
	 * TLS to it through the tunnel (so no --to-tls); no program
	 */
	{ OPT_EXCLUDES, { LS_SERVE_PROXY }, { LS_TO, LS(ls.to_unix), LS_COMMAND,
	    LS_EXEC, LS(prog_stderr), LS(to_tls_on) },
	    "--serve-proxy serves on its "
	    "own: each client names where it goes and speaks its own TLS "
	    "there; it does not go with --to, --to-unix, --to-tls, -c, -e or "
	    "--stderr" },
	/* --ws --to-tls goes: a WebSocket client's bytes to a TLS far side */
	{ OPT_EXCLUDES, { LS(ws_on) }, { LS_SERVE_PROXY },
	    "--ws does not go with "
	    "--serve-proxy: a proxy's client speaks SOCKS5 or HTTP, not "
	    "WebSocket" },
	{ OPT_EXCLUDES, { LS(ws_on) }, { LS(pty), CLI_O_CRLF, CLI_O_DUMP,
	    CLI_O_NO_SHUTDOWN }, "--ws does not go with --pty, -C, -x or "
	    "--no-shutdown: WebSocket moves messages and ends with a Close, "
	    "not a byte stream that a terminal, CRLF, a hex dump or a "
	    "half-close acts on" },
	{ OPT_EXCLUDES, { LS(ls.fwd.pp_version) }, { LS(broker), LS(chat),
	    LS_SERVE_PROXY },
	    "--proxy-protocol goes with --to or --to-unix: the header begins "
	    "a connection forwarded as it came; not with --broker, --chat or "
	    "--serve-proxy" },
	{ OPT_EXCLUDES, { LS_SERVE_PROXY }, { LS_SHAPE, CLI_O_DUMP },
	    "--serve-proxy relays its clients onward; it does not go with "
	    "-C, -d, -Q, -q or -x" },
	/* -u: one peer, relayed to stdin and stdout */
	{ OPT_EXCLUDES, { LS(udp) }, { LS(keep), CLI_O_MAX, CLI_O_PER_PEER },
	    "-u relays one peer; for many UDP peers use udp-serve (--to "
	    "forwards)" },
	{ OPT_EXCLUDES, { LS(udp) }, { LS_COMMAND, LS_EXEC, LS(prog_stderr),
	    LS(pty) }, "-u relays one peer to stdin and stdout; it does not go "
	    "with -c or -e" },
	{ OPT_EXCLUDES, { LS(udp) }, { LS_TO, LS(ls.to_unix), LS(proxy_url),
	    LS(proxy_user), LS(to_tls_on), LS(to_tls.cafile),
	    LS(to_tls.insecure) }, "-u does "
	    "not go with --to or a proxy; udp-serve --to forwards UDP" },
	{ OPT_EXCLUDES, { LS(udp) }, { LS(broker), LS(chat), LS_SERVE_PROXY,
	    LS_SERVE_PROXY_AUTH, LS_ALLOW_TO, LS_DENY_TO, LS_SERVE_PROXY_LOG,
	    LS(ws_on) }, "-u does not go with "
	    "--broker, --chat, --serve-proxy or --ws: each of them speaks "
	    "over a stream, and UDP has none" },
	{ OPT_EXCLUDES, { LS(udp) }, { LS(unix_path) },
	    "-U does not go with -u "
	    "(UNIX-domain datagram sockets are not supported)" },
	{ OPT_EXCLUDES, { LS(udp) }, { CLI_O_NO_SHUTDOWN, CLI_O_QUIT_EOF },
	    "-u does not go with --no-shutdown or -Q: UDP has no end of "
	    "stream" },
	{ OPT_EXCLUDES, { LS(udp) }, { LS(ls.fwd.pp_version), LS(so.proxy_hdr),
	    LS(so.pp_from) },
	    "-u does not go with --proxy-protocol, --accept-proxy-protocol or "
	    "--proxy-from: the PROXY header begins a TCP stream" },
	{ OPT_EXCLUDES, { LS(ops[1]) }, { LS(unix_path) },
	    "-p names a port; -U "
	    "listens on a path" },
	{ OPT_NEEDS, { LS(lines) }, { LS(udp) }, NULL },
	{ OPT_NEEDS, { LS(tso.mtu) }, { LS(udp) }, "%s needs -u --tls" },
	{ OPT_NEEDS, { LS(tso.mtu) }, { CLI_O_SRV_TLS }, "%s needs -u --tls" },
	{ OPT_NEEDS, { CLI_O_JOIN }, { LS(udp) }, NULL },
	{ OPT_NEEDS, { LS(proxy_user) }, { LS(proxy_url) }, NULL },
	{ OPT_NEEDS, { LS_SERVE_PROXY_AUTH, LS_ALLOW_TO, LS_DENY_TO,
	    LS_SERVE_PROXY_LOG }, { LS_SERVE_PROXY }, NULL },
	{ OPT_NEEDS, { CLI_O_SOURCE }, { LS_TO, LS(ls.to_unix),
	    LS_SERVE_PROXY },
	    "%s needs --to or --to-unix" },
	{ OPT_NEEDS, { LS(ls.fwd.pp_version) }, { LS_TO, LS(ls.to_unix) },
	    NULL },
	{ OPT_NEEDS, { LS(so.pp_from) }, { LS(so.proxy_hdr) }, NULL },
	{ OPT_NEEDS, { LS(pty), LS(prog_stderr) }, { LS_COMMAND, LS_EXEC },
	    "%s needs a program (-c or -e)" },
	/* one connection at a time: nothing to count, no peer to limit */
	{ OPT_NEEDS, { CLI_O_MAX }, { LS(keep), LS(broker), LS(chat),
	    LS_COMMAND,
	    LS_EXEC, LS_TO, LS(ls.to_unix), LS_SERVE_PROXY }, "%s needs -k" },
	{ OPT_NEEDS, { CLI_O_PER_PEER }, { LS(keep), LS(broker), LS(chat) },
	    "%s needs -k" },
	{ OPT_NEEDS, { LS(to_tls_on) }, { LS_TO, LS(ls.to_unix) },
	    "%s needs --to host:port or --to-unix path" },
	OPT_RULES_END
};

/*
 * The rules about what --to's value chose (LS_TO_WS, LS_TO_WSS), checked
 * once the operands are read, as they always were: "listen --ws-ping 5"
 * is told its missing port first.
 */
const struct opt_rule listen_rules_to[] = {
	/* --to wss:// is TLS onward too */
	{ OPT_NEEDS, { LS(to_tls.cafile), LS(to_tls.insecure),
	    LS(to_servername) },
	    { LS(to_tls_on), LS_TO_WSS }, "%s needs --to-tls or --to wss://" },
	{ OPT_EXCLUDES, { LS(ws_on) }, { LS_TO_WS },
	    "--ws and --to ws:// exclude "
	    "each other: one side speaks WebSocket" },
	{ OPT_EXCLUDES, { LS_TO_WS }, { LS(to_tls_on) },
	    "--to ws:// does not go "
	    "with --to-tls (a wss:// URL is over TLS)" },
	{ OPT_NEEDS, { LS(ws.binary), LS(ws.max_message), LS(ws.path),
	    LS(ws.ping_ms),
	    LS(ws.protocols), LS(ws.no_deflate), LS(ws.origins),
	    LS(ws.half_close_ms) },
	    { LS(ws_on), LS_TO_WS }, "%s needs --ws or --to ws://" },
	/* what a WebSocket server's side alone does */
	{ OPT_NEEDS, { LS(ws.binary), LS(ws.path), LS(ws.origins),
	    LS(ws.half_close_ms) }, { LS(ws_on) }, "%s needs --ws" },
	OPT_RULES_END
};

/*
 * What -k alone (LS_KEEP_ALONE: no --to, --to-unix or --serve-proxy,
 * which take -w and --no-shutdown for the onward side) excludes, checked
 * once that is known, before the operands, as it always was.
 */
const struct opt_rule listen_rules_keep[] = {
	{ OPT_EXCLUDES, { CLI_O_WAIT }, { LS_KEEP_ALONE }, "-C, -d, -Q, -q, "
	    "-w and -x shape the relay to stdin; they do not go with -k" },
	{ OPT_EXCLUDES, { CLI_O_NO_SHUTDOWN }, { LS_KEEP_ALONE },
	    "--no-shutdown goes with the relay to stdin or --to; not with -k "
	    "alone" },
	OPT_RULES_END
};

const struct cli_spec listen_spec = {
	listen_usage, opts, CLI_FAMILY | CLI_NUMERIC | CLI_WAIT | CLI_VERBOSE |
	    CLI_RELAY | CLI_ACL | CLI_LIMITS | CLI_SOURCE | CLI_TLS_SERVER |
	    CLI_JOIN | CLI_USER,
	    rules, NULL
};

/*
 * The setters the rows bind (cli.h): each option applied to struct
 * listen_args dest, its argument checked first.  Each returns 0, or -1
 * after a usage error's message (CLI_FAIL after another's).
 */

/* --to-tls's options with an argument */
static int
set_to_arg(const char **p, const char *arg, const char *opt,
    const char *what)
{
	if (*arg == '\0')
		return msg_usage(listen_usage, "%s: empty %s", opt, what);
	*p = arg;
	return 0;
}

static int
set_to_cacert(void *dest, const struct opt_state *st)
{
	return set_to_arg(&((L *)dest)->to_tls.cafile, st->arg,
	    "--to-cacert", "file name");
}

static int
set_to_servername(void *dest, const struct opt_state *st)
{
	return set_to_arg(&((L *)dest)->to_servername, st->arg,
	    "--to-servername", "name");
}

/* --serve-proxy's, into struct lproxy (listen_proxy.c) */
static int
set_serve_proxy(void *dest, const struct opt_state *st)
{
	return lproxy_set(dest, LS_SERVE_PROXY, st->arg);
}

static int
set_serve_proxy_auth(void *dest, const struct opt_state *st)
{
	return lproxy_set(dest, LS_SERVE_PROXY_AUTH, st->arg);
}

static int
set_allow_to(void *dest, const struct opt_state *st)
{
	return lproxy_set(dest, LS_ALLOW_TO, st->arg);
}

static int
set_deny_to(void *dest, const struct opt_state *st)
{
	return lproxy_set(dest, LS_DENY_TO, st->arg);
}

static int
set_serve_proxy_log(void *dest, const struct opt_state *st)
{
	return lproxy_set(dest, LS_SERVE_PROXY_LOG, st->arg);
}

/* --ws's, read by listen_ws.c */
static int
set_ws(void *dest, const char *name, const char *arg)
{
	return lws_arg(&((L *)dest)->ws, name, arg, listen_usage) ==
	    CMD_GO_ON ? 0 : -1;
}

static int
set_ws_origin(void *dest, const struct opt_state *st)
{
	return set_ws(dest, "--ws-origin", st->arg);
}

static int
set_ws_path(void *dest, const struct opt_state *st)
{
	return set_ws(dest, "--ws-path", st->arg);
}

static int
set_ws_protocol(void *dest, const struct opt_state *st)
{
	return set_ws(dest, "--ws-protocol", st->arg);
}

static int
set_pp_from(void *dest, const struct opt_state *st)
{
	return lpp_from(&((L *)dest)->so, st->arg) == CMD_GO_ON ? 0 : -1;
}

static int
set_pp_send(void *dest, const struct opt_state *st)
{
	if (strcmp(st->arg, "v1") != 0 && strcmp(st->arg, "v2") != 0)
		return msg_usage(listen_usage, "--proxy-protocol %s: v1 or v2",
		    st->arg);
	((L *)dest)->ls.fwd.pp_version = st->arg[1] - '0';
	return 0;
}
