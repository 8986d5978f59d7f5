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

int	cidr_pton(const char *s, struct cidr *c, const char **errstr);
int	cidr_parse(const char *s, struct cidr *c, char *err);
int	cidr_match(const struct cidr *c, int family, const uint8_t *addr);
int	cidr_match_sa(const struct cidr *c, const struct sockaddr *sa);
int	cidr_format(const struct cidr *c, char *buf, size_t size);

#endif /* CIDR_H */
