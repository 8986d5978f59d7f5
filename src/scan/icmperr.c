/*
 * scan/icmperr.c: the ICMP error behind a probe's failure, from its
 * socket's error queue (see icmperr.h).
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

#include "net/net.h"
#include "scan/icmperr.h"
#include "scan/scan.h"
#include "scan/verdict.h"

#define ICMP_UNREACH		3	/* RFC 792 destination unreachable */
#define ICMP_UNREACH_NET	0
#define ICMP_UNREACH_HOST	1
#define ICMP_UNREACH_PROTO	2
#define ICMP_UNREACH_PORT	3
#define ICMP6_DST_UNREACH	1	/* RFC 4443 */
#define ICMP6_DST_NOROUTE	0
#define ICMP6_DST_ADMIN		1
#define ICMP6_DST_ADDR		3
#define ICMP6_DST_UNREACH_PORT	4

/* Ask for the error queue; without it the errno alone will decide. */
void
scan_recverr_on(int fd, int family)
{
#ifdef __linux__
	int on = 1;

	if (family == AF_INET)
		(void)setsockopt(fd, IPPROTO_IP, IP_RECVERR, &on, sizeof(on));
	else if (family == AF_INET6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &on,
		    sizeof(on));
#else
	(void)fd;
	(void)family;
#endif
}

#ifdef __linux__
/*
 * A TCP probe's unreachable as the errno scan_reason() words as nmap does
 * (-sS's the same, scan/syn.c): the kernel's own errno says a port
 * unreachable as ECONNREFUSED, a reset's, and folds the administrative
 * codes into the host's and network's.
 */
static int
tcp_errno(const struct sock_extended_err *ee)
{
	if (ee->ee_origin == SO_EE_ORIGIN_ICMP && ee->ee_type == ICMP_UNREACH)
		switch (ee->ee_code) {
		case ICMP_UNREACH_NET:
			return ENETUNREACH;
		case ICMP_UNREACH_HOST:
			return EHOSTUNREACH;
		case ICMP_UNREACH_PROTO:
			return ENOPROTOOPT;
		case ICMP_UNREACH_PORT:
			return ECONNABORTED;
		default:
			return EACCES;
		}
	if (ee->ee_origin == SO_EE_ORIGIN_ICMP6 &&
	    ee->ee_type == ICMP6_DST_UNREACH)
		switch (ee->ee_code) {
		case ICMP6_DST_NOROUTE:
			return ENETUNREACH;
		case ICMP6_DST_ADDR:
			return EHOSTUNREACH;
		case ICMP6_DST_UNREACH_PORT:
			return ECONNABORTED;
		case ICMP6_DST_ADMIN:
		default:
			return EACCES;
		}
	return ee->ee_errno == ECONNREFUSED ? ECONNABORTED :
	    (int)ee->ee_errno;
}

/*
 * An error queue entry's ICMP message for a probe of proto: a SCAN_*
 * state, or SCAN_PENDING.
 */
static int
icmp_parse(struct msghdr *msg, int proto, int *errp)
{
	struct sock_extended_err ee;
	struct cmsghdr *cm;
	int port;

	for (cm = CMSG_FIRSTHDR(msg); cm != NULL; cm = CMSG_NXTHDR(msg, cm)) {
		if (!((cm->cmsg_level == IPPROTO_IP &&
		    cm->cmsg_type == IP_RECVERR) ||
		    (cm->cmsg_level == IPPROTO_IPV6 &&
		    cm->cmsg_type == IPV6_RECVERR)) ||
		    cm->cmsg_len < CMSG_LEN(sizeof(ee)))
			continue;
		memcpy(&ee, CMSG_DATA(cm), sizeof(ee));
		if (ee.ee_origin != SO_EE_ORIGIN_ICMP &&
		    ee.ee_origin != SO_EE_ORIGIN_ICMP6)
			continue;
		if (proto == SCAN_TCP) {
			*errp = tcp_errno(&ee);
			return SCAN_FILTERED;
		}
		*errp = (int)ee.ee_errno;
		port = ee.ee_origin == SO_EE_ORIGIN_ICMP ?
		    ee.ee_type == ICMP_UNREACH &&
		    ee.ee_code == ICMP_UNREACH_PORT :
		    ee.ee_type == ICMP6_DST_UNREACH &&
		    ee.ee_code == ICMP6_DST_UNREACH_PORT;
		return port ? SCAN_CLOSED : SCAN_FILTERED;
	}
	return SCAN_PENDING;
}
#endif

/*
 * The ICMP error for what a probe of proto (SCAN_TCP, SCAN_UDP) sent to
 * to, from fd's error queue (scan_recverr_on): for UDP SCAN_CLOSED for a
 * port unreachable, SCAN_FILTERED for any other ICMP error; for TCP
 * SCAN_FILTERED for any, its errno in *errp; SCAN_PENDING when there is
 * none.  Entries about other datagrams (an earlier probe of a reused
 * socket) are read and dropped.  Emptying the queue also clears the
 * socket's pending error, so a UDP socket can send its next probe.
 */
int
scan_icmp_read(int fd, const struct sockaddr *to, int proto, int *errp)
{
#ifdef __linux__
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
		st = icmp_parse(&msg, proto, errp);
		if (st != SCAN_PENDING && net_same_addr(&from,
		    msg.msg_namelen, to))
			return st;
	}
#else
	(void)fd;
	(void)to;
	(void)proto;
	(void)errp;
	return SCAN_PENDING;
#endif
}
