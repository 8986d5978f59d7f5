/*
 * clock.c: the one clock every timeout and rate is measured on.
 */
#include <time.h>

#include "util/clock.h"

/*
 * Milliseconds on CLOCK_MONOTONIC: only differences mean anything, and a
 * change of the wall clock (NTP, date -s) cannot stretch or cut a timeout.
 * CLOCK_MONOTONIC is in every POSIX.1-2008 system we build on, so the
 * call cannot fail with a valid clock and pointer.
 */
long long
mono_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Microseconds on the same clock: the precision curl's timings have. */
long long
mono_us(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
