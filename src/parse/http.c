/*
 * http.c: HTTP/1.1 response heads, body framing and chunked decoding
 * (RFC 9110, 9112); the request heads are http_req.c's.  Pure: no I/O, so the unit tests and
 * the fuzzers link it alone; http-get does the reading and writing.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/http.h"
#include "util/base.h"
#include "util/base64.h"

/* Content of the line from s up to (not with) its LF and optional CR. */
static size_t
line_content(const char *s, const char *lf)
{
	size_t n = (size_t)(lf - s);

	if (n > 0 && s[n - 1] == '\r')
		n--;
	return n;
}

/* Fail a parse with a fixed message: err filled, -1 returned. */
static int
parse_fail(char *err, const char *what)
{
	snprintf(err, SK_ERRLEN, "%s", what);
	return -1;
}

/*
 * The status line s[0..n) (no line end) into r: "HTTP/1.d SP 3DIGIT",
 * then SP and a reason without controls (a higher 1.x read as 1.1, as
 * RFC 9112 2.3 asks).  With curl, as curl 7.88 reads it: "HTTP/2" and
 * "HTTP/3" bare too, any blanks before the digits, 2 and 2.0 taken (read
 * over this connection as 1.1 is, as curl does), a code under 100 or a
 * fourth digit refused.  Returns 0, or -1 with err quoting the line (made printable)
 * or naming an unsupported version or code.
 */
static int
status_line(const char *s, size_t n, int curl, struct http_resp *r,
    char *err)
{
	size_t i, at;

	if (n < 8 || memcmp(s, "HTTP/", 5) != 0 || s[5] < '0' || s[5] > '9')
		goto bad;
	r->major = s[5] - '0';
	r->minor = 0;
	if (curl && (s[5] == '2' || s[5] == '3') && s[6] == ' ')
		at = 7;
	else if (n >= 9 && s[6] == '.' && s[7] >= '0' && s[7] <= '9' &&
	    s[8] == ' ') {
		r->minor = s[7] - '0';
		at = 9;
	} else
		goto bad;
	while (curl && at < n && (s[at] == ' ' || s[at] == '\t'))
		at++;
	if (n < at + 3)
		goto bad;
	for (i = at; i < at + 3; i++)
		if (s[i] < '0' || s[i] > '9')
			goto bad;
	r->status = (s[at] - '0') * 100 + (s[at + 1] - '0') * 10 +
	    (s[at + 2] - '0');
	at += 3;
	if (r->major != 1 && !(curl && r->major == 2 && r->minor == 0)) {
		snprintf(err, SK_ERRLEN, "unsupported protocol version "
		    "HTTP/%d.%d", r->major, r->minor);
		return -1;
	}
	if (curl && (r->status < 100 || (at < n && s[at] >= '0' &&
	    s[at] <= '9'))) {
		snprintf(err, SK_ERRLEN, "unsupported status code in \"%.*s\"",
		    (int)(n > 40 ? 40 : n), s);
		goto printable;
	}
	if (n > at && s[at] != ' ')
		goto bad;
	r->reason = n > at ? s + at + 1 : s + at;
	r->rlen = n > at ? n - at - 1 : 0;
	for (i = 0; i < r->rlen; i++)
		if (http_ctl((unsigned char)r->reason[i]))
			goto bad;
	/*
	 * A code from 600 is invalid but still three digits: RFC 9110
	 * section 15 asks a client to take it as a 5xx, not to refuse the
	 * response (http_status_class).
	 */
	return 0;
bad:
	snprintf(err, SK_ERRLEN, "bad status line: \"%.*s\"", (int)(n > 40 ?
	    40 : n), s);
printable:
	/* keep the message printable */
	for (i = 0; err[i] != '\0'; i++)
		if ((unsigned char)err[i] < 0x20 || (unsigned char)err[i] >= 0x7f)
			err[i] = '?';
	return -1;
}

/*
 * Where the head ends: just after the empty line that follows the status
 * line ending at lf, if it lies within buf[0..scan); else NULL.
 */
static const char *
head_end(const char *buf, const char *lf, size_t scan)
{
	const char *p;

	for (p = lf + 1; p < buf + scan; p = lf + 1) {
		if (*p == '\n')
			return p + 1;
		if (*p == '\r' && p + 1 < buf + scan && p[1] == '\n')
			return p + 2;
		if ((lf = memchr(p, '\n', (size_t)(buf + scan - p))) == NULL)
			break;
	}
	return NULL;
}

/*
 * One header line p[0..n) (no line end) into r: a new field, or an
 * obs-fold continuing the last one, whose line break becomes spaces (RFC
 * 9112 section 5.2; the bytes changed kept in r, from the first field's
 * name).  Returns 0, or -1 with err filled.
 */
static int
head_field(struct http_resp *r, char *p, size_t n, char *err)
{
	struct http_field *f;
	const char *colon;
	char *fold;
	size_t i;

	if (http_ows((unsigned char)*p)) {
		if (r->nfields == 0)
			return parse_fail(err, "bad header: whitespace before "
			    "the first field");
		f = &r->fields[r->nfields - 1];
		for (fold = (char *)f->value + f->vlen; fold < p; *fold++ = ' ')
			if (*fold != ' ' && r->nunfold < HTTP_UNFOLD_MAX) {
				r->unfold_at[r->nunfold] = (unsigned int)(fold
				    - r->fields[0].name);
				r->unfold_was[r->nunfold++] = *fold;
			}
		f->vlen = (size_t)(p + n - f->value);
		i = 0;
	} else {
		if (r->nfields == HTTP_FIELDS_MAX) {
			snprintf(err, SK_ERRLEN, "too many header fields "
			    "(over %d)", HTTP_FIELDS_MAX);
			return -1;
		}
		colon = memchr(p, ':', n);
		if (colon == NULL || colon == p)
			return parse_fail(err, "bad header field (no name or "
			    "no colon)");
		for (i = 0; p + i < colon; i++)
			if (!http_tchar((unsigned char)p[i]))
				return parse_fail(err, "bad header field name");
		f = &r->fields[r->nfields++];
		f->name = p;
		f->nlen = (size_t)(colon - p);
		for (i = f->nlen + 1; i < n && http_ows((unsigned char)p[i]); i++)
			;
		f->value = p + i;
		f->vlen = n - i;
	}
	for (; i < n; i++)
		if (http_ctl((unsigned char)p[i]))
			return parse_fail(err, "bad header field value "
			    "(control character)");
	while (f->vlen > 0 && http_ows((unsigned char)f->value[f->vlen - 1]))
		f->vlen--;
	return 0;
}

/*
 * Is a line of buf[0..scan) HTTP_LINE_MAX bytes or more with its end, or the line
 * under way already that long?  Then r->huge_line and err are set.
 */
static int
huge_line(const char *buf, size_t scan, struct http_resp *r, char *err)
{
	const char *p = buf, *lf;

	if (scan < HTTP_LINE_MAX)
		return 0;
	for (; (lf = memchr(p, '\n', (size_t)(buf + scan - p))) != NULL;
	    p = lf + 1)
		if ((size_t)(lf - p) + 2 > HTTP_LINE_MAX)
			break;
	if (lf == NULL && (size_t)(buf + scan - p) + 1 < HTTP_LINE_MAX)
		return 0;
	r->huge_line = 1;
	snprintf(err, SK_ERRLEN, "header line too long (over %d bytes)",
	    HTTP_LINE_MAX - 2);
	return 1;
}

static long	head_parse(char *, size_t, size_t, int, struct http_resp *,
		    char *);

long
http_head_parse(char *buf, size_t len, struct http_resp *r, char *err)
{
	return head_parse(buf, len, HTTP_HEAD_MAX, 0, r, err);
}

long
http_head_parse_client(char *buf, size_t len, size_t max,
    struct http_resp *r, char *err)
{
	return head_parse(buf, len, max, 1, r, err);
}

static long
head_parse(char *buf, size_t len, size_t max, int curl, struct http_resp *r,
    char *err)
{
	const char *end, *lf;
	char *p;
	size_t scan, n;

	/* the unfolded bytes are read only below nunfold: not cleared */
	memset(r, 0, offsetof(struct http_resp, unfold_at));
	/* fail early on what cannot become a response */
	n = len < 5 ? len : 5;
	if (memcmp(buf, "HTTP/", n) != 0)
		return parse_fail(err, "bad status line: not an HTTP "
		    "response");
	scan = len < max ? len : max;
	if ((lf = memchr(buf, '\n', scan)) == NULL)
		goto more;
	if (status_line(buf, line_content(buf, lf), curl, r, err) == -1) {
		/* a NUL in it: curl's weird server reply (its own case 262) */
		r->bad_field = memchr(buf, '\0', (size_t)(lf - buf)) != NULL;
		return -1;
	}
	if ((end = head_end(buf, lf, scan)) == NULL)
		goto more;
	if (curl && huge_line(buf, (size_t)(end - buf), r, err))
		return -1;
	for (p = (char *)lf + 1; p < end; p = (char *)lf + 1) {
		lf = memchr(p, '\n', (size_t)(end - p));
		if ((n = line_content(p, lf)) == 0)
			break;		/* the blank line */
		if (head_field(r, p, n, err) == -1) {
			/* a malformed line, not our cap on the fields */
			r->bad_field = r->nfields < HTTP_FIELDS_MAX;
			return -1;
		}
	}
	r->head_len = (size_t)(end - buf);
	return (long)r->head_len;
more:
	if (curl && huge_line(buf, scan, r, err))
		return -1;
	if (len >= max) {
		snprintf(err, SK_ERRLEN, "response head too large (over %zu "
		    "bytes)", max);
		return -1;
	}
	return 0;
}

int
http_status_class(int status)
{
	if (status < 100 || status > 599)
		return 5;
	return status / 100;
}

const struct http_field *
http_field_get(const struct http_resp *r, const char *name)
{
	size_t n = strlen(name);
	int i;

	for (i = 0; i < r->nfields; i++)
		if (r->fields[i].nlen == n &&
		    strncasecmp(r->fields[i].name, name, n) == 0)
			return &r->fields[i];
	return NULL;
}

static int
name_is(const struct http_field *f, const char *name)
{
	size_t n = strlen(name);

	return f->nlen == n && strncasecmp(f->name, name, n) == 0;
}

int
http_coding_name(const char *s, size_t n, enum http_coding *cd)
{
	/* x-gzip is gzip (RFC 9110 section 8.4.1.3) */
	if ((n == 4 && strncasecmp(s, "gzip", 4) == 0) ||
	    (n == 6 && strncasecmp(s, "x-gzip", 6) == 0))
		*cd = HTTP_CODING_GZIP;
	else if (n == 7 && strncasecmp(s, "deflate", 7) == 0)
		*cd = HTTP_CODING_DEFLATE;
	else if (n == 2 && strncasecmp(s, "br", 2) == 0)
		*cd = HTTP_CODING_BR;
	else if (n == 4 && strncasecmp(s, "zstd", 4) == 0)
		*cd = HTTP_CODING_ZSTD;
	else if ((n == 8 && strncasecmp(s, "identity", 8) == 0) ||
	    (n == 4 && strncasecmp(s, "none", 4) == 0))	/* curl's alias */
		*cd = HTTP_CODING_IDENTITY;
	else
		return -1;
	return 0;
}

const char *
http_coding_str(enum http_coding cd)
{
	switch (cd) {
	case HTTP_CODING_GZIP:
		return "gzip";
	case HTTP_CODING_DEFLATE:
		return "deflate";
	case HTTP_CODING_BR:
		return "br";
	case HTTP_CODING_ZSTD:
		return "zstd";
	default:
		return "identity";
	}
}

/*
 * The next element of the comma-separated list v[0..n) from *pos: its
 * bounds v[*b .. *e), white space trimmed (empty for an empty element),
 * *pos moved past it.  Returns 1, or 0 at the end of the list.
 */
static int
list_next(const char *v, size_t n, size_t *pos, size_t *b, size_t *e)
{
	size_t s;

	if (*pos >= n)
		return 0;
	for (s = *pos; s < n && v[s] != ','; s++)
		;
	for (*b = *pos; *b < s && http_ows((unsigned char)v[*b]); (*b)++)
		;
	for (*e = s; *e > *b && http_ows((unsigned char)v[*e - 1]); (*e)--)
		;
	*pos = s + 1;
	return 1;
}

/*
 * The codings named by the fields called name, in the order the sender
 * applied them, appended to cd[*n .. max): identity left out, and chunked
 * too (the framing's).  Returns 0, or -1 with err.
 */
static int
codings_of(const struct http_resp *r, const char *name, enum http_coding *cd,
    int *n, int max, char *err)
{
	const struct http_field *f;
	enum http_coding c;
	size_t j, b, e;
	int i;

	for (i = 0; i < r->nfields; i++) {
		f = &r->fields[i];
		if (!name_is(f, name))
			continue;
		for (j = 0; list_next(f->value, f->vlen, &j, &b, &e);) {
			if (e == b || (e - b == 7 && strncasecmp(f->value + b,
			    "chunked", 7) == 0))
				continue;
			/* br and zstd are content codings only (IANA) */
			if (http_coding_name(f->value + b, e - b, &c) == -1 ||
			    (name[0] == 'T' && (c == HTTP_CODING_BR ||
			    c == HTTP_CODING_ZSTD))) {
				snprintf(err, SK_ERRLEN, "unsupported %s '%.*s'",
				    name[0] == 'T' ? "transfer coding" :
				    "content encoding", (int)(e - b > 32 ? 32 :
				    e - b), f->value + b);
				return -1;
			}
			if (c == HTTP_CODING_IDENTITY)
				continue;
			if (*n == max) {
				snprintf(err, SK_ERRLEN, "too many codings "
				    "(over %d)", max);
				return -1;
			}
			cd[(*n)++] = c;
		}
	}
	return 0;
}

int
http_codings(const struct http_resp *r, int content, enum http_coding *cd,
    int max, char *err)
{
	enum http_coding t;
	int n = 0, nte, i;

	if (codings_of(r, "Transfer-Encoding", cd, &n, max, err) == -1)
		return -1;
	nte = n;
	if (content && codings_of(r, "Content-Encoding", cd, &n, max,
	    err) == -1)
		return -1;
	/*
	 * applied: the content codings, then the transfer codings; undone
	 * the other way round, each list from its end
	 */
	for (i = 0; i < nte / 2; i++) {
		t = cd[i];
		cd[i] = cd[nte - 1 - i];
		cd[nte - 1 - i] = t;
	}
	for (i = 0; i < (n - nte) / 2; i++) {
		t = cd[nte + i];
		cd[nte + i] = cd[n - 1 - i];
		cd[n - 1 - i] = t;
	}
	return n;
}

/*
 * The Transfer-Encoding fields of r: 0 for none, 1 with *chunked when
 * chunked is the last coding, or -1 with err for chunked before another
 * coding or, unless any, a coding we cannot undo.
 */
static int
te_framing(const struct http_resp *r, int *chunked, int any, char *err)
{
	const struct http_field *f;
	enum http_coding cd;
	size_t j, b, e;
	int i, have_te = 0;

	*chunked = 0;
	for (i = 0; i < r->nfields; i++) {
		f = &r->fields[i];
		if (!name_is(f, "Transfer-Encoding"))
			continue;
		/* a list of codings, possibly over several fields */
		for (j = 0; list_next(f->value, f->vlen, &j, &b, &e);) {
			if (e == b)
				continue;
			have_te = 1;
			if (*chunked) {
				snprintf(err, SK_ERRLEN, "bad Transfer-"
				    "Encoding: chunked is not the last coding");
				return -1;
			}
			if (e - b == 7 && strncasecmp(f->value + b, "chunked",
			    7) == 0)
				*chunked = 1;
			else if (e - b == 8 && strncasecmp(f->value + b,
			    "identity", 8) == 0)
				continue;	/* no coding at all */
			else if (!any && (http_coding_name(f->value + b, e - b,
			    &cd) == -1 || cd == HTTP_CODING_BR ||
			    cd == HTTP_CODING_ZSTD)) {
				snprintf(err, SK_ERRLEN, "unsupported transfer "
				    "coding '%.*s'", (int)(e - b > 32 ? 32 :
				    e - b), f->value + b);
				return -1;
			}
			/* else decoded (http_codings) */
		}
	}
	return have_te;
}

/*
 * The Content-Length fields of r: 0 for none, 1 with *length, or -1
 * with err when one is malformed or they disagree ("42, 42" is one).
 */
static int
cl_framing(const struct http_resp *r, uint64_t *length, char *err)
{
	const struct http_field *f;
	int i, have_cl = 0;
	uint64_t v;
	size_t j;

	for (i = 0; i < r->nfields; i++) {
		f = &r->fields[i];
		if (!name_is(f, "Content-Length"))
			continue;
		for (j = 0; j <= f->vlen; j++) {
			while (j < f->vlen && http_ows((unsigned char)f->value[j]))
				j++;
			if (j == f->vlen || f->value[j] < '0' ||
			    f->value[j] > '9')
				goto badcl;
			for (v = 0; j < f->vlen && f->value[j] >= '0' &&
			    f->value[j] <= '9'; j++) {
				if (v > (UINT64_MAX >> 1) / 10)
					goto badcl;
				v = v * 10 + (uint64_t)(f->value[j] - '0');
			}
			while (j < f->vlen && http_ows((unsigned char)f->value[j]))
				j++;
			if (j < f->vlen && f->value[j] != ',')
				goto badcl;
			if (have_cl && v != *length)
				goto badcl;
			have_cl = 1;
			*length = v;
		}
	}
	return have_cl;
badcl:
	snprintf(err, SK_ERRLEN, "bad or conflicting Content-Length");
	return -1;
}

/* Is every Content-Length of r past 2^63 (20 digits), none to curl? */
static int
cl_huge(const struct http_resp *r)
{
	const struct http_field *f;
	size_t j, b, e;
	int i, n = 0;

	for (i = 0; i < r->nfields; i++)
		for (f = &r->fields[i], j = 0; name_is(f, "Content-Length") &&
		    list_next(f->value, f->vlen, &j, &b, &e); n++) {
			for (; b < e && f->value[b] == '0'; b++)
				;
			if (e - b < 20 || strspn(f->value + b, "0123456789") <
			    e - b)
				return 0;
		}
	return n > 0;
}

int
http_content_length(const struct http_resp *r, uint64_t *len, char *err)
{
	return cl_framing(r, len, err);
}

int
http_body_framing(const struct http_resp *r, int how,
    enum http_body_kind *kind, uint64_t *length, char *err)
{
	int chunked, rc;

	*length = 0;
	if ((how & HTTP_FRAMING_HEAD) || http_status_class(r->status) == 1 || r->status == 204 ||
	    r->status == 304) {
		*kind = HTTP_BODY_NONE;
		return 0;
	}
	/*
	 * Transfer-Encoding overrides Content-Length; without chunked last
	 * the body ends when the server closes (RFC 9112 section 6.3).
	 */
	if ((rc = te_framing(r, &chunked, how & HTTP_FRAMING_ANY, err)) == -1)
		return -1;
	if (rc == 1) {
		*kind = chunked ? HTTP_BODY_CHUNKED : HTTP_BODY_CLOSE;
		return 0;
	}
	if ((rc = cl_framing(r, length, err)) == -1) {
		*length = 0;
		/* past 2^63: no length, as curl reads it (the client's) */
		if (!(how & HTTP_FRAMING_HUGE) || !cl_huge(r))
			return -1;
		rc = 0;
	}
	*kind = rc == 1 ? HTTP_BODY_LENGTH : HTTP_BODY_CLOSE;
	return 0;
}

int
http_list_has(const char *v, size_t n, const char *tok)
{
	size_t b, e, j, t = strlen(tok);

	for (j = 0; t > 0 && list_next(v, n, &j, &b, &e);)
		if (e - b == t && strncasecmp(v + b, tok, t) == 0)
			return 1;
	return 0;
}

int
http_resp_persistent(const struct http_resp *r)
{
	const struct http_field *f;
	int i, alive = 0;

	for (i = 0; i < r->nfields; i++) {
		f = &r->fields[i];
		if (!name_is(f, "Connection"))
			continue;
		if (http_list_has(f->value, f->vlen, "close"))
			return 0;
		if (http_list_has(f->value, f->vlen, "keep-alive"))
			alive = 1;
	}
	return r->major > 1 || (r->major == 1 && r->minor >= 1) || alive;
}
