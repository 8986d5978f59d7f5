/*
 * hello.c: the framer of the greeting protocol.  See hello.h.
 */
#include <string.h>

#include "parse/hello.h"

/* Start empty, with a quiet gap of gap_ms (0: only lines are messages). */
void
hello_init(struct hello_framer *f, int gap_ms)
{
	f->start = f->len = 0;
	f->first_ms = f->last_ms = 0;
	f->gap_ms = gap_ms > 0 ? gap_ms : 0;
	f->eof = 0;
}

/*
 * Where the next read goes: moves the partial message to the front and
 * returns the free space after it, its size in *room.  *room is 0 only
 * when a partial message fills the buffer, which hello_next reports as
 * HELLO_OVERLONG first.
 */
char *
hello_space(struct hello_framer *f, size_t *room)
{
	if (f->start > 0) {
		memmove(f->buf, f->buf + f->start, f->len - f->start);
		f->len -= f->start;
		f->start = 0;
	}
	*room = sizeof(f->buf) - f->len;
	return f->buf + f->len;
}

/*
 * n bytes were read into the space at now_ms; n == 0 is end of file.  A
 * message's clock starts with its first byte.
 */
void
hello_fed(struct hello_framer *f, size_t n, long long now_ms)
{
	if (n == 0) {
		f->eof = 1;
		return;
	}
	if (f->len == f->start)
		f->first_ms = now_ms;
	f->last_ms = now_ms;
	f->len += n;
}

/*
 * The next message at now_ms, into *m for HELLO_LINE and HELLO_BARE.
 * Bytes without a newline are a message once the gap has passed since
 * they came, or at end of file.  HELLO_OVERLONG leaves the framer as it
 * is (the caller ends the session); HELLO_MORE means read or wait.
 */
enum hello_kind
hello_next(struct hello_framer *f, long long now_ms, struct hello_msg *m)
{
	const char *p = f->buf + f->start, *nl;
	size_t rest = f->len - f->start, n;

	if ((nl = memchr(p, '\n', rest)) != NULL) {
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n > HELLO_MAXLINE)
			return HELLO_OVERLONG;
		m->data = p;
		m->len = n;
		f->start += (size_t)(nl - p) + 1;
		/* what follows came with this newline, in the latest read */
		f->first_ms = f->last_ms;
		return HELLO_LINE;
	}
	if (rest == 0)
		return f->eof ? HELLO_EOF : HELLO_MORE;
	if (rest >= sizeof(f->buf))
		return HELLO_OVERLONG;
	if (!f->eof && (f->gap_ms == 0 || now_ms - f->last_ms < f->gap_ms))
		return HELLO_MORE;
	if (rest > HELLO_MAXLINE)
		return HELLO_OVERLONG;
	m->data = p;
	m->len = rest;
	f->start = f->len;
	return HELLO_BARE;
}

/*
 * When the gap will make the partial message a message: a time to wake
 * up at, or -1 when no gap is running.
 */
long long
hello_wake(const struct hello_framer *f)
{
	if (f->len == f->start || f->eof || f->gap_ms == 0)
		return -1;
	return f->last_ms + f->gap_ms;
}

/*
 * Has a partial message been arriving for budget_ms or more without
 * becoming a message?  A client that dribbles bytes faster than the gap
 * and never ends a line would hold its child for ever otherwise.
 */
int
hello_overdue(const struct hello_framer *f, long long now_ms, int budget_ms)
{
	return f->len > f->start && now_ms - f->first_ms >= budget_ms;
}

/* Is this message "exit", the end of the session? */
int
hello_is_exit(const char *s, size_t n)
{
	return n == 4 && memcmp(s, "exit", 4) == 0;
}

/*
 * Write "Hello, NAME!" and a newline if nl into out.  Returns the length,
 * or 0 when it does not fit in outsz.
 */
size_t
hello_reply(char *out, size_t outsz, const char *name, size_t n, int nl)
{
	size_t total = n + 8 + (nl != 0);

	if (n > outsz || total > outsz)
		return 0;
	memcpy(out, "Hello, ", 7);
	memcpy(out + 7, name, n);
	out[7 + n] = '!';
	if (nl)
		out[8 + n] = '\n';
	return total;
}

/*
 * Is s (n bytes) a greeting's reply, "Hello, " up to "!", then nothing,
 * LF or CR LF?  udp-serve --hello answers none: another greeter's reply
 * answered would be answered back, for ever.
 */
int
hello_is_reply(const char *s, size_t n)
{
	if (n > 0 && s[n - 1] == '\n')
		n -= n > 1 && s[n - 2] == '\r' ? 2 : 1;
	return n >= 8 && memcmp(s, "Hello, ", 7) == 0 && s[n - 1] == '!';
}
