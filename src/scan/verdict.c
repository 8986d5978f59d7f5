/*
 * scan/verdict.c: what a probe's socket says about the port, one copy
 * for TCP and UDP.  An errno from connect, SO_ERROR, send or recv
 * becomes a state; the two protocols differ only where a row says so
 * (what TCP calls open is no UDP answer, and ICMP protocol unreachable
 * reaches only a UDP socket).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <string.h>

#include "net/net.h"
#include "scan/scan.h"
#include "scan/verdict.h"

#define F	SCAN_FILTERED
#define R	SCAN_RESOURCE	/* a local shortage: try again later */

/* An errno and the state it gives a TCP and a UDP probe; others: fatal. */
static const struct verdict {
	int	e;
	int	tcp, udp;
} verdicts[] = {
	{ 0,		SCAN_OPEN,	SCAN_FATAL },	/* connected */
	{ EISCONN,	SCAN_OPEN,	SCAN_FATAL },
	/* reset after the handshake: something did accept */
	{ ECONNRESET,	SCAN_OPEN,	SCAN_FATAL },
	{ EPIPE,	SCAN_OPEN,	SCAN_FATAL },
	/* refused; for UDP an ICMP port unreachable */
	{ ECONNREFUSED,	SCAN_CLOSED,	SCAN_CLOSED },
	{ ETIMEDOUT,	F,		F },	/* UDP: ICMP time exceeded */
	{ EHOSTUNREACH,	F,		F },
	{ ENETUNREACH,	F,		F },
#ifdef EHOSTDOWN
	{ EHOSTDOWN,	F,		F },
#endif
	{ ENETDOWN,	F,		F },
	{ ENOPROTOOPT,	SCAN_FATAL,	F },	/* ICMP protocol unreachable */
	/* a local firewall, or a broadcast address */
	{ EACCES,	F,		F },
	{ EPERM,	F,		F },
	{ EAGAIN,	R,		R },
#if EWOULDBLOCK != EAGAIN
	{ EWOULDBLOCK,	SCAN_FATAL,	R },
#endif
	{ EADDRNOTAVAIL, R,		R },	/* out of ephemeral ports */
	{ EADDRINUSE,	R,		R },
	{ ENOBUFS,	R,		R },
	{ ENOMEM,	R,		R },
	{ EMFILE,	R,		R },
	{ ENFILE,	R,		R },
};

/*
 * What errno e says about the port a probe of proto (SCAN_TCP,
 * SCAN_UDP) went to: SCAN_OPEN, SCAN_CLOSED, SCAN_FILTERED,
 * SCAN_RESOURCE (a local shortage, to try again) or SCAN_FATAL.
 */
int
scan_verdict(int proto, int e)
{
	size_t i;

	for (i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++)
		if (verdicts[i].e == e)
			return proto == SCAN_UDP ? verdicts[i].udp :
			    verdicts[i].tcp;
	return SCAN_FATAL;
}

/*
 * Is fd connected to itself?  On loopback the kernel can pick the scanned
 * port as the source port: a TCP simultaneous open then "connects" a port
 * nobody listens on, and a UDP datagram comes back to its own socket.
 * That is a closed port.  Returns 1 if so, else 0.
 */
int
scan_self_connected(int fd, const struct sockaddr *to)
{
	struct sockaddr_storage me;
	socklen_t len = sizeof(me);

	return getsockname(fd, (struct sockaddr *)&me, &len) == 0 &&
	    net_same_addr(&me, len, to);
}

/*
 * What a TCP probe's socket fd says of to's port when poll woke for it
 * and SO_ERROR read 0.  That 0 is no connection: with IP_RECVERR the
 * kernel queues an ICMP error and wakes poll (POLLERR) before it sets
 * the socket's error and ends the connect, and a SO_ERROR read between
 * the two reads 0 (issue 74: a port that REJECTs with admin-prohibited
 * called open).  Only a peer that is to proves its SYN-ACK came.
 * Returns SCAN_OPEN when connected to to, SCAN_CLOSED when to itself,
 * SCAN_PENDING when not connected (yet, or any more).
 */
int
scan_tcp_connected(int fd, const struct sockaddr *to)
{
	struct sockaddr_storage peer;
	socklen_t len = sizeof(peer);

	if (getpeername(fd, (struct sockaddr *)&peer, &len) == -1 ||
	    !net_same_addr(&peer, len, to))
		return SCAN_PENDING;
	return scan_self_connected(fd, to) ? SCAN_CLOSED : SCAN_OPEN;
}

/* nmap's words for the reasons, SCAN_R_* in order, one string (no
 * pointers: no relocations in a position-independent binary; no
 * fixed width: no padding) */
static const char reasons[] = "unknown\0syn-ack\0reset\0conn-refused\0"
    "no-response\0host-unreach\0net-unreach\0admin-prohibited\0"
    "host-prohibited\0port-unreach\0proto-unreach\0time-exceeded\0"
    "udp-response\0echo-reply\0timestamp-reply\0proxy-error\0"
    "proxy-rejected";

/*
 * Why a probe of proto ended in state: reason when the probe kind set
 * it, else what the errno e says, as nmap -sT, -sS (syn) and -sU say
 * it: a closed TCP port is a reset to a SYN scan, conn-refused to a
 * connect scan; a SYN scan's ICMP port unreachable comes as
 * ECONNABORTED.  Returns a SCAN_R_*.
 */
int
scan_reason(int proto, int syn, int state, int e, int reason)
{
	if (reason > SCAN_R_NONE && reason < SCAN_R_MAX)
		return reason;
	if (state == SCAN_OPEN)
		return proto == SCAN_UDP ? SCAN_R_UDP_RESPONSE : SCAN_R_SYN_ACK;
	if (state == SCAN_CLOSED)
		return proto == SCAN_UDP ? SCAN_R_PORT_UNREACH : syn ?
		    SCAN_R_RESET : SCAN_R_CONN_REFUSED;
	if (state == SCAN_CLOSEDFILTERED)
		return SCAN_R_PROXY_REJECTED;
	/* a proxy's reply as errno (scan/proxied.c): ETIME its TTL
	 * expired, EPROTO a failure it gave no cause for */
	switch (e) {
#ifdef ETIME
	case ETIME:
		return SCAN_R_TIME_EXCEEDED;
#endif
	case EPROTO:
		return SCAN_R_PROXY_ERROR;
	case EHOSTUNREACH:
#ifdef EHOSTDOWN
	case EHOSTDOWN:
#endif
		return SCAN_R_HOST_UNREACH;
	case ENETUNREACH:
	case ENETDOWN:
		return SCAN_R_NET_UNREACH;
	case EACCES:
	case EPERM:
		return SCAN_R_ADMIN_PROHIBITED;
	case ENOPROTOOPT:
		return SCAN_R_PROTO_UNREACH;
	case ECONNABORTED:
		return SCAN_R_PORT_UNREACH;
	}
	return SCAN_R_NO_RESPONSE;
}

/*
 * Why probe r of proto ended as it did, its kind (cfg->kinds) told: an
 * echo or a timestamp request answered is nmap's echo-reply or
 * timestamp-reply, a reset to an ACK is one as to a SYN.
 */
int
scan_probe_reason(const struct scan_config *cfg, int proto,
    const struct scan_result *r)
{
	int k = scan_probe_kind(cfg, r->probe);

	if (r->state == SCAN_OPEN && k == SCAN_K_ECHO)
		return SCAN_R_ECHO_REPLY;
	if (r->state == SCAN_OPEN && k == SCAN_K_TSTAMP)
		return SCAN_R_TSTAMP_REPLY;
	return scan_reason(proto, cfg->syn || k == SCAN_K_ACK, r->state,
	    r->error, r->reason);
}

/* A SCAN_R_* in nmap's words: "syn-ack", "conn-refused" ... */
const char *
scan_reason_name(int reason)
{
	const char *p = reasons;

	while (reason > 0 && reason < SCAN_R_MAX && reason-- > 0)
		p += strlen(p) + 1;
	return p;
}
