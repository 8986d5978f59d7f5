/*
 * scan/hosts.h: a scan's results by host, for a caller that shows hosts
 * rather than ports (portscan's --up and -oG).  A host's counts, and the
 * ports it may list, are kept from its first result until its last
 * probe in this shard is done; then the caller's show callback has it,
 * and it is forgotten, so that only the hosts in progress take memory,
 * however many the scan has.  Bookkeeping only: no I/O.
 */
#ifndef SCAN_HOSTS_H
#define SCAN_HOSTS_H

#include <stddef.h>
#include <stdint.h>

#include "parse/hostmap.h"
#include "scan/scan.h"

/* A port a host may list (-oG), kept until its host is done. */
struct scan_hport {
	uint16_t	port;
	uint8_t		state;
	uint8_t		udp;		/* the port is UDP's, else TCP's */
	uint8_t		reason;		/* SCAN_R_*, as scan_reason says */
	char		*ver;		/* its version field, or NULL */
};

/* What a result is of (scan_hosts_result) */
#define SCAN_HP_TCP	0	/* a TCP port */
#define SCAN_HP_UDP	1	/* a UDP port */
#define SCAN_HP_HOST	2	/* the host, no port: an ICMP request, an ACK */

/* What a host's probes found. */
struct scan_host {
	uint64_t	 n[SCAN_CLOSEDFILTERED + 1];	/* by state */
	/* by state and reason, for the ports not listed (-oX, -oN) */
	uint32_t	 nr[SCAN_CLOSEDFILTERED + 1][SCAN_R_MAX];
	uint64_t	 done;
	uint64_t	 skipped;	/* SCAN_SKIPPED: its time was up */
	uint64_t	 alive;		/* SCAN_HP_HOST probes answered */
	uint8_t		 why;		/* the first one's SCAN_R_* */
	struct scan_hport *gp;		/* the ports it may list */
	size_t		 ngp, capgp;
};

struct scan_hosts {
	struct hostmap	 map;		/* struct scan_host by address */
	uint64_t	 naddrs, nports, nprotos;	/* the probe space */
	uint64_t	 shard_i, shard_n;
	int		 keep;		/* keep the ports a host may list */
	int		 all;		/* -a: every port listed, down hosts
					 * shown */
	int		 hold;		/* --sort: up hosts held to the end */
	int		 found_up;	/* host discovery found each host up:
					 * one all filtered is up too */
	uint64_t	 nup, ndown;	/* hosts done */
	int		 oom;		/* some results lost for memory */
	/* host a is done: up or not, its ports sorted */
	void	(*show)(size_t a, struct scan_host *h, int up, void *arg);
	void		*arg;
};

void	scan_hosts_init(struct scan_hosts *hs, const struct scan_config *cfg);
void	scan_hosts_result(struct scan_hosts *hs, size_t a, unsigned int port,
	    int what, int state, int reason, char *ver);
void	scan_hosts_count(struct scan_hosts *hs, const struct scan_config *cfg,
	    size_t a, unsigned int port, int proto, const struct scan_result *r,
	    char *ver);
void	scan_hosts_finish(struct scan_hosts *hs);
void	scan_hosts_free(struct scan_hosts *hs);

#endif /* SCAN_HOSTS_H */
