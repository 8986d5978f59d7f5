/* test_target.c: the target parser and the scan order permutation. */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdlib.h>
#include <string.h>

#include "parse/target.h"
#include "scan/scan.h"
#include "tap.h"
#include "util/base.h"

static struct target t;
static char err[SK_ERRLEN];

static int
parse(const char *s)
{
	err[0] = '\0';
	return target_parse(s, &t, err);
}

static void
bad(const char *s, const char *want)
{
	char desc[128];

	snprintf(desc, sizeof(desc), "'%s' refused", s);
	is_int(parse(s), -1, desc);
	snprintf(desc, sizeof(desc), "'%s' message", s);
	is_str(err, want, desc);
}

/* target_runs' fn: each run "A-B" after a space into arg. */
static int
runs_text(const uint8_t f[4], const uint8_t l[4], void *arg)
{
	char a[16], b[16], *out = arg;
	size_t n = strlen(out);

	inet_ntop(AF_INET, f, a, sizeof(a));
	inet_ntop(AF_INET, l, b, sizeof(b));
	snprintf(out + n, 512 - n, " %s-%s", a, b);
	return 0;
}

/* t's runs as text. */
static const char *
runs(void)
{
	static char buf[512];

	buf[0] = '\0';
	(void)target_runs(&t, runs_text, buf);
	return buf;
}

/* The i-th address of t as text. */
static const char *
nth(uint32_t i)
{
	static char buf[64];
	uint8_t raw[16];
	int n = target_addr(&t, i, raw);

	if (n == -1)
		return "(none)";
	inet_ntop(n == 4 ? AF_INET : AF_INET6, raw, buf, sizeof(buf));
	return buf;
}

int
main(void)
{
	static uint8_t seen[100003];
	uint64_t i, p, n;
	int dup = 0;

	is_int(parse("127.0.0.1"), 0, "IPv4 address");
	is_int(t.family, AF_INET, "family");
	is_int(t.count, 1, "one address");
	is_str(nth(0), "127.0.0.1", "address");
	is_str(nth(1), "(none)", "past the end");

	is_int(parse("127.0.0.0/29"), 0, "IPv4 block");
	is_int(t.count, 8, "/29 is 8 addresses");
	is_str(nth(0), "127.0.0.0", "first");
	is_str(nth(7), "127.0.0.7", "last");
	is_int(parse("127.0.0.5/30"), 0, "host bits set");
	is_str(nth(0), "127.0.0.4", "host bits cleared");
	is_int(parse("10.0.255.254/23"), 0, "block across octets");
	is_str(nth(0), "10.0.254.0", "start");
	is_str(nth(300), "10.0.255.44", "carry into the next octet");
	is_int(parse("10.1.0.0/16"), 0, "a /16 is allowed");
	is_int(t.count, 65536, "/16 is 65536 addresses");
	is_int(parse("1.2.3.4/32"), 0, "/32");
	is_int(t.count, 1, "/32 is one address");

	is_int(parse("::1"), 0, "IPv6 address");
	is_int(t.family, AF_INET6, "family 6");
	is_str(nth(0), "::1", "IPv6 text");
	is_int(parse("::1/128"), 0, "IPv6 /128");
	is_int(t.count, 1, "one address");
	is_int(parse("[::1]"), 0, "bracketed IPv6");
	is_str(nth(0), "::1", "brackets dropped");
	is_int(parse("2001:db8::ff/120"), 0, "IPv6 block");
	is_int(t.count, 256, "/120 is 256");
	is_str(nth(255), "2001:db8::ff", "IPv6 last");
	is_str(nth(0), "2001:db8::", "IPv6 first");
	is_int(parse("::ffff:127.0.0.1"), 0, "IPv4-mapped IPv6");
	is_int(t.family, AF_INET6, "IPv4-mapped stays IPv6");
	is_str(nth(0), "::ffff:127.0.0.1", "IPv4-mapped text");
	is_int(parse("[::ffff:127.0.0.5]/126"), 0, "IPv4-mapped block");
	is_int(t.count, 4, "/126 is 4");
	is_str(nth(0), "::ffff:127.0.0.4", "IPv4-mapped first");

	is_int(parse("localhost"), 0, "host name");
	is_int(t.family, AF_UNSPEC, "a name is resolved later");
	is_str(t.name, "localhost", "name kept");
	is_int(parse("host-1.example.com"), 0, "dotted name");
	is_int(parse("fe80::1%lo"), 0, "scoped IPv6 left to the resolver");

	bad("", "empty target");
	/* a block of any size: the scan holds it as one range */
	is_int(parse("10.0.0.0/8"), 0, "a /8 parses");
	is_int(t.count, 16777216, "a /8 is 16777216 addresses");
	is_str(nth(16777215), "10.255.255.255", "a /8: its last address");
	is_int(parse("0.0.0.0/0"), 0, "IPv4 /0 parses");
	ok(t.count == 4294967296ULL, "IPv4 /0 is 2^32 addresses");
	is_int(parse("::/0"), 0, "::/0 parses");
	ok(t.count == UINT64_MAX, "::/0: the count saturates");
	bad("127.0.0.1/33", "target 127.0.0.1/33: prefix length out of "
	    "range (0-32)");
	bad("::1/129", "target ::1/129: prefix length out of range "
	    "(0-128)");
	bad("127.0.0.1/", "target 127.0.0.1/: prefix length is not a "
	    "number");
	bad("127.0.0.1/x", "target 127.0.0.1/x: prefix length is not a "
	    "number");
	bad("127.0.0.1/-1", "target 127.0.0.1/-1: prefix length is not a "
	    "number");
	bad("256.1.1.1", "host 256.1.1.1: invalid IPv4 address");
	bad("80", "target 80: not an address (ports go after -p)");
	bad("1:2:3", "host 1:2:3: invalid IPv6 address");
	bad("localhost/24", "target localhost/24: a prefix length needs an "
	    "address, not a name");
	bad("bad host", "target bad host: bad host name");
	bad("a..b", "target a..b: bad host name");
	bad("[127.0.0.1]", "target [127.0.0.1]: brackets are for IPv6 "
	    "addresses");
	bad("/24", "target /24: missing address");

	/* nmap's octet ranges and lists */
	is_int(parse("198.18.0.1-5"), 0, "octet range");
	ok(t.octets && t.family == AF_INET && t.count == 5, "... 5 addresses");
	is_str(runs(), " 198.18.0.1-198.18.0.5", "... one run");
	is_int(parse("198.18.0-3.*"), 0, "octet range and star");
	is_int(t.count, 1024, "... 1024 addresses");
	is_str(runs(), " 198.18.0.0-198.18.3.255", "... runs that touch merged");
	is_int(parse("198.18.0.1,7"), 0, "octet list");
	is_str(runs(), " 198.18.0.1-198.18.0.1 198.18.0.7-198.18.0.7",
	    "... two runs");
	is_int(parse("10.0-1.-.250-"), 0, "open ranges, nmap's - alone");
	is_int(t.count, 2 * 256 * 6, "... counted");
	ok(strncmp(runs(), " 10.0.0.250-10.0.0.255 10.0.1.250-10.0.1.255 ",
	    44) == 0, "... the runs in order");
	bad("198.18.0.1-300", "target 198.18.0.1-300: 300 is past 255: an "
	    "octet is 0-255 (as nmap's: 198.18.0.1-5, 198.18.0-3.*, "
	    "198.18.0.1,7)");
	bad("198.18.0.5-1", "target 198.18.0.5-1: 5-1 runs backwards: write "
	    "1-5");
	bad("198.18.0-3", "target 198.18.0-3: an octet range has four octets "
	    "(as nmap's: 198.18.0.1-5, 198.18.0-3.*, 198.18.0.1,7)");
	bad("198.18..1,2", "target 198.18..1,2: bad octet range (as nmap's: "
	    "198.18.0.1-5, 198.18.0-3.*, 198.18.0.1,7)");
	bad("1-255.1-255.1-255.1,3", "target 1-255.1-255.1-255.1,3: more than "
	    "1048576 runs of addresses: write it as CIDR blocks");

	/* the -r order visits every probe exactly once */
	for (n = 1; n <= 100003; n = n * 7 + 3) {
		memset(seen, 0, sizeof(seen));
		dup = 0;
		for (i = 0; i < n; i++) {
			p = scan_permute(i, n, 0x1234abcdULL + n);
			if (p >= n || seen[p]++)
				dup++;
		}
		if (dup)
			break;
	}
	is_int(dup, 0, "scan_permute is a bijection for several sizes");
	ok(scan_permute(5, 1000, 1) != scan_permute(5, 1000, 2) ||
	    scan_permute(6, 1000, 1) != scan_permute(6, 1000, 2),
	    "the seed changes the order");
	return tap_done();
}
