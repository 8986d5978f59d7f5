/*
 * scan/udp.c: one UDP probe, for the scan engine (run.c, probe.c).
 *
 * A probe is an ordinary connected UDP socket that sends one datagram, no
 * raw socket and no privilege: a reply is an open port; an ICMP port
 * unreachable, which the kernel turns into ECONNREFUSED on a connected
 * socket, a closed one; another ICMP error (host or network unreachable,
 * administratively prohibited) a filtered one (scan/verdict.c has the
 * errno's state); and silence, once run.c's
 * deadline and retries are spent, open|filtered.  On loopback the kernel
 * has answered before send() returns, so one recv() right after settles
 * most probes without a poll.  Where IP_RECVERR and IPV6_RECVERR exist
 * (Linux) the ICMP type and code behind an error are read from the
 * socket's error queue, which also reports the unreachables that Linux
 * keeps from a plain connected socket; elsewhere the errno decides.
 * Host discovery's echo without raw sockets is such a probe too, through
 * an ICMP datagram socket (t->ping): its reply is an echo reply.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "net/net.h"
#include "net/rawsock.h"
#include "scan/icmperr.h"
#include "scan/scan.h"
#include "scan/udp.h"
#include "scan/verdict.h"
#include "util/base.h"

/*
 * Did a datagram from (len bytes) come from to?  An ICMP datagram
 * socket's echo replies come from no port.
 */
static int
from_to(struct sockaddr_storage *from, socklen_t len,
    const struct sockaddr *to)
{
	struct sockaddr_in *a = (struct sockaddr_in *)from;
	struct sockaddr_in6 *b = (struct sockaddr_in6 *)from;

	if (from->ss_family == AF_INET && a->sin_port == 0)
		a->sin_port = ((const struct sockaddr_in *)to)->sin_port;
	else if (from->ss_family == AF_INET6 && b->sin6_port == 0)
		b->sin6_port = ((const struct sockaddr_in6 *)to)->sin6_port;
	return net_same_addr(from, len, to);
}

/*
 * Has the probe on fd an answer yet?  Returns SCAN_OPEN with the reply's
 * first SCAN_BANNER_MAX bytes in reply (*rlen of them), SCAN_CLOSED,
 * SCAN_FILTERED, SCAN_PENDING (nothing yet), SCAN_RESOURCE or SCAN_FATAL;
 * *errp gets the errno that decided it.  The socket stays open, with no
 * error pending: it can probe again.
 */
int
scan_udp_settle(int fd, const struct sockaddr *to, int *errp, char *reply,
    size_t *rlen)
{
	struct sockaddr_storage from;
	socklen_t flen;
	ssize_t r;
	int e;

	*rlen = 0;
	*errp = 0;
	/* the ICMP type behind an error, and the error queue emptied */
	if ((e = scan_icmp_read(fd, to, SCAN_UDP, errp)) != SCAN_PENDING)
		return e;
	/*
	 * A reused socket keeps what it was sent before its connect to to:
	 * a service of the port it probed before that answered twice (a
	 * DROPped port called open, issue 74).  Such a datagram is dropped.
	 */
	do {
		flen = sizeof(from);
		r = recvfrom(fd, reply, SCAN_BANNER_MAX, 0,
		    (struct sockaddr *)&from, &flen);
	} while ((r == -1 && errno == EINTR) ||
	    (r >= 0 && !from_to(&from, flen, to)));
	if (r >= 0) {
		/*
		 * On loopback the kernel may have given the socket the very
		 * port it scans: the datagram came back to itself.  The port
		 * was free for the taking, so nobody listens there.
		 */
		if (scan_self_connected(fd, to)) {
			*errp = ECONNREFUSED;
			return SCAN_CLOSED;
		}
		*rlen = (size_t)r;
		return SCAN_OPEN;
	}
	e = errno;
	if (e == EAGAIN || e == EWOULDBLOCK)
		return SCAN_PENDING;
	*errp = e;
	return scan_verdict(SCAN_UDP, e);
}

/*
 * Start a probe of t->to: a non-blocking UDP socket, bound to t->src if
 * not NULL, connected, sending t->payload (t->plen bytes, maybe 0).
 * t->reuse is -1, or the socket of a settled probe of the same address
 * to connect again: the kernel then need not make, bind and destroy a
 * socket per probe (a reused socket in trouble is closed, t->reuse set
 * to -1 and a fresh one made).  Returns SCAN_PENDING with t->fd set
 * (poll it for POLLIN), or a settled state as scan_udp_settle's with the
 * socket, still open, in t->fd (a reply in t->reply, t->rlen bytes), or
 * SCAN_RESOURCE, or SCAN_FATAL with t->what naming the step that failed
 * (the socket closed, t->fd -1).  t->error gets the deciding errno.
 */
int
scan_udp_start(struct scan_udp_try *t)
{
	ssize_t r;
	int fd = t->reuse, st;

	t->rlen = 0;
	t->fd = -1;
	t->what = "socket";
	if (fd == -1 && (fd = t->ping ? raw_ping(t->to->sa_family) :
	    net_socket(t->to->sa_family, SOCK_DGRAM, 1)) == -1) {
		t->error = errno;
		st = scan_verdict(SCAN_UDP, t->error);
		/* a ping socket refused here: the other probes decide */
		return st == SCAN_RESOURCE ? st : t->ping ? SCAN_FILTERED :
		    SCAN_FATAL;
	}
	t->what = "bind";
	if (fd != t->reuse) {
		scan_recverr_on(fd, t->to->sa_family);
		if (t->src != NULL && bind(fd,
		    (const struct sockaddr *)&t->src->ss, t->src->len) == -1)
			goto fail;
	}
	t->what = "connect";
	if (connect(fd, t->to, t->tolen) == -1)
		goto fail;
	t->what = "send";
	do
		r = send(fd, t->payload, t->plen, 0);
	while (r == -1 && errno == EINTR);
	if (r == -1)
		goto fail;
	st = scan_udp_settle(fd, t->to, &t->error, t->reply, &t->rlen);
	if (st == SCAN_RESOURCE || st == SCAN_FATAL)
		(void)close(fd);
	else
		t->fd = fd;
	return st;
fail:
	t->error = errno;
	(void)close(fd);
	/* a reused socket in trouble: the probe deserves a fresh one */
	if (fd == t->reuse) {
		t->reuse = -1;
		return scan_udp_start(t);
	}
	st = scan_verdict(SCAN_UDP, t->error);
	/* a bind that fails is the caller's error, not the port's */
	if (t->src != NULL && strcmp(t->what, "bind") == 0 &&
	    st != SCAN_RESOURCE)
		return SCAN_FATAL;
	return st;
}
