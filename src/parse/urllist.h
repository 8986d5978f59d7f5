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

#endif /* URLLIST_H */
