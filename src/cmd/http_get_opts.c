/*
 * cmd/http_get_opts.c: http-get's command line: the usage, the option
 * table (--help, the completions and t0032 read it), each option read
 * into the configuration (http/conf.h; the engine reads the arguments
 * it knows), and the configuration handed to the engine once to
 * settle, what that met said in words.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/msg.h"
#include "cmd/cmd.h"
#include "cmd/http_get.h"
#include "http/conf.h"
#include "http/engine.h"
#include "parse/addr.h"
#include "parse/dialmap.h"
#include "parse/http.h"
#include "parse/opt.h"
#include "util/base.h"
#include "util/num.h"


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
/* http-get's options; those whose argument the engine reads are http_get.h's */

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
	HG_FAIL_WITH_BODY,	/* --fail-with-body */
	HG_COMPRESSED,		/* --compressed */
	HG_PARALLEL,		/* -Z */
	HG_PARALLEL_MAX,	/* --parallel-max n */
	HG_PARALLEL_HOST,	/* --parallel-host n */
	HG_PIPELINE,		/* --pipeline [depth] */
	HG_CREATE_DIRS,		/* --create-dirs */
	HG_COOKIE_JAR,		/* -c file */
	HG_JUNK_SESSION,	/* -j */
	HG_GLOBOFF,		/* -g */
	HG_REMOTE_HEADER,	/* -J */
	HG_CLOBBER,		/* --clobber */
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

static const struct opt_rule rules[] = {
	{ OPT_EXCLUDES, { HG_OUTPUT }, { HG_REMOTE_NAME },
	    "-o and -O do not go together" },
	/* as curl */
	{ OPT_EXCLUDES, { HG_FAIL }, { HG_FAIL_WITH_BODY }, NULL },
	{ OPT_EXCLUDES, { COND_CONTINUE }, { COND_RANGE }, NULL },
	{ OPT_EXCLUDES, { COND_CONTINUE }, { HG_INCLUDE, HG_HEAD }, NULL },
	{ OPT_EXCLUDES, { COND_CONTINUE }, { HG_REMOTE_HEADER }, NULL },
	{ OPT_NEEDS, { HG_REMOTE_HEADER }, { HG_REMOTE_NAME },
	    "-J names the file of -O: add -O" },
	OPT_RULES_END
};

const struct cli_spec http_get_spec = {
	usage, opts, CLI_VERBOSE | CLI_FAMILY | CLI_TLS_CLIENT, rules, NULL
};

/*
 * An option stored in an array of o: -o and --urls; --pipeline's depth
 * (8 if none is given).  Returns 1, or 0 for any other option.
 */
static int
parse_store(struct hconf *o, int c, const struct opt_state *st)
{
	switch (c) {
	case HG_PIPELINE:
		o->pipeline = st->arg != NULL ? (int)st->num : 8;
		return 1;
	case HG_OUTPUT:
		o->outs[o->nouts++] = st->arg;
		return 1;
	case HG_URLS:
		o->lists[o->nlists++] = st->arg;
		return 1;
	default:
		return 0;
	}
}

/*
 * An option whose argument the engine reads into o (http/conf.h's
 * hconf_opt): -C -r -z -R --etag-*, -b, --write-out, --proto and
 * --proto-redir.  Returns CMD_GO_ON to go on, else the exit status after
 * saying why.
 */
static int
opt_engine(struct hconf *o, int c, const char *arg)
{
	const char *opt = c == HG_PROTO ? "--proto" : "--proto-redir";
	char err[SK_ERRLEN];

	switch (hconf_option(o, c - CLI_O_OWN, arg, err)) {
	case 0:
		return CMD_GO_ON;
	case 1:
		msg_warnx("%s: unrecognized protocol '%s'", opt, err);
		return CMD_GO_ON;
	case -1:
		if (c == HG_COOKIE) {
			msg_warn("malloc");
			return EXIT_FAIL;
		}
		if (o->wo == NULL)
			return cmd_usage(usage, "--write-out: %s",
			    strerror(errno));
		return cmd_usage(usage, "--write-out %s: %s", arg,
		    strerror(errno));
	}
	if (c == HG_COOKIE)
		return cmd_usage(usage, "-b: cookies contain a control "
		    "character");
	if (c == HG_PROTO || c == HG_PROTO_REDIR)
		return cmd_usage(usage, "%s %s: a name after +, - or =, "
		    "comma-separated", opt, arg);
	return cmd_usage(usage, "%s", err);
}

/*
 * An option whose argument is checked here (-A, -e, -X, -H, -u, -w,
 * --unix-socket, --resolve, --connect-to), or read by the engine
 * (opt_engine).  Returns CMD_GO_ON to go on, else the exit status after
 * saying why.
 */
static int
parse_check(struct hconf *o, int c, char *arg)
{
	/* --resolve and --connect-to, whole kilobytes: not on the stack */
	static struct dialmap dialmap;
	char err[SK_ERRLEN];

	if (c < COND_NEXT)
		return opt_engine(o, c, arg);
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
fields_check(const struct hconf *o)
{
	size_t n = httpc_fields_len(&o->http);

	if (n <= HTTPC_FIELDS_MAX)
		return CMD_GO_ON;
	return cmd_usage(usage, "header fields too large: %zu bytes of -H "
	    "and -A, at most %d", n, HTTPC_FIELDS_MAX);
}

/* What the options settle together, once all are read. */
static void
opts_flags(struct hconf *o, const struct cli *cl)
{
	o->include |= o->http.head;
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
}

/*
 * The command line into o: each option stored (vals), checked first,
 * or read by the engine, then what they settle together; the operands
 * into o->args.
 */
int
hg_opts_parse(int argc, char **argv, struct hconf *o)
{
	const struct cli_val vals[] = {
		CLI_STR(HG_DUMP, &o->dump),
		CLI_STR(HG_COOKIE_JAR, &o->cookie_jar),
		CLI_STR(HG_NETRC_FILE, &o->netrc_file),
		CLI_STR(HG_OUTPUT_DIR, &o->outdir),
		CLI_STR(HG_PROXY, &o->env.opt),
		CLI_STR(HG_NOPROXY, &o->env.noproxy),
		CLI_STR(HG_PROXY_USER, &o->env.user),
		CLI_STR(HG_PROXY_CACERT, &o->ptls.cafile),
		CLI_FLAG(HG_FAIL, &o->http.fail),
		CLI_FLAG(HG_HEAD, &o->http.head),
		CLI_FLAG(HG_INCLUDE, &o->include),
		CLI_FLAG(HG_LOCATION, &o->http.follow),
		CLI_FLAG(HG_REMOTE_NAME, &o->remote_name),
		CLI_FLAG(HG_SILENT, &o->silent),
		CLI_FLAG(HG_TUNNEL, &o->tunnel),
		CLI_FLAG(HG_FAIL_EARLY, &o->fail_early),
		CLI_FLAG(HG_FAIL_WITH_BODY, &o->fail_body),
		CLI_FLAG(HG_COMPRESSED, &o->http.compressed),
		CLI_FLAG(HG_RETRY_CONNREFUSED, &o->connrefused),
		CLI_FLAG(HG_PARALLEL, &o->parallel),
		CLI_FLAG(HG_CREATE_DIRS, &o->create_dirs),
		CLI_FLAG(HG_JUNK_SESSION, &o->junk_session),
		CLI_FLAG(HG_GLOBOFF, &o->globoff),
		CLI_FLAG(HG_REMOTE_HEADER, &o->remote_header),
		CLI_FLAG(HG_CLOBBER, &o->clobber),
		CLI_FLAG(HG_PROXY_INSECURE, &o->ptls.insecure),
		CLI_FLAG(HG_NETRC, &o->netrc),
		CLI_FLAG(HG_NETRC_OPTIONAL, &o->netrc_optional),
		CLI_NUM(HG_RETRY, &o->retry.max),
		CLI_NUM(HG_RETRY_DELAY, &o->retry.delay_ms),
		CLI_NUM(HG_RETRY_MAX_TIME, &o->retry.max_time_ms),
		CLI_INT(HG_PARALLEL_MAX, &o->par_max),
		CLI_INT(HG_PARALLEL_HOST, &o->par_host),
		CLI_NUM(HG_MAX_REDIRS, &o->max_redirs),
		CLI_INT(HG_MAX_TIME, &o->http.max_ms),
		CLI_INT(HG_IDLE_TIMEOUT, &o->http.idle_ms),
		CLI_NUM(HG_LIMIT_RATE, &o->http.rate),
		CLI_NUM(HG_MAX_FILESIZE, &o->http.max_size),
		CLI_VALS_END
	};
	struct opt_state st;
	struct cli cl;
	int c, rc;

	if (hconf_init(o, argc) == -1) {
		msg_warn("malloc");
		return EXIT_FAIL;
	}
	cli_init(&cl, &http_get_spec, &st, argc, argv);
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
	opts_flags(o, &cl);
	if ((rc = fields_check(o)) != CMD_GO_ON)
		return rc;
	if (o->gc.resume_file && !o->remote_name && (o->nouts == 0 ||
	    strcmp(o->outs[0], "-") == 0))
		return cmd_usage(usage, "-C - needs -o file or -O: it resumes "
		    "at the file's size");
	o->args = st.argv;
	o->nargs = st.argc;
	return CMD_GO_ON;
}

/* What settling the configuration met, in words. */
static void
settle_say(const struct hconf_event *ev, void *arg)
{
	(void)arg;
	switch (ev->kind) {
	case HCONF_EV_WHY:
		hg_say_why(ev->why);
		break;
	case HCONF_EV_NOMEM:
		msg_warn("malloc");
		break;
	case HCONF_EV_PROXY:
		(void)cmd_usage(usage, "%s", ev->text);
		break;
	case HCONF_EV_NO_URL:
		(void)cmd_usage(usage, "missing URL");
		break;
	case HCONF_EV_EMPTY:
		msg_warnx("no URL in %s", ev->s == NULL ? "the --urls lists" :
		    strcmp(ev->s, "-") == 0 ? "stdin" : ev->s);
		break;
	case HCONF_EV_MORE_OUTS:
		msg_warnx("more -o than URLs: %s and after are not used",
		    ev->s);
		break;
	case HCONF_EV_GLOB:
		/* which one, by number: a bad URL may not print well */
		if (ev->of > 1)
			msg_warnx("URL %d of %d: %s (-g: no globbing)", ev->n,
			    ev->of, ev->text);
		else
			msg_warnx("%s: %s (-g: no globbing)", ev->s, ev->text);
		break;
	default:
		msg_warnx("%s", ev->text);
		break;
	}
}

int
hg_settle(struct hconf *o)
{
	switch (hconf_settle(o, settle_say, NULL)) {
	case 0:
		return CMD_GO_ON;
	case -1:
		return EXIT_FAIL;
	default:
		return EXIT_USAGE;
	}
}
