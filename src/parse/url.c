/*
 * url.c: http:// and https:// URL parsing and redirect resolution (RFC
 * 3986), pure: no I/O, no resolution, so the unit tests and the fuzzer
 * link it alone.
 */
#include <arpa/inet.h>

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/url.h"
#include "util/base.h"
#include "util/hex.h"

static int
is_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

int
url_pct_decode(const char *s, size_t len, char *out, size_t cap)
{
	size_t i, o = 0;
	int c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == '%' && i + 2 < len && hex_digit(s[i + 1]) >= 0 &&
		    hex_digit(s[i + 2]) >= 0) {
			c = hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]);
			i += 2;
		}
		if (c == 0 || o + 1 >= cap)
			return -1;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return 0;
}

/* The user and password of a URL without them: never freed. */
static char none[1];

/* A string of its own: s[0..len), NUL-ended; NULL when out of memory. */
static char *
dup_n(const char *s, size_t len)
{
	char *p;

	if ((p = malloc(len + 1)) != NULL) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

static void
str_free(char *p)
{
	if (p != none)
		free(p);
}

/* *to: a copy of s, or none for "" or none; -1 when out of memory */
static int
dup_str(char **to, const char *s)
{
	if (s == NULL || s == none || *s == '\0') {
		*to = none;
		return 0;
	}
	return (*to = dup_n(s, strlen(s))) == NULL ? -1 : 0;
}

void
url_free(struct url *u)
{
	str_free(u->path);
	str_free(u->user);
	str_free(u->pass);
	/* what it held, not the rest: url_parse_mode clears that */
	u->path = u->user = u->pass = NULL;
	u->has_auth = 0;
}

int
url_cred_set(struct url *u, const char *user, const char *pass)
{
	char *nu, *np;

	if (dup_str(&nu, user) == -1)
		return -1;
	if (dup_str(&np, pass) == -1) {
		str_free(nu);
		return -1;
	}
	str_free(u->user);
	str_free(u->pass);
	u->user = nu;
	u->pass = np;
	u->has_auth = 1;
	return 0;
}

int
url_copy(struct url *dst, const struct url *src)
{
	struct url t = *src;

	t.user = t.pass = none;
	t.path = NULL;
	if ((src->path != NULL && (t.path = dup_n(src->path,
	    strlen(src->path))) == NULL) || dup_str(&t.user, src->user) == -1 ||
	    dup_str(&t.pass, src->pass) == -1) {
		url_free(&t);
		return -1;
	}
	url_free(dst);
	*dst = t;
	return 0;
}

/*
 * Remove "." and ".." segments from an absolute path of len bytes, in
 * place (RFC 3986 5.2.4); the result never grows.  Returns the new length.
 */
static size_t
remove_dots(char *path, size_t len)
{
	size_t r = 0, w = 0, s, e, n;

	while (r < len) {
		/* path[r] is '/' */
		s = r + 1;
		for (e = s; e < len && path[e] != '/'; e++)
			;
		n = e - s;
		if (n == 1 && path[s] == '.') {
			if (e == len)
				path[w++] = '/';
		} else if (n == 2 && path[s] == '.' && path[s + 1] == '.') {
			while (w > 0 && path[w - 1] != '/')
				w--;
			if (w > 0)
				w--;	/* the slash before the segment */
			if (e == len)
				path[w++] = '/';
		} else {
			path[w++] = '/';
			memmove(path + w, path + s, n);
			w += n;
		}
		r = e;
	}
	if (w == 0)
		path[w++] = '/';
	path[w] = '\0';
	return w;
}

/*
 * Build u->path from prefix (the directory part of a base, or NULL) and
 * in[0..len): the fragment dropped, bytes above 0x7f (and spaces with
 * URL_LENIENT) percent-encoded, but a space in the query a '+' as curl
 * 7.88 sends it, control characters refused, a leading '/' guaranteed,
 * dot segments removed from the path part (kept with URL_AS_IS).  The
 * hex digits are lower case, as curl 7.88 writes them (its own case
 * 1138: servers and logs see its bytes; RFC 3986 takes either).
 */
static int
path_build(struct url *u, const char *prefix, const char *in, size_t len,
    int flags, char *err)
{
	static const char hex[] = "0123456789abcdef";
	char *p, *np;
	size_t o = 0, i, q, n, pl = prefix != NULL ? strlen(prefix) : 0;
	int c;

	/* each byte at most 3 once encoded, the '/' put first, the NUL */
	if (len > URL_INPUT_MAX || (p = malloc(pl + 3 * len + 2)) == NULL) {
		snprintf(err, SK_ERRLEN, "URL path too long (out of memory)");
		return -1;
	}
	memcpy(p, prefix != NULL ? prefix : "", pl);
	o = pl;
	if (o == 0 && (len == 0 || in[0] != '/'))
		p[o++] = '/';
	for (i = 0; i < len && in[i] != '#'; i++) {
		c = (unsigned char)in[i];
		if (c < 0x20 || c == 0x7f || (c == ' ' && !(flags &
		    URL_LENIENT))) {
			snprintf(err, SK_ERRLEN, "URL contains a %s",
			    c == ' ' ? "space" : "control character");
			free(p);
			return -1;
		}
		if (c == ' ' || c > 0x7f) {
			/* a space in the query: curl's '+' (rare: looked up) */
			if (c == ' ' && memchr(in, '?', i) != NULL) {
				p[o++] = '+';
				continue;
			}
			p[o++] = '%';
			p[o++] = hex[c >> 4];
			p[o++] = hex[c & 15];
			continue;
		}
		p[o++] = (char)c;
	}
	p[o] = '\0';
	if (!(flags & URL_AS_IS)) {
		/* dot segments live in the path only, not in the query */
		for (q = 0; q < o && p[q] != '?'; q++)
			;
		c = p[q];
		n = remove_dots(p, q);
		p[q] = (char)c;		/* remove_dots ended it at n <= q */
		memmove(p + n, p + q, o - q + 1);
		o = n + o - q;
	}
	/* a long one given back what its encoding did not take */
	if (pl + 3 * len + 2 - o > 1024 && (np = realloc(p, o + 1)) != NULL)
		p = np;
	free(u->path);
	u->path = p;
	return 0;
}

/* A decoded zone: printable, and no '%' or '/' a resolver would read. */
static int
zone_ok(const char *z)
{
	for (; *z != '\0'; z++)
		if ((unsigned char)*z <= ' ' || (unsigned char)*z >= 0x7f ||
		    *z == '%' || *z == '/')
			return 0;
	return 1;
}

/*
 * The zone of an IPv6 literal a[0..*len) (between the brackets): from
 * "%25" (RFC 6874) or a bare '%' to the end, unreserved characters and
 * percent-encodings, decoded into u->zone; *len becomes the address's
 * length.  Returns 0 (u->zone "" when there is none), or -1 with err.
 */
static int
zone_parse(struct url *u, const char *a, size_t *len, char *err)
{
	const char *pct = memchr(a, '%', *len);
	size_t i, zl, skip;

	u->zone[0] = '\0';
	if (pct == NULL)
		return 0;
	skip = (size_t)(a + *len - pct) >= 3 && memcmp(pct, "%25", 3) == 0 ?
	    3 : 1;
	zl = (size_t)(a + *len - pct) - skip;
	for (i = 0; i < zl; i++)
		if (!is_alnum((unsigned char)pct[skip + i]) &&
		    strchr("-._~%", pct[skip + i]) == NULL)
			break;
	if (zl == 0 || i < zl || url_pct_decode(pct + skip, zl, u->zone,
	    sizeof(u->zone)) == -1 || !zone_ok(u->zone)) {
		snprintf(err, SK_ERRLEN, "bad IPv6 zone in URL: %.*s",
		    (int)(zl > 32 ? 32 : zl), pct + skip);
		return -1;
	}
	*len = (size_t)(pct - a);
	return 0;
}

/* Parse host[:port] at s[0..len) (userinfo already removed). */
static int
host_parse(struct url *u, const char *s, size_t len, int flags, char *err)
{
	const char *port = NULL;
	size_t hl, pl = 0, i;
	long v;
	struct in6_addr a6;

	u->ipv6 = 0;
	if (len > 0 && s[0] == '[') {
		const char *rb = memchr(s, ']', len);

		if (rb == NULL) {
			snprintf(err, SK_ERRLEN, "URL has an unclosed '['");
			return -1;
		}
		hl = (size_t)(rb - s) - 1;
		if (zone_parse(u, s + 1, &hl, err) == -1)
			return -1;
		if (hl == 0 || hl >= 64) {
			snprintf(err, SK_ERRLEN, "bad IPv6 address in URL");
			return -1;
		}
		memcpy(u->host, s + 1, hl);
		u->host[hl] = '\0';
		if (inet_pton(AF_INET6, u->host, &a6) != 1) {
			snprintf(err, SK_ERRLEN, "bad IPv6 address in URL: "
			    "%.64s", u->host);
			return -1;
		}
		u->ipv6 = 1;
		rb++;
		if (rb < s + len) {
			if (*rb != ':') {
				snprintf(err, SK_ERRLEN, "junk after ']' in "
				    "URL");
				return -1;
			}
			port = rb + 1;
			pl = len - (size_t)(port - s);
		}
	} else {
		const char *colon = memchr(s, ':', len);

		hl = colon ? (size_t)(colon - s) : len;
		if (colon) {
			port = colon + 1;
			pl = len - hl - 1;
		}
		if (hl == 0) {
			snprintf(err, SK_ERRLEN, "no host in URL");
			return -1;
		}
		if (hl >= SK_HOSTLEN || hl > 253) {
			snprintf(err, SK_ERRLEN, "host name too long in URL");
			return -1;
		}
		for (i = 0; i < hl; i++) {
			int c = (unsigned char)s[i];

			/* UTF-8 of an international name: http/ turns it */
			if (c >= 0x80 && (flags & URL_IDN)) {
				u->idn = 1;
				continue;
			}
			if (!is_alnum(c) && strchr("-._~", c) == NULL) {
				snprintf(err, SK_ERRLEN, "bad character in "
				    "URL host: '%c'", c);
				return -1;
			}
		}
		/*
		 * digits and dots that are no dotted quad (127.0.0.1.1184,
		 * 127.1) are a name to RFC 3986 and to curl: the resolver's
		 */
		memcpy(u->host, s, hl);
		u->host[hl] = '\0';
	}
	v = u->https ? 443 : 80;
	u->port_given = 0;
	if (port != NULL && pl > 0) {
		u->port_given = 1;
		v = 0;
		for (i = 0; i < pl; i++) {
			if (port[i] < '0' || port[i] > '9' || i >= 5) {
				snprintf(err, SK_ERRLEN, "bad port in URL: "
				    "%.*s", (int)(pl > 16 ? 16 : pl), port);
				return -1;
			}
			v = v * 10 + (port[i] - '0');
		}
		if (v < 1 || v > 65535) {
			snprintf(err, SK_ERRLEN, "port %ld in URL: out of "
			    "range (1-65535)", v);
			return -1;
		}
	}
	u->port_num = (int)v;
	snprintf(u->port, sizeof(u->port), "%ld", v);
	return 0;
}

int
url_parse_mode(const char *s, struct url *u, int flags, char *err)
{
	const char *p, *auth, *aend, *at;
	size_t i, n;

	url_free(u);
	/* all but what url_free cleared, the strings last in u */
	memset(u, 0, offsetof(struct url, user));
	u->user = u->pass = none;
	for (i = 0; s[i] != '\0'; i++) {
		if (i >= URL_INPUT_MAX) {
			snprintf(err, SK_ERRLEN, "URL too long (over %d bytes)",
			    URL_INPUT_MAX);
			return -1;
		}
		int c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || (c == ' ' && !(flags &
		    URL_LENIENT))) {
			snprintf(err, SK_ERRLEN, "URL contains a %s",
			    c == ' ' ? "space" : "control character");
			return -1;
		}
	}
	/* scheme: letters, digits, + - . before "://" */
	p = s;
	for (i = 0; is_alnum((unsigned char)s[i]) || s[i] == '+' ||
	    s[i] == '-' || s[i] == '.'; i++)
		;
	/*
	 * "scheme://", and http: and https: with one to three slashes, as
	 * curl 7.88 and WHATWG's URL standard read "http:/host" and
	 * "http:///host"
	 */
	n = i > 0 && s[i] == ':' ? strspn(s + i + 1, "/") : 0;
	if (n >= 2 || (n == 1 && ((i == 4 && strncasecmp(s, "http", 4) ==
	    0) || (i == 5 && strncasecmp(s, "https", 5) == 0)))) {
		if (n > 3) {
			snprintf(err, SK_ERRLEN, "too many slashes after "
			    "the URL's scheme");
			return -1;
		}
		if (i == 4 && strncasecmp(s, "http", 4) == 0)
			p = s + 5 + n;
		else if (i == 5 && strncasecmp(s, "https", 5) == 0) {
			u->https = 1;
			p = s + 6 + n;
		} else {
			snprintf(err, SK_ERRLEN, "unsupported URL scheme "
			    "'%.*s' (only http:// and https:// are)",
			    (int)(i > 16 ? 16 : i), s);
			return -1;
		}
	}
	/* authority: up to the first '/', '?' or '#' */
	auth = p;
	n = strcspn(auth, "/?#");
	aend = auth + n;
	at = NULL;
	for (i = 0; i < n; i++)
		if (auth[i] == '@')
			at = auth + i;
	if (at != NULL) {
		const char *colon = memchr(auth, ':', (size_t)(at - auth));
		size_t ul = colon ? (size_t)(colon - auth) :
		    (size_t)(at - auth);

		size_t pl = colon ? (size_t)(at - colon - 1) : 0;

		if ((u->user = malloc(ul + 1)) == NULL ||
		    (u->pass = malloc(pl + 1)) == NULL ||
		    url_pct_decode(auth, ul, u->user, ul + 1) == -1 ||
		    url_pct_decode(colon ? colon + 1 : "", pl, u->pass,
		    pl + 1) == -1) {
			snprintf(err, SK_ERRLEN, "bad user name or password in "
			    "URL");
			return -1;
		}
		u->has_auth = 1;
		auth = at + 1;
	}
	if (auth == aend) {
		snprintf(err, SK_ERRLEN, "no host in URL");
		return -1;
	}
	if (host_parse(u, auth, (size_t)(aend - auth), flags, err) == -1)
		return -1;
	return path_build(u, NULL, aend, strlen(aend), flags, err);
}

int
url_parse(const char *s, struct url *u, char *err)
{
	return url_parse_mode(s, u, 0, err);
}

/*
 * The relative reference ref[0..len) on base, into out: merged and its
 * dot segments removed, as RFC 3986 5.2 resolves it, whatever the base
 * (--path-as-is keeps a URL given as it is, not a Location resolved on
 * it: curl 7.88 keeps some "../" of such a merge, wrong by the RFC).
 */
static int
resolve_rel(const struct url *base, const char *ref, size_t len,
    struct url *out, char *err)
{
	const char *q;
	char *dir;
	size_t i;
	int rc;

	/* same host, port and credentials */
	if (url_copy(out, base) == -1) {
		snprintf(err, SK_ERRLEN, "out of memory");
		return -1;
	}
	if (len > 0 && ref[0] == '/')
		return path_build(out, NULL, ref, len, URL_LENIENT, err);
	if (len == 0 || ref[0] == '#')
		return path_build(out, NULL, base->path, strlen(base->path),
		    URL_LENIENT, err);
	/* the base path without its query */
	q = strchr(base->path, '?');
	i = q ? (size_t)(q - base->path) : strlen(base->path);
	if ((dir = malloc(i + 1)) == NULL) {
		snprintf(err, SK_ERRLEN, "out of memory");
		return -1;
	}
	memcpy(dir, base->path, i);
	if (ref[0] != '?')
		/* merge: keep the base up to its last '/' */
		while (i > 0 && dir[i - 1] != '/')
			i--;
	dir[i] = '\0';
	rc = path_build(out, dir, ref, len, URL_LENIENT, err);
	free(dir);
	return rc;
}

/* The absolute URL s (the scheme's part in pre) on base, into out. */
static int
resolve_abs(const struct url *base, const char *pre, const char *s,
    size_t len, struct url *out, char *err)
{
	size_t pl = strlen(pre);
	char *buf;
	int rc;

	if ((buf = malloc(pl + len + 1)) == NULL) {
		snprintf(err, SK_ERRLEN, "out of memory");
		return -1;
	}
	memcpy(buf, pre, pl);
	memcpy(buf + pl, s, len);
	buf[pl + len] = '\0';
	rc = url_parse_mode(buf, out, URL_LENIENT | URL_IDN, err);
	free(buf);
	if (rc == -1)
		return -1;
	if (out->zone[0] == '\0' && url_same_origin(base, out))
		/* the server cannot know our zone: it stays the same */
		memcpy(out->zone, base->zone, sizeof(out->zone));
	/* same server: keep the credentials, as browsers do */
	if (!out->has_auth && url_same_origin(base, out) && base->has_auth &&
	    url_cred_set(out, base->user, base->pass) == -1) {
		snprintf(err, SK_ERRLEN, "out of memory");
		return -1;
	}
	return 0;
}

int
url_resolve(const struct url *base, const char *ref, struct url *out,
    char *err)
{
	size_t len, i;
	int c;

	while (*ref == ' ' || *ref == '\t')
		ref++;
	len = strlen(ref);
	while (len > 0 && (ref[len - 1] == ' ' || ref[len - 1] == '\t'))
		len--;
	for (i = 0; i < len; i++) {
		c = (unsigned char)ref[i];
		if (c < 0x20 || c == 0x7f) {
			snprintf(err, SK_ERRLEN, "redirect location contains a "
			    "control character");
			return -1;
		}
	}
	if (len >= URL_INPUT_MAX) {
		snprintf(err, SK_ERRLEN, "redirect location too long");
		return -1;
	}
	/* absolute: a scheme, then "://" */
	for (i = 0; i < len && (is_alnum((unsigned char)ref[i]) ||
	    ref[i] == '+' || ref[i] == '-' || ref[i] == '.'); i++)
		;
	if (i > 0 && i + 3 <= len && memcmp(ref + i, "://", 3) == 0)
		return resolve_abs(base, "", ref, len, out, err);
	/*
	 * another scheme without "//" (mailto:, javascript:, data:) makes
	 * an absolute URI (RFC 3986 section 4.2: a relative path has no
	 * ':' in its first segment), never a path here; "http:g" stays a
	 * path, as browsers read it
	 */
	if (i > 0 && i < len && ref[i] == ':' && !(ref[0] >= '0' &&
	    ref[0] <= '9') && !(i == 4 && strncasecmp(ref, "http", 4) == 0) &&
	    !(i == 5 && strncasecmp(ref, "https", 5) == 0)) {
		snprintf(err, SK_ERRLEN, "unsupported URL scheme '%.*s' (only "
		    "http:// and https:// are)", (int)(i > 32 ? 32 : i), ref);
		return -1;
	}
	if (len >= 2 && ref[0] == '/' && ref[1] == '/')
		/* a network-path reference: the base's scheme */
		return resolve_abs(base, base->https ? "https:" : "http:", ref,
		    len, out, err);
	return resolve_rel(base, ref, len, out, err);
}

int
url_dial_host(const struct url *u, char *buf, size_t cap)
{
	int n;

	n = snprintf(buf, cap, "%s%s%s", u->host, u->zone[0] != '\0' ? "%" :
	    "", u->zone);
	return n < 0 || (size_t)n >= cap ? -1 : n;
}

int
url_same_origin(const struct url *a, const struct url *b)
{
	return a->https == b->https && strcasecmp(a->host, b->host) == 0 &&
	    a->port_num == b->port_num;
}

const char *
url_scheme(const struct url *u)
{
	return u->https ? "https" : "http";
}

int
url_authority(const struct url *u, char *buf, size_t cap)
{
	int n;

	if (u->port_num == (u->https ? 443 : 80))
		n = snprintf(buf, cap, u->ipv6 ? "[%s]" : "%s", u->host);
	else
		n = snprintf(buf, cap, u->ipv6 ? "[%s]:%d" : "%s:%d", u->host,
		    u->port_num);
	return n < 0 || (size_t)n >= cap ? -1 : n;
}

int
url_string(const struct url *u, char *buf, size_t cap)
{
	char auth[SK_HOSTLEN + 16];
	int n;

	if (url_authority(u, auth, sizeof(auth)) == -1)
		return -1;
	n = snprintf(buf, cap, "%s://%s%s", url_scheme(u), auth, u->path);
	return n < 0 || (size_t)n >= cap ? -1 : n;
}

char *
url_string_new(const struct url *u)
{
	size_t cap = strlen(u->path) + URL_EXTRA;
	char *b;

	if ((b = malloc(cap)) != NULL && url_string(u, b, cap) == -1) {
		free(b);
		b = NULL;
	}
	return b;
}

int
url_filename(const struct url *u, char *buf, size_t cap, char *err)
{
	const char *end, *s;
	size_t n;

	end = strchr(u->path, '?');
	if (end == NULL)
		end = u->path + strlen(u->path);
	for (s = end; s > u->path && s[-1] != '/'; s--)
		;
	n = (size_t)(end - s);
	if (n == 0 || (n == 1 && s[0] == '.') ||
	    (n == 2 && s[0] == '.' && s[1] == '.')) {
		snprintf(err, SK_ERRLEN, "no file name in URL path; use -o");
		return -1;
	}
	if (n >= cap) {
		snprintf(err, SK_ERRLEN, "file name in URL too long; use -o");
		return -1;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	return 0;
}

int
url_output_path(const struct url *u, int remote, const char *out,
    const char *outdir, char *name, size_t cap, const char **base,
    char *err)
{
	size_t dl, bl;

	if (remote) {
		if (url_filename(u, name, cap, err) == -1)
			return -1;
		*base = name;
	} else if (out != NULL && strcmp(out, "-") != 0)
		*base = out;
	else
		return 0;
	bl = strlen(*base);
	if (outdir == NULL || (*base)[0] == '/') {
		if (bl >= cap)
			return -2;
		if (*base != name)
			memcpy(name, *base, bl + 1);
		return 1;
	}
	dl = strlen(outdir);
	if (dl + 1 + bl >= cap)
		return -2;
	/* -O's name is in name already: it moves up past the directory */
	memmove(name + dl + 1, *base, bl + 1);
	memcpy(name, outdir, dl);
	name[dl] = '/';
	*base = NULL;
	return 1;
}

int
url_auth_set(struct url *u, const char *arg)
{
	const char *colon = strchr(arg, ':');
	char *user;
	int rc;

	if ((user = dup_n(arg, (size_t)(colon - arg))) == NULL)
		return -1;
	rc = url_cred_set(u, user, colon + 1);
	free(user);
	return rc;
}
