/* Unit tests for HTTP dates and Retry-After (src/httpdate.c). */
#include <string.h>

#include "parse/httpdate.h"
#include "tap.h"

#define NOW	1795428000LL	/* Mon, 23 Nov 2026 10:00:00 GMT */

static int
parses(const char *s, long long want)
{
	long long t = -1;

	return http_date_parse(s, strlen(s), NOW, &t) == 0 && t == want;
}

static int
refused(const char *s)
{
	long long t = -7;

	return http_date_parse(s, strlen(s), NOW, &t) == -1 && t == -7;
}

static int
formats(long long t, const char *want)
{
	char b[HTTPDATE_LEN + 1];

	return http_date_format(t, b, sizeof(b)) == HTTPDATE_LEN &&
	    strcmp(b, want) == 0;
}

static int
after(const char *s, long long want)
{
	long long d = -1;

	return http_retry_after(s, strlen(s), NOW, &d) == 0 && d == want;
}

int
main(void)
{
	char small[HTTPDATE_LEN];
	long long d = -7;

	/* RFC 9110 section 5.6.7's three examples, one instant */
	ok(parses("Sun, 06 Nov 1994 08:49:37 GMT", 784111777), "IMF-fixdate");
	ok(parses("Sunday, 06-Nov-94 08:49:37 GMT", 784111777), "RFC 850");
	ok(parses("Sun Nov  6 08:49:37 1994", 784111777), "asctime");
	ok(parses("Sun Nov 16 08:49:37 1994", 784111777 + 864000),
	    "asctime, two-digit day");
	ok(parses("  Sun, 06 Nov 1994 08:49:37 GMT\t", 784111777),
	    "white space around");
	ok(parses("Thu, 01 Jan 1970 00:00:00 GMT", 0), "the epoch");
	ok(parses("Tue, 29 Feb 2000 12:00:00 GMT", 951825600), "leap day 2000");
	ok(parses("Fri, 31 Dec 9999 23:59:59 GMT", 253402300799LL), "9999");
	ok(parses("Wed, 31 Dec 1969 23:59:59 GMT", -1), "before the epoch");
	ok(parses("Sat, 31 Dec 2016 23:59:60 GMT", 1483228799),
	    "a leap second is the second before");
	/* the day name is not checked against the date, as curl does not */
	ok(parses("Mon, 06 Nov 1994 08:49:37 GMT", 784111777),
	    "a wrong day name is taken");
	/* RFC 850's century: no more than 50 years after 2026 */
	ok(parses("Wednesday, 01-Jan-76 00:00:00 GMT", 3345062400LL), "76 is 2076");
	ok(parses("Saturday, 01-Jan-77 00:00:00 GMT", 220924800), "77 is 1977");
	ok(parses("Saturday, 01-Jan-00 00:00:00 GMT", 946684800), "00 is 2000");

	ok(refused(""), "empty");
	ok(refused("Sun, 06 Nov 1994 08:49:37"), "no GMT");
	ok(refused("Sun, 06 Nov 1994 08:49:37 UTC"), "UTC for GMT");
	ok(refused("Sun, 06 Nov 1994 08:49:37 GMT x"), "trailing junk");
	ok(refused("sun, 06 Nov 1994 08:49:37 GMT"), "lower-case day");
	ok(refused("Sun, 06 nov 1994 08:49:37 GMT"), "lower-case month");
	ok(refused("Sun, 6 Nov 1994 08:49:37 GMT"), "one-digit day");
	ok(refused("Sun, 31 Nov 1994 08:49:37 GMT"), "31 November");
	ok(refused("Tue, 29 Feb 1900 08:49:37 GMT"), "29 February 1900");
	ok(refused("Sun, 06 Nov 1994 24:00:00 GMT"), "hour 24");
	ok(refused("Sun, 06 Nov 1994 08:60:00 GMT"), "minute 60");
	ok(refused("Sun, 06 Nov 1994 08:49:61 GMT"), "second 61");
	ok(refused("Sun, 06 Nov 94 08:49:37 GMT"), "two-digit IMF year");
	ok(refused("Sun Nov 6 08:49:37 1994"), "asctime, one space");
	ok(refused("Sunday, 06-Nov-1994 08:49:37 GMT"), "RFC 850, 4 digits");
	ok(refused("Funday, 06-Nov-94 08:49:37 GMT"), "no such day");
	ok(refused("1994-11-06T08:49:37Z"), "ISO 8601");

	ok(formats(784111777, "Sun, 06 Nov 1994 08:49:37 GMT"), "format 1994");
	ok(formats(0, "Thu, 01 Jan 1970 00:00:00 GMT"), "format the epoch");
	ok(formats(951825600, "Tue, 29 Feb 2000 12:00:00 GMT"), "format 2000");
	ok(formats(253402300799LL, "Fri, 31 Dec 9999 23:59:59 GMT"),
	    "format 9999");
	ok(formats(NOW, "Mon, 23 Nov 2026 10:00:00 GMT"), "format now");
	ok(http_date_format(-1, small, sizeof(small)) == 0, "before 1970");
	ok(http_date_format(253402300800LL, small, sizeof(small)) == 0,
	    "after 9999");
	ok(http_date_format(0, small, sizeof(small)) == 0, "too small");

	ok(after("120", 120), "Retry-After seconds");
	ok(after(" 0 ", 0), "Retry-After 0 with spaces");
	ok(after("99999999999999999999999", 366LL * 86400),
	    "Retry-After huge is clamped");
	ok(after("Mon, 23 Nov 2026 10:01:30 GMT", 90), "Retry-After a date");
	ok(after("Sun, 06 Nov 1994 08:49:37 GMT", 0),
	    "Retry-After a past date");
	ok(http_retry_after("-5", 2, NOW, &d) == -1 && d == -7, "negative");
	ok(http_retry_after("1.5", 3, NOW, &d) == -1, "a fraction");
	ok(http_retry_after("12x", 3, NOW, &d) == -1, "junk");
	ok(http_retry_after("", 0, NOW, &d) == -1, "empty Retry-After");
	return tap_done();
}
