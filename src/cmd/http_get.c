/*
 * cmd/http_get.c: sockt http-get, an HTTP/1.1 client in the spirit of
 * curl.  The transfer itself is http/client.c's and the output file output.c's;
 * this file holds the options, the policy (-f, -i, -D, -v, a 304 that
 * keeps FILE, which redirects to follow, the URLs in turn and where
 * each one's body goes) and every message.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/msg.h"
#include "cli/progress.h"
#include "cmd/cmd.h"
#include "cmd/http_get_cond.h"
#include "http/client.h"
#include "http/output.h"
#include "net/net.h"
#include "net/relay.h"
#include "parse/addr.h"
#include "parse/http.h"
#include "parse/httpdate.h"
#include "parse/noproxy.h"
#include "parse/opt.h"
#include "parse/retry.h"
#include "parse/socks.h"
#include "parse/url.h"
#include "parse/urllist.h"
#include "parse/writeout.h"
#include "sockt.h"
#include "util/clock.h"
#include "util/file.h"
#include "util/num.h"

#define EXIT_HTTP	22		/* -f and a status of 400 or more */
#define PROGRESS_MS	250
/* bytes of a --write-out @FILE: under 1 MiB */
#define WO_FILEMAX	(1024 * 1024 - 1)
/*
 * bytes of a --urls list: a million URLs of 200 bytes fit, and the
 * count of URLs (an int) stays far from its limit
 */
#define URLS_FILEMAX	(256 * 1024 * 1024)

static const char usage[] =
    "usage: sockt http-get [-46fIiLpRsv] [-A agent] [-C offset | -r range] "
    "[-D file]\n"
    "                      [-H header]... [-m secs] [-o file... | -O]\n"
    "                      [-u user:password] [-w secs] [-x url]\n"
    "                      [-z [-]date|file] [--etag-compare file]\n"
    "                      [--etag-save file] [--fail-early] [--fail-with-body]\n"
    "                      [--idle-timeout secs] [--limit-rate rate]\n"
    "                      [--max-filesize bytes] [--max-redirs n]\n"
    "                      [--noproxy list] [--output-dir dir]\n"
    "                      [--proxy-user user:pw] [--retry n]\n"
    "                      [--retry-connrefused] [--retry-delay secs]\n"
    "                      [--retry-max-time secs] [--unix-socket path]\n"
    "                      [--urls file] [--write-out format] URL...\n";
/* http-get's options; the ids of -C -r -z -R --etag-* are cmd/http_get_cond.h's */
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
	HG_PROXY_USER,		/* --proxy-user user:pw */
	HG_URLS,		/* --urls file */
	HG_OUTPUT_DIR,		/* --output-dir dir */
	HG_FAIL_EARLY,		/* --fail-early */
	HG_RETRY,		/* --retry n */
	HG_RETRY_DELAY,		/* --retry-delay secs */
	HG_RETRY_MAX_TIME,	/* --retry-max-time secs */
	HG_RETRY_CONNREFUSED,	/* --retry-connrefused */
	HG_WRITE_OUT,		/* --write-out format */
	HG_FAIL_WITH_BODY	/* --fail-with-body */
};

#define PROXY_WORDS	"socks5:// socks5h:// socks4:// socks4a:// http://"
#define WRITE_OUT_WORDS	"%{http_code} %{size_download} %{size_header} " \
	"%{time_namelookup} %{time_connect} %{time_starttransfer} " \
	"%{time_total} %{speed_download} %{url_effective} " \
	"%{num_redirects} %{remote_ip} %{remote_port} %{content_type} " \
	"%{exitcode} %{json} %{stderr} %{stdout}"

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
	OPT_ARG_(COND_CONTINUE, 'C', "continue-at", "offset", COMP_NONE,
	    "  -C offset  resume at byte offset (- : at the size of the -o "
	    "file);\n"
	    "             only a 206 from that byte is appended, a 200 "
	    "replaces\n"
	    "             the file atomically, a 416 for a complete file is "
	    "done\n"),
	OPT_ARG_(HG_DUMP, 'D', "dump-header", "file", COMP_FILE,
	    "  -D file    write the response heads to file (- for stdout)\n"),
	OPT_FLAG_(HG_FAIL, 'f', "fail",
	    "  -f         fail with exit status 22 on an HTTP status of 400 "
	    "or more\n"
	    "             or outside 100-599\n"),
	OPT_ARG_(HG_HEADER, 'H', "header", "header", COMP_NONE,
	    "  -H header  add or replace a header ('Name: value'; 'Name:' "
	    "drops it)\n"),
	OPT_FLAG_(HG_HEAD, 'I', "head",
	    "  -I         send HEAD and show the response head\n"),
	OPT_FLAG_(HG_INCLUDE, 'i', "include",
	    "  -i         put the response heads, 1xx ones too, before the "
	    "body\n"),
	OPT_FLAG_(HG_LOCATION, 'L', "location",
	    "  -L         follow redirects (at most --max-redirs, default "
	    "50)\n"),
	OPT_ARG_(HG_MAX_REDIRS, 0, "max-redirs", "n", COMP_NONE, NULL),
	OPT_ARG_(HG_MAX_TIME, 'm', "max-time", "secs", COMP_NONE,
	    "  -m secs    limit the whole transfer\n"),
	OPT_FLAG_(HG_REMOTE_NAME, 'O', "remote-name",
	    "  -O         write each body to a file named after its URL's "
	    "last segment\n"),
	OPT_ALIAS(HG_REMOTE_NAME, 0, "remote-name-all", 0),
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
	    "  -s         silent: no progress bar, no chatter\n"),
	OPT_ARG_(HG_USER, 'u', "user", "user:password", COMP_NONE,
	    "  -u user:password  Basic authentication, sent to the URL's "
	    "host and\n"
	    "             port only, not to another a redirect leads to\n"),
	OPT_DOC(CLI_O_VERBOSE,
	    "  -v         show the request and response heads on stderr\n"),
	OPT_ALIAS(CLI_O_VERBOSE, 0, "verbose", 0),
	OPT_ARG_(HG_CONNECT_TIMEOUT, 'w', "connect-timeout", "secs", COMP_NONE,
	    "  -w secs    connect timeout (default 10), proxy handshake "
	    "included\n"),
	OPT_WORDS_(HG_PROXY, 'x', "proxy", "url", PROXY_WORDS,
	    "  -x url     through a proxy: socks5://, socks5h://, socks4://,\n"
	    "             socks4a:// or http://, user:pw@ allowed ('' for "
	    "none)\n"),
	OPT_ARG_(COND_TIME, 'z', "time-cond", "date|file", COMP_FILE,
	    "  -z date|file  only if modified since the date or the file's "
	    "time\n"
	    "             (-date: only if not modified since); a 304 keeps "
	    "files\n"),
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
	OPT_ARG_(HG_IDLE_TIMEOUT, 0, "idle-timeout", "secs", COMP_NONE,
	    "  --idle-timeout secs  give up when no data arrives for this "
	    "long\n"),
	OPT_ARG_(HG_LIMIT_RATE, 0, "limit-rate", "rate", COMP_NONE,
	    "  --limit-rate rate    read the body at most rate bytes a "
	    "second\n"
	    "             (suffix k, M, G: 1024-based)\n"),
	OPT_ARG_(HG_MAX_FILESIZE, 0, "max-filesize", "bytes", COMP_NONE,
	    "  --max-filesize bytes  refuse a body larger than this (suffix "
	    "k, M,\n"
	    "             G)\n"),
	OPT_ARG_(HG_NOPROXY, 0, "noproxy", "list", COMP_NONE,
	    "  --noproxy list  hosts reached directly, in place of "
	    "NO_PROXY\n"),
	OPT_ARG_(HG_OUTPUT_DIR, 0, "output-dir", "dir", COMP_FILE,
	    "  --output-dir dir     put the files of -o and -O (relative "
	    "names) in dir\n"),
	OPT_ARG_(HG_PROXY_USER, 0, "proxy-user", "user:pw", COMP_NONE,
	    "  --proxy-user user:pw  the proxy's credentials\n"),
	OPT_ARG_(HG_RETRY, 0, "retry", "n", COMP_NONE,
	    "  --retry n  retry a timeout, a failed connect, HTTP 408 429 500 "
	    "502\n"
	    "             503 504 up to n times; never writes a byte twice\n"),
	OPT_FLAG_(HG_RETRY_CONNREFUSED, 0, "retry-connrefused",
	    "  --retry-connrefused  retry a refused connection too\n"),
	OPT_ARG_(HG_RETRY_DELAY, 0, "retry-delay", "secs", COMP_NONE,
	    "  --retry-delay secs   wait this long between tries (default: "
	    "1 s,\n"
	    "             doubling up to 10 min; a longer Retry-After "
	    "wins)\n"),
	OPT_ARG_(HG_RETRY_MAX_TIME, 0, "retry-max-time", "secs", COMP_NONE,
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
	{ { 0 }, { 0 }, NULL }
};

static const struct cli_spec spec = {
	usage, opts, CLI_VERBOSE | CLI_FAMILY, excl, NULL
};

struct opts {
	struct httpc_opts http;		/* what every request asks */
	int		  include, silent, verbose;
	int		  remote_name, tunnel, fail_early;
	const char	 *dump;
	const char	 *out;		/* the current URL's -o, or NULL */
	const char	 *outdir;	/* --output-dir */
	const char	**outs;		/* every -o, one a URL in order */
	int		  nouts;
	const char	**lists;	/* every --urls */
	int		  nlists;
	char		**urls;		/* the operands, then the lists' */
	int		  nurls;
	char		**bufs;		/* the lists' text, urls point in */
	const char	 *user;		/* -u "user:password", or NULL */
	struct net_opts	  no;		/* -4, -6: the family into http */
	struct proxy_env  env;		/* --proxy and the environment */
	int		  fail_body;	/* --fail-with-body */
	struct retry_opts retry;
	int		  connrefused;	/* --retry-connrefused */
	char		 *wo;		/* --write-out, or NULL */
	size_t		  wolen;
	long long	  max_redirs;	/* -1: no limit */
	struct getcond	  gc;		/* -C -r -z -R --etag-* */
};

/* One run of the command: the output and what the hooks need. */
struct get {
	const struct opts *o;
	struct output	 out;
	struct progress	 pg;
	uint64_t	 done, total;	/* body bytes; total 0: unknown */
	int		 dump_fd;	/* -D, -1 until opened */
	char		**seen;		/* URLs redirected from */
	int		 nseen;
	long long	 nredirs;
	int		 more;		/* URLs follow this one */
	const struct httpc *e;		/* whether a connection was reused */
	/* this try, for --retry and --write-out */
	struct httpc_result res;
	char		 url[URL_PATHLEN + SK_HOSTLEN + 16];	/* its last */
	long long	 t0;		/* mono_us when it began */
	long long	 t_end;
	unsigned long long hbytes;	/* response heads received */
	unsigned long long hwrote;	/* head bytes -i put in the output */
	char		*head;		/* the last final head, as received */
	size_t		 headlen;
	char		 rip[SK_HOSTLEN];	/* connected to */
	int		 rport;
	struct retry_state rs;
	long long	 after_ms;	/* Retry-After, -1: none */
	int		 planned;	/* the head hook chose to retry */
	long long	 plan_wait;
	int		 said;		/* the failure has been reported */
	struct getcond	*gc;		/* the opts' */
};

static void
fmt_size(char *b, size_t cap, double v)
{
	static const char *unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	int u = 0;

	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	snprintf(b, cap, u == 0 ? "%.0f %s" : "%.1f %s", v, unit[u]);
}

/* The progress line: size so far, rate and, by length, percent and ETA. */
static void
progress_show(struct get *g, int final)
{
	char line[160], done[32], rate[32];
	long long el;
	double bps;
	int n;

	if (!progress_due(&g->pg, final))
		return;
	el = g->pg.last - g->pg.start;
	bps = el > 0 ? (double)g->done * 1000.0 / (double)el : 0;
	fmt_size(done, sizeof(done), (double)g->done);
	fmt_size(rate, sizeof(rate), bps);
	if (g->total > 0) {
		long long eta = bps > 0 ? (long long)((double)(g->total -
		    (g->done < g->total ? g->done : g->total)) / bps) : 0;

		n = snprintf(line, sizeof(line), "\r%12s %12s/s %3d%%  ETA "
		    "%lld:%02lld:%02lld ", done, rate, (int)(g->done * 100 /
		    g->total), eta / 3600, eta / 60 % 60, eta % 60);
	} else
		n = snprintf(line, sizeof(line), "\r%12s %12s/s ", done, rate);
	if (n > 0 && (size_t)n < sizeof(line)) {
		if (final && (size_t)n + 1 < sizeof(line))
			line[n++] = '\n';
		progress_draw(&g->pg, line, (size_t)n);
	}
}

static void
progress_end(struct get *g)
{
	/* the last line stays, even for a transfer too quick to show one */
	if (g->pg.on)
		progress_show(g, 1);
	g->pg.on = 0;
}

/* Why the output failed, as output.c recorded it. */
static void
say_output(const struct output *out)
{
	switch (out->fail) {
	case OUTPUT_FAIL_QUIET:
		break;
	case OUTPUT_FAIL_NAMELEN:
		msg_warnx("%s: file name too long", out->path);
		break;
	default:
		errno = out->err;
		msg_warn("%s", out->path ? out->path : "stdout");
		break;
	}
}

/* -v: each line of a head, CR dropped, after a prefix. */
static void
show_head(const char *prefix, const char *p, size_t n)
{
	const char *lf;
	size_t l;

	while (n > 0) {
		lf = memchr(p, '\n', n);
		l = lf ? (size_t)(lf - p) : n;
		if (l == 0 || (l == 1 && p[0] == '\r'))
			break;
		fprintf(stderr, "%s%.*s\n", prefix, (int)(l > 0 &&
		    p[l - 1] == '\r' ? l - 1 : l), p);
		if (lf == NULL)
			break;
		n -= l + 1;
		p += l + 1;
	}
}

/* Write the head where -i, -D and -v want it; -1 after saying why. */
static int
emit_head(struct get *g, int include, const char *p, size_t n)
{
	const struct opts *o = g->o;

	if (o->verbose)
		show_head("< ", p, n);
	if (include && output_write(&g->out, p, n) == -1) {
		say_output(&g->out);
		return -1;
	}
	if (include)
		g->hwrote += n;
	if (o->dump != NULL) {
		if (g->dump_fd == -1) {
			if (strcmp(o->dump, "-") == 0)
				g->dump_fd = STDOUT_FILENO;
			else if ((g->dump_fd = open(o->dump, O_WRONLY |
			    O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) == -1) {
				msg_warn("%s", o->dump);
				return -1;
			}
		}
		if (io_write_all(g->dump_fd, p, n) == -1) {
			msg_warn("%s", o->dump);
			return -1;
		}
	}
	return 0;
}

/* -v: where we connected, and the request. */
static void
on_request(void *arg, int s, int via_proxy, const char *req, size_t n)
{
	struct get *g = arg;

	/* for --write-out's %{remote_ip} and %{remote_port}, as curl */
	if (net_peer_str(s, g->rip, sizeof(g->rip), &g->rport) == -1) {
		g->rip[0] = '\0';
		g->rport = 0;
	}
	if (!g->o->verbose)
		return;
	if (g->rip[0] != '\0')
		fprintf(stderr, "* %s %s port %d%s\n", g->e->reused ?
		    "re-using the connection to" : "connected to", g->rip,
		    g->rport, via_proxy ? " (proxy)" : "");
	show_head("> ", req, n);
}

/* Retry-After of head r in milliseconds, or -1. */
static long long
retry_after(const struct http_resp *r)
{
	const struct http_field *f;
	long long d;

	if ((f = http_field_get(r, "Retry-After")) == NULL ||
	    http_retry_after(f->value, f->vlen, (long long)time(NULL),
	    &d) == -1)
		return -1;
	return d * 1000;
}

/* Bytes of this try that went to the output: -i's heads and the body. */
static unsigned long long
try_wrote(const struct get *g)
{
	return g->hwrote + g->done;
}

/*
 * A final head whose status is worth a retry: when one will follow, its
 * body (an error page) is refused, so it never reaches the output; the
 * last try keeps it, as without --retry.  Returns 1 to refuse.
 */
static int
retry_at_head(struct get *g, const struct http_resp *r)
{
	enum retry_verdict v;

	if (g->o->retry.max == 0 || !retry_status(r->status))
		return 0;
	v = retry_plan(&g->o->retry, &g->rs, mono_ms(), g->after_ms,
	    &g->plan_wait);
	if (v == RETRY_TIME_UP && !g->o->silent)
		msg_warnx("HTTP %d: not retrying: the wait would end after "
		    "--retry-max-time", r->status);
	if (v != RETRY_GO)
		return 0;
	if (try_wrote(g) > 0 && !g->out.is_tmp) {
		msg_warnx("HTTP %d: not retrying: %llu bytes already written "
		    "to %s", r->status, try_wrote(g), g->out.path ?
		    g->out.path : "stdout");
		return 0;
	}
	g->planned = 1;
	return 1;
}

/* Keep the last head for --write-out (%{content_type}, %header{}). */
static void
keep_head(struct get *g, enum httpc_head what, const struct http_resp *r,
    const char *p, size_t n)
{
	g->hbytes += n;
	if (what == HTTPC_HEAD_INTERIM)
		return;
	g->after_ms = retry_after(r);
	if (g->head != NULL && n <= HTTP_HEAD_MAX) {
		memcpy(g->head, p, n);
		g->headlen = n;
	}
}

static int
on_head(void *arg, enum httpc_head what, const struct http_resp *r,
    const char *p, size_t n)
{
	struct get *g = arg;

	keep_head(g, what, r, p, n);
	switch (what) {
	case HTTPC_HEAD_SWITCH:
	case HTTPC_HEAD_FAIL:
		/* an error follows; only -v shows the head */
		if (g->o->verbose)
			show_head("< ", p, n);
		return 0;
	case HTTPC_HEAD_FINAL:
		if (retry_at_head(g, r)) {
			if (g->o->verbose)
				show_head("< ", p, n);
			return 1;
		}
		/*
		 * A 304 says the user's copy is current: -o and -O leave
		 * FILE as it was, neither created nor truncated, as curl
		 * does; the head still goes to -D, -v and, with -i, to
		 * stdout.  With -I the head is what was asked for and goes
		 * to FILE as for any status.
		 */
		if (r->status == 304 && !g->o->http.head &&
		    g->out.path != NULL) {
			g->out.keep = 1;
			if (emit_head(g, 0, p, n) == -1)
				return -1;
			return getcond_head(g->gc, r, &g->out, 0);
		}
		break;
	default:
		break;
	}
	if (emit_head(g, g->o->include, p, n) == -1)
		return -1;
	/* after -i: a body kept out of FILE keeps the head it came with */
	return what == HTTPC_HEAD_FINAL ? getcond_head(g->gc, r, &g->out,
	    g->o->http.head) : 0;
}

/* A body follows: the progress line, when stderr is a terminal. */
static int
on_body(void *arg, enum http_body_kind kind, uint64_t length)
{
	struct get *g = arg;

	g->done = 0;
	if (g->o->silent || !progress_tty())
		return 0;
	if (output_open(&g->out) == -1) {
		say_output(&g->out);
		return -1;
	}
	/* not over the body itself on the same terminal */
	progress_init(&g->pg, !g->out.is_tty, PROGRESS_MS);
	g->total = kind == HTTP_BODY_LENGTH ? length : 0;
	return 0;
}

static void
on_progress(void *arg, uint64_t done)
{
	struct get *g = arg;

	g->done = done;
	progress_show(g, 0);
}

/*
 * One request and its response into g->res; the failure is for the
 * caller to report (it may retry).  Returns the outcome; *next is
 * filled for HTTPC_REDIRECT.
 */
static enum httpc_outcome
hop(struct get *g, struct httpc *e, struct httpc_req *q, struct url *next)
{
	static const struct httpc_hooks hooks = {
		NULL, on_request, on_head, on_body, on_progress
	};
	struct httpc_hooks h = hooks;
	struct proxy px;
	const char *from = NULL;
	char err[SK_ERRLEN];
	enum httpc_outcome oc;
	int rc;

	/* each hop chooses again: NO_PROXY may cover a redirect's host */
	if (q->opt->unix_path != NULL)
		rc = 0;		/* the socket leads to the server itself */
	else if ((rc = proxy_pick(&g->o->env, q->url->host, &px, &from,
	    err)) == -1) {
		msg_warnx("%s", err);
		g->said = 1;
		return HTTPC_ERR_REQUEST;
	}
	q->proxy = rc == 1 ? &px : NULL;
	/* an http:// target through an http:// proxy: absolute form */
	q->tunnel = rc == 1 && (px.kind != PROXY_HTTP || g->o->tunnel);
	if (rc == 1 && g->o->verbose)
		fprintf(stderr, "* %s through %s proxy %s port %s (%s)\n",
		    q->url->host, proxy_scheme(px.kind), px.host, px.port,
		    from);
	h.arg = g;
	g->res.next = next;
	memset(&g->pg, 0, sizeof(g->pg));
	oc = httpc_fetch(e, q, &h, &g->out, &g->res);
	progress_end(g);
	q->proxy = NULL;	/* it was on this stack */
	return oc;
}

/*
 * May the redirect from u to next be followed?  Not past --max-redirs,
 * and not to a URL met before: that is a loop, stopped now rather than
 * after n trips.  Returns 0, or -1 after saying why.
 */
static int
redirect_ok(struct get *g, const struct url *u, const struct url *next)
{
	char s[URL_PATHLEN + SK_HOSTLEN + 16], **ns;
	int i;

	if (g->o->max_redirs != -1 && g->nredirs >= g->o->max_redirs) {
		msg_warnx("too many redirects (at most %lld)",
		    g->o->max_redirs);
		return -1;
	}
	g->nredirs++;
	if (url_string(u, s, sizeof(s)) == -1 ||
	    (ns = realloc(g->seen, (size_t)(g->nseen + 1) *
	    sizeof(*g->seen))) == NULL) {
		msg_warn("redirect");
		return -1;
	}
	g->seen = ns;
	if ((g->seen[g->nseen] = strdup(s)) == NULL) {
		msg_warn("redirect");
		return -1;
	}
	g->nseen++;
	if (url_string(next, s, sizeof(s)) == -1)
		s[0] = '\0';
	for (i = 0; i < g->nseen; i++)
		if (strcmp(g->seen[i], s) == 0) {
			msg_warnx("redirect loop: %s", s);
			return -1;
		}
	if (g->o->verbose)
		fprintf(stderr, "* redirect to %s\n", s);
	return 0;
}

/* Say why the try failed, as it was before --retry. */
static void
say_failure(struct get *g, enum httpc_outcome oc)
{
	if (g->said)
		return;
	g->said = 1;
	if (oc == HTTPC_HTTP_ERROR)
		msg_warnx("%s: server returned %d %s", g->url, g->res.status,
		    g->res.reason);
	else if (oc == HTTPC_ERR_OUTPUT)
		say_output(&g->out);
	else if (g->res.err[0] != '\0')
		msg_warnx("%s", g->res.err);
}

/*
 * May this failed try be retried at all?  Timeouts, a failed connect
 * (refused only with --retry-connrefused, as curl), and the statuses of
 * retry_status, whether -f stopped at them or the head hook did.
 */
static int
retryable(const struct get *g, enum httpc_outcome oc)
{
	switch (oc) {
	case HTTPC_ERR_TIMEOUT:
		return 1;
	case HTTPC_ERR_CONNECT:
		return g->res.sys_err != ECONNREFUSED || g->o->connrefused;
	case HTTPC_HTTP_ERROR:
		return retry_status(g->res.status);
	default:
		return 0;
	}
}

/* Wait ms milliseconds; a signal that ends us may cut it short. */
static void
nap(long long ms)
{
	struct timespec ts;
	long long end = mono_ms() + ms, left;

	while ((left = end - mono_ms()) > 0) {
		ts.tv_sec = (time_t)(left / 1000);
		ts.tv_nsec = (long)(left % 1000 * 1000000);
		(void)nanosleep(&ts, NULL);
	}
}

/* "HTTP 503 Service Unavailable: retrying in 2 s (1 of 3)" */
static void
say_retry(struct get *g, enum httpc_outcome oc, long long wait)
{
	char w[48];
	size_t n;

	if (g->o->silent)
		return;
	/* whole seconds as "2 s", fractions as "0.25 s" */
	(void)snprintf(w, sizeof(w), "%lld.%03lld", wait / 1000, wait % 1000);
	n = strlen(w);
	while (w[n - 1] == '0')
		w[--n] = '\0';
	if (w[n - 1] == '.')
		w[--n] = '\0';
	(void)snprintf(w + n, sizeof(w) - n, " s");
	if (oc == HTTPC_HTTP_ERROR)
		msg_warnx("HTTP %d%s%s: retrying in %s (%lld of %lld)",
		    g->res.status, g->res.reason[0] != '\0' ? " " : "",
		    g->res.reason, w, g->rs.used, g->o->retry.max);
	else
		msg_warnx("%s: retrying in %s (%lld of %lld)", g->res.err, w,
		    g->rs.used, g->o->retry.max);
}

/*
 * After a failed try: retry it?  Never when bytes went where they cannot
 * be taken back (stdout, a fifo): curl writes them twice, we refuse and
 * keep the failure.  A temporary -o file starts over.  Returns 1 after
 * the wait, or 0 (*oc may change to HTTPC_ERR_OUTPUT).
 */
static int
retry_decide(struct get *g, enum httpc_outcome *oc)
{
	const struct opts *o = g->o;
	enum retry_verdict v;
	long long wait;

	if (!retryable(g, *oc))
		return 0;
	if (g->planned) {
		v = RETRY_GO;
		wait = g->plan_wait;
	} else
		v = retry_plan(&o->retry, &g->rs, mono_ms(), *oc ==
		    HTTPC_HTTP_ERROR ? g->after_ms : -1, &wait);
	if (v == RETRY_TIME_UP) {
		say_failure(g, *oc);
		msg_warnx("not retrying: the wait would end after "
		    "--retry-max-time");
	}
	if (v != RETRY_GO)
		return 0;
	if (try_wrote(g) > 0 && !g->out.is_tmp) {
		say_failure(g, *oc);
		msg_warnx("not retrying: %llu bytes already written to %s",
		    try_wrote(g), g->out.path ? g->out.path : "stdout");
		return 0;
	}
	if (output_rewind(&g->out) == -1) {
		*oc = HTTPC_ERR_OUTPUT;
		say_failure(g, *oc);
		return 0;
	}
	retry_take(&o->retry, &g->rs);
	say_retry(g, *oc, wait);
	nap(wait);
	return 1;
}

/* Forget the redirects of the try before. */
static void
try_reset(struct get *g)
{
	int i;

	for (i = 0; i < g->nseen; i++)
		free(g->seen[i]);
	g->nseen = 0;
	g->nredirs = 0;
	g->hbytes = g->hwrote = g->done = 0;
	g->headlen = 0;
	g->rip[0] = '\0';
	g->rport = 0;
	g->after_ms = -1;
	g->planned = 0;
	g->said = 0;
	memset(&g->res, 0, sizeof(g->res));
}

/*
 * One try: fetch the URL the user named into u, following redirects (u
 * and next trade places each time).  -m counts from its start.
 */
static enum httpc_outcome
get_try(struct get *g, struct httpc *e, struct httpc_req *q,
    const struct url *orig, struct url *u, struct url *next)
{
	struct url *tmp;
	enum httpc_outcome oc;

	try_reset(g);
	*u = *orig;
	g->t0 = mono_us();
	q->deadline = q->opt->max_ms > 0 ? mono_ms() + q->opt->max_ms : -1;
	for (;;) {
		q->url = u;
		if (url_string(u, g->url, sizeof(g->url)) == -1)
			g->url[0] = '\0';
		if ((oc = hop(g, e, q, next)) != HTTPC_REDIRECT)
			break;
		if (redirect_ok(g, u, next) == -1) {
			g->said = 1;
			oc = HTTPC_ERR_REQUEST;
			break;
		}
		tmp = u;
		u = next;
		next = tmp;
	}
	g->t_end = mono_us();
	return oc;
}

/* Fetch, retrying as --retry allows; the exit status. */
static int
get_run(struct get *g, struct httpc *e, const struct url *orig,
    struct url *u, struct url *next)
{
	const struct opts *o = g->o;
	struct httpc_req q;
	enum httpc_outcome oc;

	memset(&q, 0, sizeof(q));
	q.opt = &o->http;
	q.origin = orig;
	/*
	 * No Connection: close while another URL follows, nor with -L: a
	 * redirect to the same host and port goes on the same connection
	 * (every response is read by its framing, so none waits for the
	 * server to close).  The last URL without -L says close.
	 */
	q.keep_alive = g->more || o->http.follow;
	q.resume = g->gc->resume && g->gc->offset > 0;
	retry_init(&g->rs, mono_ms());
	while ((oc = get_try(g, e, &q, orig, u, next)) != HTTPC_OK &&
	    retry_decide(g, &oc))
		;
	if (oc != HTTPC_OK) {
		say_failure(g, oc);
		return oc == HTTPC_HTTP_ERROR && !g->planned ? EXIT_HTTP :
		    EXIT_FAIL;
	}
	/* --fail-with-body: the body is kept, the status says it failed */
	if (o->fail_body && http_status_class(g->res.status) >= 4) {
		say_failure(g, HTTPC_HTTP_ERROR);
		return EXIT_HTTP;
	}
	return EXIT_OK;
}

/*
 * --write-out FORMAT, or @FILE (@- for stdin) read as curl reads it.
 * Returns 0, or EXIT_USAGE after saying why.
 */
static int
wo_load(struct opts *o, const char *arg)
{
	size_t n;
	char *b;

	free(o->wo);
	if ((o->wo = strdup(arg)) == NULL)
		return msg_usage(usage, "--write-out: %s", strerror(errno));
	o->wolen = strlen(arg);
	if (arg[0] != '@')
		return 0;
	if (read_file(arg + 1, WO_FILEMAX, &b, &n) == -1)
		return msg_usage(usage, "--write-out %s: %s", arg,
		    strerror(errno));
	free(o->wo);
	o->wo = b;
	o->wolen = wo_strip_lines(b, n);
	return 0;
}

/* A long option of this file's own, with an argument. */
static int
parse_long(struct opts *o, int c, const char *arg)
{
	const char *errstr;
	char err[SK_ERRLEN];
	int ms;

	switch (c) {
	case HG_RETRY:
		if (parse_num(arg, 0, 1000000, &o->retry.max, &errstr) == -1)
			return msg_usage(usage, "retry %s: %s", arg, errstr);
		break;
	case HG_RETRY_DELAY:
	case HG_RETRY_MAX_TIME:
		/* 0: the backoff, or no limit, as curl */
		if (parse_secs_opt(c == HG_RETRY_DELAY ? "retry delay" :
		    "retry max time", arg, 1, &ms, err) == -1)
			return msg_usage(usage, "%s", err);
		if (c == HG_RETRY_DELAY)
			o->retry.delay_ms = ms;
		else
			o->retry.max_time_ms = ms;
		break;
	case HG_WRITE_OUT:
		return wo_load(o, arg);
	case HG_CONNECT_TIMEOUT:
		/* sockt's -w is seconds; curl's -w is --write-out here */
		if (strpbrk(arg, "%\\@") != NULL)
			return msg_usage(usage, "-w %s: -w is the connect timeout "
			    "in seconds; for a curl -w format use --write-out",
			    arg);
		if (parse_secs_opt("connect timeout", arg, 0,
		    &o->http.connect_ms, err) == -1)
			return msg_usage(usage, "%s", err);
		break;
	}
	return 0;
}

/* Set and not empty, as curl reads the environment. */
static const char *
env_get(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : NULL;
}

/*
 * The proxy settings: --proxy checked now (a usage error), the
 * environment read once.  As curl: only the lowercase http_proxy (a CGI
 * program gets HTTP_PROXY from a request's "Proxy:" header), all_proxy
 * before ALL_PROXY, no_proxy before NO_PROXY.  Returns 0, or -1 after
 * the usage message.
 */
static int
proxy_opts(struct opts *o)
{
	struct proxy px;
	char err[SK_ERRLEN];

	if (o->env.opt != NULL && *o->env.opt != '\0' &&
	    (proxy_parse(o->env.opt, &px, err) == -1 ||
	    (o->env.user != NULL && proxy_user_set(&px, o->env.user,
	    err) == -1))) {
		(void)msg_usage(usage, "%s", err);
		return -1;
	}
	o->env.http_proxy = env_get("http_proxy");
	o->env.all_name = "all_proxy";
	if ((o->env.all_proxy = env_get("all_proxy")) == NULL) {
		o->env.all_name = "ALL_PROXY";
		o->env.all_proxy = env_get("ALL_PROXY");
	}
	if ((o->env.no_proxy = env_get("no_proxy")) == NULL)
		o->env.no_proxy = env_get("NO_PROXY");
	return 0;
}

/* Room for 1024 more pointers after the first n.  0, or -1. */
static int
grow(char ***v, int n)
{
	char **nv;

	if ((nv = realloc(*v, ((size_t)n + 1024) * sizeof(*nv))) == NULL)
		return -1;
	*v = nv;
	return 0;
}

/*
 * The URLs of the --urls lists after those of the command line: each
 * list read whole (a file, or - for stdin), split in place.  Returns 0,
 * or -1 after saying why.
 */
static int
read_lists(struct opts *o)
{
	char *u;
	size_t len, pos;
	int i;

	for (i = 0; i < o->nlists; i++) {
		if (read_file(o->lists[i], URLS_FILEMAX, &o->bufs[i], &len) ==
		    -1) {
			msg_warn("%s", o->lists[i]);
			return -1;
		}
		if (memchr(o->bufs[i], '\0', len) != NULL) {
			msg_warnx("%s: not a list of URLs (a NUL byte)",
			    o->lists[i]);
			return -1;
		}
		pos = 0;
		while ((u = urllist_next(o->bufs[i], len, &pos)) != NULL) {
			if (o->nurls % 1024 == 0 && grow(&o->urls, o->nurls) ==
			    -1) {
				msg_warn("malloc");
				return -1;
			}
			o->urls[o->nurls++] = u;
		}
	}
	return 0;
}

/*
 * The defaults, and room for as many -H, -o and --urls as there are
 * arguments.  Returns 0, or -1 after saying why.
 */
static int
opts_init(int argc, struct opts *o)
{
	memset(o, 0, sizeof(*o));
	getcond_init(&o->gc);
	o->http.agent = "sockt/" SOCKT_VERSION;
	o->http.connect_ms = NET_CONNECT_TIMEOUT_MS;
	o->max_redirs = 50;	/* curl's default */
	/* 3 more for the Range and conditional headers */
	if ((o->http.headers = calloc((size_t)argc + 3,
	    sizeof(char *))) == NULL ||
	    (o->outs = calloc((size_t)argc, sizeof(char *))) == NULL ||
	    (o->lists = calloc((size_t)argc, sizeof(char *))) == NULL ||
	    (o->bufs = calloc((size_t)argc, sizeof(char *))) == NULL) {
		msg_warn("malloc");
		return -1;
	}
	net_opts_init(&o->no);
	return 0;
}

/*
 * What the request says: -A, -H, -u, --unix-socket, --max-redirs and
 * the conditional options.  Returns 0, else the exit status.
 */
static int
parse_request(struct opts *o, int c, char *arg)
{
	const char *errstr;
	char err[SK_ERRLEN];

	switch (c) {
	case HG_AGENT:
		/* the same rule as for a -H value */
		if (!http_value_ok(arg))
			return msg_usage(usage, "user agent contains a "
			    "control character");
		o->http.agent = arg;
		break;
	case HG_HEADER:
		if (http_header_check(arg, err) == -1)
			return msg_usage(usage, "%s", err);
		o->http.headers[o->http.nheaders++] = arg;
		break;
	case HG_USER:
		if (strchr(arg, ':') == NULL)
			return msg_usage(usage, "-u %s: no password (give "
			    "user:password; sockt does not prompt)", arg);
		o->user = arg;
		break;
	case HG_UNIX_SOCKET:
		if (addr_check_unix(arg, err) == -1)
			return msg_usage(usage, "--unix-socket: %s", err);
		o->http.unix_path = arg;
		break;
	case HG_MAX_REDIRS:
		if (strcmp(arg, "-1") == 0)
			o->max_redirs = -1;
		else if (parse_num(arg, 0, 1000, &o->max_redirs,
		    &errstr) == -1)
			return msg_usage(usage, "max redirects %s: %s", arg,
			    errstr);
		break;
	case COND_CONTINUE:
	case COND_RANGE:
	case COND_TIME:
	case COND_ETAG_CMP:
	case COND_ETAG_SAVE:
		if (getcond_option(&o->gc, c, arg, err) == -1)
			return msg_usage(usage, "%s", err);
		break;
	}
	return 0;
}

/*
 * Where the replies go and how fast: -D, -o, --urls, --output-dir,
 * --limit-rate, --max-filesize.  Returns 0, else the exit status.
 */
static int
parse_output(struct opts *o, int c, const char *arg)
{
	const char *errstr;

	switch (c) {
	case HG_DUMP:
		o->dump = arg;
		break;
	case HG_OUTPUT:
		o->outs[o->nouts++] = arg;
		break;
	case HG_URLS:
		o->lists[o->nlists++] = arg;
		break;
	case HG_OUTPUT_DIR:
		o->outdir = arg;
		break;
	case HG_LIMIT_RATE:
		if (parse_size(arg, 1, LLONG_MAX, &o->http.rate,
		    &errstr) == -1)
			return msg_usage(usage, "limit rate %s: %s", arg,
			    errstr);
		break;
	case HG_MAX_FILESIZE:
		if (parse_size(arg, 1, LLONG_MAX, &o->http.max_size,
		    &errstr) == -1)
			return msg_usage(usage, "max file size %s: %s", arg,
			    errstr);
		break;
	}
	return 0;
}

/*
 * The -H and -A fields together must fit the request head, whatever
 * the URL: said now, as a usage error, rather than as "request head too
 * large" once connected.  Returns 0, or EXIT_USAGE.
 */
static int
fields_check(const struct opts *o)
{
	size_t n = 0;
	int i;

	for (i = 0; i < o->http.nheaders; i++)
		n += strlen(o->http.headers[i]) + 2;
	if (o->http.agent != NULL && *o->http.agent != '\0')
		n += sizeof("User-Agent: ") - 1 + strlen(o->http.agent) + 2;
	if (n <= HTTPC_FIELDS_MAX)
		return 0;
	return msg_usage(usage, "header fields too large: %zu bytes of -H "
	    "and -A, at most %d", n, HTTPC_FIELDS_MAX);
}

/* The options without an argument, once all are read. */
static void
opts_flags(struct opts *o, const struct opt_state *st, const struct cli *cl)
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
	o->connrefused = opt_seen(st, HG_RETRY_CONNREFUSED);
	o->gc.remote_time = opt_seen(st, COND_REMOTE_TIME);
}

/*
 * The URLs: those of the command line, then those of the --urls lists.
 * Returns -1 to go on, else the exit status.
 */
static int
opts_urls(struct opts *o, const struct opt_state *st)
{
	int i;

	if (st->argc == 0 && o->nlists == 0)
		return msg_usage(usage, "missing URL");
	for (i = 0; i < st->argc; i++) {
		if (o->nurls % 1024 == 0 && grow(&o->urls, o->nurls) == -1) {
			msg_warn("malloc");
			return EXIT_FAIL;
		}
		o->urls[o->nurls++] = st->argv[i];
	}
	if (read_lists(o) == -1)
		return EXIT_FAIL;
	if (o->nurls == 0) {
		msg_warnx("no URL in %s", o->nlists > 1 ? "the --urls lists" :
		    strcmp(o->lists[0], "-") == 0 ? "stdin" : o->lists[0]);
		return EXIT_FAIL;
	}
	if (o->nouts > o->nurls && !o->silent)
		msg_warnx("more -o than URLs: %s and after are not used",
		    o->outs[o->nurls]);
	return -1;
}

/*
 * The command line into o: each group of options to its parser, then
 * what they settle together.  Returns -1 to go on, else the exit status.
 */
static int
parse_opts(int argc, char **argv, struct opts *o)
{
	struct cli_secs secs[] = {
		{ HG_MAX_TIME, "max time", 0, &o->http.max_ms },
		{ HG_IDLE_TIMEOUT, "idle timeout", 0, &o->http.idle_ms },
		{ 0, NULL, 0, NULL }
	};
	struct opt_state st;
	struct cli cl;
	int c, rc;

	if (opts_init(argc, o) == -1)
		return EXIT_FAIL;
	cli_init(&cl, &spec, &st, argc, argv);
	cl.secs = secs;
	cl.no = &o->no;
	while ((c = cli_next(&cl, &st)) != -1) {
		rc = 0;
		switch (c) {
		case CLI_EXIT:
			return cl.status;
		case HG_AGENT:
		case HG_HEADER:
		case HG_USER:
		case HG_UNIX_SOCKET:
		case HG_MAX_REDIRS:
		case COND_CONTINUE:
		case COND_RANGE:
		case COND_TIME:
		case COND_ETAG_CMP:
		case COND_ETAG_SAVE:
			rc = parse_request(o, c, st.arg);
			break;
		case HG_DUMP:
		case HG_OUTPUT:
		case HG_URLS:
		case HG_OUTPUT_DIR:
		case HG_LIMIT_RATE:
		case HG_MAX_FILESIZE:
			rc = parse_output(o, c, st.arg);
			break;
		case HG_PROXY:
			o->env.opt = st.arg;
			break;
		case HG_NOPROXY:
			o->env.noproxy = st.arg;
			break;
		case HG_PROXY_USER:
			o->env.user = st.arg;
			break;
		case HG_CONNECT_TIMEOUT:
		case HG_RETRY:
		case HG_RETRY_DELAY:
		case HG_RETRY_MAX_TIME:
		case HG_WRITE_OUT:
			rc = parse_long(o, c, st.arg);
			break;
		}
		if (rc != 0)
			return rc;
	}
	opts_flags(o, &st, &cl);
	if (fields_check(o) != 0)
		return EXIT_USAGE;
	if (o->gc.resume_file && !o->remote_name && (o->nouts == 0 ||
	    strcmp(o->outs[0], "-") == 0))
		return msg_usage(usage, "-C - needs -o file or -O: it resumes "
		    "at the file's size");
	if (proxy_opts(o) == -1)
		return EXIT_USAGE;
	return opts_urls(o, &st);
}

/*
 * -u user:password on the URL the user named, in place of any in it;
 * url_resolve keeps them for redirects on the same host and port only.
 * Split at the first ':', as RFC 7617 has no ':' in a user id.  Returns
 * 0, or -1 after saying why (a usage error).
 */
static int
user_apply(const char *arg, struct url *u)
{
	const char *colon = strchr(arg, ':');
	size_t ul = (size_t)(colon - arg), pl = strlen(colon + 1);

	if (ul >= sizeof(u->user) || pl >= sizeof(u->pass)) {
		msg_warnx("-u: user name or password too long (at most %d "
		    "bytes each)", URL_USERLEN - 1);
		return -1;
	}
	memcpy(u->user, arg, ul);
	u->user[ul] = '\0';
	memcpy(u->pass, colon + 1, pl + 1);
	u->has_auth = 1;
	return 0;
}

/*
 * The output as -o or -O name it, in --output-dir when the name is
 * relative; name (PATH_MAX bytes) holds the path.  -1 after saying why
 * (a usage error).
 */
static int
output_name(const struct opts *o, const struct url *u, char *name,
    struct output *out)
{
	char err[SK_ERRLEN], base[PATH_MAX];
	const char *b = NULL;
	int n;

	output_init(out, NULL);
	if (o->remote_name) {
		if (url_filename(u, base, sizeof(base), err) == -1) {
			msg_warnx("%s", err);
			return -1;
		}
		b = base;
	} else if (o->out != NULL && strcmp(o->out, "-") != 0)
		b = o->out;
	if (b == NULL)
		return 0;
	n = o->outdir != NULL && b[0] != '/' ? snprintf(name, PATH_MAX,
	    "%s/%s", o->outdir, b) : snprintf(name, PATH_MAX, "%s", b);
	if (n < 0 || n >= PATH_MAX) {
		msg_warnx("%s/%s: file name too long", o->outdir, b);
		return -1;
	}
	out->path = name;
	return 0;
}

/*
 * Every URL checked before the first is fetched, so a typo at the end
 * of a long list costs nothing: a malformed one, or one -O cannot name a
 * file after, is a usage error.  0, or -1 after saying why.
 */
static int
check_urls(const struct opts *o, struct url *u, char *name)
{
	struct output out;
	char err[SK_ERRLEN];
	int i;

	for (i = 0; i < o->nurls; i++) {
		if (url_parse(o->urls[i], u, err) == -1) {
			/* which one, by number: a bad URL may not print well */
			if (o->nurls > 1)
				msg_warnx("URL %d of %d: %s", i + 1, o->nurls,
				    err);
			else
				msg_warnx("%s", err);
			return -1;
		}
		if (o->remote_name && output_name(o, u, name, &out) == -1)
			return -1;
	}
	return 0;
}

/* --write-out's output, buffered per stream; an error is kept. */
struct wo_out {
	char		 buf[4096];
	size_t		 n;
	int		 fd;
	int		 err;
};

static void
wo_flush(struct wo_out *w)
{
	if (w->n > 0 && io_write_all(w->fd, w->buf, w->n) == -1 &&
	    w->err == 0)
		w->err = errno;
	w->n = 0;
}

static void
wo_put(void *arg, int to_stderr, const char *p, size_t n)
{
	struct wo_out *w = arg;
	int fd = to_stderr ? STDERR_FILENO : STDOUT_FILENO;

	if (fd != w->fd) {
		wo_flush(w);
		w->fd = fd;
	}
	if (w->n + n > sizeof(w->buf))
		wo_flush(w);
	if (n > sizeof(w->buf)) {
		if (io_write_all(fd, p, n) == -1 && w->err == 0)
			w->err = errno;
		return;
	}
	memcpy(w->buf + w->n, p, n);
	w->n += n;
}

static void
wo_unknown(void *arg, const char *p, size_t n)
{
	(void)arg;
	/* as curl: said, and nothing printed for it */
	msg_warnx("unknown --write-out variable: '%.*s'", (int)n, p);
}

/* A step of the last try in microseconds from its start, 0 if none. */
static long long
since(const struct get *g, long long t)
{
	return t > 0 && t >= g->t0 ? t - g->t0 : 0;
}

/* --write-out, after the transfer.  Returns status, or EXIT_FAIL. */
static int
write_out(struct get *g, int status)
{
	static const struct wo_sink sink = { NULL, wo_put, wo_unknown };
	struct wo_sink k = sink;
	struct wo_values v;
	struct wo_out w;
	struct http_resp *resp = NULL;
	char err[SK_ERRLEN];

	memset(&v, 0, sizeof(v));
	v.http_code = g->res.status;
	v.exitcode = status;
	v.num_redirects = g->nredirs;
	v.size_download = g->done;
	v.size_header = g->hbytes;
	v.time_namelookup = since(g, g->res.t_resolved);
	v.time_connect = since(g, g->res.t_connected);
	v.time_starttransfer = since(g, g->res.t_first);
	v.time_total = since(g, g->t_end);
	v.url_effective = g->url;
	v.remote_ip = g->rip;
	v.remote_port = g->rport;
	if (g->headlen > 0 && (resp = malloc(sizeof(*resp))) != NULL &&
	    http_head_parse(g->head, g->headlen, resp, err) > 0)
		v.resp = resp;
	w.n = 0;
	w.fd = STDOUT_FILENO;
	w.err = 0;
	k.arg = &w;
	wo_render(g->o->wo, g->o->wolen, &v, &k);
	wo_flush(&w);
	free(resp);
	if (w.err != 0 && w.err != EPIPE) {
		errno = w.err;
		msg_warn("--write-out");
		return EXIT_FAIL;
	}
	return status;
}

/* One URL the user named, redirects and all: its exit status. */
static int
get_one(struct get *g, struct httpc *e, struct opts *o,
    const struct getcond *gc0, const char *urlarg, struct url *u[3],
    char *name)
{
	char err[SK_ERRLEN];
	int status, i, nh = o->http.nheaders;

	g->nredirs = 0;
	g->done = g->total = 0;
	if (url_parse(urlarg, u[0], err) == -1) {
		msg_warnx("%s", err);
		return EXIT_USAGE;
	}
	if (g->o->user != NULL && user_apply(g->o->user, u[0]) == -1)
		return EXIT_USAGE;
	*u[2] = *u[0];
	if (output_name(g->o, u[0], name, &g->out) == -1)
		return EXIT_USAGE;
	/* -C, -r, -z, --etag-*: afresh for each URL and its own file */
	*g->gc = *gc0;
	if ((status = getcond_prepare(g->gc, g->out.path, o->http.headers,
	    &o->http.nheaders, o->silent)) != -1) {
		o->http.nheaders = nh;
		return status;
	}
	status = get_run(g, e, u[2], u[0], u[1]);
	status = getcond_end(g->gc, &g->out, g->done, status);
	/* --fail-with-body keeps what an error status brought */
	if ((status == EXIT_OK || (status == EXIT_HTTP && g->o->fail_body)) &&
	    !g->out.keep) {
		if (output_finish(&g->out) == -1) {
			say_output(&g->out);
			status = EXIT_FAIL;
		}
	} else
		output_abort(&g->out);
	status = getcond_save(g->gc, status);
	o->http.nheaders = nh;
	if (g->o->wo != NULL)
		status = write_out(g, status);
	for (i = 0; i < g->nseen; i++)
		free(g->seen[i]);
	g->nseen = 0;
	return status;
}

static void
opts_free(struct opts *o)
{
	int i;

	for (i = 0; o->bufs != NULL && i < o->nlists; i++)
		free(o->bufs[i]);
	free(o->bufs);
	free(o->urls);
	free(o->lists);
	free(o->outs);
	free(o->http.headers);
	free(o->wo);
}

/*
 * The URLs in turn, on one connection while they go to the same place;
 * the exit status is the first failure's, and the URLs after it are
 * still fetched unless --fail-early.
 */
int
cmd_http_get(int argc, char *argv[])
{
	struct opts o;
	struct get g;
	struct httpc e;
	struct url *u[3];	/* the URL, the next hop, the URL named */
	struct getcond gc0;	/* -C, -r, -z as given, before any URL */
	char name[PATH_MAX];
	int status, rc, i;

	memset(&g, 0, sizeof(g));
	memset(&e, 0, sizeof(e));
	e.s = -1;
	u[0] = u[1] = u[2] = NULL;
	if ((status = parse_opts(argc, argv, &o)) != -1)
		goto done;
	status = EXIT_FAIL;
	g.o = &o;
	g.e = &e;
	g.dump_fd = -1;
	g.gc = &o.gc;
	gc0 = o.gc;
	u[0] = malloc(sizeof(*u[0]));
	u[1] = malloc(sizeof(*u[1]));
	u[2] = malloc(sizeof(*u[2]));
	if (httpc_init(&e, o.http.nheaders + 3) == -1 || u[0] == NULL ||
	    u[1] == NULL || u[2] == NULL || (o.wo != NULL &&
	    (g.head = malloc(HTTP_HEAD_MAX)) == NULL)) {
		msg_warn("malloc");
		goto done;
	}
	status = EXIT_USAGE;
	if (check_urls(&o, u[0], name) == -1)
		goto done;
	status = EXIT_OK;
	for (i = 0; i < o.nurls; i++) {
		o.out = i < o.nouts ? o.outs[i] : NULL;
		g.more = i + 1 < o.nurls;
		rc = get_one(&g, &e, &o, &gc0, o.urls[i], u, name);
		if (status == EXIT_OK)
			status = rc;
		if (rc != EXIT_OK && o.fail_early)
			break;
	}
	if (g.dump_fd > STDERR_FILENO && close(g.dump_fd) == -1) {
		msg_warn("%s", o.dump);
		status = EXIT_FAIL;
	}
done:
	free(g.seen);
	free(g.head);
	free(u[0]);
	free(u[1]);
	free(u[2]);
	httpc_free(&e);
	opts_free(&o);
	return status;
}
