/*
 * cookie.h: HTTP cookies as RFC 6265 says, pure (no I/O, no clock: the
 * caller passes "now", seconds since the epoch): a Set-Cookie field
 * parsed and stored (section 5.2 and 5.3), the Cookie field for a
 * request (5.4), and the lines of a Netscape cookie file as curl reads
 * and writes them (its -b and -c).  Used by the http-get engine
 * (http/cookies.c); linked by the unit test and the fuzzer.
 *
 * Where curl and the RFC part, the RFC wins: a Path that ends in '/'
 * matches only below it, the default-path has no trailing '/', and an
 * invalid Max-Age is ignored rather than deleting; the Cookie field is
 * in curl's order (what servers and filters see).  A Domain attribute
 * without a dot other than the host itself is refused, and one the
 * caller's public suffix list (cookie_to's domain_ok) says is a public
 * suffix ("co.uk", "github.io") is refused as curl refuses it.
 *
 * The limits (curl's, and RFC 6265 section 6.1's counts):
 */
#ifndef COOKIE_H
#define COOKIE_H

#include <stddef.h>

#define COOKIE_NV_MAX	4096	/* name and value together, bytes */
#define COOKIE_LINE_MAX	5000	/* a Set-Cookie value */
/* a file's line: one Set-Cookie's with its host, flags and tabs */
#define COOKIE_FILE_LINE_MAX (COOKIE_LINE_MAX + 512)
#define COOKIE_JAR_MAX	3000	/* cookies in a jar: the oldest goes
				   (curl has no cap; none a domain) */
#define COOKIE_SET_MAX	50	/* Set-Cookie fields of one response */
#define COOKIE_SEND_MAX	150	/* cookies in one request */
#define COOKIE_HDR_MAX	8190	/* the Cookie field's value, bytes */

struct cookie {
	char		*name;		/* one allocation: name, value, */
	char		*value;		/* domain and path, NUL after each */
	char		*domain;	/* as sent (any case), no leading dot */
	char		*path;
	size_t		 nlen, vlen, dlen, plen;	/* their lengths */
	long long	 expires;	/* 0: a session cookie */
	unsigned long long created;	/* the order of creation */
	int		 host_only;	/* no Domain: its host alone */
	int		 bare;		/* a file's line without Path (1)
					   or domain (2): curl's order has
					   those as empty, last */
	int		 secure;
	int		 httponly;
};

struct cookie_jar {
	struct cookie	*c;
	int		 n, cap;
	unsigned long long seq;		/* the next creation */
	const char	*host;		/* whose a file's line without a
					   domain is (cookie_line), NULL:
					   such lines are skipped */
};

/* Where a request goes, as the cookie rules see it. */
struct cookie_to {
	const char	*host;		/* the URL's, any case */
	const char	*path;		/* its target: "/a/b?q" */
	int		 secure;	/* https, or a host cookie_secure_host
					   says is secure; -1: ask it when a
					   Secure cookie matches */
	/* may host set a cookie for domain (a public suffix list's
	   answer)?  1 or 0; NULL: no list, the dot rule alone */
	int		(*domain_ok)(const char *host, const char *domain);
};

/*
 * cookie_secure_host: 1 for a host whose http is as good as https for
 * Secure cookies, as browsers and curl treat it: localhost, a name
 * under .localhost, 127.0.0.0/8 and ::1.
 */
int	cookie_secure_host(const char *host);

/*
 * cookie_domain_match: RFC 6265 5.1.3: host is domain, or a name
 * (not an IP address) ending in "." domain; any case.
 */
int	cookie_domain_match(const char *host, const char *domain);

/* cookie_path_match: RFC 6265 5.1.4, path a request target. */
int	cookie_path_match(const char *path, const char *cpath);

/*
 * cookie_set: a Set-Cookie value s[0..n) received from to, stored in
 * j (a cookie of the same name, domain and path replaced; one that
 * expired deleted).  Returns 1 stored, 0 refused (err says why), -1
 * with errno (ENOMEM).
 */
int	cookie_set(struct cookie_jar *j, const char *s, size_t n,
	    const struct cookie_to *to, long long now, char *err);

/*
 * cookie_header: the cookies of j for to, "a=b; c=d", into buf (cap
 * bytes, NUL-terminated), in curl's order (longer paths, domains and
 * names first, then the newer); the oldest COOKIE_SEND_MAX of them,
 * within COOKIE_HDR_MAX bytes and cap.
 * Returns the length, 0 for none.
 */
size_t	cookie_header(const struct cookie_jar *j, const struct cookie_to *to,
	    long long now, char *buf, size_t cap);

/*
 * cookie_line: one line of a cookie file, s[0..n) without its line
 * end: Netscape's seven TAB-separated fields (a "#HttpOnly_" prefix
 * kept as the flag), or "Set-Cookie: ..."; one without a domain (no
 * Domain attribute, an empty first field) is j->host's alone, or
 * skipped when that is NULL; comments and blank lines are skipped.  junk: drop session cookies
 * (-j).  Returns 1 stored, 0 skipped, -1 with errno (ENOMEM).
 */
int	cookie_line(struct cookie_jar *j, const char *s, size_t n, int junk,
	    long long now);

/*
 * cookie_format: c as a Netscape line, LF included, into buf (cap
 * bytes, NUL-terminated), as curl writes it.  Returns the length, 0
 * when it does not fit.
 */
size_t	cookie_format(const struct cookie *c, char *buf, size_t cap);

/*
 * The header at the top of a cookie file: curl's first line, which
 * tools look for (Python's MozillaCookieJar refuses a file without it),
 * and where the format is described; then what wrote it, which is not
 * libcurl.
 */
#define COOKIE_FILE_HEAD "# Netscape HTTP Cookie File\n" \
	"# https://curl.se/docs/http-cookies.html\n" \
	"# This file was written by sockt http-get. Edit at your own risk.\n\n"

/*
 * cookie_order: the cookies of j not expired at now, newest first (as
 * curl writes its jar), into out (room for j->n).  Returns how many.
 */
int	cookie_order(const struct cookie_jar *j, long long now,
	    const struct cookie **out);

/* cookie_jar_free: every cookie of j freed; j empty. */
void	cookie_jar_free(struct cookie_jar *j);

#endif /* COOKIE_H */
