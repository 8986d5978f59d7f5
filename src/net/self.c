/*
 * net/self.c: would a dial reach one of our own listeners?  A forwarder
 * or a proxy sent to the address it listens on takes its own output for
 * a new client, for ever (issue 55: udp-serve 5600 --to 198.18.0.2:5600
 * on a host with that address).  What the host owns is 127/8, ::1, the
 * unspecified addresses (a dial to 0.0.0.0 reaches this host) and every
 * interface's address (getifaddrs); a listener bound to a wildcard
 * takes them all, one bound to an address only that one.  A link-local
 * IPv6 address names a link too: fe80::1 on one interface is not
 * fe80::1 on another, so the scopes must agree where both are given.
 * And is a datagram from a forwarder's own target?  A session for it
 * would hand the target's replies back to the target, and its answers
 * back to the forwarder, for ever.
 *
 * The proxies' guard (net_addr_inward) takes the link-local blocks too:
 * a stranger sent there reaches what only this host should.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <ifaddrs.h>
#include <netdb.h>

#include <stdint.h>
#include <string.h>

#include "net/net.h"

static const unsigned char v4pre[12] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};

/* Is key (net_addr_key) an IPv4 address? */
static int
key_v4(const unsigned char *k)
{
	return memcmp(k, v4pre, 12) == 0;
}

/* 0.0.0.0 or :: */
static int
key_any(const unsigned char *k)
{
	static const unsigned char zero[16];

	return memcmp(k + (key_v4(k) ? 12 : 0), zero, key_v4(k) ? 4 : 16) == 0;
}

/* 127/8 or ::1 */
static int
key_loopback(const unsigned char *k)
{
	static const unsigned char lo6[16] = { [15] = 1 };

	return key_v4(k) ? k[12] == 127 : memcmp(k, lo6, 16) == 0;
}

/* The scope of a link-local IPv6 address (its interface), else 0. */
static uint32_t
scope_of(const struct sockaddr *sa)
{
	const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)
	    (const void *)sa;

	if (sa->sa_family != AF_INET6 || !IN6_IS_ADDR_LINKLOCAL(&s6->sin6_addr))
		return 0;
	return s6->sin6_scope_id;
}

/* Do the scopes of a and b (scope_of) let them be one address? */
static int
same_scope(const struct sockaddr *a, const struct sockaddr *b)
{
	uint32_t sa = scope_of(a), sb = scope_of(b);

	return sa == 0 || sb == 0 || sa == sb;
}

int
net_addr_loopback(const struct sockaddr *sa)
{
	unsigned char k[NET_ADDR_KEYLEN];

	if (sa->sa_family == AF_UNIX)
		return 1;
	return net_addr_key(sa, k) == 0 && key_loopback(k);
}

int
net_addr_local(const struct sockaddr *sa)
{
	unsigned char k[NET_ADDR_KEYLEN], ik[NET_ADDR_KEYLEN];
	struct ifaddrs *ifs, *i;
	int mine = 0;

	if (net_addr_key(sa, k) == -1)
		return 0;
	if (key_any(k) || key_loopback(k))
		return 1;
	if (getifaddrs(&ifs) == -1)
		return 0;
	for (i = ifs; i != NULL && !mine; i = i->ifa_next)
		mine = i->ifa_addr != NULL && net_addr_key(i->ifa_addr,
		    ik) == 0 && memcmp(k, ik, 16) == 0 &&
		    same_scope(sa, i->ifa_addr);
	freeifaddrs(ifs);
	return mine;
}

int
net_addr_inward(const struct sockaddr *sa)
{
	unsigned char k[NET_ADDR_KEYLEN];

	if (net_addr_key(sa, k) == -1)
		return 0;
	/*
	 * 0.0.0.0/8 and :: (a dial to 0.0.0.0 reaches this host), the
	 * link-local blocks; then 127/8, ::1 and the interfaces' own
	 */
	if (key_v4(k) ? k[12] == 0 || (k[12] == 169 && k[13] == 254) :
	    key_any(k) || (k[0] == 0xfe && (k[1] & 0xc0) == 0x80))
		return 1;
	return net_addr_local(sa);
}

int
net_reaches(const struct sockaddr *bound, int v6only,
    const struct sockaddr *to)
{
	unsigned char kb[NET_ADDR_KEYLEN], kt[NET_ADDR_KEYLEN];
	static const unsigned char port0[2];

	if (net_addr_key(bound, kb) == -1 || net_addr_key(to, kt) == -1 ||
	    memcmp(kb + 16, kt + 16, 2) != 0 || memcmp(kt + 16, port0, 2) == 0)
		return 0;
	if (key_any(kb))
		/* 0.0.0.0 takes IPv4 only; :: both, unless IPV6_V6ONLY (listen
		 * -6: an IPv6 listener bridging to IPv4 on its own port is
		 * no loop) */
		return (key_v4(kb) ? key_v4(kt) : !v6only || !key_v4(kt)) &&
		    net_addr_local(to);
	return (memcmp(kb, kt, 16) == 0 && same_scope(bound, to)) ||
	    (key_any(kt) && key_loopback(kb) && key_v4(kb) == key_v4(kt));
}

int
net_from_target(const struct sockaddr *from, const unsigned char *key,
    const struct sockaddr *to, const struct addrinfo *all, int to_local)
{
	unsigned char kt[NET_ADDR_KEYLEN];
	const struct addrinfo *ai;

	if (net_addr_key(to, kt) == -1 || memcmp(key + 16, kt + 16, 2) != 0)
		return 0;
	if (memcmp(key, kt, 16) == 0)
		return 1;
	for (ai = all; ai != NULL; ai = ai->ai_next)
		if (net_addr_key(ai->ai_addr, kt) == 0 &&
		    memcmp(key, kt, 16) == 0)
			return 1;
	/* one bound to a wildcard answers at each of the host's addresses */
	return to_local && net_addr_local(from);
}

int
net_reaches_fd(int lfd, const struct sockaddr *to)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(lfd, (struct sockaddr *)&ss, &len) == -1)
		return 0;
	return net_reaches((struct sockaddr *)&ss, net_v6only(lfd), to);
}

int
net_v6only(int fd)
{
	int on = 0;
	socklen_t len = sizeof(on);

	if (getsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, &len) == -1)
		return 0;	/* not IPv6: the question does not arise */
	return on != 0;
}
