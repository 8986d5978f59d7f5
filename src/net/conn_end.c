/*
 * conn_end.c: the graceful end of an endpoint of the connection stack
 * (conn.h), written once for every mode: a TLS client's wait for the
 * server's end or silence before its close_notify, our output ended by
 * each layer that has a way (close_notify, TLS inside TLS's both), then
 * the descriptor's FIN and lingering close (linger.h); a step at a time
 * for a poll loop that serves others meanwhile (conn_close_step), or
 * whole (conn_close, a loop over the steps); and a reset on purpose.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <unistd.h>

#include "net/conn.h"
#include "net/linger.h"
#include "net/net.h"
#include "util/clock.h"

/*
 * Before a TLS client's close_notify (conn_shut_quiet): the server's
 * end, or its silence, within the bound; what it still sends is read
 * and discarded, as the lingering close after would.  0 once it is
 * over, else the events to wait for.
 */
static int
end_await(struct conn *c)
{
	char buf[4096];
	ssize_t n;

	for (;;) {
		if ((n = conn_read(c, buf, sizeof(buf))) > 0) {
			/* a server that never stops is bounded too: in time,
			 * and in bytes with the lingering close after */
			c->end_left -= (size_t)n < c->end_left ? (size_t)n :
			    c->end_left;
			if ((c->end_last = mono_ms()) >= c->end_due ||
			    c->end_left == 0)
				return 0;
			continue;
		}
		if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR))
			return 0;
		if (mono_ms() >= conn_close_due(c))
			return 0;
		return conn_want(c, POLLIN);
	}
}

/*
 * Our output ended: the top layer's way (conn_shut_wr), then each layer
 * below it with an end of its own, top down (TLS inside TLS: the
 * proxy's close_notify after the server's); a layer whose handshake
 * failed or never began sends nothing (tls_shutdown); the layers freed.
 */
static void
end_output(struct conn *c)
{
	int i, top;

	for (top = c->nlayers - 1; top >= 0; top--)
		if (c->layer[top].ops->shut_wr != NULL)
			break;
	(void)conn_shut_wr(c);
	for (i = top - 1; i >= 0; i--)
		if (c->layer[i].ops->shut_wr != NULL)
			(void)c->layer[i].ops->shut_wr(c->layer[i].ctx);
	conn_free(c);
}

/*
 * The first step of the end: its bound; 1 when a TLS client's peer
 * that has not ended first is awaited, else 0.
 */
static int
end_begin(struct conn *c, int ms)
{
	if (ms < 0 && c->peer_end == CONN_PEER_DONE)
		ms = CONN_DONE_MS;
	else if (ms < 0 && c->peer_end == CONN_PEER_GONE)
		ms = 0;
	c->end_ms = ms;
	c->end_left = c->refused ? CONN_REFUSED_CAP : CONN_LINGER_CAP;
	c->end_last = mono_ms();
	c->end_due = c->end_last + (ms < 0 ? CONN_LINGER_MS : ms);
	return !(conn_shut_quiet(c) <= 0 || ms == 0 || c->shut ||
	    c->eof_seen || c->peer_end || net_set_nonblock(c->fd, 1) == -1);
}

/*
 * Our output ends, then the descriptor's: the lingering close begins on
 * a stream socket (1); anything else is closed at once (0).
 */
static int
end_linger(struct conn *c)
{
	end_output(c);
	c->ending = CONN_END_LINGER;
	if (!c->stream || linger_begin(c->fd) == -1) {
		(void)close(c->fd);
		c->fd = -1;
		c->ending = 0;
		return 0;
	}
	c->end_due = mono_ms() + (c->end_ms < 0 ? CONN_LINGER_MS : c->end_ms);
	return 1;
}

/*
 * The graceful end, a step at a time: our output ended by the top
 * layer that has a way (close_notify; a TLS client's once the server
 * has ended or gone quiet) and the layers below, the layers freed, then
 * the descriptor's own ending: a stream socket's FIN and lingering
 * close, any other a close.  The lingering's default bound is shorter
 * for a peer that owes nothing more (peer_end).
 */
int
conn_close_step(struct conn *c, int ms)
{
	int rc, done, save_errno = errno;

	if (c->fd < 0) {
		conn_free(c);
		c->ending = 0;
		return 0;
	}
	if (c->ending == 0 && end_begin(c, ms))
		c->ending = CONN_END_AWAIT;
	if (c->ending == CONN_END_AWAIT && (rc = end_await(c)) > 0) {
		errno = save_errno;
		return rc;
	}
	if (c->ending != CONN_END_LINGER && end_linger(c) == 0) {
		errno = save_errno;
		return 0;
	}
	done = c->end_left == 0 || linger_drain(c->fd, &c->end_left);
	errno = save_errno;
	if (!done && mono_ms() < c->end_due)
		return POLLIN;
	(void)close(c->fd);
	c->fd = -1;
	c->ending = 0;
	errno = save_errno;
	return done && c->end_left > 0 ? 0 : -1;
}

long long
conn_close_due(const struct conn *c)
{
	long long q;

	if (c->ending == 0)
		return -1;
	if (c->ending != CONN_END_AWAIT)
		return c->end_due;
	/* the server's silence of conn_shut_quiet, within the bound */
	q = c->end_last + conn_shut_quiet(c);
	return q < c->end_due ? q : c->end_due;
}

int
conn_close(struct conn *c, int ms)
{
	struct pollfd pfd;
	long long wait;
	int rc, save_errno = errno;

	while ((rc = conn_close_step(c, ms)) > 0) {
		wait = conn_close_due(c) - mono_ms();
		pfd.fd = c->fd;
		pfd.events = (short)rc;
		/* no way to wait: what is left ends now */
		if (poll(&pfd, 1, wait > 0 ? (int)wait : 0) == -1 &&
		    errno != EINTR)
			c->end_due = mono_ms();
	}
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
