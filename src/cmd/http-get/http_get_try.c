/*
 * cmd/http-get/http_get_try.c: one URL's tries in words: the redirects and
 * retries http/try.c refuses or makes (--max-redirs, --proto-redir,
 * loops; --retry, --retry-max-time, bytes that cannot be taken back),
 * what a failure says, and the file a body goes to (-o, -O, -J,
 * --output-dir: http/outname.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/msg.h"
#include "cmd/cmd.h"
#include "cmd/http-get/http_get.h"
#include "http/engine.h"
#include "http/output.h"
#include "http/try.h"
#include "parse/cdisp.h"
#include "parse/http.h"
#include "parse/proto.h"
#include "parse/retry.h"
#include "parse/url.h"
#include "util/base.h"
#include "util/idn.h"

/*
 * A final head whose status is worth a retry: when one will follow, its
 * body (an error page) is refused, so it never reaches the output.
 * Returns 1 to refuse.
 */
int
hg_retry_at_head(struct hg_get *g, const struct http_resp *r,
    unsigned long long kept)
{
	switch (htry_head(&g->t, &g->o->retry, r->status, kept)) {
	case HTRY_GO:
		return 1;
	case HTRY_TIME_UP:
		if (!g->o->silent)
			msg_warnx("HTTP %d: not retrying: the wait would end "
			    "after --retry-max-time", r->status);
		break;
	case HTRY_KEPT:
		msg_warnx("HTTP %d: not retrying: %llu bytes already written "
		    "to %s", r->status, kept, g->out.path ? g->out.path :
		    "stdout");
		break;
	default:
		break;
	}
	return 0;
}

/*
 * May the redirect to next be followed (htry_redirect)?  Returns
 * CMD_GO_ON to go on, else EXIT_FAIL after saying why.
 */
int
hg_redirect_ok(struct hg_get *g, const struct url *next)
{
	char *s;
	unsigned bit = next->https ? PROTO_HTTPS : PROTO_HTTP;
	enum htry_verdict v;

	v = htry_redirect(&g->t, g->o->proto & g->o->proto_redir,
	    g->o->max_redirs, next);
	if (v == HTRY_TOO_MANY) {
		msg_warnx("too many redirects (at most %lld)",
		    g->o->max_redirs);
		return g->xstatus = EXIT_REDIRS;
	}
	if ((s = url_string_new(next)) == NULL) {
		msg_warn("redirect");
		return EXIT_FAIL;
	}
	if (v == HTRY_SCHEME)
		msg_warnx("redirect to %s: %s:// not allowed by %s", s,
		    proto_name(bit), g->o->proto & bit ? "--proto-redir" :
		    "--proto");
	else if (g->o->verbose)
		fprintf(stderr, "%s* redirect to %s\n", g->vtag, s);
	free(s);
	return v == HTRY_SCHEME ? EXIT_FAIL : CMD_GO_ON;
}

/* Say why the try failed, as it was before --retry. */
void
hg_say_failure(struct hg_get *g, enum httpc_outcome oc)
{
	char b[1024];

	if (g->said)
		return;
	g->said = 1;
	if (hg_failure_line(g, oc, b, sizeof(b)) == NULL)
		hg_say_output(&g->out);
	else if (b[0] != '\0')
		msg_warnx("%s", b);
}

const char *
hg_failure_line(const struct hg_get *g, enum httpc_outcome oc, char *b,
    size_t cap)
{
	if (oc == HTTPC_HTTP_ERROR)
		(void)snprintf(b, cap, "%s: server returned %d %s", g->url,
		    g->res.status, g->res.reason);
	else if (oc == HTTPC_ERR_OUTPUT)
		return NULL;
	else if (hg_status(g, oc) == 60 && strstr(g->res.err, "(try ") ==
	    NULL)
		/* a refused certificate: what to do */
		(void)snprintf(b, cap, "%s (try %s)", g->res.err,
		    g->res.detail == HTTPC_D_PROXY_CERT ? g->o->ptls.ca_opt :
		    g->o->tls.ca_opt);
	else
		(void)snprintf(b, cap, "%s", g->res.err);
	return b;
}

/*
 * curl's exit status for each outcome (and detail): 5 and 6 a name that
 * did not resolve, 7 a connection refused, 97 and 56 a SOCKS proxy's
 * and a CONNECT's refusal, 28 a time out, 35 and 60 a
 * handshake and a certificate (90 a pinned key, 77 a CA file, 58 a
 * client certificate), 18 a body cut short, 52 an empty reply,
 * 8 a malformed header line or Content-Length (curl's weird reply),
 * 27 a head line over 100 KB (curl's out of memory), 43 a trailer
 * line that is no field,
 * 55 and 56 a send and a receive (a reset), 61 a coding, 63
 * --max-filesize, 23 the output.
 */
int
hg_status(const struct hg_get *g, enum httpc_outcome oc)
{
	static const unsigned char by_oc[] = {
		[HTTPC_ERR_CONNECT] = 7, [HTTPC_ERR_TLS] = 35,
		[HTTPC_ERR_SEND] = 55, [HTTPC_ERR_READ] = 56,
		[HTTPC_ERR_TIMEOUT] = 28, [HTTPC_ERR_TOO_LARGE] = 63,
		[HTTPC_ERR_DECODE] = 61, [HTTPC_ERR_OUTPUT] = EXIT_WRITE };
	static const unsigned char by_detail[] = {
		[HTTPC_D_RESOLVE] = 6, [HTTPC_D_RESOLVE_PROXY] = 5,
		[HTTPC_D_SOCKS] = 97, [HTTPC_D_TUNNEL] = 56,
		[HTTPC_D_PROXY_CERT] = 60, [HTTPC_D_TLS_SETUP] = 77,
		[HTTPC_D_TLS_CERT] = 58,
		[HTTPC_D_TLS_CIPHER] = 59,
		[HTTPC_D_TLS_NOLIB] = EXIT_FAIL,
		[HTTPC_D_EMPTY] = 52, [HTTPC_D_PARTIAL] = 18,
		[HTTPC_D_IFACE] = 45,
		[HTTPC_D_WEIRD] = 8, [HTTPC_D_NOMEM] = 27,
		[HTTPC_D_TRAILER] = 43, [HTTPC_D_URL] = 3 };

	if (g->xstatus != 0)
		return g->xstatus;
	if (oc == HTTPC_HTTP_ERROR)
		return g->t.planned ? EXIT_FAIL : EXIT_HTTP;
	if (g->res.detail != HTTPC_D_NONE && oc != HTTPC_ERR_READ &&
	    by_detail[g->res.detail] != 0)
		return by_detail[g->res.detail];
	if (oc == HTTPC_ERR_CONNECT && g->res.sys_err == ETIMEDOUT)
		return 28;
	if (oc == HTTPC_ERR_TLS && strstr(g->res.err, "--pinnedpubkey"))
		return 90;
	/* TLS 1.3's alert comes after the client's handshake: curl's
	   SSL_read meets it */
	if (oc == HTTPC_ERR_TLS && g->res.tls_err == TLS_ERR_CERT_REQUIRED)
		return 56;
	if (oc == HTTPC_ERR_TLS && g->res.ssl_verify != 0 &&
	    !g->o->tls.insecure)
		return 60;
	if ((size_t)oc < sizeof(by_oc) && by_oc[oc] != 0)
		return by_oc[oc];
	return EXIT_FAIL;
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
		    g->res.reason, w, g->t.rs.used, g->o->retry.max);
	else
		msg_warnx("%s: retrying in %s (%lld of %lld)", g->res.err, w,
		    g->t.rs.used, g->o->retry.max);
}

int
hg_retry_go(struct hg_get *g, enum httpc_outcome *oc, unsigned long long kept,
    int cut, long long *wait)
{
	switch (htry_again(&g->t, &g->o->retry, g->o->connrefused, *oc,
	    &g->res, kept, cut < 0 ? &g->out : NULL, cut > 0, wait)) {
	case HTRY_GO:
		say_retry(g, *oc, *wait);
		return 1;
	case HTRY_TIME_UP:
		hg_say_failure(g, *oc);
		msg_warnx("not retrying: the wait would end after "
		    "--retry-max-time");
		break;
	case HTRY_KEPT:
		hg_say_failure(g, *oc);
		msg_warnx("not retrying: %llu bytes already written to %s",
		    kept, g->out.path ? g->out.path : "stdout");
		break;
	case HTRY_REWIND:
		*oc = HTTPC_ERR_OUTPUT;
		hg_say_failure(g, *oc);
		break;
	default:
		break;
	}
	return 0;
}

void
hg_try_reset(struct hg_get *g)
{
	htry_reset(&g->t);
	g->hbytes = g->hwrote = g->done = 0;
	g->headlen = 0;
	g->rip[0] = '\0';
	g->rport = 0;
	g->said = 0;
	g->xstatus = 0;
	memset(&g->res, 0, sizeof(g->res));
	wout_try_reset(&g->wt);
}

/*
 * The output as -o or -O name it, in --output-dir when the name is
 * relative (output_name); with --create-dirs its directories are made
 * as it is opened.  Returns CMD_GO_ON to go on, else curl's EXIT_WRITE
 * after saying why (its file cannot be opened).
 */
int
hg_output_name(const struct hconf *o, int i, const struct url *u,
    char *name, struct output *out)
{
	char err[SK_ERRLEN];
	const char *b;
	int remote = hconf_remote(o, i);

	switch (output_name(out, u, remote, remote || i >= o->nouts ? NULL :
	    o->outs[i], o->outdir,
	    o->create_dirs ? HG_DIR_MODE : 0, name, &b, err)) {
	case -1:
		msg_warnx("%s: %s", o->urls[i], err);
		return EXIT_WRITE;
	case -2:
		/* without --output-dir the name is b alone, as -o gave it */
		msg_warnx("%s%s%s: file name too long", o->outdir != NULL ?
		    o->outdir : "", o->outdir != NULL ? "/" : "", b);
		return EXIT_WRITE;
	}
	out->numbered = o->no_clobber;
	return CMD_GO_ON;
}

int
hg_header_name(struct hg_get *g, const struct http_resp *r, char *name)
{
	const struct http_field *f;
	char base[CDISP_NAMEMAX + 1];

	/* curl's -J: for a file -O names, never -o's */
	if (!g->o->remote_header || !hconf_remote(g->o, g->urlnum))
		return 0;
	switch (output_cd_name(&g->out, r, g->o->outdir, g->o->clobber, name,
	    base)) {
	case -1:
		f = http_field_get(r, "Content-Disposition");
		msg_warnx("%s: Content-Disposition: no safe file name in "
		    "\"%.*s\"", g->url, (int)(f->vlen > 80 ? 80 : f->vlen),
		    f->value);
		g->said = 1;
		return -1;
	case -2:
		msg_warnx("%s/%s: file name too long", g->o->outdir, base);
		g->said = 1;
		return -1;
	}
	return 0;
}

/*
 * An international host name in its ASCII form, as curl has libidn2
 * make it: CMD_GO_ON, else curl's status after saying why: 3 for no
 * valid name (CURLE_URL_MALFORMAT), 6 without libidn2 (a curl built
 * without it hands the name to a resolver that knows none such).
 */
int
hg_url_ascii(struct url *u)
{
	char host[SK_HOSTLEN], err[SK_ERRLEN];
	int nolib;

	memcpy(host, u->host, sizeof(host));
	if (idn_host_ascii(u->host, sizeof(u->host), &nolib, err) == 0) {
		u->idn = 0;
		return CMD_GO_ON;
	}
	msg_warnx("%s: %s%s", host, nolib ? "an international name needs " :
	    "no international host name: ", err);
	return nolib ? 6 : 3;
}
