/*
 * addrset.c: address ranges for portscan's targets (addrset.h).  Pure:
 * no I/O.
 *
 * Addresses are 128-bit numbers, two uint64_t; an IPv4 address is its 32
 * bits in the low word.  Building sorts the ranges added by address and
 * sweeps them with a heap of those that cover the sweep's position,
 * keyed by the order they were added: the least is the first one that
 * named the address, which owns it.  Each piece of the sweep goes to its
 * owner, the exclusions are cut out of the pieces, and the pieces sorted
 * back into the order of their owners are the scan order.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse/addrset.h"
#include "util/grow.h"

static int
u_cmp(struct as_u128 a, struct as_u128 b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	return a.lo < b.lo ? -1 : a.lo > b.lo;
}

static struct as_u128
u_add(struct as_u128 a, uint64_t b)
{
	a.lo += b;
	if (a.lo < b)
		a.hi++;
	return a;
}

static struct as_u128
u_sub(struct as_u128 a, struct as_u128 b)
{
	struct as_u128 d;

	d.lo = a.lo - b.lo;
	d.hi = a.hi - b.hi - (a.lo < b.lo);
	return d;
}

/* The last address of family: 2^32 - 1 or 2^128 - 1. */
static struct as_u128
u_max(int family)
{
	struct as_u128 m;

	m.hi = family == AF_INET ? 0 : UINT64_MAX;
	m.lo = family == AF_INET ? 0xffffffffULL : UINT64_MAX;
	return m;
}

static int
alen(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

static struct as_u128
u_from(int family, const uint8_t *a)
{
	struct as_u128 u = { 0, 0 };
	int i, n = alen(family);

	for (i = 0; i < n; i++) {
		if (n == 16 && i < 8)
			u.hi = u.hi << 8 | a[i];
		else
			u.lo = u.lo << 8 | a[i];
	}
	return u;
}

static void
u_to(int family, struct as_u128 u, uint8_t *a)
{
	int i, n = alen(family);

	for (i = n - 1; i >= 0; i--) {
		if (n == 16 && i < 8) {
			a[i] = (uint8_t)u.hi;
			u.hi >>= 8;
		} else {
			a[i] = (uint8_t)u.lo;
			u.lo >>= 8;
		}
	}
}

/* Addresses from first to last, saturated at UINT64_MAX. */
static uint64_t
u_count(struct as_u128 first, struct as_u128 last)
{
	struct as_u128 d = u_sub(last, first);

	return d.hi != 0 || d.lo == UINT64_MAX ? UINT64_MAX : d.lo + 1;
}

static uint64_t
r_size(const struct as_range *r)
{
	return u_count(r->first, r->last);
}

static double
r_size_d(const struct as_range *r)
{
	struct as_u128 d = u_sub(r->last, r->first);

	return (double)d.hi * 18446744073709551616.0 + (double)d.lo + 1;
}

static uint64_t
sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

void
addrset_init(struct addrset *s)
{
	memset(s, 0, sizeof(*s));
}

/*
 * A range [first, last] of family into s's exclusions if exclude, else
 * its ranges.  Returns 0, or -1 with errno EINVAL (no such family, last
 * before first, the set built) or ENOMEM.
 */
static int
put(struct addrset *s, int exclude, int family, const uint8_t *first,
    const uint8_t *last, const char *tag)
{
	struct as_range **v = exclude ? &s->ex : &s->r;
	struct as_range r;
	size_t *n = exclude ? &s->nex : &s->n;
	size_t *cap = exclude ? &s->capex : &s->cap;

	memset(&r, 0, sizeof(r));
	r.family = family;
	if (alen(family) == 0 || s->built) {
		errno = EINVAL;
		return -1;
	}
	r.first = u_from(family, first);
	r.last = u_from(family, last);
	if (u_cmp(r.first, r.last) > 0) {
		errno = EINVAL;
		return -1;
	}
	if (grow((void **)v, *n, cap, sizeof(**v)) == -1)
		return -1;
	r.seq = *n;
	r.tag = tag;
	(*v)[(*n)++] = r;
	return 0;
}

/* The first and last address of block base/prefix into first, last. */
static int
block(int family, const uint8_t *base, int prefix, uint8_t *first,
    uint8_t *last)
{
	int i, n = alen(family), keep;

	if (n == 0 || prefix < 0 || prefix > n * 8) {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; i < n; i++) {
		keep = prefix - i * 8;
		if (keep >= 8) {
			first[i] = last[i] = base[i];
			continue;
		}
		first[i] = keep <= 0 ? 0 : base[i] & (uint8_t)(0xff << (8 -
		    keep));
		last[i] = first[i] | (keep <= 0 ? 0xff : 0xff >> keep);
	}
	return 0;
}

/*
 * Add the addresses first to last of family (4 or 16 bytes each, network
 * order), tagged tag.  Returns 0, or -1 with errno EINVAL or ENOMEM.
 */
int
addrset_add(struct addrset *s, int family, const uint8_t *first,
    const uint8_t *last, const char *tag)
{
	return put(s, 0, family, first, last, tag);
}

/* Add block base/prefix, its host bits ignored.  As addrset_add. */
int
addrset_add_block(struct addrset *s, int family, const uint8_t *base,
    int prefix, const char *tag)
{
	uint8_t first[16], last[16];

	if (block(family, base, prefix, first, last) == -1)
		return -1;
	return addrset_add(s, family, first, last, tag);
}

/* Leave the addresses first to last out, wherever added.  As above. */
int
addrset_exclude(struct addrset *s, int family, const uint8_t *first,
    const uint8_t *last)
{
	return put(s, 1, family, first, last, NULL);
}

int
addrset_exclude_block(struct addrset *s, int family, const uint8_t *base,
    int prefix)
{
	uint8_t first[16], last[16];

	if (block(family, base, prefix, first, last) == -1)
		return -1;
	return addrset_exclude(s, family, first, last);
}

/* By family, then first address, then the order added. */
static int
cmp_addr(const void *a, const void *b)
{
	const struct as_range *x = a, *y = b;
	int c;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	if ((c = u_cmp(x->first, y->first)) != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* By the order added, then first address: the scan order. */
static int
cmp_seq(const void *a, const void *b)
{
	const struct as_range *x = a, *y = b;

	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return u_cmp(x->first, y->first);
}

/* A min-heap of indices into r, by r[].seq. */
struct heap {
	size_t	*v;
	size_t	 n;
};

static void
heap_push(struct heap *h, const struct as_range *r, size_t x)
{
	size_t i = h->n++, p;

	while (i > 0 && r[h->v[p = (i - 1) / 2]].seq > r[x].seq) {
		h->v[i] = h->v[p];
		i = p;
	}
	h->v[i] = x;
}

static void
heap_pop(struct heap *h, const struct as_range *r)
{
	size_t i = 0, c, x = h->v[--h->n];

	while ((c = 2 * i + 1) < h->n) {
		if (c + 1 < h->n && r[h->v[c + 1]].seq < r[h->v[c]].seq)
			c++;
		if (r[h->v[c]].seq >= r[x].seq)
			break;
		h->v[i] = h->v[c];
		i = c;
	}
	if (h->n > 0)
		h->v[i] = x;
}

/*
 * Sweep r (n ranges sorted by cmp_addr) into out: disjoint pieces in
 * address order, each with the seq and tag of the first range that
 * covers it.  out has room for 2n.  Returns the pieces, or -1 (ENOMEM).
 */
static ssize_t
sweep(const struct as_range *r, size_t n, struct as_range *out)
{
	struct heap h;
	const struct as_range *top;
	struct as_u128 cur = { 0, 0 }, end;
	size_t i = 0, k = 0;
	int fam = 0;

	if ((h.v = calloc(n + 1, sizeof(*h.v))) == NULL)
		return -1;
	h.n = 0;
	for (;;) {
		while (h.n > 0 && u_cmp(r[h.v[0]].last, cur) < 0)
			heap_pop(&h, r);
		if (h.n == 0) {
			if (i == n)
				break;
			fam = r[i].family;
			cur = r[i].first;
		}
		while (i < n && r[i].family == fam &&
		    u_cmp(r[i].first, cur) == 0)
			heap_push(&h, r, i++);
		top = &r[h.v[0]];
		end = top->last;
		if (i < n && r[i].family == fam && u_cmp(r[i].first, end) <= 0)
			end = u_sub(r[i].first, (struct as_u128){ 0, 1 });
		out[k] = *top;
		out[k].first = cur;
		out[k++].last = end;
		if (u_cmp(end, u_max(fam)) == 0) {
			h.n = 0;	/* the end of the family's addresses */
			continue;
		}
		cur = u_add(end, 1);
	}
	free(h.v);
	return (ssize_t)k;
}

/* Sort the exclusions and merge those that overlap or touch. */
static void
ex_merge(struct addrset *s)
{
	size_t i, k = 0;

	if (s->nex == 0)
		return;
	qsort(s->ex, s->nex, sizeof(*s->ex), cmp_addr);
	for (i = 1; i < s->nex; i++) {
		struct as_range *p = &s->ex[k], *e = &s->ex[i];

		if (e->family == p->family && (u_cmp(p->last,
		    u_max(p->family)) == 0 || u_cmp(e->first,
		    u_add(p->last, 1)) <= 0)) {
			if (u_cmp(e->last, p->last) > 0)
				p->last = e->last;
		} else
			s->ex[++k] = *e;
	}
	s->nex = k + 1;
}

/*
 * Cut the exclusions (merged) out of the n pieces of seg (disjoint, in
 * address order) into out, with room for n + nex.  Returns the pieces
 * left; adds the addresses cut to s->excluded.
 */
static size_t
cut(struct addrset *s, const struct as_range *seg, size_t n,
    struct as_range *out)
{
	const struct as_range *e;
	struct as_range p;
	struct as_u128 lo, hi;
	size_t i, j = 0, k, m = 0;

	for (i = 0; i < n; i++) {
		p = seg[i];
		while (j < s->nex && (s->ex[j].family < p.family ||
		    (s->ex[j].family == p.family &&
		    u_cmp(s->ex[j].last, p.first) < 0)))
			j++;
		for (k = j; ; k++) {
			if (k == s->nex || s->ex[k].family != p.family ||
			    u_cmp(s->ex[k].first, p.last) > 0) {
				out[m++] = p;
				break;
			}
			e = &s->ex[k];
			lo = u_cmp(e->first, p.first) > 0 ? e->first : p.first;
			hi = u_cmp(e->last, p.last) < 0 ? e->last : p.last;
			s->excluded = sat_add(s->excluded, u_count(lo, hi));
			if (u_cmp(e->first, p.first) > 0) {
				out[m] = p;
				out[m++].last = u_sub(e->first,
				    (struct as_u128){ 0, 1 });
			}
			if (u_cmp(e->last, p.last) >= 0)
				break;
			p.first = u_add(e->last, 1);
		}
	}
	return m;
}

/*
 * Number the pieces p (n, in scan order), joining neighbours that
 * continue each other with the same tag.  Returns the pieces left.
 */
static size_t
number(struct addrset *s, struct as_range *p, size_t n)
{
	size_t i, k = 0;

	s->count = 0;
	s->size = 0;
	for (i = 0; i < n; i++) {
		if (k > 0 && p[k - 1].family == p[i].family &&
		    p[k - 1].tag == p[i].tag &&
		    u_cmp(p[k - 1].last, u_max(p[i].family)) != 0 &&
		    u_cmp(u_add(p[k - 1].last, 1), p[i].first) == 0) {
			p[k - 1].last = p[i].last;
			continue;
		}
		p[k++] = p[i];
	}
	for (i = 0; i < k; i++) {
		p[i].base = s->count;
		s->count = sat_add(s->count, r_size(&p[i]));
		s->size += r_size_d(&p[i]);
	}
	return k;
}

/*
 * Build the set: drop repeats and exclusions, number what is left.
 * Returns 0, or -1 with errno ENOMEM, or EOVERFLOW when the set holds
 * 2^64 - 1 addresses or more (count, dups, excluded and size are set
 * then, for the caller to say how many; the set cannot be read).
 */
int
addrset_build(struct addrset *s)
{
	struct as_range *seg, *out;
	ssize_t nseg;
	uint64_t given = 0, kept = 0;
	size_t i, n;

	if (s->built) {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; i < s->n; i++)
		given = sat_add(given, r_size(&s->r[i]));
	if (s->n > 0)
		qsort(s->r, s->n, sizeof(*s->r), cmp_addr);
	if ((seg = calloc(2 * s->n + 1, sizeof(*seg))) == NULL ||
	    (nseg = sweep(s->r, s->n, seg)) == -1 ||
	    (out = calloc((size_t)nseg + s->nex + 1, sizeof(*out))) == NULL) {
		free(seg);
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < (size_t)nseg; i++)
		kept = sat_add(kept, r_size(&seg[i]));
	s->dups = given == UINT64_MAX ? 0 : given - kept;
	ex_merge(s);
	n = cut(s, seg, (size_t)nseg, out);
	free(seg);
	if (n > 0)
		qsort(out, n, sizeof(*out), cmp_seq);
	n = number(s, out, n);
	free(s->r);
	s->r = out;
	s->n = s->cap = n;
	s->built = 1;
	if ((s->byaddr = calloc(n + 1, sizeof(*s->byaddr))) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	if (n > 0) {
		memcpy(s->byaddr, s->r, n * sizeof(*s->r));
		qsort(s->byaddr, n, sizeof(*s->byaddr), cmp_addr);
	}
	if (s->count == UINT64_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	return 0;
}

/*
 * Address number i into *family and addr (4 or 16 bytes, network order),
 * its tag into *tag if not NULL.  Returns 0, or -1 if i >= count.
 */
int
addrset_get(const struct addrset *s, uint64_t i, int *family, uint8_t *addr,
    const char **tag)
{
	size_t lo = 0, hi = s->n, mid;
	const struct as_range *r;

	if (!s->built || i >= s->count || s->count == UINT64_MAX)
		return -1;
	/* the last range with base <= i */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (s->r[mid].base <= i)
			lo = mid;
		else
			hi = mid;
	}
	r = &s->r[lo];
	*family = r->family;
	u_to(r->family, u_add(r->first, i - r->base), addr);
	if (tag != NULL)
		*tag = r->tag;
	return 0;
}

/*
 * The number of address addr (4 or 16 bytes) of family into *i.  Returns
 * 0, or -1 if the set does not hold it.
 */
int
addrset_find(const struct addrset *s, int family, const uint8_t *addr,
    uint64_t *i)
{
	struct as_range key;
	size_t lo = 0, hi = s->n, mid;
	const struct as_range *r;

	if (!s->built || s->n == 0 || alen(family) == 0 ||
	    s->count == UINT64_MAX)
		return -1;
	memset(&key, 0, sizeof(key));
	key.family = family;
	key.first = u_from(family, addr);
	key.seq = SIZE_MAX;
	/* the last range that starts at or before addr */
	if (cmp_addr(&s->byaddr[0], &key) > 0)
		return -1;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (cmp_addr(&s->byaddr[mid], &key) <= 0)
			lo = mid;
		else
			hi = mid;
	}
	r = &s->byaddr[lo];
	if (r->family != family || u_cmp(key.first, r->last) > 0)
		return -1;
	*i = r->base + u_sub(key.first, r->first).lo;
	return 0;
}

void
addrset_free(struct addrset *s)
{
	free(s->r);
	free(s->byaddr);
	free(s->ex);
	memset(s, 0, sizeof(*s));
}
