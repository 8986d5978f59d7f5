/*
 * fuzz_hello.c: the greeting framer must neither crash nor lose, invent
 * or reorder a byte, however the reads and the times fall.  The input is
 * a script: one byte picks the gap, then records of a length byte, a
 * time step byte and that many bytes of data, each one read.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/hello.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct trace {
	uint8_t		*in;		/* every byte fed, in order */
	size_t		 fed;
	size_t		 cur;		/* bytes accounted for by messages */
};

/*
 * Take the messages there are at now; check each against the bytes fed.
 * Returns 1 after HELLO_OVERLONG or HELLO_EOF, else 0.
 */
static int
drain(struct hello_framer *f, struct trace *t, long long now)
{
	struct hello_msg m;
	enum hello_kind k;
	size_t end;

	while ((k = hello_next(f, now, &m)) != HELLO_MORE) {
		if (k == HELLO_OVERLONG)
			return 1;
		if (k == HELLO_EOF) {
			if (t->cur != t->fed)
				abort();
			return 1;
		}
		if (m.len > HELLO_MAXLINE || memchr(m.data, '\n', m.len) ||
		    t->cur + m.len > t->fed ||
		    memcmp(m.data, t->in + t->cur, m.len) != 0)
			abort();
		end = t->cur + m.len;
		if (k == HELLO_LINE) {
			if (end < t->fed && t->in[end] == '\r')
				end++;
			if (end >= t->fed || t->in[end] != '\n')
				abort();
			end++;
		} else if (!f->eof && (f->gap_ms == 0 ||
		    now - f->last_ms < f->gap_ms))
			abort();	/* bare before the gap was over */
		t->cur = end;
	}
	/* waiting: something is pending and no newline is in it */
	if (t->cur < t->fed &&
	    memchr(t->in + t->cur, '\n', t->fed - t->cur) != NULL)
		abort();
	if (hello_wake(f) != -1 && hello_wake(f) <= now)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct hello_framer f;
	static const int gaps[4] = { 0, 1, 150, 1000 };
	struct trace t;
	const uint8_t *p = data, *end = data + size;
	long long now = 0;
	size_t n, room;
	char *space;

	if (size < 1 || (t.in = malloc(size)) == NULL)
		return 0;
	t.fed = t.cur = 0;
	hello_init(&f, gaps[*p++ & 3]);
	while (end - p >= 2) {
		/* lengths from 0xf0 up are big reads, to reach the limit */
		n = p[0] * (size_t)(p[0] >= 0xf0 ? 64 : 1);
		now += p[1] * 4;
		p += 2;
		if (n > (size_t)(end - p))
			n = (size_t)(end - p);
		if (drain(&f, &t, now))
			goto out;
		space = hello_space(&f, &room);
		if (room == 0)
			abort();	/* drain saw HELLO_OVERLONG first */
		if (n > room)
			n = room;
		if (n == 0)
			continue;
		memcpy(space, p, n);
		memcpy(t.in + t.fed, p, n);
		hello_fed(&f, n, now);
		if (hello_overdue(&f, now, 0) != (f.len > f.start))
			abort();
		t.fed += n;
		p += n;
	}
	if (!drain(&f, &t, now + 1)) {
		hello_fed(&f, 0, now + 1);
		if (!drain(&f, &t, now + 1))
			abort();	/* end of file must end it */
	}
out:
	free(t.in);
	return 0;
}
