/*
 * target.c: scan target parsing.  Pure: no I/O, no resolution; addresses
 * and blocks are parsed by cidr.c.
 *
 * A target is an IPv4 or IPv6 address ("[::1]" too), a CIDR block of
 * either ("127.0.0.0/29", "::1/128"; host bits are ignored, as every
 * scanner does, so "127.0.0.5/30" is 127.0.0.4-7), or a host name.
 */
#include <sys/socket.h>

#include <stdio.h>
#include <string.h>

#include "parse/addr.h"
#include "parse/cidr.h"
#include "parse/target.h"
#include "util/base.h"

#define SHOWN	64	/* at most this much of a bad target is quoted */

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
