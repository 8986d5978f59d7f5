/*
 * cidr.h: IPv4 and IPv6 addresses and CIDR blocks, parsed and matched.
 * Pure (no I/O, no resolution): the unit tests and the fuzzer link it
 * alone.  Used by the servers' --allow/--deny and by portscan targets.
 */
#ifndef CIDR_H
#define CIDR_H

#include <sys/types.h>
#include <sys/socket.h>

#include <stdint.h>

struct cidr {
	int	family;		/* AF_INET or AF_INET6 */
	int	len;		/* prefix length: 0-32 or 0-128 */
	uint8_t	addr[16];	/* network order, host bits cleared */
};

int	cidr_pton(const char *, struct cidr *, const char **);
int	cidr_parse(const char *, struct cidr *, char *);
int	cidr_match(const struct cidr *, int, const uint8_t *);
int	cidr_match_sa(const struct cidr *, const struct sockaddr *);
int	cidr_format(const struct cidr *, char *, size_t);

#endif /* CIDR_H */
