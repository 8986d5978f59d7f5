/*
 * cookie.c: RFC 6265 cookies, their store and curl's cookie file lines.
 * See cookie.h.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/addr.h"
#include "parse/cookie.h"
#include "parse/httpdate.h"
#include "util/base.h"

#define DNS_MAX		255	/* a host or domain name, bytes */
#define PAST		1	/* an expiry that has passed: delete */
#define FOREVER		253402300799LL	/* 9999-12-31 23:59:59 */

/* A cookie as it is parsed, pointing into the Set-Cookie value. */
struct draft {
	const char	*name, *value, *domain, *path;
	size_t		 nlen, vlen, dlen, plen;
	long long	 expires;	/* from Expires, 0: none */
	long long	 max_age;	/* LLONG_MIN: none */
	int		 secure, httponly;
};

static int
is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

/* p[0..*n) without the white space either side. */
static const char *
trim(const char *p, size_t *n)
{
	while (*n > 0 && is_wsp(*p)) {
		p++;
		(*n)--;
	}
	while (*n > 0 && is_wsp(p[*n - 1]))
		(*n)--;
	return p;
}

/* A byte no name or value may hold: a control (TAB too: the file's). */
static int
bad_octets(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
			return 1;
	return 0;
}

static int
is_ip(const char *host)
{
	unsigned char a[16];

	return inet_pton(AF_INET, host, a) == 1 ||
	    inet_pton(AF_INET6, host, a) == 1;
}

int
cookie_secure_host(const char *host)
{
	unsigned char a[16];

	if (addr_is_localhost(host))
		return 1;
	if (inet_pton(AF_INET, host, a) == 1)
		return a[0] == 127;
	return strcmp(host, "::1") == 0;
}

/* cookie_domain_match of host[0..hl) and domain[0..dl), NUL-terminated */
static int
domain_match(const char *host, size_t hl, const char *domain, size_t dl)
{
	/* most cookies are for other domains: the last letter says so */
	if (dl == 0 || hl < dl || (host[hl - 1] | 0x20) !=
	    (domain[dl - 1] | 0x20))
		return 0;
	if (hl == dl)
		return strcasecmp(host, domain) == 0;
	return dl > 0 && hl > dl && host[hl - dl - 1] == '.' &&
	    strcasecmp(host + hl - dl, domain) == 0 && !is_ip(host);
}

int
cookie_domain_match(const char *host, const char *domain)
{
	return domain_match(host, strlen(host), domain, strlen(domain));
}

int
cookie_path_match(const char *path, const char *cpath)
{
	size_t pl = strcspn(path, "?#"), cl = strlen(cpath);

	if (pl == 0 || path[0] != '/')
		pl = 1, path = "/";
	if (cl > pl || strncmp(path, cpath, cl) != 0)
		return 0;
	return cl == pl || cpath[cl - 1] == '/' || path[cl] == '/';
}

/* RFC 6265 5.1.4: the default-path of a request target, its length. */
static size_t
default_path(const char *path)
{
	size_t n = strcspn(path, "?#"), i;

	if (n == 0 || path[0] != '/')
		return 0;
	for (i = n; i > 0 && path[i - 1] != '/'; i--)
		;
	return i <= 1 ? 0 : i - 1;
}

/* Max-Age's value: an optional '-', then digits.  0, or -1 ignored. */
static int
max_age(const char *v, size_t n, long long *out)
{
	size_t i;
	long long a = 0;

	/* no value: v may be the end of the field, nothing to read */
	if (n == 0)
		return -1;
	i = v[0] == '-' && n > 1;
	for (; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		if (a < FOREVER)
			a = a * 10 + (v[i] - '0');
	}
	*out = v[0] == '-' ? -a : a;
	return 0;
}

/* One attribute, name a[0..an), value v[0..vn), into d. */
static void
attribute(struct draft *d, const char *a, size_t an, const char *v,
    size_t vn)
{
	long long t;

	if (an == 7 && strncasecmp(a, "expires", 7) == 0) {
		if (http_cookie_date(v, vn, &t) == 0)
			d->expires = t < PAST ? PAST : t;
	} else if (an == 7 && strncasecmp(a, "max-age", 7) == 0) {
		if (max_age(v, vn, &t) == 0)
			d->max_age = t;
	} else if (an == 6 && strncasecmp(a, "domain", 6) == 0) {
		if (vn > 0 && v[0] == '.') {
			v++;
			vn--;
		}
		/* empty: as if there were none (RFC 6265bis) */
		d->domain = vn > 0 ? v : NULL;
		d->dlen = vn;
	} else if (an == 4 && strncasecmp(a, "path", 4) == 0) {
		/* not absolute: the default-path */
		d->path = vn > 0 && v[0] == '/' ? v : NULL;
		d->plen = vn;
	} else if (an == 6 && strncasecmp(a, "secure", 6) == 0)
		d->secure = 1;
	else if (an == 8 && strncasecmp(a, "httponly", 8) == 0)
		d->httponly = 1;
}

/* RFC 6265 5.2: s[0..n) into d.  0, or -1 with err for a bad one. */
static int
parse(const char *s, size_t n, struct draft *d, char *err)
{
	const char *p, *e, *end = s + n, *eq;
	size_t an, vn;

	memset(d, 0, sizeof(*d));
	d->max_age = LLONG_MIN;
	if (n > COOKIE_LINE_MAX) {
		(void)snprintf(err, SK_ERRLEN, "over %d bytes",
		    COOKIE_LINE_MAX);
		return -1;
	}
	if ((e = memchr(s, ';', n)) == NULL)
		e = end;
	if ((eq = memchr(s, '=', (size_t)(e - s))) == NULL) {
		(void)snprintf(err, SK_ERRLEN, "no name=value");
		return -1;
	}
	d->nlen = (size_t)(eq - s);
	d->name = trim(s, &d->nlen);
	d->vlen = (size_t)(e - eq - 1);
	d->value = trim(eq + 1, &d->vlen);
	if (d->nlen == 0 || bad_octets(d->name, d->nlen) ||
	    bad_octets(d->value, d->vlen) || d->nlen + d->vlen >
	    COOKIE_NV_MAX) {
		(void)snprintf(err, SK_ERRLEN, "%s", d->nlen == 0 ?
		    "an empty name" : d->nlen + d->vlen > COOKIE_NV_MAX ?
		    "name and value over 4096 bytes" :
		    "a control character");
		return -1;
	}
	for (p = e; p < end; p = e) {
		p++;
		if ((e = memchr(p, ';', (size_t)(end - p))) == NULL)
			e = end;
		if ((eq = memchr(p, '=', (size_t)(e - p))) == NULL)
			eq = e;
		an = (size_t)(eq - p);
		vn = eq < e ? (size_t)(e - eq - 1) : 0;
		p = trim(p, &an);
		eq = eq < e ? trim(eq + 1, &vn) : e;
		/* curl drops the cookie for an attribute as for a pair */
		if (an >= COOKIE_NV_MAX - 1 || vn >= COOKIE_NV_MAX - 1 ||
		    an + vn > COOKIE_NV_MAX) {
			(void)snprintf(err, SK_ERRLEN, "an attribute over %d "
			    "bytes", COOKIE_NV_MAX);
			return -1;
		}
		attribute(d, p, an, eq, vn);
	}
	/* a TAB would break the file's columns: refused with the rest */
	if ((d->domain != NULL && bad_octets(d->domain, d->dlen)) ||
	    (d->path != NULL && bad_octets(d->path, d->plen))) {
		(void)snprintf(err, SK_ERRLEN, "a control character");
		return -1;
	}
	return 0;
}

/*
 * A prefix's demands (RFC 6265bis 4.1.3, in any case as curl's) met, of
 * a cookie without a domain of its own (nodom)?  1, or 0.
 */
static int
prefix_ok(const struct draft *d, int nodom)
{
	if (d->nlen >= 9 && strncasecmp(d->name, "__Secure-", 9) == 0)
		return d->secure;
	if (d->nlen >= 7 && strncasecmp(d->name, "__Host-", 7) == 0)
		return d->secure && nodom && d->path != NULL && d->plen == 1;
	return 1;
}

/* A new cookie of d's strings into c.  0, or -1 (ENOMEM). */
static int
make(struct cookie *c, const struct draft *d)
{
	size_t n = d->nlen + d->vlen + d->dlen + d->plen + 4;
	char *b;

	if ((b = malloc(n)) == NULL)
		return -1;
	c->nlen = d->nlen;
	c->vlen = d->vlen;
	c->dlen = d->dlen;
	c->plen = d->plen;
	c->name = b;
	memcpy(b, d->name, d->nlen);
	b[d->nlen] = '\0';
	c->value = b += d->nlen + 1;
	memcpy(b, d->value, d->vlen);
	b[d->vlen] = '\0';
	c->domain = b += d->vlen + 1;
	/* as the server spelled it, as curl writes it; compared in any case */
	memcpy(b, d->domain, d->dlen);
	b[d->dlen] = '\0';
	c->path = b += d->dlen + 1;
	memcpy(b, d->path, d->plen);
	b[d->plen] = '\0';
	c->expires = d->expires;
	c->secure = d->secure;
	c->httponly = d->httponly;
	return 0;
}

/* The cookie of j with c's name, domain and path, or -1. */
static int
find(const struct cookie_jar *j, const struct cookie *c)
{
	int i;

	for (i = 0; i < j->n; i++)
		if (strcmp(j->c[i].name, c->name) == 0 &&
		    strcasecmp(j->c[i].domain, c->domain) == 0 &&
		    strcmp(j->c[i].path, c->path) == 0)
			return i;
	return -1;
}

static void
drop(struct cookie_jar *j, int i)
{
	free(j->c[i].name);
	j->c[i] = j->c[--j->n];
}

/*
 * Room for one more cookie: the expired go, then the oldest of all past
 * COOKIE_JAR_MAX (RFC 6265 5.3 step 12, 6.1).  No count a domain: curl
 * 7.88 keeps no such cap, and a site's 150 cookies all go, as curl
 * sends them.  0, or -1 (ENOMEM).
 */
static int
room(struct cookie_jar *j, long long now)
{
	struct cookie *nc;
	int i, old = -1;

	for (i = 0; i < j->n; i++) {
		if (j->c[i].expires != 0 && j->c[i].expires <= now) {
			drop(j, i--);
			continue;
		}
		if (old == -1 || j->c[i].created < j->c[old].created)
			old = i;
	}
	if (j->n >= COOKIE_JAR_MAX)
		drop(j, old);
	if (j->n < j->cap)
		return 0;
	if ((nc = realloc(j->c, (size_t)(j->cap + 16) * sizeof(*nc))) == NULL)
		return -1;
	j->c = nc;
	j->cap += 16;
	return 0;
}

/*
 * c (its strings j's from now) into j: the one it replaces keeps its
 * creation; an expired c only deletes.  0, or -1 (ENOMEM, c freed).
 */
static int
store(struct cookie_jar *j, struct cookie *c, long long now)
{
	int i = find(j, c);

	if (i >= 0) {
		c->created = j->c[i].created;
		drop(j, i);
	} else
		c->created = j->seq++;
	if (c->expires != 0 && c->expires <= now) {
		free(c->name);
		return 0;
	}
	if (room(j, now) == -1) {
		free(c->name);
		return -1;
	}
	j->c[j->n++] = *c;
	return 0;
}

/*
 * RFC 6265bis 5.7 step 16 ("leave secure cookies alone"), as curl and
 * browsers keep it: a cookie that is not Secure, set over http, would
 * replace or shadow a Secure one of j of its name whose domain covers
 * its own or the other way round, and whose path its own path matches;
 * else an http server (or whoever is on the path to it) could overwrite
 * what https set.  1 for such a c.
 */
static int
shadows_secure(const struct cookie_jar *j, const struct cookie *c)
{
	const struct cookie *o;
	int i;

	for (i = 0; i < j->n; i++) {
		o = &j->c[i];
		if (o->secure && o->nlen == c->nlen &&
		    memcmp(o->name, c->name, c->nlen) == 0 &&
		    (cookie_domain_match(o->domain, c->domain) ||
		    cookie_domain_match(c->domain, o->domain)) &&
		    cookie_path_match(c->path, o->path))
			return 1;
	}
	return 0;
}

/* RFC 6265 5.3 steps 4-10 for d from to: 0, or -1 with err. */
static int
admit(struct draft *d, const struct cookie_to *to, long long now,
    int *host_only, char *err)
{
	char dom[DNS_MAX + 1];

	if (d->max_age != LLONG_MIN)
		d->expires = d->max_age <= 0 ? PAST : d->max_age > FOREVER -
		    now ? FOREVER : now + d->max_age;
	*host_only = d->domain == NULL;
	if (d->domain != NULL) {
		if (d->dlen > DNS_MAX) {
			(void)snprintf(err, SK_ERRLEN, "domain too long");
			return -1;
		}
		memcpy(dom, d->domain, d->dlen);
		dom[d->dlen] = '\0';
		/* "..x": a dot left after the one dropped covers no host */
		if (dom[0] == '.' || !cookie_domain_match(to->host, dom) ||
		    (strchr(dom, '.') == NULL && strcasecmp(dom, to->host))) {
			(void)snprintf(err, SK_ERRLEN, "domain %.64s does "
			    "not cover %.64s", dom, to->host);
			return -1;
		}
		/* a public suffix: a supercookie, which curl drops too */
		if (!is_ip(to->host) && to->domain_ok != NULL &&
		    !to->domain_ok(to->host, dom)) {
			(void)snprintf(err, SK_ERRLEN, "domain %.64s is a "
			    "public suffix", dom);
			return -1;
		}
		/* an IP address is its own domain alone, as curl has it */
		*host_only = is_ip(to->host);
	}
	if (d->secure && !to->secure) {
		(void)snprintf(err, SK_ERRLEN, "secure, over http");
		return -1;
	}
	if (!prefix_ok(d, d->domain == NULL)) {
		(void)snprintf(err, SK_ERRLEN, "a name prefix not honoured");
		return -1;
	}
	return 0;
}

int
cookie_set(struct cookie_jar *j, const char *s, size_t n,
    const struct cookie_to *to, long long now, char *err)
{
	struct draft d;
	struct cookie c;
	int host_only;

	if (parse(s, n, &d, err) == -1 || admit(&d, to, now, &host_only,
	    err) == -1)
		return 0;
	if (host_only) {
		d.domain = to->host;
		d.dlen = strlen(to->host);
		if (d.dlen > DNS_MAX) {
			(void)snprintf(err, SK_ERRLEN, "host too long");
			return 0;
		}
	}
	if (d.path == NULL || d.plen == 0) {
		d.path = to->path;
		if ((d.plen = default_path(to->path)) == 0) {
			d.path = "/";
			d.plen = 1;
		}
	}
	memset(&c, 0, sizeof(c));
	if (make(&c, &d) == -1)
		return -1;
	c.host_only = host_only;
	if (!c.secure && !to->secure && shadows_secure(j, &c)) {
		free(c.name);
		(void)snprintf(err, SK_ERRLEN, "a Secure cookie of that "
		    "name, over http");
		return 0;
	}
	return store(j, &c, now) == -1 ? -1 : 1;
}

/* Does c go to to (its host hl bytes), at now? */
static int
goes(const struct cookie *c, struct cookie_to *to, size_t hl, long long now)
{
	if (c->expires != 0 && c->expires <= now)
		return 0;
	if (c->host_only ? hl != c->dlen || strcasecmp(to->host,
	    c->domain) != 0 : !domain_match(to->host, hl, c->domain, c->dlen))
		return 0;
	if (!cookie_path_match(to->path, c->path))
		return 0;
	if (c->secure && to->secure == -1)
		to->secure = cookie_secure_host(to->host);
	return !c->secure || to->secure;
}

/*
 * The Cookie field's order, curl 7.88's (lib/cookie.c cookie_sort):
 * longer paths first, then longer domains, then longer names, then the
 * newer.  Scripts and servers that read the field see curl's bytes.
 */
static int
before(const struct cookie *a, const struct cookie *b)
{
	size_t ap = a->bare & 1 ? 0 : a->plen, bp = b->bare & 1 ? 0 : b->plen;
	size_t ad = a->bare & 2 ? 0 : a->dlen, bd = b->bare & 2 ? 0 : b->dlen;

	if (ap != bp)
		return ap > bp;
	if (ad != bd)
		return ad > bd;
	if (a->nlen != b->nlen)
		return a->nlen > b->nlen;
	return a->created > b->created;
}

size_t
cookie_header(const struct cookie_jar *j, const struct cookie_to *to,
    long long now, char *buf, size_t cap)
{
	const struct cookie *pick[COOKIE_SEND_MAX + 1], *t;
	struct cookie_to at = *to;
	size_t len = 0, nl, vl, hl = strlen(to->host);
	int i, k, np = 0;

	if (cap > 0)
		buf[0] = '\0';
	/*
	 * The oldest COOKIE_SEND_MAX that go, as curl takes them from its
	 * jar in the order they came; then in the field's order.
	 */
	for (i = 0; i < j->n; i++) {
		if (!goes(&j->c[i], &at, hl, now))
			continue;
		for (k = np; k > 0 && j->c[i].created < pick[k - 1]->created;
		    k--)
			pick[k] = pick[k - 1];
		pick[k] = &j->c[i];
		if (np < COOKIE_SEND_MAX)
			np++;
	}
	for (i = 1; i < np; i++) {
		t = pick[i];
		for (k = i; k > 0 && before(t, pick[k - 1]); k--)
			pick[k] = pick[k - 1];
		pick[k] = t;
	}
	/* by hand, not snprintf: this runs for every request */
	for (i = 0; i < np; i++) {
		t = pick[i];
		nl = t->nlen;
		vl = t->vlen;
		if (len + (len ? 2 : 0) + nl + 1 + vl > COOKIE_HDR_MAX ||
		    len + (len ? 2 : 0) + nl + 1 + vl + 1 > cap)
			break;
		if (len > 0) {
			memcpy(buf + len, "; ", 2);
			len += 2;
		}
		memcpy(buf + len, t->name, nl);
		buf[len + nl] = '=';
		memcpy(buf + len + nl + 1, t->value, vl);
		len += nl + 1 + vl;
		buf[len] = '\0';
	}
	return len;
}

/* The TAB-separated fields of s[0..n) into f[0..max): their count. */
static int
fields(const char *s, size_t n, const char **f, size_t *fl, int max)
{
	const char *e, *end = s + n;
	int k = 0;

	while (k < max) {
		if ((e = memchr(s, '\t', (size_t)(end - s))) == NULL)
			e = end;
		f[k] = s;
		fl[k++] = (size_t)(e - s);
		if (e == end)
			break;
		s = e + 1;
	}
	return k;
}

/*
 * A Netscape line's seven (or six: no value) fields into d.  Path, name
 * and value within COOKIE_LINE_MAX, as a Set-Cookie holds them: the line
 * cookie_format makes of it, whatever flags and dot it adds, is then
 * within COOKIE_FILE_LINE_MAX and reads back.
 */
static int
netscape(const char *s, size_t n, struct draft *d, int *host_only)
{
	const char *f[8];
	size_t fl[8], i;
	long long t = 0;
	int k;

	if ((k = fields(s, n, f, fl, 8)) != 6 && k != 7)
		return -1;
	memset(d, 0, sizeof(*d));
	d->max_age = LLONG_MIN;
	d->domain = f[0];
	d->dlen = fl[0];
	if (d->dlen > 0 && d->domain[0] == '.') {
		d->domain++;
		d->dlen--;
	}
	/*
	 * "..x": no host is that name, and written back as ".x" it would
	 * read as another cookie's (the fuzzer's round trip): malformed
	 */
	if (d->dlen > 0 && d->domain[0] == '.')
		return -1;
	*host_only = !(fl[1] == 4 && strncasecmp(f[1], "TRUE", 4) == 0);
	d->path = f[2];
	d->plen = fl[2];
	d->secure = fl[3] == 4 && strncasecmp(f[3], "TRUE", 4) == 0;
	for (i = 0; i < fl[4]; i++) {
		if (f[4][i] < '0' || f[4][i] > '9')
			return -1;
		if (t < FOREVER)
			t = t * 10 + (f[4][i] - '0');
	}
	d->expires = t > FOREVER ? FOREVER : t;
	d->name = f[5];
	d->nlen = fl[5];
	d->value = k == 7 ? f[6] : "";
	d->vlen = k == 7 ? fl[6] : 0;
	if (d->dlen > DNS_MAX || bad_octets(d->domain,
	    d->dlen) || d->plen == 0 || d->path[0] != '/' ||
	    bad_octets(d->path, d->plen) || d->nlen == 0 ||
	    bad_octets(d->name, d->nlen) || bad_octets(d->value, d->vlen) ||
	    d->nlen + d->vlen > COOKIE_NV_MAX ||
	    d->plen + d->nlen + d->vlen > COOKIE_LINE_MAX ||
	    !prefix_ok(d, *host_only))
		return -1;
	return 0;
}

/*
 * "Set-Cookie: ..." from a file: its Domain names the host, if any.
 * 0, 1 when it has no Path (then "/"), -1 refused.
 */
static int
header_line(const char *s, size_t n, struct draft *d, int *host_only)
{
	char err[SK_ERRLEN];

	/* "..x" covers no host, as in admit */
	if (parse(s, n, d, err) == -1 || d->dlen > DNS_MAX ||
	    !prefix_ok(d, d->domain == NULL) ||
	    (d->domain != NULL && d->dlen > 0 && d->domain[0] == '.'))
		return -1;
	*host_only = 0;
	if (d->path == NULL || d->plen == 0) {
		d->path = "/";
		d->plen = 1;
		return 1;
	}
	return 0;
}

int
cookie_line(struct cookie_jar *j, const char *s, size_t n, int junk,
    long long now)
{
	struct draft d;
	struct cookie c;
	int host_only, httponly = 0, rc, bare = 0;

	/*
	 * the line cookie_format makes of a Set-Cookie within
	 * COOKIE_LINE_MAX may be longer: it must read back
	 */
	if (n > COOKIE_FILE_LINE_MAX)
		return 0;
	if (n >= 10 && strncmp(s, "#HttpOnly_", 10) == 0) {
		s += 10;
		n -= 10;
		httponly = 1;
	}
	if (n >= 11 && strncasecmp(s, "Set-Cookie:", 11) == 0) {
		rc = header_line(s + 11, n - 11, &d, &host_only);
		bare = rc == 1;
		rc = rc == 1 ? 0 : rc;
	} else if (n == 0 || s[0] == '#')
		return 0;
	else
		rc = netscape(s, n, &d, &host_only);
	/*
	 * No domain (a Set-Cookie line without Domain, a Netscape line with
	 * an empty first field): j->host's alone (http-get's first URL's),
	 * as the host that set it would have it.  curl keeps such a cookie
	 * with no domain at all, which its jar's hash sends to IP addresses
	 * only, and never writes it to -c.
	 */
	if (rc == 0 && (d.domain == NULL || d.dlen == 0)) {
		if (j->host == NULL)
			return 0;
		d.domain = j->host;
		d.dlen = strlen(j->host);
		host_only = 1;
		bare |= 2;
	}
	if (rc == -1 || d.dlen > DNS_MAX)
		return 0;
	if (d.max_age != LLONG_MIN)
		d.expires = d.max_age <= 0 ? PAST : d.max_age > FOREVER - now ?
		    FOREVER : now + d.max_age;
	if ((junk && d.expires == 0) || (d.expires != 0 && d.expires <= now))
		return 0;
	memset(&c, 0, sizeof(c));
	if (make(&c, &d) == -1)
		return -1;
	c.host_only = host_only;
	c.bare = bare;
	c.httponly |= httponly;
	return store(j, &c, now) == -1 ? -1 : 1;
}

size_t
cookie_format(const struct cookie *c, char *buf, size_t cap)
{
	int n;

	n = snprintf(buf, cap, "%s%s%s\t%s\t%s\t%s\t%lld\t%s\t%s\n",
	    c->httponly ? "#HttpOnly_" : "", c->host_only ? "" : ".",
	    c->domain, c->host_only ? "FALSE" : "TRUE", c->path,
	    c->secure ? "TRUE" : "FALSE", c->expires, c->name, c->value);
	return n < 0 || (size_t)n >= cap ? 0 : (size_t)n;
}

static int
newer(const void *a, const void *b)
{
	const struct cookie *x = *(const struct cookie *const *)a;
	const struct cookie *y = *(const struct cookie *const *)b;

	return x->created < y->created ? 1 : x->created > y->created ? -1 : 0;
}

int
cookie_order(const struct cookie_jar *j, long long now,
    const struct cookie **out)
{
	int i, k = 0;

	for (i = 0; i < j->n; i++)
		if (j->c[i].expires == 0 || j->c[i].expires > now)
			out[k++] = &j->c[i];
	qsort(out, (size_t)k, sizeof(*out), newer);
	return k;
}

void
cookie_jar_free(struct cookie_jar *j)
{
	int i;

	for (i = 0; i < j->n; i++)
		free(j->c[i].name);
	free(j->c);
	memset(j, 0, sizeof(*j));
}
