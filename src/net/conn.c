/*
 * conn.c: the connection stack's chain (conn.h): the calls each pass to
 * the top layer that answers them (or that under a given layer), else
 * to the descriptor; the handshakes a step at a time; and the TLS
 * layer, a struct tls_conn seen through the chain's questions, over the
 * descriptor or over the layers beneath it (a TLS client made and
 * pushed: conn_tls.c).  The ending, written once for every endpoint, is
 * conn_end.c's.
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
 * The handshake a step at a time: a client's, or an accepted
 * connection's (stack.c's stack_push_tls_server); one done already is
 * pushed done (conn_push_tls).  Nothing may wait below it: a proxy's
 * early bytes would be taken for the server's hello.
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
	/* no call on a failed dial's -1: its errno is the caller's */
	c->stream = fd >= 0 && getsockopt(fd, SOL_SOCKET, SO_TYPE, &type,
	    &len) == 0 && type == SOCK_STREAM;
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

/*
 * The top layer under layer[level] that answers a call (its op not
 * NULL), or NULL; CONN_TOP: of the whole chain.
 */
#define CONN_UNDER(c, level, op) \
	conn_top((c), (level), offsetof(struct conn_ops, op))
#define CONN_TOP(c, op)	CONN_UNDER((c), (c)->nlayers, op)

static const struct conn_layer *
conn_top(const struct conn *c, int level, size_t off)
{
	const struct conn_layer *l;
	int i;

	for (i = level - 1; i >= 0; i--) {
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
			conn_timeout(c, err);
			errno = ETIMEDOUT;
			return -1;
		}
		/* a step by the layer's own timer too (DTLS) */
		if ((at = conn_step_wake(c)) != -1 &&
		    (wait == -1 || at - mono_ms() < wait))
			wait = at > mono_ms() ? (int)(at - mono_ms()) : 0;
		pfd.fd = c->fd;
		pfd.events = (short)rc;
		if (poll(&pfd, 1, wait) == -1 && errno != EINTR)
			return -1;
	}
	return rc;
}

void
conn_timeout(const struct conn *c, char *err)
{
	const struct conn_layer *l;

	if (c->failed < 0) {
		snprintf(err, SK_ERRLEN, "timed out");
		return;
	}
	l = &c->layer[c->failed];
	if (l->ops->timeout != NULL)
		l->ops->timeout(l->ctx, err);
	else
		snprintf(err, SK_ERRLEN, "%s: timed out", l->ops->name);
}

long long
conn_step_wake(const struct conn *c)
{
	const struct conn_layer *l;

	if (c->failed < 0)
		return -1;
	l = &c->layer[c->failed];
	return l->ops->wake != NULL ? l->ops->wake(l->ctx) : -1;
}

long long
conn_wake(struct conn *c)
{
	const struct conn_layer *l = CONN_TOP(c, wake);

	return l != NULL ? l->ops->wake(l->ctx) : -1;
}

/*
 * The bytes a handshake read past its end come first to whoever reads
 * above it, whatever moves the bytes below (-p's tunnel inside an
 * https:// proxy's TLS: the proxy's early bytes before the TLS's).  A
 * TLS layer refuses to begin with any held, so they are never its.
 */
ssize_t
conn_read_under(struct conn *c, int level, void *buf, size_t n)
{
	const struct conn_layer *l;
	size_t k;

	/* a bare endpoint: no layer to ask (the relay's, a datagram's) */
	if (c->nlayers == 0 && c->rlen == c->roff)
		return read(c->fd, buf, n);
	if (c->rlen > c->roff) {
		k = c->rlen - c->roff < n ? c->rlen - c->roff : n;
		memcpy(buf, c->rest + c->roff, k);
		c->roff += k;
		return (ssize_t)k;
	}
	l = CONN_UNDER(c, level, read);
	return l != NULL ? l->ops->read(l->ctx, buf, n) : read(c->fd, buf, n);
}

ssize_t
conn_write_under(struct conn *c, int level, const void *buf, size_t n)
{
	const struct conn_layer *l = CONN_UNDER(c, level, write);

	if (l == NULL)
		return write(c->fd, buf, n);
	return l->ops->write(l->ctx, buf, n);
}

int
conn_want_under(const struct conn *c, int level, int dir)
{
	const struct conn_layer *l = CONN_UNDER(c, level, want);
	int w;

	/* TLS may read in order to write, or write in order to read */
	if (l != NULL && (w = l->ops->want(l->ctx)) != 0)
		return w;
	return dir;
}

size_t
conn_pending_under(struct conn *c, int level)
{
	const struct conn_layer *l = CONN_UNDER(c, level, pending);

	return (c->rlen - c->roff) + (l != NULL ? l->ops->pending(l->ctx) :
	    0);
}

const char *
conn_error_under(const struct conn *c, int level)
{
	const struct conn_layer *l = CONN_UNDER(c, level, error);

	return l != NULL ? l->ops->error(l->ctx) : "protocol error";
}

ssize_t
conn_read(struct conn *c, void *buf, size_t n)
{
	const struct conn_layer *l;
	ssize_t r;

	r = conn_read_under(c, c->nlayers, buf, n);
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
	    (l = CONN_TOP(c, read)) != NULL && l->ops == &tls_layer) {
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
	/* a bare endpoint's write is the descriptor's: the datagram loop */
	if (c->nlayers == 0)
		return write(c->fd, buf, n);
	return conn_write_under(c, c->nlayers, buf, n);
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
	return conn_want_under(c, c->nlayers, dir);
}

size_t
conn_pending(struct conn *c)
{
	return conn_pending_under(c, c->nlayers);
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

size_t
conn_held(const struct conn *c)
{
	const struct conn_layer *l = CONN_TOP(c, held);

	return l != NULL ? l->ops->held(l->ctx) : 0;
}

void *
conn_pop(struct conn *c)
{
	if (c->nlayers == 0)
		return NULL;
	return c->layer[--c->nlayers].ctx;
}

const char *
conn_error(const struct conn *c)
{
	return conn_error_under(c, c->nlayers);
}

int
conn_layer_is(const struct conn *c, int level, int flag)
{
	return level >= 0 && level < c->nlayers &&
	    (c->layer[level].ops->flags & flag) != 0;
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
