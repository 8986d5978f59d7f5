/* Unit tests for urllist_next (src/urllist.c). */
#include <stdlib.h>
#include <string.h>

#include "parse/urllist.h"
#include "tap.h"

/* Every URL of text, joined by '|'. */
static const char *
all(const char *text)
{
	static char buf[512], out[512];
	size_t len = strlen(text), pos = 0, o = 0, n;
	char *u;

	memcpy(buf, text, len + 1);
	out[0] = '\0';
	while ((u = urllist_next(buf, len, &pos)) != NULL) {
		n = strlen(u);
		if (o + n + 2 > sizeof(out))
			return "overflow";
		if (o > 0)
			out[o++] = '|';
		memcpy(out + o, u, n + 1);
		o += n;
	}
	return out;
}

int
main(void)
{
	char buf[16], *u, **v = NULL;
	size_t pos = 0;
	int n = 0, i;

	is_str(all(""), "", "empty file");
	is_str(all("\n\n  \n\t\n"), "", "blank lines only");
	is_str(all("http://a/1\nhttp://a/2\n"), "http://a/1|http://a/2",
	    "one a line");
	is_str(all("http://a/1\nhttp://a/2"), "http://a/1|http://a/2",
	    "no LF at the end");
	is_str(all("http://a/1\r\nhttp://a/2\r\n"), "http://a/1|http://a/2",
	    "CRLF lines");
	is_str(all("  http://a/1 \t\n"), "http://a/1", "blanks trimmed");
	is_str(all("# list\nhttp://a/1\n  # indented comment\n\n"
	    "http://a/2#frag\n"), "http://a/1|http://a/2#frag",
	    "comments skipped, a fragment is no comment");
	is_str(all("#\n#http://a/1"), "", "comment lines only");
	is_str(all("x"), "x", "one byte");
	is_str(all("\r"), "", "a lone CR");

	/* the end is reported again, not run past */
	memcpy(buf, "a\n", 3);
	ok(urllist_next(buf, 2, &pos) != NULL, "first URL");
	ok(urllist_next(buf, 2, &pos) == NULL, "then the end");
	ok(urllist_next(buf, 2, &pos) == NULL, "and the end again");
	is_int((int)pos, 2, "pos stays at the end");

	/* NULs (the fuzzer's find): a line of them is no URL, and a URL
	 * ends at the first */
	memcpy(buf, "\0\0\0\nhttp://x/y\0z", 16);
	pos = 0;
	u = urllist_next(buf, 16, &pos);
	is_str(u != NULL ? u : "(none)", "http://x/y",
	    "a line of NULs skipped, a URL cut at its NUL");
	ok(urllist_next(buf, 16, &pos) == NULL, "then the end");

	/* the lists a command keeps */
	memcpy(buf, "a\n# c\nb\n", 9);
	is_int(urllist_split(buf, 8, &v, &n), 0, "split");
	is_int(n, 2, "two URLs");
	is_str(n == 2 ? v[1] : "", "b", "in order");
	for (i = 0; i < 3000; i++)
		if (urllist_push(&v, &n, buf) == -1)
			break;
	is_int(n, 3002, "pushed past 1024 and 2048");
	memcpy(buf, "a\0b", 3);
	is_int(urllist_split(buf, 3, &v, &n), -2, "a NUL: no list");
	free(v);
	v = NULL;
	n = 0;
	ok(urllist_has(v, n, "x") == 0, "none seen");
	ok(urllist_seen_add(&v, &n, "http://a/") == 0 &&
	    urllist_seen_add(&v, &n, "http://b/") == 0, "two seen");
	ok(urllist_has(v, n, "http://b/") == 1, "seen");
	ok(urllist_has(v, n, "http://c/") == 0, "not seen");
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return tap_done();
}
