/*
 * glob.h: curl's URL globbing, pure (no I/O): "[1-100]", "[001-100]"
 * (zero padded to the first number's width), "[a-z]", "[0-100:10]"
 * (a step), "{one,two}" (a set); several in one URL make their
 * cartesian product, the last one turning fastest, as curl's.  A '\'
 * before [ ] { } takes it as it is; "[" that opens an IPv6 literal
 * ("[::1]", "[fe80::1%25eth0]") is no range.  An output name's "#N"
 * is the text the Nth pattern gave.
 */
#ifndef GLOB_H
#define GLOB_H

#include <stddef.h>

#define GLOB_PATTERNS	100		/* patterns in one URL, curl's */
#define GLOB_URLS_MAX	1000000		/* URLs one pattern may make */

struct glob_pat;
struct glob_str;

struct glob {
	struct glob_pat	*pat;		/* the parts, fixed text too */
	struct glob_str	*str;		/* the sets' elements */
	char		*buf;		/* their text, unescaped */
	int		 npat;
	int		 nvar;		/* those that vary: #1 .. #nvar */
	long long	 count;		/* URLs it makes, 1 .. GLOB_URLS_MAX */
};

/*
 * glob_parse: the pattern s into g.  Returns 0; -1 with errno ENOMEM;
 * -2 with err filled ("bad range in URL position 12") for a bad
 * pattern, or one that makes more than GLOB_URLS_MAX URLs.  g is for
 * glob_free either way.
 */
int	glob_parse(const char *s, struct glob *g, char *err, size_t errlen);

/*
 * glob_url: the nth URL (0 .. count - 1) into buf (cap bytes, a NUL at
 * the end when cap > 0).  Returns its length, as snprintf does: a
 * length of cap or more means it was cut.
 */
size_t	glob_url(const struct glob *g, long long n, char *buf, size_t cap);

/*
 * glob_name: the output name tmpl for the nth URL, each "#N" (N from 1
 * to nvar) replaced by the text the Nth pattern gave; another '#' is
 * kept as it is.  Returns the length as glob_url does.
 */
size_t	glob_name(const struct glob *g, long long n, const char *tmpl,
	    char *buf, size_t cap);

/* glob_free: what glob_parse allocated. */
void	glob_free(struct glob *g);

#endif /* GLOB_H */
