/*
 * Unit tests for the clocks (util/clock.c): the monotonic clock goes
 * forward, in milliseconds and microseconds alike, the nearer deadline
 * wins, now in ctime's words and in ISO 8601's.
 */
#include <string.h>

#include "tap.h"
#include "util/clock.h"

int
main(void)
{
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
	clock_iso8601(buf, sizeof(buf));
	is_int(strlen(buf), 24, "now in ISO 8601: 24 characters");
	ok(buf[4] == '-' && buf[10] == 'T' && buf[19] == '.' &&
	    buf[23] == 'Z', "... its shape, UTC with milliseconds");
	return tap_done();
}
