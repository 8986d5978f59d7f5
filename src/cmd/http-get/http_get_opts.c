/*
 * cmd/http-get/http_get_opts.c: http-get's command line: the usage, the option
 * table (--help, the completions and t0032 read it), each option read
 * into the configuration (http/conf.h; the engine reads the arguments
 * it knows); http_get_show.c hands it to the engine to settle.
 */

#include <string.h>

#include "cli/cli.h"
#include "cli/msg.h"
#include "cmd/cmd.h"
#include "cmd/http-get/http_get.h"
#include "cmd/http-get/http_get_config.h"
#include "http/conf.h"
#include "http/engine.h"
#include "parse/opt.h"


const char hg_usage[] =
    "usage: sockt http-get [-46#fgIiJjkLnpqRSsvZ] [-A agent]"
    " [-C offset | -r range]\n"
    "                      [-D file] [-b name=value;...|file]..."
    " [-c file] [-e url]\n"
    "                      [-H header|@file]... [-m secs] [-o file... | -O]\n"
    "                      [-K file]...\n"
    "                      [-U user:pw] [-u user:password]"
    " [-w format] [-X GET]\n"
    "                      [-Y speed] [-y secs]\n"
    "                      [-x url] [-z [-]date|file] [--alt-svc \"\"]\n"
    "                      [--cacert file]\n"
    "                      [--anyauth | --basic | --digest]"
    " [--proxy-digest]\n"
    "                      [--capath dir] [--cert file [--key file]]"
    " [--ciphers list]\n"
    "                      [--clobber]\n"
    "                      [--compressed] [--connect-timeout secs]\n"
    "                      [--connect-to host1:port1:host2:port2]...\n"
    "                      [--create-dirs] [--disallow-username-in-url]\n"
    "                      [--etag-compare file] [--etag-save file]\n"
    "                      [--fail-early] [--fail-with-body] [--http1.1]\n"
    "                      [--haproxy-protocol] [--idle-timeout secs]\n"
    "                      [--ignore-content-length]\n"
    "                      [--interface name] [--limit-rate rate]\n"
    "                      [--location-trusted] [--max-filesize bytes]\n"
    "                      [--max-redirs n] [--no-clobber] [--no-http0.9]\n"
    "                      [--no-include]\n"
    "                      [--netrc | --netrc-file file | --netrc-optional]\n"
    "                      [--no-progress-meter] [--noproxy list]\n"
    "                      [--oauth2-bearer token] [--output-dir dir]\n"
    "                      [--parallel-host n] [--parallel-max n]\n"
    "                      [--path-as-is] [--pinnedpubkey hashes|file]\n"
    "                      [--pipeline [depth]] [--proto list]"
    " [--proto-redir list]\n"
    "                      [--proxy-anyauth] [--proxy-cacert file]\n"
    "                      [--proxy-header header]... [--proxy-insecure]\n"
    "                      [--raw] [--remove-on-error] [--remote-name-all]\n"
    "                      [--request-target target]\n"
    "                      [--resolve host:port:addrs]... [--retry n]\n"
    "                      [--retry-all-errors] [--retry-connrefused]\n"
    "                      [--retry-delay secs] [--retry-max-time secs]\n"
    "                      [--servername name]\n"
    "                      [--socks4 host[:port]] [--socks4a host[:port]]\n"
    "                      [--socks5 host[:port]]"
    " [--socks5-hostname host[:port]]\n"
    "                      [--stderr file] [--suppress-connect-headers]\n"
    "                      [--tr-encoding] [--tls-min 1.2|1.3]\n"
    "                      [--tls13-ciphers list]\n"
    "                      [--tlsv1.2 | --tlsv1.3]\n"
    "                      [--unix-socket path] [--url URL]...\n"
    "                      [--urls file] URL... [--next options URL...]...\n";
/*
 * The options that bind no member of struct hconf of their own: -X and
 * --resolve --connect-to (setters, the latter two into one map), and
 * curl's -# --http1.1 --alt-svc "", which say what http-get does anyway.  Every
 * other option is its row alone, named by its member: HG(f).
 */
enum {
	HG_REQUEST = CLI_O_OWN,	/* -X GET */
	HG_RESOLVE,		/* --resolve host:port:addr[,addr...] */
	HG_CONNECT_TO,		/* --connect-to host1:port1:host2:port2 */
	HG_HTTP11,		/* --http1.1 */
	HG_NO_HTTP09,		/* --no-http0.9 */
	HG_NO_INCLUDE,		/* --no-include */
	HG_STDERR,		/* --stderr file */
	HG_SOCKS5,		/* curl's --socks5 host[:port] ... */
	HG_SOCKS5H,
	HG_SOCKS4,
	HG_SOCKS4A,
	HG_TLSV12,		/* curl's --tlsv1.2: --tls-min 1.2 */
	HG_TLSV13,
	HG_CONFIG,		/* -K file */
	HG_NEXT,		/* --next */
	HG_URL,			/* curl's --url: an operand in its place */
	HG_DISABLE,		/* -q */
	HG_REMOTE_NAME,		/* -O: into outs, paired with its URL */
	HG_ALT_SVC		/* curl's --alt-svc "": none */
};
/* the struct the rows bind (cl.dest), and an option's id by its member */
#define H	struct hconf
#define HG(f)	OPT_AT(H, f)


#define WRITE_OUT_WORDS	"%{http_code} %{size_download} %{size_header} " \
	"%{time_namelookup} %{time_connect} %{time_starttransfer} " \
	"%{time_total} %{speed_download} %{url_effective} " \
	"%{num_redirects} %{remote_ip} %{remote_port} %{content_type} " \
	"%{exitcode} %{scheme} %{ssl_verify_result} %{json} %{stderr} " \
	"%{stdout} %{url} %{urlnum}"

/*
 * In --help order; curl's long names are aliases.  Each row binds its
 * option: a flag or a value into its member of struct hconf, or an
 * argument through a setter that checks it or hands it to the engine.
 */
static const struct opt_def opts[] = {
	CLI_FAMILY_DOC,
	OPT_ALIAS(CLI_O_4, 0, "ipv4", 0),
	OPT_ALIAS(CLI_O_6, 0, "ipv6", 0),
	OPT_CALL('A', "user-agent", "agent", COMP_NONE, NULL, H, http.agent,
	    hg_set_agent,
	    "  -A agent   User-Agent (default sockt/" SOCKT_VERSION ")\n"),
	OPT_CALL('b', "cookie", "name=value;...|file", COMP_FILE, NULL, H,
	    cookie_data, hg_set_cookie,
	    "  -b name=value;...|file  send these cookies (an argument with "
	    "'=') to the\n"
	    "             URL named, or read a cookie file (Netscape or "
	    "Set-Cookie lines,\n"
	    "             - for stdin); either turns the cookie engine on: "
	    "RFC 6265's rules,\n"
	    "             cookies set on a redirect go on the next hop\n"),
	OPT_CALL('C', "continue-at", "offset", COMP_NONE, NULL, H, gc.resume,
	    hg_set_continue,
	    "  -C offset  resume at byte offset (- : at the size of the -o "
	    "file);\n"
	    "             what starts there is appended; a 416, or a body "
	    "of offset\n"
	    "             bytes, is done; any other is curl's 33; what came "
	    "before a\n             cut stays in the file\n"),
	OPT_STRING('c', "cookie-jar", "file", COMP_FILE, H, cookie_jar,
	    "  -c file    turn the cookie engine on and write its cookies to "
	    "file at the\n"
	    "             end, as curl does (- for stdout)\n"),
	OPT_STRING('D', "dump-header", "file", COMP_FILE, H, dump,
	    "  -D file    write the response heads to file (- for stdout)\n"),
	OPT_CALL('e', "referer", "url", COMP_NONE, NULL, H, http.referer,
	    hg_set_referer,
	    "  -e url     send Referer: url (url;auto, ;auto: on a redirect, "
	    "the URL\n             it came from, as curl's)\n"),
	OPT_BOOL('f', "fail", H, http.fail,
	    "  -f         fail with exit status 22 on an HTTP status of 400 "
	    "or more\n"
	    "             or outside 100-599\n"),
	OPT_BOOL('g', "globoff", H, globoff,
	    "  -g         no URL globbing: [ ] { } in a URL are taken as "
	    "they are\n"),
	OPT_CALL('H', "header", "header", COMP_NONE, NULL, H, http.headers,
	    hg_set_header,
	    "  -H header  add or replace a header ('Name: value'; 'Name:' "
	    "drops it,\n"
	    "             'Name;' sends it empty); -H @file: a header a line "
	    "of file\n"),
	OPT_BOOL('I', "head", H, http.head,
	    "  -I         send HEAD and show the response head\n"),
	OPT_BOOL('i', "include", H, include,
	    "  -i         put the response heads, 1xx ones too, before the "
	    "body\n"),
	/* OPT_SET_INT_ID's row, with its help: -i undone, as curl's */
	OPT_BOUND_ID_(HG_NO_INCLUDE, 0, "no-include", NULL, NULL,
	    "  --no-include  no -i: the body alone (as curl's)\n",
	    .value = 0, H, include, 0, COMP_NONE, OPT_B_CONST),
	OPT_BOOL('j', "junk-session-cookies", H, junk_session,
	    "  -j         leave out the session cookies of the -b files\n"),
	OPT_DOC(CLI_O_INSECURE,
	    "  -k         https: do not verify the server's certificate "
	    "(--insecure)\n"),
	OPT_ALIAS(CLI_O_INSECURE, 'k', NULL, 0),
	OPT_ARG_(HG_CONFIG, 'K', "config", "file", COMP_FILE,
	    "  -K file    read options from file in curl's config syntax "
	    "(- for stdin),\n"
	    "             as if given here; ~/.curlrc is read first, as curl's\n"),
	OPT_BOOL('L', "location", H, http.follow,
	    "  -L         follow redirects (at most --max-redirs, default "
	    "50)\n"),
	OPT_BOOL(0, "location-trusted", H, http.trusted,
	    "  --location-trusted  -L, and -u, --oauth2-bearer and -H's "
	    "credentials go\n"
	    "             to every host a redirect leads to, as curl's\n"),
	OPT_NUMBER(0, "max-redirs", "n", OPT_T_INT | OPT_T_NOLIMIT,
	    "max redirects", 0, 1000, H, max_redirs,
	    "  --max-redirs n  -L follows at most n redirects (-1: no limit)\n"),
	OPT_SECS('m', "max-time", "max time", H, http.max_ms,
	    "  -m secs    limit the whole transfer\n"),
	OPT_ALIAS(HG(netrc), 'n', NULL, 0),
	/* OPT_CALL_ID's row with no argument: -O takes its URL's turn */
	OPT_ROW_("remote-name", NULL, NULL, "  -O         write the body of "
	    "its URL (as -o, in order) to a file\n"
	    "             named after the URL's last segment\n",
	    .set = hg_set_output, HG_REMOTE_NAME, 0, 'O', 0, COMP_NONE, 0,
	    OPT_B_SET),
	OPT_BOOL(0, "remote-name-all", H, remote_name,
	    "  --remote-name-all  -O for every URL without its own -o or "
	    "-O\n"),
	OPT_BOOL('J', "remote-header-name", H, remote_header,
	    "  -J         -O: name the file after the Content-Disposition "
	    "of the\n"
	    "             response, its path stripped; never over an existing "
	    "file\n"
	    "             unless --clobber\n"),
	OPT_CALL('o', "output", "file", COMP_FILE, NULL, H, outs, hg_set_output,
	    "  -o file    write the body to file, atomically (- for stdout); "
	    "once per URL,\n"
	    "             in order: URLs past the last -o go to stdout\n"),
	OPT_BOOL('p', "proxytunnel", H, tunnel,
	    "  -p         through an http:// proxy, tunnel with CONNECT\n"),
	OPT_FLAG_(HG_DISABLE, 'q', "disable",
	    "  -q         as curl's, given first: no ~/.curlrc\n"),
	OPT_BOOL('R', "remote-time", H, gc.remote_time,
	    "  -R         give the file the time of Last-Modified\n"),
	OPT_CALL('r', "range", "range", COMP_NONE, NULL, H, gc.ranged,
	    hg_set_range,
	    "  -r range   ask for bytes: 0-499, 500-, -500, or a list "
	    "0-1,5-9\n"),
	OPT_BOOL('s', "silent", H, silent,
	    "  -s         silent as curl's: no progress line, no chatter, "
	    "no error\n"
	    "             messages (the exit status says it; -sS: errors "
	    "said)\n"),
	OPT_BOOL(0, "no-progress-meter", H, no_meter,
	    "  --no-progress-meter  no progress line; errors are said\n"),
	OPT_BOOL('S', "show-error", H, show_error,
	    "  -S         with -s: errors are said still\n"),
	OPT_CALL('u', "user", "user:password", COMP_NONE, NULL, H, user,
	    hg_set_user,
	    "  -u user:password  Basic authentication, sent to the URL's "
	    "host and\n"
	    "             port only, not to another a redirect leads to\n"),
	OPT_BOOL(0, "digest", H, auth_digest,
	    "  --digest   -u's credentials by HTTP Digest (RFC 7616, as "
	    "curl's): the\n"
	    "             first request without, then the answer to the 401's "
	    "challenge\n"),
	OPT_BOOL(0, "anyauth", H, auth_any,
	    "  --anyauth  -u's credentials by the scheme the 401 asks for, "
	    "Digest before\n"
	    "             Basic (curl's); the first request without\n"),
	OPT_BOOL(0, "basic", H, auth_basic,
	    "  --basic    Basic for -u (the default); with --digest, either "
	    "(curl's)\n"),
	OPT_DOC(CLI_O_VERBOSE,
	    "  -v         show the request and response heads on stderr "
	    "(-Z, --pipeline:\n"
	    "             each line after [N], N the URL's %{urlnum})\n"),
	OPT_ALIAS(CLI_O_VERBOSE, 0, "verbose", 0),
	OPT_CALL('w', "write-out", "format", COMP_WORDS, WRITE_OUT_WORDS, H,
	    wo, hg_set_write_out,
	    "  -w format  print after the transfer, as curl's --write-out: "
	    "%{http_code},\n"
	    "             %{time_total}, %{json}, %header{name}...; @file "
	    "reads it\n"),
	OPT_CALL_ID(HG_REQUEST, 'X', "request", "GET", COMP_WORDS, "GET",
	    hg_set_request,
	    "  -X GET     as curl's: GET is what http-get sends (-I: "
	    "HEAD), no other\n"),
	OPT_STRWORDS('x', "proxy", "url", CLI_PROXY_WORDS " https://", H,
	    env.opt,
	    "  -x url     through a proxy: socks5://, socks5h://, socks4://,\n"
	    "             socks4a://, http:// or https://, user:pw@ allowed "
	    "('' for none);\n"
	    "             SOCKS over a UNIX socket: socks5h://localhost/PATH\n"),
	OPT_CALL_ID(HG_SOCKS5, 0, "socks5", "host[:port]", COMP_HOST, NULL,
	    hg_set_socks5,
	    "  --socks5 host[:port]  as curl's: -x socks5://host[:port] "
	    "(--socks5-hostname:\n"
	    "             socks5h://, --socks4: socks4://, --socks4a: "
	    "socks4a://)\n"),
	OPT_LIKE_ABOVE(HG_SOCKS5H),
	OPT_LIKE_ABOVE(HG_SOCKS4),
	OPT_LIKE_ABOVE(HG_SOCKS4A),
	OPT_CALL_ID(HG_SOCKS5H, 0, "socks5-hostname", "host[:port]", COMP_HOST,
	    NULL, hg_set_socks5h, NULL),
	OPT_CALL_ID(HG_SOCKS4, 0, "socks4", "host[:port]", COMP_HOST, NULL,
	    hg_set_socks4, NULL),
	OPT_CALL_ID(HG_SOCKS4A, 0, "socks4a", "host[:port]", COMP_HOST, NULL,
	    hg_set_socks4a, NULL),
	OPT_BOOL('#', "progress-bar", H, bar,
	    "  -#         curl's bar of '#'s instead, a terminal's or not\n"),
	OPT_INT('Y', "speed-limit", "speed", "speed limit", 0, LLONG_MAX, H,
	    http.speed_limit,
	    "  -Y speed   fail (28) slower than speed bytes a second for -y "
	    "secs\n"
	    "             (default 30), as curl's\n"),
	OPT_INT('y', "speed-time", "secs", "speed time", 0, INT_MAX, H,
	    http.speed_time,
	    "  -y secs    -Y's time (-Y default 1)\n"),
	OPT_BOOL('Z', "parallel", H, parallel,
	    "  -Z         fetch the URLs at once over up to --parallel-max "
	    "connections,\n"
	    "             kept alive, every option as without -Z; bodies to "
	    "stdout are\n"
	    "             held and written whole, in URL order; --write-out "
	    "in the\n"
	    "             order they end (%{urlnum} says which); the exit "
	    "status is the\n"
	    "             first failure in URL order\n"),
	OPT_CALL('z', "time-cond", "date|file", COMP_FILE, NULL, H,
	    gc.time_arg, hg_set_time,
	    "  -z date|file  only if modified since the date or the file's "
	    "time\n"
	    "             (-date: only if not modified since); a 304 keeps "
	    "files\n"),
	CLI_TLS_CLIENT_DOC,
	OPT_BOOL(0, "clobber", H, clobber,
	    "  --clobber  -J may replace an existing file\n"),
	OPT_BOOL(0, "no-clobber", H, no_clobber,
	    "  --no-clobber  -o, -O: a file there stays, the body goes to "
	    "FILE.1 .. FILE.100\n"
	    "             (the first not there), as curl's\n"),
	OPT_BOOL(0, "compressed", H, http.compressed,
	    "  --compressed  ask for gzip, deflate, br, zstd and decode the "
	    "body (needs\n"
	    "             zlib; br and zstd when their libraries are found); "
	    "a gzip\n"
	    "             transfer coding is decoded always\n"),
	OPT_CALL(0, "connect-timeout", "secs", COMP_NONE, NULL, H,
	    http.connect_ms, hg_set_wait,
	    "  --connect-timeout secs  connect timeout (default 300), proxy "
	    "handshake\n             included\n"),
	OPT_CALL_ID(HG_ALT_SVC, 0, "alt-svc", "\"\"", COMP_NONE, NULL,
	    hg_set_alt_svc,
	    "  --alt-svc \"\"  as curl's: no alt-svc cache (sockt keeps "
	    "none)\n"),
	OPT_BOOL(0, "create-dirs", H, create_dirs,
	    "  --create-dirs        make --output-dir and the directories of "
	    "the -o and -O\n"
	    "             files that are missing (mode 0750 less the umask, as "
	    "curl)\n"),
	OPT_BOOL(0, "disallow-username-in-url", H, no_url_user,
	    "  --disallow-username-in-url  a URL with user@ fails (curl's "
	    "67)\n"),
	OPT_STRING(0, "etag-compare", "file", COMP_FILE, H, gc.etag_cmp,
	    "  --etag-compare file  only if the ETag differs from the "
	    "file's\n"),
	OPT_STRING(0, "etag-save", "file", COMP_FILE, H, gc.etag_save,
	    "  --etag-save file     save the ETag once the body is "
	    "complete\n"),
	OPT_BOOL(0, "fail-early", H, fail_early,
	    "  --fail-early         stop at the first URL that fails\n"),
	OPT_BOOL(0, "fail-with-body", H, fail_body,
	    "  --fail-with-body     as -f, but keep the body (-o or "
	    "stdout)\n"),
	OPT_BOOL(0, "haproxy-protocol", H, http.haproxy,
	    "  --haproxy-protocol  send a PROXY v1 header first, as curl's\n"),
	OPT_BOOL(0, "ignore-content-length", H, http.ignore_cl,
	    "  --ignore-content-length  read every body to the close, as "
	    "curl's\n"),
	OPT_FLAG_(HG_HTTP11, 0, "http1.1", "  --http1.1  as curl's: HTTP/1.1 "
	    "is what sockt speaks\n"),
	OPT_FLAG_(HG_NO_HTTP09, 0, "no-http0.9", "  --no-http0.9  as curl's: "
	    "an HTTP/0.9 answer is refused anyway (exit 1)\n"),
	OPT_STRING(0, "interface", "name", COMP_NONE, H, http.iface,
	    "  --interface name  connect from an interface (if!NAME), an "
	    "address or host\n"
	    "             (host!NAME), or the first that fits, as curl's\n"),
	OPT_SECS(0, "idle-timeout", "idle timeout", H, http.idle_ms,
	    "  --idle-timeout secs  give up when no data arrives for this "
	    "long\n"),
	OPT_SIZE(0, "limit-rate", "rate", "limit rate", 1, LLONG_MAX, H,
	    http.rate,
	    "  --limit-rate rate    read each body at most rate bytes a "
	    "second\n"
	    "             (suffix k, M, G: 1024-based)\n"),
	OPT_SIZE(0, "max-filesize", "bytes", "max file size", 1, LLONG_MAX,
	    H, http.max_size,
	    "  --max-filesize bytes  refuse a body larger than this (suffix "
	    "k, M,\n"
	    "             G)\n"),
	OPT_BOOL(0, "netrc", H, netrc,
	    "  -n, --netrc  user and password from ~/.netrc for each host, "
	    "unless -u or\n"
	    "             the URL gives them; a file others may read is "
	    "not used\n"),
	OPT_STRING(0, "netrc-file", "file", COMP_FILE, H, netrc_file,
	    "  --netrc-file file  --netrc from file\n"),
	OPT_BOOL(0, "netrc-optional", H, netrc_optional,
	    "  --netrc-optional  --netrc, quiet about a missing file\n"),
	OPT_CALL(0, "oauth2-bearer", "token", COMP_NONE, NULL, H, http.bearer,
	    hg_set_bearer,
	    "  --oauth2-bearer token  send Authorization: Bearer token (in "
	    "place of -u),\n"
	    "             to the URL's host and port only\n"),
	OPT_FLAG_(HG_NEXT, ':', "next",
	    "  -:, --next  the options after it are for the URLs after it "
	    "alone; each\n"
	    "             group runs in turn; -s -S -v -Z --stderr "
	    "--fail-early are for all\n"),
	OPT_STRING(0, "noproxy", "list", COMP_NONE, H, env.noproxy,
	    "  --noproxy list  hosts reached directly, in place of "
	    "NO_PROXY\n"),
	OPT_BOOL(0, "path-as-is", H, path_as_is,
	    "  --path-as-is  send the URL's path as given, /../ and /./ "
	    "kept\n"),
	OPT_BOOL(0, "raw", H, http.raw,
	    "  --raw      no coding undone, chunks as they came (as curl's)\n"),
	OPT_BOOL(0, "remove-on-error", H, remove_on_error,
	    "  --remove-on-error  a transfer that fails leaves no file: "
	    "what a resume\n"
	    "             (-C) had written goes too, as curl's\n"),
	OPT_STRING(0, "request-target", "target", COMP_NONE, H, http.target,
	    "  --request-target target  in the request line for the URL's "
	    "path\n"),
	OPT_CALL_ID(HG_RESOLVE, 0, "resolve", "host:port:addrs", COMP_NONE,
	    NULL, hg_set_resolve,
	    "  --resolve host:port:addrs  dial addrs (addr[,addr...]) for "
	    "host and port\n"
	    "             (* for any host); Host, SNI and the certificate "
	    "keep the name\n"),
	OPT_CALL_ID(HG_CONNECT_TO, 0, "connect-to", "host1:port1:host2:port2",
	    COMP_NONE, NULL, hg_set_connect_to,
	    "  --connect-to host1:port1:host2:port2  connect to host2:port2 "
	    "for\n"
	    "             host1:port1 (an empty part: any, or the same); "
	    "first match\n"),
	OPT_STRING(0, "output-dir", "dir", COMP_FILE, H, outdir,
	    "  --output-dir dir     put the files of -o and -O (relative "
	    "names) in dir,\n"
	    "             which must exist unless --create-dirs\n"),
	OPT_INT(0, "parallel-host", "n", "parallel host", 1, HTTPM_CONNS_MAX,
	    H, par_host,
	    "  --parallel-host n    -Z: connections to one host and port "
	    "(default:\n             6; --parallel-max's past a 2 ms round trip)\n"),
	OPT_INT(0, "parallel-max", "n", "parallel max", 1, HTTPM_CONNS_MAX,
	    H, par_max,
	    "  --parallel-max n     -Z: connections at once (default 50, at "
	    "most 300)\n"),
	OPT_NUMBER(0, "pipeline", "depth", OPT_T_INT | OPT_T_OPTIONAL,
	    "pipeline depth", 1, HTTPM_DEPTH_MAX, H, pipeline,
	    "  --pipeline [depth]   send up to depth requests (default 8) "
	    "on a\n"
	    "             connection before reading the answers; off by "
	    "default, as\n"
	    "             servers and proxies mishandle it (curl dropped it); "
	    "a\n"
	    "             pipeline the server cuts goes again one at a "
	    "time\n"),
	CLI_TLS_CLIENT_DOC2,
	OPT_STRING(0, "proxy-cacert", "file", COMP_FILE, H, ptls.cafile,
	    "  --proxy-cacert file  an https:// proxy: trust the CAs of file "
	    "instead\n"),
	OPT_CALL(0, "proxy-header", "header", COMP_NONE, NULL, H,
	    http.pheaders, hg_set_proxy_header,
	    "  --proxy-header header  a header for an HTTP proxy only: "
	    "after -H's on a\n"
	    "             request it forwards, alone on CONNECT (-p); "
	    "@file as -H\n"),
	OPT_BOOL(0, "proxy-insecure", H, ptls.insecure,
	    "  --proxy-insecure     an https:// proxy: do not verify its "
	    "certificate\n"),
	OPT_STRING(0, "ciphers", "list", COMP_NONE, H, tls.ciphers,
	    "  --ciphers list  as curl's: OpenSSL's cipher list for TLS 1.2 "
	    "(exit 59 when\n"
	    "             it takes none of it); --tls13-ciphers: TLS 1.3's\n"),
	OPT_LIKE_ABOVE(OPT_AT(H, tls.ciphers13)),
	OPT_STRING(0, "tls13-ciphers", "list", COMP_NONE, H, tls.ciphers13,
	    NULL),
	OPT_BOUND_ID_(HG_TLSV12, 0, "tlsv1.2", NULL, NULL,
	    "  --tlsv1.2, --tlsv1.3  as curl's: --tls-min 1.2, --tls-min 1.3\n",
	    .value = 12, H, tls.min_version, 0, COMP_NONE, OPT_B_CONST),
	OPT_LIKE_ABOVE(HG_TLSV13),
	OPT_BOUND_ID_(HG_TLSV13, 0, "tlsv1.3", NULL, NULL, NULL,
	    .value = 13, H, tls.min_version, 0, COMP_NONE, OPT_B_CONST),
	OPT_ALIAS(CLI_O_CERT, 'E', NULL, 1),
	OPT_STRING('U', "proxy-user", "user:pw", COMP_NONE, H, env.user,
	    "  -U, --proxy-user user:pw  the proxy's credentials\n"),
	OPT_BOOL(0, "proxy-digest", H, proxy_digest,
	    "  --proxy-digest  -U's credentials by HTTP Digest, as --digest's "
	    "to a 407\n"),
	OPT_BOOL(0, "proxy-anyauth", H, proxy_any,
	    "  --proxy-anyauth  -U's by the scheme a 407 asks for (curl's)\n"),
	OPT_CALL(0, "proto", "list", COMP_NONE, NULL, H, proto, hg_set_proto,
	    "  --proto list  the schemes allowed, as curl's: =https, "
	    "-all,+https ...\n"),
	OPT_CALL(0, "proto-redir", "list", COMP_NONE, NULL, H, proto_redir,
	    hg_set_proto_redir,
	    "  --proto-redir list  the schemes -L may follow a redirect to "
	    "(and\n"
	    "             --proto allows)\n"),
	OPT_INT(0, "retry", "n", "retry", 0, 1000000, H, retry.max,
	    "  --retry n  retry a timeout, a failed connect, HTTP 408 429 500 "
	    "502\n"
	    "             503 504 (with -C: a cut too, going on after it) up "
	    "to n\n             times; never writes a byte twice\n"),
	OPT_BOOL(0, "retry-connrefused", H, connrefused,
	    "  --retry-connrefused  retry a refused connection too\n"),
	OPT_BOOL(0, "retry-all-errors", H, retry.all,
	    "  --retry-all-errors  --retry any failure, as curl's\n"),
	/* 0: the backoff, or no limit, as curl */
	OPT_SECS0(0, "retry-delay", "retry delay", H, retry.delay_ms,
	    "  --retry-delay secs   wait this long between tries (default: "
	    "1 s,\n"
	    "             doubling up to 10 min; a longer Retry-After "
	    "wins)\n"),
	OPT_SECS0(0, "retry-max-time", "retry max time", H,
	    retry.max_time_ms,
	    "  --retry-max-time secs  start no retry whose wait ends after "
	    "this\n"),
	OPT_BOOL(0, "suppress-connect-headers", H, quiet_connect,
	    "  --suppress-connect-headers  -i and -D leave out a CONNECT's "
	    "reply\n"),
	OPT_BOOL(0, "tr-encoding", H, http.te,
	    "  --tr-encoding  ask for a gzip transfer coding (TE: gzip), as "
	    "curl's\n"),
	OPT_CALL_ID(HG_STDERR, 0, "stderr", "file", COMP_FILE, NULL,
	    hg_set_stderr,
	    "  --stderr file        what would go to stderr goes to file "
	    "from here on\n"
	    "             (- for stdout), as curl's\n"),
	OPT_CALL(0, "unix-socket", "path", COMP_FILE, NULL, H, http.unix_path,
	    hg_set_unix,
	    "  --unix-socket path   connect to a UNIX socket for every "
	    "request;\n"
	    "             the URL still names the Host\n"),
	OPT_ARG_(HG_URL, 0, "url", "URL", COMP_NONE,
	    "  --url URL            a URL, an operand in its place, as curl's\n"),
	OPT_CALL(0, "urls", "file", COMP_FILE, NULL, H, lists, hg_set_urls,
	    "  --urls file          fetch the URLs in file too, one a line "
	    "(- for stdin);\n"
	    "                       -O names every URL's file\n"),
	OPT_END
};

/* curl 7.88's rules, and no others (-C - with -J: hg_opts_parse) */
static const struct opt_rule rules[] = {
	{ OPT_EXCLUDES, { HG(http.fail) }, { HG(fail_body) }, NULL },
	{ OPT_EXCLUDES, { HG(remote_header) }, { HG(include), HG(http.head) },
	    "showing headers and --remote-header-name cannot be combined" },
	OPT_RULES_END
};

const struct cli_spec http_get_spec = {
	hg_usage, opts, CLI_VERBOSE | CLI_FAMILY | CLI_FAMILY_LAST |
	    CLI_TLS_CLIENT, rules, NULL
};

/*
 * The -H, -A and -e fields together must fit the request head, curl's
 * 1 MiB, whatever the URL: said now rather than once connected.
 * Returns CMD_GO_ON to go on, else curl's 27 after saying why.
 */
static int
fields_check(const struct hconf *o)
{
	size_t n = httpc_fields_len(&o->http);

	if (n <= HTTPC_FIELDS_MAX)
		return CMD_GO_ON;
	/* curl's 27: its request head is at most 1 MiB */
	msg_warnx("header fields too large: %zu bytes of -H, -A and -e, at "
	    "most %d", n, HTTPC_FIELDS_MAX);
	return 27;
}

/*
 * -K FILE (NULL: ~/.curlrc): its options put next in the command line
 * (http_get_config.c), and room for them in o.  Returns CMD_GO_ON, else
 * the exit status after saying why: curl's 26 for a file that cannot be
 * read.
 */
static int
opts_config(struct hconf *o, struct opt_state *st, const char *file)
{
	int argc = st->argc;

	if (file == NULL)
		hg_config_home(st);	/* ~/.curlrc: curl goes on without */
	else if (hg_config(st, file, o->silent) == -1)
		return EXIT_READ;
	if (hconf_grow(o, st->argc - argc) == -1) {
		msg_warn("malloc");
		return EXIT_FAIL;
	}
	return CMD_GO_ON;
}

/* What the options settle together, once all are read. */
static void
opts_flags(struct hconf *o, const struct cli *cl)
{
	o->include |= o->http.head;
	o->http.follow |= o->http.trusted;
	o->http.family = o->no.family;
	o->verbose = cl->verbose;
	o->gc.compressed = o->http.compressed;
	/*
	 * Any -b or -c turns the cookie engine on, so that a cookie set on
	 * a redirect goes on the next hop.  curl 7.88 leaves it off for -b
	 * pairs alone, which drops the session a login redirect sets up.
	 */
	if (o->ncookie_files > 0 || o->cookie_jar != NULL ||
	    o->cookie_data != NULL)
		o->http.jar = &o->jar;
	/* --cacert is the origin's: a refused proxy is told its own */
	o->ptls.ca_opt = "--proxy-cacert FILE, or --proxy-insecure to skip "
	    "the check";
	o->tls.ca_opt = "--cacert FILE, or -k to skip the check";
	o->http.proxy_tls = &o->ptls;
	o->netrc |= o->netrc_optional || o->netrc_file != NULL;
	/* curl's: -Y alone for 30 s, -y alone under 1 byte a second */
	if (o->http.speed_time == 0 && o->http.speed_limit > 0)
		o->http.speed_time = 30;
	if (o->http.speed_limit == 0 && o->http.speed_time > 0)
		o->http.speed_limit = 1;
}

/*
 * The command line into o: each option applied by its row (stored,
 * checked first, or read by the engine), then what they settle
 * together; the operands into o->args.
 */
int
hg_opts_parse(int argc, char **argv, struct hconf *o, char ***next,
    int *nnext)
{
	struct opt_state st;
	struct cli cl;
	int c, rc;

	if (hconf_init(o, argc) == -1) {
		msg_warn("malloc");
		return EXIT_FAIL;
	}
	cli_init(&cl, &http_get_spec, &st, argc, argv);
	st.foreign = cli_curl_foreign;
	st.no_prefix = 1;	/* curl's --no-NAME of its switches */
	cl.dest = o;
	cl.flag_warn = &o->silent;
	cl.no = &o->no;
	cl.tls = &o->tls;
	o->http.tls = &o->tls;
	/* ~/.curlrc's options first, unless -q is first, as curl's */
	if ((rc = opts_config(o, &st, NULL)) != CMD_GO_ON)
		return rc;
	/*
	 * every option of its own is bound in its row but -K, whose file's
	 * options are read next, and --next, which ends this group once it
	 * has a URL (before one, curl goes on with the same options)
	 */
	while ((c = cli_next(&cl, &st)) != CLI_END) {
		if (c < 0)
			return c == CLI_HELP ? EXIT_OK : c == CLI_FAIL ?
			    EXIT_FAIL : c == CLI_SETOPT ? 49 : EXIT_USAGE;
		if (c == HG_CONFIG && (rc = opts_config(o, &st, st.arg)) !=
		    CMD_GO_ON)
			return rc;
		if (c == HG_URL)
			opt_operand(&st, st.arg);
		if (c == HG_NEXT && (st.nops > 0 || o->nlists > 0))
			*next = opt_stop(&st, nnext);
	}
	/* --pipeline without its depth (stored as 0): 8 */
	if (opt_seen(&st, HG(pipeline)) && o->pipeline == 0)
		o->pipeline = 8;
	opts_flags(o, &cl);
	/*
	 * -w 5 is curl's format "5", as curl reads it; one line on stderr
	 * for the nc habit of a timeout.  Safe for scripts: stdout and the
	 * exit status are curl's, and -s (which a script gives) hides it.
	 */
	if (o->gc.range_dash && !o->silent)
		msg_warnx("-r: a range needs a dash: taken as %llu-, as curl "
		    "does", (unsigned long long)o->gc.spec.r[0].first);
	if (hg_w_number != NULL && !o->silent)
		msg_warnx("-w %s is curl's --write-out format: it prints "
		    "\"%s\"; the connect timeout is --connect-timeout %s",
		    hg_w_number, hg_w_number, hg_w_number);
	if ((rc = fields_check(o)) != CMD_GO_ON)
		return rc;
	if (o->user != NULL && strchr(o->user, ':') == NULL)
		return cmd_usage(hg_usage, "-u %s: no password (give "
		    "user:password; sockt does not prompt)", o->user);
	if (o->gc.resume_file && o->remote_header)
		return cmd_usage(hg_usage, "--continue-at and "
		    "--remote-header-name cannot be combined");
	o->args = st.argv;
	o->nargs = st.argc;
	return CMD_GO_ON;
}
