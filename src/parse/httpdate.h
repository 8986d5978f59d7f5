/*
 * httpdate.h: HTTP dates (RFC 9110 section 5.6.7) and Retry-After
 * (section 10.2.3).  Pure parsers and a formatter: no I/O, no clock of
 * their own (the caller passes "now"), no locale, no time zone: every
 * time is seconds since the epoch, UTC.  Used by http-get for
 * Last-Modified, If-Modified-Since, Retry-After and a cookie's Expires;
 * linked by the unit test and the fuzzer.
 */
#ifndef HTTPDATE_H
#define HTTPDATE_H

#include <stddef.h>

#define HTTPDATE_LEN	29	/* "Sun, 06 Nov 1994 08:49:37 GMT" */

/* The names of an HTTP date, Sunday and January first. */
extern const char http_days[7][4], http_long_days[7][10];
extern const char http_months[12][4];

/*
 * http_date_parse: s[0..n), optional white space around it, in any of
 * the three forms a recipient must accept: IMF-fixdate, the obsolete
 * RFC 850 form (a two-digit year more than 50 years after now's is the
 * century before, as section 5.6.7 says) and asctime's.  Returns 0 with
 * *t, or -1.
 */
int	http_date_parse(const char *p, size_t n, long long now, long long *t);

/*
 * http_date_format: t as an IMF-fixdate into b (cap >= HTTPDATE_LEN + 1).
 * Returns the length, or 0 when t is before 1970 or after 9999, or b
 * is too small.
 */
size_t	http_date_format(long long t, char *b, size_t cap);

/*
 * http_retry_after: a Retry-After value, delay-seconds or an HTTP date,
 * as a delay in seconds from now (0 for a date in the past; seconds
 * past a year are clamped to one).  Returns 0 with *delay, or -1.
 */
int	http_retry_after(const char *p, size_t n, long long now,
	    long long *delay);

/*
 * http_cookie_date: a cookie's Expires, p[0..n), read by the lenient
 * algorithm of RFC 6265 section 5.1.1 (tokens in any order, a two-digit
 * year 70-99 in the 1900s and 00-69 in the 2000s, no year before 1601).
 * Returns 0 with *t, or -1.
 */
int	http_cookie_date(const char *p, size_t n, long long *t);

#endif /* HTTPDATE_H */
