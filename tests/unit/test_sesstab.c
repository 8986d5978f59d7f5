/*
 * Unit tests for sesstab (util/sesstab.c): the UDP forwarder's sessions
 * by client address, oldest first, with a count per IP; and a thousand
 * sessions, a full table and its recycling, as the forwarder uses it.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "tap.h"
#include "util/sesstab.h"

/* An IPv4-mapped key: 127.0.0.ip, port port. */
static void
key4(unsigned char *key, int ip, int port)
{
	memset(key, 0, SESSTAB_KEYLEN);
	key[10] = key[11] = 0xff;
	key[12] = 127;
	key[14] = (unsigned char)(ip >> 8);
	key[15] = (unsigned char)ip;
	key[16] = (unsigned char)(port >> 8);
	key[17] = (unsigned char)port;
}

int
main(void)
{
	unsigned char a[SESSTAB_KEYLEN], b[SESSTAB_KEYLEN], c[SESSTAB_KEYLEN];
	struct sesstab t;
	int ia, ib, ic, i, k, okay;

	ok(sesstab_init(&t, 0, 1) == -1, "no room at all: refused");
	ok(sesstab_init(&t, 2, 1) == 0, "init for 2 sessions");
	key4(a, 1, 1000);
	key4(b, 1, 1001);
	key4(c, 2, 1000);
	is_int(sesstab_find(&t, a), -1, "empty: nothing found");
	is_int(sesstab_oldest(&t), -1, "empty: no oldest");
	ia = sesstab_add(&t, a, 10);
	ib = sesstab_add(&t, b, 20);
	ok(ia >= 0 && ib >= 0 && ia != ib, "two sessions, two indexes");
	is_int(sesstab_find(&t, b), ib, "found by its key");
	is_int(sesstab_peers(&t, a), 2, "two sessions for one IP");
	is_int(sesstab_peers(&t, c), 0, "none for another IP");
	errno = 0;
	ok(sesstab_add(&t, c, 30) == -1 && errno == ENOSPC,
	    "a third: ENOSPC");
	is_int(sesstab_oldest(&t), ia, "the first added is the oldest");
	sesstab_touch(&t, ia, 25);
	is_int(sesstab_oldest(&t), ib, "touched: the other is the oldest");
	is_int(sesstab_expired(&t, 29, 10), -1, "idle 9 of 10: not expired");
	is_int(sesstab_expired(&t, 30, 10), ib, "idle 10 of 10: expired");
	sesstab_del(&t, ib);
	is_int(sesstab_find(&t, b), -1, "deleted: gone");
	is_int(sesstab_peers(&t, a), 1, "the IP holds one now");
	ic = sesstab_add(&t, c, 31);
	is_int(ic, ib, "the freed index is reused");
	is_int(sesstab_peers(&t, c), 1, "the new IP counted");
	sesstab_del(&t, ia);
	is_int(sesstab_peers(&t, a), 0, "its last session gone: IP at 0");
	is_int(sesstab_oldest(&t), ic, "one left, the oldest");
	sesstab_del(&t, ic);
	is_int((long long)t.n, 0, "all gone");
	sesstab_free(&t);

	/* a thousand clients on 10 IPs: full, then recycled oldest first */
	ok(sesstab_init(&t, 1000, 0x5eed) == 0, "init for 1000");
	for (okay = 1, k = 0; k < 1000; k++) {
		key4(a, k % 10, 2000 + k);
		if (sesstab_add(&t, a, k) < 0)
			okay = 0;
	}
	ok(okay && t.n == 1000, "1000 sessions held");
	is_int(sesstab_peers(&t, a), 100, "100 per IP");
	key4(a, 0, 2000);
	is_int(sesstab_oldest(&t), sesstab_find(&t, a), "the first is oldest");
	for (okay = 1, k = 0; k < 1000; k++) {
		i = sesstab_oldest(&t);
		key4(a, k % 10, 2000 + k);
		if (i != sesstab_find(&t, a))
			okay = 0;
		sesstab_del(&t, i);
		key4(b, k % 10, 9000 + k);
		if (sesstab_add(&t, b, 1000 + k) < 0)
			okay = 0;
	}
	ok(okay, "each new one took the oldest's room, in order");
	for (okay = 1, k = 0; k < 1000; k++) {
		key4(a, k % 10, 2000 + k);
		key4(b, k % 10, 9000 + k);
		if (sesstab_find(&t, a) != -1 || sesstab_find(&t, b) < 0)
			okay = 0;
	}
	ok(okay, "the old keys gone, the new ones found");
	for (k = 0; sesstab_expired(&t, 2500, 1000) != -1; k++)
		sesstab_del(&t, sesstab_expired(&t, 2500, 1000));
	is_int(k, 501, "idle 1000 at 2500: the 501 active by 1500 expire");
	sesstab_free(&t);
	return tap_done();
}
