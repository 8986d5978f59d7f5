/*
 * cdisp.c: the file name of a Content-Disposition field (cdisp.h).  A
 * name comes from a server, so it is taken as hostile: what is left
 * after its last path separator names a file here or in --output-dir,
 * never anything above it, and a name with no safe reading is refused
 * rather than mended.
 */
#include <string.h>

#include "parse/cdisp.h"

/* a value being read: v[0..n), at i */
struct cd {
	const char	*v;
	size_t		 n, i;
};

static int
ows(int c)
{
	return c == ' ' || c == '\t';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = lower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* s[0..n) equals the lower-case word w, case aside */
static int
word_is(const char *s, size_t n, const char *w)
{
	size_t i;

	if (n != strlen(w))
		return 0;
	for (i = 0; i < n; i++)
		if (lower((unsigned char)s[i]) != w[i])
			return 0;
	return 1;
}

/*
 * A parameter's value at c->i, a quoted string (its escapes undone) or
 * a token up to ';', into out (cap bytes).  Returns its length, or
 * cap when it does not fit.
 */
static size_t
value(struct cd *c, char *out, size_t cap)
{
	size_t o = 0, e;
	char q;

	/* curl's single quotes too: "name='a b'" is a b, "name='a" a */
	if (c->i < c->n && ((q = c->v[c->i]) == '"' || q == '\'')) {
		/* to its closing quote, even past cap: a ';' inside is text */
		for (c->i++; c->i < c->n && c->v[c->i] != q; c->i++) {
			if (c->v[c->i] == '\\' && c->i + 1 < c->n)
				c->i++;
			if (o < cap)
				out[o] = c->v[c->i];
			o++;
		}
		c->i++;		/* the closing quote */
		return o < cap ? o : cap;
	}
	for (e = c->i; e < c->n && c->v[e] != ';'; e++)
		;
	while (e > c->i && ows((unsigned char)c->v[e - 1]))
		e--;
	if (e - c->i > cap)
		return cap;
	memcpy(out, c->v + c->i, e - c->i);
	o = e - c->i;
	c->i = e;
	return o;
}

/*
 * RFC 8187's ext-value in s[0..n): "UTF-8'lang'text", the text
 * percent-decoded into out (cap bytes).  Returns its length; cap when
 * it is no UTF-8 ext-value or does not decode.
 */
static size_t
ext_value(const char *s, size_t n, char *out, size_t cap)
{
	const char *q;
	size_t i, o = 0;
	int hi, lo;

	if (n < 7 || !word_is(s, 5, "utf-8") || s[5] != '\'' ||
	    (q = memchr(s + 6, '\'', n - 6)) == NULL)
		return cap;
	for (i = (size_t)(q + 1 - s); i < n; i++) {
		if (o == cap)
			return cap;
		if (s[i] != '%') {
			out[o++] = s[i];
			continue;
		}
		if (i + 2 >= n || (hi = hexval((unsigned char)s[i + 1])) ==
		    -1 || (lo = hexval((unsigned char)s[i + 2])) == -1)
			return cap;
		out[o++] = (char)(hi * 16 + lo);
		i += 2;
	}
	return o;
}

/* The name in s[0..n), its path stripped, checked, into buf. */
static int
finish(const char *s, size_t n, char *buf)
{
	size_t i, b = 0;

	if (n > CDISP_NAMEMAX)
		return -1;
	for (i = 0; i < n; i++)
		if (s[i] == '/' || s[i] == '\\')
			b = i + 1;
	s += b;
	n -= b;
	if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' &&
	    s[1] == '.'))
		return -1;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return 1;
}

int
cdisp_filename(const char *v, size_t n, char *buf)
{
	char plain[CDISP_NAMEMAX + 1], ext[CDISP_NAMEMAX + 1];
	char raw[3 * CDISP_NAMEMAX + 16];
	struct cd c = { v, n, 0 };
	size_t pl = 0, el = 0, rl, ns;
	int have = 0, have_ext = 0;

	/* past the disposition type; none when a parameter comes first */
	while (c.i < c.n && v[c.i] != ';' && v[c.i] != '"' && v[c.i] != '=')
		c.i++;
	if (c.i < c.n && v[c.i] == '=')
		c.i = 0;
	while (c.i < c.n) {
		if (v[c.i] == ';' || ows((unsigned char)v[c.i])) {
			c.i++;
			continue;
		}
		for (ns = c.i; c.i < c.n && v[c.i] != '=' && v[c.i] != ';';
		    c.i++)
			;
		if (c.i == c.n || v[c.i] == ';')
			continue;	/* a parameter without a value */
		rl = c.i;
		while (rl > ns && ows((unsigned char)v[rl - 1]))
			rl--;
		for (c.i++; c.i < c.n && ows((unsigned char)v[c.i]); c.i++)
			;
		if (word_is(v + ns, rl - ns, "filename") && !have) {
			pl = value(&c, plain, sizeof(plain));
			have = 1;
		} else if (word_is(v + ns, rl - ns, "filename*") && !have_ext) {
			rl = value(&c, raw, sizeof(raw));
			if (rl < sizeof(raw) && (el = ext_value(raw, rl, ext,
			    sizeof(ext))) < sizeof(ext))
				have_ext = 1;
		} else
			(void)value(&c, raw, sizeof(raw));
		/* what follows a value, up to the next ';', is not ours */
		while (c.i < c.n && v[c.i] != ';')
			c.i++;
	}
	if (have_ext)
		return finish(ext, el, buf);
	if (have)
		return finish(plain, pl, buf);
	return 0;
}
