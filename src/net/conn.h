/*
 * conn.h: the connection stack.  An endpoint is a descriptor (a TCP,
 * UNIX or connected UDP socket, a pipe, a terminal) with a chain of
 * layers above it: the dial steps (a SOCKS or CONNECT handshake), the
 * PROXY header sent or read, a STARTTLS dialogue, TLS, WebSocket.  Every
 * layer answers the same few questions, as curl's connection filters do
 * (lib/cfilters.c): one step of its handshake, read, write, what it
 * waits for, the bytes it already holds, the end of our output, and its
 * share of a graceful close.  A command builds each endpoint's chain
 * from its options (stack.h) and hands two endpoints to the one relay;
 * every pairing that has a protocol meaning then works without code of
 * its own, and each layer ends as its protocol says.  Core: never prints,
 * never exits.
 *
 * Layers lie bottom up: layer[0] is the first above the descriptor.  A
 * layer with a handshake only (the dial steps, the PROXY header,
 * STARTTLS) passes reads and writes down once it is done; the bytes its
 * handshake read past its end are given back first (conn_rest).  TLS
 * reads and writes what lies beneath it: the descriptor, or the top
 * layer below it that moves bytes (an https:// proxy's TLS, so TLS
 * inside TLS); the layers below it must be done and hold nothing when
 * its handshake starts.
 *
 * conn_init makes c a bare endpoint on fd (layer-less: the relay may
 * splice it); conn_push adds a layer above the others, which conn takes
 * (its free runs at conn_free), conn_push_tls a TLS session whose
 * handshake is done, conn_push_tls_hs one whose handshake is a step of
 * the chain's.  conn_push_tls_client makes a TLS client as o says
 * (tls.h) and pushes it, its handshake a step of the chain's, over the
 * descriptor or, where a layer below moves bytes, over the layers
 * below (o->io is its own); 0, or -1 with err.  c must then stay where
 * it is until it is freed: that TLS reads and writes through it.
 * conn_step runs one step of the lowest handshake not yet done: 0 when
 * every layer is done, POLLIN or POLLOUT for what the next step waits
 * on, -1 with err (c->failed: which layer; while a step runs, the
 * layer stepping, so that its I/O goes beneath it: conn_read_under(c,
 * c->failed, ...)); conn_handshake runs them all
 * (the descriptor made non-blocking, unless nothing is left to run) by
 * deadline (mono_ms; -1: none), each layer within c->step_ms from its
 * first step or by its own due, ETIMEDOUT past either with err saying
 * whose.  For a caller's own poll loop: conn_timeout puts in err the
 * words of the layer whose step waits (c->failed) for its time running
 * out ("TLS handshake timed out"); conn_step_wake is the mono_ms by
 * which that layer must step again though nothing came (a TLS 1.3
 * client's wait for the server's verdict, DTLS's flights), or -1.
 * conn_read and conn_write move bytes through the top layer that moves
 * them (0 from conn_read: the peer's end), -1 with errno (EAGAIN: wait for
 * conn_want's events; EPROTO: a protocol failure, in words from
 * conn_error).  conn_pending: bytes held above the descriptor, which
 * poll cannot see.  conn_shut_wr ends our output: close_notify for TLS,
 * else a half-close (shutdown SHUT_WR) where the descriptor has one;
 * reading goes on.  conn_shut_quiet: how long (ms) the peer should have
 * been quiet before conn_shut_wr, 0 for at once: a TLS client's
 * close_notify waits for the server's end or its silence (tls.h says
 * why), and the caller keeps that clock (relay.c).  Once our
 * close_notify is sent, a reset from a peer that has sent something
 * since is its end: a TLS peer that closes after its last reply without
 * reading our close_notify makes its kernel answer that with a reset,
 * though every byte it sent first has arrived (c->reset_end says so,
 * for -v).  A reset before that is a failure (ECONNRESET): the peer's
 * kernel may have thrown away a reply still on its way.
 * conn_layer_is: whether layer[level] (level >= 0, < c->nlayers)
 * declares flag (CONN_L_*); 0 for any other level.
 * conn_read_under, conn_write_under, conn_want_under, conn_pending_under
 * and conn_error_under are those calls beneath layer[level]: through
 * the top layer under it that answers them, else the descriptor (the
 * bytes of conn_rest first), as a layer's handshake or a TLS layer's
 * records talk to what lies under them; conn_read and the rest are the
 * same above every layer (level c->nlayers).
 *
 * conn_close ends c gracefully and frees it: a TLS client whose peer has
 * not ended first waits for that end, or its silence of
 * conn_shut_quiet, within ms (what comes is discarded); our output
 * ended as above (close_notify), each layer below with an end of its
 * own ended too, top down (TLS inside TLS: the proxy's close_notify
 * after the server's), then a FIN, then on a stream socket a lingering
 * close (linger.h): what the peer still sends is read and discarded until its
 * end, within ms (< 0: CONN_LINGER_MS; 0: what is there now) or
 * CONN_LINGER_CAP bytes, so that no reset eats our last bytes on their
 * way (a peer we refused, c->refused, CONN_REFUSED_CAP: its refusal's
 * purpose, not a flood's); 0, or -1 when the bound ended it.  A protocol above that knows
 * the peer owes nothing more sets c->peer_end, and conn_close's default
 * bound (ms < 0) follows it: CONN_PEER_DONE, its last word is in (a
 * WebSocket closing handshake done: nothing may follow its Close), so
 * its end is awaited CONN_DONE_MS at most; CONN_PEER_GONE, it stopped
 * answering, so only what is there now is read.  conn_close_step is the
 * same end a step at a time, for a poll loop that serves others
 * meanwhile (http-get's engine): each call does what it can without
 * waiting and returns POLLIN or POLLOUT to be called again when c->fd
 * has that or conn_close_due (mono_ms; -1 before the first call and
 * after the last) has come, whichever is first; then 0 or -1 as
 * conn_close, c->fd closed.  ms is read at the first call; errno is
 * kept; until the end nothing else may use c.  conn_close is a loop over
 * it (conn_end.c).
 * conn_abort resets on purpose (SO_LINGER 0): a
 * failed dial, an invalid PROXY header, a truncated bridge, where the
 * peer must see a failure rather than an end.  conn_free frees the
 * layers and leaves the descriptor open (handed on, or closed by the
 * caller).  conn_pop takes the top layer off again and hands back its
 * ctx, unfreed (a WebSocket session's layer, pushed for the relay and
 * ended by its owner before the endpoint's own end).
 */
#ifndef NET_CONN_H
#define NET_CONN_H

#include <sys/types.h>

#include <stddef.h>

#define CONN_LAYERS	6
#define CONN_LINGER_MS	3000		/* conn_close's default bound */
#define CONN_LINGER_CAP	(1 << 30)	/* bytes discarded at most: the time
					 * bounds it first on any link */
#define CONN_REFUSED_CAP (4 << 20)	/* ... after a refusal (c->refused):
					 * enough for the peer's buffers in
					 * flight, too little for a flood */
#define CONN_DONE_MS	500		/* the bound once the peer owes
					 * nothing more */
#define CONN_PEER_DONE	1		/* conn.peer_end */
#define CONN_PEER_GONE	2

struct conn;
struct tls_client_opts;
struct tls_conn;

/*
 * A layer's answers; NULL where the layer has nothing of its own (the
 * call passes down).  step: 0 done, POLLIN or POLLOUT, -1 with err.
 * read and write as read(2) and write(2) on the layer below's bytes.
 * want: the events the last call that would block waits on.  shut_wr: 0,
 * or -1 with errno.  error: the last EPROTO in words.  timeout: err for a
 * handshake that ran out of time (NULL: "NAME: timed out").  due: the
 * mono_ms by which its handshake's next step must come (a dialogue's
 * reply), or -1; NULL: none of its own.  wake: the mono_ms by which it
 * must be called again though nothing arrived (DTLS sends a lost flight
 * again, WebSocket pings and bounds its closing handshake), or -1;
 * conn_wake asks the top layer that has one, and a relay calls it
 * before each wait (a layer may do its timed work there: what fails
 * then is told by its next read, pending saying there is news).  quiet:
 * the ms of the peer's silence its shut_wr waits for (conn_shut_quiet).
 * held: bytes of ours it holds that must still go down (control frames
 * a WebSocket layer queued on its own), for which the relay polls the
 * descriptor writable and calls wake again (conn_held); NULL: none.
 * flags: what the layer is, as those above it need to know (CONN_L_*),
 * asked by conn_layer_is, never by its name (which is for words).
 */
#define CONN_L_NAMED	0x1	/* its failure names the far end itself
				 * (the PROXY header sent: whose it is) */

struct conn_ops {
	const char	*name;
	int		 flags;
	int		(*step)(void *ctx, struct conn *c, char *err);
	ssize_t		(*read)(void *ctx, void *buf, size_t n);
	ssize_t		(*write)(void *ctx, const void *buf, size_t n);
	int		(*want)(const void *ctx);
	size_t		(*pending)(void *ctx);
	int		(*shut_wr)(void *ctx);
	const char	*(*error)(const void *ctx);
	void		(*timeout)(const void *ctx, char *err);
	long long	(*due)(const void *ctx);
	long long	(*wake)(void *ctx);
	int		(*quiet)(const void *ctx);
	size_t		(*held)(const void *ctx);
	void		(*free)(void *ctx);
};

struct conn_layer {
	const struct conn_ops	*ops;
	void			*ctx;
	int			 done;	/* its handshake is over */
};

struct conn {
	int		 fd;
	int		 stream;	/* a stream socket: half-close and
					 * lingering close apply */
	int		 nlayers;
	struct conn_layer layer[CONN_LAYERS];
	int		 shut;		/* our output has ended */
	int		 failed;	/* the layer whose handshake step
					 * failed or waits, or -1 */
	int		 step_ms;	/* conn_handshake: each layer's own
					 * time limit; 0: the deadline's only */
	int		 reset_end;	/* the peer's end was a reset after
					 * our close_notify */
	int		 heard;		/* the peer sent data after our
					 * end of output */
	int		 eof_seen;	/* conn_read has seen the peer's end */
	int		 peer_end;	/* CONN_PEER_*: what a protocol above
					 * knows of the peer's end; 0 nothing */
	/* bytes a handshake read past its end: rest[roff..rlen) */
	unsigned char	*rest;
	size_t		 roff, rlen;
	/* conn_close_step's: how far the end has come */
	int		 ending;	/* 0 not begun, then CONN_END_* */
	int		 end_ms;	/* its bound, as given */
	long long	 end_last;	/* the peer's last bytes (awaiting) */
	long long	 end_due;	/* the bound of this part */
	size_t		 end_left;	/* bytes still to discard */
	int		 refused;	/* the peer was refused (a line or a
					 * message over its limit, a proxy's
					 * 4xx): its end reads no flood */
};

#define CONN_END_AWAIT	1	/* conn.ending: a TLS client awaits */
#define CONN_END_LINGER	2	/* ... the lingering close */

void	conn_init(struct conn *c, int fd);
int	conn_push(struct conn *c, const struct conn_ops *ops, void *ctx);
int	conn_push_tls(struct conn *c, struct tls_conn *t);
int	conn_push_tls_hs(struct conn *c, struct tls_conn *t);
int	conn_push_tls_client(struct conn *c, const struct tls_client_opts *o,
	    char *err);
int	conn_rest(struct conn *c, const void *p, size_t n);
struct tls_conn *conn_tls(const struct conn *c);
int	conn_plain(const struct conn *c);
int	conn_step(struct conn *c, char *err);
int	conn_handshake(struct conn *c, long long deadline, char *err);
ssize_t	conn_read(struct conn *c, void *buf, size_t n);
ssize_t	conn_write(struct conn *c, const void *buf, size_t n);
int	conn_write_all(struct conn *c, const void *buf, size_t n,
	    long long deadline);
int	conn_want(const struct conn *c, int dir);
ssize_t	conn_read_under(struct conn *c, int level, void *buf, size_t n);
ssize_t	conn_write_under(struct conn *c, int level, const void *buf,
	    size_t n);
int	conn_want_under(const struct conn *c, int level, int dir);
size_t	conn_pending_under(struct conn *c, int level);
const char *conn_error_under(const struct conn *c, int level);
void	conn_timeout(const struct conn *c, char *err);
long long conn_step_wake(const struct conn *c);
long long conn_wake(struct conn *c);
size_t	conn_pending(struct conn *c);
int	conn_shut_wr(struct conn *c);
int	conn_shut_quiet(const struct conn *c);
size_t	conn_held(const struct conn *c);
void	*conn_pop(struct conn *c);
const char *conn_error(const struct conn *c);
int	conn_layer_is(const struct conn *c, int level, int flag);
int	conn_close(struct conn *c, int ms);
int	conn_close_step(struct conn *c, int ms);
long long conn_close_due(const struct conn *c);
void	conn_abort(struct conn *c);
void	conn_free(struct conn *c);

#endif /* NET_CONN_H */
