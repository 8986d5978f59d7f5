/*
 * http/response.c: the engine's responses, read off a connection in the
 * order of its requests: the heads (1xx ones passed on, at most
 * INTERIM_MAX, all within HTTPC_HEAD_MAX), a redirect resolved for the
 * caller to follow, a failing status, the final head to the caller,
 * then the body by its framing (body.c moves its bytes), and the end
 * of each transfer; and what the server's close means for the
 * transfers it cut.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/auth.h"
#include "http/decode.h"
#include "http/engine.h"
#include "http/engine_int.h"
#include "parse/http.h"
#include "parse/range.h"
#include "parse/retry.h"
#include "parse/url.h"
#include "tls/tls.h"
#include "util/base.h"
#include "util/clock.h"
#include "util/idn.h"

#define INTERIM_MAX	32		/* 1xx heads before the final one */
#define DISCARD_MAX	(64 * 1024)	/* a body nobody wants, read to keep
					   its connection, at most */

#define HEAD_BODY	1	/* head_step: the final head; its body next */
#define HEAD_MORE	0	/* ... more bytes needed */
#define HEAD_AGAIN	2	/* ... an interim head passed: another */

static int
is_redirect(int status)
{
	return status == 301 || status == 302 || status == 303 ||
	    status == 307 || status == 308;
}

/*
 * A copy raw[0..n) of the head r was parsed from at p, back as it came:
 * the bytes its obs-folds' unfolding changed put back (curl's -D and -i
 * show a head so).
 */
static void
refold(char *raw, size_t n, const struct http_resp *r, const char *p)
{
	size_t at, first = (size_t)(r->fields[0].name - p);
	int i;

	for (i = 0; i < r->nunfold; i++)
		if ((at = first + r->unfold_at[i]) < n)
			raw[at] = r->unfold_was[i];
}

static int
hook_head(struct httpm *m, struct mx *x, enum httpc_head what,
    const struct http_resp *r, const char *p, size_t n)
{
	char *raw;
	int rc;

	if (m->h.head == NULL)
		return 0;
	/*
	 * a head with obs-folds goes out as it came (curl's -D and -i), a
	 * copy with its line breaks back; r's fields keep them unfolded
	 */
	if (r->nunfold == 0 || (raw = malloc(n)) == NULL)
		return m->h.head(m->h.arg, x->id, what, r, p, n);
	memcpy(raw, p, n);
	refold(raw, n, r, p);
	rc = m->h.head(m->h.arg, x->id, what, r, raw, n);
	free(raw);
	return rc;
}

/* A redirect to follow: the head passed on, the target resolved. */
static int
redirect(struct httpm *m, struct mconn *c, struct mx *x,
    const struct http_resp *r, const struct http_field *loc, size_t hl)
{
	char err[SK_ERRLEN], *ref;
	int nolib, rc;

	if (hook_head(m, x, HTTPC_HEAD_REDIRECT, r, c->buf + c->off,
	    hl) == -1) {
		mx_seterr(x, HTTPC_ERR_HOOK, "%s", "");
		return -1;
	}
	if ((x->redir == NULL && (x->redir = calloc(1, sizeof(*x->redir))) ==
	    NULL) || (ref = malloc(loc->vlen + 1)) == NULL) {
		mx_seterr(x, HTTPC_ERR_PROTOCOL, "redirect: %s",
		    strerror(errno));
		return -1;
	}
	memcpy(ref, loc->value, loc->vlen);
	ref[loc->vlen] = '\0';
	rc = url_resolve(x->url, ref, x->redir, err);
	free(ref);
	if (rc == -1) {
		mx_seterr(x, HTTPC_ERR_PROTOCOL, "redirect: %s", err);
		/* curl's 3 for no URL, its 1 for a scheme it does not speak */
		if (strncmp(err, "unsupported", 11) != 0)
			x->res.detail = HTTPC_D_URL;
		return -1;
	}
	/* an international name to its ASCII form, as the URLs given */
	if (x->redir->idn && idn_host_ascii(x->redir->host,
	    sizeof(x->redir->host), &nolib, err) == -1) {
		mx_seterr(x, HTTPC_ERR_PROTOCOL, "redirect to %s: %s%s",
		    x->redir->host, nolib ? "an international name needs " :
		    "no international host name: ", err);
		return -1;
	}
	x->redir->idn = 0;
	/* --location-trusted: the credentials go on, as curl's */
	if (m->o.http->trusted && x->url->has_auth && !x->redir->has_auth &&
	    url_cred_set(x->redir, x->url->user, x->url->pass) == -1) {
		mx_seterr(x, HTTPC_ERR_PROTOCOL, "redirect: %s",
		    strerror(errno));
		return -1;
	}
	x->res.outcome = HTTPC_REDIRECT;
	c->discard = 1;
	return 0;
}

/*
 * A 401 whose challenge x answers: the head passed on as a redirect's,
 * the body read and dropped, and the same URL handed back to go again
 * (on the same connection when it is kept), as curl goes on.
 */
static int
auth_again(struct httpm *m, struct mconn *c, struct mx *x,
    const struct http_resp *r, size_t hl)
{
	if (hook_head(m, x, HTTPC_HEAD_REDIRECT, r, c->buf + c->off,
	    hl) == -1) {
		mx_seterr(x, HTTPC_ERR_HOOK, "%s", "");
		return -1;
	}
	if ((x->redir == NULL && (x->redir = calloc(1, sizeof(*x->redir))) ==
	    NULL) || url_copy(x->redir, x->url) == -1) {
		mx_seterr(x, HTTPC_ERR_PROTOCOL, "%s", strerror(errno));
		return -1;
	}
	x->res.outcome = HTTPC_REDIRECT;
	x->res.detail = HTTPC_D_AUTH;
	c->discard = 1;
	return 0;
}

/*
 * Trailer lines p[0..n) of x's chunked body: kept until the body is
 * done, then to the head hook (curl's -i and -D show them) as curl 7.88
 * writes them (http_trailer_lines), and a line curl refuses its failure
 * after them.  Not hook_head's refolding: m->resp may be another
 * connection's head now.  0, or -1 (said in x).
 */
static int
trailer_take(struct httpm *m, struct mconn *c, struct mx *x, const char *p,
    size_t n)
{
	char *t, *out;
	size_t k;
	int why, rc = 0;

	if ((t = realloc(c->trail, c->trlen + n)) == NULL) {
		mx_seterr(x, HTTPC_ERR_READ, "%s", strerror(errno));
		return -1;
	}
	c->trail = t;
	memcpy(t + c->trlen, p, n);
	c->trlen += n;
	if (!http_chunked_done(&c->ch))
		return 0;
	if ((out = malloc(2 * c->trlen)) == NULL) {
		mx_seterr(x, HTTPC_ERR_READ, "%s", strerror(errno));
		return -1;
	}
	k = http_trailer_lines(c->trail, c->trlen, out, &why);
	c->trlen = 0;
	if (k > 0 && m->h.head(m->h.arg, x->id, HTTPC_HEAD_TRAILER, m->resp,
	    out, k) == -1) {
		mx_seterr(x, HTTPC_ERR_HOOK, "%s", "");
		rc = -1;
	} else if (why == HTTP_TRAILER_FIELD) {
		x->res.detail = HTTPC_D_TRAILER;
		mx_seterr(x, HTTPC_ERR_PROTOCOL, "protocol error: a chunked "
		    "trailer line that is no field");
		rc = -1;
	} else if (why == HTTP_TRAILER_LONG) {
		mx_seterr(x, HTTPC_ERR_READ, "protocol error: a chunked "
		    "trailer line over %d bytes", HTTP_TRAILER_LINE_MAX);
		rc = -1;
	}
	free(out);
	return rc;
}

/*
 * The final head of c's first transfer, hl bytes at c->buf + c->off:
 * follow, fail, refuse, or its body.  0 to go on reading, -1 when x
 * ended with a failure that leaves the connection out of step.
 */
static int
response(struct httpm *m, struct mconn *c, struct mx *x,
    struct http_resp *r, size_t hl)
{
	const struct httpc_opts *o = m->o.http;
	const struct http_field *loc;
	const char *p = c->buf + c->off, *why;
	char err[SK_ERRLEN];
	int rc;

	x->res.status = r->status;
	if (http_body_framing(r, o->head | HTTP_FRAMING_HUGE, &c->kind,
	    &c->left, err) == -1) {
		/* a Content-Length that is no length: curl's weird reply */
		if (http_content_length(r, &c->left, err) == -1)
			x->res.detail = HTTPC_D_WEIRD;
		mx_seterr(x, HTTPC_ERR_PROTOCOL, "protocol error: %s", err);
		return -1;
	}
	/* --ignore-content-length (curl's): the body ends at the close */
	if (o->ignore_cl && c->kind == HTTP_BODY_LENGTH)
		c->kind = HTTP_BODY_CLOSE;
	if (r->status == 401 && o->auth != 0 && x->auth != NULL &&
	    x->url->has_auth && hauth_take(x->auth, o->auth, r,
	    "WWW-Authenticate", &why) == 1)
		return auth_again(m, c, x, r, hl);
	if (r->status == 407 && o->proxy_auth != 0 && x->pauth != NULL &&
	    x->px != NULL && x->px->has_auth && !x->tunnel &&
	    hauth_take(x->pauth, o->proxy_auth, r, "Proxy-Authenticate",
	    &why) == 1)
		return auth_again(m, c, x, r, hl);
	/* an empty Location leads nowhere: the response is final (curl's) */
	if (o->follow && is_redirect(r->status) &&
	    (loc = http_field_get(r, "Location")) != NULL && loc->vlen > 0)
		return redirect(m, c, x, r, loc, hl);
	(void)snprintf(x->res.reason, sizeof(x->res.reason), "%.*s",
	    (int)(r->rlen > HTTPC_REASONLEN ? HTTPC_REASONLEN : r->rlen),
	    r->reason);
	/* curl's: a 416 to a resume is a whole file, but "* /N" drops it */
	if (o->fail && http_status_class(r->status) >= 4 &&
	    !(x->resume && r->status == 416 && !range_resume_dropped(r))) {
		(void)hook_head(m, x, HTTPC_HEAD_FAIL, r, p, hl);
		mx_seterr(x, HTTPC_HTTP_ERROR, "%s", "");
		c->discard = 1;
		return 0;
	}
	if ((rc = hook_head(m, x, HTTPC_HEAD_FINAL, r, p, hl)) == 1) {
		/* refused: the command will ask again */
		mx_seterr(x, HTTPC_HTTP_ERROR, "%s", "");
		c->discard = 1;
		return 0;
	}
	if (rc == 2)		/* the hook wants no body: it goes nowhere */
		c->discard = 1;
	else if (rc != 0) {
		mx_seterr(x, HTTPC_ERR_HOOK, "%s", "");
		return -1;
	}
	c->off += hl;
	rc = body_begin(m, c, x, r);
	c->off -= hl;
	return rc;
}

/* A 1xx head of hl bytes at c->buf + c->off for x.  0, or -1. */
static int
interim(struct httpm *m, struct mconn *c, struct mx *x,
    const struct http_resp *r, size_t hl)
{
	if (r->status == 101) {
		(void)hook_head(m, x, HTTPC_HEAD_SWITCH, r, c->buf + c->off,
		    hl);
		mconn_fail_first(m, c, HTTPC_ERR_PROTOCOL, "protocol error: "
		    "unexpected 101 Switching Protocols");
		return -1;
	}
	if (++c->ninterim > INTERIM_MAX) {
		mconn_fail_first(m, c, HTTPC_ERR_PROTOCOL, "protocol error: too "
		    "many interim responses (over %d)", INTERIM_MAX);
		return -1;
	}
	if (hook_head(m, x, HTTPC_HEAD_INTERIM, r, c->buf + c->off, hl) ==
	    -1) {
		mconn_fail_first(m, c, HTTPC_ERR_HOOK, "%s", "");
		return -1;
	}
	c->off += hl;
	c->interim += hl;
	return 0;
}

/*
 * Neither side may go on after x's response: the requests sent after
 * it go again elsewhere (no byte of theirs was delivered).
 */
static void
last_on(struct httpm *m, struct mconn *c, struct mx *x)
{
	struct mx *y;
	int discard = c->discard, ninterim = c->ninterim;
	int splicing = c->splicing;

	c->closing = 1;
	if ((y = x->next) == NULL)
		return;
	/* everything after x goes again, in order; x stays */
	x->next = NULL;
	c->q = y;
	c->nq--;
	mconn_requeue(m, c);
	c->q = c->qtail = x;
	c->nq = 1;
	c->inbody = 1;
	c->discard = discard;
	c->ninterim = ninterim;
	c->splicing = splicing;
}

/*
 * A head at c->buf + c->off for c's first transfer: HEAD_BODY,
 * HEAD_MORE, HEAD_AGAIN, or -1 after c was closed.
 */
static int
head_step(struct httpm *m, struct mconn *c, struct mx *x)
{
	struct http_resp *r = m->resp;
	char err[SK_ERRLEN];
	long hl;

	hl = http_head_parse_client(c->buf + c->off, c->len - c->off,
	    HTTPC_HEAD_MAX, r, err);
	if (hl > 0)
		c->http10 = r->major == 1 && r->minor == 0;
	if (hl == -1) {
		if (r->bad_field)
			x->res.detail = HTTPC_D_WEIRD;
		if (r->huge_line)
			x->res.detail = HTTPC_D_NOMEM;
		mconn_fail_first(m, c, HTTPC_ERR_PROTOCOL, "protocol error: %s",
		    err);
		return -1;
	}
	/*
	 * all the heads of a response together within HTTPC_HEAD_MAX: a
	 * server that sends 100 Continue forever is stopped here, not by -m
	 */
	if ((hl > 0 && c->interim + (size_t)hl > HTTPC_HEAD_MAX) ||
	    (hl == 0 && c->interim + c->len - c->off >= HTTPC_HEAD_MAX)) {
		mconn_fail_first(m, c, HTTPC_ERR_PROTOCOL, "protocol error: "
		    "response heads too large (over %d bytes, %d interim)",
		    HTTPC_HEAD_MAX, c->ninterim);
		return -1;
	}
	if (hl == 0)
		return HEAD_MORE;
	if (x->res.t_first == 0)
		x->res.t_first = mono_us();
	if (http_status_class(r->status) != 1)
		cookies_store(m, x, r);
	if (http_status_class(r->status) == 1)
		return interim(m, c, x, r, (size_t)hl) == -1 ? -1 : HEAD_AGAIN;
	if (response(m, c, x, r, (size_t)hl) == -1) {
		(void)mconn_pop(c);
		finish(m, c, x);
		mconn_close(m, c);
		return -1;
	}
	c->off += (size_t)hl;
	c->inbody = 1;
	if (c->kind == HTTP_BODY_CHUNKED)
		http_chunked_init(&c->ch);
	if (c->kind == HTTP_BODY_CLOSE || !http_resp_persistent(r))
		last_on(m, c, x);
	return HEAD_BODY;
}

/*
 * c's first transfer is complete: its framing ended well, so its
 * codings must have too (a cut or unfinished gzip stream fails it; the
 * connection stays in step).
 */
static void
complete(struct httpm *m, struct mconn *c)
{
	char err[SK_ERRLEN];
	int kept = !c->discard;
	struct mx *x = mconn_pop(c);

	if (kept && x->res.outcome == HTTPC_OK &&
	    decode_finish(&x->dec, err) == -1)
		mx_seterr(x, HTTPC_ERR_DECODE, "%s", err);
	c->nresp++;
	c->paused = 0;		/* the pace was x's: the next has its own */
	finish(m, c, x);
}

/*
 * A body nobody wants (a redirect's, a failure's): read and dropped
 * when it is short and its end is known, so the connection carries the
 * next request; else x ends now and the connection closes, as reading
 * a long body nobody wants costs more than a new connection.  1 when
 * it closed, else 0.
 */
static int
discard_or_close(struct httpm *m, struct mconn *c)
{
	if (c->kind == HTTP_BODY_NONE || c->kind == HTTP_BODY_CHUNKED ||
	    (c->kind == HTTP_BODY_LENGTH && c->left <= (uint64_t)(c->len -
	    c->off) + DISCARD_MAX))
		return 0;
	complete(m, c);
	mconn_close(m, c);
	return 1;
}

/* The body of c's first transfer x from the buffer.  As process. */
static int
body_step(struct httpm *m, struct mconn *c, struct mx *x)
{
	char err[SK_ERRLEN];
	size_t n = c->len - c->off, got;
	long used;

	switch (c->kind) {
	case HTTP_BODY_LENGTH:
		if ((uint64_t)n > c->left)
			n = (size_t)c->left;
		if (body_deliver(m, c, x, c->buf + c->off, n) == -1)
			return -1;
		c->off += n;
		c->left -= n;
		return c->left == 0;
	case HTTP_BODY_CHUNKED:
		if (n == 0)
			return 0;
		/* --raw: the framing followed, the chunks kept as they came */
		if ((used = http_chunked_decode(&c->ch, c->buf + c->off, n,
		    m->o.http->raw ? NULL : &got, err)) == -1) {
			/*
			 * curl's: the data before it written, then a receive
			 * error (56)
			 */
			if (!m->o.http->raw && got > 0 && body_deliver(m, c, x,
			    c->buf + c->off, got) == -1)
				return -1;
			mx_seterr(x, HTTPC_ERR_READ, "protocol error: %s",
			    err);
			return -1;
		}
		if (m->o.http->raw)
			got = (size_t)used;
		if (body_deliver(m, c, x, c->buf + c->off, got) == -1)
			return -1;
		if (c->ch.tr_len > 0 && m->h.head != NULL &&
		    trailer_take(m, c, x, c->buf + c->off + c->ch.tr_from,
		    c->ch.tr_len) == -1)
			return -1;
		c->off += (size_t)used;
		return http_chunked_done(&c->ch);
	case HTTP_BODY_CLOSE:
		if (body_deliver(m, c, x, c->buf + c->off, n) == -1)
			return -1;
		c->off += n;
		return 0;
	default:
		return 1;
	}
}

/*
 * The bytes in c's buffer, response by response.  0, or -1 after c
 * was closed.
 */
static int
process(struct httpm *m, struct mconn *c)
{
	struct mx *x;
	int rc;

	while ((x = c->q) != NULL && c->paused == 0) {
		if (!c->inbody) {
			if (c->len == c->off)
				break;
			if ((rc = head_step(m, c, x)) == -1)
				return -1;
			if (rc == HEAD_MORE)
				break;
			if (rc == HEAD_AGAIN)
				continue;
			if (c->discard && discard_or_close(m, c))
				return -1;
		}
		if ((rc = body_step(m, c, x)) == -1) {
			(void)mconn_pop(c);
			finish(m, c, x);
			mconn_close(m, c);
			return -1;
		}
		if (rc == 0)
			break;
		complete(m, c);
	}
	if (c->q == NULL && c->len > c->off) {
		/* bytes no request asked for */
		mconn_close(m, c);
		return -1;
	}
	if (c->off == c->len)
		c->off = c->len = 0;
	else if (c->off > 0 && c->len == MBUFSZ) {
		memmove(c->buf, c->buf + c->off, c->len - c->off);
		c->len -= c->off;
		c->off = 0;
	}
	if (c->q == NULL && c->closing) {
		mconn_close(m, c);
		return -1;
	}
	return mconn_flush(m, c);
}

/* The server closed c (or reset it): what that means for each. */
static void
mconn_eof(struct httpm *m, struct mconn *c, int eno)
{
	struct mx *x = c->q;
	int sys;

	if (x == NULL) {
		mconn_close(m, c);
		return;
	}
	/* its end, or of one nobody wanted (a redirect's, a failure's) */
	if (c->inbody && (c->kind == HTTP_BODY_CLOSE || c->discard)) {
		complete(m, c);
		mconn_close(m, c);
		return;
	}
	if (!c->inbody && c->len == c->off && c->ninterim == 0 &&
	    (c->nresp > 0 || x->next != NULL || (x->resent > 0 &&
	    m->o.depth > 1))) {
		/*
		 * no byte of its response: a kept connection the server
		 * timed out, or a pipeline it stopped reading; the requests
		 * go again (RFC 9112 section 9.3.1).  One alone on a new
		 * connection is answered by nothing: curl's 52, not again.
		 */
		mconn_close(m, c);
		return;
	}
	if (c->len == c->off && !c->inbody)
		x->res.detail = HTTPC_D_EMPTY;
	else if (c->inbody)
		x->res.detail = HTTPC_D_PARTIAL;
	/* a reset, before the response or inside it: where, as connect */
	if (eno == EPROTO) {
		/* OpenSSL's error, for curl's SSL_read sentence (errmsg.c) */
		if (c->tls != NULL)
			x->res.tls_err = tls_fail_code(c->tls, &sys);
		mconn_fail_first(m, c, HTTPC_ERR_READ, "read: %s",
		    conn_error(&c->conn));
	}
	else if (eno != 0)
		mconn_fail_read(m, c, eno);
	else if (!c->inbody)
		mconn_fail_first(m, c, HTTPC_ERR_PROTOCOL, "%s",
		    c->len == c->off ? "empty reply from server" :
		    "connection closed inside the response head");
	else if (c->kind == HTTP_BODY_CHUNKED)
		mconn_fail_first(m, c, HTTPC_ERR_PROTOCOL, "transfer closed "
		    "inside the chunked body");
	else
		mconn_fail_first(m, c, HTTPC_ERR_PROTOCOL, "transfer closed "
		    "with %llu bytes remaining", (unsigned long long)c->left);
}

/*
 * What the connection has, into buf[0..room): a plain socket's one
 * read; through layers (TLS) what they bring until they would block (a
 * record is 16 KiB at most, the buffer far larger).  The bytes read, 0
 * at the end, or -1 with errno (EAGAIN: nothing now).  *more: read
 * again before waiting (the buffer filled, or TLS's end or failure came
 * after the bytes: the next call says it).
 */
static ssize_t
mconn_fill(struct mconn *c, char *buf, size_t room, int *more)
{
	size_t got = 0;
	ssize_t n;

	*more = 0;
	if (conn_plain(&c->conn)) {
		while ((n = conn_read(&c->conn, buf, room)) == -1 &&
		    errno == EINTR)
			;
		*more = n > 0 && (size_t)n == room;
		return n;
	}
	for (;;) {
		n = conn_read(&c->conn, buf + got, room - got);
		if (n > 0 && (got += (size_t)n) < room)
			continue;
		if (n == -1 && errno == EINTR)
			continue;
		break;
	}
	if (got > 0) {
		*more = got == room || n == 0 || (n == -1 && errno != EAGAIN &&
		    errno != EWOULDBLOCK);
		return (ssize_t)got;
	}
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
		c->rwant_out = conn_want(&c->conn, POLLIN) == POLLOUT;
	return n;
}

int
mconn_read(struct httpm *m, struct mconn *c)
{
	long long rate = m->o.http->rate;
	ssize_t n;
	size_t room;
	int full, rc;

	/* what a pause held back first: the socket may have no more */
	if (c->off < c->len && process(m, c) == -1)
		return -1;
	do {
		if (c->inbody && c->splicing && c->off == c->len) {
			if ((rc = body_splice(m, c)) == -1)
				return -1;
			if (rc == 1) {
				complete(m, c);
				return process(m, c);
			}
			if (c->splicing)
				return 0;
		}
		if (c->off > 0 && c->len == MBUFSZ) {
			memmove(c->buf, c->buf + c->off, c->len - c->off);
			c->len -= c->off;
			c->off = 0;
		}
		room = MBUFSZ - c->len;
		/* --limit-rate: a quarter second's worth at a time */
		if (rate > 0 && (long long)room > rate / 4 + 1)
			room = (size_t)(rate / 4 + 1);
		n = mconn_fill(c, c->buf + c->len, room, &full);
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n <= 0) {
			mconn_eof(m, c, n == 0 ? 0 : errno);
			return -1;
		}
		c->len += (size_t)n;
		c->last_rx = mono_ms();
		if (process(m, c) == -1)
			return -1;
	} while (full && c->paused == 0);
	return 0;
}

int
httpc_retryable(enum httpc_outcome oc, const struct httpc_result *res,
    int connrefused)
{
	switch (oc) {
	case HTTPC_ERR_TIMEOUT:
		return 1;
	case HTTPC_ERR_CONNECT:
		return res->sys_err != ECONNREFUSED || connrefused;
	case HTTPC_HTTP_ERROR:
		return retry_status(res->status);
	default:
		return 0;
	}
}
