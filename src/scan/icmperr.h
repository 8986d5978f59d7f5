/*
 * scan/icmperr.h: the ICMP error behind a probe's failure, read from its
 * socket's error queue (Linux's IP_RECVERR and IPV6_RECVERR).
 *
 * Core: never prints, never exits.  Both the UDP probes (scan/udp.c) and
 * the connect scan's TCP probes (scan/probe.c) read it: a UDP probe's
 * port unreachable is a closed port, and a TCP probe's is what a
 * REJECTing firewall sends, a filtered port, which Linux reports to
 * connect() as ECONNREFUSED, the errno of a reset.  Elsewhere these
 * return at once and the errno alone decides.
 */
#ifndef SCAN_ICMPERR_H
#define SCAN_ICMPERR_H

#include <sys/types.h>
#include <sys/socket.h>

void	scan_recverr_on(int fd, int family);
int	scan_icmp_read(int fd, const struct sockaddr *to, int proto,
	    int *errp);

#endif /* SCAN_ICMPERR_H */
