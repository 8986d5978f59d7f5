/*
 * range.h: byte ranges (RFC 9110 section 14), pure (no I/O): the -r
 * spec http-get sends as a Range header, the Content-Range field of a
 * 206 or 416 answer, and the verdicts that say what http-get may do
 * with a response to a resume (-C) or a range request (-r).  Linked by
 * the unit test and the fuzzer.
 */
#ifndef RANGE_H
#define RANGE_H

#include <stddef.h>
#include <stdint.h>

#include "parse/http.h"

#define RANGE_MAX	32	/* ranges in one -r list */
#define RANGE_HDRLEN	(RANGE_MAX * 42 + 16)	/* "Range: bytes=..." */

/* One range of a -r spec: first-last, first- (open) or -suffix. */
struct byte_range {
	int		 suffix;	/* "-N": the last N bytes, N in last */
	int		 open;		/* "N-": from N to the end */
	uint64_t	 first, last;
};

struct range_spec {
	int		 n;
	struct byte_range r[RANGE_MAX];
};

/* A Content-Range value: bytes first-last/complete, or bytes * /complete */
struct content_range {
	int		 ok;		/* 1: filled from a valid field */
	int		 unsatisfied;	/* "bytes * /N", a 416's */
	int		 has_complete;	/* the complete length is known */
	uint64_t	 first, last;	/* inclusive; 0 when unsatisfied */
	uint64_t	 complete;
};

/*
 * range_spec_parse: curl's -r syntax, a comma-separated list of
 * "first-last", "first-" and "-suffix" (optional blanks around the
 * commas), at most RANGE_MAX of them.  first <= last, a suffix above 0.
 * Returns 0, or -1 with err (SK_ERRLEN) filled.
 */
int	range_spec_parse(const char *s, struct range_spec *rs, char *err);

/*
 * range_header: the request header "Range: bytes=..." for a spec, or
 * for the resume from offset when spec is NULL, into b.  Returns its
 * length, or 0 when cap is too small.
 */
size_t	range_header(const struct range_spec *rs, uint64_t offset, char *b,
	    size_t cap);

/*
 * content_range_parse: a Content-Range value s[0..n) (RFC 9110 section
 * 14.4): the unit "bytes" (any case), then "first-last/complete",
 * "first-last/ *" or "* /complete" (no blanks inside), first <= last <
 * complete.  Returns 0 with *cr, or -1.
 */
int	content_range_parse(const char *s, size_t n, struct content_range *cr);

/* What http-get may do with the final response to a -C or -r request. */
enum range_verdict {
	RANGE_WRITE,	/* -r: write the body as it comes */
	RANGE_APPEND,	/* -C: the body continues the file */
	RANGE_DONE,	/* -C: the file is whole: its body goes nowhere */
	RANGE_FAIL,	/* write nothing; err says why */
	RANGE_NORESUME	/* -C: curl's cannot resume, 33 */
};

/*
 * range_resume_check: the final response r to a request for the bytes
 * from offset on, as curl 7.88 judges it (whatever the status): a
 * Content-Range that starts at offset as curl reads it continues the
 * file (its sizes checked against Content-Length when it is the RFC's
 * form: RANGE_FAIL if they disagree), and so does one of '*' first
 * (curl drops its offset); a 416 or a 304 means done, and so does a
 * body that is empty or offset bytes long ("already downloaded"); any
 * other body is RANGE_NORESUME, the file left as it was (curl judges
 * the body's first byte: a redirect it follows never comes here).  *cr
 * is filled for RANGE_APPEND.  err (SK_ERRLEN) says why for RANGE_FAIL
 * and RANGE_NORESUME.
 */
enum range_verdict range_resume_check(const struct http_resp *r,
	    uint64_t offset, struct content_range *cr, char *err);

/*
 * range_resume_dropped: does r's Content-Range make curl 7.88 drop the
 * offset of its resume ("bytes * /N": no number first)?  Then a 416 is
 * no longer a whole file to -f.  1 or 0.
 */
int	range_resume_dropped(const struct http_resp *r);

/*
 * range_check: the final response r to the request of spec, written
 * whatever its range, as curl 7.88 writes it.  *cr is filled (cr->ok
 * set) for a 206 to a single range whose Content-Range is inside what
 * was asked (the same first byte; for a suffix, the last byte of the
 * resource).  Returns RANGE_WRITE.
 */
enum range_verdict range_check(const struct http_resp *r,
	    const struct range_spec *rs, struct content_range *cr, char *err);

#endif /* RANGE_H */
