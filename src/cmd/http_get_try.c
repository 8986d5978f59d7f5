/*
 * cmd/http_get_try.c: one URL's tries, as http-get decides them: which
 * redirects to follow (--max-redirs, loops), when a try is retried
 * (--retry: timeouts, failed connects, the statuses of retry_status;
 * never when its bytes went where they cannot be taken back), what a
 * failure says, and the file a body goes to (-o, -O, -J, --output-dir).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/msg.h"
#include "cmd/http_get.h"
#include "http/engine.h"
#include "http/output.h"
#include "parse/cdisp.h"
#include "parse/http.h"
#include "parse/httpdate.h"
#include "parse/proto.h"
#include "parse/retry.h"
#include "parse/url.h"
#include "parse/urllist.h"
#include "sockt.h"
#include "util/clock.h"

/*
 * A final head whose status is worth a retry: when one will follow, its
 * body (an error page) is refused, so it never reaches the output; the
 * last try keeps it, as without --retry.  Returns 1 to refuse.
 */
int
hg_retry_at_head(struct hg_get *g, const struct http_resp *r,
    unsigned long long kept)
{
	enum retry_verdict v;

	if (g->o->retry.max == 0 || !retry_status(r->status))
		return 0;
	v = retry_plan(&g->o->retry, &g->rs, mono_ms(), g->after_ms,
	    &g->plan_wait);
	if (v == RETRY_TIME_UP && !g->o->silent)
		msg_warnx("HTTP %d: not retrying: the wait would end after "
		    "--retry-max-time", r->status);
	if (v != RETRY_GO)
		return 0;
	if (kept > 0) {
		msg_warnx("HTTP %d: not retrying: %llu bytes already written "
		    "to %s", r->status, kept, g->out.path ? g->out.path :
		    "stdout");
		return 0;
	}
	g->planned = 1;
	return 1;
}

/*
 * May the redirect from u to next be followed?  Not past --max-redirs,
 * and not to a URL met before: that is a loop, stopped now rather than
 * after n trips.  Returns SK_CONTINUE to go on, else EXIT_FAIL after
 * saying why.
 */
int
hg_redirect_ok(struct hg_get *g, const struct url *u, const struct url *next)
{
	char s[URL_PATHLEN + SK_HOSTLEN + 16];
	unsigned bit = next->https ? PROTO_HTTPS : PROTO_HTTP;

	if (!(g->o->proto & g->o->proto_redir & bit)) {
		if (url_string(next, s, sizeof(s)) == -1)
			s[0] = '\0';
		msg_warnx("redirect to %s: %s:// not allowed by %s", s,
		    proto_name(bit), g->o->proto & bit ? "--proto-redir" :
		    "--proto");
		return EXIT_FAIL;
	}
	if (g->o->max_redirs != -1 && g->nredirs >= g->o->max_redirs) {
		msg_warnx("too many redirects (at most %lld)",
		    g->o->max_redirs);
		return EXIT_FAIL;
	}
	g->nredirs++;
	if (url_string(u, s, sizeof(s)) == -1 ||
	    urllist_seen_add(&g->seen, &g->nseen, s) == -1) {
		msg_warn("redirect");
		return EXIT_FAIL;
	}
	if (url_string(next, s, sizeof(s)) == -1)
		s[0] = '\0';
	if (urllist_has(g->seen, g->nseen, s)) {
		msg_warnx("redirect loop: %s", s);
		return EXIT_FAIL;
	}
	if (g->o->verbose)
		fprintf(stderr, "%s* redirect to %s\n", g->vtag, s);
	return SK_CONTINUE;
}

/* Say why the try failed, as it was before --retry. */
void
hg_say_failure(struct hg_get *g, enum httpc_outcome oc)
{
	if (g->said)
		return;
	g->said = 1;
	if (oc == HTTPC_HTTP_ERROR)
		msg_warnx("%s: server returned %d %s", g->url, g->res.status,
		    g->res.reason);
	else if (oc == HTTPC_ERR_OUTPUT)
		hg_say_output(&g->out);
	else if (g->res.err[0] != '\0')
		msg_warnx("%s", g->res.err);
}

/* "HTTP 503 Service Unavailable: retrying in 2 s (1 of 3)" */
static void
say_retry(struct hg_get *g, enum httpc_outcome oc, long long wait)
{
	char w[48];

	if (g->o->silent)
		return;
	retry_secs(wait, w, sizeof(w));
	if (oc == HTTPC_HTTP_ERROR)
		msg_warnx("HTTP %d%s%s: retrying in %s (%lld of %lld)",
		    g->res.status, g->res.reason[0] != '\0' ? " " : "",
		    g->res.reason, w, g->rs.used, g->o->retry.max);
	else
		msg_warnx("%s: retrying in %s (%lld of %lld)", g->res.err, w,
		    g->rs.used, g->o->retry.max);
}

int
hg_retry_go(struct hg_get *g, enum httpc_outcome *oc, unsigned long long kept,
    long long *wait)
{
	enum retry_verdict v;

	if (!httpc_retryable(*oc, &g->res, g->o->connrefused))
		return 0;
	if (g->planned) {
		v = RETRY_GO;
		*wait = g->plan_wait;
	} else
		v = retry_plan(&g->o->retry, &g->rs, mono_ms(), *oc ==
		    HTTPC_HTTP_ERROR ? g->after_ms : -1, wait);
	if (v == RETRY_TIME_UP) {
		hg_say_failure(g, *oc);
		msg_warnx("not retrying: the wait would end after "
		    "--retry-max-time");
	}
	if (v != RETRY_GO)
		return 0;
	if (kept > 0) {
		hg_say_failure(g, *oc);
		msg_warnx("not retrying: %llu bytes already written to %s",
		    kept, g->out.path ? g->out.path : "stdout");
		return 0;
	}
	if (output_rewind(&g->out) == -1) {
		*oc = HTTPC_ERR_OUTPUT;
		hg_say_failure(g, *oc);
		return 0;
	}
	retry_take(&g->o->retry, &g->rs);
	say_retry(g, *oc, *wait);
	return 1;
}

void
hg_try_reset(struct hg_get *g)
{
	int i;

	for (i = 0; i < g->nseen; i++)
		free(g->seen[i]);
	g->nseen = 0;
	g->nredirs = 0;
	g->hbytes = g->hwrote = g->done = 0;
	g->headlen = 0;
	g->rip[0] = '\0';
	g->rport = 0;
	g->after_ms = -1;
	g->planned = 0;
	g->said = 0;
	memset(&g->res, 0, sizeof(g->res));
}

/*
 * The output as -o or -O name it, in --output-dir when the name is
 * relative (url_output_path); name (PATH_MAX bytes) holds the path.
 * With --create-dirs output.c makes its directories when it opens the
 * file, so a transfer that fails first leaves none.  Returns SK_CONTINUE to go on, else
 * EXIT_USAGE after saying why.
 */
int
hg_output_name(const struct hg_opts *o, const struct url *u, char *name,
    struct output *out)
{
	char err[SK_ERRLEN];
	const char *b;

	output_init(out, NULL);
	switch (url_output_path(u, o->remote_name, o->out, o->outdir, name,
	    PATH_MAX, &b, err)) {
	case 0:
		return SK_CONTINUE;
	case -1:
		msg_warnx("%s", err);
		return EXIT_USAGE;
	case -2:
		msg_warnx("%s/%s: file name too long", o->outdir, b);
		return EXIT_USAGE;
	}
	out->path = name;
	if (o->create_dirs)
		out->mkdirs = HG_DIR_MODE;
	return SK_CONTINUE;
}

int
hg_header_name(struct hg_get *g, const struct http_resp *r, char *name)
{
	const struct http_field *f;
	const char *dir = g->o->outdir;
	char base[CDISP_NAMEMAX + 1];
	int n;

	if (!g->o->remote_header || (f = http_field_get(r,
	    "Content-Disposition")) == NULL)
		return 0;
	switch (cdisp_filename(f->value, f->vlen, base)) {
	case 0:
		return 0;	/* no name in it: the URL's, as curl */
	case -1:
		msg_warnx("%s: Content-Disposition: no safe file name in "
		    "\"%.*s\"", g->url, (int)(f->vlen > 80 ? 80 : f->vlen),
		    f->value);
		g->said = 1;
		return -1;
	}
	n = snprintf(name, PATH_MAX, "%s%s%s", dir != NULL ? dir : "",
	    dir != NULL ? "/" : "", base);
	if (n < 0 || n >= PATH_MAX) {
		msg_warnx("%s/%s: file name too long", dir, base);
		g->said = 1;
		return -1;
	}
	/* a name the server chose: what is there stays (curl 8) */
	g->out.noclobber = !g->o->clobber;
	return 0;
}
