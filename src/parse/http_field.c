/*
 * http_field.c: what the options and several protocols share about
 * header fields: a -H argument checked, a field value checked.  Pure:
 * no I/O.
 */
#include <stdio.h>
#include <string.h>

#include "parse/http.h"
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
http_value_ok(const char *v)
{
	for (; *v != '\0'; v++)
		if (http_ctl((unsigned char)*v))
			return 0;
	return 1;
}
