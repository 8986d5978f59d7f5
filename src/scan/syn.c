/*
 * scan/syn.c: the SYN scan (-sS), a probe kind of the one engine: a
 * probe is a SYN sent through a raw socket (net/rawsock.c) instead of a
 * connect, its slot in the window the same (its host's timing, window,
 * retries and pace, the rate, the workers), with no descriptor of its
 * own: the raw sockets are polled beside the window, and each answer
 * their filters let through is parsed (parse/synpkt.c) and counts only
 * when it carries back the cookie of its four-tuple (a SYN-ACK or reset
 * acknowledging it + 1, an ICMP error quoting it).  A SYN-ACK says open,
 * a reset closed, an ICMP unreachable filtered; silence is filtered
 * once the host's losses give no more tries.  The kernel, which has no
 * socket for the SYN-ACK, answers it with a reset, so no connection is
 * ever made and nothing fills the server's accept queue.  Host discovery
 * (discover.c) sends its ACK, echo and timestamp requests the same way
 * (scan_config.kinds): a reset, an echo or a timestamp reply says up.
 *
 * What a worker holds is the window's probes by their cookie, so that
 * an answer finds its slot: memory is the window's, never the scan's.
 */
#ifdef __linux__
#define _GNU_SOURCE		/* recvmmsg, getrandom */
#endif
#include <sys/types.h>
#include <sys/socket.h>
#ifdef __linux__
#include <sys/random.h>
#endif
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/rawsock.h"
#include "net/route4.h"
#include "parse/hostmap.h"
#include "parse/synpkt.h"
#include "scan/scan.h"
#include "scan/scan_int.h"
#include "scan/verdict.h"
#include "util/clock.h"

#define RX_BATCH	64	/* answers read by one recvmmsg */
#define RX_MAX		4096	/* answers read between two polls */
#define RX_LEN		256	/* bytes of an answer kept: its headers */
#define SRC_CACHE	256	/* IPv4 sources kept, by address */
#define SRC_BLOCKS	4	/* and by route: blocks of addresses */
/* an address routed by the tables alone: not 0/8, 127/8 or 224/3, which
 * the kernel treats apart (loopback, EINVAL, broadcast, multicast) */
#define ROUTED4(a)	((a) >> 24 != 0 && (a) >> 24 != 127 && (a) < 0xe0000000u)
#define TX_BATCH	256	/* SYNs sent by one sendmmsg */
#define SLACK_MS	10	/* silences settled in batches this late, */
#define SLACK_DIV	32	/* or a 32nd of the first one's limit */

/* A probe in the window, by its cookie: what its answer said. */
struct syn_pend {
	uint64_t	probe;
	int32_t		state;		/* 0 until an answer came */
	int32_t		error;
};

struct synx {
	struct rawsock	 rs;
	uint8_t		 key[16];
	uint16_t	 lport;
	struct hostmap	 pend;		/* cookie -> struct syn_pend */
	int		 route;		/* for raw_source's route lookups */
	int		 have4;		/* 2: -s's for every address */
	uint8_t		 src4[4];
	uint32_t	 dst4[SRC_CACHE];	/* the last addresses looked up */
	uint32_t	 srcv4[SRC_CACHE];	/* and their sources */
	uint8_t		 used4[SRC_CACHE];
	struct route4	 rt;		/* which addresses share a route */
	uint32_t	 bnet[SRC_BLOCKS];	/* blocks: host order */
	uint32_t	 bmask[SRC_BLOCKS];
	uint32_t	 bsrc[SRC_BLOCKS];	/* their sources */
	unsigned	 nblk;
	unsigned	 gen;		/* the routes' generation: 1, 2... */
	uint8_t		 rx[RX_BATCH][RX_LEN];
	/* the SYNs not sent yet, all to one raw socket */
	int		 txfd;
	int		 ntx;
	uint8_t		 tx[TX_BATCH][SYNPKT_MAX_LEN];
	size_t		 txn[TX_BATCH];	/* their lengths */
	struct sockaddr_storage txa[TX_BATCH];
	socklen_t	 txl[TX_BATCH];
	uint64_t	 txk[TX_BATCH];	/* their cookies */
	int		 fresh;		/* an answer since syn_fresh (1 or 0) */
	size_t		 nans;		/* settled, not yet taken */
};

/* A cookie as a map key: the map takes every key but the top one. */
static uint64_t
pend_key(uint64_t h)
{
	return h == UINT64_MAX ? 0 : h;
}

static void
random_key(uint8_t key[16], uint64_t seed)
{
	size_t got = 0;
	ssize_t r;
	int fd, i;

#ifdef __linux__
	while (got < 16 && (r = getrandom(key + got, 16 - got, 0)) > 0)
		got += (size_t)r;
#endif
	if (got < 16 && (fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) !=
	    -1) {
		while (got < 16 && (r = read(fd, key + got, 16 - got)) > 0)
			got += (size_t)r;
		(void)close(fd);
	}
	/* no randomness at all: the clock's seed still varies by scan */
	for (i = 0; got < 16 && i < 16; i++)
		key[i] ^= (uint8_t)(seed >> (i % 8 * 8)) ^ (uint8_t)i;
}

/*
 * The raw sockets of worker w, bound to -s's addresses, its source port
 * and its key.  Returns 0, or -1 with errno (EPERM: no CAP_NET_RAW).
 */
int
syn_init(struct worker *wk, int w)
{
	const struct scan_config *cfg = wk->cfg;
	struct synx *sx;
	int save_errno;

	if ((sx = calloc(1, sizeof(*sx))) == NULL)
		return -1;
	sx->lport = (uint16_t)(cfg->syn_port + w);
	sx->route = -1;
	sx->rt.nl = -1;
	sx->gen = 1;
	random_key(sx->key, cfg->seed + (uint64_t)w);
	hostmap_init(&sx->pend, sizeof(struct syn_pend));
	if (raw_open(&sx->rs, 1, 1, sx->lport) == -1 && (errno !=
	    EAFNOSUPPORT || raw_open(&sx->rs, 1, 0, sx->lport) == -1))
		goto fail;
	if ((cfg->src4 != NULL && bind(sx->rs.fd[RAW_TCP4],
	    (const struct sockaddr *)&cfg->src4->ss, cfg->src4->len) == -1) ||
	    (cfg->src6 != NULL && sx->rs.fd[RAW_TCP6] != -1 &&
	    bind(sx->rs.fd[RAW_TCP6], (const struct sockaddr *)&cfg->src6->ss,
	    cfg->src6->len) == -1))
		goto fail;
	if (cfg->src4 != NULL) {
		memcpy(sx->src4, &((const struct sockaddr_in *)
		    &cfg->src4->ss)->sin_addr, 4);
		sx->have4 = 2;	/* for every address */
	}
	wk->syn = sx;
	return 0;
fail:
	save_errno = errno;
	raw_close(&sx->rs);
	free(sx);
	errno = save_errno;
	return -1;
}

void
syn_free(struct worker *wk)
{
	if (wk->syn == NULL)
		return;
	raw_close(&wk->syn->rs);
	if (wk->syn->route != -1)
		(void)close(wk->syn->route);
	route4_free(&wk->syn->rt);
	hostmap_free(&wk->syn->pend);
	free(wk->syn);
	wk->syn = NULL;
}

/*
 * Our IPv4 source toward dst into sx->src4, for the checksum: the
 * route's, as the kernel will put it in the IP header (a local route
 * may give each address itself), looked up once a block of addresses
 * that share a route (net/route4.c: a /16 routed one way is one lookup,
 * until the routes change), else once a host (h, its peer: a retry a
 * second later finds it there, where a sweep has since put 10^5
 * addresses through the small cache) or while it stays in the cache;
 * all of them forgotten when the kernel tells of a change to its routes
 * (syn_flush asks).  Returns 0, or -1 with errno.
 */
static int
source4(struct synx *sx, struct peer *h, const struct sockaddr_in *dst)
{
	struct sockaddr_storage src;
	uint32_t a = dst->sin_addr.s_addr, ha = ntohl(a);
	size_t i = (size_t)(ha * 2654435761u >> 24) % SRC_CACHE;
	unsigned b;
	int m;

	if (sx->have4 == 2)
		return 0;
	if (h != NULL && h->has_src4 == sx->gen) {
		memcpy(sx->src4, h->src4, 4);
		return 0;
	}
	for (b = 0; ROUTED4(ha) && b < sx->nblk && b < SRC_BLOCKS; b++)
		if (((ha ^ sx->bnet[b]) & sx->bmask[b]) == 0) {
			memcpy(sx->src4, &sx->bsrc[b], 4);
			goto found;
		}
	if (!sx->used4[i] || sx->dst4[i] != a) {
		if (raw_source(&sx->route, (const struct sockaddr *)dst,
		    sizeof(*dst), &src) == -1)
			return -1;
		sx->dst4[i] = a;
		memcpy(&sx->srcv4[i], &((struct sockaddr_in *)&src)->sin_addr,
		    4);
		sx->used4[i] = 1;
		if (ROUTED4(ha) && (m = route4_len(&sx->rt, ha)) < 32) {
			b = sx->nblk++ % SRC_BLOCKS;
			sx->bmask[b] = m == 0 ? 0 : ~0u << (32 - m);
			sx->bnet[b] = ha & sx->bmask[b];
			sx->bsrc[b] = sx->srcv4[i];
		}
	}
	memcpy(sx->src4, &sx->srcv4[i], 4);
found:
	if (h != NULL) {
		memcpy(h->src4, sx->src4, 4);
		h->has_src4 = sx->gen;
	}
	return 0;
}

/*
 * Probe's packet into pkt (its length into *n), its cookie into *h: a
 * SYN, or host discovery's ACK, echo or timestamp request (kinds); to
 * ss, from sx->src4 for IPv4.  Returns the raw socket to send it through,
 * or -1 with errno (EAFNOSUPPORT: none for its family or kind).
 */
static int
syn_packet(struct worker *wk, uint64_t probe, struct sockaddr_storage *ss,
    uint8_t *pkt, size_t *n, uint64_t *h)
{
	struct synx *sx = wk->syn;
	uint16_t rport = wk->cfg->ports[probe % wk->cfg->nports];
	int kind = scan_probe_kind(wk->cfg, probe);
	int v4 = ss->ss_family == AF_INET, fd;
	uint8_t *a, *s4 = v4 ? sx->src4 : NULL;

	if (v4) {
		((struct sockaddr_in *)ss)->sin_port = 0;
		a = (uint8_t *)&((struct sockaddr_in *)ss)->sin_addr;
	} else {
		((struct sockaddr_in6 *)ss)->sin6_port = 0;
		a = (uint8_t *)&((struct sockaddr_in6 *)ss)->sin6_addr;
	}
	*h = synpkt_cookie(sx->key, v4 ? 4 : 6, a, rport, sx->lport, kind);
	*n = kind == SCAN_K_PORT ? SYNPKT_TCP_LEN : kind == SCAN_K_ACK ?
	    SYNPKT_ACK_LEN : kind == SCAN_K_ECHO ? SYNPKT_ECHO_LEN :
	    SYNPKT_TSTAMP_LEN;
	if (kind == SCAN_K_PORT)
		synpkt_syn(pkt, sx->lport, rport, (uint32_t)*h, s4, a);
	else if (kind == SCAN_K_ACK)
		synpkt_ack(pkt, sx->lport, rport, (uint32_t)*h, s4, a);
	else if (kind == SCAN_K_ECHO)
		synpkt_echo(pkt, v4 ? 4 : 6, sx->lport, (uint32_t)*h);
	else
		synpkt_tstamp(pkt, sx->lport, (uint32_t)*h);
	/* ICMPv6 has no timestamp request */
	fd = kind == SCAN_K_TSTAMP && !v4 ? -1 : sx->rs.fd[kind >=
	    SCAN_K_ECHO ? (v4 ? RAW_ICMP4 : RAW_ICMP6) : (v4 ? RAW_TCP4 :
	    RAW_TCP6)];
	if (fd == -1)
		errno = EAFNOSUPPORT;
	return fd;
}

/*
 * Send probe's SYN (or discovery's probe, syn_packet's).  Returns
 * P_PENDING (its cookie in *key), or what a send error says: P_FILTERED
 * (a local firewall, no route), P_RESOURCE, P_FATAL (wk->err says why);
 * *errp the errno.  The stateless sweep (sweep.c) keeps no cookie: the
 * batch carries its probe instead, for a refusal to settle.
 */
int
syn_start(struct worker *wk, uint64_t probe, int *errp, uint64_t *key)
{
	struct synx *sx = wk->syn;
	struct sockaddr_storage ss;
	struct syn_pend *p;
	uint8_t pkt[SYNPKT_MAX_LEN];
	socklen_t len;
	size_t n;
	uint64_t h;
	int fd, st;

	probe_addr(wk->cfg, probe, &ss, &len);
	if (ss.ss_family == AF_INET && source4(sx, wk->sending < wk->pr.cap ?
	    &wk->pr.v[wk->sending] : NULL, (struct sockaddr_in *)&ss) == -1) {
		*errp = errno;
		return scan_verdict(SCAN_TCP, errno) == P_FATAL ? P_FILTERED :
		    scan_verdict(SCAN_TCP, errno);
	}
	if ((fd = syn_packet(wk, probe, &ss, pkt, &n, &h)) == -1) {
		*errp = errno;
		return P_FILTERED;
	}
	/* into the batch: syn_flush sends it, before the next poll */
	if ((sx->ntx > 0 && sx->txfd != fd) || sx->ntx == TX_BATCH) {
		if ((st = syn_flush(wk)) != 0) {
			*errp = errno;
			return st == -1 ? P_FATAL : P_RESOURCE;
		}
	}
	if (wk->sweep != NULL)
		h = probe;
	else if ((p = hostmap_put(&sx->pend, pend_key(h))) == NULL) {
		*errp = ENOMEM;
		return P_RESOURCE;
	} else {
		p->probe = probe;
		p->state = 0;
		h = pend_key(h);
	}
	sx->txfd = fd;
	sx->txn[sx->ntx] = n;
	memcpy(sx->tx[sx->ntx], pkt, n);
	memcpy(&sx->txa[sx->ntx], &ss, len);
	sx->txl[sx->ntx] = len;
	sx->txk[sx->ntx++] = *key = h;
	*errp = 0;
	return P_PENDING;
}

/*
 * Send the batch with sendmmsg.  A SYN the kernel refuses (a local
 * firewall, no route: errno e) has its probe settled as e says, as an
 * answer would; one it has no room for waits for the next flush.
 * Returns 0, 1 when SYNs are left for lack of room (errno says why), or
 * -1 on a fatal error.
 */
int
syn_flush(struct worker *wk)
{
	struct synx *sx = wk->syn;
	struct mmsghdr mm[TX_BATCH];
	struct iovec iov[TX_BATCH];
	struct syn_pend *p;
	int i, r, done = 0, st, e;

	/*
	 * The routes changed: the sources found before are forgotten, so
	 * that a SYN of this batch summed with a stale one has a retry
	 * summed with the new one (each retry is built after this).
	 */
	if (sx != NULL && sx->ntx > 0 && route4_changed(&sx->rt)) {
		sx->gen++;	/* each host's source too */
		sx->nblk = 0;
		memset(sx->used4, 0, sizeof(sx->used4));
	}
	while (sx != NULL && done < sx->ntx) {
		memset(mm, 0, sizeof(mm[0]) * (size_t)(sx->ntx - done));
		for (i = done; i < sx->ntx; i++) {
			iov[i - done].iov_base = sx->tx[i];
			iov[i - done].iov_len = sx->txn[i];
			mm[i - done].msg_hdr.msg_iov = &iov[i - done];
			mm[i - done].msg_hdr.msg_iovlen = 1;
			mm[i - done].msg_hdr.msg_name = &sx->txa[i];
			mm[i - done].msg_hdr.msg_namelen = sx->txl[i];
		}
		r = sendmmsg(sx->txfd, mm, (unsigned int)(sx->ntx - done), 0);
		if (r > 0) {
			done += r;
			continue;
		}
		if ((e = errno) == EINTR)
			continue;
		if ((st = scan_verdict(SCAN_TCP, e)) == P_RESOURCE) {
			/* the rest waits: what went is off the batch */
			memmove(sx->tx, sx->tx[done], (size_t)(sx->ntx - done) *
			    sizeof(sx->tx[0]));
			memmove(sx->txa, sx->txa + done, (size_t)(sx->ntx -
			    done) * sizeof(sx->txa[0]));
			memmove(sx->txl, sx->txl + done, (size_t)(sx->ntx -
			    done) * sizeof(sx->txl[0]));
			memmove(sx->txn, sx->txn + done, (size_t)(sx->ntx -
			    done) * sizeof(sx->txn[0]));
			memmove(sx->txk, sx->txk + done, (size_t)(sx->ntx -
			    done) * sizeof(sx->txk[0]));
			sx->ntx -= done;
			errno = e;
			return 1;
		}
		if (st == P_FATAL || st == P_OPEN)
			return worker_fail(wk, "sendmmsg", e);
		/* refused here: settled as the errno says, by syn_settle */
		if (wk->sweep != NULL) {
			if (wk->sweep_refused(wk, sx->txk[done], st, e) == -1)
				return -1;
		} else if ((p = hostmap_get(&sx->pend, sx->txk[done])) != NULL &&
		    p->state == 0) {
			p->state = st;
			p->error = e;
			sx->fresh = 1;
			sx->nans++;
		}
		done++;
	}
	if (sx != NULL)
		sx->ntx = 0;
	return 0;
}

/* An ICMP code as the errno a connect would have met (verdict.c). */
static int
unreach_errno(int code)
{
	switch (code) {
	case SYNPKT_U_NET:
		return ENETUNREACH;
	case SYNPKT_U_HOST:
		return EHOSTUNREACH;
	case SYNPKT_U_PROTO:
		return ENOPROTOOPT;
	case SYNPKT_U_PORT:
		return ECONNABORTED;
	default:
		return EACCES;
	}
}

/*
 * One answer read from raw socket kind in: to its probe, if ours (the
 * stateless sweep's: to sweep.c, once its cookie is checked).
 */
static void
syn_answer(struct worker *wk, int in, const uint8_t *b, size_t n,
    const struct sockaddr_in6 *from)
{
	struct synx *sx = wk->syn;
	struct synpkt_ans a;
	struct syn_pend *p = NULL;
	uint64_t h;
	int k, kind, up, st, e;

	k = synpkt_parse(in, b, n, from != NULL ?
	    (const uint8_t *)&from->sin6_addr : NULL, &a);
	if (k == SYNPKT_NONE || a.lport != sx->lport)
		return;
	/* an echo or timestamp reply: its host is up, as a SYN-ACK says;
	 * a reset to an ACK too, as a reset to a SYN does */
	up = k == SYNPKT_SYNACK || k == SYNPKT_ECHO || k == SYNPKT_TSTAMP;
	st = up ? P_OPEN : k == SYNPKT_RST || k == SYNPKT_ACKRST ? P_CLOSED :
	    P_FILTERED;
	e = up ? 0 : st == P_CLOSED ? ECONNREFUSED : unreach_errno(a.code);
	/* the probe it answers; an ICMP error may quote a SYN or an ACK */
	kind = k == SYNPKT_ACKRST ? SYNPKT_P_ACK : k == SYNPKT_ECHO ?
	    SYNPKT_P_ECHO : k == SYNPKT_TSTAMP ? SYNPKT_P_TSTAMP : SYNPKT_P_SYN;
	do {
		h = synpkt_cookie(sx->key, a.family, a.addr, a.rport, a.lport,
		    kind);
		if ((uint32_t)h != a.seq)
			continue;
		if (wk->sweep != NULL) {
			wk->sweep_answer(wk, &a, st, e);
			return;
		}
		p = hostmap_get(&sx->pend, pend_key(h));
	} while (p == NULL && k == SYNPKT_UNREACH && kind++ == SYNPKT_P_SYN);
	/* an answer to no probe of ours, or to one already settled */
	if (p == NULL || p->state != 0)
		return;
	p->state = st;
	p->error = e;
	sx->fresh = 1;
	sx->nans++;
}

/* Did a probe get its answer since the last call?  Returns 1 or 0. */
int
syn_fresh(struct worker *wk)
{
	int f = wk->syn != NULL && wk->syn->fresh > 0;

	if (wk->syn != NULL)
		wk->syn->fresh = 0;
	return f;
}

/*
 * Read what the raw sockets have (up to RX_MAX answers).  Returns 0 when
 * they are drained, 1 when answers may be left (the cap was reached), or
 * -1 on a fatal error.
 */
int
syn_drain(struct worker *wk)
{
	struct synx *sx = wk->syn;
	struct mmsghdr mm[RX_BATCH];
	struct iovec iov[RX_BATCH];
	struct sockaddr_in6 from[RX_BATCH];
	int i, k, n, total = 0, left = 0;

	for (i = 0; i < RAW_N; i++) {
		if (sx->rs.fd[i] == -1)
			continue;
		do {
			memset(mm, 0, sizeof(mm));
			for (k = 0; k < RX_BATCH; k++) {
				iov[k].iov_base = sx->rx[k];
				iov[k].iov_len = RX_LEN;
				mm[k].msg_hdr.msg_iov = &iov[k];
				mm[k].msg_hdr.msg_iovlen = 1;
				mm[k].msg_hdr.msg_name = &from[k];
				mm[k].msg_hdr.msg_namelen = sizeof(from[k]);
			}
			n = recvmmsg(sx->rs.fd[i], mm, RX_BATCH,
			    MSG_DONTWAIT, NULL);
			if (n == -1 && errno != EAGAIN && errno != EINTR &&
			    errno != ENOBUFS && errno != ENOMEM)
				return worker_fail(wk, "recvmmsg", errno);
			for (k = 0; k < n; k++)
				syn_answer(wk, i, sx->rx[k], mm[k].msg_len >
				    RX_LEN ? RX_LEN : mm[k].msg_len, i ==
				    RAW_TCP6 || i == RAW_ICMP6 ? &from[k] : NULL);
			total += n > 0 ? n : 0;
		} while (n == RX_BATCH && total < RX_MAX);
		if (n == RX_BATCH)
			left = 1;
	}
	return left;
}

/* The raw sockets to poll, into pfd (RAW_N at most).  Returns how many. */
int
syn_pollfds(const struct worker *wk, struct pollfd *pfd)
{
	int i, n = 0;

	for (i = 0; wk->syn != NULL && i < RAW_N; i++)
		if (wk->syn->rs.fd[i] != -1) {
			pfd[n].fd = wk->syn->rs.fd[i];
			pfd[n].events = POLLIN;
			pfd[n].revents = 0;
			n++;
		}
	return n;
}

/* Whether SYN slot i's answer has been read (syn_drain). */
int
syn_answered(const struct worker *wk, int i)
{
	const struct syn_pend *p;

	if (wk->syn->nans == 0)
		return 0;
	p = hostmap_get(&wk->syn->pend, wk->slot[i].key);
	return p != NULL && p->state != 0;
}

/*
 * SYN slot i after a poll: settled if its answer came, else silent once
 * its time is up.  Returns 1 while it stays, 0 when done, -1 on a fatal
 * error.
 */
int
syn_settle(struct worker *wk, int i, int64_t now)
{
	struct synx *sx = wk->syn;
	struct syn_pend *p;
	struct take tk;
	int st, e;

	/* no answer waiting for any slot: only the clock can settle it */
	p = sx->nans > 0 ? hostmap_get(&sx->pend, wk->slot[i].key) : NULL;
	if (p != NULL && p->state != 0) {
		st = p->state;
		e = p->error;
		sx->nans--;
		hostmap_del(&sx->pend, wk->slot[i].key);
		slot_take(wk, i, &tk);
		/* a retry's cookie is its first try's: the answer may be to
		 * an earlier try, so it times nothing (Karn's rule) */
		tk.no_rtt = tk.tries > 0;
		peer_answer(wk, &tk, st, 0, 1, mono_us());
		return sink_result(wk->sink, tk.probe, st, e, NULL, 0);
	}
	if (slot_deadline(wk, i) > now)
		return 1;
	/* a late answer finds no probe until the retry is out: the retry
	 * has the same cookie, and its answer no round trip (above) */
	hostmap_del(&sx->pend, wk->slot[i].key);
	return peer_timeout(wk, i, mono_us());
}

/*
 * A window of SYNs alone is walked once a batch of silences is due
 * (wk->due, slot first's): batches of a 32nd of a limit walk a window of
 * 10^5 SYNs 32 times a limit, not once every 10 ms, and make a probe
 * wait at most 3% longer than its limit for its verdict.
 */
void
syn_slack(struct worker *wk, int first)
{
	int64_t d;

	wk->slack = SLACK_MS;
	if (first >= 0 && (d = (wk->due - wk->slot[first].sent_us / 1000) /
	    SLACK_DIV) > wk->slack)
		wk->slack = d;
}

/*
 * settle_pass for a window of SYNs alone (no descriptor, no revents): a
 * slot done takes the last one's place, so that a pass moves the slots
 * it settles, not the 10^5 it keeps behind them (their order means
 * nothing: each has its deadline).  The pass that settles silences
 * finds the next deadline of those it keeps (wk->due) on its way, as
 * due_find would in a second walk.  Returns 0, or -1 on a fatal error.
 */
int
syn_settle_all(struct worker *wk, int answers, int64_t now)
{
	int64_t d, due = INT64_MAX;
	int i = 0, keep, first = -1;

	/* no answer read and waiting: none to settle */
	if (answers != -1 && wk->syn->nans == 0)
		return 0;
	while (i < wk->n) {
		if (answers != -1 && !syn_answered(wk, i)) {
			i++;
			continue;
		}
		if ((keep = syn_settle(wk, i, now)) == 1) {
			if (answers == -1 && (d = slot_deadline(wk, i)) < due) {
				due = d;
				first = i;
			}
			i++;
			continue;
		}
		wk->pfd[i] = wk->pfd[wk->n - 1];
		wk->slot[i] = wk->slot[--wk->n];
		if (keep == -1)
			return -1;
	}
	/* a round trip sampled on the way may have moved those before */
	if (answers == -1 && !wk->retimed) {
		wk->due = due;
		syn_slack(wk, first);
	}
	return 0;
}
