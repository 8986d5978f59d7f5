/*
 * cmd/http_get_run.c: http-get's URLs through the one engine
 * (http/engine.h), in every mode: one at a time on a kept connection
 * (the engine's window is one URL), or with -Z and --pipeline many at
 * once.  The rules are the same in each: atomic -o and -O, redirects (a
 * redirect hands the transfer over again with its new URL, within the
 * same -m), retries that never write a byte twice (handed over again
 * with a time not to start before), -C -r -z -R --etag-* per URL, -f,
 * -D, -i, --write-out, the exit status of the first failure in URL
 * order.  To stdout, bodies never interleave: the one whose turn it is
 * in URL order streams straight through, each other is held and written
 * whole when its turn comes (http/ordered.c).  parse/zorder.c keeps the
 * URL-order books.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/msg.h"
#include "cli/progress.h"
#include "cmd/http_get.h"
#include "http/cond.h"
#include "http/engine.h"
#include "http/netrc.h"
#include "http/output.h"
#include "http/wout.h"
#include "net/relay.h"
#include "parse/cond.h"
#include "parse/http.h"
#include "parse/noproxy.h"
#include "parse/retry.h"
#include "parse/socks.h"
#include "parse/url.h"
#include "parse/zorder.h"
#include "sockt.h"
#include "util/clock.h"

#define PROGRESS_MS	250

/*
 * One URL under way, from its first try to its turn in URL order.  The
 * large buffers come last: a slot is cleared up to them, and each is
 * written before it is read.
 */
struct zslot {
	int		 idx;
	int		 status;	/* once ended */
	int		 to_stdout;
	struct ord_hold	 hold;		/* what it holds for stdout */
	long long	 not_before;	/* a retry's start */
	long long	 deadline;	/* its try's -m, 0 until it starts */
	struct zslot	*qnext;		/* in the list to hand over again */
	const struct url *hop;		/* this hop's URL: orig, or cur */
	const char	*fields[HTTPM_FIELDS];	/* -C, -r, -z, --etag-* */
	int		 nfields;
	struct getcond	 gc;		/* its -C -r -z -R --etag-* */
	struct hg_get	 g;		/* the try: output, result, retry */
	struct proxy	 px;		/* this hop's proxy */
	struct url	 cur;		/* a redirect's target */
	struct url	 orig;		/* the URL named */
	char		 name[PATH_MAX];	/* the -o or -O file */
};

struct zrun {
	struct hg_opts	*o;
	int		 one;		/* one transfer at a time */
	struct zorder	 z;
	struct zslot	**slot;		/* by URL index, NULL when gone */
	int		 next_url;	/* the first not handed over yet */
	struct zslot	*again, *again_tail;
	int		 stop;		/* --fail-early: start no more */
	int		 wo_fail;	/* --write-out could not be written */
	int		 slot_rc;	/* why slot_new failed */
	struct progress	 pg;		/* the line of many transfers */
	uint64_t	 bytes;		/* body bytes of all, for it */
	int		 ndone;
	int		 window;	/* URLs under way past the one due */
	struct ord_out	 so;		/* bodies bound for stdout */
	int		 dump_fd;	/* -D FILE, -1 until opened */
};

static void
on_idle(void *arg)
{
	(void)ord_flush(&((struct zrun *)arg)->so);
}

static int
on_pending(void *arg)
{
	return ((struct zrun *)arg)->so.len > 0;
}

/* s streams to stdout from now on: what it held goes first. 0, or -1. */
static int
stream(struct zrun *r, struct zslot *s)
{
	return ord_stream(&r->so, &s->hold, &s->g.out);
}

/* Bytes of URL s for its output.  0, or -1 with its failure set. */
static int
sink(struct zrun *r, struct zslot *s, const char *p, size_t n)
{
	return ord_sink(&r->so, &s->hold, s->to_stdout, s->idx ==
	    zorder_due(&r->z), &s->g.out, p, n);
}

/* Bytes of s's try that cannot be taken back (ord_kept). */
static unsigned long long
kept(const struct zslot *s)
{
	return ord_kept(&s->hold, s->to_stdout, &s->g.out, s->g.hwrote +
	    s->g.done);
}

static void
slot_free(struct zrun *r, struct zslot *s)
{
	int i;

	if (s == NULL)
		return;
	ord_drop(&r->so, &s->hold);
	free(s->hold.mem);
	free(s->g.head);
	for (i = 0; i < s->g.nseen; i++)
		free(s->g.seen[i]);
	free(s->g.seen);
	free(s);
}

/* A try begins afresh from the URL named. */
static void
try_reset(struct zslot *s)
{
	struct hg_get *g = &s->g;

	hg_try_reset(g);
	s->hop = &s->orig;
	s->deadline = 0;
	if (url_string(s->hop, g->url, sizeof(g->url)) == -1)
		g->url[0] = '\0';
	g->https = s->hop->https;
	g->t0 = mono_us();
}

/* URL i's slot: its URL, -u, its output, its fields.  NULL after saying. */
static struct zslot *
slot_new(struct zrun *r, int i)
{
	struct hg_opts *o = r->o;
	struct zslot *s;
	struct httpc_why w;
	char err[SK_ERRLEN];
	int rc;

	r->slot_rc = EXIT_USAGE;
	if ((s = malloc(sizeof(*s))) == NULL) {
		msg_warn("malloc");
		r->slot_rc = EXIT_FAIL;
		return NULL;
	}
	memset(s, 0, offsetof(struct zslot, gc));
	memset(&s->g, 0, offsetof(struct hg_get, res));
	s->idx = i;
	s->hold.spill = -1;
	s->g.o = o;
	s->g.urlarg = o->urls[i];
	s->g.urlnum = i;
	s->gc = o->gc;
	s->g.gc = &s->gc;
	if (!r->one)
		(void)snprintf(s->g.vtag, sizeof(s->g.vtag), "[%d] ", i);
	if (url_parse(o->urls[i], &s->orig, err) == -1) {
		msg_warnx("%s", err);
		free(s);
		return NULL;
	}
	/* url_resolve keeps -u for redirects to the same host and port */
	if (o->user != NULL && url_auth_set(&s->orig, o->user) == -1) {
		msg_warnx("-u: user name or password too long (at most %d "
		    "bytes each)", URL_USERLEN - 1);
		free(s);
		return NULL;
	}
	if (o->user == NULL)
		netrc_apply(o->netrc_text, o->netrc_len, &s->orig);
	o->out = i < o->nouts ? o->outs[i] : NULL;
	if (hg_output_name(o, &s->orig, s->name, &s->g.out) != SK_CONTINUE) {
		free(s);
		return NULL;
	}
	s->to_stdout = s->g.out.path == NULL;
	rc = hcond_prepare(&s->gc, s->g.out.path, o->http.headers,
	    o->http.nheaders, s->fields, &s->nfields, &w);
	/* "-z FILE -o FILE" the first time: fetch it, as curl */
	if (s->gc.time_arg != NULL && s->gc.timecond == 0 && !o->silent)
		msg_warnx("time condition %s: not an HTTP date nor a file: "
		    "fetching unconditionally", s->gc.time_arg);
	if (rc == -2)
		msg_warnx("time condition %s: out of range", s->gc.time_arg);
	else if (rc == -1) {
		hg_say_why(&w);
		r->slot_rc = EXIT_FAIL;
	}
	if (rc != 0) {
		free(s);
		return NULL;
	}
	retry_init(&s->g.rs, mono_ms());
	try_reset(s);
	return s;
}

static void
again_add(struct zrun *r, struct zslot *s)
{
	s->qnext = NULL;
	if (r->again_tail != NULL)
		r->again_tail->qnext = s;
	else
		r->again = s;
	r->again_tail = s;
}

static void	release(struct zrun *);

/* The next URL's slot, within the window; NULL for none now. */
static struct zslot *
next_slot(struct zrun *r)
{
	struct zslot *s;
	int i;

	for (;;) {
		if (r->stop || r->next_url >= r->o->nurls)
			return NULL;
		/*
		 * bodies held for stdout wait for the one due: so many and
		 * no more (the engine asks again as each ends); one at a
		 * time, the window is one
		 */
		if (r->window > 0 &&
		    r->next_url - zorder_due(&r->z) >= r->window)
			return NULL;
		i = r->next_url++;
		if ((s = slot_new(r, i)) != NULL) {
			r->slot[i] = s;
			return s;
		}
		(void)zorder_end(&r->z, i, r->slot_rc);
		if (r->o->fail_early)
			r->stop = 1;
		release(r);
	}
}

/* The engine's next hook: one handed over again, else the next URL. */
static int
on_next(void *arg, struct httpm_req *rq)
{
	struct zrun *r = arg;
	const struct hg_opts *o = r->o;
	struct zslot *s;
	const char *from;
	char err[SK_ERRLEN];

	if ((s = r->again) != NULL) {
		if ((r->again = s->qnext) == NULL)
			r->again_tail = NULL;
	} else if ((s = next_slot(r)) == NULL)
		return 0;
	rq->id = s->idx;
	rq->url = s->hop;
	rq->origin = &s->orig;
	rq->not_before = s->not_before;
	rq->deadline = s->deadline;
	memcpy(rq->fields, s->fields, sizeof(rq->fields));
	rq->nfields = s->nfields;
	/*
	 * No Connection: close while another URL follows, nor with -L: a
	 * redirect to the same host and port goes on the same connection.
	 * The last URL without -L says close.
	 */
	rq->keep_alive = r->next_url < o->nurls || o->http.follow;
	rq->resume = s->gc.resume && s->gc.offset > 0;
	/*
	 * each hop chooses again: NO_PROXY may cover a redirect's host; the
	 * environment was read well for every URL named (check_urls).  An
	 * http:// target through an http:// proxy goes in absolute form,
	 * an https:// one always through a CONNECT tunnel, as curl.
	 */
	if (o->http.unix_path == NULL && proxy_pick(&o->env, s->hop->https,
	    s->hop->host, &s->px, &from, err) == 1) {
		rq->proxy = &s->px;
		rq->tunnel = o->tunnel || s->hop->https;
		if (o->verbose)
			fprintf(stderr, "%s* %s through %s proxy %s port %s "
			    "(%s)\n", s->g.vtag, s->hop->host,
			    proxy_scheme(s->px.kind), s->px.host, s->px.port,
			    from);
	}
	return 1;
}

/* --fail-early: a URL not yet started does not start after a failure. */
static int
on_start(void *arg, int id)
{
	struct zrun *r = arg;

	return !r->stop || r->slot[id]->g.nredirs > 0;
}

/*
 * -D: a head whole to the file (the transfers' heads in the order they
 * come), or with -D - to stdout before its body.  0, or -1 after saying
 * why.
 */
static int
dump_head(struct zrun *r, struct zslot *s, const char *p, size_t n)
{
	const char *d = r->o->dump;

	if (strcmp(d, "-") == 0) {
		if (sink(r, s, p, n) == 0)
			return 0;
		hg_say_output(&s->g.out);
		s->g.said = 1;
		return -1;
	}
	if (r->dump_fd == -1 && (r->dump_fd = open(d, O_WRONLY | O_CREAT |
	    O_TRUNC | O_CLOEXEC, 0666)) == -1) {
		msg_warn("%s", d);
		s->g.said = 1;
		return -1;
	}
	if (io_write_all(r->dump_fd, p, n) == -1) {
		msg_warn("%s", d);
		s->g.said = 1;
		return -1;
	}
	return 0;
}

/*
 * The final head of a body, one transfer at a time on a terminal: its
 * progress line, sized by Content-Length.  0, or -1 after saying why.
 */
static int
progress_begin(struct zrun *r, struct zslot *s, const struct http_resp *hr)
{
	struct hg_get *g = &s->g;
	enum http_body_kind kind;
	uint64_t len;
	char err[SK_ERRLEN];

	g->done = 0;
	if (!r->one || r->o->silent || !progress_tty() ||
	    http_body_framing(hr, r->o->http.head, &kind, &len, err) == -1 ||
	    kind == HTTP_BODY_NONE)
		return 0;
	if (output_open(&g->out) == -1) {
		hg_say_output(&g->out);
		g->said = 1;
		return -1;
	}
	/* not over the body itself on the same terminal */
	progress_init(&g->pg, !g->out.is_tty, PROGRESS_MS);
	g->total = kind == HTTP_BODY_LENGTH ? len : 0;
	return 0;
}

static int
on_head(void *arg, int id, enum httpc_head what, const struct http_resp *hr,
    const char *p, size_t n)
{
	struct zrun *r = arg;
	struct zslot *s = r->slot[id];
	struct hg_get *g = &s->g;
	const struct hg_opts *o = r->o;
	struct httpc_why w;
	int keep304;

	g->hbytes += n;
	if (what != HTTPC_HEAD_INTERIM) {
		g->after_ms = cond_retry_after_ms(hr, (long long)time(NULL));
		if (o->wo != NULL)
			wout_keep_head(&g->head, &g->headlen, p, n);
	}
	/* an error follows: only -v shows the head */
	if (what == HTTPC_HEAD_SWITCH || what == HTTPC_HEAD_FAIL ||
	    (what == HTTPC_HEAD_FINAL && hg_retry_at_head(g, hr, kept(s)))) {
		if (o->verbose)		/* no body to decode */
			hg_verbose_head(g, HTTPC_HEAD_SWITCH, hr, p, n);
		return what == HTTPC_HEAD_FINAL;
	}
	if (o->verbose)
		hg_verbose_head(g, what, hr, p, n);
	/* -J: the file's name, before -i may open it */
	if (what == HTTPC_HEAD_FINAL && !s->to_stdout &&
	    hg_header_name(g, hr, s->name) == -1)
		return -1;
	/*
	 * A 304 says the user's copy is current: -o and -O leave FILE as
	 * it was, neither created nor truncated, as curl does; the head
	 * still goes to -D and -v.  With -I the head is what was asked for
	 * and goes to FILE as for any status.
	 */
	keep304 = what == HTTPC_HEAD_FINAL && hr->status == 304 &&
	    !o->http.head && !s->to_stdout;
	if (keep304)
		g->out.keep = 1;
	if (o->include && !keep304) {
		if (sink(r, s, p, n) == -1) {
			hg_say_output(&g->out);
			g->said = 1;
			return -1;
		}
		g->hwrote += n;
	}
	if (o->dump != NULL && dump_head(r, s, p, n) == -1)
		return -1;
	if (what != HTTPC_HEAD_FINAL)
		return 0;
	/*
	 * -r: the range answered is the one asked for; -C: a 206 goes on
	 * at the end of the file, a 200 starts it over; -z: a 304, or a 2xx
	 * that fails the condition, keeps FILE; after -i: a body kept out
	 * of FILE keeps the head it came with
	 */
	if (hcond_head(&s->gc, hr, &g->out, keep304 ? 0 : o->http.head,
	    &w) == -1) {
		hg_say_why(&w);
		g->said = 1;
		return -1;
	}
	return progress_begin(r, s, hr);
}

static int
on_data(void *arg, int id, const char *p, size_t n)
{
	struct zrun *r = arg;

	return sink(r, r->slot[id], p, n);
}

/* A plain body straight from the socket to s's output (ord_direct). */
static struct output *
on_direct(void *arg, int id)
{
	struct zrun *r = arg;
	struct zslot *s = r->slot[id];

	return ord_direct(&r->so, &s->hold, s->to_stdout, s->idx ==
	    zorder_due(&r->z), &s->g.out);
}

/* -v: a transfer's request, and where it goes. */
static void
on_request(void *arg, int id, const struct httpm_peer *pr, const char *req,
    size_t n)
{
	struct zrun *r = arg;

	hg_verbose_request(&r->slot[id]->g, pr, req, n);
}

/*
 * A transfer's body bytes so far as they came (coded): %{size_download}
 * and the progress line count them.
 */
static void
on_progress(void *arg, int id, uint64_t done)
{
	struct zrun *r = arg;
	struct hg_get *g = &r->slot[id]->g;

	r->bytes += done - g->done;
	g->done = done;
	if (g->pg.on)
		hg_progress_show(g, 0);
	else if (r->pg.on)
		hg_progress_all(&r->pg, r->ndone, r->o->nurls, r->bytes, 0);
}

/* --write-out for s, now. */
static void
write_out(struct zrun *r, struct zslot *s)
{
	if (r->o->wo == NULL)
		return;
	/* after the bytes before it: it writes to stdout itself */
	(void)ord_flush(&r->so);
	if (hg_write_out(&s->g, s->status) != s->status)
		r->wo_fail = 1;
}

/*
 * The URLs whose turn came, in URL order: a held body written whole,
 * then its --write-out; then the URL due next, if it is under way,
 * streams from here on.
 */
static void
release(struct zrun *r)
{
	struct zslot *s;
	int j;

	while ((j = zorder_release(&r->z)) != -1) {
		if ((s = r->slot[j]) == NULL)
			continue;
		if (s->to_stdout) {
			if (stream(r, s) == -1) {
				hg_say_output(&s->g.out);
				if (s->status == EXIT_OK)
					s->status = EXIT_FAIL;
				/* the books have this one's status already */
				r->wo_fail |= 2;
			}
			write_out(r, s);
		}
		slot_free(r, s);
		r->slot[j] = NULL;
	}
	if ((j = zorder_due(&r->z)) != -1 && (s = r->slot[j]) != NULL &&
	    s->to_stdout)
		(void)stream(r, s);
}

/*
 * After a failed try: hand it over again after the wait, the other
 * transfers going on meanwhile?  Bytes held for stdout were not
 * written: they are dropped.  1 when handed over again, else 0.
 */
static int
retry_again(struct zrun *r, struct zslot *s, enum httpc_outcome *oc)
{
	struct hg_get *g = &s->g;
	long long wait;

	if (!hg_retry_go(g, oc, kept(s), &wait))
		return 0;
	ord_drop(&r->so, &s->hold);
	r->bytes -= g->done;
	try_reset(s);
	s->not_before = mono_ms() + wait;
	again_add(r, s);
	return 1;
}

/* The end of URL s's last try (oc): its files, its status. */
static int
url_end(struct zrun *r, struct zslot *s, enum httpc_outcome oc)
{
	const struct hg_opts *o = r->o;
	struct hg_get *g = &s->g;
	struct httpc_why w;
	int status;

	if (oc != HTTPC_OK) {
		hg_say_failure(g, oc);
		status = oc == HTTPC_HTTP_ERROR && !g->planned ? EXIT_HTTP :
		    EXIT_FAIL;
	} else if (o->fail_body && http_status_class(g->res.status) >= 4) {
		/* --fail-with-body: the body is kept, the status says so */
		hg_say_failure(g, HTTPC_HTTP_ERROR);
		status = EXIT_HTTP;
	} else
		status = EXIT_OK;
	/* -r, -C: as many bytes as the range said; -R: FILE's time */
	if (status == EXIT_OK && hcond_end(&s->gc, &g->out, g->done, &w) ==
	    -1) {
		hg_say_why(&w);
		status = EXIT_FAIL;
	}
	if ((status == EXIT_OK || (status == EXIT_HTTP && o->fail_body)) &&
	    !g->out.keep) {
		if (output_finish(&g->out) == -1) {
			hg_say_output(&g->out);
			status = EXIT_FAIL;
		}
	} else
		output_abort(&g->out);
	if (status == EXIT_OK && hcond_save(&s->gc, &w) == -1) {
		hg_say_why(&w);
		status = EXIT_FAIL;
	}
	return status;
}

/* The engine's done hook: follow, retry, or the URL's end. */
static void
on_done(void *arg, int id, const struct httpm_end *end)
{
	struct zrun *r = arg;
	struct zslot *s = r->slot[id];
	struct hg_get *g = &s->g;
	enum httpc_outcome oc = end->res->outcome;
	int status;

	if (g->pg.on)
		hg_progress_show(g, 1);	/* the last line stays */
	g->pg.on = 0;
	if (end->dropped) {
		/* never started: no message, no --write-out, no status */
		(void)zorder_skip(&r->z, s->idx);
		output_abort(&g->out);
		slot_free(r, s);
		r->slot[id] = NULL;
		release(r);
		return;
	}
	g->res = *end->res;
	g->t_end = mono_us();
	if (end->peer != NULL) {
		(void)snprintf(g->rip, sizeof(g->rip), "%s", end->peer->ip);
		g->rport = end->peer->port;
	}
	if (oc == HTTPC_REDIRECT) {
		if (hg_redirect_ok(g, s->hop, end->res->next) == SK_CONTINUE) {
			s->cur = *end->res->next;
			/* another host's own entry; this one's stays here */
			if (r->o->user == NULL)
				netrc_apply(r->o->netrc_text, r->o->netrc_len,
				    &s->cur);
			s->hop = &s->cur;
			if (url_string(s->hop, g->url, sizeof(g->url)) == -1)
				g->url[0] = '\0';
			g->https = s->hop->https;
			s->not_before = 0;
			s->deadline = end->deadline;	/* -m goes on */
			again_add(r, s);
			return;
		}
		g->said = 1;
		oc = HTTPC_ERR_REQUEST;
	}
	if (oc != HTTPC_OK && retry_again(r, s, &oc))
		return;
	status = s->status = url_end(r, s, oc);
	(void)zorder_end(&r->z, id, status);
	if (!s->to_stdout) {
		/* a file's URL is done with: no turn to wait for */
		write_out(r, s);
		slot_free(r, s);
		r->slot[id] = NULL;
	}
	if (status != EXIT_OK && r->o->fail_early)
		r->stop = 1;
	r->ndone++;
	if (r->pg.on)
		hg_progress_all(&r->pg, r->ndone, r->o->nurls, r->bytes, 0);
	release(r);
}

/* The engine with o's limits, and the hooks.  NULL with errno. */
static struct httpm *
engine(struct zrun *r)
{
	struct hg_opts *o = r->o;
	struct httpm_hooks h = { NULL, on_next, on_start, NULL, on_head,
		on_data, on_direct, on_progress, on_done, on_idle, on_pending };
	struct httpm_opts mo;

	h.arg = r;
	if (o->verbose)
		h.request = on_request;
	mo.http = &o->http;
	r->one = !o->parallel && o->pipeline == 0;
	r->window = httpm_limits(&mo, o->parallel, o->pipeline, o->par_max,
	    o->par_host, o->remote_name || o->nouts >= o->nurls);
	return httpm_new(&mo, &h);
}

int
hg_run(struct hg_opts *o)
{
	struct httpm *m = NULL;
	struct zrun r;
	int status, i;

	memset(&r, 0, sizeof(r));
	r.o = o;
	r.dump_fd = -1;
	if (zorder_init(&r.z, o->nurls) == -1 ||
	    (r.slot = calloc((size_t)o->nurls, sizeof(*r.slot))) == NULL ||
	    ord_init(&r.so) == -1 || (m = engine(&r)) == NULL) {
		msg_warn("malloc");
		status = EXIT_FAIL;
		goto done;
	}
	progress_init(&r.pg, !r.one && !o->silent && progress_tty(),
	    PROGRESS_MS);
	if (httpm_run(m) == -1) {
		msg_warn("http-get");
		status = EXIT_FAIL;
		goto done;
	}
	if (r.pg.on)
		hg_progress_all(&r.pg, r.ndone, o->nurls, r.bytes, 1);
	status = zorder_status(&r.z);
	if (ord_flush(&r.so) == -1 && r.so.err != EPIPE) {
		errno = r.so.err;
		msg_warn("stdout");
	}
	if (status == EXIT_OK && (r.wo_fail || r.so.err != 0))
		status = EXIT_FAIL;
done:
	httpm_free(m);
	for (i = 0; r.slot != NULL && i < o->nurls; i++) {
		if (r.slot[i] != NULL) {
			output_abort(&r.slot[i]->g.out);
			slot_free(&r, r.slot[i]);
		}
	}
	if (r.dump_fd != -1 && close(r.dump_fd) == -1) {
		msg_warn("%s", o->dump);
		status = EXIT_FAIL;
	}
	free(r.slot);
	ord_free(&r.so);
	zorder_free(&r.z);
	return status;
}
