/*
 * Unit tests for a scan's addresses (scan/targets.c): a name's resolved
 * addresses added once each, exclusions in both spellings, address i as
 * a socket address and as text, the width of a table's host column.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <netdb.h>
#include <string.h>

#include "scan/targets.h"
#include "tap.h"

static int nseen;

/*
 * The width of IPv4 addresses f to l (and, with m, m named and IPv6
 * ::f000 to ::f0ff) worked out, against every label formatted.
 */
static void
width_of(const char *f, const char *l, const char *m, const char *desc)
{
	struct addrset set;
	uint8_t a[4], b[4], c[16], d[16];
	char buf[128];
	size_t want = 4;
	uint64_t i;

	addrset_init(&set);
	memset(c, 0, sizeof(c));
	memset(d, 0, sizeof(d));
	c[14] = d[14] = 0xf0;
	d[15] = 0xff;
	if (inet_pton(AF_INET, f, a) != 1 || inet_pton(AF_INET, l, b) != 1 ||
	    addrset_add(&set, AF_INET, a, b, NULL) == -1 ||
	    (m != NULL && (inet_pton(AF_INET, m, b) != 1 ||
	    addrset_add(&set, AF_INET, b, b, "named") == -1 ||
	    addrset_add(&set, AF_INET6, c, d, NULL) == -1)) ||
	    addrset_build(&set) == -1) {
		ok(0, desc);
		return;
	}
	for (i = 0; i < set.count; i++) {
		scan_target_label(&set, i, 0, buf, sizeof(buf));
		if (strlen(buf) > want)
			want = strlen(buf);
	}
	is_int(scan_targets_width(&set, set.count, set.count, 64),
	    (long long)want, desc);
	addrset_free(&set);
}

static void
seen(const struct addrinfo *ai, void *arg)
{
	(void)ai;
	(void)arg;
	nseen++;
}

int
main(void)
{
	struct sockaddr_in s4[3];
	struct sockaddr_in6 s6;
	struct addrinfo ai[4];
	struct addrset set;
	struct exclude ex;
	struct scan_addr a;
	const char *name;
	char err[256], buf[64];
	uint8_t raw[4] = { 127, 0, 0, 2 };
	static const uint16_t ports[] = { 80, 443 };
	uint64_t up[1] = { 1 }, x;
	static const int protos[] = { SCAN_TCP };
	struct scan_config cfg;
	char hbuf[512];
	unsigned int port;
	size_t k;
	int pr;
	int i;

	/* 127.0.0.1, 127.0.0.1 again, ::1, 127.0.0.2 */
	memset(ai, 0, sizeof(ai));
	memset(s4, 0, sizeof(s4));
	memset(&s6, 0, sizeof(s6));
	for (i = 0; i < 3; i++) {
		s4[i].sin_family = AF_INET;
		s4[i].sin_addr.s_addr = htonl(i < 2 ? 0x7f000001 : 0x7f000002);
	}
	s6.sin6_family = AF_INET6;
	s6.sin6_addr.s6_addr[15] = 1;
	for (i = 0; i < 4; i++) {
		ai[i].ai_family = i == 2 ? AF_INET6 : AF_INET;
		ai[i].ai_addr = i == 2 ? (struct sockaddr *)&s6 :
		    (struct sockaddr *)&s4[i < 2 ? i : 2];
		ai[i].ai_addrlen = i == 2 ? sizeof(s6) : sizeof(s4[0]);
		ai[i].ai_next = i < 3 ? &ai[i + 1] : NULL;
	}
	addrset_init(&set);
	is_int(scan_targets_add_ai(&set, ai, "h", seen, NULL), 3,
	    "four results, three addresses");
	is_int(nseen, 3, "... each seen once");

	/* leave out 127.0.0.2 by its IPv4-mapped spelling */
	exclude_init(&ex);
	ok(exclude_add(&ex, "::ffff:127.0.0.2", err) == 0, "an exclusion");
	is_int(scan_targets_exclude(&set, &ex), 0, "taken out");
	ok(addrset_build(&set) == 0, "built");
	is_int(set.count, 2, "::ffff:127.0.0.2 left out 127.0.0.2");

	scan_target_get(&set, 0, &a, &name);
	ok(a.ss.ss_family == AF_INET && a.len == sizeof(struct sockaddr_in),
	    "address 0: IPv4");
	inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)&a.ss)->sin_addr,
	    buf, sizeof(buf));
	is_str(buf, "127.0.0.1", "... 127.0.0.1");
	is_str(name, "h", "... named h");
	scan_target_get(&set, 1, &a, NULL);
	ok(a.ss.ss_family == AF_INET6 && a.len == sizeof(struct sockaddr_in6),
	    "address 1: ::1");
	scan_target_get(&set, 2, &a, &name);
	ok(a.len == 0 && name == NULL, "past the end: no address");

	/* as text: the address, the name beside it in either format */
	scan_target_str(&set, 1, buf, sizeof(buf), &name);
	is_str(buf, "::1", "address 1 as text");
	is_str(name, "h", "... its name");
	scan_target_label(&set, 0, 0, buf, sizeof(buf));
	is_str(buf, "127.0.0.1 (h)", "the table's label");
	scan_target_label(&set, 1, 1, buf, sizeof(buf));
	is_str(buf, "::1(h)", "-g's label: one field");
	is_int(scan_targets_width(&set, 2, 2, 64), 13, "measured: 13 wide");
	is_int(scan_targets_width(&set, 2, 1, 64), 43,
	    "beyond exact: an IPv6 address and its name");
	is_int(scan_targets_width(&set, 2, 2, 8), 8, "at most max");

	/* probe 3 of two addresses by two ports: ::1 port 443 */
	memset(&cfg, 0, sizeof(cfg));
	cfg.naddrs = 2;
	cfg.ports = ports;
	cfg.nports = 2;
	cfg.protos = protos;
	cfg.nprotos = 1;
	scan_probe_split(&cfg, 3, &pr, &k, &port);
	ok(pr == SCAN_TCP && k == 1 && port == 443, "probe 3: ::1 port 443");
	cfg.targets.set = set;	/* the configuration carries it */
	ok(scan_probe_sni(&cfg, 3, buf, sizeof(buf)) == 1 &&
	    strcmp(buf, "h") == 0, "its SNI: the name h");
	ok(scan_probe_sni(&cfg, 3, buf, 1) == 0, "... not when too long");
	is_int((int)scan_probe_bytes(&cfg, 3, hbuf, sizeof(hbuf)), 0,
	    "no --probe: no bytes");
	memcpy(cfg.probe, "hi\r\n", 4);
	cfg.probe_len = 4;
	ok(scan_probe_bytes(&cfg, 3, hbuf, sizeof(hbuf)) == 4 &&
	    memcmp(hbuf, "hi\r\n", 4) == 0, "--probe's bytes");
	cfg.probe_http = 1;
	ok(scan_probe_bytes(&cfg, 3, hbuf, sizeof(hbuf)) > 0 &&
	    strstr(hbuf, "HEAD ") == hbuf && strstr(hbuf, "Host: h") != NULL,
	    "its --probe http: a HEAD naming h");
	cfg.by_addr = 1;
	ok(scan_probe_sni(&cfg, 3, buf, sizeof(buf)) == 0,
	    "by_addr (host discovery): no name sent");
	ok(scan_probe_bytes(&cfg, 3, hbuf, sizeof(hbuf)) > 0 &&
	    strstr(hbuf, "Host: h") == NULL, "... a HEAD naming the address");
	cfg.by_addr = 0;
	/* after discovery: the one host up is the set's 1, ::1 */
	cfg.targets.up = up;
	cfg.naddrs = 1;
	is_int((int)scan_target_index(&cfg, 0), 1, "host 0 up: the set's 1");
	scan_probe_split(&cfg, 1, &pr, &k, &port);
	ok(k == 0 && port == 443 && scan_probe_sni(&cfg, 1, buf,
	    sizeof(buf)) == 1 && strcmp(buf, "h") == 0,
	    "probe 1: the host up's port 443, named h");
	addrset_free(&set);
	exclude_free(&ex);

	/* an excluded name's addresses */
	exclude_init(&ex);
	is_int(scan_exclude_add_ai(&ex, ai), 0, "a name's addresses excluded");
	ok(exclude_match(&ex, AF_INET, raw), "... 127.0.0.2 among them");
	exclude_free(&ex);

	/* an IPv4 range's widest label, worked out: as if formatted */
	width_of("10.0.0.0", "10.0.0.9", NULL, "10.0.0.0-9: 8 wide");
	width_of("10.0.0.0", "10.0.1.0", NULL, "10.0.0.0-10.0.1.0: .255 inside");
	width_of("9.255.255.250", "10.0.0.5", NULL,
	    "9.255.255.250-10.0.0.5: the first the widest");
	width_of("99.255.254.0", "100.0.0.0", NULL,
	    "99.255.254.0-100.0.0.0: 99.255.255.255");
	width_of("100.0.0.0", "100.0.0.99", NULL, "100.0.0.0-99: at 99");
	width_of("1.2.3.4", "1.2.3.4", NULL, "one address");
	width_of("198.18.0.0", "198.18.255.255", NULL, "a /16");
	width_of("0.0.0.0", "0.0.0.0", NULL, "0.0.0.0");
	width_of("9.9.9.0", "9.9.10.1", "9.9.11.7",
	    "a range, a named address and IPv6 together");
	width_of("255.255.255.0", "255.255.255.255", NULL, "the last /24");
	/* and 100 ranges drawn at random (an LCG: the same every run) */
	for (i = 0, x = 1; i < 100; i++) {
		uint32_t f, l;
		char fs[16], ls[16];

		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		f = (uint32_t)(x >> 32) >> (x >> 3 & 31);
		l = f + (uint32_t)(x >> 8 & 2047);
		if (l < f)
			l = UINT32_MAX;
		snprintf(fs, sizeof(fs), "%u.%u.%u.%u", f >> 24, f >> 16 & 255,
		    f >> 8 & 255, f & 255);
		snprintf(ls, sizeof(ls), "%u.%u.%u.%u", l >> 24, l >> 16 & 255,
		    l >> 8 & 255, l & 255);
		snprintf(buf, sizeof(buf), "random range %s-%s", fs, ls);
		width_of(fs, ls, NULL, buf);
	}
	return tap_done();
}
