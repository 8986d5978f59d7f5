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

#include <stddef.h>

#include "parse/http.h"

void	cond_validators(const struct http_resp *r, long long now,
	    long long *last_modified, char *etag, size_t max);
long	cond_etag_line(char *b, size_t n, size_t max);
int	cond_time_failed(int cond, long long t, long long last_modified,
	    int status);
void	cond_field_add(char *const *user, int nuser, const char **f, int *n,
	    const char *hdr);
long long cond_retry_after_ms(const struct http_resp *r, long long now);

#endif /* COND_H */
