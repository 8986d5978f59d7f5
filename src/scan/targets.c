/*
 * scan/targets.c: the addresses of a scan as ranges (scan/targets.h).  A
 * name is scanned on every address it resolves to, each kept beside the
 * name; an exclusion leaves out an address in either spelling, so that
 * 127.0.0.1 leaves out ::ffff:127.0.0.1 too.  And -s, the address the
 * probes leave from, one per family.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "net/net.h"
#include "parse/addrset.h"
#include "parse/cidr.h"
#include "parse/targetfile.h"
#include "scan/scan.h"
#include "scan/targets.h"
#include "util/base.h"

/* The address bytes of an IPv4 or IPv6 result, or NULL for another. */
static const uint8_t *
ai_bytes(const struct addrinfo *ai)
{
	if (ai->ai_family == AF_INET)
		return (const uint8_t *)&((struct sockaddr_in *)
		    (void *)ai->ai_addr)->sin_addr;
	if (ai->ai_family == AF_INET6)
		return (const uint8_t *)&((struct sockaddr_in6 *)
		    (void *)ai->ai_addr)->sin6_addr;
	return NULL;
}

/*
 * Every address of res, a name's, in the resolver's order, into set once
 * each (getaddrinfo may repeat one: no duplicate target), tagged with
 * spec; seen, unless NULL, is told of each.  Returns how many there were
 * (0: none of IPv4 or IPv6), or -1 out of memory.
 */
int
scan_targets_add_ai(struct addrset *set, const struct addrinfo *res,
    const char *spec, void (*seen)(const struct addrinfo *ai, void *arg),
    void *arg)
{
	const struct addrinfo *ai, *bi;
	const uint8_t *a;
	int n = 0;

	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((a = ai_bytes(ai)) == NULL)
			continue;
		for (bi = res; bi != ai; bi = bi->ai_next)
			if (bi->ai_addrlen == ai->ai_addrlen &&
			    memcmp(bi->ai_addr, ai->ai_addr,
			    ai->ai_addrlen) == 0)
				break;
		if (bi != ai)
			continue;
		n++;
		if (seen != NULL)
			seen(ai, arg);
		if (addrset_add(set, ai->ai_family, a, a, spec) == -1)
			return -1;
	}
	return n;
}

/* Every address of res, an excluded name's, into ex.  0, or -1. */
int
scan_exclude_add_ai(struct exclude *ex, const struct addrinfo *res)
{
	const struct addrinfo *ai;
	const uint8_t *a;

	for (ai = res; ai != NULL; ai = ai->ai_next)
		if ((a = ai_bytes(ai)) != NULL &&
		    exclude_add_addr(ex, ai->ai_family, a) == -1)
			return -1;
	return 0;
}

/*
 * The exclusions ex into the set, each also in the other family's
 * spelling, as cidr_match matches them: 127.0.0.1 leaves out
 * ::ffff:127.0.0.1 too, and ::ffff:0:0/96 every IPv4 address.  Returns
 * 0, or -1 out of memory.
 */
int
scan_targets_exclude(struct addrset *set, const struct exclude *ex)
{
	static const uint8_t v4mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};
	const struct cidr *c;
	uint8_t a[16];
	size_t i;
	int bits;

	for (i = 0; i < ex->nnets; i++) {
		c = &ex->nets[i];
		if (addrset_exclude_block(set, c->family, c->addr,
		    c->len) == -1)
			return -1;
		if (c->family == AF_INET) {
			memcpy(a, v4mapped, 12);
			memcpy(a + 12, c->addr, 4);
			if (addrset_exclude_block(set, AF_INET6, a,
			    c->len + 96) == -1)
				return -1;
			continue;
		}
		/* the part of an IPv6 block within ::ffff:0:0/96 */
		bits = c->len < 96 ? c->len : 96;
		memcpy(a, v4mapped, 12);
		if (memcmp(a, c->addr, (size_t)bits / 8) != 0 || (bits % 8 &&
		    (a[bits / 8] ^ c->addr[bits / 8]) >> (8 - bits % 8)))
			continue;
		if (addrset_exclude_block(set, AF_INET, c->addr + 12,
		    c->len < 96 ? 0 : c->len - 96) == -1)
			return -1;
	}
	return 0;
}

/*
 * Address i of the set into a, with the name it came from (or NULL) into
 * *name if not NULL.
 */
void
scan_target_get(const struct addrset *set, uint64_t i, struct scan_addr *a,
    const char **name)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)(void *)&a->ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)(void *)&a->ss;
	uint8_t raw[16];
	int fam;

	memset(a, 0, sizeof(*a));
	if (addrset_get(set, i, &fam, raw, name) == -1) {
		/* past the end: a caller's bug, never an address to probe */
		if (name != NULL)
			*name = NULL;
		return;
	}
	if (fam == AF_INET) {
		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, raw, 4);
		a->len = sizeof(*s4);
	} else {
		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, raw, 16);
		a->len = sizeof(*s6);
	}
}

/*
 * Resolve -s addr into a source address per family: the first of each
 * into s4 and s6, *has4 and *has6 set for those found.  Returns 0, or -1
 * with err.
 */
int
scan_source_resolve(const char *s, const struct net_opts *no,
    struct scan_addr *s4, struct scan_addr *s6, int *has4, int *has6,
    char *err)
{
	struct addrinfo *res, *ai;

	if (net_resolve(s, NULL, no, 1, &res, err) == -1)
		return -1;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		struct scan_addr *d = ai->ai_family == AF_INET ? s4 :
		    ai->ai_family == AF_INET6 ? s6 : NULL;
		int *has = ai->ai_family == AF_INET ? has4 : has6;

		if (d == NULL || *has || ai->ai_addrlen > sizeof(d->ss))
			continue;
		memset(d, 0, sizeof(*d));
		memcpy(&d->ss, ai->ai_addr, ai->ai_addrlen);
		d->len = (socklen_t)ai->ai_addrlen;
		*has = 1;
	}
	freeaddrinfo(res);
	return 0;
}

/* Address i of set as text into buf, the name it came from into *name. */
void
scan_target_str(const struct addrset *set, uint64_t i, char *buf,
    size_t len, const char **name)
{
	struct scan_addr a;
	int port;

	scan_target_get(set, i, &a, name);
	if (net_addr_str((const struct sockaddr *)&a.ss, a.len, buf, len,
	    &port) == -1)
		snprintf(buf, len, "?");
}

/*
 * The host of address i as a table (grep 0) or a grepable line (grep 1)
 * shows it: the address, and the name it came from beside it, "::1
 * (localhost)" in the table and "::1(localhost)" in -g, where it stays
 * one field.
 */
void
scan_target_label(const struct addrset *set, uint64_t i, int grep,
    char *buf, size_t len)
{
	const char *name;
	char host[SK_HOSTLEN];

	scan_target_str(set, i, host, sizeof(host), &name);
	if (name == NULL)
		snprintf(buf, len, "%s", host);
	else
		snprintf(buf, len, "%s%s(%s)", host, grep ? "" : " ", name);
}

/* The length of IPv4 address a (host order) in dots and decimals. */
static size_t
v4_len(uint32_t a)
{
	size_t w = 3;
	int s;

	for (s = 0; s < 32; s += 8)
		w += (a >> s & 255) >= 100 ? 3 : (a >> s & 255) >= 10 ? 2 : 1;
	return w;
}

/*
 * The longest IPv4 address from f to l as text, without formatting
 * them: l, or below l where an octet of l is one less and those after
 * it 255 (no address between them is longer: an octet's digits grow
 * with its value), the octet kept at or above f's where the octets
 * before it are f's.
 */
static size_t
v4_widest(uint32_t f, uint32_t l)
{
	uint32_t hi, o, lo;
	size_t w = v4_len(l), c;
	int s;

	for (s = 24; s >= 0; s -= 8) {
		hi = s == 24 ? 0 : ~0u << (s + 8);
		o = l >> s & 255;
		lo = ((l ^ f) & hi) == 0 ? (f >> s & 255) : 0;
		if (o > lo && (c = v4_len((l & hi) | (o - 1) << s |
		    ((1u << s) - 1))) > w)
			w = c;
	}
	return w;
}

/*
 * The width of a table's host column: as wide as the widest label of
 * the n addresses of set, exact when n is at most exact (an IPv4
 * range's widest worked out, an IPv6 one's addresses each formatted);
 * beyond, the widest its families and names could need rather than
 * format millions of addresses; at least 4 ("HOST"), at most max.
 */
int
scan_targets_width(const struct addrset *set, uint64_t n, uint64_t exact,
    size_t max)
{
	char host[SK_HOSTLEN + TARGET_HOSTLEN + 4];
	const struct as_range *r;
	uint64_t k;
	size_t i, w, width = 4;

	for (i = 0; i < set->n; i++) {
		r = &set->r[i];
		/* IPv6 (its zeros compressed): each address formatted */
		for (k = r->base; n <= exact && r->family != AF_INET &&
		    k < (i + 1 < set->n ? r[1].base : set->count); k++) {
			scan_target_label(set, k, 0, host, sizeof(host));
			if ((w = strlen(host)) > width)
				width = w;
		}
		/* 255.255.255.255, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff */
		w = r->family == AF_INET ? 15 : 39;
		if (n <= exact)
			w = r->family == AF_INET ? v4_widest((uint32_t)
			    r->first.lo, (uint32_t)r->last.lo) : 0;
		if (r->tag != NULL && w > 0)
			w += strlen(r->tag) + 3;
		if (w > width)
			width = w;
	}
	return (int)(width < max ? width : max);
}

/*
 * The index in cfg's set of its address ai: itself, or after host
 * discovery that of the ai'th host up.
 */
uint64_t
scan_target_index(const struct scan_config *cfg, uint64_t ai)
{
	return cfg->targets.up != NULL ? cfg->targets.up[ai] : ai;
}
