/*
 * scan/timing.c: the scanner's timing from the path (scan/timing.h): the
 * -T levels, the round-trip estimator, the retry policy and the window.
 * Pure: no I/O, no clock.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "scan/timing.h"

#define MS	1000LL
#define S	1000000LL
#define G_US	1000	/* the least 4 RTTVAR counts for: a clock tick */

/*
 * nmap's -T0 .. -T5 as sockt reads them: -T0 to -T2 one probe at a time,
 * 300 s, 15 s and 0.4 s apart; -T3, the default, as fast as the open
 * file limit allows; -T4 and -T5 nmap's tighter limits and fewer
 * retries, and a host's window larger from the start.
 */
static const struct scan_timing levels[] = {
	{ 0, 300 * S, 100 * MS, 300 * S, 10, 1, 1.0 / 300, 1, 1 },
	{ 1, 15 * S, 100 * MS, 15 * S, 10, 1, 1.0 / 15, 1, 1 },
	{ 2, 1 * S, 100 * MS, 10 * S, 10, 1, 2.5, 1, 1 },
	{ 3, 1 * S, 100 * MS, 10 * S, 10, 0, 0, 256, 4 },
	{ 4, 500 * MS, 100 * MS, 1250 * MS, 6, 0, 0, 512, 8 },
	{ 5, 250 * MS, 50 * MS, 300 * MS, 2, 0, 0, 1024, 8 },
};

/* no pointers: no relocations in a position-independent binary */
static const char words[][11] = {
	"paranoid", "sneaky", "polite", "normal", "aggressive", "insane"
};

/* Fill t with -T level's values.  Returns 0, or -1 for no such level. */
int
scan_timing_level(int level, struct scan_timing *t)
{
	if (level < 0 || level > 5)
		return -1;
	*t = levels[level];
	return 0;
}

/* The level a -T argument names, a digit or nmap's word; -1 for none. */
int
scan_timing_word(const char *s)
{
	int i;

	if (s[0] >= '0' && s[0] <= '5' && s[1] == '\0')
		return s[0] - '0';
	for (i = 0; i < 6; i++)
		if (strcmp(s, words[i]) == 0)
			return i;
	return -1;
}

/*
 * One round trip, us microseconds, into r (RFC 6298, 2.2 and 2.3): the
 * first sets SRTT to it and RTTVAR to half of it, the rest move SRTT by
 * an eighth of the difference and RTTVAR by a quarter of its change.
 */
void
scan_rtt_sample(struct scan_rtt *r, int64_t us)
{
	int64_t d;

	if (us < 0)
		us = 0;
	if (r->n++ == 0) {
		r->srtt = us;
		r->rttvar = us / 2;
		return;
	}
	d = r->srtt > us ? r->srtt - us : us - r->srtt;
	r->rttvar = (3 * r->rttvar + d) / 4;
	r->srtt = (7 * r->srtt + us) / 8;
}

/*
 * How long a probe that is try number tries (0: the first) waits for its
 * answer: before any sample t's initial value, the same for every try
 * (nothing to back off from: a host that never answered is not slowed);
 * then SRTT + 4 RTTVAR, doubled for each try spent up to
 * SCAN_BACKOFF_MAX times, clamped to the floor and the ceiling.  4
 * RTTVAR counts for a quarter of SRTT at least (and a clock tick): a
 * path without jitter has an RTTVAR near 0, and a host or router that
 * takes a few ms longer once would then lose every probe it delays.
 */
int64_t
scan_rtt_limit(const struct scan_rtt *r, const struct scan_timing *t,
    int tries)
{
	int64_t v, m;

	if (r->n == 0)
		return t->initial_us;
	m = 4 * r->rttvar;
	if (m < r->srtt / 4)
		m = r->srtt / 4;
	v = r->srtt + (m > G_US ? m : G_US);
	v <<= tries < SCAN_BACKOFF_MAX ? tries : SCAN_BACKOFF_MAX;
	if (v < t->floor_us)
		v = t->floor_us;
	if (v > t->ceiling_us)
		v = t->ceiling_us;
	return v;
}

/*
 * How many tries a probe that gets no answer deserves before its port
 * is called filtered, on a host that answered answered probes and lost
 * lost tries of them (a try that went unanswered when a later one was
 * answered), with ports ports to scan; max_try_answered is the highest
 * try number (0: the first) that had an answer.  With no loss seen, two
 * (one retry, as nmap's least).  Else the fewest tries k for which the
 * ports that answer would, all lost k times, be expected fewer than
 * SCAN_LOSS_EPS times, the loss rate taken as (lost + 1) / (answered +
 * lost + 1) (so a host that lost 1 in 10 is not trusted as one that lost
 * 10 in 100); and at least one more than the try that was answered last,
 * as nmap.  At most cap (--retries + 1), at least 1.
 */
int
scan_tries_needed(uint64_t answered, uint64_t lost, uint64_t ports,
    int max_try_answered, int cap)
{
	double p, expect;
	int k = 2;

	if (lost > 0) {
		p = (double)(lost + 1) / (double)(answered + lost + 1);
		expect = (double)(ports > 0 ? ports : 1) * p * p;
		while (expect > SCAN_LOSS_EPS && k < cap) {
			expect *= p;
			k++;
		}
	}
	if (k < max_try_answered + 2)
		k = max_try_answered + 2;
	if (k > cap)
		k = cap;
	return k < 1 ? 1 : k;
}

void
scan_cwnd_init(struct scan_cwnd *w, const struct scan_timing *t)
{
	memset(w, 0, sizeof(*w));
	w->cwnd = w->low = t->cwnd_init;
	w->ssthresh = HUGE_VAL;
	w->cut_us = INT64_MIN;
}

/*
 * An answer: one more probe in slow start, a window's worth more each
 * window after.  A window far above what is in flight is no measure of the
 * path: it grows only to twice that (RFC 7661's spirit), and never
 * beyond max.
 */
static void
cwnd_grow(struct scan_cwnd *w, int in_flight, int max)
{
	double lim = 2.0 * (in_flight + 1);

	if (w->cwnd >= lim)
		return;
	if (w->cwnd < w->ssthresh)
		w->cwnd += 1;
	else
		w->cwnd += 1 / w->cwnd;
	if (max > 0 && w->cwnd > max)
		w->cwnd = max;
}

/*
 * Cut the window at now_us: hard, to half of what is in flight (or of
 * the window, if less), when the losses are many, as a queue overflowing
 * loses them; else by a fifth only, as random losses on a poor link
 * (radio, an emulated path) come whatever the window, and halving it for
 * each would starve a scan whose silent ports hold much of it.  Never
 * below min.
 */
static void
cwnd_cut(struct scan_cwnd *w, int64_t now_us, int in_flight, int min,
    int hard)
{
	double c = w->cwnd;

	if (hard) {
		if (c > in_flight + 1)
			c = in_flight + 1;
		c /= 2;
	} else
		c -= c / 5;
	if (c < min)
		c = min;
	w->cwnd = w->ssthresh = c;
	w->cut_us = now_us;
	w->cuts++;
	w->run = 0;
	if (c < w->low)
		w->low = c;
}

/*
 * An answer to a probe that was try number tries (its earlier tries
 * lost; the one before it sent at lost_us, 0 if not known) at now_us,
 * with in_flight probes still out, from a host that lost the fraction
 * loss of its tries so far: a first try grows the window, a retry cuts
 * it, once for the probes of one window (a loss of a try sent before
 * the last cut was seen by that cut), hard when losses run above
 * SCAN_LOSS_HARD.  (The host's whole history, not a recent mean: a
 * scan's losses come to light in bursts, as the retries of a round are
 * answered together.)
 */
void
scan_cwnd_answer(struct scan_cwnd *w, int tries, int64_t lost_us,
    int64_t now_us, int in_flight, int min, int max, double loss)
{
	w->run = 0;
	w->undo = 0;
	if (w->armed < SCAN_SILENT_RUN)
		w->armed++;
	if (tries == 0)
		cwnd_grow(w, in_flight, max);
	else if (lost_us != 0 && lost_us > w->cut_us)
		cwnd_cut(w, now_us, in_flight, min, loss > SCAN_LOSS_HARD);
}

/*
 * A first try sent at sent_us went unanswered, and the host answered
 * nothing since: one that answered before and now lets SCAN_SILENT_RUN
 * such probes in a row go unanswered has fallen silent, as an
 * overflowing queue or a rate limit makes it: a hard cut.  But once
 * only until SCAN_SILENT_RUN answers came again: a firewall that drops
 * every port past the few it lets through is silence too, and would
 * otherwise cut the window to its least, a cut for every few probes,
 * with no answer ever to grow it back (nmap cuts on proven loss alone);
 * and scan_cwnd_undo takes it back when it bought no answer.  Returns 1
 * when it cut.
 */
int
scan_cwnd_silence(struct scan_cwnd *w, int64_t sent_us, int64_t now_us,
    int in_flight, int min)
{
	double c = w->cwnd, ss = w->ssthresh;

	if (++w->run < SCAN_SILENT_RUN || sent_us <= w->cut_us ||
	    w->armed < SCAN_SILENT_RUN)
		return 0;
	cwnd_cut(w, now_us, in_flight, min, 1);
	w->armed = 0;
	w->undo = c;
	w->undo_ss = ss;
	return 1;
}

/*
 * A probe sent at sent_us went unanswered, and the host answered nothing
 * since: if it went after a silence cut, that cut bought no answer, so
 * the silence was not of the window's making (a firewall's, not a queue
 * that overflowed): the window it had comes back (as TCP undoes a
 * spurious timeout's cut, RFC 4015).  Returns 1 when it did.
 */
int
scan_cwnd_undo(struct scan_cwnd *w, int64_t sent_us)
{
	if (w->undo <= 0 || sent_us <= w->cut_us)
		return 0;
	w->cwnd = w->undo;
	w->ssthresh = w->undo_ss;
	w->undo = 0;
	return 1;
}

/* May a host with in_flight probes out send one more? */
int
scan_cwnd_room(const struct scan_cwnd *w, int in_flight)
{
	return (double)in_flight < w->cwnd;
}
