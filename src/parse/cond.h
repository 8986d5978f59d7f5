/*
 * cond.h: http-get's conditional GET and retries, the decisions: the
 * validators of a response head (Last-Modified, ETag), the entity-tag of
 * an --etag-compare file's first line, whether a time condition (-z)
 * failed on a server that ignored it, a request field built unless -H
 * named its own, and Retry-After in milliseconds.  Pure: no I/O and no
 * clock of its own; the caller passes "now" (seconds since the epoch).
 */
#ifndef COND_H
#define COND_H

#include <limits.h>

#include <stddef.h>
#include <stdint.h>

#include "parse/http.h"
#include "parse/range.h"

#define COND_ETAGMAX	1024	/* bytes of an entity-tag kept */

/* -C -r -z -R --etag-* for one URL: as given, asked, answered. */
struct getcond {
	/* the command line */
	int		 resume;	/* -C given */
	int		 resume_file;	/* -C -: the offset is FILE's size */
	uint64_t	 offset;	/* where the resume starts; 0: none */
	int		 has_file;	/* -o or -O FILE: fsize is known */
	uint64_t	 fsize;		/* FILE's size before the transfer */
	int		 ranged;	/* -r */
	int		 range_dash;	/* -r N: read as "N-", as curl's */
	struct range_spec spec;
	int		 timecond;	/* 1 If-Modified-Since, -1 Unmodified,
					   2 Last-Modified (curl's -z =) */
	const char	*time_arg;
	long long	 time;
	const char	*etag_save, *etag_cmp;
	int		 remote_time;
	int		 compressed;	/* content codings are undone */
	long long	 max_size;	/* --max-filesize; 0: none */
	char *const	*user;		/* the -H fields, which the request
					   fields do not repeat */
	int		 nuser;
	/* the request headers added */
	char		 range_hdr[RANGE_HDRLEN];
	char		 time_hdr[64];
	char		 etag_hdr[COND_ETAGMAX + 32];
	/* from the final response head */
	enum range_verdict verdict;
	struct content_range cr;
	int		 checked;	/* the head was judged */
	int		 kept;		/* FILE is current: nothing written */
	int		 coded;		/* its body is decoded: not the
					   resource's bytes */
	long long	 last_modified;	/* -1: none, COND_LM_BAD: no date */
	char		 etag[COND_ETAGMAX + 1];	/* "" for none */
};

void	cond_validators(const struct http_resp *r, long long now,
	    long long *last_modified, char *etag, size_t max);
long	cond_etag_line(char *b, size_t n, size_t max);
/* a Last-Modified curl_getdate cannot read: curl's -1, older than all */
#define COND_LM_BAD	LLONG_MIN
int	cond_time_failed(int cond, long long t, long long last_modified,
	    int status);
void	cond_field_add(char *const *user, int nuser, const char **f, int *n,
	    const char *hdr);
long long cond_retry_after_ms(const struct http_resp *r, long long now);

/* cond_init: no option given yet. */
void	cond_init(struct getcond *gc);
/*
 * cond_continue_set: -C's offset, or "-" for FILE's size.  0, or -1
 * with err filled.
 */
int	cond_continue_set(struct getcond *gc, const char *arg, char *err);
/*
 * cond_range_set: -r's ranges; a bare number N with no dash is "N-", as
 * curl 7.88 reads it (range_dash set for the command to say so).  0, or
 * -1 with err filled.
 */
int	cond_range_set(struct getcond *gc, const char *arg, char *err);
/*
 * cond_time_set: -z's [+-=]DATE|FILE as curl reads it (a dash:
 * If-Unmodified-Since, =: a Last-Modified field), DATE or FILE read
 * later (http/cond_io.c).  Always 0: what is neither is no condition.
 */
int	cond_time_set(struct getcond *gc, const char *arg, char *err);
/*
 * cond_resume_at: -C with FILE fsize bytes long (-C - starts there;
 * -C N needs at least N bytes, since a continuation past its end would
 * leave a hole).  0, or -1 when FILE is shorter than the offset.
 */
int	cond_resume_at(struct getcond *gc, uint64_t fsize);
/*
 * cond_time_header: -z's field from gc->time, its date as curl writes
 * it (parse/curldate.h).  0, or -1 when the time is no calendar date.
 */
int	cond_time_header(struct getcond *gc);
/*
 * cond_fields: the Range and conditional fields gc asks for, after the
 * user's nuser -H (cond_field_add) in f[*n...].  0, or -1 when the
 * Range field does not fit (it always does).
 */
int	cond_fields(struct getcond *gc, char *const *user, int nuser,
	    const char **f, int *n);
/*
 * cond_range_short: a body of done bytes against the range the final
 * head answered: 1 when it is another length (*want set), else 0.
 */
int	cond_range_short(const struct getcond *gc, uint64_t done,
	    uint64_t *want);

#endif /* COND_H */
