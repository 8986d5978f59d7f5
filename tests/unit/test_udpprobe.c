/*
 * Unit tests for src/udpprobe.c: the DNS, NTP and SNMP requests of a UDP
 * scan, byte for byte as RFC 1035, RFC 5905 and RFC 1157/3416 (X.690 BER)
 * spell them.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "parse/udpprobe.h"
#include "tap.h"

/* got (n bytes, or -1) is exactly want (wn bytes) */
static void
is_bytes(int n, const unsigned char *got, const unsigned char *want,
    size_t wn, const char *desc)
{
	size_t i;

	if (ok(n == (int)wn && memcmp(got, want, wn) == 0, desc))
		return;
	printf("#   got %d bytes:", n);
	for (i = 0; n > 0 && i < (size_t)n; i++)
		printf(" %02x", got[i]);
	printf("\n#   want %zu bytes:", wn);
	for (i = 0; i < wn; i++)
		printf(" %02x", want[i]);
	printf("\n");
}

static void
test_dns(void)
{
	static const unsigned char root_ns[] = {
		0x12, 0x34, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00,			/* header, QDCOUNT 1 */
		0x00,					/* the root */
		0x00, 0x02, 0x00, 0x01			/* NS IN */
	};
	static const unsigned char vbind[] = {
		0xbe, 0xef, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00,			/* RD set */
		7, 'v', 'e', 'r', 's', 'i', 'o', 'n', 4, 'b', 'i', 'n', 'd', 0,
		0x00, 0x10, 0x00, 0x03			/* TXT CH */
	};
	unsigned char buf[600], want[600];
	char name[300];
	int n;

	n = udpprobe_dns(0x1234, ".", UDPPROBE_DNS_NS, UDPPROBE_DNS_IN, 0,
	    buf, sizeof(buf));
	is_bytes(n, buf, root_ns, sizeof(root_ns), "dns: . IN NS");
	n = udpprobe_dns(0x1234, "", UDPPROBE_DNS_NS, UDPPROBE_DNS_IN, 0,
	    buf, sizeof(buf));
	is_bytes(n, buf, root_ns, sizeof(root_ns), "dns: empty name is root");
	n = udpprobe_dns(0xbeef, "version.bind", UDPPROBE_DNS_TXT,
	    UDPPROBE_DNS_CH, 1, buf, sizeof(buf));
	is_bytes(n, buf, vbind, sizeof(vbind), "dns: version.bind CH TXT");
	n = udpprobe_dns(0xbeef, "version.bind.", UDPPROBE_DNS_TXT,
	    UDPPROBE_DNS_CH, 1, buf, sizeof(buf));
	is_bytes(n, buf, vbind, sizeof(vbind), "dns: a trailing dot");
	is_int(udpprobe_dns(1, ".", 2, 1, 0, buf, 16), -1,
	    "dns: one byte short of room");
	is_int(udpprobe_dns(1, ".", 2, 1, 0, buf, 17), 17, "dns: just room");
	is_int(udpprobe_dns(1, "a..b", 2, 1, 0, buf, sizeof(buf)), -1,
	    "dns: an empty label");
	is_int(udpprobe_dns(1, ".a", 2, 1, 0, buf, sizeof(buf)), -1,
	    "dns: a leading dot");
	is_int(udpprobe_dns(1, "a..", 2, 1, 0, buf, sizeof(buf)), -1,
	    "dns: an empty last label");
	is_int(udpprobe_dns(1, "..", 2, 1, 0, buf, sizeof(buf)), -1,
	    "dns: two dots");
	is_int(udpprobe_dns(1, "a", 0x10000, 1, 0, buf, sizeof(buf)), -1,
	    "dns: qtype above 16 bits");

	/* 63 bytes is the longest label, 255 the longest encoded name */
	memset(name, 'x', 64);
	name[64] = '\0';
	is_int(udpprobe_dns(1, name, 2, 1, 0, buf, sizeof(buf)), -1,
	    "dns: a 64-byte label");
	name[63] = '\0';
	n = udpprobe_dns(1, name, 2, 1, 0, buf, sizeof(buf));
	is_int(n, 12 + 1 + 63 + 1 + 4, "dns: a 63-byte label");
	memset(name, 'y', 253);
	for (n = 63; n < 253; n += 64)
		name[n] = '.';
	name[253] = '\0';
	n = udpprobe_dns(1, name, 2, 1, 0, buf, sizeof(buf));
	is_int(n, 12 + 255 + 4, "dns: a 255-byte encoded name");
	memset(want, 0, sizeof(want));
	ok(n > 0 && buf[12] == 63 && buf[12 + 64] == 63 &&
	    buf[12 + 192] == 61 && buf[12 + 254] == 0,
	    "dns: its labels are 63, 63, 63, 61 bytes");
	name[253] = 'y';
	name[254] = '\0';
	is_int(udpprobe_dns(1, name, 2, 1, 0, buf, sizeof(buf)), -1,
	    "dns: a 256-byte encoded name");
}

static void
test_ntp(void)
{
	unsigned char buf[64], want[48];

	memset(want, 0, sizeof(want));
	want[0] = 0x23;		/* LI 0, version 4, mode 3 */
	want[40] = 1, want[41] = 2, want[42] = 3, want[43] = 4;
	want[44] = 5, want[45] = 6, want[46] = 7, want[47] = 8;
	memset(buf, 0xaa, sizeof(buf));
	is_bytes(udpprobe_ntp(0x0102030405060708ULL, buf, sizeof(buf)), buf,
	    want, sizeof(want), "ntp: v4 client request, 48 bytes");
	is_int(udpprobe_ntp(1, buf, 47), -1, "ntp: 47 bytes is too small");
}

static void
test_snmp(void)
{
	static const unsigned char sysdescr[] = {
		0x30, 0x29,				/* Message */
		0x02, 0x01, 0x01,			/* version: v2c */
		0x04, 0x06, 'p', 'u', 'b', 'l', 'i', 'c',
		0xa0, 0x1c,				/* GetRequest-PDU */
		0x02, 0x04, 0x12, 0x34, 0x56, 0x78,	/* request-id */
		0x02, 0x01, 0x00,			/* error-status */
		0x02, 0x01, 0x00,			/* error-index */
		0x30, 0x0e, 0x30, 0x0c,			/* VarBindList */
		0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00,
		0x05, 0x00				/* NULL */
	};
	static const unsigned char v1[] = {
		0x30, 0x1c, 0x02, 0x01, 0x00, 0x04, 0x01, 'x',
		0xa0, 0x14, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00,
		0x02, 0x01, 0x00, 0x30, 0x09, 0x30, 0x07,
		/* 2.999.3: 2 * 40 + 999 = 1079 = 0x437 in base 128 */
		0x06, 0x03, 0x88, 0x37, 0x03, 0x05, 0x00
	};
	static const struct {
		int32_t		v;
		unsigned char	enc[6];
		size_t		len;
	} ints[] = {
		{ 127, { 0x02, 0x01, 0x7f }, 3 },
		{ 128, { 0x02, 0x02, 0x00, 0x80 }, 4 },
		{ -1, { 0x02, 0x01, 0xff }, 3 },
		{ -128, { 0x02, 0x01, 0x80 }, 3 },
		{ -129, { 0x02, 0x02, 0xff, 0x7f }, 4 },
		{ 32768, { 0x02, 0x03, 0x00, 0x80, 0x00 }, 5 },
		{ INT32_MAX, { 0x02, 0x04, 0x7f, 0xff, 0xff, 0xff }, 6 },
		{ INT32_MIN, { 0x02, 0x04, 0x80, 0x00, 0x00, 0x00 }, 6 }
	};
	static const char *bad[] = { "", "1", "3.1", "1.40", "1..2", "01.2",
	    "1.2.", ".1.2", "1.2.4294967296", "1.2.a", "1.-2" };
	unsigned char buf[2048];
	char comm[300], desc[64];
	size_t i;
	int n;

	n = udpprobe_snmp_get(1, "public", 6, 0x12345678, "1.3.6.1.2.1.1.1.0",
	    buf, sizeof(buf));
	is_bytes(n, buf, sysdescr, sizeof(sysdescr),
	    "snmp: v2c public get sysDescr.0");
	n = udpprobe_snmp_get(0, "x", 1, 0, "2.999.3", buf, sizeof(buf));
	is_bytes(n, buf, v1, sizeof(v1), "snmp: v1, an arc above 127");
	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		n = udpprobe_snmp_get(1, "", 0, ints[i].v, "1.3", buf,
		    sizeof(buf));
		snprintf(desc, sizeof(desc), "snmp: request-id %ld",
		    (long)ints[i].v);
		/* Message, version, community, PDU: the id comes next */
		is_bytes(n > 9 ? (int)ints[i].len : n, buf + 9, ints[i].enc,
		    ints[i].len, desc);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(desc, sizeof(desc), "snmp: OID \"%s\" refused", bad[i]);
		is_int(udpprobe_snmp_get(1, "public", 6, 1, bad[i], buf,
		    sizeof(buf)), -1, desc);
	}
	is_int(udpprobe_snmp_get(2, "public", 6, 1, "1.3", buf, sizeof(buf)),
	    -1, "snmp: version 2 (v3) refused");
	is_int(udpprobe_snmp_get(1, "public", 6, 0x12345678,
	    "1.3.6.1.2.1.1.1.0", buf, 42), -1, "snmp: one byte short of room");

	/* long communities take the long form of a length */
	memset(comm, 'c', sizeof(comm));
	n = udpprobe_snmp_get(1, comm, 200, 1, "1.3", buf, sizeof(buf));
	ok(n == 2 + 1 + 3 + 3 + 200 + 2 + 9 + 2 + 2 + 3 + 2 &&
	    buf[0] == 0x30 && buf[1] == 0x81 && buf[2] == (unsigned char)(n - 3)
	    && buf[6] == 0x04 && buf[7] == 0x81 && buf[8] == 200,
	    "snmp: 200-byte community, lengths 0x81 NN");
	n = udpprobe_snmp_get(1, comm, 300, 1, "1.3", buf, sizeof(buf));
	ok(n > 300 && buf[1] == 0x82 && buf[2] == (unsigned char)((n - 4) >> 8)
	    && buf[3] == (unsigned char)(n - 4) && buf[8] == 0x82 &&
	    buf[9] == 0x01 && buf[10] == 0x2c,
	    "snmp: 300-byte community, lengths 0x82 NN NN");
}

static void
test_for_port(void)
{
	unsigned char buf[UDPPROBE_MAX], want[UDPPROBE_MAX];
	int n, w;

	n = udpprobe_for_port(53, 0xabcd, buf, sizeof(buf));
	w = udpprobe_dns(0xabcd, ".", UDPPROBE_DNS_NS, UDPPROBE_DNS_IN, 0,
	    want, sizeof(want));
	is_bytes(n, buf, want, (size_t)w, "port 53: . IN NS, no recursion");
	n = udpprobe_for_port(123, 0x1122334455667788ULL, buf, sizeof(buf));
	w = udpprobe_ntp(0x1122334455667788ULL, want, sizeof(want));
	is_bytes(n, buf, want, (size_t)w, "port 123: NTP v4 request");
	n = udpprobe_for_port(161, (uint64_t)0x12345678 << 33, buf,
	    sizeof(buf));
	w = udpprobe_snmp_get(1, "public", 6, 0x12345678, "1.3.6.1.2.1.1.1.0",
	    want, sizeof(want));
	is_bytes(n, buf, want, (size_t)w, "port 161: SNMPv2c public sysDescr");
	is_int(udpprobe_for_port(80, 1, buf, sizeof(buf)), 0,
	    "port 80: an empty datagram");
	is_int(udpprobe_for_port(0, 1, buf, sizeof(buf)), 0,
	    "port 0: an empty datagram");
}

int
main(void)
{
	test_dns();
	test_ntp();
	test_snmp();
	test_for_port();
	return tap_done();
}
