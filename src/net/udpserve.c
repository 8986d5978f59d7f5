/*
 * net/udpserve.c: udp-serve's hello, echo and print modes (udpserve.h).
 * Datagrams come in batches (net/dgram.c: recvmmsg on Linux); --print
 * writes a batch to stdout with one writev, --echo sends a batch's
 * echoes in one call, a peer's run of one size as one buffer the kernel
 * cuts, and takes such runs whole (UDP_GRO).  What --hello and --echo
 * never answer, and how much they send one address, is udpguard.c's, asked
 * once a run.  And with --to, before the
 * forwarder (udpfwd.c) starts: room for its sessions' sockets, and the
 * check that it would not forward to the listener itself.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <netinet/in.h>

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/dgram.h"
#include "net/net.h"
#include "net/server.h"
#include "net/udpguard.h"
#include "net/udpserve.h"
#include "parse/hello.h"
#include "parse/mcast.h"
#include "util/clock.h"

#define UDP_RCVBUF	(4 * 1024 * 1024)

struct userve {
	int		 fd;
	const struct udpserve_opts *o;
	struct udpguard	*guard;		/* --hello's and --echo's */
	long long	 now;		/* mono_ms, a batch's */
	int		 gso;		/* echo runs of replies as one */
	int		 nrep;		/* echoes waiting: their places */
	int		 rep[DGRAM_BATCH];
	struct dgram	 d[DGRAM_BATCH];	/* a batch, in pool */
	char		*pool;
	char		 reply[DGRAM_BUFSZ + 16];
};

/* The label of peer, for the events. */
static void
userve_label(const struct dgram *d, char *label)
{
	if (net_addr_label((const struct sockaddr *)&d->addr, d->alen, label,
	    NET_LABELLEN) == -1)
		snprintf(label, NET_LABELLEN, "? port 0");
}

/* Tell the command kind about label's datagram (len bytes, error). */
static void
userve_say(const struct userve *us, enum udpserve_event_kind kind,
    const char *label, size_t len, int error)
{
	struct udpserve_event ev;

	ev.kind = kind;
	ev.peer = label;
	ev.len = len;
	ev.error = error;
	ev.why = 0;
	ev.n = 0;
	us->o->event(&ev, us->o->arg);
}

/*
 * How many of the count datagrams of e its source may be answered, the
 * guard asked; a drop told with verbose, at most once a second a reason.
 */
static size_t
userve_guard(struct userve *us, const struct dgram *e, const char *label,
    size_t count)
{
	struct udpserve_event ev;
	/* set by a drop: gcc -flto's -Wmaybe-uninitialized misses it */
	enum udpguard_why why = UDPGUARD_PORT;
	size_t n;

	if (us->guard == NULL || (n = udpguard_check(us->guard, e,
	    us->o->mode == UDPSERVE_HELLO, us->now, &why)) >= count)
		return count;
	if ((ev.n = udpguard_tally(us->guard, why, us->now)) > 0 &&
	    us->o->verbose) {
		ev.kind = UDPSERVE_EV_DROPPED;
		ev.peer = label;
		ev.len = 0;
		ev.error = 0;
		ev.why = (int)why;
		us->o->event(&ev, us->o->arg);
	}
	return n;
}

/*
 * Answer (or print) the datagrams of entry i of d (a run with
 * --echo), at most left of them (-1: all); the echoes wait in us->rep
 * for userve_echo.  A failed reply is no error.  Returns how many were
 * taken: 0 when the access lists refused the peer.
 */
static long long
userve_take(struct userve *us, struct dgram *d, int i, long long left)
{
	char label[NET_LABELLEN];
	struct dgram *e = &d[i];
	const char *data;
	size_t n, len, k, count, answer;
	int nl, verbose = us->o->verbose;

	if (verbose)
		userve_label(e, label);
	count = dgram_count(e);
	if (!server_peer_allowed(us->o->acl,
	    (const struct sockaddr *)&e->addr)) {
		for (k = 0; verbose && k < count; k++)
			userve_say(us, UDPSERVE_EV_REFUSED, label, 0, 0);
		e->len = 0;	/* nothing of it printed */
		return 0;
	}
	/* -c: the datagrams of a run past the count are not taken */
	if (left >= 0 && count > (size_t)left) {
		count = (size_t)left;
		e->len = count * e->seg;
	}
	answer = userve_guard(us, e, label, count);
	for (k = 0; k < count; k++) {
		data = e->buf + k * e->seg;
		len = e->seg > 0 && e->len - k * e->seg > e->seg ? e->seg :
		    e->len - k * e->seg;
		if (verbose)
			userve_say(us, UDPSERVE_EV_DATAGRAM, label, len, 0);
		if (us->o->mode != UDPSERVE_HELLO || k >= answer)
			continue;
		/* the reply ends as the request did: a line sent by nc or
		 * echo gets one, the tutorial's bare name gets none */
		n = len;
		if ((nl = n > 0 && data[n - 1] == '\n')) {
			n--;
			if (n > 0 && data[n - 1] == '\r')
				n--;
		}
		n = hello_reply(us->reply, sizeof(us->reply), data, n, nl);
		if (sendto(us->fd, us->reply, n, 0,
		    (const struct sockaddr *)&e->addr, e->alen) == -1 &&
		    verbose)
			userve_say(us, UDPSERVE_EV_REPLY, label, 0, errno);
	}
	/* the echo: a run's answered datagrams, the first */
	if (us->o->mode == UDPSERVE_ECHO && answer > 0) {
		if (answer < count)
			e->len = answer * e->seg;
		us->rep[us->nrep++] = i;
	}
	return (long long)count;
}

/* Send the echoes waiting in us->rep, runs of one peer as one. */
static void
userve_echo(struct userve *us, struct dgram *d)
{
	char label[NET_LABELLEN];
	const int *idx = us->rep;
	int n = us->nrep, r;

	while (n > 0) {
		if ((r = dgram_send(us->fd, d, idx, n, DGRAM_TO,
		    &us->gso)) == -1) {
			if (us->o->verbose) {
				userve_label(&d[*idx], label);
				userve_say(us, UDPSERVE_EV_REPLY, label, 0,
				    errno);
			}
			r = 1;
		}
		idx += r;
		n -= r;
	}
	us->nrep = 0;
}

/* Write a batch of datagrams to stdout in one go. */
static int
userve_print(const struct dgram *d, int n)
{
	struct iovec iov[DGRAM_BATCH];
	size_t total = 0, done;
	ssize_t w;
	int i, first = 0;

	for (i = 0; i < n; i++) {
		iov[i].iov_base = d[i].buf;
		iov[i].iov_len = d[i].len;
		total += d[i].len;
	}
	while (total > 0) {
		if ((w = writev(STDOUT_FILENO, iov + first, n - first)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		/* a short write: skip what went out and go on */
		total -= (size_t)w;
		for (done = (size_t)w; first < n && done >= iov[first].iov_len;
		    first++)
			done -= iov[first].iov_len;
		if (first < n) {
			iov[first].iov_base = (char *)iov[first].iov_base + done;
			iov[first].iov_len -= done;
		}
	}
	return 0;
}

/*
 * Take datagrams until count of them (-1: for ever) or a failure, each
 * batch in us->d.  Returns 0, or -1 with errno and *step.
 */
static int
userve_loop(struct userve *us, long long count, int *step)
{
	struct dgram *d = us->d;
	long long k;
	int i, n, want;

	while (count != 0) {
		want = count > 0 && count < DGRAM_BATCH ? (int)count :
		    DGRAM_BATCH;
		if ((n = dgram_recv(us->fd, d, want, DGRAM_FROM |
		    DGRAM_WAIT)) <= 0) {
			/* ICMP errors of earlier replies, signals: go on */
			if (n == 0 || errno == EINTR || errno == ECONNREFUSED ||
			    errno == ENOBUFS)
				continue;
			*step = UDPSERVE_RECEIVE;
			return -1;
		}
		us->now = mono_ms();
		/* a refused peer's datagram counts for nothing, prints
		 * nothing */
		for (i = 0; i < n && count != 0; i++) {
			k = userve_take(us, d, i, count);
			if (count > 0)
				count -= k;
		}
		userve_echo(us, d);
		if (us->o->mode == UDPSERVE_PRINT && userve_print(d, i) == -1) {
			*step = UDPSERVE_STDOUT;
			return -1;
		}
	}
	return 0;
}

/*
 * Serve the bound UDP socket fd as o says.  Returns 0 once count
 * datagrams were taken, or -1 with errno and *step: UDPSERVE_RECEIVE,
 * UDPSERVE_STDOUT, or 0 (no memory).
 */
int
udpserve_run(int fd, const struct udpserve_opts *o, int *step)
{
	struct userve *us;
	int i, rc, rcvbuf;

	*step = 0;
	if ((us = calloc(1, sizeof(*us))) == NULL || (us->pool =
	    malloc((size_t)DGRAM_BATCH * DGRAM_BUFSZ)) == NULL) {
		free(us);
		return -1;
	}
	for (i = 0; i < DGRAM_BATCH; i++)
		us->d[i].buf = us->pool + (size_t)i * DGRAM_BUFSZ;
	us->fd = fd;
	us->o = o;
	us->gso = 1;
	if (o->mode != UDPSERVE_PRINT && (us->guard = udpguard_new(fd,
	    o->rate)) == NULL) {
		free(us->pool);
		free(us);
		return -1;
	}
	/* a deeper queue rides out bursts; the kernel caps it (rmem_max) */
	rcvbuf = UDP_RCVBUF;
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	/* --echo: a run of datagrams in one buffer, echoed as one */
	if (o->mode == UDPSERVE_ECHO)
		(void)dgram_gro(fd);
	rc = userve_loop(us, o->count, step);
	udpguard_free(us->guard);
	free(us->pool);
	free(us);
	return rc;
}

/*
 * Room for every session's descriptors: the soft limit of open files
 * raised toward the hard one, so that the default -m (1024) fits under
 * the usual soft limit of 1024 too, with 64 more for the rest (the
 * forwarder holds up to 64 closed sessions' sockets a second, which it
 * closes early for want of room).  Then what fits under the limit,
 * UDPSERVE_FD_SPARE at least kept for the rest.
 */
int
udpserve_fd_room(int sessions, int per, long long *limit)
{
	long long need = (long long)sessions * per + UDPSERVE_FD_SPARE;
	long long lim, fit;

	*limit = -1;
	if ((lim = server_fd_limit(need + 64 - UDPSERVE_FD_SPARE)) == -1 ||
	    lim >= need)
		return sessions;
	*limit = lim;
	fit = (lim - UDPSERVE_FD_SPARE) / per;
	return fit < 1 ? 1 : (int)fit;
}

/*
 * Does the target come back to the listener?  The same port at its
 * address or, bound to a wildcard, at any of this host's; or a group it
 * joined on its port, where the kernel loops our own copy back
 * (IP_MULTICAST_LOOP is on by default, and a listener of the port gets
 * every group joined here).  A datagram forwarded there would come back
 * as a new client, for ever.
 */
const char *
udpserve_loops(int fd, const struct sockaddr *to,
    const struct mcast_spec *joined, size_t njoined)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	unsigned char kl[NET_ADDR_KEYLEN], kt[NET_ADDR_KEYLEN];
	const unsigned char *g;
	size_t i, glen;

	if (net_reaches_fd(fd, to))
		return "the listening socket itself";
	/* the key's last two bytes: the port */
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1 ||
	    net_addr_key((struct sockaddr *)&ss, kl) == -1 ||
	    net_addr_key(to, kt) == -1 || memcmp(kl + 16, kt + 16, 2) != 0)
		return NULL;
	if (to->sa_family == AF_INET) {
		g = (const unsigned char *)&((const struct sockaddr_in *)
		    (const void *)to)->sin_addr;
		glen = 4;
	} else if (to->sa_family == AF_INET6) {
		g = ((const struct sockaddr_in6 *)(const void *)to)->
		    sin6_addr.s6_addr;
		glen = 16;
	} else
		return NULL;
	for (i = 0; i < njoined; i++)
		if (joined[i].family == to->sa_family &&
		    memcmp(joined[i].group, g, glen) == 0)
			return "a group this listener joined, on its own "
			    "port (our copy loops back to it)";
	return NULL;
}

int
udpserve_target(const char *host, const char *port, const struct net_opts *no,
    struct addrinfo **res, char *label, size_t size, char *err)
{
	if (net_resolve(host, port, no, 0, res, err) == -1)
		return -1;
	if (net_addr_label((*res)->ai_addr, (*res)->ai_addrlen, label,
	    size) == -1)
		snprintf(label, size, "the target");
	return 0;
}
