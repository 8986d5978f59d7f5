/* Unit tests for parse_num and parse_secs (src/num.c). */
#include <limits.h>

#include "tap.h"
#include "util/base.h"
#include "util/num.h"

int
main(void)
{
	long long v = -7;
	const char *e = NULL;
	int ms = -7;
	char err[SK_ERRLEN];

	is_int(parse_num("42", 0, 100, &v, &e), 0, "42 in range");
	is_int(v, 42, "42 value");
	is_int(parse_num("-5", -10, 10, &v, &e), 0, "negative in range");
	is_int(v, -5, "negative value");
	is_int(parse_num("101", 0, 100, &v, &e), -1, "above max");
	is_str(e, "too large", "above max reason");
	is_int(parse_num("-1", 0, 100, &v, &e), -1, "below min");
	is_str(e, "too small", "below min reason");
	is_int(parse_num("12x", 0, 100, &v, &e), -1, "trailing junk");
	is_str(e, "not a number", "trailing junk reason");
	is_int(parse_num("", 0, 100, &v, &e), -1, "empty");
	is_int(parse_num(" 5", 0, 100, &v, &e), -1, "leading space");
	is_int(parse_num("+5", 0, 100, &v, &e), -1, "plus sign");
	/* found by fuzz_num: strtoll skipped these before the digits */
	is_int(parse_num("\v5", 0, 100, &v, &e), -1, "leading vertical tab");
	is_str(e, "not a number", "leading vertical tab reason");
	is_int(parse_num("\r7", 0, 100, &v, &e), -1, "leading CR");
	is_int(parse_num("\f7", 0, 100, &v, &e), -1, "leading form feed");
	is_int(parse_num("-+5", -10, 100, &v, &e), -1, "minus plus");
	is_int(parse_num("- 5", -10, 100, &v, &e), -1, "minus space");
	is_int(parse_num("-", -10, 100, &v, &e), -1, "minus alone");
	is_int(parse_num("-0", -10, 100, &v, &e), 0, "minus zero");
	is_int(v, 0, "minus zero value");
	is_int(parse_num("99999999999999999999999", 0, 100, &v, &e), -1,
	    "overflow");
	is_str(e, "too large", "overflow reason");
	is_int(parse_num("-99999999999999999999999", 0, 100, &v, &e), -1,
	    "underflow");
	is_str(e, "too small", "underflow reason");

	is_int(parse_secs("3", &ms, &e), 0, "3 s");
	is_int(ms, 3000, "3 s in ms");
	is_int(parse_secs("0.25", &ms, &e), 0, "0.25 s");
	is_int(ms, 250, "0.25 s in ms");
	is_int(parse_secs(".5", &ms, &e), 0, ".5 s");
	is_int(ms, 500, ".5 s in ms");
	is_int(parse_secs("1.2345", &ms, &e), 0, "sub-ms digits ignored");
	is_int(ms, 1234, "1.2345 s in ms");
	is_int(parse_secs("0", &ms, &e), 0, "0 s");
	is_int(ms, 0, "0 s in ms");
	is_int(parse_secs("1000000", &ms, &e), 0, "1000000 s");
	is_int(parse_secs("1000000.5", &ms, &e), -1, "over the limit");
	is_str(e, "too large", "over the limit reason");
	is_int(parse_secs("70000000", &ms, &e), -1, "far over the limit");
	is_int(parse_secs("-1", &ms, &e), -1, "negative");
	is_str(e, "too small", "negative reason");
	is_int(parse_secs("1e3", &ms, &e), -1, "exponent");
	is_str(e, "not a number", "exponent reason");
	is_int(parse_secs(".", &ms, &e), -1, "dot alone");
	is_int(parse_secs("", &ms, &e), -1, "empty");
	is_int(parse_secs("inf", &ms, &e), -1, "inf");

	/* nmap's times: --host-timeout */
	is_int(parse_time_unit("500ms", &ms, &e), 0, "500ms");
	is_int(ms, 500, "500ms in ms");
	is_int(parse_time_unit("5s", &ms, &e), 0, "5s");
	is_int(ms, 5000, "5s in ms");
	is_int(parse_time_unit("1.5m", &ms, &e), 0, "1.5m");
	is_int(ms, 90000, "1.5m in ms");
	is_int(parse_time_unit("1h", &ms, &e), 0, "1h");
	is_int(ms, 3600000, "1h in ms");
	is_int(parse_time_unit("7", &ms, &e), 0, "a bare number");
	is_int(ms, 7000, "a bare number is seconds");
	is_int(parse_time_unit("5x", &ms, &e), -1, "5x");
	is_str(e, "bad unit (ms, s, m or h)", "5x reason");
	is_int(parse_time_unit("h", &ms, &e), -1, "a unit alone");
	is_int(parse_time_unit("1000000h", &ms, &e), -1, "past INT_MAX ms");
	is_str(e, "too large", "past INT_MAX reason");

	ms = -7;
	is_int(parse_secs_opt("timeout", "2.5", 0, &ms, err), 0,
	    "option seconds");
	is_int(ms, 2500, "option seconds in ms");
	is_int(parse_secs_opt("timeout", "0", 0, &ms, err), -1, "0 refused");
	is_str(err, "timeout 0: must be more than 0", "0 refused message");
	is_int(ms, 2500, "a refused value leaves ms alone");
	is_int(parse_secs_opt("quit delay", "0", 1, &ms, err), 0,
	    "0 allowed");
	is_int(ms, 0, "0 allowed value");
	is_int(parse_secs_opt("idle timeout", "x", 1, &ms, err), -1,
	    "not a number");
	is_str(err, "idle timeout x: not a number", "reason after the value");

	/* parse_size: curl's suffixes, 1024-based */
	is_int(parse_size("100", 0, LLONG_MAX, &v, &e), 0, "size 100");
	ok(v == 100, "size 100 value");
	is_int(parse_size("100k", 0, LLONG_MAX, &v, &e), 0, "size 100k");
	ok(v == 102400, "size 100k value");
	is_int(parse_size("2M", 0, LLONG_MAX, &v, &e), 0, "size 2M");
	ok(v == 2097152, "size 2M value");
	is_int(parse_size("1g", 0, LLONG_MAX, &v, &e), 0, "size 1g");
	ok(v == 1073741824LL, "size 1g value");
	is_int(parse_size("3T", 0, LLONG_MAX, &v, &e), 0, "size 3T");
	ok(v == 3298534883328LL, "size 3T value");
	is_int(parse_size("0", 0, LLONG_MAX, &v, &e), 0, "size 0");
	v = -7;
	is_int(parse_size("0", 1, LLONG_MAX, &v, &e), -1, "size 0 below min");
	is_str(e, "too small", "size 0 below min reason");
	ok(v == -7, "a refused size leaves the value alone");
	is_int(parse_size("-1", 0, LLONG_MAX, &v, &e), -1, "size -1");
	is_str(e, "too small", "size -1 reason");
	is_int(parse_size("k", 0, LLONG_MAX, &v, &e), -1, "suffix alone");
	is_str(e, "not a number", "suffix alone reason");
	is_int(parse_size("1.5M", 0, LLONG_MAX, &v, &e), -1, "a fraction");
	is_int(parse_size("10kb", 0, LLONG_MAX, &v, &e), -1, "two letters");
	is_int(parse_size("10P", 0, LLONG_MAX, &v, &e), -1, "no P");
	is_int(parse_size(" 10", 0, LLONG_MAX, &v, &e), -1, "leading space");
	is_int(parse_size("+10", 0, LLONG_MAX, &v, &e), -1, "plus sign");
	is_int(parse_size("", 0, LLONG_MAX, &v, &e), -1, "empty size");
	is_int(parse_size("8388608T", 0, LLONG_MAX, &v, &e), -1,
	    "8388608T overflows");
	is_str(e, "too large", "overflow reason");
	is_int(parse_size("8388607T", 0, LLONG_MAX, &v, &e), 0,
	    "8388607T fits");
	is_int(parse_size("99999999999999999999", 0, LLONG_MAX, &v, &e), -1,
	    "too many digits");
	is_str(e, "too large", "too many digits reason");
	is_int(parse_size("2k", 0, 2047, &v, &e), -1, "above max");
	is_str(e, "too large", "above max reason");
	num_duration(40.2, err, sizeof(err));
	is_str(err, "40 s", "a duration in seconds");
	num_duration(0.2, err, sizeof(err));
	is_str(err, "1 s", "under a second: 1 s");
	num_duration(600, err, sizeof(err));
	is_str(err, "10 minutes", "in minutes");
	num_duration(3.2 * 3600, err, sizeof(err));
	is_str(err, "3.2 hours", "in hours");
	num_duration(8.7 * 365.25 * 86400, err, sizeof(err));
	is_str(err, "8.7 years", "in years");
	return tap_done();
}
