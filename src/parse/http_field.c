/*
 * http_field.c: what the options and several protocols share about
 * header fields: a -H argument checked, a field value checked, -H
 * fields as sent.  Pure: no I/O.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/http_field.h"
#include "util/base.h"

int
http_header_check(const char *h, char *err)
{
	size_t n = strcspn(h, ":;"), i;

	for (i = 0; h[i] != '\0'; i++)
		if (h[i] == '\r' || h[i] == '\n') {
			snprintf(err, SK_ERRLEN, "header contains CR or LF "
			    "(refused: header injection)");
			return -1;
		}
	if (n == 0 || h[n] == '\0') {
		snprintf(err, SK_ERRLEN, "header '%.64s': want 'Name: value'",
		    h);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (!http_tchar((unsigned char)h[i])) {
			snprintf(err, SK_ERRLEN, "header '%.64s': bad name", h);
			return -1;
		}
	if (h[n] == ';' && h[n + 1] != '\0') {
		snprintf(err, SK_ERRLEN, "header '%.64s': want 'Name: value' "
		    "or 'Name;'", h);
		return -1;
	}
	if (!http_value_ok(h + n + 1)) {
		snprintf(err, SK_ERRLEN, "header '%.64s': control "
		    "character in value", h);
		return -1;
	}
	return 0;
}

int
http_header_ignored(const char *h)
{
	const char *s;

	if (strchr(h, ':') != NULL)
		return 0;
	return (s = strchr(h, ';')) == NULL || s[1] != '\0';
}

int
http_value_ok(const char *v)
{
	for (; *v != '\0'; v++)
		if (http_ctl((unsigned char)*v))
			return 0;
	return 1;
}

/*
 * Each as curl sends it: as given, "Name;" as "Name:", nothing for
 * "Name:" with no value (it only dropped the default).  As the request
 * builder's buffer, a byte of cap is always left over.
 */
long
http_fields_put(char *const *h, int n, char *buf, size_t cap)
{
	size_t len = 0, k, m, el;
	const char *v, *e;
	int i;

	for (i = 0; i < n; i++) {
		k = strcspn(h[i], ":;");
		for (v = h[i] + k + 1; h[i][k] != ';' && (*v == ' ' ||
		    *v == '\t'); v++)
			;
		if (h[i][k] != ';' && *v == '\0')
			continue;
		if (h[i][k] == ';') {
			m = k;
			e = ":\r\n";
			el = 3;
		} else {
			m = k + 1 + strlen(h[i] + k + 1);
			e = "\r\n";
			el = 2;
		}
		if (m + el >= cap - len)
			return -1;
		memcpy(buf + len, h[i], m);
		memcpy(buf + len + m, e, el);
		len += m + el;
	}
	return (long)len;
}

const char *
http_fields_value(char *const *h, int n, const char *name)
{
	size_t len = strlen(name);
	const char *v;
	int i;

	for (i = 0; i < n; i++)
		if (strcspn(h[i], ":;") == len && h[i][len] == ':' &&
		    strncasecmp(h[i], name, len) == 0) {
			for (v = h[i] + len + 1; *v == ' ' || *v == '\t'; v++)
				;
			return v;
		}
	return NULL;
}

int
http_fields_name(char *const *h, int n, const char *name)
{
	size_t len = strlen(name);
	int i;

	for (i = 0; i < n; i++)
		if (strcspn(h[i], ":;") == len && strncasecmp(h[i], name,
		    len) == 0)
			return 1;
	return 0;
}
