/*
 * scan/udp.c: one UDP probe, for the scan engine (scan.c).
 *
 * A probe is an ordinary connected UDP socket that sends one datagram, no
 * raw socket and no privilege: a reply is an open port; an ICMP port
 * unreachable, which the kernel turns into ECONNREFUSED on a connected
 * socket, a closed one; another ICMP error (host or network unreachable,
 * administratively prohibited) a filtered one; and silence, once scan.c's
 * deadline and retries are spent, open|filtered.  On loopback the kernel
 * has answered before send() returns, so one recv() right after settles
 * most probes without a poll.  Where IP_RECVERR and IPV6_RECVERR exist
 * (Linux) the ICMP type and code behind an error are read from the
 * socket's error queue, which also reports the unreachables that Linux
 * keeps from a plain connected socket; elsewhere the errno decides.
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
#include "scan/scan.h"
#include "scan/udp.h"
#include "sockt.h"

#define ICMP_UNREACH		3	/* RFC 792 destination unreachable */
#define ICMP_UNREACH_PORT	3
#define ICMP6_DST_UNREACH	1	/* RFC 4443 */
#define ICMP6_DST_UNREACH_PORT	4

/*
 * What an errno from connect, send or recv says about the port, where no
 * ICMP type is known: SCAN_CLOSED, SCAN_FILTERED, SCAN_RESOURCE (a local
 * shortage, to try again) or SCAN_FATAL.
 */
int
scan_udp_errno(int e)
{
	switch (e) {
	case ECONNREFUSED:
		return SCAN_CLOSED;
	case EHOSTUNREACH:
	case ENETUNREACH:
#ifdef EHOSTDOWN
	case EHOSTDOWN:
#endif
	case ENETDOWN:
	case ENOPROTOOPT:	/* ICMP protocol unreachable */
	case ETIMEDOUT:		/* ICMP time exceeded */
	case EACCES:		/* a local firewall, or a broadcast address */
	case EPERM:
		return SCAN_FILTERED;
	case EAGAIN:
#if EWOULDBLOCK != EAGAIN
	case EWOULDBLOCK:
#endif
	case EADDRNOTAVAIL:
	case EADDRINUSE:
	case ENOBUFS:
	case ENOMEM:
	case EMFILE:
	case ENFILE:
		return SCAN_RESOURCE;
	default:
		return SCAN_FATAL;
	}
}

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
	return scan_udp_errno(e);
}

/*
 * Start a probe of to: a non-blocking UDP socket, bound to src if not
 * NULL, connected, sending payload (plen bytes, maybe 0).  reuse is -1,
 * or the socket of a settled probe of the same address to connect again:
 * the kernel then need not make, bind and destroy a socket per probe.
 * Returns SCAN_PENDING with *fdp set (poll it for POLLIN), or a settled
 * state as scan_udp_settle's with the socket, still open, in *fdp (a
 * reply in reply), or SCAN_RESOURCE, or SCAN_FATAL with *what naming the
 * step that failed (the socket closed).  *errp gets the deciding errno.
 */
int
scan_udp_start(const struct sockaddr *to, socklen_t tolen,
    const struct scan_addr *src, const void *payload, size_t plen,
    int reuse, int *fdp, int *errp, const char **what, char *reply,
    size_t *rlen)
{
	ssize_t r;
	int fd = reuse, st;

	*rlen = 0;
	*fdp = -1;
	*what = "socket";
	if (fd == -1 && (fd = net_socket(to->sa_family, SOCK_DGRAM, 1)) ==
	    -1) {
		*errp = errno;
		st = scan_udp_errno(*errp);
		return st == SCAN_RESOURCE ? st : SCAN_FATAL;
	}
	*what = "bind";
	if (fd != reuse) {
		recverr_on(fd, to->sa_family);
		if (src != NULL && bind(fd, (const struct sockaddr *)&src->ss,
		    src->len) == -1)
			goto fail;
	}
	*what = "connect";
	if (connect(fd, to, tolen) == -1)
		goto fail;
	*what = "send";
	do
		r = send(fd, payload, plen, 0);
	while (r == -1 && errno == EINTR);
	if (r == -1)
		goto fail;
	st = scan_udp_settle(fd, to, errp, reply, rlen);
	if (st == SCAN_RESOURCE || st == SCAN_FATAL)
		(void)close(fd);
	else
		*fdp = fd;
	return st;
fail:
	*errp = errno;
	(void)close(fd);
	/* a reused socket in trouble: the probe deserves a fresh one */
	if (fd == reuse)
		return scan_udp_start(to, tolen, src, payload, plen, -1, fdp,
		    errp, what, reply, rlen);
	st = scan_udp_errno(*errp);
	/* a bind that fails is the caller's error, not the port's */
	if (src != NULL && strcmp(*what, "bind") == 0 && st != SCAN_RESOURCE)
		return SCAN_FATAL;
	return st;
}
