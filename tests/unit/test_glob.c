/* Unit tests for curl's URL globbing (src/parse/glob.c). */
#include <stdio.h>
#include <string.h>

#include "parse/glob.h"
#include "tap.h"

/* Every URL pat makes, joined by ' ', or the error. */
static const char *
all(const char *pat)
{
	static char out[4096], err[128];
	struct glob g;
	char u[256];
	size_t o = 0, n;
	long long i;
	int rc;

	if ((rc = glob_parse(pat, &g, err, sizeof(err))) != 0) {
		glob_free(&g);
		return rc == -2 ? err : "ENOMEM";
	}
	out[0] = '\0';
	for (i = 0; i < g.count; i++) {
		n = glob_url(&g, i, u, sizeof(u));
		if (n >= sizeof(u) || o + n + 2 > sizeof(out))
			return "overflow";
		if (o > 0)
			out[o++] = ' ';
		memcpy(out + o, u, n + 1);
		o += n;
	}
	glob_free(&g);
	return out;
}

/* The output name tmpl for URL n of pat. */
static const char *
name(const char *pat, long long n, const char *tmpl)
{
	static char out[256];
	char err[128];
	struct glob g;

	if (glob_parse(pat, &g, err, sizeof(err)) != 0)
		(void)snprintf(out, sizeof(out), "%s", err);
	else
		(void)glob_name(&g, n, tmpl, out, sizeof(out));
	glob_free(&g);
	return out;
}

static long long
count(const char *pat)
{
	char err[128];
	struct glob g;
	long long n;

	n = glob_parse(pat, &g, err, sizeof(err)) == 0 ? g.count : -1;
	glob_free(&g);
	return n;
}

int
main(void)
{
	char buf[8], err[128];
	struct glob g;

	is_str(all("http://h/a"), "http://h/a", "no pattern: as given");
	is_str(all("http://h/[1-3]"), "http://h/1 http://h/2 http://h/3",
	    "a range");
	is_str(all("h/[08-10]"), "h/08 h/09 h/10", "zero padded");
	is_str(all("h/[0-2]"), "h/0 h/1 h/2", "a lone 0 pads to one digit");
	is_str(all("h/[a-c]"), "h/a h/b h/c", "letters");
	is_str(all("h/[A-E:2]"), "h/A h/C h/E", "letters with a step");
	is_str(all("h/[0-100:50]"), "h/0 h/50 h/100", "a step");
	is_str(all("h/[0-10:4]"), "h/0 h/4 h/8", "a step short of the end");
	is_str(all("h/{one,two}"), "h/one h/two", "a set");
	is_str(all("h/{,x}"), "h/ h/x", "an empty element");
	is_str(all("h/{a\\,b,c}"), "h/a,b h/c", "an escaped comma");
	is_str(all("h/{a,b}[1-2]"), "h/a1 h/a2 h/b1 h/b2",
	    "two patterns: the last turns fastest");
	is_str(all("h/[1-2]/{x,y}/[a-b]"),
	    "h/1/x/a h/1/x/b h/1/y/a h/1/y/b h/2/x/a h/2/x/b h/2/y/a h/2/y/b",
	    "three patterns, curl's order");
	is_str(all("h/\\[1-2\\]\\{a\\}"), "h/[1-2]{a}", "escaped brackets");
	is_str(all("http://[::1]:80/[1-2]"),
	    "http://[::1]:80/1 http://[::1]:80/2", "an IPv6 literal is no range");
	is_str(all("http://[fe80::1%25eth0]/"), "http://[fe80::1%25eth0]/",
	    "an IPv6 zone");
	is_str(all("h/[5-5]"), "h/5", "one value");

	/* each placed where curl 7.88 places it, where its reading stopped */
	is_str(all("h/[1-"), "bad range in URL position 6", "an open range");
	is_str(all("h/[3-1]"), "bad range in URL position 8", "backwards");
	is_str(all("h/[1-5:0]"), "bad range in URL position 10", "step 0");
	is_str(all("h/[1-5:9]"), "bad range in URL position 10",
	    "a step past the range");
	is_str(all("h/[1-5:x]"), "bad range in URL position 8",
	    "no step: at the step");
	is_str(all("h/[1x5]"), "bad range in URL position 4",
	    "no dash: at the start");
	is_str(all("h/[a-Z]"), "bad range in URL position 8", "mixed case");
	is_str(all("h/[a-c:x]"), "bad range in URL position 4",
	    "letters, no step: at the start");
	is_str(all("h/[x]"), "bad range in URL position 4", "no range");
	is_str(all("h/[!]"), "bad range specification in URL position 4",
	    "neither letter nor digit");
	is_str(all("h/[]?a[]=1"), "h/[]?a[]=1", "[] as it is, as curl's");
	is_str(all("h/{a,b"), "unmatched brace in URL position 3",
	    "an open set");
	is_str(all("h/{a,{b}}"), "nested brace in URL position 6", "nested");
	is_str(all("h/{}"), "empty string within braces in URL position 4",
	    "an empty set, as curl");
	is_str(all("h/a}"), "unmatched close brace/bracket in URL position 4",
	    "a stray }");
	is_str(all("h/a]"), "unmatched close brace/bracket in URL position 4",
	    "a stray ]");
	is_str(all("h/[1-99999999999999999999999]"),
	    "bad range in URL position 6", "a number too large");
	ok(count("h/[0-999999]") == 1000000, "a million: the cap");
	ok(count("h/[0-1000000]") == -1, "a million and one: refused");
	ok(count("h/[0-999][0-999]") == 1000000, "a product at the cap");
	ok(count("h/[0-999][0-999]{a,b}") == -1, "a product past the cap");
	ok(count("h/[0-18446744073709551615]") == -1, "the largest range");
	ok(glob_parse("h/[1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1]"
	    "[1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1]"
	    "[1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1]"
	    "[1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1]"
	    "[1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1]"
	    "[1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1]"
	    "[1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1]"
	    "[1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1][1-1]"
	    "[1-1]", &g, err, sizeof(err)) == -2, "past 100 patterns");
	glob_free(&g);

	is_str(name("h/{a,b}[1-2]", 3, "f_#1_#2.txt"), "f_b_2.txt", "#1 #2");
	is_str(name("h/{a,b}[1-2]", 0, "#2#1"), "1a", "back to back");
	is_str(name("h/[1-2]", 1, "#3 #0 # #x"), "#3 #0 # #x",
	    "no such pattern: kept");
	is_str(name("h/[01-10]", 9, "p#1"), "p10", "padded in a name too");
	is_str(name("h/a", 0, "x#1"), "x#1", "no pattern: kept");

	/* cut as snprintf cuts */
	ok(glob_parse("h/[100-101]", &g, err, sizeof(err)) == 0, "parse");
	is_int((int)glob_url(&g, 1, buf, 4), 5, "the whole length");
	is_str(buf, "h/1", "cut, NUL ended");
	is_int((int)glob_url(&g, 0, NULL, 0), 5, "nothing written");
	glob_free(&g);
	return tap_done();
}
