/*
 * target.c: scan target parsing.  Pure: no I/O, no resolution; addresses
 * and blocks are parsed by cidr.c.
 *
 * A target is an IPv4 or IPv6 address ("[::1]" too), a CIDR block of
 * either ("127.0.0.0/29", "::1/128"; host bits are ignored, as every
 * scanner does, so "127.0.0.5/30" is 127.0.0.4-7), nmap's octet ranges
 * and lists ("198.18.0.1-5", "198.18.0-3.*", "198.18.0.1,7", "10.-.0.1":
 * each octet a set), or a host name.
 */
#include <sys/socket.h>

#include <stdio.h>
#include <string.h>

#include "parse/addr.h"
#include "parse/cidr.h"
#include "parse/target.h"
#include "util/base.h"

#define SHOWN	64	/* at most this much of a bad target is quoted */
#define OCT_HAS(set, v)	((set)[(v) >> 3] & (1U << ((v) & 7)))
#define OCT_FORM	"as nmap's: 198.18.0.1-5, 198.18.0-3.*, 198.18.0.1,7"

static int
is_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/*
 * A host name: letters, digits, '-', '_' and '.', labels of 1-63, 253 in
 * all; '%' and ':' are let through for scoped IPv6 names ("fe80::1%eth0"),
 * which only the resolver understands.
 */
static int
name_ok(const char *s)
{
	size_t n = strlen(s), label = 0, i;
	int c;

	if (n == 0 || n > 253 || s[0] == '-' || s[0] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '.') {
			if (label == 0)
				return 0;
			label = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '%' || c == ':'))
			return 0;
		if (++label > 63)
			return 0;
	}
	return 1;
}

/*
 * The host part of target s (before any '/', brackets dropped) into
 * host[TARGET_HOSTLEN]; *slash is the '/' or NULL.  Returns its length, or
 * -1 with err filled.
 */
static int
target_host(const char *s, const char **slash, char *host, char *err)
{
	const char *h = s;
	size_t hn;

	*slash = strchr(s, '/');
	hn = *slash != NULL ? (size_t)(*slash - s) : strlen(s);
	if (hn >= 2 && h[0] == '[' && h[hn - 1] == ']') {
		h++;
		hn -= 2;
		if (memchr(h, ':', hn) == NULL) {
			snprintf(err, SK_ERRLEN, "target %.*s: brackets are for "
			    "IPv6 addresses", SHOWN, s);
			return -1;
		}
	}
	if (hn == 0 || hn >= TARGET_HOSTLEN) {
		snprintf(err, SK_ERRLEN, hn == 0 ? "target %.*s: missing "
		    "address" : "target %.*s...: too long", SHOWN, s);
		return -1;
	}
	memcpy(host, h, hn);
	host[hn] = '\0';
	return (int)hn;
}

/*
 * A host that is no address: a name to resolve at scan time, or a
 * mistyped address, said as precisely as we can.  Returns 0 or -1.
 */
static int
target_name(const char *s, const char *host, size_t hn, int prefixed,
    struct target *t, char *err)
{
	if (is_digits(host) && !prefixed)
		snprintf(err, SK_ERRLEN, "target %.*s: not an address (ports "
		    "go after -p)", SHOWN, s);
	else if (addr_check_literal(host, hn, err) == -1)
		return -1;	/* in the words every command uses */
	else if (!name_ok(host))
		snprintf(err, SK_ERRLEN, "target %.*s: bad host name", SHOWN,
		    s);
	else if (prefixed)
		snprintf(err, SK_ERRLEN, "target %.*s: a prefix length needs "
		    "an address, not a name", SHOWN, s);
	else {
		t->family = AF_UNSPEC;
		memcpy(t->name, host, hn + 1);
		t->count = 1;
		return 0;
	}
	return -1;
}

/*
 * An address block c (of target s, written with host) into t: an IPv4-
 * mapped address stays IPv6.
 */
static int
target_block(const char *host, const struct cidr *c, struct target *t)
{
	static const uint8_t v4mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};
	unsigned int hostbits;
	int plen;

	t->family = c->family;
	t->prefix = c->len;
	memcpy(t->base, c->addr, sizeof(t->base));
	if (c->family == AF_INET && strchr(host, ':') != NULL) {
		/*
		 * cidr_pton reads ::ffff:a.b.c.d as IPv4; a target stays the
		 * IPv6 address it was written as, for -6 and -s.
		 */
		memcpy(t->base, v4mapped, sizeof(v4mapped));
		memcpy(t->base + 12, c->addr, 4);
		t->family = AF_INET6;
		t->prefix = c->len + 96;
	}
	plen = t->family == AF_INET ? 32 : 128;
	hostbits = (unsigned int)(plen - t->prefix);
	t->count = hostbits < 64 ? 1ULL << hostbits : UINT64_MAX;
	return 0;
}

/* a, an IPv4 address as a number, into out in network order; out. */
static const uint8_t *
addr4(uint32_t a, uint8_t out[4])
{
	out[0] = (uint8_t)(a >> 24);
	out[1] = (uint8_t)(a >> 16);
	out[2] = (uint8_t)(a >> 8);
	out[3] = (uint8_t)a;
	return out;
}

/*
 * The number at *p, an octet of target s, into *v; *p past it.
 * Returns 0, or -1 with err filled.
 */
static int
octet_num(const char *s, const char **p, unsigned int *v, char *err)
{
	size_t n = strspn(*p, "0123456789");
	unsigned long x = 0;
	size_t i;

	if (n == 0) {
		snprintf(err, SK_ERRLEN, "target %.*s: bad octet range (%s)",
		    SHOWN, s, OCT_FORM);
		return -1;
	}
	for (i = 0; i < n && x <= 255; i++)
		x = x * 10 + (unsigned long)((*p)[i] - '0');
	if (x > 255) {
		snprintf(err, SK_ERRLEN, "target %.*s: %.*s is past 255: an "
		    "octet is 0-255 (%s)", SHOWN, s, (int)(n > 8 ? 8 : n), *p,
		    OCT_FORM);
		return -1;
	}
	*v = (unsigned int)x;
	*p += n;
	return 0;
}

/*
 * One octet of target s at *p, nmap's way ("*", "1-5", "1,7", "-5",
 * "250-", "-"), into set; *p at the '.' or NUL after it.  Returns 0,
 * or -1 with err filled.
 */
static int
octet_part(const char *s, const char **p, uint8_t set[32], char *err)
{
	unsigned int lo, hi, v;

	if (**p == '*') {
		memset(set, 0xff, 32);
		(*p)++;
	} else
		for (;;) {
			lo = 0;
			if (**p != '-' && octet_num(s, p, &lo, err) == -1)
				return -1;
			hi = lo;
			if (**p == '-') {
				(*p)++;
				hi = 255;
				if (**p >= '0' && **p <= '9' &&
				    octet_num(s, p, &hi, err) == -1)
					return -1;
			}
			if (lo > hi) {
				snprintf(err, SK_ERRLEN, "target %.*s: %u-%u runs "
				    "backwards: write %u-%u", SHOWN, s, lo, hi,
				    hi, lo);
				return -1;
			}
			for (v = lo; v <= hi; v++)
				set[v >> 3] |= (uint8_t)(1U << (v & 7));
			if (**p != ',')
				break;
			(*p)++;
		}
	if (**p != '.' && **p != '\0') {
		snprintf(err, SK_ERRLEN, "target %.*s: bad octet range (%s)",
		    SHOWN, s, OCT_FORM);
		return -1;
	}
	return 0;
}

/* Counts the runs target_runs finds. */
static int
run_count(const uint8_t first[4], const uint8_t last[4], void *arg)
{
	(void)first;
	(void)last;
	return ++*(uint64_t *)arg > TARGET_RUNS_MAX ? -1 : 0;
}

/*
 * host, of target s, as nmap's octet ranges into t.  Returns 0, or -1
 * with err filled.
 */
static int
target_octets(const char *s, const char *host, struct target *t, char *err)
{
	const char *p = host;
	uint64_t runs = 0;
	unsigned int v, n;
	int i;

	t->count = 1;
	for (i = 0; i < 4; i++) {
		if (i > 0 && *p++ != '.')
			break;
		if (octet_part(s, &p, t->oct[i], err) == -1)
			return -1;
		for (v = 0, n = 0; v < 256; v++)
			n += OCT_HAS(t->oct[i], v) != 0;
		for (v = 0; !OCT_HAS(t->oct[i], v); v++)
			;
		t->base[i] = (uint8_t)v;
		t->count *= n;
	}
	if (i < 4 || *p != '\0') {
		snprintf(err, SK_ERRLEN, "target %.*s: an octet range has four "
		    "octets (%s)", SHOWN, s, OCT_FORM);
		return -1;
	}
	t->family = AF_INET;
	t->prefix = 32;
	t->octets = 1;
	if (target_runs(t, run_count, &runs) == -1) {
		snprintf(err, SK_ERRLEN, "target %.*s: more than %d runs of "
		    "addresses: write it as CIDR blocks", SHOWN, s,
		    TARGET_RUNS_MAX);
		return -1;
	}
	return 0;
}

/* A walk of an octet range's runs: the run being merged, fn. */
struct walk {
	const struct target *t;
	int		 k;		/* trailing octets that are 0-255 */
	int		 have;
	uint64_t	 cur, end;
	int	(*fn)(const uint8_t first[4], const uint8_t last[4], void *arg);
	void		*arg;
};

/* Run [lo, hi] to w: merged with the one before when they touch. */
static int
walk_emit(struct walk *w, uint64_t lo, uint64_t hi)
{
	uint8_t f[4], l[4];

	if (w->have && lo == w->end + 1) {
		w->end = hi;
		return 0;
	}
	if (w->have && w->fn(addr4((uint32_t)w->cur, f),
	    addr4((uint32_t)w->end, l), w->arg) == -1)
		return -1;
	w->cur = lo;
	w->end = hi;
	w->have = 1;
	return 0;
}

/*
 * The runs under prefix pfx of octets [0, i): each value of octet i in
 * turn; past the prefix octets, a run of 256^k addresses, or (k 0) the
 * last octet's runs.  The work is in the runs made, never in the
 * addresses: a /8 written 10.*.*.* is one.
 */
static int
walk_octets(struct walk *w, int i, uint64_t pfx)
{
	const uint8_t *o = w->t->oct[i < 4 ? i : 3];
	unsigned int v, lo;
	int np = w->k > 0 ? 4 - w->k : 3;

	if (i == np && w->k > 0)
		return walk_emit(w, pfx << (8 * w->k),
		    ((pfx + 1) << (8 * w->k)) - 1);
	for (v = 0; v < 256; v++) {
		if (!OCT_HAS(o, v))
			continue;
		if (i < np) {
			if (walk_octets(w, i + 1, pfx << 8 | v) == -1)
				return -1;
			continue;
		}
		for (lo = v; v + 1 < 256 && OCT_HAS(o, v + 1); v++)
			;
		if (walk_emit(w, pfx << 8 | lo, pfx << 8 | v) == -1)
			return -1;
	}
	return 0;
}

/*
 * An octet range's addresses as runs of consecutive ones, in order, each
 * to fn (first and last, network order), those that touch merged.
 * Returns 0, or -1 as soon as fn does.
 */
int
target_runs(const struct target *t,
    int (*fn)(const uint8_t first[4], const uint8_t last[4], void *arg),
    void *arg)
{
	struct walk w;
	uint8_t f[4], l[4];
	int i;

	memset(&w, 0, sizeof(w));
	w.t = t;
	w.fn = fn;
	w.arg = arg;
	for (w.k = 0; w.k < 4; w.k++) {
		for (i = 0; i < 32 && t->oct[3 - w.k][i] == 0xff; i++)
			;
		if (i < 32)
			break;
	}
	if (walk_octets(&w, 0, 0) == -1)
		return -1;
	return w.have ? fn(addr4((uint32_t)w.cur, f), addr4((uint32_t)w.end,
	    l), arg) : 0;
}

/*
 * Parse target s into t.  Addresses and blocks are cidr_pton's (the one
 * address and prefix parser, shared with --allow/--deny); what is left
 * here is telling a host name from a mistyped address.  Returns 0, or -1
 * with err filled ("target 127.0.0.0/33: prefix length out of range
 * (0-32)").
 */
int
target_parse(const char *s, struct target *t, char *err)
{
	struct cidr c;
	char host[TARGET_HOSTLEN], text[TARGET_HOSTLEN + 8];
	const char *slash, *errstr;
	int hn;

	memset(t, 0, sizeof(*t));
	if (*s == '\0') {
		snprintf(err, SK_ERRLEN, "empty target");
		return -1;
	}
	if ((hn = target_host(s, &slash, host, err)) == -1)
		return -1;
	if (cidr_pton(host, &c, &errstr) == -1 && slash == NULL &&
	    host[strspn(host, "0123456789.,-*")] == '\0' &&
	    strpbrk(host, ",-*") != NULL)
		return target_octets(s, host, t, err);
	if (cidr_pton(host, &c, &errstr) == -1)
		return target_name(s, host, (size_t)hn, slash != NULL, t, err);
	if (slash != NULL) {
		/*
		 * The block again, without the brackets.  A prefix too long
		 * for text is more than three digits, bad cut short or not.
		 */
		(void)snprintf(text, sizeof(text), "%s%s", host, slash);
		if (cidr_pton(text, &c, &errstr) == -1) {
			snprintf(err, SK_ERRLEN, "target %.*s: %s", SHOWN, s,
			    errstr);
			return -1;
		}
	}
	return target_block(host, &c, t);
}

/*
 * The i-th address of an address target into out (4 or 16 bytes, network
 * order).  Returns the address length, or -1 if t is a name or i is past
 * the end.
 */
int
target_addr(const struct target *t, uint64_t i, uint8_t *out)
{
	size_t alen;
	uint64_t carry = i;
	int k;

	if (t->family == AF_INET)
		alen = 4;
	else if (t->family == AF_INET6)
		alen = 16;
	else
		return -1;
	if (i >= t->count && t->count != UINT64_MAX)
		return -1;
	memcpy(out, t->base, alen);
	/* add i to the address; the host bits are zero so nothing overflows */
	for (k = (int)alen - 1; k >= 0 && carry != 0; k--) {
		carry += out[k];
		out[k] = (uint8_t)(carry & 0xff);
		carry >>= 8;
	}
	return (int)alen;
}
