/*
 * scan/peer.c: the target hosts a worker has in progress, and which
 * probe goes out next (issue 47).  Each host has its round trips, its
 * window and its queue of probes waiting for room in that window
 * (struct peer, scan_int.h); pace.c says what an answer or a timeout
 * does to them.
 *
 * The next probe is (after pace.c's, for --udp-closed) one given back for
 * a local shortage (order.c's queue), else the first waiting probe of a
 * host with room (the ready ring: hosts take turns), else the next in
 * order; one whose host has
 * no room waits in that host's queue, so that a slow host never holds
 * up the others, up to wait_max probes taken that way.  A host is kept
 * in a hash by its address index while it has probes out or waiting;
 * once more than max hosts are kept the idle ones go (and if most were
 * busy, max doubles), each reported (its timing, for -v) as it goes, so
 * a scan of a /8 holds only the hosts in progress.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/hostmap.h"
#include "scan/scan.h"
#include "scan/scan_int.h"
#include "scan/timing.h"
#include "util/clock.h"

#define NIL		UINT32_MAX
#define PEERS_MIN	64	/* hosts kept whatever the window */

static struct peer *
pv(struct worker *wk, uint32_t i)
{
	return &wk->pr.v[i];
}

/* Room for more waiting probes.  Returns 0, or -1 (ENOMEM). */
static int
wait_grow(struct peers *pr)
{
	struct pwait *n;
	uint32_t cap = pr->wcap ? pr->wcap * 2 : 256, i;

	if (cap <= pr->wcap || (n = realloc(pr->w, cap * sizeof(*n))) == NULL)
		return -1;
	for (i = pr->wcap; i < cap; i++)
		n[i].next = i + 1 < cap ? i + 1 : pr->wfree;
	pr->wfree = pr->wcap;
	pr->w = n;
	pr->wcap = cap;
	return 0;
}

/*
 * Queue probe (tries, lost_us) on q: at its head when first (a retry
 * goes before the probes that never went), else at its tail.  Returns 0
 * or -1 (ENOMEM).
 */
int
pq_push(struct worker *wk, struct pqueue *q, uint64_t probe, int tries,
    int64_t lost_us, int first)
{
	struct peers *pr = &wk->pr;
	uint32_t i;

	if (pr->wfree == NIL || pr->wfree >= pr->wcap) {
		pr->wfree = NIL;
		if (wait_grow(pr) == -1)
			return -1;
	}
	i = pr->wfree;
	pr->wfree = pr->w[i].next;
	pr->w[i].probe = probe;
	pr->w[i].tries = tries;
	pr->w[i].lost_us = lost_us;
	if (q->n == 0) {
		pr->w[i].next = NIL;
		q->head = q->tail = i;
	} else if (first) {
		pr->w[i].next = q->head;
		q->head = i;
	} else {
		pr->w[i].next = NIL;
		pr->w[q->tail].next = i;
		q->tail = i;
	}
	q->n++;
	pr->nwait++;
	return 0;
}

/* Take q's first probe into tk (q not empty). */
void
pq_pop(struct worker *wk, struct pqueue *q, struct take *tk)
{
	struct peers *pr = &wk->pr;
	uint32_t i = q->head;

	tk->probe = pr->w[i].probe;
	tk->no_rtt = 0;
	tk->tries = pr->w[i].tries;
	tk->lost_us = pr->w[i].lost_us;
	q->head = pr->w[i].next;
	if (--q->n == 0)
		q->head = q->tail = NIL;
	pr->w[i].next = pr->wfree;
	pr->wfree = i;
	pr->nwait--;
}

/*
 * --min-rate: is the scan behind its floor of probes a second?  Then a
 * host's window holds none back, as nmap's "as fast as or faster than
 * the given rate": the scan's own window (-c, the descriptors) and
 * --rate still bound it.
 */
static int
floor_behind(const struct worker *wk)
{
	return wk->min_rate > 0 && (double)wk->started <
	    (double)(mono_ms() - wk->t0) * wk->min_rate / 1000.0;
}

/*
 * May host h send one more?  1: its window allows, 2: only --min-rate's
 * floor does, 0: no.  A host that never answered has no window yet:
 * nothing learned of its path, and nothing to spare for a host that
 * is down or behind a firewall that drops everything (its first burst is
 * as the global window allows, as before any answer).
 */
static int
peer_room(const struct worker *wk, const struct peer *h)
{
	if (h->rep.answered == 0 || scan_cwnd_room(&h->win, h->in_flight))
		return 1;
	return floor_behind(wk) ? 2 : 0;
}

/* Host p into the ready ring if it has a probe waiting and room. */
void
peer_touch(struct worker *wk, uint32_t p)
{
	struct peers *pr = &wk->pr;
	struct peer *h = pv(wk, p);

	if (h->ready || h->q.n == 0 || !peer_room(wk, h))
		return;
	pr->ring[(pr->rhead + pr->rlen) % pr->cap] = p;
	pr->rlen++;
	h->ready = 1;
}

/*
 * Host p off the list of paced hosts (--udp-closed): its pass is over
 * (pace.c), or it goes (peer_retire: one whose last paced probe settled
 * at once, as a send error, never ended its pass, and its slot may be a
 * new host's that is listed again).
 */
void
peer_unpace(struct worker *wk, uint32_t p)
{
	struct peers *pr = &wk->pr;
	uint32_t i;

	if (!pv(wk, p)->plisted)
		return;
	pv(wk, p)->plisted = 0;
	for (i = 0; i < pr->npaced; i++)
		if (pr->paced[i] == p) {
			pr->paced[i] = pr->paced[--pr->npaced];
			break;
		}
}

/* Host p's timing for the caller (-v), as it goes. */
static int
peer_report(struct worker *wk, struct peer *h)
{
	struct scan_host_report *r = &h->rep;

	if (wk->cfg->on_host == NULL || r->answered == 0)
		return 0;
	r->addr = h->ai;
	r->hosts = 1;
	if (r->silent == 0)
		r->silent_min = 0;
	r->samples = h->rtt.n;
	r->cuts = h->win.cuts;
	r->srtt_us = h->rtt.srtt;
	r->rttvar_us = h->rtt.rttvar;
	r->limit_us = wk->cfg->timeout_ms > 0 ? wk->cfg->timeout_ms * 1000LL :
	    scan_rtt_limit(&h->rtt, &wk->tm, 0);
	r->cwnd_low = (uint32_t)h->win.low;
	r->pace_us = h->pace_us;
	r->paced_us = h->paced_t1 - h->paced_t0;
	return sink_host(wk->sink, r);
}

/* Drop host p, reported first.  Returns 0, or -1 if the report failed. */
static int
peer_retire(struct worker *wk, uint32_t p)
{
	struct peers *pr = &wk->pr;
	struct peer *h = pv(wk, p);
	int r = peer_report(wk, h);

	peer_unpace(wk, p);
	hostmap_del(&pr->map, h->ai);
	h->used = 0;
	pr->freev[pr->nfree++] = p;
	pr->n--;
	if (pr->last == p)
		pr->last = NIL;
	return r;
}

static int
peer_idle(const struct peer *h)
{
	return h->used && h->in_flight == 0 && h->q.n == 0 && h->pq.n == 0 &&
	    h->pin == 0;
}

/* Room for twice the hosts.  Returns 0, or -1 (ENOMEM). */
static int
peers_grow(struct peers *pr)
{
	uint32_t cap = pr->cap ? pr->cap * 2 : PEERS_MIN, i, *ring, *p;
	struct peer *v;

	if (cap <= pr->cap || (ring = malloc(cap * sizeof(*ring))) == NULL)
		return -1;
	/* the ring in order from 0, for its new size */
	for (i = 0; i < pr->rlen; i++)
		ring[i] = pr->ring[(pr->rhead + i) % pr->cap];
	free(pr->ring);
	pr->ring = ring;
	pr->rhead = 0;
	if ((v = realloc(pr->v, cap * sizeof(*v))) == NULL)
		return -1;
	pr->v = v;
	if ((p = realloc(pr->paced, cap * sizeof(*p))) == NULL)
		return -1;
	pr->paced = p;
	if ((p = realloc(pr->freev, cap * sizeof(*p))) == NULL)
		return -1;
	pr->freev = p;
	for (i = cap; i > pr->cap; i--) {
		v[i - 1].used = 0;
		p[pr->nfree++] = i - 1;
	}
	pr->cap = cap;
	return 0;
}

/* A new host for address index ai.  Returns its slot, or NIL (ENOMEM). */
static uint32_t
peer_new(struct worker *wk, uint64_t ai)
{
	struct peers *pr = &wk->pr;
	struct peer *h;
	uint32_t p, *slot;

	if (pr->n >= pr->max) {
		/* the idle ones go, reported; a failed report shows later */
		for (p = 0; p < pr->cap; p++)
			if (peer_idle(pv(wk, p)))
				(void)peer_retire(wk, p);
		/* so many busy: room for more before the next sweep */
		if (pr->n > pr->max / 2)
			pr->max *= 2;
	}
	if (pr->nfree == 0 && peers_grow(pr) == -1)
		return NIL;
	if ((slot = hostmap_put(&pr->map, ai)) == NULL)
		return NIL;
	p = pr->freev[--pr->nfree];
	*slot = p;
	pr->n++;
	h = pv(wk, p);
	memset(h, 0, sizeof(*h));
	h->used = 1;
	h->ai = ai;
	h->q.head = h->q.tail = h->pq.head = h->pq.tail = NIL;
	h->rep.silent_min = UINT32_MAX;
	scan_cwnd_init(&h->win, &wk->tm);
	return p;
}

/* The host of address index ai, made if new.  NIL: out of memory. */
uint32_t
peer_get(struct worker *wk, uint64_t ai)
{
	struct peers *pr = &wk->pr;
	uint32_t *slot, p;

	if (pr->last != NIL && pr->last_ai == ai)
		return pr->last;
	if ((slot = hostmap_get(&pr->map, ai)) != NULL)
		p = *slot;
	else if ((p = peer_new(wk, ai)) == NIL)
		return NIL;
	pr->last = p;
	pr->last_ai = ai;
	return p;
}

/* The next probe of a host in the ready ring, into tk.  0: none. */
static int
take_ready(struct worker *wk, struct take *tk)
{
	struct peers *pr = &wk->pr;
	struct peer *h;
	uint32_t p;
	int room;

	/* behind --min-rate's floor: the hosts held back are ready too */
	if (pr->rlen == 0 && pr->nwait > 0 && floor_behind(wk))
		for (p = 0; p < pr->cap; p++)
			if (pv(wk, p)->used)
				peer_touch(wk, p);
	while (pr->rlen > 0) {
		p = pr->ring[pr->rhead];
		pr->rhead = (pr->rhead + 1) % pr->cap;
		pr->rlen--;
		h = pv(wk, p);
		h->ready = 0;
		if (h->q.n == 0 || (room = peer_room(wk, h)) == 0)
			continue;
		h->rep.floored += room == 2;
		if (h->q.head != NIL && pr->w[h->q.head].tries == 0 &&
		    pr->nwait_new > 0)
			pr->nwait_new--;
		/* launch() puts it back in the ring after the others */
		pq_pop(wk, &h->q, tk);
		tk->peer = p;
		tk->paced = 0;
		return 1;
	}
	return 0;
}

/*
 * The next probe to start, into tk: 1, or 0 when none may go now, or -1
 * (ENOMEM).  What it returns is the caller's to send.
 */
int
peer_take(struct worker *wk, struct take *tk)
{
	struct peers *pr = &wk->pr;
	struct peer *h;
	int tries, room;

	tk->lost_us = 0;
	tk->paced = 0;
	tk->no_rtt = 0;
	if (wk->rq_len > 0) {
		/* given back for a local shortage: it had its turn */
		tk->probe = take_probe(wk, &tries);
		tk->tries = tries;
		tk->peer = peer_get(wk, probe_ai(wk->cfg, tk->probe));
		return tk->peer == NIL ? -1 : 1;
	}
	if (take_ready(wk, tk))
		return 1;
	while (wk->next < wk->shard_total && pr->nwait_new < pr->wait_max) {
		tk->probe = take_probe(wk, &tries);
		tk->tries = tries;
		if ((tk->peer = peer_get(wk, probe_ai(wk->cfg, tk->probe))) ==
		    NIL)
			return -1;
		h = pv(wk, tk->peer);
		if (h->q.n == 0 && (room = peer_room(wk, h)) != 0) {
			h->rep.floored += room == 2;
			return 1;
		}
		/* its host is full: it waits its turn, the next may go */
		if (pq_push(wk, &h->q, tk->probe, 0, 0, 0) == -1)
			return -1;
		pr->nwait_new++;
	}
	return 0;
}

/* Is any probe waiting for its host (or its pace)? */
int
peers_waiting(const struct worker *wk)
{
	return wk->pr.nwait > 0;
}

/* Could a probe go out now, window allowing? */
int
peers_can_take(const struct worker *wk)
{
	const struct peers *pr = &wk->pr;

	return wk->rq_len > 0 || pr->rlen > 0 || (wk->next < wk->shard_total &&
	    pr->nwait_new < pr->wait_max);
}

/* Every host reported and dropped: the worker's end.  Returns 0 or -1. */
int
peers_retire_all(struct worker *wk)
{
	struct peers *pr = &wk->pr;
	uint32_t p;
	int r = 0;

	for (p = 0; p < pr->cap; p++)
		if (pv(wk, p)->used && peer_retire(wk, p) == -1)
			r = -1;
	return r;
}

/*
 * Ready for a worker with window win: -w and --retries on cfg's timing.
 * Returns 0, or -1 (ENOMEM).
 */
int
peers_init(struct worker *wk, int win)
{
	const struct scan_config *cfg = wk->cfg;
	struct peers *pr = &wk->pr;

	memset(pr, 0, sizeof(*pr));
	wk->tm = cfg->timing;
	if (wk->tm.ceiling_us == 0)
		(void)scan_timing_level(SCAN_T_DEFAULT, &wk->tm);
	pr->cap_tries = (cfg->retries >= 0 ? cfg->retries :
	    wk->tm.max_retries) + 1;
	pr->wait_max = (uint32_t)win * 2 + 1024;
	/*
	 * The table grows by doubling from PEERS_MIN: a max just past a
	 * power of two (a window of 32,768 and 1,024 more) made it twice
	 * the hosts it holds, 14 MB of host records never used
	 */
	for (pr->max = PEERS_MIN; pr->max * 2 <= (uint32_t)win + 1024;
	    pr->max *= 2)
		;
	pr->wfree = NIL;
	pr->last = NIL;
	hostmap_init(&pr->map, sizeof(uint32_t));
	return peers_grow(pr);
}

void
peers_free(struct worker *wk)
{
	struct peers *pr = &wk->pr;

	hostmap_free(&pr->map);
	free(pr->v);
	free(pr->freev);
	free(pr->ring);
	free(pr->paced);
	free(pr->w);
	memset(pr, 0, sizeof(*pr));
}
