/*
 * cmd_http_get.c: sockt http-get, an HTTP/1.1 client in the spirit of
 * curl.  The transfer itself is httpc.c's and the output file output.c's;
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
#include <unistd.h>

#include "cli.h"
#include "clock.h"
#include "cmd.h"
#include "http.h"
#include "httpc.h"
#include "msg.h"
#include "net.h"
#include "noproxy.h"
#include "num.h"
#include "opt.h"
#include "output.h"
#include "progress.h"
#include "relay.h"
#include "sockt.h"
#include "socks.h"
#include "url.h"
#include "urllist.h"

#define EXIT_HTTP	22		/* -f and a status of 400 or more */
#define PROGRESS_MS	250

/* the values of long options with no letter: above any letter */
#define OPT_UNIX_SOCKET	0x90
#define OPT_MAX_FILESIZE 0x91
#define OPT_LIMIT_RATE	0x92

static const char usage[] =
    "usage: sockt http-get [-46fIiLpsv] [-A agent] [-D file] [-H header]... "
    "[-m secs]\n"
    "                      [-o file... | -O] [-u user:password] [-w secs]\n"
    "                      [-x url] [--fail-early] [--idle-timeout secs]\n"
    "                      [--limit-rate rate] [--max-filesize bytes]\n"
    "                      [--max-redirs n] [--noproxy list]\n"
    "                      [--output-dir dir] [--proxy-user user:pw]\n"
    "                      [--unix-socket path] [--urls file] URL...\n";
static const char help[] =
    "  -4, -6     connect over IPv4 only, IPv6 only\n"
    "  -A agent   User-Agent (default sockt/" SOCKT_VERSION ")\n"
    "  -D file    write the response heads to file (- for stdout)\n"
    "  -f         fail with exit status 22 on an HTTP status of 400 or more\n"
    "             or outside 100-599\n"
    "  -H header  add or replace a header ('Name: value'; 'Name:' drops it)\n"
    "  -I         send HEAD and show the response head\n"
    "  -i         put the response heads, 1xx ones too, before the body\n"
    "  -L         follow redirects (at most --max-redirs, default 10)\n"
    "  -m secs    limit the whole transfer\n"
    "  -O         write each body to a file named after its URL's last "
    "segment\n"
    "  -o file    write the body to file, atomically (- for stdout); once "
    "per URL,\n"
    "             in order: URLs past the last -o go to stdout\n"
    "  -p         through an http:// proxy, tunnel with CONNECT\n"
    "  -s         silent: no progress bar, no chatter\n"
    "  -u user:password  Basic authentication, sent to the URL's host and\n"
    "             port only, not to another a redirect leads to\n"
    "  -v         show the request and response heads on stderr\n"
    "  -w secs    connect timeout (default 10), proxy handshake included\n"
    "  -x url     through a proxy: socks5://, socks5h://, socks4://,\n"
    "             socks4a:// or http://, user:pw@ allowed ('' for none)\n"
    "  --fail-early         stop at the first URL that fails\n"
    "  --idle-timeout secs  give up when no data arrives for this long\n"
    "  --limit-rate rate    read the body at most rate bytes a second\n"
    "             (suffix k, M, G: 1024-based)\n"
    "  --max-filesize bytes  refuse a body larger than this (suffix k, M,\n"
    "             G)\n"
    "  --noproxy list  hosts reached directly, in place of NO_PROXY\n"
    "  --output-dir dir     put the files of -o and -O (relative names) "
    "in dir\n"
    "  --proxy-user user:pw  the proxy's credentials\n"
    "  --unix-socket path   connect to a UNIX socket for every request;\n"
    "             the URL still names the Host\n"
    "  --urls file          fetch the URLs in file too, one a line (- for "
    "stdin)\n";

/* --noproxy and --proxy-user: values no short option has */
#define OPT_NOPROXY	'N'
#define OPT_PROXY_USER	'Y'

static const struct opt_long longs[] = {
	{ "dump-header",	1, 'D' },
	{ "fail",		0, 'f' },
	{ "head",		0, 'I' },
	{ "header",		1, 'H' },
	{ "include",		0, 'i' },
	{ "location",		0, 'L' },
	{ "max-redirs",		1, 'R' },
	{ "max-time",		1, 'm' },
	{ "output",		1, 'o' },
	{ "remote-name",	0, 'O' },
	{ "silent",		0, 's' },
	{ "user-agent",		1, 'A' },
	{ "verbose",		0, 'v' },
	{ "connect-timeout",	1, 'w' },
	{ "idle-timeout",	1, 'T' },
	{ "ipv4",		0, '4' },
	{ "ipv6",		0, '6' },
	{ "limit-rate",		1, OPT_LIMIT_RATE },
	{ "max-filesize",	1, OPT_MAX_FILESIZE },
	{ "unix-socket",	1, OPT_UNIX_SOCKET },
	{ "user",		1, 'u' },
	{ "proxy",		1, 'x' },
	{ "proxytunnel",	0, 'p' },
	{ "noproxy",		1, OPT_NOPROXY },
	{ "proxy-user",		1, OPT_PROXY_USER },
	{ "urls",		1, 200 },
	{ "output-dir",		1, 201 },
	{ "fail-early",		0, 202 },
	{ "remote-name-all",	0, 'O' },
	{ NULL,			0, 0 }
};

static const struct opt_excl excl[] = {
	{ "o", "O", "-o and -O do not go together" },
	{ NULL, NULL, NULL }
};

/* -f -I -i -L -O -p -s are flags: opt_seen reads them */
static const struct cli_spec spec = {
	usage, help, CLI_VERBOSE | CLI_FAMILY, "fIiLpsOA:D:H:m:o:u:w:x:",
	longs, excl
};

struct opts {
	int		  fail, head, include, location, silent, verbose;
	int		  remote_name, tunnel, fail_early;
	const char	 *agent, *dump;
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
	const char	 *unix_path;	/* --unix-socket */
	long long	  max_size, rate;	/* 0: no limit */
	struct net_opts	  no;		/* -4, -6 */
	struct proxy_env  env;		/* --proxy and the environment */
	char		**headers;
	int		  nheaders;
	int		  connect_ms, max_ms;
	int		  idle_ms;	/* 0: none */
	long long	  max_redirs;	/* -1: no limit */
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
	char addr[SK_HOSTLEN];
	int port;

	if (!g->o->verbose)
		return;
	if (net_peer_str(s, addr, sizeof(addr), &port) == 0)
		fprintf(stderr, "* %s %s port %d%s\n", g->e->reused ?
		    "re-using the connection to" : "connected to", addr, port,
		    via_proxy ? " (proxy)" : "");
	show_head("> ", req, n);
}

static int
on_head(void *arg, enum httpc_head what, const struct http_resp *r,
    const char *p, size_t n)
{
	struct get *g = arg;

	switch (what) {
	case HTTPC_HEAD_SWITCH:
	case HTTPC_HEAD_FAIL:
		/* an error follows; only -v shows the head */
		if (g->o->verbose)
			show_head("< ", p, n);
		return 0;
	case HTTPC_HEAD_FINAL:
		/*
		 * A 304 says the user's copy is current: -o and -O leave
		 * FILE as it was, neither created nor truncated, as curl
		 * does; the head still goes to -D, -v and, with -i, to
		 * stdout.  With -I the head is what was asked for and goes
		 * to FILE as for any status.
		 */
		if (r->status == 304 && !g->o->head && g->out.path != NULL) {
			g->out.keep = 1;
			return emit_head(g, 0, p, n);
		}
		break;
	default:
		break;
	}
	return emit_head(g, g->o->include, p, n);
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
 * One request and its response, with its messages.  Returns the
 * outcome; *next is filled for HTTPC_REDIRECT.
 */
static enum httpc_outcome
hop(struct get *g, struct httpc *e, struct httpc_req *q, struct url *next)
{
	static const struct httpc_hooks hooks = {
		NULL, on_request, on_head, on_body, on_progress
	};
	struct httpc_hooks h = hooks;
	struct httpc_result res;
	struct proxy px;
	const char *from = NULL;
	char target[URL_PATHLEN + SK_HOSTLEN + 16], err[SK_ERRLEN];
	enum httpc_outcome oc;
	int rc;

	/* each hop chooses again: NO_PROXY may cover a redirect's host */
	if (q->unix_path != NULL)
		rc = 0;		/* the socket leads to the server itself */
	else if ((rc = proxy_pick(&g->o->env, q->url->host, &px, &from,
	    err)) == -1) {
		msg_warnx("%s", err);
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
	res.next = next;
	memset(&g->pg, 0, sizeof(g->pg));
	oc = httpc_fetch(e, q, &h, &g->out, &res);
	if (oc == HTTPC_HTTP_ERROR) {
		(void)url_string(q->url, target, sizeof(target));
		msg_warnx("%s: server returned %d %s", target, res.status,
		    res.reason);
	} else if (oc == HTTPC_ERR_OUTPUT)
		say_output(&g->out);
	else if (res.err[0] != '\0')
		msg_warnx("%s", res.err);
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

/*
 * Fetch u, following redirects (u and next trade places each time;
 * orig stays the URL the user named); the exit status.
 */
static int
get_run(struct get *g, struct httpc *e, const struct url *orig,
    struct url *u, struct url *next)
{
	const struct opts *o = g->o;
	struct httpc_req q;
	struct url *tmp;
	enum httpc_outcome oc;

	memset(&q, 0, sizeof(q));
	q.origin = orig;
	q.head = o->head;
	q.follow = o->location;
	q.fail = o->fail;
	/*
	 * No Connection: close while another URL follows; the last one's
	 * requests, redirects too, say close, as one URL's always did.
	 */
	q.keep_alive = g->more;
	q.agent = o->agent;
	q.headers = o->headers;
	q.nheaders = o->nheaders;
	q.family = o->no.family;
	q.unix_path = o->unix_path;
	q.max_size = o->max_size;
	q.rate = o->rate;
	q.connect_ms = o->connect_ms;
	q.idle_ms = o->idle_ms;
	q.max_ms = o->max_ms;
	q.deadline = o->max_ms > 0 ? mono_ms() + o->max_ms : -1;
	for (;;) {
		q.url = u;
		if ((oc = hop(g, e, &q, next)) != HTTPC_REDIRECT)
			break;
		if (redirect_ok(g, u, next) == -1)
			return EXIT_FAIL;
		tmp = u;
		u = next;
		next = tmp;
	}
	return oc == HTTPC_OK ? EXIT_OK : oc == HTTPC_HTTP_ERROR ? EXIT_HTTP :
	    EXIT_FAIL;
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

/* All of fd into *buf, with a byte to spare at (*buf)[*len].  0, or -1. */
static int
slurp(int fd, char **buf, size_t *len)
{
	size_t cap = 0;
	ssize_t n;
	char *nb;

	*buf = NULL;
	*len = 0;
	for (;;) {
		if (*len + 1 >= cap) {
			cap = cap ? cap * 2 : 4096;
			if ((nb = realloc(*buf, cap)) == NULL)
				return -1;
			*buf = nb;
		}
		while ((n = read(fd, *buf + *len, cap - *len - 1)) == -1 &&
		    errno == EINTR)
			;
		if (n == -1)
			return -1;
		if (n == 0)
			return 0;
		*len += (size_t)n;
	}
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
	int fd, i, rc;

	for (i = 0; i < o->nlists; i++) {
		fd = strcmp(o->lists[i], "-") == 0 ? STDIN_FILENO :
		    open(o->lists[i], O_RDONLY | O_CLOEXEC);
		if (fd == -1) {
			msg_warn("%s", o->lists[i]);
			return -1;
		}
		rc = slurp(fd, &o->bufs[i], &len);
		if (rc == -1)
			msg_warn("%s", o->lists[i]);
		if (fd != STDIN_FILENO)
			(void)close(fd);
		if (rc == -1)
			return -1;
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

static int
parse_opts(int argc, char **argv, struct opts *o)
{
	struct cli_secs secs[] = {
		{ 'm', "max time", 0, &o->max_ms },
		{ 'w', "connect timeout", 0, &o->connect_ms },
		{ 'T', "idle timeout", 0, &o->idle_ms },
		{ 0, NULL, 0, NULL }
	};
	struct opt_state st;
	struct cli cl;
	const char *errstr;
	char err[SK_ERRLEN];
	int c;

	memset(o, 0, sizeof(*o));
	o->agent = "sockt/" SOCKT_VERSION;
	o->connect_ms = NET_CONNECT_TIMEOUT_MS;
	o->max_redirs = 10;
	if ((o->headers = calloc((size_t)argc, sizeof(char *))) == NULL ||
	    (o->outs = calloc((size_t)argc, sizeof(char *))) == NULL ||
	    (o->lists = calloc((size_t)argc, sizeof(char *))) == NULL ||
	    (o->bufs = calloc((size_t)argc, sizeof(char *))) == NULL) {
		msg_warn("malloc");
		return EXIT_FAIL;
	}
	net_opts_init(&o->no);
	cli_init(&cl, &spec, &st, argc, argv);
	cl.secs = secs;
	cl.no = &o->no;
	while ((c = cli_next(&cl, &st)) != -1) {
		switch (c) {
		case CLI_EXIT:
			return cl.status;
		case 'A':
			/* the same rule as for a -H value */
			if (!http_value_ok(st.arg))
				return msg_usage(usage, "user agent contains "
				    "a control character");
			o->agent = st.arg;
			break;
		case 'D':
			o->dump = st.arg;
			break;
		case 'H':
			if (http_header_check(st.arg, err) == -1)
				return msg_usage(usage, "%s", err);
			o->headers[o->nheaders++] = st.arg;
			break;
		case 'o':
			o->outs[o->nouts++] = st.arg;
			break;
		case 200:
			o->lists[o->nlists++] = st.arg;
			break;
		case 201:
			o->outdir = st.arg;
			break;
		case 'u':
			if (strchr(st.arg, ':') == NULL)
				return msg_usage(usage, "-u %s: no password "
				    "(give user:password; sockt does not "
				    "prompt)", st.arg);
			o->user = st.arg;
			break;
		case OPT_LIMIT_RATE:
			if (parse_size(st.arg, 1, LLONG_MAX, &o->rate,
			    &errstr) == -1)
				return msg_usage(usage, "limit rate %s: %s",
				    st.arg, errstr);
			break;
		case OPT_MAX_FILESIZE:
			if (parse_size(st.arg, 1, LLONG_MAX, &o->max_size,
			    &errstr) == -1)
				return msg_usage(usage, "max file size %s: %s",
				    st.arg, errstr);
			break;
		case OPT_UNIX_SOCKET:
			o->unix_path = st.arg;
			break;
		case 'x':
			o->env.opt = st.arg;
			break;
		case OPT_NOPROXY:
			o->env.noproxy = st.arg;
			break;
		case OPT_PROXY_USER:
			o->env.user = st.arg;
			break;
		case 'R':
			if (strcmp(st.arg, "-1") == 0)
				o->max_redirs = -1;
			else if (parse_num(st.arg, 0, 1000, &o->max_redirs,
			    &errstr) == -1)
				return msg_usage(usage, "max redirects %s: %s",
				    st.arg, errstr);
			break;
		}
	}
	o->fail = opt_seen(&st, 'f');
	o->head = opt_seen(&st, 'I');
	o->include = o->head || opt_seen(&st, 'i');
	o->location = opt_seen(&st, 'L');
	o->remote_name = opt_seen(&st, 'O');
	o->silent = opt_seen(&st, 's');
	o->tunnel = opt_seen(&st, 'p');
	o->fail_early = opt_seen(&st, 202);
	o->verbose = cl.verbose;
	if (proxy_opts(o) == -1)
		return EXIT_USAGE;
	if (st.argc == 0 && o->nlists == 0)
		return msg_usage(usage, "missing URL");
	for (c = 0; c < st.argc; c++) {
		if (o->nurls % 1024 == 0 && grow(&o->urls, o->nurls) == -1) {
			msg_warn("malloc");
			return EXIT_FAIL;
		}
		o->urls[o->nurls++] = st.argv[c];
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

/* One URL the user named, redirects and all: its exit status. */
static int
get_one(struct get *g, struct httpc *e, const char *urlarg, struct url *u[3],
    char *name)
{
	char err[SK_ERRLEN];
	int status, i;

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
	status = get_run(g, e, u[2], u[0], u[1]);
	if (status == EXIT_OK && !g->out.keep) {
		if (output_finish(&g->out) == -1) {
			say_output(&g->out);
			status = EXIT_FAIL;
		}
	} else
		output_abort(&g->out);
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
	free(o->headers);
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
	u[0] = malloc(sizeof(*u[0]));
	u[1] = malloc(sizeof(*u[1]));
	u[2] = malloc(sizeof(*u[2]));
	if (httpc_init(&e, o.nheaders) == -1 || u[0] == NULL ||
	    u[1] == NULL || u[2] == NULL) {
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
		rc = get_one(&g, &e, o.urls[i], u, name);
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
	free(u[0]);
	free(u[1]);
	free(u[2]);
	httpc_free(&e);
	opts_free(&o);
	return status;
}
