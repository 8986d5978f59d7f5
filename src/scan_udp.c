/*
 * scan_udp.c: one UDP probe, for the scan engine (scan.c).
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

#include "net.h"
#include "scan.h"
#include "scan_udp.h"
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

/*
 * Linux: the ICMP message behind error e, from the error queue.  Returns
 * SCAN_CLOSED for a port unreachable, SCAN_FILTERED for any other ICMP
 * error, or what the errno says when the queue holds no ICMP message (a
 * local error, or no IP_RECVERR).
 */
static int
icmp_state(int fd, int e, int *errp)
{
#ifdef __linux__
	struct sock_extended_err ee;
	struct cmsghdr *cm;
	struct msghdr msg;
	struct iovec iov;
	union {
		struct cmsghdr	align;
		char		buf[512];
	} ctl;
	char data[64];
	ssize_t r;

	memset(&msg, 0, sizeof(msg));
	iov.iov_base = data;
	iov.iov_len = sizeof(data);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = ctl.buf;
	msg.msg_controllen = sizeof(ctl.buf);
	do
		r = recvmsg(fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT);
	while (r == -1 && errno == EINTR);
	for (cm = r == -1 ? NULL : CMSG_FIRSTHDR(&msg); cm != NULL;
	    cm = CMSG_NXTHDR(&msg, cm)) {
		if (!((cm->cmsg_level == IPPROTO_IP &&
		    cm->cmsg_type == IP_RECVERR) ||
		    (cm->cmsg_level == IPPROTO_IPV6 &&
		    cm->cmsg_type == IPV6_RECVERR)) ||
		    cm->cmsg_len < CMSG_LEN(sizeof(ee)))
			continue;
		memcpy(&ee, CMSG_DATA(cm), sizeof(ee));
		if (ee.ee_origin == SO_EE_ORIGIN_ICMP) {
			*errp = (int)ee.ee_errno;
			return ee.ee_type == ICMP_UNREACH &&
			    ee.ee_code == ICMP_UNREACH_PORT ? SCAN_CLOSED :
			    SCAN_FILTERED;
		}
		if (ee.ee_origin == SO_EE_ORIGIN_ICMP6) {
			*errp = (int)ee.ee_errno;
			return ee.ee_type == ICMP6_DST_UNREACH &&
			    ee.ee_code == ICMP6_DST_UNREACH_PORT ?
			    SCAN_CLOSED : SCAN_FILTERED;
		}
	}
#else
	(void)fd;
#endif
	*errp = e;
	return scan_udp_errno(e);
}

/*
 * Has the probe on fd an answer yet?  Returns SCAN_OPEN with the reply's
 * first SCAN_BANNER_MAX bytes in reply (*rlen of them), SCAN_CLOSED,
 * SCAN_FILTERED, SCAN_PENDING (nothing yet), SCAN_RESOURCE or SCAN_FATAL;
 * *errp gets the errno that decided it.  The socket stays open.
 */
int
scan_udp_settle(int fd, const struct sockaddr *to, int *errp, char *reply,
    size_t *rlen)
{
	ssize_t r;
	int e;

	*rlen = 0;
	*errp = 0;
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
	/* port unreachable is the only ICMP error that reads ECONNREFUSED */
	if (e == ECONNREFUSED) {
		*errp = e;
		return SCAN_CLOSED;
	}
	return icmp_state(fd, e, errp);
}

/*
 * Start a probe of to: a non-blocking UDP socket, bound to src if not
 * NULL, connected, sending payload (plen bytes, maybe 0).  Returns
 * SCAN_PENDING with *fdp set (poll it for POLLIN), or a settled state as
 * scan_udp_settle's (the socket closed, a reply in reply), SCAN_RESOURCE,
 * or SCAN_FATAL with *what naming the step that failed.  *errp gets the
 * deciding errno.
 */
int
scan_udp_start(const struct sockaddr *to, socklen_t tolen,
    const struct scan_addr *src, const void *payload, size_t plen,
    int *fdp, int *errp, const char **what, char *reply, size_t *rlen)
{
	ssize_t r;
	int fd, st;

	*rlen = 0;
	*what = "socket";
	if ((fd = net_socket(to->sa_family, SOCK_DGRAM, 1)) == -1) {
		*errp = errno;
		st = scan_udp_errno(*errp);
		return st == SCAN_RESOURCE ? st : SCAN_FATAL;
	}
	recverr_on(fd, to->sa_family);
	*what = "bind";
	if (src != NULL && bind(fd, (const struct sockaddr *)&src->ss,
	    src->len) == -1)
		goto fail;
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
	if (st == SCAN_PENDING) {
		*fdp = fd;
		return st;
	}
	(void)close(fd);
	return st;
fail:
	*errp = errno;
	(void)close(fd);
	st = scan_udp_errno(*errp);
	/* a bind that fails is the caller's error, not the port's */
	if (src != NULL && strcmp(*what, "bind") == 0 && st != SCAN_RESOURCE)
		return SCAN_FATAL;
	return st;
}
