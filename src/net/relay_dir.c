/*
 * relay_dir.c: one direction of the relay, the pump that moves its bytes
 * with the cheapest mechanism its two file descriptors allow (relay.c
 * says which), and the pipe and fd helpers the HTTP client shares.
 */
#if defined(__linux__)
#define _GNU_SOURCE		/* splice, F_SETPIPE_SZ */
#endif

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#if defined(__linux__)
#include <sys/sendfile.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/conn.h"
#include "net/io.h"
#include "net/relay_int.h"
#include "util/base.h"

#define RELAY_BUFSZ	(256 * 1024)	/* the read/write fallback buffer */
#define SPLICE_CHUNK	(1 << 20)
#define PIPE_SIZE	(1 << 20)
/* nagle_adapt: a chunk this large is bulk, this small is a message */
#define NAGLE_BULK	(256 * 1024)
#define NAGLE_SMALL	(16 * 1024)


/* d's buffer, made on first use.  Returns 0, or -1 with errno. */
static int
dir_buf(struct dir *d)
{
	size_t cap = RELAY_BUFSZ;

	/* room to expand every LF to CRLF */
	if (d->buf == NULL &&
	    (d->buf = malloc(d->crlf && d->to_sock ? 3 * cap : cap)) == NULL)
		return -1;
	return 0;
}

int
relay_dir_put(struct dir *d, const char *p, size_t n)
{
	if (dir_buf(d) == -1)
		return -1;
	memcpy(d->buf, p, n);
	d->off = 0;
	d->len = n;
	return 0;
}

/*
 * One step of a read/write direction.  Returns 1 on progress (or EOF),
 * 0 when it would block, -1 with errno and *side on failure.
 */
static int
pump_rw(struct dir *d, enum side *side)
{
	size_t cap = RELAY_BUFSZ;
	ssize_t n;
	char *rd;

	if (dir_buf(d) == -1) {
		*side = SIDE_SRC;
		return -1;
	}
	if (d->off == d->len) {
		rd = d->crlf && d->to_sock ? d->buf + 2 * cap : d->buf;
		n = d->src_c != NULL ? conn_read(d->src_c, rd, cap) :
		    read(d->src, rd, cap);
		d->layer_want = 0;
		if (n == -1) {
			if (errno == EINTR || errno == EAGAIN ||
			    errno == EWOULDBLOCK) {
				if (d->src_c != NULL)
					d->layer_want = conn_want(d->src_c,
					    POLLIN);
				return 0;
			}
			*side = SIDE_SRC;
			return -1;
		}
		if (n == 0) {
			d->eof = 1;
			return 1;
		}
		d->off = 0;
		d->len = (size_t)n;
		if (d->crlf && d->to_sock)
			d->len = relay_crlf(rd, (size_t)n, d->buf,
			    &d->last_cr);
		if (d->dump != NULL)
			d->dump(d->tag, d->count, (unsigned char *)d->buf,
			    d->len, d->dump_arg);
		d->count += d->len;
	}
	while (d->off < d->len) {
		n = d->dst_c != NULL ? conn_write(d->dst_c,
		    d->buf + d->off, d->len - d->off) :
		    write(d->dst, d->buf + d->off, d->len - d->off);
		if (n == -1) {
			/* stdout that nobody reads blocks us: a stop ends
			 * it (relay_opts.stop_fd) */
			if (errno == EINTR && d->dst_c == NULL &&
			    io_fd_readable(d->stop_fd)) {
				errno = EPIPE;
				*side = SIDE_DST;
				return -1;
			}
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				d->want_out = 1;
				if (d->dst_c != NULL)
					d->layer_want = conn_want(d->dst_c,
					    POLLOUT);
				return 1;
			}
			*side = SIDE_DST;
			return -1;
		}
		d->off += (size_t)n;
		d->moved += (size_t)n;
	}
	d->want_out = 0;
	d->layer_want = 0;
	return 1;
}



#if defined(__linux__)
/*
 * Before a direction's pipe is made: an end of file first (a short
 * connection's request side) is seen with a peek, not a pipe made,
 * filled with nothing and closed.  Returns 2 when there is data (or
 * src is no socket: the pipe finds out), else what pump_splice returns:
 * 1 at the end of file, 0 for nothing yet, -1 with errno and *side
 * (the peek took the socket's error: it must be said here).
 */
static int
peek_first(struct dir *d, enum side *side)
{
	char c;
	ssize_t n;

	n = recv(d->src, &c, 1, MSG_PEEK | MSG_DONTWAIT);
	if (n > 0 || (n == -1 && errno == ENOTSOCK))
		return 2;
	if (n == 0) {
		d->eof = 1;
		return 1;
	}
	if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
		return 0;
	*side = SIDE_SRC;
	return -1;
}

/* Empty our pipe into dst when falling back to read/write midway. */
static int
pipe_drain(struct dir *d, enum side *side)
{
	char tmp[16384];
	ssize_t n;

	while (d->inpipe > 0) {
		n = read(d->pipe[0], tmp, sizeof(tmp));
		if (n <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			*side = SIDE_SRC;
			return -1;
		}
		if (io_write_all(d->dst, tmp, (size_t)n) == -1) {
			*side = SIDE_DST;
			return -1;
		}
		d->inpipe -= (size_t)n;
		d->moved += (size_t)n;
	}
	return 0;
}

/*
 * nagle_adapt: a forwarder sets TCP_NODELAY so that a message written in
 * pieces is not held back behind a delayed ACK, but Nagle's coalescing
 * is worth some 15 % of a bulk transfer's throughput on loopback.  So a
 * direction that reads a bulk chunk turns Nagle back on for its
 * destination, and one that reads a small chunk turns it off (which
 * also sends at once what waits); the band between keeps the state, so
 * a steady stream flips it seldom, one setsockopt each time.
 */
static void
nagle_adapt(struct dir *d, size_t n)
{
	int want, off;

	if (d->nodelay == -1)
		return;
	if (n >= NAGLE_BULK)
		want = 0;
	else if (n <= NAGLE_SMALL)
		want = 1;
	else
		return;
	if (want == d->nodelay)
		return;
	off = want;
	if (setsockopt(d->dst, IPPROTO_TCP, TCP_NODELAY, &off,
	    sizeof(off)) == -1)
		d->nodelay = -1;	/* not TCP after all: leave it */
	else
		d->nodelay = want;
}

/*
 * Splice what waits in our pipe on to dst without blocking: a socket
 * that is full leaves the rest in the pipe (want_out) until poll says it
 * takes more, so the other direction keeps moving meanwhile.  Returns 1,
 * or -1 with errno and *side.
 */
static int
pipe_push(struct dir *d, enum side *side)
{
	ssize_t n;

	while (d->inpipe > 0) {
		n = splice(d->pipe[0], NULL, d->dst, NULL, d->inpipe,
		    SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
		if (n > 0) {
			d->inpipe -= (size_t)n;
			d->moved += (size_t)n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN) {
			d->want_out = 1;
			return 1;
		}
		if (n == 0)
			errno = EIO;	/* the pipe cannot be empty */
		if (!io_splice_unsupported(errno)) {
			*side = SIDE_DST;
			return -1;
		}
		if (pipe_drain(d, side) == -1)
			return -1;
		d->mode = MODE_RW;
		return 1;
	}
	d->want_out = 0;
	return 1;
}

static int
pump_splice(struct dir *d, enum side *side)
{
	ssize_t n;

	switch (d->mode) {
	case MODE_SPLICE:
	case MODE_SENDFILE:
		if (d->mode == MODE_SPLICE)
			n = splice(d->src, NULL, d->dst, NULL, SPLICE_CHUNK,
			    SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
		else
			n = sendfile(d->dst, d->src, NULL, SPLICE_CHUNK);
		if (n > 0) {
			d->want_out = 0;
			d->moved += (size_t)n;
			return 1;
		}
		if (n == 0) {
			d->eof = 1;
			return 1;
		}
		if (errno == EINTR)
			return 0;
		if (errno == EAGAIN) {
			/*
			 * Called because src was readable: dst is full.
			 * Called because dst was writable: src is empty,
			 * which a file (sendfile's src) never is.
			 */
			d->want_out = d->mode == MODE_SENDFILE || !d->want_out;
			return 0;
		}
		break;
	case MODE_DISCARD:
		/*
		 * TCP drops queued bytes without copying them when asked
		 * with MSG_TRUNC: the cheapest way to write to /dev/null.
		 */
		n = recv(d->src, NULL, SPLICE_CHUNK, MSG_TRUNC | MSG_DONTWAIT);
		if (n > 0) {
			d->moved += (size_t)n;
			return 1;
		}
		if (n == 0) {
			d->eof = 1;
			return 1;
		}
		if (errno == EINTR || errno == EAGAIN)
			return 0;
		break;
	case MODE_SPLICE_PIPE:
		/* the pipe comes with the first data (dir_setup) */
		if (d->pipe[0] == -1 && (n = peek_first(d, side)) != 2)
			return (int)n;
		if (d->pipe[0] == -1 && io_pipe_open(d->pipe, 1) == -1) {
			d->pipe[0] = d->pipe[1] = -1;
			d->mode = MODE_RW;
			return pump_rw(d, side);
		}
		if (d->inpipe == 0) {
			n = splice(d->src, NULL, d->pipe[1], NULL, PIPE_SIZE,
			    SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
			if (n == 0) {
				d->eof = 1;
				return 1;
			}
			if (n == -1) {
				if (errno == EINTR || errno == EAGAIN)
					return 0;
				break;
			}
			d->inpipe = (size_t)n;
			nagle_adapt(d, (size_t)n);
		}
		return pipe_push(d, side);
	default:
		break;
	}
	if (!io_splice_unsupported(errno)) {
		/*
		 * splice does not say which end failed; the errno does:
		 * EPIPE comes from the writing end, a reset or a timeout
		 * from the socket.
		 */
		if (errno == EPIPE)
			*side = SIDE_DST;
		else if (errno == ECONNRESET || errno == ETIMEDOUT ||
		    errno == ENOTCONN)
			*side = d->to_sock ? SIDE_DST : SIDE_SRC;
		else
			*side = SIDE_NONE;
		return -1;
	}
	/* nothing moved: carry on with read/write */
	d->mode = MODE_RW;
	return pump_rw(d, side);
}
#endif /* __linux__ */

int
relay_dir_pump(struct dir *d, enum side *side)
{
#if defined(__linux__)
	if (d->mode != MODE_RW)
		return pump_splice(d, side);
#endif
	return pump_rw(d, side);
}

size_t
relay_dir_pending(const struct dir *d)
{
	return d->len - d->off + d->inpipe;
}

#if defined(__linux__)
/* MSG_TRUNC discards data only on TCP sockets (on UNIX ones it truncates) */
static int
sock_is_tcp(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int type;
	socklen_t tlen = sizeof(type);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1 ||
	    getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tlen) == -1)
		return 0;
	return type == SOCK_STREAM && (ss.ss_family == AF_INET ||
	    ss.ss_family == AF_INET6);
}
#endif

/* Choose how a direction moves its bytes. */
void
relay_dir_setup(struct dir *d, int nagle)
{
	d->mode = MODE_RW;
	d->pipe[0] = d->pipe[1] = -1;
	d->nodelay = nagle ? 1 : -1;
#if defined(__linux__)
	{
		struct stat ss, ds, ns;

		if (d->dump != NULL || (d->crlf && d->to_sock))
			return;
		if (fstat(d->src, &ss) == -1 || fstat(d->dst, &ds) == -1)
			return;
		if (S_ISFIFO(ss.st_mode) || S_ISFIFO(ds.st_mode)) {
			/* a bigger pipe means fewer wake-ups */
			(void)fcntl(S_ISFIFO(ss.st_mode) ? d->src : d->dst,
			    F_SETPIPE_SZ, PIPE_SIZE);
			d->mode = MODE_SPLICE;
		} else if (d->to_sock && S_ISREG(ss.st_mode))
			d->mode = MODE_SENDFILE;
		else if (!d->to_sock && S_ISCHR(ds.st_mode) &&
		    stat("/dev/null", &ns) == 0 && ns.st_rdev == ds.st_rdev &&
		    io_fd_writable(d->dst) && sock_is_tcp(d->src))
			d->mode = MODE_DISCARD;
		else if ((!d->to_sock && (S_ISREG(ds.st_mode) ||
		    (S_ISCHR(ds.st_mode) && !isatty(d->dst)))) ||
		    (S_ISSOCK(ss.st_mode) && S_ISSOCK(ds.st_mode))) {
			/*
			 * Socket to socket too (a forwarder): both ways.  The
			 * pipe is opened when the first data is ready: a
			 * direction that never carries any (a short
			 * connection's request side) costs nothing.
			 */
			d->mode = MODE_SPLICE_PIPE;
		}
	}
#else
	(void)o;
#endif
}
