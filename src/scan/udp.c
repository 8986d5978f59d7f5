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
#ifdef __linux__
#define _GNU_SOURCE		/* IPV6_RECVERR, struct sock_extended_err */
#endif
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#ifdef __linux__
#include <linux/errqueue.h>
#endif

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "net/net.h"
#include "net/rawsock.h"
#include "scan/scan.h"
#include "scan/udp.h"
#include "scan/verdict.h"
#include "util/base.h"

#define ICMP_UNREACH		3	/* RFC 792 destination unreachable */
#define ICMP_UNREACH_PORT	3
#define ICMP6_DST_UNREACH	1	/* RFC 4443 */
#define ICMP6_DST_UNREACH_PORT	4

/* Ask for the error queue; without it the errno alone will decide. */
static void
recverr_on(int fd, int family)
{
#ifdef __linux__
	int on = 1;

	if (family == AF_INET)
		(void)setsockopt(fd, IPPROTO_IP, IP_RECVERR, &on, sizeof(on));
	else
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &on,
		    sizeof(on));
#else
	(void)fd;
	(void)family;
#endif
}

#ifdef __linux__
/* Is the datagram an error queue entry names the one sent to to? */
static int
same_dest(const struct sockaddr_storage *a, socklen_t alen,
    const struct sockaddr *to)
{
	if (a->ss_family != to->sa_family)
		return 0;
	if (a->ss_family == AF_INET) {
		const struct sockaddr_in *x = (const struct sockaddr_in *)a;
		const struct sockaddr_in *y = (const struct sockaddr_in *)to;

		return alen >= sizeof(*x) && x->sin_port == y->sin_port &&
		    x->sin_addr.s_addr == y->sin_addr.s_addr;
	} else {
		const struct sockaddr_in6 *x = (const struct sockaddr_in6 *)a;
		const struct sockaddr_in6 *y = (const struct sockaddr_in6 *)to;

		return alen >= sizeof(*x) && x->sin6_port == y->sin6_port &&
		    memcmp(&x->sin6_addr, &y->sin6_addr, 16) == 0;
	}
}

/* An error queue entry's ICMP message: a SCAN_* state, or SCAN_PENDING. */
static int
icmp_parse(struct msghdr *msg, int *errp)
{
	struct sock_extended_err ee;
	struct cmsghdr *cm;

	for (cm = CMSG_FIRSTHDR(msg); cm != NULL; cm = CMSG_NXTHDR(msg, cm)) {
		if (!((cm->cmsg_level == IPPROTO_IP &&
		    cm->cmsg_type == IP_RECVERR) ||
		    (cm->cmsg_level == IPPROTO_IPV6 &&
		    cm->cmsg_type == IPV6_RECVERR)) ||
		    cm->cmsg_len < CMSG_LEN(sizeof(ee)))
			continue;
		memcpy(&ee, CMSG_DATA(cm), sizeof(ee));
		*errp = (int)ee.ee_errno;
		if (ee.ee_origin == SO_EE_ORIGIN_ICMP)
			return ee.ee_type == ICMP_UNREACH &&
			    ee.ee_code == ICMP_UNREACH_PORT ? SCAN_CLOSED :
			    SCAN_FILTERED;
		if (ee.ee_origin == SO_EE_ORIGIN_ICMP6)
			return ee.ee_type == ICMP6_DST_UNREACH &&
			    ee.ee_code == ICMP6_DST_UNREACH_PORT ?
			    SCAN_CLOSED : SCAN_FILTERED;
	}
	return SCAN_PENDING;
}

/*
 * The ICMP error for the datagram sent to to, from fd's error queue
 * (IP_RECVERR): SCAN_CLOSED for a port unreachable, SCAN_FILTERED for any
 * other ICMP error, with its errno in *errp; SCAN_PENDING when there is
 * none.  Entries about other datagrams (an earlier probe of a reused
 * socket) are read and dropped.  Emptying the queue also clears the
 * socket's pending error, so the socket can send its next probe.
 */
static int
icmp_read(int fd, const struct sockaddr *to, int *errp)
{
	struct sockaddr_storage from;
	struct msghdr msg;
	struct iovec iov;
	union {
		struct cmsghdr	align;
		char		buf[512];
	} ctl;
	char data[64];
	ssize_t r;
	int st;

	for (;;) {
		memset(&msg, 0, sizeof(msg));
		iov.iov_base = data;
		iov.iov_len = sizeof(data);
		msg.msg_name = &from;
		msg.msg_namelen = sizeof(from);
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = ctl.buf;
		msg.msg_controllen = sizeof(ctl.buf);
		do
			r = recvmsg(fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT);
		while (r == -1 && errno == EINTR);
		if (r == -1)
			return SCAN_PENDING;
		st = icmp_parse(&msg, errp);
		if (st != SCAN_PENDING && same_dest(&from, msg.msg_namelen, to))
			return st;
	}
}
#endif

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
	ssize_t r;
	int e;

	*rlen = 0;
	*errp = 0;
#ifdef __linux__
	/* the ICMP type behind an error, and the error queue emptied */
	if ((e = icmp_read(fd, to, errp)) != SCAN_PENDING)
		return e;
#endif
	do
		r = recv(fd, reply, SCAN_BANNER_MAX, 0);
	while (r == -1 && errno == EINTR);
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
		recverr_on(fd, t->to->sa_family);
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
