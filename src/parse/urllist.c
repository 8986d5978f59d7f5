/*
 * urllist.c: split the text of a --urls file into URLs, in place, as
 * wget -i and xargs users expect of a list: one a line, comments and
 * blank lines allowed, CRLF files welcome.
 */
#include <string.h>

#include "parse/urllist.h"

static int
blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

char *
urllist_next(char *buf, size_t len, size_t *pos)
{
	size_t b, e, nl;
	char *lf, *nul;

	while (*pos < len) {
		b = *pos;
		lf = memchr(buf + b, '\n', len - b);
		nl = lf != NULL ? (size_t)(lf - buf) : len;
		*pos = lf != NULL ? nl + 1 : len;
		while (b < nl && blank((unsigned char)buf[b]))
			b++;
		/*
		 * A NUL ends the line's text: what we return is a C string,
		 * and a line of NULs (a damaged file) must not come back as
		 * an empty URL.
		 */
		nul = memchr(buf + b, '\0', nl - b);
		e = nul != NULL ? (size_t)(nul - buf) : nl;
		for (; e > b && blank((unsigned char)buf[e - 1]); e--)
			;
		if (b == e || buf[b] == '#')
			continue;
		buf[e] = '\0';
		return buf + b;
	}
	return NULL;
}
