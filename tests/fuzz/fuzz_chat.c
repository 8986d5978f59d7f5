/*
 * fuzz_chat.c: listen --chat's line cutter and writer must neither crash
 * nor lose, invent or reorder a byte, however the reads fall; a written
 * line must fit CHAT_OUT_MAX, carry its prefix, hold no control byte but
 * TAB and its end, and unescape to the line.  The input: a byte for the
 * user number, then records of a length byte and that many bytes, each
 * one read.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/chat.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char out[CHAT_OUT_MAX];

/* The written line against ci: abort on any difference. */
static void
check_line(const struct chat_in *ci, unsigned long id)
{
	char prefix[CHAT_PREFIX_MAX];
	size_t n, i, j = 0, plen, end;
	int c;

	n = chat_line(out, sizeof(out), id, ci);
	plen = (size_t)snprintf(prefix, sizeof(prefix), "<user%lu> ", id);
	end = ci->crlf ? 2 : 1;
	if (n < plen + end || memcmp(out, prefix, plen) != 0 ||
	    out[n - 1] != '\n' || (ci->crlf && out[n - 2] != '\r'))
		abort();
	for (i = plen; i < n - end; i++) {
		c = (unsigned char)out[i];
		if ((c < 0x20 && c != '\t') || c >= 0x7f)
			abort();
		if (c == '\\' && i + 3 < n - end + 1 && out[i + 1] >= '0' &&
		    out[i + 1] <= '3' && j < ci->len &&
		    (unsigned char)ci->buf[j] != '\\') {
			c = (out[i + 1] - '0') * 64 + (out[i + 2] - '0') * 8 +
			    (out[i + 3] - '0');
			i += 3;
		}
		if (j >= ci->len || (unsigned char)ci->buf[j] != c)
			abort();
		j++;
	}
	if (j != ci->len)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct chat_in ci;
	const uint8_t *p = data, *end = data + size;
	uint8_t *seen;
	size_t n, k, fed = 0, cur = 0;
	unsigned long id;

	if (size < 1 || (seen = malloc(size)) == NULL)
		return 0;
	id = *p++ * 16777259UL;
	chat_in_init(&ci);
	while (end - p >= 1) {
		/* lengths from 0xf0 up are big reads, to reach the bound */
		n = p[0] * (size_t)(p[0] >= 0xf0 ? 64 : 1);
		p++;
		if (n > (size_t)(end - p))
			n = (size_t)(end - p);
		memcpy(seen + fed, p, n);
		fed += n;
		while (n > 0) {
			k = chat_in_feed(&ci, (const char *)p, n);
			p += k;
			n -= k;
			if (!ci.done) {
				if (k == 0 || n != 0)
					abort();	/* stuck, or stopped early */
				continue;
			}
			check_line(&ci, id);
			/* the line and what ended it are the next bytes fed */
			if (ci.len > CHAT_LINE_MAX ||
			    memcmp(ci.buf, seen + cur, ci.len) != 0)
				abort();
			cur += ci.len;
			if (ci.crlf && seen[cur++] != '\r')
				abort();
			if (cur < fed && seen[cur] == '\n')
				cur++;
			else if (ci.len != CHAT_LINE_MAX)
				abort();	/* cut short of the bound */
			chat_in_next(&ci);
		}
	}
	if (chat_in_end(&ci)) {
		check_line(&ci, id);
		if (memcmp(ci.buf, seen + cur, ci.len) != 0)
			abort();
		cur += ci.len;
	}
	if (cur != fed)
		abort();
	free(seen);
	return 0;
}
