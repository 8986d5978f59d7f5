/*
 * http/urlrun.c: a run of URLs through the engine in URL order
 * (http/urlrun.h): the engine's hooks, each URL's slot from its first
 * try to its turn, the queue of those handed back, the window; and the
 * --urls lists read before it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "http/engine.h"
#include "http/ordered.h"
#include "http/output.h"
#include "http/urlrun.h"
#include "http/why.h"
#include "parse/noproxy.h"
#include "parse/url.h"
#include "parse/urllist.h"
#include "parse/zorder.h"
#include "util/base.h"
#include "util/file.h"

void
urun_url_init(struct urun_url *u, int idx)
{
	memset(u, 0, offsetof(struct urun_url, px));
	/* url_free reads their strings alone */
	u->cur.path = u->cur.user = u->cur.pass = NULL;
	u->orig.path = u->orig.user = u->orig.pass = NULL;
	u->ref = NULL;
	u->idx = idx;
	u->hold.spill = -1;
	u->hop = &u->orig;
}

int
urun_sink(struct urun *r, struct urun_url *u, const char *p, size_t n)
{
	return ord_sink(&r->so, &u->hold, u->to_stdout, u->idx ==
	    zorder_due(&r->z), u->out, p, n);
}

/* Does u write to stdout (its body, or -D -'s heads)? */
static int
on_stdout(const struct urun_url *u)
{
	return u->to_stdout || u->heads != NULL;
}

/* The output that stands for stdout for u. */
static struct output *
sout(const struct urun_url *u)
{
	return u->to_stdout ? u->out : u->heads;
}

int
urun_heads(struct urun *r, struct urun_url *u, const char *p, size_t n)
{
	return ord_put(&r->so, &u->hold, u->idx == zorder_due(&r->z),
	    sout(u), p, n);
}

int
urun_heads_twice(struct urun *r, struct urun_url *u, const char *p,
    size_t n)
{
	const char *e, *end = p + n;
	size_t k;

	for (; p < end; p += k) {
		e = memchr(p, '\n', (size_t)(end - p));
		k = e != NULL ? (size_t)(e - p) + 1 : (size_t)(end - p);
		if (urun_sink(r, u, p, k) == -1 || urun_heads(r, u, p, k) == -1)
			return -1;
	}
	return 0;
}

unsigned long long
urun_kept(const struct urun *r, const struct urun_url *u,
    unsigned long long bytes)
{
	(void)r;
	return ord_kept(&u->hold, u->to_stdout, u->out, bytes);
}

/* u is done with: what it holds dropped, the caller's state freed. */
static void
slot_free(struct urun *r, struct urun_url *u)
{
	r->slot[u->idx] = NULL;
	free(u->auth.dc);	/* --digest's challenges, if any came */
	free(u->pauth.dc);
	ord_drop(&r->so, &u->hold);
	free(u->hold.mem);
	u->hold.mem = NULL;
	url_free(&u->cur);
	url_free(&u->orig);
	free(u->ref);
	r->h.free(r->h.arg, u);
}

static void
again_add(struct urun *r, struct urun_url *u)
{
	u->qnext = NULL;
	if (r->again_tail != NULL)
		r->again_tail->qnext = u;
	else
		r->again = u;
	r->again_tail = u;
}

int
urun_redirect(struct urun *r, struct urun_url *u, const struct url *next,
    long long deadline)
{
	struct url t;

	/* curl's -e ';auto': the URL it came from, no credentials */
	free(u->ref);
	u->ref = r->o.auto_referer ? url_string_new(u->hop) : NULL;
	u->has_ref = u->ref != NULL;
	/* the hop it leaves may be cur itself: copied aside, then moved */
	memset(&t, 0, sizeof(t));
	if (url_copy(&t, next) == -1)
		return -1;
	url_free(&u->cur);
	u->cur = t;
	u->hop = &u->cur;
	u->redirected = 1;
	u->not_before = 0;
	u->deadline = deadline;		/* -m goes on */
	again_add(r, u);
	return 0;
}

void
urun_retry(struct urun *r, struct urun_url *u, long long not_before)
{
	ord_drop(&r->so, &u->hold);
	u->hop = &u->orig;
	u->redirected = 0;
	u->has_ref = 0;
	hauth_free(&u->auth);		/* a try starts afresh */
	hauth_free(&u->pauth);
	u->deadline = 0;
	u->not_before = not_before;
	again_add(r, u);
}

void
urun_end(struct urun *r, struct urun_url *u, int status)
{
	u->status = status;
	(void)zorder_end(&r->z, u->idx, status);
	/* a file's URL is done with: no turn to wait for */
	if (!on_stdout(u))
		slot_free(r, u);
	if (status != 0 && r->o.fail_early)
		r->stop = 1;
}

void
urun_release(struct urun *r)
{
	struct urun_url *u;
	int j;

	while ((j = zorder_release(&r->z)) != -1) {
		if ((u = r->slot[j]) == NULL)
			continue;
		if (on_stdout(u))
			r->h.released(r->h.arg, u, ord_stream(&r->so, &u->hold,
			    sout(u)) == -1);
		slot_free(r, u);
	}
	if ((j = zorder_due(&r->z)) != -1 && (u = r->slot[j]) != NULL &&
	    on_stdout(u))
		(void)ord_stream(&r->so, &u->hold, sout(u));
}

/* The next URL's slot, within the window; NULL for none now. */
static struct urun_url *
next_slot(struct urun *r)
{
	struct urun_url *u;
	int i, status;

	for (;;) {
		if (r->stop || r->next_url >= r->o.nurls)
			return NULL;
		/*
		 * bodies held for stdout wait for the one due: so many and
		 * no more (the engine asks again as each ends); one at a
		 * time, the window is one
		 */
		if (r->o.window > 0 &&
		    r->next_url - zorder_due(&r->z) >= r->o.window)
			return NULL;
		i = r->next_url++;
		if ((u = r->h.begin(r->h.arg, i, &status)) != NULL) {
			r->slot[i] = u;
			return u;
		}
		(void)zorder_end(&r->z, i, status);
		if (r->o.fail_early && status != 0)
			r->stop = 1;
		urun_release(r);
	}
}

/* The engine's next hook: one handed over again, else the next URL. */
static int
on_next(void *arg, struct httpm_req *rq)
{
	struct urun *r = arg;
	struct urun_url *u;
	const char *from;
	char err[SK_ERRLEN];

	if ((u = r->again) != NULL) {
		if ((r->again = u->qnext) == NULL)
			r->again_tail = NULL;
	} else if ((u = next_slot(r)) == NULL)
		return 0;
	rq->id = u->idx;
	rq->url = u->hop;
	rq->origin = &u->orig;
	rq->not_before = u->not_before;
	rq->deadline = u->deadline;
	memcpy(rq->fields, u->fields, sizeof(rq->fields));
	rq->nfields = u->nfields;
	rq->referer = u->has_ref ? u->ref : NULL;
	/*
	 * The connection is kept while another URL follows, and with -L: a
	 * redirect to the same host and port goes on the same connection.
	 * With --digest or --proxy-digest too: a 401 (407) may ask again,
	 * on the same connection as curl's.  After the last URL's response without -L it ends (no
	 * request says Connection: close: curl's never does).
	 */
	rq->keep_alive = r->next_url < r->o.nurls || r->o.follow ||
	    r->o.auth;
	rq->auth = &u->auth;
	rq->pauth = &u->pauth;
	rq->resume = u->resume;
	/*
	 * each hop chooses again: NO_PROXY may cover a redirect's host; the
	 * environment was read well for every URL named (the caller checks
	 * them first).  An http:// target through an http:// proxy goes in
	 * absolute form, an https:// one always through a CONNECT tunnel,
	 * as curl.
	 */
	if (r->o.env != NULL && proxy_pick(r->o.env, u->hop->https,
	    u->hop->host, &u->px, &from, err) == 1) {
		rq->proxy = &u->px;
		rq->tunnel = r->o.tunnel || u->hop->https;
		if (r->h.proxy != NULL)
			r->h.proxy(r->h.arg, u, from);
	}
	return 1;
}

/* --fail-early: a URL not yet started does not start after a failure. */
static int
on_start(void *arg, int id)
{
	struct urun *r = arg;

	return !r->stop || r->slot[id]->redirected;
}

static void
on_request(void *arg, int id, const struct httpm_peer *pr, const char *req,
    size_t n)
{
	struct urun *r = arg;

	r->h.request(r->h.arg, r->slot[id], pr, req, n);
}

static int
on_head(void *arg, int id, enum httpc_head what, const struct http_resp *hr,
    const char *p, size_t n)
{
	struct urun *r = arg;

	return r->h.head(r->h.arg, r->slot[id], what, hr, p, n);
}

static int
on_data(void *arg, int id, const char *p, size_t n)
{
	struct urun *r = arg;

	return urun_sink(r, r->slot[id], p, n);
}

/* A plain body straight from the socket to its output (ord_direct). */
static struct output *
on_direct(void *arg, int id)
{
	struct urun *r = arg;
	struct urun_url *u = r->slot[id];

	return ord_direct(&r->so, &u->hold, u->to_stdout, u->idx ==
	    zorder_due(&r->z), u->out);
}

static void
on_progress(void *arg, int id, uint64_t done)
{
	struct urun *r = arg;

	r->h.progress(r->h.arg, r->slot[id], done);
}

static void
on_done(void *arg, int id, const struct httpm_end *end)
{
	struct urun *r = arg;
	struct urun_url *u = r->slot[id];

	if (!end->dropped) {
		r->h.done(r->h.arg, u, end);
		return;
	}
	/* never started: no word, no status */
	(void)zorder_skip(&r->z, u->idx);
	output_abort(u->out);
	slot_free(r, u);
	urun_release(r);
}

static void
on_idle(void *arg)
{
	(void)ord_flush(&((struct urun *)arg)->so);
}

static int
on_pending(void *arg)
{
	return ((struct urun *)arg)->so.len > 0;
}

int
urun_init(struct urun *r, const struct urun_opts *uo,
    const struct httpm_opts *mo, const struct urun_hooks *h)
{
	struct httpm_hooks eh = { NULL, on_next, on_start, NULL, on_head,
		on_data, on_direct, NULL, on_done, on_idle, on_pending };

	memset(r, 0, sizeof(*r));
	r->o = *uo;
	r->h = *h;
	eh.arg = r;
	if (h->request != NULL)
		eh.request = on_request;
	if (h->progress != NULL)
		eh.progress = on_progress;
	if (zorder_init(&r->z, uo->nurls) == -1 ||
	    (r->slot = calloc((size_t)uo->nurls, sizeof(*r->slot))) == NULL ||
	    ord_init(&r->so) == -1 || (r->m = httpm_new(mo, &eh)) == NULL)
		return -1;
	/* one at a time: curl's exit status is its last transfer's */
	r->z.last = uo->window == 1;
	return 0;
}

int
urun_run(struct urun *r)
{
	return httpm_run(r->m);
}

int
urun_status(const struct urun *r)
{
	return zorder_status(&r->z);
}

int
urun_flush(struct urun *r)
{
	return ord_flush(&r->so);
}

void
urun_free(struct urun *r)
{
	int i;

	httpm_free(r->m);
	r->m = NULL;
	for (i = 0; r->slot != NULL && i < r->o.nurls; i++) {
		if (r->slot[i] != NULL) {
			output_abort(r->slot[i]->out);
			slot_free(r, r->slot[i]);
		}
	}
	free(r->slot);
	r->slot = NULL;
	ord_free(&r->so);
	zorder_free(&r->z);
}

int
urun_read_list(const char *path, char **buf, char ***v, int *n,
    struct httpc_why *w)
{
	size_t len;
	int rc;

	if (read_file(path, URUN_LISTMAX, buf, &len) == -1)
		return why_errno(w, path, errno);
	if ((rc = urllist_split(*buf, len, v, n)) == -2)
		return why_text(w, path, "not a list of URLs (a NUL byte)");
	return rc == -1 ? why_errno(w, "malloc", errno) : 0;
}
