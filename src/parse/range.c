/*
 * range.c: byte ranges for http-get: the -r spec, the Content-Range
 * field, and what a 206, 416 or 200 to a range request allows.  Pure:
 * no I/O, so the unit test and the fuzzer link it alone.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/http.h"
#include "parse/range.h"
#include "util/base.h"

#define POS_MAX	((uint64_t)INT64_MAX)	/* an offset must fit an off_t */

/*
 * Digits at s[*i..n) as a number up to POS_MAX.  Returns 0 and moves
 * *i past them, or -1 (no digit, or too large).
 */
static int
pos_parse(const char *s, size_t n, size_t *i, uint64_t *v)
{
	size_t j = *i;

	*v = 0;
	while (j < n && s[j] >= '0' && s[j] <= '9') {
		if (*v > (POS_MAX - (uint64_t)(s[j] - '0')) / 10)
			return -1;
		*v = *v * 10 + (uint64_t)(s[j] - '0');
		j++;
	}
	if (j == *i)
		return -1;
	*i = j;
	return 0;
}

/* One element of a -r list, s[0..n) without blanks; -1 with err. */
static int
spec_one(const char *s, size_t n, struct byte_range *br, char *err)
{
	size_t i = 0;

	memset(br, 0, sizeof(*br));
	if (n > 0 && s[0] == '-') {
		i = 1;
		br->suffix = 1;
		if (pos_parse(s, n, &i, &br->last) == -1 || i != n)
			goto bad;
		if (br->last == 0) {
			snprintf(err, SK_ERRLEN, "range %.*s: the last 0 bytes "
			    "are no range", (int)n, s);
			return -1;
		}
		return 0;
	}
	if (pos_parse(s, n, &i, &br->first) == -1)
		goto bad;
	if (i == n) {
		snprintf(err, SK_ERRLEN, "range %.*s: needs a dash (%.*s- "
		    "for the bytes from %.*s on)", (int)n, s, (int)n, s,
		    (int)n, s);
		return -1;
	}
	if (s[i++] != '-')
		goto bad;
	if (i == n) {
		br->open = 1;
		return 0;
	}
	if (pos_parse(s, n, &i, &br->last) == -1 || i != n)
		goto bad;
	if (br->first > br->last) {
		snprintf(err, SK_ERRLEN, "range %.*s: the first byte is after "
		    "the last", (int)n, s);
		return -1;
	}
	return 0;
bad:
	snprintf(err, SK_ERRLEN, "range %.*s: not first-last, first- or "
	    "-suffix", (int)(n > 64 ? 64 : n), s);
	return -1;
}

int
range_spec_parse(const char *s, struct range_spec *rs, char *err)
{
	const char *p = s, *e;
	size_t n;

	memset(rs, 0, sizeof(*rs));
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		for (e = p; *e != '\0' && *e != ',' && *e != ' ' &&
		    *e != '\t'; e++)
			;
		n = (size_t)(e - p);
		while (*e == ' ' || *e == '\t')
			e++;
		if (n == 0 || (*e != ',' && *e != '\0')) {
			snprintf(err, SK_ERRLEN, "range %.64s: not a list of "
			    "first-last, first- or -suffix", s);
			return -1;
		}
		if (rs->n == RANGE_MAX) {
			snprintf(err, SK_ERRLEN, "range: more than %d ranges",
			    RANGE_MAX);
			return -1;
		}
		if (spec_one(p, n, &rs->r[rs->n], err) == -1)
			return -1;
		rs->n++;
		if (*e == '\0')
			return 0;
		p = e + 1;
	}
}

size_t
range_header(const struct range_spec *rs, uint64_t offset, char *b,
    size_t cap)
{
	const struct byte_range *br;
	size_t len;
	int i, k;

	if ((k = snprintf(b, cap, "Range: bytes=")) < 0 || (size_t)k >= cap)
		return 0;
	len = (size_t)k;
	for (i = 0; i < (rs != NULL ? rs->n : 1); i++) {
		br = rs != NULL ? &rs->r[i] : NULL;
		if (br == NULL)
			k = snprintf(b + len, cap - len, "%llu-",
			    (unsigned long long)offset);
		else if (br->suffix)
			k = snprintf(b + len, cap - len, "%s-%llu",
			    i ? "," : "", (unsigned long long)br->last);
		else if (br->open)
			k = snprintf(b + len, cap - len, "%s%llu-",
			    i ? "," : "", (unsigned long long)br->first);
		else
			k = snprintf(b + len, cap - len, "%s%llu-%llu",
			    i ? "," : "", (unsigned long long)br->first,
			    (unsigned long long)br->last);
		if (k < 0 || (size_t)k >= cap - len)
			return 0;
		len += (size_t)k;
	}
	return len;
}

int
content_range_parse(const char *s, size_t n, struct content_range *cr)
{
	size_t i = 5;

	memset(cr, 0, sizeof(*cr));
	if (n < 6 || strncasecmp(s, "bytes", 5) != 0 || s[5] != ' ')
		return -1;
	while (i < n && s[i] == ' ')
		i++;
	if (i < n && s[i] == '*') {
		cr->unsatisfied = 1;
		if (++i >= n || s[i++] != '/')
			return -1;
	} else {
		if (pos_parse(s, n, &i, &cr->first) == -1 || i >= n ||
		    s[i++] != '-' || pos_parse(s, n, &i, &cr->last) == -1 ||
		    i >= n || s[i++] != '/' || cr->first > cr->last)
			return -1;
		if (i < n && s[i] == '*' && i + 1 == n) {
			cr->ok = 1;
			return 0;
		}
	}
	if (pos_parse(s, n, &i, &cr->complete) == -1 || i != n)
		return -1;
	cr->has_complete = 1;
	/* a range past the end of the resource is no valid answer */
	if (!cr->unsatisfied && cr->last >= cr->complete)
		return -1;
	cr->ok = 1;
	return 0;
}

/*
 * The Content-Range of r into *cr: 1 when present and valid, 0 when
 * absent, -1 with err when present but malformed.
 */
static int
cr_get(const struct http_resp *r, struct content_range *cr, char *err)
{
	const struct http_field *f;

	memset(cr, 0, sizeof(*cr));
	if ((f = http_field_get(r, "Content-Range")) == NULL)
		return 0;
	if (content_range_parse(f->value, f->vlen, cr) == -1) {
		snprintf(err, SK_ERRLEN, "bad Content-Range: %.*s",
		    (int)(f->vlen > 80 ? 80 : f->vlen), f->value);
		return -1;
	}
	return 1;
}

/*
 * A 206's Content-Range against the body's Content-Length: the sizes
 * must agree when both are known.  0, or -1 with err.
 */
static int
cr_length(const struct http_resp *r, const struct content_range *cr,
    char *err)
{
	enum http_body_kind kind;
	uint64_t len;
	char e[SK_ERRLEN];

	if (http_body_framing(r, 0, &kind, &len, e) == -1) {
		snprintf(err, SK_ERRLEN, "protocol error: %.200s", e);
		return -1;
	}
	if (kind == HTTP_BODY_LENGTH && len != cr->last - cr->first + 1) {
		snprintf(err, SK_ERRLEN, "Content-Range %llu-%llu is %llu "
		    "bytes but Content-Length says %llu",
		    (unsigned long long)cr->first,
		    (unsigned long long)cr->last,
		    (unsigned long long)(cr->last - cr->first + 1),
		    (unsigned long long)len);
		return -1;
	}
	return 0;
}

/* A 206 whose Content-Range we do not take: cr is not to be reported. */
static enum range_verdict
refuse(struct content_range *cr)
{
	cr->ok = 0;
	return RANGE_FAIL;
}

/*
 * Where r's Content-Range starts as curl 7.88 reads it: the first number
 * after the name, whatever comes before it ("bytes 5-", "bytes: 5-",
 * "5-").  1 with *first, 0 for '*' first, -1 for none or no number.
 */
static int
cr_first_curl(const struct http_resp *r, uint64_t *first)
{
	const struct http_field *f;
	size_t i = 0;
	int c;

	if ((f = http_field_get(r, "Content-Range")) == NULL)
		return -1;
	while (i < f->vlen && (f->value[i] < '0' || f->value[i] > '9') &&
	    f->value[i] != '*')
		i++;
	if (i == f->vlen)
		return -1;
	if (f->value[i] == '*')
		return 0;
	for (*first = 0; i < f->vlen && (c = f->value[i]) >= '0' && c <= '9';
	    i++) {
		if (*first > (UINT64_MAX - 9) / 10)
			return -1;
		*first = *first * 10 + (uint64_t)(c - '0');
	}
	return 1;
}

int
range_resume_dropped(const struct http_resp *r)
{
	uint64_t first;

	return http_field_get(r, "Content-Range") != NULL &&
	    cr_first_curl(r, &first) != 1;
}

enum range_verdict
range_resume_check(const struct http_resp *r, uint64_t offset,
    struct content_range *cr, char *err)
{
	enum http_body_kind kind;
	uint64_t first, len;
	int k;

	memset(cr, 0, sizeof(*cr));
	/* curl: a 416 to a resume (its body ignored), a 304: done */
	if (r->status == 416 || r->status == 304)
		return RANGE_DONE;
	if ((k = cr_first_curl(r, &first)) == 1 && first == offset) {
		/* its sizes checked when it is the RFC's form */
		if (cr_get(r, cr, err) != 1 || cr->unsatisfied) {
			memset(cr, 0, sizeof(*cr));
			return RANGE_APPEND;
		}
		return cr_length(r, cr, err) == -1 ? refuse(cr) :
		    RANGE_APPEND;
	}
	/* no number first ('*'): curl drops its offset, writes what comes */
	if (k == 0 || range_resume_dropped(r))
		return RANGE_APPEND;
	/*
	 * curl judges the first byte of a body: none, or one of offset
	 * bytes, leaves the file whole ("already downloaded")
	 */
	if (http_body_framing(r, 0, &kind, &len, err) == 0 &&
	    (kind == HTTP_BODY_NONE || (kind == HTTP_BODY_LENGTH &&
	    (len == 0 || len == offset))))
		return RANGE_DONE;
	snprintf(err, SK_ERRLEN, "HTTP server doesn't seem to support byte "
	    "ranges. Cannot resume.");
	return RANGE_NORESUME;
}

/* Does cr answer the single range br?  0, or -1 with err. */
static int
single_ok(const struct byte_range *br, const struct content_range *cr,
    char *err)
{
	uint64_t want;

	if (br->suffix) {
		if (!cr->has_complete) {
			if (cr->last - cr->first + 1 <= br->last)
				return 0;
			snprintf(err, SK_ERRLEN, "Content-Range %llu-%llu is "
			    "more than the last %llu bytes asked for",
			    (unsigned long long)cr->first,
			    (unsigned long long)cr->last,
			    (unsigned long long)br->last);
			return -1;
		}
		want = cr->complete > br->last ? cr->complete - br->last : 0;
		if (cr->first == want && cr->last + 1 == cr->complete)
			return 0;
		snprintf(err, SK_ERRLEN, "Content-Range %llu-%llu/%llu is not "
		    "the last %llu bytes", (unsigned long long)cr->first,
		    (unsigned long long)cr->last,
		    (unsigned long long)cr->complete,
		    (unsigned long long)br->last);
		return -1;
	}
	if (cr->first == br->first && (br->open || cr->last <= br->last))
		return 0;
	snprintf(err, SK_ERRLEN, "Content-Range %llu-%llu is not the range "
	    "asked for", (unsigned long long)cr->first,
	    (unsigned long long)cr->last);
	return -1;
}

enum range_verdict
range_check(const struct http_resp *r, const struct range_spec *rs,
    struct content_range *cr, char *err)
{
	int k;

	memset(cr, 0, sizeof(*cr));
	if (r->status != 206)
		return RANGE_WRITE;
	/*
	 * curl 7.88 writes a 206 to -r whatever its Content-Range: a list's
	 * one part or multipart body, a range other than the one asked
	 * for, none.  A Content-Length shorter than the Content-Range
	 * frames the body, as curl writes it: no continuation of a file
	 * depends on it.  cr is kept for a single range that answers.
	 */
	if ((k = cr_get(r, cr, err)) != 1 || rs->n > 1 || cr->unsatisfied ||
	    single_ok(&rs->r[0], cr, err) == -1)
		cr->ok = 0;
	return RANGE_WRITE;
}
