/*
 * curlcfg.c: curl 7.88's config file lines (-K), read as curl's
 * tool_parsecfg.c reads them, and the command line words they mean.
 */
#include <stdio.h>
#include <string.h>

#include "parse/curlcfg.h"
#include "parse/opt.h"

/* curl's ISSPACE: the C locale's white space */
static int
cfg_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* '=' and ':' part an option from its parameter only without dashes */
#define CFG_SEP(c, dashed)	(!(dashed) && ((c) == '=' || (c) == ':'))

/*
 * A quoted parameter, src after its opening quote, unquoted into dst
 * (dst <= src: in place): to the closing quote or the end, curl's
 * escapes undone, any other letter after a backslash as itself.
 */
static void
cfg_unquote(char *dst, const char *src)
{
	while (*src != '\0' && *src != '"') {
		if (*src != '\\') {
			*dst++ = *src++;
			continue;
		}
		switch (*++src) {
		case '\0':
			continue;
		case 't':
			*dst++ = '\t';
			break;
		case 'n':
			*dst++ = '\n';
			break;
		case 'r':
			*dst++ = '\r';
			break;
		case 'v':
			*dst++ = '\v';
			break;
		default:
			*dst++ = *src;
		}
		src++;
	}
	*dst = '\0';
}

int
cfg_line(char *p, struct cfg_line *l)
{
	int dashed;

	memset(l, 0, sizeof(*l));
	while (cfg_space((unsigned char)*p))
		p++;
	if (*p == '\0' || *p == '#' || *p == '/' || *p == '*')
		return 0;
	l->opt = p;
	dashed = *p == '-';
	while (*p != '\0' && !cfg_space((unsigned char)*p) &&
	    !CFG_SEP(*p, dashed))
		p++;
	if (*p != '\0')
		*p++ = '\0';
	while (cfg_space((unsigned char)*p) || CFG_SEP(*p, dashed))
		p++;
	l->param = p;
	if (*p == '"') {
		cfg_unquote(p, p + 1);
		return 1;
	}
	while (*p != '\0' && !cfg_space((unsigned char)*p))
		p++;
	if (*p != '\0') {
		/* more after the parameter: curl warns, the comment aside */
		*p++ = '\0';
		while (cfg_space((unsigned char)*p))
			p++;
		l->junk = *p != '\0' && *p != '#';
	}
	if (*l->param == '\0')
		l->param = NULL;
	return 1;
}

/* s appended to buf (at *off, cap in all) as the next word, w[(*nw)++] */
static void
cfg_put(char *buf, size_t cap, size_t *off, const char *pre, const char *s,
    char **w, int *nw)
{
	int n;

	n = snprintf(buf + *off, cap - *off, "%s%s", pre, s);
	w[(*nw)++] = buf + *off;
	*off += n >= 0 && (size_t)n < cap - *off ? (size_t)n + 1 : cap - *off;
}

/*
 * Does the cluster o ("-sH", "-oFILE") take the line's parameter?  1,
 * 0, or -1 for a letter no table has (*known: another tool's, which the
 * parser refuses with its advice).
 */
static int
cfg_cluster(const struct opt_state *st, const char *o, int *known)
{
	const struct opt_def *r;
	char name[3];
	size_t i;

	for (i = 1; o[i] != '\0'; i++) {
		if ((r = opt_lookup(st, (unsigned char)o[i], NULL, 0)) ==
		    NULL) {
			name[0] = '-';
			name[1] = o[i];
			name[2] = '\0';
			*known = opt_foreign_find(st->foreign, name, 2) != NULL;
			return -1;
		}
		if (r->has_arg == 1)
			return o[i + 1] == '\0';
	}
	*known = 0;
	return i == 1 ? -1 : 0;
}

/* A word of digits: what an optional argument takes as its own */
static int
cfg_digits(const char *s)
{
	return *s != '\0' && strspn(s, "0123456789") == strlen(s);
}

int
cfg_words(const struct opt_state *st, const struct cfg_line *l, char *buf,
    size_t cap, char **w, int *nw)
{
	const struct opt_def *r;
	const char *o = l->opt, *p = l->param, *name;
	size_t off = 0;
	int takes, known = 0;

	*nw = 0;
	if (o[0] == '-' && o[1] != '-') {
		if ((takes = cfg_cluster(st, o, &known)) == -1 && !known)
			return CFG_UNKNOWN;
		cfg_put(buf, cap, &off, "", o, w, nw);
		if (takes == -1)
			return CFG_OK;
	} else {
		name = o[0] == '-' ? o + 2 : o;
		if (strcmp(name, "url") == 0) {
			if (p == NULL)
				return CFG_NEEDS;
			cfg_put(buf, cap, &off, "", p, w, nw);
			return CFG_OK;
		}
		r = opt_lookup(st, 0, name, strlen(name));
		cfg_put(buf, cap, &off, "--", name, w, nw);
		if (r == NULL) {
			if (opt_foreign_find(st->foreign, w[0], strlen(w[0])) !=
			    NULL)
				return CFG_OK;
			*nw = 0;
			return CFG_UNKNOWN;
		}
		takes = r->has_arg == 1 || (r->has_arg == OPT_ARG_OPTIONAL &&
		    p != NULL && cfg_digits(p));
	}
	if (takes) {
		if (p == NULL) {
			*nw = 0;
			return CFG_NEEDS;
		}
		cfg_put(buf, cap, &off, "", p, w, nw);
	} else if (p != NULL && *p != '\0')
		return CFG_GARBAGE;
	return CFG_OK;
}

const char *
cfg_why(int v)
{
	switch (v) {
	case CFG_UNKNOWN:
		return "is unknown";
	case CFG_NEEDS:
		return "requires parameter";
	case CFG_GARBAGE:
		return "had unsupported trailing garbage";
	}
	return "";
}
