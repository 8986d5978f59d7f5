/*
 * scan/rate.h: one rate for a whole sweep, found from its own losses
 * (issue 62), the pure part: fed events and the clock by the engine
 * (run.c, pace.c), no I/O and no clock of its own, so that the unit
 * test drives it with made-up times.  Times are in microseconds.
 *
 * A host's window (timing.h) reads the losses a host shows; a sweep of
 * one port on each of many hosts shows none: each host is probed once,
 * and a bottleneck all of them sit behind drops what a burst sends past
 * it.  The scheme is TCP's loss-based one (AIMD with a delivery-rate
 * floor, as BBR estimates its bandwidth), because a scanner's only
 * reliable congestion signal is a loss proven, and proven late: a retry
 * answered proves the try before it lost, a probe limit after it went.
 *
 *   - No cap until a loss is proven or likely (slow start without a
 *     ceiling): a path that drops nothing, loopback or a sparse sweep of
 *     dead hosts, pays nothing at all.  Likely: the first try of a host
 *     that never answered timed out, where one host in SILENT_RATIO or
 *     more of those probed answered (a host that answered has its own
 *     window for its silences, timing.h's, and a sparse sweep's dead
 *     hosts are no sign of congestion); the rate
 *     is then half the answers a second the path delivered lately (in a
 *     burst past a bottleneck the answers come at about its rate, plus
 *     its queue's and its bucket's share), before the retries go.
 *     Once capped, silence beyond what the sweep's down hosts explain
 *     (ports silent after every try, against ports answered) among the
 *     tries sent since the last cut is loss too, and cuts, when 16 of
 *     them or more were answered (a sweep's tail, its down hosts' last
 *     tries alone, is silence among no answers).
 *   - A proven loss of a probe sent after the last cut cuts the rate
 *     once (losses of probes sent before it were the old rate's): to the
 *     answers a second the path delivered lately, when the sweep had no
 *     cap yet, else to 7/8 of the rate the lost probe went at.
 *   - While the pacer holds probes back, the rate grows by 1/32 every
 *     100 ms (about 36% a second): the path is probed upwards until it
 *     drops again.
 *   - --min-rate and --max-rate bound it; --rate fixes it (the rate is
 *     then never moved, but its losses are still counted).
 *   - A try sent before the last cut went at a rate the path did not
 *     carry: the engine does not count it among a silent port's tries
 *     (scan_rate_doubt), and gives the first try after it one more, so
 *     that its loss, if it is lost, is proven by the next one's answer
 *     and cuts again: the cuts go on until the tries go through.
 */
#ifndef SCAN_RATE_H
#define SCAN_RATE_H

#include <stdint.h>

#define SCAN_RATE_BUCKETS 16	/* answers counted per 100 ms: 1.6 s */
#define SCAN_RATE_BUCKET_US 100000

struct scan_rate {
	double		 rate;		/* probes a second; 0: no cap yet */
	double		 min, max;	/* bounds; 0: none */
	int		 fixed;		/* --rate: never moved */
	int		 held;		/* the pacer held a probe back */
	int64_t		 grow_us;	/* growth counted until */
	int64_t		 cut_us;	/* the last cut (INT64_MIN: none) */
	int64_t		 next_us;	/* the pacer: the next probe then */
	int64_t		 b_t;		/* the current bucket's number */
	int64_t		 b_t0;		/* and its start */
	uint32_t	 b_n[SCAN_RATE_BUCKETS];	/* answers in each */
	double		 carried;	/* the most answers a second seen */
	uint64_t	 answered;	/* answers, retries too */
	uint64_t	 lost;		/* tries proven lost */
	uint64_t	 n_cut;		/* answers to tries sent since the
					 * last cut */
	uint64_t	 s_cut;		/* and their timeouts */
	uint64_t	 dead;		/* ports silent after every try */
	uint64_t	 hosts;		/* hosts probed */
	uint64_t	 hosts_up;	/* of them, those that answered */
	uint32_t	 cuts;
};

void	scan_rate_init(struct scan_rate *r, double fixed, double min,
	    double max);
void	scan_rate_answer_at(struct scan_rate *r, int tries, int64_t sent_us,
	    int64_t lost_us, int64_t now_us);

/*
 * An answer at now_us to a probe's try number tries (0: its first), sent
 * at sent_us, whose try before went at lost_us (scan_rate_answer_at).
 * A first try's answer in the bucket of the last is counted here: every
 * answer of a loopback sweep takes this path, with no call.
 */
static inline void
scan_rate_answer(struct scan_rate *r, int tries, int64_t sent_us,
    int64_t lost_us, int64_t now_us)
{
	if (tries > 0 || now_us < r->b_t0 ||
	    now_us >= r->b_t0 + SCAN_RATE_BUCKET_US) {
		scan_rate_answer_at(r, tries, sent_us, lost_us, now_us);
		return;
	}
	r->b_n[(uint64_t)r->b_t % SCAN_RATE_BUCKETS]++;
	r->answered++;
	if (sent_us >= r->cut_us)
		r->n_cut++;
}
void	scan_rate_silent(struct scan_rate *r, int tries, int64_t sent_us,
	    int64_t now_us, int host_up);
int64_t	scan_rate_wait(struct scan_rate *r, int64_t now_us);
void	scan_rate_sent(struct scan_rate *r, int64_t now_us);
int	scan_rate_doubt(const struct scan_rate *r, int64_t sent_us);
double	scan_rate_loss(const struct scan_rate *r);
void	scan_rate_dead(struct scan_rate *r);

#endif /* SCAN_RATE_H */
