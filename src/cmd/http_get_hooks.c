/*
 * cmd/http_get_hooks.c: what http-get shows of a transfer: the hooks
 * the engine calls (-v's request and heads, -i's heads in the output,
 * -D's file, the progress line) and, after it, the --write-out sink.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/msg.h"
#include "cli/progress.h"
#include "cmd/http_get.h"
#include "cmd/http_get_cond.h"
#include "http/client.h"
#include "http/output.h"
#include "net/net.h"
#include "net/relay.h"
#include "parse/http.h"
#include "parse/httpdate.h"
#include "parse/writeout.h"
#include "sockt.h"

#define PROGRESS_MS	250



/* The progress line: size so far, rate and, by length, percent and ETA. */
static void
progress_show(struct hg_get *g, int final)
{
	char line[160], done[32], rate[32];
	long long el;
	double bps;
	int n;

	if (!progress_due(&g->pg, final))
		return;
	el = g->pg.last - g->pg.start;
	bps = el > 0 ? (double)g->done * 1000.0 / (double)el : 0;
	progress_size(done, sizeof(done), (double)g->done);
	progress_size(rate, sizeof(rate), bps);
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

void
hg_progress_end(struct hg_get *g)
{
	/* the last line stays, even for a transfer too quick to show one */
	if (g->pg.on)
		progress_show(g, 1);
	g->pg.on = 0;
}

/* Why the output failed, as output.c recorded it. */
void
hg_say_output(const struct output *out)
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
show_head(const struct hg_get *g, const char *prefix, const char *p,
    size_t n)
{
	const char *lf;
	size_t l;

	while (n > 0) {
		lf = memchr(p, '\n', n);
		l = lf ? (size_t)(lf - p) : n;
		if (l == 0 || (l == 1 && p[0] == '\r'))
			break;
		fprintf(stderr, "%s%s%.*s\n", g->vtag, prefix, (int)(l > 0 &&
		    p[l - 1] == '\r' ? l - 1 : l), p);
		if (lf == NULL)
			break;
		n -= l + 1;
		p += l + 1;
	}
}

/*
 * Write the head where -i, -D and -v want it.  Returns 0, or -1 after
 * saying why: on_head hands it to the engine as it is, so it keeps the
 * hooks' contract (http/client.h), not a command step's SK_CONTINUE.
 */
static int
emit_head(struct hg_get *g, int include, const char *p, size_t n)
{
	const struct hg_opts *o = g->o;

	if (o->verbose)
		show_head(g, "< ", p, n);
	if (include && output_write(&g->out, p, n) == -1) {
		hg_say_output(&g->out);
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

void
hg_verbose_request(const struct hg_get *g, struct tls_conn *tc,
    int via_proxy, int reused, const char *req, size_t n)
{
	char tag[sizeof(g->vtag) + 4];

	if (g->rip[0] != '\0')
		fprintf(stderr, "%s* %s %s port %d%s\n", g->vtag, reused ?
		    "re-using the connection to" : "connected to", g->rip,
		    g->rport, via_proxy ? " (proxy)" : "");
	(void)snprintf(tag, sizeof(tag), "%s* ", g->vtag);
	if (tc != NULL && !reused)
		cli_tls_show(tc, tag);
	show_head(g, "> ", req, n);
}

/* -v: where we connected, what TLS agreed on, and the request. */
static void
on_request(void *arg, int s, struct tls_conn *tc, int via_proxy,
    const char *req, size_t n)
{
	struct hg_get *g = arg;

	/* for --write-out's %{remote_ip} and %{remote_port}, as curl */
	if (net_peer_str(s, g->rip, sizeof(g->rip), &g->rport) == -1) {
		g->rip[0] = '\0';
		g->rport = 0;
	}
	if (g->o->verbose)
		hg_verbose_request(g, tc, via_proxy, g->e->reused, req, n);
}

long long
hg_retry_after(const struct http_resp *r)
{
	const struct http_field *f;
	long long d;

	if ((f = http_field_get(r, "Retry-After")) == NULL ||
	    http_retry_after(f->value, f->vlen, (long long)time(NULL),
	    &d) == -1)
		return -1;
	return d * 1000;
}

/* Keep the last head for --write-out (%{content_type}, %header{}). */
static void
keep_head(struct hg_get *g, enum httpc_head what, const struct http_resp *r,
    const char *p, size_t n)
{
	g->hbytes += n;
	if (what == HTTPC_HEAD_INTERIM)
		return;
	g->after_ms = hg_retry_after(r);
	if (g->head != NULL && n <= HTTP_HEAD_MAX) {
		memcpy(g->head, p, n);
		g->headlen = n;
	}
}

/*
 * -v: the codings the engine will undo for this body, in that order, and
 * which field named each ("* decoding: gzip (Content-Encoding)").
 */
static void
say_codings(const struct hg_get *g, const struct http_resp *r)
{
	enum http_coding cd[HTTP_CODINGS_MAX];
	enum http_body_kind kind;
	uint64_t len;
	char err[SK_ERRLEN], line[256];
	size_t k;
	int n, nte, i;

	if (http_body_framing(r, g->o->http.head, &kind, &len, err) == -1 ||
	    kind == HTTP_BODY_NONE || (nte = http_codings(r, 0, cd,
	    HTTP_CODINGS_MAX, err)) == -1 || (n = http_codings(r,
	    g->o->http.compressed, cd, HTTP_CODINGS_MAX, err)) <= 0)
		return;
	k = (size_t)snprintf(line, sizeof(line), "* decoding:");
	for (i = 0; i < n && k < sizeof(line); i++)
		k += (size_t)snprintf(line + k, sizeof(line) - k, "%s %s (%s)",
		    i > 0 ? "," : "", cd[i] == HTTP_CODING_GZIP ? "gzip" :
		    "deflate", i < nte ? "Transfer-Encoding" :
		    "Content-Encoding");
	fprintf(stderr, "%s%s\n", g->vtag, line);
}

void
hg_verbose_head(const struct hg_get *g, enum httpc_head what,
    const struct http_resp *r, const char *p, size_t n)
{
	show_head(g, "< ", p, n);
	if (what == HTTPC_HEAD_FINAL)
		say_codings(g, r);
}

static int
on_head(void *arg, enum httpc_head what, const struct http_resp *r,
    const char *p, size_t n)
{
	struct hg_get *g = arg;

	keep_head(g, what, r, p, n);
	switch (what) {
	case HTTPC_HEAD_SWITCH:
	case HTTPC_HEAD_FAIL:
		/* an error follows; only -v shows the head */
		if (g->o->verbose)
			show_head(g, "< ", p, n);
		return 0;
	case HTTPC_HEAD_FINAL:
		if (hg_retry_at_head(g, r)) {
			if (g->o->verbose)
				show_head(g, "< ", p, n);
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
	if (what == HTTPC_HEAD_FINAL && g->o->verbose)
		say_codings(g, r);
	/* after -i: a body kept out of FILE keeps the head it came with */
	return what == HTTPC_HEAD_FINAL ? getcond_head(g->gc, r, &g->out,
	    g->o->http.head) : 0;
}

/* A body follows: the progress line, when stderr is a terminal. */
static int
on_body(void *arg, enum http_body_kind kind, uint64_t length)
{
	struct hg_get *g = arg;

	g->done = 0;
	if (g->o->silent || !progress_tty())
		return 0;
	if (output_open(&g->out) == -1) {
		hg_say_output(&g->out);
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
	struct hg_get *g = arg;

	g->done = done;
	progress_show(g, 0);
}

/* The engine's hooks; hop sets arg to its struct hg_get. */
const struct httpc_hooks hg_hooks = {
	NULL, on_request, on_head, on_body, on_progress
};

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
since(const struct hg_get *g, long long t)
{
	return t > 0 && t >= g->t0 ? t - g->t0 : 0;
}

/* --write-out, after the transfer.  Returns status, or EXIT_FAIL. */
int
hg_write_out(struct hg_get *g, int status)
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
	v.url = g->urlarg;
	v.urlnum = g->urlnum;
	v.remote_ip = g->rip;
	v.remote_port = g->rport;
	v.scheme = g->url[0] == '\0' ? NULL : g->https ? "https" : "http";
	v.ssl_verify_result = g->res.ssl_verify;
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
