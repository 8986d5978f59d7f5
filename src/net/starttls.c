/*
 * net/starttls.c: the plaintext dialogue before TLS, over a socket
 * (starttls.h); what to say and what the replies mean is
 * parse/starttls.c's.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/net.h"
#include "net/relay.h"
#include "net/starttls.h"
#include "parse/probe.h"
#include "parse/starttls.h"
#include "sockt.h"
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
	r = snprintf(buf, size, strchr(host, ':') != NULL ? "[IPv6:%s]" :
	    "[%s]", host);
	return r < 0 || (size_t)r >= size ? -1 : 0;
}

/*
 * Read what comes into buf after *len bytes, waiting until deadline
 * (-1: none).  Returns the bytes read, 0 at the end, or -1 with err.
 */
static ssize_t
read_some(int fd, unsigned char *buf, size_t *len, size_t cap,
    long long deadline, const char *step, char *err)
{
	struct pollfd pfd;
	long long left;
	ssize_t r;
	int pr;

	for (;;) {
		left = deadline < 0 ? -1 : deadline - mono_ms();
		if (deadline >= 0 && left <= 0) {
			snprintf(err, SK_ERRLEN, "no answer in time: sockt "
			    "waited for %s", step);
			return -1;
		}
		pfd.fd = fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		pr = poll(&pfd, 1, left < 0 ? -1 : left > 1000000 ? 1000000 :
		    (int)left);
		if (pr == -1 && errno == EINTR)
			continue;
		if (pr == -1) {
			snprintf(err, SK_ERRLEN, "poll: %s", strerror(errno));
			return -1;
		}
		if (pr == 0)
			continue;
		r = read(fd, buf + *len, cap - *len);
		if (r == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r == -1) {
			snprintf(err, SK_ERRLEN, "%s, while sockt waited for "
			    "%s", strerror(errno), step);
			return -1;
		}
		if (r == 0) {
			snprintf(err, SK_ERRLEN, "the server closed the "
			    "connection while sockt waited for %s", step);
			return 0;
		}
		*len += (size_t)r;
		return r;
	}
}

int
net_starttls(int fd, const struct starttls_opts *o, char *err)
{
	struct starttls *s;
	unsigned char *buf;
	char name[STLS_NAME_MAX];
	size_t len = 0, used;
	long long deadline;
	ssize_t r;
	int st, ret = -1;

	if (o->name != NULL)
		snprintf(name, sizeof(name), "%s", o->name);
	else if (own_literal(fd, name, sizeof(name)) == -1)
		snprintf(name, sizeof(name), "localhost");
	if ((s = malloc(sizeof(*s))) == NULL ||
	    (buf = malloc(STLS_IN_MAX)) == NULL) {
		free(s);
		snprintf(err, SK_ERRLEN, "STARTTLS: %s", strerror(ENOMEM));
		return -1;
	}
	if (starttls_init(s, o->proto, name) == -1) {
		snprintf(err, SK_ERRLEN, "%.200s: not a name for %s", name,
		    starttls_proto_name(o->proto));
		goto out;
	}
	if (o->earlylen > STLS_IN_MAX) {
		snprintf(err, SK_ERRLEN, "the proxy sent %zu bytes before "
		    "the dialogue", o->earlylen);
		goto out;
	}
	memcpy(buf, o->early, o->earlylen);
	len = o->earlylen;
	deadline = o->timeout_ms > 0 ? mono_ms() + o->timeout_ms : -1;
	for (;;) {
		st = starttls_next(s, buf, len, &used);
		show_lines(o, '<', buf, used);
		memmove(buf, buf + used, len - used);
		len -= used;
		if (st == STLS_DONE)
			break;
		if (st == STLS_FAIL) {
			snprintf(err, SK_ERRLEN, "%s", s->why);
			goto out;
		}
		if (st == STLS_SEND) {
			show_lines(o, '>', s->out, s->outlen);
			if (io_write_timed(fd, s->out, s->outlen,
			    o->timeout_ms > 0 ? o->timeout_ms : -1) == -1) {
				snprintf(err, SK_ERRLEN, "%s, while sockt "
				    "sent its %s dialogue", strerror(errno),
				    starttls_proto_name(o->proto));
				goto out;
			}
			/* each step has its own time limit */
			deadline = o->timeout_ms > 0 ? mono_ms() +
			    o->timeout_ms : -1;
			continue;
		}
		/* STLS_MORE: the machine fails a reply that fills buf */
		if ((r = read_some(fd, buf, &len, STLS_IN_MAX, deadline,
		    starttls_step(s), err)) <= 0)
			goto out;
	}
	/* a reply's tail that came late: still bytes before our TLS */
	do
		r = recv(fd, buf, STLS_IN_MAX, MSG_PEEK | MSG_DONTWAIT);
	while (r == -1 && errno == EINTR);
	if (r > 0) {
		snprintf(err, SK_ERRLEN, "the server sent data after its last "
		    "reply, before TLS began");
		goto out;
	}
	ret = 0;
out:
	free(buf);
	free(s);
	return ret;
}
