/*
 * http/auth.h: HTTP Digest authentication (RFC 7616) as curl 7.88 does
 * it, for --digest and --proxy-digest: a URL's first request goes
 * without credentials, a 401 (407) challenge is taken in, and each
 * request after it answers that challenge, its hashes from the
 * libcrypto tls/ opens at run time (tls_digest), never by hand.
 * Engine: never prints.
 */
#ifndef HTTP_AUTH_H
#define HTTP_AUTH_H

#include <stddef.h>

#include "parse/authchal.h"
#include "parse/http.h"

#define HAUTH_VALUE_MAX	(4 * AUTHCHAL_LEN + 1024)	/* an answer at most */

#define HAUTH_ROUNDS	8	/* challenges one URL takes at most */

/* The schemes a transfer may answer (httpc_opts' auth and proxy_auth). */
#define HAUTH_BASIC	AUTH_BASIC
#define HAUTH_DIGEST	AUTH_DIGEST

/*
 * One URL's challenge from its server (or its proxy), answered so far;
 * all zero before the first.  Small, as every URL holds two: the
 * challenge itself is allocated when one comes (hauth_free).
 */
struct hauth {
	struct digest_chal *dc;		/* a Digest challenge to answer, or
					   NULL */
	int		 basic;		/* --anyauth picked Basic */
	unsigned	 nc;		/* requests that answered it */
	int		 rounds;	/* challenges taken */
	char		 cnonce[48];
};

/*
 * hauth_take: the challenges of r's fields named field
 * ("WWW-Authenticate" or "Proxy-Authenticate") into a, the schemes
 * allowed (HAUTH_ bits) deciding, Digest over Basic as curl picks.
 * Returns 1 when the request goes again with credentials; 0 when it
 * may not (no scheme allowed offered, a Digest challenge malformed,
 * or a new nonce without stale=true after one answered: the
 * credentials were refused; out of memory), *why then saying so or
 * NULL.
 */
int	hauth_take(struct hauth *a, unsigned allowed, const struct http_resp *r,
	    const char *field, const char **why);

/* hauth_free: what a holds freed, a as before the first challenge. */
void	hauth_free(struct hauth *a);

/*
 * hauth_value: the credentials for a request of method to uri as the
 * value of an Authorization field, "Digest ..." in curl's order and
 * quoting, into buf[0..cap); the nonce count goes up.  Returns its
 * length, 0 when a has no Digest challenge (Basic, or none yet), -1
 * with err (SK_ERRLEN) filled: no libcrypto, no such hash, too long.
 */
long	hauth_value(struct hauth *a, const char *method, const char *uri,
	    const char *user, const char *pass, char *buf, size_t cap,
	    char *err);

#endif /* HTTP_AUTH_H */
