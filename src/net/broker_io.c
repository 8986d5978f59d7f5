/*
 * broker_io.c: a broker client's bytes (broker.c is the loop): what it
 * is sent, written at once or queued, the fan-out to the others, what
 * is read from it (with --chat cut into lines), its end of file, and
 * the events the command hears.  broker_int.h is what the files share.
 */
#include <sys/types.h>

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "net/broker.h"
#include "net/broker_int.h"
#include "parse/chat.h"
#include "util/base.h"
#include "util/grow.h"

void
broker_emit_why(struct broker *b, enum broker_event_kind kind,
    const struct bclient *c, const char *peer, size_t n, int error,
    const char *why)
{
	struct broker_event ev;

	if (b->bo->event == NULL)
		return;
	ev.kind = kind;
	ev.peer = c != NULL ? c->label : peer;
	ev.id = c != NULL ? c->id : 0;
	ev.n = n;
	ev.error = error;
	ev.why = why;
	ev.tls = c != NULL ? conn_tls(&c->cn) : NULL;
	b->bo->event(&ev, b->bo->arg);
}

void
broker_emit(struct broker *b, enum broker_event_kind kind,
    const struct bclient *c, const char *peer, size_t n, int error)
{
	broker_emit_why(b, kind, c, peer, n, error, NULL);
}

/* Through c's connection, remembering what a blocked call waits on. */
static ssize_t
client_rd(struct bclient *c, void *buf, size_t n)
{
	ssize_t r;

	c->rd_want = POLLIN;
	if ((r = conn_read(&c->cn, buf, n)) == -1 && errno == EAGAIN)
		c->rd_want = (short)conn_want(&c->cn, POLLIN);
	return r;
}

static ssize_t
client_wr(struct bclient *c, const void *buf, size_t n)
{
	ssize_t r;

	c->wr_want = POLLOUT;
	if ((r = conn_write(&c->cn, buf, n)) == -1 && errno == EAGAIN)
		c->wr_want = (short)conn_want(&c->cn, POLLOUT);
	return r;
}

void
client_kill(struct bclient *c, int why, int error)
{
	if (c->dead)
		return;
	c->dead = why;
	c->error = error;
	if (why == BROKER_EV_DROP)
		c->dropped = c->qlen;
}

int
client_holds(const struct broker *b, const struct bclient *c)
{
	return c->fd != -1 && !c->dead && !c->hs && c->qlen >= b->high &&
	    b->now - c->moved_ms < BROKER_STALL_MS;
}

/*
 * Room in c's queue for n more bytes: moved to the front, or grown (by
 * doubling) up to qmax.  Returns 0, or -1 when n more would pass qmax
 * (or memory ran out: ENOMEM, the client is dropped as well).
 */
static int
queue_room(struct broker *b, struct bclient *c, size_t n)
{
	if (c->qlen + n > b->qmax)
		return -1;
	if (c->qoff + c->qlen + n <= c->qcap)
		return 0;
	if (c->qlen > 0)
		memmove(c->q, c->q + c->qoff, c->qlen);
	c->qoff = 0;
	return grow_to((void **)&c->q, c->qlen + n, &c->qcap, 1);
}

/*
 * Give c the bytes: written at once if nothing waits before them, else
 * (and what the socket did not take) queued.  A full queue drops c, a
 * failed write ends it.
 */
void
client_send(struct broker *b, struct bclient *c, const char *p, size_t n)
{
	ssize_t w;

	if (c->fd == -1 || c->dead || c->closing || c->hs || n == 0)
		return;
	if (c->qlen == 0) {
		while ((w = client_wr(c, p, n)) == -1 && errno == EINTR)
			continue;
		if (w == -1 && errno != EAGAIN && errno != EWOULDBLOCK) {
			client_kill(c, BROKER_EV_LEAVE, errno);
			return;
		}
		if (w > 0) {
			c->moved_ms = b->now;
			p += w;
			n -= (size_t)w;
		}
		if (n == 0)
			return;
	}
	if (queue_room(b, c, n) == -1) {
		client_kill(c, BROKER_EV_DROP, 0);
		return;
	}
	memcpy(c->q + c->qoff + c->qlen, p, n);
	c->qlen += n;
	if (client_holds(b, c))
		b->over = 1;
}

void
broker_fan(struct broker *b, const struct bclient *from, const char *p,
    size_t n)
{
	int i;

	for (i = 0; i < b->top; i++)
		if (&b->cl[i] != from)
			client_send(b, &b->cl[i], p, n);
}

void
client_flush(struct broker *b, struct bclient *c)
{
	ssize_t w;

	while (c->qlen > 0 && !c->dead) {
		w = client_wr(c, c->q + c->qoff, c->qlen);
		if (w == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				client_kill(c, BROKER_EV_LEAVE, errno);
			return;
		}
		c->moved_ms = b->now;
		c->qoff += (size_t)w;
		c->qlen -= (size_t)w;
	}
	if (c->qlen == 0)
		c->qoff = 0;
}

static void
chat_send_line(struct broker *b, struct bclient *c)
{
	size_t n;

	n = chat_line(b->out, b->outsz, c->id, c->ci);
	broker_fan(b, c, b->out, n);
	chat_in_next(c->ci);
}

static void
chat_take(struct broker *b, struct bclient *c, const char *p, size_t n)
{
	size_t k;

	while (n > 0) {
		k = chat_in_feed(c->ci, p, n);
		p += k;
		n -= k;
		if (c->ci->done)
			chat_send_line(b, c);
	}
}

/*
 * c's end of file (a TCP half-close or a TLS close_notify) is its leave,
 * as with ncat: it has said all it had to say, and "echo hi | sockt
 * connect" waits for the broker to close before it exits.  Everything
 * it sent went to the others before this read found the end (with
 * --chat its last partial line goes now, then its leave); it gets what
 * is queued for it already, nothing after, and is closed.
 */
static void
client_eof(struct broker *b, struct bclient *c)
{
	size_t n;

	if (c->ci != NULL) {
		if (chat_in_end(c->ci))
			chat_send_line(b, c);
		n = chat_left(b->out, b->outsz, c->id);
		broker_fan(b, c, b->out, n);
	}
	c->closing = 1;
	if (c->qlen == 0)
		client_kill(c, BROKER_EV_LEAVE, 0);
}

void
client_read(struct broker *b, struct bclient *c)
{
	ssize_t r;

	r = client_rd(c, b->in, c->ci != NULL ? CHAT_READ : BROKER_READ);
	if (r == -1) {
		if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)
			client_kill(c, BROKER_EV_LEAVE, errno);
		return;
	}
	if (r == 0) {
		client_eof(b, c);
		return;
	}
	if (c->ci != NULL)
		chat_take(b, c, b->in, (size_t)r);
	else
		broker_fan(b, c, b->in, (size_t)r);
}
