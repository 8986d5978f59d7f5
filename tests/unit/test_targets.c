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
	uint64_t up[1] = { 1 };
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
	return tap_done();
}
