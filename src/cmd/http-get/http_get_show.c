/*
 * cmd/http-get/http_get_show.c: what http-get shows of a transfer: -v's request
 * and heads, the progress line of one transfer or of many at once,
 * why an output failed, and after each URL its --write-out; the
 * configuration settled by the engine before the run, what that met.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/msg.h"
#include "cli/progress.h"
#include "cmd/cmd.h"
#include "cmd/http-get/http_get.h"
#include "http/engine.h"
#include "http/output.h"
#include "http/why.h"
#include "http/wout.h"
#include "parse/http.h"
#include "util/base.h"

/* The progress line of one transfer (progress_bytes), or -#'s bar. */
void
hg_progress_show(struct hg_get *g, int final)
{
	char line[PROGRESS_BAR];
	size_t n;

	if (!progress_due(&g->pg, final))
		return;
	n = g->o->bar ? progress_bar(line, g->done, g->total, final) :
	    progress_bytes(line, g->done, g->total, g->pg.last - g->pg.start,
	    final);
	progress_draw(&g->pg, line, n);
}

void
hg_progress_all(struct progress *pg, int ndone, int nurls, uint64_t bytes,
    int final)
{
	char line[160], done[32], rate[32], spent[48];
	long long el;
	int n;

	if (!progress_due(pg, final))
		return;
	el = pg->last - pg->start;
	progress_size(done, sizeof(done), (double)bytes);
	progress_size(rate, sizeof(rate), el > 0 ? (double)bytes * 1000.0 /
	    (double)el : 0);
	progress_hms(spent, sizeof(spent), el / 1000);
	n = snprintf(line, sizeof(line), "\r%7d of %d done %12s %12s/s  %s "
	    "spent %s", ndone, nurls, done, rate, spent, final ? "\n" : "");
	if (n > 0 && (size_t)n < sizeof(line))
		progress_draw(pg, line, (size_t)n);
}

/* Why an engine step failed, as it recorded it (http/why.h). */
void
hg_say_why(const struct httpc_why *w)
{
	if (w->text[0] == '\0') {
		errno = w->err;
		msg_warn("%s", w->about != NULL ? w->about : "stdout");
	} else if (w->about != NULL)
		msg_warnx("%s: %s", w->about, w->text);
	else
		msg_warnx("%s", w->text);
}

/* Why the output failed, as output.c recorded it. */
/* -s given: warnings silent, with -S too (curl's mute) */
static int hush;

/*
 * An -o file's temporary kept by the signal that ends us (output.c's
 * handler calls this): one line, no stdio.
 */
static void
kept_on_signal(const char *part, unsigned long long n)
{
	char num[24];
	size_t i = sizeof(num) - 1;

	num[i] = '\0';
	do
		num[--i] = (char)('0' + n % 10);
	while ((n /= 10) > 0 && i > 0);
	msg_signal_line("interrupted: ", num + i, " bytes kept in ", part,
	    " (-C - goes on from there)", (const char *)NULL);
}

void
hg_quiet(struct hconf *o)
{
	int i;

	/*
	 * -s as curl's: every error and warning silent from here on (the
	 * exit status says it), a usage error said still; -S says them.
	 * --no-progress-meter is the old quiet: no meter, errors said.
	 */
	if (o->silent && !o->show_error)
		msg_mute(1);
	hush = o->silent;
	output_on_kept(hush ? NULL : kept_on_signal);
	/* -o -: binary on a terminal asked for, as curl's --output - */
	for (i = 0; i < o->nouts; i++)
		if (strcmp(o->outs[i], "-") == 0)
			o->binary_ok = 1;
	if (o->no_meter)
		o->silent = 1;
}

void
hg_say_kept(const struct output *out)
{
	if (out->kept > 0 && !hush)
		msg_warnx("%s: unfinished: %llu bytes kept in %s (-C - goes "
		    "on from there)", out->path, (unsigned long long)out->kept,
		    out->part);
}

void
hg_say_output(const struct output *out)
{
	switch (out->fail) {
	case OUTPUT_FAIL_QUIET:
		break;
	case OUTPUT_FAIL_NAMELEN:
		msg_warnx("%s: file name too long", out->path);
		break;
	case OUTPUT_FAIL_BINARY:
		/* curl's warning: silent under -s, -S or not */
		if (!hush)
			msg_warnx("binary output can mess up your terminal: "
			    "not written (-o - writes it anyway, -o FILE "
			    "saves it)");
		break;
	default:
		if (out->noclobber && out->err == EEXIST) {
			/* -J's name: what was there stays */
			msg_warnx("%s: %s (--clobber replaces it)", out->path,
			    strerror(EEXIST));
			break;
		}
		errno = out->err;
		msg_warn("%s", out->path ? out->path : "stdout");
		break;
	}
}

/*
 * -v: each line of a head, CR dropped, after a prefix; the empty line
 * that ends it too, as curl -v shows it ("> " alone).
 */
static void
show_head(const struct hg_get *g, const char *prefix, const char *p,
    size_t n)
{
	const char *lf;
	size_t l;

	while (n > 0) {
		lf = memchr(p, '\n', n);
		l = lf ? (size_t)(lf - p) : n;
		if (l == 0 || (l == 1 && p[0] == '\r')) {
			fprintf(stderr, "%s%s\n", g->vtag, prefix);
			break;
		}
		fprintf(stderr, "%s%s%.*s\n", g->vtag, prefix, (int)(l > 0 &&
		    p[l - 1] == '\r' ? l - 1 : l), p);
		if (lf == NULL)
			break;
		n -= l + 1;
		p += l + 1;
	}
}

void
hg_verbose_request(const struct hg_get *g, const struct httpm_peer *pr,
    const char *req, size_t n)
{
	char tag[sizeof(g->vtag) + 4];

	if (pr->ip[0] != '\0')
		fprintf(stderr, "%s* %s %s port %d%s\n", g->vtag, pr->reused ?
		    "re-using the connection to" : "connected to", pr->ip,
		    pr->port, pr->via_proxy ? " (proxy)" : "");
	(void)snprintf(tag, sizeof(tag), "%s* ", g->vtag);
	if (pr->tls != NULL && !pr->reused)
		cli_tls_show(pr->tls, tag);
	show_head(g, "> ", req, n);
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
		    i > 0 ? "," : "", http_coding_str(cd[i]), i < nte ?
		    "Transfer-Encoding" :
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

static void
wo_unknown(void *arg, const char *p, size_t n)
{
	(void)arg;
	/* as curl: said, and nothing printed for it */
	msg_warnx("unknown --write-out variable: '%.*s'", (int)n, p);
}

/*
 * --write-out, after the transfer; failed: the line that said why
 * (hg_failure_line), or NULL.  Returns status, or EXIT_FAIL.
 */
int
hg_write_out(struct hg_get *g, int status, const char *failed)
{
	struct wo_values v;
	char why[1024], cw[SK_HOSTLEN + 128], fname[PATH_MAX + 8];
	int err;

	memset(&v, 0, sizeof(v));
	wout_result(&v, &g->res, &g->wt, g->t0, g->t_end);
	if (status != 0)	/* curl's words, where it has them */
		v.errormsg = wout_errormsg(&g->res, status, g->url, (g->t_end -
		    g->t0) / 1000, g->done, cw, sizeof(cw));
	if (status != 0 && v.errormsg == NULL)
		v.errormsg = wout_curl_error(&g->res, status,
		    g->o->max_redirs, cw, sizeof(cw));
	if (status != 0 && v.errormsg == NULL && failed != NULL &&
	    failed[0] != '\0')
		v.errormsg = failed;
	if (status != 0 && v.errormsg == NULL && g->out.err != 0) {
		(void)snprintf(why, sizeof(why), "%s: %s", g->out.path ?
		    g->out.path : "stdout", strerror(g->out.err));
		v.errormsg = why;
	} else if (status != 0 && v.errormsg == NULL)
		v.errormsg = "failed";	/* said already, in its own words */
	v.method = g->o->http.head ? "HEAD" : "GET";
	v.referer = g->ref != NULL ? g->ref : g->o->http.referer;
	v.filename = g->out.path;
	/* --no-clobber's FILE.N, as curl's %{filename_effective} */
	if (g->out.nth > 0 && snprintf(fname, sizeof(fname), "%s.%d",
	    g->out.path, g->out.nth) > 0)
		v.filename = fname;
	v.exitcode = status;
	v.num_redirects = g->t.nredirs;
	v.size_download = g->done;
	v.size_header = g->hbytes;
	v.url_effective = g->url;
	v.url = g->urlarg;
	v.urlnum = g->urlnum;
	v.remote_ip = g->rip;
	v.remote_port = g->rport;
	/* as curl 7.88: upper case, null when it never connected */
	v.scheme = g->rip[0] == '\0' ? NULL : g->https ? "HTTPS" : "HTTP";
	if ((err = wout_write(g->o->wo, g->o->wolen, &v, g->head, g->headlen,
	    wo_unknown, NULL)) != 0 && err != EPIPE) {
		errno = err;
		msg_warn("--write-out");
		return EXIT_FAIL;
	}
	return status;
}

/* What settling the configuration met, in words. */
static void
settle_say(const struct hconf_event *ev, void *arg)
{
	switch (ev->kind) {
	case HCONF_EV_WHY:
		hg_say_why(ev->why);
		break;
	case HCONF_EV_NOMEM:
		msg_warn("malloc");
		break;
	case HCONF_EV_PROXY:
		(void)cmd_usage(http_get_spec.usage, "%s", ev->text);
		break;
	case HCONF_EV_NO_URL:
		(void)cmd_usage(http_get_spec.usage, "missing URL");
		break;
	case HCONF_EV_EMPTY:
		msg_warnx("no URL in %s", ev->s == NULL ? "the --urls lists" :
		    strcmp(ev->s, "-") == 0 ? "stdin" : ev->s);
		break;
	case HCONF_EV_NOCRYPTO:
		msg_warnx("--digest and --anyauth hash with libcrypto: %s",
		    ev->text);
		break;
	case HCONF_EV_MORE_OUTS:
		msg_warnx("more -o than URLs: %s and after are not used",
		    ev->s);
		break;
	case HCONF_EV_GLOB:
		*(int *)arg = 1;
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
	int glob = 0;

	switch (hconf_settle(o, settle_say, &glob)) {
	case 0:
		return CMD_GO_ON;
	case -1:
		return EXIT_FAIL;
	case HCONF_NOLIB:
		return EXIT_NOLIB;
	case HCONF_PROXY:
		return EXIT_PROXY;
	case HCONF_PROXY_SCHEME:
		return EXIT_CONNECT;
	case HCONF_PROXY_AUTH:
		return EXIT_SOCKS;
	default:
		/* a URL's glob malformed: curl's 3 */
		return glob ? EXIT_URL : EXIT_USAGE;
	}
}
