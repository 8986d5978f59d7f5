/*
 * linger.h: the end of a stream socket whose peer may still be sending.
 * A socket closed with its peer's bytes unread makes the kernel answer
 * with a reset, and a reset that reaches the peer before it has read our
 * last bytes throws them away (RFC 1122 4.2.2.13; Apache's
 * lingering_close).  So a server half-closes, then reads and discards
 * until the peer's end, a deadline or a byte cap, and closes only then.
 * Core: never prints, never exits.
 *
 * linger_begin half-closes fd (SHUT_WR) and makes it non-blocking; -1
 * for a descriptor that is no stream socket (UDP, a pipe), which has no
 * half-close.  linger_drain reads and discards what fd holds, counting
 * down *left: 1 once the peer's end came (end of file, an error, or
 * *left spent), 0 when it would block.  linger_close is the whole
 * ending within ms (< 0: CONN_LINGER_MS), then close(2); 0, or -1 when it
 * ended on the deadline or the cap (fd closed all the same).  errno is
 * kept.
 *
 * A server that cannot wait in a child (a program spawned on the socket
 * itself, listen -k -e) keeps the socket in a struct lingers and lets
 * its poll loop drain it: lingers_add takes fd (closed at once where it
 * cannot linger), lingering for ms at most, and with max (0: no limit)
 * lingering already, the oldest one's end comes now, for the descriptors
 * a server may hold are counted (server.h); lingers_poll puts the
 * sockets into pfd (room for lingers_count); lingers_serve drains them
 * and closes those that are done or due; lingers_ms is the time to the
 * nearest deadline (-1: none); lingers_end closes them all.
 */
#ifndef NET_LINGER_H
#define NET_LINGER_H

#include <poll.h>
#include <stddef.h>

struct lingering {
	int		 fd;
	long long	 due;
	size_t		 left;
};

struct lingers {
	struct lingering *v;
	size_t		 n, cap;
	size_t		 max;		/* lingering at once; 0: no limit */
};

int	linger_begin(int fd);
int	linger_drain(int fd, size_t *left);
int	linger_close(int fd, int ms);

int	lingers_add(struct lingers *l, int fd, int ms);
size_t	lingers_count(const struct lingers *l);
nfds_t	lingers_poll(const struct lingers *l, struct pollfd *pfd);
void	lingers_serve(struct lingers *l, const struct pollfd *pfd, nfds_t n);
int	lingers_ms(const struct lingers *l);
void	lingers_end(struct lingers *l);

#endif /* NET_LINGER_H */
