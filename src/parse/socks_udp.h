/*
 * socks_udp.h: the header RFC 1928 section 7 puts before every datagram
 * relayed by a SOCKS5 UDP ASSOCIATE, pure (no I/O), for the server
 * (proxy/) and the clients alike:
 *
 *	RSV (2 bytes, 0)  FRAG  ATYP  DST.ADDR  DST.PORT  DATA
 *
 * ATYP 1 is 4 bytes of IPv4, 4 is 16 of IPv6, 3 a length byte and a
 * name.  The header is at most SOCKS5_UDP_HDR_MAX bytes, 10 for IPv4
 * and 22 for IPv6.
 */
#ifndef SOCKS_UDP_H
#define SOCKS_UDP_H

#include <sys/types.h>
#include <sys/socket.h>

#include <stddef.h>

#define SOCKS5_ATYP_IPV4	1
#define SOCKS5_ATYP_NAME	3
#define SOCKS5_ATYP_IPV6	4

#define SOCKS5_UDP_HDR_MAX	(4 + 1 + 255 + 2)
#define SOCKS5_UDP_HDR_V4	10
#define SOCKS5_UDP_HDR_V6	22

/* One header: where the datagram goes (client to proxy) or came from. */
struct socks5_udp {
	int		frag;		/* 0 whole, else a fragment */
	int		atyp;		/* SOCKS5_ATYP_* */
	unsigned char	addr[16];	/* IPv4 (4 bytes) or IPv6 (16) */
	char		name[256];	/* ATYP 3: the name, NUL-terminated */
	int		port;		/* 0-65535 */
};

/*
 * socks5_udp_encode: the header for h, then dlen bytes of data (moved,
 * so data may already lie anywhere in buf; NULL with dlen 0 for none),
 * into buf[0..cap).  Returns the length written, or -1 with err
 * (SK_ERRLEN) filled: no room, a name empty or over 255 bytes, an
 * unknown address type, FRAG or port out of range.
 */
long	socks5_udp_encode(const struct socks5_udp *h, const void *data,
	    size_t dlen, unsigned char *buf, size_t cap, char *err);

/*
 * socks5_udp_decode: the header at the start of a whole datagram
 * buf[0..len) into h.  Returns the header's length (the data is the
 * len - that bytes after it, none too), or -1 with err filled when the
 * datagram is shorter than its header says, RSV is not 0, ATYP is
 * unknown, or a name is empty or holds a byte no host name has (as in
 * socks5_request_parse).  A fragment decodes (h->frag not 0): dropping
 * it is the caller's choice.
 */
long	socks5_udp_decode(const unsigned char *buf, size_t len,
	    struct socks5_udp *h, char *err);

/*
 * socks5_udp_hdr_sa: the header (FRAG 0) naming an AF_INET or AF_INET6
 * socket address into buf (SOCKS5_UDP_HDR_V6 bytes at least); an IPv4
 * address mapped into IPv6 goes as IPv4.  Returns its length, 0 for
 * another family.  The server's hot path: a reply's source.
 */
size_t	socks5_udp_hdr_sa(const struct sockaddr *sa, unsigned char *buf);

/*
 * socks5_udp_to_sa: an address header (ATYP 1 or 4) as a socket
 * address of its family; returns its length, 0 for a name.
 */
socklen_t socks5_udp_to_sa(const struct socks5_udp *h,
	    struct sockaddr_storage *ss);

/* socks5_name_byte: a byte a host name may hold (letters, digits, -._:) */
int	socks5_name_byte(unsigned char c);

#endif /* SOCKS_UDP_H */
