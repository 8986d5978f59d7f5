/*
 * synpkt.h: the packets of portscan -sS, pure (no I/O), so the unit
 * tests and a fuzzer link them alone: a TCP SYN built, the answers a
 * raw socket hands over parsed (SYN-ACK, reset, ICMP and ICMPv6
 * unreachables quoting our SYN), and the cookie that ties an answer to
 * its probe without a table of what is in flight (as masscan and zmap
 * do): the sequence number of a SYN is a keyed hash (SipHash-2-4, its
 * key random per scan) of the target's address and port and our source
 * port (the hash's low 32 bits), and an answer counts only when it
 * carries that number back (a SYN-ACK or a reset acknowledges it + 1,
 * an ICMP error quotes it).  Host discovery's ICMP echo request (port 0)
 * carries it as its payload, which the echo reply gives back.
 */
#ifndef SYNPKT_H
#define SYNPKT_H

#include <stddef.h>
#include <stdint.h>

#define SYNPKT_TCP_LEN	24	/* the SYN: 20 bytes and an MSS option */
#define SYNPKT_ACK_LEN	20	/* the ACK: no option */
#define SYNPKT_MAX_LEN	24	/* the longest probe */

/* The probes (synpkt_cookie's kind); scan.h's SCAN_K_* number them so. */
#define SYNPKT_P_SYN	0
#define SYNPKT_P_ACK	1
#define SYNPKT_P_ECHO	2
#define SYNPKT_P_TSTAMP	3

/* What an answer says (synpkt_parse). */
#define SYNPKT_NONE	0	/* not an answer to a SYN of ours */
#define SYNPKT_SYNACK	1	/* open */
#define SYNPKT_RST	2	/* closed */
#define SYNPKT_UNREACH	3	/* ICMP: code in synpkt_ans.code */
#define SYNPKT_ECHO	4	/* an echo reply: the host is up */
#define SYNPKT_ACKRST	5	/* a reset answering our ACK: up */
#define SYNPKT_TSTAMP	6	/* a timestamp reply: up */

#define SYNPKT_ECHO_LEN	12	/* our echo request: id, seq, the cookie */
#define SYNPKT_TSTAMP_LEN 20	/* a timestamp request: id, seq, 3 times */

/* Where a buffer came from, which says what it starts with. */
#define SYNPKT_IN_TCP4	0	/* IPv4 header, TCP */
#define SYNPKT_IN_ICMP4	1	/* IPv4 header, ICMP, quoted IPv4 + TCP */
#define SYNPKT_IN_TCP6	2	/* TCP (the kernel keeps the IPv6 header) */
#define SYNPKT_IN_ICMP6	3	/* ICMPv6, quoted IPv6 + TCP */

/* ICMP codes, as one numbering for both families */
#define SYNPKT_U_NET	0	/* net unreachable, no route */
#define SYNPKT_U_HOST	1	/* host (address) unreachable */
#define SYNPKT_U_PROTO	2
#define SYNPKT_U_PORT	3
#define SYNPKT_U_ADMIN	13	/* administratively prohibited */

struct synpkt_ans {
	int		kind;		/* SYNPKT_* */
	int		code;		/* SYNPKT_U_*, for SYNPKT_UNREACH */
	int		family;		/* 4 or 6 */
	uint8_t		addr[16];	/* the target's (4 bytes for IPv4) */
	uint16_t	rport;		/* the target's port */
	uint16_t	lport;		/* ours */
	uint32_t	seq;		/* our SYN's sequence number, as the
					 * answer gives it back */
};

uint64_t synpkt_siphash(const uint8_t key[16], const void *data, size_t len);
uint64_t synpkt_cookie(const uint8_t key[16], int family,
	    const uint8_t *addr, uint16_t rport, uint16_t lport, int kind);
uint16_t synpkt_sum(const void *data, size_t len, uint32_t sum);
void	synpkt_syn(uint8_t out[SYNPKT_TCP_LEN], uint16_t lport,
	    uint16_t rport, uint32_t seq, const uint8_t *src4,
	    const uint8_t *dst4);
void	synpkt_ack(uint8_t out[SYNPKT_ACK_LEN], uint16_t lport,
	    uint16_t rport, uint32_t cookie, const uint8_t *src4,
	    const uint8_t *dst4);
void	synpkt_echo(uint8_t out[SYNPKT_ECHO_LEN], int family, uint16_t id,
	    uint32_t cookie);
void	synpkt_tstamp(uint8_t out[SYNPKT_TSTAMP_LEN], uint16_t id,
	    uint32_t cookie);
int	synpkt_parse(int in, const uint8_t *p, size_t len,
	    const uint8_t *from6, struct synpkt_ans *a);

#endif /* SYNPKT_H */
