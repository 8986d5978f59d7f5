/*
 * urllist.c: split the text of a --urls file into URLs, in place, as
 * wget -i and xargs users expect of a list: one a line, comments and
 * blank lines allowed, CRLF files welcome; and the lists of URLs a
 * command keeps: those of the command line and the lists, the URLs a
 * redirect came from.
 */
#include <stdlib.h>
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

int
urllist_push(char ***v, int *n, char *u)
{
	char **nv;

	/* 1024 at a time: a list of a million URLs grows a thousand times */
	if (*n % 1024 == 0) {
		if ((nv = realloc(*v, ((size_t)*n + 1024) * sizeof(*nv))) ==
		    NULL)
			return -1;
		*v = nv;
	}
	(*v)[(*n)++] = u;
	return 0;
}

int
urllist_split(char *buf, size_t len, char ***v, int *n)
{
	size_t pos = 0;
	char *u;

	if (memchr(buf, '\0', len) != NULL)
		return -2;
	while ((u = urllist_next(buf, len, &pos)) != NULL)
		if (urllist_push(v, n, u) == -1)
			return -1;
	return 0;
}

int
urllist_seen_add(char ***v, int *n, const char *s)
{
	char **nv, *d;

	if ((d = strdup(s)) == NULL)
		return -1;
	if ((nv = realloc(*v, ((size_t)*n + 1) * sizeof(*nv))) == NULL) {
		free(d);
		return -1;
	}
	*v = nv;
	nv[(*n)++] = d;
	return 0;
}

int
urllist_has(char *const *v, int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}
