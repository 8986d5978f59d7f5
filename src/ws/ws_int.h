/*
 * ws_int.h: what the parts of the WebSocket module share.  Their calls
 * go one way: ws_layer.c (the layer of the connection stack: its
 * operations, its timers, and ws_relay, which pushes it and hands the
 * endpoint to net/relay.c) calls ws_in.c (frames from the socket taken
 * apart, their payloads queued for the layer's reads), which calls
 * ws_out.c (frames queued and written to the socket, the layer's
 * writes made messages), which calls ws_hs.c (the connection, its I/O
 * through the layers below it, the handshakes).  Only src/ws/ws*.c
 * include it.
 */
#ifndef WS_INT_H
#define WS_INT_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "parse/ws.h"
#include "util/base.h"

struct conn;
struct ws_end;
struct ws_opts;

#define WS_RBUF		(256 * 1024)	/* what one read may take */
#define WS_IBUF		(256 * 1024)	/* a text line's bytes gathered */
#define WS_OHIGH	(1024 * 1024)	/* out this full: stop taking frames
					 * apart */
#define WS_ZSTEP	1024		/* compressed bytes inflated at once */
#define WS_WHIGH	(1024 * 1024)	/* w this full: writes wait */
/*
 * w this full: stop reading the socket.  Only control frames come on
 * top of WS_WHIGH and one write's bytes, and one pong at most waits, so a
 * peer that pings and never reads is held here; not at WS_WHIGH, where
 * an echo server blocked on its own write to us (it reads again once we
 * do) would deadlock against us.
 */
#define WS_WMAX		(4 * 1024 * 1024)
#define WS_FLUSH_MS	2000	/* the last frames' time to leave */
#define WS_BATCH_LOWAT	(64 * 1024)	/* a burst's reads: this, or ... */
#define WS_BATCH_MS	1		/* ... what came in this long */
#define WS_BURST_READS	8	/* this many reads ... */
#define WS_BURST_MS	4	/* ... this close together: a burst */

/*
 * The WebSocket connection: on an endpoint whose layers (TLS, or none)
 * carry its bytes; frames are read into rbuf.
 */
struct ws_conn {
	struct conn	*conn;
	int		 level;		/* its layer's place: I/O goes under
					 * it (conn_read_under) */
	int		 client;	/* we mask; the peer must not */
	unsigned char	*rbuf;		/* read, not yet taken: rbuf[roff..rlen) */
	size_t		 roff, rlen;
	unsigned char	 keys[1024];	/* random bytes for masks */
	size_t		 nkeys;		/* of them, still unused */
	struct ws_deflate *dfl;		/* permessage-deflate, or NULL */
};

ssize_t	ws_io_read(struct ws_conn *c, void *buf, size_t len);
ssize_t	ws_io_write(struct ws_conn *c, const void *buf, size_t len);
int	ws_io_want(const struct ws_conn *c, int dir);
int	ws_io_write_all(struct ws_conn *c, const void *buf, size_t len,
	    long long deadline);
const char *ws_io_error(const struct ws_conn *c, int e);
int	ws_random(struct ws_conn *c, unsigned char *out, size_t n);

/* bytes queued to go out: b[off..len) of cap */
struct wsq {
	unsigned char	*b;
	size_t		 off, len, cap;
};

/*
 * The WebSocket layer's state (ws_layer.c): pushed on its endpoint for
 * a session, read and written by the relay (net/relay.c) through the
 * stack.  Reads are the peer's messages (out), writes become ours.
 */
struct wsr {
	struct ws_conn	*c;
	const struct ws_opts *o;	/* what WebSocket adds */
	struct ws_end	*end;
	char		 err[SK_ERRLEN];	/* why it failed (conn_error) */
	int		 failed;	/* err says: reads and writes fail */
	int		 gone;		/* EPIPE, ECONNRESET: the peer gone
					 * as we wrote; reads go on */
	int		 quit_ms;	/* -q: the closing handshake's bound;
					 * -1: WS_CLOSE_MS of silence */
	int		 idle_ms;	/* -i; -1: none */
	int		 no_stdin;	/* -d: nothing is written to us */
	int		 dirty_eof;	/* a Close but a clean one fails reads
					 * (a far side must not see an end) */
	int		 dirty;		/* ... and it came */
	struct wsq	 w;		/* to the socket */
	int		 wwant;		/* poll events a blocked write needs */
	int		 lwant;		/* what the last blocked call waits on */
	/* written to us: ibuf[0..ilen), a line not yet ended */
	unsigned char	*ibuf;
	size_t		 ilen;
	int		 frag_out;	/* a long line's message is begun */
	int		 zout;		/* the message being sent is compressed */
	struct ws_utf8	 utf8_out;
	/* the frame being read */
	struct ws_head	 h;
	int		 in_frame;
	uint64_t	 fleft, foff;
	unsigned char	 ctl[WS_CONTROL_MAX];
	size_t		 ctl_len;
	/* the message being read */
	int		 msg_op;	/* WS_OP_TEXT, WS_OP_BINARY, or 0 */
	int		 msg_z;		/* compressed (RSV1): inflated */
	uint64_t	 msg_len;
	uint64_t	 msg_raw;	/* its bytes once inflated */
	struct ws_utf8	 utf8_in;
	unsigned char	*mbuf;		/* a text message, gathered */
	size_t		 mlen, mcap;
	struct wsq	 out;		/* the peer's payloads, for reads */
	unsigned char	*sink;		/* a read's buffer, filled first while
					 * out is empty: sink_room left, sunk
					 * bytes in it */
	size_t		 sink_room, sunk;
	int		 fresh;		/* rbuf may hold frames not yet taken
					 * apart (the handshake's, or left
					 * while out was over its mark) */
	int		 in_eof;	/* our output ended (shut_wr, a stop) */
	int		 sent_close, got_close;
	int		 ended;		/* the closing handshake's bound, or
					 * the socket's end after its Close */
	int		 peer_gone;	/* it failed the ping check */
	long long	 quit_at;	/* -1: none */
	long long	 active;	/* the last byte either way */
	long long	 ping_at, pong_by;	/* -1: none */
	uint32_t	 ping_seq;
	/* the pong owed: one at most waits (the latest ping's, RFC 6455
	 * 5.5.3) while the last one queued (up to pong_end of all bytes
	 * ever queued in w, of which w_sent are written) is in w */
	unsigned char	 pong[WS_CONTROL_MAX];
	size_t		 pong_len;
	int		 pong_due;
	uint64_t	 w_queued, w_sent, pong_end;
	uint64_t	 w_data_end;	/* w_queued after the last data frame:
					 * writes up to it are activity (-i) */
	long long	 hc_at;		/* --ws-half-close's end; -1: none */
	/* a burst from the peer is read as it piles up (ws_layer.c) */
	int		 batch;		/* SO_RCVLOWAT is WS_BATCH_LOWAT */
	long long	 burst_at;	/* the first read of the last few */
	int		 burst_n;	/* reads since burst_at */
	long long	 read_at;	/* the last read of the socket */
	size_t		 last_read;	/* wsr_sock_read's bytes */
};

/*
 * ws_out.c: towards the socket.  wsr_note tells the caller (-v);
 * wsq_room makes room for n more bytes in q; wsr_frame_out queues a
 * frame, wsr_data_out a data frame (compressed when permessage-deflate
 * was agreed), wsr_close_out our Close (once); wsr_wflush writes what w holds
 * as far as the socket takes it, wsr_wdrain the rest within WS_FLUSH_MS
 * at the end; wsr_take makes messages of bytes written to the layer
 * (the count it took), wsr_in_end ends them (what is left, then our
 * Close 1000); wsr_pong_out queues the pong owed unless one is still
 * in w.  Each returns 0, or -1 with r->err (or errno alone).
 */
void	wsr_note(struct wsr *r, const char *fmt, int code);
int	wsq_room(struct wsq *q, size_t n);
int	wsr_frame_out(struct wsr *r, int fin, int op, const unsigned char *p,
	    size_t n);
int	wsr_data_out(struct wsr *r, int fin, int op, const unsigned char *p,
	    size_t n);
int	wsr_close_out(struct wsr *r, int code, const char *reason);
int	wsr_wflush(struct wsr *r);
void	wsr_wdrain(struct wsr *r);
ssize_t	wsr_take(struct wsr *r, const unsigned char *p, size_t n);
int	wsr_in_end(struct wsr *r);
int	wsr_pong_out(struct wsr *r);

/*
 * ws_in.c: from the socket.  wsr_sock_read reads and wsr_frames_in
 * takes apart what rbuf holds, the payloads queued in out (up to
 * WS_OHIGH: the rest waits in rbuf, fresh).
 */
int	wsr_sock_read(struct wsr *r);
int	wsr_frames_in(struct wsr *r);

#endif /* WS_INT_H */
