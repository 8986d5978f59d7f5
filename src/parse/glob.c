/*
 * glob.c: curl's URL globbing (glob.h), pure: a pattern parsed into
 * its parts, fixed text and the ranges and sets that vary, and any of
 * the URLs it makes built on demand from its number, so a caller may
 * walk a million of them without keeping them.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/glob.h"
#include "util/ascii.h"

enum { PAT_FIXED, PAT_SET, PAT_NUM, PAT_CHAR };

struct glob_str {
	const char	*p;
	size_t		 len;
};

struct glob_pat {
	int		 type;
	struct glob_str	 fix;		/* PAT_FIXED */
	struct glob_str	*el;		/* PAT_SET: n elements */
	long long	 n;		/* how many values it takes */
	unsigned long long min, step;	/* PAT_NUM, PAT_CHAR */
	int		 pad;		/* PAT_NUM: digits, 0 padded */
};

/* what the parser carries along */
struct gp {
	const char	*s;		/* the pattern */
	size_t		 i;		/* where it is */
	char		*w;		/* where unescaped text goes next */
	int		 nstr;
	char		*err;
	size_t		 errlen;
};

static int
fail(struct gp *p, const char *what, size_t pos)
{
	(void)snprintf(p->err, p->errlen, "%s in URL position %zu", what,
	    pos + 1);
	return -2;
}

/*
 * "[" that opens an IPv6 literal, as curl's peek_ipv6 sees it: up to
 * the next ']' only hex digits, ':' and '.', one ':' at least, then
 * perhaps a zone after '%'; or "[]", which curl takes as it is too
 * ("?a[]=1").
 */
static int
ipv6_at(const char *s, size_t *len)
{
	size_t i;
	int colon = 0, zone = 0;

	if (s[1] == ']') {
		*len = 2;
		return 1;
	}
	for (i = 1; s[i] != '\0' && s[i] != ']'; i++) {
		if (zone) {
			if (s[i] == '[' || s[i] == '{' || s[i] == '}')
				return 0;
			continue;
		}
		if (s[i] == ':')
			colon = 1;
		else if (s[i] == '%')
			zone = 1;
		else if (!ascii_digit((unsigned char)s[i]) && s[i] != '.' &&
		    !((s[i] >= 'a' && s[i] <= 'f') ||
		    (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	}
	if (s[i] != ']' || !colon)
		return 0;
	*len = i + 1;
	return 1;
}

/* A decimal number at s[*i] (digits only), its digit count in *nd. */
static int
number(const char *s, size_t *i, unsigned long long *v, int *nd)
{
	*v = 0;
	*nd = 0;
	if (!ascii_digit((unsigned char)s[*i]))
		return -1;
	for (; ascii_digit((unsigned char)s[*i]); (*i)++, (*nd)++) {
		if (*v > (~0ULL - 9) / 10)
			return -1;
		*v = *v * 10 + (unsigned long long)(s[*i] - '0');
	}
	return 0;
}

/*
 * "[a-z]", "[1-100:5]" at p->s[p->i], past its '['.  A bad one is
 * placed as curl 7.88 places it: where its reading stopped, the first
 * character, the high end or the step, else past the ']'.
 */
static int
range(struct gp *p, struct glob_pat *t)
{
	const char *s = p->s;
	size_t at = p->i + 1, i = at, m;
	unsigned long long lo, hi, step = 1;
	int nd, nd2;

	if (ascii_alpha((unsigned char)s[i])) {
		/* as curl's: any character high, at most a..z apart */
		t->type = PAT_CHAR;
		lo = (unsigned char)s[i];
		i += 4;
		if (s[at + 1] != '-' || (hi = (unsigned char)s[at + 2]) == 0 ||
		    (s[i - 1] == ':' &&
		    (number(s, &i, &step, &nd) == -1 || s[i++] != ']')) ||
		    (s[i - 1] != ']'))
			return fail(p, "bad range", at);
	} else {
		t->type = PAT_NUM;
		if (number(s, &i, &lo, &nd) == -1 || s[i] != '-')
			return fail(p, ascii_digit((unsigned char)s[at]) ?
			    "bad range" : "bad range specification", at);
		m = ++i;
		if (number(s, &i, &hi, &nd2) == -1)
			return fail(p, "bad range", m);
		if (s[i] == ':') {
			m = ++i;
			if (number(s, &i, &step, &nd2) == -1)
				step = 0;	/* "[1-3:]": curl's 0 */
		}
		if (s[i++] != ']')
			return fail(p, "bad range", m);
		t->pad = s[at] == '0' ? nd : 0;
	}
	if (step == 0 || (lo == hi ? step != 1 : lo > hi || step > hi - lo ||
	    (t->type == PAT_CHAR && hi - lo > 'z' - 'a')))
		return fail(p, "bad range", i);
	t->min = lo;
	t->step = step;
	if ((hi - lo) / step >= GLOB_URLS_MAX)
		return fail(p, "too many URLs", at - 1);
	t->n = (long long)((hi - lo) / step + 1);
	p->i = i;
	return 0;
}

/* "{one,two}" at p->s[p->i]: its elements unescaped into p->w. */
static int
set(struct gp *p, struct glob_pat *t, struct glob_str *str)
{
	const char *s = p->s;
	size_t at = p->i, i = p->i + 1;

	t->type = PAT_SET;
	t->el = str + p->nstr;
	t->n = 0;
	t->el[0].p = p->w;
	t->el[0].len = 0;
	for (;; i++) {
		switch (s[i]) {
		case '\0':
			return fail(p, "unmatched brace", at);
		case '{':
		case '[':
			return fail(p, "nested brace", i);
		case '}':
			/* curl's too: "{}" is a mistake, not one empty word */
			if (i == at + 1)
				return fail(p, "empty string within braces",
				    i);
			/* FALLTHROUGH */
		case ',':
			t->el[t->n].len = (size_t)(p->w - t->el[t->n].p);
			t->n++;
			if (s[i] == '}') {
				p->nstr += (int)t->n;
				p->i = i + 1;
				return 0;
			}
			t->el[t->n].p = p->w;
			break;
		case '\\':
			if (s[i + 1] != '\0')
				i++;
			/* FALLTHROUGH */
		default:
			*p->w++ = s[i];
			break;
		}
	}
}

/* Fixed text at p->s[p->i], up to the next pattern, unescaped. */
static int
fixed(struct gp *p, struct glob_pat *t)
{
	const char *s = p->s;
	size_t v6;

	t->type = PAT_FIXED;
	t->n = 1;
	t->fix.p = p->w;
	for (;;) {
		if (s[p->i] == '\0' || s[p->i] == '{')
			break;
		if (s[p->i] == '[') {
			if (!ipv6_at(s + p->i, &v6))
				break;
			memcpy(p->w, s + p->i, v6);
			p->w += v6;
			p->i += v6;
			continue;
		}
		if (s[p->i] == '}' || s[p->i] == ']')
			return fail(p, "unmatched close brace/bracket", p->i);
		if (s[p->i] == '\\' && s[p->i + 1] != '\0' &&
		    strchr("[]{}", s[p->i + 1]) != NULL)
			p->i++;
		*p->w++ = s[p->i++];
	}
	t->fix.len = (size_t)(p->w - t->fix.p);
	return 0;
}

int
glob_parse(const char *s, struct glob *g, char *err, size_t errlen)
{
	struct gp p;
	struct glob_pat *t;
	size_t len = strlen(s), v6, i, np;
	int rc;

	memset(g, 0, sizeof(*g));
	g->count = 1;
	/*
	 * fixed parts between the patterns, one more than they: room for
	 * the brackets there are (a list of plain URLs parses fast)
	 */
	for (i = 0, np = 0; s[i] != '\0'; i++)
		if ((s[i] == '[' || s[i] == '{') && np <= GLOB_PATTERNS)
			np++;
	if ((g->pat = calloc(2 * np + 2, sizeof(*g->pat))) ==
	    NULL || (g->str = calloc(len + 1, sizeof(*g->str))) == NULL ||
	    (g->buf = malloc(len + 1)) == NULL)
		return -1;
	memset(&p, 0, sizeof(p));
	p.s = s;
	p.w = g->buf;
	p.err = err;
	p.errlen = errlen;
	while (s[p.i] != '\0') {
		t = &g->pat[g->npat];
		if (s[p.i] == '{' || (s[p.i] == '[' && !ipv6_at(s + p.i,
		    &v6))) {
			if (g->nvar == GLOB_PATTERNS)
				return fail(&p, "too many globs", p.i);
			rc = s[p.i] == '{' ? set(&p, t, g->str) : range(&p, t);
			if (rc == 0 && g->count > GLOB_URLS_MAX / t->n)
				rc = fail(&p, "too many URLs", p.i - 1);
			if (rc != 0)
				return rc;
			g->count *= t->n;
			g->nvar++;
		} else if ((rc = fixed(&p, t)) != 0)
			return rc;
		g->npat++;
	}
	return 0;
}

/* The text the kth value of t gives, in tmp (24 bytes) when made. */
static struct glob_str
value(const struct glob_pat *t, long long k, char *tmp)
{
	struct glob_str v;
	int n;

	switch (t->type) {
	case PAT_SET:
		return t->el[k];
	case PAT_CHAR:
		tmp[0] = (char)(t->min + (unsigned long long)k * t->step);
		v.p = tmp;
		v.len = 1;
		return v;
	case PAT_NUM:
		n = snprintf(tmp, 24, "%0*llu", t->pad > 20 ? 20 : t->pad,
		    t->min + (unsigned long long)k * t->step);
		v.p = tmp;
		v.len = n > 0 ? (size_t)n : 0;
		return v;
	default:
		return t->fix;
	}
}

/* Each varying pattern's value for URL n, the last turning fastest. */
static void
split(const struct glob *g, long long n, long long *k)
{
	int i;

	for (i = g->npat - 1; i >= 0; i--) {
		k[i] = n % g->pat[i].n;
		n /= g->pat[i].n;
	}
}

static void
put(char *buf, size_t cap, size_t *len, const char *p, size_t n)
{
	if (*len < cap)
		memcpy(buf + *len, p, cap - *len - 1 < n ? cap - *len - 1 :
		    n);
	*len += n;
}

static size_t
end(char *buf, size_t cap, size_t len)
{
	if (cap > 0)
		buf[len < cap ? len : cap - 1] = '\0';
	return len;
}

size_t
glob_url(const struct glob *g, long long n, char *buf, size_t cap)
{
	long long k[2 * GLOB_PATTERNS + 2];
	struct glob_str v;
	char tmp[24];
	size_t len = 0;
	int i;

	split(g, n, k);
	for (i = 0; i < g->npat; i++) {
		v = value(&g->pat[i], k[i], tmp);
		put(buf, cap, &len, v.p, v.len);
	}
	return end(buf, cap, len);
}

size_t
glob_name(const struct glob *g, long long n, const char *tmpl, char *buf,
    size_t cap)
{
	long long k[2 * GLOB_PATTERNS + 2];
	struct glob_str v;
	char tmp[24];
	size_t len = 0, j;
	int i, num, var;

	split(g, n, k);
	while (*tmpl != '\0') {
		num = 0;
		for (j = 1; ascii_digit((unsigned char)tmpl[j]) && num <= 1000;
		    j++)
			num = num * 10 + tmpl[j] - '0';
		if (*tmpl != '#' || j == 1 || num < 1 || num > g->nvar) {
			put(buf, cap, &len, tmpl++, 1);
			continue;
		}
		for (i = 0, var = 0; i < g->npat; i++)
			if (g->pat[i].type != PAT_FIXED && ++var == num)
				break;
		v = value(&g->pat[i], k[i], tmp);
		put(buf, cap, &len, v.p, v.len);
		tmpl += j;
	}
	return end(buf, cap, len);
}

void
glob_free(struct glob *g)
{
	free(g->pat);
	free(g->str);
	free(g->buf);
	memset(g, 0, sizeof(*g));
}
