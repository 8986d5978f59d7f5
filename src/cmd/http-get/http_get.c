/*
 * cmd/http-get/http_get.c: sockt http-get, an HTTP/1.1 client in the spirit of
 * curl.  The options are read in http_get_opts.c; every URL and
 * --output-dir are checked before the first URL is fetched; then
 * http_get_run.c takes them through the engine, one at a time or many
 * at once, and the exit status is the first failure's in URL order.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli/msg.h"
#include "cmd/cmd.h"
#include "cmd/http-get/http_get.h"
#include "cmd/http-get/http_get_config.h"
#include "http/decode.h"
#include "http/output.h"
#include "parse/noproxy.h"
#include "parse/proto.h"
#include "parse/socks.h"
#include "parse/url.h"
#include "util/base.h"

/*
 * Every URL checked before the first is fetched, so a typo at the end
 * of a long list costs nothing: a malformed one fails with curl's 3 (1
 * for a scheme other than http and https); one --proto does not allow,
 * or a proxy from the environment that cannot be read, fails the run,
 * and one with a user name under --disallow-username-in-url with curl's
 * 67.  (One -O cannot name a file after is curl's 23 at its turn:
 * slot_new.)  Returns CMD_GO_ON to go on, else the exit status after
 * saying why.
 */
static int
check_urls(const struct hconf *o)
{
	static struct url u;
	struct proxy px;
	const char *from = NULL;
	char err[SK_ERRLEN];
	int i;

	for (i = 0; i < o->nurls; i++) {
		if (url_parse_mode(o->urls[i], &u, (o->path_as_is ?
		    URL_AS_IS : 0) | URL_IDN, err) == -1) {
			/* which one, by number: a bad URL may not print well */
			if (o->nurls > 1)
				msg_warnx("URL %d of %d: %s", i + 1, o->nurls,
				    err);
			else
				msg_warnx("%s", err);
			/* curl's: 1 for a scheme it lacks, 3 for the rest */
			return strncmp(err, "unsupported URL scheme", 22) == 0 ?
			    EXIT_FAIL : EXIT_URL;
		}
		/* the password is not said again */
		if (o->no_url_user && u.has_auth) {
			msg_warnx("URL %d: login denied: a user name in it "
			    "(--disallow-username-in-url)", i + 1);
			return EXIT_LOGIN;
		}
		if (!(o->proto & (u.https ? PROTO_HTTPS : PROTO_HTTP))) {
			msg_warnx("%s: %s:// not allowed by --proto", o->urls[i],
			    url_scheme(&u));
			return EXIT_FAIL;
		}
		if (o->http.unix_path == NULL && proxy_pick(&o->env, u.https,
		    u.host, &px, &from, err) == -1) {
			msg_warnx("%s", err);
			return EXIT_FAIL;
		}
	}
	return CMD_GO_ON;
}

/*
 * --output-dir, when a file goes in it (-O, or a relative -o name of a
 * URL): made now with --create-dirs, else it must be a directory.
 * Said once, before the first URL is fetched, rather than after each
 * body as the file fails to open; a missing one is curl's, each request
 * sent and each file failing to open (23).
 * Returns CMD_GO_ON to go on, else curl's EXIT_WRITE after saying why.
 */
static int
outdir_check(const struct hconf *o)
{
	int i, used = o->remote_name;

	for (i = 0; !used && i < o->nouts && i < o->nurls; i++)
		used = strcmp(o->outs[i], "-") != 0 && o->outs[i][0] != '/';
	if (o->outdir == NULL || !used || output_dir(o->outdir,
	    o->create_dirs ? HG_DIR_MODE : 0) == 0 || (errno == ENOENT &&
	    !o->create_dirs))
		return CMD_GO_ON;
	msg_warn("%s", o->outdir);
	return EXIT_WRITE;
}

/*
 * One group of URLs and their options (all of them without --next):
 * checked, then run; the exit status.
 */
static int
group_run(struct hconf *o)
{
	char err[SK_ERRLEN];
	int status, i;

	hg_quiet(o);
	if ((status = hg_settle(o)) != CMD_GO_ON ||
	    (status = check_urls(o)) != CMD_GO_ON)
		return status;
	/* --compressed without zlib: one line now, not one per URL */
	if (o->http.compressed && decode_load(err) == -1) {
		msg_warnx("--compressed: %s", err);
		return EXIT_FAIL;
	}
	if ((status = outdir_check(o)) != CMD_GO_ON)
		return status;
	/* -b's files, in order (one that does not exist is none, as curl) */
	for (i = 0; i < o->ncookie_files; i++)
		if (httpc_jar_load(o->http.jar, o->cookie_files[i],
		    o->junk_session, o->urls[0]) == -1) {
			msg_warn("%s", o->cookie_files[i]);
			return EXIT_FAIL;
		}
	status = hg_run(o);
	/* -c's file at the end, whatever the transfers did, as curl */
	if (o->cookie_jar != NULL && httpc_jar_save(o->http.jar,
	    o->cookie_jar) == -1) {
		msg_warn("%s", strcmp(o->cookie_jar, "-") == 0 ? "stdout" :
		    o->cookie_jar);
		if (status == EXIT_OK)
			status = EXIT_FAIL;
	}
	return status;
}

/*
 * Every group's options read first (a usage error in any runs none),
 * then the groups in turn, as curl's: a failed transfer goes on to the
 * next group (not with --fail-early), a group that cannot start stops
 * them; the status is the last group's.
 */
int	hg_begun;

int
cmd_http_get(int argc, char *argv[])
{
	struct hconf **g = NULL, **t;
	char **next = argv;
	int status = EXIT_OK, n = 0, i;

	while (next != NULL) {
		if ((t = realloc(g, (size_t)(n + 1) * sizeof(*g))) == NULL ||
		    (t[n] = malloc(sizeof(**t))) == NULL) {
			g = t != NULL ? t : g;
			msg_warn("malloc");
			status = EXIT_FAIL;
			goto done;
		}
		g = t;
		argv = next;
		next = NULL;
		if ((status = hg_opts_parse(argc, argv, g[n++], &next,
		    &argc)) != CMD_GO_ON)
			goto done;
	}
	hconf_globals(g, n);
	for (i = 0; i < n; i++) {
		status = group_run(g[i]);
		if (status != EXIT_OK && (g[i]->fail_early ||
		    status == EXIT_USAGE))
			break;
	}
	/* every URL skipped (--etag-save's file): curl's 26, not -Z's 0 */
	if (status == EXIT_OK && hg_begun == 0 && !g[0]->parallel) {
		msg_warnx("no transfer performed");
		status = EXIT_READ;
	}
done:
	for (i = 0; i < n; i++) {
		hconf_free(g[i]);
		free(g[i]);
	}
	free(g);
	hg_config_free();
	return status;
}
