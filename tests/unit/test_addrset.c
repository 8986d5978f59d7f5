/*
 * test_addrset.c: portscan's targets as address ranges: repeats and
 * overlaps dropped and counted, exclusions cut out, the order the
 * targets were given kept, numbers to addresses and back, and blocks far
 * bigger than any table (a /8, IPv6 /64, 2^128).
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/addrset.h"
#include "tap.h"

static struct addrset s;

static int
fam_of(const char *a)
{
	return strchr(a, ':') != NULL ? AF_INET6 : AF_INET;
}

static void
add(const char *a, int prefix, const char *tag)
{
	uint8_t raw[16];

	if (inet_pton(fam_of(a), a, raw) != 1 ||
	    addrset_add_block(&s, fam_of(a), raw, prefix, tag) == -1)
		abort();
}

static void
range(const char *a, const char *b)
{
	uint8_t x[16], y[16];

	if (inet_pton(fam_of(a), a, x) != 1 || inet_pton(fam_of(b), b, y) != 1 ||
	    addrset_add(&s, fam_of(a), x, y, NULL) == -1)
		abort();
}

static void
except(const char *a, int prefix)
{
	uint8_t raw[16];

	if (inet_pton(fam_of(a), a, raw) != 1 ||
	    addrset_exclude_block(&s, fam_of(a), raw, prefix) == -1)
		abort();
}

/* Address i as text, its tag after a space; "-" past the end. */
static const char *
nth(uint64_t i)
{
	static char buf[80];
	uint8_t raw[16];
	const char *tag;
	char text[64];
	int fam;

	if (addrset_get(&s, i, &fam, raw, &tag) == -1)
		return "-";
	if (inet_ntop(fam, raw, text, sizeof(text)) == NULL)
		return "?";
	snprintf(buf, sizeof(buf), "%s%s%s", text, tag ? " " : "",
	    tag ? tag : "");
	return buf;
}

/*
 * a as the C library writes it (nth's inet_ntop): of two equal runs of
 * zero groups glibc shortens the first, as RFC 5952 says, musl 1.2.3 the
 * last; the address is what is tested, not the library's choice.
 */
static const char *
canon(const char *a)
{
	static char buf[64];
	uint8_t raw[16];

	if (inet_pton(fam_of(a), a, raw) != 1 ||
	    inet_ntop(fam_of(a), raw, buf, sizeof(buf)) == NULL)
		abort();
	return buf;
}

/* Every address, in order, separated by commas. */
static const char *
all(void)
{
	static char buf[1024];
	size_t n = 0;
	uint64_t i;

	buf[0] = '\0';
	for (i = 0; i < s.count && n < sizeof(buf) - 80; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s",
		    i ? "," : "", nth(i));
	return buf;
}

static uint64_t
idx(const char *a)
{
	uint8_t raw[16];
	uint64_t i;

	if (inet_pton(fam_of(a), a, raw) != 1)
		abort();
	if (addrset_find(&s, fam_of(a), raw, &i) == -1)
		return UINT64_MAX;
	return i;
}

static void
fresh(void)
{
	addrset_free(&s);
	addrset_init(&s);
}

int
main(void)
{
	uint8_t a[16], b[16];
	int fam;

	addrset_init(&s);
	add("127.0.0.1", 32, NULL);
	add("127.0.0.1", 32, NULL);
	is_int(addrset_build(&s), 0, "built");
	is_int(s.count, 1, "an address twice is one");
	is_int(s.dups, 1, "one duplicate");
	is_str(all(), "127.0.0.1", "the address");

	fresh();
	add("127.0.0.0", 30, NULL);
	add("127.0.0.2", 31, NULL);
	is_int(addrset_build(&s), 0, "overlapping blocks built");
	is_int(s.count, 4, "a /30 and a /31 inside it: 4");
	is_int(s.dups, 2, "the /31 is 2 duplicates");
	is_str(all(), "127.0.0.0,127.0.0.1,127.0.0.2,127.0.0.3",
	    "in ascending order");

	/* the order given stays; a later target keeps what is new in it */
	fresh();
	add("127.0.0.9", 32, NULL);
	add("::1", 128, "localhost");
	add("127.0.0.1", 32, "localhost");
	add("127.0.0.0", 29, NULL);
	add("127.0.0.1", 32, NULL);
	is_int(addrset_build(&s), 0, "mixed built");
	is_str(all(), "127.0.0.9,::1 localhost,127.0.0.1 localhost,"
	    "127.0.0.0,127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5,127.0.0.6,"
	    "127.0.0.7", "the order given, the first name of an address kept");
	is_int(s.count, 10, "10 addresses");
	is_int(s.dups, 2, "2 duplicates: the block's .1 and the literal");
	is_int(idx("127.0.0.9"), 0, "find the first");
	is_int(idx("127.0.0.1"), 2, "find the named one");
	is_int(idx("127.0.0.7"), 9, "find the last");
	is_int((long long)idx("127.0.0.8"), -1, "an address not held");
	is_int((long long)idx("::2"), -1, "nor in IPv6");
	is_str(nth(10), "-", "past the end");

	/* exclusions: cut out, counted once each */
	fresh();
	add("127.0.0.0", 29, NULL);
	add("127.0.0.0", 29, NULL);
	except("127.0.0.4", 30);
	except("127.0.0.0", 32);
	except("127.0.0.5", 32);
	except("10.0.0.0", 8);
	is_int(addrset_build(&s), 0, "with exclusions built");
	is_str(all(), "127.0.0.1,127.0.0.2,127.0.0.3", "the rest");
	is_int(s.excluded, 5, "5 excluded, each once");
	is_int(s.dups, 8, "the second /29 is 8 duplicates");

	/* neighbours join: one range, however many targets */
	fresh();
	add("10.0.0.0", 32, NULL);
	add("10.0.0.1", 32, NULL);
	add("10.0.0.2", 31, NULL);
	is_int(addrset_build(&s), 0, "neighbours built");
	is_int(s.n, 1, "neighbours make one range");

	/* a /8 is one range of 16777216 */
	fresh();
	add("10.0.0.0", 8, NULL);
	add("10.1.2.3", 32, NULL);
	is_int(addrset_build(&s), 0, "a /8 built");
	is_int(s.count, 16777216, "a /8 is 16777216 addresses");
	is_int(s.dups, 1, "an address inside it is a duplicate");
	is_int(s.n, 1, "in one range");
	is_str(nth(16777215), "10.255.255.255", "its last address");
	is_str(nth(0x010203), "10.1.2.3", "an address inside by number");
	is_int(idx("10.1.2.3"), 0x010203, "and back");

	/* the ends of the spaces: no overflow */
	fresh();
	add("0.0.0.0", 0, NULL);
	add("255.255.255.255", 32, NULL);
	except("0.0.0.0", 32);
	is_int(addrset_build(&s), 0, "IPv4 /0 built");
	is_int(s.count, 4294967295LL, "all IPv4 less one");
	is_str(nth(4294967294LL), "255.255.255.255", "the last IPv4 address");

	/* IPv6: 128-bit arithmetic, a carry across the words */
	fresh();
	range("::ffff:ffff:ffff:fffe", "::1:0:0:0:1");
	add("2001:db8::", 65, "big");
	except("::1:0:0:0:0", 128);
	is_int(addrset_build(&s), 0, "IPv6 across a word built");
	is_str(nth(0), "::ffff:ffff:ffff:fffe", "IPv6: first");
	is_str(nth(1), "::ffff:ffff:ffff:ffff", "IPv6: before the carry");
	is_str(nth(2), canon("::1:0:0:0:1"),
	    "IPv6: the carry, less an exclusion");
	is_str(nth(3), "2001:db8:: big", "IPv6 /65: its first");
	is_str(nth(2 + (1ULL << 63)), "2001:db8::7fff:ffff:ffff:ffff big",
	    "IPv6 /65: its last");
	ok(s.count == 3 + (1ULL << 63), "IPv6 /65 counted: 3 + 2^63");
	ok(idx("2001:db8::7fff:ffff:ffff:ffff") == 2 + (1ULL << 63),
	    "IPv6 /65: its last found");
	ok(idx("::1:0:0:0:1") == 2, "IPv6: found past the carry");

	/* 2^64 and more: said, never wrapped */
	fresh();
	add("::", 0, NULL);
	add("::", 0, NULL);
	errno = 0;
	is_int(addrset_build(&s), -1, "2^128 refused");
	is_int(errno, EOVERFLOW, "EOVERFLOW");
	ok(s.size > 3.4e38 && s.size < 3.5e38, "size says 2^128");
	is_int(addrset_get(&s, 0, &fam, a, NULL), -1, "an overflowed set is not read");

	/* bad input */
	fresh();
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	a[3] = 2;
	b[3] = 1;
	is_int(addrset_add(&s, AF_INET, a, b, NULL), -1, "last before first");
	is_int(addrset_add_block(&s, AF_INET, a, 33, NULL), -1, "prefix 33");
	is_int(addrset_add(&s, AF_UNIX, a, a, NULL), -1, "no such family");
	is_int(addrset_build(&s), 0, "empty built");
	is_int(s.count, 0, "empty");
	is_int(addrset_get(&s, 0, &fam, a, NULL), -1, "nothing to get");
	is_int(addrset_find(&s, AF_INET, a, (uint64_t *)(void *)b), -1,
	    "nothing to find");
	addrset_free(&s);
	return tap_done();
}
