/*
 * net/hello_sess.c: serve-hello's session (net/hello_sess.h), the child's
 * side of one connection.  TCP is a stream: messages are found in
 * whatever the reads return (parse/hello.c's framer), so a line split
 * over many segments and many lines in one segment are the same to it.
 * --raw is the Python sockets tutorial's server byte for byte.  The
 * socket came non-blocking from accept4; every read, write and the end
 * go through the connection (net/conn.h), its TLS layer if any.
 */
#include <sys/types.h>

#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <unistd.h>

#include "net/conn.h"
#include "net/hello_sess.h"
#include "parse/hello.h"
#include "util/clock.h"

#define HELLO_RAWREAD	1024		/* --raw: the tutorial's recv(1024) */

static const char greeting[] = "Welcome!\n";
static const char too_long[] = "error: line too long (more than 8192 "
    "bytes)\n";

/* Read into buf: what read(2) returns, through the connection. */
static ssize_t
hc_read(struct hello_conn *hc, void *buf, size_t len)
{
	ssize_t r;

	r = conn_read(hc->c, buf, len);
	hc->want = r == -1 && errno == EAGAIN ?
	    (short)conn_want(hc->c, POLLIN) : POLLIN;
	return r;
}

/* Write all of buf within ms (< 0: no limit): 0, or -1 with errno. */
static int
hc_write(struct hello_conn *hc, const void *buf, size_t len, int ms)
{
	return conn_write_all(hc->c, buf, len, ms >= 0 ? mono_ms() + ms :
	    -1);
}

/* poll(2) for input within ms; TLS may hold some that poll cannot see. */
static int
hc_poll(struct hello_conn *hc, int ms)
{
	struct pollfd pfd;

	if (conn_pending(hc->c) > 0)
		return 1;
	pfd.fd = hc->c->fd;
	pfd.events = hc->want;
	return poll(&pfd, 1, ms);
}

/* The output of one connection, flushed after each batch of input. */
struct hello_out {
	struct hello_conn *hc;
	int	idle_ms;
	size_t	len;
	char	buf[2 * HELLO_REPLYMAX];
};

static int
out_flush(struct hello_out *o)
{
	if (o->len > 0 && hc_write(o->hc, o->buf, o->len, o->idle_ms) == -1)
		return -1;
	o->len = 0;
	return 0;
}

/*
 * Queue "Hello, NAME!" (and a newline if nl), flushing first if full; a
 * client that stops reading gets idle_ms to take it.
 */
static int
out_reply(struct hello_out *o, const char *name, size_t n, int nl)
{
	size_t w;

	if (sizeof(o->buf) - o->len < n + 9 && out_flush(o) == -1)
		return -1;
	w = hello_reply(o->buf + o->len, sizeof(o->buf) - o->len, name, n, nl);
	o->len += w;
	return 0;
}

/*
 * Answer every message the framer has at now.  Returns 0 to go on, else
 * how the session ends.
 */
static int
hello_drain(struct hello_framer *f, struct hello_out *o, long long now)
{
	struct hello_msg m;
	enum hello_kind k;

	while ((k = hello_next(f, now, &m)) != HELLO_MORE) {
		if (k == HELLO_EOF)
			return out_flush(o) == -1 ? HELLO_END_FAIL :
			    HELLO_END_EXIT;
		if (k == HELLO_OVERLONG) {
			(void)out_flush(o);
			return HELLO_END_LONG;
		}
		if (hello_is_exit(m.data, m.len))
			return out_flush(o) == -1 ? HELLO_END_FAIL :
			    HELLO_END_EXIT;
		if (out_reply(o, m.data, m.len, k == HELLO_LINE) == -1)
			return HELLO_END_FAIL;
	}
	return out_flush(o) == -1 ? HELLO_END_FAIL : 0;
}

/*
 * Wait for input until the next deadline: the gap, the message's budget
 * (idle_ms from its first byte) or the idle limit (idle_ms from the last
 * read).  Returns 0 when there was input or a deadline to act on, else
 * how the session ends.
 */
static int
hello_wait(struct hello_conn *hc, const struct hello_framer *f,
    long long last_read, int idle_ms)
{
	long long now = mono_ms(), when, wake;
	int rc;

	/*
	 * A child descheduled past the idle limit outside poll (a loaded
	 * machine) may find the limit passed with the client's data already
	 * waiting: that client was not idle, so read it first.  Only the
	 * idle limit gets this look; the message budget does not, or a
	 * client dribbling bytes could keep one message open for ever.
	 */
	if (now - last_read >= idle_ms)
		return hc_poll(hc, 0) > 0 ? 0 : HELLO_END_IDLE;
	if (hello_overdue(f, now, idle_ms))
		return HELLO_END_SLOW;
	when = last_read + idle_ms;
	if (f->len > f->start && f->first_ms + idle_ms < when)
		when = f->first_ms + idle_ms;
	if ((wake = hello_wake(f)) != -1 && wake < when)
		when = wake;
	if ((rc = hc_poll(hc, when > now ? (int)(when - now) : 0)) == -1 &&
	    errno != EINTR)
		return HELLO_END_FAIL;
	return 0;
}

/*
 * A session's start on c (its handshakes done): the greeting, without
 * its newline when raw, within idle_ms.  Returns 0, or -1 with errno.
 */
int
hello_greet(struct hello_conn *hc, struct conn *c, int raw, int idle_ms)
{
	hc->c = c;
	hc->want = POLLIN;
	return hc_write(hc, greeting, sizeof(greeting) - (raw ? 2 : 1),
	    idle_ms) == -1 ? -1 : 0;
}

/*
 * The session after the greeting: every message answered, idle_ms the
 * idle limit and each message's budget, gap_ms the quiet gap that ends a
 * message without a newline.  A line too long is answered with an error
 * line.  Returns how it ended (HELLO_END_FAIL with errno); hello_close
 * then ends it.
 */
int
hello_session(struct hello_conn *hc, int idle_ms, int gap_ms)
{
	static struct hello_framer f;
	static struct hello_out o;
	long long last_read;
	size_t room;
	ssize_t r;
	char *p;
	int why;

	hello_init(&f, gap_ms);
	o.hc = hc;
	o.idle_ms = idle_ms;
	o.len = 0;
	last_read = mono_ms();
	for (;;) {
		if ((why = hello_drain(&f, &o, mono_ms())) != 0)
			break;
		if ((why = hello_wait(hc, &f, last_read, idle_ms)) != 0)
			break;
		p = hello_space(&f, &room);
		if ((r = hc_read(hc, p, room)) == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			why = HELLO_END_FAIL;
			break;
		}
		last_read = mono_ms();
		hello_fed(&f, (size_t)r, last_read);
	}
	if (why == HELLO_END_LONG)
		(void)hc_write(hc, too_long, sizeof(too_long) - 1, idle_ms);
	return why;
}

/*
 * --raw: the tutorial's server byte for byte.  Each read of up to 1024
 * bytes (its recv(1024)) is one message, answered with nothing added; a
 * read of exactly "exit" ends the session.  Returns as hello_session.
 */
int
hello_session_raw(struct hello_conn *hc, int idle_ms)
{
	char in[HELLO_RAWREAD], out[HELLO_RAWREAD + 16];
	size_t n;
	ssize_t r;
	int rc;

	for (;;) {
		if ((rc = hc_poll(hc, idle_ms)) == -1) {
			if (errno == EINTR)
				continue;
			return HELLO_END_FAIL;
		}
		if (rc == 0)
			return HELLO_END_IDLE;
		if ((r = hc_read(hc, in, sizeof(in))) == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return HELLO_END_FAIL;
		}
		if (r == 0 || hello_is_exit(in, (size_t)r))
			return HELLO_END_EXIT;
		n = hello_reply(out, sizeof(out), in, (size_t)r, 0);
		if (hc_write(hc, out, n, idle_ms) == -1)
			return HELLO_END_FAIL;
	}
}

/*
 * A session's end (why: how it ended), the connection's graceful end
 * (conn_close): with TLS our close_notify, then the lingering close
 * every server ends with (net/linger.h): a half-close, and what the
 * client still sends read and discarded until its end, within
 * CONN_LINGER_MS.  A client that sent "exit" may well
 * go on sending (a line after it, its own close_notify), and a line too
 * long was cut short: closed with those bytes unread, the socket would
 * reset the connection, and the reset can cost the client our last
 * answer.  An idle client, or one whose read or write failed, has
 * nothing on its way: what is there now is read, no more waited for.
 * Closes the socket and frees the layers.
 */
void
hello_close(struct hello_conn *hc, int why)
{
	/* a line too long is a refusal: its client's flood is not read */
	hc->c->refused = why == HELLO_END_LONG;
	(void)conn_close(hc->c, why == HELLO_END_IDLE ||
	    why == HELLO_END_FAIL ? 0 : -1);
}
