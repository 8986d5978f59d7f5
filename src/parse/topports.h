/*
 * topports.h: the most common TCP and UDP ports, in order of how often
 * they are found open, for --top-ports N.
 */
#ifndef TOPPORTS_H
#define TOPPORTS_H

#include <stdint.h>

#define TOPPORTS_MAX	1000	/* ports in each ranking */

struct portlist;

/*
 * The rankings themselves, most frequent first: made by make from
 * topports_tcp.txt and topports_udp.txt (topports.awk).  Read them
 * through topports_list and topports_put.
 */
extern const uint16_t topports_tcp[TOPPORTS_MAX];
extern const uint16_t topports_udp[TOPPORTS_MAX];

int	topports_list(int udp, int n, uint16_t *out);
int	topports_put(struct portlist *pl, int udp, int n);

#endif /* TOPPORTS_H */
