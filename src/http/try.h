/*
 * http/try.h: one URL's tries, as http-get decides them: which
 * redirects are followed (the schemes --proto and --proto-redir allow,
 * --max-redirs, never to a URL met before: a loop), when a failed try
 * goes again (--retry: timeouts, failed connects, the statuses of
 * retry_status; the wait, a longer Retry-After winning; never when its
 * bytes went where they cannot be taken back) and the output rewound
 * for it.  Engine: never prints; a verdict for the command to word.
 */
#ifndef HTTP_TRY_H
#define HTTP_TRY_H

#include "http/engine.h"
#include "http/output.h"
#include "parse/http.h"
#include "parse/retry.h"
#include "parse/url.h"

/* One URL's tries so far. */
struct htry {
	long long	 nredirs;	/* redirects followed, this try */
	struct retry_state rs;		/* the retries */
	long long	 after_ms;	/* the last head's Retry-After, -1:
					   none */
	int		 planned;	/* a final head chose to retry */
	long long	 plan_wait;	/* ... after this long */
};

enum htry_verdict {
	HTRY_GO,		/* follow it, or go again after the wait */
	HTRY_NO,		/* no: nothing to say */
	HTRY_SCHEME,		/* a redirect to a scheme not allowed */
	HTRY_TOO_MANY,		/* past --max-redirs */
	HTRY_TIME_UP,		/* the wait would end after --retry-max-time */
	HTRY_KEPT,		/* bytes went where they cannot be taken back */
	HTRY_REWIND		/* the output could not be rewound (its fail
				   says why) */
};

/* htry_init: before the first try, which begins now. */
void	htry_init(struct htry *t);
/* htry_reset: a try begins afresh: the redirects before forgotten. */
void	htry_reset(struct htry *t);
/* htry_free: what t holds. */
void	htry_free(struct htry *t);

/*
 * htry_redirect: may a redirect to next be followed?  allowed: the
 * PROTO_ bits a redirect may go to (parse/proto.h); max: redirects at
 * most, -1 no limit.  Returns HTRY_GO (counted), HTRY_SCHEME or
 * HTRY_TOO_MANY.  A URL met before is followed again, as curl's.
 */
enum htry_verdict htry_redirect(struct htry *t, unsigned allowed,
	    long long max, const struct url *next);

/*
 * htry_head: a final head of status worth a retry, whose body (an error
 * page) is then refused so it never reaches the output, when the retry
 * will follow: HTRY_GO (planned), else HTRY_NO, HTRY_TIME_UP, or
 * HTRY_KEPT when kept bytes of the try went where they cannot be taken
 * back; the last try keeps its body, as without --retry.
 */
enum htry_verdict htry_head(struct htry *t, const struct retry_opts *ro,
	    int status, unsigned long long kept);

/*
 * htry_again: may the try that ended with oc (res its result) go again?
 * connrefused: a refused connection may (--retry-connrefused).  kept
 * bytes refuse it.  cut: the try's bytes stay in FILE for a resume
 * (http/cond_io.h's hcond_cut), so a body cut short by the network may go
 * again too.  HTRY_GO with *wait (ms) after rewinding out (NULL: a
 * resume, which goes on instead) and counting the retry; else HTRY_NO,
 * HTRY_TIME_UP, HTRY_KEPT or HTRY_REWIND.
 */
enum htry_verdict htry_again(struct htry *t, const struct retry_opts *ro,
	    int connrefused, enum httpc_outcome oc,
	    const struct httpc_result *res, unsigned long long kept,
	    struct output *out, int cut, long long *wait);

#endif /* HTTP_TRY_H */
