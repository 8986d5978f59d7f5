/*
 * scan/udp.h: one UDP probe, the UDP half of the scan engine (scan.c).
 *
 * Core: never prints, never exits.  scan.c owns the window, the
 * deadlines, the retries, the rate, the shards and the workers; these
 * two functions start a probe and settle it, returning a SCAN_* state
 * or one of the engine's outcomes SCAN_PENDING, SCAN_RESOURCE and
 * SCAN_FATAL (scan.h).
 */
#ifndef SCAN_UDP_H
#define SCAN_UDP_H

#include <sys/types.h>
#include <sys/socket.h>

#include <stddef.h>

struct scan_addr;

int	scan_udp_start(const struct sockaddr *, socklen_t,
	    const struct scan_addr *, const void *, size_t, int, int *,
	    int *, const char **, char *, size_t *);
int	scan_udp_settle(int, const struct sockaddr *, int *, char *,
	    size_t *);
int	scan_udp_errno(int);

#endif /* SCAN_UDP_H */
