/*
 * clock.c: the one clock every timeout and rate is measured on; and the
 * wall clock's now in words, for nmap's -oG.
 */
#include <stdio.h>
#include <time.h>

#include "util/clock.h"

/*
 * Microseconds on CLOCK_MONOTONIC: the precision curl's timings have.
 * CLOCK_MONOTONIC is in every POSIX.1-2008 system we build on, so the
 * call cannot fail with a valid clock and pointer.
 */
long long
mono_us(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/*
 * Milliseconds on the same clock: only differences mean anything, and a
 * change of the wall clock (NTP, date -s) cannot stretch or cut a
 * timeout.  Whole microseconds cut to whole milliseconds are the
 * nanoseconds cut to milliseconds at once: the same number.
 */
long long
mono_ms(void)
{
	return mono_us() / 1000;
}

/*
 * poll(2)'s timeout at now (mono_ms) for the nearer of deadlines a and b,
 * each -1 for none: -1 when neither is set, 0 once it has passed.
 */
int
mono_wait(long long a, long long b, long long now)
{
	long long deadline = a == -1 || (b != -1 && b < a) ? b : a;

	return deadline == -1 ? -1 : deadline <= now ? 0 :
	    (int)(deadline - now);
}

/*
 * One more of a thing that may come thousands of times a second (a
 * failure that repeats, a datagram dropped), counted in t at now
 * (mono_ms): how many to say now, this one and those held since the
 * last said, or 0 to hold it, so that it is said at most once every ms.
 */
long long
mono_tally(struct mono_tally *t, long long now, int ms)
{
	long long n;

	t->held++;
	if (t->said != 0 && now - t->said < ms)
		return 0;
	/* 0 means never said: a clock at 0 is said as at 1 */
	t->said = now != 0 ? now : 1;
	n = t->held;
	t->held = 0;
	return n;
}

/* Now, "Mon Nov 23 09:11:27 2026", as ctime writes it; "?" if unknown. */
void
clock_ctime(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm *tm = localtime(&t);

	if (tm == NULL || strftime(buf, len, "%a %b %e %H:%M:%S %Y", tm) == 0)
		snprintf(buf, len, "?");
}
