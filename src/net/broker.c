/*
 * broker.c: listen --broker and --chat, every client in one poll loop:
 * the loop itself (the poll set, each turn, the time limits, a client's
 * close); a client's bytes are broker_io.c's, its way in broker_join.c's.
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
 * Every client is a connection of the stack (net/conn.h).  Over TLS
 * (bo->tls) its TLS is a layer whose handshake is stepped (conn_step)
 * whenever its socket is ready for what the last step wanted, and a
 * client past its time limit is closed at the turn that finds it.
 * Reads and writes go through conn_read and conn_write, each
 * remembering what it waits on: a read may need the socket writable and
 * a write readable.  What the TLS layer has decrypted already is
 * invisible to poll, so a client with such bytes makes the next wait a
 * zero one and is read in that turn.
 * OpenSSL takes a write's rest from another buffer (tls.c sets partial
 * writes from a moving buffer), so what a socket does not take is queued
 * as for TCP, and the queue's front is what the next write retries.
 *
 * Signals: SIGINT, SIGTERM and SIGHUP stay blocked but while the loop
 * waits in server_ppoll, whose handler only sets a flag, as server.c's.
 */
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/broker.h"
#include "net/broker_int.h"
#include "net/net.h"
#include "net/proxyhdr_io.h"
#include "net/server.h"
#include "parse/chat.h"
#include "util/base.h"
#include "util/clock.h"
#include "util/grow.h"
#include "util/sig.h"

static volatile sig_atomic_t got_stop;

static void
on_stop(int sig)
{
	got_stop = sig;
	sig_noted(sig);
}

static const int broker_sigs[] = { SIGINT, SIGTERM, SIGHUP };
#define NSIGS	(sizeof(broker_sigs) / sizeof(broker_sigs[0]))

/*
 * c's connection ended.  A leave after its end of file is the graceful
 * end of every connection (conn_close: over TLS our close_notify, then
 * the FIN), within what is there now: the client has said its last
 * word, and nothing may hold the loop.  A failed header, or a peer over
 * its limit: reset, as at accept.  A failed read, write or handshake,
 * or a drop: closed as it stands, its unread bytes (a reset) telling a
 * dropped client its stream was cut.  fd -2: its gateway closed it
 * already.
 */
static void
client_end(struct bclient *c)
{
	if (c->fd >= 0 && (c->dead == BROKER_EV_HDR_FAIL ||
	    c->dead == BROKER_EV_FULL))
		conn_abort(&c->cn);
	else if (c->fd >= 0 && c->dead == BROKER_EV_LEAVE && c->error == 0)
		(void)conn_close(&c->cn, 0);
	else {
		conn_free(&c->cn);
		if (c->fd >= 0)
			close(c->fd);
	}
	c->fd = -1;
}

/*
 * Free c's slot; with --chat the others hear of a leave not yet said.  A
 * client whose handshake failed never joined: its failure was said.
 */
static void
client_close(struct broker *b, struct bclient *c)
{
	size_t n;

	if (c->dead == BROKER_EV_DROP)
		broker_emit(b, BROKER_EV_DROP, c, NULL, c->dropped, 0);
	else if (c->dead == BROKER_EV_LEAVE)
		broker_emit_why(b, BROKER_EV_LEAVE, c, NULL, 0, c->error,
		    conn_tls(&c->cn) != NULL && c->error == EPROTO ?
		    conn_error(&c->cn) : NULL);
	client_end(c);
	b->live--;
	/* one that never joined (id 0) never leaves */
	if (c->ci != NULL && !c->closing && c->id != 0) {
		n = chat_left(b->out, b->outsz, c->id);
		broker_fan(b, c, b->out, n);
	}
	FREE_NULL(c->q);
	FREE_NULL(c->ci);
	FREE_NULL(c->pp);
	while (b->top > 0 && b->cl[b->top - 1].fd == -1)
		b->top--;
}

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
	char why[SK_ERRLEN];
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
		if (c->pp != NULL)
			proxyhdr_late(c->pp, b->bo->so->proxy_ms > 0 ?
			    b->bo->so->proxy_ms : PROXYHDR_MS, why);
		broker_emit_why(b, c->pp != NULL ? BROKER_EV_HDR_FAIL :
		    BROKER_EV_TLS_FAIL, c, NULL, 0, ETIMEDOUT, c->pp != NULL ?
		    why : "TLS handshake timed out");
		client_kill(c, c->pp != NULL ? BROKER_EV_HDR_FAIL :
		    BROKER_EV_TLS_FAIL, 0);
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
		c->pend = c->may_read && conn_pending(&c->cn) > 0;
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
		if ((n = server_ppoll(b->pfd, (nfds_t)np, ms, waitmask)) == -1) {
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
		conn_free(&b->cl[i].cn);
		if (b->cl[i].fd >= 0)
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
broker_run(int lfd, const struct broker_opts *caller, char *err)
{
	struct sigaction old[NSIGS];
	sigset_t oldmask, waitmask;
	struct broker_opts bo = *caller;
	struct server_opts so = *caller->so;
	struct broker b;
	int ret;

	/* the limits as applied: a descriptor a client (its gateway's) */
	server_settle(&so, lfd, 1);
	bo.so = &so;
	if (broker_alloc(&b, &bo) == -1) {
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
	server_sigs_set(broker_sigs, NSIGS, on_stop, old, &oldmask,
	    &waitmask);
	got_stop = 0;
	ret = broker_loop(&b, lfd, &waitmask, err);
	server_sigs_restore(broker_sigs, NSIGS, old, &oldmask);
	broker_free(&b);
	return ret;
}
