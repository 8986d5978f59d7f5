/*
 * target.h: scan targets ("host.example", "127.0.0.1", "::1",
 * "127.0.0.0/29", "::1/128"), parsed without I/O.  A literal or a CIDR
 * block expands to its addresses here; a host name is left for the caller
 * to resolve (net_resolve).  Blocks are bounded by TARGET_MAX_ADDRS so a
 * typo ("10.0.0.0/8") cannot start a scan of millions of hosts.  A block
 * refused as too big still leaves its family, base and prefix in the
 * target, with a count of 0, for a caller that says how big it was.
 */
#ifndef TARGET_H
#define TARGET_H

#include <stddef.h>
#include <stdint.h>

#define TARGET_MAX_ADDRS	65536	/* addresses in one block: a /16 */
#define TARGET_HOSTLEN		256	/* a host name and its NUL */

struct target {
	int		family;		/* AF_INET, AF_INET6; AF_UNSPEC: name */
	char		name[TARGET_HOSTLEN];	/* the host name, when family is 0 */
	uint8_t		base[16];	/* first address, network byte order */
	int		prefix;		/* prefix length of the block */
	uint32_t	count;		/* addresses (1 for a name) */
};

int	target_parse(const char *, struct target *, char *);
int	target_addr(const struct target *, uint32_t, uint8_t *);

#endif /* TARGET_H */
