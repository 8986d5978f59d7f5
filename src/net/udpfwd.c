/*
 * udpfwd.c: the UDP forwarder, a session per client address in one poll
 * loop.  See udpfwd.h for the contract.
 *
 * On Linux the loop waits in epoll, whose cost is the sockets ready, not
 * the sockets open: poll(2) hooks itself onto every session's socket
 * and off again each time, a fifth of the forwarder's time with ten
 * clients (perf), far more with a thousand idle ones.  Elsewhere it
 * polls a dense set: slot 0 is the listening socket, slots 1 .. n the
 * sessions' sockets, and a closed session's slot takes the last one's,
 * so a poll costs what the open sessions cost, not what -m allows.
 * Either way the wait leaves the sessions ready in a list.  The
 * sessions themselves, their lookup by client address and their order
 * of activity live in util/sesstab.c; the arrays here are indexed by
 * its session numbers.
 *
 * Each turn of the loop closes the sessions idle too long, waits (until
 * the next session would expire), then empties the sessions' sockets
 * (the target's replies, gathered from every session into batches for
 * the listening socket) and then the listening socket (the clients'
 * datagrams, each client's of a batch in one send on its session's
 * socket).  The batches are net/dgram.c's: on Linux a run of one size
 * goes as one buffer the kernel cuts, both ways, and every socket here
 * takes such runs whole, which cut the forwarder's CPU time a datagram
 * with 64 in flight from 6 to 2 us (tests/bench/udp_fwd.sh); a lone
 * datagram goes as before.  Replies go first because they close no
 * session; a client's datagram may open one and, with the table full,
 * close another.  Each side is emptied a bounded number of batches per
 * turn, so a flood on one cannot starve the other.
 *
 * Signals are those of server.c: SIGINT, SIGTERM and SIGHUP blocked but
 * in ppoll, their handlers set a flag, the loop returns 0; a busy turn
 * lets them in itself (sig_let_in), and past SIG_GRACE_MS the signal
 * ends the process.
 */
#if defined(__linux__)
#define _GNU_SOURCE	/* ppoll */
#endif
#include <sys/types.h>
#if defined(__linux__)
#include <sys/epoll.h>
#endif
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "net/dgram.h"
#include "net/net.h"
#include "net/server.h"
#include "net/udpfwd.h"
#include "util/base.h"
#include "util/clock.h"
#include "util/sesstab.h"
#include "util/sig.h"
#include "util/spin.h"

#if defined(__linux__)
#define HAVE_EPOLL	1
#endif
#if defined(__linux__) || defined(__FreeBSD__) || defined(__OpenBSD__) || \
    defined(__NetBSD__) || defined(__DragonFly__)
#define HAVE_PPOLL	1
#endif
#define FWD_LISTENER	UINT32_MAX	/* epoll's mark of the listener */

#define FWD_BATCH	DGRAM_BATCH	/* datagrams a system call moves */
#define FWD_ROUNDS	8	/* batches a side gets per turn */
#define FWD_RCVBUF	(4 * 1024 * 1024)	/* the listener's queue */
#define FWD_SESS_RCVBUF	(1024 * 1024)	/* a session's */
#define FWD_GRAVE	64		/* closed sessions' sockets held */
#define FWD_GRAVE_MS	1000		/* ... for so long at most */

/* The forwarder's state. */
struct fwd {
	const struct udpfwd_opts *o;
	/*
	 * awake or asleep for the next datagram (util/spin.c): in a stop
	 * and wait exchange each is soon, and a sleeping forwarder's
	 * wake-up is most of a round trip on a virtual machine
	 */
	struct spin	 spin;
	int		 busy;		/* the last wait ended in datagrams */
	int		 lfd;
	const struct sockaddr *to;
	socklen_t	 tolen;
	struct sesstab	 tab;
	int		 cap;		/* sessions at most */
	int		*sfd;		/* by session: its socket */
	int		*slot;		/* by session: its poll slot */
	int		*who;		/* by poll slot: its session */
	unsigned char	*refused;	/* by session: said, no reply since */
	struct sockaddr_storage *addr;	/* by session: the client */
	socklen_t	*alen;
	struct pollfd	*pfd;		/* cap + 1 slots */
	int		 npfd;
	int		*ready;		/* the sessions the wait found ready */
	int		 nready;
	int		 lready;	/* and the listener */
#ifdef HAVE_EPOLL
	int		 epfd;
	struct epoll_event *evs;	/* cap + 1 */
#endif
	struct dgram	 d[FWD_BATCH];
	int		 ident[FWD_BATCH];	/* 0, 1, 2 ...: all of d */
	int		 gso_out;	/* runs toward the target */
	int		 gso_back;	/* runs back to the clients */
	char		*pool;		/* the batch's buffers */
	int		 grave[FWD_GRAVE];	/* fwd_bury's ring */
	long long	 grave_t[FWD_GRAVE];	/* mono_ms each came */
	int		 ngrave, gfirst;
	int		 to_local;	/* the target is on this host */
	struct mono_tally tally[3];	/* FWD_T_*: said once a second */
};

/* What is said at most once a second (mono_tally). */
#define FWD_T_LOOP	0	/* a datagram from the target */
#define FWD_T_NOSESS	1	/* no socket for a new client */
#define FWD_T_SEND	2	/* a datagram lost */

static volatile sig_atomic_t got_stop;

static void
on_stop(int sig)
{
	got_stop = sig;
	sig_grace(sig);
}

static const int fwd_sigs[] = { SIGINT, SIGTERM, SIGHUP };
#define NSIGS	(sizeof(fwd_sigs) / sizeof(fwd_sigs[0]))

/* Pass an event to the command, with the client's label. */
static void
fwd_emit(const struct fwd *f, enum udpfwd_event_kind kind,
    const struct sockaddr_storage *ss, socklen_t len, int n, int error)
{
	struct udpfwd_event ev;
	char label[NET_LABELLEN];

	if (f->o->event == NULL)
		return;
	if (net_addr_label((const struct sockaddr *)ss, len, label,
	    sizeof(label)) == -1)
		snprintf(label, sizeof(label), "? port 0");
	ev.kind = kind;
	ev.peer = label;
	ev.n = n;
	ev.error = error;
	f->o->event(&ev, f->o->arg);
}

/*
 * Pass event kind, one that may repeat thousands of times a second, at
 * most once a second (tally t): n how many since it was last passed.
 */
static void
fwd_emit_tally(struct fwd *f, int t, enum udpfwd_event_kind kind,
    const struct sockaddr_storage *ss, socklen_t len, int error)
{
	long long n;

	if ((n = mono_tally(&f->tally[t], mono_ms(), 1000)) > 0)
		fwd_emit(f, kind, ss, len, n > INT32_MAX ? INT32_MAX : (int)n,
		    error);
}

/* a session's key is the client's net_addr_key */
typedef char fwd_keylen_check[SESSTAB_KEYLEN == NET_ADDR_KEYLEN ? 1 : -1];

/*
 * Send the n datagrams of idx for one fd, all of them: a failed one is
 * lost (said), the rest go on.  A connected socket's ECONNREFUSED is the
 * ICMP error of an earlier datagram, reported on this send: retried
 * once, as this datagram was not the one refused.
 */
static void
fwd_send_all(struct fwd *f, int fd, const int *idx, int n, int to,
    int sess)
{
	int r, retried = 0;

	while (n > 0) {
		if ((r = dgram_send(fd, f->d, idx, n, to ? DGRAM_TO : 0,
		    to ? &f->gso_back : &f->gso_out)) > 0) {
			idx += r;
			n -= r;
			retried = 0;
			continue;
		}
		if (r == 0)
			errno = EIO;
		if (errno == ECONNREFUSED && !retried && sess != -1) {
			retried = 1;
			if (!f->refused[sess] && f->o->verbose)
				fwd_emit(f, UDPFWD_EV_REFUSED, &f->addr[sess],
				    f->alen[sess], 0, errno);
			f->refused[sess] = 1;
			continue;
		}
		/* a full queue or a vanished route: this one is lost */
		if (errno != ECONNREFUSED)
			fwd_emit_tally(f, FWD_T_SEND, UDPFWD_EV_SEND,
			    &f->d[*idx].addr, f->d[*idx].alen, errno);
		idx++;
		n--;
		retried = 0;
	}
}

/*
 * The socket of a session that ended is held, unread, for FWD_GRAVE_MS
 * (or until FWD_GRAVE newer ones are) before it is closed: a reply the
 * target sent it late would otherwise reach whichever new session's
 * socket the kernel gave the same port to, and so another client (seen
 * once in t1025's storm of 8 clients through 2 sessions).  Its queue is
 * made as small as the kernel allows, so what still comes is dropped.
 */
static void
fwd_bury(struct fwd *f, int fd, long long now)
{
	int k, one = 1;

#ifdef HAVE_EPOLL
	{
		struct epoll_event ev;

		memset(&ev, 0, sizeof(ev));
		(void)epoll_ctl(f->epfd, EPOLL_CTL_DEL, fd, &ev);
	}
#endif
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &one, sizeof(one));
	if (f->ngrave == FWD_GRAVE) {
		close(f->grave[f->gfirst]);
		f->gfirst = (f->gfirst + 1) % FWD_GRAVE;
		f->ngrave--;
	}
	k = (f->gfirst + f->ngrave) % FWD_GRAVE;
	f->grave[k] = fd;
	f->grave_t[k] = now;
	f->ngrave++;
}

/* The held sockets whose time is up closed; ms to the next, or -1. */
static long long
fwd_reap(struct fwd *f, long long now)
{
	while (f->ngrave > 0) {
		if (f->grave_t[f->gfirst] + FWD_GRAVE_MS > now)
			return f->grave_t[f->gfirst] + FWD_GRAVE_MS - now;
		close(f->grave[f->gfirst]);
		f->gfirst = (f->gfirst + 1) % FWD_GRAVE;
		f->ngrave--;
	}
	return -1;
}

/* Close session i; says why with verbose (kind), n for the event. */
static void
fwd_close(struct fwd *f, int i, enum udpfwd_event_kind kind, int n,
    long long now)
{
	int s = f->slot[i], last = f->npfd - 1;

	if (f->o->verbose)
		fwd_emit(f, kind, &f->addr[i], f->alen[i], n, 0);
	fwd_bury(f, f->sfd[i], now);
	f->sfd[i] = -1;
	/* the last poll slot fills the hole */
	if (s != last) {
		f->pfd[s] = f->pfd[last];
		f->who[s] = f->who[last];
		f->slot[f->who[s]] = s;
	}
	f->npfd--;
	sesstab_del(&f->tab, i);
}

/*
 * Out of descriptors: one freed, a held socket's (fwd_bury) or else the
 * idlest session's, which is closed for the new client.  0, or -1 when
 * there is none to free.
 */
static int
fwd_room(struct fwd *f, long long now)
{
	if (f->ngrave == 0 && f->tab.n > 0)
		fwd_close(f, sesstab_oldest(&f->tab), UDPFWD_EV_EVICT,
		    (int)f->tab.n, now);
	if (f->ngrave == 0)
		return -1;
	/* the one held longest: the least likely to get a late reply */
	close(f->grave[f->gfirst]);
	f->gfirst = (f->gfirst + 1) % FWD_GRAVE;
	f->ngrave--;
	return 0;
}

/*
 * A session for the new client of datagram d, screened: the access
 * lists, its IP's sessions, room (the idlest closed for it).  Returns
 * the session, or -1 when its datagrams are to be dropped.
 */
static int
fwd_open(struct fwd *f, const unsigned char *key,
    const struct dgram *d, long long now)
{
	const struct server_opts *acl = f->o->acl;
	int i, n, fd, rcvbuf;

	if (net_from_target((const struct sockaddr *)&d->addr, key, f->to,
	    f->o->targets, f->to_local)) {
		if (f->o->verbose)
			fwd_emit_tally(f, FWD_T_LOOP, UDPFWD_EV_LOOP, &d->addr,
			    d->alen, 0);
		return -1;
	}
	if (acl != NULL && !server_peer_allowed(acl,
	    (const struct sockaddr *)&d->addr)) {
		if (f->o->verbose)
			fwd_emit(f, UDPFWD_EV_DENIED, &d->addr, d->alen, 0, 0);
		return -1;
	}
	if (acl != NULL && acl->max_per_peer > 0 &&
	    (n = sesstab_peers(&f->tab, key)) >= acl->max_per_peer) {
		if (f->o->verbose)
			fwd_emit(f, UDPFWD_EV_FULL, &d->addr, d->alen, n, 0);
		return -1;
	}
	if ((int)f->tab.n >= f->cap)
		fwd_close(f, sesstab_oldest(&f->tab), UDPFWD_EV_EVICT,
		    (int)f->tab.n, now);
	/* out of descriptors: a held socket closed, or the idlest session */
	while ((fd = net_socket(f->to->sa_family, SOCK_DGRAM, 0)) == -1 &&
	    (errno == EMFILE || errno == ENFILE) && fwd_room(f, now) == 0)
		continue;
	if (fd == -1 || connect(fd, f->to, f->tolen) == -1) {
		fwd_emit_tally(f, FWD_T_NOSESS, UDPFWD_EV_NOSESSION, &d->addr,
		    d->alen, errno);
		if (fd != -1)
			close(fd);
		return -1;
	}
	/* replies in a burst wait here while the loop serves others */
	rcvbuf = FWD_SESS_RCVBUF;
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	/* a target's run of replies in one buffer, back out as one */
	(void)dgram_gro(fd);
	/* never full here: a session was closed above if it was */
	i = sesstab_add(&f->tab, key, now);
#ifdef HAVE_EPOLL
	{
		struct epoll_event ev;

		memset(&ev, 0, sizeof(ev));
		ev.events = EPOLLIN;
		ev.data.u32 = (uint32_t)i;
		if (epoll_ctl(f->epfd, EPOLL_CTL_ADD, fd, &ev) == -1) {
			fwd_emit_tally(f, FWD_T_NOSESS, UDPFWD_EV_NOSESSION,
			    &d->addr, d->alen, errno);
			sesstab_del(&f->tab, i);
			close(fd);
			return -1;
		}
	}
#endif
	f->sfd[i] = fd;
	f->refused[i] = 0;
	memcpy(&f->addr[i], &d->addr, sizeof(d->addr));
	f->alen[i] = d->alen;
	f->slot[i] = f->npfd;
	f->who[f->npfd] = i;
	f->pfd[f->npfd].fd = fd;
	f->pfd[f->npfd].events = POLLIN;
	f->pfd[f->npfd].revents = 0;
	f->npfd++;
	if (f->o->verbose)
		fwd_emit(f, UDPFWD_EV_OPEN, &d->addr, d->alen, 0, 0);
	return i;
}

/*
 * Send what the batch has for its sessions from datagram from to before
 * datagram to, each session's in one send, in the order they came.
 * sess[] names each datagram's session (-1: dropped); sent ones become
 * -1.  A batch of 32 from 10 clients takes 10 sends, not 32.
 */
static void
fwd_flush(struct fwd *f, int *sess, int from, int to)
{
	int idx[FWD_BATCH];
	int j, k, m, s;

	for (j = from; j < to; j++) {
		if ((s = sess[j]) == -1)
			continue;
		for (m = 0, k = j; k < to; k++)
			if (sess[k] == s) {
				idx[m++] = k;
				sess[k] = -1;
			}
		fwd_send_all(f, f->sfd[s], idx, m, 0, s);
	}
}

/*
 * The clients' side: batches from the listening socket, each datagram
 * to its session (opened if new), a session's datagrams of a batch in
 * one send.  Returns 0, or -1 with err filled when the listening socket
 * failed.
 */
static int
fwd_clients(struct fwd *f, long long now, char *err)
{
	unsigned char key[SESSTAB_KEYLEN];
	int sess[FWD_BATCH];
	int i, n, r, s, from;

	for (r = 0; r < FWD_ROUNDS; r++) {
		if ((n = dgram_recv(f->lfd, f->d, FWD_BATCH, DGRAM_FROM)) == -1) {
			/* a signal, a passing shortage: the next turn */
			if (errno == EINTR || errno == ENOBUFS ||
			    errno == ENOMEM || errno == ECONNREFUSED)
				return 0;
			snprintf(err, SK_ERRLEN, "receive: %s",
			    strerror(errno));
			return -1;
		}
		for (from = i = 0; i < n; i++) {
			if (net_addr_key((const struct sockaddr *)&f->d[i].addr,
			    key) == -1) {
				sess[i] = -1;
				continue;
			}
			if ((s = sesstab_find(&f->tab, key)) == -1) {
				/*
				 * Opening may close the idlest session (the
				 * table full, or no descriptor left), perhaps
				 * one that datagrams before this one are
				 * for, and give its number to the new
				 * client: what is pending goes out first.
				 */
				fwd_flush(f, sess, from, i);
				from = i;
				s = fwd_open(f, key, &f->d[i], now);
			}
			if ((sess[i] = s) != -1)
				sesstab_touch(&f->tab, s, now);
		}
		fwd_flush(f, sess, from, n);
		if (n < FWD_BATCH)
			break;
	}
	return 0;
}

/*
 * The targets' side: the replies on every readable session's socket,
 * gathered into batches for the listening socket.
 */
static void
fwd_replies(struct fwd *f, long long now)
{
	int k, s, n, got, r;

	got = 0;
	for (k = 0; k < f->nready; k++) {
		s = f->ready[k];
		for (r = 0; r < FWD_ROUNDS; r++) {
			if ((n = dgram_recv(f->sfd[s], f->d + got,
			    FWD_BATCH - got, 0)) == -1) {
				/* ICMP: the target is not there (yet) */
				if (errno == ECONNREFUSED) {
					if (!f->refused[s] && f->o->verbose)
						fwd_emit(f, UDPFWD_EV_REFUSED,
						    &f->addr[s], f->alen[s],
						    0, errno);
					f->refused[s] = 1;
					continue;
				}
				break;
			}
			if (n == 0)
				break;
			f->refused[s] = 0;
			sesstab_touch(&f->tab, s, now);
			for (n += got; got < n; got++) {
				memcpy(&f->d[got].addr, &f->addr[s],
				    sizeof(f->addr[s]));
				f->d[got].alen = f->alen[s];
			}
			if (got == FWD_BATCH) {
				fwd_send_all(f, f->lfd, f->ident, got, 1, -1);
				got = 0;
			} else
				break;	/* emptied: no second call for EAGAIN */
		}
	}
	if (got > 0)
		fwd_send_all(f, f->lfd, f->ident, got, 1, -1);
}

/*
 * Wait for a socket or ms milliseconds (-1: no limit) with the stop
 * signals let in; the sockets ready go to f->ready and f->lready.
 * Returns what poll returns.
 */
static int
fwd_wait(struct fwd *f, int ms, const sigset_t *waitmask)
{
	int k, n;

	f->nready = f->lready = 0;
#if defined(HAVE_EPOLL)
	if ((n = epoll_pwait(f->epfd, f->evs, f->cap + 1, ms,
	    waitmask)) <= 0)
		return n;
	for (k = 0; k < n; k++)
		if (f->evs[k].data.u32 == FWD_LISTENER)
			f->lready = 1;
		else
			f->ready[f->nready++] = (int)f->evs[k].data.u32;
	return n;
#else
#if defined(HAVE_PPOLL)
	struct timespec ts, *tsp = NULL;

	if (ms >= 0) {
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = (long)(ms % 1000) * 1000000L;
		tsp = &ts;
	}
	n = ppoll(f->pfd, (nfds_t)f->npfd, tsp, waitmask);
#else
	sigset_t old;
	int save_errno;

	/* no ppoll: the signals in for the wait, a second at most */
	(void)sigprocmask(SIG_SETMASK, waitmask, &old);
	n = poll(f->pfd, (nfds_t)f->npfd, ms < 0 || ms > 1000 ? 1000 : ms);
	save_errno = errno;
	(void)sigprocmask(SIG_SETMASK, &old, NULL);
	errno = save_errno;
#endif
	if (n <= 0)
		return n;
	f->lready = f->pfd[0].revents != 0;
	for (k = 1; k < f->npfd; k++)
		if (f->pfd[k].revents != 0)
			f->ready[f->nready++] = f->who[k];
	return n;
#endif
}

/* The loop; returns what udpfwd_run returns. */
static int
fwd_loop(struct fwd *f, const sigset_t *waitmask, char *err)
{
	long long now, left, t0;
	int i, n, ms, timed;

	for (;;) {
		if (got_stop)
			return 0;
		now = mono_ms();
		while ((i = sesstab_expired(&f->tab, now,
		    f->o->idle_ms)) != -1)
			fwd_close(f, i, UDPFWD_EV_IDLE, 0, now);
		left = fwd_reap(f, now);
		if ((i = sesstab_oldest(&f->tab)) != -1 && (left == -1 ||
		    f->tab.e[i].last + f->o->idle_ms - now < left))
			left = f->tab.e[i].last + f->o->idle_ms - now;
		ms = left == -1 ? -1 : left < 1 ? 1 : left > 60000 ? 60000 :
		    (int)left;
		/* measured only while datagrams flow, spun when faster */
		t0 = mono_us();
		timed = f->busy;
		n = 0;
		if (timed && f->spin.on)
			do
				n = fwd_wait(f, 0, waitmask);
			while (n == 0 && mono_us() - t0 < SPIN_US);
		if (n == 0)
			n = fwd_wait(f, ms, waitmask);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			snprintf(err, SK_ERRLEN, "poll: %s", strerror(errno));
			return -1;
		}
		if ((f->busy = n > 0) == 0)
			continue;
		/*
		 * A wait that found sockets ready let no signal in: a loop
		 * never idle (a datagram going round through us) looks
		 * for one itself
		 */
		if (sig_let_in(waitmask) && got_stop)
			return 0;
		if (timed)
			spin_measured(&f->spin, mono_us() - t0);
		now = mono_ms();
		fwd_replies(f, now);
		if (f->lready && fwd_clients(f, now, err) == -1)
			return -1;
	}
}

/* Free what fwd_init made, and close the sessions' sockets. */
static void
fwd_free(struct fwd *f)
{
	int k;

	for (k = 1; k < f->npfd; k++)
		close(f->pfd[k].fd);
	for (k = 0; k < f->ngrave; k++)
		close(f->grave[(f->gfirst + k) % FWD_GRAVE]);
	sesstab_free(&f->tab);
	free(f->sfd);
	free(f->slot);
	free(f->who);
	free(f->refused);
	free(f->addr);
	free(f->alen);
	free(f->pfd);
	free(f->ready);
	free(f->pool);
#ifdef HAVE_EPOLL
	if (f->epfd != -1)
		close(f->epfd);
	free(f->evs);
#endif
}

/* Make f's room.  Returns 0, or -1 with errno. */
static int
fwd_init(struct fwd *f, const struct udpfwd_opts *o)
{
	size_t cap = (size_t)(o->max_sessions < 1 ? 1 : o->max_sessions);
	int i;
#ifdef HAVE_EPOLL
	int save_errno;
#endif

	f->o = o;
	f->cap = (int)cap;
	spin_init(&f->spin);
	f->sfd = calloc(cap, sizeof(*f->sfd));
	f->slot = calloc(cap, sizeof(*f->slot));
	f->who = calloc(cap + 1, sizeof(*f->who));
	f->refused = calloc(cap, sizeof(*f->refused));
	f->addr = calloc(cap, sizeof(*f->addr));
	f->alen = calloc(cap, sizeof(*f->alen));
	f->pfd = calloc(cap + 1, sizeof(*f->pfd));
	f->ready = calloc(cap, sizeof(*f->ready));
	f->pool = malloc((size_t)FWD_BATCH * DGRAM_BUFSZ);
#ifdef HAVE_EPOLL
	f->evs = calloc(cap + 1, sizeof(*f->evs));
	if ((f->epfd = epoll_create1(EPOLL_CLOEXEC)) != -1) {
		struct epoll_event ev;

		memset(&ev, 0, sizeof(ev));
		ev.events = EPOLLIN;
		ev.data.u32 = FWD_LISTENER;
		if (epoll_ctl(f->epfd, EPOLL_CTL_ADD, f->lfd, &ev) == -1) {
			save_errno = errno;
			close(f->epfd);
			f->epfd = -1;
			errno = save_errno;
		}
	}
	if (f->evs == NULL || f->epfd == -1) {
		save_errno = f->evs == NULL ? ENOMEM : errno;
		fwd_free(f);
		errno = save_errno;
		return -1;
	}
#endif
	if (f->sfd == NULL || f->slot == NULL || f->who == NULL ||
	    f->refused == NULL || f->addr == NULL || f->alen == NULL ||
	    f->pfd == NULL || f->ready == NULL || f->pool == NULL ||
	    sesstab_init(&f->tab, cap, (uint32_t)mono_us() ^
	    (uint32_t)getpid() * 2654435761u) == -1) {
		fwd_free(f);
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < (int)cap; i++)
		f->sfd[i] = -1;
	for (i = 0; i < FWD_BATCH; i++) {
		f->d[i].buf = f->pool + (size_t)i * DGRAM_BUFSZ;
		f->ident[i] = i;
	}
	f->gso_out = f->gso_back = 1;
	f->pfd[0].fd = f->lfd;
	f->pfd[0].events = POLLIN;
	f->npfd = 1;
	f->to_local = net_addr_local(f->to);
	return 0;
}

int
udpfwd_run(int lfd, const struct sockaddr *to, socklen_t tolen,
    const struct udpfwd_opts *o, char *err)
{
	struct sigaction sa, old[NSIGS];
	sigset_t block, oldmask, waitmask;
	struct fwd *f;
	size_t k;
	int ret, rcvbuf;

	if ((f = calloc(1, sizeof(*f))) == NULL) {
		snprintf(err, SK_ERRLEN, "%s", strerror(errno));
		return -1;
	}
	f->lfd = lfd;
	f->to = to;
	f->tolen = tolen;
	if (fwd_init(f, o) == -1) {
		snprintf(err, SK_ERRLEN, "forwarder: %s", strerror(errno));
		free(f);
		return -1;
	}
	/* a deeper queue rides out bursts; the kernel caps it (rmem_max) */
	rcvbuf = FWD_RCVBUF;
	(void)setsockopt(lfd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	(void)dgram_gro(lfd);

	sigemptyset(&block);
	for (k = 0; k < NSIGS; k++)
		sigaddset(&block, fwd_sigs[k]);
	(void)sigprocmask(SIG_BLOCK, &block, &oldmask);
	waitmask = oldmask;
	for (k = 0; k < NSIGS; k++)
		sigdelset(&waitmask, fwd_sigs[k]);
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: a signal ends the wait; overrides a shell's
	 * SIG_IGN for a background job's SIGINT, as server.c does */
	sa.sa_handler = on_stop;
	for (k = 0; k < NSIGS; k++)
		(void)sigaction(fwd_sigs[k], &sa, &old[k]);
	got_stop = 0;
	if (o->event != NULL) {
		struct udpfwd_event ev;

		memset(&ev, 0, sizeof(ev));
		ev.kind = UDPFWD_EV_READY;
		o->event(&ev, o->arg);
	}

	ret = fwd_loop(f, &waitmask, err);

	for (k = 0; k < NSIGS; k++)
		(void)sigaction(fwd_sigs[k], &old[k], NULL);
	(void)sigprocmask(SIG_SETMASK, &oldmask, NULL);
	fwd_free(f);
	free(f);
	return ret;
}
