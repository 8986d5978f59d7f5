/*
 * ws_relay.c: the WebSocket relay (ws.h): messages between a pair of
 * descriptors, or a second endpoint, and a connection that speaks RFC
 * 6455, in one poll loop: its waits, its timers (-q, -i, --ws-ping) and
 * its end.  The frames from the socket are ws_in.c's, those to it
 * ws_out.c's (ws_int.h).
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/conn.h"
#include "net/relay.h"
#include "parse/ws.h"
#include "util/base.h"
#include "util/clock.h"
#include "ws/ws.h"
#include "ws/ws_int.h"

void
ws_opts_init(struct ws_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->stop_fd = -1;
	o->max_message = WS_MAX_MESSAGE;
}

/* The timers: quit (-q), idle (-i), pings.  0, or -1 with err. */
static int
timers(struct wsr *r, long long now)
{
	if (r->quit_at >= 0 && now >= r->quit_at) {
		/* -q: our Close went, and we waited long enough */
		r->quit_at = -2;
		return 0;
	}
	if (r->hc_at >= 0 && now >= r->hc_at) {
		/* --ws-half-close: in_fd had its time; the Close answered */
		r->hc_at = -1;
		return wsr_close_out(r, r->end->peer_code == WS_CLOSE_NONE ?
		    WS_CLOSE_NONE : WS_CLOSE_NORMAL, "");
	}
	if (r->ro->idle_ms >= 0 && now - r->active >= r->ro->idle_ms) {
		snprintf(r->err, SK_ERRLEN, "idle for %d.%03d s (-i)",
		    r->ro->idle_ms / 1000, r->ro->idle_ms % 1000);
		(void)wsr_close_out(r, WS_CLOSE_AWAY, "idle");
		return -1;
	}
	if (r->pong_by >= 0 && now >= r->pong_by) {
		snprintf(r->err, SK_ERRLEN, "no pong within %d.%03d s "
		    "(--ws-ping)", r->o->ping_ms / 1000, r->o->ping_ms % 1000);
		/* a peer that does not answer is gone: our Close goes as
		 * far as the socket takes it now, and no answer is awaited */
		r->peer_gone = 1;
		(void)wsr_close_out(r, WS_CLOSE_AWAY, "no pong");
		return -1;
	}
	if (r->ping_at >= 0 && now >= r->ping_at && !r->sent_close) {
		r->ping_seq++;
		if (wsr_frame_out(r, 1, WS_OP_PING,
		    (unsigned char *)&r->ping_seq, 4) == -1)
			return -1;
		if (r->pong_by < 0)
			r->pong_by = now + r->o->ping_ms;
		r->ping_at = now + r->o->ping_ms;
	}
	return 0;
}

/* How long poll may wait: the nearest timer, -1 for none. */
static int
wait_ms(const struct wsr *r, long long now)
{
	long long t = -1, at[5];
	int i;

	at[0] = r->quit_at;
	at[1] = r->ro->idle_ms >= 0 ? r->active + r->ro->idle_ms : -1;
	at[2] = r->pong_by;
	at[3] = r->sent_close ? -1 : r->ping_at;
	at[4] = r->hc_at;
	for (i = 0; i < 5; i++)
		if (at[i] >= 0 && (t < 0 || at[i] < t))
			t = at[i];
	if (t < 0)
		return -1;
	t -= now;
	return t < 0 ? 0 : t > 86400000 ? 86400000 : (int)t;
}

/* Whether io's layers hold bytes of in_fd's, which poll cannot see. */
static int
io_held(struct wsr *r, int reading_in)
{
	return reading_in && r->io != NULL && conn_pending(r->io) > 0;
}

/*
 * Whether to read the socket: not while out_fd's queue is over its mark
 * (a reader that is behind holds the peer back), nor w over WS_WMAX.
 */
static int
sock_reading(const struct wsr *r)
{
	return r->out.len - r->out.off < WS_OHIGH &&
	    r->w.len - r->w.off < WS_WMAX;
}

/*
 * The poll set: the socket first, then in_fd and out_fd as they are
 * waited on (one entry when they are one socket: a bridge, a program's
 * socketpair; an endpoint's layers may wait the other way), then
 * stop_fd.  Its length.
 */
static int
poll_set(struct wsr *r, struct pollfd *pfd, int reading_in)
{
	int i, n = 1, writing_out = r->out.off < r->out.len;
	short ev;

	pfd[0].fd = r->c->conn->fd;
	pfd[0].events = sock_reading(r) ? POLLIN : 0;
	if (r->w.off < r->w.len)
		pfd[0].events |= (short)(r->wwant ? r->wwant : POLLOUT);
	/* a hangup not read yet is reported whatever the events: left
	 * out, else poll would return at once, again and again */
	if (pfd[0].events == 0 && r->sock_hup)
		pfd[0].fd = -1;
	if (reading_in || (writing_out && r->bridge)) {
		ev = 0;
		if (reading_in)
			ev |= (short)(r->iwant ? r->iwant : POLLIN);
		if (writing_out && r->bridge)
			ev |= (short)(r->owant ? r->owant : POLLOUT);
		pfd[n].fd = r->in_fd;
		pfd[n++].events = ev;
	}
	if (writing_out && !r->bridge) {
		pfd[n].fd = r->out_fd;
		pfd[n++].events = POLLOUT;
	}
	if (r->o->stop_fd >= 0) {
		pfd[n].fd = r->o->stop_fd;
		pfd[n++].events = POLLIN;
	}
	for (i = 0; i < n; i++)
		pfd[i].revents = 0;
	return n;
}

/*
 * stop_fd is readable (a signal): Close 1001, nothing more read from
 * in_fd, and the peer's answer awaited within the bound; a signal once
 * our Close has gone (a second Ctrl-C) ends the wait.
 */
static int
stop_now(struct wsr *r, const struct pollfd *pfd, int n)
{
	char b[64];

	if (r->o->stop_fd < 0 || n < 2 || pfd[n - 1].fd != r->o->stop_fd ||
	    pfd[n - 1].revents == 0)
		return 0;
	while (read(r->o->stop_fd, b, sizeof(b)) > 0)
		;
	if (r->sent_close) {
		r->quit_at = -2;
		return 0;
	}
	r->in_eof = 1;
	return wsr_close_out(r, WS_CLOSE_AWAY, "going away");
}

/*
 * A burst from the peer (an echo server answering thousands of messages
 * in segments of a few KB): rather than wake for each segment, let them
 * pile up in the socket (SO_RCVLOWAT) and read them every WS_BATCH_MS,
 * as a busy client does, a fraction of the reads and writes.  A read
 * that finds nothing ends the burst: a message that comes alone after
 * one waits WS_BATCH_MS at most, and none at all once it is over.
 */
static void
batch_adapt(struct wsr *r, size_t got, int timed_out)
{
	long long now = mono_ms();
	int lowat;

	if (r->batch) {
		if (timed_out && got == 0) {
			lowat = 1;
			(void)setsockopt(r->c->conn->fd, SOL_SOCKET, SO_RCVLOWAT,
			    &lowat, sizeof(lowat));
			r->batch = 0;
			r->burst_n = 0;
		}
		return;
	}
	if (got == 0)
		return;
	if (r->burst_n == 0 || now - r->burst_at > WS_BURST_MS) {
		r->burst_at = now;
		r->burst_n = 0;
	}
	if (++r->burst_n < WS_BURST_READS)
		return;
	lowat = WS_BATCH_LOWAT;
	if (setsockopt(r->c->conn->fd, SOL_SOCKET, SO_RCVLOWAT, &lowat,
	    sizeof(lowat)) == 0)
		r->batch = 1;
}

/* The socket's read, and what it says of a burst.  0, or -1 with err. */
static int
sock_read(struct wsr *r, int timed_out)
{
	r->read_at = mono_ms();
	if (wsr_sock_read(r) == -1)
		return -1;
	batch_adapt(r, r->last_read, timed_out);
	return 0;
}

static int
relay_loop(struct wsr *r)
{
	struct pollfd pfd[4];
	int n, to, reading_in, timed_out;

	if (wsr_frames_in(r) == -1)
		return -1;
	for (;;) {
		if (wsr_oflush(r) == -1)
			return -1;
		if (r->peer_eof && r->out.off == r->out.len)
			wsr_out_end(r);
		/* frames left in rbuf while out was over its mark */
		if (r->c->roff < r->c->rlen && sock_reading(r) &&
		    wsr_frames_in(r) == -1)
			return -1;
		/* the pong owed goes once the one before it has */
		if (wsr_wflush(r) == -1 || wsr_pong_out(r) == -1 ||
		    wsr_wflush(r) == -1)
			return -1;
		/* the end: both Closes, ours written (or -q passed) */
		if (r->got_close && r->sent_close)
			return 0;
		if (r->quit_at == -2)
			return 0;
		reading_in = !r->ro->no_stdin && !r->in_eof && !r->sent_close &&
		    r->w.len - r->w.off < WS_WHIGH;
		n = poll_set(r, pfd, reading_in);
		to = wait_ms(r, mono_ms());
		if (r->batch && sock_reading(r) && (to < 0 ||
		    to > WS_BATCH_MS))
			to = WS_BATCH_MS;
		if (conn_pending(r->c->conn) > 0 || io_held(r, reading_in))
			to = 0;
		if (poll(pfd, (nfds_t)n, to) == -1) {
			if (errno == EINTR)
				continue;
			snprintf(r->err, SK_ERRLEN, "poll: %s", strerror(errno));
			return -1;
		}
		/* a burst's time is up: what piled up, under the mark too
		 * (whatever else woke us: stdin read on and on must not hold
		 * the last of a burst back) */
		timed_out = r->batch && sock_reading(r) &&
		    mono_ms() - r->read_at >= WS_BATCH_MS;
		if (stop_now(r, pfd, n) == -1 || timers(r, mono_ms()) == -1)
			return -1;
		if (pfd[0].revents & (POLLHUP | POLLERR))
			r->sock_hup = 1;
		if (sock_reading(r) && (timed_out ||
		    (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) ||
		    conn_pending(r->c->conn) > 0 ||
		    ((pfd[0].revents & POLLOUT) && r->wwant == POLLIN))) {
			if (sock_read(r, timed_out) == -1)
				return -1;
		}
		if (reading_in && ((n > 1 && pfd[1].fd == r->in_fd &&
		    (pfd[1].revents & (POLLIN | POLLHUP | POLLERR |
		    r->iwant))) || io_held(r, reading_in)) &&
		    wsr_in_read(r) == -1)
			return -1;
	}
}

int
ws_relay(struct ws_conn *c, const struct relay_opts *ro,
    const struct ws_opts *o, struct ws_end *end, char *err)
{
	struct wsr r;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(end, 0, sizeof(*end));
	end->peer_code = -1;
	end->sent_code = -1;
	err[0] = '\0';
	r.c = c;
	r.ro = ro;
	r.o = o;
	r.end = end;
	r.err = err;
	r.io = ro->io_conn;
	r.in_fd = r.io != NULL ? r.io->fd : ro->in_fd;
	r.out_fd = r.io != NULL ? r.io->fd : ro->out_fd;
	r.bridge = r.in_fd == r.out_fd;
	r.quit_at = -1;
	r.hc_at = -1;
	r.pong_by = -1;
	r.active = mono_ms();
	r.ping_at = o->ping_ms > 0 ? r.active + o->ping_ms : -1;
	ws_utf8_init(&r.utf8_out);
	r.ibuf = malloc(WS_IBUF);
	r.out.b = malloc(WS_OBUF);
	r.out.cap = WS_OBUF;
	if (r.ibuf == NULL || r.out.b == NULL) {
		snprintf(err, SK_ERRLEN, "%s", strerror(errno));
		rc = -1;
	} else {
		rc = relay_loop(&r);
		/* a reader of out_fd that left: our Close says we go */
		if (rc == -1 && r.out_gone && err[0] == '\0')
			(void)wsr_close_out(&r, WS_CLOSE_AWAY, "");
		wsr_odrain(&r);
		if (r.peer_eof)
			wsr_out_end(&r);
		wsr_wdrain(&r);
		/*
		 * The endpoint's close (conn_close, the caller's) need not
		 * wait: after a closing handshake nothing may come (RFC 6455
		 * 5.5.1), and a peer gone has nothing to say
		 */
		if (r.peer_gone)
			c->conn->peer_end = CONN_PEER_GONE;
		else if (r.got_close && r.sent_close)
			c->conn->peer_end = CONN_PEER_DONE;
	}
	free(r.ibuf);
	free(r.out.b);
	free(r.w.b);
	free(r.mbuf);
	return rc;
}
