/*
 * util/sesstab.h: the session table of the UDP forwarder (net/udpfwd.c):
 * sessions keyed by a client's address, in the order they were last
 * active, with a count per client IP.  Pure: no I/O, no clock (the
 * caller passes the time), so the unit test and the fuzz harness drive
 * it alone.
 *
 * A key is SESSTAB_KEYLEN bytes: the client's IPv6 address (an IPv4
 * client as its IPv4-mapped address, so one host is one host however it
 * reaches a dual-stack socket) and then its port, in network order; the
 * first SESSTAB_IPLEN bytes are the address the per-IP count keys on.
 * The table holds at most cap sessions, each an index 0 .. cap - 1 that
 * stays the session's until it is deleted, so the caller keeps what it
 * needs per session (a socket) in arrays of its own.  Lookups are
 * hashes with a seed (chosen by the caller, so a client cannot aim its
 * addresses at one chain); the recency order is a list, oldest first,
 * that sesstab_touch moves a session to the end of: the oldest idle
 * session, the one to drop for room and the first to expire, is its
 * head.  Every operation takes constant time but sesstab_init.
 *
 * sesstab_init makes room for cap (>= 1) sessions: 0, or -1 with errno
 * ENOMEM.  sesstab_find returns the session of key, or -1.
 * sesstab_add adds key (not present) active at now: its index, or -1
 * with errno ENOSPC when the table is full.  sesstab_touch marks
 * session i active at now (now never earlier than before: the caller's
 * clock is monotonic).  sesstab_del removes session i.
 * sesstab_oldest returns the least recently active session, or -1 when
 * there is none; sesstab_expired the same if it has been idle for
 * idle or longer at now, else -1.  sesstab_peers returns how many
 * sessions the IP of an SESSTAB_IPLEN-byte address holds.
 */
#ifndef SESSTAB_H
#define SESSTAB_H

#include <stddef.h>
#include <stdint.h>

#define SESSTAB_IPLEN	16
#define SESSTAB_KEYLEN	(SESSTAB_IPLEN + 2)

struct sesstab_ent {
	unsigned char	 key[SESSTAB_KEYLEN];
	int		 used;
	int		 prev, next;	/* the recency list; -1 ends it */
	int		 hnext;		/* the hash chain, or the free list */
	int		 peer;		/* its entry of the per-IP counts */
	long long	 last;		/* when last active */
};

struct sesstab_peer {
	unsigned char	 ip[SESSTAB_IPLEN];
	int		 count;		/* 0: free */
	int		 hnext;		/* the hash chain, or the free list */
};

struct sesstab {
	struct sesstab_ent *e;		/* cap sessions */
	struct sesstab_peer *p;		/* cap IPs at most */
	int		*bucket;	/* nbucket chains of sessions */
	int		*pbucket;	/* nbucket chains of IPs */
	size_t		 nbucket;	/* a power of two, >= 2 * cap */
	size_t		 cap;
	size_t		 n;		/* sessions held */
	int		 free, pfree;	/* free entries, chained by hnext */
	int		 head, tail;	/* the oldest, the newest; -1: none */
	uint32_t	 seed;
};

int	sesstab_init(struct sesstab *t, size_t cap, uint32_t seed);
void	sesstab_free(struct sesstab *t);
int	sesstab_find(const struct sesstab *t, const unsigned char *key);
int	sesstab_add(struct sesstab *t, const unsigned char *key, long long now);
void	sesstab_touch(struct sesstab *t, int i, long long now);
void	sesstab_del(struct sesstab *t, int i);
int	sesstab_oldest(const struct sesstab *t);
int	sesstab_expired(const struct sesstab *t, long long now, long long idle);
int	sesstab_peers(const struct sesstab *t, const unsigned char *ip);

#endif /* SESSTAB_H */
