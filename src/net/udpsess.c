/*
 * net/udpsess.c: a two-way UDP session over a connected socket (see
 * udpsess.h), the engine of connect -u and listen -u.
 *
 * One poll loop for both ways: the input is read only when the datagram
 * made of its last read has gone out (a send that would block waits for
 * POLLOUT), so a slow socket holds the input back instead of losing it;
 * the datagrams received are written out whole as they come, the
 * receive queue drained a batch at a time.
 *
 * Nothing here prints or exits: failures return -1 with errno kept and a
 * sentence in err, for the command to print.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/conn.h"
#include "net/net.h"
#include "net/relay.h"
#include "net/server.h"
#include "net/stack.h"
#include "net/udpsess.h"
#include "tls/tls.h"
#include "util/base.h"
#include "util/clock.h"

#define USESS_RBUF	65536	/* a datagram received: any fits */
#define USESS_BATCH	64	/* datagrams received before stdin's turn */

/* Which side failed, for the message. */
enum usess_side { USESS_SOCK, USESS_IN, USESS_OUT };

struct usess {
	const struct udpsess_opts *o;
	const struct relay_opts	*ro;
	struct conn	*c;		/* every datagram goes through it:
					 * o->conn (DTLS), else own */
	struct conn	 own;		/* s, under usess_layer */
	int		 dtls;		/* c is o->conn */
	int		 screened;	/* own's queue was empty once: no
					 * stray can wait (usess_layer) */
	int		 s;
	size_t		 max;		/* the largest datagram */
	unsigned char	 key[NET_ADDR_KEYLEN];	/* the peer's */
	int		 keyed;		/* key holds it */
	char		*in;		/* the input read: incap bytes */
	size_t		 incap, inoff, inlen;
	char		*cr;		/* -C's rewrite: 2 * max bytes */
	const char	*dg;		/* the datagram to send */
	size_t		 dglen;
	int		 pending;	/* dg waits for POLLOUT */
	int		 peer_end;	/* DTLS: the peer's close_notify */
	int		 in_eof;	/* in_fd ended, or -d */
	int		 up_done;	/* and its last datagram went out */
	int		 last_cr;	/* -C: the last byte sent was a CR */
	char		*rbuf;		/* USESS_RBUF */
	unsigned long long sent, got;	/* bytes each way, for -x */
	long long	 last;		/* a datagram moved, for -i */
	long long	 quit_at;	/* -q after the input's end; -1 */
	int		 shut_ms;	/* DTLS: our close_notify waits for the
					 * peer's silence this long
					 * (relay_quiet_ms); 0: none waits */
};

size_t
udpsess_max(int s)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	const struct sockaddr_in6 *sin6;

	if (getpeername(s, (struct sockaddr *)&ss, &len) == -1 ||
	    ss.ss_family != AF_INET6)
		return UDPSESS_MAX4;
	sin6 = (const struct sockaddr_in6 *)(const void *)&ss;
	return IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr) ? UDPSESS_MAX4 :
	    UDPSESS_MAX6;
}

/*
 * Fill err for a failure of side (errno its cause): the peer's name for
 * the socket, else io_name, stdin or stdout; a reader that left stdout
 * (EPIPE) says nothing more.  Keeps errno; returns -1.
 */
static int
usess_fail(const struct usess *u, enum usess_side side, char *err)
{
	const struct relay_opts *ro = u->ro;
	int e = errno;

	if (side == USESS_SOCK)
		snprintf(err, SK_ERRLEN, "%s: %s", ro->peer, strerror(e));
	else if (ro->io_name != NULL)
		snprintf(err, SK_ERRLEN, "%s: %s", ro->io_name, strerror(e));
	else if (side == USESS_IN)
		snprintf(err, SK_ERRLEN, "stdin: %s", strerror(e));
	else if (e == EPIPE)
		err[0] = '\0';
	else
		snprintf(err, SK_ERRLEN, "stdout: %s", strerror(e));
	errno = e;
	return -1;
}

/* A datagram larger than UDP carries: EMSGSIZE, err says so; -1. */
static int
usess_too_large(const struct usess *u, size_t len, char *err)
{
	if (len > u->max)
		snprintf(err, SK_ERRLEN, "%s: datagram of %zu bytes is too "
		    "large (UDP allows %zu)", u->ro->peer, len, u->max);
	else
		snprintf(err, SK_ERRLEN, "stdin: a line of more than %zu "
		    "bytes: UDP allows no larger datagram", u->max);
	errno = EMSGSIZE;
	return -1;
}

/*
 * -C without --lines: how much of p[0..n) makes a datagram of u->max
 * bytes at most once each bare newline has its CR (relay_crlf's rule):
 * a read of max bytes may grow to twice that.
 */
static size_t
usess_crlf_fit(const struct usess *u, const char *p, size_t n)
{
	size_t i, out = 0, k;
	int cr = u->last_cr;

	for (i = 0; i < n; i++) {
		k = p[i] == '\n' && !cr ? 2 : 1;
		if (out + k > u->max)
			break;
		out += k;
		cr = p[i] == '\r';
	}
	return i;
}

/*
 * The next datagram of the input read so far into u->dg: the whole read,
 * or with --lines the next line (the rest once the input ended).
 * Returns 1, 0 when more input is needed (or none will come), -1 with
 * err for a line too long.
 */
static int
usess_next(struct usess *u, char *err)
{
	const char *p = u->in + u->inoff, *nl;
	size_t n = u->inlen - u->inoff;

	if (n == 0)
		return 0;
	if (u->o->lines && (nl = memchr(p, '\n', n)) != NULL)
		n = (size_t)(nl - p) + 1;
	else if (u->o->lines && !u->in_eof) {
		/* a line in the making: room for the rest of it */
		if (n == u->incap)
			return usess_too_large(u, 0, err);
		return 0;
	} else if (!u->o->lines && u->ro->crlf)
		n = usess_crlf_fit(u, p, n);
	u->inoff += n;
	if (u->inoff == u->inlen)
		u->inoff = u->inlen = 0;
	if (u->ro->crlf) {
		n = relay_crlf(p, n, u->cr, &u->last_cr);
		p = u->cr;
	}
	if (n > u->max)
		return usess_too_large(u, n, err);
	u->dg = p;
	u->dglen = n;
	return 1;
}

/*
 * The plain session's screen above s, connected to the peer: a datagram
 * queued before connect(2) from someone else is not ours, so stray
 * hears of it and it is dropped, and a read gives the next of the
 * peer's, or EAGAIN.  Once the queue has been empty no such datagram
 * can come (the kernel drops what another sends to a connected socket),
 * so usess_recv then takes the screen off (u->screened) and the
 * session reads the descriptor, as the endpoint does without layers.
 */
static ssize_t
usess_layer_read(void *ctx, void *buf, size_t n)
{
	struct usess *u = ctx;
	struct sockaddr_storage ss;
	socklen_t len;
	unsigned char key[NET_ADDR_KEYLEN];
	ssize_t r;

	for (;;) {
		len = sizeof(ss);
		r = recvfrom(u->s, buf, n, 0, (struct sockaddr *)&ss, &len);
		if (r == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			u->screened = 1;
		if (r == -1 || !u->keyed || len == 0 ||
		    net_addr_key((struct sockaddr *)&ss, key) != 0 ||
		    memcmp(key, u->key, sizeof(key)) == 0)
			return r;
		if (u->o->stray != NULL)
			u->o->stray((struct sockaddr *)&ss, len, u->o->arg);
	}
}

static const struct conn_ops usess_layer = {
	.name = "UDP screen",
	.read = usess_layer_read
};

/* u->dg as one datagram; DTLS's empty record sends nothing. */
static ssize_t
usess_record(struct usess *u)
{
	return u->dglen == 0 && u->dtls ? 0 : conn_write(u->c, u->dg,
	    u->dglen);
}

/*
 * Send u->dg.  Returns 1 when it went out, 0 when the socket would block
 * (it stays pending), -1 with err.
 */
static int
usess_send(struct usess *u, char *err)
{
	const struct relay_opts *ro = u->ro;

	while (usess_record(u) == -1) {
		if (errno == EINTR)
			continue;
		if (errno == EPROTO && u->dtls) {
			snprintf(err, SK_ERRLEN, "%s: %s", ro->peer,
			    conn_error(u->c));
			return -1;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK ||
		    errno == ENOBUFS) {
			u->pending = 1;
			return 0;
		}
		if (errno == EMSGSIZE)
			return usess_too_large(u, u->dglen, err);
		return usess_fail(u, USESS_SOCK, err);
	}
	if (ro->dump != NULL)
		ro->dump('>', u->sent, (const unsigned char *)u->dg, u->dglen,
		    ro->dump_arg);
	u->sent += u->dglen;
	u->pending = 0;
	u->last = mono_ms();
	return 1;
}

/*
 * Send every datagram the input read so far makes, until one would
 * block; then, the input over and all sent, start -q.  Returns 1 when
 * the session is over (-q 0), 0 to go on, -1 with err.
 */
static int
usess_up(struct usess *u, char *err)
{
	int rc;

	for (;;) {
		if (!u->pending && (rc = usess_next(u, err)) != 1) {
			if (rc == -1)
				return -1;
			break;
		}
		if ((rc = usess_send(u, err)) != 1) {
			if (rc == -1)
				return -1;
			return 0;
		}
	}
	if (u->up_done || !u->in_eof || u->inlen > 0)
		return 0;
	u->up_done = 1;
	/* a DTLS client's close_notify: once the server has ended or gone
	 * quiet (tls.h), sooner than -q's end if that is far */
	if (u->dtls)
		u->shut_ms = relay_quiet_ms(u->ro, u->c);
	if (u->ro->no_stdin)
		return 0;
	if (u->ro->quit_ms == 0)
		return 1;
	if (u->ro->quit_ms > 0)
		u->quit_at = mono_ms() + u->ro->quit_ms;
	return 0;
}

/* Read the input once: its end, or more bytes.  0, or -1 with err. */
static int
usess_read(struct usess *u, char *err)
{
	ssize_t n;

	if (u->inoff > 0) {
		memmove(u->in, u->in + u->inoff, u->inlen - u->inoff);
		u->inlen -= u->inoff;
		u->inoff = 0;
	}
	n = read(u->ro->in_fd, u->in + u->inlen, u->incap - u->inlen);
	if (n == -1) {
		if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
			return 0;
		return usess_fail(u, USESS_IN, err);
	}
	if (n == 0)
		u->in_eof = 1;
	u->inlen += (size_t)n;
	return 0;
}

/* Write a datagram of the peer out whole.  0, or -1 with err. */
static int
usess_out(struct usess *u, const void *p, size_t n, char *err)
{
	const struct relay_opts *ro = u->ro;

	if (ro->dump != NULL)
		ro->dump('<', u->got, p, n, ro->dump_arg);
	u->got += n;
	u->last = mono_ms();
	if (n > 0 && io_write_all(ro->out_fd, p, n) == -1)
		return usess_fail(u, USESS_OUT, err);
	return 0;
}

/*
 * Take the datagrams waiting on the socket, a batch at most.  Returns 0,
 * or -1 with err (ECONNREFUSED: the peer's port is closed).
 */
static int
usess_recv(struct usess *u, char *err)
{
	ssize_t n;
	int i;

	for (i = 0; i < USESS_BATCH; i++) {
		n = conn_read(u->c, u->rbuf, USESS_RBUF);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				if (u->screened && u->own.nlayers > 0)
					(void)conn_pop(&u->own);
				return 0;
			}
			if (errno == EPROTO && (u->dtls || u->o->wrap)) {
				snprintf(err, SK_ERRLEN, "%s: %s", u->ro->peer,
				    conn_error(u->c));
				return -1;
			}
			return usess_fail(u, USESS_SOCK, err);
		}
		/* a DTLS peer's close_notify: the session is over */
		if (n == 0 && u->dtls) {
			u->peer_end = 1;
			return 0;
		}
		if (usess_out(u, u->rbuf, (size_t)n, err) == -1)
			return -1;
	}
	return 0;
}

/*
 * Our close_notify, held by usess_up until the peer has been quiet for
 * shut_ms: sent once due.  Returns when it is due, or -1 (none waits).
 */
static long long
usess_shut_due(struct usess *u, long long now)
{
	if (u->shut_ms <= 0)
		return -1;
	if (now < u->last + u->shut_ms)
		return u->last + u->shut_ms;
	(void)conn_shut_wr(u->c);
	u->shut_ms = 0;
	return -1;
}

/* The session's state and buffers.  0, or -1 with errno and err. */
static int
usess_init(struct usess *u, int s, const struct udpsess_opts *o, char *err)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	memset(u, 0, sizeof(*u));
	u->o = o;
	u->ro = o->ro;
	u->s = s;
	u->dtls = o->conn != NULL;
	u->c = o->conn;
	if (!u->dtls) {
		conn_init(&u->own, s);
		/* room; a wrap's socket is connected before any peer speaks */
		(void)conn_push(&u->own, o->wrap != NULL ? o->wrap :
		    &usess_layer, o->wrap != NULL ? o->wrap_ctx : u);
		u->c = &u->own;
	}
	u->max = udpsess_max(s);
	/* a record fits the path MTU (DTLS knows it) */
	if (u->dtls && conn_tls(o->conn) != NULL &&
	    tls_record_max(conn_tls(o->conn)) < u->max)
		u->max = tls_record_max(conn_tls(o->conn));
	u->quit_at = -1;
	u->in_eof = u->ro->no_stdin;
	u->keyed = getpeername(s, (struct sockaddr *)&ss, &len) == 0 &&
	    net_addr_key((struct sockaddr *)&ss, u->key) == 0;
	/* --lines: room for a line of max bytes and one more, to tell a
	 * line too long from one that fits */
	u->incap = o->lines ? u->max + 1 : u->max;
	u->in = malloc(u->incap);
	u->rbuf = malloc(USESS_RBUF);
	u->cr = u->ro->crlf ? malloc(2 * u->incap) : NULL;
	if (u->in == NULL || u->rbuf == NULL || (u->ro->crlf &&
	    u->cr == NULL) || net_set_nonblock(s, 1) == -1)
		return usess_fail(u, USESS_SOCK, err);
	u->last = mono_ms();
	return 0;
}

int
udpsess_run(int s, const struct udpsess_opts *o, char *err)
{
	struct usess u;
	struct pollfd pfd[3];
	long long now, wake, at;
	int rc, status = -1;

	err[0] = '\0';
	if (usess_init(&u, s, o, err) == -1)
		goto out;
	if (o->first != NULL && usess_out(&u, o->first, o->firstlen,
	    err) == -1)
		goto out;
	/* what waits already, strays screened: the screen off once empty */
	if (!u.dtls && usess_recv(&u, err) == -1)
		goto out;
	for (;;) {
		if ((rc = usess_up(&u, err)) != 0) {
			status = rc == 1 ? 0 : -1;
			break;
		}
		/* the input is read when its last datagram has gone */
		pfd[0].fd = u.in_eof || u.pending ? -1 : u.ro->in_fd;
		pfd[0].events = POLLIN;
		pfd[1].fd = s;
		pfd[1].events = POLLIN | (u.pending ? POLLOUT : 0);
		pfd[2].fd = o->wrap != NULL ? o->wrap_fd : -1;
		pfd[2].events = POLLIN;
		pfd[0].revents = pfd[1].revents = pfd[2].revents = 0;
		/*
		 * the nearest of the -i deadline, -q's, DTLS's timer and
		 * our close_notify's due
		 */
		wake = conn_wake(u.c);
		if ((at = usess_shut_due(&u, mono_ms())) != -1 &&
		    (wake == -1 || at < wake))
			wake = at;
		rc = poll(pfd, 3, mono_wait(u.ro->idle_ms > 0 ? u.last +
		    u.ro->idle_ms : -1, u.quit_at != -1 && (wake == -1 ||
		    u.quit_at < wake) ? u.quit_at : wake, mono_ms()));
		if (rc == -1) {
			if (errno == EINTR)
				continue;
			snprintf(err, SK_ERRLEN, "poll: %s", strerror(errno));
			break;
		}
		now = mono_ms();
		/* whatever is ready: a peer that never pauses must not
		 * hold -q */
		if (u.quit_at != -1 && now >= u.quit_at) {
			status = 0;
			break;
		}
		if (rc == 0 && wake != -1 && now >= wake &&
		    usess_recv(&u, err) == -1)
			break;
		if (rc == 0) {
			if (u.ro->idle_ms <= 0 || now - u.last < u.ro->idle_ms)
				continue;
			snprintf(err, SK_ERRLEN, "%s: idle for %d.%03d s, "
			    "closing", u.ro->peer, u.ro->idle_ms / 1000,
			    u.ro->idle_ms % 1000);
			errno = ETIMEDOUT;
			break;
		}
		if (((pfd[1].revents & (POLLIN | POLLERR | POLLHUP)) ||
		    pfd[2].revents != 0) && usess_recv(&u, err) == -1)
			break;
		if (u.peer_end) {
			status = 0;
			break;
		}
		if (u.pending && (pfd[1].revents & POLLOUT) &&
		    usess_send(&u, err) == -1)
			break;
		if (pfd[0].revents != 0 && usess_read(&u, err) == -1)
			break;
	}
out:
	rc = errno;
	free(u.in);
	free(u.cr);
	free(u.rbuf);
	errno = rc;
	return status;
}

int
udpsess_probe(struct conn *c, int wait_ms)
{
	struct pollfd pfd;
	char buf[64];
	long long deadline = mono_ms() + wait_ms;
	int left, rc;

	/* empty: a port's answer to nothing, as a scanner's probe */
	while (conn_write(c, buf, 0) == -1)
		if (errno != EINTR)
			return -1;
	for (;;) {
		left = (int)(deadline - mono_ms());
		pfd.fd = c->fd;
		pfd.events = POLLIN;
		if ((rc = poll(&pfd, 1, left > 0 ? left : 0)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (rc == 0)
			return 0;
		if (conn_read(c, buf, sizeof(buf)) >= 0)
			return 1;
		if (errno != EINTR && errno != EAGAIN &&
		    errno != EWOULDBLOCK)
			return -1;
	}
}

ssize_t
udpsess_first(int s, const struct server_opts *so, int wait_ms, void *buf,
    size_t size, struct sockaddr_storage *ss, socklen_t *len,
    void (*refused)(const struct sockaddr *sa, socklen_t len, void *arg),
    void *arg)
{
	struct pollfd pfd;
	long long deadline = wait_ms > 0 ? mono_ms() + wait_ms : -1;
	ssize_t n;
	int left, rc;

	for (;;) {
		if (deadline != -1) {
			if ((left = (int)(deadline - mono_ms())) <= 0) {
				errno = ETIMEDOUT;
				return -1;
			}
			pfd.fd = s;
			pfd.events = POLLIN;
			if ((rc = poll(&pfd, 1, left)) == -1 && errno != EINTR)
				return -1;
			if (rc <= 0)
				continue;
		}
		*len = sizeof(*ss);
		n = recvfrom(s, buf, size, 0, (struct sockaddr *)ss, len);
		if (n == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -1;
		}
		if (server_peer_allowed(so, (struct sockaddr *)ss))
			return n;
		if (refused != NULL)
			refused((struct sockaddr *)ss, *len, arg);
	}
}

int
udpsess_dtls_first(struct stack_dtls *l, int s, const struct server_opts *so,
    struct tls_server_ctx *sc, int wait_ms, struct sockaddr_storage *ss,
    socklen_t *len, void (*refused)(const struct sockaddr *sa,
    socklen_t len, void *arg), void *arg, char *err)
{
	struct pollfd pfd;
	long long deadline = wait_ms > 0 ? mono_ms() + wait_ms : -1;
	int rc;

	if (net_set_nonblock(s, 1) == -1) {
		snprintf(err, SK_ERRLEN, "%s", strerror(errno));
		return -1;
	}
	if (stack_dtls_open(l, s, sc, err) == -1)
		return -1;
	for (;;) {
		/* every datagram waiting: a HelloVerifyRequest, or ours */
		rc = stack_dtls_wait(l, ss, err);
		if (rc == 1) {
			*len = ss->ss_family == AF_INET6 ?
			    sizeof(struct sockaddr_in6) :
			    sizeof(struct sockaddr_in);
			if (server_peer_allowed(so, (struct sockaddr *)ss))
				return 0;
			if (refused != NULL)
				refused((struct sockaddr *)ss, *len, arg);
		}
		/*
		 * Nothing of the refused one may stay; a datagram that is no
		 * DTLS (a scanner's empty probe: -1) spoils only this
		 * connection, as udp-serve's, not the wait.
		 */
		if (rc != 0) {
			if (stack_dtls_renew(l, err) == -1)
				return -1;
			if (rc == 1)
				continue;
		}
		pfd.fd = s;
		pfd.events = POLLIN;
		if ((rc = poll(&pfd, 1, mono_wait(deadline, -1, mono_ms()))) ==
		    -1 && errno != EINTR) {
			snprintf(err, SK_ERRLEN, "poll: %s", strerror(errno));
			break;
		}
		if (rc == 0 && deadline != -1 && mono_ms() >= deadline) {
			err[0] = '\0';
			errno = ETIMEDOUT;
			break;
		}
	}
	rc = errno;
	stack_dtls_close(l);
	errno = rc;
	return -1;
}
