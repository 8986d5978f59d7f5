/*
 * retry.c: the retry policy of http-get (retry.h): curl's rules, with
 * one bound made strict: no wait may run past --retry-max-time.
 */
#include <stdio.h>
#include <string.h>

#include "parse/retry.h"

void
retry_init(struct retry_state *st, long long now)
{
	st->used = 0;
	st->backoff_ms = RETRY_FIRST_MS;
	st->start_ms = now;
}

enum retry_verdict
retry_plan(const struct retry_opts *o, const struct retry_state *st,
    long long now, long long after_ms, long long *wait_ms)
{
	long long wait = o->delay_ms > 0 ? o->delay_ms : st->backoff_ms;

	*wait_ms = 0;
	if (st->used >= o->max)
		return RETRY_NONE_LEFT;
	/* the server knows best when it will be back: the longer wins */
	if (after_ms > wait)
		wait = after_ms;
	if (o->max_time_ms > 0 && (now - st->start_ms >= o->max_time_ms ||
	    wait > o->max_time_ms - (now - st->start_ms)))
		return RETRY_TIME_UP;
	*wait_ms = wait;
	return RETRY_GO;
}

void
retry_take(const struct retry_opts *o, struct retry_state *st)
{
	st->used++;
	if (o->delay_ms == 0 && st->backoff_ms < RETRY_CAP_MS)
		st->backoff_ms = st->backoff_ms * 2 > RETRY_CAP_MS ?
		    RETRY_CAP_MS : st->backoff_ms * 2;
}

int
retry_status(int status)
{
	switch (status) {
	case 408:	/* Request Timeout */
	case 429:	/* Too Many Requests */
	case 500:	/* Internal Server Error */
	case 502:	/* Bad Gateway */
	case 503:	/* Service Unavailable */
	case 504:	/* Gateway Timeout */
		return 1;
	default:
		return 0;
	}
}

void
retry_secs(long long ms, char *buf, size_t cap)
{
	size_t n;

	(void)snprintf(buf, cap, "%lld.%03lld", ms / 1000, ms % 1000);
	n = strlen(buf);
	while (buf[n - 1] == '0')
		buf[--n] = '\0';
	if (buf[n - 1] == '.')
		buf[--n] = '\0';
	(void)snprintf(buf + n, cap - n, " s");
}
