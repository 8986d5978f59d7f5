/*
 * udpprobe.c: the requests a UDP scan sends (udpprobe.h says what each
 * one is).  Pure: no I/O.  The SNMP message is BER encoded backwards, from
 * its innermost value out, so that every length is known when its
 * header is written.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "parse/udpprobe.h"

#define DNS_HEADER	12
#define DNS_NAME_MAX	255	/* RFC 1035 3.1, encoded */
#define DNS_LABEL_MAX	63
#define DNS_RD		0x0100	/* header flags: recursion desired */
#define NTP_LEN		48
#define NTP_XMT		40	/* offset of the transmit timestamp */
#define OID_ARCS	128

#define BER_INTEGER	0x02
#define BER_OCTETS	0x04
#define BER_NULL	0x05
#define BER_OID		0x06
#define BER_SEQUENCE	0x30
#define SNMP_GET	0xa0	/* [0] IMPLICIT GetRequest-PDU */

static void
put16(unsigned char *p, unsigned int v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

int
udpprobe_dns(uint16_t id, const char *name, unsigned int qtype,
    unsigned int qclass, int rd, unsigned char *buf, size_t len)
{
	size_t o = DNS_HEADER, n, nlen;
	const char *p, *dot;

	if (qtype > 0xffff || qclass > 0xffff)
		return -1;
	nlen = strlen(name);
	if (nlen == 1 && name[0] == '.')
		nlen = 0;
	else if (nlen > 0 && name[nlen - 1] == '.')
		nlen--;		/* "example.com." is "example.com" */
	/* "a.." ends in an empty label, which the loop would not see */
	if (nlen > 0 && name[nlen - 1] == '.')
		return -1;
	/* a label's length byte per dot, and the root's 0 at the end */
	if (nlen + (nlen > 0) + 1 > DNS_NAME_MAX ||
	    len < DNS_HEADER + nlen + (nlen > 0) + 1 + 4)
		return -1;
	memset(buf, 0, DNS_HEADER);
	put16(buf, id);
	put16(buf + 2, rd ? DNS_RD : 0);
	put16(buf + 4, 1);		/* QDCOUNT */
	for (p = name; p < name + nlen; p = dot + 1) {
		if ((dot = memchr(p, '.', (size_t)(name + nlen - p))) == NULL)
			dot = name + nlen;
		n = (size_t)(dot - p);
		if (n == 0 || n > DNS_LABEL_MAX)
			return -1;
		buf[o++] = (unsigned char)n;
		memcpy(buf + o, p, n);
		o += n;
	}
	buf[o++] = 0;
	put16(buf + o, qtype);
	put16(buf + o + 2, qclass);
	return (int)(o + 4);
}

int
udpprobe_ntp(uint64_t xmt, unsigned char *buf, size_t len)
{
	int i;

	if (len < NTP_LEN)
		return -1;
	memset(buf, 0, NTP_LEN);
	buf[0] = 0 << 6 | 4 << 3 | 3;	/* LI 0, VN 4, mode 3 (client) */
	for (i = 0; i < 8; i++)
		buf[NTP_XMT + i] = (unsigned char)(xmt >> (56 - 8 * i));
	return NTP_LEN;
}

/* A BER message written from the end of buf toward its start. */
struct ber {
	unsigned char	*buf;
	size_t		 pos;	/* the message is buf[pos .. end) */
	int		 bad;	/* out of room */
};

static void
ber_put(struct ber *b, const void *p, size_t n)
{
	if (b->bad || n > b->pos) {
		b->bad = 1;
		return;
	}
	b->pos -= n;
	memcpy(b->buf + b->pos, p, n);
}

static void
ber_byte(struct ber *b, unsigned int c)
{
	unsigned char u = (unsigned char)c;

	ber_put(b, &u, 1);
}

/* The header of a value of n bytes: tag, then a definite length. */
static void
ber_header(struct ber *b, unsigned int tag, size_t n)
{
	size_t k = n;

	if (n < 0x80)
		ber_byte(b, (unsigned int)n);
	else {
		unsigned int bytes = 0;

		for (; k > 0; k >>= 8, bytes++)
			ber_byte(b, (unsigned int)(k & 0xff));
		ber_byte(b, 0x80 | bytes);
	}
	ber_byte(b, tag);
}

/* Wrap what was written since mark (a pos) in a tag. */
static void
ber_wrap(struct ber *b, unsigned int tag, size_t mark)
{
	if (!b->bad)
		ber_header(b, tag, mark - b->pos);
}

/* An INTEGER in the fewest two's complement bytes (X.690 8.3.2). */
static void
ber_int(struct ber *b, int32_t v)
{
	int64_t lim = 128;
	size_t mark = b->pos;
	int k = 1, i;

	while (k < 4 && (v < -lim || v >= lim)) {
		k++;
		lim <<= 8;
	}
	for (i = 0; i < k; i++)
		ber_byte(b, ((uint32_t)v >> (8 * i)) & 0xff);
	ber_wrap(b, BER_INTEGER, mark);
}

/* A subidentifier in base 128, high groups first with bit 8 set. */
static void
ber_subid(struct ber *b, uint64_t v)
{
	ber_byte(b, (unsigned int)(v & 0x7f));
	for (v >>= 7; v > 0; v >>= 7)
		ber_byte(b, (unsigned int)(0x80 | (v & 0x7f)));
}

/* Dotted arcs into arcs[]; returns how many, or -1. */
static int
oid_parse(const char *s, uint32_t *arcs)
{
	uint64_t v;
	int n = 0, digits;

	for (;;) {
		for (v = 0, digits = 0; *s >= '0' && *s <= '9'; s++, digits++)
			if ((v = v * 10 + (uint64_t)(*s - '0')) > UINT32_MAX)
				return -1;
		/* no empty arc, no leading zero: one spelling per OID */
		if (digits == 0 || (digits > 1 && s[-digits] == '0') ||
		    n == OID_ARCS)
			return -1;
		arcs[n++] = (uint32_t)v;
		if (*s == '\0')
			break;
		if (*s++ != '.')
			return -1;
	}
	if (n < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40))
		return -1;
	return n;
}

static void
ber_oid(struct ber *b, const uint32_t *arcs, int n)
{
	size_t mark = b->pos;
	int i;

	for (i = n - 1; i >= 2; i--)
		ber_subid(b, arcs[i]);
	ber_subid(b, (uint64_t)arcs[0] * 40 + arcs[1]);
	ber_wrap(b, BER_OID, mark);
}

int
udpprobe_snmp_get(int version, const char *community, size_t clen,
    int32_t reqid, const char *oid, unsigned char *buf, size_t len)
{
	uint32_t arcs[OID_ARCS];
	struct ber b;
	size_t end = len, pdu;
	int n;

	if ((version != 0 && version != 1) ||
	    (n = oid_parse(oid, arcs)) == -1)
		return -1;
	b.buf = buf;
	b.pos = len;
	b.bad = 0;
	/* VarBind ::= SEQUENCE { name OID, value NULL } */
	ber_header(&b, BER_NULL, 0);
	ber_oid(&b, arcs, n);
	ber_wrap(&b, BER_SEQUENCE, end);
	ber_wrap(&b, BER_SEQUENCE, end);	/* VarBindList */
	ber_int(&b, 0);				/* error-index */
	ber_int(&b, 0);				/* error-status */
	ber_int(&b, reqid);
	ber_wrap(&b, SNMP_GET, end);
	pdu = b.pos;
	ber_put(&b, community, clen);
	ber_wrap(&b, BER_OCTETS, pdu);
	ber_int(&b, version);
	ber_wrap(&b, BER_SEQUENCE, end);	/* Message */
	if (b.bad)
		return -1;
	memmove(buf, buf + b.pos, end - b.pos);
	return (int)(end - b.pos);
}

int
udpprobe_for_port(unsigned int port, uint64_t seed, unsigned char *buf,
    size_t len)
{
	switch (port) {
	case 53:
		return udpprobe_dns((uint16_t)seed, ".", UDPPROBE_DNS_NS,
		    UDPPROBE_DNS_IN, 0, buf, len);
	case 123:
		return udpprobe_ntp(seed, buf, len);
	case 161:
		/* sysDescr.0, which every agent has (RFC 1213) */
		return udpprobe_snmp_get(1, "public", 6,
		    (int32_t)(seed >> 33), "1.3.6.1.2.1.1.1.0", buf, len);
	default:
		return 0;
	}
}
