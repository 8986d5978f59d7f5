/*
 * curldate.h: a date as curl 7.88's curl_getdate reads it, for http-get's
 * -z, and the request field's date as curl writes it.  curl's reading is
 * far more lenient than an HTTP date's (parse/httpdate.h): up to six
 * words and numbers in almost any order, "dec 12 12:00:00 1999 GMT",
 * "12 dec 1999", "19991212", a time with or without seconds, a zone by
 * name or as +HHMM, a two-digit year.  A script written for curl passes
 * such dates, so -z reads them alike.  Pure: no I/O, no clock, no locale,
 * no time zone of the host.
 */
#ifndef CURLDATE_H
#define CURLDATE_H

#include <stddef.h>

#define CURLDATE_LEN	40	/* "Sun, 12 Dec 2147483647 00:00:00 GMT" */

/*
 * curldate_parse: the NUL-terminated s as curl_getdate reads it (a year
 * before 1583, a word that is no day, month or zone curl knows, a field
 * out of range: none).  Returns 0 with *t (seconds since the epoch, UTC),
 * or -1 with *t untouched.
 */
int	curldate_parse(const char *s, long long *t);

/*
 * curldate_format: t as curl writes If-Modified-Since's date, "Sun, 06
 * Nov 1994 08:49:37 GMT", with the year as printf's "%4d" for any year
 * (curl sends "Mon, 12 Dec 1583 ..." and years past 9999 alike).  Returns
 * the length, or 0 when cap < CURLDATE_LEN or t is no calendar date.
 */
size_t	curldate_format(long long t, char *b, size_t cap);

#endif /* CURLDATE_H */
