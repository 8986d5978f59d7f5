/*
 * ws.c: the WebSocket relay (ws.h): messages between a pair of
 * descriptors and a socket that speaks RFC 6455, in one poll loop.
 *
 * Towards the socket, frames are built whole in w (masked when we are
 * the client) and written without blocking, so that reading goes on
 * while a slow peer drains them: an echo server that waits for us to
 * read its answers never deadlocks against us.  in_fd is not read while
 * w holds more than WS_WHIGH.  Control frames (a pong, our Close) go
 * after whatever whole frames wait, which RFC 6455 5.4 allows between
 * the fragments of a message.
 *
 * From the socket, frames are read into the connection's rbuf and taken
 * apart in place: a text message is gathered whole and checked as UTF-8
 * before any of it is written (a message refused with 1007 is never
 * delivered in part); a binary one is passed on as it comes.  What goes
 * to out_fd is gathered in out and written before each poll; an out_fd
 * that would block (a far side or a program on a socketpair, made
 * non-blocking by the caller) keeps the rest queued there, and the
 * socket is not read while more than WS_OHIGH waits: a far side that
 * echoes while we write to it is read meanwhile, never deadlocked.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/relay.h"
#include "net/tls.h"
#include "net/ws.h"
#include "net/ws_int.h"
#include "parse/ws.h"
#include "sockt.h"
#include "util/clock.h"
#include "util/grow.h"

#define WS_IBUF		(256 * 1024)	/* one read of in_fd */
#define WS_OBUF		(64 * 1024)	/* out_fd's bytes gathered */
#define WS_OHIGH	(1024 * 1024)	/* out this full: stop reading */
#define WS_WHIGH	(1024 * 1024)	/* w this full: stop reading in */
#define WS_FLUSH_MS	2000	/* the last frames' time to leave */
#define WS_DRAIN_MS	10000	/* out_fd's last bytes' */

/* bytes queued to go out: b[off..len) of cap */
struct wsq {
	unsigned char	*b;
	size_t		 off, len, cap;
};

struct wsr {
	struct ws_conn	*c;
	const struct ws_relay_opts *o;
	struct ws_end	*end;
	char		*err;
	struct wsq	 w;		/* to the socket */
	int		 wwant;		/* poll events a blocked write needs */
	/* from in_fd: ibuf[0..ilen), a line not yet ended */
	unsigned char	*ibuf;
	size_t		 ilen;
	int		 frag_out;	/* a long line's message is begun */
	struct ws_utf8	 utf8_out;
	/* the frame being read */
	struct ws_head	 h;
	int		 in_frame;
	uint64_t	 fleft, foff;
	unsigned char	 ctl[WS_CONTROL_MAX];
	size_t		 ctl_len;
	/* the message being read */
	int		 msg_op;	/* WS_OP_TEXT, WS_OP_BINARY, or 0 */
	uint64_t	 msg_len;
	struct ws_utf8	 utf8_in;
	unsigned char	*mbuf;		/* a text message, gathered */
	size_t		 mlen, mcap;
	/* to out_fd */
	struct wsq	 out;		/* to out_fd */
	int		 out_gone;	/* out_fd ended (peer's Close, or its
					 * reader left) */
	int		 peer_eof;	/* the peer's Close came: out_fd's
					 * end once out is written */
	int		 in_eof;
	int		 sent_close, got_close;
	long long	 quit_at;	/* -1: none */
	long long	 active;	/* the last byte either way */
	long long	 ping_at, pong_by;	/* -1: none */
	uint32_t	 ping_seq;
};

void
ws_relay_opts_init(struct ws_relay_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->in_fd = 0;
	o->out_fd = 1;
	o->quit_ms = -1;
	o->idle_ms = -1;
	o->max_message = WS_MAX_MESSAGE;
}

static void
note(struct wsr *r, const char *fmt, int code, const char *reason)
{
	char line[256];

	if (r->o->note == NULL)
		return;
	snprintf(line, sizeof(line), fmt, code, reason);
	r->o->note(r->o->note_arg, line);
}

/*
 * Room for n more bytes at the end of q: its start moved down first, and
 * grown only when that is not enough.  0, or -1 (ENOMEM).
 */
static int
wsq_room(struct wsq *q, size_t n)
{
	if (q->off == q->len)
		q->off = q->len = 0;
	if (q->len + n <= q->cap)
		return 0;
	if (q->off > 0) {
		memmove(q->b, q->b + q->off, q->len - q->off);
		q->len -= q->off;
		q->off = 0;
	}
	return grow_to((void **)&q->b, q->len + n, &q->cap, 1);
}

/* Queue a frame of p[0..n), masked on the client side. */
static int
frame_out(struct wsr *r, int fin, int op, const unsigned char *p, size_t n)
{
	unsigned char key[4], *at;
	size_t hl;

	if (wsq_room(&r->w, WS_HEAD_MAX + n) == -1)
		return -1;
	if (r->c->client && ws_random(r->c, key, sizeof(key)) == -1)
		return -1;
	at = r->w.b + r->w.len;
	hl = ws_head_build(at, fin, op, n, r->c->client ? key : NULL);
	if (n > 0)
		memcpy(at + hl, p, n);
	if (r->c->client)
		ws_mask(at + hl, n, key, 0);
	r->w.len += hl + n;
	return 0;
}

/* Our Close, once: code and a reason. */
static int
close_out(struct wsr *r, int code, const char *reason)
{
	unsigned char b[WS_CONTROL_MAX];
	size_t n = 0, rl;

	if (r->sent_close)
		return 0;
	r->sent_close = 1;
	r->end->sent_code = code;
	if (code != WS_CLOSE_NONE) {
		b[0] = (unsigned char)(code >> 8);
		b[1] = (unsigned char)code;
		rl = strlen(reason);
		if (rl > sizeof(b) - 2)
			rl = sizeof(b) - 2;
		memcpy(b + 2, reason, rl);
		n = 2 + rl;
	}
	note(r, "sent Close %d%s", code, "");
	return frame_out(r, 1, WS_OP_CLOSE, b, n);
}

/* Write what w holds as far as the socket takes it.  0, or -1. */
static int
wflush(struct wsr *r)
{
	ssize_t n;

	while (r->w.off < r->w.len) {
		n = ws_io_write(r->c, r->w.b + r->w.off, r->w.len - r->w.off);
		if (n > 0) {
			r->w.off += (size_t)n;
			r->active = mono_ms();
			continue;
		}
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			r->wwant = ws_io_want(r->c, POLLOUT);
			return 0;
		}
		snprintf(r->err, SK_ERRLEN, "%s", r->c->tls != NULL &&
		    errno == EPROTO ? tls_error(r->c->tls) : strerror(errno));
		return -1;
	}
	r->wwant = 0;
	return 0;
}

/* The last frames, within WS_FLUSH_MS: a peer that reads nothing
 * does not hold us. */
static void
wdrain(struct wsr *r)
{
	if (r->w.off < r->w.len)
		(void)ws_io_write_all(r->c, r->w.b + r->w.off,
		    r->w.len - r->w.off, mono_ms() + WS_FLUSH_MS);
	r->w.off = r->w.len = 0;
}

/*
 * After a failed write to out_fd: 0 when it would block, else -1, with
 * err, or with err empty when out_fd's reader has gone (a program that
 * exited, a far side that closed, stdout's reader: the end of the
 * session, as for the plain relay).
 */
static int
out_failed(struct wsr *r)
{
	if (errno == EAGAIN || errno == EWOULDBLOCK)
		return 0;
	r->out.off = r->out.len = 0;
	if (errno == EPIPE || errno == ECONNRESET) {
		r->out_gone = 1;
		/* a program or a far side that stopped reading may still
		 * have said something: read it to its end, then Close */
		if (r->o->in_fd == r->o->out_fd && !r->in_eof &&
		    !r->o->no_stdin)
			return 0;
		r->err[0] = '\0';
		return -1;
	}
	snprintf(r->err, SK_ERRLEN, "%s: %s", r->o->in_fd == r->o->out_fd ?
	    "the far side" : "output", strerror(errno));
	return -1;
}

/* Write what out holds, as far as out_fd takes it.  0, or -1. */
static int
oflush(struct wsr *r)
{
	ssize_t n;

	if (r->out_gone)
		r->out.off = r->out.len = 0;
	while (r->out.off < r->out.len) {
		n = write(r->o->out_fd, r->out.b + r->out.off, r->out.len - r->out.off);
		if (n > 0) {
			r->out.off += (size_t)n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		return out_failed(r);
	}
	r->out.off = r->out.len = 0;
	return 0;
}

/* At the end: what out holds, within WS_DRAIN_MS. */
static void
odrain(struct wsr *r)
{
	if (!r->out_gone && r->out.off < r->out.len)
		(void)io_write_timed(r->o->out_fd, r->out.b + r->out.off,
		    r->out.len - r->out.off, WS_DRAIN_MS);
	r->out.off = r->out.len = 0;
}

/*
 * Pass p[0..n) to out_fd: gathered in out when small, written at once
 * when large and nothing waits before it; what out_fd does not take
 * waits in out.
 */
static int
deliver(struct wsr *r, const unsigned char *p, size_t n)
{
	ssize_t w;

	if (r->out_gone || n == 0)
		return 0;
	if (r->out.len - r->out.off + n > WS_OBUF && oflush(r) == -1)
		return -1;
	if (r->out.off == r->out.len && n >= WS_OBUF) {
		while ((w = write(r->o->out_fd, p, n)) > 0 && (size_t)w < n) {
			p += w;
			n -= (size_t)w;
		}
		if (w > 0)
			return 0;
		if (w == -1 && errno != EINTR && out_failed(r) == -1)
			return -1;
	}
	if (wsq_room(&r->out, n) == -1) {
		snprintf(r->err, SK_ERRLEN, "%s", strerror(errno));
		return -1;
	}
	memcpy(r->out.b + r->out.len, p, n);
	r->out.len += n;
	return 0;
}

/*
 * The end of out_fd, after the peer's Close: a socket (a bridge, a
 * program on a socketpair) gets a half-close, a pipe or a file is
 * replaced by /dev/null so that its reader sees the end now.
 */
static void
out_end(struct wsr *r)
{
	int fd;

	if (r->out_gone)
		return;
	r->out_gone = 1;
	if (r->o->in_fd == r->o->out_fd) {
		(void)shutdown(r->o->out_fd, SHUT_WR);
		return;
	}
	if ((fd = open("/dev/null", O_WRONLY)) == -1)
		return;
	(void)dup2(fd, r->o->out_fd);
	(void)close(fd);
}

/* A protocol error of the peer's: say what (err), Close with code. */
static int
fail(struct wsr *r, int code, const char *what)
{
	snprintf(r->err, SK_ERRLEN, "%s", what);
	(void)close_out(r, code, code == WS_CLOSE_PROTOCOL ? "protocol error" :
	    code == WS_CLOSE_BAD_DATA ? "invalid UTF-8" : code ==
	    WS_CLOSE_TOO_BIG ? "message too big" : "");
	return -1;
}

/* A text line or a piece of one goes out; fin ends its message. */
static int
text_out(struct wsr *r, const unsigned char *p, size_t n, int fin)
{
	if (ws_utf8_feed(&r->utf8_out, p, n) == -1 ||
	    (fin && !ws_utf8_done(&r->utf8_out))) {
		snprintf(r->err, SK_ERRLEN, "the input is not UTF-8 text "
		    "(--ws-binary sends bytes as they are)");
		(void)close_out(r, WS_CLOSE_BAD_DATA, "input not UTF-8");
		return -1;
	}
	if (frame_out(r, fin, r->frag_out ? WS_OP_CONT : WS_OP_TEXT, p,
	    n) == -1)
		return -1;
	r->frag_out = !fin;
	if (fin)
		ws_utf8_init(&r->utf8_out);
	return 0;
}

/* ibuf's whole lines, each a text message; a full ibuf's start too. */
static int
lines_out(struct wsr *r, int eof)
{
	unsigned char *p = r->ibuf, *e = r->ibuf + r->ilen, *nl;

	while (p < e && (nl = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		if (text_out(r, p, (size_t)(nl - p), 1) == -1)
			return -1;
		p = nl + 1;
	}
	/* a line longer than ibuf goes in fragments, one message still;
	 * a fragment ends on a whole character */
	if (p == r->ibuf && r->ilen == WS_IBUF) {
		size_t n = r->ilen, k = 0;

		while (k < 3 && n > 0 && (r->ibuf[n - 1 - k] & 0xc0) == 0x80)
			k++;
		if (k < 3 && n > k + 1 && r->ibuf[n - 1 - k] >= 0xc0)
			n -= k + 1;
		if (text_out(r, p, n, 0) == -1)
			return -1;
		p += n;
	}
	if (eof && (p < e || r->frag_out)) {
		if (text_out(r, p, (size_t)(e - p), 1) == -1)
			return -1;
		p = e;
	}
	r->ilen = (size_t)(e - p);
	if (r->ilen > 0 && p != r->ibuf)
		memmove(r->ibuf, p, r->ilen);
	return 0;
}

/* in_fd is readable: a read, as messages.  0, or -1 with err. */
static int
in_read(struct wsr *r)
{
	ssize_t n;

	if (r->o->binary)
		n = read(r->o->in_fd, r->ibuf, WS_IBUF);
	else
		n = read(r->o->in_fd, r->ibuf + r->ilen, WS_IBUF - r->ilen);
	if (n == -1) {
		if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
			return 0;
		/* a program on a socketpair that exits with input unread:
		 * what it wrote was read before the reset, its end */
		if (errno != ECONNRESET) {
			snprintf(r->err, SK_ERRLEN, "%s: %s",
			    r->o->in_fd == r->o->out_fd ? "the far side" :
			    "input", strerror(errno));
			return -1;
		}
		n = 0;
	}
	r->active = mono_ms();
	if (n == 0) {
		r->in_eof = 1;
		if (!r->o->binary && lines_out(r, 1) == -1)
			return -1;
		if (close_out(r, WS_CLOSE_NORMAL, "") == -1)
			return -1;
		if (r->o->quit_ms >= 0)
			r->quit_at = mono_ms() + r->o->quit_ms;
		return 0;
	}
	if (r->o->binary)
		return frame_out(r, 1, WS_OP_BINARY, r->ibuf, (size_t)n);
	r->ilen += (size_t)n;
	return lines_out(r, 0);
}

/* A text message's bytes, gathered in mbuf. */
static int
mgather(struct wsr *r, const unsigned char *p, size_t n)
{
	if (grow_to((void **)&r->mbuf, r->mlen + n, &r->mcap, 1) == -1) {
		snprintf(r->err, SK_ERRLEN, "%s", strerror(errno));
		return -1;
	}
	memcpy(r->mbuf + r->mlen, p, n);
	r->mlen += n;
	return 0;
}

/* A whole control frame: ctl[0..ctl_len). */
static int
control_in(struct wsr *r)
{
	char why[SK_ERRLEN];
	size_t rl;
	int code;

	switch (r->h.opcode) {
	case WS_OP_PING:
		/* at once, unless our Close has gone: nothing may follow */
		if (!r->sent_close)
			return frame_out(r, 1, WS_OP_PONG, r->ctl, r->ctl_len);
		return 0;
	case WS_OP_PONG:
		/* an unasked pong (a heartbeat) is allowed, and ignored */
		if (r->pong_by >= 0 && r->ctl_len == 4 &&
		    memcmp(r->ctl, &r->ping_seq, 4) == 0)
			r->pong_by = -1;
		return 0;
	}
	if (ws_close_parse(r->ctl, r->ctl_len, &code, &rl, why) == -1)
		return fail(r, WS_CLOSE_PROTOCOL, why);
	r->got_close = 1;
	r->end->peer_code = code;
	memcpy(r->end->peer_reason, r->ctl + 2, rl);
	r->end->peer_reason[rl] = '\0';
	note(r, "received Close %d%s", code, "");
	/* out_fd's end follows what waits for it (relay_loop) */
	r->peer_eof = 1;
	/* the server's half-close: our Close when in_fd ends */
	if (r->o->half_close && !r->in_eof && !r->o->no_stdin)
		return 0;
	/* answered with the same code (RFC 6455 5.5.1) */
	return close_out(r, code == WS_CLOSE_NONE ? WS_CLOSE_NONE : code, "");
}

/* A data frame's payload bytes p[0..n), unmasked. */
static int
data_in(struct wsr *r, const unsigned char *p, size_t n)
{
	if (r->msg_op == WS_OP_TEXT) {
		if (ws_utf8_feed(&r->utf8_in, p, n) == -1)
			return fail(r, WS_CLOSE_BAD_DATA, "a text message that "
			    "is not UTF-8");
		return mgather(r, p, n);
	}
	return deliver(r, p, n);
}

/* The last frame of a message has come. */
static int
message_end(struct wsr *r)
{
	if (r->msg_op == WS_OP_TEXT) {
		if (!ws_utf8_done(&r->utf8_in))
			return fail(r, WS_CLOSE_BAD_DATA, "a text message that "
			    "ends inside a UTF-8 character");
		if (deliver(r, r->mbuf, r->mlen) == -1)
			return -1;
		r->mlen = 0;
	}
	r->msg_op = 0;
	r->msg_len = 0;
	return r->o->binary ? 0 : deliver(r, (const unsigned char *)"\n", 1);
}

/* A frame head has been read: is it one the peer may send here? */
static int
head_in(struct wsr *r)
{
	char why[SK_ERRLEN];
	struct ws_head *h = &r->h;

	if (r->c->client && h->masked)
		return fail(r, WS_CLOSE_PROTOCOL, "the server masked a frame");
	if (!r->c->client && !h->masked)
		return fail(r, WS_CLOSE_PROTOCOL, "an unmasked frame from the "
		    "client");
	if (h->opcode >= WS_OP_CLOSE)
		return 0;
	if (h->opcode == WS_OP_CONT && r->msg_op == 0)
		return fail(r, WS_CLOSE_PROTOCOL, "a continuation frame with "
		    "no message begun");
	if (h->opcode != WS_OP_CONT && r->msg_op != 0)
		return fail(r, WS_CLOSE_PROTOCOL, "a new message inside a "
		    "fragmented one");
	if (h->opcode != WS_OP_CONT) {
		r->msg_op = h->opcode;
		ws_utf8_init(&r->utf8_in);
	}
	if (h->len > r->o->max_message - r->msg_len) {
		snprintf(why, sizeof(why), "a message of more than %llu bytes "
		    "(--ws-max-message)", (unsigned long long)r->o->max_message);
		return fail(r, WS_CLOSE_TOO_BIG, why);
	}
	r->msg_len += h->len;
	return 0;
}

/* Take apart the frames in rbuf[roff..rlen).  0, or -1 with err. */
static int
frames_in(struct wsr *r)
{
	struct ws_conn *c = r->c;
	unsigned char *p;
	size_t take;
	int hl;

	while (c->roff < c->rlen && !r->got_close) {
		if (!r->in_frame) {
			hl = ws_head_parse(c->rbuf + c->roff, c->rlen - c->roff,
			    &r->h, r->err);
			if (hl == 0)
				break;
			if (hl == -1) {
				(void)close_out(r, WS_CLOSE_PROTOCOL,
				    "protocol error");
				return -1;
			}
			c->roff += (size_t)hl;
			if (head_in(r) == -1)
				return -1;
			r->in_frame = 1;
			r->fleft = r->h.len;
			r->foff = 0;
			r->ctl_len = 0;
		}
		take = c->rlen - c->roff;
		if (take > r->fleft)
			take = (size_t)r->fleft;
		p = c->rbuf + c->roff;
		if (r->h.masked)
			ws_mask(p, take, r->h.mask, r->foff);
		if (r->h.opcode >= WS_OP_CLOSE) {
			memcpy(r->ctl + r->ctl_len, p, take);
			r->ctl_len += take;
		} else if (take > 0 && data_in(r, p, take) == -1)
			return -1;
		c->roff += take;
		r->fleft -= take;
		r->foff += take;
		if (r->fleft > 0)
			break;
		r->in_frame = 0;
		if (r->h.opcode >= WS_OP_CLOSE) {
			if (control_in(r) == -1)
				return -1;
		} else if (r->h.fin && message_end(r) == -1)
			return -1;
	}
	if (c->roff == c->rlen)
		c->roff = c->rlen = 0;
	return 0;
}

/* The socket is readable (or TLS holds bytes).  0, or -1 with err. */
static int
sock_read(struct wsr *r)
{
	struct ws_conn *c = r->c;
	ssize_t n;

	if (c->roff > 0 && c->roff == c->rlen)
		c->roff = c->rlen = 0;
	if (c->roff > 0 && c->rlen > WS_RBUF / 2) {
		memmove(c->rbuf, c->rbuf + c->roff, c->rlen - c->roff);
		c->rlen -= c->roff;
		c->roff = 0;
	}
	n = ws_io_read(c, c->rbuf + c->rlen, WS_RBUF - c->rlen);
	if (n == -1) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return 0;
		snprintf(r->err, SK_ERRLEN, "%s", c->tls != NULL &&
		    errno == EPROTO ? tls_error(c->tls) : strerror(errno));
		return -1;
	}
	if (n == 0) {
		/* after its Close, a peer that stops waiting for ours */
		if (r->got_close) {
			r->quit_at = -2;
			return 0;
		}
		snprintf(r->err, SK_ERRLEN, "the connection ended without a "
		    "Close (1006)");
		return -1;
	}
	r->active = mono_ms();
	c->rlen += (size_t)n;
	return frames_in(r);
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
	if (r->o->idle_ms >= 0 && now - r->active >= r->o->idle_ms) {
		snprintf(r->err, SK_ERRLEN, "idle for %d.%03d s (-i)",
		    r->o->idle_ms / 1000, r->o->idle_ms % 1000);
		(void)close_out(r, WS_CLOSE_AWAY, "idle");
		return -1;
	}
	if (r->pong_by >= 0 && now >= r->pong_by) {
		snprintf(r->err, SK_ERRLEN, "no pong within %d.%03d s "
		    "(--ws-ping)", r->o->ping_ms / 1000, r->o->ping_ms % 1000);
		(void)close_out(r, WS_CLOSE_AWAY, "no pong");
		return -1;
	}
	if (r->ping_at >= 0 && now >= r->ping_at && !r->sent_close) {
		r->ping_seq++;
		if (frame_out(r, 1, WS_OP_PING, (unsigned char *)&r->ping_seq,
		    4) == -1)
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
	long long t = -1, at[4];
	int i;

	at[0] = r->quit_at;
	at[1] = r->o->idle_ms >= 0 ? r->active + r->o->idle_ms : -1;
	at[2] = r->pong_by;
	at[3] = r->sent_close ? -1 : r->ping_at;
	for (i = 0; i < 4; i++)
		if (at[i] >= 0 && (t < 0 || at[i] < t))
			t = at[i];
	if (t < 0)
		return -1;
	t -= now;
	return t < 0 ? 0 : t > 86400000 ? 86400000 : (int)t;
}

static int
relay_loop(struct wsr *r)
{
	struct pollfd pfd[3];
	long long now;
	int n, to, reading_in, writing_out;

	if (frames_in(r) == -1)
		return -1;
	for (;;) {
		if (oflush(r) == -1)
			return -1;
		if (r->peer_eof && r->out.off == r->out.len)
			out_end(r);
		if (wflush(r) == -1)
			return -1;
		/* the end: both Closes, ours written (or -q passed) */
		if (r->got_close && r->sent_close)
			return 0;
		if (r->quit_at == -2)
			return 0;
		now = mono_ms();
		reading_in = !r->o->no_stdin && !r->in_eof && !r->sent_close &&
		    r->w.len - r->w.off < WS_WHIGH;
		writing_out = r->out.off < r->out.len;
		pfd[0].fd = r->c->fd;
		pfd[0].events = r->out.len - r->out.off < WS_OHIGH ? POLLIN : 0;
		if (r->w.off < r->w.len)
			pfd[0].events |= (short)(r->wwant ? r->wwant : POLLOUT);
		pfd[0].revents = 0;
		/* in_fd, and out_fd when it waits on it: one entry when they
		 * are one socket (a bridge, a program's socketpair) */
		n = 1;
		if (reading_in || (writing_out &&
		    r->o->in_fd == r->o->out_fd)) {
			pfd[n].fd = r->o->in_fd;
			pfd[n].events = (short)((reading_in ? POLLIN : 0) |
			    (writing_out && r->o->in_fd == r->o->out_fd ?
			    POLLOUT : 0));
			pfd[n++].revents = 0;
		}
		if (writing_out && r->o->in_fd != r->o->out_fd) {
			pfd[n].fd = r->o->out_fd;
			pfd[n].events = POLLOUT;
			pfd[n++].revents = 0;
		}
		to = wait_ms(r, now);
		if (r->c->tls != NULL && tls_pending(r->c->tls) > 0)
			to = 0;
		if (poll(pfd, (nfds_t)n, to) == -1) {
			if (errno == EINTR)
				continue;
			snprintf(r->err, SK_ERRLEN, "poll: %s", strerror(errno));
			return -1;
		}
		if (timers(r, mono_ms()) == -1)
			return -1;
		if (r->out.len - r->out.off < WS_OHIGH &&
		    ((pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) ||
		    (r->c->tls != NULL && tls_pending(r->c->tls) > 0) ||
		    (r->c->tls != NULL && (pfd[0].revents & POLLOUT) &&
		    r->wwant == POLLIN))) {
			if (sock_read(r) == -1)
				return -1;
		}
		if (reading_in && n > 1 && pfd[1].fd == r->o->in_fd &&
		    (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)) &&
		    in_read(r) == -1)
			return -1;
	}
}

int
ws_relay(struct ws_conn *c, const struct ws_relay_opts *o,
    struct ws_end *end, char *err)
{
	struct wsr r;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(end, 0, sizeof(*end));
	end->peer_code = -1;
	end->sent_code = -1;
	err[0] = '\0';
	r.c = c;
	r.o = o;
	r.end = end;
	r.err = err;
	r.quit_at = -1;
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
			(void)close_out(&r, WS_CLOSE_AWAY, "");
		odrain(&r);
		if (r.peer_eof)
			out_end(&r);
		wdrain(&r);
	}
	free(r.ibuf);
	free(r.out.b);
	free(r.w.b);
	free(r.mbuf);
	return rc;
}
