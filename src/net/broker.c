/*
 * broker.c: listen --broker and --chat, every client in one poll loop.
 * See broker.h for the contract.
 *
 * A byte read from one client is written at once to every other client
 * whose queue is empty, and what a socket does not take is queued, so in
 * the common case nothing is copied.  The senders are read only while no
 * client that still reads has a queue over the high-water mark
 * (queue_max less the most one read can add to it, so a read never
 * overflows a client that keeps up); a client over the mark whose socket
 * took nothing for BROKER_STALL_MS no longer holds them back, and its
 * queue overflows and it is dropped.  Whether a client's socket takes
 * bytes is tried by a write every HOLD_POKE_MS while it holds the others
 * back, not left to POLLOUT: the kernel says POLLOUT only once a third of
 * the send buffer is free, which a slow reader behind megabytes of
 * buffer takes seconds to reach while a write goes through as soon as
 * any room is.  Each readable client is read once per turn of the loop,
 * so one fast sender cannot starve the others.
 *
 * Over TLS (bo->tls) a client's handshake is stepped whenever its socket
 * is ready for what the last step wanted, and a client past its time
 * limit is closed at the turn that finds it.  Reads and writes go
 * through tls_read and tls_write, each remembering what it waits on: a
 * read may need the socket writable and a write readable.  What the TLS
 * object has decrypted already is invisible to poll, so a client with
 * such bytes makes the next wait a zero one and is read in that turn.
 * OpenSSL takes a write's rest from another buffer (tls.c sets partial
 * writes from a moving buffer), so what a socket does not take is queued
 * as for TCP, and the queue's front is what the next write retries.
 *
 * Signals: SIGINT, SIGTERM and SIGHUP stay blocked but while the loop
 * waits in ppoll, whose handler only sets a flag, as in server.c.
 */
#define _GNU_SOURCE	/* ppoll */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "net/broker.h"
#include "net/net.h"
#include "net/server.h"
#include "net/tls.h"
#include "parse/chat.h"
#include "sockt.h"
#include "util/clock.h"

#if defined(__linux__) || defined(__FreeBSD__) || defined(__OpenBSD__) || \
    defined(__NetBSD__) || defined(__DragonFly__)
#define HAVE_PPOLL	1
#endif

#define BROKER_READ	(64 * 1024)	/* one read of the broker */
#define CHAT_READ	4096		/* one read of the chat: its lines,
					 * prefixed and escaped, stay small */
#define ACCEPT_BATCH	64		/* accepts per turn of the loop */
#define QUEUE_MIN	(256 * 1024)	/* the smallest queue_max */
#define HOLD_POKE_MS	50		/* a holding client's write retried */
#define BROKER_TLS_MS	10000		/* a handshake's limit by default */

/* One client. */
struct bclient {
	int		 fd;		/* -1: a free slot */
	unsigned long	 id;
	char		 addr[SERVER_ADDRLEN];
	char		 label[SERVER_LABELLEN];
	char		*q;		/* its queue: q[qoff .. qoff + qlen) */
	size_t		 qoff, qlen, qcap;
	long long	 moved_ms;	/* its socket last took bytes */
	int		 closing;	/* it sent its end: read no more; it
					 * leaves once its queue is out, and
					 * gets nothing new */
	int		 dead;		/* to close: BROKER_EV_LEAVE or _DROP */
	int		 error;		/* errno of a LEAVE; 0: end of file */
	size_t		 dropped;	/* DROP: what was queued */
	struct chat_in	*ci;		/* --chat: its line so far */
	struct tls_conn	*t;		/* TLS: its session, else NULL */
	int		 hs;		/* TLS: the handshake is not done */
	long long	 hs_until;	/* its time limit (mono_ms) */
	short		 hs_want;	/* what its next step waits on */
	short		 rd_want;	/* what a read waits on: POLLIN, or
					 * over TLS maybe POLLOUT */
	short		 wr_want;	/* what a write waits on */
	int		 may_read;	/* this turn reads it */
	int		 pend;		/* TLS: bytes decrypted, unread */
};

/* The loop's state. */
struct broker {
	const struct broker_opts *bo;
	struct bclient	*cl;
	int		 ncl;		/* slots: the most clients */
	int		 top;		/* 1 + the highest slot in use */
	int		 rot;		/* where this turn's reads begin */
	int		 live;
	unsigned long	 next_id;
	size_t		 qmax, high;	/* queue_max; the high-water mark */
	int		 over;		/* a reader crossed the mark */
	long long	 now;
	struct pollfd	*pfd;		/* 1 + ncl */
	int		*who;		/* pfd[i + 1] is cl[who[i]] */
	char		*in;		/* a read */
	char		*out;		/* a chat line or announcement */
	size_t		 outsz;
};

static volatile sig_atomic_t got_stop;

static void
on_stop(int sig)
{
	got_stop = sig;
}

static const int broker_sigs[] = { SIGINT, SIGTERM, SIGHUP };
#define NSIGS	(sizeof(broker_sigs) / sizeof(broker_sigs[0]))

static void
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
	ev.tls = c != NULL ? c->t : NULL;
	b->bo->event(&ev, b->bo->arg);
}

static void
broker_emit(struct broker *b, enum broker_event_kind kind,
    const struct bclient *c, const char *peer, size_t n, int error)
{
	broker_emit_why(b, kind, c, peer, n, error, NULL);
}

/* One read from c's socket or its TLS session, as read(2) returns. */
static ssize_t
client_rd(struct bclient *c, void *buf, size_t n)
{
	ssize_t r;

	if (c->t == NULL)
		return read(c->fd, buf, n);
	c->rd_want = POLLIN;
	if ((r = tls_read(c->t, buf, n)) == -1 && errno == EAGAIN)
		c->rd_want = (short)tls_want(c->t);
	return r;
}

/* One write to c, as write(2) returns. */
static ssize_t
client_wr(struct bclient *c, const void *buf, size_t n)
{
	ssize_t r;

	if (c->t == NULL)
		return write(c->fd, buf, n);
	c->wr_want = POLLOUT;
	if ((r = tls_write(c->t, buf, n)) == -1 && errno == EAGAIN)
		c->wr_want = (short)tls_want(c->t);
	return r;
}

/* Mark c to be closed for this reason; the first reason stands. */
static void
client_kill(struct bclient *c, int why, int error)
{
	if (c->dead)
		return;
	c->dead = why;
	c->error = error;
	if (why == BROKER_EV_DROP)
		c->dropped = c->qlen;
}

/* Is c over the mark and still reading, so the senders must wait? */
static int
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
	size_t cap;
	char *q;

	if (c->qlen + n > b->qmax)
		return -1;
	if (c->qoff + c->qlen + n <= c->qcap)
		return 0;
	if (c->qlen + n > c->qcap) {
		cap = c->qcap > 0 ? c->qcap : 16384;
		while (cap < c->qlen + n)
			cap *= 2;
		if (cap > b->qmax)
			cap = b->qmax;
		if ((q = malloc(cap)) == NULL)
			return -1;
		if (c->qlen > 0)
			memcpy(q, c->q + c->qoff, c->qlen);
		free(c->q);
		c->q = q;
		c->qcap = cap;
	} else if (c->qlen > 0)
		memmove(c->q, c->q + c->qoff, c->qlen);
	c->qoff = 0;
	return 0;
}

/*
 * Give c the bytes: written at once if nothing waits before them, else
 * (and what the socket did not take) queued.  A full queue drops c, a
 * failed write ends it.
 */
static void
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

/* The bytes to every client but from (NULL: to all). */
static void
broker_fan(struct broker *b, const struct bclient *from, const char *p,
    size_t n)
{
	int i;

	for (i = 0; i < b->top; i++)
		if (&b->cl[i] != from)
			client_send(b, &b->cl[i], p, n);
}

/* Write what c's socket takes of its queue. */
static void
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

/* --chat: c's whole line (or its end's partial one) to the others. */
static void
chat_send_line(struct broker *b, struct bclient *c)
{
	size_t n;

	n = chat_line(b->out, b->outsz, c->id, c->ci);
	broker_fan(b, c, b->out, n);
	chat_in_next(c->ci);
}

/* --chat: n bytes from c, cut into lines for the others. */
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

/* One read from c, passed on. */
static void
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

/*
 * Free c's slot; with --chat the others hear of a leave not yet said.  A
 * client whose handshake failed never joined: its failure was said.
 */
static void
client_close(struct broker *b, struct bclient *c)
{
	size_t n;

	/* over TLS a leave sends close_notify, if the socket takes it */
	if (c->t != NULL && c->dead == BROKER_EV_LEAVE && c->error == 0)
		(void)tls_shutdown(c->t);
	if (c->dead == BROKER_EV_DROP)
		broker_emit(b, BROKER_EV_DROP, c, NULL, c->dropped, 0);
	else if (c->dead == BROKER_EV_LEAVE)
		broker_emit_why(b, BROKER_EV_LEAVE, c, NULL, 0, c->error,
		    c->t != NULL && c->error == EPROTO ? tls_error(c->t) :
		    NULL);
	tls_close(c->t);
	c->t = NULL;
	close(c->fd);
	c->fd = -1;
	b->live--;
	if (c->ci != NULL && !c->closing && c->dead != BROKER_EV_TLS_FAIL) {
		n = chat_left(b->out, b->outsz, c->id);
		broker_fan(b, c, b->out, n);
	}
	free(c->q);
	free(c->ci);
	c->q = NULL;
	c->ci = NULL;
	while (b->top > 0 && b->cl[b->top - 1].fd == -1)
		b->top--;
}

/* Close the clients marked dead, and those a leave's news killed. */
static void
broker_sweep(struct broker *b)
{
	int i, again;

	do {
		again = 0;
		for (i = 0; i < b->top; i++) {
			if (b->cl[i].fd == -1 || !b->cl[i].dead)
				continue;
			client_close(b, &b->cl[i]);
			again = 1;
		}
	} while (again);
}

/* The address as the per-peer limit counts it: IPv4-mapped as IPv4. */
static const char *
peer_addr(const char *addr)
{
	return strncmp(addr, "::ffff:", 7) == 0 && strchr(addr + 7, '.') ?
	    addr + 7 : addr;
}

static int
peer_count(const struct broker *b, const char *addr)
{
	int i, n = 0;

	for (i = 0; i < b->top; i++)
		if (b->cl[i].fd != -1 && strcmp(peer_addr(b->cl[i].addr),
		    peer_addr(addr)) == 0)
			n++;
	return n;
}

/*
 * A new client in slot c: the -v event, and with --chat its name to all
 * (itself too, so it learns it) and to it the list of who is there.
 */
static void
client_join(struct broker *b, struct bclient *c)
{
	size_t n = 0;
	int i;

	c->id = ++b->next_id;
	broker_emit(b, BROKER_EV_JOIN, c, NULL, 0, 0);
	if (c->ci == NULL)
		return;
	n = chat_joined(b->out, b->outsz, c->addr, c->id);
	broker_fan(b, NULL, b->out, n);
	n = 0;
	for (i = 0; i < b->top; i++)
		if (&b->cl[i] != c && b->cl[i].fd != -1 && !b->cl[i].closing &&
		    !b->cl[i].dead && !b->cl[i].hs)
			n = chat_present(b->out, b->outsz, n, b->cl[i].addr,
			    b->cl[i].id);
	n = chat_present_end(b->out, b->outsz, n);
	client_send(b, c, b->out, n);
}

/*
 * The next step of c's handshake; when done, c joins.  A failure closes
 * c alone, its reason said.
 */
static void
client_handshake(struct broker *b, struct bclient *c)
{
	char terr[SK_ERRLEN];
	int rc;

	if ((rc = tls_handshake_step(c->t, terr)) > 0) {
		c->hs_want = (short)rc;
		return;
	}
	if (rc == -1) {
		broker_emit_why(b, BROKER_EV_TLS_FAIL, c, NULL, 0, 0, terr);
		client_kill(c, BROKER_EV_TLS_FAIL, 0);
		return;
	}
	c->hs = 0;
	c->moved_ms = b->now;
	broker_emit(b, BROKER_EV_TLS, c, NULL, 0, 0);
	client_join(b, c);
}

/*
 * Accept, screen and seat one client.  Returns 1 when one was taken (or
 * refused), 0 when none is pending, -1 with err when the listener
 * failed; *backoff set when out of resources.
 */
static int
broker_accept(struct broker *b, int lfd, int *backoff, char *err)
{
	struct server_opts quiet = *b->bo->so;
	struct server_conn sc;
	struct bclient *c;
	char terr[SK_ERRLEN];
	int i, n, save;

	quiet.verbose = 0;
	quiet.need_peer = 1;
	quiet.event = NULL;
	if ((n = server_accept_one(lfd, &quiet, 0, &sc)) == 0) {
		broker_emit(b, BROKER_EV_DENIED, NULL, sc.label, 0, 0);
		return 1;
	}
	if (n == -1) {
		switch (server_accept_failed(errno)) {
		case SERVER_ACCEPT_NONE:
			return 0;
		case SERVER_ACCEPT_SKIP:
			return 1;
		case SERVER_ACCEPT_SHORT:
			*backoff = 1;
			broker_emit(b, BROKER_EV_ACCEPT, NULL, NULL, 0, errno);
			return 0;
		case SERVER_ACCEPT_FATAL:
			break;
		}
		snprintf(err, SK_ERRLEN, "accept: %s", strerror(errno));
		return -1;
	}
	if (b->live >= b->ncl) {
		broker_emit(b, BROKER_EV_MAX, NULL, sc.label, (size_t)b->live,
		    0);
		server_reset(sc.fd);
		return 1;
	}
	if (b->bo->so->max_per_peer > 0 &&
	    (n = peer_count(b, sc.addr)) >= b->bo->so->max_per_peer) {
		broker_emit(b, BROKER_EV_FULL, NULL, sc.label, (size_t)n, 0);
		server_reset(sc.fd);
		return 1;
	}
	if (b->bo->wrap != NULL &&
	    (sc.fd = b->bo->wrap(sc.fd, &sc, b->bo->wrap_arg)) == -1)
		return 1;
	for (i = 0; b->cl[i].fd != -1; i++)
		continue;
	c = &b->cl[i];
	memset(c, 0, sizeof(*c));
	if (i >= b->top)
		b->top = i + 1;
	c->fd = sc.fd;
	if (net_set_nonblock(c->fd, 1) == -1 || (b->bo->chat &&
	    (c->ci = malloc(sizeof(*c->ci))) == NULL)) {
		save = errno;
		close(c->fd);
		c->fd = -1;
		broker_emit(b, BROKER_EV_ACCEPT, NULL, NULL, 0, save);
		*backoff = 1;
		return 0;
	}
	if (c->ci != NULL)
		chat_in_init(c->ci);
	memcpy(c->addr, sc.addr, sizeof(c->addr));
	memcpy(c->label, sc.label, sizeof(c->label));
	c->moved_ms = b->now;
	c->rd_want = POLLIN;
	c->wr_want = POLLOUT;
	b->live++;
	if (b->bo->tls == NULL) {
		client_join(b, c);
		return 1;
	}
	if ((c->t = tls_server_new(c->fd, b->bo->tls, terr)) == NULL) {
		broker_emit_why(b, BROKER_EV_TLS_FAIL, c, NULL, 0, 0, terr);
		client_kill(c, BROKER_EV_TLS_FAIL, 0);
		return 1;
	}
	c->hs = 1;
	c->hs_until = b->now + (b->bo->tls_ms > 0 ? b->bo->tls_ms :
	    BROKER_TLS_MS);
	/* a first step now: it finds the client's hello if it came with
	 * the connection, else says what it waits on */
	client_handshake(b, c);
	return 1;
}

/*
 * Is c leaving with a queue its socket has taken nothing of for
 * BROKER_STALL_MS?  Nothing new reaches a leaving client, so its queue
 * never overflows to drop it: without this one that stopped reading
 * would hold its slot, and count against -m, for as long as its peer
 * keeps the connection.
 */
static int
client_stuck(const struct broker *b, const struct bclient *c)
{
	return c->fd != -1 && !c->dead && c->closing && c->qlen > 0 &&
	    b->now - c->moved_ms >= BROKER_STALL_MS;
}

/*
 * Close the clients whose handshake ran out of time, and drop the
 * leaving ones stuck on their queue.  A stuck one is written to once
 * more first: poll says POLLOUT only once a third of the send buffer is
 * free, a write goes through as soon as any room is, so a slow reader
 * is not taken for one that stopped.
 */
static void
broker_expire(struct broker *b)
{
	struct bclient *c;
	int i;

	for (i = 0; i < b->top; i++) {
		c = &b->cl[i];
		if (client_stuck(b, c)) {
			client_flush(b, c);
			if (c->qlen == 0)
				client_kill(c, BROKER_EV_LEAVE, 0);
			else if (client_stuck(b, c))
				client_kill(c, BROKER_EV_DROP, 0);
			continue;
		}
		if (c->fd == -1 || !c->hs || c->dead || b->now < c->hs_until)
			continue;
		broker_emit_why(b, BROKER_EV_TLS_FAIL, c, NULL, 0, ETIMEDOUT,
		    "TLS handshake timed out");
		client_kill(c, BROKER_EV_TLS_FAIL, 0);
	}
}

/*
 * The poll set for this turn: the listener, and each client for what it
 * needs (reading only while nobody holds the senders back).  Returns the
 * number of entries; *wait_ms is how long poll may wait (-1: no limit).
 */
static int
broker_poll_set(struct broker *b, int lfd, int backoff, int *wait_ms)
{
	struct bclient *c;
	long long until = -1;
	int i, np = 1, hold = 0, pend = 0;
	short ev;

	for (i = 0; i < b->top; i++) {
		c = &b->cl[i];
		if (client_holds(b, c)) {
			hold = 1;
			if (until == -1 || c->moved_ms + BROKER_STALL_MS < until)
				until = c->moved_ms + BROKER_STALL_MS;
		}
		if (c->fd != -1 && c->hs && (until == -1 || c->hs_until <
		    until))
			until = c->hs_until;
		/* a leaving client's queue: moving, or dropped then */
		if (c->fd != -1 && !c->dead && c->closing && c->qlen > 0 &&
		    (until == -1 || c->moved_ms + BROKER_STALL_MS < until))
			until = c->moved_ms + BROKER_STALL_MS;
	}
	b->pfd[0].fd = lfd;
	b->pfd[0].events = backoff ? 0 : POLLIN;
	/* a client with nothing to do is left out: a hung-up socket
	 * would wake poll again and again while the senders wait */
	for (i = 0; i < b->top; i++) {
		c = &b->cl[i];
		if (c->fd == -1)
			continue;
		c->may_read = !hold && !c->closing && !c->hs;
		c->pend = c->may_read && c->t != NULL && tls_pending(c->t) > 0;
		if (c->pend)
			pend = 1;
		if (c->hs)
			ev = c->hs_want;
		else
			ev = (short)((c->may_read ? c->rd_want : 0) |
			    (c->qlen > 0 ? c->wr_want : 0));
		if (ev == 0)
			continue;
		b->pfd[np].fd = c->fd;
		b->pfd[np].events = ev;
		b->pfd[np].revents = 0;
		b->who[np - 1] = i;
		np++;
	}
	b->pfd[0].revents = 0;
	/* a handshake's limit may have passed since the turn looked */
	*wait_ms = until == -1 ? -1 : until <= b->now ? 0 :
	    (int)(until - b->now) + 1;
	if (hold && *wait_ms > HOLD_POKE_MS)
		*wait_ms = HOLD_POKE_MS;
	if (backoff && (*wait_ms == -1 || *wait_ms > 100))
		*wait_ms = 100;
	if (pend)
		*wait_ms = 0;
	return np;
}

static int
broker_wait(struct broker *b, int np, int ms, const sigset_t *waitmask)
{
#ifdef HAVE_PPOLL
	struct timespec ts, *tsp = NULL;

	if (ms >= 0) {
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = (long)(ms % 1000) * 1000000L;
		tsp = &ts;
	}
	return ppoll(b->pfd, (nfds_t)np, tsp, waitmask);
#else
	sigset_t old;
	int n;

	/* a signal between the check and poll waits for the next event */
	(void)sigprocmask(SIG_SETMASK, waitmask, &old);
	n = poll(b->pfd, (nfds_t)np, ms);
	(void)sigprocmask(SIG_SETMASK, &old, NULL);
	return n;
#endif
}

/* The events of one turn: new clients, writes, then reads. */
static int
broker_turn(struct broker *b, int lfd, int np, int *backoff, char *err)
{
	struct bclient *c;
	short re;
	int i, k, rc;

	b->now = mono_ms();
	if (b->pfd[0].revents & POLLIN)
		for (k = 0; k < ACCEPT_BATCH; k++)
			if ((rc = broker_accept(b, lfd, backoff, err)) <= 0) {
				if (rc == -1)
					return -1;
				break;
			}
	for (i = 1; i < np; i++) {
		c = &b->cl[b->who[i - 1]];
		re = b->pfd[i].revents;
		if (c->hs) {
			if (!c->dead && (re & (c->hs_want | POLLERR | POLLHUP)))
				client_handshake(b, c);
			continue;
		}
		/* a client that holds the rest back is tried each turn */
		if (((re & (c->wr_want | POLLERR | POLLHUP)) ||
		    client_holds(b, c)) && c->qlen > 0) {
			client_flush(b, c);
			if (c->closing && c->qlen == 0)
				client_kill(c, BROKER_EV_LEAVE, 0);
		}
	}
	/* each turn begins its reads one client further on: when the
	 * mark stops them early, the same few do not always go first */
	b->over = 0;
	b->rot = np > 1 ? (b->rot + 1) % (np - 1) : 0;
	for (k = 0; k < np - 1 && !b->over; k++) {
		i = 1 + (b->rot + k) % (np - 1);
		c = &b->cl[b->who[i - 1]];
		re = b->pfd[i].revents;
		if (c->may_read && c->fd != -1 && !c->dead && (c->pend ||
		    (re & (c->rd_want | POLLERR | POLLHUP))))
			client_read(b, c);
	}
	broker_expire(b);
	broker_sweep(b);
	return 0;
}

static int
broker_loop(struct broker *b, int lfd, const sigset_t *waitmask, char *err)
{
	int np, n, ms, backoff = 0;

	for (;;) {
		if (got_stop)
			return 0;
		b->now = mono_ms();
		np = broker_poll_set(b, lfd, backoff, &ms);
		backoff = 0;
		if ((n = broker_wait(b, np, ms, waitmask)) == -1) {
			if (errno == EINTR)
				continue;
			snprintf(err, SK_ERRLEN, "poll: %s", strerror(errno));
			return -1;
		}
		/* with n 0 nothing is ready: the turn retries the holders */
		if (broker_turn(b, lfd, np, &backoff, err) == -1)
			return -1;
	}
}

/* The broker's memory; -1 with errno when there is not enough. */
static int
broker_alloc(struct broker *b, const struct broker_opts *bo)
{
	int i;

	memset(b, 0, sizeof(*b));
	b->bo = bo;
	b->ncl = bo->so->max_children < 1 ? 1 : bo->so->max_children;
	b->qmax = bo->queue_max > 0 ? bo->queue_max : BROKER_QUEUE_MAX;
	if (b->qmax < QUEUE_MIN)
		b->qmax = QUEUE_MIN;
	/* the most one read can add: a chat read's lines, each prefixed
	 * and each byte escaped, or a broker's read as it is */
	b->high = b->qmax - (bo->chat ? (CHAT_READ + 1) *
	    (CHAT_PREFIX_MAX + 4) : BROKER_READ) - 4096;
	b->outsz = CHAT_OUT_MAX + 64;
	if ((b->cl = calloc((size_t)b->ncl, sizeof(*b->cl))) == NULL)
		return -1;
	/* before anything can fail: broker_free closes the fds it finds */
	for (i = 0; i < b->ncl; i++)
		b->cl[i].fd = -1;
	b->pfd = calloc((size_t)b->ncl + 1, sizeof(*b->pfd));
	b->who = calloc((size_t)b->ncl, sizeof(*b->who));
	b->in = malloc(BROKER_READ);
	b->out = malloc(b->outsz);
	if (b->pfd == NULL || b->who == NULL || b->in == NULL ||
	    b->out == NULL)
		return -1;
	return 0;
}

static void
broker_free(struct broker *b)
{
	int i;

	for (i = 0; b->cl != NULL && i < b->ncl; i++) {
		if (b->cl[i].fd == -1)
			continue;
		tls_close(b->cl[i].t);
		close(b->cl[i].fd);
		free(b->cl[i].q);
		free(b->cl[i].ci);
	}
	free(b->cl);
	free(b->pfd);
	free(b->who);
	free(b->in);
	free(b->out);
}

int
broker_run(int lfd, const struct broker_opts *bo, char *err)
{
	struct sigaction sa, old[NSIGS];
	sigset_t block, oldmask, waitmask;
	struct broker b;
	size_t k;
	int ret;

	if (broker_alloc(&b, bo) == -1) {
		snprintf(err, SK_ERRLEN, "%s", strerror(errno));
		broker_free(&b);
		return -1;
	}
	if (fcntl(lfd, F_SETFD, FD_CLOEXEC) == -1 ||
	    net_set_nonblock(lfd, 1) == -1) {
		snprintf(err, SK_ERRLEN, "listening socket: %s",
		    strerror(errno));
		broker_free(&b);
		return -1;
	}
	sigemptyset(&block);
	for (k = 0; k < NSIGS; k++)
		sigaddset(&block, broker_sigs[k]);
	(void)sigprocmask(SIG_BLOCK, &block, &oldmask);
	waitmask = oldmask;
	for (k = 0; k < NSIGS; k++)
		sigdelset(&waitmask, broker_sigs[k]);
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: a signal ends the wait; and it overrides the
	 * SIG_IGN a shell gives a background job for SIGINT */
	sa.sa_handler = on_stop;
	for (k = 0; k < NSIGS; k++)
		(void)sigaction(broker_sigs[k], &sa, &old[k]);
	got_stop = 0;

	ret = broker_loop(&b, lfd, &waitmask, err);

	for (k = 0; k < NSIGS; k++)
		(void)sigaction(broker_sigs[k], &old[k], NULL);
	(void)sigprocmask(SIG_SETMASK, &oldmask, NULL);
	broker_free(&b);
	return ret;
}
