/*
 * scan/sweep.c: the stateless SYN sweep (issue 62, item 5), as masscan
 * and zmap send.  Where a -sS port scan's probes far outnumber what a
 * window holds (SWEEP_MIN probes over SWEEP_HOSTS hosts or more), a
 * worker keeps no slot, no host and no cookie per probe: it sends its
 * places in order at the sweep's rate (rate.c still in charge), and an
 * answer is known ours by its SYN cookie alone (synpkt_cookie encodes
 * the four-tuple under the worker's key), its probe found from its
 * address and port (after host discovery, the address's place among the
 * hosts up).  What a place holds is one byte in a ring indexed by
 * its number in the worker's slice (the tries sent, and whether it is
 * settled), so that memory is the ring's, flat however many probes.
 *
 * Silence is settled by time, in order: the places whose try went a
 * limit ago (the limit and the retries of a host that never answered,
 * scan_timing_dead's, as the stateful path gives a silent host) are
 * walked again, a try sent again to those still unsettled; after the
 * last try they are filtered.  Each try's send times are kept in marks,
 * one for each run of places sent together.  What a user loses against
 * the stateful path: the timing is global, not each host's (a host that
 * answers slowly and drops some gets no more tries than a silent one,
 * its late answers after the last limit are not read), and -v has no
 * per-host timing to report.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "net/rawsock.h"
#include "parse/synpkt.h"
#include "scan/scan.h"
#include "scan/scan_int.h"
#include "util/clock.h"

#define SWEEP_MIN	65536	/* probes that make a sweep */
#define SWEEP_HOSTS	256	/* over at least this many hosts */
#define RING_MAX	(1u << 22)	/* places in flight: 4 MiB of states */
#define MARKS		4096	/* send times kept for each try */
#define LEVELS		4	/* tries a place may have, + 1 */
#define ROUND		1024	/* probes sent between two reads */
#define WAIT_MS		100	/* a stop or a flush is seen this fast */

#define ST_DONE		0x80	/* settled; the low bits: tries sent */

/* Places before j went (their try) by t. */
struct mark {
	uint64_t	j;
	int64_t		t;
};

struct mring {
	struct mark	v[MARKS];
	uint32_t	head, n;
};

struct sweep {
	uint64_t	 base, n;	/* first place (shard order); places */
	uint64_t	 c[LEVELS + 1];	/* c[0]: next to send; c[i]: next
					 * whose try i - 1 is due */
	int		 last;		/* the level that settles */
	int64_t		 limit_us;
	struct mring	 m[LEVELS];	/* try i's send times */
	uint8_t		*st;		/* by place, mod ring */
	uint64_t	 mask;
	uint32_t	*pidx;		/* port -> its index + 1 */
	size_t		 skip;		/* --resume: next of cfg->skip */
	int64_t		 due;		/* next mark's time is up (us) */
	int		 sent;		/* probes sent this round */
	int		 failed;	/* a result could not be sent on */
};

static uint64_t
place_probe(const struct worker *wk, uint64_t j)
{
	const struct scan_config *cfg = wk->cfg;
	uint64_t k = wk->sweep->base + j * wk->step;

	if (cfg->random)
		k = scan_permute(k, wk->shard_total, cfg->seed);
	return k * cfg->shard_n + cfg->shard_i;
}

static void
mark_push(struct mring *r, uint64_t j, int64_t t)
{
	struct mark *m;

	if (r->n > 0 && (m = &r->v[(r->head + r->n - 1) % MARKS])->j == j)
		return;
	/* full: the last one stretched, a later time never too early */
	if (r->n == MARKS)
		m = &r->v[(r->head + r->n - 1) % MARKS];
	else
		m = &r->v[(r->head + r->n++) % MARKS];
	m->j = j;
	m->t = t;
}

/* When place j's try in r went, or -1 once its mark is gone. */
static int64_t
mark_time(const struct mring *r, uint64_t j)
{
	uint32_t lo = 0, hi = r->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r->v[(r->head + mid) % MARKS].j <= j)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->n ? r->v[(r->head + lo) % MARKS].t : -1;
}

/*
 * Whether a probe may go now, at the sweep's rate (--rate's, fixed by
 * sweep_init); counted as sent if so.  *wait: ms until one may, if not.
 */
static int
may_send(struct worker *wk, int64_t now_us, int64_t *wait)
{
	int64_t d;

	if ((d = scan_rate_wait(&wk->rc, now_us)) > 0) {
		*wait = (d + 999) / 1000;
		return 0;
	}
	scan_rate_sent(&wk->rc, now_us);
	return 1;
}

/* Place *s's probe settled: st, errno e.  Returns 0, or -1. */
static int
settle(struct worker *wk, uint8_t *s, uint64_t probe, int st, int e)
{
	*s = ST_DONE;
	return sink_result(wk->sink, probe, st, e, NULL, 0);
}

/* Send place j's try; P_PENDING or its verdict (syn_start's). */
static int
send_place(struct worker *wk, uint64_t j, int tries)
{
	struct sweep *sw = wk->sweep;
	uint64_t probe = place_probe(wk, j), key;
	int e, st;

	st = syn_start(wk, probe, &e, &key);
	if (st == P_PENDING) {
		sw->st[j & sw->mask] = (uint8_t)(tries + 1);
		sw->sent++;
		wk->rc.hosts += tries == 0;
		return st;
	}
	if (st == P_FATAL)
		return worker_fail(wk, "sendmmsg", e) == -1 ? P_FATAL : st;
	if (st == P_RESOURCE)
		return st;
	return settle(wk, &sw->st[j & sw->mask], probe, st, e) == -1 ?
	    P_FATAL : st;
}

/*
 * The places of level i's oldest marks whose time is up: try i sent
 * again to those unsettled, or at the last level, filtered.  Returns 0,
 * 1 when the rate holds the rest back (*wait), or -1.
 */
static int
walk_level(struct worker *wk, int i, int64_t now, int64_t *wait)
{
	struct sweep *sw = wk->sweep;
	struct mring *r = &sw->m[i - 1];
	struct mark *m;
	uint8_t s;
	int fin, st;
	uint64_t probe;

	while (r->n > 0) {
		m = &r->v[r->head];
		/* settled already: passed at once (a sweep that answered
		 * ends with its answers, not a limit later) */
		while (sw->c[i] < m->j && sw->st[sw->c[i] & sw->mask] & ST_DONE)
			sw->c[i]++;
		if (sw->c[i] < m->j && m->t + sw->limit_us > now) {
			if (m->t + sw->limit_us < sw->due)
				sw->due = m->t + sw->limit_us;
			return 0;
		}
		/* a try sent at a rate since cut gets one more (rate.h) */
		fin = i == sw->last || (i == sw->last - 1 &&
		    !scan_rate_doubt(&wk->rc, m->t));
		for (; sw->c[i] < m->j; sw->c[i]++) {
			if ((s = sw->st[sw->c[i] & sw->mask]) & ST_DONE)
				continue;
			probe = place_probe(wk, sw->c[i]);
			if (!fin && !may_send(wk, now, wait))
				return 1;
			/* a timeout, as pace.c's peer_timeout reads one */
			scan_rate_silent(&wk->rc, s - 1, m->t, now, 0);
			if (!fin) {
				if ((st = send_place(wk, sw->c[i], s)) ==
				    P_RESOURCE)
					return 1;
				if (st == P_FATAL)
					return -1;
				/* -v's count of retries, as pace.c's */
				if (st == P_PENDING && wk->sink->st != NULL)
					wk->sink->st->retried++;
				else if (st == P_PENDING)
					wk->sink->retried++;
			} else {
				scan_rate_dead(&wk->rc);
				if (settle(wk, &sw->st[sw->c[i] & sw->mask],
				    probe, SCAN_FILTERED, ETIMEDOUT) == -1)
					return -1;
			}
		}
		r->head = (r->head + 1) % MARKS;
		r->n--;
		if (i < sw->last)
			mark_push(&sw->m[i], sw->c[i], now);
	}
	return 0;
}

/* The new places, in order, as the rate and the ring allow. */
static int
send_new(struct worker *wk, int64_t now, int64_t *wait)
{
	const struct scan_config *cfg = wk->cfg;
	struct sweep *sw = wk->sweep;
	uint64_t k;
	int st;

	while (sw->c[0] < sw->n && sw->c[0] - sw->c[sw->last] <= sw->mask &&
	    sw->sent < ROUND) {
		k = sw->base + sw->c[0] * wk->step;
		while (sw->skip < cfg->nskip && cfg->skip[sw->skip] < k)
			sw->skip++;
		if (sw->skip < cfg->nskip && cfg->skip[sw->skip] == k) {
			sw->st[sw->c[0]++ & sw->mask] = ST_DONE;
			continue;
		}
		if (!may_send(wk, now, wait))
			break;
		if ((st = send_place(wk, sw->c[0], 0)) == P_FATAL)
			return -1;
		if (st == P_RESOURCE)
			break;
		sw->c[0]++;
	}
	mark_push(&sw->m[0], sw->c[0], now);
	return 0;
}

/*
 * An answer the raw sockets read (syn.c), its cookie ours: to its place,
 * if one is waiting, settled st with errno e.
 */
static void
sweep_answer(struct worker *wk, const struct synpkt_ans *a, int st, int e)
{
	const struct scan_config *cfg = wk->cfg;
	struct sweep *sw = wk->sweep;
	const uint64_t *up = cfg->targets.up;
	uint64_t ai, probe, k, j, lo = 0, hi = cfg->naddrs;
	int64_t now, t;
	uint8_t *s;

	if (sw->pidx[a->rport] == 0 || addrset_find(&cfg->targets.set,
	    a->family == 4 ? AF_INET : AF_INET6, a->addr, &ai) == -1)
		return;
	/* after host discovery: its place among the hosts up, in order */
	while (up != NULL && lo < hi)
		if (up[k = lo + (hi - lo) / 2] < ai)
			lo = k + 1;
		else
			hi = k;
	if (up != NULL && (lo == cfg->naddrs || up[lo] != ai))
		return;
	if (up != NULL)
		ai = lo;
	probe = ai * cfg->nports + sw->pidx[a->rport] - 1;
	if (probe % cfg->shard_n != cfg->shard_i ||
	    (k = scan_probe_seq(cfg, probe)) < sw->base ||
	    (k - sw->base) % wk->step != 0)
		return;
	j = (k - sw->base) / wk->step;
	if (j < sw->c[sw->last] || j >= sw->c[0] ||
	    (*(s = &sw->st[j & sw->mask]) & ST_DONE))
		return;
	now = mono_us();
	if ((t = mark_time(&sw->m[*s - 1], j)) == -1)
		t = now;
	scan_rate_answer_at(&wk->rc, *s - 1, t, *s > 1 ? t - sw->limit_us :
	    0, now);
	wk->rc.hosts_up += *s == 1;
	if (settle(wk, s, probe, st, e) == -1)
		sw->failed = 1;
}

/* A SYN the kernel refused (syn_flush): its probe settled as e says. */
static int
sweep_refused(struct worker *wk, uint64_t probe, int st, int e)
{
	struct sweep *sw = wk->sweep;
	uint8_t *s = &sw->st[(scan_probe_seq(wk->cfg, probe) - sw->base) /
	    wk->step & sw->mask];

	return *s & ST_DONE ? 0 : settle(wk, s, probe, st, e);
}

/*
 * One round of the worker's slice, swept (run.c's worker loop asks
 * between rounds whether to stop): returns 1 while probes are
 * unsettled, 0 once every one is, or -1 on a fatal error (wk->err says
 * why).
 */
int
sweep_step(struct worker *wk)
{
	struct sweep *sw = wk->sweep;
	struct pollfd pfd[RAW_N];
	int64_t now, wait, ms;
	int i, r, held;

	if (sw->c[sw->last] >= sw->n)
		return 0;
	now = mono_us();
	sw->sent = 0;
	sw->due = INT64_MAX;
	wait = -1;
	held = 0;
	/* the retries first: they have waited longest */
	for (i = sw->last; i >= 1 && !held; i--)
		if ((r = walk_level(wk, i, now, &wait)) == -1)
			return -1;
		else
			held = r;
	if (!held && send_new(wk, now, &wait) == -1)
		return -1;
	if ((r = syn_flush(wk)) == -1 || syn_drain(wk) == -1 ||
	    sw->failed)
		return -1;
	if (sw->sent == 0 || r == 1 || wait >= 0) {
		/* nothing to send yet: the answers, or the clock */
		ms = sw->due == INT64_MAX ? WAIT_MS :
		    (sw->due - mono_us()) / 1000 + 1;
		if (wait >= 0 && wait < ms)
			ms = wait;
		if (r == 1 || ms < 1)
			ms = 1;
		if (ms > WAIT_MS)
			ms = WAIT_MS;
		if (poll(pfd, (nfds_t)syn_pollfds(wk, pfd), (int)ms) ==
		    -1 && errno != EINTR)
			return worker_fail(wk, "poll", errno);
	}
	if (sink_tick(wk->sink, mono_ms()) == -1)
		return -1;
	return 1;
}

/* The sweep's end, settled or stopped: its rate and results sent on. */
int
sweep_end(struct worker *wk)
{
	if (sink_rate(wk->sink, &wk->rc) == -1)
		return -1;
	return sink_flush(wk->sink);
}

/* Is cfg's scan a stateless sweep (the file's first comment)?  1 or 0. */
int
sweep_fits(const struct scan_config *cfg)
{
	return cfg->syn && cfg->kinds == NULL && !scan_has_udp(cfg) &&
	    cfg->addrs == NULL &&
	    cfg->host_timeout_ms <= 0 && cfg->naddrs >= SWEEP_HOSTS &&
	    probe_total(cfg) / cfg->shard_n >= SWEEP_MIN;
}

/*
 * A stateless sweep for worker wk, whose slice begins at place base,
 * where its scan is one (the file's first comment): wk->sweep, else
 * NULL.  Returns 0, or -1 (ENOMEM).
 */
int
sweep_init(struct worker *wk, uint64_t base)
{
	const struct scan_config *cfg = wk->cfg;
	struct sweep *sw;
	uint64_t ring = 1024;
	size_t k;
	int limit_ms, retries;

	wk->sweep = NULL;
	if (!sweep_fits(cfg))
		return 0;
	k = wk->shard_total > base ? (wk->shard_total - base + wk->step - 1) /
	    wk->step : 0;
	while (ring < k && ring < RING_MAX)
		ring *= 2;
	/* one block: the sweep, the ports' indexes, the ring */
	if ((sw = calloc(1, sizeof(*sw) + 65536 * sizeof(*sw->pidx) +
	    ring)) == NULL)
		return -1;
	sw->n = k;
	sw->base = base;
	sw->mask = ring - 1;
	sw->pidx = (uint32_t *)(sw + 1);
	sw->st = (uint8_t *)(sw->pidx + 65536);
	scan_timing_dead(cfg, &limit_ms, &retries);
	sw->limit_us = limit_ms * 1000LL;
	/* the last try's level, and one more for a try in doubt */
	sw->last = retries + 2 < LEVELS ? retries + 2 : LEVELS;
	for (k = cfg->nports; k-- > 0; )
		sw->pidx[cfg->ports[k]] = (uint32_t)k + 1;
	wk->sending = UINT32_MAX;	/* no host: syn.c's cache alone */
	/* --rate: the pacer's, never moved (its bounds are the rate) */
	if (wk->rate > 0)
		wk->rc.rate = wk->rc.min = wk->rc.max = wk->rate;
	wk->sweep = sw;
	wk->sweep_answer = sweep_answer;
	wk->sweep_refused = sweep_refused;
	return 0;
}

void
sweep_free(struct worker *wk)
{
	free(wk->sweep);
	wk->sweep = NULL;
}
