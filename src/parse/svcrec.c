/*
 * parse/svcrec.c: -sV's record of a port, packed, split and written for
 * the output formats (parse/svcrec.h).  Pure: no I/O.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/svcrec.h"

/* n bytes written, or 0 and out "" when they did not fit. */
static size_t
fit(char *out, size_t cap, int n)
{
	if (n < 0 || (size_t)n >= cap) {
		if (cap > 0)
			out[0] = '\0';
		return 0;
	}
	return (size_t)n;
}

size_t
svcrec_pack(const char *const *f, char *out, size_t cap)
{
	size_t o = 0;
	const char *s;
	int i;

	for (i = 0; i < SR_N; i++) {
		s = f[i] != NULL ? f[i] : "";
		if (o + strlen(s) + 2 > cap)
			return fit(out, cap, -1);
		if (i > 0)
			out[o++] = SR_SEP;
		for (; *s != '\0'; s++)
			out[o++] = *s >= 0x20 && *s < 0x7f ? *s : '?';
	}
	out[o] = '\0';
	return o;
}

int
svcrec_split(const char *rec, size_t n, char *buf, size_t cap,
    const char **f)
{
	char *p = buf, *e;
	int i;

	if (n == 0 || n >= cap || memchr(rec, SR_SEP, n) == NULL)
		return -1;
	memcpy(buf, rec, n);
	buf[n] = '\0';
	for (i = 0; i < SR_N; i++) {
		f[i] = p != NULL ? p : "";
		if (p != NULL && (e = strchr(p, SR_SEP)) != NULL) {
			*e = '\0';
			p = e + 1;
		} else
			p = NULL;
	}
	return 0;
}

size_t
svcrec_version(const char *const *f, char *out, size_t cap)
{
	const char *p = f[SR_PRODUCT], *v = f[SR_VERSION], *x = f[SR_INFO];

	return fit(out, cap, snprintf(out, cap, "%s%s%s%s%s%s%s", p,
	    *p != '\0' && *v != '\0' ? " " : "", v, *x != '\0' &&
	    (*p != '\0' || *v != '\0') ? " " : "", *x != '\0' ? "(" : "", x,
	    *x != '\0' ? ")" : ""));
}

size_t
svcrec_service(const char *const *f, char *out, size_t cap)
{
	return fit(out, cap, snprintf(out, cap, "%s%s%s", f[SR_TUNNEL],
	    *f[SR_TUNNEL] != '\0' ? "/" : "", f[SR_SVC]));
}

/* s as a JSON string, or null when empty (no control bytes in it). */
static size_t
jstr(char *out, size_t cap, const char *s)
{
	size_t o = 0;

	if (*s == '\0')
		return fit(out, cap, snprintf(out, cap, "null"));
	if (cap > 0)
		out[o++] = '"';
	for (; *s != '\0' && o + 3 < cap; s++) {
		if (*s == '"' || *s == '\\')
			out[o++] = '\\';
		out[o++] = *s;
	}
	if (o + 2 > cap)
		return fit(out, cap, -1);
	out[o++] = '"';
	out[o] = '\0';
	return o;
}

size_t
svcrec_json(const char *const *f, char *out, size_t cap)
{
	static const char *const key[SR_N] = { NULL, "product", "version",
	    "extrainfo", NULL, "tunnel", "method", NULL, "probe", "cert",
	    "starttls", "starttls_error" };
	const char *c, *e;
	size_t o = 0, k;
	int i;

	for (i = 0; i < SR_N && o < cap; i++) {
		if (key[i] == NULL)
			continue;
		o += fit(out + o, cap - o, snprintf(out + o, cap - o, "%s\"%s\":",
		    o > 0 ? "," : "", key[i]));
		o += jstr(out + o, cap - o, f[i]);
	}
	o += fit(out + o, cap - o, snprintf(out + o, cap - o, ",\"conf\":%s,"
	    "\"cpe\":[", *f[SR_CONF] != '\0' ? f[SR_CONF] : "0"));
	/* the CPEs, split at their spaces */
	for (c = f[SR_CPE]; *c != '\0' && o < cap; c = *e != '\0' ? e + 1 : e) {
		e = c + (k = strcspn(c, " "));
		o += fit(out + o, cap - o, snprintf(out + o, cap - o, "%s\"%.*s\"",
		    c != f[SR_CPE] ? "," : "", (int)k, c));
	}
	o += fit(out + o, cap - o, snprintf(out + o, cap - o, "]"));
	return o < cap ? o : fit(out, cap, -1);
}

char *
svcrec_copy(const char *rec, size_t n)
{
	char *v;

	if (n == 0 || memchr(rec, SR_SEP, n) == NULL || (v = malloc(n + 1)) ==
	    NULL)
		return NULL;
	memcpy(v, rec, n);
	v[n] = '\0';
	return v;
}
