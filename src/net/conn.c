/*
 * conn.c: the connection stack's chain (conn.h): the calls each pass to
 * the top layer that answers them, else to the descriptor; the ending
 * written once for every endpoint; and the TLS layer, a struct tls_conn
 * seen through the chain's questions.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/conn.h"
#include "net/linger.h"
#include "net/net.h"
#include "tls/tls.h"
#include "util/base.h"
#include "util/clock.h"

static ssize_t
tlsl_read(void *ctx, void *buf, size_t n)
{
	return tls_read(ctx, buf, n);
}

static ssize_t
tlsl_write(void *ctx, const void *buf, size_t n)
{
	return tls_write(ctx, buf, n);
}

static int
tlsl_want(const void *ctx)
{
	return tls_want(ctx);
}

static size_t
tlsl_pending(void *ctx)
{
	return tls_pending(ctx);
}

static int
tlsl_shut_wr(void *ctx)
{
	return tls_shutdown(ctx);
}

static const char *
tlsl_error(const void *ctx)
{
	return tls_error(ctx);
}

static int
tlsl_quiet(const void *ctx)
{
	return tls_quiet(ctx);
}

static void
tlsl_free(void *ctx)
{
	tls_close(ctx);
}

/*
 * The handshake a step at a time; a server's, or one whose caller says
 * what the certificate is (cli_tls_accept), is pushed done
 * (conn_push_tls).  Nothing may wait below it: a proxy's early bytes
 * would be taken for the server's hello.
 */
static int
tlsl_step(void *ctx, struct conn *c, char *err)
{
	if (c->rlen > c->roff) {
		snprintf(err, SK_ERRLEN, "the proxy sent data before TLS "
		    "began");
		errno = EPROTO;
		return -1;
	}
	return tls_handshake_step(ctx, err);
}

static void
tlsl_timeout(const void *ctx, char *err)
{
	snprintf(err, SK_ERRLEN, "%s handshake timed out", tls_kind(ctx));
}

static long long
tlsl_wake(void *ctx)
{
	return tls_wake(ctx);
}

static const struct conn_ops tls_layer = {
	.name = "tls",
	.step = tlsl_step,
	.timeout = tlsl_timeout,
	.wake = tlsl_wake,
	.read = tlsl_read,
	.write = tlsl_write,
	.want = tlsl_want,
	.pending = tlsl_pending,
	.shut_wr = tlsl_shut_wr,
	.error = tlsl_error,
	.quiet = tlsl_quiet,
	.free = tlsl_free
};

void
conn_init(struct conn *c, int fd)
{
	int type;
	socklen_t len = sizeof(type);

	memset(c, 0, sizeof(*c));
	c->fd = fd;
	c->failed = -1;
	c->stream = getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 &&
	    type == SOCK_STREAM;
}

static int
conn_push_as(struct conn *c, const struct conn_ops *ops, void *ctx, int done)
{
	if (c->nlayers == CONN_LAYERS) {
		errno = ENOBUFS;
		return -1;
	}
	c->layer[c->nlayers].ops = ops;
	c->layer[c->nlayers].ctx = ctx;
	c->layer[c->nlayers].done = done;
	c->nlayers++;
	return 0;
}

int
conn_push(struct conn *c, const struct conn_ops *ops, void *ctx)
{
	return conn_push_as(c, ops, ctx, ops->step == NULL);
}

int
conn_push_tls(struct conn *c, struct tls_conn *t)
{
	return t == NULL ? 0 : conn_push_as(c, &tls_layer, t, 1);
}

int
conn_push_tls_hs(struct conn *c, struct tls_conn *t)
{
	return conn_push_as(c, &tls_layer, t, 0);
}

int
conn_rest(struct conn *c, const void *p, size_t n)
{
	unsigned char *r;
	size_t held = c->rlen - c->roff;

	if (n == 0)
		return 0;
	if ((r = malloc(held + n)) == NULL)
		return -1;
	/* nothing held: rest may be NULL, with no offset to take */
	if (held > 0)
		memcpy(r, c->rest + c->roff, held);
	memcpy(r + held, p, n);
	c->rlen = held + n;
	c->roff = 0;
	free(c->rest);
	c->rest = r;
	return 0;
}

struct tls_conn *
conn_tls(const struct conn *c)
{
	int i;

	for (i = c->nlayers - 1; i >= 0; i--)
		if (c->layer[i].ops == &tls_layer)
			return c->layer[i].ctx;
	return NULL;
}

/* The top layer that answers a call (its op not NULL), or NULL. */
#define CONN_TOP(c, op)	conn_top((c), offsetof(struct conn_ops, op))

static const struct conn_layer *
conn_top(const struct conn *c, size_t off)
{
	const struct conn_layer *l;
	int i;

	for (i = c->nlayers - 1; i >= 0; i--) {
		l = &c->layer[i];
		if (*(void *const *)((const char *)l->ops + off) != NULL)
			return l;
	}
	return NULL;
}

int
conn_plain(const struct conn *c)
{
	return CONN_TOP(c, read) == NULL && CONN_TOP(c, write) == NULL &&
	    c->rlen == c->roff;
}

int
conn_step(struct conn *c, char *err)
{
	struct conn_layer *l;
	int i, rc;

	for (i = 0; i < c->nlayers; i++) {
		l = &c->layer[i];
		if (l->done)
			continue;
		c->failed = i;
		if ((rc = l->ops->step(l->ctx, c, err)) != 0)
			return rc;
		l->done = 1;
	}
	c->failed = -1;
	return 0;
}

int
conn_handshake(struct conn *c, long long deadline, char *err)
{
	const struct conn_layer *l;
	struct pollfd pfd;
	long long due = -1, at;
	int i, rc, wait, cur = -1;

	for (i = 0; i < c->nlayers && c->layer[i].done; i++)
		continue;
	/* nothing to run: the descriptor is left as it is (a program's) */
	if (i == c->nlayers)
		return 0;
	if (net_set_nonblock(c->fd, 1) == -1) {
		snprintf(err, SK_ERRLEN, "%s", strerror(errno));
		return -1;
	}
	for (rc = conn_step(c, err); rc > 0; rc = conn_step(c, err)) {
		/*
		 * each layer's own limit from its first step (c->step_ms),
		 * or a dialogue's for each of its steps (its due)
		 */
		if (c->failed != cur) {
			cur = c->failed;
			due = c->step_ms > 0 ? mono_ms() + c->step_ms : -1;
		}
		l = &c->layer[c->failed];
		at = l->ops->due != NULL ? l->ops->due(l->ctx) : due;
		if (deadline != -1 && (at == -1 || deadline < at))
			at = deadline;
		wait = -1;
		if (at != -1 && (wait = (int)(at - mono_ms())) <= 0) {
			if (l->ops->timeout != NULL)
				l->ops->timeout(l->ctx, err);
			else
				snprintf(err, SK_ERRLEN, "%s: timed out",
				    l->ops->name);
			errno = ETIMEDOUT;
			return -1;
		}
		/* a step by the layer's own timer too (DTLS) */
		if (l->ops->wake != NULL && (at = l->ops->wake(l->ctx)) != -1 &&
		    (wait == -1 || at - mono_ms() < wait))
			wait = at > mono_ms() ? (int)(at - mono_ms()) : 0;
		pfd.fd = c->fd;
		pfd.events = (short)rc;
		if (poll(&pfd, 1, wait) == -1 && errno != EINTR)
			return -1;
	}
	return rc;
}

long long
conn_wake(struct conn *c)
{
	const struct conn_layer *l = CONN_TOP(c, wake);

	return l != NULL ? l->ops->wake(l->ctx) : -1;
}

ssize_t
conn_read(struct conn *c, void *buf, size_t n)
{
	const struct conn_layer *l;
	ssize_t r;
	size_t k;

	if (c->rlen > c->roff) {
		k = c->rlen - c->roff < n ? c->rlen - c->roff : n;
		memcpy(buf, c->rest + c->roff, k);
		c->roff += k;
		return (ssize_t)k;
	}
	l = CONN_TOP(c, read);
	r = l != NULL ? l->ops->read(l->ctx, buf, n) : read(c->fd, buf, n);
	if (r > 0 && c->shut)
		c->heard = 1;
	/*
	 * Our close_notify sent, a TLS peer that closed after its last
	 * reply without reading it resets the connection: that is its end
	 * once it has answered since (conn.h).  A reset before that may
	 * have cost its reply (its kernel drops what it had not sent yet):
	 * a failure, never a quiet end.
	 */
	if (r == -1 && errno == ECONNRESET && c->shut && c->heard &&
	    l != NULL && l->ops == &tls_layer) {
		c->reset_end = 1;
		r = 0;
	}
	if (r == 0)
		c->eof_seen = 1;
	return r;
}

ssize_t
conn_write(struct conn *c, const void *buf, size_t n)
{
	const struct conn_layer *l;

	if ((l = CONN_TOP(c, write)) == NULL)
		return write(c->fd, buf, n);
	return l->ops->write(l->ctx, buf, n);
}

int
conn_write_all(struct conn *c, const void *buf, size_t n, long long deadline)
{
	const char *p = buf;
	struct pollfd pfd;
	ssize_t k;
	int wait;

	while (n > 0) {
		if ((k = conn_write(c, p, n)) > 0) {
			p += k;
			n -= (size_t)k;
			continue;
		}
		if (k == -1 && errno == EINTR)
			continue;
		if (k == -1 && errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		wait = -1;
		if (deadline != -1 &&
		    (wait = (int)(deadline - mono_ms())) <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		pfd.fd = c->fd;
		pfd.events = (short)conn_want(c, POLLOUT);
		if (poll(&pfd, 1, wait) == -1 && errno != EINTR)
			return -1;
	}
	return 0;
}

int
conn_want(const struct conn *c, int dir)
{
	const struct conn_layer *l = CONN_TOP(c, want);
	int w;

	/* TLS may read in order to write, or write in order to read */
	if (l != NULL && (w = l->ops->want(l->ctx)) != 0)
		return w;
	return dir;
}

size_t
conn_pending(struct conn *c)
{
	const struct conn_layer *l = CONN_TOP(c, pending);

	return (c->rlen - c->roff) + (l != NULL ? l->ops->pending(l->ctx) :
	    0);
}

int
conn_shut_wr(struct conn *c)
{
	const struct conn_layer *l = CONN_TOP(c, shut_wr);

	if (c->shut)
		return 0;
	c->shut = 1;
	if (l != NULL)
		return l->ops->shut_wr(l->ctx);
	if (c->stream && shutdown(c->fd, SHUT_WR) == -1 && errno != ENOTCONN)
		return -1;
	return 0;
}

int
conn_shut_quiet(const struct conn *c)
{
	const struct conn_layer *l = CONN_TOP(c, shut_wr);

	return l != NULL && l->ops->quiet != NULL ? l->ops->quiet(l->ctx) : 0;
}

const char *
conn_error(const struct conn *c)
{
	const struct conn_layer *l = CONN_TOP(c, error);

	return l != NULL ? l->ops->error(l->ctx) : "protocol error";
}

void
conn_free(struct conn *c)
{
	int i;

	for (i = c->nlayers - 1; i >= 0; i--)
		if (c->layer[i].ops->free != NULL)
			c->layer[i].ops->free(c->layer[i].ctx);
	c->nlayers = 0;
	free(c->rest);
	c->rest = NULL;
	c->roff = c->rlen = 0;
}

/*
 * Before a TLS client's close_notify (conn_shut_quiet): the server's
 * end, or its silence, within ms (< 0: CONN_LINGER_MS); what it still
 * sends is read and discarded, as the lingering close after would.
 */
static void
conn_await(struct conn *c, int ms)
{
	char buf[4096];
	struct pollfd pfd;
	long long last, due, at, now;
	int q = conn_shut_quiet(c);
	ssize_t n;

	if (q <= 0 || ms == 0 || c->shut || c->eof_seen || c->peer_end ||
	    net_set_nonblock(c->fd, 1) == -1)
		return;
	last = mono_ms();
	due = last + (ms < 0 ? CONN_LINGER_MS : ms);
	for (;;) {
		if ((n = conn_read(c, buf, sizeof(buf))) > 0) {
			/* a server that never stops is bounded too */
			if ((last = mono_ms()) >= due)
				return;
			continue;
		}
		if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR))
			return;
		now = mono_ms();
		at = last + q < due ? last + q : due;
		if (now >= at)
			return;
		pfd.fd = c->fd;
		pfd.events = (short)conn_want(c, POLLIN);
		if (poll(&pfd, 1, (int)(at - now)) == -1 && errno != EINTR)
			return;
	}
}

/*
 * The graceful end: our output ended by the top layer that has a way
 * (close_notify; a TLS client's once the server has ended or gone
 * quiet), the layers freed, then the descriptor's own ending: a
 * stream socket's FIN and lingering close, any other a close.  The
 * lingering's default bound is shorter for a peer that owes nothing
 * more (peer_end).
 */
int
conn_close(struct conn *c, int ms)
{
	int rc = 0, save_errno = errno;

	if (ms < 0 && c->peer_end == CONN_PEER_DONE)
		ms = CONN_DONE_MS;
	else if (ms < 0 && c->peer_end == CONN_PEER_GONE)
		ms = 0;

	if (c->fd < 0) {
		conn_free(c);
		return 0;
	}
	conn_await(c, ms);
	(void)conn_shut_wr(c);
	conn_free(c);
	if (c->stream)
		rc = linger_close(c->fd, ms);
	else
		(void)close(c->fd);
	c->fd = -1;
	errno = save_errno;
	return rc;
}

void
conn_abort(struct conn *c)
{
	struct linger lg;

	conn_free(c);
	if (c->fd < 0)
		return;
	lg.l_onoff = 1;
	lg.l_linger = 0;
	(void)setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	(void)close(c->fd);
	c->fd = -1;
}
