/*
 * proxyhdr_io.c: the PROXY protocol header on a connection, read to its
 * last byte and no further, and sent.  See proxyhdr_io.h.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "net/net.h"
#include "net/proxyhdr_io.h"
#include "net/server.h"
#include "parse/proxyhdr.h"
#include "util/base.h"
#include "util/clock.h"

/*
 * One step: what has come, up to the header's end.  Returns 1 with the
 * header in h, 0 when it needs more (nothing to read now), or -1 with
 * why (malformed, the connection closed or failed).
 */
int
proxyhdr_step(struct proxyhdr_in *in, int fd, struct proxyhdr *h,
    char *why)
{
	ssize_t n, r;
	size_t take;
	int done;

	n = recv(fd, in->buf + in->have, sizeof(in->buf) - in->have,
	    MSG_PEEK | MSG_DONTWAIT);
	if (n == -1) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return 0;
		snprintf(why, SK_ERRLEN, "%s", strerror(errno));
		return -1;
	}
	if (n == 0) {
		if (in->have == 0)
			snprintf(why, SK_ERRLEN, "closed before it");
		else
			snprintf(why, SK_ERRLEN, "closed %zu bytes into it",
			    in->have);
		return -1;
	}
	done = proxyhdr_parse(in->buf, in->have + (size_t)n, h, why);
	if (done == -1)
		return -1;
	/* a whole header: its rest; else all of it, as the parser allows */
	take = done > 0 ? (size_t)done - in->have : (size_t)n;
	while (take > 0) {
		if ((r = read(fd, in->buf + in->have, take)) == -1 &&
		    errno == EINTR)
			continue;
		if (r <= 0) {
			snprintf(why, SK_ERRLEN, "%s", r == 0 ? "closed" :
			    strerror(errno));
			return -1;
		}
		in->have += (size_t)r;
		take -= (size_t)r;
	}
	return done > 0;
}

void
proxyhdr_late(const struct proxyhdr_in *in, int ms, char *why)
{
	snprintf(why, SK_ERRLEN, "%s within %d %s", in->have > 0 ?
	    "cut short" : "none", ms % 1000 == 0 ? ms / 1000 : ms,
	    ms % 1000 == 0 ? "s" : "ms");
}

/*
 * The header on fd, within ms (> 0).  Returns 0 with it in h, or -1
 * with why.
 */
int
proxyhdr_read(int fd, int ms, struct proxyhdr *h, char *why)
{
	struct proxyhdr_in in;
	struct pollfd pfd;
	long long deadline = mono_ms() + ms;
	int left, rc;

	in.have = 0;
	for (;;) {
		if ((left = (int)(deadline - mono_ms())) <= 0) {
			proxyhdr_late(&in, ms, why);
			return -1;
		}
		pfd.fd = fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll(&pfd, 1, left) == -1) {
			if (errno == EINTR)
				continue;
			snprintf(why, SK_ERRLEN, "poll: %s", strerror(errno));
			return -1;
		}
		if (pfd.revents == 0)
			continue;
		if ((rc = proxyhdr_step(&in, fd, h, why)) != 0)
			return rc == 1 ? 0 : -1;
	}
}

void
proxyhdr_apply(const struct proxyhdr *h, struct server_conn *c)
{
	if (h->local)
		return;
	memcpy(&c->peer, &h->src, sizeof(c->peer));
	c->peerlen = h->srclen;
	memcpy(&c->dst, &h->dst, sizeof(c->dst));
	c->dstlen = h->dstlen;
	if (net_addr_str((const struct sockaddr *)&c->peer, c->peerlen,
	    c->addr, sizeof(c->addr), &c->port) == -1) {
		c->addr[0] = '\0';
		c->port = 0;
	}
	snprintf(c->label, sizeof(c->label), "%s port %d", c->addr, c->port);
}

/*
 * The header (version 1 or 2) for c into out (PROXYHDR_BUILD_MAX):
 * its length, or 0 with err.
 */
size_t
proxyhdr_make_own(unsigned char *out, int version, int fd, char *err)
{
	struct sockaddr_storage src, dst;
	socklen_t srclen = sizeof(src), dstlen = sizeof(dst);

	if (getsockname(fd, (struct sockaddr *)&src, &srclen) == -1 ||
	    getpeername(fd, (struct sockaddr *)&dst, &dstlen) == -1) {
		snprintf(err, SK_ERRLEN, "PROXY header: %s", strerror(errno));
		return 0;
	}
	return proxyhdr_build(out, version, (const struct sockaddr *)&src,
	    srclen, (const struct sockaddr *)&dst, dstlen);
}

size_t
proxyhdr_make(unsigned char *out, int version, const struct server_conn *c,
    char *err)
{
	struct sockaddr_storage dst;
	socklen_t dstlen = sizeof(dst);

	if (c->dstlen > 0) {
		memcpy(&dst, &c->dst, sizeof(dst));
		dstlen = c->dstlen;
	} else if (getsockname(c->fd, (struct sockaddr *)&dst,
	    &dstlen) == -1) {
		snprintf(err, SK_ERRLEN, "getsockname: %s", strerror(errno));
		return 0;
	}
	return proxyhdr_build(out, version, (const struct sockaddr *)&c->peer,
	    c->peerlen, (const struct sockaddr *)&dst, dstlen);
}
