/*
 * ws_in.c: the layer's side from the WebSocket (ws_int.h): frames read
 * into the connection's rbuf and taken apart in place.  A text message
 * is gathered whole and checked as UTF-8 before any of it is passed on
 * (a message refused with 1007 is never delivered in part); a binary one
 * is passed on as it comes.  The payloads wait in out for the layer's
 * reads (ws_layer.c), and no more is taken apart while WS_OHIGH waits:
 * a reader that is behind holds the peer back, and the relay reads the
 * socket meanwhile only as fast as its other side takes the bytes.
 * What the peer's frames call for in answer (a pong, our Close) is
 * queued through ws_out.c.
 */
#include <sys/types.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "net/conn.h"
#include "parse/ws.h"
#include "util/base.h"
#include "util/clock.h"
#include "util/grow.h"
#include "ws/ws.h"
#include "ws/ws_deflate.h"
#include "ws/ws_int.h"

/*
 * Pass p[0..n) to the layer's read: into its buffer while nothing waits
 * before them, the rest queued in out, which is over its mark at most
 * by one step's bytes (wsr_frames_in stops there).
 */
static int
deliver(struct wsr *r, const unsigned char *p, size_t n)
{
	size_t k;

	if (r->sink_room > 0 && r->out.off == r->out.len) {
		k = n < r->sink_room ? n : r->sink_room;
		memcpy(r->sink + r->sunk, p, k);
		r->sunk += k;
		r->sink_room -= k;
		p += k;
		n -= k;
	}
	if (n == 0)
		return 0;
	if (wsq_room(&r->out, n) == -1) {
		snprintf(r->err, SK_ERRLEN, "%s", strerror(errno));
		return -1;
	}
	memcpy(r->out.b + r->out.len, p, n);
	r->out.len += n;
	return 0;
}

/* A protocol error of the peer's: say what (err), Close with code. */
static int
fail(struct wsr *r, int code, const char *what)
{
	snprintf(r->err, SK_ERRLEN, "%s", what);
	/* a message over its limit is refused: its flood is not read */
	if (code == WS_CLOSE_TOO_BIG)
		r->c->conn->refused = 1;
	(void)wsr_close_out(r, code, code == WS_CLOSE_PROTOCOL ?
	    "protocol error" : code == WS_CLOSE_BAD_DATA ? "invalid UTF-8" :
	    code == WS_CLOSE_TOO_BIG ? "message too big" : "");
	return -1;
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
		/* answered until the peer's Close, ours sent or not (RFC
		 * 6455 5.5.2); only the latest waits (5.5.3) */
		memcpy(r->pong, r->ctl, r->ctl_len);
		r->pong_len = r->ctl_len;
		r->pong_due = 1;
		return wsr_pong_out(r);
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
	wsr_note(r, "received Close %d", code);
	/* a far side must not take a failed session's end for a clean
	 * one: the reads fail once what came before is read (ws_relay) */
	if (r->dirty_eof && !ws_close_clean(code))
		r->dirty = 1;
	/* --ws-half-close: our Close when our output ends, or at hc_at */
	if (r->o->half_close_ms > 0 && !r->in_eof && !r->no_stdin &&
	    !r->sent_close) {
		r->hc_at = mono_ms() + r->o->half_close_ms;
		return 0;
	}
	/* answered with the same code (RFC 6455 5.5.1) */
	return wsr_close_out(r, code == WS_CLOSE_NONE ? WS_CLOSE_NONE : code,
	    "");
}

/* A message's bytes p[0..n), unmasked and inflated. */
static int
plain_in(struct wsr *r, const unsigned char *p, size_t n)
{
	if (r->msg_op == WS_OP_TEXT) {
		if (ws_utf8_feed(&r->utf8_in, p, n) == -1)
			return fail(r, WS_CLOSE_BAD_DATA, "a text message that "
			    "is not UTF-8");
		return mgather(r, p, n);
	}
	return deliver(r, p, n);
}

/*
 * Inflated bytes of a compressed message: its limit is on what it
 * inflates to, checked as it grows, so a deflate bomb stops early.
 */
static int
inflated(void *arg, const unsigned char *p, size_t n)
{
	struct wsr *r = arg;
	char why[SK_ERRLEN];

	if (n > r->o->max_message - r->msg_raw) {
		snprintf(why, sizeof(why), "a compressed message of more "
		    "than %llu bytes inflated (--ws-max-message)",
		    (unsigned long long)r->o->max_message);
		return fail(r, WS_CLOSE_TOO_BIG, why);
	}
	r->msg_raw += n;
	return plain_in(r, p, n);
}

/* A compressed message's bytes p[0..n), fin its end, inflated. */
static int
inflate_in(struct wsr *r, const unsigned char *p, size_t n, int fin)
{
	char why[SK_ERRLEN];
	int rc;

	rc = wsd_inflate(r->c->dfl, p, n, fin, inflated, r, why);
	if (rc == -1)
		return fail(r, WS_CLOSE_PROTOCOL, why);
	return rc == 0 ? 0 : -1;
}

/* A data frame's payload bytes p[0..n), unmasked. */
static int
data_in(struct wsr *r, const unsigned char *p, size_t n)
{
	if (r->msg_z)
		return inflate_in(r, p, n, 0);
	return plain_in(r, p, n);
}

/* The last frame of a message has come. */
static int
message_end(struct wsr *r)
{
	if (r->msg_z && inflate_in(r, NULL, 0, 1) == -1)
		return -1;
	r->msg_z = 0;
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
	/* RFC 7692 6: a message's first frame alone says it is compressed */
	if (h->rsv1 && (h->opcode >= WS_OP_CLOSE || h->opcode == WS_OP_CONT))
		return fail(r, WS_CLOSE_PROTOCOL, h->opcode == WS_OP_CONT ?
		    "RSV1 on a continuation frame" : "a compressed control "
		    "frame");
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
		r->msg_z = h->rsv1;
		r->msg_raw = 0;
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
int
wsr_frames_in(struct wsr *r)
{
	struct ws_conn *c = r->c;
	unsigned char *p;
	size_t take;
	int hl;

	r->fresh = 0;
	while (c->roff < c->rlen && !r->got_close) {
		/* the reader behind: the rest waits in rbuf, taken up by
		 * a read once out drains, as the socket's does */
		if (r->out.len - r->out.off >= WS_OHIGH) {
			r->fresh = 1;
			break;
		}
		if (!r->in_frame) {
			hl = ws_head_parse_rsv1(c->rbuf + c->roff, c->rlen -
			    c->roff, c->dfl != NULL, &r->h, r->err);
			if (hl == 0)
				break;
			if (hl == -1) {
				(void)wsr_close_out(r, WS_CLOSE_PROTOCOL,
				    "protocol error");
				return -1;
			}
			c->roff += (size_t)hl;
			/* -i: the peer's frames are activity, the pongs to
			 * our own pings not */
			if (r->h.opcode != WS_OP_PONG)
				r->active = mono_ms();
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
		/* a compressed payload in steps, each inflating to a MiB at
		 * most (deflate's ratio is 1032 at best), so that one read
		 * never puts hundreds of MiB before a slow reader */
		if (r->msg_z && r->h.opcode < WS_OP_CLOSE && take > WS_ZSTEP)
			take = WS_ZSTEP;
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
			continue;
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
int
wsr_sock_read(struct wsr *r)
{
	struct ws_conn *c = r->c;
	ssize_t n;

	r->last_read = 0;
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
		snprintf(r->err, SK_ERRLEN, "%s", ws_io_error(c, errno));
		return -1;
	}
	if (n == 0) {
		/* after its Close, a peer that stops waiting for ours */
		if (r->got_close) {
			r->ended = 1;
			return 0;
		}
		snprintf(r->err, SK_ERRLEN, "the connection ended without a "
		    "Close (1006)");
		return -1;
	}
	c->rlen += (size_t)n;
	r->last_read = (size_t)n;
	/*
	 * The default bound on the closing handshake is for a peer gone
	 * silent: one still sending what came before its Close (echoes of
	 * a long input, say) has it moved on.  -q's is a fixed time.
	 */
	if (r->sent_close && r->quit_at >= 0 && r->quit_ms < 0)
		r->quit_at = mono_ms() + WS_CLOSE_MS;
	return wsr_frames_in(r);
}
