/*
 * cmd/http_get_urls.c: http-get's URLs: the operands, the --urls lists
 * read, the schemes --proto allows, then
 * URL globbing, curl's (parse/glob.h): each URL of the command line
 * and the lists a pattern, unless -g; the URLs it makes take its
 * place, in order, and its -o name goes to each with "#N" filled in.
 * Done once, before any URL is fetched, so every mode (one at a time,
 * -Z, --pipeline) sees a plain list.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/msg.h"
#include "cmd/http_get.h"
#include "parse/glob.h"
#include "parse/proto.h"
#include "parse/urllist.h"
#include "sockt.h"
#include "util/file.h"

/*
 * bytes of a --urls list: a million URLs of 200 bytes fit, and the
 * count of URLs (an int) stays far from its limit
 */
#define URLS_FILEMAX	(256 * 1024 * 1024)
/*
 * bytes a pattern's URLs, or its -o names, may take: a million URLs of
 * 1 kB; past it the run is refused before anything is allocated (a
 * malloc of terabytes is no way to find out)
 */
#define GLOB_BYTESMAX	((size_t)1024 * 1024 * 1024)

/* What a pattern makes: its URLs, its -o names, in blocks kept in o. */
static int
expand(struct hg_opts *o, const struct glob *g, const char *out,
    char **urls, const char **outs)
{
	char *b, *nb = NULL;
	size_t len = 0, nlen = 0, n;
	long long i;

	for (i = 0; i < g->count && len <= GLOB_BYTESMAX &&
	    nlen <= GLOB_BYTESMAX; i++) {
		len += glob_url(g, i, NULL, 0) + 1;
		if (out != NULL)
			nlen += glob_name(g, i, out, NULL, 0) + 1;
	}
	if (len > GLOB_BYTESMAX || nlen > GLOB_BYTESMAX) {
		msg_warnx("the %s of the URL pattern take more than %zu MiB",
		    len > GLOB_BYTESMAX ? "URLs" : "-o names",
		    GLOB_BYTESMAX >> 20);
		return EXIT_USAGE;
	}
	/* a block once in o->gbufs is o's to free, not ours */
	if ((b = malloc(len)) == NULL || urllist_push(&o->gbufs,
	    &o->ngbufs, b) == -1) {
		free(b);
		msg_warn("malloc");
		return EXIT_FAIL;
	}
	if (out != NULL && ((nb = malloc(nlen)) == NULL ||
	    urllist_push(&o->gbufs, &o->ngbufs, nb) == -1)) {
		free(nb);
		msg_warn("malloc");
		return EXIT_FAIL;
	}
	for (i = 0; i < g->count; i++) {
		n = glob_url(g, i, b, len);
		urls[i] = b;
		b += n + 1;
		len -= n + 1;
		if (out == NULL)
			continue;
		n = glob_name(g, i, out, nb, nlen);
		outs[i] = nb;
		nb += n + 1;
		nlen -= n + 1;
	}
	return SK_CONTINUE;
}

/*
 * The pattern of URL i, parsed into g; when it has none, g->count 1 and
 * g->nvar 0.  Returns SK_CONTINUE, else the exit status after saying
 * why (a bad pattern is a usage error, as a bad URL is).
 */
static int
parse(const struct hg_opts *o, int i, struct glob *g)
{
	char err[SK_ERRLEN];
	int rc;

	if ((rc = glob_parse(o->urls[i], g, err, sizeof(err))) == 0)
		return SK_CONTINUE;
	if (rc == -1) {
		msg_warn("malloc");
		return EXIT_FAIL;
	}
	if (o->nurls > 1)
		msg_warnx("URL %d of %d: %s (-g: no globbing)", i + 1, o->nurls,
		    err);
	else
		msg_warnx("%s: %s (-g: no globbing)", o->urls[i], err);
	return EXIT_USAGE;
}

/* 1 when u may hold a pattern: a plain URL is taken as it is. */
static int
may_glob(const char *u)
{
	return strpbrk(u, "[]{}\\") != NULL;
}

/*
 * How many URLs the patterns make, at most GLOB_URLS_MAX more than
 * there are patterns.  Returns SK_CONTINUE with *total, else the exit
 * status after saying why.
 */
static int
count(const struct hg_opts *o, long long *total)
{
	struct glob g;
	long long made = 0;
	int i, rc;

	*total = 0;
	for (i = 0; i < o->nurls; i++) {
		if (!may_glob(o->urls[i])) {
			(*total)++;
			continue;
		}
		rc = parse(o, i, &g);
		if (rc == SK_CONTINUE && g.nvar > 0)
			made += g.count;
		*total += g.count;
		glob_free(&g);
		if (rc != SK_CONTINUE)
			return rc;
	}
	if (made > GLOB_URLS_MAX) {
		msg_warnx("the URL patterns make %lld URLs, at most %d", made,
		    GLOB_URLS_MAX);
		return EXIT_USAGE;
	}
	return SK_CONTINUE;
}

int
hg_glob(struct hg_opts *o)
{
	struct glob g;
	char **urls;
	const char **outs;
	long long total, at = 0;
	int i, rc, nouts = 0;

	if ((rc = count(o, &total)) != SK_CONTINUE)
		return rc;
	if ((urls = calloc((size_t)total + 1, sizeof(*urls))) == NULL ||
	    (outs = calloc((size_t)total + 1, sizeof(*outs))) == NULL) {
		free(urls);
		msg_warn("malloc");
		return EXIT_FAIL;
	}
	for (i = 0, rc = SK_CONTINUE; i < o->nurls && rc == SK_CONTINUE;
	    i++) {
		if (!may_glob(o->urls[i])) {
			if (i < o->nouts)
				outs[nouts++] = o->outs[i];
			urls[at++] = o->urls[i];
			continue;
		}
		if ((rc = parse(o, i, &g)) == SK_CONTINUE)
			rc = expand(o, &g, i < o->nouts && strcmp(o->outs[i],
			    "-") != 0 ? o->outs[i] : NULL, urls + at,
			    outs + at);
		if (rc == SK_CONTINUE) {
			/* -o -: each of its URLs to stdout */
			for (; i < o->nouts && nouts < at + g.count; nouts++)
				if (outs[nouts] == NULL)
					outs[nouts] = o->outs[i];
			at += g.count;
		}
		glob_free(&g);
	}
	free(o->urls);
	free(o->outs);
	o->urls = urls;
	o->outs = outs;
	o->nurls = (int)at;
	o->nouts = nouts;
	return rc;
}

/*
 * The URLs of the --urls lists after those of the command line: each
 * list read whole (a file, or - for stdin), split in place.  Returns
 * SK_CONTINUE to go on, else EXIT_FAIL after saying why.
 */
static int
read_lists(struct hg_opts *o)
{
	size_t len;
	int i, rc;

	for (i = 0; i < o->nlists; i++) {
		if (read_file(o->lists[i], URLS_FILEMAX, &o->bufs[i], &len) ==
		    -1) {
			msg_warn("%s", o->lists[i]);
			return EXIT_FAIL;
		}
		if ((rc = urllist_split(o->bufs[i], len, &o->urls,
		    &o->nurls)) == -2) {
			msg_warnx("%s: not a list of URLs (a NUL byte)",
			    o->lists[i]);
			return EXIT_FAIL;
		}
		if (rc == -1) {
			msg_warn("malloc");
			return EXIT_FAIL;
		}
	}
	return SK_CONTINUE;
}

int
hg_urls(struct hg_opts *o, int argc, char **argv, const char *usage)
{
	int i, rc;

	if (argc == 0 && o->nlists == 0)
		return msg_usage(usage, "missing URL");
	for (i = 0; i < argc; i++) {
		if (urllist_push(&o->urls, &o->nurls, argv[i]) == -1) {
			msg_warn("malloc");
			return EXIT_FAIL;
		}
	}
	if ((rc = read_lists(o)) != SK_CONTINUE)
		return rc;
	if (o->nurls == 0) {
		msg_warnx("no URL in %s", o->nlists > 1 ? "the --urls lists" :
		    strcmp(o->lists[0], "-") == 0 ? "stdin" : o->lists[0]);
		return EXIT_FAIL;
	}
	if (o->nouts > o->nurls && !o->silent)
		msg_warnx("more -o than URLs: %s and after are not used",
		    o->outs[o->nurls]);
	return o->globoff ? SK_CONTINUE : hg_glob(o);
}

int
hg_proto_opt(unsigned *m, const char *opt, const char *arg,
    const char *usage)
{
	char unk[80];

	*m = PROTO_ALL;
	if (proto_parse(arg, m, unk, sizeof(unk)) == -1)
		return msg_usage(usage, "%s %s: a name after +, - or =, "
		    "comma-separated", opt, arg);
	if (unk[0] != '\0')
		msg_warnx("%s: unrecognized protocol '%s'", opt, unk);
	return SK_CONTINUE;
}
