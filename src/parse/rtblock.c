/*
 * parse/rtblock.c: the block of addresses that share one address's
 * route (rtblock.h).
 */
#include "parse/rtblock.h"

/* The local table is searched with the main one (the kernel merges them). */
static uint32_t
table_of(const struct rtblock_route *e)
{
	return e->table == 255 ? 254 : e->table;
}

/* The leading zero bits of x: 32 for 0. */
static int
lead(uint32_t x)
{
	int c = 0, s;

	if (x == 0)
		return 32;
	for (s = 16; s > 0; s >>= 1)
		if (x >> (32 - s) == 0) {
			c += s;
			x <<= s;
		}
	return c;
}

int
rtblock_len(const struct rtblock_route *r, size_t n, uint32_t a)
{
	size_t i, j;
	int c, m = 0;

	for (i = 0; i < n; i++) {
		/* c: the leading bits a shares with the route's prefix */
		c = lead(r[i].net ^ a);
		if (c < r[i].len) {
			/* a route beside a: the block stops short of it */
			if (c + 1 > m)
				m = c + 1;
			continue;
		}
		if (!r[i].plain)
			return 32;
		if (r[i].len > m)
			m = r[i].len;
		for (j = 0; r[i].len == 0 && j < n; j++)
			if (j != i && r[j].len == 0 &&
			    table_of(&r[j]) == table_of(&r[i]))
				return 32;
	}
	return m;
}
