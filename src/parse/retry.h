/*
 * retry.h: when http-get retries a failed transfer, and after how long
 * (--retry, --retry-delay, --retry-max-time).  Pure: no I/O and no clock
 * of its own; the caller passes "now" in milliseconds.  Which failures
 * may be retried at all is the command's to say; retry_status names the
 * HTTP statuses that may (408, 429, 500, 502, 503, 504, as curl).
 */
#ifndef RETRY_H
#define RETRY_H

#include <stddef.h>

#define RETRY_FIRST_MS	1000		/* the first backoff delay */
#define RETRY_CAP_MS	600000		/* backoff doubles up to 10 min */

struct retry_opts {
	long long	 max;		/* --retry: retries after the first try */
	long long	 delay_ms;	/* --retry-delay; 0: backoff */
	long long	 max_time_ms;	/* --retry-max-time; 0: none */
	int		 all;		/* --retry-all-errors: any failure */
};

struct retry_state {
	long long	 used;		/* retries made so far */
	long long	 backoff_ms;	/* the next computed delay */
	long long	 start_ms;	/* the first try began */
};

enum retry_verdict {
	RETRY_GO,		/* retry after *wait_ms */
	RETRY_NONE_LEFT,	/* all --retry tries are used */
	RETRY_TIME_UP		/* the wait would end past --retry-max-time */
};

/* retry_init: before the first try, which began at now. */
void	retry_init(struct retry_state *st, long long now);

/*
 * retry_plan: may a failure at now be retried, and after how long?  The
 * wait is --retry-delay or the backoff, or the server's Retry-After
 * (after_ms, -1 for none) when that is longer, as curl has it; a retry
 * whose wait would end more than --retry-max-time after the first try
 * began is not made.  Changes nothing: retry_take commits a RETRY_GO.
 */
enum retry_verdict retry_plan(const struct retry_opts *o,
	    const struct retry_state *st, long long now, long long after_ms,
	    long long *wait_ms);

/* retry_take: one retry is made: count it and double the backoff. */
void	retry_take(const struct retry_opts *o, struct retry_state *st);

/* retry_status: is an HTTP status one worth retrying?  1 or 0. */
int	retry_status(int status);

/*
 * retry_secs: a wait of ms in seconds into buf (cap >= 32): whole
 * seconds as "2 s", fractions as "0.25 s".
 */
void	retry_secs(long long ms, char *buf, size_t cap);

#endif /* RETRY_H */
