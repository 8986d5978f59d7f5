/*
 * Unit tests for http-get's URL list after globbing (parse/urlglob.c):
 * plain URLs as they are, each pattern's URLs in its place with its -o
 * name's "#N" filled in, -o - for each, a bad pattern by its index,
 * the cap on the URLs made.
 */
#include <errno.h>
#include <string.h>

#include "parse/glob.h"
#include "parse/urlglob.h"
#include "tap.h"
#include "util/base.h"

int
main(void)
{
	struct urlglob g;
	char err[SK_ERRLEN];
	char *urls[4] = { "http://a/x", "http://b/[1-3]", "http://c/{p,q}",
	    "http://d/" };
	const char *outs[3] = { "x", "f#1", "-" };
	char *bad[3] = { "http://a/", "http://b/[1-", "http://c/[1-2]" };
	char *many[2] = { "http://a/[1-600000]", "http://b/[1-600000]" };
	int i;

	is_int(urlglob_expand(urls, 4, outs, 3, &g, &i, err), 0, "expanded");
	is_int(g.nurls, 7, "1 + 3 + 2 + 1 URLs");
	is_str(g.urls[0], "http://a/x", "a plain URL as it is");
	ok(g.urls[0] == urls[0], "... not copied");
	is_str(g.urls[1], "http://b/1", "the pattern's first");
	is_str(g.urls[3], "http://b/3", "... its last");
	is_str(g.urls[5], "http://c/q", "a set's");
	is_str(g.urls[6], "http://d/", "the plain one after");
	is_int(g.nouts, 6, "-o names for the first three's URLs");
	is_str(g.outs[0], "x", "the plain one's");
	is_str(g.outs[2], "f2", "#1 filled in");
	is_str(g.outs[4], "-", "-o -: each of its URLs to stdout");
	is_str(g.outs[5], "-", "... both");
	urlglob_free(&g);

	is_int(urlglob_expand(urls, 4, outs, 0, &g, &i, err), 0,
	    "without -o");
	is_int(g.nouts, 0, "... no names");
	urlglob_free(&g);

	is_int(urlglob_expand(bad, 3, outs, 0, &g, &i, err), -2,
	    "a bad pattern");
	is_int(i, 1, "... its index");
	ok(strstr(err, "position") != NULL, "... glob_parse's words");
	urlglob_free(&g);

	is_int(urlglob_expand(many, 2, outs, 0, &g, &i, err), -3,
	    "more than GLOB_URLS_MAX URLs in all");
	is_str(err, "the URL patterns make 1200000 URLs, at most 1000000",
	    "... said");
	urlglob_free(&g);
	return tap_done();
}
