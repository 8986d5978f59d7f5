/*
 * clock.c: the one clock every timeout and rate is measured on; and the
 * wall clock's now in words, for nmap's -oG and the proxies' record.
 */
#include <stdio.h>
#include <string.h>
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

/* Now, "Mon Nov 23 09:11:27 2026", as ctime writes it; "?" if unknown. */
void
clock_ctime(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm *tm = localtime(&t);

	if (tm == NULL || strftime(buf, len, "%a %b %e %H:%M:%S %Y", tm) == 0)
		snprintf(buf, len, "?");
}

/*
 * Now in UTC as ISO 8601 with milliseconds, "2026-11-23T09:11:27.042Z",
 * what log tools read without a time zone to guess; "?" if unknown.
 * The whole seconds are made again only when they change: a proxy's
 * record asks for every request.
 */
void
clock_iso8601(char *buf, size_t len)
{
	static time_t last = -1;
	static char s[32];
	struct timespec ts;
	struct tm tm;

	if (clock_gettime(CLOCK_REALTIME, &ts) == -1) {
		snprintf(buf, len, "?");
		return;
	}
	if (ts.tv_sec != last) {
		last = -1;
		if (gmtime_r(&ts.tv_sec, &tm) == NULL ||
		    strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%S", &tm) == 0) {
			snprintf(buf, len, "?");
			return;
		}
		last = ts.tv_sec;
	}
	/* "%s.%03ldZ", without printf's cost */
	if (len < 25) {
		snprintf(buf, len, "?");
		return;
	}
	memcpy(buf, s, 19);
	buf[19] = '.';
	buf[20] = (char)('0' + ts.tv_nsec / 100000000);
	buf[21] = (char)('0' + ts.tv_nsec / 10000000 % 10);
	buf[22] = (char)('0' + ts.tv_nsec / 1000000 % 10);
	buf[23] = 'Z';
	buf[24] = '\0';
}
