/*
 * Unit tests for parse/mcast.c: --join's [source>]group[@if], an
 * interface alone (--multicast-if), and the check of the groups
 * against the address listened on.
 */
#include <sys/socket.h>

#include <string.h>

#include "parse/mcast.h"
#include "tap.h"
#include "util/base.h"

/* parse s, expecting success: the label, family, source and if kind */
static void
good(const char *s, const char *label, int af, int src, int kind)
{
	struct mcast_spec m;
	char err[SK_ERRLEN] = "", desc[300];

	snprintf(desc, sizeof(desc), "%s: parses", s);
	if (!ok(mcast_parse(s, &m, err) == 0, desc)) {
		printf("#   err: %s\n", err);
		return;
	}
	snprintf(desc, sizeof(desc), "%s: label", s);
	is_str(m.label, label, desc);
	snprintf(desc, sizeof(desc), "%s: family, source, interface", s);
	ok(m.family == af && m.has_source == src && (int)m.ifc.kind == kind,
	    desc);
}

/* parse s, expecting the error want */
static void
bad(const char *s, const char *want)
{
	struct mcast_spec m;
	char err[SK_ERRLEN] = "", desc[300];

	snprintf(desc, sizeof(desc), "'%s' refused", s);
	ok(mcast_parse(s, &m, err) == -1, desc);
	snprintf(desc, sizeof(desc), "'%s': the reason", s);
	is_str(err, want, desc);
}

/* mcast_check_listen of the joins js (n of them) */
static int
check(const char *const *js, size_t n, int family, const char *host,
    char *err)
{
	struct mcast_spec v[4];
	size_t i;

	for (i = 0; i < n; i++)
		if (mcast_parse(js[i], &v[i], err) == -1)
			return -2;
	return mcast_check_listen(v, n, family, host, err);
}

int
main(void)
{
	static const char *one4[] = { "239.1.2.3" };
	static const char *one6[] = { "ff15::1@lo" };
	static const char *both[] = { "239.1.2.3", "ff15::1@lo" };
	struct mcast_spec m;
	struct mcast_if ifc;
	char err[SK_ERRLEN];

	good("239.1.2.3", "239.1.2.3", AF_INET, 0, MCAST_IF_ANY);
	good("224.0.0.251@10.0.0.1", "224.0.0.251@10.0.0.1", AF_INET, 0,
	    MCAST_IF_ADDR);
	good("239.255.255.250@eth0", "239.255.255.250@eth0", AF_INET, 0,
	    MCAST_IF_NAME);
	good("239.1.2.3@2", "239.1.2.3@2", AF_INET, 0, MCAST_IF_INDEX);
	good("10.0.0.5>232.1.1.1", "10.0.0.5>232.1.1.1", AF_INET, 1,
	    MCAST_IF_ANY);
	good("10.0.0.5>232.1.1.1@lo", "10.0.0.5>232.1.1.1@lo", AF_INET, 1,
	    MCAST_IF_NAME);
	good("ff02::1@lo", "ff02::1@lo", AF_INET6, 0, MCAST_IF_NAME);
	good("[ff02::1]@1", "ff02::1@1", AF_INET6, 0, MCAST_IF_INDEX);
	good("[FF3E:0::1]", "ff3e::1", AF_INET6, 0, MCAST_IF_ANY);
	good("[2001:db8::1]>[ff3e::1]@eth0", "2001:db8::1>ff3e::1@eth0",
	    AF_INET6, 1, MCAST_IF_NAME);
	good("2001:db8::1>ff3e::1", "2001:db8::1>ff3e::1", AF_INET6, 1,
	    MCAST_IF_ANY);

	ok(mcast_parse("239.1.2.3@10.0.0.1", &m, err) == 0 &&
	    memcmp(m.group, "\357\001\002\003", 4) == 0 &&
	    memcmp(m.ifc.addr, "\012\000\000\001", 4) == 0,
	    "the group's and the interface's bytes, network order");
	ok(mcast_parse("10.0.0.5>232.1.1.1@7", &m, err) == 0 &&
	    memcmp(m.source, "\012\000\000\005", 4) == 0 && m.ifc.index == 7,
	    "the source's bytes, the index");

	bad("", "empty group");
	bad("@lo", "empty group");
	bad("10.0.0.1>", "empty group");
	bad(">239.1.2.3", "empty source");
	bad("239.1.2.3@", "empty interface");
	bad("10.0.0.1", "group 10.0.0.1: not a multicast address "
	    "(224.0.0.0/4)");
	bad("2001:db8::1", "group 2001:db8::1: not a multicast address "
	    "(ff00::/8)");
	bad("239.1.2", "group 239.1.2: not an IPv4 or IPv6 address");
	bad("group.example", "group group.example: not an IPv4 or IPv6 "
	    "address");
	bad("[239.1.2.3]", "group 239.1.2.3: not an IPv6 address");
	bad("[ff02::1", "group [ff02::1: not an IPv4 or IPv6 address");
	bad("ff02::1%lo", "group ff02::1%lo: a zone is no part of a group; "
	    "give the interface after @");
	bad("1.2.3.4>5.6.7.8>239.1.2.3", "more than one '>': one source at "
	    "most");
	bad("239.1.2.3@lo@lo", "one @interface, after the group: "
	    "[source>]group[@if]");
	bad("10.0.0.1@lo>239.1.2.3", "one @interface, after the group: "
	    "[source>]group[@if]");
	bad("::1>239.1.2.3", "source ::1: an IPv6 address for an IPv4 group");
	bad("239.9.9.9>239.1.2.3", "source 239.9.9.9: not a unicast address");
	bad("0.0.0.0>239.1.2.3", "source 0.0.0.0: not a unicast address");
	bad("::>ff3e::1", "source ::: not a unicast address");
	bad("ff02::1@10.0.0.1", "interface 10.0.0.1: an IPv6 group's "
	    "interface is a name or an index");
	bad("239.1.2.3@::1", "interface ::1: an IPv6 address names no "
	    "interface; give its name or index");
	bad("239.1.2.3@256.0.0.1", "interface 256.0.0.1: not an IPv4 address");
	bad("239.1.2.3@0", "interface index 0: too small");
	bad("239.1.2.3@4294967296", "interface index 4294967296: too large");
	bad("239.1.2.3@a/b", "interface a/b: not an interface name");
	bad("239.1.2.3@eth0:1", "interface eth0:1: not an interface name");
	bad("239.1.2.3@..", "interface ..: not an interface name");
	bad("239.1.2.3@a b", "interface a b: not an interface name");
	bad("239.1.2.3@abcdefghijklmnop", "interface abcdefghijklmnop: a name "
	    "is 15 bytes at most");
	{
		char big[300];

		memset(big, '1', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		bad(big, "longer than 256 bytes");
	}

	is_int(mcast_if_parse("lo", 2, &ifc, err), 0, "--multicast-if lo");
	ok(ifc.kind == MCAST_IF_NAME && strcmp(ifc.name, "lo") == 0,
	    "lo: a name");
	is_int(mcast_if_parse("127.0.0.1xyz", 9, &ifc, err), 0,
	    "an interface is n bytes, not up to the NUL");
	ok(ifc.kind == MCAST_IF_ADDR && memcmp(ifc.addr, "\177\0\0\1", 4) == 0,
	    "127.0.0.1: an address");
	is_int(mcast_if_parse("4294967295", 10, &ifc, err), 0, "the top index");
	ok(ifc.kind == MCAST_IF_INDEX && ifc.index == 4294967295u,
	    "4294967295: an index");

	ok(mcast_is_group(AF_INET, (const unsigned char *)"\340\0\0\0") &&
	    mcast_is_group(AF_INET, (const unsigned char *)"\357\377\377\377") &&
	    !mcast_is_group(AF_INET, (const unsigned char *)"\337\377\377\377") &&
	    !mcast_is_group(AF_INET, (const unsigned char *)"\360\0\0\0"),
	    "224.0.0.0/4 and no more");

	is_int(check(one4, 1, 0, "", err), 0, "an IPv4 group, every address");
	is_int(check(one4, 1, AF_INET, "0.0.0.0", err), 0, "-4, 0.0.0.0");
	is_int(check(one4, 1, 0, "::", err), 0, "an IPv4 group on :: (dual)");
	is_int(check(one4, 1, 0, "239.1.2.3", err), 0, "on the group itself");
	is_int(check(one4, 1, 0, "db.internal", err), 0,
	    "a host name: left to the socket");
	is_int(check(one4, 1, AF_INET6, "", err), -1, "an IPv4 group, -6");
	is_str(err, "239.1.2.3: an IPv4 group, but -6 was given", "-6: why");
	is_int(check(one6, 1, AF_INET, "", err), -1, "an IPv6 group, -4");
	is_str(err, "ff15::1@lo: an IPv6 group, but -4 was given", "-4: why");
	is_int(check(one4, 1, 0, "127.0.0.1", err), -1, "on a unicast address");
	is_str(err, "239.1.2.3: the address listened on, 127.0.0.1, takes no "
	    "datagram sent to the group (give no address, or the group's)",
	    "unicast: why");
	is_int(check(one4, 1, 0, "239.1.2.4", err), -1, "on another group");
	is_int(check(one4, 1, 0, "::1", err), -1, "an IPv4 group on ::1");
	is_str(err, "239.1.2.3: an IPv4 group, but the address listened on, "
	    "::1, is IPv6", "::1: why");
	is_int(check(one6, 1, 0, "0.0.0.0", err), -1, "an IPv6 group on 0.0.0.0");
	is_int(check(one6, 1, 0, "::", err), 0, "an IPv6 group on ::");
	is_int(check(one6, 1, 0, "ff15::1", err), 0, "on the IPv6 group");
	is_int(check(both, 2, 0, "", err), 0, "both families, every address");
	is_int(check(both, 2, 0, "::", err), 0, "both families, ::");
	is_int(check(both, 2, 0, "239.1.2.3", err), -1,
	    "two groups, on one of them");
	return tap_done();
}
