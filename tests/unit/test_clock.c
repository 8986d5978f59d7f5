/*
 * Unit tests for the clocks (util/clock.c): the monotonic clock goes
 * forward, in milliseconds and microseconds alike, the nearer deadline
 * wins, now in ctime's words and in ISO 8601's, a tally told at most
 * once a second.
 */
#include <string.h>
#include <time.h>

#include "tap.h"
#include "util/clock.h"

/* clock_iso8601_at against gmtime_r and strftime, 1970 to 2400 */
static int
iso_as_gmtime(void)
{
	char a[32], b[32];
	struct tm tm;
	time_t t;
	long long s;

	for (s = 0; s < 13569465600LL; s += 9999LL * 3600 + 1) {
		t = (time_t)s;
		if (gmtime_r(&t, &tm) == NULL ||
		    strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%S.000Z", &tm) == 0)
			return 0;
		clock_iso8601_at(s, 0, a, sizeof(a));
		if (strcmp(a, b) != 0)
			return 0;
	}
	return 1;
}

int
main(void)
{
	struct mono_tally t;
	char buf[64], small[4];
	long long a = mono_ms(), us0, ms, us1;

	ok(mono_ms() >= a, "the monotonic clock never goes back");
	us0 = mono_us();
	ms = mono_ms();
	us1 = mono_us();
	ok(us0 / 1000 <= ms && ms <= us1 / 1000, "mono_ms is mono_us's "
	    "clock in whole milliseconds");
	is_int(mono_wait(-1, -1, 0), -1, "no deadline: wait for ever");
	is_int(mono_wait(500, 200, 100), 100, "the nearer deadline");
	clock_ctime(buf, sizeof(buf));
	is_int(strlen(buf), 24, "now as ctime writes it: 24 characters");
	ok(buf[3] == ' ' && buf[7] == ' ' && buf[13] == ':', "... its shape");
	clock_ctime(small, sizeof(small));
	is_str(small, "?", "no room: ?");
	memset(&t, 0, sizeof(t));
	is_int(mono_tally(&t, 5000, 1000), 1, "a tally: the first told at once");
	is_int(mono_tally(&t, 5010, 1000) + mono_tally(&t, 5999, 1000), 0,
	    "... the next held within the second");
	is_int(mono_tally(&t, 6000, 1000), 3, "... then told with those held");
	is_int(mono_tally(&t, 6500, 1000), 0, "... and held again");
	clock_iso8601(buf, sizeof(buf));
	is_int(strlen(buf), 24, "now in ISO 8601: 24 characters");
	ok(buf[4] == '-' && buf[10] == 'T' && buf[19] == '.' &&
	    buf[23] == 'Z', "... its shape, UTC with milliseconds");
	clock_iso8601_at(951782400LL, 7000000L, buf, sizeof(buf));
	is_str(buf, "2000-02-29T00:00:00.007Z", "a leap day (2000)");
	clock_iso8601_at(4107542399LL, 999999999L, buf, sizeof(buf));
	is_str(buf, "2100-02-28T23:59:59.999Z", "2100 is no leap year");
	clock_iso8601_at(0, 0, buf, sizeof(buf));
	is_str(buf, "1970-01-01T00:00:00.000Z", "the epoch");
	clock_iso8601_at(0, 0, small, sizeof(small));
	is_str(small, "?", "no room: ?");
	ok(iso_as_gmtime(), "every 9,999th hour of 1970 to 2400 as gmtime "
	    "and strftime write it");
	return tap_done();
}
