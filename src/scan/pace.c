/*
 * scan/pace.c: what an answer or a silence does to a target host's
 * timing (issue 47), and the pace of ICMP errors for --udp-closed.
 *
 * An answer (a connect completed or refused, a UDP reply, an ICMP error)
 * is a round trip to measure (a retry is a new socket, so its sample is
 * clean: Karn's ambiguity does not arise) and grows the host's window; a
 * retry that was answered proves its earlier tries lost, which raises
 * the tries given a silent port (timing.c's scan_tries_needed) and cuts
 * the window.  A silent probe is sent again, its limit backed off, until
 * it has had the tries its host's losses call for; then its port is
 * filtered (UDP: open|filtered).  A first try's silence cuts the window
 * only when the host has answered nothing since it went: a port a
 * firewall drops is silence among answers, and no sign of congestion.
 *
 * --udp-closed: a host limits the ICMP errors it sends (Linux: a burst
 * of 6, then one a second), so a closed UDP port can look as silent as
 * an open one.  A port still silent after its tries, on a host that sent
 * port unreachables, is probed again: first a few probes 50 ms apart to
 * measure the host's pace (under that load its errors come one per
 * refill), then one probe per interval of that pace, so that each finds
 * the host able to answer.  A port silent at that pace before gives its
 * turn back when silent again (it most likely cost the host no error),
 * so an open|filtered port pays the pace once; closed ports found only
 * after a silence, beyond what losses explain, slow the pace down.  A
 * host that sends no error at all while measured has no closed port
 * left among them.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "scan/scan.h"
#include "scan/scan_int.h"
#include "scan/timing.h"

#define NIL		UINT32_MAX
#define PACE_NONE	0
#define PACE_MEASURE	1	/* probing fast to see the host's pace */
#define PACE_ON		2	/* at that pace */
#define PACE_DONE	3	/* no error while measuring: none to wait for */
#define MEASURE_GAP	50000	/* us between probes while measuring */
#define MEASURE_US	2500000	/* measuring lasts at most this long */
#define MEASURE_ICMP	3	/* or until this many errors came */

static struct peer *
pv(struct worker *wk, uint32_t i)
{
	return &wk->pr.v[i];
}

/*
 * A probe's time limit: -w, else what its host's round trips say; a
 * host with none yet is timed by the others' (as nmap's group timing),
 * twice the slowest round trip any host took at least, so that a sweep
 * of silent hosts beside one that answers waits for them no longer
 * than the path calls for.
 */
static int64_t
probe_limit(const struct worker *wk, const struct peer *h, int tries)
{
	const struct peers *pr = &wk->pr;
	int64_t v;

	if (wk->cfg->timeout_ms > 0)
		return wk->cfg->timeout_ms * 1000LL;
	if (h->rtt.n > 0 || pr->group.n == 0)
		return scan_rtt_limit(&h->rtt, &wk->tm, tries);
	v = scan_rtt_limit(&pr->group, &wk->tm, tries);
	return v > 2 * pr->group_max_us ? v : 2 * pr->group_max_us;
}

/*
 * When slot i, waiting for an answer, times out (mono_ms): its limit as
 * the host's round trips stand now, counted from when it went, or for
 * one sent before the host's first answer, from that answer: the first
 * probes go in a burst, and the last of its answers come that much after
 * the first; a limit learnt from the first must not cut them short.  A
 * SYN's is kept until a round trip is sampled (nothing else moves it):
 * a sweep of silent hosts walks a window of 10^5 SYNs many times a
 * second, and would otherwise read each one's host there each time.
 */
int64_t
slot_deadline(struct worker *wk, int i)
{
	struct slot *sl = &wk->slot[i];
	const struct peer *h;
	int64_t lim, t;

	/* a SYN (-sS) is timed as a connect is */
	if (sl->banner == S_SYN && sl->dgen == wk->rtt_gen)
		return sl->deadline;
	if (sl->banner != S_CONNECT && sl->banner != S_SYN)
		return sl->deadline;
	h = &wk->pr.v[sl->peer];
	lim = probe_limit(wk, h, sl->paced ? 0 : sl->tries);
	t = sl->sent_us;
	if (h->rtt.n > 0 && t < h->first_answer_us && wk->cfg->timeout_ms <= 0)
		t = h->first_answer_us;
	t += lim;
	/* --host-timeout: out no later than its host's end */
	if (wk->cfg->host_timeout_ms > 0 && h->first_us > 0 &&
	    h->first_us + (int64_t)wk->cfg->host_timeout_ms * 1000 < t)
		t = h->first_us + (int64_t)wk->cfg->host_timeout_ms * 1000;
	if (sl->banner == S_SYN) {
		sl->deadline = (t + 999) / 1000;
		sl->dgen = wk->rtt_gen;
	}
	return (t + 999) / 1000;
}

/* Is host h's time up (--host-timeout)? */
int
peer_gone(const struct worker *wk, const struct peer *h, int64_t now_us)
{
	return wk->cfg->host_timeout_ms > 0 && h->first_us > 0 &&
	    now_us - h->first_us >= (int64_t)wk->cfg->host_timeout_ms * 1000;
}

/* Slot i (just added) carries tk's probe: out, and counted. */
void
peer_sent(struct worker *wk, int i, const struct take *tk)
{
	struct slot *sl = &wk->slot[i];
	struct peer *h = pv(wk, tk->peer);

	sl->peer = tk->peer;
	sl->paced = tk->paced;
	sl->sent_us = tk->sent_us;
	sl->lost_us = tk->lost_us;
	h->in_flight++;
	if (tk->paced)
		h->pin++;
}

/* The take slot i went out as. */
void
slot_take(const struct worker *wk, int i, struct take *tk)
{
	const struct slot *sl = &wk->slot[i];

	memset(tk, 0, sizeof(*tk));
	tk->probe = sl->probe;
	tk->tries = sl->tries;
	tk->paced = sl->paced;
	tk->lost_us = sl->lost_us;
	tk->sent_us = sl->sent_us;
	tk->peer = sl->peer;
}

/* Paced probes to keep out at once: one per pace interval of a limit. */
static int
pace_room(const struct worker *wk, const struct peer *h)
{
	int64_t n = probe_limit(wk, h, 0) / (h->pace_us > 0 ? h->pace_us : 1);

	return h->pin < 1 + (n > 64 ? 64 : (int)n);
}

/*
 * May host h send a paced probe, credit allowing?  Not while its first
 * pass goes on: those probes spend the host's errors too.
 */
static int
pace_ready(const struct worker *wk, const struct peer *h)
{
	return h->pq.n > 0 && h->in_flight == h->pin && h->q.n == 0 &&
	    pace_room(wk, h);
}

/* h's credit counted until now: one probe per pace_us, one at most. */
static void
pace_credit(struct peer *h, int64_t now_us)
{
	if (h->pace_us <= 0)		/* PACE_DONE */
		return;
	if (now_us > h->pace_t) {
		h->credit += (double)(now_us - h->pace_t) / (double)h->pace_us;
		h->pace_t = now_us;
	}
	if (h->credit > 1)
		h->credit = 1;
}

/*
 * A paced probe for a host whose pace allows one now, into tk: 1, or 0.
 */
int
pace_take(struct worker *wk, int64_t now_us, struct take *tk)
{
	struct peers *pr = &wk->pr;
	struct peer *h;
	uint32_t i;

	for (i = 0; i < pr->npaced; i++) {
		h = pv(wk, pr->paced[i]);
		pace_credit(h, now_us);
		if (!pace_ready(wk, h) || h->credit < 1)
			continue;
		h->credit -= 1;
		/* measuring starts with its first probe */
		if (h->pmode == PACE_MEASURE && h->m_sent++ == 0)
			h->m_t0 = h->paced_t0 = now_us;
		pq_pop(wk, &h->pq, tk);
		tk->peer = pr->paced[i];
		tk->paced = 1;
		h->rep.paced++;
		return 1;
	}
	return 0;
}

/* Microseconds until a paced probe may go (0: now), or -1: none waits. */
int64_t
pace_due(struct worker *wk, int64_t now_us)
{
	struct peers *pr = &wk->pr;
	struct peer *h;
	int64_t d, best = -1;
	uint32_t i;

	for (i = 0; i < pr->npaced; i++) {
		h = pv(wk, pr->paced[i]);
		if (!pace_ready(wk, h))
			continue;
		pace_credit(h, now_us);
		d = h->credit >= 1 ? 0 : (int64_t)((1 - h->credit) *
		    (double)h->pace_us) + 1;
		if (best < 0 || d < best)
			best = d;
	}
	return best;
}

/* Host p starts --udp-closed's second pass: measure its pace first. */
static void
pace_begin(struct worker *wk, uint32_t p, int64_t now_us)
{
	struct peers *pr = &wk->pr;
	struct peer *h = pv(wk, p);

	if (!h->plisted)
		pr->paced[pr->npaced++] = p;
	h->plisted = 1;
	if (h->pmode != PACE_NONE)
		return;
	h->pmode = PACE_MEASURE;
	h->pace_us = MEASURE_GAP;
	h->pace_t = h->paced_t0 = h->paced_t1 = now_us;
	h->credit = 1;
}

/* Host p's pass is over. */
static void
pace_end(struct worker *wk, uint32_t p, int64_t now_us)
{
	pv(wk, p)->paced_t1 = now_us;
	peer_unpace(wk, p);
}

/*
 * Measuring is over (enough errors, or its time): the pace is the least
 * gap between two errors that came while the host was probed faster than
 * it answers (a lost error makes a gap longer, never shorter), with a
 * margin; a host that kept up is probed at the measuring pace; one that
 * sent one error, slowly; one that sent none in MEASURE_US, while it
 * was probed 20 times a second, has no closed port left among these
 * (a host that limits its errors to one in more than MEASURE_US would
 * be misread: a limit on --udp-closed, said in the man page).
 */
static void
pace_settle(struct peer *h, int64_t now_us)
{
	if (h->pmode != PACE_MEASURE || (h->m_icmp < MEASURE_ICMP &&
	    now_us - h->m_t0 < MEASURE_US))
		return;
	h->pmode = PACE_ON;
	if (h->m_icmp >= 2)
		h->pace_us = h->m_gap <= 2 * MEASURE_GAP ? MEASURE_GAP :
		    h->m_gap + h->m_gap / 16;
	else if (h->m_icmp == 1)
		h->pace_us = MEASURE_US;
	else
		h->pmode = PACE_DONE;
	/* the host spent its errors on the measuring */
	h->credit = 0;
	h->pace_t = now_us;
}

/* A paced probe of host h had answer st (P_OPEN, P_CLOSED, P_FILTERED). */
static void
pace_answered(struct peer *h, const struct take *tk, int st, int64_t now_us)
{
	if (st == P_OPEN) {
		/* a reply costs the host no error: the turn is given back */
		h->credit += 1;
	} else if (h->pmode == PACE_MEASURE && st == P_CLOSED) {
		if (h->m_icmp++ > 0 && (h->m_gap == 0 ||
		    now_us - h->m_last < h->m_gap))
			h->m_gap = now_us - h->m_last;
		h->m_last = now_us;
	} else if (h->pmode == PACE_ON && st == P_CLOSED && tk->tries == 0)
		h->p_ok++;
	else if (h->pmode == PACE_ON && st == P_CLOSED) {
		/*
		 * Closed, though silent at this pace before: the pace is too
		 * fast, or the probe or its error was lost.  Only a share of
		 * such ports beyond what losses explain slows the pace.
		 */
		h->rep.lost += (uint64_t)tk->tries;
		if (tk->tries > h->max_try)
			h->max_try = tk->tries;
		if (++h->p_late >= 3 && h->p_late * 4 > h->p_ok + h->p_late) {
			h->pace_us += h->pace_us / 2;
			h->p_ok = h->p_late = 0;
		}
	}
	if (h->pmode == PACE_MEASURE)
		pace_settle(h, now_us);
}

/*
 * An answer st (P_OPEN, P_CLOSED, P_FILTERED) to tk's probe at now_us;
 * pending when it had been out as a slot, not settled at once.
 */
void
peer_answer(struct worker *wk, const struct take *tk, int st, int udp,
    int pending, int64_t now_us)
{
	struct peer *h = pv(wk, tk->peer);
	int64_t rtt = now_us - tk->sent_us;

	if (pending) {
		h->in_flight--;
		if (tk->paced)
			h->pin--;
	}
	if (h->rep.answered++ == 0) {
		h->first_answer_us = now_us;
		wk->rc.hosts_up++;
	}
	h->last_answer_us = now_us;
	if (!tk->no_rtt) {
		wk->retimed = 1;	/* other slots' deadlines may move */
		wk->rtt_gen++;
		scan_rtt_sample(&h->rtt, rtt);
		scan_rtt_sample(&wk->pr.group, rtt);
		if (rtt > wk->pr.group_max_us)
			wk->pr.group_max_us = rtt;
		if (h->rtt.n == 1 || rtt < h->rep.rtt_min_us)
			h->rep.rtt_min_us = rtt;
		if (rtt > h->rep.rtt_max_us)
			h->rep.rtt_max_us = rtt;
	}
	if (udp && st == P_CLOSED)
		h->rep.icmp++;
	if (tk->paced) {
		pace_answered(h, tk, st, now_us);
		if (h->pq.n == 0 && h->pin == 0)
			pace_end(wk, tk->peer, now_us);
	} else if ((udp && st != P_OPEN) || st == P_FILTERED) {
		/*
		 * An ICMP error after silent tries is no proof of loss: hosts
		 * limit how many they send (Linux: about one a second), and
		 * what they withheld is no sign of the path.  TCP's too: a
		 * host that REJECTs answers a SYN or a connect with an
		 * unreachable (filtered), at that rate, as nmap tells.
		 */
		scan_cwnd_answer(&h->win, 0, 0, now_us, h->in_flight,
		    wk->tm.cwnd_min, wk->win_max, 0);
		scan_rate_answer(&wk->rc, 0, tk->sent_us, 0, now_us);
	} else {
		scan_rate_answer(&wk->rc, tk->tries, tk->sent_us, tk->lost_us,
		    now_us);
		h->rep.lost += (uint64_t)tk->tries;
		if (tk->tries > h->max_try)
			h->max_try = tk->tries;
		scan_cwnd_answer(&h->win, tk->tries, tk->lost_us, now_us,
		    h->in_flight, wk->tm.cwnd_min, wk->win_max,
		    (double)h->rep.lost / (double)(h->rep.answered +
		    h->rep.lost));
	}
	peer_touch(wk, tk->peer);
}

/*
 * tk's probe, out as a slot (pending), is given back unanswered: local
 * trouble.  Returns 1 when a paced one went back to its host's pace, 0
 * when the caller is to send it again, -1 on a fatal error.
 */
int
peer_unsent(struct worker *wk, const struct take *tk, int pending)
{
	struct peer *h = pv(wk, tk->peer);

	if (pending) {
		h->in_flight--;
		if (tk->paced)
			h->pin--;
	}
	peer_touch(wk, tk->peer);
	if (!tk->paced)
		return 0;
	h->credit += 1;
	if (pq_push(wk, &h->pq, tk->probe, tk->tries, tk->lost_us, 1) == -1)
		return worker_fail(wk, "retry queue", ENOMEM);
	return 1;
}

/* tk's port stayed silent through tries tries: say so.  0 or -1. */
static int
silent_result(struct worker *wk, const struct take *tk, int udp,
    uint32_t tries)
{
	struct peer *h = pv(wk, tk->peer);

	/* -v counts ports: host discovery's ICMP requests and ACK are none */
	if (scan_probe_kind(wk->cfg, tk->probe) == SCAN_K_PORT) {
		h->rep.silent++;
		h->rep.silent_udp += udp != 0;
		if (tries < h->rep.silent_min)
			h->rep.silent_min = tries;
		if (tries > h->rep.silent_max)
			h->rep.silent_max = tries;
	}
	scan_rate_dead(&wk->rc);
	/* UDP: no reply and no ICMP error, every time */
	return sink_result(wk->sink, tk->probe, udp ? SCAN_OPENFILTERED :
	    SCAN_FILTERED, ETIMEDOUT, NULL, 0);
}

/* A paced probe got no answer: its turn back, again or open|filtered. */
static int
pace_silent(struct worker *wk, const struct take *tk, int64_t now_us)
{
	struct peer *h = pv(wk, tk->peer);
	struct take t2;
	int need, r = 0;

	/*
	 * A port silent before at this pace is most likely open|filtered:
	 * its probe cost the host no error, and the turn goes back.  Not a
	 * port's first: its error may have been sent, and lost.
	 */
	if (h->pmode == PACE_ON && tk->tries > 0)
		h->credit += 1;
	pace_settle(h, now_us);
	if (h->pmode == PACE_DONE) {
		/* nothing closed left: these and those waiting */
		h->rep.paced_ports++;
		h->pace_us = 0;
		r = silent_result(wk, tk, 1, (uint32_t)tk->lost_us +
		    (uint32_t)tk->tries + 1);
		while (r == 0 && h->pq.n > 0) {
			pq_pop(wk, &h->pq, &t2);
			t2.peer = tk->peer;
			h->rep.paced_ports++;
			r = silent_result(wk, &t2, 1, (uint32_t)t2.lost_us +
			    t2.tries);
		}
	} else if (h->pmode == PACE_MEASURE) {
		if (pq_push(wk, &h->pq, tk->probe, 0, tk->lost_us, 0) == -1)
			return worker_fail(wk, "retry queue", ENOMEM);
	} else {
		need = scan_tries_needed(h->rep.answered, h->rep.lost,
		    wk->cfg->nports, h->max_try, wk->pr.cap_tries);
		/* two at the pace (an error may be lost), --retries allowing */
		if (need < 2 && wk->pr.cap_tries >= 2)
			need = 2;
		if (tk->tries + 1 < need) {
			if (pq_push(wk, &h->pq, tk->probe, tk->tries + 1,
			    tk->lost_us, 0) == -1)
				return worker_fail(wk, "retry queue", ENOMEM);
		} else {
			h->rep.paced_ports++;
			r = silent_result(wk, tk, 1, (uint32_t)tk->lost_us +
			    tk->tries + 1);
		}
	}
	if (h->pq.n == 0 && h->pin == 0)
		pace_end(wk, tk->peer, now_us);
	return r;
}

/*
 * tk's host's time is up (--host-timeout): the probe goes unsent (or its
 * answer unheard), reported skipped.  Returns 0, or -1 on a fatal error.
 */
int
peer_skip(struct worker *wk, const struct take *tk, int64_t now_us)
{
	struct peer *h = pv(wk, tk->peer);

	if (tk->paced && h->pq.n == 0 && h->pin == 0)
		pace_end(wk, tk->peer, now_us);
	peer_touch(wk, tk->peer);
	return sink_result(wk->sink, tk->probe, SCAN_SKIPPED, ETIMEDOUT, NULL,
	    0);
}

static void
count_retry(struct worker *wk)
{
	struct sink *sk = wk->sink;

	if (sk->st != NULL)
		sk->st->retried++;
	else
		sk->retried++;
}

/*
 * Slot i got no answer in time: send it again, pace it (--udp-closed),
 * or call its port filtered (UDP: open|filtered).  Its socket is the
 * caller's to close.  Returns 0, or -1 on a fatal error.
 */
/*
 * Slot i's proxy failed itself (scan/proxied.c): the probe queued again
 * with one try more, and nothing counted against its host, neither a
 * loss nor its window.  Returns 0, or -1 (ENOMEM).
 */
int
peer_proxy_retry(struct worker *wk, int i)
{
	struct take tk;
	struct peer *h;

	slot_take(wk, i, &tk);
	h = pv(wk, tk.peer);
	h->in_flight--;
	if (pq_push(wk, &h->q, tk.probe, tk.tries + 1, 0, 1) == -1)
		return worker_fail(wk, "retry queue", ENOMEM);
	count_retry(wk);
	peer_touch(wk, tk.peer);
	return 0;
}

int
peer_timeout(struct worker *wk, int i, int64_t now_us)
{
	struct take tk;
	struct peer *h;
	int need, udp = wk->slot[i].udp;

	slot_take(wk, i, &tk);
	h = pv(wk, tk.peer);
	h->in_flight--;
	if (peer_gone(wk, h, now_us)) {
		if (tk.paced)
			h->pin--;
		return peer_skip(wk, &tk, now_us);
	}
	if (tk.paced) {
		h->pin--;
		return pace_silent(wk, &tk, now_us);
	}
	if (h->rep.answered > 0 && h->last_answer_us < tk.sent_us &&
	    !scan_cwnd_undo(&h->win, tk.sent_us) && tk.tries == 0)
		(void)scan_cwnd_silence(&h->win, tk.sent_us, now_us,
		    h->in_flight, wk->tm.cwnd_min);
	scan_rate_silent(&wk->rc, tk.tries, tk.sent_us, now_us,
	    h->rep.answered > 0);
	need = scan_tries_needed(h->rep.answered, h->rep.lost,
	    wk->cfg->nports, h->max_try, wk->pr.cap_tries);
	/*
	 * A try the sweep's rate has since shown too fast counts for none,
	 * and the first after it is followed by one more, so that its loss
	 * is proven (and cuts the rate again) by the next one's answer
	 */
	if ((scan_rate_doubt(&wk->rc, tk.sent_us) || (tk.tries > 0 &&
	    scan_rate_doubt(&wk->rc, tk.lost_us))) && need < tk.tries + 2)
		need = tk.tries + 2 < wk->pr.cap_tries ? tk.tries + 2 :
		    wk->pr.cap_tries;
	if (tk.tries + 1 < need) {
		if (pq_push(wk, &h->q, tk.probe, tk.tries + 1, tk.sent_us,
		    1) == -1)
			return worker_fail(wk, "retry queue", ENOMEM);
		h->rep.retried++;
		count_retry(wk);
		peer_touch(wk, tk.peer);
		return 0;
	}
	peer_touch(wk, tk.peer);
	if (udp && wk->cfg->udp_closed && h->rep.icmp > 0 &&
	    h->pmode != PACE_DONE) {
		/*
		 * Maybe closed, its ICMP error withheld: the second pass
		 * (a paced probe's lost_us holds the tries it had before)
		 */
		if (pq_push(wk, &h->pq, tk.probe, 0, tk.tries + 1, 0) == -1)
			return worker_fail(wk, "retry queue", ENOMEM);
		pace_begin(wk, tk.peer, now_us);
		return 0;
	}
	return silent_result(wk, &tk, udp, tk.tries + 1);
}

/*
 * What a probe costs when nothing answers: the limit of a host with no
 * round trip measured, and the retries given it (one, as with no loss
 * seen, unless --retries says fewer).  For a caller's estimate of a
 * scan's time.
 */
void
scan_timing_dead(const struct scan_config *cfg, int *limit_ms, int *retries)
{
	struct scan_timing t = cfg->timing;

	if (t.ceiling_us == 0)
		(void)scan_timing_level(SCAN_T_DEFAULT, &t);
	*limit_ms = cfg->timeout_ms > 0 ? cfg->timeout_ms :
	    (int)(t.initial_us / 1000);
	*retries = cfg->retries >= 0 && cfg->retries < 1 ? cfg->retries : 1;
}
