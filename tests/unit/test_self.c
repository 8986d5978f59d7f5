/*
 * Unit tests for net/self.c's net_reaches: would a dial reach the
 * listener itself (issue 55)?  And net_addr_loopback, net_addr_inward
 * (issue 60).  Loopback and wildcard addresses only, which
 * every host has, so the answers do not depend on this host's
 * interfaces.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <string.h>

#include "net/net.h"
#include "tap.h"

static struct sockaddr_storage
sa(const char *addr, int port)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)(void *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)(void *)&ss;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
	} else if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
	}
	return ss;
}

static int
reaches_in(const char *b, unsigned bscope, int v6only, const char *t,
    unsigned tscope, int tport)
{
	struct sockaddr_storage bs = sa(b, 5600), ts = sa(t, tport);

	if (bs.ss_family == AF_INET6)
		((struct sockaddr_in6 *)(void *)&bs)->sin6_scope_id = bscope;
	if (ts.ss_family == AF_INET6)
		((struct sockaddr_in6 *)(void *)&ts)->sin6_scope_id = tscope;
	return net_reaches((struct sockaddr *)&bs, v6only,
	    (struct sockaddr *)&ts);
}

static int
loopback(const char *a)
{
	struct sockaddr_storage ss = sa(a, 80);

	return net_addr_loopback((struct sockaddr *)&ss);
}

static int
inward(const char *a)
{
	struct sockaddr_storage ss = sa(a, 80);

	return net_addr_inward((struct sockaddr *)&ss);
}

static int
reaches(const char *b, int v6only, const char *t, int tport)
{
	struct sockaddr_storage bs = sa(b, 5600), ts = sa(t, tport);

	return net_reaches((struct sockaddr *)&bs, v6only,
	    (struct sockaddr *)&ts);
}

int
main(void)
{
	is_int(reaches("127.0.0.1", 0, "127.0.0.1", 5600), 1,
	    "its own address and port");
	is_int(reaches("127.0.0.1", 0, "127.0.0.1", 5601), 0,
	    "another port: no loop");
	is_int(reaches("127.0.0.2", 0, "127.0.0.1", 5600), 0,
	    "another address of 127/8, bound to one: no loop");
	is_int(reaches("0.0.0.0", 0, "127.0.0.1", 5600), 1,
	    "a wildcard takes 127.0.0.1");
	is_int(reaches("0.0.0.0", 0, "::1", 5600), 0,
	    "0.0.0.0 takes no IPv6");
	is_int(reaches("::", 0, "127.0.0.1", 5600), 1,
	    ":: takes IPv4 too");
	is_int(reaches("::", 1, "127.0.0.1", 5600), 0,
	    ":: with IPV6_V6ONLY takes no IPv4 (listen -6 bridging)");
	is_int(reaches("::", 1, "::1", 5600), 1,
	    ":: with IPV6_V6ONLY takes ::1");
	is_int(reaches("::1", 0, "::ffff:127.0.0.1", 5600), 0,
	    "::1 is not 127.0.0.1");
	is_int(reaches("0.0.0.0", 0, "::ffff:127.0.0.1", 5600), 1,
	    "an IPv4-mapped address is its IPv4 address");
	is_int(reaches("127.0.0.1", 0, "0.0.0.0", 5600), 1,
	    "a dial to 0.0.0.0 reaches 127.0.0.1");
	is_int(reaches_in("fe80::1", 2, 0, "fe80::1", 2, 5600), 1,
	    "a link-local address on its own link");
	is_int(reaches_in("fe80::1", 2, 0, "fe80::1", 3, 5600), 0,
	    "the same link-local address on another link: no loop");
	is_int(reaches_in("fe80::1", 2, 0, "fe80::1", 0, 5600), 1,
	    "a link-local address with no scope given: taken as ours");
	/* the servers' exempt peers: loopback in every spelling, no other */
	is_int(loopback("127.0.0.1"), 1, "127.0.0.1 is loopback");
	is_int(loopback("127.255.0.9"), 1, "all of 127/8 is loopback");
	is_int(loopback("::1"), 1, "::1 is loopback");
	is_int(loopback("::ffff:127.0.0.2"), 1,
	    "an IPv4-mapped 127/8 address is loopback");
	is_int(loopback("198.18.0.9"), 0, "198.18.0.9 is not");
	is_int(loopback("0.0.0.0"), 0, "the unspecified address is not a peer's");
	is_int(loopback("::ffff:198.18.0.9"), 0, "nor a mapped other address");
	is_int(loopback("::2"), 0, "::2 is not loopback");
	/* the proxies' guard: the ways into this host and onto its links */
	is_int(inward("127.0.0.1"), 1, "inward: 127.0.0.1");
	is_int(inward("127.255.255.254"), 1, "inward: all of 127/8");
	is_int(inward("::1"), 1, "inward: ::1");
	is_int(inward("::ffff:127.0.0.1"), 1, "inward: mapped 127.0.0.1");
	is_int(inward("0.0.0.0"), 1, "inward: 0.0.0.0");
	is_int(inward("0.1.2.3"), 1, "inward: all of 0.0.0.0/8");
	is_int(inward("::"), 1, "inward: ::");
	is_int(inward("169.254.169.254"), 1, "inward: the metadata address");
	is_int(inward("::ffff:169.254.0.1"), 1, "inward: mapped link-local");
	is_int(inward("fe80::1"), 1, "inward: fe80::/10");
	is_int(inward("febf::1"), 1, "inward: fe80::/10's last block");
	is_int(inward("fec0::1"), 0, "inward: not fec0::");
	is_int(inward("169.255.0.1"), 0, "inward: not 169.255/16");
	is_int(inward("192.0.2.1"), 0, "inward: not a documentation address");
	is_int(inward("2001:db8::77"), 0, "inward: nor its IPv6 twin");
	return tap_done();
}
