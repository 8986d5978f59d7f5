/*
 * fuzz_starttls.c: the STARTTLS dialogues (parse/starttls.h) over any
 * server bytes must neither crash nor lie.  The first byte picks the
 * protocol, the second the size of each read (0: all at once), the rest
 * is what the server says.  What holds: a call never uses more than it
 * was given, each thing to send fits and is never empty, nothing the
 * server said is left over when there is something to send (it came
 * before its request: used up as white space, or a failure), a failure
 * says why, and STLS_DONE and STLS_FAIL stay.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/starttls.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char buf[STLS_IN_MAX];
	struct starttls s;
	size_t len = 0, used, off = 0, chunk, n;
	int r, sends = 0;

	if (size < 2)
		return 0;
	if (starttls_init(&s, data[0] % 7, "example.org") == -1)
		abort();
	chunk = data[1];
	data += 2;
	size -= 2;
	r = starttls_next(&s, NULL, 0, &used);
	for (;;) {
		if (used > len)
			abort();
		memmove(buf, buf + used, len - used);
		len -= used;
		if (r == STLS_SEND) {
			/* what came before the request is judged at once */
			if (s.outlen == 0 || s.outlen > STLS_OUT_MAX ||
			    ++sends > 8 || len != 0)
				abort();
		} else if (r == STLS_FAIL) {
			if (s.why[0] == '\0' || memchr(s.why, '\0',
			    sizeof(s.why)) == NULL)
				abort();
			if (starttls_next(&s, buf, len, &used) != STLS_FAIL)
				abort();
			return 0;
		} else if (r == STLS_DONE) {
			if (len != 0 || starttls_next(&s, NULL, 0, &used) !=
			    STLS_DONE)
				abort();
			if (off == size)
				return 0;
		} else if (r == STLS_MORE) {
			if (off == size)
				return 0;
			if (len >= STLS_IN_MAX)
				abort();	/* a full buffer must fail */
		} else
			abort();
		if (r != STLS_SEND) {
			n = chunk == 0 ? size - off : chunk;
			if (n > size - off)
				n = size - off;
			if (n > STLS_IN_MAX - len)
				n = STLS_IN_MAX - len;
			memcpy(buf + len, data + off, n);
			len += n;
			off += n;
		}
		r = starttls_next(&s, buf, len, &used);
	}
}
