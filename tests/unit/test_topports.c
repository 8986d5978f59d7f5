/* Unit tests for src/topports.c, the --top-ports rankings. */
#include <stdint.h>
#include <string.h>

#include "parse/portlist.h"
#include "parse/topports.h"
#include "tap.h"

/* Whether the first n of the ranking are n different ports 1-65535. */
static int
distinct(const uint16_t *p, int n)
{
	static uint8_t seen[65536];
	int i;

	memset(seen, 0, sizeof(seen));
	for (i = 0; i < n; i++) {
		if (p[i] == 0 || seen[p[i]])
			return 0;
		seen[p[i]] = 1;
	}
	return 1;
}

int
main(void)
{
	struct portlist pl;
	static const uint16_t tcp10[10] = { 80, 23, 443, 21, 22, 25, 3389,
	    110, 445, 139 };
	static const uint16_t udp10[10] = { 631, 161, 137, 123, 138, 1434,
	    445, 135, 67, 53 };
	uint16_t out[TOPPORTS_MAX + 1];
	int i, in;

	is_int(topports_list(0, 10, out), 10, "TCP top 10");
	ok(memcmp(out, tcp10, sizeof(tcp10)) == 0,
	    "TCP: 80, 23, 443, 21, 22, 25, 3389, 110, 445, 139");
	is_int(topports_list(1, 10, out), 10, "UDP top 10");
	ok(memcmp(out, udp10, sizeof(udp10)) == 0,
	    "UDP: 631, 161, 137, 123, 138, 1434, 445, 135, 67, 53");
	is_int(topports_list(0, 1, out), 1, "N = 1");
	is_int(out[0], 80, "the most common TCP port is 80");
	is_int(topports_list(0, 1000, out), 1000, "N = 1000");
	ok(distinct(out, 1000), "TCP: 1000 different ports");
	for (i = 0, in = 0; i < 1000; i++)
		in += out[i] == 3013;
	is_int(in, 1, "TCP: a tie at the end goes in port order (3013)");
	is_int(topports_list(1, 1000, out), 1000, "UDP N = 1000");
	ok(distinct(out, 1000), "UDP: 1000 different ports");
	out[0] = 7;
	is_int(topports_list(0, 0, out), -1, "N = 0 is refused");
	is_int(topports_list(0, 1001, out), -1, "N = 1001 is refused");
	is_int(topports_list(1, -1, out), -1, "N < 0 is refused");
	is_int(out[0], 7, "a refusal writes nothing");

	portlist_init(&pl);
	is_int(topports_put(&pl, 0, 3), 3, "the top 3 TCP ports into a list");
	is_int(topports_put(&pl, 1, 2), 2, "... and the top 2 UDP");
	ok(portlist_has(&pl, 80) && portlist_has(&pl, 631), "... 80 and 631 "
	    "among them");
	is_int(topports_put(&pl, 0, 1001), -1, "N = 1001 into a list: refused");
	return tap_done();
}
