/*
 * rtblock.h: the block of IPv4 addresses around one address that all
 * take its route, from the routes of every table (net/route4.c reads
 * them from the kernel), so that portscan -sS looks up the source of
 * its checksums once a block, not once an address.  Pure: no I/O, so
 * the unit test links it alone.
 *
 * rtblock_len: the prefix length m of the widest block a/m that holds
 * no route's prefix strictly inside it, so that in every table each of
 * its addresses matches the routes a matches (a longest prefix match
 * cannot tell them apart), when every route that holds a is plain (its
 * source cannot vary with the address) and no table holding a default
 * route among them holds another (the kernel picks among those by its
 * neighbours); else 32, the address alone.  a and the prefixes in host
 * order, host bits clear.  Rules by destination must be ruled out by the
 * caller: they are not routes.
 */
#ifndef RTBLOCK_H
#define RTBLOCK_H

#include <stddef.h>
#include <stdint.h>

struct rtblock_route {
	uint32_t	net;	/* host order, host bits clear */
	uint32_t	table;	/* its table's number */
	uint8_t		len;	/* prefix length: 0-32 */
	uint8_t		plain;	/* unicast over one next hop */
};

int	rtblock_len(const struct rtblock_route *r, size_t n, uint32_t a);

#endif /* RTBLOCK_H */
