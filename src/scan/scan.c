/*
 * scan.c: the scan engine: the window, deadlines, retries, rate, shards
 * and workers, and the TCP connect probe.  A UDP probe's own steps are
 * in scan/udp.c.
 *
 * Each probe is a non-blocking socket + connect.  On loopback the kernel
 * has already answered when connect() returns EINPROGRESS, so one
 * getsockopt(SO_ERROR) settles a refused port without a poll; the rest
 * wait in a window of pending connects watched by poll(2) with a deadline
 * each.  Only a timeout is retried.  Local trouble (no fds, no ephemeral
 * ports, no buffers) shrinks the window and the probe is sent again
 * later: it never becomes a result, so load can slow a scan but never
 * flip a state.  Every socket that got connected, a self-connect too, is
 * closed with a reset, so a scan leaves no TIME_WAIT behind.
 */
#ifdef __linux__
#define _GNU_SOURCE		/* prctl */
#endif
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <netinet/in.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/net.h"
#include "net/relay.h"
#include "parse/udpprobe.h"
#include "scan/scan.h"
#include "scan/udp.h"
#include "sockt.h"
#include "util/clock.h"

#define FD_RESERVE	64	/* fds left for everything but probes */
#define BATCH		256	/* probes started between two polls */
#define FLUSH_MS	100	/* a worker reports at least this often */
#define MAX_WORKERS	16
#define MIN_PER_WORKER	2048	/* probes that make a worker worth a fork */
#define RESOURCE_WAIT_MS 10
#define RESOURCE_TRIES	500	/* 5 s with nothing in flight: give up */
#define STOP_MS		100	/* a stop request is seen this fast */
#define UDP_POOL	16	/* settled UDP sockets kept to probe again */

/* What became of a probe. */
enum {
	P_PENDING = SCAN_PENDING,
	P_OPEN = SCAN_OPEN,
	P_CLOSED = SCAN_CLOSED,
	P_FILTERED = SCAN_FILTERED,
	P_OPENFILTERED = SCAN_OPENFILTERED,
	P_RESOURCE = SCAN_RESOURCE,	/* local shortage: try again later */
	P_FATAL = SCAN_FATAL		/* cannot scan at all (errno says why) */
};

/* Pipe records from a worker to the parent. */
#define REC_COUNTS	0	/* probe: closed ports; error: retries */
#define REC_FATAL	-1	/* error: errno; banner: the message */

struct rec {
	uint64_t	probe;
	int32_t		state;
	int32_t		error;
	uint32_t	len;
	uint32_t	pad;
};

/* What a slot waits for. */
#define S_CONNECT	0	/* the connect */
#define S_READ		1	/* connected: the banner */
#define S_SEND		2	/* connected: room to send the probe */

struct slot {
	uint64_t	probe;
	int64_t		deadline;
	int		tries;
	int		banner;		/* S_CONNECT, S_READ, S_SEND */
	size_t		sent;		/* bytes of the probe sent */
	size_t		blen;		/* bytes of banner in bbuf */
	char		*bbuf;		/* SCAN_BANNER_MAX, once reading */
	int		udp;		/* a UDP probe, waiting for a reply */
};

/* Set by a worker's SIGTERM handler: the parent asks it to stop. */
static volatile sig_atomic_t worker_stop;

struct retry {
	uint64_t	probe;
	int		tries;
};

struct sink {
	const struct scan_config *cfg;
	struct scan_stats *st;		/* in the caller's process */
	int		 fd;		/* pipe to the parent, or -1 */
	char		 buf[65536];
	size_t		 len;
	uint64_t	 closed, retried;	/* not yet sent */
	int64_t		 last_flush, last_progress;
};

struct worker {
	const struct scan_config *cfg;
	struct sink	*sink;
	uint64_t	 shard_total;	/* probes in the shard */
	uint64_t	 next;		/* next position (of this worker) */
	uint64_t	 step;		/* workers */
	int		 win, win_max;
	struct pollfd	*pfd;
	struct slot	*slot;
	int		 n;
	struct retry	*rq;		/* timed-out probes to send again */
	size_t		 rq_len, rq_cap;
	uint64_t	 started;	/* for --rate */
	int64_t		 t0;
	double		 rate;
	int		 res_errno;	/* the last local shortage */
	char		*err;
	int		 pool_fd[UDP_POOL];	/* UDP sockets to reuse */
	size_t		 pool_ai[UDP_POOL];	/* the address each probed */
	int		 pool_n;
};

/* splitmix64's finaliser: a cheap, well-mixed 64-bit hash. */
static uint64_t
mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/*
 * A keyed bijection of [0, n): a four-round Feistel network over the
 * smallest even power of two >= n, cycle-walked back into range.  Gives
 * -r a random order with no table, however large the scan.
 */
uint64_t
scan_permute(uint64_t i, uint64_t n, uint64_t seed)
{
	uint64_t l, r, t, mask;
	int bits = 2, half, round;

	if (n <= 1 || i >= n)
		return i;
	while (bits < 64 && (1ULL << bits) < n)
		bits += 2;
	half = bits / 2;
	mask = (1ULL << half) - 1;
	do {
		l = i >> half;
		r = i & mask;
		for (round = 0; round < 4; round++) {
			t = r;
			r = l ^ (mix64(r ^ seed ^ (uint64_t)(round + 1) *
			    0x9e3779b97f4a7c15ULL) & mask);
			l = t;
		}
		i = (l << half) | r;
	} while (i >= n);
	return i;
}

/*
 * Raise the soft RLIMIT_NOFILE toward the hard one and size the window:
 * want > 0 is clamped to what the limit allows (*clamped, unless NULL,
 * set to 1 when it was), want <= 0 asks for the default,
 * min(SCAN_WINDOW_CAP, limit).  Returns the window, at least 1.
 */
int
scan_fd_window(int want, int *clamped)
{
	struct rlimit rl;
	rlim_t target;
	long avail;

	if (clamped != NULL)
		*clamped = 0;
	if (getrlimit(RLIMIT_NOFILE, &rl) == -1) {
		rl.rlim_cur = 256;
		rl.rlim_max = 256;
	}
	if (rl.rlim_cur != RLIM_INFINITY && (rl.rlim_max == RLIM_INFINITY ||
	    rl.rlim_cur < rl.rlim_max)) {
		/* enough for any window; the kernel may still say less */
		target = rl.rlim_max == RLIM_INFINITY ? 1048576 : rl.rlim_max;
		if (target > 1048576)
			target = 1048576;
		while (target > rl.rlim_cur) {
			struct rlimit nrl = { target, rl.rlim_max };

			if (setrlimit(RLIMIT_NOFILE, &nrl) == 0) {
				rl.rlim_cur = target;
				break;
			}
			target /= 2;
		}
	}
	avail = rl.rlim_cur == RLIM_INFINITY ? 1048576 :
	    (long)rl.rlim_cur - FD_RESERVE;
	if (avail < 1)
		avail = 1;
	if (want <= 0)
		return avail < SCAN_WINDOW_CAP ? (int)avail : SCAN_WINDOW_CAP;
	if (want > avail) {
		if (clamped != NULL)
			*clamped = 1;
		return (int)avail;
	}
	return want;
}

/* Write a record into the sink, flushing when full. */
static int sink_flush(struct sink *);

static int
sink_put(struct sink *sk, const struct scan_result *r)
{
	struct rec h;

	if (sk->fd == -1) {
		if (sk->cfg->on_result != NULL)
			sk->cfg->on_result(r, sk->cfg->arg);
		return 0;
	}
	if (sk->len + sizeof(h) + r->banner_len > sizeof(sk->buf) &&
	    sink_flush(sk) == -1)
		return -1;
	memset(&h, 0, sizeof(h));
	h.probe = r->probe;
	h.state = r->state;
	h.error = r->error;
	h.len = (uint32_t)r->banner_len;
	memcpy(sk->buf + sk->len, &h, sizeof(h));
	memcpy(sk->buf + sk->len + sizeof(h), r->banner, r->banner_len);
	sk->len += sizeof(h) + r->banner_len;
	return 0;
}

static int
sink_flush(struct sink *sk)
{
	struct rec h;

	sk->last_flush = mono_ms();
	if (sk->fd == -1)
		return 0;
	if (sk->closed != 0 || sk->retried != 0) {
		if (sk->len + sizeof(h) > sizeof(sk->buf)) {
			if (io_write_all(sk->fd, sk->buf, sk->len) == -1)
				return -1;
			sk->len = 0;
		}
		memset(&h, 0, sizeof(h));
		h.state = REC_COUNTS;
		h.probe = sk->closed;
		h.error = (int32_t)sk->retried;
		memcpy(sk->buf + sk->len, &h, sizeof(h));
		sk->len += sizeof(h);
		sk->closed = sk->retried = 0;
	}
	if (sk->len > 0 && io_write_all(sk->fd, sk->buf, sk->len) == -1)
		return -1;
	sk->len = 0;
	return 0;
}

/* Count one probe's result: in process, or as the parent merges. */
static void
stats_count(struct scan_stats *st, int state)
{
	st->done++;
	if (state == SCAN_OPEN)
		st->open++;
	else if (state == SCAN_CLOSED)
		st->closed++;
	else if (state == SCAN_OPENFILTERED)
		st->openfiltered++;
	else
		st->filtered++;
}

/* Account for one result and pass it on. */
static int
sink_result(struct sink *sk, uint64_t probe, int state, int error,
    const char *banner, size_t blen)
{
	struct scan_result r;

	if (sk->st != NULL)
		stats_count(sk->st, state);
	if (state == SCAN_CLOSED && !sk->cfg->report_closed) {
		if (sk->fd != -1)
			sk->closed++;
		return 0;
	}
	r.probe = probe;
	r.state = state;
	r.error = error;
	r.banner_len = blen;
	if (blen > 0)
		memcpy(r.banner, banner, blen);
	return sink_put(sk, &r);
}

/* What an errno from connect or SO_ERROR says about the port. */
static int
classify(int e)
{
	switch (e) {
	case 0:
	case EISCONN:
	/* reset after the handshake: something did accept */
	case ECONNRESET:
	case EPIPE:
		return P_OPEN;
	case ECONNREFUSED:
		return P_CLOSED;
	case ETIMEDOUT:
	case EHOSTUNREACH:
	case ENETUNREACH:
#ifdef EHOSTDOWN
	case EHOSTDOWN:
#endif
	case ENETDOWN:
	case EACCES:		/* a local firewall, or a broadcast address */
	case EPERM:
		return P_FILTERED;
	case EAGAIN:
	case EADDRNOTAVAIL:	/* out of ephemeral ports */
	case EADDRINUSE:
	case ENOBUFS:
	case ENOMEM:
	case EMFILE:
	case ENFILE:
		return P_RESOURCE;
	default:
		return P_FATAL;
	}
}

/* Probes in the scan: every protocol, address and port. */
static uint64_t
probe_total(const struct scan_config *cfg)
{
	return (uint64_t)(cfg->nprotos > 0 ? cfg->nprotos : 1) *
	    cfg->naddrs * cfg->nports;
}

/* The protocol of a probe: SCAN_TCP or SCAN_UDP. */
static int
probe_proto(const struct scan_config *cfg, uint64_t probe)
{
	if (cfg->protos == NULL || cfg->nprotos == 0)
		return SCAN_TCP;
	return cfg->protos[probe / ((uint64_t)cfg->naddrs * cfg->nports)];
}

static void
probe_addr(const struct scan_config *cfg, uint64_t probe,
    struct sockaddr_storage *ss, socklen_t *len)
{
	uint64_t k = probe % ((uint64_t)cfg->naddrs * cfg->nports);
	const struct scan_addr *a;
	struct scan_addr at;
	uint16_t port = htons(cfg->ports[k % cfg->nports]);

	if (cfg->addr_at != NULL) {
		cfg->addr_at(k / cfg->nports, &at, cfg->arg);
		a = &at;
	} else
		a = &cfg->addrs[k / cfg->nports];
	memcpy(ss, &a->ss, a->len);
	*len = a->len;
	if (ss->ss_family == AF_INET)
		((struct sockaddr_in *)ss)->sin_port = port;
	else
		((struct sockaddr_in6 *)ss)->sin6_port = port;
}

/*
 * Who owns each probe socket.  A debug build (make
 * CPPFLAGS=-DSCAN_FD_CHECK) keeps, per descriptor, the probe that owns
 * it (probe + 1; OWNER_POOL for a UDP socket in the pool) and aborts when
 * a socket is taken twice or closed for a probe that does not own it:
 * the close that would otherwise fail another probe later, or hand it a
 * stranger's answer, stops there with a core to read.  Otherwise these
 * cost nothing.
 */
#define OWNER_POOL	UINT64_MAX

#ifdef SCAN_FD_CHECK
#define FD_CHECK_MAX	65536

static uint64_t fd_owner[FD_CHECK_MAX];

static void
fd_own(int fd, uint64_t owner)
{
	if (fd < 0 || (fd < FD_CHECK_MAX && fd_owner[fd] != 0))
		abort();
	if (fd < FD_CHECK_MAX)
		fd_owner[fd] = owner == OWNER_POOL ? owner : owner + 1;
}

static void
fd_give(int fd, uint64_t owner)
{
	if (fd < 0 || (fd < FD_CHECK_MAX && fd_owner[fd] !=
	    (owner == OWNER_POOL ? owner : owner + 1)))
		abort();
	if (fd < FD_CHECK_MAX)
		fd_owner[fd] = 0;
}
#else
#define fd_own(fd, owner)	((void)(fd), (void)(owner))
#define fd_give(fd, owner)	((void)(fd), (void)(owner))
#endif

/* Close owner's probe socket. */
static void
probe_close(int fd, uint64_t owner)
{
	fd_give(fd, owner);
	(void)close(fd);
}

/*
 * Close owner's probe socket, which may be connected, without leaving a
 * TIME_WAIT behind.
 */
static void
close_abort(int fd, uint64_t owner)
{
	struct linger lg = { 1, 0 };

	fd_give(fd, owner);
	(void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	(void)close(fd);
}

/*
 * Is fd connected to itself?  On loopback the kernel can pick the scanned
 * port as the source port: a TCP simultaneous open then "connects" a port
 * nobody listens on, and a UDP datagram comes back to its own socket.
 * That is a closed port.  Returns 1 if so, else 0.
 */
int
scan_self_connected(int fd, const struct sockaddr *to)
{
	struct sockaddr_storage me;
	socklen_t len = sizeof(me);

	if (getsockname(fd, (struct sockaddr *)&me, &len) == -1 ||
	    me.ss_family != to->sa_family)
		return 0;
	if (to->sa_family == AF_INET) {
		const struct sockaddr_in *a = (const struct sockaddr_in *)&me;
		const struct sockaddr_in *b = (const struct sockaddr_in *)to;

		return a->sin_port == b->sin_port &&
		    a->sin_addr.s_addr == b->sin_addr.s_addr;
	} else {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)&me;
		const struct sockaddr_in6 *b = (const struct sockaddr_in6 *)to;

		return a->sin6_port == b->sin6_port &&
		    memcmp(&a->sin6_addr, &b->sin6_addr, 16) == 0;
	}
}

/*
 * A failure that ends the worker: "WHAT: strerror(e)" into wk->err and
 * errno e, for worker_child to send the parent.  Returns -1.
 */
static int
worker_fail(struct worker *wk, const char *what, int e)
{
	snprintf(wk->err, SK_ERRLEN, "%s: %s", what, strerror(e));
	errno = e;
	return -1;
}

/* The address index of a probe. */
static size_t
probe_ai(const struct scan_config *cfg, uint64_t probe)
{
	return (size_t)(probe % ((uint64_t)cfg->naddrs * cfg->nports) /
	    cfg->nports);
}

/*
 * A settled UDP probe's socket: keep it to probe the same address again
 * (its source address and port stay those of that route), or close it.
 */
static void
pool_put(struct worker *wk, int fd, uint64_t probe, size_t ai)
{
	if (fd == -1)		/* scan_udp_start closed it already */
		return;
	if (wk->pool_n == UDP_POOL) {
		probe_close(fd, probe);
		return;
	}
	fd_give(fd, probe);
	fd_own(fd, OWNER_POOL);
	wk->pool_fd[wk->pool_n] = fd;
	wk->pool_ai[wk->pool_n++] = ai;
}

/* A kept socket that probed address ai, or -1. */
static int
pool_take(struct worker *wk, size_t ai)
{
	int i, fd;

	for (i = wk->pool_n - 1; i >= 0; i--) {
		if (wk->pool_ai[i] != ai)
			continue;
		fd = wk->pool_fd[i];
		wk->pool_fd[i] = wk->pool_fd[--wk->pool_n];
		wk->pool_ai[i] = wk->pool_ai[wk->pool_n];
		return fd;
	}
	/* another address's: make room for this one's */
	if (wk->pool_n == UDP_POOL)
		probe_close(wk->pool_fd[--wk->pool_n], OWNER_POOL);
	return -1;
}

static void
pool_drop(struct worker *wk)
{
	while (wk->pool_n > 0)
		probe_close(wk->pool_fd[--wk->pool_n], OWNER_POOL);
}

/*
 * Start a UDP probe (scan/udp.c): as probe_start, but P_OPEN comes with
 * the reply in reply (*rlen bytes), and a settled probe's socket goes
 * back to the pool.
 */
static int
probe_start_udp(struct worker *wk, uint64_t probe, int *fdp, int *errp,
    char *reply, size_t *rlen)
{
	const struct scan_config *cfg = wk->cfg;
	struct sockaddr_storage ss;
	unsigned char payload[UDPPROBE_MAX];
	const char *what;
	socklen_t len;
	size_t ai = probe_ai(cfg, probe);
	int st, plen, reuse;

	probe_addr(cfg, probe, &ss, &len);
	/* scan_udp_start owns the kept socket now: it closes it or not */
	if ((reuse = pool_take(wk, ai)) != -1)
		fd_give(reuse, OWNER_POOL);
	/* a request the service understands, or an empty datagram */
	plen = udpprobe_for_port(cfg->ports[probe % cfg->nports], cfg->seed,
	    payload, sizeof(payload));
	st = scan_udp_start((struct sockaddr *)&ss, len, ss.ss_family ==
	    AF_INET ? cfg->src4 : cfg->src6, payload, plen > 0 ?
	    (size_t)plen : 0, reuse, fdp, errp, &what, reply, rlen);
	if (*fdp != -1)
		fd_own(*fdp, probe);
	if (st == P_FATAL)
		(void)worker_fail(wk, what, *errp);
	else if (st != P_PENDING && st != P_RESOURCE) {
		/* the pool owns it now */
		pool_put(wk, *fdp, probe, ai);
		*fdp = -1;
	}
	return st;
}

/*
 * Start probe: returns P_PENDING (to poll), P_OPEN (TCP: connected, or
 * reset already; UDP: the reply in reply), P_CLOSED or P_FILTERED,
 * P_RESOURCE, or P_FATAL with errno set and wk->err naming the step that
 * failed.  *fdp is set on every return: the probe's socket while it is
 * still the caller's to poll or close (TCP: P_PENDING, or P_OPEN when
 * connected), else -1.  *errp gets the deciding errno.
 */
static int
probe_start(struct worker *wk, uint64_t probe, int *fdp, int *errp,
    char *reply, size_t *rlen)
{
	const struct scan_config *cfg = wk->cfg;
	const struct scan_addr *src;
	struct sockaddr_storage ss;
	socklen_t len, el;
	int fd, e, st, save_errno, port;
	char host[128], what[160];

	*rlen = 0;
	*fdp = -1;
	if (probe_proto(cfg, probe) == SCAN_UDP)
		return probe_start_udp(wk, probe, fdp, errp, reply, rlen);
	probe_addr(cfg, probe, &ss, &len);
	if ((fd = net_socket(ss.ss_family, SOCK_STREAM, 1)) == -1) {
		e = *errp = errno;
		if (e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM)
			return P_RESOURCE;
		(void)worker_fail(wk, "socket", e);
		return P_FATAL;
	}
	fd_own(fd, probe);
	src = ss.ss_family == AF_INET ? cfg->src4 : cfg->src6;
	if (src != NULL && bind(fd, (const struct sockaddr *)&src->ss,
	    src->len) == -1) {
		save_errno = errno;
		probe_close(fd, probe);
		errno = *errp = save_errno;
		if (save_errno == EADDRINUSE)
			return P_RESOURCE;
		if (net_addr_str((const struct sockaddr *)&src->ss, src->len,
		    host, sizeof(host), &port) == -1)
			snprintf(host, sizeof(host), "address");
		snprintf(what, sizeof(what), "source %s", host);
		(void)worker_fail(wk, what, save_errno);
		return P_FATAL;
	}
	if (connect(fd, (struct sockaddr *)&ss, len) == 0)
		e = 0;
	else if (errno == EINPROGRESS || errno == EINTR) {
		/* loopback has answered already; elsewhere this reads 0 */
		el = sizeof(e);
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) == -1)
			e = errno;
		if (e == 0) {
			*fdp = fd;
			return P_PENDING;
		}
	} else
		e = errno;
	*errp = e;
	st = classify(e);
	if (st == P_OPEN && e == 0) {
		if (scan_self_connected(fd, (struct sockaddr *)&ss)) {
			/* connected to itself: a plain close would TIME_WAIT */
			close_abort(fd, probe);
			*errp = ECONNREFUSED;
			return P_CLOSED;
		}
		*fdp = fd;
		return P_OPEN;
	}
	/*
	 * Settled, or (ECONNRESET, EPIPE) open but reset before we looked:
	 * the socket is gone, and *fdp stays -1 so that nobody closes this
	 * number again once another probe owns it.
	 */
	probe_close(fd, probe);
	if (st == P_FATAL)
		(void)worker_fail(wk, "connect", e);
	errno = e;
	return st;
}

static int
rq_push(struct worker *wk, uint64_t probe, int tries)
{
	struct retry *n;

	if (wk->rq_len == wk->rq_cap) {
		size_t cap = wk->rq_cap ? wk->rq_cap * 2 : 64;

		if ((n = realloc(wk->rq, cap * sizeof(*n))) == NULL)
			return -1;
		wk->rq = n;
		wk->rq_cap = cap;
	}
	wk->rq[wk->rq_len].probe = probe;
	wk->rq[wk->rq_len].tries = tries;
	wk->rq_len++;
	return 0;
}

static int
have_work(const struct worker *wk)
{
	return wk->rq_len > 0 || wk->next < wk->shard_total;
}

/* The next probe to start: a retry first, else the next in order. */
static uint64_t
take_probe(struct worker *wk, int *tries)
{
	const struct scan_config *cfg = wk->cfg;
	uint64_t k;

	if (wk->rq_len > 0) {
		wk->rq_len--;
		*tries = wk->rq[wk->rq_len].tries;
		return wk->rq[wk->rq_len].probe;
	}
	k = wk->next;
	wk->next += wk->step;
	*tries = 0;
	if (cfg->random)
		k = scan_permute(k, wk->shard_total, cfg->seed);
	return k * cfg->shard_n + cfg->shard_i;
}

static void
slot_add(struct worker *wk, int fd, uint64_t probe, int tries, int banner,
    int64_t now)
{
	int i = wk->n++, udp = probe_proto(wk->cfg, probe) == SCAN_UDP;

	wk->pfd[i].fd = fd;
	wk->pfd[i].events = banner || udp ? POLLIN : POLLOUT;
	wk->pfd[i].revents = 0;
	wk->slot[i].probe = probe;
	wk->slot[i].tries = tries;
	wk->slot[i].banner = S_CONNECT;
	wk->slot[i].sent = wk->slot[i].blen = 0;
	wk->slot[i].bbuf = NULL;
	wk->slot[i].deadline = now + wk->cfg->timeout_ms;
	wk->slot[i].udp = udp;
}

/*
 * Slot i is done with its banner (whole, cut at the bound, or out of
 * time): report the port open with what came.  Returns 0 or -1.
 */
static int
banner_done(struct worker *wk, int i)
{
	struct slot *sl = &wk->slot[i];
	int r;

	close_abort(wk->pfd[i].fd, sl->probe);
	r = sink_result(wk->sink, sl->probe, SCAN_OPEN, 0, sl->bbuf, sl->blen);
	free(sl->bbuf);
	sl->bbuf = NULL;
	return r;
}

/* Is the banner of sl whole: cut at the bound, or its end string came? */
static int
banner_whole(const struct scan_config *cfg, const struct slot *sl)
{
	size_t i, m;

	if (sl->blen == SCAN_BANNER_MAX || cfg->banner_end == NULL)
		return 1;
	m = strlen(cfg->banner_end);
	for (i = 0; m > 0 && i + m <= sl->blen; i++)
		if (memcmp(sl->bbuf + i, cfg->banner_end, m) == 0)
			return 1;
	return 0;
}

/*
 * Slot i is readable: read on.  Returns 1 while the banner is not whole,
 * 0 once it is reported, -1 on a fatal error.
 */
static int
banner_read(struct worker *wk, int i)
{
	struct slot *sl = &wk->slot[i];
	ssize_t r;

	if (sl->bbuf == NULL && (sl->bbuf = malloc(SCAN_BANNER_MAX)) == NULL) {
		/* a slot that is done, even on failure, has no socket */
		close_abort(wk->pfd[i].fd, sl->probe);
		return worker_fail(wk, "banner", ENOMEM);
	}
	do
		r = read(wk->pfd[i].fd, sl->bbuf + sl->blen,
		    SCAN_BANNER_MAX - sl->blen);
	while (r == -1 && errno == EINTR);
	if (r == -1 && errno == EAGAIN)
		return 1;
	if (r > 0) {
		sl->blen += (size_t)r;
		if (!banner_whole(wk->cfg, sl))
			return 1;
	}
	/* whole, at its end (0), or reset: what came is the banner */
	return banner_done(wk, i);
}

/*
 * Send slot i what is left of its probe.  Returns 1 while the slot
 * waits (for room to send, or for the banner), 0 once reported (the
 * peer went away: open, no banner), -1 on a fatal error.
 */
static int
probe_send(struct worker *wk, int i)
{
	const struct scan_config *cfg = wk->cfg;
	struct slot *sl = &wk->slot[i];
	char buf[SCAN_PROBE_MAX];
	size_t len;
	ssize_t r;

	len = cfg->probe_data(sl->probe, buf, sizeof(buf), cfg->arg);
	if (len > sizeof(buf))
		len = 0;
	while (sl->sent < len) {
		r = send(wk->pfd[i].fd, buf + sl->sent, len - sl->sent,
		    MSG_NOSIGNAL);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1 && errno == EAGAIN) {
			wk->pfd[i].events = POLLOUT;
			sl->banner = S_SEND;
			return 1;
		}
		if (r <= 0)
			return banner_done(wk, i);
		sl->sent += (size_t)r;
	}
	wk->pfd[i].events = POLLIN;
	sl->banner = S_READ;
	return 1;
}

/*
 * Slot i is connected and -b asks for a banner: send the probe, if any,
 * then wait for the answer, up to banner_ms.  Returns as probe_send.
 */
static int
banner_begin(struct worker *wk, int i, int64_t now)
{
	wk->slot[i].deadline = now + wk->cfg->banner_ms;
	wk->slot[i].sent = 0;
	wk->slot[i].blen = 0;
	if (wk->cfg->probe_data != NULL)
		return probe_send(wk, i);
	wk->pfd[i].events = POLLIN;
	wk->slot[i].banner = S_READ;
	return 1;
}

/*
 * An open port: report it now, or wait for its banner.  fd is its
 * connected socket, or -1 when the peer reset it already (no banner).
 */
static int
got_open(struct worker *wk, int fd, uint64_t probe, int tries, int64_t now)
{
	int r;

	if (fd == -1)
		return sink_result(wk->sink, probe, SCAN_OPEN, 0, NULL, 0);
	if (wk->cfg->banner) {
		slot_add(wk, fd, probe, tries, 1, now);
		if ((r = banner_begin(wk, wk->n - 1, now)) != 1)
			wk->n--;	/* reported already, or fatal */
		return r == -1 ? -1 : 0;
	}
	close_abort(fd, probe);
	return sink_result(wk->sink, probe, SCAN_OPEN, 0, NULL, 0);
}

/*
 * A UDP probe's socket is readable or has an error: settle it.  Returns
 * 0 when the slot is done, 1 when it stays (nothing after all), -1 on a
 * fatal error.
 */
static int
udp_done(struct worker *wk, int i)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char reply[SCAN_BANNER_MAX];
	size_t rlen;
	int fd = wk->pfd[i].fd, e, st;
	uint64_t probe = wk->slot[i].probe;

	probe_addr(wk->cfg, probe, &ss, &len);
	st = scan_udp_settle(fd, (struct sockaddr *)&ss, &e, reply, &rlen);
	if (st == P_PENDING)
		return 1;
	if (st == P_OPEN || st == P_CLOSED || st == P_FILTERED)
		pool_put(wk, fd, probe, probe_ai(wk->cfg, probe));
	else
		probe_close(fd, probe);
	switch (st) {
	case P_OPEN:
		return sink_result(wk->sink, probe, SCAN_OPEN, 0, reply,
		    wk->cfg->banner ? rlen : 0);
	case P_CLOSED:
	case P_FILTERED:
		return sink_result(wk->sink, probe, st, e, NULL, 0);
	case P_RESOURCE:
		wk->res_errno = e;
		if (rq_push(wk, probe, wk->slot[i].tries) == -1)
			return worker_fail(wk, "retry queue", ENOMEM);
		return 0;
	default:
		return worker_fail(wk, "recv", e);
	}
}

/*
 * A pending connect has an answer (or an error): settle it.  Returns 0
 * when the slot is done, 1 when it stays (now waiting for a banner), -1
 * on a fatal error.
 */
static int
pending_done(struct worker *wk, int i, int64_t now)
{
	struct sockaddr_storage ss;
	socklen_t len, el = sizeof(int);
	int fd = wk->pfd[i].fd, e = 0, st;
	uint64_t probe = wk->slot[i].probe;

	if (wk->slot[i].udp)
		return udp_done(wk, i);
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) == -1)
		e = errno;
	st = classify(e);
	if (st == P_OPEN && e == 0) {
		probe_addr(wk->cfg, probe, &ss, &len);
		if (scan_self_connected(fd, (struct sockaddr *)&ss)) {
			st = P_CLOSED;
			e = ECONNREFUSED;
		} else if (wk->cfg->banner)
			return banner_begin(wk, i, now);
	}
	switch (st) {
	case P_OPEN:
		close_abort(fd, probe);
		return sink_result(wk->sink, probe, SCAN_OPEN, 0, NULL, 0);
	case P_CLOSED:
	case P_FILTERED:
		/* a self-connect is connected: reset it too */
		close_abort(fd, probe);
		return sink_result(wk->sink, probe, st, e, NULL, 0);
	case P_RESOURCE:
		probe_close(fd, probe);
		wk->res_errno = e;
		if (rq_push(wk, probe, wk->slot[i].tries) == -1)
			return worker_fail(wk, "retry queue", ENOMEM);
		return 0;
	default:
		probe_close(fd, probe);
		return worker_fail(wk, "connect", e);
	}
}

/* Slot i got no answer in time: send it again, or call it filtered. */
static int
timed_out(struct worker *wk, int i)
{
	struct sink *sk = wk->sink;
	int tries = wk->slot[i].tries;

	probe_close(wk->pfd[i].fd, wk->slot[i].probe);
	if (tries < wk->cfg->retries) {
		if (rq_push(wk, wk->slot[i].probe, tries + 1) == -1)
			return worker_fail(wk, "retry queue", ENOMEM);
		if (sk->st != NULL)
			sk->st->retried++;
		else
			sk->retried++;
		return 0;
	}
	/* UDP: no reply and no ICMP error, every time */
	return sink_result(sk, wk->slot[i].probe, wk->slot[i].udp ?
	    SCAN_OPENFILTERED : SCAN_FILTERED, ETIMEDOUT, NULL, 0);
}

/* Start up to BATCH probes.  Returns 0, or -1 on a fatal error. */
static int
launch(struct worker *wk, int64_t now, int *starved, int64_t *rate_wait)
{
	uint64_t probe, allowed;
	int i, fd, e = 0, tries, st;
	char reply[SCAN_BANNER_MAX];
	size_t rlen;

	*rate_wait = -1;
	for (i = 0; i < BATCH && wk->n < wk->win && have_work(wk); i++) {
		if (wk->rate > 0) {
			allowed = (uint64_t)((double)(now - wk->t0) *
			    wk->rate / 1000.0) + 1;
			if (wk->started >= allowed) {
				*rate_wait = (int64_t)((double)wk->started *
				    1000.0 / wk->rate) - (now - wk->t0);
				if (*rate_wait < 1)
					*rate_wait = 1;
				break;
			}
		}
		probe = take_probe(wk, &tries);
		st = probe_start(wk, probe, &fd, &e, reply, &rlen);
		switch (st) {
		case P_PENDING:
			slot_add(wk, fd, probe, tries, 0, now);
			break;
		case P_OPEN:
			if (probe_proto(wk->cfg, probe) == SCAN_UDP) {
				if (sink_result(wk->sink, probe, SCAN_OPEN, 0,
				    reply, wk->cfg->banner ? rlen : 0) == -1)
					return -1;
			} else if (got_open(wk, fd, probe, tries, now) == -1)
				return -1;
			break;
		case P_CLOSED:
		case P_FILTERED:
			if (sink_result(wk->sink, probe, st, e, NULL, 0) == -1)
				return -1;
			break;
		case P_RESOURCE:
			/* give it back and wait for a slot to free */
			wk->res_errno = e;
			if (rq_push(wk, probe, tries) == -1)
				return worker_fail(wk, "retry queue", ENOMEM);
			if (wk->n > 0)
				wk->win = wk->n;
			*starved = 1;
			return 0;
		default:
			errno = e;	/* probe_start has said why */
			return -1;
		}
		wk->started++;
		*starved = 0;
		if (wk->win < wk->win_max)
			wk->win++;
	}
	return 0;
}

static int
stop_requested(const struct scan_config *cfg)
{
	return worker_stop != 0 || (cfg->stop != NULL && *cfg->stop != 0);
}

/* Close what is in flight; a connected socket (a banner) with a reset. */
static void
slots_drop(struct worker *wk)
{
	int i;

	for (i = 0; i < wk->n; i++) {
		close_abort(wk->pfd[i].fd, wk->slot[i].probe);
		free(wk->slot[i].bbuf);
		wk->slot[i].bbuf = NULL;
	}
	wk->n = 0;
}

/* How long may poll wait? */
static int64_t
poll_timeout(const struct worker *wk, int starved, int64_t rate_wait,
    int64_t now)
{
	const struct scan_config *cfg = wk->cfg;
	const struct sink *sk = wk->sink;
	int64_t timeout, d;
	int i;

	if (!starved && rate_wait < 0 && wk->n < wk->win && have_work(wk))
		return 0;
	timeout = starved ? RESOURCE_WAIT_MS : -1;
	if (rate_wait >= 0 && (timeout < 0 || rate_wait < timeout))
		timeout = rate_wait;
	for (i = 0; i < wk->n; i++) {
		d = wk->slot[i].deadline - now;
		if (d < 0)
			d = 0;
		if (timeout < 0 || d < timeout)
			timeout = d;
	}
	if (sk->fd != -1 && (sk->len > 0 || sk->closed > 0) &&
	    (timeout < 0 || timeout > FLUSH_MS))
		timeout = FLUSH_MS;
	if (sk->fd == -1 && cfg->progress_ms > 0 && (timeout < 0 ||
	    timeout > cfg->progress_ms))
		timeout = cfg->progress_ms;
	/* a signal just before poll must not wait for a deadline */
	if ((cfg->stop != NULL || sk->fd != -1) && (timeout < 0 ||
	    timeout > STOP_MS))
		timeout = STOP_MS;
	return timeout;
}

/*
 * Slot i after a poll (rev its revents): settle it if it answered or its
 * time is up.  Returns 1 while it stays, 0 when it is done, -1 on a fatal
 * error; at 0 and -1 its socket is closed (or in the UDP pool).
 */
static int
slot_settle(struct worker *wk, int i, short rev, int64_t now)
{
	int keep;

	if (wk->slot[i].banner != S_CONNECT) {
		if (rev != 0 && wk->slot[i].banner == S_SEND)
			keep = probe_send(wk, i);
		else if (rev != 0)
			keep = banner_read(wk, i);
		else
			keep = 1;
		if (keep == 1 && wk->slot[i].deadline <= now)
			keep = banner_done(wk, i);
		return keep;
	}
	if (rev != 0)
		return pending_done(wk, i, now);
	if (wk->slot[i].deadline <= now)
		/* no answer: poll has just said so */
		return timed_out(wk, i);
	return 1;
}

static int
worker_run(struct worker *wk)
{
	const struct scan_config *cfg = wk->cfg;
	struct sink *sk = wk->sink;
	int64_t now, timeout, rate_wait;
	int i, j, r, keep, starved = 0, starved_tries = 0;

	wk->t0 = now = mono_ms();
	for (;;) {
		if (stop_requested(cfg)) {
			/* what was found stands; the rest is dropped */
			slots_drop(wk);
			break;
		}
		if (launch(wk, now, &starved, &rate_wait) == -1)
			return -1;
		if (starved && wk->n == 0) {
			if (++starved_tries > RESOURCE_TRIES)
				return worker_fail(wk, "out of local resources",
				    wk->res_errno != 0 ? wk->res_errno :
				    EADDRNOTAVAIL);
		} else if (!starved)
			starved_tries = 0;
		if (wk->n == 0 && !have_work(wk))
			break;

		timeout = poll_timeout(wk, starved, rate_wait, now);
		if (wk->n == 0 && timeout == 0)
			goto tick;

		r = poll(wk->pfd, (nfds_t)wk->n, (int)timeout);
		if (r == -1 && errno != EINTR && errno != EAGAIN) {
			snprintf(wk->err, SK_ERRLEN, "poll: %s",
			    strerror(errno));
			return -1;
		}
		now = mono_ms();
		/* settle what answered or expired; keep the rest in order */
		for (i = 0, j = 0; i < wk->n; i++) {
			keep = slot_settle(wk, i, r > 0 ? wk->pfd[i].revents :
			    0, now);
			if (keep == -1) {
				/*
				 * Slot i is closed; keep the rest, so that
				 * worker_free closes each socket once.
				 */
				for (i++; i < wk->n; i++, j++) {
					wk->pfd[j] = wk->pfd[i];
					wk->slot[j] = wk->slot[i];
				}
				wk->n = j;
				return -1;
			}
			if (keep) {
				wk->pfd[j] = wk->pfd[i];
				wk->slot[j] = wk->slot[i];
				j++;
			}
		}
		wk->n = j;
tick:
		now = mono_ms();
		if (sk->fd != -1 && now - sk->last_flush >= FLUSH_MS &&
		    sink_flush(sk) == -1)
			return -1;
		if (sk->fd == -1 && cfg->progress_ms > 0 &&
		    cfg->on_progress != NULL &&
		    now - sk->last_progress >= cfg->progress_ms) {
			sk->last_progress = now;
			cfg->on_progress(sk->st, cfg->arg);
		}
	}
	return sink_flush(sk);
}

static void
worker_free(struct worker *wk)
{
	slots_drop(wk);
	pool_drop(wk);
	free(wk->pfd);
	free(wk->slot);
	free(wk->rq);
}

static int
worker_init(struct worker *wk, const struct scan_config *cfg,
    struct sink *sk, uint64_t shard_total, int w, int nworkers, int win,
    char *err)
{
	memset(wk, 0, sizeof(*wk));
	wk->cfg = cfg;
	wk->sink = sk;
	wk->shard_total = shard_total;
	wk->next = (uint64_t)w;
	wk->step = (uint64_t)nworkers;
	wk->win = wk->win_max = win;
	wk->rate = cfg->rate / nworkers;
	wk->err = err;
	wk->pfd = calloc((size_t)win, sizeof(*wk->pfd));
	wk->slot = calloc((size_t)win, sizeof(*wk->slot));
	if (wk->pfd == NULL || wk->slot == NULL) {
		worker_free(wk);
		snprintf(err, SK_ERRLEN, "%s", strerror(ENOMEM));
		return -1;
	}
	return 0;
}

static void
worker_on_term(int sig)
{
	(void)sig;
	worker_stop = 1;
}

/*
 * A worker stops when the parent says so (SIGTERM), never on its own: a
 * Ctrl-C reaches the whole process group, and a worker that died there
 * could cut a record in half.  SIGINT and SIGTERM are blocked from
 * before the fork until these are in place; mask puts the old mask back.
 */
static void
worker_signals(const sigset_t *mask)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_IGN;
	(void)sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = worker_on_term;
	sa.sa_flags = SA_RESTART;
	(void)sigaction(SIGTERM, &sa, NULL);
	(void)sigprocmask(SIG_SETMASK, mask, NULL);
}

/*
 * A forked worker: scan, report through fd, never return.  It ends with
 * _exit, the core's one exception to "never exits" (see server.h).
 */
static void
worker_child(const struct scan_config *cfg, uint64_t shard_total, int w,
    int nworkers, int win, int fd)
{
	static struct sink sk;
	struct worker wk;
	struct rec h;
	char err[SK_ERRLEN];
	size_t n;
	int e;

	memset(&sk, 0, sizeof(sk));
	sk.cfg = cfg;
	sk.fd = fd;
	sk.last_flush = mono_ms();
	err[0] = '\0';
	if (worker_init(&wk, cfg, &sk, shard_total, w, nworkers, win,
	    err) == 0) {
		if (worker_run(&wk) == 0)
			_exit(0);
		worker_free(&wk);
	}
	/* tell the parent why, after what was already found */
	e = errno;
	(void)sink_flush(&sk);
	sk.len = 0;
	memset(&h, 0, sizeof(h));
	h.state = REC_FATAL;
	h.error = e;
	n = strlen(err);
	h.len = (uint32_t)n;
	memcpy(sk.buf, &h, sizeof(h));
	memcpy(sk.buf + sizeof(h), err, n);
	(void)io_write_all(fd, sk.buf, sizeof(h) + n);
	_exit(1);
}

/* A worker process, as the parent reads it. */
struct wproc {
	pid_t	pid;
	int	fd;
	char	*buf;
	size_t	len;
};

/* Handle the complete records in c's buffer. */
static int
parent_records(const struct scan_config *cfg, struct scan_stats *st,
    struct wproc *c, char *err)
{
	struct scan_result r;
	struct rec h;
	size_t off = 0;

	while (c->len - off >= sizeof(h)) {
		memcpy(&h, c->buf + off, sizeof(h));
		if (h.len > SCAN_BANNER_MAX || c->len - off - sizeof(h) < h.len)
			break;
		if (h.state == REC_FATAL) {
			snprintf(err, SK_ERRLEN, "%.*s", (int)h.len,
			    c->buf + off + sizeof(h));
			errno = h.error;
			return -1;
		}
		if (h.state == REC_COUNTS) {
			st->closed += h.probe;
			st->done += h.probe;
			st->retried += (uint64_t)h.error;
		} else {
			r.probe = h.probe;
			r.state = h.state;
			r.error = h.error;
			r.banner_len = h.len;
			memcpy(r.banner, c->buf + off + sizeof(h), h.len);
			stats_count(st, r.state);
			if (cfg->on_result != NULL)
				cfg->on_result(&r, cfg->arg);
		}
		off += sizeof(h) + h.len;
	}
	memmove(c->buf, c->buf + off, c->len - off);
	c->len -= off;
	return 0;
}

#define CHILD_BUF	(65536 + sizeof(struct rec) + SCAN_BANNER_MAX)

/*
 * Fork the workers, SIGINT and SIGTERM blocked until each has its own
 * handlers.  Returns how many run, or -1 with err filled and errno set;
 * those started are in ch either way, to be reaped.
 */
static int
workers_start(const struct scan_config *cfg, struct wproc *ch,
    uint64_t shard_total, int nworkers, int win, char *err)
{
	sigset_t block, omask;
	int i, j, p[2], live = 0, save_errno = 0;

	fflush(stdout);
	fflush(stderr);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	(void)sigprocmask(SIG_BLOCK, &block, &omask);
	for (i = 0; i < nworkers; i++) {
		if ((ch[i].buf = malloc(CHILD_BUF)) == NULL || pipe(p) == -1) {
			save_errno = errno ? errno : ENOMEM;
			snprintf(err, SK_ERRLEN, "%s", strerror(save_errno));
			break;
		}
		if ((ch[i].pid = fork()) == -1) {
			save_errno = errno;
			snprintf(err, SK_ERRLEN, "fork: %s",
			    strerror(save_errno));
			close(p[0]);
			close(p[1]);
			break;
		}
		if (ch[i].pid == 0) {
#ifdef __linux__
			(void)prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
			worker_signals(&omask);
			close(p[0]);
			for (j = 0; j < i; j++)
				close(ch[j].fd);
			worker_child(cfg, shard_total, i, nworkers,
			    win / nworkers + (i < win % nworkers), p[1]);
		}
		close(p[1]);
		ch[i].fd = p[0];
		live++;
	}
	(void)sigprocmask(SIG_SETMASK, &omask, NULL);
	errno = save_errno;
	return save_errno != 0 ? -1 : live;
}

/* Reap every worker; once one has failed, stop the others first. */
static int
workers_reap(struct wproc *ch, int nworkers, int failed, char *err)
{
	int i, status;

	for (i = 0; i < nworkers; i++) {
		if (ch[i].fd != -1)
			close(ch[i].fd);
		if (ch[i].pid > 0) {
			if (failed)
				(void)kill(ch[i].pid, SIGTERM);
			while (waitpid(ch[i].pid, &status, 0) == -1 &&
			    errno == EINTR)
				;
			if (!failed && !(WIFEXITED(status) &&
			    WEXITSTATUS(status) == 0)) {
				snprintf(err, SK_ERRLEN, "worker %d failed", i);
				failed = 1;
			}
		}
		free(ch[i].buf);
	}
	return failed ? -1 : 0;
}

/*
 * Read what a readable worker sent.  Returns 1 while it has more to say,
 * 0 at its end, -1 on a broken or fatal record (err filled, errno set).
 */
static int
worker_read(const struct scan_config *cfg, struct scan_stats *st,
    struct wproc *c, char *err)
{
	ssize_t r;

	r = read(c->fd, c->buf + c->len, CHILD_BUF - c->len);
	if (r == -1 && (errno == EINTR || errno == EAGAIN))
		return 1;
	if (r <= 0) {
		close(c->fd);
		c->fd = -1;
		if (c->len != 0) {
			snprintf(err, SK_ERRLEN, "worker sent a truncated "
			    "record");
			errno = EIO;
			return -1;
		}
		return 0;
	}
	c->len += (size_t)r;
	return parent_records(cfg, st, c, err) == -1 ? -1 : 1;
}

/* Tell every worker to stop: each sends what it has found and exits. */
static void
workers_stop(const struct wproc *ch, int nworkers)
{
	int i;

	for (i = 0; i < nworkers; i++)
		if (ch[i].pid > 0)
			(void)kill(ch[i].pid, SIGTERM);
}

/* Fork the workers and merge what they find. */
static int
scan_parallel(const struct scan_config *cfg, struct scan_stats *st,
    uint64_t shard_total, int nworkers, int win, char *err)
{
	struct wproc ch[MAX_WORKERS];
	struct pollfd pfd[MAX_WORKERS];
	int i, j, live, failed = 0, np, save_errno = 0, stopping = 0, wait_ms;
	int64_t last = mono_ms(), now;

	if (stop_requested(cfg)) {
		st->stopped = 1;
		return 0;
	}
	memset(ch, 0, sizeof(ch));
	for (i = 0; i < MAX_WORKERS; i++)
		ch[i].fd = -1;
	if ((live = workers_start(cfg, ch, shard_total, nworkers, win,
	    err)) == -1) {
		save_errno = errno;
		failed = 1;
	}
	wait_ms = cfg->progress_ms > 0 ? cfg->progress_ms : -1;
	if (cfg->stop != NULL && (wait_ms < 0 || wait_ms > STOP_MS))
		wait_ms = STOP_MS;
	while (live > 0 && !failed) {
		if (!stopping && stop_requested(cfg)) {
			/* read on to each one's end: what it found stands */
			stopping = 1;
			workers_stop(ch, nworkers);
		}
		for (i = 0, np = 0; i < nworkers; i++) {
			if (ch[i].fd == -1)
				continue;
			pfd[np].fd = ch[i].fd;
			pfd[np].events = POLLIN;
			np++;
		}
		if (poll(pfd, (nfds_t)np, wait_ms) == -1 && errno != EINTR) {
			save_errno = errno;
			snprintf(err, SK_ERRLEN, "poll: %s", strerror(errno));
			failed = 1;
			break;
		}
		for (i = 0, j = 0; i < nworkers && !failed; i++) {
			if (ch[i].fd == -1 || pfd[j++].revents == 0)
				continue;
			switch (worker_read(cfg, st, &ch[i], err)) {
			case -1:
				save_errno = errno;
				failed = 1;
				break;
			case 0:
				live--;
				break;
			}
		}
		now = mono_ms();
		if (cfg->progress_ms > 0 && cfg->on_progress != NULL &&
		    now - last >= cfg->progress_ms) {
			last = now;
			cfg->on_progress(st, cfg->arg);
		}
	}

	if (workers_reap(ch, nworkers, failed, err) == -1 && !failed) {
		save_errno = EIO;
		failed = 1;
	}
	st->stopped = stopping && st->done != shard_total;
	if (!failed && !stopping && st->done != shard_total) {
		snprintf(err, SK_ERRLEN, "workers reported %llu of %llu "
		    "probes", (unsigned long long)st->done,
		    (unsigned long long)shard_total);
		save_errno = EIO;
		failed = 1;
	}
	errno = save_errno;
	return failed ? -1 : 0;
}

/*
 * Run the scan described by cfg, filling st.  Returns 0 when every probe
 * has a state, or -1 with err filled (and errno set) when the scan could
 * not go on; the results reported until then stand.
 */
int
scan_run(const struct scan_config *cfg, struct scan_stats *st, char *err)
{
	static struct sink sk;
	struct worker wk;
	uint64_t total, shard_total;
	int win, nworkers;
	long ncpu;

	memset(st, 0, sizeof(*st));
	err[0] = '\0';
	if (cfg->nports == 0 || cfg->naddrs == 0 || cfg->shard_n == 0 ||
	    cfg->shard_i >= cfg->shard_n) {
		snprintf(err, SK_ERRLEN, "nothing to scan");
		errno = EINVAL;
		return -1;
	}
	total = probe_total(cfg);
	shard_total = total > cfg->shard_i ?
	    (total - cfg->shard_i + cfg->shard_n - 1) / cfg->shard_n : 0;
	st->total = shard_total;
	if (shard_total == 0)
		return 0;

	/* a window the caller chose was sized by scan_fd_window already */
	win = cfg->window > 0 ? cfg->window : scan_fd_window(0, NULL);
	if ((uint64_t)win > shard_total)
		win = (int)shard_total;
	nworkers = cfg->workers;
	if (nworkers <= 0) {
		ncpu = sysconf(_SC_NPROCESSORS_ONLN);
		nworkers = ncpu > 1 ? (int)ncpu : 1;
		/* a fork pays off on big scans, and --rate wants one clock */
		if (cfg->rate > 0 || shard_total < MIN_PER_WORKER * 2)
			nworkers = 1;
		else if ((uint64_t)nworkers > shard_total / MIN_PER_WORKER)
			nworkers = (int)(shard_total / MIN_PER_WORKER);
	}
	if (nworkers > MAX_WORKERS)
		nworkers = MAX_WORKERS;
	if (nworkers > win)
		nworkers = win;
	if (nworkers < 1)
		nworkers = 1;
	st->window = win;
	st->workers = nworkers;
	if (nworkers > 1)
		return scan_parallel(cfg, st, shard_total, nworkers, win, err);

	memset(&sk, 0, sizeof(sk));
	sk.cfg = cfg;
	sk.st = st;
	sk.fd = -1;
	sk.last_flush = sk.last_progress = mono_ms();
	if (worker_init(&wk, cfg, &sk, shard_total, 0, 1, win, err) == -1)
		return -1;
	if (worker_run(&wk) == -1) {
		int save_errno = errno;

		worker_free(&wk);
		errno = save_errno;
		return -1;
	}
	worker_free(&wk);
	st->stopped = st->done != shard_total;
	return 0;
}
