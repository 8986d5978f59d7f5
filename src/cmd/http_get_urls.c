/*
 * cmd/http_get_urls.c: what http-get reads before the run: its URLs
 * (the operands, the --urls lists, then unless -g the URLs each
 * pattern makes in its place: parse/urlglob.h), the schemes --proto
 * allows, -b's argument and --netrc's file.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/msg.h"
#include "cmd/cmd.h"
#include "cmd/http_get.h"
#include "http/engine.h"
#include "http/netrc.h"
#include "http/urlrun.h"
#include "http/why.h"
#include "parse/proto.h"
#include "parse/urlglob.h"
#include "parse/urllist.h"
#include "util/base.h"

/*
 * Each URL of o as a pattern: o->urls and o->outs replaced by the URLs
 * the patterns make, in order, each -o name with its "#N" filled in.
 * Returns CMD_GO_ON to go on, else the exit status after saying why
 * (EXIT_USAGE: a bad pattern).
 */
static int
glob_urls(struct hg_opts *o)
{
	struct urlglob g;
	char err[SK_ERRLEN];
	int bad, rc;

	switch ((rc = urlglob_expand(o->urls, o->nurls, o->outs, o->nouts,
	    &g, &bad, err))) {
	case 0:
		free(o->urls);
		free(o->outs);
		o->urls = g.urls;
		o->outs = g.outs;
		o->nurls = g.nurls;
		o->nouts = g.nouts;
		o->gbufs = g.bufs;
		o->ngbufs = g.nbufs;
		return CMD_GO_ON;
	case -1:
		msg_warn("malloc");
		break;
	case -2:
		/* a bad pattern is a usage error, as a bad URL is */
		if (o->nurls > 1)
			msg_warnx("URL %d of %d: %s (-g: no globbing)", bad + 1,
			    o->nurls, err);
		else
			msg_warnx("%s: %s (-g: no globbing)", o->urls[bad],
			    err);
		break;
	default:
		msg_warnx("%s", err);
		break;
	}
	urlglob_free(&g);
	return rc == -1 ? EXIT_FAIL : EXIT_USAGE;
}

int
hg_urls(struct hg_opts *o, int argc, char **argv, const char *usage)
{
	struct httpc_why w;
	int i;

	if (argc == 0 && o->nlists == 0)
		return cmd_usage(usage, "missing URL");
	for (i = 0; i < argc; i++) {
		if (urllist_push(&o->urls, &o->nurls, argv[i]) == -1) {
			msg_warn("malloc");
			return EXIT_FAIL;
		}
	}
	/* then those of the --urls lists, each read whole, split in place */
	for (i = 0; i < o->nlists; i++)
		if (urun_read_list(o->lists[i], &o->bufs[i], &o->urls,
		    &o->nurls, &w) == -1) {
			hg_say_why(&w);
			return EXIT_FAIL;
		}
	if (o->nurls == 0) {
		msg_warnx("no URL in %s", o->nlists > 1 ? "the --urls lists" :
		    strcmp(o->lists[0], "-") == 0 ? "stdin" : o->lists[0]);
		return EXIT_FAIL;
	}
	if (o->nouts > o->nurls && !o->silent)
		msg_warnx("more -o than URLs: %s and after are not used",
		    o->outs[o->nurls]);
	return o->globoff ? CMD_GO_ON : glob_urls(o);
}

int
hg_proto_opt(unsigned *m, const char *opt, const char *arg,
    const char *usage)
{
	char unk[80];

	*m = PROTO_ALL;
	if (proto_parse(arg, m, unk, sizeof(unk)) == -1)
		return cmd_usage(usage, "%s %s: a name after +, - or =, "
		    "comma-separated", opt, arg);
	if (unk[0] != '\0')
		msg_warnx("%s: unrecognized protocol '%s'", opt, unk);
	return CMD_GO_ON;
}

int
hg_cookie_arg(struct hg_opts *o, const char *arg, const char *usage)
{
	switch (httpc_cookie_arg(&o->cookie_data, arg)) {
	case 1:
		o->cookie_files[o->ncookie_files++] = arg;
		break;
	case -1:
		msg_warn("malloc");
		return EXIT_FAIL;
	case -2:
		return cmd_usage(usage, "-b: cookies contain a control "
		    "character");
	}
	o->http.cookie = o->cookie_data;
	return CMD_GO_ON;
}

int
hg_netrc_load(struct hg_opts *o)
{
	struct httpc_why w;
	int rc;

	if ((rc = netrc_load(o->netrc_file, o->netrc_optional,
	    &o->netrc_text, &o->netrc_len, &w)) != 0)
		hg_say_why(&w);
	return rc == -1 ? EXIT_FAIL : CMD_GO_ON;
}
