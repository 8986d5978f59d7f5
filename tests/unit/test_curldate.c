/*
 * Unit tests for -z's dates as curl 7.88's curl_getdate reads them
 * (src/parse/curldate.c).  Each expected value is what curl 7.88.1's
 * libcurl gave for the same text.
 */
#include <string.h>

#include "parse/curldate.h"
#include "tap.h"

/* s reads as the date curl writes as want */
static int
reads(const char *s, const char *want)
{
	char b[CURLDATE_LEN];
	long long t = -7;

	return curldate_parse(s, &t) == 0 &&
	    curldate_format(t, b, sizeof(b)) > 0 && strcmp(b, want) == 0;
}

static int
refused(const char *s)
{
	long long t = -7;

	return curldate_parse(s, &t) == -1 && t == -7;
}

int
main(void)
{
	char small[CURLDATE_LEN - 1];
	long long t = -7;

	/* HTTP's three forms */
	ok(reads("Sun, 06 Nov 1994 08:49:37 GMT",
	    "Sun, 06 Nov 1994 08:49:37 GMT"), "IMF-fixdate");
	ok(reads("Sunday, 06-Nov-94 08:49:37 GMT",
	    "Sun, 06 Nov 1994 08:49:37 GMT"), "RFC 850");
	ok(reads("Sun Nov  6 08:49:37 1994", "Sun, 06 Nov 1994 08:49:37 GMT"),
	    "asctime");
	/* curl's own */
	ok(reads("dec 12 12:00:00 1999 GMT", "Sun, 12 Dec 1999 12:00:00 GMT"),
	    "month first, the year after the time");
	ok(reads("12 dec 1999", "Sun, 12 Dec 1999 00:00:00 GMT"), "no time");
	ok(reads("19991212", "Sun, 12 Dec 1999 00:00:00 GMT"), "YYYYMMDD");
	ok(reads("1999 dec 12", "Sun, 12 Dec 1999 00:00:00 GMT"),
	    "the year first");
	ok(reads("12dec1999", "Sun, 12 Dec 1999 00:00:00 GMT"),
	    "no separators");
	ok(reads("12:5 dec 12 1999", "Sun, 12 Dec 1999 12:05:00 GMT"),
	    "a clock without seconds");
	ok(reads("12: 5: 3 12 dec 1999", "Sun, 12 Dec 1999 12:05:03 GMT"),
	    "scanf's blanks inside a clock");
	ok(reads("12:-5:-3 12 dec 1999", "Sun, 12 Dec 1999 11:54:57 GMT"),
	    "scanf's signs inside a clock");
	ok(reads("12 dec 1999 23:59:60", "Mon, 13 Dec 1999 00:00:00 GMT"),
	    "a leap second");
	ok(reads("19991200", "Tue, 30 Nov 1999 00:00:00 GMT"),
	    "day 0 of YYYYMMDD");
	ok(reads("19990012 dec", "Sun, 12 Dec 1999 00:00:00 GMT"),
	    "month 0 of YYYYMMDD, then a month name");
	/* zones */
	ok(reads("12 dec 1999 12:00 +0100", "Sun, 12 Dec 1999 11:00:00 GMT"),
	    "+HHMM");
	ok(reads("12 dec 1999 12:00 -1400", "Mon, 13 Dec 1999 02:00:00 GMT"),
	    "-1400");
	ok(reads("12 dec 1999 12:00 CEST", "Sun, 12 Dec 1999 10:00:00 GMT"),
	    "a named summer zone");
	ok(reads("Mon, 12 dec 1999 10:00:00 NZDT",
	    "Sat, 11 Dec 1999 21:00:00 GMT"), "NZDT");
	ok(reads("12 dec 1999 Z", "Sun, 12 Dec 1999 00:00:00 GMT"),
	    "a military letter");
	ok(reads("+0100 12 dec 1999", "Sat, 11 Dec 1999 23:00:00 GMT"),
	    "the zone first");
	/* years */
	ok(reads("12 dec 70", "Fri, 12 Dec 2070 00:00:00 GMT"), "70 is 2070");
	ok(reads("12 dec 71", "Sun, 12 Dec 1971 00:00:00 GMT"), "71 is 1971");
	ok(reads("12 dec 1583", "Mon, 12 Dec 1583 00:00:00 GMT"),
	    "1583 written with four digits");
	ok(reads("12 dec 2999999", "Sun, 12 Dec 2999999 00:00:00 GMT"),
	    "a year past 9999");
	ok(curldate_parse("31 dec 1969 23:59:59 GMT", &t) == 0 && t == 0,
	    "-1 is 0, as curl_getdate's");
	/* what curl does not read */
	ok(refused("1999-12-12"), "ISO 8601 is no date to curl");
	ok(refused("December 12 1999"), "a month's full name");
	ok(refused("12 dec 1582"), "before 1583");
	ok(refused("12 dec 2147483648"), "a year past INT_MAX");
	ok(refused("12 dec 1999 12:00:00 GMT junk"), "a sixth word unknown");
	ok(refused("12 dec 1999 12:00 +1401"), "+1401 is no zone");
	ok(refused("32 dec 1999"), "day 32");
	ok(refused("12 12 1999"), "no month");
	ok(refused("12 dec 1999 24:00"), "hour 24");
	ok(refused("12 dec 1999 J"), "J, the observer's time");
	ok(refused("12 dec 1999 gmt utc"), "two zones");
	ok(refused("Sun Sun 12 dec 1999"), "two days of the week");
	ok(refused("junk"), "a word");
	ok(refused(""), "nothing");
	ok(curldate_format(0, small, sizeof(small)) == 0, "a small buffer");
	return tap_done();
}
