/*
 * udpprobe.h: the datagrams a UDP scan sends, built without I/O.
 *
 * An empty datagram tells a service nothing, and most services answer
 * nothing back: the scan then cannot tell an open port from a filtered
 * one.  A request the service understands makes it answer.  Each builder
 * writes one request, from its RFC, into buf (len bytes) and returns its
 * length, or -1 when an argument is malformed or buf is too small (errno
 * is left alone: these are pure).
 *
 * udpprobe_dns: a DNS query (RFC 1035 4.1) with id, for name (dotted,
 *	"." or "" the root; labels of 1-63 bytes, 255 bytes encoded at
 *	most), qtype and qclass, recursion desired if rd.
 * udpprobe_ntp: an NTP version 4 client request (RFC 5905 7.3, mode 3),
 *	48 bytes, xmt as the transmit timestamp the server echoes.
 * udpprobe_snmp_get: an SNMP get-request (RFC 1157 for version 0, v1;
 *	RFC 1901/3416 for version 1, v2c) with community (clen bytes, any),
 *	request-id reqid, for the OID written dotted ("1.3.6.1.2.1.1.1.0":
 *	two arcs at least, 128 at most, the first 0-2, the second below 40
 *	unless the first is 2), in BER (X.690).
 * udpprobe_for_port: what the scan sends to port: the DNS query ". IN
 *	NS" (no recursion) for 53, an NTP request for 123, an SNMPv2c
 *	get-request of sysDescr.0 with community "public" for 161, an empty
 *	datagram (0) elsewhere.  seed makes the ids and the timestamp.
 */
#ifndef UDPPROBE_H
#define UDPPROBE_H

#include <stddef.h>
#include <stdint.h>

#define UDPPROBE_MAX	512	/* room for any udpprobe_for_port datagram */

#define UDPPROBE_DNS_NS		2	/* RFC 1035 3.2.2 TYPE NS */
#define UDPPROBE_DNS_TXT	16	/* TYPE TXT */
#define UDPPROBE_DNS_IN		1	/* 3.2.4 CLASS IN */
#define UDPPROBE_DNS_CH		3	/* CLASS CH (Chaos) */

int	udpprobe_dns(uint16_t id, const char *name, unsigned int qtype,
	    unsigned int qclass, int rd, unsigned char *buf, size_t len);
int	udpprobe_ntp(uint64_t xmt, unsigned char *buf, size_t len);
int	udpprobe_snmp_get(int version, const char *community, size_t clen,
	    int32_t reqid, const char *oid, unsigned char *buf, size_t len);
int	udpprobe_for_port(unsigned int port, uint64_t seed, unsigned char *buf,
	    size_t len);

#endif /* UDPPROBE_H */
