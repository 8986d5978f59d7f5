/*
 * http/try.c: one URL's tries (http/try.h): the redirects it follows,
 * the retries it makes.
 */
#include "http/engine.h"
#include "http/output.h"
#include "http/try.h"
#include "parse/proto.h"
#include "parse/retry.h"
#include "parse/url.h"
#include "util/base.h"
#include "util/clock.h"

void
htry_init(struct htry *t)
{
	retry_init(&t->rs, mono_ms());
	htry_reset(t);
}

void
htry_reset(struct htry *t)
{
	t->nredirs = 0;
	t->after_ms = -1;
	t->planned = 0;
}

void
htry_free(struct htry *t)
{
	htry_reset(t);
}

enum htry_verdict
htry_redirect(struct htry *t, unsigned allowed, long long max,
    const struct url *next)
{
	if (!(allowed & (next->https ? PROTO_HTTPS : PROTO_HTTP)))
		return HTRY_SCHEME;
	if (max != -1 && t->nredirs >= max)
		return HTRY_TOO_MANY;
	/*
	 * no loop of its own: curl follows a URL met before, which a
	 * server may answer otherwise the next time (a cookie set, its
	 * own case 193), to --max-redirs
	 */
	t->nredirs++;
	return HTRY_GO;
}

enum htry_verdict
htry_head(struct htry *t, const struct retry_opts *ro, int status,
    unsigned long long kept)
{
	enum retry_verdict v;

	if (ro->max == 0 || !retry_status(status))
		return HTRY_NO;
	v = retry_plan(ro, &t->rs, mono_ms(), t->after_ms, &t->plan_wait);
	if (v != RETRY_GO)
		return v == RETRY_TIME_UP ? HTRY_TIME_UP : HTRY_NO;
	if (kept > 0)
		return HTRY_KEPT;
	t->planned = 1;
	return HTRY_GO;
}

/*
 * A body cut short by the network whose bytes stay in FILE: a resume
 * goes on after them, so the cut is worth a retry (curl retries none
 * and starts -C - over from where it began), and the wait begins again
 * at its first: it came back once.
 */
static int
cut_retryable(struct htry *t, enum httpc_outcome oc)
{
	if (oc != HTTPC_ERR_READ && oc != HTTPC_ERR_PROTOCOL &&
	    oc != HTTPC_ERR_TLS && oc != HTTPC_ERR_TIMEOUT)
		return 0;
	t->rs.backoff_ms = RETRY_FIRST_MS;
	return 1;
}

enum htry_verdict
htry_again(struct htry *t, const struct retry_opts *ro, int connrefused,
    enum httpc_outcome oc, const struct httpc_result *res,
    unsigned long long kept, struct output *out, int cut, long long *wait)
{
	enum retry_verdict v;

	/* curl's --retry-all-errors: any failure */
	if (!ro->all && !(cut && cut_retryable(t, oc)) &&
	    !httpc_retryable(oc, res, connrefused))
		return HTRY_NO;
	if (t->planned) {
		v = RETRY_GO;
		*wait = t->plan_wait;
	} else
		v = retry_plan(ro, &t->rs, mono_ms(), oc == HTTPC_HTTP_ERROR ?
		    t->after_ms : -1, wait);
	if (v != RETRY_GO)
		return v == RETRY_TIME_UP ? HTRY_TIME_UP : HTRY_NO;
	if (kept > 0)
		return HTRY_KEPT;
	if (out != NULL && output_rewind(out) == -1)
		return HTRY_REWIND;
	retry_take(ro, &t->rs);
	return HTRY_GO;
}
