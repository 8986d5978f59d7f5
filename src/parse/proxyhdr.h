/*
 * proxyhdr.h: the PROXY protocol header of haproxy, versions 1 (a text
 * line) and 2 (binary), as doc/proxy-protocol.txt of haproxy specifies
 * them, pure (no I/O): a header read, and one built.  A proxy sends it
 * first on a connection it makes for a client, naming that client and
 * the address the client reached; net/proxyhdr_io.c moves the bytes.
 *
 * proxyhdr_parse takes all the bytes received so far, buf[0..len), and
 * tells the version from the first byte ("PROXY " or v2's 12-byte
 * signature); it returns
 *	> 0	the header is complete and is that many bytes: what follows
 *		is the client's, never part of it;
 *	0	incomplete: every byte so far belongs to the header, or the
 *		header will prove malformed, so a reader may take them all
 *		and must read on (a v1 line ends at its CRLF; a v2 header
 *		is 16 bytes and the length they give);
 *	-1	malformed: err (SK_ERRLEN) says why, printable.
 * The answer for a longer input never contradicts the one for its
 * prefix, and a malformation is reported as soon as its deciding byte is
 * in, but for a v1 line's fields, read once its CRLF is (as the
 * specification asks).
 *
 * What is refused, as the specification says: a v1 line without its
 * CRLF within 107 bytes, a CR or LF alone, a protocol but TCP4, TCP6 or
 * UNKNOWN, an address not in its family's canonical form (IPv4 dotted
 * decimal without leading zeros; IPv6 in hexadecimal groups, one "::"
 * at most, no dotted tail), a port with a leading zero or over 65535,
 * fields not parted by exactly one space; a v2 version but 2, a command
 * but LOCAL or PROXY, an address family over 3 or a protocol over 2, an
 * address block shorter than its family needs, TLVs that do not fill
 * the rest exactly (each a type, a 16-bit length and that many bytes).
 * A header longer than PROXYHDR_MAX is refused too (the specification
 * sets no limit but 64 KiB; nginx takes less).
 *
 * Where the header names no client (v1 UNKNOWN, v2 LOCAL, or a family
 * or transport other than TCP over IPv4 or IPv6: UNIX, UDP, UNSPEC), the
 * connection keeps its own addresses (local set), as the specification
 * asks of a receiver that does not serve those.  TLVs are skipped.
 *
 * proxyhdr_build writes a header for a connection from src to dst (as
 * getpeername and getsockname give them) into out, at least
 * PROXYHDR_BUILD_MAX bytes, and returns its length.  IPv4 and IPv6 are
 * TCP4 and TCP6 (v2: TCP over AF_INET, AF_INET6); an IPv4-mapped IPv6
 * address pair (an IPv4 client of a dual-stack socket) is sent as the
 * IPv4 it is: the header carries the family of the connection, and the
 * wire was IPv4.  UNIX sockets are v1 UNKNOWN (version 1 has no name for
 * them) and v2 PROXY over AF_UNIX with both paths (108 bytes each): the
 * connection was relayed, so LOCAL (the proxy's own connection, a health
 * check) would say what is not so.  Anything else (mixed families) is
 * v1 UNKNOWN, v2 PROXY over AF_UNSPEC.
 */
#ifndef PROXYHDR_H
#define PROXYHDR_H

#include <sys/types.h>
#include <sys/socket.h>

#include <stddef.h>

#define PROXYHDR_V1_MAX		107	/* a v1 line, its CRLF included */
#define PROXYHDR_V2_HEAD	16	/* v2's fixed part */
#define PROXYHDR_MAX		4096	/* the longest header taken */
#define PROXYHDR_BUILD_MAX	(PROXYHDR_V2_HEAD + 216)

struct proxyhdr {
	int		 version;	/* 1 or 2 */
	int		 local;		/* keep the connection's addresses */
	const char	*kind;		/* "TCP4", "TCP6", "UNKNOWN", "LOCAL",
					 * "UNIX", "UDP4", "UDP6", "UNSPEC" */
	struct sockaddr_storage src, dst;	/* AF_INET or AF_INET6 with
					 * ports; unset when local */
	socklen_t	 srclen, dstlen;
	size_t		 tlvlen;	/* v2: the TLV bytes skipped */
};

int	proxyhdr_parse(const unsigned char *buf, size_t len,
	    struct proxyhdr *h, char *err);
size_t	proxyhdr_build(unsigned char *out, int version,
	    const struct sockaddr *src, socklen_t srclen,
	    const struct sockaddr *dst, socklen_t dstlen);

#endif /* PROXYHDR_H */
