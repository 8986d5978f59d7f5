/* Unit tests for curl's config file lines (src/parse/curlcfg.c). */
#include <stdio.h>
#include <string.h>

#include "parse/curlcfg.h"
#include "parse/opt.h"
#include "tap.h"

enum { O_HEADER = 1000, O_SILENT, O_DEPTH, O_OUT };

static const struct opt_def tab[] = {
	OPT_ARG_(O_HEADER, 'H', "header", "header", COMP_NONE, NULL),
	OPT_FLAG_(O_SILENT, 's', "silent", NULL),
	OPT_FLAG_('S', 'S', NULL, NULL),
	OPT_OPTARG_(O_DEPTH, 0, "pipeline", "n", NULL),
	OPT_ARG_(O_OUT, 'o', "output", "file", COMP_NONE, NULL),
	OPT_END
};
static const struct opt_def *const tabs[] = { tab, NULL };
static const struct opt_foreign foreign[] = {
	{ "-d --data", "no body" },
	{ NULL, NULL }
};

static char got[512];

/* line read: "opt|param|junk" ("-" for no parameter), or "" for none */
static const char *
line(const char *s)
{
	struct cfg_line l;
	char b[256];

	snprintf(b, sizeof(b), "%s", s);
	if (cfg_line(b, &l) == 0)
		return "";
	snprintf(got, sizeof(got), "%s|%s|%d", l.opt, l.param != NULL ?
	    l.param : "-", l.junk);
	return got;
}

/* line s as words: "verdict:w1 w2", words joined by a space */
static const char *
words(const char *s)
{
	struct opt_state st;
	struct cfg_line l;
	char b[256], buf[600], *w[CFG_WORDS], *argv[] = { "x", NULL };
	int n, i, v;
	size_t off;

	opt_init(&st, 1, argv, tabs);
	st.foreign = foreign;
	snprintf(b, sizeof(b), "%s", s);
	if (cfg_line(b, &l) == 0)
		return "none";
	v = cfg_words(&st, &l, buf, 2 * strlen(s) + 8, w, &n);
	off = (size_t)snprintf(got, sizeof(got), "%d:", v);
	for (i = 0; i < n && off < sizeof(got); i++)
		off += (size_t)snprintf(got + off, sizeof(got) - off, "%s%s",
		    i > 0 ? " " : "", w[i]);
	return got;
}

int
main(void)
{
	struct opt_state st;
	char *argv[] = { "cmd", "-K", "f", "url2", NULL }, *to[8];
	char *add[] = { "-s", "url1" }, **rest;
	int c, n;

	is_str(line("header = \"X-A: 1\"\n"), "header|X-A: 1|0", "opt = \"v\"");
	is_str(line("header: x\n"), "header|x|0", "opt: v");
	is_str(line("header=x"), "header|x|0", "opt=v, no newline");
	is_str(line("header x\r\n"), "header|x|0", "opt v, CRLF");
	is_str(line("  \t--header x\n"), "--header|x|0", "indented, dashes");
	is_str(line("--header=x\n"), "--header=x|-|0",
	    "dashes: '=' is no separator");
	is_str(line("-H: x\n"), "-H:|x|0", "dashes: ':' is no separator");
	is_str(line("header = : x\n"), "header|x|0",
	    "a run of separators and spaces");
	is_str(line("silent\n"), "silent|-|0", "no parameter");
	is_str(line("header a b\n"), "header|a|1", "more after it: junk");
	is_str(line("header a # c\n"), "header|a|0", "a comment after it");
	is_str(line("header \"a\\\\b\\\"c\\td\\ne\\rf\\vg\\qh\"\n"),
	    "header|a\\b\"c\td\ne\rf\vgqh|0", "curl's escapes");
	is_str(line("header \"a b\" junk\n"), "header|a b|0",
	    "after the closing quote: nothing read");
	is_str(line("header \"open\n"), "header|open\n|0",
	    "no closing quote: the newline kept, as curl");
	is_str(line("header \"\"\n"), "header||0", "an empty quoted value");
	is_str(line("header \"a\\"), "header|a|0", "a backslash at the end");
	is_str(line("= x\n"), "|x|0", "a separator first: an empty option");
	is_str(words("= x\n"), "1:", "... unknown, as curl's ''");
	is_str(line("# comment\n"), "", "a comment");
	is_str(line("   # comment\n"), "", "an indented comment");
	is_str(line("/ x\n"), "", "'/' a comment too");
	is_str(line("* x\n"), "", "'*' a comment too");
	is_str(line("\r\n"), "", "a blank line");
	is_str(line(""), "", "nothing");

	is_str(words("header = \"X: 1\"\n"), "0:--header X: 1", "long: two words");
	is_str(words("--header X:1\n"), "0:--header X:1", "--long");
	is_str(words("-H X:1\n"), "0:-H X:1", "short");
	is_str(words("-sH X:1\n"), "0:-sH X:1", "a cluster, the last takes it");
	is_str(words("-oFILE\n"), "0:-oFILE", "the argument in the cluster");
	is_str(words("-sS\n"), "0:-sS", "a cluster of flags");
	is_str(words("-sS x\n"), "3:-sS", "a flag cluster's parameter: garbage");
	is_str(words("silent yes\n"), "3:--silent", "a flag's parameter: garbage");
	is_str(words("silent \"\"\n"), "0:--silent", "... unless empty");
	is_str(words("header\n"), "2:", "no parameter: requires");
	is_str(words("-H\n"), "2:", "a short one too");
	is_str(words("bogus 1\n"), "1:", "unknown: dropped");
	is_str(words("-Q\n"), "1:", "an unknown letter");
	is_str(words("data = x\n"), "0:--data", "another tool's: the parser's");
	is_str(words("-d x\n"), "0:-d", "another tool's letter");
	is_str(words("url = \"http://h/\"\n"), "0:http://h/", "url: an operand");
	is_str(words("--url http://h/\n"), "0:http://h/", "--url too");
	is_str(words("url\n"), "2:", "url without one");
	is_str(words("pipeline 4\n"), "0:--pipeline 4", "an optional number");
	is_str(words("pipeline x\n"), "3:--pipeline", "... not a number");
	is_str(words("http://h/\n"), "1:", "a URL alone: 'http' unknown");

	/* the parser's argv: -K's words read next, --next's rest handed on */
	opt_init(&st, 4, argv, tabs);
	c = opt_next(&st);
	is_int(c, OPT_ERR, "-K unknown here: an error");
	opt_init(&st, 4, argv, NULL);
	st.ind = 3;
	opt_splice(&st, to, add, 2);
	is_int(st.argc, 6, "spliced: two more");
	is_str(to[3], "-s", "after the word read");
	is_str(to[4], "url1", "in order");
	is_str(to[5], "url2", "the rest after them");
	ok(to[6] == NULL, "NULL-ended");
	rest = opt_stop(&st, &n);
	is_int(n, 4, "stopped: the word read and the rest");
	is_str(rest[0], "f", "the word read in front");
	is_str(rest[1], "-s", "then the rest");
	is_int(st.argc, 3, "st ends there");
	return tap_done();
}
