/*
 * clock.c: the one clock every timeout and rate is measured on; and the
 * wall clock's now in words, for nmap's -oG and the proxies' record.
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

/* n as width digits at p */
static void
put_digits(char *p, long n, int width)
{
	while (width-- > 0) {
		p[width] = (char)('0' + n % 10);
		n /= 10;
	}
}

/*
 * sec.nsec since 1970 in UTC as ISO 8601 with milliseconds,
 * "2026-11-23T09:11:27.042Z", what log tools read without a time zone
 * to guess; "?" if out of range or len < 25.
 * Without gmtime and strftime, whose first call in each process (a
 * proxy's child) costs more than the rest of a request's record: the
 * civil date from the days since 1970 (Howard Hinnant's days_from_civil
 * turned round), for 1970 to 9999.
 */
void
clock_iso8601_at(long long sec, long nsec, char *buf, size_t len)
{
	long long days, era, doe, yoe, y, doy, mp, secs;

	if (len < 25 || sec < 0 || sec >= 253402300800LL || nsec < 0 ||
	    nsec >= 1000000000L) {
		snprintf(buf, len, "?");
		return;
	}
	days = sec / 86400 + 719468;
	secs = sec % 86400;
	era = days / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	put_digits(buf, (long)(y + (mp >= 10)), 4);
	buf[4] = '-';
	put_digits(buf + 5, (long)(mp < 10 ? mp + 3 : mp - 9), 2);
	buf[7] = '-';
	put_digits(buf + 8, (long)(doy - (153 * mp + 2) / 5 + 1), 2);
	buf[10] = 'T';
	put_digits(buf + 11, (long)(secs / 3600), 2);
	buf[13] = ':';
	put_digits(buf + 14, (long)(secs / 60 % 60), 2);
	buf[16] = ':';
	put_digits(buf + 17, (long)(secs % 60), 2);
	buf[19] = '.';
	put_digits(buf + 20, nsec / 1000000, 3);
	buf[23] = 'Z';
	buf[24] = '\0';
}

void
clock_iso8601(char *buf, size_t len)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) == -1)
		snprintf(buf, len, "?");
	else
		clock_iso8601_at((long long)ts.tv_sec, ts.tv_nsec, buf, len);
}
