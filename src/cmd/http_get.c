/*
 * cmd/http_get.c: sockt http-get, an HTTP/1.1 client in the spirit of
 * curl.  The transfer itself is http/client.c's and the output file
 * output.c's; the options are read in http_get_opts.c, and what -v, -i,
 * -D, the progress line and --write-out show is http_get_hooks.c's.
 * This file holds the policy: the URLs in turn and where each one's body
 * goes, which redirects to follow, when to retry, and the exit status.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/msg.h"
#include "cmd/cmd.h"
#include "cmd/http_get.h"
#include "cmd/http_get_cond.h"
#include "http/client.h"
#include "http/decode.h"
#include "http/output.h"
#include "parse/http.h"
#include "parse/noproxy.h"
#include "parse/retry.h"
#include "parse/socks.h"
#include "parse/url.h"
#include "sockt.h"
#include "util/clock.h"

/* Bytes of this try that went to the output: -i's heads and the body. */
static unsigned long long
try_wrote(const struct hg_get *g)
{
	return g->hwrote + g->done;
}

/*
 * A final head whose status is worth a retry: when one will follow, its
 * body (an error page) is refused, so it never reaches the output; the
 * last try keeps it, as without --retry.  Returns 1 to refuse.
 */
int
hg_retry_at_head(struct hg_get *g, const struct http_resp *r)
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

/*
 * One request and its response into g->res; the failure is for the
 * caller to report (it may retry).  Returns the outcome; *next is
 * filled for HTTPC_REDIRECT.
 */
static enum httpc_outcome
hop(struct hg_get *g, struct httpc *e, struct httpc_req *q, struct url *next)
{
	struct httpc_hooks h = hg_hooks;
	struct proxy px;
	const char *from = NULL;
	char err[SK_ERRLEN];
	enum httpc_outcome oc;
	int rc;

	/* each hop chooses again: NO_PROXY may cover a redirect's host */
	if (q->opt->unix_path != NULL)
		rc = 0;		/* the socket leads to the server itself */
	else if ((rc = proxy_pick(&g->o->env, q->url->https, q->url->host,
	    &px, &from, err)) == -1) {
		msg_warnx("%s", err);
		g->said = 1;
		return HTTPC_ERR_REQUEST;
	}
	q->proxy = rc == 1 ? &px : NULL;
	/*
	 * an http:// target through an http:// proxy: absolute form; an
	 * https:// one always through a CONNECT tunnel, as curl
	 */
	q->tunnel = rc == 1 && (px.kind != PROXY_HTTP || g->o->tunnel ||
	    q->url->https);
	if (rc == 1 && g->o->verbose)
		fprintf(stderr, "* %s through %s proxy %s port %s (%s)\n",
		    q->url->host, proxy_scheme(px.kind), px.host, px.port,
		    from);
	h.arg = g;
	g->res.next = next;
	memset(&g->pg, 0, sizeof(g->pg));
	oc = httpc_fetch(e, q, &h, &g->out, &g->res);
	hg_progress_end(g);
	q->proxy = NULL;	/* it was on this stack */
	return oc;
}

/*
 * May the redirect from u to next be followed?  Not past --max-redirs,
 * and not to a URL met before: that is a loop, stopped now rather than
 * after n trips.  Returns SK_CONTINUE to go on, else EXIT_FAIL after
 * saying why.
 */
int
hg_redirect_ok(struct hg_get *g, const struct url *u, const struct url *next)
{
	char s[URL_PATHLEN + SK_HOSTLEN + 16], **ns;
	int i;

	if (g->o->max_redirs != -1 && g->nredirs >= g->o->max_redirs) {
		msg_warnx("too many redirects (at most %lld)",
		    g->o->max_redirs);
		return EXIT_FAIL;
	}
	g->nredirs++;
	if (url_string(u, s, sizeof(s)) == -1 ||
	    (ns = realloc(g->seen, (size_t)(g->nseen + 1) *
	    sizeof(*g->seen))) == NULL) {
		msg_warn("redirect");
		return EXIT_FAIL;
	}
	g->seen = ns;
	if ((g->seen[g->nseen] = strdup(s)) == NULL) {
		msg_warn("redirect");
		return EXIT_FAIL;
	}
	g->nseen++;
	if (url_string(next, s, sizeof(s)) == -1)
		s[0] = '\0';
	for (i = 0; i < g->nseen; i++)
		if (strcmp(g->seen[i], s) == 0) {
			msg_warnx("redirect loop: %s", s);
			return EXIT_FAIL;
		}
	if (g->o->verbose)
		fprintf(stderr, "%s* redirect to %s\n", g->vtag, s);
	return SK_CONTINUE;
}

/* Say why the try failed, as it was before --retry. */
void
hg_say_failure(struct hg_get *g, enum httpc_outcome oc)
{
	if (g->said)
		return;
	g->said = 1;
	if (oc == HTTPC_HTTP_ERROR)
		msg_warnx("%s: server returned %d %s", g->url, g->res.status,
		    g->res.reason);
	else if (oc == HTTPC_ERR_OUTPUT)
		hg_say_output(&g->out);
	else if (g->res.err[0] != '\0')
		msg_warnx("%s", g->res.err);
}

/*
 * May this failed try be retried at all?  Timeouts, a failed connect
 * (refused only with --retry-connrefused, as curl), and the statuses of
 * retry_status, whether -f stopped at them or the head hook did.
 */
int
hg_retryable(const struct hg_get *g, enum httpc_outcome oc)
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
void
hg_say_retry(struct hg_get *g, enum httpc_outcome oc, long long wait)
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

int
hg_retry_go(struct hg_get *g, enum httpc_outcome *oc, unsigned long long kept,
    long long *wait)
{
	enum retry_verdict v;

	if (!hg_retryable(g, *oc))
		return 0;
	if (g->planned) {
		v = RETRY_GO;
		*wait = g->plan_wait;
	} else
		v = retry_plan(&g->o->retry, &g->rs, mono_ms(), *oc ==
		    HTTPC_HTTP_ERROR ? g->after_ms : -1, wait);
	if (v == RETRY_TIME_UP) {
		hg_say_failure(g, *oc);
		msg_warnx("not retrying: the wait would end after "
		    "--retry-max-time");
	}
	if (v != RETRY_GO)
		return 0;
	if (kept > 0) {
		hg_say_failure(g, *oc);
		msg_warnx("not retrying: %llu bytes already written to %s",
		    kept, g->out.path ? g->out.path : "stdout");
		return 0;
	}
	if (output_rewind(&g->out) == -1) {
		*oc = HTTPC_ERR_OUTPUT;
		hg_say_failure(g, *oc);
		return 0;
	}
	retry_take(&g->o->retry, &g->rs);
	hg_say_retry(g, *oc, *wait);
	return 1;
}

/*
 * After a failed try: retry it?  Never when bytes went where they cannot
 * be taken back (stdout, a fifo): curl writes them twice, we refuse and
 * keep the failure.  A temporary -o file starts over.  Returns 1 after
 * the wait, or 0 (*oc may change to HTTPC_ERR_OUTPUT).
 */
static int
retry_decide(struct hg_get *g, enum httpc_outcome *oc)
{
	long long wait;

	if (!hg_retry_go(g, oc, g->out.is_tmp ? 0 : try_wrote(g), &wait))
		return 0;
	nap(wait);
	return 1;
}

void
hg_try_reset(struct hg_get *g)
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
get_try(struct hg_get *g, struct httpc *e, struct httpc_req *q,
    const struct url *orig, struct url *u, struct url *next)
{
	struct url *tmp;
	enum httpc_outcome oc;

	hg_try_reset(g);
	*u = *orig;
	g->t0 = mono_us();
	q->deadline = q->opt->max_ms > 0 ? mono_ms() + q->opt->max_ms : -1;
	for (;;) {
		q->url = u;
		if (url_string(u, g->url, sizeof(g->url)) == -1)
			g->url[0] = '\0';
		g->https = u->https;
		if ((oc = hop(g, e, q, next)) != HTTPC_REDIRECT)
			break;
		if (hg_redirect_ok(g, u, next) != SK_CONTINUE) {
			/* said; get_run's status for it is EXIT_FAIL too */
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
get_run(struct hg_get *g, struct httpc *e, const struct url *orig,
    struct url *u, struct url *next)
{
	const struct hg_opts *o = g->o;
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
		hg_say_failure(g, oc);
		return oc == HTTPC_HTTP_ERROR && !g->planned ? EXIT_HTTP :
		    EXIT_FAIL;
	}
	/* --fail-with-body: the body is kept, the status says it failed */
	if (o->fail_body && http_status_class(g->res.status) >= 4) {
		hg_say_failure(g, HTTPC_HTTP_ERROR);
		return EXIT_HTTP;
	}
	return EXIT_OK;
}

/*
 * -u user:password on the URL the user named, in place of any in it;
 * url_resolve keeps them for redirects on the same host and port only.
 * Split at the first ':', as RFC 7617 has no ':' in a user id.  Returns
 * SK_CONTINUE to go on, else EXIT_USAGE after saying why.
 */
int
hg_user_apply(const char *arg, struct url *u)
{
	const char *colon = strchr(arg, ':');
	size_t ul = (size_t)(colon - arg), pl = strlen(colon + 1);

	if (ul >= sizeof(u->user) || pl >= sizeof(u->pass)) {
		msg_warnx("-u: user name or password too long (at most %d "
		    "bytes each)", URL_USERLEN - 1);
		return EXIT_USAGE;
	}
	memcpy(u->user, arg, ul);
	u->user[ul] = '\0';
	memcpy(u->pass, colon + 1, pl + 1);
	u->has_auth = 1;
	return SK_CONTINUE;
}

/*
 * The output as -o or -O name it, in --output-dir when the name is
 * relative; name (PATH_MAX bytes) holds the path.  Returns SK_CONTINUE
 * to go on, else EXIT_USAGE after saying why.
 */
int
hg_output_name(const struct hg_opts *o, const struct url *u, char *name,
    struct output *out)
{
	char err[SK_ERRLEN], base[PATH_MAX];
	const char *b = NULL;
	int n;

	output_init(out, NULL);
	if (o->remote_name) {
		if (url_filename(u, base, sizeof(base), err) == -1) {
			msg_warnx("%s", err);
			return EXIT_USAGE;
		}
		b = base;
	} else if (o->out != NULL && strcmp(o->out, "-") != 0)
		b = o->out;
	if (b == NULL)
		return SK_CONTINUE;
	n = o->outdir != NULL && b[0] != '/' ? snprintf(name, PATH_MAX,
	    "%s/%s", o->outdir, b) : snprintf(name, PATH_MAX, "%s", b);
	if (n < 0 || n >= PATH_MAX) {
		msg_warnx("%s/%s: file name too long", o->outdir, b);
		return EXIT_USAGE;
	}
	out->path = name;
	return SK_CONTINUE;
}

/*
 * Every URL checked before the first is fetched, so a typo at the end
 * of a long list costs nothing: a malformed one, or one -O cannot name a
 * file after, is a usage error.  Returns SK_CONTINUE to go on, else
 * EXIT_USAGE after saying why.
 */
static int
check_urls(const struct hg_opts *o, struct url *u, char *name)
{
	struct output out;
	struct proxy px;
	const char *from = NULL;
	char err[SK_ERRLEN];
	int i, rc;

	for (i = 0; i < o->nurls; i++) {
		if (url_parse(o->urls[i], u, err) == -1) {
			/* which one, by number: a bad URL may not print well */
			if (o->nurls > 1)
				msg_warnx("URL %d of %d: %s", i + 1, o->nurls,
				    err);
			else
				msg_warnx("%s", err);
			return EXIT_USAGE;
		}
		if (o->remote_name && (rc = hg_output_name(o, u, name,
		    &out)) != SK_CONTINUE)
			return rc;
		/* the multi-transfer engine dials the server itself */
		if ((o->parallel || o->pipeline > 0) && o->http.unix_path ==
		    NULL && (rc = proxy_pick(&o->env,
		    u->https, u->host, &px, &from, err)) != 0 &&
		    (rc == -1 || px.kind != PROXY_HTTP)) {
			if (rc == -1)
				msg_warnx("%s", err);
			else
				msg_warnx("%s: -Z and --pipeline do not go "
				    "through a %s proxy (%s): use an http:// "
				    "one, --noproxy, or leave them out",
				    o->urls[i], proxy_scheme(px.kind), from);
			return EXIT_USAGE;
		}
	}
	return SK_CONTINUE;
}

/* One URL the user named, redirects and all: its exit status. */
static int
get_one(struct hg_get *g, struct httpc *e, struct hg_opts *o,
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
	if (g->o->user != NULL && (status = hg_user_apply(g->o->user,
	    u[0])) != SK_CONTINUE)
		return status;
	*u[2] = *u[0];
	if ((status = hg_output_name(g->o, u[0], name, &g->out)) != SK_CONTINUE)
		return status;
	/* -C, -r, -z, --etag-*: afresh for each URL and its own file */
	*g->gc = *gc0;
	if ((status = getcond_prepare(g->gc, g->out.path, o->http.headers,
	    &o->http.nheaders, o->silent)) != SK_CONTINUE) {
		o->http.nheaders = nh;
		return status;
	}
	status = get_run(g, e, u[2], u[0], u[1]);
	status = getcond_end(g->gc, &g->out, g->done, status);
	/* --fail-with-body keeps what an error status brought */
	if ((status == EXIT_OK || (status == EXIT_HTTP && g->o->fail_body)) &&
	    !g->out.keep) {
		if (output_finish(&g->out) == -1) {
			hg_say_output(&g->out);
			status = EXIT_FAIL;
		}
	} else
		output_abort(&g->out);
	status = getcond_save(g->gc, status);
	o->http.nheaders = nh;
	if (g->o->wo != NULL)
		status = hg_write_out(g, status);
	for (i = 0; i < g->nseen; i++)
		free(g->seen[i]);
	g->nseen = 0;
	return status;
}

/*
 * The URLs in turn, on one connection while they go to the same place;
 * the exit status is the first failure's, and the URLs after it are
 * still fetched unless --fail-early.
 */
int
cmd_http_get(int argc, char *argv[])
{
	struct hg_opts o;
	struct hg_get g;
	struct httpc e;
	struct url *u[3];	/* the URL, the next hop, the URL named */
	struct getcond gc0;	/* -C, -r, -z as given, before any URL */
	char name[PATH_MAX], err[SK_ERRLEN];
	int status, rc, i;

	memset(&g, 0, sizeof(g));
	memset(&e, 0, sizeof(e));
	e.s = -1;
	u[0] = u[1] = u[2] = NULL;
	if ((status = hg_opts_parse(argc, argv, &o)) != SK_CONTINUE)
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
	if ((status = check_urls(&o, u[0], name)) != SK_CONTINUE)
		goto done;
	/* --compressed without zlib: one line now, not one per URL */
	if (o.http.compressed && decode_load(err) == -1) {
		msg_warnx("--compressed: %s", err);
		status = EXIT_FAIL;
		goto done;
	}
	if (o.parallel || o.pipeline > 0) {
		status = hg_parallel(&o);
		goto done;
	}
	status = EXIT_OK;
	for (i = 0; i < o.nurls; i++) {
		o.out = i < o.nouts ? o.outs[i] : NULL;
		g.more = i + 1 < o.nurls;
		g.urlarg = o.urls[i];
		g.urlnum = i;
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
	hg_opts_free(&o);
	return status;
}
