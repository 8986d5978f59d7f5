/*
 * target.h: scan targets ("host.example", "127.0.0.1", "::1",
 * "127.0.0.0/29", "::1/128"), parsed without I/O.  A literal or a CIDR
 * block expands to its addresses here; a host name is left for the caller
 * to resolve (net_resolve).  A block may be of any size: how many
 * probes a scan may send without asking is the caller's to decide, and
 * portscan holds a block as one range of addresses (addrset.c), never
 * as a table of them.  nmap's octet ranges and lists ("198.18.0.1-5",
 * "198.18.0-3.*", "198.18.0.1,7") are a target too: a set per octet,
 * walked as runs of consecutive addresses (target_runs).
 */
#ifndef TARGET_H
#define TARGET_H

#include <stddef.h>
#include <stdint.h>

#define TARGET_HOSTLEN		256	/* a host name and its NUL */

struct target {
	int		family;		/* AF_INET, AF_INET6; AF_UNSPEC: name */
	char		name[TARGET_HOSTLEN];	/* the host name, when family is 0 */
	uint8_t		base[16];	/* first address, network byte order */
	int		prefix;		/* prefix length of the block */
	uint64_t	count;		/* addresses (1 for a name); UINT64_MAX
					   for 2^64 and more */
	int		octets;		/* an octet range: oct holds it */
	uint8_t		oct[4][32];	/* each octet's values, a bit each */
};

#define TARGET_RUNS_MAX	1048576	/* runs an octet range may make */

int	target_runs(const struct target *t,
	    int (*fn)(const uint8_t first[4], const uint8_t last[4], void *arg),
	    void *arg);

int	target_parse(const char *s, struct target *t, char *err);
int	target_addr(const struct target *t, uint64_t i, uint8_t *out);

#endif /* TARGET_H */
