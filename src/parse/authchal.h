/*
 * authchal.h: the challenges of WWW-Authenticate and Proxy-Authenticate
 * (RFC 9110 section 11: a list of challenges, each a scheme then a
 * token68 or a list of auth-params, token=value or token="quoted
 * string" with its escapes) and a Digest challenge's parameters (RFC
 * 7616), pure (no I/O), for http-get's --digest and --anyauth.
 */
#ifndef AUTHCHAL_H
#define AUTHCHAL_H

#include <stddef.h>

#define AUTHCHAL_LEN	512	/* bytes of a realm, nonce or opaque */

/* The schemes a field offers, as bits (authchal_schemes). */
#define AUTH_BASIC	0x01
#define AUTH_DIGEST	0x02
#define AUTH_NTLM	0x04
#define AUTH_NEGOTIATE	0x08
#define AUTH_BEARER	0x10

/* A digest's hash (RFC 7616 section 3.3's algorithms). */
enum digest_algo {
	DIGEST_MD5,
	DIGEST_SHA256,
	DIGEST_SHA512_256
};

/* A Digest challenge, its values unquoted. */
struct digest_chal {
	char		 realm[AUTHCHAL_LEN];
	char		 nonce[AUTHCHAL_LEN];
	char		 opaque[AUTHCHAL_LEN];
	char		 algorithm[24];	/* as the server spelled it, or "" */
	enum digest_algo algo;
	int		 sess;		/* an -sess algorithm */
	int		 has_opaque;
	int		 qop;		/* 0 none, 1 auth, 2 auth-int */
	int		 stale;		/* stale=true */
	int		 userhash;	/* userhash=true */
};

/*
 * authchal_schemes: the schemes the field value v[0..n) offers, each
 * challenge's scheme (any case) as an AUTH_ bit; those unknown left
 * out.  Parameters are skipped as the grammar says, so a "realm=Basic"
 * names no scheme.
 */
unsigned authchal_schemes(const char *v, size_t n);

/*
 * authchal_digest: the first Digest challenge of the field value
 * v[0..n) into dc.  Returns 1 read; 0 when v holds none; -1 with *why
 * set (a constant string) when it is malformed or unusable: no nonce,
 * an algorithm unknown, an -sess one without qop, a value too long,
 * a quoted string not closed.
 */
int	authchal_digest(const char *v, size_t n, struct digest_chal *dc,
	    const char **why);

#endif /* AUTHCHAL_H */
