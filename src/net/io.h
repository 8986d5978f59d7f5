/*
 * io.h: plain descriptor helpers (io.c).  Core: never prints, never
 * exits.
 * io_write_all writes everything (EINTR, short writes, EAGAIN on a
 * non-blocking fd) and returns len, or -1 with errno; io_write_timed
 * gives up after timeout_ms (< 0: never) with ETIMEDOUT.
 * relay_crlf: -C's rewrite of n bytes of in into out (room for 2 * n):
 * each LF not after a CR becomes CR LF; *last_cr carries whether the
 * last byte was a CR from one call to the next.  Returns out's length.
 * io_fd_writable says whether an fd is open for writing (a closed stdout
 * is not, see sockt.c), io_fd_readable whether fd (>= 0) has something
 * to read now (errno kept); io_splice_unsupported whether an errno means a
 * pair of fds cannot splice.  io_pipe_open and io_pipe_flush (Linux) are
 * the splice-through-our-own-pipe steps that the relay and http-get's
 * body share: a pipe as large as the kernel allows (its capacity, or -1
 * with errno), and the *left bytes in it spliced on to dst (0, or -1
 * with errno and *left what is still there).
 */
#ifndef NET_IO_H
#define NET_IO_H

#include <sys/types.h>

#include <stddef.h>

ssize_t	io_write_all(int fd, const void *buf, size_t len);
ssize_t	io_write_timed(int fd, const void *buf, size_t len, int timeout_ms);
size_t	relay_crlf(const char *in, size_t n, char *out, int *last_cr);
int	io_splice_unsupported(int e);
int	io_fd_writable(int fd);
int	io_fd_readable(int fd);
#if defined(__linux__)
long	io_pipe_open(int p[2], int nonblock);
int	io_pipe_flush(int rd, int dst, size_t *left);
#endif

#endif /* NET_IO_H */
