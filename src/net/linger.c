/*
 * linger.c: a stream socket's lingering close, in one process (the end
 * of a connection's child, of connect, of listen) or in a server's poll
 * loop (a program spawned on the socket itself).
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/conn.h"
#include "net/linger.h"
#include "net/net.h"
#include "util/clock.h"
#include "util/grow.h"

int
linger_begin(int fd)
{
	int type;
	socklen_t len = sizeof(type);

	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == -1 ||
	    type != SOCK_STREAM)
		return -1;
	/* ENOTCONN: the peer has gone already; the drain finds its end */
	(void)shutdown(fd, SHUT_WR);
	return net_set_nonblock(fd, 1);
}

int
linger_drain(int fd, size_t *left)
{
	char buf[16384];
	ssize_t n;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n <= 0)
			return 1;
		if ((size_t)n >= *left) {
			*left = 0;
			return 1;
		}
		*left -= (size_t)n;
	}
}

int
linger_close(int fd, int ms)
{
	struct pollfd pfd;
	long long due;
	size_t left = CONN_LINGER_CAP;
	int done = 0, wait, save_errno = errno;

	if (linger_begin(fd) == -1) {
		close(fd);
		errno = save_errno;
		return 0;
	}
	due = mono_ms() + (ms < 0 ? CONN_LINGER_MS : ms);
	while (!(done = linger_drain(fd, &left))) {
		if ((wait = (int)(due - mono_ms())) <= 0)
			break;
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, wait) == -1 && errno != EINTR)
			break;
	}
	close(fd);
	errno = save_errno;
	return done && left > 0 ? 0 : -1;
}

int
lingers_add(struct lingers *l, int fd, int ms)
{
	/* room: the oldest, what it has read, ends now */
	if (l->max > 0 && l->n >= l->max) {
		(void)linger_drain(l->v[0].fd, &l->v[0].left);
		close(l->v[0].fd);
		memmove(l->v, l->v + 1, --l->n * sizeof(*l->v));
	}
	if (linger_begin(fd) == -1 || GROW(l->v, l->n, l->cap) == -1) {
		close(fd);
		return -1;
	}
	l->v[l->n].fd = fd;
	l->v[l->n].due = mono_ms() + (ms < 0 ? CONN_LINGER_MS : ms);
	l->v[l->n].left = CONN_LINGER_CAP;
	l->n++;
	return 0;
}

size_t
lingers_count(const struct lingers *l)
{
	return l->n;
}

nfds_t
lingers_poll(const struct lingers *l, struct pollfd *pfd)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		pfd[i].fd = l->v[i].fd;
		pfd[i].events = POLLIN;
		pfd[i].revents = 0;
	}
	return (nfds_t)l->n;
}

/*
 * Drain the sockets that poll found ready (all of them with pfd NULL)
 * and close those that are done or due.  pfd is what lingers_poll
 * filled, n entries, in the same order.
 */
void
lingers_serve(struct lingers *l, const struct pollfd *pfd, nfds_t n)
{
	long long now = mono_ms();
	size_t i, k = 0;

	for (i = 0; i < l->n; i++) {
		struct lingering g = l->v[i];

		if ((pfd == NULL || i >= n || pfd[i].revents != 0) &&
		    linger_drain(g.fd, &g.left))
			g.due = now;
		if (now >= g.due) {
			close(g.fd);
			continue;
		}
		l->v[k++] = g;
	}
	l->n = k;
}

int
lingers_ms(const struct lingers *l)
{
	long long now = mono_ms(), first = -1;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (first == -1 || l->v[i].due < first)
			first = l->v[i].due;
	if (first == -1)
		return -1;
	return first <= now ? 0 : (int)(first - now);
}

/* grow_free's elem_free for a lingering socket: closed at once. */
static void
lingering_drop(void *p)
{
	struct lingering *g = p;

	close(g->fd);
}

void
lingers_end(struct lingers *l)
{
	GROW_FREE(l->v, l->n, l->cap, lingering_drop);
}
