/*
 * cmd/http_get_opts.c: http-get's command line: the usage, the option
 * table (--help, the completions and t0032 read it), each option's
 * check, the proxy environment, and the URLs of the operands and the
 * --urls lists.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/msg.h"
#include "cmd/cmd.h"
#include "cmd/http_get.h"
#include "http/engine.h"
#include "http/wout.h"
#include "net/net.h"
#include "parse/addr.h"
#include "parse/cond.h"
#include "parse/cookie.h"
#include "parse/dialmap.h"
#include "parse/http.h"
#include "parse/opt.h"
#include "parse/proto.h"
#include "util/base.h"
#include "util/num.h"

/* bytes of a --write-out @FILE: under 1 MiB */
#define WO_FILEMAX	(1024 * 1024 - 1)


static const char usage[] =
    "usage: sockt http-get [-46#fgIiJjkLnpRSsvZ] [-A agent] "
    "[-C offset | -r range]\n"
    "                      [-D file] [-b name=value;...|file]... [-c file] "
    "[-e url]\n"
    "                      [-H header]... [-m secs] [-o file... | -O]\n"
    "                      [-u user:password] [-w secs] [-X GET] [-x url]\n"
    "                      [-z [-]date|file] [--cacert file] [--capath dir]\n"
    "                      [--cert file [--key file]] [--clobber] "
    "[--compressed]\n"
    "                      [--connect-to host1:port1:host2:port2]... "
    "[--create-dirs]\n"
    "                      [--etag-compare file] [--etag-save file] "
    "[--fail-early]\n"
    "                      [--fail-with-body] [--http1.1] "
    "[--idle-timeout secs]\n"
    "                      [--limit-rate rate] [--max-filesize bytes] "
    "[--max-redirs n]\n"
    "                      [--netrc | --netrc-file file | --netrc-optional]\n"
    "                      [--noproxy list] [--output-dir dir]\n"
    "                      [--parallel-host n] [--parallel-max n]\n"
    "                      [--pinnedpubkey hashes|file] [--pipeline [depth]]\n"
    "                      [--proto list] [--proto-redir list]\n"
    "                      [--proxy-cacert file] [--proxy-insecure]\n"
    "                      [--proxy-user user:pw] "
    "[--resolve host:port:addrs]...\n"
    "                      [--retry n] [--retry-connrefused] "
    "[--retry-delay secs]\n"
    "                      [--retry-max-time secs] [--servername name]\n"
    "                      [--tls-min 1.2|1.3] [--unix-socket path] "
    "[--urls file]\n"
    "                      [--write-out format] URL...\n";
/* http-get's options; those of -C -r -z -R --etag-* are http_get.h's */

enum {
	HG_FAIL = COND_NEXT,	/* -f */
	HG_HEAD,		/* -I */
	HG_INCLUDE,		/* -i */
	HG_LOCATION,		/* -L */
	HG_TUNNEL,		/* -p */
	HG_SILENT,		/* -s */
	HG_REMOTE_NAME,		/* -O */
	HG_AGENT,		/* -A agent */
	HG_DUMP,		/* -D file */
	HG_HEADER,		/* -H header */
	HG_MAX_TIME,		/* -m secs */
	HG_OUTPUT,		/* -o file */
	HG_USER,		/* -u user:password */
	HG_CONNECT_TIMEOUT,	/* -w secs */
	HG_PROXY,		/* -x url */
	HG_MAX_REDIRS,		/* --max-redirs n */
	HG_IDLE_TIMEOUT,	/* --idle-timeout secs */
	HG_LIMIT_RATE,		/* --limit-rate rate */
	HG_MAX_FILESIZE,	/* --max-filesize bytes */
	HG_UNIX_SOCKET,		/* --unix-socket path */
	HG_NOPROXY,		/* --noproxy list */
	HG_RESOLVE,		/* --resolve host:port:addr[,addr...] */
	HG_CONNECT_TO,		/* --connect-to host1:port1:host2:port2 */
	HG_PROXY_USER,		/* --proxy-user user:pw */
	HG_URLS,		/* --urls file */
	HG_OUTPUT_DIR,		/* --output-dir dir */
	HG_FAIL_EARLY,		/* --fail-early */
	HG_RETRY,		/* --retry n */
	HG_RETRY_DELAY,		/* --retry-delay secs */
	HG_RETRY_MAX_TIME,	/* --retry-max-time secs */
	HG_RETRY_CONNREFUSED,	/* --retry-connrefused */
	HG_WRITE_OUT,		/* --write-out format */
	HG_FAIL_WITH_BODY,	/* --fail-with-body */
	HG_COMPRESSED,		/* --compressed */
	HG_PARALLEL,		/* -Z */
	HG_PARALLEL_MAX,	/* --parallel-max n */
	HG_PARALLEL_HOST,	/* --parallel-host n */
	HG_PIPELINE,		/* --pipeline [depth] */
	HG_CREATE_DIRS,		/* --create-dirs */
	HG_COOKIE,		/* -b name=value;...|file */
	HG_COOKIE_JAR,		/* -c file */
	HG_JUNK_SESSION,	/* -j */
	HG_GLOBOFF,		/* -g */
	HG_REMOTE_HEADER,	/* -J */
	HG_CLOBBER,		/* --clobber */
	HG_PROTO,		/* --proto list */
	HG_PROTO_REDIR,		/* --proto-redir list */
	HG_NETRC,		/* --netrc */
	HG_NETRC_FILE,		/* --netrc-file file */
	HG_NETRC_OPTIONAL,	/* --netrc-optional */
	HG_REFERER,		/* -e url */
	HG_REQUEST,		/* -X GET */
	HG_HTTP11,		/* --http1.1 */
	HG_SHOW_ERROR,		/* -S */
	HG_PROGRESS_BAR,	/* -# */
	HG_PROXY_CACERT,	/* --proxy-cacert file */
	HG_PROXY_INSECURE	/* --proxy-insecure */
};

#define WRITE_OUT_WORDS	"%{http_code} %{size_download} %{size_header} " \
	"%{time_namelookup} %{time_connect} %{time_starttransfer} " \
	"%{time_total} %{speed_download} %{url_effective} " \
	"%{num_redirects} %{remote_ip} %{remote_port} %{content_type} " \
	"%{exitcode} %{scheme} %{ssl_verify_result} %{json} %{stderr} " \
	"%{stdout} %{url} %{urlnum}"

/*
 * In --help order; curl's long names are aliases.  -f -I -i -L -O -p -R
 * -s and the long flags are read with opt_seen.
 */
static const struct opt_def opts[] = {
	OPT_DOC(CLI_O_4, "  -4, -6     connect over IPv4 only, IPv6 only\n"),
	OPT_LIKE_ABOVE(CLI_O_6),
	OPT_ALIAS(CLI_O_4, 0, "ipv4", 0),
	OPT_ALIAS(CLI_O_6, 0, "ipv6", 0),
	OPT_ARG_(HG_AGENT, 'A', "user-agent", "agent", COMP_NONE,
	    "  -A agent   User-Agent (default sockt/" SOCKT_VERSION ")\n"),
	OPT_ARG_(HG_COOKIE, 'b', "cookie", "name=value;...|file", COMP_FILE,
	    "  -b name=value;...|file  send these cookies (an argument with "
	    "'=') to the\n"
	    "             URL named, or read a cookie file (Netscape or "
	    "Set-Cookie lines,\n"
	    "             - for stdin); either turns the cookie engine on: "
	    "RFC 6265's rules,\n"
	    "             cookies set on a redirect go on the next hop\n"),
	OPT_ARG_(COND_CONTINUE, 'C', "continue-at", "offset", COMP_NONE,
	    "  -C offset  resume at byte offset (- : at the size of the -o "
	    "file);\n"
	    "             only a 206 from that byte is appended, a 200 "
	    "replaces\n"
	    "             the file (cut short, only if longer), a 416 for a "
	    "complete\n             file is done; what came before a cut "
	    "stays in the file\n"),
	OPT_ARG_(HG_COOKIE_JAR, 'c', "cookie-jar", "file", COMP_FILE,
	    "  -c file    turn the cookie engine on and write its cookies to "
	    "file at the\n"
	    "             end, as curl does (- for stdout)\n"),
	OPT_ARG_(HG_DUMP, 'D', "dump-header", "file", COMP_FILE,
	    "  -D file    write the response heads to file (- for stdout)\n"),
	OPT_ARG_(HG_REFERER, 'e', "referer", "url", COMP_NONE,
	    "  -e url     send Referer: url\n"),
	OPT_FLAG_(HG_FAIL, 'f', "fail",
	    "  -f         fail with exit status 22 on an HTTP status of 400 "
	    "or more\n"
	    "             or outside 100-599\n"),
	OPT_FLAG_(HG_GLOBOFF, 'g', "globoff",
	    "  -g         no URL globbing: [ ] { } in a URL are taken as "
	    "they are\n"),
	OPT_ARG_(HG_HEADER, 'H', "header", "header", COMP_NONE,
	    "  -H header  add or replace a header ('Name: value'; 'Name:' "
	    "drops it)\n"),
	OPT_FLAG_(HG_HEAD, 'I', "head",
	    "  -I         send HEAD and show the response head\n"),
	OPT_FLAG_(HG_INCLUDE, 'i', "include",
	    "  -i         put the response heads, 1xx ones too, before the "
	    "body\n"),
	OPT_FLAG_(HG_JUNK_SESSION, 'j', "junk-session-cookies",
	    "  -j         leave out the session cookies of the -b files\n"),
	OPT_DOC(CLI_O_INSECURE,
	    "  -k         https: do not verify the server's certificate "
	    "(--insecure)\n"),
	OPT_ALIAS(CLI_O_INSECURE, 'k', NULL, 0),
	OPT_FLAG_(HG_LOCATION, 'L', "location",
	    "  -L         follow redirects (at most --max-redirs, default "
	    "50)\n"),
	OPT_TYPED_(HG_MAX_REDIRS, 0, "max-redirs", "n", OPT_T_INT |
	    OPT_T_NOLIMIT, "max redirects", 0, 1000,
	    "  --max-redirs n  -L follows at most n redirects (-1: no limit)\n"),
	OPT_SECS_(HG_MAX_TIME, 'm', "max-time", "max time",
	    "  -m secs    limit the whole transfer\n"),
	OPT_ALIAS(HG_NETRC, 'n', NULL, 0),
	OPT_FLAG_(HG_REMOTE_NAME, 'O', "remote-name",
	    "  -O         write each body to a file named after its URL's "
	    "last segment\n"),
	OPT_ALIAS(HG_REMOTE_NAME, 0, "remote-name-all", 0),
	OPT_FLAG_(HG_REMOTE_HEADER, 'J', "remote-header-name",
	    "  -J         -O: name the file after the Content-Disposition "
	    "of the\n"
	    "             response, its path stripped; never over an existing "
	    "file\n"
	    "             unless --clobber\n"),
	OPT_ARG_(HG_OUTPUT, 'o', "output", "file", COMP_FILE,
	    "  -o file    write the body to file, atomically (- for stdout); "
	    "once per URL,\n"
	    "             in order: URLs past the last -o go to stdout\n"),
	OPT_FLAG_(HG_TUNNEL, 'p', "proxytunnel",
	    "  -p         through an http:// proxy, tunnel with CONNECT\n"),
	OPT_FLAG_(COND_REMOTE_TIME, 'R', "remote-time",
	    "  -R         give the file the time of Last-Modified\n"),
	OPT_ARG_(COND_RANGE, 'r', "range", "range", COMP_NONE,
	    "  -r range   ask for bytes: 0-499, 500-, -500, or a list "
	    "0-1,5-9\n"),
	OPT_FLAG_(HG_SILENT, 's', "silent",
	    "  -s         silent: no progress line, no chatter; errors are "
	    "still said\n"
	    "             (curl's -sS, --no-progress-meter)\n"),
	OPT_ALIAS(HG_SILENT, 0, "no-progress-meter", 0),
	OPT_FLAG_(HG_SHOW_ERROR, 'S', "show-error",
	    "  -S         as curl's: errors are said, with -s too (the "
	    "default)\n"),
	OPT_ARG_(HG_USER, 'u', "user", "user:password", COMP_NONE,
	    "  -u user:password  Basic authentication, sent to the URL's "
	    "host and\n"
	    "             port only, not to another a redirect leads to\n"),
	OPT_DOC(CLI_O_VERBOSE,
	    "  -v         show the request and response heads on stderr "
	    "(-Z, --pipeline:\n"
	    "             each line after [N], N the URL's %{urlnum})\n"),
	OPT_ALIAS(CLI_O_VERBOSE, 0, "verbose", 0),
	OPT_ARG_(HG_CONNECT_TIMEOUT, 'w', "connect-timeout", "secs", COMP_NONE,
	    "  -w secs    connect timeout (default 10), proxy handshake "
	    "included\n"),
	OPT_WORDS_(HG_REQUEST, 'X', "request", "GET", "GET",
	    "  -X GET     as curl's: GET is what http-get sends (-I: "
	    "HEAD), no other\n"),
	OPT_WORDS_(HG_PROXY, 'x', "proxy", "url", CLI_PROXY_WORDS " https://",
	    "  -x url     through a proxy: socks5://, socks5h://, socks4://,\n"
	    "             socks4a://, http:// or https://, user:pw@ allowed "
	    "('' for none);\n"
	    "             SOCKS over a UNIX socket: socks5h://localhost/PATH\n"),
	OPT_FLAG_(HG_PROGRESS_BAR, '#', "progress-bar",
	    "  -#         as curl's: a progress line on a terminal, the "
	    "default\n"),
	OPT_FLAG_(HG_PARALLEL, 'Z', "parallel",
	    "  -Z         fetch the URLs at once over up to --parallel-max "
	    "connections,\n"
	    "             kept alive, every option as without -Z; bodies to "
	    "stdout are\n"
	    "             held and written whole, in URL order; --write-out "
	    "in the\n"
	    "             order they end (%{urlnum} says which); the exit "
	    "status is the\n"
	    "             first failure in URL order\n"),
	OPT_ARG_(COND_TIME, 'z', "time-cond", "date|file", COMP_FILE,
	    "  -z date|file  only if modified since the date or the file's "
	    "time\n"
	    "             (-date: only if not modified since); a 304 keeps "
	    "files\n"),
	CLI_TLS_CLIENT_DOC,
	OPT_FLAG_(HG_CLOBBER, 0, "clobber",
	    "  --clobber  -J may replace an existing file\n"),
	OPT_FLAG_(HG_COMPRESSED, 0, "compressed",
	    "  --compressed  ask for gzip, deflate, br, zstd and decode the "
	    "body (needs\n"
	    "             zlib; br and zstd when their libraries are found); "
	    "a gzip\n"
	    "             transfer coding is decoded always\n"),
	OPT_FLAG_(HG_CREATE_DIRS, 0, "create-dirs",
	    "  --create-dirs        make --output-dir and the directories of "
	    "the -o and -O\n"
	    "             files that are missing (mode 0750 less the umask, as "
	    "curl)\n"),
	OPT_ARG_(COND_ETAG_CMP, 0, "etag-compare", "file", COMP_FILE,
	    "  --etag-compare file  only if the ETag differs from the "
	    "file's\n"),
	OPT_ARG_(COND_ETAG_SAVE, 0, "etag-save", "file", COMP_FILE,
	    "  --etag-save file     save the ETag once the body is "
	    "complete\n"),
	OPT_FLAG_(HG_FAIL_EARLY, 0, "fail-early",
	    "  --fail-early         stop at the first URL that fails\n"),
	OPT_FLAG_(HG_FAIL_WITH_BODY, 0, "fail-with-body",
	    "  --fail-with-body     as -f, but keep the body (-o or "
	    "stdout)\n"),
	OPT_FLAG_(HG_HTTP11, 0, "http1.1", "  --http1.1  as curl's: HTTP/1.1 "
	    "is what sockt speaks\n"),
	OPT_SECS_(HG_IDLE_TIMEOUT, 0, "idle-timeout", "idle timeout",
	    "  --idle-timeout secs  give up when no data arrives for this "
	    "long\n"),
	OPT_SIZE_(HG_LIMIT_RATE, 0, "limit-rate", "rate", "limit rate", 1,
	    LLONG_MAX,
	    "  --limit-rate rate    read each body at most rate bytes a "
	    "second\n"
	    "             (suffix k, M, G: 1024-based)\n"),
	OPT_SIZE_(HG_MAX_FILESIZE, 0, "max-filesize", "bytes", "max file size",
	    1, LLONG_MAX,
	    "  --max-filesize bytes  refuse a body larger than this (suffix "
	    "k, M,\n"
	    "             G)\n"),
	OPT_FLAG_(HG_NETRC, 0, "netrc",
	    "  -n, --netrc  user and password from ~/.netrc for each host, "
	    "unless -u or\n"
	    "             the URL gives them; a file others may read is "
	    "not used\n"),
	OPT_ARG_(HG_NETRC_FILE, 0, "netrc-file", "file", COMP_FILE,
	    "  --netrc-file file  --netrc from file\n"),
	OPT_FLAG_(HG_NETRC_OPTIONAL, 0, "netrc-optional",
	    "  --netrc-optional  --netrc, quiet about a missing file\n"),
	OPT_ARG_(HG_NOPROXY, 0, "noproxy", "list", COMP_NONE,
	    "  --noproxy list  hosts reached directly, in place of "
	    "NO_PROXY\n"),
	OPT_ARG_(HG_RESOLVE, 0, "resolve", "host:port:addrs",
	    COMP_NONE,
	    "  --resolve host:port:addrs  dial addrs (addr[,addr...]) for "
	    "host and port\n"
	    "             (* for any host); Host, SNI and the certificate "
	    "keep the name\n"),
	OPT_ARG_(HG_CONNECT_TO, 0, "connect-to", "host1:port1:host2:port2",
	    COMP_NONE,
	    "  --connect-to host1:port1:host2:port2  connect to host2:port2 "
	    "for\n"
	    "             host1:port1 (an empty part: any, or the same); "
	    "first match\n"),
	OPT_ARG_(HG_OUTPUT_DIR, 0, "output-dir", "dir", COMP_FILE,
	    "  --output-dir dir     put the files of -o and -O (relative "
	    "names) in dir,\n"
	    "             which must exist unless --create-dirs\n"),
	OPT_INT_(HG_PARALLEL_HOST, 0, "parallel-host", "n", "parallel host", 1,
	    HTTPM_CONNS_MAX,
	    "  --parallel-host n    -Z: connections to one host and port "
	    "(default:\n             6; --parallel-max's past a 2 ms round trip)\n"),
	OPT_INT_(HG_PARALLEL_MAX, 0, "parallel-max", "n", "parallel max", 1,
	    HTTPM_CONNS_MAX,
	    "  --parallel-max n     -Z: connections at once (default 50, at "
	    "most 300)\n"),
	OPT_TYPED_(HG_PIPELINE, 0, "pipeline", "depth", OPT_T_INT |
	    OPT_T_OPTIONAL, "pipeline depth", 1, HTTPM_DEPTH_MAX,
	    "  --pipeline [depth]   send up to depth requests (default 8) "
	    "on a\n"
	    "             connection before reading the answers; off by "
	    "default, as\n"
	    "             servers and proxies mishandle it (curl dropped it); "
	    "a\n"
	    "             pipeline the server cuts goes again one at a "
	    "time\n"),
	CLI_TLS_CLIENT_DOC2,
	OPT_ARG_(HG_PROXY_CACERT, 0, "proxy-cacert", "file", COMP_FILE,
	    "  --proxy-cacert file  an https:// proxy: trust the CAs of file "
	    "instead\n"),
	OPT_FLAG_(HG_PROXY_INSECURE, 0, "proxy-insecure",
	    "  --proxy-insecure     an https:// proxy: do not verify its "
	    "certificate\n"),
	CLI_PROXY_USER(HG_PROXY_USER),
	OPT_ARG_(HG_PROTO, 0, "proto", "list", COMP_NONE,
	    "  --proto list  the schemes allowed, as curl's: =https, "
	    "-all,+https ...\n"),
	OPT_ARG_(HG_PROTO_REDIR, 0, "proto-redir", "list", COMP_NONE,
	    "  --proto-redir list  the schemes -L may follow a redirect to "
	    "(and\n"
	    "             --proto allows)\n"),
	OPT_INT_(HG_RETRY, 0, "retry", "n", "retry", 0, 1000000,
	    "  --retry n  retry a timeout, a failed connect, HTTP 408 429 500 "
	    "502\n"
	    "             503 504 (with -C: a cut too, going on after it) up "
	    "to n\n             times; never writes a byte twice\n"),
	OPT_FLAG_(HG_RETRY_CONNREFUSED, 0, "retry-connrefused",
	    "  --retry-connrefused  retry a refused connection too\n"),
	/* 0: the backoff, or no limit, as curl */
	OPT_SECS0_(HG_RETRY_DELAY, 0, "retry-delay", "retry delay",
	    "  --retry-delay secs   wait this long between tries (default: "
	    "1 s,\n"
	    "             doubling up to 10 min; a longer Retry-After "
	    "wins)\n"),
	OPT_SECS0_(HG_RETRY_MAX_TIME, 0, "retry-max-time", "retry max time",
	    "  --retry-max-time secs  start no retry whose wait ends after "
	    "this\n"),
	OPT_ARG_(HG_UNIX_SOCKET, 0, "unix-socket", "path", COMP_FILE,
	    "  --unix-socket path   connect to a UNIX socket for every "
	    "request;\n"
	    "             the URL still names the Host\n"),
	OPT_ARG_(HG_URLS, 0, "urls", "file", COMP_FILE,
	    "  --urls file          fetch the URLs in file too, one a line "
	    "(- for stdin)\n"),
	OPT_WORDS_(HG_WRITE_OUT, 0, "write-out", "format", WRITE_OUT_WORDS,
	    "  --write-out format   print after the transfer: "
	    "%{http_code},\n"
	    "             %{time_total}, %{json}, %header{name}...; @file "
	    "reads it\n"),
	OPT_END
};

static const struct opt_excl excl[] = {
	{ { HG_OUTPUT }, { HG_REMOTE_NAME }, "-o and -O do not go together" },
	{ { HG_FAIL }, { HG_FAIL_WITH_BODY }, NULL },	/* as curl */
	{ { COND_CONTINUE }, { COND_RANGE }, NULL },
	{ { COND_CONTINUE }, { HG_INCLUDE, HG_HEAD }, NULL },
	{ { COND_CONTINUE }, { HG_REMOTE_HEADER }, NULL },	/* as curl */
	{ { 0 }, { 0 }, NULL }
};

static const struct cli_spec spec = {
	usage, opts, CLI_VERBOSE | CLI_FAMILY | CLI_TLS_CLIENT, excl, NULL
};

/*
 * --write-out FORMAT, or @FILE (@- for stdin) read as curl reads it.
 * Returns CMD_GO_ON to go on, else EXIT_USAGE after saying why.
 */
static int
wo_load(struct hg_opts *o, const char *arg)
{
	if (wout_load(arg, WO_FILEMAX, &o->wo, &o->wolen) == 0)
		return CMD_GO_ON;
	if (o->wo == NULL)
		return cmd_usage(usage, "--write-out: %s", strerror(errno));
	return cmd_usage(usage, "--write-out %s: %s", arg, strerror(errno));
}

/*
 * The defaults, and room for as many -H, -o and --urls as there are
 * arguments.  Returns CMD_GO_ON to go on, else EXIT_FAIL after saying
 * why.
 */
static int
opts_init(int argc, struct hg_opts *o)
{
	memset(o, 0, sizeof(*o));
	cond_init(&o->gc);
	o->http.agent = "sockt/" SOCKT_VERSION;
	o->http.connect_ms = NET_CONNECT_TIMEOUT_MS;
	o->max_redirs = 50;	/* curl's default */
	o->par_max = 50;	/* curl's default */
	o->par_host = 0;	/* 6 near, --parallel-max's far (engine.h) */
	o->proto = o->proto_redir = PROTO_ALL;
	/* 3 more for the Range and conditional headers */
	if ((o->http.headers = calloc((size_t)argc + 3,
	    sizeof(char *))) == NULL ||
	    (o->outs = calloc((size_t)argc, sizeof(char *))) == NULL ||
	    (o->lists = calloc((size_t)argc, sizeof(char *))) == NULL ||
	    (o->bufs = calloc((size_t)argc, sizeof(char *))) == NULL ||
	    (o->cookie_files = calloc((size_t)argc, sizeof(char *))) ==
	    NULL) {
		msg_warn("malloc");
		return EXIT_FAIL;
	}
	net_opts_init(&o->no);
	return CMD_GO_ON;
}

/*
 * An option that is only stored: a string, or --pipeline's depth (8 if
 * none is given).  Returns 1, or 0 for any other option.
 */
static int
parse_store(struct hg_opts *o, int c, const struct opt_state *st)
{
	switch (c) {
	case HG_PIPELINE:
		o->pipeline = st->arg != NULL ? (int)st->num : 8;
		break;
	case HG_DUMP:
		o->dump = st->arg;
		break;
	case HG_OUTPUT:
		o->outs[o->nouts++] = st->arg;
		break;
	case HG_URLS:
		o->lists[o->nlists++] = st->arg;
		break;
	case HG_COOKIE_JAR:
		o->cookie_jar = st->arg;
		break;
	case HG_NETRC_FILE:
		o->netrc_file = st->arg;
		break;
	case HG_OUTPUT_DIR:
		o->outdir = st->arg;
		break;
	case HG_PROXY:
		o->env.opt = st->arg;
		break;
	case HG_NOPROXY:
		o->env.noproxy = st->arg;
		break;
	case HG_PROXY_USER:
		o->env.user = st->arg;
		break;
	case HG_PROXY_CACERT:
		o->ptls.cafile = st->arg;
		break;
	default:
		return 0;
	}
	return 1;
}

/*
 * An option whose argument is checked here: -A, -H, -u, -w, -b,
 * --unix-socket, --resolve, --connect-to, --write-out, --proto,
 * --proto-redir and the conditional options.  Returns CMD_GO_ON to go
 * on (a flag too: opts_flags reads it), else EXIT_USAGE after saying
 * why.
 */
static int
parse_check(struct hg_opts *o, int c, char *arg)
{
	/* --resolve and --connect-to, whole kilobytes: not on the stack */
	static struct dialmap dialmap;
	char err[SK_ERRLEN];

	switch (c) {
	case HG_AGENT:
	case HG_REFERER:
		/* the same rule as for a -H value */
		if (!http_value_ok(arg))
			return cmd_usage(usage, "%s contains a control "
			    "character", c == HG_AGENT ? "user agent" :
			    "referer");
		*(c == HG_AGENT ? &o->http.agent : &o->http.referer) = arg;
		break;
	case HG_REQUEST:
		if (strcmp(arg, "GET") != 0)
			return cmd_usage(usage, "-X %s: http-get sends GET "
			    "only (-I sends HEAD)", arg);
		break;
	case HG_HEADER:
		if (http_header_check(arg, err) == -1)
			return cmd_usage(usage, "%s", err);
		o->http.headers[o->http.nheaders++] = arg;
		break;
	case HG_USER:
		if (strchr(arg, ':') == NULL)
			return cmd_usage(usage, "-u %s: no password (give "
			    "user:password; sockt does not prompt)", arg);
		o->user = arg;
		break;
	case HG_UNIX_SOCKET:
		if (addr_check_unix(arg, err) == -1)
			return cmd_usage(usage, "--unix-socket: %s", err);
		o->http.unix_path = arg;
		break;
	case HG_RESOLVE:
	case HG_CONNECT_TO:
		if ((c == HG_RESOLVE ? dialmap_resolve_add(&dialmap, arg,
		    err) : dialmap_connto_add(&dialmap, arg, err)) == -1)
			return cmd_usage(usage, "%s %s: %s", c == HG_RESOLVE ?
			    "--resolve" : "--connect-to", arg, err);
		o->http.dialmap = &dialmap;
		break;
	case HG_CONNECT_TIMEOUT:
		/*
		 * sockt's -w is seconds; curl's -w is --write-out here, said
		 * before a number is looked for: so its row is untyped
		 */
		if (strpbrk(arg, "%\\@") != NULL)
			return cmd_usage(usage, "-w %s: -w is the connect "
			    "timeout in seconds; for a curl -w format use "
			    "--write-out", arg);
		if (parse_secs_opt("connect timeout", arg, 0,
		    &o->http.connect_ms, err) == -1)
			return cmd_usage(usage, "%s", err);
		break;
	case HG_COOKIE:
		return hg_cookie_arg(o, arg, usage);
	case HG_WRITE_OUT:
		return wo_load(o, arg);
	case HG_PROTO:
	case HG_PROTO_REDIR:
		return hg_proto_opt(c == HG_PROTO ? &o->proto :
		    &o->proto_redir, c == HG_PROTO ? "--proto" :
		    "--proto-redir", arg, usage);
	case COND_CONTINUE:
	case COND_RANGE:
	case COND_TIME:
	case COND_ETAG_CMP:
	case COND_ETAG_SAVE:
		if (hcond_option(&o->gc, c - CLI_O_OWN, arg, err) == -1)
			return cmd_usage(usage, "%s", err);
		break;
	}
	return CMD_GO_ON;
}

/*
 * The -H and -A fields together must fit the request head, whatever
 * the URL: said now, as a usage error, rather than as "request head too
 * large" once connected.  Returns CMD_GO_ON to go on, else EXIT_USAGE
 * after saying why.
 */
static int
fields_check(const struct hg_opts *o)
{
	size_t n = httpc_fields_len(&o->http);

	if (n <= HTTPC_FIELDS_MAX)
		return CMD_GO_ON;
	return cmd_usage(usage, "header fields too large: %zu bytes of -H "
	    "and -A, at most %d", n, HTTPC_FIELDS_MAX);
}

/* The options without an argument, once all are read. */
static void
opts_flags(struct hg_opts *o, const struct opt_state *st, const struct cli *cl)
{
	o->http.fail = opt_seen(st, HG_FAIL);
	o->http.head = opt_seen(st, HG_HEAD);
	o->include = o->http.head || opt_seen(st, HG_INCLUDE);
	o->http.follow = opt_seen(st, HG_LOCATION);
	o->http.family = o->no.family;
	o->remote_name = opt_seen(st, HG_REMOTE_NAME);
	o->silent = opt_seen(st, HG_SILENT);
	o->tunnel = opt_seen(st, HG_TUNNEL);
	o->fail_early = opt_seen(st, HG_FAIL_EARLY);
	o->verbose = cl->verbose;
	o->fail_body = opt_seen(st, HG_FAIL_WITH_BODY);
	o->gc.compressed = o->http.compressed = opt_seen(st, HG_COMPRESSED);
	o->connrefused = opt_seen(st, HG_RETRY_CONNREFUSED);
	o->gc.remote_time = opt_seen(st, COND_REMOTE_TIME);
	o->parallel = opt_seen(st, HG_PARALLEL);
	o->create_dirs = opt_seen(st, HG_CREATE_DIRS);
	o->junk_session = opt_seen(st, HG_JUNK_SESSION);
	/*
	 * Any -b or -c turns the cookie engine on, so that a cookie set on
	 * a redirect goes on the next hop.  curl 7.88 leaves it off for -b
	 * pairs alone, which drops the session a login redirect sets up.
	 */
	if (o->ncookie_files > 0 || o->cookie_jar != NULL ||
	    o->cookie_data != NULL)
		o->http.jar = &o->jar;
	o->globoff = opt_seen(st, HG_GLOBOFF);
	o->remote_header = opt_seen(st, HG_REMOTE_HEADER);
	o->clobber = opt_seen(st, HG_CLOBBER);
	o->ptls.insecure = opt_seen(st, HG_PROXY_INSECURE);
	/* --cacert is the origin's: a refused proxy is told its own */
	o->ptls.ca_opt = "--proxy-cacert";
	o->http.proxy_tls = &o->ptls;
	o->netrc_optional = opt_seen(st, HG_NETRC_OPTIONAL);
	o->netrc = opt_seen(st, HG_NETRC) || o->netrc_optional ||
	    o->netrc_file != NULL;
}

/*
 * The command line into o: each option stored, or checked first, then
 * what they settle together.  Returns CMD_GO_ON to go on, else the
 * exit status after saying why; o is for hg_opts_free either way.
 */
int
hg_opts_parse(int argc, char **argv, struct hg_opts *o)
{
	const struct cli_val vals[] = {
		{ HG_RETRY, NULL, &o->retry.max },
		{ HG_RETRY_DELAY, NULL, &o->retry.delay_ms },
		{ HG_RETRY_MAX_TIME, NULL, &o->retry.max_time_ms },
		{ HG_PARALLEL_MAX, &o->par_max, NULL },
		{ HG_PARALLEL_HOST, &o->par_host, NULL },
		{ HG_MAX_REDIRS, NULL, &o->max_redirs },
		{ HG_MAX_TIME, &o->http.max_ms, NULL },
		{ HG_IDLE_TIMEOUT, &o->http.idle_ms, NULL },
		{ HG_LIMIT_RATE, NULL, &o->http.rate },
		{ HG_MAX_FILESIZE, NULL, &o->http.max_size },
		{ 0, NULL, NULL }
	};
	struct opt_state st;
	struct cli cl;
	char err[SK_ERRLEN];
	int c, rc;

	if ((rc = opts_init(argc, o)) != CMD_GO_ON)
		return rc;
	cli_init(&cl, &spec, &st, argc, argv);
	st.foreign = cli_curl_foreign;
	cl.vals = vals;
	cl.no = &o->no;
	cl.tls = &o->tls;
	o->http.tls = &o->tls;
	while ((c = cli_next(&cl, &st)) != CLI_END) {
		if (c < 0)
			return c == CLI_HELP ? EXIT_OK : EXIT_USAGE;
		if (!parse_store(o, c, &st) &&
		    (rc = parse_check(o, c, st.arg)) != CMD_GO_ON)
			return rc;
	}
	opts_flags(o, &st, &cl);
	if ((rc = fields_check(o)) != CMD_GO_ON)
		return rc;
	if (o->remote_header && !o->remote_name)
		return cmd_usage(usage, "-J names the file of -O: add -O");
	if (o->gc.resume_file && !o->remote_name && (o->nouts == 0 ||
	    strcmp(o->outs[0], "-") == 0))
		return cmd_usage(usage, "-C - needs -o file or -O: it resumes "
		    "at the file's size");
	/* --proxy checked now (a usage error), the environment read once */
	if (httpc_proxy_env(&o->env, err) == -1)
		return cmd_usage(usage, "%s", err);
	if (o->netrc && (rc = hg_netrc_load(o)) != CMD_GO_ON)
		return rc;
	return hg_urls(o, st.argc, st.argv, usage);
}

void
hg_opts_free(struct hg_opts *o)
{
	int i;

	for (i = 0; o->bufs != NULL && i < o->nlists; i++)
		free(o->bufs[i]);
	free(o->bufs);
	for (i = 0; i < o->ngbufs; i++)
		free(o->gbufs[i]);
	free(o->gbufs);
	free(o->urls);
	free(o->lists);
	free(o->outs);
	free(o->http.headers);
	free(o->wo);
	free(o->cookie_files);
	free(o->cookie_data);
	cookie_jar_free(&o->jar);
	free(o->netrc_text);
}
