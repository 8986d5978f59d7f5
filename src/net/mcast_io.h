/*
 * net/mcast_io.h: the socket options of multicast and broadcast: a UDP
 * listener's joins (udp-serve --join), and a sender's TTL, interface,
 * loop and SO_BROADCAST (udp-send).  What they read is parsed by
 * parse/mcast.c.  Core: never prints, never exits.
 *
 * mcast_join joins m's group on fd, a bound UDP socket of either family
 * (an IPv4 group on a dual-stack IPv6 socket too, as Linux allows): for
 * IPv4 IP_ADD_MEMBERSHIP or IP_ADD_SOURCE_MEMBERSHIP with an interface
 * address, MCAST_JOIN_GROUP or MCAST_JOIN_SOURCE_GROUP with an interface
 * name or index; for IPv6 MCAST_JOIN_GROUP or MCAST_JOIN_SOURCE_GROUP.
 * An interface name is looked up now.  On Linux it also turns off
 * IP_MULTICAST_ALL (and IPV6_MULTICAST_ALL), so that fd takes the
 * datagrams of the groups it joined itself, not of every group some
 * other socket of the host joined on the same port.  Returns 0, or -1
 * with errno and err ("join 239.1.2.3: No such device"; a group of the
 * wrong family for fd: EAFNOSUPPORT).
 *
 * mcast_prep is a struct net_opts prep hook (net.h) for a sender: on
 * socket s, before it binds or connects to `to`, it sets what arg, a
 * struct mcast_send, asks.  The TTL is IP_MULTICAST_TTL
 * (IPV6_MULTICAST_HOPS) when `to` is a multicast group, else IP_TTL
 * (IPV6_UNICAST_HOPS), where 0 is refused (EINVAL).  Returns 0, or -1
 * with errno and err ("multicast interface eth9: No such device").
 */
#ifndef NET_MCAST_IO_H
#define NET_MCAST_IO_H

#include <sys/types.h>
#include <sys/socket.h>

#include "parse/mcast.h"

struct mcast_send {
	int		 ttl;		/* 0-255, or -1: the system's */
	int		 loop;		/* IP_MULTICAST_LOOP 0 or 1, or -1:
					 * the system's (on) */
	int		 broadcast;	/* SO_BROADCAST */
	const struct mcast_if *ifc;	/* IP_MULTICAST_IF, or NULL */
};

int	mcast_join(int fd, const struct mcast_spec *m, char *err);
int	mcast_prep(int s, const struct sockaddr *to, void *arg, char *err);

#endif /* NET_MCAST_IO_H */
