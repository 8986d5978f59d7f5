/*
 * Unit tests for parse/synpkt.c: SipHash-2-4 against its paper's
 * vectors, the SYN's and discovery's probes' checksums, and each answer
 * -sS and host discovery read parsed back.
 */
#include <stdint.h>
#include <string.h>

#include "parse/synpkt.h"
#include "tap.h"

static const uint8_t key[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    13, 14, 15 };
static const uint8_t lo4[4] = { 127, 0, 0, 1 };

/* An IPv4 header of proto from src to dst into p (20 bytes). */
static void
ip4(uint8_t *p, int proto, const uint8_t *src, const uint8_t *dst)
{
	memset(p, 0, 20);
	p[0] = 0x45;
	p[8] = 64;
	p[9] = (uint8_t)proto;
	memcpy(p + 12, src, 4);
	memcpy(p + 16, dst, 4);
}

int
main(void)
{
	uint8_t msg[15], syn[SYNPKT_TCP_LEN], pkt[128], ph[12], six[16];
	struct synpkt_ans a;
	uint32_t c;
	size_t i;

	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)i;
	ok(synpkt_siphash(key, msg, 0) == 0x726fdb47dd0e0e31ULL,
	    "siphash: the paper's empty message");
	ok(synpkt_siphash(key, msg, 15) == 0xa129ca6149be45e5ULL,
	    "siphash: the paper's 15 bytes");
	ok(synpkt_siphash(key, msg, 8) == 0x93f5f5799a932462ULL,
	    "siphash: 8 bytes, the length block alone after it");

	c = (uint32_t)synpkt_cookie(key, 4, lo4, 80, 40000, SYNPKT_P_SYN);
	ok(c != (uint32_t)synpkt_cookie(key, 4, lo4, 81, 40000, SYNPKT_P_SYN),
	    "cookie: by port");
	ok(c != (uint32_t)synpkt_cookie(key, 4, lo4, 80, 40001, SYNPKT_P_SYN),
	    "cookie: by our port");
	ok(c != (uint32_t)synpkt_cookie(key, 4, lo4, 80, 40000, SYNPKT_P_ACK),
	    "cookie: by kind, an ACK's not a SYN's to the same port");
	ok(synpkt_cookie(key, 4, lo4, 0, 40000, SYNPKT_P_ECHO) !=
	    synpkt_cookie(key, 4, lo4, 0, 40000, SYNPKT_P_TSTAMP),
	    "cookie: an echo's not a timestamp's");
	ok(c == (uint32_t)synpkt_cookie(key, 4, lo4, 80, 40000, SYNPKT_P_SYN),
	    "cookie: the same");

	/* the checksum over the pseudo header verifies to zero */
	synpkt_syn(syn, 40000, 80, c, lo4, lo4);
	memcpy(ph, lo4, 4);
	memcpy(ph + 4, lo4, 4);
	ph[8] = 0;
	ph[9] = 6;
	ph[10] = 0;
	ph[11] = SYNPKT_TCP_LEN;
	memcpy(pkt, ph, 12);
	memcpy(pkt + 12, syn, SYNPKT_TCP_LEN);
	is_int(synpkt_sum(pkt, 12 + SYNPKT_TCP_LEN, 0), 0, "syn checksum");
	is_int(syn[13], 0x02, "syn flags");

	/* a SYN-ACK from 127.0.0.1:80 to our 40000, acking c + 1 */
	ip4(pkt, 6, lo4, lo4);
	memset(pkt + 20, 0, 20);
	pkt[20] = 0; pkt[21] = 80; pkt[22] = 0x9c; pkt[23] = 0x40;
	pkt[28] = (uint8_t)((c + 1) >> 24); pkt[29] = (uint8_t)((c + 1) >> 16);
	pkt[30] = (uint8_t)((c + 1) >> 8); pkt[31] = (uint8_t)(c + 1);
	pkt[32] = 0x50;
	pkt[33] = 0x12;
	is_int(synpkt_parse(SYNPKT_IN_TCP4, pkt, 40, NULL, &a), SYNPKT_SYNACK,
	    "syn-ack");
	ok(a.seq == c && a.rport == 80 && a.lport == 40000 && a.family == 4 &&
	    memcmp(a.addr, lo4, 4) == 0, "syn-ack: the tuple and cookie");
	pkt[33] = 0x14;
	is_int(synpkt_parse(SYNPKT_IN_TCP4, pkt, 40, NULL, &a), SYNPKT_RST,
	    "reset");
	pkt[33] = 0x04;
	pkt[24] = 0x0c; pkt[25] = 0x0d; pkt[26] = 0x0e; pkt[27] = 0x0f;
	is_int(synpkt_parse(SYNPKT_IN_TCP4, pkt, 40, NULL, &a), SYNPKT_ACKRST,
	    "a reset with no ack answers an ACK of ours");
	ok(a.seq == 0x0c0d0e0f && a.rport == 80 && a.lport == 40000,
	    "a reset to an ACK: its sequence number is our ack, the cookie");
	pkt[33] = 0x0c;
	is_int(synpkt_parse(SYNPKT_IN_TCP4, pkt, 40, NULL, &a), SYNPKT_ACKRST,
	    "a reset with push answers an ACK too");
	pkt[33] = 0x02;
	is_int(synpkt_parse(SYNPKT_IN_TCP4, pkt, 40, NULL, &a), SYNPKT_NONE,
	    "a SYN is no answer");
	is_int(synpkt_parse(SYNPKT_IN_TCP4, pkt, 39, NULL, &a), SYNPKT_NONE,
	    "cut short");

	/* discovery's ACK: the cookie in both numbers, a valid checksum */
	synpkt_ack(syn, 40000, 80, c, lo4, lo4);
	ph[11] = SYNPKT_ACK_LEN;
	memcpy(pkt + 64, ph, 12);
	memcpy(pkt + 76, syn, SYNPKT_ACK_LEN);
	is_int(synpkt_sum(pkt + 64, 12 + SYNPKT_ACK_LEN, 0), 0, "ack checksum");
	ok(syn[13] == 0x10 && syn[12] == 0x50 && syn[4] == (uint8_t)(c >> 24) &&
	    syn[11] == (uint8_t)c, "ack: flags, no option, seq and ack");
	synpkt_syn(syn, 40000, 80, c, lo4, lo4);

	/* the same as IPv6 delivers it: TCP first */
	memset(six, 0, sizeof(six));
	six[15] = 1;
	pkt[33] = 0x12;
	is_int(synpkt_parse(SYNPKT_IN_TCP6, pkt + 20, 20, six, &a),
	    SYNPKT_SYNACK, "ipv6 syn-ack");
	ok(a.family == 6 && a.addr[15] == 1 && a.seq == c, "ipv6 tuple");

	/* ICMP admin-prohibited quoting our SYN */
	ip4(pkt, 1, lo4, lo4);
	pkt[20] = 3;
	pkt[21] = 13;
	memset(pkt + 22, 0, 6);
	ip4(pkt + 28, 6, lo4, lo4);
	memcpy(pkt + 48, syn, 8);
	is_int(synpkt_parse(SYNPKT_IN_ICMP4, pkt, 56, NULL, &a),
	    SYNPKT_UNREACH, "icmp unreachable");
	ok(a.code == SYNPKT_U_ADMIN && a.seq == c && a.rport == 80 &&
	    a.lport == 40000, "icmp: admin-prohibited, our tuple");
	pkt[21] = 4;
	is_int(synpkt_parse(SYNPKT_IN_ICMP4, pkt, 56, NULL, &a), SYNPKT_NONE,
	    "fragmentation needed: no verdict");
	pkt[20] = 0;
	is_int(synpkt_parse(SYNPKT_IN_ICMP4, pkt, 56, NULL, &a), SYNPKT_NONE,
	    "an echo reply is no answer");

	/* ICMPv6 port unreachable */
	memset(pkt, 0, sizeof(pkt));
	pkt[0] = 1;
	pkt[1] = 4;
	pkt[8] = 0x60;
	pkt[14] = 6;
	memcpy(pkt + 32, six, 16);
	memcpy(pkt + 48, syn, 8);
	is_int(synpkt_parse(SYNPKT_IN_ICMP6, pkt, 56, NULL, &a),
	    SYNPKT_UNREACH, "icmpv6 unreachable");
	ok(a.code == SYNPKT_U_PORT && a.family == 6 && a.addr[15] == 1 &&
	    a.seq == c, "icmpv6: port-unreach, our tuple");
	is_int(synpkt_parse(SYNPKT_IN_ICMP6, pkt, 55, NULL, &a), SYNPKT_NONE,
	    "icmpv6 cut short");
	/* an echo request for host discovery, and its reply */
	synpkt_echo(pkt + 20, 4, 40000, c);
	is_int(synpkt_sum(pkt + 20, SYNPKT_ECHO_LEN, 0), 0, "echo checksum");
	is_int(pkt[20], 8, "echo request");
	ip4(pkt, 1, lo4, lo4);
	pkt[20] = 0;
	is_int(synpkt_parse(SYNPKT_IN_ICMP4, pkt, 20 + SYNPKT_ECHO_LEN, NULL,
	    &a), SYNPKT_ECHO, "echo reply");
	ok(a.seq == c && a.lport == 40000 && a.rport == 0 && a.family == 4,
	    "echo reply: our identifier and cookie back");
	is_int(synpkt_parse(SYNPKT_IN_ICMP4, pkt, 20 + SYNPKT_ECHO_LEN - 1,
	    NULL, &a), SYNPKT_NONE, "echo reply cut short");
	/* a timestamp request, and its reply with our originate back */
	synpkt_tstamp(pkt + 20, 40000, c);
	is_int(synpkt_sum(pkt + 20, SYNPKT_TSTAMP_LEN, 0), 0,
	    "timestamp checksum");
	is_int(pkt[20], 13, "timestamp request");
	pkt[20] = 14;
	is_int(synpkt_parse(SYNPKT_IN_ICMP4, pkt, 20 + SYNPKT_TSTAMP_LEN, NULL,
	    &a), SYNPKT_TSTAMP, "timestamp reply");
	ok(a.seq == c && a.lport == 40000 && a.rport == 0 && a.family == 4,
	    "timestamp reply: our identifier and cookie back");
	is_int(synpkt_parse(SYNPKT_IN_ICMP4, pkt, 20 + SYNPKT_TSTAMP_LEN - 1,
	    NULL, &a), SYNPKT_NONE, "timestamp reply cut short");
	pkt[20] = 13;
	is_int(synpkt_parse(SYNPKT_IN_ICMP4, pkt, 20 + SYNPKT_TSTAMP_LEN, NULL,
	    &a), SYNPKT_NONE, "a timestamp request is no answer");
	synpkt_echo(pkt, 6, 40000, c);
	is_int(pkt[0], 128, "icmpv6 echo request");
	pkt[0] = 129;
	is_int(synpkt_parse(SYNPKT_IN_ICMP6, pkt, SYNPKT_ECHO_LEN, six, &a),
	    SYNPKT_ECHO, "icmpv6 echo reply");
	ok(a.seq == c && a.family == 6 && a.addr[15] == 1,
	    "icmpv6 echo reply: from the target, our cookie");
	return tap_done();
}
