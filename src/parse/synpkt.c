/*
 * synpkt.c: the SYN of portscan -sS and host discovery's probes, their
 * answers parsed and their cookie, pure (no I/O): synpkt.h says what
 * each is for.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "parse/synpkt.h"

#define ROTL(x, b)	(uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

#define TH_RST		0x04
#define TH_SYN		0x02
#define TH_ACK		0x10

static uint64_t
le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint16_t
be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
sipround(uint64_t v[4])
{
	v[0] += v[1]; v[1] = ROTL(v[1], 13); v[1] ^= v[0];
	v[0] = ROTL(v[0], 32);
	v[2] += v[3]; v[3] = ROTL(v[3], 16); v[3] ^= v[2];
	v[0] += v[3]; v[3] = ROTL(v[3], 21); v[3] ^= v[0];
	v[2] += v[1]; v[1] = ROTL(v[1], 17); v[1] ^= v[2];
	v[2] = ROTL(v[2], 32);
}

/* SipHash-2-4 (Aumasson and Bernstein) of data under key. */
uint64_t
synpkt_siphash(const uint8_t key[16], const void *data, size_t len)
{
	const uint8_t *p = data;
	uint64_t k0 = le64(key), k1 = le64(key + 8), m, v[4];
	uint8_t last[8];
	size_t i, n = len & ~(size_t)7;

	v[0] = k0 ^ 0x736f6d6570736575ULL;
	v[1] = k1 ^ 0x646f72616e646f6dULL;
	v[2] = k0 ^ 0x6c7967656e657261ULL;
	v[3] = k1 ^ 0x7465646279746573ULL;
	for (i = 0; i < n + 8; i += 8) {
		if (i < n)
			m = le64(p + i);
		else {
			/* the tail, and the length in the top byte */
			memset(last, 0, sizeof(last));
			memcpy(last, p + n, len - n);
			last[7] = (uint8_t)len;
			m = le64(last);
		}
		v[3] ^= m;
		sipround(v);
		sipround(v);
		v[0] ^= m;
	}
	v[2] ^= 0xff;
	for (i = 0; i < 4; i++)
		sipround(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

/*
 * The cookie of our probe of kind (SYNPKT_P_*) to addr (4 bytes for
 * family 4, else 16) port rport (0: ICMP) from our port lport: its low
 * 32 bits are what the probe carries, all 64 a key for the probe that
 * no other tuple and kind shares.
 */
uint64_t
synpkt_cookie(const uint8_t key[16], int family, const uint8_t *addr,
    uint16_t rport, uint16_t lport, int kind)
{
	uint8_t b[21];
	size_t n = family == 4 ? 4 : 16;

	memcpy(b, addr, n);
	put16(b + n, rport);
	put16(b + n + 2, lport);
	b[n + 4] = (uint8_t)kind;
	return synpkt_siphash(key, b, n + 5);
}

/*
 * The Internet checksum (RFC 1071) of data, sum the partial sum to add
 * (a pseudo header's), folded and complemented.
 */
uint16_t
synpkt_sum(const void *data, size_t len, uint32_t sum)
{
	const uint8_t *p = data;
	uint64_t s = sum;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += be16(p + i);
	if (len & 1)
		s += (uint32_t)p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/*
 * A TCP segment of len bytes into out: lport to rport, flags, seq and
 * ack, nmap's window of 1024.  With src4 and dst4 (IPv4) its checksum is
 * filled in; for IPv6 the kernel fills it (IPV6_CHECKSUM).
 */
static void
tcp_seg(uint8_t *out, size_t len, int flags, uint16_t lport,
    uint16_t rport, uint32_t seq, uint32_t ack, const uint8_t *src4,
    const uint8_t *dst4)
{
	uint8_t ph[12];
	uint32_t s = 0;
	size_t i;

	memset(out, 0, len);
	put16(out, lport);
	put16(out + 2, rport);
	put32(out + 4, seq);
	put32(out + 8, ack);
	out[12] = (uint8_t)(len / 4 << 4);
	out[13] = (uint8_t)flags;
	put16(out + 14, 1024);
	/* MSS 1460: a SYN without options looks like nothing real */
	if (len > 20) {
		out[20] = 2;
		out[21] = 4;
		put16(out + 22, 1460);
	}
	if (src4 == NULL || dst4 == NULL)
		return;
	memcpy(ph, src4, 4);
	memcpy(ph + 4, dst4, 4);
	ph[8] = 0;
	ph[9] = 6;
	put16(ph + 10, (uint16_t)len);
	for (i = 0; i < sizeof(ph); i += 2)
		s += be16(ph + i);
	put16(out + 16, synpkt_sum(out, len, s));
}

/*
 * Our SYN into out: lport to rport, sequence number seq, the window and
 * MSS nmap sends; the checksum as tcp_seg's.
 */
void
synpkt_syn(uint8_t out[SYNPKT_TCP_LEN], uint16_t lport, uint16_t rport,
    uint32_t seq, const uint8_t *src4, const uint8_t *dst4)
{
	tcp_seg(out, SYNPKT_TCP_LEN, TH_SYN, lport, rport, seq, 0, src4, dst4);
}

/*
 * Host discovery's ACK into out, as nmap's -PA: a host answers it with a
 * reset whatever the port, whose sequence number is our acknowledgment
 * number, the cookie (our sequence number too, which an ICMP error
 * quotes).
 */
void
synpkt_ack(uint8_t out[SYNPKT_ACK_LEN], uint16_t lport, uint16_t rport,
    uint32_t cookie, const uint8_t *src4, const uint8_t *dst4)
{
	tcp_seg(out, SYNPKT_ACK_LEN, TH_ACK, lport, rport, cookie, cookie,
	    src4, dst4);
}

/*
 * An ICMP (family 4) or ICMPv6 echo request into out: identifier id (our
 * source port), the cookie as sequence number and payload, which the
 * reply carries back.  ICMPv6's checksum is the kernel's to fill.
 */
void
synpkt_echo(uint8_t out[SYNPKT_ECHO_LEN], int family, uint16_t id,
    uint32_t cookie)
{
	memset(out, 0, SYNPKT_ECHO_LEN);
	out[0] = family == 4 ? 8 : 128;
	put16(out + 4, id);
	put16(out + 6, (uint16_t)cookie);
	put32(out + 8, cookie);
	if (family == 4)
		put16(out + 2, synpkt_sum(out, SYNPKT_ECHO_LEN, 0));
}

/*
 * An ICMP timestamp request into out (IPv4 alone has them), as nmap's
 * -PP: identifier id, the cookie as its originate timestamp, which the
 * reply carries back.
 */
void
synpkt_tstamp(uint8_t out[SYNPKT_TSTAMP_LEN], uint16_t id, uint32_t cookie)
{
	memset(out, 0, SYNPKT_TSTAMP_LEN);
	out[0] = 13;
	put16(out + 4, id);
	put16(out + 6, (uint16_t)cookie);
	put32(out + 8, cookie);
	put16(out + 2, synpkt_sum(out, SYNPKT_TSTAMP_LEN, 0));
}

/*
 * An echo or timestamp reply e (len bytes, kind SYNPKT_ECHO or
 * SYNPKT_TSTAMP): our identifier and cookie back?
 */
static int
parse_echo(const uint8_t *e, size_t len, int kind, struct synpkt_ans *a)
{
	if (len < (kind == SYNPKT_ECHO ? SYNPKT_ECHO_LEN : SYNPKT_TSTAMP_LEN))
		return SYNPKT_NONE;
	a->rport = 0;
	a->lport = be16(e + 4);
	a->seq = be32(e + 8);
	return a->kind = kind;
}

/*
 * A TCP header t (len bytes) from the target: a SYN-ACK or a reset to
 * our SYN, or a reset to our ACK?
 */
static int
parse_tcp(const uint8_t *t, size_t len, struct synpkt_ans *a)
{
	uint8_t fl;

	if (len < 20)
		return SYNPKT_NONE;
	fl = t[13];
	a->rport = be16(t);
	a->lport = be16(t + 2);
	/* a reset to an ACK takes its sequence number from our ack */
	if ((fl & (TH_RST | TH_ACK | TH_SYN)) == TH_RST) {
		a->seq = be32(t + 4);
		return a->kind = SYNPKT_ACKRST;
	}
	/* what it acknowledges is our sequence number + 1 */
	a->seq = be32(t + 8) - 1;
	if (!(fl & TH_ACK))
		return SYNPKT_NONE;
	if (fl & TH_RST)
		return a->kind = SYNPKT_RST;
	if (fl & TH_SYN)
		return a->kind = SYNPKT_SYNACK;
	return SYNPKT_NONE;
}

/* What our quoted SYN (its first 8 bytes at t) says of the probe. */
static int
parse_quote(const uint8_t *t, int code, struct synpkt_ans *a)
{
	if (code < 0)
		return SYNPKT_NONE;
	a->lport = be16(t);
	a->rport = be16(t + 2);
	a->seq = be32(t + 4);
	a->code = code;
	return a->kind = SYNPKT_UNREACH;
}

static int
icmp4_code(int code)
{
	switch (code) {
	case 0: case 6: case 11:
		return SYNPKT_U_NET;
	case 1: case 7: case 12:
		return SYNPKT_U_HOST;
	case 2:
		return SYNPKT_U_PROTO;
	case 3:
		return SYNPKT_U_PORT;
	case 9: case 10: case 13:
		return SYNPKT_U_ADMIN;
	default:
		return -1;	/* fragmentation needed, ...: no verdict */
	}
}

static int
icmp6_code(int code)
{
	switch (code) {
	case 0:
		return SYNPKT_U_NET;
	case 1: case 5: case 6:
		return SYNPKT_U_ADMIN;
	case 2: case 3:
		return SYNPKT_U_HOST;
	case 4:
		return SYNPKT_U_PORT;
	default:
		return -1;
	}
}

/*
 * An IPv4 packet (IPv4 header first): its header's length, or 0 if it
 * is not one carrying proto in len bytes.
 */
static size_t
ip4_hlen(const uint8_t *p, size_t len, int proto)
{
	size_t hl;

	if (len < 20 || p[0] >> 4 != 4)
		return 0;
	hl = (size_t)(p[0] & 0x0f) * 4;
	if (hl < 20 || hl > len || p[9] != proto)
		return 0;
	return hl;
}

/*
 * The answer in p (len bytes), as a raw socket of kind in (SYNPKT_IN_*)
 * read it; from6, for SYNPKT_IN_TCP6, the sender's address (16 bytes).
 * Returns SYNPKT_NONE when it is not an answer to a probe, else its kind,
 * a filled in; whether it answers one of ours is for the caller to see
 * (a->seq against synpkt_cookie).
 */
int
synpkt_parse(int in, const uint8_t *p, size_t len, const uint8_t *from6,
    struct synpkt_ans *a)
{
	size_t hl, il;

	memset(a, 0, sizeof(*a));
	switch (in) {
	case SYNPKT_IN_TCP4:
		if ((hl = ip4_hlen(p, len, 6)) == 0)
			return SYNPKT_NONE;
		a->family = 4;
		memcpy(a->addr, p + 12, 4);
		return parse_tcp(p + hl, len - hl, a);
	case SYNPKT_IN_ICMP4:
		if ((hl = ip4_hlen(p, len, 1)) == 0 || len - hl < 8)
			return SYNPKT_NONE;
		if ((p[hl] == 0 || p[hl] == 14) && p[hl + 1] == 0) {
			a->family = 4;
			memcpy(a->addr, p + 12, 4);
			return parse_echo(p + hl, len - hl, p[hl] == 0 ?
			    SYNPKT_ECHO : SYNPKT_TSTAMP, a);
		}
		if (p[hl] != 3)
			return SYNPKT_NONE;
		/* the quote: our IPv4 header and 8 bytes of our SYN */
		if ((il = ip4_hlen(p + hl + 8, len - hl - 8, 6)) == 0 ||
		    len - hl - 8 - il < 8)
			return SYNPKT_NONE;
		a->family = 4;
		memcpy(a->addr, p + hl + 8 + 16, 4);
		return parse_quote(p + hl + 8 + il, icmp4_code(p[hl + 1]), a);
	case SYNPKT_IN_TCP6:
		if (from6 == NULL)
			return SYNPKT_NONE;
		a->family = 6;
		memcpy(a->addr, from6, 16);
		return parse_tcp(p, len, a);
	case SYNPKT_IN_ICMP6:
		if (len >= 2 && p[0] == 129 && p[1] == 0 && from6 != NULL) {
			a->family = 6;
			memcpy(a->addr, from6, 16);
			return parse_echo(p, len, SYNPKT_ECHO, a);
		}
		/* ICMPv6 header, our IPv6 header, 8 bytes of our SYN */
		if (len < 8 + 40 + 8 || p[0] != 1 || p[8] >> 4 != 6 ||
		    p[8 + 6] != 6)
			return SYNPKT_NONE;
		a->family = 6;
		memcpy(a->addr, p + 8 + 24, 16);
		return parse_quote(p + 8 + 40, icmp6_code(p[1]), a);
	default:
		return SYNPKT_NONE;
	}
}
