/* Unit tests for byte ranges (src/range.c): -r, Content-Range, verdicts. */
#include <stdlib.h>
#include <string.h>

#include "parse/http.h"
#include "parse/range.h"
#include "tap.h"
#include "util/base.h"

static struct http_resp resp;
static char headbuf[1024];

/* The response head h (a string) parsed into resp; 0 or -1. */
static int
head(const char *h)
{
	char err[SK_ERRLEN];
	size_t n = strlen(h);

	memcpy(headbuf, h, n);
	return http_head_parse(headbuf, n, &resp, err) > 0 ? 0 : -1;
}

static int
cr_is(const char *s, int unsat, uint64_t first, uint64_t last, int has,
    uint64_t complete)
{
	struct content_range cr;

	return content_range_parse(s, strlen(s), &cr) == 0 && cr.ok &&
	    cr.unsatisfied == unsat && cr.first == first && cr.last == last &&
	    cr.has_complete == has && cr.complete == complete;
}

static int
cr_bad(const char *s)
{
	struct content_range cr;

	return content_range_parse(s, strlen(s), &cr) == -1 && !cr.ok;
}

/* -r s sends "Range: bytes=" want */
static int
spec_is(const char *s, const char *want)
{
	struct range_spec rs;
	char err[SK_ERRLEN], b[RANGE_HDRLEN];

	return range_spec_parse(s, &rs, err) == 0 &&
	    range_header(&rs, 0, b, sizeof(b)) == strlen(b) &&
	    strncmp(b, "Range: bytes=", 13) == 0 && strcmp(b + 13, want) == 0;
}

static int
spec_bad(const char *s, const char *errpart)
{
	struct range_spec rs;
	char err[SK_ERRLEN];

	err[0] = '\0';
	return range_spec_parse(s, &rs, err) == -1 &&
	    strstr(err, errpart) != NULL;
}

static enum range_verdict
resume(const char *h, uint64_t off)
{
	struct content_range cr;
	char err[SK_ERRLEN];

	if (head(h) == -1)
		return (enum range_verdict)-1;
	err[0] = '\0';
	return range_resume_check(&resp, off, &cr, err);
}

/* range_resume_dropped of head h: 1, 0, or -1 when h is no head */
static int
resume_dropped(const char *h)
{
	return head(h) == -1 ? -1 : range_resume_dropped(&resp);
}

/* the last ranged call's, to look at */
static struct content_range cr;

static enum range_verdict
ranged(const char *h, const char *spec)
{
	struct range_spec rs;
	char err[SK_ERRLEN];

	if (head(h) == -1 || range_spec_parse(spec, &rs, err) == -1)
		return (enum range_verdict)-1;
	return range_check(&resp, &rs, &cr, err);
}

static void
test_content_range(void)
{
	ok(cr_is("bytes 0-499/1234", 0, 0, 499, 1, 1234), "first-last/len");
	ok(cr_is("bytes 500-999/*", 0, 500, 999, 0, 0), "unknown length");
	ok(cr_is("bytes */1234", 1, 0, 0, 1, 1234), "unsatisfied");
	ok(cr_is("BYTES 1-1/2", 0, 1, 1, 1, 2), "unit in any case");
	ok(cr_is("bytes 0-0/1", 0, 0, 0, 1, 1), "one byte");
	ok(cr_is("bytes */0", 1, 0, 0, 1, 0), "an empty resource");
	ok(cr_is("bytes 0-9223372036854775806/9223372036854775807", 0, 0,
	    9223372036854775806ULL, 1, 9223372036854775807ULL),
	    "the largest off_t");
	ok(cr_bad("bytes 0-9223372036854775808/*"), "past an off_t");
	ok(cr_bad("bytes 5-4/10"), "first after last");
	ok(cr_bad("bytes 0-10/10"), "last past the length");
	ok(cr_bad("bytes 0-1"), "no slash");
	ok(cr_bad("bytes 0-1/"), "nothing after the slash");
	ok(cr_bad("bytes */*"), "unsatisfied without a length");
	ok(cr_bad("bytes 0-1/2x"), "trailing junk");
	ok(cr_bad("bytes -1/2"), "no first byte");
	ok(cr_bad("items 0-1/2"), "another unit");
	ok(cr_bad("bytes0-1/2"), "no space after the unit");
	ok(cr_bad("bytes 0 - 1/2"), "blanks inside");
	ok(cr_bad(""), "empty");
	ok(cr_bad("bytes "), "unit alone");
	ok(cr_bad("bytes *"), "star alone");
}

static void
test_spec(void)
{
	struct range_spec rs;
	char err[SK_ERRLEN], b[RANGE_HDRLEN], many[200];
	int i;

	ok(spec_is("0-499", "0-499"), "first-last");
	ok(spec_is("500-", "500-"), "first-");
	ok(spec_is("-500", "-500"), "suffix");
	ok(spec_is("0-1,5-9", "0-1,5-9"), "a list");
	ok(spec_is("0-1 , -3,\t7-", "0-1,-3,7-"), "blanks around commas");
	ok(spec_is("7-7", "7-7"), "one byte");
	ok(spec_bad("500", "needs a dash"), "no dash");
	ok(spec_bad("9-8", "after the last"), "first after last");
	ok(spec_bad("-0", "last 0 bytes"), "suffix of 0");
	ok(spec_bad("", "not a list"), "empty");
	ok(spec_bad("0-1,", "not a list"), "trailing comma");
	ok(spec_bad(",0-1", "not a list"), "leading comma");
	ok(spec_bad("0 -1", "not a list"), "blank inside");
	ok(spec_bad("a-b", "not first-last"), "letters");
	ok(spec_bad("1-2-3", "not first-last"), "two dashes");
	ok(spec_bad("--1", "not first-last"), "double dash");
	ok(spec_bad("99999999999999999999-", "not first-last"), "too large");
	for (i = 0; i <= RANGE_MAX; i++)
		many[i * 4] = '1', many[i * 4 + 1] = '-', many[i * 4 + 2] = '2',
		many[i * 4 + 3] = ',';
	many[(RANGE_MAX + 1) * 4 - 1] = '\0';
	ok(spec_bad(many, "more than"), "too many ranges");
	many[RANGE_MAX * 4 - 1] = '\0';
	ok(range_spec_parse(many, &rs, err) == 0 && rs.n == RANGE_MAX,
	    "RANGE_MAX ranges");
	for (i = 0; i < RANGE_MAX; i++) {
		rs.r[i].first = 9223372036854775806ULL;
		rs.r[i].last = 9223372036854775807ULL;
	}
	ok(range_header(&rs, 0, b, sizeof(b)) > 0, "the longest list fits");
	ok(range_header(&rs, 0, b, 20) == 0, "too small a buffer");
	ok(range_header(NULL, 1234, b, sizeof(b)) == 18 &&
	    strcmp(b, "Range: bytes=1234-") == 0, "a resume");
}

#define H206(cr, len)	"HTTP/1.1 206 Partial Content\r\nContent-Range: " \
	cr "\r\nContent-Length: " len "\r\n\r\n"

static void
test_resume(void)
{
	ok(resume(H206("bytes 100-199/200", "100"), 100) == RANGE_APPEND,
	    "206 at the offset: append");
	ok(resume("HTTP/1.1 206 OK\r\nContent-Range: bytes 100-199/*\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n", 100) == RANGE_APPEND,
	    "206 chunked, length unknown: append");
	ok(resume(H206("bytes 0-199/200", "200"), 100) == RANGE_NORESUME,
	    "206 from byte 0: curl's cannot resume");
	ok(resume(H206("bytes 101-199/200", "99"), 100) == RANGE_NORESUME,
	    "206 one byte late: curl's cannot resume");
	ok(resume(H206("bytes 0-99/200", "100"), 100) == RANGE_DONE,
	    "206 elsewhere of the offset's length: done, as curl");
	ok(resume(H206("bytes: 100-199/200", "100"), 100) == RANGE_APPEND &&
	    resume(H206("100-199/200", "100"), 100) == RANGE_APPEND,
	    "206 of curl's other spellings: append");
	ok(resume(H206("bytes 100-199/200", "50"), 100) == RANGE_FAIL,
	    "206 whose length disagrees: fail");
	ok(resume("HTTP/1.1 206 OK\r\nContent-Length: 3\r\n\r\n", 100) ==
	    RANGE_NORESUME, "206 without Content-Range: curl's cannot resume");
	ok(resume(H206("bytes */200", "0"), 100) == RANGE_APPEND,
	    "206 unsatisfied: what comes goes on (curl's resume from 0)");
	ok(resume(H206("bytes 100-x/200", "0"), 100) == RANGE_APPEND,
	    "206 from the offset as curl reads it: append");
	ok(resume("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n", 100) ==
	    RANGE_NORESUME, "200: curl's cannot resume");
	ok(resume("HTTP/1.1 200 OK\r\nContent-Range: bytes 100-\r\n"
	    "Content-Length: 3\r\n\r\n", 100) == RANGE_APPEND,
	    "200 with a Content-Range at the offset: append, as curl");
	ok(resume("HTTP/1.1 204 No Content\r\n\r\n", 100) == RANGE_DONE,
	    "204: no body, done (curl judges a body's first byte)");
	ok(resume("HTTP/1.1 416 No\r\nContent-Range: bytes */100\r\n"
	    "Content-Length: 0\r\n\r\n", 100) == RANGE_DONE,
	    "416 at the complete length: done");
	ok(resume("HTTP/1.1 416 No\r\nContent-Length: 0\r\n\r\n", 100) ==
	    RANGE_DONE, "416 without Content-Range: done, as curl");
	ok(resume("HTTP/1.1 416 No\r\nContent-Range: bytes */150\r\n\r\n",
	    100) == RANGE_DONE, "416 for a file of another size: done, as curl");
	ok(resume("HTTP/1.1 416 No\r\nContent-Range: bytes 0-1/50\r\n\r\n",
	    100) == RANGE_DONE, "416 with a byte range: done, as curl");
	ok(resume("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", 100) ==
	    RANGE_DONE, "200 of the offset's length: done, as curl");
	ok(resume("HTTP/1.1 304 Not Modified\r\n\r\n", 100) == RANGE_DONE,
	    "304: keep");
	ok(resume("HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\n",
	    100) == RANGE_NORESUME, "404 with a body: curl's cannot resume");
	ok(resume("HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n", 100) ==
	    RANGE_DONE, "a redirect not followed, no body: done, as curl");
	ok(resume("HTTP/1.1 500 Oops\r\n\r\n", 100) == RANGE_NORESUME,
	    "500 to the close: curl's cannot resume");
	ok(resume_dropped("HTTP/1.1 416 No\r\nContent-Range: bytes */9\r\n"
	    "\r\n") == 1 && resume_dropped("HTTP/1.1 416 No\r\n"
	    "Content-Range: bytes 9-\r\n\r\n") == 0 &&
	    resume_dropped("HTTP/1.1 416 No\r\n\r\n") == 0,
	    "Content-Range '*' first drops curl's offset (-f fails a 416)");
}

static void
test_ranged(void)
{
	ok(ranged(H206("bytes 0-499/1000", "500"), "0-499") == RANGE_WRITE,
	    "-r 0-499, 206 0-499");
	ok(ranged(H206("bytes 0-99/100", "100"), "0-499") == RANGE_WRITE,
	    "-r 0-499 of 100 bytes: 0-99");
	ok(ranged(H206("bytes 1-499/1000", "499"), "0-499") == RANGE_WRITE &&
	    !cr.ok, "-r 0-499, 206 1-499: written, as curl");
	ok(ranged(H206("bytes 0-500/1000", "501"), "0-499") == RANGE_WRITE &&
	    !cr.ok, "-r 0-499, 206 0-500: written, as curl");
	ok(ranged(H206("bytes 500-999/1000", "500"), "500-") == RANGE_WRITE,
	    "-r 500-");
	ok(ranged(H206("bytes 900-999/1000", "100"), "-100") == RANGE_WRITE,
	    "-r -100");
	ok(ranged(H206("bytes 0-49/50", "50"), "-100") == RANGE_WRITE,
	    "-r -100 of 50 bytes: all of it");
	ok(ranged(H206("bytes 899-998/1000", "100"), "-100") == RANGE_WRITE &&
	    !cr.ok, "-r -100, not the end: written, as curl");
	ok(ranged(H206("bytes 0-99/*", "100"), "-100") == RANGE_WRITE,
	    "-r -100, length unknown, 100 bytes");
	ok(ranged(H206("bytes 0-100/*", "101"), "-100") == RANGE_WRITE &&
	    !cr.ok, "-r -100, length unknown, 101 bytes: written, as curl");
	ok(ranged("HTTP/1.1 206 OK\r\nContent-Type: multipart/byteranges; "
	    "boundary=X\r\nContent-Length: 5\r\n\r\n", "0-1,5-9") ==
	    RANGE_WRITE, "a list, multipart: as sent");
	ok(ranged(H206("bytes 0-9/10", "10"), "0-1,5-9") == RANGE_WRITE,
	    "a list, coalesced: as sent");
	ok(ranged("HTTP/1.1 206 OK\r\nContent-Length: 5\r\n\r\n", "0-4") ==
	    RANGE_WRITE && !cr.ok, "-r 0-4, 206 without Content-Range: "
	    "written, as curl");
	ok(ranged("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", "0-1") ==
	    RANGE_WRITE, "200 to -r: the whole body, as curl");
	ok(ranged("HTTP/1.1 416 No\r\nContent-Range: bytes */5\r\n\r\n",
	    "9-") == RANGE_WRITE, "416 to -r: as any status");
}

int
main(void)
{
	test_content_range();
	test_spec();
	test_resume();
	test_ranged();
	return tap_done();
}
