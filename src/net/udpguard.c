/*
 * net/udpguard.c: what udp-serve's --echo and --hello never answer, and
 * the rate of replies to one address (udpguard.h).
 *
 * The ports come from BSD inetd, whose built-in UDP services (echo,
 * discard, daytime, chargen, time) face the same loops: OpenBSD's
 * dg_badinput refuses a datagram from any port below IPPORT_RESERVED
 * (1024) and from NFS's 2049, FreeBSD's check_loop one from the port of
 * any built-in service.  Below 1024 lie every service of the loop DoS
 * class (CVE-2024-2169: echo 7, systat 11, daytime 13, qotd 17, chargen
 * 19, time 37, DNS 53, TFTP 69, NTP 123, NetBIOS 137 and 138, SNMP 161
 * and 162); above it, those that answer a query from anyone too: SSDP
 * 1900 and mDNS 5353.  A client's port is never one of them: the kernel
 * picks its ports from 32768 up, and only root binds below 1024.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/dgram.h"
#include "net/net.h"
#include "net/udpguard.h"
#include "parse/hello.h"
#include "util/clock.h"
#include "util/sesstab.h"

#define UG_ENDS		64	/* bytes of each end a reply's hash takes */
#define UG_MILLI	1000	/* a reply's cost in tokens */

/* What a source was last sent. */
struct ug_src {
	uint32_t	 hash;		/* ug_hash of the last reply */
	size_t		 len;		/* its length */
	long long	 at;		/* when it went; 0: none yet */
	int		 repeats;	/* that reply back, so often running */
	int		 self;		/* the listener's own address */
};

/* An address's bucket: tokens in thousandths of a reply. */
struct ug_bucket {
	long long	 tokens;
	long long	 at;		/* when last filled */
};

struct udpguard {
	struct sesstab	 tab;		/* the sources, by address and port */
	struct ug_src	*src;		/* by source */
	struct ug_bucket *bucket;	/* by the table's address entry */
	long long	 rate;
	struct sockaddr_storage self;	/* the listener's address */
	int		 v6only;
	unsigned char	 selfport[2];
	struct mono_tally tally[UDPGUARD_NWHY];
};

int
udpguard_port_bad(unsigned int port)
{
	return port < 1024 || port == 1900 || port == 2049 || port == 5353;
}

/* FNV-1a of len and up to UG_ENDS bytes of each end of data. */
static uint32_t
ug_hash(const char *data, size_t len)
{
	const unsigned char *p = (const unsigned char *)data;
	uint32_t h = 2166136261u ^ (uint32_t)len;
	size_t i, head = len < 2 * UG_ENDS ? len : UG_ENDS;

	for (i = 0; i < head; i++)
		h = (h ^ p[i]) * 16777619u;
	for (i = len - (len < 2 * UG_ENDS ? 0 : UG_ENDS); i < len; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

struct udpguard *
udpguard_new(int fd, int rate)
{
	struct udpguard *g;
	socklen_t len = sizeof(g->self);
	unsigned char key[NET_ADDR_KEYLEN];

	if ((g = calloc(1, sizeof(*g))) == NULL)
		return NULL;
	g->rate = rate;
	if (getsockname(fd, (struct sockaddr *)&g->self, &len) == 0 &&
	    net_addr_key((struct sockaddr *)&g->self, key) == 0)
		memcpy(g->selfport, key + 16, 2);
	g->v6only = net_v6only(fd);
	g->src = calloc(UDPGUARD_SOURCES, sizeof(*g->src));
	g->bucket = calloc(UDPGUARD_SOURCES, sizeof(*g->bucket));
	if (g->src == NULL || g->bucket == NULL ||
	    sesstab_init(&g->tab, UDPGUARD_SOURCES, (uint32_t)mono_us()) ==
	    -1) {
		udpguard_free(g);
		errno = ENOMEM;
		return NULL;
	}
	return g;
}

void
udpguard_free(struct udpguard *g)
{
	if (g == NULL)
		return;
	sesstab_free(&g->tab);
	free(g->src);
	free(g->bucket);
	free(g);
}

/*
 * The source of key (from) at now: found, or made in the place of the
 * one seen least recently, its address's bucket full if it is new.
 */
static int
ug_source(struct udpguard *g, const unsigned char *key,
    const struct sockaddr *from, long long now)
{
	struct ug_src *s;
	int i;

	if ((i = sesstab_find(&g->tab, key)) != -1) {
		sesstab_touch(&g->tab, i, now);
		return i;
	}
	if (g->tab.n == g->tab.cap)
		sesstab_del(&g->tab, sesstab_oldest(&g->tab));
	/* never full here: one was deleted above if it was */
	i = sesstab_add(&g->tab, key, now);
	s = &g->src[i];
	memset(s, 0, sizeof(*s));
	/* a wildcard's own addresses are the interfaces': asked once */
	s->self = memcmp(key + 16, g->selfport, 2) == 0 &&
	    net_reaches((struct sockaddr *)&g->self, g->v6only, from);
	if (g->tab.p[g->tab.e[i].peer].count == 1) {
		g->bucket[g->tab.e[i].peer].tokens = g->rate * UG_MILLI;
		g->bucket[g->tab.e[i].peer].at = now;
	}
	return i;
}

/*
 * Is data (len bytes) the reply last sent to s, back for the
 * UDPGUARD_REPEATS + 1st time running, each soon after it?
 */
static int
ug_loops(struct ug_src *s, const char *data, size_t len, long long now)
{
	if (s->at != 0 && len == s->len && now - s->at <= UDPGUARD_LOOP_MS &&
	    ug_hash(data, len) == s->hash)
		return ++s->repeats > UDPGUARD_REPEATS;
	s->repeats = 0;
	return 0;
}

/* Up to n replies from source i's address's bucket at now: how many. */
static size_t
ug_spend(struct udpguard *g, int i, size_t n, long long now)
{
	struct ug_bucket *b = &g->bucket[g->tab.e[i].peer];
	long long have;

	if (now > b->at) {
		b->tokens += (now - b->at) * g->rate;
		if (b->tokens > g->rate * UG_MILLI)
			b->tokens = g->rate * UG_MILLI;
		b->at = now;
	}
	have = b->tokens / UG_MILLI;
	if ((long long)n > have)
		n = (size_t)have;
	b->tokens -= (long long)n * UG_MILLI;
	return n;
}

size_t
udpguard_check(struct udpguard *g, const struct dgram *e, int hello,
    long long now, enum udpguard_why *why)
{
	const struct sockaddr *from = (const struct sockaddr *)&e->addr;
	unsigned char key[NET_ADDR_KEYLEN];
	struct ug_src *s = NULL;
	size_t n = dgram_count(e), first, off;
	int i;

	if (net_addr_key(from, key) == -1)
		return n;	/* no port: nothing to come back through */
	first = e->seg > 0 && e->len > e->seg ? e->seg : e->len;
	i = -1;
	if (udpguard_port_bad((unsigned int)key[16] << 8 | key[17]))
		*why = UDPGUARD_PORT;
	else if ((s = &g->src[i = ug_source(g, key, from, now)])->self)
		*why = UDPGUARD_SELF;
	else if (hello && hello_is_reply(e->buf, first))
		*why = UDPGUARD_HELLO;
	else if (!hello && ug_loops(s, e->buf, first, now))
		*why = UDPGUARD_LOOP;
	else if (g->rate > 0 && !net_addr_loopback(from) &&
	    (n = ug_spend(g, i, n, now)) == 0)
		*why = UDPGUARD_RATE_OVER;
	else {
		if (!hello) {
			/* the echo's last reply: the run's last answered */
			off = e->seg > 0 ? (n - 1) * e->seg : 0;
			s->len = e->len - off < first ? e->len - off : first;
			s->hash = ug_hash(e->buf + off, s->len);
			s->at = now;
		}
		if (n < dgram_count(e))
			*why = UDPGUARD_RATE_OVER;
		return n;
	}
	return 0;
}

long long
udpguard_tally(struct udpguard *g, enum udpguard_why why, long long now)
{
	return mono_tally(&g->tally[why], now, 1000);
}
