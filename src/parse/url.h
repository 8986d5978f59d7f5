/*
 * url.h: http:// and https:// URL parsing, pure (no I/O), shared by
 * http-get and its unit tests and fuzzer.
 */
#ifndef URL_H
#define URL_H

#include "util/base.h"

#define URL_ZONELEN	64	/* an IPv6 zone identifier, decoded */
#define URL_INPUT_MAX	8000000	/* a URL's bytes: curl's CURL_MAX_INPUT_LENGTH */
/* a URL written out: its scheme, authority and punctuation beside path */
#define URL_EXTRA	(SK_HOSTLEN + 32)

/*
 * A URL read: its path and credentials on the heap, each as long as it
 * is (curl's only bound is URL_INPUT_MAX).  One starts with its strings
 * NULL (zeroed); each call that fills one (url_parse_mode, url_resolve's
 * out, url_copy's dst, url_auth_set, url_cred_set) frees what it held,
 * and url_free frees it at the end: a struct url is never copied with
 * '='.
 */
struct url {
	int	https;			/* https://, not http:// */
	char	host[SK_HOSTLEN];	/* an IPv6 literal has no brackets */
	char	port[SK_PORTLEN];	/* decimal; "80" ("443" for https)
					 * when absent */
	int	port_num;
	int	port_given;		/* the URL named a port */
	int	ipv6;			/* host is an IPv6 literal */
	int	idn;			/* host holds UTF-8 letters (URL_IDN):
					 * its ASCII form is the caller's */
	char	zone[URL_ZONELEN];	/* its zone (RFC 6874), or "" */
	int	has_auth;		/* user[:pass]@ was given */
	/* last, url_parse_mode clears what comes before them */
	char	*user;			/* percent-decoded; "" when none */
	char	*pass;
	char	*path;			/* "/path?query", never empty */
};

/* url_free: what u holds freed, its strings NULL and has_auth 0. */
void	url_free(struct url *u);
/* url_copy: dst a copy of src.  Returns 0, or -1 (errno ENOMEM). */
int	url_copy(struct url *dst, const struct url *src);
/*
 * url_cred_set: user and pass (NULL: "") copied into u, has_auth set.
 * Returns 0, or -1 (errno ENOMEM) with u as it was.
 */
int	url_cred_set(struct url *u, const char *user, const char *pass);
/*
 * url_string_new: url_string's text in a buffer of its own, for the
 * caller to free; NULL when out of memory.
 */
char	*url_string_new(const struct url *u);

/*
 * url_parse: parse an absolute http:// or https:// URL (the scheme may be
 * left out: http).  Refuses spaces and control characters, other
 * schemes, bad hosts and ports.  Bytes above
 * 0x7f in the path are percent-encoded, the fragment is dropped, and dot
 * segments are removed.  An IPv6 literal may carry a zone identifier
 * (RFC 6874: "[fe80::1%25eth0]"; a bare '%' is taken too, as curl
 * takes it); it is kept apart in zone, for dialing only.  Returns 0, or
 * -1 with err filled.
 */
int	url_parse(const char *s, struct url *u, char *err);
/*
 * url_parse_mode: url_parse with flags: URL_LENIENT takes spaces (and
 * encodes them, as a redirect's), URL_AS_IS keeps the dot segments
 * (curl's --path-as-is), URL_IDN takes bytes above 0x7f in a host name
 * (UTF-8, left as it came, idn set).
 */
#define URL_LENIENT	0x01
#define URL_AS_IS	0x02
#define URL_IDN		0x04
int	url_parse_mode(const char *s, struct url *u, int flags, char *err);

/*
 * url_pct_decode: s[0..len) percent-decoded into out (cap bytes, with its
 * NUL).  Returns 0, or -1 if it does not fit or would hold a NUL.
 */
int	url_pct_decode(const char *s, size_t len, char *out, size_t cap);

/*
 * url_resolve: the target of a redirect: ref (a Location value, absolute
 * or relative) resolved against base as in RFC 3986 section 5 (a
 * network-path "//host/" keeps base's scheme).  Spaces are
 * percent-encoded, as browsers do; other control characters are
 * refused, a host of UTF-8 letters taken (URL_IDN).  Credentials are
 * kept only when the scheme, host and port stay the same.  Returns 0, or -1 with err filled.
 */
int	url_resolve(const struct url *base, const char *ref, struct url *out,
	    char *err);

/*
 * "host" or "host:port" (brackets around IPv6; no port when it is the
 * scheme's), for Host: and messages; never the zone, which means
 * nothing off this machine (RFC 6874 section 4).
 */
int	url_authority(const struct url *u, char *buf, size_t cap);

/*
 * url_string: "http://authority/path" (or https://), without
 * credentials.  Returns the length, or -1 if it does not fit (the output
 * is then truncated).
 */
int	url_string(const struct url *u, char *buf, size_t cap);

/*
 * url_dial_host: the host to hand getaddrinfo: an IPv6 zone joined with
 * '%' ("fe80::1%eth0").  Returns the length, or -1 if it does not fit.
 */
int	url_dial_host(const struct url *u, char *buf, size_t cap);

/* url_same_origin: 1 when both name the same scheme, host and port. */
int	url_same_origin(const struct url *a, const struct url *b);

/*
 * url_filename: the last path segment, for -O.  Returns 0, or -1 with err
 * filled when there is none or it is unsafe as a file name.
 */
int	url_filename(const struct url *u, char *buf, size_t cap, char *err);

/*
 * url_output_path: the file a body of u goes to, as -O (remote) or -o
 * (out) name it, in outdir when the name is relative; name holds cap
 * bytes.  Returns 1 with the path in name; 0 for stdout (no -O, no -o
 * or -o -); -1 with err filled when -O finds no name in u; -2 when the
 * path does not fit, with *base the name that outdir did not take.
 */
int	url_output_path(const struct url *u, int remote, const char *out,
	    const char *outdir, char *name, size_t cap, const char **base,
	    char *err);

/*
 * url_auth_set: -u's "user:password" on u (split at the first ':', as
 * RFC 7617 has no ':' in a user id; arg has one) in place of any in it.
 * Returns 0, or -1 (errno ENOMEM) with u as it was.
 */
int	url_auth_set(struct url *u, const char *arg);

/* url_scheme: "http" or "https". */
const char *url_scheme(const struct url *u);

#endif /* URL_H */
