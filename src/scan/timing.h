/*
 * scan/timing.h: the scanner's timing as the path shows it (issue 47),
 * the pure part: no I/O and no clock of its own, so that the unit tests
 * drive it with made-up times.  The engine (run.c, peer.c) keeps one of
 * each per target host.
 *
 *   - struct scan_timing: a -T level's limits (the floor, ceiling and
 *     first value of a probe's time limit, the most retries, the window
 *     and the pace), nmap's -T0 .. -T5 mapped onto them.
 *   - struct scan_rtt: round-trip times smoothed as TCP does (RFC 6298:
 *     SRTT, RTTVAR), giving a probe's limit SRTT + 4 RTTVAR (a quarter
 *     of SRTT at least), doubled
 *     for each try already spent (up to SCAN_BACKOFF_MAX times) and
 *     clamped to the floor and the ceiling.
 *   - scan_tries_needed: how many tries a silent probe gets before its
 *     port is called filtered, from the losses the host has shown.
 *   - struct scan_cwnd: the probes a host may have in flight once it has
 *     answered, grown by its answers and cut by the losses it proves (as
 *     TCP's congestion window: slow start, then one more a window; cut
 *     at most once for the probes of one window, by half when losses are
 *     many, by a fifth when they are few and random), and by a host
 *     fallen silent.
 * Times are in microseconds.
 */
#ifndef SCAN_TIMING_H
#define SCAN_TIMING_H

#include <stdint.h>

#define SCAN_T_DEFAULT	3	/* -T3, "normal": sockt's default */
#define SCAN_T_WORDS	"0 1 2 3 4 5 paranoid sneaky polite normal " \
			"aggressive insane"
#define SCAN_BACKOFF_MAX 1	/* a retry waits twice as long, no more */
#define SCAN_LOSS_EPS	0.005	/* wrong states a host's scan may expect */
#define SCAN_LOSS_HARD	0.2	/* above it a loss halves the window */
#define SCAN_SILENT_RUN	4	/* first tries unanswered in a row: silent */

struct scan_timing {
	int	 level;		/* -T: 0 .. 5 */
	int64_t	 initial_us;	/* a host's limit before its first answer */
	int64_t	 floor_us;	/* the least limit from samples */
	int64_t	 ceiling_us;	/* the most */
	int	 max_retries;	/* retries at most (--retries overrides) */
	int	 window;	/* probes out at most, 0: the fd limit's */
	double	 rate;		/* probes a second at most, 0: no cap */
	int	 cwnd_init;	/* a host's window at its first answer */
	int	 cwnd_min;	/* the least a cut leaves */
};

struct scan_rtt {
	int64_t	 srtt;		/* smoothed round trip */
	int64_t	 rttvar;	/* its mean deviation */
	uint32_t n;		/* samples taken */
};

struct scan_cwnd {
	double	 cwnd;		/* probes in flight allowed */
	double	 ssthresh;	/* slow start below it */
	int64_t	 cut_us;	/* when it was last cut */
	uint32_t cuts;		/* how often */
	double	 low;		/* the least it has been */
	int	 run;		/* first tries unanswered in a row */
	int	 armed;		/* answers since the last silence cut */
	double	 undo;		/* the window before that cut, while no
				 * answer has proven it right; else 0 */
	double	 undo_ss;	/* and its ssthresh */
};

int	scan_timing_level(int level, struct scan_timing *t);
int	scan_timing_word(const char *s);

void	scan_rtt_sample(struct scan_rtt *r, int64_t us);
int64_t	scan_rtt_limit(const struct scan_rtt *r, const struct scan_timing *t,
	    int tries);

int	scan_tries_needed(uint64_t answered, uint64_t lost, uint64_t ports,
	    int max_try_answered, int cap);

void	scan_cwnd_init(struct scan_cwnd *w, const struct scan_timing *t);
void	scan_cwnd_answer(struct scan_cwnd *w, int tries, int64_t lost_us,
	    int64_t now_us, int in_flight, int min, int max, double loss);
int	scan_cwnd_silence(struct scan_cwnd *w, int64_t sent_us,
	    int64_t now_us, int in_flight, int min);
int	scan_cwnd_undo(struct scan_cwnd *w, int64_t sent_us);
int	scan_cwnd_room(const struct scan_cwnd *w, int in_flight);

#endif /* SCAN_TIMING_H */
