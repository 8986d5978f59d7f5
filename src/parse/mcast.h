/*
 * mcast.h: multicast groups and interfaces as the command line gives
 * them, pure (no I/O).
 *
 * A join (udp-serve --join) is [SOURCE>]GROUP[@IF]: GROUP an IPv4
 * (224.0.0.0/4) or IPv6 (ff00::/8) multicast address, SOURCE a unicast
 * address of the same family for a source-specific join (only its
 * datagrams are taken), IF the interface: its IPv4 address (IPv4 groups
 * only, as socat's ip-add-membership takes it), its name (lo, eth0) or
 * its index (a number).  An IPv6 address may stand in brackets:
 * [2001:db8::1]>[ff3e::1]@eth0.  Without IF the system picks the
 * interface by its routes.
 *
 * mcast_parse reads one into m, with m->label its canonical spelling
 * for messages ("2001:db8::1>ff3e::1@eth0").  mcast_if_parse reads an
 * interface alone (udp-send --multicast-if).  mcast_is_group says
 * whether the 4 or 16 bytes a of family af are a multicast address.
 * mcast_check_listen says whether a socket listening on host (an
 * operand, "" for every address) with family (-4: AF_INET, -6:
 * AF_INET6, else AF_UNSPEC) can take the datagrams of the n groups of
 * v: an IPv4 group needs IPv4 (no -6), an IPv6 group IPv6 (no -4), and
 * an address literal listened on must be that of every address (0.0.0.0
 * or ::) or the one group joined; a host name is left to the socket.
 * All return 0, or -1 with err filled with the reason
 * ("group 10.0.0.1: not a multicast address (224.0.0.0/4)").
 */
#ifndef MCAST_H
#define MCAST_H

#include <stddef.h>

#include "util/base.h"

#define MCAST_IFNAMELEN	16	/* IFNAMSIZ: a name of 15 bytes at most */
#define MCAST_LABELLEN	144	/* two IPv6 addresses, an interface and ">", "@" */

enum mcast_if_kind {
	MCAST_IF_ANY,		/* none given: the system's choice */
	MCAST_IF_ADDR,		/* an IPv4 address: addr */
	MCAST_IF_NAME,		/* a name: name */
	MCAST_IF_INDEX		/* an index: index */
};

struct mcast_if {
	enum mcast_if_kind kind;
	unsigned char	 addr[4];	/* network order */
	unsigned int	 index;
	char		 name[MCAST_IFNAMELEN];
};

struct mcast_spec {
	int		 family;	/* AF_INET or AF_INET6 */
	unsigned char	 group[16];	/* 4 or 16 bytes, network order */
	unsigned char	 source[16];
	int		 has_source;	/* source-specific */
	struct mcast_if	 ifc;
	char		 label[MCAST_LABELLEN];
};

int	mcast_parse(const char *s, struct mcast_spec *m, char *err);
int	mcast_if_parse(const char *s, size_t n, struct mcast_if *ifc,
	    char *err);
int	mcast_is_group(int af, const unsigned char *a);
int	mcast_check_listen(const struct mcast_spec *v, size_t n, int family,
	    const char *host, char *err);

#endif /* MCAST_H */
