/* test_rtblock.c: the block of addresses that share one address's route. */
#include <stddef.h>
#include <stdint.h>

#include "parse/rtblock.h"
#include "tap.h"

#define A(a, b, c, d)	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
			    (uint32_t)(c) << 8 | (uint32_t)(d))
#define N(v)		(sizeof(v) / sizeof((v)[0]))

int
main(void)
{
	/* the bench's namespace: a /15 to a TUN device, its /32 local */
	static const struct rtblock_route tun[] = {
		{ A(198, 18, 0, 0), 254, 15, 1 },
		{ A(10, 255, 255, 254), 255, 32, 0 },
	};
	/* a host's: a default route, a LAN, more specific routes in it */
	static const struct rtblock_route lan[] = {
		{ 0, 254, 0, 1 },
		{ A(192, 168, 1, 0), 254, 24, 1 },
		{ A(192, 168, 1, 7), 255, 32, 0 },	/* local */
		{ A(192, 168, 1, 255), 255, 32, 0 },	/* broadcast */
		{ A(10, 8, 0, 0), 100, 16, 1 },		/* another table */
		{ A(10, 8, 4, 0), 254, 22, 1 },
	};
	/* two default routes in main: the kernel picks by its neighbours */
	static const struct rtblock_route twodef[] = {
		{ 0, 254, 0, 1 },
		{ 0, 254, 0, 1 },
	};
	/* one default in main, one in another table (wg-quick's) */
	static const struct rtblock_route wg[] = {
		{ 0, 254, 0, 1 },
		{ 0, 51820, 0, 1 },
		{ A(192, 168, 1, 0), 254, 24, 1 },
	};
	/* a multipath route, and a local /16 (each address its own) */
	static const struct rtblock_route odd[] = {
		{ A(198, 18, 0, 0), 254, 16, 0 },
		{ A(198, 19, 0, 0), 255, 16, 0 },
		{ A(198, 20, 0, 0), 254, 16, 1 },
	};

	is_int(rtblock_len(tun, N(tun), A(198, 18, 0, 1)), 15,
	    "a /15 to one device: one block");
	is_int(rtblock_len(tun, N(tun), A(198, 19, 255, 255)), 15,
	    "its last address in the same block");
	is_int(rtblock_len(tun, N(tun), A(10, 255, 255, 254)), 32,
	    "a local address: itself alone");
	is_int(rtblock_len(lan, N(lan), A(8, 8, 8, 8)), 7,
	    "by the default route: 8.0.0.0/7, short of 10.8/16");
	is_int(rtblock_len(lan, N(lan), A(172, 16, 0, 1)), 2,
	    "172.16.0.1: 128.0.0.0/2, short of 192.168.1/24");
	is_int(rtblock_len(lan, N(lan), A(192, 168, 1, 1)), 30,
	    "192.168.1.1: a /30, short of the local .7");
	is_int(rtblock_len(lan, N(lan), A(192, 168, 1, 100)), 26,
	    "192.168.1.100: .64/26, between the local and the broadcast");
	is_int(rtblock_len(lan, N(lan), A(192, 168, 1, 254)), 32,
	    "192.168.1.254: itself, its /31 holds the broadcast");
	is_int(rtblock_len(lan, N(lan), A(10, 8, 0, 1)), 22,
	    "10.8.0.1: a /22, short of the table-main 10.8.4/22 inside");
	is_int(rtblock_len(lan, N(lan), A(10, 8, 5, 1)), 22,
	    "10.8.5.1: the more specific route's own /22");
	is_int(rtblock_len(lan, N(lan), A(10, 9, 0, 1)), 16,
	    "10.9.0.1: the default's, short of 10.8/16");
	is_int(rtblock_len(twodef, N(twodef), A(8, 8, 8, 8)), 32,
	    "two default routes in one table: no block");
	is_int(rtblock_len(wg, N(wg), A(8, 8, 8, 8)), 1,
	    "one default route in each of two tables: 0.0.0.0/1");
	is_int(rtblock_len(odd, N(odd), A(198, 18, 3, 4)), 32,
	    "a multipath route: no block");
	is_int(rtblock_len(odd, N(odd), A(198, 19, 3, 4)), 32,
	    "a local /16: no block");
	is_int(rtblock_len(odd, N(odd), A(198, 20, 3, 4)), 16,
	    "a plain /16 beside them: its own");
	is_int(rtblock_len(NULL, 0, A(1, 2, 3, 4)), 0,
	    "no routes at all: nothing to tell addresses apart");
	return tap_done();
}
