/*
 * net/rawsock.h: the raw sockets of portscan -sS: one for TCP and one
 * for ICMP of each family, non-blocking, each with a classic BPF filter
 * (SO_ATTACH_FILTER) that lets through only what may answer a probe
 * sent from our port: a SYN-ACK or a reset to it, an ICMP destination
 * unreachable quoting a TCP segment from it, an echo or timestamp reply
 * whose identifier it is (host discovery's).  Beside them, the
 * unprivileged ICMP datagram socket (a "ping socket") of host discovery
 * without CAP_NET_RAW, where net.ipv4.ping_group_range admits our group.  The kernel builds the IP
 * header of what we send; for IPv6 it fills the TCP checksum as well
 * (IPV6_CHECKSUM), for IPv4 the caller does, from the source address
 * raw_source finds (the route's, as a connect would pick).  IPv4's go
 * with DF and an IP ID of 0, as the kernel's own TCP sends them.
 */
#ifndef RAWSOCK_H
#define RAWSOCK_H

#include <sys/types.h>
#include <sys/socket.h>

#include <stddef.h>
#include <stdint.h>

#define RAW_TCP4	0	/* rawsock.fd[]: as synpkt.h's SYNPKT_IN_* */
#define RAW_ICMP4	1
#define RAW_TCP6	2
#define RAW_ICMP6	3
#define RAW_N		4

struct rawsock {
	int	fd[RAW_N];	/* -1: not open */
};

int	raw_open(struct rawsock *rs, int v4, int v6, uint16_t lport);
void	raw_close(struct rawsock *rs);
int	raw_source(int *fd, const struct sockaddr *dst, socklen_t len,
	    struct sockaddr_storage *src);
int	raw_ping(int family);

#endif /* RAWSOCK_H */
