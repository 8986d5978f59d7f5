/*
 * cmd/http-get/http_get_run.c: http-get's URLs through the engine's run of URLs
 * (http/urlrun.h), in every mode: one at a time on a kept connection
 * (a window of one URL), or with -Z and --pipeline many at once.  The
 * rules are the same in each: atomic -o and -O, redirects (a redirect
 * hands the transfer over again with its new URL, within the same -m),
 * retries that never write a byte twice (handed over again with a time
 * not to start before), -C -r -z -R --etag-* per URL, -f, -D, -i,
 * --write-out, the exit status (the last URL's one at a time, as curl's;
 * with -Z the first failure's in URL order).  The
 * run keeps the URL order and stdout's; this file is its hooks: each
 * URL's state, what a head and an end mean, what they show.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/msg.h"
#include "cli/progress.h"
#include "cmd/cmd.h"
#include "cmd/http-get/http_get.h"
#include "http/cond_io.h"
#include "http/engine.h"
#include "http/netrc.h"
#include "http/output.h"
#include "http/urlrun.h"
#include "http/wout.h"
#include "parse/cond.h"
#include "parse/http.h"
#include "parse/socks.h"
#include "parse/url.h"
#include "util/base.h"
#include "util/clock.h"

#define PROGRESS_MS	250

/*
 * One URL under way, from its first try to its turn in URL order: the
 * run's part first.  The large buffers come last: a slot is cleared up
 * to them, and each is written before it is read.
 */
struct zslot {
	struct urun_url	 u;		/* the run's: URL, output, order */
	struct getcond	 gc;		/* its -C -r -z -R --etag-* */
	struct hg_get	 g;		/* the try: output, result, retry */
	char		 name[PATH_MAX];	/* the -o or -O file */
	char		 idn[SK_HOSTLEN];	/* its host as typed, when
					   international; else "" */
};

struct zrun {
	struct hconf	*o;
	int		 one;		/* one transfer at a time */
	struct urun	 run;
	int		 wo_fail;	/* --write-out could not be written */
	struct progress	 pg;		/* the line of many transfers */
	uint64_t	 bytes;		/* body bytes of all, for it */
	int		 ndone;
	int		 dump_fd;	/* -D FILE, -1 until opened */
	struct output	 hout;		/* -D -'s stdout beside a file */
};

/* the slot of the run's u */
#define SLOT(up)	((struct zslot *)(void *)(up))

/* Bytes of s's try that cannot be taken back (ord_kept). */
static unsigned long long
kept(struct zrun *r, const struct zslot *s)
{
	return urun_kept(&r->run, &s->u, s->g.hwrote + s->g.done);
}

/*
 * s's g.url: u's text ("" when out of memory), the host as typed when
 * it is the international one named (curl's %{url_effective}); NULL:
 * freed
 */
static void
url_show(struct zslot *s, const struct url *u)
{
	static char none[1];
	static struct url v;
	struct hg_get *g = &s->g;

	if (g->url != none)
		free(g->url);
	if (u != NULL && s->idn[0] != '\0' &&
	    strcmp(u->host, s->u.orig.host) == 0) {
		v = *u;
		memcpy(v.host, s->idn, sizeof(v.host));
		u = &v;
	}
	if (u != NULL && (g->url = url_string_new(u)) == NULL)
		g->url = none;
}

static void
slot_free(void *arg, struct urun_url *u)
{
	struct zslot *s = SLOT(u);

	(void)arg;
	free(s->g.head);
	free(s->g.wt.certs);
	htry_free(&s->g.t);
	url_show(s, NULL);
	free(s);
}

/* A try begins afresh from the URL named. */
static void
try_reset(struct zslot *s)
{
	struct hg_get *g = &s->g;

	hg_try_reset(g);
	url_show(s, s->u.hop);
	g->https = s->u.hop->https;
	g->t0 = mono_us();
}

/* a slot that never started: freed, its URL too */
static void
slot_drop(struct zslot *s)
{
	url_free(&s->u.orig);
	free(s);
}

/*
 * The run's begin hook: URL i's slot, its URL, -u, its output, its
 * fields.  NULL with *status after saying why.
 */
static struct urun_url *
slot_new(void *arg, int i, int *status)
{
	struct zrun *r = arg;
	struct hconf *o = r->o;
	struct zslot *s;
	struct httpc_why w;
	char err[SK_ERRLEN];
	int rc;

	*status = EXIT_USAGE;
	if ((s = malloc(sizeof(*s))) == NULL) {
		msg_warn("malloc");
		*status = EXIT_FAIL;
		return NULL;
	}
	urun_url_init(&s->u, i);
	memset(&s->g, 0, offsetof(struct hg_get, res));
	s->g.wt.certs = NULL;	/* wout_try_reset frees it */
	s->g.url = NULL;
	s->g.o = o;
	s->g.urlarg = o->urls[i];
	s->g.urlnum = i;
	s->gc = o->gc;
	if (!r->one)
		(void)snprintf(s->g.vtag, sizeof(s->g.vtag), "[%d] ", i);
	if (url_parse_mode(o->urls[i], &s->u.orig, (o->path_as_is ?
	    URL_AS_IS : 0) | URL_IDN, err) == -1) {
		msg_warnx("%s", err);
		slot_drop(s);
		return NULL;
	}
	s->idn[0] = '\0';
	if (s->u.orig.idn)
		memcpy(s->idn, s->u.orig.host, sizeof(s->idn));
	if (s->u.orig.idn && (*status = hg_url_ascii(&s->u.orig)) !=
	    CMD_GO_ON) {
		slot_drop(s);
		return NULL;
	}
	/* url_resolve keeps -u for redirects to the same host and port */
	if (o->user != NULL && url_auth_set(&s->u.orig, o->user) == -1) {
		msg_warn("-u");
		slot_drop(s);
		return NULL;
	}
	if (o->user == NULL)
		netrc_apply(o->netrc_text, o->netrc_len, &s->u.orig);
	if ((*status = hg_output_name(o, i, &s->u.orig, s->name,
	    &s->g.out)) != CMD_GO_ON) {
		/* curl's: no URL after it runs (23, its case 76) */
		r->run.stop = 1;
		slot_drop(s);
		return NULL;
	}
	s->u.out = &s->g.out;
	s->u.to_stdout = s->g.out.path == NULL;
	/* curl's: binary to a terminal refused, unless -o - said so */
	s->g.out.tty_guard = s->u.to_stdout && !o->binary_ok;
	/* an unfinished -o FILE keeps what came, for -C - (not -i's) */
	s->g.out.keep_part = !s->u.to_stdout && !o->include;
	/* -D -: the heads to stdout, never into FILE, as curl */
	if (o->dump != NULL && strcmp(o->dump, "-") == 0 && !s->u.to_stdout)
		s->u.heads = &r->hout;
	rc = hcond_prepare(&s->gc, &s->g.out, o->http.headers,
	    o->http.nheaders, s->u.fields, &s->u.nfields, &w);
	/* "-z FILE -o FILE" the first time: fetch it, as curl */
	if (s->gc.time_arg != NULL && s->gc.timecond == 0 && !o->silent)
		msg_warnx("time condition %s: illegal date format (and not "
		    "a file name): fetching unconditionally", s->gc.time_arg);
	if (rc == -2)
		msg_warnx("time condition %s: out of range", s->gc.time_arg);
	else if (rc < 0)
		hg_say_why(&w);
	/* -4: --etag-save's file: curl skips the URL, no failure */
	*status = rc == -2 ? EXIT_USAGE : rc == -3 ? EXIT_READ : rc == -4 ?
	    EXIT_OK : EXIT_FAIL;
	if (rc != 0) {
		slot_drop(s);
		return NULL;
	}
	s->u.resume = s->gc.resume && s->gc.offset > 0;
	htry_init(&s->g.t);
	try_reset(s);
	hg_begun++;
	return &s->u;
}

/* -v: the proxy a hop goes through, and why. */
static void
on_proxy(void *arg, struct urun_url *u, const char *from)
{
	struct zrun *r = arg;

	if (r->o->verbose)
		fprintf(stderr, "%s* %s through %s proxy %s port %s (%s)\n",
		    SLOT(u)->g.vtag, u->hop->host, proxy_scheme(u->px.kind),
		    u->px.host, u->px.port, from);
}

/*
 * -D: a head whole to the file (the transfers' heads in the order they
 * come), or with -D - to stdout in URL order, before its body if that
 * goes there too.  0, or -1 after saying why.
 */
static int
dump_head(struct zrun *r, struct zslot *s, const char *p, size_t n)
{
	const char *d = r->o->dump;

	if (strcmp(d, "-") == 0) {
		if (urun_heads(&r->run, &s->u, p, n) == 0)
			return 0;
		hg_say_output(s->u.to_stdout ? &s->g.out : s->u.heads);
	} else if (output_dump(&r->dump_fd, d, p, n) == 0)
		return 0;
	else
		msg_warn("%s", d);
	s->g.said = 1;
	s->g.xstatus = EXIT_WRITE;
	return -1;
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
	if (!r->one || r->o->silent || !(progress_tty() || r->o->bar) ||
	    http_body_framing(hr, r->o->http.head, &kind, &len, err) == -1 ||
	    kind == HTTP_BODY_NONE)
		return 0;
	if (output_open(&g->out) == -1) {
		hg_say_output(&g->out);
		g->said = 1;
		g->xstatus = EXIT_WRITE;
		return -1;
	}
	/* not over the body itself on the same terminal */
	progress_init(&g->pg, !g->out.is_tty, PROGRESS_MS);
	progress_end_on_signal();
	g->total = kind == HTTP_BODY_LENGTH ? len : 0;
	return 0;
}

/* -z, -C and -r on the final head hr: 0, or -1 after saying why. */
static int
cond_head(struct zslot *s, struct hg_get *g, const struct http_resp *hr,
    int keep304)
{
	struct httpc_why w;

	w.curl = 0;
	if (hcond_head(&s->gc, hr, &g->out, keep304 ? 0 : g->o->http.head,
	    &w) == 0)
		return 0;
	hg_say_why(&w);
	g->said = 1;
	g->xstatus = w.curl;	/* 0: the outcome's */
	return -1;
}

static int
on_head(void *arg, struct urun_url *u, enum httpc_head what,
    const struct http_resp *hr, const char *p, size_t n)
{
	struct zrun *r = arg;
	struct zslot *s = SLOT(u);
	struct hg_get *g = &s->g;
	const struct hconf *o = r->o;
	int keep304, rc, twice, quiet;

	/* chunked trailers: to -i and -D after the body, as curl */
	if (what == HTTPC_HEAD_TRAILER)
		return (o->include && urun_sink(&r->run, u, p, n) == -1) ||
		    (o->dump != NULL && dump_head(r, s, p, n) == -1) ? -1 : 0;
	g->hbytes += n;
	/* a proxy's CONNECT replies: to -i and -D, as curl, unless
	   --suppress-connect-headers (-v shows them still) */
	quiet = what == HTTPC_HEAD_TUNNEL && o->quiet_connect;
	if (what == HTTPC_HEAD_TUNNEL)
		what = HTTPC_HEAD_INTERIM;
	else if (what != HTTPC_HEAD_INTERIM) {
		g->t.after_ms = cond_retry_after_ms(hr, (long long)time(NULL));
		if (o->wo != NULL)
			wout_keep_head(&g->head, &g->headlen, p, n);
	}
	/* an error follows: only -v shows the head (-f's -i and -D too) */
	if (what == HTTPC_HEAD_SWITCH || (what == HTTPC_HEAD_FINAL &&
	    hg_retry_at_head(g, hr, kept(r, s)))) {
		if (o->verbose)		/* no body to decode */
			hg_verbose_head(g, HTTPC_HEAD_SWITCH, hr, p, n);
		return what == HTTPC_HEAD_FINAL;
	}
	if (o->verbose)
		hg_verbose_head(g, what, hr, p, n);
	if (quiet)
		return 0;
	/* -J: the file's name, before -i may open it */
	if (what == HTTPC_HEAD_FINAL && !u->to_stdout &&
	    hg_header_name(g, hr, s->name) == -1)
		return -1;
	/*
	 * A 304 says the user's copy is current: -o and -O leave FILE as
	 * it was, neither created nor truncated, as curl does; the head
	 * still goes to -D and -v.  With -I the head is what was asked for
	 * and goes to FILE as for any status.
	 */
	keep304 = what == HTTPC_HEAD_FINAL && hr->status == 304 &&
	    !o->http.head && !u->to_stdout;
	if (keep304)
		g->out.keep = 1;
	twice = o->include && o->dump != NULL && u->to_stdout &&
	    strcmp(o->dump, "-") == 0;
	if (o->include && !keep304) {
		if ((twice ? urun_heads_twice : urun_sink)(&r->run, u, p, n) ==
		    -1) {
			hg_say_output(&g->out);
			g->said = 1;
			g->xstatus = EXIT_WRITE;
			return -1;
		}
		g->hwrote += n;
	}
	/* -i and -D - to stdout: both written above, line by line */
	if (o->dump != NULL && !twice && dump_head(r, s, p, n) == -1)
		return -1;
	if (what != HTTPC_HEAD_FINAL)
		return what == HTTPC_HEAD_FAIL ? 1 : 0;
	/*
	 * -r: the range answered is the one asked for; -C, after -i's head
	 * as curl's: a range at the offset goes on in the file, a whole
	 * file drops the body (2), else 33; -z: a 304, or a 2xx that fails
	 * the condition, keeps FILE; after -i: a body kept out of FILE
	 * keeps the head it came with
	 */
	if ((rc = cond_head(s, g, hr, keep304)) != 0)
		return rc;
	return s->gc.resume && s->gc.kept ? 2 : progress_begin(r, s, hr);
}

/* -v: a transfer's request, and where it goes. */
static void
on_request(void *arg, struct urun_url *u, const struct httpm_peer *pr,
    const char *req, size_t n)
{
	(void)arg;
	hg_verbose_request(&SLOT(u)->g, pr, req, n);
}

/*
 * A transfer's body bytes so far as they came (coded): %{size_download}
 * and the progress line count them.
 */
static void
on_progress(void *arg, struct urun_url *u, uint64_t done)
{
	struct zrun *r = arg;
	struct hg_get *g = &SLOT(u)->g;

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
	char why[1024];
	const char *failed = NULL;

	if (r->o->wo == NULL)
		return;
	if (s->u.status != 0)
		failed = hg_failure_line(&s->g, s->g.res.outcome, why,
		    sizeof(why));
	/* after the bytes before it: it writes to stdout itself */
	(void)urun_flush(&r->run);
	s->g.ref = s->u.has_ref ? s->u.ref : NULL;
	if (hg_write_out(&s->g, s->u.status, failed) != s->u.status)
		r->wo_fail = 1;
}

/*
 * The run's released hook: the turn of a body held for stdout came, it
 * was written (or failed), then its --write-out.
 */
static void
on_released(void *arg, struct urun_url *u, int failed)
{
	struct zrun *r = arg;
	struct zslot *s = SLOT(u);

	if (failed) {
		hg_say_output(u->to_stdout ? &s->g.out : u->heads);
		if (u->status == EXIT_OK)
			u->status = EXIT_WRITE;
		/* the books have this one's status already */
		r->wo_fail |= 2;
	}
	write_out(r, s);
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
	struct httpc_why w;
	long long wait;
	int cut = hcond_cut(&s->gc, &g->out);	/* -C: what came stays */

	if (!hg_retry_go(g, oc, kept(r, s), cut, &wait))
		return 0;
	if (cut >= 0 && hcond_again(&s->gc, &r->o->gc, cut, &g->out,
	    s->u.fields, &s->u.nfields, &s->u.resume, &w) == -1) {
		hg_say_why(&w);
		g->said = 1;
		*oc = HTTPC_ERR_HOOK;
		return 0;
	}
	urun_retry(&r->run, &s->u, mono_ms() + wait);
	r->bytes -= g->done;
	try_reset(s);
	return 1;
}

/* The end of URL s's last try (oc): its files, its status. */
static int
url_end(struct zrun *r, struct zslot *s, enum httpc_outcome oc)
{
	const struct hconf *o = r->o;
	struct hg_get *g = &s->g;
	struct httpc_why w;
	int status;

	if (oc != HTTPC_OK) {
		hg_say_failure(g, oc);
		status = hg_status(g, oc);
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
			status = EXIT_WRITE;
		}
	} else if (o->remove_on_error && status != EXIT_OK) {
		/* curl's --remove-on-error: nothing kept, not even a part */
		g->out.keep_part = 0;
		output_remove(&g->out, s->gc.resume);
	} else {
		/* only a 2xx body's bytes are the resource's, for -C - */
		if (http_status_class(g->res.status) != 2 || g->out.keep)
			g->out.keep_part = 0;
		output_abort(&g->out);
		hg_say_kept(&g->out);
	}
	if (status == EXIT_OK && hcond_save(&s->gc, &w) == -1) {
		hg_say_why(&w);
		status = EXIT_FAIL;
	}
	return status;
}

/* The run's done hook: follow, retry, or the URL's end. */
static void
on_done(void *arg, struct urun_url *u, const struct httpm_end *end)
{
	struct zrun *r = arg;
	struct zslot *s = SLOT(u);
	struct hg_get *g = &s->g;
	enum httpc_outcome oc = end->res->outcome;

	if (g->pg.on)
		hg_progress_show(g, 1);	/* the last line stays */
	g->pg.on = 0;
	g->res = *end->res;
	g->t_end = mono_us();
	if (r->o->wo != NULL)
		wout_hop(&g->wt, end);
	if (end->peer != NULL) {
		(void)snprintf(g->rip, sizeof(g->rip), "%s", end->peer->ip);
		g->rport = end->peer->port;
	}
	if (oc == HTTPC_REDIRECT) {
		/* a 401 answered: the same URL, no redirect counted */
		if ((end->res->detail == HTTPC_D_AUTH ||
		    hg_redirect_ok(g, end->res->next) == CMD_GO_ON) &&
		    urun_redirect(&r->run, u, end->res->next,
		    end->deadline) == 0) {
			/* another host's own entry; this one's stays here */
			if (r->o->user == NULL)
				netrc_apply(r->o->netrc_text, r->o->netrc_len,
				    &u->cur);
			url_show(SLOT(u), u->hop);
			g->https = u->hop->https;
			return;
		}
		g->said = 1;
		oc = HTTPC_ERR_REQUEST;
	}
	if (oc != HTTPC_OK && retry_again(r, s, &oc))
		return;
	u->status = url_end(r, s, oc);
	/* a file's URL is done with: no turn to wait for */
	if (!u->to_stdout && u->heads == NULL)
		write_out(r, s);
	urun_end(&r->run, u, u->status);
	r->ndone++;
	if (r->pg.on)
		hg_progress_all(&r->pg, r->ndone, r->o->nurls, r->bytes, 0);
	urun_release(&r->run);
}

int
hg_run(struct hconf *o)
{
	struct urun_hooks h = { NULL, slot_new, on_proxy, NULL, on_head,
		on_progress, on_done, on_released, slot_free };
	struct urun_opts uo;
	struct httpm_opts mo;
	struct zrun r;
	int status;

	memset(&r, 0, sizeof(r));
	r.o = o;
	r.dump_fd = -1;
	output_init(&r.hout, NULL);
	h.arg = &r;
	if (o->verbose)
		h.request = on_request;
	mo.http = &o->http;
	mo.carry = o->carry;
	r.one = !o->parallel && o->pipeline == 0;
	memset(&uo, 0, sizeof(uo));
	uo.nurls = o->nurls;
	uo.window = httpm_limits(&mo, o->parallel, o->pipeline, o->par_max,
	    o->par_host, o->remote_name || o->nouts >= o->nurls);
	uo.follow = o->http.follow;
	uo.fail_early = o->fail_early;
	uo.env = o->http.unix_path == NULL ? &o->env : NULL;
	uo.tunnel = o->tunnel;
	uo.auto_referer = o->http.auto_referer;
	uo.auth = o->http.auth != 0 || o->http.proxy_auth != 0;
	if (urun_init(&r.run, &uo, &mo, &h) == -1) {
		msg_warn("malloc");
		status = EXIT_FAIL;
		goto done;
	}
	progress_init(&r.pg, !r.one && !o->silent && progress_tty(),
	    PROGRESS_MS);
	if (r.pg.on)
		progress_end_on_signal();
	if (urun_run(&r.run) == -1) {
		msg_warn("http-get");
		status = EXIT_FAIL;
		goto done;
	}
	if (r.pg.on)
		hg_progress_all(&r.pg, r.ndone, o->nurls, r.bytes, 1);
	status = urun_status(&r.run);
	if (urun_flush(&r.run) == -1 && r.run.so.err != EPIPE) {
		errno = r.run.so.err;
		msg_warn("stdout");
	}
	if (status == EXIT_OK && (r.wo_fail || r.run.so.err != 0))
		status = EXIT_WRITE;
done:
	urun_free(&r.run);
	if (r.dump_fd != -1 && close(r.dump_fd) == -1) {
		msg_warn("%s", o->dump);
		status = EXIT_FAIL;
	}
	return status;
}
