/*
 * addrset.h: a set of IPv4 and IPv6 addresses held as ranges, for the
 * targets of portscan.  Pure: no I/O, so the unit tests and the fuzzer
 * link it alone.
 *
 * Ranges are added in the order the user gave them, each with a tag (the
 * host name it came from, or NULL), and exclusions beside them; building
 * the set drops every address seen before (counted in dups) and every
 * excluded one (counted in excluded), and numbers what is left: the
 * addresses of the first range added, in ascending order, then those of
 * the next that were not seen yet, and so on.  addrset_get turns a number
 * into its address and addrset_find an address into its number, each by
 * a binary search, so memory grows with the ranges, never with the
 * addresses: a /8 is one range.
 */
#ifndef ADDRSET_H
#define ADDRSET_H

#include <stddef.h>
#include <stdint.h>

struct as_u128 {
	uint64_t	hi, lo;
};

struct as_range {
	int		 family;	/* AF_INET, AF_INET6 */
	struct as_u128	 first, last;	/* inclusive; IPv4 in lo */
	uint64_t	 base;		/* built: the number of first */
	size_t		 seq;		/* the addition it came from */
	const char	*tag;		/* the caller's: a name, or NULL */
};

struct addrset {
	struct as_range	*r;		/* added; built: in scan order */
	size_t		 n, cap;
	struct as_range	*byaddr;	/* built: r again, by address */
	struct as_range	*ex;		/* exclusions */
	size_t		 nex, capex;
	uint64_t	 count;		/* built: addresses in the set */
	uint64_t	 dups;		/* built: repeats dropped */
	uint64_t	 excluded;	/* built: addresses excluded */
	double		 size;		/* built: count, also past 2^64 */
	int		 built;
};

void	addrset_init(struct addrset *s);
int	addrset_add(struct addrset *s, int family, const uint8_t *first,
	    const uint8_t *last, const char *tag);
int	addrset_add_block(struct addrset *s, int family, const uint8_t *base,
	    int prefix, const char *tag);
int	addrset_exclude(struct addrset *s, int family, const uint8_t *first,
	    const uint8_t *last);
int	addrset_exclude_block(struct addrset *s, int family,
	    const uint8_t *base, int prefix);
int	addrset_build(struct addrset *s);
int	addrset_get(const struct addrset *s, uint64_t i, int *family,
	    uint8_t *addr, const char **tag);
int	addrset_find(const struct addrset *s, int family, const uint8_t *addr,
	    uint64_t *i);
void	addrset_free(struct addrset *s);

#endif /* ADDRSET_H */
