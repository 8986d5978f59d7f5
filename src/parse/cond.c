/*
 * cond.c: http-get's conditional GET and retries, the decisions
 * (parse/cond.h); http/cond_io.c reads the files and applies them.
 */
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/cond.h"
#include "parse/curldate.h"
#include "parse/http.h"
#include "parse/httpdate.h"
#include "parse/range.h"
#include "util/base.h"
#include "util/num.h"

/*
 * Last-Modified of head r into *last_modified (-1: none, or not a date
 * as curl_getdate reads one: curldate_parse),
 * and its ETag into etag (max + 1 bytes): "" when there is none, when it
 * is longer than max or holds a control character.
 */
void
cond_validators(const struct http_resp *r, long long now,
    long long *last_modified, char *etag, size_t max)
{
	const struct http_field *f;
	char d[256];
	size_t i;

	/* curl's -R and -z read it as curl_getdate does: leniently */
	(void)now;
	*last_modified = -1;
	if ((f = http_field_get(r, "Last-Modified")) != NULL &&
	    f->vlen < sizeof(d)) {
		memcpy(d, f->value, f->vlen);
		d[f->vlen] = '\0';
		if (curldate_parse(d, last_modified) == -1)
			*last_modified = COND_LM_BAD;
	} else if (f != NULL)
		*last_modified = COND_LM_BAD;
	etag[0] = '\0';
	if ((f = http_field_get(r, "ETag")) == NULL || f->vlen > max)
		return;
	for (i = 0; i < f->vlen; i++)
		if ((unsigned char)f->value[i] < 0x20 || f->value[i] == 0x7f)
			return;
	memcpy(etag, f->value, f->vlen);
	etag[f->vlen] = '\0';
}

/*
 * The first line of b[0..n) (b has room for max + 1 bytes at least, and
 * n is at most that) as an entity-tag: ended there, with a CR and the
 * spaces and tabs before the end dropped.  Returns its length (0: none),
 * -1 when the line is longer than max, -2 when it is no field value.
 */
long
cond_etag_line(char *b, size_t n, size_t max)
{
	size_t i;

	for (i = 0; i < n && b[i] != '\n'; i++)
		;
	if (i > max)
		return -1;
	while (i > 0 && (b[i - 1] == '\r' || b[i - 1] == ' ' ||
	    b[i - 1] == '\t'))
		i--;
	b[i] = '\0';
	if (!http_value_ok(b))
		return -2;
	return (long)i;
}

/*
 * Did a time condition fail on a server that ignored it?  cond > 0: -z
 * (If-Modified-Since t), < 0: -z -t (If-Unmodified-Since), 0: none.  A
 * 2xx status with a Last-Modified that the condition rules out: curl
 * then writes nothing, and so do we.  1 or 0.
 */
int
cond_time_failed(int cond, long long t, long long last_modified, int status)
{
	/*
	 * curl takes a time of 0 on either side as no condition.  It also
	 * fails -z -DATE on a Last-Modified equal to DATE; RFC 9110 section
	 * 13.1.4 says the condition holds then, and so do we.  A
	 * Last-Modified that is no date curl reads as -1, older than all.
	 */
	if (last_modified == COND_LM_BAD)
		last_modified = -1;
	else if (last_modified == -1)
		return 0;
	return cond != 0 && http_status_class(status) == 2 &&
	    last_modified != 0 && t != 0 &&
	    (cond > 0 ? last_modified <= t : last_modified > t);
}

/* Is a header of that name among h[0..n) (-H "Name: v" or "Name;")? */
static int
has_header(char *const *h, int n, const char *name)
{
	size_t l = strlen(name);
	int i;

	for (i = 0; i < n; i++)
		if (strncasecmp(h[i], name, l) == 0 &&
		    (h[i][l] == ':' || h[i][l] == ';'))
			return 1;
	return 0;
}

/*
 * A field we built (hdr, "Name: value") into f[*n], unless -H
 * (user[0..nuser)) gave its own: the user's wins, as curl.
 */
void
cond_field_add(char *const *user, int nuser, const char **f, int *n,
    const char *hdr)
{
	char name[32];
	size_t l = strcspn(hdr, ":");

	if (l >= sizeof(name))
		return;
	memcpy(name, hdr, l);
	name[l] = '\0';
	if (!has_header(user, nuser, name))
		f[(*n)++] = hdr;
}

/* Retry-After of head r in milliseconds, or -1 for none. */
long long
cond_retry_after_ms(const struct http_resp *r, long long now)
{
	const struct http_field *f;
	long long d;

	if ((f = http_field_get(r, "Retry-After")) == NULL ||
	    http_retry_after(f->value, f->vlen, now, &d) == -1)
		return -1;
	return d * 1000;
}

void
cond_init(struct getcond *gc)
{
	memset(gc, 0, sizeof(*gc));
	gc->last_modified = -1;
}

int
cond_continue_set(struct getcond *gc, const char *arg, char *err)
{
	const char *errstr;
	long long v;

	gc->resume = 1;
	gc->resume_file = strcmp(arg, "-") == 0;
	if (gc->resume_file)
		return 0;
	if (parse_num(arg, 0, LLONG_MAX, &v, &errstr) == -1) {
		snprintf(err, SK_ERRLEN, "offset %s: %s", arg, errstr);
		return -1;
	}
	gc->offset = (uint64_t)v;
	return 0;
}

int
cond_range_set(struct getcond *gc, const char *arg, char *err)
{
	char b[32];
	size_t n;

	gc->ranged = 1;
	/* curl's: its leading number and a dash, the rest dropped */
	gc->range_dash = *arg >= '0' && *arg <= '9' &&
	    strchr(arg, '-') == NULL;
	if (gc->range_dash) {
		n = strspn(arg, "0123456789");
		if (n + 2 > sizeof(b)) {
			snprintf(err, SK_ERRLEN, "range %.64s: too large", arg);
			return -1;
		}
		memcpy(b, arg, n);
		b[n] = '-';
		b[n + 1] = '\0';
		arg = b;
	}
	return range_spec_parse(arg, &gc->spec, err);
}

int
cond_time_set(struct getcond *gc, const char *arg, char *err)
{
	/* curl's prefixes: + (the default), - and = */
	(void)err;
	gc->timecond = *arg == '-' ? -1 : *arg == '=' ? 2 : 1;
	gc->time_arg = *arg == '-' || *arg == '=' || *arg == '+' ? arg + 1 :
	    arg;
	return 0;
}

int
cond_resume_at(struct getcond *gc, uint64_t fsize)
{
	gc->fsize = fsize;
	if (gc->resume_file)
		gc->offset = fsize;
	return gc->offset > fsize ? -1 : 0;
}

int
cond_time_header(struct getcond *gc)
{
	char date[CURLDATE_LEN];

	if (curldate_format(gc->time, date, sizeof(date)) == 0)
		return -1;
	snprintf(gc->time_hdr, sizeof(gc->time_hdr), "%s: %s",
	    gc->timecond == 2 ? "Last-Modified" : gc->timecond > 0 ?
	    "If-Modified-Since" : "If-Unmodified-Since", date);
	return 0;
}

int
cond_fields(struct getcond *gc, char *const *user, int nuser,
    const char **f, int *n)
{
	/* curl's: a resume's range wins over -r's */
	if ((gc->resume && gc->offset > 0) || gc->ranged) {
		if (range_header(gc->ranged && !(gc->resume && gc->offset >
		    0) ? &gc->spec : NULL, gc->offset,
		    gc->range_hdr, sizeof(gc->range_hdr)) == 0)
			return -1;	/* RANGE_HDRLEN fits any spec */
		cond_field_add(user, nuser, f, n, gc->range_hdr);
	}
	if (gc->time_hdr[0] != '\0')
		cond_field_add(user, nuser, f, n, gc->time_hdr);
	if (gc->etag_hdr[0] != '\0')
		cond_field_add(user, nuser, f, n, gc->etag_hdr);
	return 0;
}

int
cond_range_short(const struct getcond *gc, uint64_t done, uint64_t *want)
{
	/* -r writes what its framing delivers, as curl: a resume only */
	if (!gc->cr.ok || gc->verdict != RANGE_APPEND)
		return 0;
	*want = gc->cr.last - gc->cr.first + 1;
	return done != *want;
}
