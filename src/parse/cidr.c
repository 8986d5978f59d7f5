/*
 * cidr.c: parse "ADDR" or "ADDR/LEN" for IPv4 and IPv6 and match addresses
 * against the block.  Pure: no I/O and no name resolution, so a typo in an
 * access list is an error rather than a DNS lookup.
 *
 * IPv4-mapped IPv6 (::ffff:a.b.c.d) is IPv4 for every purpose here: a
 * dual-stack listener sees IPv4 peers in that form, and a user writing
 * 10.0.0.0/8 means them too.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "parse/cidr.h"
#include "util/base.h"

#define CIDR_MAXTEXT	(INET6_ADDRSTRLEN + 4)

static const uint8_t v4mapped[12] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};

/* Clear the bits past the prefix, so equal blocks compare equal. */
static void
cidr_clear_host(struct cidr *c)
{
	int nbytes = c->family == AF_INET ? 4 : 16, i;

	for (i = 0; i < nbytes; i++) {
		int keep = c->len - i * 8;

		if (keep <= 0)
			c->addr[i] = 0;
		else if (keep < 8)
			c->addr[i] &= (uint8_t)(0xff << (8 - keep));
	}
}

/*
 * Parse s into c.  A bare address is a block of one (/32 or /128).  Host
 * bits after the prefix are ignored (10.1.2.3/8 is 10.0.0.0/8), as in
 * most access lists.  Returns 0, or -1 with *errstr the reason
 * ("prefix length out of range (0-32)"), for callers that quote s in
 * their own words (portscan targets).
 */
int
cidr_pton(const char *s, struct cidr *c, const char **errstr)
{
	char text[CIDR_MAXTEXT];
	const char *slash;
	size_t alen, i;
	int max, len = -1;

	memset(c, 0, sizeof(*c));
	if (*s == '\0') {
		*errstr = "empty address";
		return -1;
	}
	*errstr = "not an IPv4 or IPv6 address";
	slash = strchr(s, '/');
	alen = slash != NULL ? (size_t)(slash - s) : strlen(s);
	if (alen == 0 || alen >= sizeof(text))
		return -1;
	memcpy(text, s, alen);
	text[alen] = '\0';
	if (strchr(text, '%') != NULL) {
		*errstr = "scoped addresses (%zone) are not supported";
		return -1;
	}
	if (inet_pton(AF_INET, text, c->addr) == 1) {
		c->family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, text, c->addr) == 1) {
		c->family = AF_INET6;
		max = 128;
	} else
		return -1;
	if (slash != NULL) {
		const char *p = slash + 1;

		/* one to three digits, no sign, no spaces */
		for (i = 0, len = 0; p[i] != '\0'; i++) {
			if (p[i] < '0' || p[i] > '9' || i >= 3) {
				len = -1;
				break;
			}
			len = len * 10 + (p[i] - '0');
		}
		if (i == 0 || len == -1) {
			*errstr = "prefix length is not a number";
			return -1;
		}
		if (len > max) {
			*errstr = max == 32 ? "prefix length out of range "
			    "(0-32)" : "prefix length out of range (0-128)";
			return -1;
		}
	} else
		len = max;
	c->len = len;
	/* ::ffff:a.b.c.d/N with N >= 96 is the IPv4 block a.b.c.d/(N-96) */
	if (c->family == AF_INET6 && len >= 96 &&
	    memcmp(c->addr, v4mapped, sizeof(v4mapped)) == 0) {
		memmove(c->addr, c->addr + 12, 4);
		memset(c->addr + 4, 0, 12);
		c->family = AF_INET;
		c->len = len - 96;
	}
	cidr_clear_host(c);
	return 0;
}

/*
 * cidr_pton with the reason in a sentence that quotes s: returns 0, or
 * -1 with err filled ("10.0.0.0/33: prefix length out of range (0-32)").
 */
int
cidr_parse(const char *s, struct cidr *c, char *err)
{
	const char *errstr;

	if (cidr_pton(s, c, &errstr) == 0)
		return 0;
	if (*s == '\0')
		snprintf(err, SK_ERRLEN, "%s", errstr);
	else
		snprintf(err, SK_ERRLEN, "%.64s: %s", s, errstr);
	return -1;
}

/* Do the first len bits of a and b agree? */
static int
prefix_eq(const uint8_t *a, const uint8_t *b, int len)
{
	int whole = len / 8, rest = len % 8;

	if (memcmp(a, b, (size_t)whole) != 0)
		return 0;
	if (rest == 0)
		return 1;
	return ((a[whole] ^ b[whole]) & (uint8_t)(0xff << (8 - rest))) == 0;
}

/*
 * Is the address (family AF_INET with 4 bytes, or AF_INET6 with 16) inside
 * the block?  An IPv4-mapped IPv6 address is matched as IPv4, and an IPv4
 * address against an IPv6 block as its mapped form.  Returns 1 or 0.
 */
int
cidr_match(const struct cidr *c, int family, const uint8_t *addr)
{
	uint8_t buf[16];

	if (family == AF_INET6 && memcmp(addr, v4mapped, 12) == 0) {
		family = AF_INET;
		addr += 12;
	}
	if (family == c->family)
		return prefix_eq(c->addr, addr, c->len);
	if (family == AF_INET && c->family == AF_INET6) {
		memcpy(buf, v4mapped, 12);
		memcpy(buf + 12, addr, 4);
		return prefix_eq(c->addr, buf, c->len);
	}
	return 0;
}

/* cidr_match for a socket address; any family but IP matches nothing. */
int
cidr_match_sa(const struct cidr *c, const struct sockaddr *sa)
{
	const struct sockaddr_in *sin;
	const struct sockaddr_in6 *sin6;

	switch (sa->sa_family) {
	case AF_INET:
		sin = (const struct sockaddr_in *)(const void *)sa;
		return cidr_match(c, AF_INET,
		    (const uint8_t *)&sin->sin_addr);
	case AF_INET6:
		sin6 = (const struct sockaddr_in6 *)(const void *)sa;
		return cidr_match(c, AF_INET6,
		    (const uint8_t *)&sin6->sin6_addr);
	default:
		return 0;
	}
}

/*
 * Write the block as "ADDR/LEN" into buf.  Returns 0, or -1 if it does not
 * fit (errno ENOSPC).
 */
int
cidr_format(const struct cidr *c, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];
	int n;

	if (inet_ntop(c->family, c->addr, a, sizeof(a)) == NULL)
		return -1;
	n = snprintf(buf, size, "%s/%d", a, c->len);
	if (n < 0 || (size_t)n >= size) {
		errno = ENOSPC;
		return -1;
	}
	return 0;
}
