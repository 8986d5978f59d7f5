/*
 * ws_out.c: the layer's side towards the WebSocket (ws_int.h): frames
 * built whole in w (masked when we are the client) and written without
 * blocking, so that reading goes on while a slow peer drains them: an
 * echo server that waits for us to read its answers never deadlocks
 * against us.  Nothing more is taken while w holds more than WS_WHIGH
 * (ws_layer.c).  Control frames (a pong, our Close) go after whatever
 * whole frames wait, which RFC 6455 5.4 allows between the fragments of
 * a message.  The bytes written to the layer become messages here: each
 * line a text message, or each write a binary one.
 */
#include <sys/types.h>

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "parse/ws.h"
#include "util/base.h"
#include "util/clock.h"
#include "util/grow.h"
#include "ws/ws.h"
#include "ws/ws_deflate.h"
#include "ws/ws_int.h"

void
wsr_note(struct wsr *r, const char *fmt, int code)
{
	char line[256];

	if (r->o->note == NULL)
		return;
	snprintf(line, sizeof(line), fmt, code);
	r->o->note(r->o->note_arg, line);
}

/*
 * Room for n more bytes at the end of q: its start moved down first, and
 * grown only when that is not enough.  0, or -1 (ENOMEM).
 */
int
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

/* Queue a frame of p[0..n), masked on the client side; rsv1 set. */
static int
frame_out(struct wsr *r, int fin, int op, int rsv1, const unsigned char *p,
    size_t n)
{
	unsigned char key[4], *at;
	size_t hl;

	if (wsq_room(&r->w, WS_HEAD_MAX + n) == -1)
		return -1;
	if (r->c->client && ws_random(r->c, key, sizeof(key)) == -1)
		return -1;
	at = r->w.b + r->w.len;
	hl = ws_head_build(at, fin, op, n, r->c->client ? key : NULL);
	if (rsv1)
		at[0] |= 0x40;
	if (n > 0)
		memcpy(at + hl, p, n);
	if (r->c->client)
		ws_mask(at + hl, n, key, 0);
	r->w.len += hl + n;
	r->w_queued += hl + n;
	if (op < WS_OP_CLOSE)
		r->w_data_end = r->w_queued;
	return 0;
}

/*
 * The pong owed, unless the last one queued is still in w: a peer that
 * pings and never reads gets one pong waiting, the latest ping's.
 */
int
wsr_pong_out(struct wsr *r)
{
	if (!r->pong_due || r->w_sent < r->pong_end)
		return 0;
	r->pong_due = 0;
	if (wsr_frame_out(r, 1, WS_OP_PONG, r->pong, r->pong_len) == -1)
		return -1;
	r->pong_end = r->w_queued;
	return 0;
}

int
wsr_frame_out(struct wsr *r, int fin, int op, const unsigned char *p,
    size_t n)
{
	return frame_out(r, fin, op, 0, p, n);
}

/*
 * A piece of a data message: compressed when permessage-deflate was
 * agreed and its first piece is worth it, RSV1 on its first frame only
 * (RFC 7692 6).
 */
int
wsr_data_out(struct wsr *r, int fin, int op, const unsigned char *p,
    size_t n)
{
	const unsigned char *z;
	size_t zn;

	if (r->c->dfl != NULL && op != WS_OP_CONT)
		r->zout = wsd_worth(p, n);
	if (r->c->dfl == NULL || !r->zout)
		return frame_out(r, fin, op, 0, p, n);
	if (wsd_deflate(r->c->dfl, p, n, fin, &z, &zn, r->err) == -1)
		return -1;
	return frame_out(r, fin, op, op != WS_OP_CONT, z, zn);
}

/* Our Close, once: code and a reason. */
int
wsr_close_out(struct wsr *r, int code, const char *reason)
{
	unsigned char b[WS_CONTROL_MAX];
	size_t n = 0, rl;

	if (r->sent_close)
		return 0;
	/* the pong owed goes first: after our Close a peer that sent its
	 * own reads nothing more */
	if (r->pong_due) {
		r->pong_end = 0;
		if (wsr_pong_out(r) == -1)
			return -1;
	}
	r->sent_close = 1;
	r->end->sent_code = code;
	/* the closing handshake is bounded: -q, else WS_CLOSE_MS */
	if (r->quit_at == -1)
		r->quit_at = mono_ms() + (r->quit_ms >= 0 ? r->quit_ms :
		    WS_CLOSE_MS);
	if (code != WS_CLOSE_NONE) {
		b[0] = (unsigned char)(code >> 8);
		b[1] = (unsigned char)code;
		rl = strlen(reason);
		if (rl > sizeof(b) - 2)
			rl = sizeof(b) - 2;
		memcpy(b + 2, reason, rl);
		n = 2 + rl;
	}
	wsr_note(r, "sent Close %d", code);
	return wsr_frame_out(r, 1, WS_OP_CLOSE, b, n);
}

/* Write what w holds as far as the socket takes it.  0, or -1. */
int
wsr_wflush(struct wsr *r)
{
	ssize_t n;

	while (r->w.off < r->w.len) {
		n = ws_io_write(r->c, r->w.b + r->w.off, r->w.len - r->w.off);
		/* activity for -i while data frames leave, not our pings */
		if (n > 0) {
			if (r->w_sent < r->w_data_end)
				r->active = mono_ms();
			r->w.off += (size_t)n;
			r->w_sent += (uint64_t)n;
			continue;
		}
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			r->wwant = ws_io_want(r->c, POLLOUT);
			return 0;
		}
		if (n == -1 && (errno == EPIPE || errno == ECONNRESET)) {
			/*
			 * The peer gone as we wrote: nothing more can go,
			 * but what it sent first is still to be read (its
			 * last message, its Close): writes fail from now
			 * on (ws_write), reads go on.
			 */
			r->gone = errno;
			r->w.off = r->w.len = 0;
			r->wwant = 0;
			return 0;
		}
		snprintf(r->err, SK_ERRLEN, "%s", ws_io_error(r->c, errno));
		return -1;
	}
	r->wwant = 0;
	return 0;
}

/* The last frames, within WS_FLUSH_MS: a peer that reads nothing
 * does not hold us; one gone (peer_gone) gets what the socket takes now. */
void
wsr_wdrain(struct wsr *r)
{
	if (r->w.off < r->w.len)
		(void)ws_io_write_all(r->c, r->w.b + r->w.off,
		    r->w.len - r->w.off, mono_ms() + (r->peer_gone ? 0 :
		    WS_FLUSH_MS));
	r->w.off = r->w.len = 0;
}

/* A text line or a piece of one goes out; fin ends its message. */
static int
text_out(struct wsr *r, const unsigned char *p, size_t n, int fin)
{
	if (ws_utf8_feed(&r->utf8_out, p, n) == -1 ||
	    (fin && !ws_utf8_done(&r->utf8_out))) {
		snprintf(r->err, SK_ERRLEN, "the input is not UTF-8 text "
		    "(--ws-binary sends bytes as they are)");
		/* our own input's fault, not the peer's (1007 blames it) */
		(void)wsr_close_out(r, WS_CLOSE_INTERNAL, "input not UTF-8");
		return -1;
	}
	if (wsr_data_out(r, fin, r->frag_out ? WS_OP_CONT : WS_OP_TEXT, p,
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

/*
 * Bytes written to the layer, as messages: a binary message each, or
 * gathered in ibuf and sent a line at a time.  The count taken, or -1.
 */
ssize_t
wsr_take(struct wsr *r, const unsigned char *p, size_t n)
{
	size_t k;

	r->active = mono_ms();
	if (r->o->binary)
		return wsr_data_out(r, 1, WS_OP_BINARY, p, n) == -1 ? -1 :
		    (ssize_t)n;
	k = WS_IBUF - r->ilen < n ? WS_IBUF - r->ilen : n;
	memcpy(r->ibuf + r->ilen, p, k);
	r->ilen += k;
	return lines_out(r, 0) == -1 ? -1 : (ssize_t)k;
}

/* Our output's end: the line not yet ended, then Close 1000. */
int
wsr_in_end(struct wsr *r)
{
	r->in_eof = 1;
	if (r->sent_close)
		return 0;
	if (!r->o->binary && lines_out(r, 1) == -1)
		return -1;
	return wsr_close_out(r, WS_CLOSE_NORMAL, "");
}
