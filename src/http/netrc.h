/*
 * http/netrc.h: http-get's --netrc, --netrc-file, --netrc-optional:
 * the file read once, before the first URL, and refused when others
 * may read it; then each hop's host looks up its own entry, as curl's
 * does, so a host's password goes to that host alone, never to another
 * a redirect leads to.  One module, the file's I/O and its reading
 * alike: netrc_find is pure, for the unit tests and the fuzzer.  Engine:
 * never prints; what it refuses is a struct httpc_why (http/why.h).
 *
 * The file as curl reads it: "machine NAME", "default", "login",
 * "password", "account" and "macdef" (its lines up to the next empty one
 * skipped); tokens apart by white space or in double quotes (\" \\ \n \r
 * \t inside); a line whose first token begins with '#' is a comment.
 */
#ifndef HTTP_NETRC_H
#define HTTP_NETRC_H

#include <stddef.h>

#include "http/why.h"
#include "parse/url.h"

#define NETRC_FILEMAX	(1024 * 1024)	/* bytes of a .netrc */
#define NETRC_FIELDMAX	256	/* bytes of a login or password, NUL too */

struct netrc_cred {
	char	login[NETRC_FIELDMAX];
	char	pass[NETRC_FIELDMAX];
};

/*
 * netrc_default: $HOME/.netrc into buf (cap bytes).  0, or -1 when
 * HOME is unset or empty, or the name does not fit: no file.
 */
int	netrc_default(char *buf, size_t cap);

/*
 * netrc_load: the file path ($HOME/.netrc when NULL, optional then, and
 * none without HOME) into *text (*len bytes, the caller frees it), when
 * it may be used.  A missing file is none: quietly when optional, else
 * with a warning.  One that is not a regular file, or
 * cannot be read, fails; one that group or others may read or write is
 * not used, with a warning, as ftp(1) refuses it.  Opened without
 * waiting (a fifo is refused at once) and checked as opened, so no
 * other file is swapped in between.  Returns 0 (*text NULL: none); 1
 * with *text NULL and w a warning; -1 with w filled.
 */
int	netrc_load(const char *path, int optional, char **text, size_t *len,
	    struct httpc_why *w);

/*
 * netrc_apply: u's user and password from text[0..len)'s entry for u's
 * host (with the URL's user name, when it has one), unless u has a
 * password already; a host with no entry goes without.
 */
void	netrc_apply(const char *text, size_t len, struct url *u);

/*
 * netrc_find: the entry of text[0..len) for host (case aside): the first
 * "machine host" with a login (user's, when user is not NULL), else a
 * "default" that comes before any later match.  Returns 1 with c
 * filled (pass "" when the entry has none); 0 when no entry fits; -1
 * when the entry's login or password does not fit NETRC_FIELDMAX.
 */
int	netrc_find(const char *text, size_t len, const char *host,
	    const char *user, struct netrc_cred *c);

#endif /* HTTP_NETRC_H */
