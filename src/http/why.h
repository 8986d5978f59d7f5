/*
 * http/why.h: why a step of the engine around its transfers failed or
 * warns (a file it read or measured, a name it made, a decision it
 * refused), for the command to say in one line: "ABOUT: TEXT", TEXT
 * alone when there is no ABOUT, or "ABOUT: " and strerror(err) when
 * TEXT is empty.  ABOUT is a name the caller gave (a file's, a URL's)
 * and stays the caller's: the sentence is never cut for its length.
 */
#ifndef HTTP_WHY_H
#define HTTP_WHY_H

#include "util/base.h"

struct httpc_why {
	const char	*about;		/* what it is about, or NULL */
	int		 err;		/* TEXT empty: the errno */
	char		 text[SK_ERRLEN];
	int		 curl;		/* curl's exit status for it, 0: the
					   caller's */
};

/* why_errno: about (NULL for stdout) and errno e.  Returns -1. */
int	why_errno(struct httpc_why *w, const char *about, int e);

/* why_text: about (or NULL) and TEXT as printf makes it.  Returns -1. */
int	why_text(struct httpc_why *w, const char *about, const char *fmt,
	    ...);

#endif /* HTTP_WHY_H */
