/*
 * test_proxyhdr.c: the PROXY protocol header (proxyhdr.c) against
 * haproxy's doc/proxy-protocol.txt: v1 lines and v2 blocks that parse,
 * each malformation the specification names refused with its reason,
 * whole and over every prefix (the same verdict, never a contradiction,
 * nothing read past the header); and headers built, byte for byte and
 * back through the parser.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <string.h>

#include "parse/proxyhdr.h"
#include "tap.h"
#include "util/base.h"

#define SIG	"\r\n\r\n\0\r\nQUIT\n"

static struct proxyhdr h;
static char err[SK_ERRLEN];

/*
 * Parse s[0..n), then every prefix: 0 until the header's end, then the
 * whole verdict; for a refusal 0 or the same refusal, never a header.
 * Returns the whole verdict; *same says the prefixes agreed.
 */
static int
parse_all(const void *s, size_t n, int *same)
{
	const unsigned char *b = s;
	struct proxyhdr h2;
	char e2[SK_ERRLEN];
	size_t i;
	int r, whole;

	err[0] = '\0';
	whole = proxyhdr_parse(b, n, &h, err);
	*same = 1;
	for (i = 0; i < n; i++) {
		e2[0] = '\0';
		r = proxyhdr_parse(b, i, &h2, e2);
		if (whole > 0 && (size_t)whole <= i ? r != whole :
		    whole > 0 ? r != 0 : r != 0 && (r != -1 ||
		    strcmp(e2, err) != 0))
			*same = 0;
	}
	return whole;
}

static void
parses(const void *s, size_t n, int want, const char *emsg,
    const char *desc)
{
	int same, r = parse_all(s, n, &same);

	if (!ok(r == want && same && (emsg == NULL || strstr(err, emsg) !=
	    NULL), desc))
		printf("#   got %d (prefixes %s), err '%s'; want %d '%s'\n",
		    r, same ? "agree" : "differ", err, want, emsg ? emsg : "");
}

#define P1(s, want, emsg, desc)	parses(s, sizeof(s) - 1, want, emsg, desc)

/* h's source and destination as "ADDR PORT ADDR PORT" */
static const char *
addrs(const struct proxyhdr *x)
{
	static char out[128];
	char a[2][INET6_ADDRSTRLEN];
	const struct sockaddr_storage *ss[2] = { &x->src, &x->dst };
	unsigned port[2];
	int i;

	for (i = 0; i < 2; i++) {
		if (ss[i]->ss_family == AF_INET) {
			const struct sockaddr_in *s4 = (const void *)ss[i];

			inet_ntop(AF_INET, &s4->sin_addr, a[i], sizeof(a[i]));
			port[i] = ntohs(s4->sin_port);
		} else if (ss[i]->ss_family == AF_INET6) {
			const struct sockaddr_in6 *s6 = (const void *)ss[i];

			inet_ntop(AF_INET6, &s6->sin6_addr, a[i],
			    sizeof(a[i]));
			port[i] = ntohs(s6->sin6_port);
		} else
			return "none";
	}
	snprintf(out, sizeof(out), "%s %u %s %u", a[0], port[0], a[1],
	    port[1]);
	return out;
}

static void
test_v1(void)
{
	static const char worst4[] =
	    "PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n";
	static const char worst6[] = "PROXY TCP6 "
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff "
	    "FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF 65535 65535\r\n";
	static const char worstu[] = "PROXY UNKNOWN "
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff "
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n";

	P1("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\nGET / HTTP/1.1"
	    "\r\n", 47, NULL, "v1: the specification's example, request after "
	    "it not taken");
	is_int(h.version, 1, "v1: version 1");
	is_str(h.kind, "TCP4", "v1: TCP4");
	is_int(h.local, 0, "v1: TCP4 names the client");
	is_str(addrs(&h), "192.168.0.1 56324 192.168.0.11 443",
	    "v1: TCP4 source and destination");
	P1("PROXY TCP6 ::1 2001:db8::7 1 0\r\n", 32, NULL, "v1: TCP6");
	is_str(addrs(&h), "::1 1 2001:db8::7 0", "v1: TCP6 addresses, port 0");
	parses(worst4, sizeof(worst4) - 1, 56, NULL, "v1: longest TCP4 line, "
	    "56 bytes");
	parses(worst6, sizeof(worst6) - 1, 104, NULL, "v1: longest TCP6 line, "
	    "104 bytes, upper case");
	parses(worstu, sizeof(worstu) - 1, 107, NULL, "v1: UNKNOWN's worst "
	    "case, 107 bytes");
	is_int(h.local, 1, "v1: UNKNOWN keeps the connection's addresses");
	is_str(addrs(&h), "none", "v1: UNKNOWN names no one");
	P1("PROXY UNKNOWN\r\n", 15, NULL, "v1: UNKNOWN alone, 15 bytes");
	is_str(h.kind, "UNKNOWN", "v1: the kind is UNKNOWN");
	P1("PROXY UNKNOWN whatever \t it says\r\n", 34, NULL,
	    "v1: UNKNOWN's rest ignored");
	/* issue 40: the rest was cut into fields, one from no start */
	P1("PROXY UNKNOWN \r\n", 16, NULL, "v1: UNKNOWN and a space");
	is_int(h.local, 1, "v1: UNKNOWN and a space names no one");
	P1("PROXY UNKNOWN TCP4 1.2.3.4 5.6.7.8 1 2\r\n", 40, NULL,
	    "v1: UNKNOWN with a TCP4 line's fields after it");
	is_str(addrs(&h), "none", "v1: those fields are not taken");
	P1("PROXY UNKNOWN  x y z w v u t\r\n", 30, NULL,
	    "v1: UNKNOWN, two spaces and seven words");
	P1("PROXY TCP4 1.2.3.4 5.6.7.8 0 0\r\n", 32, NULL, "v1: port 0");
	P1("PROXY TCP6 1:2:3:4:5:6:7:8 :: 10 20\r\n", 37, NULL,
	    "v1: eight groups, and :: alone");
	is_str(addrs(&h), "1:2:3:4:5:6:7:8 10 :: 20", "v1: those addresses");
}

static void
test_v1_bad(void)
{
	char big[120];

	P1("PROXY TCP4 01.2.3.4 5.6.7.8 1 2\r\n", -1, "source address",
	    "v1: a leading zero in IPv4 refused (octal)");
	P1("PROXY TCP4 1.2.3.4 256.6.7.8 1 2\r\n", -1, "destination address",
	    "v1: 256 refused");
	P1("PROXY TCP4 1.2.3 5.6.7.8 1 2\r\n", -1, "is not IPv4",
	    "v1: three numbers refused");
	P1("PROXY TCP4 1.2.3.4.5 5.6.7.8 1 2\r\n", -1, "is not IPv4",
	    "v1: five numbers refused");
	P1("PROXY TCP4 1..3.4 5.6.7.8 1 2\r\n", -1, "is not IPv4",
	    "v1: an empty number refused");
	P1("PROXY TCP4 1.2.3.4 5.6.7.8 080 2\r\n", -1, "source port",
	    "v1: a port with a leading zero refused");
	P1("PROXY TCP4 1.2.3.4 5.6.7.8 1 65536\r\n", -1, "destination port",
	    "v1: port 65536 refused");
	P1("PROXY TCP4 1.2.3.4 5.6.7.8 1 +2\r\n", -1, "destination port",
	    "v1: a signed port refused");
	P1("PROXY TCP4 1.2.3.4 5.6.7.8 1 123456\r\n", -1, "destination port",
	    "v1: six digits refused");
	P1("PROXY TCP4  1.2.3.4 5.6.7.8 1 2\r\n", -1, "7 fields",
	    "v1: two spaces refused");
	P1("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 \r\n", -1, "7 fields",
	    "v1: a space before the CRLF refused");
	P1("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n", -1, "fields",
	    "v1: a seventh field refused");
	P1("PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n", -1, "5 fields",
	    "v1: a missing port refused");
	P1("PROXY TCP4 1.2.3.4\t5.6.7.8 1 2\r\n", -1, "5 fields",
	    "v1: a tab is no space");
	P1("PROXY TCP4 ::1 ::2 1 2\r\n", -1, "is not IPv4",
	    "v1: TCP4 with IPv6 refused");
	P1("PROXY TCP6 1.2.3.4 ::2 1 2\r\n", -1, "is not IPv6",
	    "v1: TCP6 with IPv4 refused");
	P1("PROXY TCP6 ::ffff:1.2.3.4 ::2 1 2\r\n", -1, "is not IPv6",
	    "v1: a dotted tail refused (hex groups only)");
	P1("PROXY TCP6 1::2::3 ::2 1 2\r\n", -1, "is not IPv6",
	    "v1: two :: refused");
	P1("PROXY TCP6 12345::1 ::2 1 2\r\n", -1, "is not IPv6",
	    "v1: five hex digits refused");
	P1("PROXY TCP6 fe80::1%lo ::2 1 2\r\n", -1, "is not IPv6",
	    "v1: a zone refused");
	P1("PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n", -1, "TCP5",
	    "v1: protocol TCP5 refused");
	P1("PROXY tcp4 1.2.3.4 5.6.7.8 1 2\r\n", -1, "tcp4",
	    "v1: the protocol is upper case");
	P1("PROXY UNKNOWNX\r\n", -1, "UNKNOWNX", "v1: UNKNOWNX refused");
	P1("PROXY \r\n", -1, "protocol", "v1: no protocol refused");
	P1("PROXY UNKNOWN\n", -1, "LF alone", "v1: an LF alone refused");
	P1("PROXY UNKNOWN\rX\r\n", -1, "CR alone", "v1: a CR alone refused");
	P1("PROXY UNKNOWN\r", 0, NULL, "v1: a CR at the end waits for the LF");
	P1("proxy UNKNOWN\r\n", -1, "not a PROXY header",
	    "v1: lower case is no header");
	P1("PROXZ", -1, "not a PROXY header", "v1: refused at its 5th byte");
	P1("PROXY", 0, NULL, "v1: a prefix waits");
	P1("GET / HTTP/1.1\r\n", -1, "not a PROXY header",
	    "an HTTP request is no header");
	P1("\x16\x03\x01\x02\x00\x01", -1, "not a PROXY header",
	    "a TLS hello is no header");
	parses("", 0, 0, NULL, "nothing yet: wait");
	memset(big, 'x', sizeof(big));
	memcpy(big, "PROXY UNKNOWN ", 14);
	parses(big, PROXYHDR_V1_MAX - 1, 0, NULL, "v1: 106 bytes without "
	    "CRLF wait");
	parses(big, PROXYHDR_V1_MAX, -1, "without CRLF in 107",
	    "v1: 107 bytes without CRLF refused");
	memcpy(big + 106, "\r\n", 2);
	parses(big, 108, -1, "without CRLF in 107",
	    "v1: a CRLF ending at byte 108 is too late");
	memcpy(big + 105, "\r\n", 2);
	parses(big, 108, 107, NULL, "v1: a CRLF ending at byte 107 is not");
}

/* A v2 header: the signature, ver_cmd, fam, a length and body. */
static size_t
v2(unsigned char *b, int vc, int fam, size_t len, const void *body,
    size_t blen)
{
	memcpy(b, SIG, 12);
	b[12] = (unsigned char)vc;
	b[13] = (unsigned char)fam;
	b[14] = (unsigned char)(len >> 8);
	b[15] = (unsigned char)len;
	memcpy(b + 16, body, blen);
	return 16 + blen;
}

static void
test_v2(void)
{
	static const unsigned char ip4[] = { 203, 0, 113, 7, 127, 0, 0, 1,
	    0x15, 0xb3, 0x00, 0x50 };
	static const unsigned char ip4tlv[] = { 203, 0, 113, 7, 127, 0, 0, 1,
	    0x15, 0xb3, 0x00, 0x50, 0x04, 0, 2, 'a', 'b', 0xe0, 0, 0, 'G',
	    'E', 'T' };
	unsigned char ip6[36], unx[216], b[PROXYHDR_MAX + 64];
	size_t n;

	memset(ip6, 0, sizeof(ip6));
	ip6[0] = 0x20;
	ip6[1] = 0x01;
	ip6[2] = 0x0d;
	ip6[3] = 0xb8;
	ip6[15] = 7;
	ip6[31] = 1;
	ip6[32] = 0xff;
	ip6[33] = 0xff;
	ip6[35] = 1;
	n = v2(b, 0x21, 0x11, 12, ip4, sizeof(ip4));
	parses(b, n, 28, NULL, "v2: TCP over IPv4");
	is_int(h.version, 2, "v2: version 2");
	is_str(addrs(&h), "203.0.113.7 5555 127.0.0.1 80",
	    "v2: TCP4 source and destination");
	n = v2(b, 0x21, 0x11, sizeof(ip4tlv) - 3, ip4tlv, sizeof(ip4tlv));
	parses(b, n, 16 + 20, NULL, "v2: TCP4 with TLVs, data after");
	is_int(h.tlvlen, 8, "v2: two TLVs skipped, 8 bytes");
	is_str(addrs(&h), "203.0.113.7 5555 127.0.0.1 80",
	    "v2: the TLVs change no address");
	n = v2(b, 0x21, 0x21, 36, ip6, 36);
	parses(b, n, 52, NULL, "v2: TCP over IPv6");
	is_str(h.kind, "TCP6", "v2: the kind is TCP6");
	is_str(addrs(&h), "2001:db8::7 65535 ::1 1",
	    "v2: TCP6 source and destination");
	n = v2(b, 0x20, 0x00, 0, "", 0);
	parses(b, n, 16, NULL, "v2: LOCAL");
	is_int(h.local, 1, "v2: LOCAL keeps the connection's addresses");
	is_str(h.kind, "LOCAL", "v2: the kind is LOCAL");
	n = v2(b, 0x20, 0x11, 12, ip4, 12);
	parses(b, n, 28, NULL, "v2: LOCAL with an address block: skipped");
	is_int(h.local, 1, "v2: LOCAL's family ignored");
	n = v2(b, 0x20, 0x21, 3, "\x99\x99\x99", 3);
	parses(b, n, 19, NULL, "v2: LOCAL's short block skipped unread");
	n = v2(b, 0x21, 0x00, 0, "", 0);
	parses(b, n, 16, NULL, "v2: PROXY over UNSPEC");
	is_int(h.local, 1, "v2: UNSPEC keeps the connection's addresses");
	memset(unx, 0, sizeof(unx));
	memcpy(unx + 108, "/run/s", 6);
	n = v2(b, 0x21, 0x31, 216, unx, 216);
	parses(b, n, 232, NULL, "v2: UNIX stream");
	ok(h.local && strcmp(h.kind, "UNIX") == 0,
	    "v2: UNIX falls back to the connection's addresses");
	n = v2(b, 0x21, 0x12, 12, ip4, 12);
	parses(b, n, 28, NULL, "v2: UDP over IPv4");
	ok(h.local && strcmp(h.kind, "UDP4") == 0,
	    "v2: UDP falls back to the connection's addresses");
	n = v2(b, 0x21, 0x11, PROXYHDR_MAX - 16, ip4, 12);
	memset(b + n, 0, PROXYHDR_MAX - n);
	b[n] = 0x04;
	b[n + 1] = (unsigned char)((PROXYHDR_MAX - n - 3) >> 8);
	b[n + 2] = (unsigned char)(PROXYHDR_MAX - n - 3);
	parses(b, PROXYHDR_MAX, PROXYHDR_MAX, NULL,
	    "v2: the longest header taken, a NOOP TLV");
}

static void
test_v2_bad(void)
{
	static const unsigned char ip4[] = { 203, 0, 113, 7, 127, 0, 0, 1,
	    0x15, 0xb3, 0x00, 0x50, 0x04, 0, 5, 1 };
	unsigned char b[PROXYHDR_MAX + 64];
	size_t n;

	n = v2(b, 0x11, 0x11, 12, ip4, 12);
	parses(b, 13, -1, "version 1", "v2: version 1 refused at byte 13");
	n = v2(b, 0x31, 0x11, 12, ip4, 12);
	parses(b, n, -1, "version 3", "v2: version 3 refused");
	n = v2(b, 0x22, 0x11, 12, ip4, 12);
	parses(b, n, -1, "command 2", "v2: command 2 refused");
	n = v2(b, 0x2f, 0x11, 12, ip4, 12);
	parses(b, n, -1, "command 15", "v2: command 15 refused");
	n = v2(b, 0x21, 0x41, 12, ip4, 12);
	parses(b, 14, -1, "0x41", "v2: family 4 refused at byte 14");
	n = v2(b, 0x21, 0x13, 12, ip4, 12);
	parses(b, n, -1, "0x13", "v2: protocol 3 refused");
	n = v2(b, 0x21, 0x11, 11, ip4, 11);
	parses(b, 16, -1, "block of 11 bytes", "v2: TCP4 in 11 bytes refused "
	    "at byte 16");
	n = v2(b, 0x21, 0x21, 12, ip4, 12);
	parses(b, n, -1, "TCP6 needs 36", "v2: TCP6 in 12 bytes refused");
	n = v2(b, 0x21, 0x31, 108, ip4, 12);
	parses(b, 16, -1, "UNIX needs 216", "v2: UNIX in 108 bytes refused");
	n = v2(b, 0x21, 0x11, 14, ip4, 14);
	parses(b, n, -1, "cut short", "v2: a TLV of 2 bytes refused");
	n = v2(b, 0x21, 0x11, 16, ip4, 16);
	parses(b, n, -1, "runs past", "v2: a TLV past the header refused");
	n = v2(b, 0x21, 0x11, PROXYHDR_MAX - 15, ip4, 12);
	parses(b, 16, -1, "4097 bytes", "v2: a header over 4096 bytes "
	    "refused at byte 16");
	n = v2(b, 0x21, 0x11, 12, ip4, 12);
	parses(b, n - 1, 0, NULL, "v2: one byte short waits");
	parses(b, 15, 0, NULL, "v2: 15 bytes wait");
	b[5] = 'X';
	parses(b, 6, -1, "not a PROXY header", "v2: a wrong signature refused "
	    "at its byte");
	P1("\r\n\r\nGET", -1, "not a PROXY header",
	    "v2: CRLFs then text refused");
}

/* Build from two addresses, then parse it back. */
static size_t
build(int version, const struct sockaddr *s, socklen_t sl,
    const struct sockaddr *d, socklen_t dl, unsigned char *out)
{
	size_t n = proxyhdr_build(out, version, s, sl, d, dl);
	int same;

	out[n] = '\0';
	if (!ok(parse_all(out, n, &same) == (int)n && same,
	    version == 1 ? "build v1: parses back whole" :
	    "build v2: parses back whole"))
		printf("#   err '%s'\n", err);
	return n;
}

static void
sin_set(struct sockaddr_in *s, const char *a, int port)
{
	memset(s, 0, sizeof(*s));
	s->sin_family = AF_INET;
	inet_pton(AF_INET, a, &s->sin_addr);
	s->sin_port = htons((unsigned short)port);
}

static void
sin6_set(struct sockaddr_in6 *s, const char *a, int port)
{
	memset(s, 0, sizeof(*s));
	s->sin6_family = AF_INET6;
	inet_pton(AF_INET6, a, &s->sin6_addr);
	s->sin6_port = htons((unsigned short)port);
}

static const char *
v6_line(const char *a)
{
	static unsigned char out[PROXYHDR_BUILD_MAX + 1];
	struct sockaddr_in6 s;

	sin6_set(&s, a, 1);
	build(1, (struct sockaddr *)&s, sizeof(s), (struct sockaddr *)&s,
	    sizeof(s), out);
	return (const char *)out;
}

static void
test_build(void)
{
	unsigned char out[PROXYHDR_BUILD_MAX + 1];
	struct sockaddr_in a, b;
	struct sockaddr_in6 a6, b6;
	struct sockaddr_un u1, u2;
	size_t n;

	sin_set(&a, "203.0.113.7", 5555);
	sin_set(&b, "127.0.0.1", 80);
	build(1, (struct sockaddr *)&a, sizeof(a), (struct sockaddr *)&b,
	    sizeof(b), out);
	is_str((char *)out, "PROXY TCP4 203.0.113.7 127.0.0.1 5555 80\r\n",
	    "build v1: TCP4");
	n = build(2, (struct sockaddr *)&a, sizeof(a), (struct sockaddr *)&b,
	    sizeof(b), out);
	ok(n == 28 && memcmp(out, SIG "\x21\x11\x00\x0c\xcb\x00\x71\x07"
	    "\x7f\x00\x00\x01\x15\xb3\x00\x50", 28) == 0,
	    "build v2: TCP4, byte for byte");
	sin6_set(&a6, "2001:db8::7", 65535);
	sin6_set(&b6, "::1", 0);
	build(1, (struct sockaddr *)&a6, sizeof(a6), (struct sockaddr *)&b6,
	    sizeof(b6), out);
	is_str((char *)out, "PROXY TCP6 2001:db8::7 ::1 65535 0\r\n",
	    "build v1: TCP6");
	n = build(2, (struct sockaddr *)&a6, sizeof(a6),
	    (struct sockaddr *)&b6, sizeof(b6), out);
	ok(n == 52 && out[13] == 0x21 && out[15] == 36 && out[48] == 0xff &&
	    out[49] == 0xff && out[50] == 0 && out[51] == 0,
	    "build v2: TCP6, 36 bytes of addresses");
	is_str(addrs(&h), "2001:db8::7 65535 ::1 0", "build v2: TCP6 back");
	sin6_set(&a6, "::ffff:203.0.113.7", 5555);
	sin6_set(&b6, "::ffff:127.0.0.1", 80);
	build(1, (struct sockaddr *)&a6, sizeof(a6), (struct sockaddr *)&b6,
	    sizeof(b6), out);
	is_str((char *)out, "PROXY TCP4 203.0.113.7 127.0.0.1 5555 80\r\n",
	    "build v1: IPv4-mapped addresses go as TCP4");
	n = build(2, (struct sockaddr *)&a6, sizeof(a6),
	    (struct sockaddr *)&b6, sizeof(b6), out);
	ok(n == 28 && out[13] == 0x11, "build v2: IPv4-mapped as AF_INET");
	sin6_set(&b6, "::1", 80);
	build(1, (struct sockaddr *)&a6, sizeof(a6), (struct sockaddr *)&b6,
	    sizeof(b6), out);
	is_str((char *)out, "PROXY UNKNOWN\r\n",
	    "build v1: two families are UNKNOWN");
	n = build(2, (struct sockaddr *)&a6, sizeof(a6),
	    (struct sockaddr *)&b6, sizeof(b6), out);
	ok(n == 16 && out[12] == 0x21 && out[13] == 0x00,
	    "build v2: two families are PROXY over UNSPEC");
	memset(&u1, 0, sizeof(u1));
	memset(&u2, 0, sizeof(u2));
	u1.sun_family = u2.sun_family = AF_UNIX;
	memcpy(u2.sun_path, "/run/sockt.sock", 16);
	build(1, (struct sockaddr *)&u1, sizeof(sa_family_t),
	    (struct sockaddr *)&u2, sizeof(u2), out);
	is_str((char *)out, "PROXY UNKNOWN\r\n", "build v1: UNIX is UNKNOWN");
	n = build(2, (struct sockaddr *)&u1, sizeof(sa_family_t),
	    (struct sockaddr *)&u2, sizeof(u2), out);
	ok(n == 232 && out[13] == 0x31 && out[16] == 0 &&
	    memcmp(out + 16 + 108, "/run/sockt.sock", 16) == 0,
	    "build v2: UNIX with both paths (the client's unnamed)");
	is_str(v6_line("::1"), "PROXY TCP6 ::1 ::1 1 1\r\n", "v6 text: ::1");
	is_str(v6_line("::"), "PROXY TCP6 :: :: 1 1\r\n", "v6 text: ::");
	is_str(v6_line("1:0:0:1:0:0:0:1"), "PROXY TCP6 1:0:0:1::1 "
	    "1:0:0:1::1 1 1\r\n", "v6 text: the longest zero run");
	is_str(v6_line("1:0:0:2:0:0:3:4"), "PROXY TCP6 1::2:0:0:3:4 "
	    "1::2:0:0:3:4 1 1\r\n", "v6 text: the first of equal runs");
	is_str(v6_line("1:0:2:3:4:5:6:7"), "PROXY TCP6 1:0:2:3:4:5:6:7 "
	    "1:0:2:3:4:5:6:7 1 1\r\n", "v6 text: one zero group stays");
	is_str(v6_line("::1.2.3.4"), "PROXY TCP6 ::102:304 ::102:304 1 1\r\n",
	    "v6 text: no dotted tail (inet_ntop would write one)");
	is_str(v6_line("fe80::abcd:0:0"), "PROXY TCP6 fe80::abcd:0:0 "
	    "fe80::abcd:0:0 1 1\r\n", "v6 text: lower case, no leading zeros");
}

int
main(void)
{
	test_v1();
	test_v1_bad();
	test_v2();
	test_v2_bad();
	test_build();
	return tap_done();
}
