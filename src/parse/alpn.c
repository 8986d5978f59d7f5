/*
 * alpn.c: the --alpn list in ALPN's wire form (alpn.h).
 */
#include <stdio.h>
#include <string.h>

#include "parse/alpn.h"
#include "util/base.h"

#define ALPN_NAME_MAX	255	/* one length byte */

int
alpn_parse(const char *s, unsigned char *out, size_t cap, size_t *len,
    char *err)
{
	const char *p = s, *comma;
	size_t n, k = 0;

	for (;;) {
		comma = strchr(p, ',');
		n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		if (n == 0) {
			snprintf(err, SK_ERRLEN, "--alpn %.64s: empty "
			    "protocol name", s);
			return -1;
		}
		if (n > ALPN_NAME_MAX) {
			snprintf(err, SK_ERRLEN, "--alpn: protocol name "
			    "longer than %d bytes", ALPN_NAME_MAX);
			return -1;
		}
		if (cap - k < n + 1) {
			snprintf(err, SK_ERRLEN, "--alpn: list longer than "
			    "%zu bytes", cap);
			return -1;
		}
		out[k++] = (unsigned char)n;
		memcpy(out + k, p, n);
		k += n;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	*len = k;
	return 0;
}
