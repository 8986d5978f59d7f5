/*
 * io.c: the plain descriptor helpers every layer shares: full writes
 * within a time limit, -C's rewrite, whether an fd takes writes, and on
 * Linux the splice-through-our-own-pipe steps of the relay and of
 * http-get's bodies.  Core: never prints, never exits.
 */
#if defined(__linux__)
#define _GNU_SOURCE		/* splice, F_SETPIPE_SZ */
#endif

#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "net/io.h"
#include "util/clock.h"

#define PIPE_SIZE	(1 << 20)

/*
 * Write all of buf, waiting at most timeout_ms (< 0: no limit) in all for
 * a non-blocking fd to take it.  Returns len, or -1 with errno
 * (ETIMEDOUT when the time ran out).
 */
ssize_t
io_write_timed(int fd, const void *buf, size_t len, int timeout_ms)
{
	const char *p = buf;
	size_t done = 0;
	struct pollfd pfd;
	long long deadline = timeout_ms >= 0 ? mono_ms() + timeout_ms : -1;
	ssize_t n;
	int wait;

	while (done < len) {
		n = write(fd, p + done, len - done);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				return -1;
			wait = -1;
			if (deadline != -1 && (wait = (int)(deadline -
			    mono_ms())) <= 0) {
				errno = ETIMEDOUT;
				return -1;
			}
			pfd.fd = fd;
			pfd.events = POLLOUT;
			if (poll(&pfd, 1, wait) == -1 && errno != EINTR)
				return -1;
			continue;
		}
		done += (size_t)n;
	}
	return (ssize_t)len;
}

ssize_t
io_write_all(int fd, const void *buf, size_t len)
{
	return io_write_timed(fd, buf, len, -1);
}

/*
 * -C: LF becomes CRLF unless a CR precedes it already, *last_cr saying
 * whether the byte before in[0] was one.
 */
size_t
relay_crlf(const char *in, size_t n, char *out, int *last_cr)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (in[i] == '\n' && !*last_cr)
			out[k++] = '\r';
		out[k++] = in[i];
		*last_cr = in[i] == '\r';
	}
	return k;
}

/*
 * Whether fd is open for writing.  A /dev/null opened read-only stands
 * for a closed stdout or stderr (sockt.c), whose writes must fail: the
 * relay must not discard data for it unseen.
 */
int
io_fd_writable(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl != -1 && (fl & O_ACCMODE) != O_RDONLY;
}

int
io_fd_readable(int fd)
{
	struct pollfd p;
	int e = errno, rc;

	if (fd < 0)
		return 0;
	p.fd = fd;
	p.events = POLLIN;
	p.revents = 0;
	rc = poll(&p, 1, 0) == 1;
	errno = e;
	return rc;
}

/* errno values that mean "this pair of fds cannot splice" */
int
io_splice_unsupported(int e)
{
	return e == EINVAL || e == ENOSYS || e == EOPNOTSUPP ||
	    e == EBADF || e == ESPIPE;
}

#if defined(__linux__)
/*
 * A pipe of our own for splicing between two ends that are not pipes,
 * made as large as the kernel allows (fewer trips; the default is 64
 * KiB).  Non-blocking for the relay, which polls; blocking for a caller
 * that waits on its socket.  Returns the capacity, or -1 with errno.
 */
long
io_pipe_open(int p[2], int nonblock)
{
	long cap = PIPE_SIZE;

	/* one call where four fcntl would do: a forwarder's child opens
	 * its pipes per connection */
	if (pipe2(p, O_CLOEXEC | (nonblock ? O_NONBLOCK : 0)) == -1)
		return -1;
	if (fcntl(p[1], F_SETPIPE_SZ, PIPE_SIZE) == -1)
		cap = 64 * 1024;
	return cap;
}

/*
 * Splice the *left bytes waiting in our pipe (read end rd) on to dst.
 * Returns 0, or -1 with errno and *left what is still in the pipe.
 */
int
io_pipe_flush(int rd, int dst, size_t *left)
{
	ssize_t n;

	while (*left > 0) {
		n = splice(rd, NULL, dst, NULL, *left, SPLICE_F_MOVE);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;	/* the pipe cannot be empty */
			return -1;
		}
		*left -= (size_t)n;
	}
	return 0;
}
#endif /* __linux__ */
