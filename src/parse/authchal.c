/*
 * authchal.c: authentication challenges (authchal.h), read as RFC 9110
 * section 11 writes them: challenges separated by commas, a scheme then
 * a token68 or auth-params; a token that no '=' follows begins the next
 * challenge.
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "parse/authchal.h"
#include "parse/http_field.h"

/* One step of a walk: a scheme (name NULL) or one of its parameters. */
struct authp {
	const char	*scheme;
	size_t		 slen;
	const char	*name;		/* NULL: the scheme begins */
	size_t		 nlen;
	const char	*val;		/* quoted: inside the quotes, escaped */
	size_t		 vlen;
	int		 quoted;
};

typedef int (*authp_fn)(void *arg, const struct authp *p);

static int
ows(int c)
{
	return c == ' ' || c == '\t';
}

static int
t68char(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || (c != '\0' && strchr("-._~+/", c) !=
	    NULL);
}

/* The end of a token at v + i, or i. */
static size_t
token_end(const char *v, size_t n, size_t i)
{
	while (i < n && http_tchar((unsigned char)v[i]))
		i++;
	return i;
}

/*
 * A token68 at v + i that ends the challenge (end, or a comma after
 * white space): its end, else 0.
 */
static size_t
token68_end(const char *v, size_t n, size_t i)
{
	size_t j = i;

	while (j < n && t68char((unsigned char)v[j]))
		j++;
	if (j == i)
		return 0;
	while (j < n && v[j] == '=')
		j++;
	while (j < n && ows(v[j]))
		j++;
	return j == n || v[j] == ',' ? j : 0;
}

/*
 * A quoted string's inside from v + i (past its opening quote): the
 * index of the closing quote, or 0 when it is not closed.
 */
static size_t
quoted_end(const char *v, size_t n, size_t i)
{
	for (; i < n; i++) {
		if (v[i] == '\\') {
			if (++i == n)
				return 0;
		} else if (v[i] == '"')
			return i;
	}
	return 0;
}

/*
 * The parameters of the challenge whose scheme ends at v + i, each to
 * fn.  Returns the index of the next challenge's scheme (n at the end),
 * or -1: malformed, or fn said stop (*stop set).
 */
static long
params(const char *v, size_t n, size_t i, struct authp *p, authp_fn fn,
    void *arg, int *stop)
{
	size_t t, e, q;

	while (i < n && ows(v[i]))
		i++;
	/* first a token68 ("Negotiate abc=="), unless "name=value" reads */
	t = token_end(v, n, i);
	q = t;
	while (q < n && ows(v[q]))
		q++;
	if (!(t > i && q + 1 < n && v[q] == '=' && v[q + 1] != '=') &&
	    (e = token68_end(v, n, i)) != 0)
		return (long)e;
	for (;;) {
		while (i < n && (ows(v[i]) || v[i] == ','))
			i++;
		if (i == n)
			return (long)n;
		t = token_end(v, n, i);
		if (t == i)
			return -1;
		q = t;
		while (q < n && ows(v[q]))
			q++;
		if (q == n || v[q] != '=')
			return (long)i;	/* the next challenge's scheme */
		q++;
		while (q < n && ows(v[q]))
			q++;
		p->name = v + i;
		p->nlen = t - i;
		if (q < n && v[q] == '"') {
			if ((e = quoted_end(v, n, q + 1)) == 0)
				return -1;
			p->val = v + q + 1;
			p->vlen = e - q - 1;
			p->quoted = 1;
			i = e + 1;
		} else {
			/* a token, or as curl reads it: up to a comma */
			for (e = q; e < n && v[e] != ',' && !ows(v[e]) &&
			    v[e] != '"'; e++)
				;
			p->val = v + q;
			p->vlen = e - q;
			p->quoted = 0;
			i = e;
		}
		if (fn(arg, p) == 1) {
			*stop = 1;
			return -1;
		}
		while (i < n && ows(v[i]))
			i++;
		if (i < n && v[i] != ',')
			return -1;
	}
}

/*
 * Every challenge of v[0..n) and its parameters to fn, until fn
 * returns 1.  0 walked to the end or stopped; -1 malformed.
 */
static int
walk(const char *v, size_t n, authp_fn fn, void *arg)
{
	struct authp p;
	size_t i = 0, e;
	long next;
	int stop = 0;

	for (;;) {
		while (i < n && (ows(v[i]) || v[i] == ','))
			i++;
		if (i == n)
			return 0;
		if ((e = token_end(v, n, i)) == i)
			return -1;
		memset(&p, 0, sizeof(p));
		p.scheme = v + i;
		p.slen = e - i;
		if (fn(arg, &p) == 1)
			return 0;
		if ((next = params(v, n, e, &p, fn, arg, &stop)) == -1)
			return stop ? 0 : -1;
		i = (size_t)next;
	}
}

static int
is(const char *s, size_t n, const char *name)
{
	return strlen(name) == n && strncasecmp(s, name, n) == 0;
}

static int
scheme_bit(void *arg, const struct authp *p)
{
	static const struct {
		const char	*name;
		unsigned	 bit;
	} tab[] = {
		{ "Basic", AUTH_BASIC }, { "Digest", AUTH_DIGEST },
		{ "NTLM", AUTH_NTLM }, { "Negotiate", AUTH_NEGOTIATE },
		{ "Bearer", AUTH_BEARER }
	};
	unsigned *bits = arg;
	size_t i;

	if (p->name != NULL)
		return 0;
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (is(p->scheme, p->slen, tab[i].name))
			*bits |= tab[i].bit;
	return 0;
}

unsigned
authchal_schemes(const char *v, size_t n)
{
	unsigned bits = 0;

	(void)walk(v, n, scheme_bit, &bits);
	return bits;
}

/* A Digest challenge being read. */
struct dread {
	struct digest_chal *dc;
	const char	*why;		/* set: unusable */
	int		 in;		/* inside the first Digest one */
	int		 done;
	int		 nonce;
};

/* p's value unescaped into buf[0..cap).  0, or -1 when it is too long. */
static int
unq(const struct authp *p, char *buf, size_t cap)
{
	size_t i, o = 0;

	for (i = 0; i < p->vlen; i++) {
		if (p->quoted && p->val[i] == '\\')
			i++;
		if (o + 1 >= cap)
			return -1;
		buf[o++] = p->val[i];
	}
	buf[o] = '\0';
	return 0;
}

/* qop's list: auth before auth-int, as curl picks. */
static int
qop_pick(const char *s)
{
	const char *e;
	size_t n;
	int q = 0;

	for (; *s != '\0'; s = *e == ',' ? e + 1 : e) {
		while (ows(*s))
			s++;
		e = s + strcspn(s, ",");
		n = (size_t)(e - s);
		while (n > 0 && ows(s[n - 1]))
			n--;
		if (is(s, n, "auth"))
			q = 1;
		else if (is(s, n, "auth-int") && q == 0)
			q = 2;
	}
	return q;
}

static const char *
algo_set(struct digest_chal *dc)
{
	static const struct {
		const char	*name;
		enum digest_algo algo;
		int		 sess;
	} tab[] = {
		{ "MD5", DIGEST_MD5, 0 }, { "MD5-sess", DIGEST_MD5, 1 },
		{ "SHA-256", DIGEST_SHA256, 0 },
		{ "SHA-256-sess", DIGEST_SHA256, 1 },
		{ "SHA-512-256", DIGEST_SHA512_256, 0 },
		{ "SHA-512-256-sess", DIGEST_SHA512_256, 1 }
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcasecmp(dc->algorithm, tab[i].name) == 0) {
			dc->algo = tab[i].algo;
			dc->sess = tab[i].sess;
			return NULL;
		}
	return "unknown algorithm";
}

static int
digest_param(void *arg, const struct authp *p)
{
	struct dread *d = arg;
	struct digest_chal *dc = d->dc;
	char tmp[AUTHCHAL_LEN];

	if (p->name == NULL) {
		if (d->in)
			return 1;	/* the next challenge: done */
		d->in = is(p->scheme, p->slen, "Digest");
		d->done |= d->in;
		return 0;
	}
	if (!d->in || d->why != NULL)
		return 0;
	if (unq(p, tmp, sizeof(tmp)) == -1) {
		d->why = "a value too long";
		return 0;
	}
	if (is(p->name, p->nlen, "realm"))
		memcpy(dc->realm, tmp, sizeof(tmp));
	else if (is(p->name, p->nlen, "nonce")) {
		memcpy(dc->nonce, tmp, sizeof(tmp));
		d->nonce = 1;
	} else if (is(p->name, p->nlen, "opaque")) {
		memcpy(dc->opaque, tmp, sizeof(tmp));
		dc->has_opaque = 1;
	} else if (is(p->name, p->nlen, "qop"))
		dc->qop = qop_pick(tmp);
	else if (is(p->name, p->nlen, "stale"))
		dc->stale = strcasecmp(tmp, "true") == 0;
	else if (is(p->name, p->nlen, "userhash"))
		dc->userhash = strcasecmp(tmp, "true") == 0;
	else if (is(p->name, p->nlen, "algorithm")) {
		if (strlen(tmp) >= sizeof(dc->algorithm))
			d->why = "unknown algorithm";
		else {
			memcpy(dc->algorithm, tmp, strlen(tmp) + 1);
			d->why = algo_set(dc);
		}
	}
	return 0;
}

int
authchal_digest(const char *v, size_t n, struct digest_chal *dc,
    const char **why)
{
	struct dread d;

	memset(dc, 0, sizeof(*dc));
	memset(&d, 0, sizeof(d));
	d.dc = dc;
	if (walk(v, n, digest_param, &d) == -1 && d.done && d.in) {
		*why = "malformed challenge";
		return -1;
	}
	if (!d.done)
		return 0;
	if (d.why == NULL && !d.nonce)
		d.why = "no nonce";
	if (d.why == NULL && dc->sess && dc->qop == 0)
		d.why = "an -sess algorithm without qop";
	if (d.why != NULL) {
		*why = d.why;
		return -1;
	}
	return 1;
}
