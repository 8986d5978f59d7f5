/*
 * hostmap.h: fixed-size records keyed by a 64-bit number, for the hosts
 * portscan has results for and has not shown yet (--up, -oG).  Pure: no
 * I/O, so the unit tests link it alone.
 *
 * A hash with open addressing: memory grows with the records held, not
 * with the range of the keys, so a scan of a /8 that shows each host
 * once its probes are done holds only the hosts in progress.  A record
 * starts zeroed.  hostmap_put and hostmap_del move records: a pointer
 * one of them returned, or hostmap_get or hostmap_at, stays good only
 * until the next put or del.
 */
#ifndef HOSTMAP_H
#define HOSTMAP_H

#include <stddef.h>
#include <stdint.h>

struct hostmap {
	unsigned char	*v;		/* cap slots: key + 1 (0: empty), record */
	size_t		 cap;		/* slots: 0 or a power of two */
	size_t		 n;		/* records held */
	size_t		 size;		/* bytes of a record */
	size_t		 slot;		/* bytes of a slot */
};

void	 hostmap_init(struct hostmap *hm, size_t size);
void	*hostmap_get(const struct hostmap *hm, uint64_t key);
void	*hostmap_put(struct hostmap *hm, uint64_t key);
void	 hostmap_del(struct hostmap *hm, uint64_t key);
void	*hostmap_at(const struct hostmap *hm, size_t i, uint64_t *key);
uint64_t *hostmap_keys(const struct hostmap *hm);
void	 hostmap_free(struct hostmap *hm);

#endif /* HOSTMAP_H */
