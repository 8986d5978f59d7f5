/*
 * server.c: what every server of sockt shares (server.h): one connection
 * accepted and screened by the access lists, a peer's key for the limit
 * per address, the events told to the command, a reset on purpose, the
 * signals blocked but while a loop waits (ppoll), and the wait of a pool
 * of children on one listener.  The accept loop itself, fork per
 * connection, is server_loop.c's; the broker's and udp-serve's loops use
 * these too.
 */
#define _GNU_SOURCE	/* ppoll */
#include <sys/types.h>
#if defined(__linux__)
#include <sys/epoll.h>
#endif
#include <sys/resource.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "net/net.h"
#include "net/server.h"
#include "net/server_int.h"
#include "util/base.h"
#include "util/clock.h"
#include "util/sig.h"

#if defined(__linux__) || defined(__FreeBSD__) || defined(__OpenBSD__) || \
    defined(__NetBSD__) || defined(__DragonFly__)
#define HAVE_PPOLL	1
#else
#include <sys/select.h>
#endif

/*
 * A server's own signals, sigs[0..n): blocked but while it waits in
 * server_ppoll (waitmask), their handler h only sets flags.  The old
 * actions go to old, the old mask to *oldmask, for server_sigs_restore.
 */
void
server_sigs_set(const int *sigs, size_t n, void (*h)(int),
    struct sigaction *old, sigset_t *oldmask, sigset_t *waitmask)
{
	struct sigaction sa;
	sigset_t block;
	size_t k;

	sigemptyset(&block);
	for (k = 0; k < n; k++)
		sigaddset(&block, sigs[k]);
	(void)sigprocmask(SIG_BLOCK, &block, oldmask);
	*waitmask = *oldmask;
	for (k = 0; k < n; k++)
		sigdelset(waitmask, sigs[k]);
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	/*
	 * No SA_RESTART: a signal must end the wait in ppoll.  sigaction
	 * also overrides the SIG_IGN for SIGINT that a shell gives a
	 * background job, so a server started with & still stops on it.
	 */
	sa.sa_flags = SA_NOCLDSTOP;
	sa.sa_handler = h;
	for (k = 0; k < n; k++)
		(void)sigaction(sigs[k], &sa, &old[k]);
}

void
server_sigs_restore(const int *sigs, size_t n, const struct sigaction *old,
    const sigset_t *oldmask)
{
	size_t k;

	for (k = 0; k < n; k++)
		(void)sigaction(sigs[k], &old[k], NULL);
	(void)sigprocmask(SIG_SETMASK, oldmask, NULL);
}

/* Pass an event to the command, if it listens. */
void
server_emit(const struct server_opts *so, enum server_event_kind kind,
    const char *peer, int n, int error)
{
	struct server_event ev;

	if (so->event == NULL)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.peer = peer;
	ev.n = n;
	ev.error = error;
	so->event(&ev, so->arg);
}

/*
 * Is this peer let in by so's allow and deny lists?  Returns 1 or 0.
 * The UDP forwarder (udpfwd.c) screens its clients with it too.
 */
int
server_peer_allowed(const struct server_opts *so, const struct sockaddr *sa)
{
	size_t i;

	for (i = 0; i < so->ndeny; i++)
		if (cidr_match_sa(&so->deny[i], sa))
			return 0;
	if (so->nallow == 0)
		return 1;
	for (i = 0; i < so->nallow; i++)
		if (cidr_match_sa(&so->allow[i], sa))
			return 1;
	return 0;
}

int
server_pp_trusted(const struct server_opts *so, const struct sockaddr *sa)
{
	size_t i;

	if (so->npp_from == 0)
		return -1;
	for (i = 0; i < so->npp_from; i++)
		if (cidr_match_sa(&so->pp_from[i], sa))
			return 1;
	return 0;
}

/*
 * The peer's address as a key: an IPv4-mapped IPv6 address (an IPv4
 * client of a dual-stack listener) is the IPv4 address it maps, so one
 * host counts once however it reaches us.
 */
void
peer_key_set(struct peer_key *k, const struct sockaddr *sa)
{
	static const unsigned char mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};
	const struct sockaddr_in *sin;
	const struct sockaddr_in6 *sin6;

	memset(k, 0, sizeof(*k));
	if (sa->sa_family == AF_INET) {
		sin = (const struct sockaddr_in *)(const void *)sa;
		memcpy(k->ip, &sin->sin_addr, 4);
		k->len = 4;
	} else if (sa->sa_family == AF_INET6) {
		sin6 = (const struct sockaddr_in6 *)(const void *)sa;
		if (memcmp(sin6->sin6_addr.s6_addr, mapped, 12) == 0) {
			memcpy(k->ip, sin6->sin6_addr.s6_addr + 12, 4);
			k->len = 4;
		} else {
			memcpy(k->ip, sin6->sin6_addr.s6_addr, 16);
			k->len = 16;
		}
	}
}

/*
 * sa's key for the per-peer count: none (len 0, not counted) for a peer
 * the share exempts, this host's own (peer_exempt).
 */
void
server_peer_key(const struct server_opts *so, const struct sockaddr *sa,
    struct peer_key *k)
{
	if (so->peer_exempt && net_addr_loopback(sa))
		memset(k, 0, sizeof(*k));
	else
		peer_key_set(k, sa);
}

int
server_share_on(const struct server_opts *so, int lfd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	/* once, the one connection is served: no share, but while a
	 * PROXY header is read side by side, as -k reads them */
	if (so->max_per_peer != SERVER_SHARE || (so->once && !so->proxy_hdr))
		return 0;
	/* on loopback or a UNIX socket every peer is this host: exempt */
	return getsockname(lfd, (struct sockaddr *)&ss, &len) == -1 ||
	    !net_addr_loopback((struct sockaddr *)&ss);
}

long long
server_fd_limit(long long want)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return -1;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)want) {
		rl.rlim_cur = rl.rlim_max != RLIM_INFINITY &&
		    rl.rlim_max < (rlim_t)want ? rl.rlim_max : (rlim_t)want;
		/* refused: the limit stays what it was, read again */
		(void)setrlimit(RLIMIT_NOFILE, &rl);
		if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
			return -1;
	}
	return rl.rlim_cur == RLIM_INFINITY ? -1 : (long long)rl.rlim_cur;
}

void
server_settle(struct server_opts *so, int lfd, int per_slot)
{
	struct server_event ev;
	long long want, lim;
	int share;

	memset(&ev, 0, sizeof(ev));
	if (so->max_children < 1)
		so->max_children = 1;
	ev.was = so->max_children;
	want = (long long)so->max_children * per_slot + SERVER_FD_SPARE;
	if (per_slot > 0 && (lim = server_fd_limit(want)) != -1 &&
	    lim < want) {
		so->max_children = lim - SERVER_FD_SPARE >= per_slot ?
		    (int)((lim - SERVER_FD_SPARE) / per_slot) : 1;
		ev.kind = SERVER_EV_SLOTS;
		ev.n = so->max_children;
		ev.per = per_slot;
		ev.nofile = lim;
		if (so->verbose && so->event != NULL)
			so->event(&ev, so->arg);
	}
	if (!server_share_on(so, lfd)) {
		if (so->max_per_peer == SERVER_SHARE)
			so->max_per_peer = 0;
		return;
	}
	share = so->max_children / SERVER_SHARE_DIV;
	so->max_per_peer = share > 1 ? share : 1;
	so->peer_exempt = 1;
	ev.kind = SERVER_EV_SHARE;
	ev.n = so->max_per_peer;
	ev.was = so->max_children;
	if (so->verbose && so->event != NULL)
		so->event(&ev, so->arg);
}

int
server_say_due(long long *last)
{
	long long now = mono_ms();

	if (*last > 0 && now - *last < SERVER_SAY_MS)
		return 0;
	*last = now;
	return 1;
}

/*
 * Close a connection refused for its address with a reset (SO_LINGER 0):
 * nothing of it stays in the kernel (no FIN_WAIT or TIME_WAIT), which
 * matters when a peer floods us, and the client reads an error, not an
 * empty answer it could take for a served one.
 */
void
server_reset(int fd)
{
	struct linger lg;

	lg.l_onoff = 1;
	lg.l_linger = 0;
	(void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
}

/*
 * Wait for an event on pfd[0..n) (n 0: none), a signal that waitmask
 * lets in, or ms milliseconds (-1: no limit).  Returns what poll
 * returns.
 */
int
server_ppoll(struct pollfd *pfd, nfds_t n, int ms, const sigset_t *waitmask)
{
	struct timespec ts, *tsp = NULL;

	if (ms >= 0) {
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = (long)(ms % 1000) * 1000000L;
		tsp = &ts;
	}
#ifdef HAVE_PPOLL
	{
		int r = ppoll(pfd, n, tsp, waitmask);

		/*
		 * events found: the signals stayed out; a loop never idle
		 * (a flood) lets them in itself
		 */
		if (r > 0)
			(void)sig_let_in(waitmask);
		return r;
	}
#else
	{
		fd_set rd;
		nfds_t i;
		int top = -1, r;

		FD_ZERO(&rd);
		for (i = 0; i < n; i++) {
			if (pfd[i].fd >= FD_SETSIZE) {
				errno = EMFILE;
				return -1;
			}
			FD_SET(pfd[i].fd, &rd);
			if (pfd[i].fd > top)
				top = pfd[i].fd;
		}
		if ((r = pselect(top + 1, &rd, NULL, NULL, tsp,
		    waitmask)) > 0)
			for (i = 0; i < n; i++)
				pfd[i].revents = FD_ISSET(pfd[i].fd, &rd) ?
				    POLLIN : 0;
		return r;
	}
#endif
}

/*
 * Wait at most ms (>= 0) for a connection on lfd, in one of several
 * processes waiting on the same listener (listen --serve-proxy's pool).
 * poll wakes every waiter for each connection, and all but one then
 * find nothing to accept; on Linux an epoll set with EPOLLEXCLUSIVE
 * wakes one, so *epfd holds it (-1 at first, made here, close-on-exec;
 * the caller closes it when >= 0).  Returns 1 when lfd is readable, 0
 * after ms, -1 with errno.
 */
int
server_wait_conn(int lfd, int *epfd, int ms)
{
	struct pollfd pfd;
	int n;

#if defined(__linux__) && defined(EPOLLEXCLUSIVE)
	if (*epfd == -1) {
		struct epoll_event ev;

		memset(&ev, 0, sizeof(ev));
		ev.events = EPOLLIN | EPOLLEXCLUSIVE;
		if ((*epfd = epoll_create1(EPOLL_CLOEXEC)) != -1 &&
		    epoll_ctl(*epfd, EPOLL_CTL_ADD, lfd, &ev) == -1) {
			/* a kernel before 4.5: poll as elsewhere */
			close(*epfd);
			*epfd = -1;
		}
		if (*epfd == -1)
			*epfd = -2;
	}
	if (*epfd >= 0) {
		struct epoll_event ev;

		if ((n = epoll_wait(*epfd, &ev, 1, ms)) == -1)
			return -1;
		return n > 0;
	}
#else
	(void)epfd;
#endif
	pfd.fd = lfd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	if ((n = poll(&pfd, 1, ms)) == -1)
		return -1;
	return n > 0;
}

/*
 * Accept one connection as a blocking, close-on-exec socket, waiting at
 * most timeout_ms (<= 0: no limit; a non-blocking listener does not
 * wait), and screen it by the access lists: a refused peer is closed
 * (SERVER_EV_DENIED with verbose), and with proxy_hdr a peer pp_from
 * does not name is reset (SERVER_EV_NOTFROM).  Returns 1 with the
 * connection in *c, 0 for a refused peer, or -1 with errno (EAGAIN
 * when there is none pending, ETIMEDOUT).
 */
int
server_accept_one(int lfd, const struct server_opts *so, int timeout_ms,
    struct server_conn *c)
{
	if ((c->fd = net_accept(lfd, &c->peer, &c->peerlen, timeout_ms,
	    so->nonblock)) == -1)
		return -1;
#ifndef __linux__
	/* BSD accept(2) passes the listener's O_NONBLOCK on */
	if (!so->nonblock && net_set_nonblock(c->fd, 0) == -1) {
		int save_errno = errno;

		close(c->fd);
		errno = save_errno;
		return -1;
	}
#endif
	c->addr[0] = '\0';
	c->port = 0;
	c->dstlen = 0;
	c->late_fd = -1;
	if (so->verbose || so->nallow + so->ndeny > 0 || so->spawn ||
	    so->need_peer || so->proxy_hdr)
		(void)net_addr_str((struct sockaddr *)&c->peer, c->peerlen,
		    c->addr, sizeof(c->addr), &c->port);
	/* the port stays in the label of UNIX peers too ("port 0") */
	snprintf(c->label, sizeof(c->label), "%s port %d", c->addr, c->port);
	/*
	 * proxy_hdr: a peer not trusted to send the header is reset before
	 * a byte of it is read; the peer the lists judge is in the header
	 */
	if (so->proxy_hdr && server_pp_trusted(so,
	    (struct sockaddr *)&c->peer) == 0) {
		if (so->verbose)
			server_emit(so, SERVER_EV_NOTFROM, c->label, 0, 0);
		server_reset(c->fd);
		return 0;
	}
	if (!so->proxy_hdr && !server_peer_allowed(so,
	    (struct sockaddr *)&c->peer)) {
		if (so->verbose)
			server_emit(so, SERVER_EV_DENIED, c->label, 0, 0);
		close(c->fd);
		return 0;
	}
	return 1;
}

enum server_accept_err
server_accept_failed(int e)
{
	switch (e) {
	case EAGAIN:
#if EWOULDBLOCK != EAGAIN
	case EWOULDBLOCK:
#endif
		return SERVER_ACCEPT_NONE;
	case EINTR:
	case ECONNABORTED:
	case EPROTO:
	case EPERM:	/* a firewall said no */
		return SERVER_ACCEPT_SKIP;
	case EMFILE:
	case ENFILE:
	case ENOBUFS:
	case ENOMEM:
		return SERVER_ACCEPT_SHORT;
	}
	return SERVER_ACCEPT_FATAL;
}
