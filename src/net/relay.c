/*
 * relay.c: full writes and the relay loop between (stdin, stdout) and a
 * socket: the poll set, the half-closes, -q and -i, the layers' path
 * (TLS, WebSocket: what they hold, when they must be called again, the
 * end a layer knows of), and a stop (a signal's self-pipe).  It is the
 * one stream relay: WebSocket's messages go through it as a layer of the
 * endpoint (ws/ws_layer.c), with no loop of their own.
 *
 * The relay moves each direction with the cheapest mechanism the two file
 * descriptors allow: on Linux, splice(2) when one side is a pipe,
 * splice(2) through a pipe of our own into a file or /dev/null, and
 * splice(2) through a pipe of our own between two sockets (a forwarder),
 * sendfile(2) from a file into the socket, recv(2) with MSG_TRUNC from a
 * TCP socket into /dev/null (the kernel drops the bytes without copying
 * them); read/write with a large buffer everywhere else, and whenever -C
 * or -x must look at the bytes.  relay_dir.c is that pump.  The
 * half-close rules are in sockt(1) under RELAY RULES.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/conn.h"
#include "net/net.h"
#include "net/pty.h"
#include "net/relay.h"
#include "net/relay_int.h"
#include "util/base.h"
#include "util/clock.h"

void
relay_opts_init(struct relay_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->in_fd = 0;
	o->out_fd = 1;
	o->quit_ms = -1;
	o->idle_ms = -1;
	o->io_exit_fd = -1;
	o->stop_fd = -1;
	o->peer = "connection";
}

/*
 * Fill err for a failure moving d on the given side: the peer's name for
 * the socket, else io_name, stdin or stdout; a reader that left stdout
 * (EPIPE) says nothing more.  Keeps errno; returns -1.
 */
static int
relay_fail(const struct relay_opts *o, const struct dir *d, enum side side,
    char *err)
{
	int e = errno;
	int sock_side = (side == SIDE_DST) == d->to_sock;
	const char *sep = o->peer[0] != '\0' ? ": " : "";

	if ((side == SIDE_NONE || sock_side) && o->conn != NULL && e == EPROTO)
		snprintf(err, SK_ERRLEN, "%s%s%s", o->peer, sep,
		    conn_error(o->conn));
	else if (side != SIDE_NONE && !sock_side && o->io_conn != NULL &&
	    e == EPROTO && o->io_name != NULL)
		snprintf(err, SK_ERRLEN, "%s: %s", o->io_name,
		    conn_error(o->io_conn));
	else if (side == SIDE_NONE || sock_side)
		snprintf(err, SK_ERRLEN, "%s%s%s", o->peer, sep, strerror(e));
	else if (o->io_name != NULL)
		snprintf(err, SK_ERRLEN, "%s: %s", o->io_name, strerror(e));
	else if (d->to_sock)
		snprintf(err, SK_ERRLEN, "stdin: %s", strerror(e));
	else if (e == EPIPE)
		err[0] = '\0';	/* our reader left; nothing to add */
	else
		snprintf(err, SK_ERRLEN, "stdout: %s", strerror(e));
	errno = e;
	return -1;
}

int
relay_quiet_ms(const struct relay_opts *o, const struct conn *c)
{
	int ms = c != NULL ? conn_shut_quiet(c) : 0;

	/* -q and -i leave the peer the other half of theirs to answer */
	if (ms > 0 && o->quit_ms > 0 && o->quit_ms / 2 < ms)
		ms = o->quit_ms / 2;
	if (ms > 0 && o->idle_ms > 0 && o->idle_ms / 2 < ms)
		ms = o->idle_ms / 2;
	return ms;
}

/* One relay session: both directions and the clocks that bound it. */
struct relay {
	const struct relay_opts	*o;
	struct dir		 up;		/* stdin -> socket */
	struct dir		 down;		/* socket -> stdout */
	struct pollfd		 pfd[5];	/* stdin, socket, stdout,
						 * io_exit_fd and stop_fd */
	int			 stopped;	/* stop_fd was readable */
	int			 sock;
	int			 stdin_tty;
	long long		 last;		/* last data moved, for -i */
	long long		 quit_at;	/* -q after stdin's EOF; -1 */
	int			 up_err;	/* the peer's reset of our sending */
	long long		 exit_at;	/* io_exit_fd turned readable; -1 */
	long long		 up_last;	/* then: in_fd's last data */
	int			 eof_typed;	/* io_pty: the EOF character */
	/*
	 * Our end of output held until the peer of the endpoint has been
	 * quiet for ms (relay_shut): the socket's [0], in_fd's [1]; NULL
	 * when none waits
	 */
	struct conn		*shut_c[2];
	int			 shut_ms[2];
	long long		 shut_from[2];
};

/*
 * End our output on endpoint c (slot 0: the socket's, 1: in_fd's), at
 * once, or, where its layers ask (a TLS client's close_notify,
 * conn_shut_quiet), once its peer has been quiet for relay_quiet_ms
 * (relay_shut_due): its end comes first if it ends, and ends the
 * session, whose conn_close sends it then.
 */
static void
relay_shut(struct relay *r, int slot, struct conn *c)
{
	int ms = relay_quiet_ms(r->o, c);

	if (ms <= 0) {
		(void)conn_shut_wr(c);
		return;
	}
	r->shut_c[slot] = c;
	r->shut_ms[slot] = ms;
	r->shut_from[slot] = mono_ms();
}

/*
 * Send the ends relay_shut held that are due: the peer quiet for their
 * ms since our last byte or its.  Returns when the next is due, or -1.
 */
static long long
relay_shut_due(struct relay *r, long long now)
{
	long long at, next = -1;
	int i;

	for (i = 0; i < 2; i++) {
		if (r->shut_c[i] == NULL)
			continue;
		at = (r->last > r->shut_from[i] ? r->last : r->shut_from[i]) +
		    r->shut_ms[i];
		if (now >= at) {
			(void)conn_shut_wr(r->shut_c[i]);
			r->shut_c[i] = NULL;
		} else if (next == -1 || at < next)
			next = at;
	}
	return next;
}

/*
 * Peer EOF: let the reader of our output see EOF now; a socket out_fd
 * kept open (RELAY_KEEP_OUT) sees it when the session ends.
 */
static void
close_out(struct relay *r)
{
	const struct relay_opts *o = r->o;
	int fd;

	if (o->out_fd == o->in_fd) {
		/* a terminal's end of file was typed (relay_type_eof) */
		if ((o->no_shutdown & RELAY_KEEP_OUT) || o->io_pty)
			return;
		if (o->io_conn != NULL)
			relay_shut(r, 1, o->io_conn);
		else
			(void)shutdown(o->out_fd, SHUT_WR);
		return;
	}
	if ((fd = open("/dev/null", O_WRONLY)) == -1) {
		(void)close(o->out_fd);
		return;
	}
	(void)dup2(fd, o->out_fd);
	(void)close(fd);
}

/*
 * Wire both directions (stdin -> sock up, sock -> stdout down), make the
 * socket non-blocking and give each direction its mechanism (dir_setup).
 * Returns 0, or -1 with err before anything is allocated (no relay_free).
 */
static int
relay_init(struct relay *r, int sock, const struct relay_opts *o, char *err)
{
	memset(r, 0, sizeof(*r));
	r->o = o;
	r->sock = sock;
	r->quit_at = -1;
	r->exit_at = -1;
	r->up.src = o->in_fd;
	r->up.dst = sock;
	r->up.to_sock = 1;
	r->up.tag = '>';
	r->up.eof = o->no_stdin;
	r->down.src = sock;
	r->down.dst = o->out_fd;
	r->down.tag = '<';
	/* a terminal of a program's (io_pty) ends: no sign of a person */
	r->stdin_tty = !o->no_stdin && !o->io_pty && isatty(o->in_fd);
	if (net_set_nonblock(sock, 1) == -1) {
		snprintf(err, SK_ERRLEN, "%s: %s", o->peer, strerror(errno));
		return -1;
	}
	r->up.crlf = o->crlf;
	r->up.dump = r->down.dump = o->dump;
	r->up.stop_fd = r->down.stop_fd = o->stop_fd;
	r->up.dump_arg = r->down.dump_arg = o->dump_arg;
	relay_dir_setup(&r->up, o->nagle_adapt);
	relay_dir_setup(&r->down, o->nagle_adapt);
	/* an endpoint without layers is a bare descriptor: splice it */
	if (o->io_conn != NULL && !conn_plain(o->io_conn))
		r->up.src_c = r->down.dst_c = o->io_conn;
	if (o->conn != NULL && !conn_plain(o->conn))
		r->up.dst_c = r->down.src_c = o->conn;
	/*
	 * A layer's bytes must pass through it: no splice; nor with a
	 * terminal, where relay_type_eof puts its EOF character in the
	 * buffer
	 */
	if (r->up.src_c != NULL || r->up.dst_c != NULL || o->io_pty)
		r->up.mode = r->down.mode = MODE_RW;
	r->last = mono_ms();
	return 0;
}

/* Release each direction's buffer and splice pipe. */
static void
relay_free(struct relay *r)
{
	struct dir *d;
	int i;

	for (i = 0; i < 2; i++) {
		d = i == 0 ? &r->up : &r->down;
		free(d->buf);
		if (d->pipe[0] != -1) {
			close(d->pipe[0]);
			close(d->pipe[1]);
		}
	}
}

/*
 * io_pty: the socket's end of file, once all before it is written, is
 * typed on the terminal as its EOF character (after an unfinished line,
 * twice), the nearest a terminal has to a half-close: a program reading
 * a line at a time sees its end of input.  Returns 1 when that is now
 * pending in the down direction, 0 when there is nothing to type.
 */
static int
relay_type_eof(struct relay *r)
{
	struct dir *d = &r->down;
	char eof[2];
	size_t n;
	int midline;

	r->eof_typed = 1;
	midline = d->buf != NULL && d->len > 0 && d->buf[d->len - 1] != '\n' &&
	    d->buf[d->len - 1] != '\r';
	n = pty_eof_chars(r->o->out_fd, midline, eof);
	return n > 0 && relay_dir_put(d, eof, n) == 0;
}

/*
 * Whether the program on a terminal (io_exit_fd) has exited, or there is
 * none to wait for.  A session on a terminal ends no sooner: a program
 * closes its descriptors before it exits, and the master's close in
 * between would hang it up, a death by SIGHUP.
 */
static int
relay_prog_gone(const struct relay *r)
{
	return !r->o->io_pty || r->o->io_exit_fd < 0 || r->exit_at != -1;
}

/*
 * The half-close rules of sockt(1): stdin's EOF, once sent, shuts down our
 * writing side (and starts -q); -d's comes at once, as an empty stdin's
 * would.  With RELAY_KEEP_SOCK the socket stays open both ways and the
 * session lasts until the peer closes.  The socket's EOF, once written
 * out, closes stdout and ends the session where nothing more can come.
 * Returns 1 when the session is over.
 */
static int
relay_settle(struct relay *r)
{
	const struct relay_opts *o = r->o;

	if (!r->up.done && r->up.eof && relay_dir_pending(&r->up) == 0) {
		r->up.done = 1;
		/* tell the peer we are done; keep reading */
		if (!(o->no_shutdown & RELAY_KEEP_SOCK)) {
			if (o->conn != NULL)
				relay_shut(r, 0, o->conn);
			else
				(void)shutdown(r->sock, SHUT_WR);
		}
		if (!o->no_stdin) {
			if (o->quit_ms == 0)
				return 1;
			if (o->quit_ms > 0)
				r->quit_at = mono_ms() + o->quit_ms;
		}
	}
	/* the program's terminal is done: so is the session */
	if (o->io_pty && r->up.done && relay_prog_gone(r))
		return 1;
	if (!r->down.done && r->down.eof && relay_dir_pending(&r->down) == 0 &&
	    !(o->io_pty && !r->eof_typed && relay_type_eof(r))) {
		r->down.done = 1;
		close_out(r);
		if (o->exit_on_eof || r->stdin_tty || o->no_stdin)
			return 1;
	}
	/* a layer's closing handshake is over: nothing more goes either */
	if (r->down.done && o->conn != NULL && o->conn->peer_end != 0)
		return 1;
	return r->up.done && r->down.done && relay_prog_gone(r);
}

/*
 * Whether the session is kept open after stdin's end (RELAY_KEEP_SOCK):
 * then a reader of stdout that goes away leaves nothing to do, and must
 * end it (git waits for its GIT_PROXY_COMMAND to exit, having closed
 * both pipes, while the server waits for our end of file; nc exits there
 * too).
 */
static int
relay_kept(const struct relay *r)
{
	return (r->o->no_shutdown & RELAY_KEEP_SOCK) && r->up.done &&
	    !r->down.done;
}

/* What to poll for: a direction with data waits to write, else to read. */
static void
relay_events(struct relay *r)
{
	struct pollfd *pfd = r->pfd;

	pfd[0].fd = pfd[1].fd = pfd[2].fd = pfd[3].fd = -1;
	pfd[0].events = pfd[2].events = 0;
	pfd[3].events = pfd[4].events = POLLIN;
	if (r->o->io_exit_fd >= 0 && r->exit_at == -1)
		pfd[3].fd = r->o->io_exit_fd;
	pfd[4].fd = r->o->stop_fd;
	pfd[1].fd = r->sock;
	pfd[1].events = 0;
	if (!r->up.done) {
		if (r->up.want_out || relay_dir_pending(&r->up) > 0)
			pfd[1].events |= r->up.layer_want ? r->up.layer_want :
			    POLLOUT;
		else if (!r->up.eof) {
			pfd[0].fd = r->o->in_fd;
			pfd[0].events = r->up.layer_want ? r->up.layer_want : POLLIN;
		}
	}
	if (!r->down.done) {
		if (r->down.want_out || relay_dir_pending(&r->down) > 0) {
			pfd[2].fd = r->o->out_fd;
			pfd[2].events = r->down.layer_want ? r->down.layer_want :
			    POLLOUT;
		} else if (!r->down.eof) {
			pfd[1].events |= r->down.layer_want ? r->down.layer_want :
			    POLLIN;
			/* no events: poll still says when the reader leaves */
			if (relay_kept(r))
				pfd[2].fd = r->o->out_fd;
		}
	}
	/* what the layers queued of their own (a pong, a Close) */
	if (r->o->conn != NULL && conn_held(r->o->conn) > 0)
		pfd[1].events |= POLLOUT;
	if (pfd[1].events == 0)
		pfd[1].fd = -1;
}

/*
 * Whether the layers of d's source hold bytes for d, which poll
 * cannot see on the socket.
 */
static int
layer_ready_dir(const struct dir *d)
{
	return d->src_c != NULL && !d->done && !d->eof &&
	    relay_dir_pending(d) == 0 && !d->want_out &&
	    conn_pending(d->src_c) > 0;
}

static int
layer_ready(const struct relay *r)
{
	return layer_ready_dir(&r->down) || layer_ready_dir(&r->up);
}

/*
 * After io_exit_fd: when in_fd's end of file is taken as come, its
 * output quiet for RELAY_LINGER_MS, or RELAY_LINGER_MAX_MS after the
 * exit; -1 before the exit or after that end.
 */
static long long
relay_linger_at(const struct relay *r)
{
	long long at;

	if (r->exit_at == -1 || r->up.eof)
		return -1;
	at = r->up_last + RELAY_LINGER_MS;
	return at < r->exit_at + RELAY_LINGER_MAX_MS ? at :
	    r->exit_at + RELAY_LINGER_MAX_MS;
}

/* That end, once due. */
static void
relay_linger(struct relay *r, long long now)
{
	long long at = relay_linger_at(r);

	if (at != -1 && now >= at)
		r->up.eof = 1;
}

/*
 * When the endpoints' layers must be called again though nothing came
 * (conn_wake, which does their timed work), or -1.
 */
static long long
relay_wake(const struct relay *r)
{
	long long a = -1, b = -1;

	if (r->o->conn != NULL)
		a = conn_wake(r->o->conn);
	if (r->o->io_conn != NULL)
		b = conn_wake(r->o->io_conn);
	return a == -1 || (b != -1 && b < a) ? b : a;
}

/*
 * poll's timeout: the nearest of the -i deadline, -q's, the linger
 * after io_exit_fd, shut_at (relay_shut_due's) and the layers' wake;
 * -1 for none.
 */
static int
relay_wait(const struct relay *r, long long now, long long shut_at,
    long long wake)
{
	long long deadline, linger;

	if (layer_ready(r))
		return 0;
	if (wake != -1 && (shut_at == -1 || wake < shut_at))
		shut_at = wake;
	deadline = r->o->idle_ms > 0 ? r->last + r->o->idle_ms : -1;
	linger = relay_linger_at(r);
	if (linger != -1 && (deadline == -1 || linger < deadline))
		deadline = linger;
	if (shut_at != -1 && (deadline == -1 || shut_at < deadline))
		deadline = shut_at;
	return mono_wait(deadline, r->quit_at, now);
}

/* The poll events that let direction d move. */
static short
relay_ready(const struct relay *r, const struct dir *d)
{
	int up = d == &r->up;
	int out = d->want_out || relay_dir_pending(d) > 0;
	/* the side d waits on: stdin 0, the socket 1, stdout 2 */
	int slot = up ? (out ? 1 : 0) : (out ? 2 : 1);

	/* TLS may read to write or write to read: any event, try */
	if (out ? d->dst_c != NULL : d->src_c != NULL)
		return r->pfd[slot].revents | (out ? 0 : layer_ready_dir(d));
	if (out)
		return up ? r->pfd[1].revents & (POLLOUT | POLLERR | POLLHUP) :
		    r->pfd[2].revents;
	return up ? r->pfd[0].revents :
	    r->pfd[1].revents & (POLLIN | POLLERR | POLLHUP);
}

/*
 * Move what poll found ready in each direction.  Returns 0 to go on, 1
 * when the session ended well, -1 with err on failure.
 */
static int
relay_step(struct relay *r, long long now, char *err)
{
	const struct relay_opts *o = r->o;
	enum side side;
	struct dir *d;
	int i, rc;

	/*
	 * Polled for nothing (relay_kept): the reader of stdout left.  The
	 * endpoint goes its way first (a WebSocket Close 1001, as on a
	 * signal), so the peer sees an end and not a dropped connection.
	 */
	if (r->pfd[2].fd != -1 && r->pfd[2].events == 0 &&
	    (r->pfd[2].revents & (POLLERR | POLLHUP))) {
		if (o->on_stop != NULL)
			(void)o->on_stop(o->stop_arg);
		return 1;
	}
	for (i = 0; i < 2; i++) {
		d = i == 0 ? &r->up : &r->down;
		if (d->done || relay_ready(r, d) == 0)
			continue;
		side = SIDE_NONE;
		rc = relay_dir_pump(d, &side);
		if (rc == 1)
			r->last = now;
		if (rc == 1 && d == &r->up)
			r->up_last = now;
		if (rc != -1)
			continue;
		/*
		 * The peer closed and refuses the rest of our input: the
		 * session is over, the way the peer wanted.
		 */
		if (d == &r->up && r->down.eof && side == SIDE_DST &&
		    (errno == EPIPE || errno == ECONNRESET))
			return 1;
		/*
		 * The peer reset while we were still sending, before its end
		 * of file reached us: what it sent first is already here (a
		 * server that answers and closes with our data unread sends
		 * its answer, then a reset), so stop sending and read it out;
		 * the session ends at its end of file, and fails with the
		 * reset all the same: not all of our input was sent.
		 */
		if (d == &r->up && !r->down.done && side == SIDE_DST &&
		    (errno == EPIPE || errno == ECONNRESET)) {
			/*
			 * Unless a protocol's closing handshake is done
			 * (peer_end: a WebSocket Close answered), which
			 * is the peer's end and no failure: the rest of
			 * our input has nowhere to go, by the protocol.
			 */
			if (o->conn == NULL || o->conn->peer_end == 0)
				r->up_err = errno;
			d->eof = d->done = 1;
			d->off = d->len = d->inpipe = 0;
			continue;
		}
		/*
		 * The program exited with our input unread: its output is
		 * all here, its end the end of file.  A terminal's master
		 * says EIO once no slave is open: the same.
		 */
		if (d == &r->up && side == SIDE_SRC &&
		    ((o->io_reset_eof && errno == ECONNRESET) ||
		    (o->io_pty && errno == EIO))) {
			d->eof = 1;
			continue;
		}
		/*
		 * One socket as both ends (a program on a socketpair) stopped
		 * reading: stop this direction only, so what it wrote before
		 * it went still reaches the peer.  No SHUT_RD: what the peer
		 * still sends waits for the endpoint's lingering close, which
		 * reads it out (a read after SHUT_RD says end of file while
		 * the bytes still come, and closing then resets).
		 */
		if (d == &r->down && o->in_fd == o->out_fd &&
		    side == SIDE_DST && (errno == EPIPE || errno == ECONNRESET ||
		    (o->io_pty && errno == EIO))) {
			d->eof = d->done = 1;
			d->off = d->len = d->inpipe = 0;
			/* relay_settle ends the session if up is done too */
			continue;
		}
		return relay_fail(o, d, side, err);
	}
	return 0;
}

/*
 * stop_fd is readable: in_fd's end, what waited of it dropped, after
 * the endpoint's way of going (on_stop); a second time, or when on_stop
 * says so, the end (1).  Returns 0 to go on.
 */
static int
relay_stop(struct relay *r)
{
	char b[64];

	while (read(r->o->stop_fd, b, sizeof(b)) > 0)
		;
	if (r->stopped++ > 0)
		return 1;
	if (r->o->on_stop != NULL && r->o->on_stop(r->o->stop_arg) == 1)
		return 1;
	r->up.eof = 1;
	r->up.off = r->up.len = 0;
	r->up.want_out = 0;
	return 0;
}

/*
 * Relay between o->in_fd/o->out_fd and sock until the session ends.
 * Returns 0, or -1 with errno and err (err empty: nothing to say).
 */
int
relay_run(int sock, const struct relay_opts *o, char *err)
{
	struct relay r;
	long long now, wake;
	int rc, status = 0;

	err[0] = '\0';
	if (relay_init(&r, sock, o, err) == -1)
		return -1;
	/*
	 * The layers' timed work first, which may end the session; and
	 * again after relay_settle, whose end of our output may have set
	 * a clock (a WebSocket Close's bound)
	 */
	while ((void)relay_wake(&r), !relay_settle(&r)) {
		relay_events(&r);
		now = mono_ms();
		wake = relay_wake(&r);
		rc = poll(r.pfd, 5, relay_wait(&r, now, relay_shut_due(&r,
		    now), wake));
		if (rc == -1) {
			if (errno == EINTR)
				continue;
			snprintf(err, SK_ERRLEN, "poll: %s", strerror(errno));
			status = -1;
			break;
		}
		now = mono_ms();
		/* whatever is ready: a peer that never pauses must not hold -q */
		if (r.quit_at != -1 && now >= r.quit_at)
			break;
		if (r.pfd[3].revents != 0)
			r.exit_at = r.up_last = now;
		if (r.pfd[4].revents != 0 && relay_stop(&r) == 1)
			break;
		if (rc == 0 && !layer_ready(&r)) {
			relay_linger(&r, now);
			if (o->idle_ms > 0 && now - r.last >= o->idle_ms) {
				snprintf(err, SK_ERRLEN, "%s: idle for %d.%03d "
				    "s, closing", o->peer, o->idle_ms / 1000,
				    o->idle_ms % 1000);
				errno = ETIMEDOUT;
				status = -1;
				break;
			}
			continue;
		}
		if ((rc = relay_step(&r, now, err)) != 0) {
			status = rc == 1 ? 0 : -1;
			break;
		}
		relay_linger(&r, now);
	}
	if (status == 0 && r.up_err != 0) {
		errno = r.up_err;
		status = relay_fail(o, &r.up, SIDE_DST, err);
	}
	if (o->moved != NULL) {
		o->moved[0] = r.up.moved;
		o->moved[1] = r.down.moved;
	}
	relay_free(&r);
	return status;
}
