/*
 * cmd/http_get.c: sockt http-get, an HTTP/1.1 client in the spirit of
 * curl.  The options are read in http_get_opts.c; every URL is checked
 * before the first is fetched; then http_get_run.c takes them through
 * the engine, one at a time or many at once, and the exit status is
 * the first failure's in URL order.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cli/msg.h"
#include "cmd/cmd.h"
#include "cmd/http_get.h"
#include "http/decode.h"
#include "http/output.h"
#include "parse/noproxy.h"
#include "parse/socks.h"
#include "parse/url.h"
#include "sockt.h"

/*
 * Every URL checked before the first is fetched, so a typo at the end
 * of a long list costs nothing: a malformed one, or one -O cannot name a
 * file after, is a usage error; a proxy from the environment that
 * cannot be read fails the run.  Returns SK_CONTINUE to go on, else the
 * exit status after saying why.
 */
static int
check_urls(const struct hg_opts *o)
{
	static struct url u;
	static char name[PATH_MAX];
	struct output out;
	struct proxy px;
	const char *from = NULL;
	char err[SK_ERRLEN];
	int i, rc;

	for (i = 0; i < o->nurls; i++) {
		if (url_parse(o->urls[i], &u, err) == -1) {
			/* which one, by number: a bad URL may not print well */
			if (o->nurls > 1)
				msg_warnx("URL %d of %d: %s", i + 1, o->nurls,
				    err);
			else
				msg_warnx("%s", err);
			return EXIT_USAGE;
		}
		if (o->remote_name && (rc = hg_output_name(o, &u, name,
		    &out)) != SK_CONTINUE)
			return rc;
		if (o->http.unix_path == NULL && proxy_pick(&o->env, u.https,
		    u.host, &px, &from, err) == -1) {
			msg_warnx("%s", err);
			return EXIT_FAIL;
		}
	}
	return SK_CONTINUE;
}

int
cmd_http_get(int argc, char *argv[])
{
	struct hg_opts o;
	char err[SK_ERRLEN];
	int status;

	if ((status = hg_opts_parse(argc, argv, &o)) != SK_CONTINUE)
		goto done;
	if ((status = check_urls(&o)) != SK_CONTINUE)
		goto done;
	/* --compressed without zlib: one line now, not one per URL */
	if (o.http.compressed && decode_load(err) == -1) {
		msg_warnx("--compressed: %s", err);
		status = EXIT_FAIL;
		goto done;
	}
	status = hg_run(&o);
done:
	hg_opts_free(&o);
	return status;
}
