/*
 * scan/order.c: which probe comes next.  The probe space, numbered as
 * scan.h says, mapped back to a protocol, an address and a port; the
 * keyed permutation that gives -r its random order with no table; the
 * retry queue, whose probes go before the next in order; and what a
 * probe sends an open port (--probe's bytes, --probe http's request for
 * its host) and the name it is sent as (SNI, a proxy's request).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/net.h"
#include "parse/probe_bytes.h"
#include "scan/scan.h"
#include "scan/scan_int.h"
#include "scan/targets.h"
#include "util/hash.h"

/* A round's function of half a block: the keyed mix, masked. */
#define FEISTEL_F(x, seed, round, mask) (hash_mix64((x) ^ (seed) ^ \
	(uint64_t)((round) + 1) * 0x9e3779b97f4a7c15ULL) & (mask))

/*
 * The halves of a Feistel block for [0, n): the smallest even power of
 * two >= n, halved.  Returns the bits of a half, their mask in *mask.
 */
static int
feistel_half(uint64_t n, uint64_t *mask)
{
	int bits = 2;

	while (bits < 64 && (1ULL << bits) < n)
		bits += 2;
	*mask = (1ULL << (bits / 2)) - 1;
	return bits / 2;
}

/*
 * A keyed bijection of [0, n): a four-round Feistel network over
 * feistel_half's block, cycle-walked back into range.  Gives -r a
 * random order with no table, however large the scan.
 */
uint64_t
scan_permute(uint64_t i, uint64_t n, uint64_t seed)
{
	uint64_t l, r, t, mask;
	int half, round;

	if (n <= 1 || i >= n)
		return i;
	half = feistel_half(n, &mask);
	do {
		l = i >> half;
		r = i & mask;
		for (round = 0; round < 4; round++) {
			t = r;
			r = l ^ FEISTEL_F(r, seed, round, mask);
			l = t;
		}
		i = (l << half) | r;
	} while (i >= n);
	return i;
}

/* scan_permute undone: its rounds backwards, walked back the same way. */
static uint64_t
scan_unpermute(uint64_t i, uint64_t n, uint64_t seed)
{
	uint64_t l, r, t, mask;
	int half, round = 4;

	if (n <= 1 || i >= n)
		return i;
	half = feistel_half(n, &mask);
	do {
		for (l = i >> half, r = i & mask; round-- > 0; r = t) {
			t = l;
			l = r ^ FEISTEL_F(l, seed, round, mask);
		}
		round = 4;
		i = (l << half) | r;
	} while (i >= n);
	return i;
}

/* The probes in cfg's shard. */
static uint64_t
shard_size(const struct scan_config *cfg)
{
	uint64_t n = probe_total(cfg);

	return n > cfg->shard_i ? (n - cfg->shard_i + cfg->shard_n - 1) /
	    cfg->shard_n : 0;
}

/*
 * The scan's seed, and what follows from it: the probes' order and -sS's
 * source ports, a run of workers above 40000 (a resumed scan sets its
 * file's seed, so both come back the same).
 */
void
scan_seed(struct scan_config *cfg, uint64_t seed)
{
	cfg->seed = seed;
	cfg->syn_port = (uint16_t)(40000 + seed % 20000);
}

/*
 * A probe's place in its shard's order (take_probe's position): what
 * --resume counts, as scan_config.start does.
 */
uint64_t
scan_probe_seq(const struct scan_config *cfg, uint64_t probe)
{
	uint64_t k = probe / cfg->shard_n;

	return cfg->random ? scan_unpermute(k, shard_size(cfg), cfg->seed) :
	    k;
}

/*
 * The probe at place k of its shard's order: scan_probe_seq undone
 * (--resume reads places back).  UINT64_MAX: no such place.
 */
uint64_t
scan_seq_probe(const struct scan_config *cfg, uint64_t k)
{
	uint64_t n = shard_size(cfg);

	if (k >= n)
		return UINT64_MAX;
	return (cfg->random ? scan_permute(k, n, cfg->seed) : k) *
	    cfg->shard_n + cfg->shard_i;
}

/* Probes in the scan: every protocol, address and port. */
uint64_t
probe_total(const struct scan_config *cfg)
{
	return (uint64_t)(cfg->nprotos > 0 ? cfg->nprotos : 1) *
	    cfg->naddrs * cfg->nports;
}

/*
 * The protocol of a probe: SCAN_TCP or SCAN_UDP (host discovery's -PU,
 * and an echo through an ICMP datagram socket, are datagram probes, as
 * UDP's).
 */
int
probe_proto(const struct scan_config *cfg, uint64_t probe)
{
	int k;

	/* a port scan's probes have no kinds: one test on its path */
	if (cfg->kinds != NULL) {
		k = cfg->kinds[probe % cfg->nports];
		if (k == SCAN_K_UDP || (!cfg->syn && k == SCAN_K_ECHO))
			return SCAN_UDP;
	}
	if (cfg->protos == NULL || cfg->nprotos == 0)
		return SCAN_TCP;
	return cfg->protos[probe / ((uint64_t)cfg->naddrs * cfg->nports)];
}

void
probe_addr(const struct scan_config *cfg, uint64_t probe,
    struct sockaddr_storage *ss, socklen_t *len)
{
	uint64_t k = probe % ((uint64_t)cfg->naddrs * cfg->nports);
	const struct scan_addr *a;
	struct scan_addr at;
	uint16_t port = htons(cfg->ports[k % cfg->nports]);

	if (cfg->addrs == NULL) {
		/* scan_target_index's, without a call on every probe */
		k /= cfg->nports;
		scan_target_get(&cfg->targets.set, cfg->targets.up != NULL ?
		    cfg->targets.up[k] : k, &at, NULL);
		a = &at;
	} else
		a = &cfg->addrs[k / cfg->nports];
	memcpy(ss, &a->ss, a->len);
	*len = a->len;
	if (ss->ss_family == AF_INET)
		((struct sockaddr_in *)ss)->sin_port = port;
	else
		((struct sockaddr_in6 *)ss)->sin6_port = port;
}

/* The address index of a probe. */
size_t
probe_ai(const struct scan_config *cfg, uint64_t probe)
{
	return (size_t)(probe % ((uint64_t)cfg->naddrs * cfg->nports) /
	    cfg->nports);
}

int
rq_push(struct worker *wk, uint64_t probe, int tries)
{
	struct retry *n;

	if (wk->rq_len == wk->rq_cap) {
		size_t cap = wk->rq_cap ? wk->rq_cap * 2 : 64;

		if ((n = realloc(wk->rq, cap * sizeof(*n))) == NULL)
			return -1;
		wk->rq = n;
		wk->rq_cap = cap;
	}
	wk->rq[wk->rq_len].probe = probe;
	wk->rq[wk->rq_len].tries = tries;
	wk->rq_len++;
	return 0;
}

/* --resume: past the places done already (scan_config.skip). */
void
skip_done(struct worker *wk)
{
	const struct scan_config *cfg = wk->cfg;
	size_t lo, hi, mid;

	while (cfg->nskip > 0 && wk->next < wk->shard_total) {
		for (lo = 0, hi = cfg->nskip; lo < hi; ) {
			mid = lo + (hi - lo) / 2;
			if (cfg->skip[mid] < wk->next)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == cfg->nskip || cfg->skip[lo] != wk->next)
			return;
		wk->next += wk->step;
	}
}

int
have_work(const struct worker *wk)
{
	return wk->rq_len > 0 || wk->next < wk->shard_total;
}

/* The next probe to start: a retry first, else the next in order. */
uint64_t
take_probe(struct worker *wk, int *tries)
{
	const struct scan_config *cfg = wk->cfg;
	uint64_t k;

	if (wk->rq_len > 0) {
		wk->rq_len--;
		*tries = wk->rq[wk->rq_len].tries;
		return wk->rq[wk->rq_len].probe;
	}
	k = wk->next;
	wk->next += wk->step;
	if (cfg->nskip > 0)
		skip_done(wk);
	*tries = 0;
	if (cfg->random)
		k = scan_permute(k, wk->shard_total, cfg->seed);
	return k * cfg->shard_n + cfg->shard_i;
}

/* A probe's kind (cfg->kinds, host discovery's), SCAN_K_PORT without. */
int
scan_probe_kind(const struct scan_config *cfg, uint64_t probe)
{
	return cfg->kinds != NULL ? cfg->kinds[probe % cfg->nports] :
	    SCAN_K_PORT;
}

/*
 * Has cfg a datagram probe through a socket: a UDP port, or host
 * discovery's -PU?  (-sS without one polls its raw sockets alone.)
 */
int
scan_has_udp(const struct scan_config *cfg)
{
	size_t i;

	for (i = 0; cfg->protos != NULL && i < cfg->nprotos; i++)
		if (cfg->protos[i] == SCAN_UDP)
			return 1;
	for (i = 0; cfg->kinds != NULL && i < cfg->nports; i++)
		if (cfg->kinds[i] == SCAN_K_UDP)
			return 1;
	return 0;
}

/* A probe's protocol, address index and port, as the probe space has them. */
void
scan_probe_split(const struct scan_config *cfg, uint64_t probe, int *proto,
    size_t *ai, unsigned int *port)
{
	*proto = probe_proto(cfg, probe);
	*ai = probe_ai(cfg, probe);
	*port = cfg->ports[probe % cfg->nports];
}

void
scan_probe_at(const struct scan_config *cfg, uint64_t probe, int *proto,
    size_t *ai, unsigned int *port)
{
	scan_probe_split(cfg, probe, proto, ai, port);
	*ai = (size_t)scan_target_index(cfg, *ai);
}

/*
 * Probe k's host as text into host, and the name its target gave it
 * into *name: NULL for an address, or where cfg sends none (by_addr).
 */
static void
probe_target(const struct scan_config *cfg, uint64_t k, char *host,
    size_t len, const char **name)
{
	unsigned int port;
	size_t ai;
	int pr;

	int pn;

	scan_probe_split(cfg, k, &pr, &ai, &port);
	*name = NULL;
	if (cfg->addrs == NULL)
		scan_target_str(&cfg->targets.set, scan_target_index(cfg, ai),
		    host, len, name);
	else if (net_addr_str((const struct sockaddr *)&cfg->addrs[ai].ss,
	    cfg->addrs[ai].len, host, len, &pn) == -1)
		snprintf(host, len, "?");
	if (cfg->by_addr)
		*name = NULL;
}

/*
 * What probe k of cfg sends an open port before its banner is read
 * (scan_config.probe): its bytes, or with probe_http a HEAD request
 * naming the host as the target named it, else by its address.  Returns
 * their length, 0 for none or when they do not fit cap.
 */
size_t
scan_probe_bytes(const struct scan_config *cfg, uint64_t k, char *buf,
    size_t cap)
{
	const char *name;
	char host[SK_HOSTLEN];
	unsigned int port;
	size_t ai;
	int pr;

	if (!cfg->probe_http) {
		if (cfg->probe_len > cap)
			return 0;
		memcpy(buf, cfg->probe, cfg->probe_len);
		return cfg->probe_len;
	}
	scan_probe_split(cfg, k, &pr, &ai, &port);
	probe_target(cfg, k, host, sizeof(host), &name);
	if (name != NULL)
		snprintf(host, sizeof(host), "%s", name);
	return probe_http(host, port, buf, cap);
}

/*
 * The name probe k's host is sent as SNI and its certificate checked
 * against (--probe tls), and a proxy asked for: the name its target
 * gave, into buf.  Returns 1, or 0 for an address, which gets neither,
 * a name too long, or a cfg that sends none.
 */
int
scan_probe_sni(const struct scan_config *cfg, uint64_t k, char *buf,
    size_t cap)
{
	const char *name;
	char host[SK_HOSTLEN];
	size_t n;

	probe_target(cfg, k, host, sizeof(host), &name);
	if (name == NULL || (n = strlen(name)) >= cap)
		return 0;
	memcpy(buf, name, n + 1);
	return 1;
}
