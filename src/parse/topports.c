/*
 * topports.c: the TCP and UDP ports most often found open, most frequent
 * first, for --top-ports.  The order is nmap's published frequency
 * ranking (the open-frequency column of its nmap-services), as a list of
 * port numbers only; ports of equal frequency go in port order.  Pure:
 * no I/O.
 *
 * The rankings are data, and are kept as data: topports_tcp.txt and
 * topports_udp.txt, a port a line, as nmap keeps nmap-services beside
 * its code.  make writes them out as C arrays (topports.awk) into an
 * object of their own, so the lists are read and changed as lists, and
 * the binary still carries them compiled in, with no file to find at
 * run time.
 */
#include <stddef.h>
#include <stdint.h>

#include "parse/portlist.h"
#include "parse/topports.h"

/*
 * The n most frequent ports of the TCP (udp 0) or UDP ranking into out
 * (n entries), most frequent first.  Returns n, or -1 if n is not within
 * 1-TOPPORTS_MAX.
 */
int
topports_list(int udp, int n, uint16_t *out)
{
	const uint16_t *rank = udp ? topports_udp : topports_tcp;
	int i;

	if (n < 1 || n > TOPPORTS_MAX)
		return -1;
	for (i = 0; i < n; i++)
		out[i] = rank[i];
	return n;
}

/*
 * The n most frequent ports of the TCP (udp 0) or UDP ranking into pl.
 * Returns n, or -1 if n is not within 1-TOPPORTS_MAX.
 */
int
topports_put(struct portlist *pl, int udp, int n)
{
	const uint16_t *rank = udp ? topports_udp : topports_tcp;
	int i;

	if (n < 1 || n > TOPPORTS_MAX)
		return -1;
	for (i = 0; i < n; i++)
		portlist_put(pl, rank[i]);
	return n;
}
