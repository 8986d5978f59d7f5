/*
 * netrc.h: the credentials a .netrc file gives a host (http-get
 * --netrc), pure (no I/O), as curl reads the file: "machine NAME",
 * "default", "login", "password", "account" and "macdef" (its lines
 * up to the next empty one skipped); tokens apart by white space or
 * in double quotes (\" \\ \n \r \t inside); a line whose first token
 * begins with '#' is a comment.
 */
#ifndef NETRC_H
#define NETRC_H

#include <stddef.h>

#define NETRC_FIELDMAX	256	/* bytes of a login or password, NUL too */

struct netrc_cred {
	char	login[NETRC_FIELDMAX];
	char	pass[NETRC_FIELDMAX];
};

/*
 * netrc_find: the entry of text[0..len) for host (case aside): the first
 * "machine host" with a login (user's, when user is not NULL), else a
 * "default" that comes before any later match.  Returns 1 with c
 * filled (pass "" when the entry has none); 0 when no entry fits; -1
 * when the entry's login or password does not fit NETRC_FIELDMAX.
 */
int	netrc_find(const char *text, size_t len, const char *host,
	    const char *user, struct netrc_cred *c);

#endif /* NETRC_H */
