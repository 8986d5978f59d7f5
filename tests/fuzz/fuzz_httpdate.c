/*
 * fuzz_httpdate.c: http_date_parse, http_date_format and
 * http_retry_after.  Any date that parses and lies in 1970..9999 must
 * format to an IMF-fixdate that parses back to the same instant; the
 * first 8 bytes, read as a time, must survive format then parse; a
 * Retry-After delay is never negative nor past a year.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/httpdate.h"

#define NOW	1795428000LL

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
round_trip(long long t)
{
	char b[HTTPDATE_LEN + 1];
	long long back = -1;

	if (t < 0 || t > 253402300799LL) {
		if (http_date_format(t, b, sizeof(b)) != 0)
			abort();
		return;
	}
	if (http_date_format(t, b, sizeof(b)) != HTTPDATE_LEN ||
	    strlen(b) != HTTPDATE_LEN)
		abort();
	if (http_date_parse(b, HTTPDATE_LEN, NOW, &back) != 0 || back != t)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	long long t = -7, d = -7, raw;

	if (http_date_parse((const char *)data, size, NOW, &t) == 0)
		round_trip(t);
	else if (t != -7)
		abort();
	if (http_retry_after((const char *)data, size, NOW, &d) == 0) {
		if (d < 0 || d > 366LL * 86400)
			abort();
	} else if (d != -7)
		abort();
	if (size >= sizeof(raw)) {
		memcpy(&raw, data, sizeof(raw));
		round_trip(raw % 300000000000LL);
	}
	return 0;
}
