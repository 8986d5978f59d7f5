/*
 * urllist.h: the list of URLs http-get --urls reads, pure (no I/O): one
 * URL a line, surrounding blanks and a CR before the LF dropped, blank
 * lines and lines whose first non-blank character is '#' skipped.
 */
#ifndef URLLIST_H
#define URLLIST_H

#include <stddef.h>

/*
 * urllist_next: the next URL in buf[*pos .. len), NUL-terminated in
 * place (buf must have room for one byte more, buf[len]), with *pos
 * moved past its line.  Returns it, or NULL when no URL is left.
 */
char	*urllist_next(char *buf, size_t len, size_t *pos);

/*
 * urllist_push: u after the first *n of *v, which grows as it must.
 * Returns 0, or -1 with errno ENOMEM (*v and *n as they were).
 */
int	urllist_push(char ***v, int *n, char *u);
/*
 * urllist_split: the URLs of a list's text buf[0..len), split in place
 * (urllist_next), each pushed on *v.  Returns 0; -1 with errno ENOMEM;
 * -2 when the text has a NUL byte: it is no list of URLs.
 */
int	urllist_split(char *buf, size_t len, char ***v, int *n);
/*
 * urllist_seen_add: a copy of s after the first *n of *v, for
 * urllist_has (the URLs a redirect came from); free each and *v.
 * Returns 0, or -1 with errno ENOMEM (*v and *n as they were).
 */
int	urllist_seen_add(char ***v, int *n, const char *s);
/* urllist_has: 1 when s is one of the n strings of v, else 0. */
int	urllist_has(char *const *v, int n, const char *s);

#endif /* URLLIST_H */
