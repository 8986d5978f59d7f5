/*
 * ws_layer.c: WebSocket as a layer of the connection stack (ws.h,
 * net/conn.h): its reads are the peer's messages (ws_in.c takes the
 * frames apart: pings answered, fragments joined, text checked, deflate
 * undone, the peer's Close the end), its writes become our messages
 * (ws_out.c), its end of output is our Close, and its wake does what
 * has a time (-q's and the closing handshake's bound, -i, --ws-ping and
 * its pong's deadline, --ws-half-close, a burst's reads).  ws_relay
 * pushes it on the endpoint after the upgrade and hands the endpoint
 * to net/relay.c, the one relay, with the other side as the plain
 * relay has it; what the relay cannot tell (the Close codes, which
 * side failed) the layer keeps for ws_relay's caller.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	o->max_message = WS_MAX_MESSAGE;
}

/* The timers: quit (-q), idle (-i), pings.  0, or -1 with err. */
static int
timers(struct wsr *r, long long now)
{
	if (r->quit_at >= 0 && now >= r->quit_at) {
		/* -q: our Close went, and we waited long enough */
		r->quit_at = -2;
		r->ended = 1;
		return 0;
	}
	if (r->hc_at >= 0 && now >= r->hc_at) {
		/* --ws-half-close: our output had its time; the Close
		 * answered */
		r->hc_at = -1;
		r->in_eof = 1;
		return wsr_close_out(r, r->end->peer_code == WS_CLOSE_NONE ?
		    WS_CLOSE_NONE : WS_CLOSE_NORMAL, "");
	}
	if (r->idle_ms >= 0 && now - r->active >= r->idle_ms) {
		snprintf(r->err, SK_ERRLEN, "idle for %d.%03d s (-i)",
		    r->idle_ms / 1000, r->idle_ms % 1000);
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

/* A step failed: reads and writes fail from now on, err says why. */
static void
failed(struct wsr *r)
{
	if (r->err[0] == '\0')
		snprintf(r->err, SK_ERRLEN, "%s", strerror(errno));
	r->failed = 1;
}

/* Whether the socket may be read: not while w is over WS_WMAX (ws_int.h). */
static int
sock_reading(const struct wsr *r)
{
	return r->w.len - r->w.off < WS_WMAX;
}

/*
 * What is due now: the timers, the pong owed (once the one before it
 * has gone), what w holds as far as the socket takes it, and the
 * closing handshake's end.  0, or -1 (failed).
 */
static int
tick(struct wsr *r)
{
	if (r->failed)
		return -1;
	if (timers(r, mono_ms()) == -1 || wsr_wflush(r) == -1 ||
	    wsr_pong_out(r) == -1 || wsr_wflush(r) == -1) {
		failed(r);
		return -1;
	}
	/* both Closes: nothing may follow (RFC 6455 5.5.1), and the
	 * relay ends at the peer's end whatever the other side does */
	if (r->got_close && r->sent_close)
		r->c->conn->peer_end = CONN_PEER_DONE;
	return 0;
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

/* Whether a burst's time is up: what piled up is read, under the mark. */
static int
batch_due(const struct wsr *r)
{
	return r->batch && mono_ms() - r->read_at >= WS_BATCH_MS;
}

/* The socket's read, and what it says of a burst.  0, or -1 with err. */
static int
sock_read(struct wsr *r)
{
	int timed_out = batch_due(r);

	r->read_at = mono_ms();
	if (wsr_sock_read(r) == -1)
		return -1;
	batch_adapt(r, r->last_read, timed_out);
	return 0;
}

/*
 * The layer's read: the peer's payloads, 0 at its Close (or the end of
 * the closing handshake's bound), -1 with errno (EAGAIN: conn_want's
 * events; EPROTO: err).
 */
static ssize_t
ws_read(void *ctx, void *buf, size_t n)
{
	struct wsr *r = ctx;
	size_t k;

	/* the payloads go straight into buf while nothing waits in out */
	r->sink = buf;
	r->sink_room = r->out.off == r->out.len ? n : 0;
	r->sunk = 0;
	/* what came before a failure is read first, then the failure */
	if (tick(r) == 0 && r->out.off == r->out.len && r->fresh &&
	    wsr_frames_in(r) == -1)
		failed(r);
	if (!r->failed && r->sunk == 0 && r->out.off == r->out.len &&
	    !r->got_close && !r->ended) {
		if (!sock_reading(r)) {
			r->sink_room = 0;
			r->lwant = r->wwant ? r->wwant : POLLOUT;
			errno = EAGAIN;
			return -1;
		}
		if (sock_read(r) == -1 || tick(r) == -1)
			failed(r);
	}
	r->sink_room = 0;
	if (r->sunk > 0)
		return (ssize_t)r->sunk;
	if (r->out.off < r->out.len) {
		k = r->out.len - r->out.off < n ? r->out.len - r->out.off : n;
		memcpy(buf, r->out.b + r->out.off, k);
		r->out.off += k;
		if (r->out.off == r->out.len)
			r->out.off = r->out.len = 0;
		return (ssize_t)k;
	}
	if (r->dirty && !r->failed) {
		r->err[0] = '\0';
		r->failed = 1;
	}
	if (r->failed) {
		errno = EPROTO;
		return -1;
	}
	if (r->got_close || r->ended)
		return 0;
	r->lwant = ws_io_want(r->c, POLLIN);
	errno = EAGAIN;
	return -1;
}

/*
 * The layer's write: the bytes as messages (wsr_take), nothing taken
 * while w is over WS_WHIGH (EAGAIN); EPIPE once our Close has gone.
 */
static ssize_t
ws_write(void *ctx, const void *buf, size_t n)
{
	struct wsr *r = ctx;
	ssize_t k;

	/*
	 * The peer gone (a reset as our bytes went, wsr_wflush) says so
	 * as a socket would: the relay then stops sending and reads out
	 * what the peer sent first, its last message and its Close.
	 */
	if (tick(r) == -1) {
		errno = EPROTO;
		return -1;
	}
	if (r->gone != 0) {
		errno = r->gone;
		return -1;
	}
	if (r->sent_close || r->in_eof) {
		errno = EPIPE;
		return -1;
	}
	if (r->w.len - r->w.off >= WS_WHIGH) {
		r->lwant = r->wwant ? r->wwant : POLLOUT;
		errno = EAGAIN;
		return -1;
	}
	if ((k = wsr_take(r, buf, n)) == -1 || wsr_wflush(r) == -1) {
		failed(r);
		errno = EPROTO;
		return -1;
	}
	return k;
}

static int
ws_want(const void *ctx)
{
	const struct wsr *r = ctx;

	return r->lwant;
}

/*
 * Bytes for reads that poll cannot see: the payloads waiting, the
 * layers' below ours (TLS's), and news (a failure, the peer's end,
 * frames left in rbuf, a burst's time up) that a read tells.
 */
static size_t
ws_pending(void *ctx)
{
	struct wsr *r = ctx;

	if (r->out.off < r->out.len)
		return r->out.len - r->out.off;
	if (r->failed || r->got_close || r->ended || r->fresh || batch_due(r))
		return 1;
	return conn_pending_under(r->c->conn, r->c->level);
}

static int
ws_shut_wr(void *ctx)
{
	struct wsr *r = ctx;

	if (wsr_in_end(r) == -1 || tick(r) == -1) {
		failed(r);
		errno = EPROTO;
		return -1;
	}
	return 0;
}

static const char *
ws_error(const void *ctx)
{
	const struct wsr *r = ctx;

	return r->err;
}

/* The nearest of the timers, a burst's reads; the due ones done first. */
static long long
ws_wake(void *ctx)
{
	struct wsr *r = ctx;
	long long t = -1, at[6];
	int i;

	if (tick(r) == -1)
		return -1;
	at[0] = r->quit_at;
	at[1] = r->idle_ms >= 0 ? r->active + r->idle_ms : -1;
	at[2] = r->pong_by;
	at[3] = r->sent_close ? -1 : r->ping_at;
	at[4] = r->hc_at;
	/* a burst's read once due is ws_pending's to say: a wake in the
	 * past would spin the relay while its output is backed up */
	at[5] = r->batch && !batch_due(r) ? r->read_at + WS_BATCH_MS : -1;
	for (i = 0; i < 6; i++)
		if (at[i] >= 0 && (t < 0 || at[i] < t))
			t = at[i];
	return t;
}

/* Our Close goes at once: a TLS client's wait is not the Close's. */
static int
ws_quiet(const void *ctx)
{
	(void)ctx;
	return 0;
}

static size_t
ws_held(const void *ctx)
{
	const struct wsr *r = ctx;

	/* once failed, nothing flushes w (tick stops): held, it would
	 * keep the relay polling a writable socket for ever */
	return r->failed ? 0 : r->w.len - r->w.off;
}

/*
 * Its answers, a line for each part: reads (the peer's messages, then
 * its Close), writes (ours, then our Close), waits (none before our
 * Close, the socket's, the timers').
 */
static const struct conn_ops ws_layer = {
	.name = "WebSocket",
	.read = ws_read, .pending = ws_pending, .error = ws_error,
	.write = ws_write, .held = ws_held, .shut_wr = ws_shut_wr,
	.quiet = ws_quiet, .want = ws_want, .wake = ws_wake
};

/*
 * relay_opts.on_stop: a signal.  Close 1001, nothing more taken, the
 * answer awaited within the bound; a signal once our Close has gone (a
 * second Ctrl-C) ends the wait (1).
 */
static int
ws_stop(void *arg)
{
	struct wsr *r = arg;

	if (r->sent_close)
		return 1;
	r->in_eof = 1;
	if (wsr_close_out(r, WS_CLOSE_AWAY, "going away") == -1 ||
	    tick(r) == -1)
		failed(r);
	return 0;
}

/* The relay's options for the session: the other side as ro has it. */
static void
ws_relay_opts(struct wsr *r, const struct relay_opts *ro,
    struct relay_opts *rr)
{
	relay_opts_init(rr);
	rr->conn = r->c->conn;
	rr->peer = "";		/* the layer's words, or errno's, alone */
	rr->io_conn = ro->io_conn;
	rr->in_fd = ro->io_conn != NULL ? ro->io_conn->fd : ro->in_fd;
	rr->out_fd = ro->io_conn != NULL ? ro->io_conn->fd : ro->out_fd;
	if (rr->in_fd == rr->out_fd)
		rr->io_name = "the far side";
	rr->no_stdin = ro->no_stdin;
	/* -d: our Close waits for a reason of its own, not in_fd's end */
	if (ro->no_stdin)
		rr->no_shutdown = RELAY_KEEP_SOCK;
	/* a program on a socketpair that exits with input unread: what it
	 * wrote was read before the reset, its end */
	rr->io_reset_eof = ro->io_conn == NULL;
	rr->stop_fd = ro->stop_fd;
	rr->on_stop = ws_stop;
	rr->stop_arg = r;
	/* -q and -i are the layer's: they bound the closing handshake and
	 * count what WebSocket counts as activity */
}

/*
 * After the relay: what it cannot word (a far side's reset, a reader
 * of out_fd gone), our Close if it is owed, the last frames out, and
 * what the endpoint's end may expect of the peer.  Returns rc.
 */
static int
ws_relay_end(struct wsr *r, const struct relay_opts *ro, int rc, int e,
    char *err)
{
	if (rc == -1 && r->dirty) {
		/* an unclean Close: the caller judges it (a reset far side) */
		rc = 0;
		err[0] = '\0';
	} else if (rc == -1 && r->failed) {
		snprintf(err, SK_ERRLEN, "%s", r->err);
	} else if (rc == -1 && e == ECONNRESET && ro->io_conn != NULL &&
	    strncmp(err, "the far side: ", 14) == 0) {
		/* a far side that resets: a failure, not a clean end */
		snprintf(err, SK_ERRLEN, "the far side reset the connection");
		(void)wsr_close_out(r, r->c->client ? WS_CLOSE_INTERNAL :
		    WS_CLOSE_BAD_GATEWAY, "far side reset");
	} else if (rc == -1 && err[0] == '\0') {
		/* a reader of out_fd that left: our Close says we go */
		(void)wsr_close_out(r, WS_CLOSE_AWAY, "");
	}
	wsr_wdrain(r);
	/*
	 * The endpoint's close (conn_close, the caller's) need not wait:
	 * after a closing handshake nothing may come (RFC 6455 5.5.1), and
	 * a peer gone has nothing to say
	 */
	if (r->peer_gone)
		r->c->conn->peer_end = CONN_PEER_GONE;
	else if (r->got_close && r->sent_close)
		r->c->conn->peer_end = CONN_PEER_DONE;
	return rc;
}

int
ws_relay(struct ws_conn *c, const struct relay_opts *ro,
    const struct ws_opts *o, struct ws_end *end, char *err)
{
	struct relay_opts rr;
	struct wsr *r;
	struct conn *ep = c->conn;
	int rc, e, shut = ep->shut, heard = ep->heard, eof = ep->eof_seen;

	memset(end, 0, sizeof(*end));
	end->peer_code = -1;
	end->sent_code = -1;
	err[0] = '\0';
	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (r->ibuf = malloc(WS_IBUF)) == NULL) {
		snprintf(err, SK_ERRLEN, "%s", strerror(errno));
		free(r);
		return -1;
	}
	r->c = c;
	r->o = o;
	r->end = end;
	r->quit_ms = ro->quit_ms;
	r->idle_ms = ro->idle_ms;
	r->no_stdin = ro->no_stdin;
	r->dirty_eof = ro->io_conn != NULL;
	r->fresh = c->roff < c->rlen;
	r->quit_at = -1;
	r->hc_at = -1;
	r->pong_by = -1;
	r->active = mono_ms();
	r->ping_at = o->ping_ms > 0 ? r->active + o->ping_ms : -1;
	ws_utf8_init(&r->utf8_out);
	ws_relay_opts(r, ro, &rr);
	if (conn_push(ep, &ws_layer, r) == -1) {
		snprintf(err, SK_ERRLEN, "%s", strerror(errno));
		rc = -1;
	} else {
		rc = relay_run(ep->fd, &rr, err);
		e = errno;
		(void)conn_pop(ep);
		/* what the relay did to the layer is none of the endpoint's
		 * own end: TLS's close_notify and the descriptor's FIN
		 * still go at conn_close */
		ep->shut = shut;
		ep->heard = heard;
		ep->eof_seen = eof;
		rc = ws_relay_end(r, ro, rc, e, err);
	}
	free(r->ibuf);
	free(r->out.b);
	free(r->w.b);
	free(r->mbuf);
	free(r);
	return rc;
}
