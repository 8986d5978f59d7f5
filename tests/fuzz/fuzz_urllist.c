/*
 * fuzz_urllist.c: urllist_next must stay inside its buffer (the one byte
 * more included), move forward every time, and give only what its rules
 * allow: a non-empty URL with no blank at either end, no LF, not a
 * comment, found inside the input in order.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/urllist.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, *u, *prev_end;
	size_t pos = 0, last = 0, n;

	/* an exact-size copy and the one byte more, so ASan sees overruns */
	if ((buf = malloc(size + 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = 'Z';
	prev_end = buf;
	while ((u = urllist_next(buf, size, &pos)) != NULL) {
		n = strlen(u);
		if (pos <= last && last != 0)
			abort();	/* no progress */
		if (pos > size || u < prev_end || u + n > buf + size ||
		    n == 0 || u[0] == '#' || blank((unsigned char)u[0]) ||
		    blank((unsigned char)u[n - 1]) ||
		    memchr(u, '\n', n) != NULL)
			abort();
		last = pos;
		prev_end = u + n;
	}
	if (pos != size)
		abort();	/* stopped before the end */
	free(buf);
	return 0;
}
