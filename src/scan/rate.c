/*
 * scan/rate.c: one rate for a whole sweep, found from its own losses
 * (issue 62): the scheme is scan/rate.h's.
 */
#include <stdint.h>
#include <string.h>

#include "scan/rate.h"

#define BUCKET_US	SCAN_RATE_BUCKET_US	/* answers counted by bucket */
#define GROW_US		100000	/* the rate grows this often ... */
#define GROW_DIV	32	/* ... by this share of itself */
#define CUT_MUL		7	/* a cut leaves 7/8 */
#define CUT_DIV		8
#define CREDIT_US	2000	/* the pacer's burst: poll's granularity */
#define FLOOR		10	/* probes a second a cut leaves at least */
#define SILENT_RATIO	8	/* a silence among answers: 1 in this */
#define SILENT_MIN	16	/* answers that make a ratio */
#define EXCESS_RATIO	4	/* capped: silence beyond the down hosts'
				 * in 1 of this many answers is loss */

void
scan_rate_init(struct scan_rate *r, double fixed, double min, double max)
{
	memset(r, 0, sizeof(*r));
	r->fixed = fixed > 0;
	r->min = min;
	r->max = max;
	r->cut_us = INT64_MIN;
	r->b_t0 = INT64_MIN / 2;
}

/* Count the buckets up to now_us's, the ones passed emptied. */
static void
bucket_to(struct scan_rate *r, int64_t now_us)
{
	int64_t b;
	double v;

	/* the answers' path: two compares, no division, in a bucket */
	if (now_us >= r->b_t0 && now_us < r->b_t0 + BUCKET_US)
		return;
	b = now_us / BUCKET_US;
	r->b_t0 = b * BUCKET_US;
	/* the bucket just ended is whole: the most carried yet? */
	v = (double)r->b_n[(uint64_t)r->b_t % SCAN_RATE_BUCKETS] * 1e6 /
	    BUCKET_US;
	if (v > r->carried)
		r->carried = v;
	if (b - r->b_t >= SCAN_RATE_BUCKETS || b < r->b_t)
		memset(r->b_n, 0, sizeof(r->b_n));
	else
		while (r->b_t < b)
			r->b_n[(uint64_t)++r->b_t % SCAN_RATE_BUCKETS] = 0;
	r->b_t = b;
}

/* Answers a second the path delivered lately: the busiest bucket's. */
static double
delivered(const struct scan_rate *r)
{
	uint32_t m = 0;
	int i;

	for (i = 0; i < SCAN_RATE_BUCKETS; i++)
		if (r->b_n[i] > m)
			m = r->b_n[i];
	return (double)m * 1e6 / BUCKET_US;
}

static double
bound(const struct scan_rate *r, double v)
{
	if (v < FLOOR)
		v = FLOOR;
	if (r->min > 0 && v < r->min)
		v = r->min;
	if (r->max > 0 && v > r->max)
		v = r->max;
	return v;
}

/* Cut the rate at now_us: to half the delivered rate if none yet. */
static void
cut(struct scan_rate *r, int64_t now_us)
{
	double v;

	if (r->rate == 0)
		v = delivered(r) / 2;
	else
		v = r->rate * CUT_MUL / CUT_DIV;
	r->rate = bound(r, v);
	r->cut_us = r->grow_us = r->next_us = now_us;
	r->held = 0;
	r->n_cut = r->s_cut = 0;
	r->cuts++;
}

/*
 * scan_rate_answer's (rate.h) other answers: a try answered after tries
 * lost proves them lost; one sent after the last cut cuts the rate.
 */
void
scan_rate_answer_at(struct scan_rate *r, int tries, int64_t sent_us,
    int64_t lost_us, int64_t now_us)
{
	bucket_to(r, now_us);
	r->b_n[(uint64_t)r->b_t % SCAN_RATE_BUCKETS]++;
	r->answered++;
	if (sent_us >= r->cut_us)
		r->n_cut++;
	if (tries <= 0)
		return;
	r->lost += (uint64_t)tries;
	if (r->fixed || lost_us < r->cut_us)
		return;
	cut(r, now_us);
}

/* Tries sent since the last cut that timed out beyond what the sweep's
 * down hosts explain. */
static double
excess(const struct scan_rate *r)
{
	double ok = (double)(r->answered > r->lost ? r->answered : 1);

	return (double)r->s_cut - (double)r->n_cut * (double)r->dead / ok;
}

/*
 * Try number tries, sent at sent_us, timed out at now_us, its host up
 * (it answered before) or not: no proof of a loss (the host may be
 * down), but uncapped, the first try of a host never up where one host
 * probed in SILENT_RATIO answered, or capped, silence beyond what the
 * down hosts explain, the likely sign of one.
 */
void
scan_rate_silent(struct scan_rate *r, int tries, int64_t sent_us,
    int64_t now_us, int host_up)
{
	if (sent_us >= r->cut_us)
		r->s_cut++;
	if (r->fixed)
		return;
	if (r->rate == 0 ? tries == 0 && !host_up &&
	    r->hosts_up >= SILENT_MIN &&
	    r->hosts_up * SILENT_RATIO >= r->hosts :
	    r->s_cut >= SILENT_MIN && r->n_cut >= SILENT_MIN &&
	    excess(r) * EXCESS_RATIO > (double)r->n_cut) {
		bucket_to(r, now_us);
		cut(r, now_us);
	}
}

/* A port stayed silent through every try: its host is down. */
void
scan_rate_dead(struct scan_rate *r)
{
	r->dead++;
}

/*
 * Microseconds until the next probe may go (0: now); growth counted to
 * now_us.
 */
int64_t
scan_rate_wait(struct scan_rate *r, int64_t now_us)
{
	if (r->rate == 0)
		return 0;
	if (now_us - r->grow_us >= GROW_US) {
		if (r->held)
			r->rate = bound(r, r->rate + r->rate / GROW_DIV);
		r->held = 0;
		r->grow_us = now_us;
	}
	if (r->next_us <= now_us)
		return 0;
	r->held = 1;
	return r->next_us - now_us;
}

/* A probe went at now_us. */
void
scan_rate_sent(struct scan_rate *r, int64_t now_us)
{
	if (r->rate == 0)
		return;
	if (r->next_us < now_us - CREDIT_US)
		r->next_us = now_us - CREDIT_US;
	r->next_us += (int64_t)(1e6 / r->rate);
}

/* Was a try sent at sent_us at a rate the path was since shown not to
 * carry?  Then it is no proof of a silent port. */
int
scan_rate_doubt(const struct scan_rate *r, int64_t sent_us)
{
	return !r->fixed && sent_us < r->cut_us;
}

/* The share of tries lost, of those whose fate is known. */
double
scan_rate_loss(const struct scan_rate *r)
{
	uint64_t n = r->answered + r->lost;

	return n > 0 ? (double)r->lost / (double)n : 0;
}
