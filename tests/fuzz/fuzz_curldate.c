/*
 * fuzz_curldate.c: curldate_parse and curldate_format, -z's dates as
 * curl reads them.  Any date read formats, and the text written reads
 * back to the same instant (but for one that a zone moved into 1582,
 * which curl refuses to read); a failure leaves the time untouched.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/curldate.h"

/* 1583-01-02 00:00:00 UTC: after it, any instant reads back */
#define FIRST	(-12212553600LL + 86400)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[256], b[CURLDATE_LEN];
	long long t = -7, back = -7;

	if (size >= sizeof(s))
		size = sizeof(s) - 1;
	memcpy(s, data, size);
	s[size] = '\0';
	if (curldate_parse(s, &t) == -1) {
		if (t != -7)
			abort();
		return 0;
	}
	if (curldate_format(t, b, sizeof(b)) == 0)
		abort();
	if (curldate_parse(b, &back) == 0 ? back != t : t >= FIRST)
		abort();
	return 0;
}
