/*
 * fuzz_range.c: content_range_parse, range_spec_parse and range_header,
 * and the verdicts on a response head.  The input is split at the first
 * NUL: before it a -r spec and a Content-Range value, after it a
 * response head.  A Content-Range that parses keeps first <= last <
 * complete; a spec that parses prints a header that parses back to the
 * same spec; a verdict that appends continues exactly at the offset.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/http.h"
#include "parse/range.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
spec_round_trip(const char *s)
{
	struct range_spec rs, back;
	char err[SK_ERRLEN], b[RANGE_HDRLEN];
	size_t n;

	if (range_spec_parse(s, &rs, err) == -1)
		return;
	if (rs.n < 1 || rs.n > RANGE_MAX)
		abort();
	if ((n = range_header(&rs, 0, b, sizeof(b))) == 0 || n != strlen(b))
		abort();
	if (range_spec_parse(b + 13, &back, err) == -1 ||
	    memcmp(&rs, &back, sizeof(rs)) != 0)
		abort();
}

static void
verdicts(char *h, size_t n, const char *spec)
{
	static struct http_resp r;
	struct content_range cr;
	struct range_spec rs;
	char err[SK_ERRLEN];
	enum range_verdict v;

	if (http_head_parse(h, n, &r, err) <= 0)
		return;
	v = range_resume_check(&r, 100, &cr, err);
	/* curl's reading: a Content-Range that starts at 100, in the
	 * RFC's form (cr.ok) or one curl takes from its first number */
	if (v == RANGE_APPEND && ((cr.ok && cr.first != 100) ||
	    http_field_get(&r, "Content-Range") == NULL))
		abort();
	if (range_resume_dropped(&r) && v != RANGE_APPEND && r.status != 416 &&
	    r.status != 304)
		abort();
	if (v == RANGE_WRITE)
		abort();
	if (range_spec_parse(spec, &rs, err) == 0) {
		v = range_check(&r, &rs, &cr, err);
		if (v != RANGE_WRITE && v != RANGE_FAIL)
			abort();
		if (cr.ok && cr.first > cr.last)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct content_range cr;
	const uint8_t *nul;
	char *s, *h;
	size_t n;

	nul = memchr(data, '\0', size);
	n = nul != NULL ? (size_t)(nul - data) : size;
	if (content_range_parse((const char *)data, n, &cr) == 0) {
		if (!cr.ok || (!cr.unsatisfied && cr.first > cr.last) ||
		    (cr.has_complete && !cr.unsatisfied &&
		    cr.last >= cr.complete) ||
		    (cr.unsatisfied && !cr.has_complete))
			abort();
	}
	if ((s = malloc(n + 1)) == NULL)
		return 0;
	memcpy(s, data, n);
	s[n] = '\0';
	spec_round_trip(s);
	if (nul != NULL && (h = malloc(size - n)) != NULL) {
		memcpy(h, nul + 1, size - n - 1);
		verdicts(h, size - n - 1, s);
		free(h);
	}
	free(s);
	return 0;
}
