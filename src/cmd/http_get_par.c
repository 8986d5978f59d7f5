/*
 * cmd/http_get_par.c: http-get -Z and --pipeline: the URLs of one run
 * through the multi-transfer engine (http/multi.c), with the rules of
 * the one-at-a-time path: atomic -o and -O, redirects (a redirect hands
 * the transfer over again with its new URL), retries that never write a
 * byte twice (handed over again with a time not to start before), -f,
 * --write-out, the exit status.  To stdout, bodies never interleave:
 * the one whose turn it is in URL order streams straight through, each
 * other is held (in memory up to HOLD_MAX, then in an unlinked temporary
 * file) and written whole when its turn comes.  parse/zorder.c keeps
 * the URL-order books.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/msg.h"
#include "cli/progress.h"
#include "cmd/http_get.h"
#include "http/client.h"
#include "http/multi.h"
#include "http/output.h"
#include "net/net.h"
#include "net/relay.h"
#include "parse/http.h"
#include "parse/httpdate.h"
#include "parse/noproxy.h"
#include "parse/retry.h"
#include "parse/url.h"
#include "parse/zorder.h"
#include "sockt.h"
#include "util/clock.h"

#define HOLD_MAX	(1024 * 1024)	/* a held body in memory at most */
#define HOLD_TOTAL	(64 * 1024 * 1024)	/* all held bodies at most */
#define WINDOW_MIN	64	/* URLs past the one due, to stdout */
#define WINDOW_MAX	512	/* (each may hold a temporary file) */
#define OBUFSZ		(64 * 1024)	/* stdout's bytes, written at once */
#define PROGRESS_MS	250

/* One URL in flight, from its first try to its turn in URL order. */
struct zslot {
	struct hg_get	 g;		/* the try: output, result, retry */
	struct getcond	 gc;		/* -r: the range, checked */
	int		 idx;
	int		 ended;
	int		 status;	/* once ended */
	int		 to_stdout;
	int		 streaming;	/* its bytes go straight to stdout */
	char		*mem;		/* held for stdout */
	size_t		 mlen, mcap;
	int		 spill;		/* past HOLD_MAX: a temporary file */
	long long	 not_before;
	struct zslot	*qnext;		/* in the list to hand over again */
	struct url	 cur;		/* this hop's URL */
	struct url	 orig;		/* the URL named */
	struct proxy	 px;		/* this hop's proxy */
	char		 name[PATH_MAX];	/* the -o or -O file */
	const char	*field;		/* -C: its Range field, or NULL */
};

struct zrun {
	struct hg_opts	*o;
	struct zorder	 z;
	struct zslot	**slot;		/* by URL index, NULL when gone */
	int		 next_url;	/* the first not handed over yet */
	struct zslot	*again, *again_tail;
	int		 stop;		/* --fail-early: start no more */
	int		 wo_fail;	/* --write-out could not be written */
	int		 slot_rc;	/* why slot_new failed */
	struct progress	 pg;
	uint64_t	 bytes;		/* body bytes of all, for progress */
	int		 ndone;
	int		 window;	/* URLs under way past the one due */
	size_t		 held;		/* bytes held in memory by all */
	char		*obuf;		/* bound for stdout, in order */
	size_t		 olen;
	int		 oerr;		/* stdout failed: its errno */
	int		 dump_fd;	/* -D FILE, -1 until opened */
};

/*
 * Bytes bound for stdout go out through obuf, many bodies in one write,
 * and before the engine waits: every byte for stdout passes here, so
 * the order is kept.  0, or -1 with r->oerr.
 */
static int
out_flush(struct zrun *r)
{
	if (r->oerr != 0)
		return -1;
	if (r->olen > 0 && io_write_all(STDOUT_FILENO, r->obuf, r->olen) ==
	    -1)
		r->oerr = errno;
	r->olen = 0;
	return r->oerr != 0 ? -1 : 0;
}

/* Bytes of s for stdout, in turn.  0, or -1 with s's output failure set. */
static int
out_put(struct zrun *r, struct zslot *s, const char *p, size_t n)
{
	if (r->olen + n > OBUFSZ && out_flush(r) == -1) {
		output_failed(&s->g.out, r->oerr);
		return -1;
	}
	if (n >= OBUFSZ) {
		if (io_write_all(STDOUT_FILENO, p, n) == -1) {
			r->oerr = errno;
			output_failed(&s->g.out, r->oerr);
			return -1;
		}
		return 0;
	}
	memcpy(r->obuf + r->olen, p, n);
	r->olen += n;
	return 0;
}

/* The engine's idle hook: it is about to wait, stdout goes out now. */
static void
on_idle(void *arg)
{
	(void)out_flush(arg);
}


/* The one progress line of all transfers: how many ended, bytes, rate. */
static void
progress_show(struct zrun *r, int final)
{
	char line[160], done[32], rate[32];
	long long el;
	int n;

	if (!progress_due(&r->pg, final))
		return;
	el = r->pg.last - r->pg.start;
	progress_size(done, sizeof(done), (double)r->bytes);
	progress_size(rate, sizeof(rate), el > 0 ? (double)r->bytes * 1000.0 /
	    (double)el : 0);
	n = snprintf(line, sizeof(line), "\r%7d of %d done %12s %12s/s %s",
	    r->ndone, r->o->nurls, done, rate, final ? "\n" : "");
	if (n > 0 && (size_t)n < sizeof(line))
		progress_draw(&r->pg, line, (size_t)n);
}

/* Held bytes to stdout, the memory then the file.  0, or -1 (failed). */
static int
hold_flush(struct zrun *r, struct zslot *s)
{
	char b[64 * 1024];
	ssize_t n;

	if (s->mlen > 0 && out_put(r, s, s->mem, s->mlen) == -1)
		return -1;
	r->held -= s->mlen;
	s->mlen = 0;
	if (s->spill == -1)
		return 0;
	if (lseek(s->spill, 0, SEEK_SET) == -1) {
		output_failed(&s->g.out, errno);
		return -1;
	}
	for (;;) {
		while ((n = read(s->spill, b, sizeof(b))) == -1 &&
		    errno == EINTR)
			;
		if (n == -1) {
			output_failed(&s->g.out, errno);
			return -1;
		}
		if (n == 0)
			break;
		if (out_put(r, s, b, (size_t)n) == -1)
			return -1;
	}
	(void)close(s->spill);
	s->spill = -1;
	return 0;
}

/* Held bytes dropped, for a retry. */
static void
hold_drop(struct zrun *r, struct zslot *s)
{
	r->held -= s->mlen;
	s->mlen = 0;
	if (s->spill != -1) {
		(void)close(s->spill);
		s->spill = -1;
	}
}

/* A temporary file for a held body, unlinked at once.  0, or -1. */
static int
spill_open(struct zslot *s)
{
	char path[PATH_MAX];
	const char *dir = getenv("TMPDIR");
	int n;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	n = snprintf(path, sizeof(path), "%s/sockt-hold-XXXXXX", dir);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((s->spill = mkstemp(path)) == -1)
		return -1;
	(void)unlink(path);
	if (io_write_all(s->spill, s->mem, s->mlen) == -1)
		return -1;
	s->mlen = 0;
	return 0;
}

/*
 * Bytes of URL s for its output: a file, stdout straight through when
 * its turn has come, else held.  0, or -1 with the output's failure set.
 */
static int
sink(struct zrun *r, struct zslot *s, const char *p, size_t n)
{
	char *nm;
	size_t cap;

	if (!s->to_stdout)
		return output_write(&s->g.out, p, n);
	if (s->g.out.discard)
		return 0;	/* -z: a body the condition keeps out */
	if (s->streaming)
		return out_put(r, s, p, n);
	if (s->idx == zorder_due(&r->z)) {
		if (hold_flush(r, s) == -1)
			return -1;
		s->streaming = 1;
		return out_put(r, s, p, n);
	}
	if (s->spill == -1 && s->mlen + n <= HOLD_MAX &&
	    r->held + n <= HOLD_TOTAL) {
		if (s->mlen + n > s->mcap) {
			cap = s->mcap == 0 ? 16384 : s->mcap;
			while (cap < s->mlen + n)
				cap *= 2;
			if ((nm = realloc(s->mem, cap)) == NULL) {
				output_failed(&s->g.out, errno);
				return -1;
			}
			s->mem = nm;
			s->mcap = cap;
		}
		memcpy(s->mem + s->mlen, p, n);
		s->mlen += n;
		r->held += n;
		return 0;
	}
	r->held -= s->spill == -1 ? s->mlen : 0;
	if ((s->spill == -1 && spill_open(s) == -1) ||
	    io_write_all(s->spill, p, n) == -1) {
		output_failed(&s->g.out, errno);
		return -1;
	}
	return 0;
}

static void
slot_free(struct zrun *r, struct zslot *s)
{
	int i;

	if (s == NULL)
		return;
	hold_drop(r, s);
	free(s->mem);
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
	s->cur = s->orig;
	if (url_string(&s->cur, g->url, sizeof(g->url)) == -1)
		g->url[0] = '\0';
	g->https = s->cur.https;
	g->t0 = mono_us();
}

/* -C, -r, -z or -R: getcond checks the head and the end. */
static int
cond_on(const struct getcond *gc)
{
	return gc->ranged || gc->resume || gc->timecond != 0 ||
	    gc->remote_time;
}

/* URL i's slot: its URL, -u, its output.  It, or NULL after saying why. */
static struct zslot *
slot_new(struct zrun *r, int i)
{
	struct hg_opts *o = r->o;
	struct zslot *s;
	char err[SK_ERRLEN];

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		msg_warn("malloc");
		return NULL;
	}
	s->idx = i;
	s->spill = -1;
	s->g.o = o;
	s->g.dump_fd = -1;
	s->g.urlarg = o->urls[i];
	s->g.urlnum = i;
	s->gc = o->gc;
	s->g.gc = &s->gc;
	(void)snprintf(s->g.vtag, sizeof(s->g.vtag), "[%d] ", i);
	if (url_parse(o->urls[i], &s->orig, err) == -1) {
		msg_warnx("%s", err);
		free(s);
		return NULL;
	}
	if ((o->user != NULL && hg_user_apply(o->user, &s->orig) !=
	    SK_CONTINUE)) {
		free(s);
		return NULL;
	}
	o->out = i < o->nouts ? o->outs[i] : NULL;
	if (hg_output_name(o, &s->orig, s->name, &s->g.out) != SK_CONTINUE) {
		free(s);
		return NULL;
	}
	s->to_stdout = s->g.out.path == NULL;
	/*
	 * -C: its own file's size, its own Range (unless -H has one):
	 * getcond_prepare adds it past the -H fields, where it is taken
	 * from for this transfer alone
	 */
	if (s->gc.resume) {
		int nh = o->http.nheaders, rc;

		if ((rc = getcond_prepare(&s->gc, s->g.out.path,
		    o->http.headers, &nh, o->silent)) != SK_CONTINUE) {
			r->slot_rc = rc;
			free(s);
			return NULL;
		}
		if (nh > o->http.nheaders)
			s->field = o->http.headers[o->http.nheaders];
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

/* The engine's next hook: one handed over again, else the next URL. */
static int
on_next(void *arg, struct httpm_req *rq)
{
	struct zrun *r = arg;
	struct zslot *s;
	const char *from;
	char err[SK_ERRLEN];
	int i, rc;

	if ((s = r->again) != NULL) {
		if ((r->again = s->qnext) == NULL)
			r->again_tail = NULL;
	} else {
		for (;;) {
			if (r->stop || r->next_url >= r->o->nurls)
				return 0;
			/*
			 * bodies held for stdout wait for the one due: so many
			 * and no more (the engine asks again as each ends)
			 */
			if (r->next_url - zorder_due(&r->z) >= r->window &&
			    r->window > 0)
				return 0;
			i = r->next_url++;
			r->slot_rc = EXIT_USAGE;
			if ((s = slot_new(r, i)) != NULL)
				break;
			(void)zorder_end(&r->z, i, r->slot_rc);
			if (r->o->fail_early)
				r->stop = 1;
		}
		r->slot[s->idx] = s;
	}
	rq->id = s->idx;
	rq->url = &s->cur;
	rq->origin = &s->orig;
	rq->not_before = s->not_before;
	rq->field = s->field;
	/* each hop chooses again: NO_PROXY may cover a redirect's host */
	rq->proxy = NULL;
	rq->tunnel = 0;
	if (r->o->http.unix_path == NULL && (rc = proxy_pick(&r->o->env,
	    s->cur.https, s->cur.host, &s->px, &from, err)) != 0) {
		/*
		 * the environment was read well for every URL named (-1
		 * cannot come); a kind the engine does not speak fails there
		 */
		if (rc == -1)
			s->px.kind = PROXY_NONE;
		rq->proxy = &s->px;
		/* https always in a CONNECT tunnel, as curl; http with -p */
		rq->tunnel = r->o->tunnel || s->cur.https;
	}
	return 1;
}

/* --fail-early: a URL not yet started does not start after a failure. */
static int
on_start(void *arg, int id)
{
	struct zrun *r = arg;
	struct zslot *s = r->slot[id];

	return !r->stop || s->g.nredirs > 0;
}

/*
 * -D: a head whole to the file (the transfers' heads in the order they
 * come), or with -D - to stdout before its body, as without -Z.  0, or
 * -1 after saying why.
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

static int
on_head(void *arg, int id, enum httpc_head what, const struct http_resp *hr,
    const char *p, size_t n)
{
	struct zrun *r = arg;
	struct zslot *s = r->slot[id];
	struct hg_get *g = &s->g;

	g->hbytes += n;
	if (what != HTTPC_HEAD_INTERIM) {
		g->after_ms = hg_retry_after(hr);
		if (r->o->wo != NULL && n <= HTTP_HEAD_MAX &&
		    (g->head != NULL || (g->head = malloc(HTTP_HEAD_MAX)) !=
		    NULL)) {
			memcpy(g->head, p, n);
			g->headlen = n;
		}
	}
	/* -v: as without -Z, each line after "[N] " (N: %{urlnum}) */
	if (what == HTTPC_HEAD_SWITCH || what == HTTPC_HEAD_FAIL) {
		if (r->o->verbose)
			hg_verbose_head(g, what, hr, p, n);
		return 0;
	}
	if (what == HTTPC_HEAD_FINAL && hg_retry_at_head(g, hr)) {
		if (r->o->verbose)	/* no body to decode */
			hg_verbose_head(g, HTTPC_HEAD_FAIL, hr, p, n);
		return 1;
	}
	if (r->o->verbose)
		hg_verbose_head(g, what, hr, p, n);
	if (r->o->include) {
		if (sink(r, s, p, n) == -1) {
			hg_say_output(&g->out);
			g->said = 1;
			return -1;
		}
		g->hwrote += n;
	}
	if (r->o->dump != NULL && dump_head(r, s, p, n) == -1)
		return -1;
	/*
	 * -r: the range answered is the one asked for; -C: a 206 goes on
	 * at the end of the file, a 200 starts it over; -z: a 304, or a
	 * 2xx that fails the condition, keeps FILE (as without -Z)
	 */
	if (what == HTTPC_HEAD_FINAL && cond_on(&s->gc) &&
	    getcond_head(&s->gc, hr, &g->out, r->o->http.head) == -1) {
		g->said = 1;
		return -1;
	}
	return 0;
}

static int
on_data(void *arg, int id, const char *p, size_t n)
{
	struct zrun *r = arg;
	struct zslot *s = r->slot[id];

	return sink(r, s, p, n);
}

/* -v: a transfer's request, and where it goes. */
static void
on_request(void *arg, int id, int sk, struct tls_conn *tc, int via_proxy,
    int reused, const char *req, size_t n)
{
	struct zrun *r = arg;
	struct hg_get *g = &r->slot[id]->g;

	if (net_peer_str(sk, g->rip, sizeof(g->rip), &g->rport) == -1) {
		g->rip[0] = '\0';
		g->rport = 0;
	}
	hg_verbose_request(g, tc, via_proxy, reused, req, n);
}

/*
 * A transfer's body bytes so far as they came (coded): %{size_download}
 * and the progress line count them, as without -Z.
 */
static void
on_progress(void *arg, int id, uint64_t done)
{
	struct zrun *r = arg;
	struct zslot *s = r->slot[id];

	r->bytes += done - s->g.done;
	s->g.done = done;
	if (r->pg.on)
		progress_show(r, 0);
}

/* --write-out for s, now. */
static void
write_out(struct zrun *r, struct zslot *s)
{
	/* after the bytes before it: it writes to stdout itself */
	if (r->o->wo != NULL)
		(void)out_flush(r);
	if (r->o->wo != NULL &&
	    hg_write_out(&s->g, s->status) != s->status)
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
			if (hold_flush(r, s) == -1) {
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
	    s->to_stdout && !s->streaming) {
		if (hold_flush(r, s) == 0)
			s->streaming = 1;
	}
}

/*
 * After a failed try: hand it over again after the wait?  As retry_decide
 * in http_get.c, but the wait is a time not to start before: the other
 * transfers go on meanwhile.  Bytes held for stdout were not written: they
 * are dropped; bytes streamed to stdout were: no retry.  1 when handed
 * over again, else 0.
 */
static int
retry_again(struct zrun *r, struct zslot *s, enum httpc_outcome *oc)
{
	struct hg_get *g = &s->g;
	long long wait;

	if (!hg_retry_go(g, oc, s->streaming || (!s->to_stdout &&
	    !g->out.is_tmp) ? g->hwrote + g->done : 0, &wait))
		return 0;
	hold_drop(r, s);
	r->bytes -= g->done;
	try_reset(s);
	s->not_before = mono_ms() + wait;
	again_add(r, s);
	return 1;
}

/* The engine's done hook: follow, retry, or the URL's end. */
static void
on_done(void *arg, int id, const struct httpm_end *end)
{
	struct zrun *r = arg;
	struct zslot *s = r->slot[id];
	struct hg_get *g = &s->g;
	const struct hg_opts *o = r->o;
	enum httpc_outcome oc = end->res->outcome;
	int status;

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
	if (o->wo != NULL && end->s != -1 && net_peer_str(end->s, g->rip,
	    sizeof(g->rip), &g->rport) == -1) {
		g->rip[0] = '\0';
		g->rport = 0;
	}
	if (oc == HTTPC_REDIRECT) {
		if (hg_redirect_ok(g, &s->cur, end->res->next) == SK_CONTINUE) {
			s->cur = *end->res->next;
			if (url_string(&s->cur, g->url, sizeof(g->url)) == -1)
				g->url[0] = '\0';
			g->https = s->cur.https;
			s->not_before = 0;
			again_add(r, s);
			return;
		}
		g->said = 1;
		oc = HTTPC_ERR_REQUEST;
	}
	if (oc != HTTPC_OK && retry_again(r, s, &oc))
		return;
	if (oc != HTTPC_OK) {
		hg_say_failure(g, oc);
		status = oc == HTTPC_HTTP_ERROR && !g->planned ? EXIT_HTTP :
		    EXIT_FAIL;
	} else if (o->fail_body && http_status_class(g->res.status) >= 4) {
		hg_say_failure(g, HTTPC_HTTP_ERROR);
		status = EXIT_HTTP;
	} else
		status = EXIT_OK;
	/* -r, -C: as many bytes as the range said; -R: FILE's time */
	if (cond_on(&s->gc))
		status = getcond_end(&s->gc, &g->out, g->done, status);
	if (!s->to_stdout) {
		if ((status == EXIT_OK || (status == EXIT_HTTP &&
		    o->fail_body)) && !g->out.keep) {
			if (output_finish(&g->out) == -1) {
				hg_say_output(&g->out);
				status = EXIT_FAIL;
			}
		} else
			output_abort(&g->out);
	}
	s->ended = 1;
	s->status = status;
	(void)zorder_end(&r->z, id, status);
	if (!s->to_stdout) {
		/* a file's URL is done with: no turn to wait for */
		write_out(r, s);
		slot_free(r, s);
		r->slot[id] = NULL;
	}
	if (status != EXIT_OK && o->fail_early)
		r->stop = 1;
	r->ndone++;
	if (r->pg.on)
		progress_show(r, 0);
	release(r);
}

int
hg_parallel(struct hg_opts *o)
{
	struct httpm_hooks h = { NULL, on_next, on_start, on_head, on_data,
		on_done, NULL, on_progress, NULL };
	struct httpm_opts mo;
	struct httpm *m = NULL;
	struct zrun r;
	int status, i;

	memset(&r, 0, sizeof(r));
	r.o = o;
	r.dump_fd = -1;
	h.arg = &r;
	if (o->verbose)
		h.request = on_request;
	mo.http = &o->http;
	mo.depth = o->pipeline > 0 ? o->pipeline : 1;
	/* --pipeline alone: one connection to each host, pipelined */
	mo.max_conns = o->par_max;
	mo.max_host = o->parallel ? o->par_host : 1;
	r.window = 4 * mo.max_conns * mo.depth;
	r.window = r.window < WINDOW_MIN ? WINDOW_MIN : r.window > WINDOW_MAX ?
	    WINDOW_MAX : r.window;
	if (o->remote_name || o->nouts >= o->nurls)
		r.window = 0;	/* every body to a file: none held */
	else
		h.idle = on_idle;	/* some go to stdout, through obuf */
	/* -r, -z: one field for every URL, in every request */
	if ((o->gc.ranged || o->gc.timecond != 0) && (status = getcond_prepare(&o->gc, NULL,
	    o->http.headers, &o->http.nheaders, o->silent)) != SK_CONTINUE)
		goto done;
	if (zorder_init(&r.z, o->nurls) == -1 ||
	    (r.slot = calloc((size_t)o->nurls, sizeof(*r.slot))) == NULL ||
	    (r.obuf = malloc(OBUFSZ)) == NULL ||
	    (m = httpm_new(&mo, &h)) == NULL) {
		msg_warn("malloc");
		status = EXIT_FAIL;
		goto done;
	}
	progress_init(&r.pg, !o->silent && progress_tty(), PROGRESS_MS);
	if (httpm_run(m) == -1) {
		msg_warn("http-get");
		status = EXIT_FAIL;
		goto done;
	}
	if (r.pg.on)
		progress_show(&r, 1);
	status = zorder_status(&r.z);
	if (out_flush(&r) == -1 && r.oerr != EPIPE) {
		errno = r.oerr;
		msg_warn("stdout");
	}
	if (status == EXIT_OK && (r.wo_fail || r.oerr != 0))
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
	free(r.obuf);
	zorder_free(&r.z);
	return status;
}
