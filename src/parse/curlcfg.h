/*
 * curlcfg.h: curl 7.88's config files (-K, --config), pure (no I/O):
 * a line in, the option and its parameter out, then the command line
 * words they mean for a command's option tables (opt.h), so that a
 * config file's options go through the one table the command line's do.
 *
 * curl's syntax: one option a line, its leading dashes optional; an
 * option without dashes ends at a space, '=' or ':' and its parameter
 * follows any run of those; with dashes only spaces part them.  A
 * parameter in double quotes runs to the closing quote (or the line's
 * end, its newline kept, as curl keeps it) with \\ \" \t \n \r \v and
 * any other letter after a backslash as itself; unquoted, it ends at a
 * space.  A line whose first non-blank is '#', '/', '*' or its end is
 * none.  "url" gives a URL.
 */
#ifndef CURLCFG_H
#define CURLCFG_H

#include <stddef.h>

#include "parse/opt.h"

#define CFG_LINE_MAX	(100 * 1024)	/* curl's longest line */

struct cfg_line {
	char	*opt;		/* as written: "-o", "--output", "output" */
	char	*param;		/* unquoted; NULL: none */
	int	 junk;		/* unquoted, and more words after it */
};

/*
 * cfg_line: line (one line, its newline kept, NUL-ended) read into l,
 * rewritten in place (the option and the parameter NUL-ended in it).
 * Returns 1 for an option, 0 for a comment or a blank line.
 */
int	cfg_line(char *line, struct cfg_line *l);

/* What cfg_words made of a line; curl's warning for each but CFG_OK. */
enum cfg_verdict {
	CFG_OK,
	CFG_UNKNOWN,	/* "is unknown": the line dropped */
	CFG_NEEDS,	/* "requires parameter": the line dropped */
	CFG_GARBAGE	/* "had unsupported trailing garbage": the
			   option taken, its parameter dropped */
};
#define CFG_WORDS	3	/* at most, a line's words */

/*
 * cfg_words: line l as the command line words of st's tables, in w
 * (*nw of them, pointing into buf, cap bytes: strlen(opt) +
 * strlen(param) + 8 is room enough): "--name" and the parameter as the
 * next word for a long option that takes one, a cluster as written
 * ("-sH") and the parameter for a short one, a URL alone for "url"; an
 * option of st->foreign's list as written with dashes, so that the
 * parser refuses it with its advice.  Returns an enum cfg_verdict.
 */
int	cfg_words(const struct opt_state *st, const struct cfg_line *l,
	    char *buf, size_t cap, char **w, int *nw);

/* cfg_why: curl's words for verdict v: "is unknown" */
const char *cfg_why(int v);

#endif /* CURLCFG_H */
