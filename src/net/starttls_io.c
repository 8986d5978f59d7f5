/*
 * net/starttls_io.c: the plaintext dialogue before TLS, a layer of an
 * endpoint (starttls_io.h) whose steps never wait; what to say and what the
 * replies mean is parse/starttls.c's.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/conn.h"
#include "net/net.h"
#include "net/starttls_io.h"
#include "parse/probe_bytes.h"
#include "parse/starttls.h"
#include "util/base.h"
#include "util/clock.h"

/* Each line of p[0..n) to o->show, escaped. */
static void
show_lines(const struct starttls_opts *o, int dir, const unsigned char *p,
    size_t n)
{
	char line[512];
	const unsigned char *nl;
	size_t k;

	if (o->show == NULL)
		return;
	while (n > 0) {
		nl = memchr(p, '\n', n);
		k = nl != NULL ? (size_t)(nl - p) + 1 : n;
		(void)esc_text((const char *)p, k, ESC_TRIM, line,
		    sizeof(line));
		o->show(dir, line, o->arg);
		p += k;
		n -= k;
	}
}

/*
 * EHLO's name when none is given: our own address as a literal,
 * "[127.0.0.1]" or "[IPv6:::1]" (RFC 5321 4.1.3), which is true of
 * every client; over a UNIX socket, which has no address, localhost
 * (the client is on the server's host).  Returns 0, or -1.
 */
static int
own_literal(int fd, char *buf, size_t size)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char host[SK_HOSTLEN];
	int port, r;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0 &&
	    ss.ss_family == AF_UNIX) {
		r = snprintf(buf, size, "localhost");
		return r < 0 || (size_t)r >= size ? -1 : 0;
	}
	if (net_local_str(fd, host, sizeof(host), &port) == -1)
		return -1;
	return starttls_literal(host, buf, size);
}

/* The dialogue as a layer of an endpoint (conn.h), a step at a time. */
struct stls_layer {
	struct starttls_opts	 o;
	struct starttls		 s;
	unsigned char		 buf[STLS_IN_MAX];	/* replies, unused */
	size_t			 len;
	size_t			 sent;		/* of s.out, while sending */
	int			 sending;
	long long		 due;		/* this reply's or request's
						 * time limit; -1: none */
	int			 ended;		/* the early look saw the end
						 * (0) or a failure (-1, errno
						 * in eno), for the reply's
						 * read; 1: neither */
	int			 eno;
};

static void
stls_due(struct stls_layer *l)
{
	l->due = l->o.timeout_ms > 0 ? mono_ms() + l->o.timeout_ms : -1;
}

/*
 * Send what s.out still holds, through the layers below (c->failed is
 * ours while we step).  Returns 0 once all is sent, POLLOUT to wait, -1
 * with err.
 */
static int
stls_send(struct stls_layer *l, struct conn *c, char *err)
{
	ssize_t n;

	while (l->sent < l->s.outlen) {
		n = conn_write_under(c, c->failed, l->s.out + l->sent,
		    l->s.outlen - l->sent);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return conn_want_under(c, c->failed, POLLOUT);
		if (n == -1) {
			snprintf(err, SK_ERRLEN, "%s, while sockt sent its %s "
			    "dialogue", strerror(errno),
			    starttls_proto_name(l->o.proto));
			return -1;
		}
		l->sent += (size_t)n;
	}
	l->sending = 0;
	stls_due(l);
	return 0;
}

/*
 * Read what has come from the layers below: up to the room in buf,
 * nothing when none is left.  Returns as read(2), errno kept.
 */
static ssize_t
stls_take(struct stls_layer *l, struct conn *c)
{
	ssize_t r;

	if (l->len == sizeof(l->buf))
		return 0;
	do
		r = conn_read_under(c, c->failed, l->buf + l->len,
		    sizeof(l->buf) - l->len);
	while (r == -1 && errno == EINTR);
	if (r > 0)
		l->len += (size_t)r;
	return r;
}

/*
 * Read what has come.  Returns 0 with more in buf, POLLIN to wait, -1
 * with err (the server's end too, or the one the early look saw).
 */
static int
stls_recv(struct stls_layer *l, struct conn *c, char *err)
{
	ssize_t r;

	if (l->ended != 1) {
		r = l->ended;
		errno = l->eno;
	} else if ((r = stls_take(l, c)) > 0)
		return 0;
	if (r == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return conn_want_under(c, c->failed, POLLIN);
	if (r == -1) {
		snprintf(err, SK_ERRLEN, "%s, while sockt waited for %s",
		    strerror(errno), starttls_step(&l->s));
		return -1;
	}
	snprintf(err, SK_ERRLEN, "the server closed the connection "
	    "while sockt waited for %s", starttls_step(&l->s));
	return -1;
}

/*
 * Before a request goes out: has the server said anything?  Nothing of
 * it can answer the request yet (starttls_early).  What is read here is
 * read from the layers below, never peeked at on the descriptor: what
 * means nothing (XMPP's white space) stays in buf for the reply's
 * reading, and an end or a failure is kept for it too (l->ended).
 * Returns 0, or -1 with err.
 */
static int
stls_early(struct stls_layer *l, struct conn *c, char *err)
{
	size_t had = l->len;
	ssize_t r;

	if ((r = stls_take(l, c)) == -1 && (errno == EAGAIN ||
	    errno == EWOULDBLOCK))
		return 0;
	if (r <= 0) {
		if (l->len < sizeof(l->buf)) {
			l->ended = (int)r;
			l->eno = errno;
		}
		return 0;
	}
	if (starttls_early(&l->s, l->buf + had, (size_t)r) == 0)
		return 0;
	show_lines(&l->o, '<', l->buf + had, (size_t)r);
	snprintf(err, SK_ERRLEN, "%s", l->s.why);
	return -1;
}

/*
 * One step: as far as the socket goes without waiting.  A proxy's early
 * bytes (the endpoint's rest) are the server's first.
 */
static int
stls_step(void *ctx, struct conn *c, char *err)
{
	struct stls_layer *l = ctx;
	size_t used, k;
	int st, rc;

	if ((k = c->rlen - c->roff) > 0) {
		if (k > sizeof(l->buf) - l->len) {
			snprintf(err, SK_ERRLEN, "the proxy sent %zu bytes "
			    "before the dialogue", k);
			return -1;
		}
		memcpy(l->buf + l->len, c->rest + c->roff, k);
		l->len += k;
		c->roff = c->rlen;
	}
	for (;;) {
		if (l->sending) {
			if ((rc = stls_send(l, c, err)) != 0)
				return rc;
			continue;
		}
		st = starttls_next(&l->s, l->buf, l->len, &used);
		show_lines(&l->o, '<', l->buf, used);
		memmove(l->buf, l->buf + used, l->len - used);
		l->len -= used;
		if (st == STLS_DONE)
			break;
		if (st == STLS_FAIL) {
			/* for -v, what came that the dialogue did not use:
			 * replies too early or bytes after the go-ahead */
			show_lines(&l->o, '<', l->buf, l->len);
			snprintf(err, SK_ERRLEN, "%s", l->s.why);
			return -1;
		}
		if (st == STLS_SEND) {
			if (stls_early(l, c, err) == -1)
				return -1;
			show_lines(&l->o, '>', l->s.out, l->s.outlen);
			l->sending = 1;
			l->sent = 0;
			stls_due(l);
			continue;
		}
		/* STLS_MORE: the machine fails a reply that fills buf */
		if ((rc = stls_recv(l, c, err)) != 0)
			return rc;
	}
	/*
	 * a reply's tail that came late: still bytes before our TLS (an
	 * end or a failure is left for TLS to meet)
	 */
	if (l->ended == 1 && stls_take(l, c) > 0) {
		snprintf(err, SK_ERRLEN, "the server sent data after its last "
		    "reply, before TLS began");
		return -1;
	}
	return 0;
}

static long long
stls_when(const void *ctx)
{
	return ((const struct stls_layer *)ctx)->due;
}

static void
stls_timeout(const void *ctx, char *err)
{
	const struct stls_layer *l = ctx;

	snprintf(err, SK_ERRLEN, "no answer in time: sockt waited for %s",
	    l->sending ? "its request to go out" : starttls_step(&l->s));
}

static const struct conn_ops stls_ops = {
	.name = "STARTTLS",
	.step = stls_step,
	.due = stls_when,
	.timeout = stls_timeout,
	.free = free
};

int
starttls_push(struct conn *c, const struct starttls_opts *o, char *err)
{
	struct stls_layer *l;
	char name[STLS_NAME_MAX];

	if (o->name != NULL)
		snprintf(name, sizeof(name), "%s", o->name);
	else if (own_literal(c->fd, name, sizeof(name)) == -1)
		snprintf(name, sizeof(name), "localhost");
	if ((l = calloc(1, sizeof(*l))) == NULL) {
		snprintf(err, SK_ERRLEN, "STARTTLS: %s", strerror(ENOMEM));
		return -1;
	}
	l->o = *o;
	if (starttls_init(&l->s, o->proto, name) == -1) {
		snprintf(err, SK_ERRLEN, "%.200s: not a name for %s", name,
		    starttls_proto_name(o->proto));
		free(l);
		return -1;
	}
	stls_due(l);
	l->ended = 1;
	if (conn_push(c, &stls_ops, l) == -1) {
		snprintf(err, SK_ERRLEN, "STARTTLS: %s", strerror(errno));
		free(l);
		return -1;
	}
	return 0;
}
