/*
 * cmd_http_get.c: sockt http-get, an HTTP/1.1 client in the spirit of
 * curl.  The transfer itself is httpc.c's and the output file output.c's;
 * this file holds the options, the policy (-f, -i, -D, -v, a 304 that
 * keeps FILE, which redirects to follow) and every message.
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
#include "cmd_http_cond.h"
#include "http.h"
#include "httpc.h"
#include "msg.h"
#include "net.h"
#include "num.h"
#include "opt.h"
#include "output.h"
#include "progress.h"
#include "relay.h"
#include "sockt.h"
#include "url.h"

#define EXIT_HTTP	22		/* -f and a status of 400 or more */
#define PROGRESS_MS	250
#define OPT_MAX_REDIRS	0x80		/* long-only option values */

static const char usage[] =
    "usage: sockt http-get [-fIiLRsv] [-A agent] [-C offset | -r range] "
    "[-D file]\n"
    "                      [-H header]... [-m secs] [-o file | -O] "
    "[-w secs]\n"
    "                      [-z [-]date|file] [--etag-compare file] "
    "[--etag-save file]\n"
    "                      [--idle-timeout secs] [--max-redirs n] URL\n";
static const char help[] =
    "  -A agent   User-Agent (default sockt/" SOCKT_VERSION ")\n"
    "  -C offset  resume at byte offset (- : at the size of the -o file);\n"
    "             only a 206 from that byte is appended, a 200 replaces\n"
    "             the file atomically, a 416 for a complete file is done\n"
    "  -D file    write the response heads to file (- for stdout)\n"
    "  -f         fail with exit status 22 on an HTTP status of 400 or more\n"
    "             or outside 100-599\n"
    "  -H header  add or replace a header ('Name: value'; 'Name:' drops it)\n"
    "  -I         send HEAD and show the response head\n"
    "  -i         put the response heads, 1xx ones too, before the body\n"
    "  -L         follow redirects (at most --max-redirs, default 10)\n"
    "  -m secs    limit the whole transfer\n"
    "  -O         write to a file named after the URL's last segment\n"
    "  -o file    write the body to file, atomically (- for stdout)\n"
    "  -R         give the file the time of Last-Modified\n"
    "  -r range   ask for bytes: 0-499, 500-, -500, or a list 0-1,5-9\n"
    "  -s         silent: no progress bar, no chatter\n"
    "  -v         show the request and response heads on stderr\n"
    "  -w secs    connect timeout (default 10)\n"
    "  -z date|file  only if modified since the date or the file's time\n"
    "             (-date: only if not modified since); a 304 keeps files\n"
    "  --etag-compare file  only if the ETag differs from the file's\n"
    "  --etag-save file     save the ETag once the body is complete\n"
    "  --idle-timeout secs  give up when no data arrives for this long\n";

static const struct opt_long longs[] = {
	{ "dump-header",	1, 'D' },
	{ "fail",		0, 'f' },
	{ "head",		0, 'I' },
	{ "header",		1, 'H' },
	{ "include",		0, 'i' },
	{ "location",		0, 'L' },
	{ "max-redirs",		1, OPT_MAX_REDIRS },
	{ "max-time",		1, 'm' },
	{ "output",		1, 'o' },
	{ "remote-name",	0, 'O' },
	{ "silent",		0, 's' },
	{ "user-agent",		1, 'A' },
	{ "verbose",		0, 'v' },
	{ "connect-timeout",	1, 'w' },
	{ "idle-timeout",	1, 'T' },
	{ "continue-at",	1, COND_CONTINUE },
	{ "range",		1, COND_RANGE },
	{ "time-cond",		1, COND_TIME },
	{ "remote-time",	0, COND_REMOTE_TIME },
	{ "etag-compare",	1, COND_ETAG_CMP },
	{ "etag-save",		1, COND_ETAG_SAVE },
	{ NULL,			0, 0 }
};

static const struct opt_excl excl[] = {
	{ "o", "O", "-o and -O do not go together" },
	{ "C", "r", NULL },
	{ "C", "iI", NULL },
	{ NULL, NULL, NULL }
};

/* -f -I -i -L -O -R -s are flags: opt_seen reads them */
static const struct cli_spec spec = {
	usage, help, CLI_VERBOSE, "fIiLRsOA:C:D:H:m:o:r:w:z:", longs, excl
};

struct opts {
	int		  fail, head, include, location, silent, verbose;
	int		  remote_name;
	const char	 *agent, *dump, *out;
	char		**headers;
	int		  nheaders;
	int		  connect_ms, max_ms;
	int		  idle_ms;	/* 0: none */
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
		fprintf(stderr, "* connected to %s port %d%s\n", addr, port,
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
	    g->o->head) : 0;
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
	struct url proxy;
	const char *np;
	char target[URL_PATHLEN + SK_HOSTLEN + 16], err[SK_ERRLEN];
	enum httpc_outcome oc;
	int rc;

	/* the environment is read here: url_proxy stays pure */
	if ((np = getenv("no_proxy")) == NULL)
		np = getenv("NO_PROXY");
	if ((rc = url_proxy(q->url, getenv("http_proxy"), np, &proxy,
	    err)) == -1) {
		msg_warnx("%s", err);
		return HTTPC_ERR_REQUEST;
	}
	q->proxy = rc == 1 ? &proxy : NULL;
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
	q.resume = g->gc->resume && g->gc->offset > 0;
	q.agent = o->agent;
	q.headers = o->headers;
	q.nheaders = o->nheaders;
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

static int
parse_opts(int argc, char **argv, struct opts *o, const char **urlarg)
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
	getcond_init(&o->gc);
	o->agent = "sockt/" SOCKT_VERSION;
	o->connect_ms = NET_CONNECT_TIMEOUT_MS;
	o->max_redirs = 10;
	/* 3 more for the Range and conditional headers */
	if ((o->headers = calloc((size_t)argc + 3, sizeof(char *))) == NULL) {
		msg_warn("malloc");
		return EXIT_FAIL;
	}
	cli_init(&cl, &spec, &st, argc, argv);
	cl.secs = secs;
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
			o->out = st.arg;
			break;
		case COND_CONTINUE:
		case COND_RANGE:
		case COND_TIME:
		case COND_ETAG_CMP:
		case COND_ETAG_SAVE:
			if (getcond_option(&o->gc, c, st.arg, err) == -1)
				return msg_usage(usage, "%s", err);
			break;
		case OPT_MAX_REDIRS:
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
	o->verbose = cl.verbose;
	o->gc.remote_time = opt_seen(&st, COND_REMOTE_TIME);
	if (o->gc.resume_file && !o->remote_name && (o->out == NULL ||
	    strcmp(o->out, "-") == 0))
		return msg_usage(usage, "-C - needs -o file or -O: it resumes "
		    "at the file's size");
	if (st.argc == 0)
		return msg_usage(usage, "missing URL");
	if (st.argc > 1)
		return msg_usage(usage, "too many operands: %s", st.argv[1]);
	*urlarg = st.argv[0];
	return -1;
}

/* The output as -o or -O name it; -1 after saying why (a usage error). */
static int
output_name(const struct opts *o, const struct url *u, char *name,
    size_t cap, struct output *out)
{
	char err[SK_ERRLEN];

	output_init(out, o->out != NULL && strcmp(o->out, "-") != 0 ?
	    o->out : NULL);
	if (o->remote_name) {
		if (url_filename(u, name, cap, err) == -1) {
			msg_warnx("%s", err);
			return -1;
		}
		out->path = name;
	}
	return 0;
}

int
cmd_http_get(int argc, char *argv[])
{
	struct opts o;
	struct get g;
	struct httpc e;
	struct url *u, *next, *orig;
	const char *urlarg = NULL;
	char err[SK_ERRLEN], name[PATH_MAX];
	int status, i;

	if ((status = parse_opts(argc, argv, &o, &urlarg)) != -1) {
		free(o.headers);
		return status;
	}
	status = EXIT_FAIL;
	memset(&g, 0, sizeof(g));
	g.o = &o;
	g.dump_fd = -1;
	g.gc = &o.gc;
	u = malloc(sizeof(*u));
	next = malloc(sizeof(*next));
	orig = malloc(sizeof(*orig));
	if (httpc_init(&e, o.nheaders + 3) == -1 || u == NULL || next == NULL ||
	    orig == NULL) {
		msg_warn("malloc");
		goto done;
	}
	status = EXIT_USAGE;
	if (url_parse(urlarg, u, err) == -1) {
		msg_warnx("%s", err);
		goto done;
	}
	*orig = *u;
	if (output_name(&o, u, name, sizeof(name), &g.out) == -1)
		goto done;
	if ((status = getcond_prepare(&o.gc, g.out.path, o.headers,
	    &o.nheaders, o.silent)) != -1)
		goto done;
	status = get_run(&g, &e, orig, u, next);
	status = getcond_end(&o.gc, &g.out, g.done, status);
	if (status == EXIT_OK && !g.out.keep) {
		if (output_finish(&g.out) == -1) {
			say_output(&g.out);
			status = EXIT_FAIL;
		}
	} else
		output_abort(&g.out);
	status = getcond_save(&o.gc, status);
	if (g.dump_fd > STDERR_FILENO && close(g.dump_fd) == -1) {
		msg_warn("%s", o.dump);
		status = EXIT_FAIL;
	}
done:
	for (i = 0; i < g.nseen; i++)
		free(g.seen[i]);
	free(g.seen);
	free(u);
	free(next);
	free(orig);
	httpc_free(&e);
	free(o.headers);
	return status;
}
