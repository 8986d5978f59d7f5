/*
 * Unit tests for http-get's conditional GET decisions (parse/cond.c):
 * the validators of a head, an --etag-compare file's line, -z against a
 * server that ignored it, a built field against -H, Retry-After; -C
 * and -z as given, the fields they ask for, a range body's length.
 */
#include <string.h>

#include "parse/cond.h"
#include "parse/http.h"
#include "tap.h"

/* head s parsed into r; 0, or -1 */
static int
head(const char *s, char *buf, size_t cap, struct http_resp *r)
{
	char err[256];
	size_t n = strlen(s);

	if (n >= cap)
		return -1;
	memcpy(buf, s, n + 1);
	return http_head_parse(buf, n, r, err) > 0 ? 0 : -1;
}

int
main(void)
{
	static struct http_resp r;
	char buf[1024], etag[16], line[32];
	char *user[2] = { "X-A: 1", "range;" };
	const char *f[4];
	long long lm;
	int n;

	ok(head("HTTP/1.1 200 OK\r\nLast-Modified: Sun, 06 Nov 1994 "
	    "08:49:37 GMT\r\nETag: \"abc\"\r\n\r\n", buf, sizeof(buf), &r) == 0,
	    "a head with validators");
	cond_validators(&r, 1000000000, &lm, etag, sizeof(etag) - 1);
	is_int(lm, 784111777, "Last-Modified as a time");
	is_str(etag, "\"abc\"", "the ETag");
	ok(head("HTTP/1.1 200 OK\r\nLast-Modified: yesterday\r\nETag: "
	    "\"0123456789abcdef\"\r\n\r\n", buf, sizeof(buf), &r) == 0,
	    "a head with bad validators");
	cond_validators(&r, 1000000000, &lm, etag, sizeof(etag) - 1);
	ok(lm == COND_LM_BAD, "a Last-Modified that is no date: curl's -1");
	ok(cond_time_failed(1, 5, lm, 200) && !cond_time_failed(-1, 5, lm,
	    200), "... older than any -z DATE, as curl's");
	ok(head("HTTP/1.1 200 OK\r\nLast-Modified: 12 dec 1999 12:00 GMT"
	    "\r\n\r\n", buf, sizeof(buf), &r) == 0 && (cond_validators(&r,
	    0, &lm, etag, sizeof(etag) - 1), lm == 945000000),
	    "Last-Modified as curl_getdate reads it: no weekday, no seconds");
	ok(head("HTTP/1.1 200 OK\r\n\r\n", buf, sizeof(buf), &r) == 0 &&
	    (cond_validators(&r, 0, &lm, etag, sizeof(etag) - 1), lm == -1) &&
	    !cond_time_failed(1, 5, lm, 200), "none: no condition");
	is_str(etag, "", "an ETag too long: none");

	strcpy(line, "\"v1\" \r\nsecond\n");
	is_int(cond_etag_line(line, strlen(line), 20), 4, "the first line");
	is_str(line, "\"v1\"", "... its CR and spaces dropped");
	strcpy(line, "\n");
	is_int(cond_etag_line(line, 1, 20), 0, "an empty line: none");
	strcpy(line, "0123456789abcdefghijk");
	is_int(cond_etag_line(line, strlen(line), 20), -1, "too long");
	strcpy(line, "a\001b");
	is_int(cond_etag_line(line, 3, 20), -2, "a control character");

	is_int(cond_time_failed(1, 100, 100, 200), 1,
	    "-z: not modified since: failed");
	is_int(cond_time_failed(1, 100, 101, 200), 0, "-z: modified: fetched");
	is_int(cond_time_failed(-1, 100, 101, 200), 1,
	    "-z -date: modified since: failed");
	is_int(cond_time_failed(1, 100, 50, 304), 0, "not a 2xx: no verdict");
	is_int(cond_time_failed(1, 100, -1, 200), 0, "no Last-Modified");
	is_int(cond_time_failed(0, 100, 50, 200), 0, "no condition");
	is_int(cond_time_failed(-1, 100, 100, 200), 0,
	    "-z -DATE equal to Last-Modified: met, as RFC 9110");
	is_int(cond_time_failed(1, 0, 50, 200), 0,
	    "-z's time 0: none, as curl");
	is_int(cond_time_failed(1, 100, 0, 200), 0,
	    "Last-Modified 0: none, as curl");
	is_int(cond_time_failed(2, 100, 50, 200), 1,
	    "-z =DATE: tested as -z DATE, as curl");

	n = 0;
	cond_field_add(user, 2, f, &n, "If-None-Match: \"x\"");
	cond_field_add(user, 2, f, &n, "Range: bytes=1-");
	cond_field_add(user, 2, f, &n, "x-a: 2");
	is_int(n, 1, "the fields -H does not name");
	is_str(f[0], "If-None-Match: \"x\"", "... If-None-Match");

	ok(head("HTTP/1.1 503 Busy\r\nRetry-After: 7\r\n\r\n", buf,
	    sizeof(buf), &r) == 0, "a head with Retry-After");
	is_int(cond_retry_after_ms(&r, 0), 7000, "seconds, in ms");
	ok(head("HTTP/1.1 503 Busy\r\n\r\n", buf, sizeof(buf), &r) == 0,
	    "a head without");
	is_int(cond_retry_after_ms(&r, 0), -1, "none");

	/* the options, the fields, the range's length */
	{
		static struct getcond gc;
		char err[256], *user[1] = { "Range: bytes=1-2" };
		const char *f[8];
		uint64_t want;
		int n = 0;

		cond_init(&gc);
		is_int((int)gc.last_modified, -1, "init: no Last-Modified");
		ok(cond_continue_set(&gc, "x", err) == -1 &&
		    strncmp(err, "offset x:", 9) == 0, "-C x refused");
		ok(cond_continue_set(&gc, "10", err) == 0 && gc.offset == 10 &&
		    !gc.resume_file, "-C 10");
		is_int(cond_resume_at(&gc, 5), -1, "-C 10 of a 5-byte FILE");
		is_int(cond_resume_at(&gc, 15), 0, "-C 10 of 15 bytes");
		ok(cond_continue_set(&gc, "-", err) == 0 &&
		    cond_resume_at(&gc, 7) == 0 && gc.offset == 7, "-C -");
		ok(cond_time_set(&gc, "-", err) == 0 && gc.timecond == -1 &&
		    *gc.time_arg == '\0', "-z -: an empty date, read later");
		ok(cond_time_set(&gc, "=x", err) == 0 && gc.timecond == 2 &&
		    strcmp(gc.time_arg, "x") == 0, "-z =x: Last-Modified");
		ok(cond_time_set(&gc, "+x", err) == 0 && gc.timecond == 1 &&
		    strcmp(gc.time_arg, "x") == 0, "-z +x: modified since");
		ok(cond_time_set(&gc, "-x", err) == 0 && gc.timecond == -1 &&
		    strcmp(gc.time_arg, "x") == 0, "-z -x: unmodified since");
		gc.time = 784111777;
		ok(cond_time_header(&gc) == 0 && strcmp(gc.time_hdr,
		    "If-Unmodified-Since: Sun, 06 Nov 1994 08:49:37 GMT") == 0,
		    "the -z field");
		is_int(cond_fields(&gc, user, 0, f, &n), 0, "fields");
		is_int(n, 2, "Range and the time");
		is_str(f[0], "Range: bytes=7-", "resumed at 7");
		n = 0;
		(void)cond_fields(&gc, user, 1, f, &n);
		is_int(n, 1, "a -H Range wins");
		ok(!cond_range_short(&gc, 3, &want), "no range answered");
		gc.cr.ok = 1;
		gc.cr.first = 7;
		gc.cr.last = 9;
		gc.verdict = RANGE_APPEND;
		ok(!cond_range_short(&gc, 3, &want) && want == 3, "3 of 3");
		ok(cond_range_short(&gc, 4, &want), "4 of 3");
	}
	return tap_done();
}
