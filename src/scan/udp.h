/*
 * scan/udp.h: one UDP probe, the UDP half of the scan engine (run.c).
 *
 * Core: never prints, never exits.  run.c owns the window, the
 * deadlines, the retries, the rate, the shards and the workers; these
 * two functions start a probe and settle it, returning a SCAN_* state
 * or one of the engine's outcomes SCAN_PENDING, SCAN_RESOURCE and
 * SCAN_FATAL (scan.h); scan/verdict.c says what an errno means.
 */
#ifndef SCAN_UDP_H
#define SCAN_UDP_H

#include <sys/types.h>
#include <sys/socket.h>

#include <stddef.h>

struct scan_addr;

/* One UDP probe: what to send where, and (out) what came of it. */
struct scan_udp_try {
	const struct sockaddr	*to;
	socklen_t		 tolen;
	const struct scan_addr	*src;		/* bind to it first, or NULL */
	const void		*payload;
	size_t			 plen;
	int			 reuse;		/* a settled probe's socket, or -1 */
	int			 ping;		/* an ICMP datagram socket's echo */
	int			 fd;		/* out: the socket, or -1 */
	int			 error;		/* out: the deciding errno */
	const char		*what;		/* out: the step that failed */
	char			*reply;		/* SCAN_BANNER_MAX bytes: the reply */
	size_t			 rlen;		/* out: its length */
};

int	scan_udp_start(struct scan_udp_try *t);
int	scan_udp_settle(int fd, const struct sockaddr *to, int *errp,
	    char *reply, size_t *rlen);

#endif /* SCAN_UDP_H */
