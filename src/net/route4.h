/*
 * net/route4.h: which IPv4 addresses share one route, so that portscan
 * -sS asks the kernel for the source of its checksums once a block of
 * addresses rather than once an address (issue 62, item 5).  Linux: the
 * routes of every table read over rtnetlink when first asked, the rules
 * read to make sure none picks a table by destination; a socket joined
 * to rtnetlink's groups tells of any later change to the routes, the
 * rules or the addresses, after which they are read again.  Elsewhere,
 * or where any of it fails (then for good), every block is one address.
 *
 * route4_len: the prefix length of the block around a (host order)
 * whose addresses all take a's route and source (parse/rtblock.c's
 * rule); 32: a alone.
 * route4_changed: 1 if the routes, rules or addresses changed since they
 * were read (blocks known before are stale; they are read again at the
 * next route4_len), else 0.
 */
#ifndef ROUTE4_H
#define ROUTE4_H

#include <stddef.h>
#include <stdint.h>

#include "parse/rtblock.h"

struct route4 {
	struct rtblock_route	*r;	/* the routes of every table */
	size_t			 n, cap;
	int			 state;	/* 0 unread, 1 read, -1 no blocks */
	int			 nl;	/* the change notices; -1: none */
};

int	route4_len(struct route4 *rt, uint32_t a);
int	route4_changed(struct route4 *rt);
void	route4_free(struct route4 *rt);

#endif /* ROUTE4_H */
