/* test_cidr.c: the CIDR parser and matcher behind --allow/--deny. */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <string.h>

#include "parse/cidr.h"
#include "tap.h"
#include "util/base.h"

/* parse s and check its canonical form */
static void
good(const char *s, const char *want)
{
	struct cidr c;
	char err[SK_ERRLEN] = "", buf[80] = "";
	char desc[160];

	snprintf(desc, sizeof(desc), "parse %s", s);
	if (!ok(cidr_parse(s, &c, err) == 0, desc)) {
		printf("#   err: %s\n", err);
		return;
	}
	cidr_format(&c, buf, sizeof(buf));
	snprintf(desc, sizeof(desc), "%s is %s", s, want);
	is_str(buf, want, desc);
}

static void
bad(const char *s, const char *want_err)
{
	struct cidr c;
	char err[SK_ERRLEN] = "";
	char desc[160];

	snprintf(desc, sizeof(desc), "reject '%s'", s);
	ok(cidr_parse(s, &c, err) == -1, desc);
	snprintf(desc, sizeof(desc), "message for '%s'", s);
	is_str(err, want_err, desc);
}

static int
match(const char *block, const char *addr)
{
	struct cidr c;
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	char err[SK_ERRLEN];

	if (cidr_parse(block, &c, err) == -1)
		return -1;
	memset(&sin, 0, sizeof(sin));
	memset(&sin6, 0, sizeof(sin6));
	if (inet_pton(AF_INET, addr, &sin.sin_addr) == 1) {
		sin.sin_family = AF_INET;
		return cidr_match_sa(&c, (struct sockaddr *)&sin);
	}
	if (inet_pton(AF_INET6, addr, &sin6.sin6_addr) == 1) {
		sin6.sin6_family = AF_INET6;
		return cidr_match_sa(&c, (struct sockaddr *)&sin6);
	}
	return -1;
}

int
main(void)
{
	struct cidr c;
	struct sockaddr sa;
	char err[SK_ERRLEN], small[8];

	good("127.0.0.1", "127.0.0.1/32");
	good("10.1.2.3/8", "10.0.0.0/8");
	good("0.0.0.0/0", "0.0.0.0/0");
	good("192.168.1.255/23", "192.168.0.0/23");
	good("::1", "::1/128");
	good("2001:db8::1/32", "2001:db8::/32");
	good("fe80::/10", "fe80::/10");
	good("::/0", "::/0");
	good("2001:db8::ff/121", "2001:db8::80/121");
	good("::ffff:10.1.2.3/104", "10.0.0.0/8");
	good("::ffff:127.0.0.1", "127.0.0.1/32");
	good("::ffff:0:0/96", "0.0.0.0/0");
	good("::ffff:0:0/95", "::fffe:0:0/95");

	bad("", "empty address");
	bad("/8", "/8: not an IPv4 or IPv6 address");
	bad("10.0.0.0/33", "10.0.0.0/33: prefix length out of range (0-32)");
	bad("::/129", "::/129: prefix length out of range (0-128)");
	bad("10.0.0.0/", "10.0.0.0/: prefix length is not a number");
	bad("10.0.0.0/-1", "10.0.0.0/-1: prefix length is not a number");
	bad("10.0.0.0/+8", "10.0.0.0/+8: prefix length is not a number");
	bad("10.0.0.0/0008", "10.0.0.0/0008: prefix length is not a number");
	bad("10.0.0.0/8/8", "10.0.0.0/8/8: prefix length is not a number");
	bad("10.0.0.0/ 8", "10.0.0.0/ 8: prefix length is not a number");
	bad("10.0.0", "10.0.0: not an IPv4 or IPv6 address");
	bad("256.0.0.1", "256.0.0.1: not an IPv4 or IPv6 address");
	bad("localhost", "localhost: not an IPv4 or IPv6 address");
	bad("1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8:9: not an IPv4 or IPv6 "
	    "address");
	bad("fe80::1%lo", "fe80::1%lo: scoped addresses (%zone) are not "
	    "supported");
	bad(" 10.0.0.1", " 10.0.0.1: not an IPv4 or IPv6 address");

	is_int(match("10.0.0.0/8", "10.255.1.1"), 1, "10/8 has 10.255.1.1");
	is_int(match("10.0.0.0/8", "11.0.0.0"), 0, "10/8 lacks 11.0.0.0");
	is_int(match("10.0.0.0/8", "::ffff:10.9.9.9"), 1,
	    "10/8 has the mapped ::ffff:10.9.9.9");
	is_int(match("10.0.0.0/8", "::ffff:11.9.9.9"), 0,
	    "10/8 lacks the mapped ::ffff:11.9.9.9");
	is_int(match("10.0.0.0/8", "::a09:909"), 0,
	    "10/8 lacks the compatible (not mapped) ::10.9.9.9");
	is_int(match("127.0.0.1", "127.0.0.1"), 1, "a single address");
	is_int(match("127.0.0.1", "127.0.0.2"), 0, "a single address only");
	is_int(match("0.0.0.0/0", "1.2.3.4"), 1, "/0 has every IPv4");
	is_int(match("0.0.0.0/0", "::1"), 0, "IPv4 /0 lacks IPv6");
	is_int(match("::/0", "::1"), 1, "::/0 has every IPv6");
	is_int(match("::/0", "1.2.3.4"), 1, "::/0 has IPv4 as mapped");
	is_int(match("::1", "::1"), 1, "::1 is ::1");
	is_int(match("::1", "127.0.0.1"), 0, "::1 is not 127.0.0.1");
	is_int(match("2001:db8::/32", "2001:db8:ffff::1"), 1,
	    "2001:db8::/32 has 2001:db8:ffff::1");
	is_int(match("2001:db8::/32", "2001:db9::1"), 0,
	    "2001:db8::/32 lacks 2001:db9::1");
	is_int(match("192.168.0.0/23", "192.168.1.77"), 1,
	    "an odd prefix /23, inside");
	is_int(match("192.168.0.0/23", "192.168.2.1"), 0,
	    "an odd prefix /23, outside");
	is_int(match("2001:db8::80/121", "2001:db8::ff"), 1,
	    "an odd IPv6 prefix /121, inside");
	is_int(match("2001:db8::80/121", "2001:db8::7f"), 0,
	    "an odd IPv6 prefix /121, outside");
	is_int(match("::ffff:0:0/96", "8.8.8.8"), 1,
	    "::ffff:0:0/96 has all of IPv4");

	memset(&sa, 0, sizeof(sa));
	sa.sa_family = AF_UNIX;
	cidr_parse("::/0", &c, err);
	is_int(cidr_match_sa(&c, &sa), 0, "a UNIX peer matches no block");
	cidr_parse("2001:db8::1/128", &c, err);
	ok(cidr_format(&c, small, sizeof(small)) == -1,
	    "cidr_format reports a short buffer");
	return tap_done();
}
