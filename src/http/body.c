/*
 * http/body.c: a response body's bytes on their way out of the engine:
 * its codings undone (decode.h), --max-filesize of what they decode to,
 * the caller's data hook or the output its direct hook named, the
 * progress hook, --limit-rate's pace, and on Linux splice(2) straight
 * from the socket to a file or pipe for a plain body.  The framing
 * itself (a length, chunked, to the close) is response.c's.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE		/* splice */
#endif

#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "http/decode.h"
#include "http/engine.h"
#include "http/engine_int.h"
#include "http/output.h"
#include "net/relay.h"
#include "parse/http.h"
#include "util/base.h"
#include "util/clock.h"

#define SPLICE_MIN	(64 * 1024)	/* a body worth a splice, past what
					   the buffer holds of it */
#define SPLICE_MINPIPE	(256 * 1024)	/* body_begin says why */
#define SPLICE_TURN	(16 * 1024 * 1024)	/* bytes of one turn */

struct feed {
	struct httpm	*m;
	struct mx	*x;
};

/* Decoded body bytes of x to the caller, under --max-filesize. */
static int
sink(void *arg, const char *p, size_t n)
{
	struct feed *f = arg;
	struct httpm *m = f->m;
	struct mx *x = f->x;
	char err[SK_ERRLEN];

	if (decode_over(&x->dec, x->decoded, n, m->o.http->max_size, err)) {
		mx_seterr(x, HTTPC_ERR_TOO_LARGE, "%s", err);
		return -1;
	}
	if (x->direct != NULL ? output_write(x->direct, p, n) == -1 :
	    m->h.data != NULL && m->h.data(m->h.arg, x->id, p, n) == -1) {
		mx_seterr(x, HTTPC_ERR_OUTPUT, "%s", "");
		return -1;
	}
	x->decoded += n;
	return 0;
}

/* x's body bytes so far as they came: the progress hook, the pace. */
static void
counted(struct httpm *m, struct mconn *c, struct mx *x, size_t n)
{
	long long due;

	x->body += n;
	if (m->h.progress != NULL)
		m->h.progress(m->h.arg, x->id, x->body);
	/*
	 * --limit-rate: no read before the bytes so far are due, so the
	 * server is slowed by TCP's window rather than by our buffers
	 */
	if (m->o.http->rate > 0) {
		due = x->t0 + (long long)((double)x->body * 1000 /
		    (double)m->o.http->rate);
		if (due > mono_ms())
			c->paused = due;
	}
}

#ifdef __linux__
/*
 * The splice for x's body, when it may be one: no coding to undo, no
 * layer of the connection that holds bytes (TLS to decrypt, a proxy's
 * early bytes: conn_plain), no pace to keep, no limit it could go past, enough
 * of it still to come, and an output the caller lets it go into.  Into
 * a pipe directly; into a file through a pipe of ours, and only a
 * large one: through a pipe the kernel would not enlarge, the two
 * splices cost more than a read and a write (CPU per GiB 1.0 s with the
 * 64 KiB left when F_SETPIPE_SZ is refused, 1.4 s with the two pages an
 * unprivileged user over fs.pipe-user-pages-soft gets, against 0.82 s
 * for read and write, and 0.66 s through the 1 MiB pipe we ask for:
 * tests/bench/splicefile.c, loopback from sendfile into tmpfs).
 */
static void
splice_choose(struct httpm *m, struct mconn *c, struct mx *x)
{
	size_t have = c->len - c->off;
	long cap;

	if (!conn_plain(&c->conn) || x->dec.n > 0 || m->o.http->rate > 0 ||
	    m->h.direct == NULL || (c->kind == HTTP_BODY_LENGTH &&
	    c->left < have + SPLICE_MIN) || (c->kind == HTTP_BODY_CLOSE &&
	    m->o.http->max_size > 0) || (c->kind != HTTP_BODY_LENGTH &&
	    c->kind != HTTP_BODY_CLOSE) ||
	    (x->direct = m->h.direct(m->h.arg, x->id)) == NULL)
		return;
	if (output_open(x->direct) == -1)
		return;		/* said by the first write */
	if (x->direct->is_pipe) {
		c->splicing = 1;
		return;
	}
	if (!x->direct->splice_ok)
		return;
	if (c->pipe[0] == -1) {
		if ((cap = io_pipe_open(c->pipe, 0)) == -1)
			return;
		if (cap < SPLICE_MINPIPE) {
			(void)close(c->pipe[0]);
			(void)close(c->pipe[1]);
			c->pipe[0] = c->pipe[1] = -1;
			return;
		}
		c->pipecap = (size_t)cap;
	}
	c->splicing = 1;
}
#endif

int
body_begin(struct httpm *m, struct mconn *c, struct mx *x,
    const struct http_resp *r)
{
	char err[SK_ERRLEN];
	uint64_t len;

	x->t0 = mono_ms();
	if (c->kind == HTTP_BODY_NONE)
		return 0;
	/*
	 * a Content-Length past 2^63 (read to the close) is past any
	 * --max-filesize: curl's 63 at once
	 */
	if (c->kind == HTTP_BODY_CLOSE && m->o.http->max_size > 0 &&
	    !m->o.http->ignore_cl &&
	    http_field_get(r, "Transfer-Encoding") == NULL &&
	    http_content_length(r, &len, err) == -1) {
		mx_seterr(x, HTTPC_ERR_TOO_LARGE, "Content-Length %s",
		    "past 2^63: over --max-filesize");
		return -1;
	}
	/* --raw: the body as it came, its codings left as they are */
	if (!m->o.http->raw && decode_begin(&x->dec, r,
	    m->o.http->compressed, err) == -1) {
		mx_seterr(x, HTTPC_ERR_DECODE, "%s", err);
		return -1;
	}
	if (c->kind == HTTP_BODY_LENGTH && decode_length_over(&x->dec,
	    c->left, m->o.http->max_size, err)) {
		mx_seterr(x, HTTPC_ERR_TOO_LARGE, "%s", err);
		return -1;
	}
#ifdef __linux__
	if (!c->discard)
		splice_choose(m, c, x);
#endif
	return 0;
}

int
body_deliver(struct httpm *m, struct mconn *c, struct mx *x, const char *p,
    size_t n)
{
	struct feed f;
	char err[SK_ERRLEN];
	int rc;

	if (c->discard || n == 0)
		return 0;
	f.m = m;
	f.x = x;
	if ((rc = decode_feed(&x->dec, p, n, sink, &f, err)) == DECODE_ERR)
		mx_seterr(x, HTTPC_ERR_DECODE, "%s", err);
	if (rc != 0)
		return -1;
	counted(m, c, x, n);
	return 0;
}

#ifdef __linux__
/* One splice of up to want bytes from c's socket toward x's output. */
static ssize_t
splice_once(struct mconn *c, struct mx *x, size_t want)
{
	struct output *out = x->direct;
	ssize_t n;
	size_t k;

	do
		n = splice(c->conn.fd, NULL, out->is_pipe ? out->fd :
		    c->pipe[1], NULL, want, SPLICE_F_MOVE | SPLICE_F_MORE);
	while (n == -1 && errno == EINTR);
	if (n <= 0 || out->is_pipe)
		return n;
	k = (size_t)n;
	if (io_pipe_flush(c->pipe[0], out->fd, &k) == -1) {
		output_failed(out, errno);
		errno = EPIPE;
		return -2;
	}
	return n;
}

int
body_splice(struct httpm *m, struct mconn *c)
{
	struct mx *x = c->q;
	size_t want, turn = 0;
	ssize_t n;

	while (turn < SPLICE_TURN) {
		want = x->direct->is_pipe ? 1024 * 1024 : c->pipecap;
		if (c->kind == HTTP_BODY_LENGTH && c->left < want)
			want = (size_t)c->left;
		if ((n = splice_once(c, x, want)) > 0) {
			turn += (size_t)n;
			if (c->kind == HTTP_BODY_LENGTH)
				c->left -= (uint64_t)n;
			c->last_rx = mono_ms();
			counted(m, c, x, (size_t)n);
			if (c->kind == HTTP_BODY_LENGTH && c->left == 0)
				return 1;
			continue;
		}
		if (n == 0) {
			if (c->kind == HTTP_BODY_CLOSE)
				return 1;
			x->res.detail = HTTPC_D_PARTIAL;
			mconn_fail_first(m, c, HTTPC_ERR_PROTOCOL, "transfer "
			    "closed with %llu bytes remaining",
			    (unsigned long long)c->left);
			return -1;
		}
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n == -1 && io_splice_unsupported(errno)) {
			/* reads and writes instead: nothing was moved */
			c->splicing = 0;
			return 0;
		}
		if (n == -2 || (n == -1 && errno == EPIPE &&
		    x->direct->path == NULL)) {
			if (n == -1)
				output_failed(x->direct, errno);
			mconn_fail_first(m, c, HTTPC_ERR_OUTPUT, "%s", "");
			return -1;
		}
		mconn_fail_read(m, c, errno);
		return -1;
	}
	return 0;
}
#else
int
body_splice(struct httpm *m, struct mconn *c)
{
	(void)m;
	c->splicing = 0;
	return 0;
}
#endif
